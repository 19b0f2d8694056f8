//! `cargo xtask bench [--sizes LIST] [--no-build]`: measures the viewer against the client-side
//! search engines people use for documentation (minisearch, flexsearch, lunr, Pagefind), each
//! on the same text in the same headless Chromium. A benchmark, not a test: nothing here
//! asserts a timing, and `cargo xtask test` never runs it.
//!
//! This side prepares; `bench/run.mjs` measures. Here: build the release wasm (unless
//! `--no-build`), make the corpora under `target/bench/` (copies of `seeds/` and of the vendored
//! mdBook guide, and synthetic corpora from [`crate::corpus`], regenerated only when missing or
//! made with other parameters), export each corpus's parsed text ([`crate::export`]) for the
//! peers, write each corpus's raw seed texts as one JSON file (`raw-ID.json`:
//! `[{id, name, text}]`, for the peer fed the same raw seeds as the viewer), and write
//! `target/bench/plan.json`. Then `node bench/run.mjs target/bench/plan.json`
//! serves each corpus with this very binary (`serve --no-build --port 0`, packed and
//! `--no-pack`), drives Chromium, prints one table and writes `target/bench/results.json`.
//! Before it, the language measurement (issue 15): words of `tests/corpora/tldr/` picked by
//! `bench/languages.mjs`, searched natively by `examples/languages.rs`, printed after the table.
//!
//! LIST is comma-separated corpus names: `real` (the 4 seeds of `seeds/`), `mdbook` (the
//! guide), a number of synthetic plain seeds, or `md` (the synthetic markdown corpus of at
//! least 20 MB the markdown throughput target is measured on; `mdN` for N markdown seeds). The
//! guide is always added: relevance and typo recall are judged on it.

use crate::corpus::Format;
use crate::{install, manifest, run_cmd, say, Arg, Args, Result};
use serde_json::json;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Where corpora, exports, Pagefind indexes and results go.
const OUT: &str = "target/bench";
/// The vendored real documentation corpus (markdown, MPL-2.0; see tests/corpora/README.md).
const MDBOOK: &str = "tests/corpora/mdbook-guide";
/// The measuring script.
const SCRIPT: &str = "bench/run.mjs";
const DEFAULT_SIZES: &str = "real,1000,10000,md";
/// Bumped whenever `corpus` changes what it writes, so cached corpora are regenerated.
const GENERATOR_VERSION: u32 = 2;
/// Seeds of the `md` corpus: enough for [`MARKDOWN_MIN_BYTES`] (about 10 KB a seed).
const MARKDOWN_SEEDS: usize = 2_200;
/// The markdown throughput target is set on a corpus of at least this many bytes.
const MARKDOWN_MIN_BYTES: u64 = 20_000_000;
/// The file in a synthetic corpus's folder that records how it was generated.
const STAMP: &str = "corpus.stamp";

pub fn main(args: &[String]) -> Result {
    let mut sizes = DEFAULT_SIZES.to_string();
    let mut build = true;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--sizes", v) => sizes = args.value("--sizes", v)?.to_string(),
            Arg::Flag("--no-build", v) => {
                Args::no_value("--no-build", v)?;
                build = false;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("bench", name)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `bench`")),
        }
    }
    let mut wanted = parse_sizes(&sizes)?;
    // Relevance and typo recall are judged on the guide, whatever the sizes.
    if !wanted.contains(&Corpus::Mdbook) {
        wanted.push(Corpus::Mdbook);
    }

    let started = Instant::now();
    if build {
        crate::build::build(true)?;
    } else if !Path::new(crate::build::OUT_DIR)
        .join("seeds_viewer.js")
        .is_file()
    {
        return Err(format!(
            "{}/seeds_viewer.js is missing: run without --no-build or cargo xtask build",
            crate::build::OUT_DIR
        ));
    }
    install::npm_packages()?;
    install::chromium()?;

    let out = Path::new(OUT);
    fs::create_dir_all(out).map_err(|e| format!("cannot create {OUT}: {e}"))?;
    let mut corpora = Vec::new();
    for corpus in &wanted {
        let t = Instant::now();
        let dir = corpus.prepare(out)?;
        let names = manifest::seed_names(&dir)?;
        let mut bytes = 0u64;
        for name in &names {
            bytes += fs::metadata(dir.join(name))
                .map_err(|e| format!("cannot stat {}: {e}", dir.join(name).display()))?
                .len();
        }
        if *corpus == Corpus::Markdown(MARKDOWN_SEEDS) && bytes < MARKDOWN_MIN_BYTES {
            return Err(format!(
                "the md corpus has {bytes} bytes, under the {MARKDOWN_MIN_BYTES} its target needs: \
                 raise MARKDOWN_SEEDS in xtask/src/bench.rs"
            ));
        }
        let export = out.join(format!("export-{}.json", corpus.id()));
        let raw = out.join(format!("raw-{}.json", corpus.id()));
        // A synthetic export is kept while it is newer than its corpus and than this binary
        // (which holds the parser); copies are made afresh, so they are always exported.
        let stamp = dir.join(STAMP);
        let synthetic = matches!(corpus, Corpus::Synthetic(_) | Corpus::Markdown(_));
        let fresh = |file: &Path| {
            synthetic
                && newer(file, &stamp)
                && std::env::current_exe().is_ok_and(|exe| newer(file, &exe))
        };
        if !fresh(&export) {
            crate::export::write(&dir, &export)?;
        }
        if !fresh(&raw) {
            write_raw(&dir, &names, &raw)?;
        }
        say!(
            "bench: corpus {} ready: {} seeds, {:.1} MB ({:.1} s)",
            corpus.id(),
            names.len(),
            bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
        corpora.push(json!({
            "id": corpus.id(),
            "label": corpus.label(names.len()),
            "dir": absolute(&dir)?,
            "export": absolute(&export)?,
            "raw": absolute(&raw)?,
            "seeds": names.len(),
            "bytes": bytes,
        }));
    }

    // The element's files as they ship (minified, as `dist` writes them): what the size rows
    // and targets count.
    let shipped_dir = out.join("shipped");
    crate::dist::write_element_files(&shipped_dir)?;
    let shipped: Vec<serde_json::Value> = crate::size::shipped_in(&shipped_dir)?
        .into_iter()
        .map(|(name, raw, gzip)| {
            let needed = crate::dist::NeededBy::of(&name).as_str();
            json!({ "name": name, "raw": raw, "gzip": gzip, "neededBy": needed })
        })
        .collect();
    let xtask =
        std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let plan = json!({
        "root": absolute(Path::new("."))?,
        "out": absolute(out)?,
        "xtask": xtask,
        "chromium": std::env::var_os("CHROMIUM")
            .map(|c| c.to_string_lossy().into_owned())
            .unwrap_or_else(|| install::CHROMIUM.to_string()),
        "corpora": corpora,
        "shipped": { "dir": absolute(&shipped_dir)?, "files": shipped },
    });
    let plan_path = out.join("plan.json");
    let text = serde_json::to_string_pretty(&plan)
        .map_err(|e| format!("cannot render the bench plan: {e}"))?;
    fs::write(&plan_path, text)
        .map_err(|e| format!("cannot write {}: {e}", plan_path.display()))?;
    say!(
        "bench: prepared in {:.1} s; measuring",
        started.elapsed().as_secs_f64()
    );
    let languages = languages(out)?;
    run_cmd(Command::new("node").arg(SCRIPT).arg(&plan_path))?;
    say!("bench: languages (issue 15; natively: the core tokenises, folds and searches as the wasm does)");
    for line in &languages {
        say!("{line}");
    }
    say!(
        "bench: done in {:.1} s; results in {OUT}/results.json",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The fewest searches of a language's words that must list every page holding the word, and
/// the least share of listed pages that must hold it (issue 15), in percent.
const LANGUAGE_RECALL: f64 = 95.0;
const LANGUAGE_PRECISION: f64 = 90.0;

/// The language measurement: words of each language's tldr pages picked by `Intl.Segmenter`
/// (`bench/languages.mjs`), searched and judged by `examples/languages.rs`; one target row per
/// language, MET or MISSED.
fn languages(out: &Path) -> Result<Vec<String>> {
    let words = out.join("lang-words.tsv");
    run_cmd(Command::new("node").arg("bench/languages.mjs").arg(&words))?;
    let output = crate::cargo()
        .args([
            "run",
            "--release",
            "--quiet",
            "--example",
            "languages",
            "--",
        ])
        .arg(&words)
        .output()
        .map_err(|e| format!("cannot run the languages example: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the languages example failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut rows = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [lang, n, recall, precision, misses] = fields[..] else {
            continue;
        };
        let (r, p): (f64, f64) = (
            recall.parse().unwrap_or(0.0),
            precision.parse().unwrap_or(0.0),
        );
        let met = r >= LANGUAGE_RECALL && p >= LANGUAGE_PRECISION;
        rows.push(format!(
            "  {lang}: {n} words, recall >= {LANGUAGE_RECALL}% and precision >= {LANGUAGE_PRECISION}%   {r:.1}% / {p:.1}%   {}{}",
            if met { "MET" } else { "MISSED" },
            if misses.is_empty() { String::new() } else { format!(" (missed: {misses})") }
        ));
    }
    Ok(rows)
}

/// One corpus to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Corpus {
    /// The project's own seeds.
    Real,
    /// The vendored mdBook guide.
    Mdbook,
    /// This many synthetic plain seeds.
    Synthetic(usize),
    /// This many synthetic markdown seeds.
    Markdown(usize),
}

fn parse_sizes(list: &str) -> Result<Vec<Corpus>> {
    let mut corpora = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let corpus = match item {
            "real" => Corpus::Real,
            "mdbook" => Corpus::Mdbook,
            "md" => Corpus::Markdown(MARKDOWN_SEEDS),
            n => {
                let (markdown, count) = match n.strip_prefix("md") {
                    Some(count) => (true, count),
                    None => (false, n),
                };
                match count.parse::<usize>() {
                    Ok(k) if k > 0 && markdown => Corpus::Markdown(k),
                    Ok(k) if k > 0 => Corpus::Synthetic(k),
                    _ => {
                        return Err(format!(
                            "--sizes wants `real`, `mdbook`, a number of seeds, `md` or `mdN`, \
                             not `{n}`"
                        ))
                    }
                }
            }
        };
        if !corpora.contains(&corpus) {
            corpora.push(corpus);
        }
    }
    if corpora.is_empty() {
        return Err("--sizes lists no corpus".into());
    }
    Ok(corpora)
}

impl Corpus {
    fn id(self) -> String {
        match self {
            Corpus::Real => "real".into(),
            Corpus::Mdbook => "mdbook".into(),
            Corpus::Synthetic(n) => n.to_string(),
            Corpus::Markdown(MARKDOWN_SEEDS) => "md".into(),
            Corpus::Markdown(n) => format!("md{n}"),
        }
    }

    fn label(self, seeds: usize) -> String {
        match self {
            Corpus::Real => format!("{seeds} real seeds"),
            Corpus::Mdbook => format!("mdBook guide ({seeds} pages)"),
            Corpus::Synthetic(_) => format!("{seeds} synthetic seeds"),
            Corpus::Markdown(_) => format!("{seeds} markdown seeds"),
        }
    }

    /// Makes the corpus's folder under `out` and returns it. Copies are made afresh (they are
    /// small, and `serve` writes its manifest and pack into the folder it serves, which must
    /// not be a committed one); a synthetic corpus is kept while its stamp matches.
    fn prepare(self, out: &Path) -> Result<PathBuf> {
        let dir = out.join(format!("corpus-{}", self.id()));
        match self {
            Corpus::Real => copy_seeds(Path::new("seeds"), &dir)?,
            Corpus::Mdbook => copy_seeds(Path::new(MDBOOK), &dir)?,
            Corpus::Synthetic(n) | Corpus::Markdown(n) => {
                let format = match self {
                    Corpus::Markdown(_) => Format::Markdown,
                    _ => Format::Plain,
                };
                let stamp_path = dir.join(STAMP);
                let stamp = format!(
                    "generator {GENERATOR_VERSION}, seed {}, {n} {format:?} seeds\n",
                    crate::corpus::DEFAULT_SEED
                );
                let fresh = fs::read_to_string(&stamp_path).ok().as_deref() == Some(&stamp)
                    && manifest::seed_names(&dir).is_ok_and(|names| names.len() == n);
                if fresh {
                    say!("bench: reusing {}", dir.display());
                } else {
                    say!(
                        "bench: generating {n} synthetic {format:?} seeds into {}",
                        dir.display()
                    );
                    let _ = fs::remove_file(&stamp_path);
                    crate::corpus::generate(
                        Path::new("seeds"),
                        &dir,
                        n,
                        crate::corpus::DEFAULT_SEED,
                        format,
                    )?;
                    fs::write(&stamp_path, stamp)
                        .map_err(|e| format!("cannot write {}: {e}", stamp_path.display()))?;
                }
            }
        }
        Ok(dir)
    }
}

/// Writes the raw texts of `dir`'s seeds `names`, in manifest order, as one JSON array
/// `[{id, name, text}]` (`id` the position): what the raw MiniSearch peer fetches, the same
/// bytes the viewer parses (as UTF-8; a seed that is not is read lossily).
fn write_raw(dir: &Path, names: &[String], to: &Path) -> Result {
    let mut seeds = Vec::with_capacity(names.len());
    for (id, name) in names.iter().enumerate() {
        let path = dir.join(name);
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        seeds.push(json!({ "id": id, "name": name, "text": text }));
    }
    let text = serde_json::to_string(&seeds)
        .map_err(|e| format!("cannot render {}: {e}", to.display()))?;
    fs::write(to, text).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

/// Replaces `to` with a copy of the seeds (not the manifest or pack) of `from`.
fn copy_seeds(from: &Path, to: &Path) -> Result {
    if to.exists() {
        fs::remove_dir_all(to).map_err(|e| format!("cannot clear {}: {e}", to.display()))?;
    }
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for name in manifest::seed_names(from)? {
        fs::copy(from.join(&name), to.join(&name))
            .map_err(|e| format!("cannot copy {}: {e}", from.join(&name).display()))?;
    }
    Ok(())
}

/// Whether `path` exists and was modified after `than` (which must exist too).
fn newer(path: &Path, than: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(path), modified(than)), (Some(a), Some(b)) if a > b)
}

/// `path` made absolute (the project root is the working directory), as text for the plan.
fn absolute(path: &Path) -> Result<String> {
    let path =
        fs::canonicalize(path).map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
    path.to_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{} is not valid UTF-8", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes() {
        assert_eq!(
            parse_sizes("real, 1000,10000,1000").unwrap(),
            [
                Corpus::Real,
                Corpus::Synthetic(1000),
                Corpus::Synthetic(10000)
            ]
        );
        assert_eq!(parse_sizes("mdbook").unwrap(), [Corpus::Mdbook]);
        assert_eq!(
            parse_sizes("md,md300,md").unwrap(),
            [Corpus::Markdown(MARKDOWN_SEEDS), Corpus::Markdown(300)]
        );
        assert_eq!(Corpus::Markdown(MARKDOWN_SEEDS).id(), "md");
        assert_eq!(Corpus::Markdown(300).id(), "md300");
        assert!(parse_sizes("md0").is_err());
        assert!(parse_sizes("mdx").is_err());
        assert!(parse_sizes("0").is_err());
        assert!(parse_sizes("ten").is_err());
        assert!(parse_sizes(",").is_err());
    }
}
