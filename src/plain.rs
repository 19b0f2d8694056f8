//! The plain seed format (`.txt`): line 1 the summary, line 2 the introduction, an outline of
//! `- ` lines, then each section as a line equal to its outline title followed by its
//! paragraphs (one per non-blank line); the last paragraph of the file is the conclusion.
//!
//! Tolerated without complaint, because real seeds do it: blank lines, CRLF or lone CR line
//! ends, Unicode line separators, trailing spaces, no final newline, a section title line
//! repeated, and titles whose case, spacing or apostrophe style differ from the outline's
//! (matched by [`text::title_key`]; shown as written in the outline).

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::seed::{Node, Origin, Origins, Section, Seed};
use crate::text;

/// A title longer than this is not a headline; see [`title_for`].
const MAX_TITLE_CHARS: usize = 90;

/// Non-blank lines with their 1-based numbers, trimmed. Any of LF, CRLF, CR, U+2028 and U+2029
/// ends a line.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut number = 1;
    let mut start = 0;
    let mut from = 0;
    // The breaks are `\n`, `\r` and U+2028/U+2029 (E2 80 A8/A9 in UTF-8).
    while let Some(i) = crate::decode::find_any(bytes, from, crate::decode::Candidates::LineEnds) {
        let b = bytes.get(i).copied().unwrap_or(0);
        let len = match b {
            b'\n' | b'\r' => 1,
            _ if matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])) => 3,
            _ => {
                from = i + 1;
                continue;
            }
        };
        push_line(&mut out, number, text.get(start..i).unwrap_or_default());
        number += 1;
        let mut next = i + len;
        if b == b'\r' && bytes.get(next) == Some(&b'\n') {
            next += 1;
        }
        start = next;
        from = next;
    }
    push_line(&mut out, number, text.get(start..).unwrap_or_default());
    out
}

fn push_line<'a>(out: &mut Vec<(usize, &'a str)>, number: usize, line: &'a str) {
    let line = line.trim();
    if !line.is_empty() {
        out.push((number, line));
    }
}

fn outline_title(line: &str) -> Option<&str> {
    line.strip_prefix("- ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Parses plain-format `text` (already decoded) of the seed `file`; each block's origin is the
/// line it came from.
pub fn parse(
    file: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    origins: &mut Origins,
) -> Seed {
    let lines = lines(text);
    let mut seed = Seed::default();
    let mut rest = lines.as_slice();
    let at = |part: &str| Origin::of(text, part);

    if let Some(((_, summary), tail)) = rest.split_first() {
        if outline_title(summary).is_none() {
            seed.summary.push(Node::paragraph(*summary));
            origins.summary.push(at(summary));
            rest = tail;
        }
    }
    match rest.split_first() {
        Some(((_, intro), tail)) if outline_title(intro).is_none() => {
            seed.introduction.push(Node::paragraph(*intro));
            origins.introduction.push(at(intro));
            rest = tail;
        }
        Some(((line, _), _)) if !seed.summary.is_empty() => {
            diagnostics.push(Diagnostic::new(file, *line, DiagnosticKind::NoIntroduction));
        }
        None if !seed.summary.is_empty() => {
            let line = lines.last().map_or(0, |(n, _)| n + 1);
            diagnostics.push(Diagnostic::new(file, line, DiagnosticKind::NoIntroduction));
        }
        _ => {}
    }

    let outline_len = rest
        .iter()
        .take_while(|(_, l)| outline_title(l).is_some())
        .count();
    let (outline, body) = rest.split_at(outline_len.min(rest.len()));
    let outline: Vec<(usize, &str)> = outline
        .iter()
        .filter_map(|&(n, l)| Some((n, outline_title(l)?)))
        .collect();

    let mut paragraphs_after_outline = 0;
    let mut trailing_missing = Vec::new();
    if outline.is_empty() {
        if !lines.is_empty() {
            let line = body
                .first()
                .map_or_else(|| lines.last().map_or(0, |(n, _)| n + 1), |(n, _)| *n);
            diagnostics.push(Diagnostic::new(file, line, DiagnosticKind::NoOutline));
        }
        for (_, line) in body {
            seed.introduction.push(Node::paragraph(*line));
            origins.introduction.push(at(line));
            paragraphs_after_outline += 1;
        }
    } else {
        let mut building = Building {
            seed: &mut seed,
            origins: &mut *origins,
            text,
        };
        (paragraphs_after_outline, trailing_missing) =
            parse_sections(file, &outline, body, &mut building, diagnostics);
    }

    if paragraphs_after_outline > 0 {
        let last = match (seed.sections.last_mut(), origins.bodies.last_mut()) {
            (Some(section), Some(from)) if !section.body.is_empty() => {
                section.body.pop().zip(from.pop())
            }
            (Some(_), _) => None,
            (None, _) => seed.introduction.pop().zip(origins.introduction.pop()),
        };
        if let Some((node, origin)) = last {
            seed.conclusion.push(node);
            origins.conclusion.push(origin);
        }
    }
    // After the conclusion is taken from the last real section.
    for title in trailing_missing {
        seed.sections.push(empty_section(title));
        origins.titles.push(at(title));
        origins.bodies.push(Vec::new());
    }
    seed.title = title_for(&seed, &outline);
    seed
}

/// An outline title with no section in the body: shown as an empty section, so its words are
/// not lost and its table-of-contents entry has somewhere to go.
fn empty_section(title: &str) -> Section {
    Section {
        title: vec![Node::text(title)],
        body: Vec::new(),
    }
}

/// The seed being built, with its blocks' origins in `text`.
struct Building<'s> {
    seed: &'s mut Seed,
    origins: &'s mut Origins,
    text: &'s str,
}

impl Building<'_> {
    fn section(&mut self, title: &str) {
        self.seed.sections.push(Section {
            title: vec![Node::text(title)],
            body: Vec::new(),
        });
        self.origins.titles.push(Origin::of(self.text, title));
        self.origins.bodies.push(Vec::new());
    }

    fn paragraph(&mut self, line: &str) {
        let origin = Origin::of(self.text, line);
        match (
            self.seed.sections.last_mut(),
            self.origins.bodies.last_mut(),
        ) {
            (Some(section), Some(from)) => {
                section.body.push(Node::paragraph(line));
                from.push(origin);
            }
            _ => {
                self.seed.introduction.push(Node::paragraph(line));
                self.origins.introduction.push(origin);
            }
        }
    }
}

/// Splits `body` into the sections named by `outline`, in order; returns how many paragraphs the
/// body held, and the outline titles after the last section found (missing, to be appended
/// empty). Lines before the first section join the introduction; a title missing between two
/// found ones is kept in its place, empty.
fn parse_sections<'a>(
    file: &str,
    outline: &[(usize, &'a str)],
    body: &[(usize, &str)],
    building: &mut Building<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (usize, Vec<&'a str>) {
    let keys: Vec<String> = outline.iter().map(|(_, t)| text::title_key(t)).collect();
    let mut next = 0; // index of the next outline title we expect
    let mut current: Option<usize> = None; // index into outline of the open section
    let mut paragraphs = 0;
    let mut section_line = Vec::with_capacity(outline.len());

    for &(number, line) in body {
        // Only a line whose key is a title's matters; most are ruled out by their first words.
        let key = text::matching_key(line, &keys);
        let repeated_title = current.is_some_and(|c| {
            keys.get(c) == key.as_ref()
                && building
                    .seed
                    .sections
                    .last()
                    .is_some_and(|s| s.body.is_empty())
        });
        if repeated_title {
            continue;
        }
        if let Some(found) = keys
            .iter()
            .skip(next)
            .position(|k| Some(k) == key.as_ref())
            .map(|p| p + next)
        {
            for missing in outline.get(next..found).unwrap_or_default() {
                let title = missing.1.to_owned();
                diagnostics.push(Diagnostic::new(
                    file,
                    missing.0,
                    DiagnosticKind::MissingSection { title },
                ));
                building.section(missing.1);
                section_line.push(None);
            }
            let title = outline.get(found).map_or(line, |(_, t)| t);
            building.section(title);
            section_line.push(Some((number, title)));
            current = Some(found);
            next = found + 1;
            continue;
        }
        paragraphs += 1;
        building.paragraph(line);
    }
    let mut trailing = Vec::new();
    for missing in outline.get(next..).unwrap_or_default() {
        let title = missing.1.to_owned();
        diagnostics.push(Diagnostic::new(
            file,
            missing.0,
            DiagnosticKind::MissingSection { title },
        ));
        trailing.push(missing.1);
    }
    for (section, found) in building.seed.sections.iter().zip(section_line) {
        let Some((number, title)) = found else {
            continue; // missing, already reported
        };
        if section.body.is_empty() {
            let title = title.to_owned();
            diagnostics.push(Diagnostic::new(
                file,
                number,
                DiagnosticKind::EmptySection { title },
            ));
        }
    }
    (paragraphs, trailing)
}

/// A headline for a seed that has no title line: the summary's first sentence when it is short
/// enough to read as one; else the first outline title (the article's opening topic); else the
/// summary's first sentence cut at a word; empty when there is no text at all.
fn title_for(seed: &Seed, outline: &[(usize, &str)]) -> String {
    let mut summary = String::new();
    crate::seed::plain_text(&seed.summary, &mut summary);
    let sentence = first_sentence(summary.trim());
    if !sentence.is_empty() && sentence.chars().count() <= MAX_TITLE_CHARS {
        return sentence.trim_end_matches('.').to_owned();
    }
    if let Some((_, title)) = outline.first() {
        return (*title).to_owned();
    }
    truncate_at_word(sentence, MAX_TITLE_CHARS)
}

fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) {
            return text.get(..i + c.len_utf8()).unwrap_or(text);
        }
    }
    text
}

fn truncate_at_word(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    let head = text.get(..cut).unwrap_or(text);
    let head = head.rsplit_once(' ').map_or(head, |(h, _)| h);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_end_counts_as_one_line() {
        let got: Vec<usize> = lines("a\r\nb\rc\u{2028}d\n\ne")
            .iter()
            .map(|l| l.0)
            .collect();
        assert_eq!(got, [1, 2, 3, 4, 6]);
    }

    #[test]
    fn first_sentence_stops_at_sentence_punctuation() {
        assert_eq!(first_sentence("One two. Three."), "One two.");
        assert_eq!(first_sentence("Version 1.5 is out"), "Version 1.5 is out");
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        assert_eq!(truncate_at_word("alpha beta gamma", 12), "alpha beta…");
    }
}
