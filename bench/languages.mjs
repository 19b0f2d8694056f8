// The words the language measurement searches (issue 15): for each language folder of
// tests/corpora/tldr, words that `Intl.Segmenter` finds in its pages (a reader's idea of a word,
// from ICU, which the viewer itself never uses for indexing), a seeded sample of them.
//
// `node bench/languages.mjs OUT.tsv [PER_LANGUAGE]` writes one `lang<TAB>folder<TAB>word` line per
// word; the native judge (`examples/languages.rs`) searches each and checks the result against
// the pages' text.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { random } from './random.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(ROOT, 'tests/corpora/tldr');
const LANGUAGES = { en: 'en', zh: 'zh', ja: 'ja', ru: 'ru', ar: 'ar' };

/**
 * `count` distinct words of the pages in `dir`, as `Intl.Segmenter` for `locale` splits them;
 * outside English, only words with a letter beyond ASCII (the commands the pages quote are
 * English and measured there).
 */
export function pickWords(dir, locale, count, seed = 15) {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  const words = new Set();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
    for (const { segment, isWordLike } of segmenter.segment(readFileSync(path.join(dir, name), 'utf8'))) {
      if (!isWordLike) continue;
      if (locale !== 'en' && /^[\x00-\x7f]*$/.test(segment)) continue;
      if (locale === 'en' && !/^[a-z]{3,}$/i.test(segment)) continue;
      words.add(segment);
    }
  }
  const all = [...words].sort();
  const next = random(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, per = '150'] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node bench/languages.mjs OUT.tsv [PER_LANGUAGE]');
    process.exit(2);
  }
  const lines = [];
  for (const [lang, locale] of Object.entries(LANGUAGES)) {
    const dir = path.join(CORPUS, lang);
    for (const word of pickWords(dir, locale, Number(per))) lines.push(`${lang}\t${dir}\t${word}`);
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
}
