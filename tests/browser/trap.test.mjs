// The wasm never dies on input, but if an instance ever traps, only that viewer notices: its
// engine is started again from the module, a diagnostic says so, the seed that killed it is
// skipped (Rust records in wasm memory which seed it is parsing), a query that killed it is not sent
// again, and its other seeds, its search and the other viewers on the page keep working.
// Uses the test-only `test-trap` build (`cargo xtask build --test-trap`, target/trap-pkg/), in
// which a seed or query starting with `__trap__` panics.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, STRICT_CSP, launch, newPage, serveStatic, copySeeds } from './harness.mjs';

const TRAP_PKG = path.join(ROOT, 'target/trap-pkg');
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>trap</title>
<script type="module" src="seeds-viewer.js"></script></head><body>
<seeds-viewer id="a" src="seeds/index.json"></seeds-viewer>
<seeds-viewer id="b" src="clean/index.json"></seeds-viewer>
</body></html>`;

let browser;
let siteDir;
before(async () => {
  assert.ok(existsSync(TRAP_PKG), 'target/trap-pkg is missing: run cargo xtask build --test-trap');
  browser = await launch();
  const dir = mkdtempSync(path.join(tmpdir(), 'trap-'));
  for (const name of ['seeds-viewer.js', 'seeds-viewer-worker.js', 'seeds-viewer.css']) {
    cpSync(path.join(ROOT, 'www', name), path.join(dir, name));
  }
  cpSync(TRAP_PKG, path.join(dir, 'pkg'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), PAGE);
  copySeeds(path.join(dir, 'clean'));
  copySeeds(path.join(dir, 'seeds'));
  writeFileSync(path.join(dir, 'seeds/002_trap.txt'), '__trap__ this seed stands for one that hits a bug.\nIntro.\n- A\nA\nText.\nEnd.');
  const names = ['000_770b74edc0885b39.txt', '001_8ad0c89a53f0c992.txt', '002_trap.txt', '002_cb0fd8965597060f.txt', '003_5479fcd4f3c7b033.txt'];
  writeFileSync(path.join(dir, 'seeds/index.json'), JSON.stringify({ seeds: names }));
  siteDir = dir;
});
after(async () => {
  await browser?.close();
});

const items = (page, id) => page.locator(`#${id} [part~=item]`).evaluateAll((list) => list.map((i) => i.dataset.seed));
const diagnostics = (page, id) => page.locator(`#${id} [part~=diagnostic]`).allTextContents();

for (const workers of [true, false]) {
  test(`a trapped instance is replaced; the culprit is skipped; the rest works (${workers ? 'Worker' : 'in-page engine'})`, async () => {
    const csp = `${STRICT_CSP}; worker-src ${workers ? "'self'" : "'none'"}`;
    const server = await serveStatic(siteDir, { csp });
    try {
      const page = await newPage(browser, server.url);
      await page.goto(server.url);
      await page.locator('#a[loaded]').waitFor({ timeout: 60_000 });
      await page.locator('#b[loaded]').waitFor({ timeout: 30_000 });
      assert.equal(page.workers().length, workers ? 2 : 0);

      // Loading: the trap seed killed the engine; its batch was read seed by seed; only it is skipped.
      assert.deepEqual(await items(page, 'a'), ['000_770b74edc0885b39.txt', '001_8ad0c89a53f0c992.txt', '002_cb0fd8965597060f.txt', '003_5479fcd4f3c7b033.txt']);
      const found = await diagnostics(page, 'a');
      assert.ok(found.some((d) => /the viewer stopped \(RuntimeError: unreachable.*\) and was restarted/.test(d)), found.join(' | '));
      assert.ok(found.some((d) => d.startsWith('002_trap.txt') && /skipped: reading this seed stopped the viewer/.test(d)), found.join(' | '));
      assert.equal((await items(page, 'b')).length, 4);
      assert.deepEqual(await diagnostics(page, 'b'), []);

      // Searching: a query that kills the engine restarts it and is not sent again.
      await page.locator('#a [part~=search]').fill('__trap__');
      await page.waitForFunction(() => {
        const d = document.querySelector('#a').shadowRoot.querySelectorAll('[part~=diagnostic]');
        return [...d].some((x) => x.textContent.includes('restarted')) && document.querySelector('#a').hasAttribute('loaded');
      }, null, { timeout: 60_000 });
      await page.locator('#a [part~=search]').fill('melatonin');
      await page.waitForFunction(() => document.querySelector('#a').shadowRoot.querySelectorAll('[part~=item]').length === 1, null, { timeout: 20_000 });
      assert.deepEqual(await items(page, 'a'), ['003_5479fcd4f3c7b033.txt']);
      await page.locator('#a [part~=item] button.open').click();
      await page.locator('#a [part~=article] mark').first().waitFor();
      // The other viewer never noticed.
      await page.locator('#b [part~=search]').fill('kratom');
      await page.waitForFunction(() => document.querySelector('#b').shadowRoot.querySelector('[part~=count]').textContent.startsWith('4 of 4'));
      assert.deepEqual(await diagnostics(page, 'b'), []);
      assert.deepEqual(page.problems.errors, []);
      await page.context().close();
    } finally {
      await server.stop();
    }
  });
}

// A trap in the markdown module (the second instance, loaded for markdown seeds) ends the
// engine's instance too: the call in progress fails through it, so the engine replaces both,
// and the markdown seed that killed them is skipped while the other markdown seeds render.
test('a trap in the markdown module replaces both instances; its seed is skipped, other markdown renders', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'trap-md-'));
  cpSync(siteDir, dir, { recursive: true });
  const seeds = path.join(dir, 'md');
  copySeeds(seeds);
  writeFileSync(path.join(seeds, 'bad.md'), '__trap_markdown__ a markdown seed that hits a bug.\n');
  writeFileSync(path.join(seeds, 'good.md'), '# Good markdown\n\nWith *emphasis*.\n');
  const names = ['000_770b74edc0885b39.txt', 'bad.md', 'good.md'];
  writeFileSync(path.join(seeds, 'index.json'), JSON.stringify({ seeds: names }));
  writeFileSync(path.join(dir, 'index.html'), PAGE.replace('seeds/index.json', 'md/index.json'));
  const server = await serveStatic(dir, { csp: `${STRICT_CSP}; worker-src 'self'` });
  try {
    const page = await newPage(browser, server.url);
    await page.goto(server.url);
    await page.locator('#a[loaded]').waitFor({ timeout: 60_000 });
    assert.deepEqual(await items(page, 'a'), ['000_770b74edc0885b39.txt', 'good.md']);
    const found = await diagnostics(page, 'a');
    assert.ok(found.some((d) => /the viewer stopped \(Error: the markdown module stopped\) and was restarted/.test(d)), found.join(' | '));
    assert.ok(found.some((d) => d.startsWith('bad.md') && /skipped/.test(d)), found.join(' | '));
    await page.locator('#a [part~=item][data-seed="good.md"] button.open').click();
    assert.equal(await page.locator('#a [part~=article] em').first().textContent(), 'emphasis');
    assert.deepEqual(page.problems.errors, []);
    await page.context().close();
  } finally {
    await server.stop();
  }
});

// A trap inside the pack's stream: Rust parses each seed as its bytes arrive, in a poll that
// the engine's guard runs, so the trap is caught there (never on the host page's `error` or
// `unhandledrejection`), Rust's record names the seed, and the next engine skips it while the
// seeds after it in the pack still load.
for (const workers of [true, false]) {
  test(`a trap in the middle of a streaming pack names its seed; the rest of the pack loads (${workers ? 'Worker' : 'in-page engine'})`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trap-pack-'));
    cpSync(siteDir, dir, { recursive: true });
    const packed = path.join(dir, 'packed');
    copySeeds(packed);
    // Enough seeds after the culprit that the pack arrives in many chunks.
    const filler = readFileSync(path.join(packed, '000_770b74edc0885b39.txt'), 'utf8');
    writeFileSync(path.join(packed, '002_trap.txt'), '__trap__ a seed that hits a bug mid-stream.\nIntro.\n- A\nA\nText.\nEnd.');
    for (let i = 0; i < 60; i++) writeFileSync(path.join(packed, `1${String(i).padStart(3, '0')}_filler.txt`), filler);
    execFileSync(process.env.SEEDS_VIEWER_XTASK, ['pack', packed], { stdio: 'ignore' });
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>trap</title>
<script>window.__hostErrors = []; addEventListener('error', (e) => __hostErrors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => __hostErrors.push(String(e.reason)));</script>
<script type="module" src="seeds-viewer.js"></script></head><body>
<seeds-viewer id="a" src="packed/index.json"></seeds-viewer></body></html>`);
    const csp = `${STRICT_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")}; worker-src ${workers ? "'self'" : "'none'"}`;
    const server = await serveStatic(dir, { csp });
    try {
      const page = await newPage(browser, server.url);
      const requests = [];
      page.context().on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(server.url);
      await page.locator('#a[loaded]').waitFor({ timeout: 60_000 });
      const { seeds } = await page.evaluate(() => document.querySelector('#a').stats());
      assert.equal(seeds, 64, `every seed of the pack but the culprit: ${(await diagnostics(page, 'a')).join(' | ')}`);
      assert.ok(!(await items(page, 'a')).includes('002_trap.txt'));
      const found = await diagnostics(page, 'a');
      assert.ok(found.some((d) => /the viewer stopped \(RuntimeError: unreachable.*\) and was restarted/.test(d)), found.join(' | '));
      assert.ok(found.some((d) => d.startsWith('002_trap.txt') && /skipped: reading this seed stopped the viewer/.test(d)), found.join(' | '));
      assert.equal(found.length, 2, found.join(' | '));
      assert.ok(!requests.some((r) => r.endsWith('_filler.txt')), 'the pack delivered the seeds after the culprit');
      assert.deepEqual(await page.evaluate(() => window.__hostErrors), [], 'nothing reached the host page');
      assert.deepEqual(page.problems.errors, []);
      await page.context().close();
    } finally {
      await server.stop();
    }
  });
}
