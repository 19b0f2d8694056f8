//! Showing why a seed matched: the block with the most distinct query clauses, cut to a short
//! window around its first match, and the sections where the matches are.
//!
//! Chosen from the seed's word stream (the index's, see [`crate::index::Index::words_of`]) and
//! the pieces the corpus recorded for it, never by tokenising its text: the only text read is
//! the chosen block's, and only the window shown is escaped and marked.

use crate::index::{WordId, GAP};

/// About how many characters a snippet shows.
pub const SNIPPET_CHARS: usize = 220;

/// The most sections a result points into.
pub const MAX_SECTIONS: usize = 3;

/// What a piece of a seed's word stream is: the corpus records one per block, in stream order
/// (title, section titles, summary and front matter, section bodies, introduction, conclusion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Title,
    /// The title of section `i` (0-based).
    Heading(u32),
    Summary,
    /// A front-matter value other than the title and summary.
    Meta,
    Introduction,
    /// A block of section `i`'s body.
    Body(u32),
    Conclusion,
}

impl Role {
    /// Where a snippet may come from, in reading order (lower first); `None` for titles and
    /// front matter.
    fn reading_order(self) -> Option<u8> {
        match self {
            Role::Summary => Some(0),
            Role::Introduction => Some(1),
            Role::Body(_) => Some(2),
            Role::Conclusion => Some(3),
            Role::Title | Role::Heading(_) | Role::Meta => None,
        }
    }
}

/// One piece of a seed's word stream: its role, where it starts and how many words it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub role: Role,
    pub start: u32,
    pub words: u32,
}

/// Where a listed seed's snippet and section links come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    /// The piece the snippet shows and the word of it (counted from its start) the snippet
    /// should show early: its first match, or 0.
    pub snippet: Option<(usize, u32)>,
    /// The sections (0-based) holding the most matches, best first, at most [`MAX_SECTIONS`]:
    /// ranked by distinct clauses matched, then by matches (a title match counts three).
    pub sections: Vec<u32>,
}

/// What the stream holds of the query in one piece.
#[derive(Clone, Copy, Default)]
struct Tally {
    clauses: u64,
    matches: u32,
    first: Option<u32>,
}

/// Chooses the snippet and sections of a seed from its word stream `words` and its `pieces`;
/// `clause_of` says which clause of the query a word serves (none for an empty query, which
/// reads the stream not at all: the summary's start is shown).
pub fn choose(
    words: impl Iterator<Item = WordId>,
    pieces: &[Piece],
    clause_of: impl Fn(WordId) -> Option<usize>,
    query_is_empty: bool,
) -> Choice {
    // The blocks with words in reading order, those of one role in stream order: (order, index)
    // pairs listed by index, sorted.
    let mut order: Vec<(u64, u32)> = (0u32..)
        .zip(pieces)
        .filter_map(|(i, p)| {
            Some((
                u64::from(p.role.reading_order().filter(|_| p.words > 0)?),
                i,
            ))
        })
        .collect();
    crate::rank::sort_pairs(&mut order);
    let order = || order.iter().map(|&(_, i)| i as usize);
    let first_block = order().next().map(|i| (i, 0));
    if query_is_empty {
        return Choice {
            snippet: first_block,
            sections: Vec::new(),
        };
    }
    let tallies = tally(words, pieces, clause_of);
    let get = |i: usize| tallies.get(i).copied().unwrap_or_default();
    // The first block in reading order with the most distinct clauses, then the most matches.
    let mut best: Option<(u32, u32, usize, u32)> = None;
    for i in order() {
        let t = get(i);
        let Some(first) = t.first else { continue };
        let key = (t.clauses.count_ones(), t.matches);
        if best.is_none_or(|(d, m, _, _)| key > (d, m)) {
            best = Some((key.0, key.1, i, first));
        }
    }
    let snippet = best.map(|(_, _, i, first)| (i, first)).or(first_block);

    let sections = pieces.iter().filter_map(|p| match p.role {
        Role::Heading(s) => Some(s + 1),
        _ => None,
    });
    let count = sections.max().unwrap_or(0) as usize;
    let mut by_section = vec![(0u64, 0u32); count];
    for (i, piece) in pieces.iter().enumerate() {
        let (section, weight) = match piece.role {
            Role::Heading(s) => (s, 3),
            Role::Body(s) => (s, 1),
            _ => continue,
        };
        let t = get(i);
        if let Some((clauses, matches)) = by_section.get_mut(section as usize) {
            *clauses |= t.clauses;
            *matches += weight * t.matches;
        }
    }
    // Most clauses, then most matches; ties in section order (listed by section).
    let mut scored: Vec<(u64, u32)> = (0..)
        .zip(&by_section)
        .filter(|(_, &(_, matches))| matches > 0)
        .map(|(i, &(clauses, matches))| {
            let key = (u64::from(clauses.count_ones()) << 32) | u64::from(matches);
            (!key, i)
        })
        .collect();
    crate::rank::sort_pairs(&mut scored);
    Choice {
        snippet,
        sections: scored
            .into_iter()
            .take(MAX_SECTIONS)
            .map(|(_, i)| i)
            .collect(),
    }
}

/// One pass over the stream: per piece, the clauses its words serve, how many matched and the
/// first match.
fn tally(
    words: impl Iterator<Item = WordId>,
    pieces: &[Piece],
    clause_of: impl Fn(WordId) -> Option<usize>,
) -> Vec<Tally> {
    let mut tallies = vec![Tally::default(); pieces.len()];
    let mut piece = 0usize;
    let mut next_start = pieces.get(1).map_or(u32::MAX, |p| p.start);
    for (at, word) in (0u32..).zip(words) {
        while at >= next_start {
            piece += 1;
            next_start = pieces.get(piece + 1).map_or(u32::MAX, |p| p.start);
        }
        if word == GAP {
            continue;
        }
        let Some(clause) = clause_of(word) else {
            continue;
        };
        let start = pieces.get(piece).map_or(0, |p| p.start);
        if let Some(t) = tallies.get_mut(piece) {
            t.clauses |= 1u64 << clause.min(63);
            t.matches += 1;
            t.first.get_or_insert(at - start);
        }
    }
    tallies
}

/// A window of a block's text, with whether text was cut before and after it.
#[derive(Debug, PartialEq)]
pub struct Snippet<'a> {
    pub text: &'a str,
    pub cut_before: bool,
    pub cut_after: bool,
}

/// About [`SNIPPET_CHARS`] of `content` starting a little before byte `at`, cut at spaces.
pub fn window(content: &str, at: usize) -> Snippet<'_> {
    let content = content.trim();
    let at = at.min(content.len());
    let lead = content.get(..at).unwrap_or_default();
    let start = if lead.chars().count() <= 60 {
        0
    } else {
        let back = lead.char_indices().rev().nth(50).map_or(0, |(i, _)| i);
        lead.get(back..)
            .and_then(|l| l.find(' '))
            .map_or(back, |sp| back + sp + 1)
    };
    let rest = content.get(start..).unwrap_or_default();
    let (text, cut_after) = match rest.char_indices().nth(SNIPPET_CHARS) {
        None => (rest, false),
        Some((cut, _)) => {
            let head = rest.get(..cut).unwrap_or(rest);
            (head.rsplit_once(' ').map_or(head, |(h, _)| h), true)
        }
    };
    Snippet {
        text,
        cut_before: start > 0,
        cut_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(role: Role, start: u32, words: u32) -> Piece {
        Piece { role, start, words }
    }

    /// Title "a" | heading 0 "b", heading 1 "c" | summary "d e" | body 0 "x y", body 1 "x z".
    fn pieces() -> (Vec<WordId>, Vec<Piece>) {
        let stream = vec![1, GAP, 2, 3, GAP, 4, 5, GAP, 10, 11, 10, 12];
        let pieces = vec![
            piece(Role::Title, 0, 1),
            piece(Role::Heading(0), 2, 1),
            piece(Role::Heading(1), 3, 1),
            piece(Role::Summary, 5, 2),
            piece(Role::Body(0), 8, 2),
            piece(Role::Body(1), 10, 2),
        ];
        (stream, pieces)
    }

    #[test]
    fn the_snippet_is_the_block_with_most_distinct_clauses_then_most_matches() {
        let (stream, pieces) = pieces();
        // x is clause 0, z clause 1: body 1 has both.
        let clause = |w: WordId| match w {
            10 => Some(0),
            12 => Some(1),
            _ => None,
        };
        let choice = choose(stream.iter().copied(), &pieces, clause, false);
        assert_eq!(choice.snippet, Some((5, 0)), "body 1, from its first match");
        assert_eq!(choice.sections, [1, 0]);
    }

    #[test]
    fn a_title_match_weighs_three_and_no_match_shows_the_summary() {
        let (stream, pieces) = pieces();
        let choice = choose(
            stream.iter().copied(),
            &pieces,
            |w| (w == 2 || w == 12).then_some(0),
            false,
        );
        assert_eq!(
            choice.sections,
            [0, 1],
            "the title match (3) beats one body match"
        );
        let none = choose(stream.iter().copied(), &pieces, |_| None, false);
        assert_eq!(none.snippet, Some((3, 0)));
        assert!(none.sections.is_empty());
        let empty = choose(std::iter::empty(), &pieces, |_| Some(0), true);
        assert_eq!(
            empty.snippet,
            Some((3, 0)),
            "an empty query reads no stream"
        );
    }

    #[test]
    fn a_window_starts_a_little_before_its_match_and_cuts_at_spaces() {
        let text = format!("{} needle {}", "lead ".repeat(40), "tail ".repeat(60));
        let at = text.find("needle").unwrap();
        let w = window(&text, at);
        assert!(w.cut_before && w.cut_after);
        assert!(w.text.starts_with("lead ") && w.text.contains("needle"));
        assert!(w.text.chars().count() <= SNIPPET_CHARS);
        assert_eq!(
            window("short", 0),
            Snippet {
                text: "short",
                cut_before: false,
                cut_after: false
            }
        );
    }
}
