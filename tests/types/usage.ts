// Compiled by tests/browser/package.test.mjs against the packed npm package: the element's
// types describe its attributes, properties and events. Each @ts-expect-error must stay an
// error (tsc fails on an unused one), so the types cannot silently loosen.
import { SeedsViewerElement, type SeedsLoadedDetail, type SeedsViewerAttributes } from 'seeds-viewer';

const viewer = document.querySelector('seeds-viewer');
if (viewer) {
  const typed: SeedsViewerElement = viewer;
  typed.src = 'seeds/index.json';
  typed.query = 'sleep';
  typed.theme = 'dark';
  // @ts-expect-error: only light, dark or auto
  typed.theme = 'sepia';
  typed.addEventListener('seeds-loaded', (event) => {
    const detail: SeedsLoadedDetail = event.detail;
    const lines: number[] = detail.diagnostics.map((d) => d.line);
    const retryable = detail.diagnostics.filter((d) => d.code === 'timeout' || d.code === 'http');
    // @ts-expect-error: codes are a closed list
    const unknown = detail.diagnostics.filter((d) => d.code === 'timed-out');
    console.log(detail.seeds, lines, retryable, unknown);
  });
  typed.addEventListener('seeds-search', (event) => {
    const count: number = event.detail.count;
    // @ts-expect-error: the search detail has no seeds field
    console.log(count, event.detail.seeds);
  });
  void typed.stats().then((stats) => [stats.wasmMemoryBytes.toFixed(0), stats.load?.parseMs ?? 0]);
}

const created = document.createElement('seeds-viewer');
const query: string = created.query;
const attributes: SeedsViewerAttributes = { src: 'seeds/index.json', theme: 'auto', history: true };
console.log(query, attributes);
