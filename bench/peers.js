// The peers' side of the benchmark, loaded into bench/peers.html after the engine's own script
// (minisearch, flexsearch or lunr as a classic script, or Pagefind's pagefind.js as a module).
// Every engine gets the same text, grouped into the same fields as the viewer's index (title,
// section titles, summary and metadata, the rest: see `cargo xtask export`), the same field
// weights where the engine has them (6, 3, 2, 1), and its own typo tolerance switched on.
// run.mjs drives it through `window.peerBench`; nothing here prints or decides anything.
// The raw peer (bench/raw.html) is MiniSearch fed what the viewer is fed: each seed's raw file
// text, all in one JSON request ([{id, name, text}]), indexed as one `text` field.

'use strict';

(() => {
  const WEIGHTS = { title: 6, headings: 3, summary: 2, body: 1 };
  const FIELDS = Object.keys(WEIGHTS);

  /** One exported seed as the fields every engine indexes. */
  function fields(seed, id) {
    return {
      id,
      title: seed.title,
      headings: seed.sections.map((s) => s.heading).join('\n'),
      summary: seed.summary,
      body: [seed.introduction, ...seed.sections.map((s) => s.body), seed.conclusion].join('\n'),
    };
  }

  /** The edit distance minisearch allows for `fuzzy: 0.2`, reused for lunr. */
  function fuzzyDistance(term) {
    return Math.round(term.length * 0.2);
  }

  const engines = {
    minisearch: {
      build(docs) {
        const index = new MiniSearch({ fields: FIELDS, idField: 'id' });
        index.addAll(docs);
        return index;
      },
      search(index, query, limit) {
        const options = { fuzzy: 0.2, prefix: true, boost: { title: 6, headings: 3, summary: 2 } };
        return index.search(query, options).slice(0, limit).map((r) => r.id);
      },
      options: 'fuzzy: 0.2, prefix: true, boost title 6, headings 3, summary 2 (OR, its default)',
    },
    'minisearch-raw': {
      build(seeds) {
        const index = new MiniSearch({ fields: ['text'], idField: 'id' });
        index.addAll(seeds);
        return index;
      },
      search(index, query, limit) {
        return index.search(query, { fuzzy: 0.2, prefix: true }).slice(0, limit).map((r) => r.id);
      },
      options: 'the raw seed files as one JSON request; one field (text) plus id; fuzzy: 0.2, prefix: true',
    },
    flexsearch: {
      build(docs) {
        const index = new FlexSearch.Document({
          document: { id: 'id', index: FIELDS },
          tokenize: 'forward',
          encoder: FlexSearch.Charset.LatinExtra,
        });
        for (const doc of docs) index.add(doc);
        return index;
      },
      search(index, query, limit) {
        return index.search(query, { limit, suggest: true, merge: true }).map((r) => r.id);
      },
      options: 'Document, tokenize forward, encoder Charset.LatinExtra (phonetic), suggest, merge',
    },
    lunr: {
      build(docs) {
        return lunr(function build() {
          this.ref('id');
          for (const field of FIELDS) this.field(field, { boost: WEIGHTS[field] });
          for (const doc of docs) this.add(doc);
        });
      },
      search(index, query, limit) {
        const terms = lunr.tokenizer(query).map((t) => lunr.trimmer(t).toString()).filter(Boolean);
        return index.query((q) => {
          for (const term of terms) {
            q.term(term, { boost: 10 });
            q.term(term, { boost: 2, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
            const distance = fuzzyDistance(term);
            if (distance > 0) q.term(term, { boost: 1, editDistance: distance, usePipeline: false });
          }
        }).slice(0, limit).map((r) => Number(r.ref));
      },
      options: 'field boosts 6/3/2/1; each term exact, as a prefix and within edit distance round(0.2 × length)',
    },
  };

  let docs = [];
  let names = [];
  let index = null;
  let engine = null;
  let pagefind = null;

  /** Runs `queries` one after the other; each result: {query, ms, top: [names]}. */
  async function runAll(queries, limit, searchOne) {
    const out = [];
    for (const query of queries) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const t0 = performance.now();
      const ids = await searchOne(query, limit);
      const ms = performance.now() - t0;
      out.push({ query, ms, top: ids.slice(0, limit).map((id) => names[id] ?? String(id)) });
    }
    return out;
  }

  window.peerBench = {
    /** Fetches and parses the exported text; returns how long that took. */
    async load(url) {
      const t0 = performance.now();
      const seeds = await (await fetch(url)).json();
      names = seeds.map((s) => s.name);
      docs = seeds.map(fields);
      return { ms: performance.now() - t0, seeds: docs.length };
    },

    /**
     * The raw peer, run by bench/raw.html as its page loads: fetches `url` (the corpus's raw
     * seeds, [{id, name, text}]), parses it and builds MiniSearch over `text`. Times are
     * performance.now(), from the page's navigation; `readyMs` is when the index is built.
     */
    async loadRaw(url) {
      const t0 = performance.now();
      const response = await fetch(url);
      const body = await response.arrayBuffer();
      const fetched = performance.now();
      const seeds = JSON.parse(new TextDecoder().decode(body));
      const parsed = performance.now();
      names = seeds.map((s) => s.name);
      engine = engines['minisearch-raw'];
      index = engine.build(seeds);
      const built = performance.now();
      return {
        startMs: t0, fetchMs: fetched - t0, parseMs: parsed - fetched, buildMs: built - parsed,
        readyMs: built, bytes: body.byteLength, seeds: seeds.length, options: engine.options,
      };
    },

    /** Builds `name`'s index over the loaded text; returns the build time alone. */
    build(name) {
      engine = engines[name];
      if (!engine) throw new Error(`unknown engine ${name}`);
      const t0 = performance.now();
      index = engine.build(docs);
      return { ms: performance.now() - t0, options: engine.options };
    },

    /** Times `engine.search` for each query; the top `limit` names of each. */
    search(queries, limit) {
      return runAll(queries, limit, (query, k) => engine.search(index, query, k));
    },

    /**
     * Imports Pagefind's bundle from `base` (its folder URL) and initialises it. Its pages
     * were indexed at `/s/POSITION/`, so a result's URL gives back the seed's name.
     */
    async pagefindInit(base, seedNames) {
      const t0 = performance.now();
      pagefind = await import(`${base}pagefind.js`);
      await pagefind.options({ excerptLength: 0 });
      await pagefind.init();
      names = seedNames;
      return { ms: performance.now() - t0 };
    },

    /**
     * Times `pagefind.search` (what a page awaits before it can list anything); the top
     * `limit` results' data is then loaded, untimed, to learn which seeds they are.
     */
    async pagefindSearch(queries, limit) {
      const out = [];
      for (const query of queries) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        const t0 = performance.now();
        const search = await pagefind.search(query);
        const ms = performance.now() - t0;
        const data = await Promise.all((search?.results ?? []).slice(0, limit).map((r) => r.data()));
        const top = data.map((d) => {
          const position = /\/s\/(\d+)\/?$/.exec(d.url ?? '')?.[1];
          return position === undefined ? d.url : names[Number(position)];
        });
        out.push({ query, ms, top });
      }
      return out;
    },
  };
})();
