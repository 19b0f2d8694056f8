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
  assert.match(await page.locator('[part~=article]').textContent(), /deep quote/);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});
