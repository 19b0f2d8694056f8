// Huge and pathological seeds: a 5 MB plain seed and markdown built to blow up parsers load
// beside the real seeds; every seed is listed; the page keeps answering while they load and
// open; the huge article arrives whole (mounted a slice at a time). Timing is the bench's job
// (longest main-thread task); here only what cannot flake is asserted.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, launch, newPage, serve, corpus, listed } from './harness.mjs';

/** A plain seed of about `mb` MB in the real format: 400 sections of the real seeds' paragraphs. */
function hugeSeed(mb) {
  const paragraphs = readdirSync(path.join(ROOT, 'seeds')).filter((n) => n.endsWith('.txt'))
    .flatMap((n) => readFileSync(path.join(ROOT, 'seeds', n), 'utf8').split('\n').filter((l) => l.length > 80));
  const titles = Array.from({ length: 400 }, (_, i) => `Part ${i + 1} of the huge seed`);
  const lines = ['A huge seed, for load and render tests.', 'Its introduction.', ...titles.map((t) => `- ${t}`)];
  let bytes = 0;
  const perSection = Math.ceil((mb * 1e6) / 400 / 600);
  for (const [i, title] of titles.entries()) {
    lines.push(title);
    for (let p = 0; p < perSection; p++) {
      const line = paragraphs[(i * 7 + p) % paragraphs.length];
      lines.push(line);
      bytes += line.length;
    }
  }
  return `${lines.join('\n')}\n`;
}

const PATHOLOGICAL = [
  `${'>'.repeat(10_000)} deep quote`,
  `${'['.repeat(10_000)}a${']'.repeat(10_000)}`,
  '*a **b '.repeat(20_000),
  `${'|a'.repeat(500)}|\n${'|-'.repeat(500)}|\n${'|b'.repeat(500)}|`,
  `[r]: /x\n\n${'[r][r]'.repeat(20_000)}`,
  Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i % 300)}- nested item`).join('\n'),
].join('\n\n');

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve(corpus({ 'huge.txt': hugeSeed(5), 'pathological.md': `# Pathological\n\n${PATHOLOGICAL}\n` }));
});
after(async () => {
  server?.stop();
  await browser?.close();
});

test('a 5 MB seed and parser-bomb markdown load beside the good seeds; the page answers throughout', async () => {
  const page = await newPage(browser, server.url);
  await page.goto(server.url);
  // The page answers while the seeds load (the engine is off the main thread).
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await page.locator('seeds-viewer[loaded]').waitFor({ timeout: 120_000 });
  const names = await listed(page);
  for (const name of ['000_770b74edc0885b39.txt', '001_8ad0c89a53f0c992.txt', '002_cb0fd8965597060f.txt', '003_5479fcd4f3c7b033.txt', 'huge.txt', 'pathological.md']) {
    assert.ok(names.includes(name), `${name} is listed`);
  }
  // Open the huge seed: the page keeps answering while its slices land, and all 400 sections do.
  await page.locator('[part~=item][data-seed="huge.txt"] button.open').click();
  assert.equal(await page.evaluate(() => document.title), 'Seeds');
  await page.locator('[part~=article] #sv-s400').waitFor({ state: 'attached', timeout: 60_000 });
  assert.equal(await page.locator('[part~=article] section[part~=section]').count(), 400);
  // Search still works with it open.
  await page.locator('[part~=search]').fill('melatonin');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=count]').textContent.includes('of'));
  // The parser bomb opens too, its text kept.
  await page.locator('[part~=search]').fill('');
  await page.locator('[part~=item][data-seed="pathological.md"] button.open').click();
  await page.locator('[part~=article][data-seed="pathological.md"]').waitFor({ timeout: 60_000 });
  assert.equal(await page.evaluate(() => 1 + 1), 2, 'the page answers while the bomb mounts');
  await page.waitForFunction(() => /deep quote/.test(document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]').textContent), null, { timeout: 60_000 });
  await page.context().close();
});

test('a long article mounted a slice per frame keeps its links, its matches and its print whole', async () => {
  const page = await newPage(browser, server.url);
  await page.goto(server.url);
  await page.locator('seeds-viewer[loaded]').waitFor({ timeout: 120_000 });
  const root = (f, arg) => page.locator('seeds-viewer').evaluate(f, arg);
  // A table-of-contents link to a section not mounted yet mounts the rest and jumps there.
  await page.locator('[part~=item][data-seed="huge.txt"] button.open').click();
  await page.locator('[part~=article][data-seed="huge.txt"] [part~=toc]').waitFor();
  const early = await root((v) => v.shadowRoot.querySelectorAll('[part~=article] section[part~=section]').length);
  assert.ok(early < 400, `the article arrives in slices (${early} of 400 sections in the first)`);
  await page.locator('[part~=toc] a[href="#sv-s399"]').click();
  assert.equal(await root((v) => Boolean(v.shadowRoot.getElementById('sv-s399'))), true, 'the link mounted its section');
  await page.waitForFunction(() => {
    const r = document.querySelector('seeds-viewer').shadowRoot;
    const s = r.getElementById('sv-s399').getBoundingClientRect();
    const reader = r.querySelector('[part~=reader]').getBoundingClientRect();
    return s.top >= reader.top - 2 && s.top < reader.bottom;
  });
  // Typing highlights across the whole article; "n of m" steps to matches past the first slice.
  await page.locator('[part~=search]').fill('kratom');
  await page.waitForFunction(() => /^[1-9]\d* matches$/.test(document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=match-count]').textContent), null, { timeout: 60_000 });
  const matches = Number((await page.locator('[part~=match-count]').textContent()).split(' ')[0]);
  assert.ok(matches > 100, `${matches} matches over the whole article`);
  await page.locator('[part~=match-next]').click();
  assert.match(await page.locator('[part~=match-count]').textContent(), new RegExp(`^1 of ${matches}$`));
  await page.locator('[part~=match-prev]').click();
  assert.match(await page.locator('[part~=match-count]').textContent(), new RegExp(`^${matches} of ${matches}$`), 'previous from the first is the last');
  // Printing mounts the whole article first, even one still arriving.
  await page.locator('[part~=search]').fill('');
  await page.locator('[part~=item][data-seed="000_770b74edc0885b39.txt"] button.open').click();
  await page.locator('[part~=item][data-seed="huge.txt"] button.open').click();
  await page.locator('[part~=article][data-seed="huge.txt"]').waitFor();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await root((v) => v.shadowRoot.querySelectorAll('[part~=article] section[part~=section]').length), 400, 'all 400 sections before printing');
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});
