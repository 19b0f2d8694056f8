// The messages between <seeds-viewer> (seeds-viewer.js) and its engine
// (seeds-viewer-worker.js, in a Worker or on the page), written down once. Types only: nothing
// here runs; the tests check both files against it with `tsc --checkJs`.

/**
 * @typedef {{maxSeedBytes?: number, maxSeeds?: number, timeoutMs?: number}} Limits
 *   The element's `max-seed-bytes`, `max-seeds` and `fetch-timeout` (ms); Rust has the defaults.
 *
 * @typedef {object} LoadRequest What to load, and how.
 * @property {'load'} type
 * @property {string} [src] An absolute manifest URL; Rust fetches it and the seeds it lists.
 * @property {string[]} [names] Or the seeds themselves: the element's links (with `urls`)...
 * @property {(string | null)[]} [urls] ...their absolute URLs (null: refused, never fetched)...
 * @property {Uint8Array} [pack] ...or a packed corpus in memory (the single-file build).
 * @property {string} label The `src` as written, which load-wide diagnostics name.
 * @property {Limits} limits
 * @property {string} lang The element's language (a BCP 47 tag): the language of the seeds
 *   that name none in their front matter, which picks their stemmer.
 * @property {RustWords} words The viewer's words that Rust writes into its HTML.
 * @property {string[]} skip Seeds that made an engine trap: never parsed again.
 * @property {string} [restarted] Why the previous engine stopped (Rust reports it).
 *
 * @typedef {{contents: string, conclusion: string, bestSections: string, image: string,
 *   taskDone: string, taskToDo: string}} RustWords The article's headings "Contents" and
 *   "Conclusion", a list item's best sections' name, the label before an image's description,
 *   a task checkbox's names: the element's strings of those names.
 *
 * @typedef {LoadRequest
 *   | {type: 'retry'}
 *   | {type: 'words', words: RustWords}
 *   | {type: 'free'}
 *   | {type: 'search', id: number, query: string, filters: [string, string][], sort: string, end: number, open: number}
 *   | {type: 'items', id: number, start: number, end: number}
 *   | {type: 'article', id: number, position: number}
 *   | {type: 'marks', id: number, position: number}
 *   | {type: 'stats', id: number}} ToEngine
 *
 * @typedef {object} Diagnostic One problem, as Rust reports it.
 * @property {string} file The manifest entry (or the `src` as written).
 * @property {number} line 1-based; 0 for the whole file.
 * @property {string} code Stable: see the README's list (DiagnosticKind::code in Rust).
 * @property {string} message What happened and how to fix it.
 * @property {boolean} [retry] Whether Retry fetches it again.
 *
 * @typedef {{bytes: number, parseMs: number, fetchMs: number, totalMs: number}} LoadStats
 *
 * @typedef {{type: 'ready'}
 *   | {type: 'failed', message: string}
 *   | {type: 'manifest', names: string[], urls: (string | null)[]}
 *   | {type: 'progress', done: number, total: number, added: boolean, loaded: number}
 *   | {type: 'loaded', seeds: number, diagnostics: Diagnostic[], failed: number}
 *   | {type: 'crashed', message: string, seed: string | null}
 *   | {type: 'results', id: number, count: number, loaded: number, items: string[], facets: string, engineMs: number, marks: Uint32Array | number[]}
 *   | {type: 'items', id: number, items: string[]}
 *   | {type: 'article', id: number, position: number, html: string, marks: Uint32Array | number[]}
 *   | {type: 'marks', id: number, position: number, marks: Uint32Array | number[]}
 *   | {type: 'stats', id: number, seeds: number, words: number, wasmMemoryBytes: number, load: LoadStats | null}} FromEngine
 */

export {};
