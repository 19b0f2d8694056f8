//! One load of a corpus as plain Rust: the limits, which seeds have arrived, which failed and
//! why, and the diagnostics to show. The boundary's loader (`wasm/load.rs`) does the fetching
//! and hands every outcome here, so what a fault or a limit means is decided, and tested, once.

use rustc_hash::FxHashMap;

use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, DiagnosticKind};

/// The element's limits (`max-seed-bytes`, `max-seeds`, `fetch-timeout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_seed_bytes: u64,
    pub max_seeds: usize,
    pub timeout_ms: u32,
}

impl Default for Limits {
    /// They admit a 6 MB seed and 10,000 seeds, and a slow network.
    fn default() -> Limits {
        Limits {
            max_seed_bytes: 8 << 20,
            max_seeds: 20_000,
            timeout_ms: 30_000,
        }
    }
}

/// What became of one manifest entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Pending,
    Loaded,
    /// Failed; `retry` says whether fetching it again may cure it.
    Failed {
        retry: bool,
    },
}

/// A corpus being loaded: its seeds by manifest position and what became of each.
pub struct Session {
    corpus: Corpus,
    limits: Limits,
    /// Seeds that made an engine trap before: refused with a diagnostic.
    skip: Vec<String>,
    state: Vec<State>,
    /// Positions by name, for pack entries (cleared when the load is finished).
    by_name: FxHashMap<String, usize>,
    /// The file that load-wide problems name (the `src` as written).
    label: String,
    /// Each diagnostic with the position of its entry (`None` for a load-wide one), which
    /// orders them.
    diagnostics: Vec<(Option<usize>, Diagnostic)>,
    /// Seed bytes handed to the parser.
    bytes: u64,
}

impl Session {
    /// A session for the manifest's `names` (cut to `max-seeds`, with a diagnostic naming
    /// `label`); `skip` lists seeds never to parse.
    pub fn new(mut names: Vec<String>, label: &str, limits: Limits, skip: Vec<String>) -> Session {
        let mut diagnostics = Vec::new();
        if names.len() > limits.max_seeds {
            diagnostics.push((
                None,
                Diagnostic::new(
                    label,
                    0,
                    DiagnosticKind::TooManySeeds {
                        listed: names.len(),
                        limit: limits.max_seeds,
                    },
                ),
            ));
            names.truncate(limits.max_seeds);
        }
        let mut by_name = FxHashMap::default();
        for (i, name) in names.iter().enumerate() {
            by_name.entry(name.clone()).or_insert(i);
        }
        Session {
            state: vec![State::Pending; names.len()],
            corpus: Corpus::new(names),
            limits,
            skip,
            by_name,
            label: label.to_owned(),
            diagnostics,
            bytes: 0,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The entries being loaded, in manifest order.
    pub fn names(&self) -> &[String] {
        self.corpus.names()
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The viewer's language, for the seeds that name none ([`Corpus::set_language`]).
    pub fn set_language(&mut self, tag: &str) {
        self.corpus.set_language(tag);
    }

    /// The viewer's words in the HTML written from now on ([`Corpus::set_words`]).
    pub fn set_words(&mut self, words: crate::render::Words) {
        self.corpus.set_words(words);
    }

    /// Stems the words that waited for the stemmers module; whether some still wait.
    pub fn stem_pending(&mut self) -> bool {
        self.corpus.stem_pending()
    }

    /// Records a load-wide problem (naming the `src`).
    pub fn note(&mut self, kind: DiagnosticKind) {
        let diagnostic = Diagnostic::new(&self.label, 0, kind);
        self.diagnostics.push((None, diagnostic));
    }

    /// The position of the still pending entry `name` (a pack entry's name), if any.
    pub fn pending(&self, name: &str) -> Option<usize> {
        let &position = self.by_name.get(name)?;
        (self.state.get(position) == Some(&State::Pending)).then_some(position)
    }

    /// Every entry not loaded or failed yet.
    pub fn unsettled(&self) -> Vec<usize> {
        (0..self.state.len())
            .filter(|&i| self.state.get(i) == Some(&State::Pending))
            .collect()
    }

    /// Whether the seed at `position` may be parsed: pending and not a seed that trapped. A
    /// skipped seed is settled here, with its diagnostic.
    pub fn admit(&mut self, position: usize) -> bool {
        let Some(name) = self.corpus.name(position) else {
            return false;
        };
        if self.state.get(position) != Some(&State::Pending) {
            return false;
        }
        if self.skip.iter().any(|s| s == name) {
            self.fail(position, DiagnosticKind::Skipped);
            return false;
        }
        true
    }

    /// Seed `position` arrived whole: parsed and indexed, unless it is over the size limit,
    /// a seed to skip, or not pending. Returns whether it was parsed.
    pub fn arrived(&mut self, position: usize, bytes: &[u8]) -> bool {
        if !self.admit(position) {
            return false;
        }
        if bytes.len() as u64 > self.limits.max_seed_bytes {
            let limit = self.limits.max_seed_bytes;
            self.fail(
                position,
                DiagnosticKind::TooLarge {
                    bytes: Some(bytes.len() as u64),
                    limit,
                },
            );
            return false;
        }
        if let Some(state) = self.state.get_mut(position) {
            *state = State::Loaded;
        }
        self.bytes += bytes.len() as u64;
        let found = self.corpus.add(position, bytes);
        self.diagnostics
            .extend(found.into_iter().map(|d| (Some(position), d)));
        true
    }

    /// Seed `position` could not be had, for `kind`'s reason.
    pub fn fail(&mut self, position: usize, kind: DiagnosticKind) {
        let (Some(name), Some(state)) = (self.corpus.name(position), self.state.get_mut(position))
        else {
            return;
        };
        *state = State::Failed {
            retry: kind.retryable(),
        };
        let diagnostic = Diagnostic::new(name, 0, kind);
        self.diagnostics.push((Some(position), diagnostic));
    }

    fn is_retryable(&self, position: usize) -> bool {
        self.state.get(position) == Some(&State::Failed { retry: true })
    }

    /// The seeds whose failure a retry may cure, made pending again (their diagnostics go).
    pub fn retry(&mut self) -> Vec<usize> {
        let again: Vec<usize> = (0..self.state.len())
            .filter(|&i| self.is_retryable(i))
            .collect();
        for &i in &again {
            if let Some(state) = self.state.get_mut(i) {
                *state = State::Pending;
            }
        }
        // A pending entry has no diagnostic of its own (a seed that failed was never parsed).
        let state = &self.state;
        self.diagnostics
            .retain(|(position, _)| position.is_none_or(|p| state.get(p) != Some(&State::Pending)));
        again
    }

    /// How many seeds failed for a reason a retry may cure.
    pub fn retryable_failures(&self) -> usize {
        (0..self.state.len())
            .filter(|&i| self.is_retryable(i))
            .count()
    }

    /// How many entries are settled (loaded or failed).
    pub fn settled(&self) -> usize {
        self.state.iter().filter(|&&s| s != State::Pending).count()
    }

    /// Seed bytes handed to the parser so far.
    pub fn parsed_bytes(&self) -> u64 {
        self.bytes
    }

    /// Every seed is in: frees what loading needed.
    pub fn finish(&mut self) {
        self.corpus.finish();
        self.by_name = FxHashMap::default();
    }

    /// The diagnostics in manifest order (load-wide ones first), each file's by line.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out: Vec<&(Option<usize>, Diagnostic)> = self.diagnostics.iter().collect();
        crate::rank::sort_by_key(&mut out, |(position, d)| {
            let file = position.map_or(0, |p| p as u64 + 1);
            (file << 32) | d.line as u64
        });
        out.into_iter().map(|(_, d)| d.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn max_seeds_cuts_the_list_and_says_so() {
        let s = Session::new(
            names(&["a.txt", "b.txt", "c.txt"]),
            "index.json",
            Limits {
                max_seeds: 2,
                ..Limits::default()
            },
            vec![],
        );
        assert_eq!(s.names(), ["a.txt", "b.txt"]);
        let d = s.diagnostics();
        assert_eq!(d[0].file, "index.json");
        assert_eq!(d[0].kind.code(), "max-seeds");
        assert!(d[0]
            .message()
            .starts_with("3 seeds are listed; only the first 2 are loaded"));
    }

    #[test]
    fn faults_become_diagnostics_and_retry_takes_back_only_the_retryable_ones() {
        let limits = Limits {
            max_seed_bytes: 20,
            ..Limits::default()
        };
        let mut s = Session::new(
            names(&["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]),
            "index.json",
            limits,
            vec!["e.txt".into()],
        );
        assert!(s.arrived(0, b"Fine.\nIntro."));
        assert!(!s.arrived(1, b"far too long for the limit"));
        s.fail(2, DiagnosticKind::Http { status: 500 });
        s.fail(3, DiagnosticKind::Refused);
        assert!(!s.arrived(4, b"x"));
        assert_eq!(s.settled(), 5);
        let got: Vec<(String, &'static str)> = s
            .diagnostics()
            .into_iter()
            .map(|d| (d.file.clone(), d.kind.code()))
            .collect();
        assert!(got.contains(&("b.txt".into(), "max-seed-bytes")));
        assert!(got.contains(&("c.txt".into(), "http")));
        assert!(got.contains(&("d.txt".into(), "refused")));
        assert!(got.contains(&("e.txt".into(), "skipped")));
        assert_eq!(s.retryable_failures(), 1);
        assert_eq!(s.retry(), [2]);
        assert!(!s.diagnostics().iter().any(|d| d.file == "c.txt"));
        assert_eq!(s.unsettled(), [2]);
        assert!(s.arrived(2, b"Now.\nIn."));
        assert_eq!(s.retryable_failures(), 0);
        assert_eq!(s.corpus().loaded(), 2);
    }

    #[test]
    fn diagnostics_keep_manifest_order_after_the_load_is_finished() {
        let mut s = Session::new(
            names(&["a.txt", "b.txt", "c.txt"]),
            "m",
            Limits::default(),
            vec![],
        );
        s.fail(2, DiagnosticKind::Refused);
        assert!(s.arrived(0, b""));
        s.note(DiagnosticKind::PackBroken);
        s.fail(1, DiagnosticKind::Http { status: 404 });
        s.finish();
        let files: Vec<String> = s.diagnostics().into_iter().map(|d| d.file).collect();
        assert_eq!(files, ["m", "a.txt", "b.txt", "c.txt"]);
    }

    #[test]
    fn a_seed_arrives_once_and_only_if_listed() {
        let mut s = Session::new(names(&["a.txt"]), "m", Limits::default(), vec![]);
        assert_eq!(s.pending("a.txt"), Some(0));
        assert_eq!(s.pending("other.txt"), None);
        assert!(s.arrived(0, b"One.\nTwo."));
        assert_eq!(s.pending("a.txt"), None);
        assert!(!s.arrived(0, b"Again."));
        assert!(!s.arrived(7, b"Nowhere."));
        assert_eq!(s.parsed_bytes(), 9);
    }

    #[test]
    fn every_kind_has_a_distinct_listed_code() {
        let kinds = [
            DiagnosticKind::Empty,
            DiagnosticKind::Binary,
            DiagnosticKind::InvalidUtf8,
            DiagnosticKind::ControlCharacters,
            DiagnosticKind::NoIntroduction,
            DiagnosticKind::NoOutline,
            DiagnosticKind::MissingSection { title: "t".into() },
            DiagnosticKind::EmptySection { title: "t".into() },
            DiagnosticKind::UnclosedFrontMatter,
            DiagnosticKind::ManifestHttp { status: 404 },
            DiagnosticKind::ManifestUnreachable { reason: "r".into() },
            DiagnosticKind::ManifestJson,
            DiagnosticKind::ManifestNoSeeds,
            DiagnosticKind::ManifestEntries,
            DiagnosticKind::NoSource,
            DiagnosticKind::TooManySeeds {
                listed: 2,
                limit: 1,
            },
            DiagnosticKind::Refused,
            DiagnosticKind::TooLarge {
                bytes: None,
                limit: 1,
            },
            DiagnosticKind::Http { status: 500 },
            DiagnosticKind::Timeout { ms: 1 },
            DiagnosticKind::Network { reason: "r".into() },
            DiagnosticKind::PackVersion {
                version: "2".into(),
            },
            DiagnosticKind::PackBroken,
            DiagnosticKind::Skipped,
            DiagnosticKind::Restarted { reason: "r".into() },
            DiagnosticKind::MarkdownUnavailable,
            DiagnosticKind::StemmersUnavailable,
        ];
        let codes: Vec<&str> = kinds.iter().map(DiagnosticKind::code).collect();
        assert_eq!(codes, DiagnosticKind::CODES);
        for kind in &kinds {
            assert!(!kind.to_string().is_empty());
        }
    }
}
