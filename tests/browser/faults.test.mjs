// Network faults and limits: a missing or malformed manifest, seeds that return 404 or 500,
// one that is too slow, a connection that drops mid-body, entries pointing outside the
// manifest's folder or to another origin (refused, never fetched), a seed over max-seed-bytes,
// more seeds than max-seeds. Each becomes a diagnostic naming its entry, the others load, and
// Retry refetches the ones that failed. Also: removing the element ends its Worker.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import sirv from 'sirv';
import { ROOT, STRICT_CSP, launch, newPage, recordViolations, viewerViolations } from './harness.mjs';

const REAL = ['000_770b74edc0885b39.txt', '001_8ad0c89a53f0c992.txt'];
const PAGE = (attrs) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>faults</title>
<script type="module" src="/seeds-viewer.js"></script></head><body>
<seeds-viewer id="main" src="/seeds/index.json" fetch-timeout="1500" max-seed-bytes="100000" ${attrs}></seeds-viewer>
<seeds-viewer id="bad" src="/seeds/bad.json"></seeds-viewer>
<seeds-viewer id="gone" src="/seeds/gone.json"></seeds-viewer>
<seeds-viewer id="few" src="/seeds/index.json" max-seeds="1" fetch-timeout="1500"></seeds-viewer>
</body></html>`;

let browser;
let server;
let origin;
const requests = [];
let flakyCalls = 0;
/** A pack of 30 seeds written by `cargo xtask pack`, sent in two parts: the second on release. */
let halting = null;
let releaseHalting = () => {};
const stalled = [];
let stalledClosed = 0;
let csp = STRICT_CSP;

before(async () => {
  browser = await launch();
  const dir = mkdtempSync(path.join(tmpdir(), 'halting-'));
  const seed = readFileSync(path.join(ROOT, 'seeds', REAL[0]));
  for (let i = 0; i < 30; i++) writeFileSync(path.join(dir, `s${String(i).padStart(2, '0')}.txt`), seed);
  execFileSync(process.env.SEEDS_VIEWER_XTASK, ['pack', dir], { stdio: 'ignore' });
  halting = {
    names: JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')).seeds,
    pack: readFileSync(path.join(dir, 'index.pack')),
  };
  const www = sirv(path.join(ROOT, 'www'), { dev: true });
  server = http.createServer((req, res) => {
    requests.push(req.url);
    res.setHeader('Content-Security-Policy', csp);
    const url = new URL(req.url, 'http://x');
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    switch (url.pathname) {
      case '/faults.html': return send(200, PAGE(url.searchParams.get('attrs') ?? ''), 'text/html');
      case '/seeds/index.json': return send(200, JSON.stringify({
        seeds: [...REAL, 'missing.txt', 'flaky.txt', 'slow.txt', 'drop.txt', 'huge.txt', '../outside.txt', 'http://127.0.0.2/x.txt'],
      }), 'application/json');
      case '/seeds/bad.json': return send(200, '{"seeds": [', 'application/json');
      case '/seeds/stalled.json': return send(200, JSON.stringify({ seeds: [...REAL], pack: 'stalled.pack' }), 'application/json');
      case '/seeds/halting.json': return send(200, JSON.stringify({ seeds: halting.names, pack: 'halting.pack' }), 'application/json');
      case '/seeds/halting.pack': {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        const cut = Math.floor(halting.pack.length * 0.8);
        res.write(halting.pack.subarray(0, cut));
        new Promise((resolve) => { releaseHalting = resolve; }).then(() => res.end(halting.pack.subarray(cut)));
        return undefined;
      }
      case '/seeds/stalled.pack':
        // A pack that starts and never ends: only an abort ends its request.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.write('SVPACK1\n');
        stalled.push(res);
        res.on('close', () => { stalledClosed += 1; });
        return undefined;
      case '/seeds/flaky.txt':
        flakyCalls += 1;
        return flakyCalls === 1 ? send(500, 'oops') : send(200, 'Flaky summary about quokkas.\nIntro.\n- One\nOne\nText.\nEnd.');
      case '/seeds/slow.txt':
        setTimeout(() => send(200, 'Too late.'), 5000);
        return undefined;
      case '/seeds/drop.txt':
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '5000' });
        res.write('A start of a seed that never ends');
        setTimeout(() => res.socket.destroy(), 50);
        return undefined;
      case '/seeds/huge.txt': return send(200, 'x '.repeat(100_000));
      case '/outside.txt': return send(200, 'must never be fetched');
      default:
        if (url.pathname.startsWith('/seeds/') && REAL.includes(url.pathname.slice(7))) {
          return send(200, readFileSync(path.join(ROOT, 'seeds', url.pathname.slice(7))));
        }
        if (url.pathname.startsWith('/seeds/')) return send(404, 'not found');
        return www(req, res, () => send(404, 'not found'));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await browser?.close();
  server?.close();
});

const diagnosticsOf = (page, id) => page.locator(`#${id} [part~=diagnostic]`).allTextContents();

test('every fault becomes a diagnostic naming its entry; the good seeds load; Retry refetches the failures', async () => {
  const page = await newPage(browser, origin);
  await recordViolations(page);
  await page.goto(`${origin}/faults.html`);
  for (const id of ['main', 'bad', 'gone', 'few']) await page.locator(`#${id}[loaded]`).waitFor({ timeout: 20_000 });

  const main = await diagnosticsOf(page, 'main');
  const expect = {
    'missing.txt': /HTTP 404/, 'flaky.txt': /HTTP 500/, 'slow.txt': /no answer within 1\.5 s/,
    'drop.txt': /could not fetch/, 'huge.txt': /max-seed-bytes/, '../outside.txt': /refused/,
    'http://127.0.0.2/x.txt': /refused/,
  };
  for (const [file, reason] of Object.entries(expect)) {
    const line = main.find((d) => d.startsWith(`${file} `));
    assert.ok(line, `a diagnostic names ${file}: ${main.join(' | ')}`);
    assert.match(line, reason);
  }
  assert.equal(main.length, Object.keys(expect).length);
  assert.deepEqual(await page.locator('#main [part~=item]').evaluateAll((items) => items.map((i) => i.dataset.seed)), REAL);
  assert.ok(!requests.includes('/outside.txt'), 'the entry outside the folder was never fetched');
  assert.deepEqual(page.problems.offOrigin, [], 'the other-origin entry was never fetched');

  assert.match((await diagnosticsOf(page, 'bad'))[0], /not valid JSON/);
  assert.match((await diagnosticsOf(page, 'gone'))[0], /HTTP 404/);
  assert.match((await diagnosticsOf(page, 'few')).join(' '), /only the first 1 are loaded/);
  assert.equal(await page.locator('#few [part~=item]').count(), 1);

  // Retry: the 404, the 500, the timeout and the dropped connection are fetched again (not the
  // refused or too large ones); flaky now answers.
  const retry = page.locator('#main [part~=retry]');
  assert.equal(await retry.textContent(), 'Retry the 4 seeds that failed');
  const before = requests.length;
  await page.evaluate(() => document.querySelector('#main').removeAttribute('loaded'));
  await retry.click();
  await page.locator('#main[loaded]').waitFor({ timeout: 20_000 });
  const retried = requests.slice(before);
  assert.deepEqual(retried.filter((u) => u.startsWith('/seeds/')).sort(), ['/seeds/drop.txt', '/seeds/flaky.txt', '/seeds/missing.txt', '/seeds/slow.txt']);
  const after = await diagnosticsOf(page, 'main');
  assert.ok(!after.some((d) => d.startsWith('flaky.txt ')), `flaky.txt loaded on retry: ${after.join(' | ')}`);
  assert.equal(await page.locator('#main [part~=item][data-seed="flaky.txt"]').count(), 1);
  assert.equal(await retry.textContent(), 'Retry the 3 seeds that failed');
  assert.deepEqual(await viewerViolations(page), []);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('under a CSP that also requires Trusted Types, the viewer runs with no violation and its Worker starts', async () => {
  csp = `${STRICT_CSP}; worker-src 'self'; require-trusted-types-for 'script'`;
  try {
    const page = await newPage(browser, origin);
    await recordViolations(page);
    await page.goto(`${origin}/faults.html`);
    await page.locator('#main[loaded]').waitFor({ timeout: 20_000 });
    const listed = await page.locator('#main [part~=item]').evaluateAll((items) => items.map((i) => i.dataset.seed));
    assert.deepEqual(listed.filter((n) => REAL.includes(n)), REAL);
    await page.locator('#main [part~=search]').fill('kratom');
    await page.locator('#main [part~=item] button.open').first().click();
    await page.locator('#main [part~=article]').waitFor();
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.ok(page.workers().length >= 1, 'the engine runs in a Worker');
    assert.deepEqual(page.problems.errors, []);
    await page.context().close();
  } finally {
    csp = STRICT_CSP;
  }
});

test('seeds are listed while the pack still streams; the count follows and Show more lists what has arrived', async () => {
  const page = await newPage(browser, origin);
  await page.goto(`${origin}/faults.html`);
  await page.locator('#bad[loaded]').waitFor({ timeout: 20_000 });
  await page.evaluate(() => { document.querySelector('#bad').src = '/seeds/halting.json'; });
  const viewer = page.locator('#bad');
  // Most of the pack is in, the rest held back: the first page is listed, and the count says
  // how many arrived, before the load ends.
  await page.waitForFunction(() => /^2\d seeds$/.test(document.querySelector('#bad').shadowRoot.querySelector('[part~=count]').textContent), null, { timeout: 20_000 });
  assert.equal(await viewer.getAttribute('loaded'), null, 'still loading');
  assert.equal(await page.locator('#bad [part~=item]').count(), 20);
  const arrived = Number((await page.locator('#bad [part~=count]').textContent()).split(' ')[0]);
  await page.locator('#bad [part~=more]').click();
  await page.waitForFunction((n) => document.querySelector('#bad').shadowRoot.querySelectorAll('[part~=item]').length >= n, arrived);
  assert.equal(await viewer.getAttribute('loaded'), null, 'still loading');
  releaseHalting();
  await page.locator('#bad[loaded]').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#bad [part~=count]').textContent(), '30 seeds');
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('changing src aborts the load under way: its pack request is cancelled, the new corpus loads', async () => {
  const page = await newPage(browser, origin);
  await page.goto(`${origin}/faults.html`);
  await page.locator('#few[loaded]').waitFor({ timeout: 20_000 });
  const aborted = [];
  page.context().on('requestfailed', (r) => aborted.push(new URL(r.url()).pathname));
  await page.evaluate(() => { document.querySelector('#few').src = '/seeds/stalled.json'; });
  for (let i = 0; i < 100 && stalled.length === 0; i++) await page.waitForTimeout(50);
  assert.equal(stalled.length, 1, 'the stalled pack was requested');
  await page.evaluate(() => { document.querySelector('#few').src = '/seeds/index.json'; });
  await page.locator('#few[loaded]').waitFor({ timeout: 20_000 });
  for (let i = 0; i < 100 && stalledClosed === 0; i++) await page.waitForTimeout(50);
  assert.equal(stalledClosed, 1, 'the browser closed the stalled pack\'s connection');
  assert.ok(aborted.includes('/seeds/stalled.pack'), `the pack request failed as aborted: ${aborted}`);
  assert.equal(await page.locator('#few [part~=item]').count(), 1);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('removing the element ends its Worker; adding it again starts a new one', async () => {
  const page = await newPage(browser, origin);
  await page.goto(`${origin}/faults.html`);
  await page.locator('#main[loaded]').waitFor({ timeout: 20_000 });
  await page.locator('#few[loaded]').waitFor({ timeout: 20_000 });
  const count = () => page.workers().length;
  const workers = async (n) => {
    for (let i = 0; i < 100 && count() !== n; i++) await page.waitForTimeout(100);
    assert.equal(count(), n);
  };
  await workers(4);
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => {
      window.__kept = document.querySelector('#bad');
      window.__kept.remove();
    });
    await workers(3); // its Worker is gone
    await page.evaluate(() => {
      window.__kept.removeAttribute('loaded');
      document.body.append(window.__kept);
    });
    await page.waitForFunction(() => window.__kept.hasAttribute('loaded'));
    await workers(4);
  }
  // Moving an element (removed and added in the same task) keeps its engine.
  await page.evaluate(() => document.body.prepend(document.querySelector('#main')));
  await page.waitForTimeout(300);
  assert.equal(count(), 4);
  assert.ok(await page.locator('#main [part~=item]').count() >= 2);
  await page.context().close();
});
