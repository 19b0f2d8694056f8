//! Showing why a seed matched: the passage with the most distinct query clauses, cut to a short
//! window around its first match, and the sections where the matches are.

use crate::query::Highlight;
use crate::seed::{plain_text, Seed};
use crate::text;

/// About how many characters a snippet shows.
pub const SNIPPET_CHARS: usize = 220;

/// A window of a seed's text, with whether text was cut before and after it.
#[derive(Debug, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub cut_before: bool,
    pub cut_after: bool,
}

/// The best passage of `seed` for `query`; the summary's start for an empty query or no match.
pub fn snippet(seed: &Seed, query: &Highlight) -> Snippet {
    let blocks = seed
        .summary
        .iter()
        .chain(&seed.introduction)
        .chain(seed.sections.iter().flat_map(|s| &s.body))
        .chain(&seed.conclusion);
    let mut best: Option<(usize, usize, String, usize)> = None; // (distinct, total, text, first)
    let mut fallback: Option<String> = None;
    let mut folded = String::new();
    for block in blocks {
        let mut content = String::new();
        plain_text(std::slice::from_ref(block), &mut content);
        if content.trim().is_empty() {
            continue;
        }
        if query.is_empty() {
            fallback = Some(content);
            break;
        }
        let mut seen = vec![false; query.clauses()];
        let (mut total, mut first) = (0, None);
        for (s, e) in text::words(&content) {
            text::fold_into(content.get(s..e).unwrap_or_default(), &mut folded);
            if let Some(t) = query.clause(&folded) {
                total += 1;
                first.get_or_insert(s);
                if let Some(flag) = seen.get_mut(t) {
                    *flag = true;
                }
            }
        }
        let distinct = seen.iter().filter(|&&f| f).count();
        if let Some(first) = first {
            if best.as_ref().is_none_or(|b| (distinct, total) > (b.0, b.1)) {
                best = Some((distinct, total, content, first));
            }
        } else if fallback.is_none() {
            fallback = Some(content);
        }
    }
    match best {
        Some((_, _, content, first)) => window(&content, first),
        None => window(&fallback.unwrap_or_default(), 0),
    }
}

/// The most sections a result points into.
pub const MAX_SECTIONS: usize = 3;

/// The sections (by index) holding the most matches, best first, at most [`MAX_SECTIONS`]:
/// ranked by distinct clauses matched, then by matches (a title match counts three).
pub fn best_sections(seed: &Seed, query: &Highlight) -> Vec<usize> {
    if query.is_empty() {
        return Vec::new();
    }
    let mut folded = String::new();
    let mut scored: Vec<(usize, usize, usize)> = Vec::new(); // (distinct, matches, index)
    for (i, section) in seed.sections.iter().enumerate() {
        let mut seen = vec![false; query.clauses()];
        let mut matches = 0;
        for (nodes, weight) in [(&section.title, 3), (&section.body, 1)] {
            let mut content = String::new();
            plain_text(nodes, &mut content);
            for (s, e) in text::words(&content) {
                text::fold_into(content.get(s..e).unwrap_or_default(), &mut folded);
                if let Some(c) = query.clause(&folded) {
                    matches += weight;
                    if let Some(flag) = seen.get_mut(c) {
                        *flag = true;
                    }
                }
            }
        }
        if matches > 0 {
            scored.push((seen.iter().filter(|&&f| f).count(), matches, i));
        }
    }
    scored.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(a.2.cmp(&b.2)));
    scored
        .into_iter()
        .take(MAX_SECTIONS)
        .map(|(_, _, i)| i)
        .collect()
}

/// About [`SNIPPET_CHARS`] of `content` starting a little before byte `at`, cut at spaces.
fn window(content: &str, at: usize) -> Snippet {
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
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Snippet {
        text,
        cut_before: start > 0,
        cut_after,
    }
}
