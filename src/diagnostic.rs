//! Problems, as values: each names the file, the 1-based line (0 for the whole file) and a kind
//! whose message says what happened and how to fix it. Seed problems come from parsing; load
//! problems (the manifest, the network, the limits, the pack) from the boundary's loader. Every
//! kind has a stable [`DiagnosticKind::code`] that JS sees beside the message; the README and the
//! `.d.ts` list them.

use std::fmt;

/// One problem in one seed (or in the manifest). Parsing never fails; it yields a best-effort
/// seed plus these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The seed's name exactly as the manifest lists it (the `src` as written for a manifest
    /// problem).
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    pub kind: DiagnosticKind,
}

/// What went wrong. Each variant documents when it occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// Occurs when the file has no bytes, or only white space.
    Empty,
    /// Occurs when the file looks like binary data (over 10% control bytes).
    Binary,
    /// Occurs when bytes are not valid UTF-8; they are shown as U+FFFD.
    InvalidUtf8,
    /// Occurs when text holds control characters (NUL, escape, DEL...); they are shown as U+FFFD.
    ControlCharacters,
    /// Occurs when a plain seed has a summary but no introduction line.
    NoIntroduction,
    /// Occurs when a plain seed has no `- ` outline lines after its introduction.
    NoOutline,
    /// Occurs when an outline title is never repeated as a section line.
    MissingSection { title: String },
    /// Occurs when a section line is followed by no paragraph at all.
    EmptySection { title: String },
    /// Occurs when markdown front matter opens with `---` but never closes.
    UnclosedFrontMatter,

    /// Occurs when the manifest's server answers with an HTTP error status.
    ManifestHttp { status: u16 },
    /// Occurs when the manifest cannot be fetched at all (no server, a dropped connection, a
    /// timeout, a URL the browser refuses).
    ManifestUnreachable { reason: String },
    /// Occurs when the manifest is not JSON.
    ManifestJson,
    /// Occurs when the manifest is JSON without a `"seeds"` list.
    ManifestNoSeeds,
    /// Occurs when some `"seeds"` entries are not strings (they are skipped).
    ManifestEntries,
    /// Occurs when there is nothing to load: no `src`, no links inside the element.
    NoSource,
    /// Occurs when the manifest lists more seeds than the `max-seeds` limit.
    TooManySeeds { listed: usize, limit: usize },
    /// Occurs when an entry has a scheme, a leading slash or `..` that leave the manifest's
    /// folder or origin; it is never fetched.
    Refused,
    /// Occurs when a seed is over the `max-seed-bytes` limit (`bytes` when known); it is not
    /// read further.
    TooLarge { bytes: Option<u64>, limit: u64 },
    /// Occurs when a seed's server answers with an HTTP error status. Retryable.
    Http { status: u16 },
    /// Occurs when a seed does not arrive within the `fetch-timeout` limit. Retryable.
    Timeout { ms: u32 },
    /// Occurs when a seed's request fails (connection refused or dropped). Retryable.
    Network { reason: String },
    /// Occurs when the pack names a format version this viewer does not read; the seeds are
    /// then fetched one by one.
    PackVersion { version: String },
    /// Occurs when the pack's bytes are not a pack, or end inside an entry; the seeds it did not
    /// deliver are fetched one by one.
    PackBroken,
    /// Occurs when reading this seed made the engine trap; it was restarted without it.
    Skipped,
    /// Occurs when the engine trapped and was restarted (`reason` is the trap's message).
    Restarted { reason: String },
    /// Occurs when the corpus has markdown seeds and the markdown module could not be loaded;
    /// they are read as plain text.
    MarkdownUnavailable,
    /// Occurs when the corpus has seeds in a language with a stemmer other than English and
    /// the stemmers module could not be loaded; their words match only as written.
    StemmersUnavailable,
}

impl DiagnosticKind {
    /// The stable identifier JS sees as `code` (kebab-case; never renamed, only added to).
    pub fn code(&self) -> &'static str {
        match self {
            DiagnosticKind::Empty => "empty",
            DiagnosticKind::Binary => "binary",
            DiagnosticKind::InvalidUtf8 => "invalid-utf8",
            DiagnosticKind::ControlCharacters => "control-characters",
            DiagnosticKind::NoIntroduction => "no-introduction",
            DiagnosticKind::NoOutline => "no-outline",
            DiagnosticKind::MissingSection { .. } => "missing-section",
            DiagnosticKind::EmptySection { .. } => "empty-section",
            DiagnosticKind::UnclosedFrontMatter => "unclosed-front-matter",
            DiagnosticKind::ManifestHttp { .. } => "manifest-http",
            DiagnosticKind::ManifestUnreachable { .. } => "manifest-unreachable",
            DiagnosticKind::ManifestJson => "manifest-json",
            DiagnosticKind::ManifestNoSeeds => "manifest-no-seeds",
            DiagnosticKind::ManifestEntries => "manifest-entries",
            DiagnosticKind::NoSource => "no-source",
            DiagnosticKind::TooManySeeds { .. } => "max-seeds",
            DiagnosticKind::Refused => "refused",
            DiagnosticKind::TooLarge { .. } => "max-seed-bytes",
            DiagnosticKind::Http { .. } => "http",
            DiagnosticKind::Timeout { .. } => "timeout",
            DiagnosticKind::Network { .. } => "network",
            DiagnosticKind::PackVersion { .. } => "pack-version",
            DiagnosticKind::PackBroken => "pack-broken",
            DiagnosticKind::Skipped => "skipped",
            DiagnosticKind::Restarted { .. } => "restarted",
            DiagnosticKind::MarkdownUnavailable => "markdown-unavailable",
            DiagnosticKind::StemmersUnavailable => "stemmers-unavailable",
        }
    }

    /// Whether fetching the seed again may cure it (what Retry refetches).
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            DiagnosticKind::Http { .. }
                | DiagnosticKind::Timeout { .. }
                | DiagnosticKind::Network { .. }
        )
    }

    /// Every code, in declaration order (the README's and the `.d.ts`'s list; a test keeps
    /// them equal).
    pub const CODES: &'static [&'static str] = &[
        "empty",
        "binary",
        "invalid-utf8",
        "control-characters",
        "no-introduction",
        "no-outline",
        "missing-section",
        "empty-section",
        "unclosed-front-matter",
        "manifest-http",
        "manifest-unreachable",
        "manifest-json",
        "manifest-no-seeds",
        "manifest-entries",
        "no-source",
        "max-seeds",
        "refused",
        "max-seed-bytes",
        "http",
        "timeout",
        "network",
        "pack-version",
        "pack-broken",
        "skipped",
        "restarted",
        "markdown-unavailable",
        "stemmers-unavailable",
    ];
}

impl Diagnostic {
    pub fn new(file: &str, line: usize, kind: DiagnosticKind) -> Diagnostic {
        Diagnostic {
            file: file.to_owned(),
            line,
            kind,
        }
    }

    /// The sentence shown to the user, without file and line.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// Megabytes with one decimal, as the limits are shown.
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + (1 << 19)) >> 20;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagnosticKind::Empty => f.write_str("the file is empty"),
            DiagnosticKind::Binary => {
                f.write_str("the file looks like binary data, not text; nothing can be shown")
            }
            DiagnosticKind::InvalidUtf8 => f.write_str(
                "text is not valid UTF-8 here; the bad bytes are shown as \u{FFFD} (save the file as UTF-8)",
            ),
            DiagnosticKind::ControlCharacters => f.write_str(
                "control characters (such as NUL) in the text are shown as \u{FFFD}",
            ),
            DiagnosticKind::NoIntroduction => f.write_str(
                "no introduction: line 2 should be an introduction paragraph before the outline",
            ),
            DiagnosticKind::NoOutline => f.write_str(
                "no outline: after the introduction, list the section titles as lines starting with \"- \"",
            ),
            DiagnosticKind::MissingSection { title } => write!(
                f,
                "outline title \"{title}\" has no section: it is shown empty (add a line equal to the title before its paragraphs)"
            ),
            DiagnosticKind::EmptySection { title } => {
                write!(f, "section \"{title}\" has no paragraphs")
            }
            DiagnosticKind::UnclosedFrontMatter => f.write_str(
                "front matter opened with \"---\" is never closed; it is shown as text (close it with a \"---\" line)",
            ),
            DiagnosticKind::ManifestHttp { status } => write!(
                f,
                "could not fetch the manifest: HTTP {status} (check the src attribute's URL)"
            ),
            DiagnosticKind::ManifestUnreachable { reason } => write!(
                f,
                "could not fetch the manifest: {reason} (check the URL and that its server answers)"
            ),
            DiagnosticKind::ManifestJson => f.write_str(
                "the manifest is not valid JSON (write it as {\"seeds\": [\"a.txt\", ...]}, or with cargo xtask manifest)",
            ),
            DiagnosticKind::ManifestNoSeeds => f.write_str(
                "the manifest has no \"seeds\" list (write it as {\"seeds\": [\"a.txt\", ...]})",
            ),
            DiagnosticKind::ManifestEntries => f.write_str(
                "the manifest lists entries that are not strings; they are skipped (list file names as strings)",
            ),
            DiagnosticKind::NoSource => f.write_str(
                "no seeds: set src to the URL of an index.json, or put links to the seeds inside the element",
            ),
            DiagnosticKind::TooManySeeds { listed, limit } => write!(
                f,
                "{listed} seeds are listed; only the first {limit} are loaded (the max-seeds limit; raise max-seeds to load more)"
            ),
            DiagnosticKind::Refused => f.write_str(
                "refused: it points to another origin or outside the manifest\u{2019}s folder (list seeds by paths inside the manifest\u{2019}s folder)",
            ),
            DiagnosticKind::TooLarge { bytes, limit } => {
                f.write_str("refused: the seed is ")?;
                match bytes {
                    Some(bytes) if bytes > limit => f.write_str(&megabytes(*bytes))?,
                    _ => write!(f, "over {}", megabytes(*limit))?,
                }
                write!(
                    f,
                    ", over the max-seed-bytes limit of {} (raise max-seed-bytes, or split the seed)",
                    megabytes(*limit)
                )
            }
            DiagnosticKind::Http { status } => write!(
                f,
                "could not fetch: HTTP {status} (check that the file is on the server; Retry fetches it again)"
            ),
            DiagnosticKind::Timeout { ms } => {
                let tenths = (ms + 50) / 100;
                let seconds = if tenths % 10 == 0 {
                    format!("{}", tenths / 10)
                } else {
                    format!("{}.{}", tenths / 10, tenths % 10)
                };
                write!(
                    f,
                    "could not fetch: no answer within {seconds} s (a slow server or network; raise fetch-timeout, or Retry)"
                )
            }
            DiagnosticKind::Network { reason } => write!(
                f,
                "could not fetch: {reason} (the connection failed; Retry fetches it again)"
            ),
            DiagnosticKind::PackVersion { version } => write!(
                f,
                "the pack is format version {version}, which this viewer does not read; the seeds were fetched one by one (rewrite it with this version's cargo xtask pack)"
            ),
            DiagnosticKind::PackBroken => f.write_str(
                "the pack is not a complete pack; the seeds it did not hold were fetched one by one (rewrite it with cargo xtask pack)",
            ),
            DiagnosticKind::Skipped => f.write_str(
                "skipped: reading this seed stopped the viewer, which was restarted without it (please report the seed)",
            ),
            DiagnosticKind::Restarted { reason } => write!(
                f,
                "the viewer stopped ({reason}) and was restarted"
            ),
            DiagnosticKind::MarkdownUnavailable => f.write_str(
                "the markdown module (pkg/seeds_viewer_markdown_bg.wasm) could not be loaded, so the markdown seeds are shown as plain text (serve it beside the viewer's other files)",
            ),
            DiagnosticKind::StemmersUnavailable => f.write_str(
                "the stemmers module (pkg/seeds_viewer_stemmers_bg.wasm) could not be loaded, so words in languages other than English match only as written, not their inflections (serve it beside the viewer's other files)",
            ),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.kind)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.kind)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times_read_as_the_limits_are_written() {
        let large = DiagnosticKind::TooLarge {
            bytes: Some(200_000),
            limit: 100_000,
        };
        assert!(large
            .to_string()
            .starts_with("refused: the seed is 0.2 MB, over the max-seed-bytes limit of 0.1 MB"));
        let unknown = DiagnosticKind::TooLarge {
            bytes: None,
            limit: 8 << 20,
        };
        assert!(unknown
            .to_string()
            .starts_with("refused: the seed is over 8.0 MB"));
        assert!(DiagnosticKind::Timeout { ms: 1500 }
            .to_string()
            .contains("no answer within 1.5 s"));
        assert!(DiagnosticKind::Timeout { ms: 30_000 }
            .to_string()
            .contains("no answer within 30 s"));
    }
}
