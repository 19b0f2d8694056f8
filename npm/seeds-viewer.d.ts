// Types for the <seeds-viewer> custom element (importing the module defines it).

/**
 * What went wrong, stable across versions (new codes may be added, none renamed). From the
 * seed's text: `empty`, `binary`, `invalid-utf8`, `control-characters`, `no-introduction`,
 * `no-outline`, `missing-section`, `empty-section`, `unclosed-front-matter`. From loading:
 * `manifest-http`, `manifest-unreachable`, `manifest-json`, `manifest-no-seeds`,
 * `manifest-entries`, `no-source`, `max-seeds`, `refused`, `max-seed-bytes`, `http`, `timeout`,
 * `network`, `pack-version`, `pack-broken`. From the engine: `skipped`, `restarted`,
 * `markdown-unavailable`, `stemmers-unavailable`, `stopped`, `start-failed`.
 */
export type SeedsViewerDiagnosticCode =
  | 'empty' | 'binary' | 'invalid-utf8' | 'control-characters' | 'no-introduction'
  | 'no-outline' | 'missing-section' | 'empty-section' | 'unclosed-front-matter'
  | 'manifest-http' | 'manifest-unreachable' | 'manifest-json' | 'manifest-no-seeds'
  | 'manifest-entries' | 'no-source' | 'max-seeds' | 'refused' | 'max-seed-bytes' | 'http'
  | 'timeout' | 'network' | 'pack-version' | 'pack-broken' | 'skipped' | 'restarted'
  | 'markdown-unavailable' | 'stemmers-unavailable' | 'stopped' | 'start-failed';

/** A problem with one seed or with the manifest; the other seeds still load. */
export interface SeedsViewerDiagnostic {
  /** The manifest entry (or link `href` as written); the `src` value for a manifest problem. */
  file: string;
  /** 1-based; 0 for a whole-file problem. */
  line: number;
  /** What went wrong, for programs; `message` is for people. */
  code: SeedsViewerDiagnosticCode;
  /** What happened and how to fix it. */
  message: string;
}

/** `seeds-loaded`: every seed has been fetched and parsed, or has failed. */
export interface SeedsLoadedDetail {
  /** How many seeds are listed. */
  seeds: number;
  diagnostics: SeedsViewerDiagnostic[];
}

/** `seeds-search`: a search's results are shown. */
export interface SeedsSearchDetail {
  query: string;
  /** How many seeds match. */
  count: number;
}

/** The last load's figures. */
export interface SeedsViewerLoadStats {
  /** Seed bytes handed to the parser. */
  bytes: number;
  /** Milliseconds inside Rust's parsing and indexing. */
  parseMs: number;
  /** Milliseconds from the load's start to its last byte. */
  fetchMs: number;
  /** Milliseconds from the load's start to its end. */
  totalMs: number;
}

export interface SeedsViewerStats {
  seeds: number;
  words: number;
  /** The wasm memories' size: the engine's and, once loaded, the markdown and stemmers
   * modules' (it never shrinks: the high-water mark). */
  wasmMemoryBytes: number;
  /** `null` before the first load. */
  load: SeedsViewerLoadStats | null;
  /** The last searches listed (at most 256), oldest first. */
  searches: SeedsViewerSearchStats[];
}

/** One search's time, in milliseconds. */
export interface SeedsViewerSearchStats {
  query: string;
  /** Inside the engine: search, the first page of items and the facets. */
  engineMs: number | null;
  /** From sending the search to its reply arriving. */
  waitMs: number;
  /** The element's own work on the reply: list, facets, count. */
  mainMs: number;
}

/** `auto` follows the reader's preference; `inherit` takes the host page's `color-scheme`. */
export type SeedsViewerTheme = 'light' | 'dark' | 'inherit' | 'auto';

/** The element's events (both bubble and cross shadow boundaries). */
export interface SeedsViewerEventMap extends HTMLElementEventMap {
  'seeds-loaded': CustomEvent<SeedsLoadedDetail>;
  'seeds-search': CustomEvent<SeedsSearchDetail>;
}

/** The element's attributes, for templates and JSX. */
export interface SeedsViewerAttributes {
  /**
   * The URL of a manifest (`{"seeds": [...], "pack"?: "...", "gzipPack"?: "..."}`), resolved
   * against the page.
   */
  src?: string;
  /** The search box's text. */
  query?: string;
  /** `auto` (the default) follows `prefers-color-scheme`. */
  theme?: SeedsViewerTheme;
  /** Opt-in: keep the view (query, filters, order, open seed) in the location hash. */
  history?: boolean | '';
  /** Opt-in: `/` anywhere on the page focuses the search. */
  hotkeys?: boolean | '';
  /** The viewer's own words as JSON (string values only): see `SeedsViewerStrings`. */
  strings?: string;
}

/**
 * The viewer's own words: any subset replaces the built-in set of the element's language
 * (English, Chinese, Japanese, Russian, Arabic, Spanish, French, German).
 */
export interface SeedsViewerStrings {
  search?: string; searchLabel?: string; help?: string; sortLabel?: string; best?: string; byTitle?: string;
  filters?: string; results?: string; back?: string; empty?: string; choose?: string; previous?: string; next?: string;
  retry?: string; retrying?: string; copy?: string; copied?: string; selected?: string; copyLabel?: string;
  copiedLabel?: string; selectedLabel?: string; syntax?: string; keys?: string;
  seeds?: (n: number) => string; matching?: (n: number, of: number) => string; matches?: (n: number) => string;
  matchOf?: (i: number, n: number) => string; more?: (n: number) => string; loading?: (done: number, total: number) => string;
  problems?: (n: number) => string; retryFailed?: (n: number) => string;
  /** The query-language help: [example, meaning] rows. */
  helpRows?: [string, string][];
}

export declare class SeedsViewerElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Reflects the `src` attribute; setting it loads that manifest. */
  src: string;
  /** Reflects the `theme` attribute (`auto` when absent). */
  theme: SeedsViewerTheme;
  /** The search box's text; setting it searches. */
  query: string;
  /** The viewer's words now; setting an object replaces those it names (see `SeedsViewerStrings`). */
  strings: SeedsViewerStrings;
  /** Counts for this viewer's engine. */
  stats(): Promise<SeedsViewerStats>;

  addEventListener<K extends keyof SeedsViewerEventMap>(
    type: K,
    listener: (this: SeedsViewerElement, event: SeedsViewerEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof SeedsViewerEventMap>(
    type: K,
    listener: (this: SeedsViewerElement, event: SeedsViewerEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'seeds-viewer': SeedsViewerElement;
  }
}
