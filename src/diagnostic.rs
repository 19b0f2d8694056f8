//! Problems found in a seed, as values: each names the file, the 1-based line (0 for the whole
//! file) and a kind with a user-facing message that says how to fix it.

use std::fmt;

/// One problem in one seed. Parsing never fails; it yields a best-effort seed plus these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The seed's name exactly as the manifest lists it.
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
