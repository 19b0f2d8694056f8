//! Queries: what the user typed, parsed into folded terms, and the ranked seeds that match.
//!
//! Every term must match. A term matches a word equal to it or starting with it, so results
//! narrow as the user types; a whole-word match ranks above a completion.

use crate::index::Index;
use crate::text;

/// A parsed query: distinct folded terms, in the order typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub terms: Vec<String>,
}

/// A matching document and its relevance; higher is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
}

impl Query {
    /// The most terms a query keeps; more add nothing a reader could want and only cost time.
    pub const MAX_TERMS: usize = 32;

    pub fn parse(input: &str) -> Query {
        let mut terms: Vec<String> = Vec::new();
        for term in text::folded_words(input) {
            if terms.len() < Self::MAX_TERMS && !terms.contains(&term) {
                terms.push(term);
            }
        }
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a folded word is matched by some term (the rule highlighting shares with search).
    pub fn matches(&self, folded_word: &str) -> Option<usize> {
        self.terms
            .iter()
            .position(|t| folded_word.starts_with(t.as_str()))
    }

    /// The documents matching every term, best first; equal scores keep document order.
    pub fn search(&self, index: &Index) -> Vec<Hit> {
        let capacity = index.capacity();
        let mut total = vec![0f32; capacity];
        let mut matched = vec![0u16; capacity];
        let mut best = vec![0f32; capacity];
        for term in &self.terms {
            best.iter_mut().for_each(|b| *b = 0.0);
            for (word, postings) in index.lookup(term, true) {
                let exactness = if word.len() == term.len() {
                    1.0
                } else {
                    0.3 + 0.3 * term.len() as f32 / word.len() as f32
                };
                for &posting in postings {
                    let score = index.bm25(posting, postings.len()) * exactness;
                    if let Some(b) = best.get_mut(posting.doc as usize) {
                        *b = b.max(score);
                    }
                }
            }
            for ((t, m), b) in total.iter_mut().zip(matched.iter_mut()).zip(&best) {
                if *b > 0.0 {
                    *t += b;
                    *m += 1;
                }
            }
        }
        let needed = self.terms.len();
        let mut hits: Vec<Hit> = (0..capacity)
            .filter(|&d| matched.get(d).is_some_and(|&m| usize::from(m) == needed))
            .map(|d| Hit {
                doc: d as u32,
                score: total.get(d).copied().unwrap_or_default(),
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits
    }
}
