// The same scenarios in Chromium, Firefox and WebKit (engines.mjs): load and filter, open a
// seed and its sections, typing and keys, diagnostics, the Worker and the in-page engine, a
// strict CSP with Trusted Types, the single file from disk, two viewers on a host page,
// hostile seeds, axe, forced colours. Each page loads recorder.js first, which records errors,
// rejections, dialogs, CSP violations and a hostile script's marker for the test to read.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, DIST, STRICT_CSP, serveStatic, copyViewer, copySeeds } from './harness.mjs';
import { ENGINES, launchEngine } from './engines.mjs';

const REAL = ['000_770b74edc0885b39.txt', '001_8ad0c89a53f0c992.txt', '002_cb0fd8965597060f.txt', '003_5479fcd4f3c7b033.txt'];
/** Real documentation beside the seeds, so every engine also runs the markdown module. */
const GUIDE = ['guide--creating.md', 'format--summary.md', 'format--markdown.md'];
/** A book chapter whose headings start at `##` (as the Rust book's do), and a real guide page. */
const CHAPTER = `## What Is Ownership?

Ownership is a set of rules that govern how a program manages memory.

### The Stack and the Heap

Both the stack and the heap are parts of memory available to your code at runtime.

#### Pushing and Popping

Adding data is called pushing onto the stack, and removing data is called popping off the stack.

\`\`\`rust
fn main() {
    let s = String::from("hello");
    println!("{s}, stack and heap");
}
\`\`\`

### Ownership Rules

Each value has an owner; there can only be one owner at a time.
`;
/** A word per language of the tldr pages (tests/corpora/tldr), 30 pages of each. */
const LANGUAGE_WORDS = { zh: '显示', ja: '出力', ru: 'вывести', ar: 'عرض' };
const LANGUAGE_PAGES = 30;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TRUSTED_TYPES = `${STRICT_CSP}; worker-src 'self'; require-trusted-types-for 'script'`;
const HOSTILE_DIR = path.join(ROOT, 'tests/hostile');
const HOSTILE = readdirSync(HOSTILE_DIR).filter((n) => /\.(md|txt)$/.test(n) && n !== 'README.md').sort();
/** The globals a hostile vector that ran would define (tests/hostile/README.md). */
const MARKERS = [...new Set(HOSTILE.map((n) => readFileSync(path.join(HOSTILE_DIR, n), 'utf8')).join('\n').match(/__pwned\d+/g))];

const VIEWER = 'seeds-viewer';
const ITEMS = `${VIEWER} >>> [part~=item]`;
const SEARCH = `${VIEWER} >>> [part~=search]`;

/** A page of the test site: the recorder, then one viewer of `src` (attributes `attrs`). */
function hostPage(src, attrs = '', html = 'lang="en"') {
  return `<!doctype html><html ${html}><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Engines</title><script src="/record.js"></script><link rel="stylesheet" href="/seeds-viewer.css">
<body class="seeds-page"><main><h1>Seeds</h1><seeds-viewer src="${src}" ${attrs}></seeds-viewer></main>
<script type="module" src="/seeds-viewer.js"></script></body></html>`;
}

let site;
before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'engines-'));
  copyViewer(dir);
  cpSync(path.join(ROOT, 'tests/browser/recorder.js'), path.join(dir, 'record.js'));
  const manifest = (folder, names) => writeFileSync(path.join(dir, folder, 'index.json'), JSON.stringify({ seeds: names }));
  copySeeds(path.join(dir, 'mix'));
  for (const name of GUIDE) cpSync(path.join(ROOT, 'tests/corpora/mdbook-guide', name), path.join(dir, 'mix', name));
  manifest('mix', [...REAL, ...GUIDE]);
  copySeeds(path.join(dir, 'bad'));
  writeFileSync(path.join(dir, 'bad', 'not-utf8.txt'), Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xff, 0xfe, 0x0a]));
  manifest('bad', [...REAL, 'missing.txt', 'not-utf8.txt']);
  mkdirSync(path.join(dir, 'hostile'));
  for (const name of HOSTILE) cpSync(path.join(HOSTILE_DIR, name), path.join(dir, 'hostile', name));
  manifest('hostile', HOSTILE);
  mkdirSync(path.join(dir, 'book'));
  writeFileSync(path.join(dir, 'book', 'ch04-01-what-is-ownership.md'), CHAPTER);
  cpSync(path.join(ROOT, 'tests/corpora/mdbook-guide/format--configuration--renderers.md'), path.join(dir, 'book', 'renderers.md'));
  manifest('book', ['ch04-01-what-is-ownership.md', 'renderers.md']);
  writeFileSync(path.join(dir, 'book.html'), hostPage('book/index.json'));
  mkdirSync(path.join(dir, 'lang'));
  const languagePages = [];
  for (const lang of Object.keys(LANGUAGE_WORDS)) {
    const from = path.join(ROOT, 'tests/corpora/tldr', lang);
    for (const name of readdirSync(from).sort().slice(0, LANGUAGE_PAGES)) {
      cpSync(path.join(from, name), path.join(dir, 'lang', `${lang}--${name}`));
      languagePages.push(`${lang}--${name}`);
    }
  }
  manifest('lang', languagePages);
  writeFileSync(path.join(dir, 'lang.html'), hostPage('lang/index.json'));
  writeFileSync(path.join(dir, 'rtl.html'), hostPage('lang/index.json', '', 'lang="ar" dir="rtl"'));
  writeFileSync(path.join(dir, 'zh.html'), hostPage('lang/index.json', '', 'lang="zh-CN"'));
  writeFileSync(path.join(dir, 'index.html'), hostPage('mix/index.json', 'history'));
  writeFileSync(path.join(dir, 'no-worker.html'), hostPage('mix/index.json'));
  writeFileSync(path.join(dir, 'bad.html'), hostPage('bad/index.json'));
  writeFileSync(path.join(dir, 'hostile.html'), hostPage('hostile/index.json'));
  // The plain host site (examples/hosts/plain) with its two viewers, the recorder first.
  const host = path.join(dir, 'host');
  cpSync(path.join(ROOT, 'examples/hosts/plain'), host, { recursive: true });
  copyViewer(path.join(host, 'seeds-viewer'));
  copySeeds(path.join(host, 'seeds'));
  const index = path.join(host, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head>\n  <script src="/record.js"></script>'));
  site = await serveStatic(dir, {
    csp: (p) => (p === '/no-worker.html' ? `${STRICT_CSP}; worker-src 'none'` : TRUSTED_TYPES),
  });
});
after(() => site?.stop());

/** Runs `fn` on a new page of `browser`, closing the page however `fn` ends. */
async function using(browser, fn) {
  const page = await browser.newPage();
  try {
    await fn(page);
  } finally {
    await page.close().catch(() => {});
  }
}

/** Waits for the viewer `selector` to have loaded; returns how many items it lists. */
function loaded(page, selector = VIEWER) {
  return page.until((s) => $(s)?.hasAttribute('loaded') && $$(`${s} >>> [part~=item]`).length, [selector],
    { timeout: 30_000, what: `${selector} to load` });
}

/** The listed items' seed names, in order. */
const listed = (page, selector = VIEWER) => page.run((s) => $$(`${s} >>> [part~=item]`).map((li) => li.dataset.seed), selector);

/** Waits until `selector` lists exactly `n` items. */
const listsExactly = (page, n, selector = VIEWER) => page.until((s, k) => $$(`${s} >>> [part~=item]`).length === k, [selector, n],
  { what: `${selector} to list ${n} items` });

/** What the recorder saw, and the CSP violations that name the viewer's files. */
async function problems(page) {
  const { problems: found, violations } = await page.run(() => ({ problems: window.__problems, violations: window.__violations }));
  return { problems: found, violations: violations.filter((v) => /seeds[-_]viewer/.test(`${v.sourceFile} ${v.blockedURI}`)) };
}

/** Opens the listed seed `name` with a click and waits for its article. */
async function openSeed(page, name) {
  const at = (await listed(page)).indexOf(name);
  assert.ok(at >= 0, `${name} is listed`);
  await page.click(`${ITEMS}:nth-child(${at + 1}) button.open`);
  await page.until((n) => $(`seeds-viewer >>> [part~=article]`)?.dataset.seed === n, [name], { what: `${name} to open` });
}

/**
 * (In the page.) The viewer's visible controls smaller than 44 x 44 px (links in the article's
 * text are exempt), as short descriptions.
 */
function smallControls() {
  const root = document.querySelector('seeds-viewer').shadowRoot;
  return [...root.querySelectorAll('button, select, input:not(.facet-value input), summary, .facet-value')]
    .filter((e) => !e.closest('[part~=article]') || e.matches('button'))
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([, b]) => b.width > 0 && b.height > 0 && (b.width < 44 || b.height < 44))
    .map(([e, b]) => `${e.tagName.toLowerCase()}.${e.className || e.getAttribute('part')}: ${Math.round(b.width)} x ${Math.round(b.height)}`);
}

for (const engine of ENGINES) {
  describe(engine, () => {
    let browser;
    before(async () => {
      browser = await launchEngine(engine);
      console.log(`# ${engine}: ${browser.version}`);
    });
    after(() => browser?.close());

    test('loads, filters, opens a seed and its sections, renders markdown, under CSP and Trusted Types', async () => {
      await using(browser, async (page) => {
      await page.goto(`${site.url}index.html`);
      assert.equal(await loaded(page), REAL.length + GUIDE.length);
      assert.deepEqual(await listed(page), [...REAL, ...GUIDE]);
      await page.fill(SEARCH, 'melatonin');
      await listsExactly(page, 1);
      assert.deepEqual(await listed(page), [REAL[3]]);
      await page.fill(SEARCH, '');
      await listsExactly(page, REAL.length + GUIDE.length);

      // A seed's table of contents scrolls its reader to each section.
      await openSeed(page, REAL[0]);
      const sections = await page.run(() => $$('seeds-viewer >>> [part~=toc] a[href^="#sv-s"]').length);
      assert.ok(sections >= 3, `the table of contents lists the sections (${sections})`);
      await page.click(`${VIEWER} >>> [part~=toc] li:nth-child(${sections}) a`);
      await page.until((n) => {
        const reader = $('seeds-viewer >>> [part~=reader]');
        const box = reader.getBoundingClientRect();
        const section = $(`seeds-viewer >>> #sv-s${n}`).getBoundingClientRect();
        // At the top of the reader, or as near as the article's end lets it come.
        const atEnd = reader.scrollTop + reader.clientHeight >= reader.scrollHeight - 2;
        return Math.abs(section.top - box.top) < 40 || (atEnd && section.top >= box.top && section.top < box.bottom);
      }, [sections], { what: 'the last section scrolled to the top' });

      // A markdown chapter comes out of the markdown module as headings, lists and code.
      await openSeed(page, GUIDE[2]);
      const md = await page.run(() => {
        const article = $('seeds-viewer >>> [part~=article]');
        return { title: article.querySelector('.title')?.textContent, code: article.querySelectorAll('pre code').length };
      });
      assert.ok(md.title && md.code > 0, `markdown rendered: ${JSON.stringify(md)}`);
      await page.screenshot(`engine-${engine}-article`);
      assert.equal(await page.run(() => performance.getEntriesByType('resource').some((r) => r.name.includes('seeds-viewer-strings'))),
        false, 'an English page does not fetch the other languages\' words');
      assert.deepEqual(await problems(page), { problems: [], violations: [] });
      // Last (it records a violation of its own): does the page's CSP make a string HTML sink throw?
      const tt = await page.run(() => {
        if (typeof trustedTypes === 'undefined') return 'absent';
        try {
          document.createElement('div').innerHTML = '<b>x</b>';
          return 'not enforced';
        } catch {
          return 'enforced';
        }
      });
      if (tt === 'absent') console.log(`# ${engine}: no Trusted Types; the CSP directive is ignored, and the viewer ran without its policy`);
      else assert.equal(tt, 'enforced', 'the page requires Trusted Types, and the viewer ran under them');
      console.log(`# ${engine}: Trusted Types ${tt}`);
      });
    });

    test('real docs: a chapter starting at ## is titled by it; nested sections and their TOC entries; code blocks copy', async () => {
      await using(browser, async (page) => {
        await page.goto(`${site.url}book.html`);
        assert.equal(await loaded(page), 2);
        const titles = await page.run(() => $$('seeds-viewer >>> [part~=item] .item-title').map((t) => t.textContent));
        assert.deepEqual(titles, ['What Is Ownership?', 'Configuring Renderers']);
        await openSeed(page, 'ch04-01-what-is-ownership.md');
        const chapter = await page.run(() => ({
          title: $('seeds-viewer >>> [part~=article] .title').textContent,
          sections: $$('seeds-viewer >>> [part~=section]').map((e) => `${e.id} ${e.querySelector(':scope > :is(h3, h4, h5)').textContent}`),
          toc: $$('seeds-viewer >>> [part~=toc] a').map((a) => a.getAttribute('href')),
        }));
        assert.deepEqual(chapter, {
          title: 'What Is Ownership?',
          sections: ['sv-s1 The Stack and the Heap', 'sv-s1-1 Pushing and Popping', 'sv-s2 Ownership Rules'],
          toc: ['#sv-s1', '#sv-s1-1', '#sv-s2'],
        });

        // The copy button copies the code (or, where the page may not, selects it).
        await page.click(`${VIEWER} >>> [part~=article] pre [part~=copy]`);
        const copy = await page.until(() => {
          const button = $('seeds-viewer >>> [part~=article] pre [part~=copy]');
          return button.dataset.copied && { how: button.dataset.copied, label: button.getAttribute('aria-label'), selected: String(getSelection()) };
        }, [], { what: 'the copy button to answer' });
        assert.ok(copy.how === 'copied' || (copy.how === 'selected' && copy.selected.includes('String::from("hello")')), JSON.stringify(copy));
        console.log(`# ${engine}: the copy button ${copy.how} the code (${copy.label})`);

        // A real guide page: its third-level entry scrolls the reader to that nested section.
        await openSeed(page, 'renderers.md');
        const deep = await page.run(() => $$('seeds-viewer >>> [part~=toc] a').map((a) => a.getAttribute('href')).find((h) => h.split('-').length === 4));
        assert.ok(deep, 'the table of contents reaches the third level');
        await page.click(`${VIEWER} >>> [part~=toc] a[href="${deep}"]`);
        await page.until((id) => {
          const reader = $('seeds-viewer >>> [part~=reader]').getBoundingClientRect();
          const target = $(`seeds-viewer >>> ${id}`).getBoundingClientRect();
          const heading = $('seeds-viewer').shadowRoot.activeElement;
          return Math.abs(target.top - reader.top) < reader.height / 3 && heading?.parentElement?.id === id.slice(1);
        }, [deep], { what: `${deep} scrolled to and its heading focused` });

        // Highlights still land on the words (the copy buttons add no text).
        await page.fill(SEARCH, 'stack');
        await listsExactly(page, 1);
        await openSeed(page, 'ch04-01-what-is-ownership.md');
        const marks = await page.until(() => {
          const found = $$('seeds-viewer >>> [part~=article] mark').map((m) => m.textContent.toLowerCase());
          return found.length && found;
        }, [], { what: 'the marks' });
        assert.ok(marks.every((m) => m === 'stack'), JSON.stringify(marks));
        await page.screenshot(`engine-${engine}-chapter`);
        assert.deepEqual(await problems(page), { problems: [], violations: [] });
      });
    });

    test('real pages in Chinese, Japanese, Russian and Arabic: a word is found where it stands, marked whole; Arabic reads right to left', async () => {
      await using(browser, async (page) => {
        await page.goto(`${site.url}lang.html`);
        await loaded(page);
        const all = Object.keys(LANGUAGE_WORDS).length * LANGUAGE_PAGES;
        assert.deepEqual(await page.run(() => ({
          count: $('seeds-viewer >>> [part~=count]').textContent,
          diagnostics: $$('seeds-viewer >>> [part~=diagnostic]').map((d) => d.textContent),
        })), { count: `${all} seeds`, diagnostics: [] }, 'every page loads (names like $.md and c++.md too)');
        for (const [lang, word] of Object.entries(LANGUAGE_WORDS)) {
          // The pages that hold the word: as characters in Chinese and Japanese, as a word
          // (by Intl.Segmenter, which the viewer does not use) in Russian and Arabic.
          const from = path.join(ROOT, 'tests/corpora/tldr', lang);
          const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
          const expected = readdirSync(from).sort().slice(0, LANGUAGE_PAGES).filter((name) => {
            const text = readFileSync(path.join(from, name), 'utf8').toLowerCase();
            return lang === 'zh' || lang === 'ja' ? text.includes(word)
              : [...segmenter.segment(text)].some((w) => w.segment === word);
          }).map((name) => `${lang}--${name}`);
          assert.ok(expected.length >= 3, `${word} is on several pages`);
          await page.fill(SEARCH, `${word} `);
          const found = await page.until(async (w) => {
            const last = (await $('seeds-viewer').stats()).searches.at(-1);
            return last?.query === w && $$('seeds-viewer >>> [part~=item]').map((li) => li.dataset.seed);
          }, [`${word} `], { what: `the results for ${word}` });
          assert.deepEqual([...found].sort(), expected, `${lang}: ${word}`);
          await openSeed(page, found[0]);
          const marks = await page.until(() => {
            const all = $$('seeds-viewer >>> [part~=article] mark').map((m) => m.textContent.toLowerCase());
            return all.length && all;
          }, [], { what: `the marks of ${word}` });
          assert.ok(marks.every((m) => m === word), `${lang}: every mark is the whole word: ${JSON.stringify(marks)}`);
          if (lang === 'ar') {
            // Right to left where the text is Arabic, left to right where it is a command, and
            // the viewer's own chrome unmoved.
            const dirs = await page.run((name) => {
              const dir = (e) => (e ? getComputedStyle(e).direction : null);
              const item = $$('seeds-viewer >>> [part~=item]').find((li) => li.dataset.seed === name);
              const article = $('seeds-viewer >>> [part~=article]');
              // An Arabic item of an English list ends at its bullet, on the right.
              const li = [...article.querySelectorAll('li')].find((e) => /[\u0600-\u06ff]/.test(e.textContent));
              const range = document.createRange();
              range.selectNodeContents(li);
              return {
                alignedRight: range.getBoundingClientRect().right >= li.getBoundingClientRect().right - 4,
                snippet: dir(item.querySelector('.item-snippet')),
                title: dir(item.querySelector('.item-title')),
                text: dir([...article.querySelectorAll('li, p')].find((e) => /[\u0600-\u06ff]/.test(e.textContent))),
                command: dir([...article.querySelectorAll('p')].find((e) => e.children.length === 1
                  && e.firstElementChild.localName === 'code' && e.textContent.trim() === e.firstElementChild.textContent.trim())),
                count: dir($('seeds-viewer >>> [part~=count]')),
              };
            }, found[0]);
            assert.deepEqual(dirs, { alignedRight: true, snippet: 'rtl', title: 'ltr', text: 'rtl', command: 'ltr', count: 'ltr' }, JSON.stringify(dirs));
          }
        }
        await page.screenshot(`engine-${engine}-languages`);
        assert.deepEqual(await problems(page), { problems: [], violations: [] });
      });
    });

    test('on a right-to-left page the chrome follows: the list on the right, the open item marked at its start, Back pointing right', async () => {
      const open = async (page) => {
        await page.goto(`${site.url}rtl.html`);
        await loaded(page);
        await page.fill(SEARCH, 'عرض ');
        const found = await page.until(async () => (await $('seeds-viewer').stats()).searches.at(-1)?.query === 'عرض '
          && $$('seeds-viewer >>> [part~=item]').map((li) => li.dataset.seed), [], { what: 'the Arabic results' });
        await openSeed(page, found[0]);
      };
      await using(browser, async (page) => {
        await open(page);
        const wide = await page.run(() => {
          const root = $('seeds-viewer').shadowRoot;
          const list = root.querySelector('.results').getBoundingClientRect();
          const reading = root.querySelector('.reading').getBoundingClientRect();
          return {
            listOnTheRight: list.left > reading.left,
            current: getComputedStyle(root.querySelector('button.open[aria-current]')).boxShadow.includes('-3px'),
            search: getComputedStyle(root.querySelector('[part~=search]')).direction,
            // The viewer's words are Arabic here (the page's lang), and read right to left.
            count: [root.querySelector('[part~=count]').textContent, getComputedStyle(root.querySelector('[part~=count]')).direction],
          };
        });
        assert.deepEqual(wide, { listOnTheRight: true, current: true, search: 'rtl', count: ['4 من 120 مستند مطابق', 'rtl'] });
        await page.screenshot(`engine-${engine}-rtl`);
        await page.resize(360, 740);
        await open(page);
        const narrow = await page.run(() => {
          const back = $('seeds-viewer >>> [part~=back]');
          const box = back.getBoundingClientRect();
          return { arrow: getComputedStyle(back, '::before').content, atTheRight: box.right > innerWidth / 2 };
        });
        assert.match(narrow.arrow, /→/, JSON.stringify(narrow));
        assert.ok(narrow.atTheRight, JSON.stringify(narrow));
        await page.screenshot(`phone-${engine}-360-rtl`);
        assert.deepEqual(await problems(page), { problems: [], violations: [] });
      });
    });

    test('the viewer speaks its language: the page\'s lang picks its words, and the host can replace any', async () => {
      await using(browser, async (page) => {
        await page.goto(`${site.url}zh.html`);
        await loaded(page);
        const words = () => page.run(() => {
          const root = $('seeds-viewer').shadowRoot;
          return {
            placeholder: root.querySelector('[part~=search]').placeholder,
            count: root.querySelector('[part~=count]').textContent,
            help: root.querySelector('[part~=help-button]').getAttribute('aria-label'),
            order: [...root.querySelectorAll('[part~=sort] option')].map((o) => o.textContent),
          };
        });
        // The Chinese words come in a module of their own, fetched because the page is Chinese.
        await page.until(() => $('seeds-viewer >>> [part~=search]').placeholder === '搜索…', [], { what: 'the Chinese words' });
        assert.deepEqual(await words(), { placeholder: '搜索…', count: '120 篇文档', help: '搜索帮助', order: ['最佳匹配', '标题'] });
        await page.fill(SEARCH, '显示 ');
        await page.until(() => $('seeds-viewer >>> [part~=count]').textContent === '120 篇中有 6 篇匹配', [], { what: 'the Chinese count' });
        await page.click(`${VIEWER} >>> [part~=help-button]`);
        const help = await page.run(() => $('seeds-viewer >>> [part~=help]').textContent);
        assert.match(help, /搜索语法/);
        await page.screenshot(`engine-${engine}-zh`);
        // A host's own words win, by property and by attribute; the rest stay Chinese.
        await page.run(() => { $('seeds-viewer').strings = { empty: '这里什么也没有。' }; return true; });
        await page.fill(SEARCH, 'qqqqzzzz ');
        await page.until(() => {
          const empty = $('seeds-viewer >>> .empty');
          return !empty.hidden && empty.textContent === '这里什么也没有。';
        }, [], { what: 'the host\'s empty message' });
        await page.run(() => { $('seeds-viewer').setAttribute('strings', JSON.stringify({ search: 'Find a page…' })); return true; });
        assert.equal((await words()).placeholder, 'Find a page…');
        assert.deepEqual(await problems(page), { problems: [], violations: [] });
      });
    });

    test('the keyboard alone searches, moves through results, opens, steps through matches and clears', async () => {
      await using(browser, async (page) => {
      await page.goto(`${site.url}index.html`);
      await loaded(page);
      await page.click(SEARCH);
      await page.type('sleep');
      await page.until(async () => (await $('seeds-viewer').stats()).searches.at(-1)?.query === 'sleep', [],
        { what: 'the list of the last key' });
      await page.press('ArrowDown');
      const focused = await page.run(() => document.querySelector('seeds-viewer').shadowRoot.activeElement?.closest('li')?.dataset.seed);
      assert.equal(focused, (await listed(page))[0], 'ArrowDown focuses the first result');
      await page.press('ArrowDown');
      await page.press('Enter');
      const second = (await listed(page))[1];
      await page.until((n) => $('seeds-viewer >>> [part~=article]')?.dataset.seed === n, [second], { what: 'Enter to open the second result' });
      const count = await page.until(() => $('seeds-viewer >>> [part~=match-count]')?.textContent.match(/^(\d+) match/)?.[1], [], { what: 'the match count' });
      assert.ok(Number(count) >= 1);
      await page.click(`${VIEWER} >>> [part~=match-next]`);
      await page.until((n) => $('seeds-viewer >>> [part~=match-count]').textContent === `1 of ${n}`, [count], { what: 'the first match' });
      await page.click(SEARCH);
      await page.press('Escape');
      await listsExactly(page, REAL.length + GUIDE.length);
      assert.equal(await page.run(() => $('seeds-viewer >>> [part~=search]').value), '');
      assert.deepEqual(await problems(page), { problems: [], violations: [] });
      });
    });

    test('a missing and a broken seed become diagnostics naming them; the others load', async () => {
      await using(browser, async (page) => {
      await page.goto(`${site.url}bad.html`);
      await loaded(page);
      const shown = await page.until(() => {
        const items = $$('seeds-viewer >>> [part~=diagnostic]').map((d) => d.textContent);
        return items.length >= 2 && items;
      }, [], { what: 'two diagnostics' });
      assert.ok(shown.some((d) => d.includes('missing.txt')), shown.join('\n'));
      assert.ok(shown.some((d) => d.includes('not-utf8.txt')), shown.join('\n'));
      assert.deepEqual((await listed(page)).filter((n) => REAL.includes(n)), REAL);
      assert.deepEqual((await problems(page)).violations, []);
      });
    });

    test('the engine runs in a Worker, or on the page where no Worker may start', async () => {
      for (const [file, worker] of [['index.html', true], ['no-worker.html', false]]) {
        await using(browser, async (page) => {
        await page.goto(`${site.url}${file}`);
        await loaded(page);
        await page.fill(SEARCH, 'melatonin');
        await listsExactly(page, 1);
        const started = await page.run(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/seeds-viewer-worker.js')));
        const { problems: found, violations } = await problems(page);
        assert.deepEqual(found, [], file);
        if (worker) {
          assert.ok(started, 'the Worker script was fetched');
          assert.deepEqual(violations, []);
        } else {
          assert.ok(violations.every((v) => /worker-src/.test(v.violatedDirective)), `only the Worker is refused: ${JSON.stringify(violations)}`);
        }
        });
      }
    });

    test('the single-file build opens from disk and filters', async () => {
      await using(browser, async (page) => {
      await page.goto(pathToFileURL(path.join(DIST, 'seeds-viewer.html')).href);
      assert.equal(await loaded(page), 4);
      await page.fill(SEARCH, 'melatonin');
      await listsExactly(page, 1);
      await page.click(`${ITEMS} button.open`);
      await page.until(() => !!$('seeds-viewer >>> [part~=article] mark'), [], { what: 'the article with its marks' });
      await page.screenshot(`engine-${engine}-single-file`);
      });
    });

    test('two viewers on a host page load and filter independently', async () => {
      await using(browser, async (page) => {
      await page.goto(`${site.url}host/index.html`);
      assert.equal(await loaded(page, '#all'), 4);
      assert.equal(await loaded(page, '#picked'), 2);
      await page.fill('#all >>> [part~=search]', 'melatonin');
      await listsExactly(page, 1, '#all');
      assert.equal((await listed(page, '#picked')).length, 2, 'the other viewer is untouched');
      assert.deepEqual(await problems(page), { problems: [], violations: [] });
      });
    });

    test('hostile seeds open and run nothing, fetch nothing elsewhere', async () => {
      await using(browser, async (page) => {
      await page.goto(`${site.url}hostile.html`);
      const count = await loaded(page);
      assert.equal(count, Math.min(HOSTILE.length, 20));
      for (const name of await listed(page)) await openSeed(page, name);
      await page.click(SEARCH); // moves the pointer off the last article
      const report = await page.run((markers) => ({
        globals: markers.filter((m) => m in window),
        elsewhere: performance.getEntriesByType('resource').map((r) => r.name)
          .filter((u) => new URL(u).origin !== location.origin || /pwned/.test(u)),
        still: location.pathname,
      }), MARKERS);
      assert.deepEqual(report, { globals: [], elsewhere: [], still: '/hostile.html' });
      assert.deepEqual(await problems(page), { problems: [], violations: [] });
      });
    });

    test('on a phone the list fills the viewer; a seed opens in its place; Back returns to where the list was', async () => {
      for (const width of [360, 320]) {
        await using(browser, async (page) => {
          await page.resize(width, 740);
          await page.goto(`${site.url}index.html`);
          await loaded(page);
          const layout = () => page.run(() => {
            const root = $('seeds-viewer').shadowRoot;
            const shown = (sel) => getComputedStyle(root.querySelector(sel)).display !== 'none';
            return { list: shown('.results'), reader: shown('.reading'), back: root.querySelector('[part~=back]').getBoundingClientRect().width > 0 };
          });
          assert.deepEqual(await layout(), { list: true, reader: false, back: false }, 'no empty reader beside the list');
          const fits = () => page.run((w) => document.documentElement.scrollWidth <= w
            && $('seeds-viewer').getBoundingClientRect().right <= w, width);
          assert.ok(await fits(), `no horizontal scrolling at ${width} px: ${JSON.stringify(await page.run(() => [innerWidth, document.documentElement.scrollWidth, $('seeds-viewer').getBoundingClientRect().right]))}`);
          assert.deepEqual(await page.run(smallControls), [], 'every control of the list is at least 44 px square');
          await page.screenshot(`phone-${engine}-${width}-list`);

          // Open the fifth seed, further down the list, and come back to it twice.
          const name = (await listed(page))[4];
          for (const how of ['the Back control', 'the browser\'s Back']) {
            await page.box(`${ITEMS}:nth-child(5) button.open`); // scrolls the list to it
            const scrolled = await page.run(() => $('seeds-viewer').shadowRoot.querySelector('.results').scrollTop);
            await openSeed(page, name);
            assert.deepEqual(await layout(), { list: false, reader: true, back: true }, 'the reader takes the list\'s place');
            assert.ok(await fits(), `no horizontal scrolling at ${width} px with a seed open`);
            assert.deepEqual(await page.run(smallControls), [], 'every control of the reader is at least 44 px square');
            if (how === 'the Back control') {
              await page.screenshot(`phone-${engine}-${width}-article`);
              await page.click(`${VIEWER} >>> [part~=back]`);
            } else {
              await page.back();
            }
            await page.until(() => getComputedStyle($('seeds-viewer').shadowRoot.querySelector('.results')).display !== 'none', [], { what: `${how} to show the list` });
            const back = await page.run(() => {
              const root = $('seeds-viewer').shadowRoot;
              return {
                scroll: root.querySelector('.results').scrollTop,
                focused: root.activeElement?.closest('li')?.dataset.seed ?? null,
                hash: new URLSearchParams(location.hash.slice(1)).get('seed'),
              };
            });
            assert.ok(Math.abs(back.scroll - scrolled) <= 2, `${how}: the list is where it was (${back.scroll} vs ${scrolled})`);
            assert.equal(back.focused, name, `${how}: focus is on the item that was open`);
            assert.equal(back.hash, null, `${how}: the hash no longer names the seed`);
            assert.deepEqual(await layout(), { list: true, reader: false, back: false });
          }
          assert.deepEqual(await problems(page), { problems: [], violations: [] });
        });
      }
    });

    test('axe finds nothing serious or critical, with an article open', async () => {
      await using(browser, async (page) => {
      await page.goto(`${site.url}index.html`);
      await loaded(page);
      await openSeed(page, REAL[1]);
      await page.source(AXE);
      const found = await page.run(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      assert.deepEqual(found, []);
      });
    });

    test('in forced-colours mode the text, marks and the open item stay readable', async () => {
      // WebKitGTK has no forced-colours mode: its own browser serves (a second WebKit would
      // need a second display for nothing).
      const forced = engine === 'webkit' ? null : await launchEngine(engine, { forcedColors: true });
      try {
        await using(forced ?? browser, async (page) => {
        await page.goto(`${site.url}index.html`);
        await loaded(page);
        const active = await page.run(() => matchMedia('(forced-colors: active)').matches);
        if (engine === 'webkit') {
          // WebKitGTK has no forced-colours mode to turn on: the query is known and reads "none".
          assert.equal(active, false);
          assert.equal(await page.run(() => matchMedia('(forced-colors: none)').matches), true);
          console.log('# webkit: no forced-colours mode in WebKitGTK; checked that the page reads it as off');
        } else {
          assert.equal(active, true, 'forced colours are on');
        }
        await page.fill(SEARCH, 'melatonin');
        await listsExactly(page, 1);
        await openSeed(page, REAL[3]);
        const looks = await page.run(() => {
          const style = (p) => { const s = getComputedStyle($(p)); return { color: s.color, background: s.backgroundColor, outline: s.outlineStyle, border: s.borderLeftStyle, shadow: s.boxShadow }; };
          return {
            mark: style('seeds-viewer >>> [part~=article] mark'),
            current: style('seeds-viewer >>> [part~=item] button[aria-current]'),
            other: style('seeds-viewer >>> [part~=search]'),
            title: style('seeds-viewer >>> [part~=article] .title'),
            reader: style('seeds-viewer'),
          };
        });
        assert.notEqual(looks.mark.color, looks.mark.background, `a mark's text shows on its background: ${JSON.stringify(looks.mark)}`);
        assert.notEqual(looks.mark.background, looks.reader.background, `a mark stands out from the text around it: ${JSON.stringify(looks)}`);
        assert.notEqual(looks.title.color, 'rgba(0, 0, 0, 0)');
        if (active) {
          const shown = looks.current.outline !== 'none' || looks.current.border !== 'none';
          assert.ok(shown, `the open item is marked by a line forced colours keep: ${JSON.stringify(looks.current)}`);
        }
        await page.screenshot(`engine-${engine}-forced-colors`);
        assert.deepEqual(await problems(page), { problems: [], violations: [] });
        });
      } finally {
        await forced?.close();
      }
    });
  });
}
