//! Queries: what the user typed, parsed into clauses, matched against the index and ranked.
//!
//! The language (documented in the README and the viewer's help):
//! - `kratom sleep`: every term must match; a term matches its own word, the words sharing its
//!   stem (`sleeping` finds `sleep`), and, when the corpus does not have the word, from five
//!   letters on, words one edit away (two from nine letters; typos rank below exact matches;
//!   not for terms with digits);
//! - the term being typed (the last, when the input does not end in a space) also matches the
//!   words it begins (`melat` finds `melatonin`);
//! - `"quoted words"`: a phrase, those exact words in that order; a hyphenated or otherwise
//!   joined term (`7-hydroxymitragynine`) is a phrase of its parts, so it is found as written,
//!   and each part is found on its own;
//! - `-word` or `-"a phrase"`: seeds containing it are left out.

use rustc_hash::FxHashMap;

use crate::index::{Index, WordId, GAP};
use crate::text;

/// One part of a query: a word or a phrase, wanted or excluded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clause {
    /// Folded words, in order; more than one makes a phrase.
    pub words: Vec<String>,
    /// `-word`: seeds matching the clause are excluded.
    pub negated: bool,
    /// Quoted: words match exactly (after folding), with no stem, typo or prefix expansion.
    pub exact: bool,
    /// The last word is being typed and also matches the words it begins.
    pub prefix: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// A matching document and its relevance; higher is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
}

/// The words a query matched (by id), each with the clause it serves: what highlighting marks
/// and what snippets look for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlight {
    words: FxHashMap<WordId, usize>,
    clauses: usize,
}

impl Highlight {
    /// Whether nothing is highlighted.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The clause a word serves, if the query matched it.
    pub fn clause(&self, word: WordId) -> Option<usize> {
        self.words.get(&word).copied()
    }

    /// How many positive clauses the query has.
    pub fn clauses(&self) -> usize {
        self.clauses
    }
}

/// A highlight with the index that gives words their ids: what marks words in text.
#[derive(Clone, Copy)]
pub struct Marker<'a> {
    index: &'a Index,
    highlight: &'a Highlight,
}

impl<'a> Marker<'a> {
    pub fn new(index: &'a Index, highlight: &'a Highlight) -> Marker<'a> {
        Marker { index, highlight }
    }

    /// Whether nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.highlight.is_empty()
    }

    /// Whether a folded word of some text is one the query matched.
    pub fn marks(&self, folded_word: &str) -> bool {
        !self.highlight.is_empty()
            && self
                .index
                .id(folded_word)
                .is_some_and(|id| self.highlight.clause(id).is_some())
    }
}

/// Relative weight of each way a word can match a term.
mod weight {
    pub const EXACT: f32 = 1.0;
    pub const STEM: f32 = 0.8;
    pub const TYPO_1: f32 = 0.4;
    pub const TYPO_2: f32 = 0.25;
    /// A completion weighs PREFIX_BASE + PREFIX_BASE * (typed length / word length).
    pub const PREFIX_BASE: f32 = 0.3;
    /// Phrases matched as phrases are worth more than their words scattered.
    pub const PHRASE: f32 = 1.5;
}

/// Words shorter than this (in characters) get no typo tolerance; from `TYPO_2_FROM` two edits.
const TYPO_1_FROM: usize = 5;
const TYPO_2_FROM: usize = 9;
/// The most completions a term being typed expands to (the most frequent are kept).
const MAX_COMPLETIONS: usize = 128;

impl Query {
    /// The most clauses and words a query keeps; more add nothing a reader could want and only
    /// cost time.
    pub const MAX_CLAUSES: usize = 32;
    pub const MAX_WORDS: usize = 16;

    pub fn parse(input: &str) -> Query {
        let mut clauses: Vec<Clause> = Vec::new();
        let mut rest = input;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || clauses.len() >= Self::MAX_CLAUSES {
                break;
            }
            let negated = rest.starts_with('-');
            if negated {
                rest = rest.get(1..).unwrap_or_default();
            }
            let (chunk, quoted, after) = if let Some(inner) = rest.strip_prefix('"') {
                match inner.find('"') {
                    Some(end) => (
                        inner.get(..end).unwrap_or_default(),
                        true,
                        inner.get(end + 1..).unwrap_or_default(),
                    ),
                    None => (inner, true, ""),
                }
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (
                    rest.get(..end).unwrap_or_default(),
                    false,
                    rest.get(end..).unwrap_or_default(),
                )
            };
            rest = after;
            let words: Vec<String> = text::folded_words(chunk).take(Self::MAX_WORDS).collect();
            if words.is_empty() {
                continue;
            }
            let clause = Clause {
                words,
                negated,
                exact: quoted,
                prefix: false,
            };
            if !clauses.contains(&clause) {
                clauses.push(clause);
            }
        }
        // The term being typed: the input ends inside the last clause's last word.
        let typing = input
            .chars()
            .last()
            .is_some_and(|c| !c.is_whitespace() && c != '"');
        if typing {
            if let Some(last) = clauses.last_mut() {
                last.prefix = !last.negated;
            }
        }
        Query { clauses }
    }

    /// Whether the query asks for nothing (every seed is listed).
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// The documents matching the query, best first (equal scores keep document order), and
    /// the words to highlight. `candidates` says which documents exist (loaded seeds).
    pub fn search(&self, index: &Index, candidates: &[bool]) -> (Vec<Hit>, Highlight) {
        let capacity = index.capacity().min(candidates.len());
        let mut total = vec![0f32; capacity];
        let mut alive: Vec<bool> = candidates.iter().take(capacity).copied().collect();
        let mut highlight = Highlight::default();
        let mut scratch = vec![0f32; capacity];
        for clause in self.clauses.iter().filter(|c| !c.negated) {
            let expansions = expand_clause(index, clause);
            let serving = highlight.clauses;
            highlight.clauses += 1;
            for word in &expansions {
                for &(id, _) in word {
                    highlight.words.entry(id).or_insert(serving);
                }
            }
            clause_scores(index, &expansions, &mut scratch);
            if expansions.len() > 1 {
                keep_phrases(index, &expansions, &mut scratch);
            }
            for ((t, a), s) in total.iter_mut().zip(alive.iter_mut()).zip(&scratch) {
                if *s > 0.0 {
                    *t += s;
                } else {
                    *a = false;
                }
            }
        }
        for clause in self.clauses.iter().filter(|c| c.negated) {
            let expansions = expand_clause(index, clause);
            clause_scores(index, &expansions, &mut scratch);
            if expansions.len() > 1 {
                keep_phrases(index, &expansions, &mut scratch);
            }
            for (a, s) in alive.iter_mut().zip(&scratch) {
                if *s > 0.0 {
                    *a = false;
                }
            }
        }
        // Sorted as one u64 per hit (score descending, then document): a plain integer sort.
        let mut keys: Vec<u64> = (0u32..)
            .zip(&alive)
            .filter(|(_, &a)| a)
            .map(|(d, _)| {
                let score = total.get(d as usize).copied().unwrap_or_default();
                (u64::from(descending(score)) << 32) | u64::from(d)
            })
            .collect();
        keys.sort_unstable();
        let hits = keys
            .into_iter()
            .map(|k| {
                let doc = k as u32;
                Hit {
                    doc,
                    score: total.get(doc as usize).copied().unwrap_or_default(),
                }
            })
            .collect();
        (hits, highlight)
    }
}

/// A key whose ascending order is `score`'s descending order (`f32::total_cmp`, reversed).
fn descending(score: f32) -> u32 {
    let bits = score.to_bits();
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    };
    !ascending
}

/// For each word of a clause, the indexed words it matches with their weights.
fn expand_clause(index: &Index, clause: &Clause) -> Vec<Vec<(WordId, f32)>> {
    let last = clause.words.len().saturating_sub(1);
    clause
        .words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let prefix = clause.prefix && i == last;
            if clause.exact || clause.negated {
                let mut out: Vec<(WordId, f32)> = index
                    .id(word)
                    .map(|id| (id, weight::EXACT))
                    .into_iter()
                    .collect();
                if !clause.exact {
                    add(&mut out, index.same_stem(word).into_iter(), weight::STEM);
                }
                if prefix && clause.exact {
                    add_completions(index, word, &mut out);
                }
                out
            } else {
                expand_word(index, word, prefix)
            }
        })
        .collect()
}

/// The words a typed word matches: itself, its stem family, its completions while typed, and
/// its near misses.
pub fn expand_word(index: &Index, word: &str, prefix: bool) -> Vec<(WordId, f32)> {
    let mut out: Vec<(WordId, f32)> = Vec::new();
    if let Some(id) = index.id(word) {
        out.push((id, weight::EXACT));
    }
    add(&mut out, index.same_stem(word).into_iter(), weight::STEM);
    // A word the corpus has (or has inflected) was meant as typed: `sleep` must not also find
    // `steep`. Only unknown words get typo tolerance.
    let known = !out.is_empty();
    if prefix {
        add_completions(index, word, &mut out);
    }
    let length = word.chars().count();
    // Codes and numbers (`word3`, `1080p`) are not misspelt words either.
    if !known && length >= TYPO_1_FROM && !word.chars().any(char::is_numeric) {
        let max = if length >= TYPO_2_FROM { 2 } else { 1 };
        let mut near: Vec<(WordId, f32)> = Vec::new();
        let mut typos = Typos::new(word, max);
        for (candidate, id) in index.vocabulary() {
            if let Some(d) = typos.distance(candidate) {
                if d > 0 {
                    near.push((
                        id,
                        if d == 1 {
                            weight::TYPO_1
                        } else {
                            weight::TYPO_2
                        },
                    ));
                }
            }
        }
        for (id, w) in near {
            add(&mut out, std::iter::once(id), w);
        }
    }
    out
}

/// Adds `ids` with weight `w`, keeping the higher weight for words already there.
fn add(out: &mut Vec<(WordId, f32)>, ids: impl Iterator<Item = WordId>, w: f32) {
    for id in ids {
        match out.iter_mut().find(|(i, _)| *i == id) {
            Some((_, old)) => *old = old.max(w),
            None => out.push((id, w)),
        }
    }
}

/// Adds the most frequent words `word` begins, weighted by how much of them is typed.
fn add_completions(index: &Index, word: &str, out: &mut Vec<(WordId, f32)>) {
    let mut completions: Vec<WordId> = index.completions(word);
    if completions.len() > MAX_COMPLETIONS {
        completions.sort_by_key(|&id| std::cmp::Reverse(index.document_frequency(id)));
        completions.truncate(MAX_COMPLETIONS);
    }
    let typed = word.len() as f32;
    for id in completions {
        let full = index.spelling(id).len().max(1) as f32;
        let w = weight::PREFIX_BASE + weight::PREFIX_BASE * typed / full;
        add(out, std::iter::once(id), w);
    }
}

/// Edit distance with a bound, reusing its buffers across the words of a vocabulary. (strsim
/// allocates per call and never stops early: 50 times slower over a vocabulary.)
struct Typos {
    target: Vec<char>,
    max: usize,
    candidate: Vec<char>,
    rows: [Vec<usize>; 3],
}

impl Typos {
    fn new(target: &str, max: usize) -> Typos {
        let target: Vec<char> = target.chars().collect();
        let width = target.len() + 1;
        Typos {
            target,
            max,
            candidate: Vec::new(),
            rows: [vec![0; width], vec![0; width], vec![0; width]],
        }
    }

    /// The optimal-string-alignment distance (a swap of neighbours is one edit) to `candidate`
    /// when it is at most the bound; `None` otherwise. Stops at the first row that cannot come
    /// back under the bound, so most of a vocabulary costs a length check or a row or two.
    fn distance(&mut self, candidate: &str) -> Option<usize> {
        let (n, max) = (self.target.len(), self.max);
        let length = candidate.chars().count();
        if length.abs_diff(n) > max {
            return None;
        }
        self.candidate.clear();
        self.candidate.extend(candidate.chars());
        let [older, prev, cur] = &mut self.rows;
        for (j, cell) in prev.iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=self.candidate.len() {
            let c = self.candidate.get(i - 1).copied();
            let mut row_min = usize::MAX;
            if let Some(first) = cur.first_mut() {
                *first = i;
                row_min = i;
            }
            for j in 1..=n {
                let t = self.target.get(j - 1).copied();
                let cost = usize::from(c != t);
                let up = prev.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
                let left = cur.get(j - 1).copied().unwrap_or(usize::MAX - 1) + 1;
                let diagonal = prev.get(j - 1).copied().unwrap_or(usize::MAX - 1) + cost;
                let mut best = up.min(left).min(diagonal);
                if i > 1
                    && j > 1
                    && c == self.target.get(j - 2).copied()
                    && self.candidate.get(i - 2).copied() == t
                {
                    best = best.min(older.get(j - 2).copied().unwrap_or(usize::MAX - 1) + 1);
                }
                if let Some(cell) = cur.get_mut(j) {
                    *cell = best;
                }
                row_min = row_min.min(best);
            }
            if row_min > max {
                return None;
            }
            std::mem::swap(older, prev);
            std::mem::swap(prev, cur);
        }
        prev.get(n).copied().filter(|&d| d <= max)
    }
}

/// Fills `scores` (by document) with each document's score for a clause: per word, the best
/// weighted BM25 among its expansions, summed over the words; 0 when any word is missing.
fn clause_scores(index: &Index, expansions: &[Vec<(WordId, f32)>], scores: &mut [f32]) {
    let mut best = vec![0f32; scores.len()];
    for (i, word) in expansions.iter().enumerate() {
        best.iter_mut().for_each(|b| *b = 0.0);
        for &(id, w) in word {
            let scorer = index.scorer(index.document_frequency(id));
            for posting in index.postings(id) {
                if let Some(b) = best.get_mut(posting.doc as usize) {
                    *b = b.max(scorer.score(posting) * w);
                }
            }
        }
        for (s, &b) in scores.iter_mut().zip(&best) {
            *s = match (i, b > 0.0) {
                (_, false) => 0.0,
                (0, true) => b,
                (_, true) if *s > 0.0 => *s + b,
                _ => 0.0,
            };
        }
    }
    if expansions.is_empty() {
        scores.iter_mut().for_each(|s| *s = 0.0);
    }
}

/// Keeps only documents where the clause's words occur in order, next to each other; their
/// score gains the phrase bonus.
fn keep_phrases(index: &Index, expansions: &[Vec<(WordId, f32)>], scores: &mut [f32]) {
    for (doc, score) in scores.iter_mut().enumerate() {
        if *score <= 0.0 {
            continue;
        }
        let found = match expansions.split_first() {
            // One word first (a quoted phrase): a byte search for it, then its neighbours.
            Some((first, rest)) if first.len() == 1 && rest.len() < 64 => first
                .first()
                .is_some_and(|&(id, _)| index.has_sequence(doc as u32, id, rest)),
            _ => has_phrase(index.words_of(doc as u32), expansions),
        };
        *score = if found { *score * weight::PHRASE } else { 0.0 };
    }
}

/// Whether `words` hold the phrase: one word of each expansion set, in order, next to each
/// other. Shift-and over the stream as it is decoded: bit `k` of `state` says the last `k + 1`
/// words matched the phrase's first `k + 1`; no window is ever materialised.
fn has_phrase(words: impl Iterator<Item = WordId>, expansions: &[Vec<(WordId, f32)>]) -> bool {
    let n = expansions.len().min(64);
    if n == 0 {
        return false;
    }
    let last = 1u64 << (n - 1);
    let mut state = 0u64;
    for word in words {
        // Only the sets a match could continue into need a look: the first, and each after a
        // set the previous word matched (usually just the first).
        let candidates = (state << 1) | 1;
        let mut mask = 0u64;
        if word != GAP {
            for (k, wanted) in expansions.iter().take(n).enumerate() {
                if candidates & (1 << k) != 0 && wanted.iter().any(|&(id, _)| id == word) {
                    mask |= 1 << k;
                }
            }
        }
        state = candidates & mask;
        if state & last != 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_is_found_only_as_consecutive_words_within_a_field() {
        let e = |ids: &[&[u32]]| -> Vec<Vec<(WordId, f32)>> {
            ids.iter()
                .map(|s| s.iter().map(|&i| (i, 1.0)).collect())
                .collect()
        };
        let phrase = e(&[&[1], &[2, 5], &[3]]);
        assert!(has_phrase([9, 1, 5, 3, 4].into_iter(), &phrase));
        assert!(has_phrase([1, 1, 2, 3].into_iter(), &phrase));
        assert!(!has_phrase([1, 2, GAP, 3].into_iter(), &phrase));
        assert!(!has_phrase([1, 3, 2].into_iter(), &phrase));
        assert!(has_phrase([4, 4].into_iter(), &e(&[&[4], &[4]])));
        assert!(!has_phrase([4].into_iter(), &e(&[&[4], &[4]])));
    }

    fn clause(words: &[&str]) -> Clause {
        Clause {
            words: words.iter().map(|w| w.to_string()).collect(),
            ..Clause::default()
        }
    }

    #[test]
    fn parses_terms_phrases_exclusions_and_the_word_being_typed() {
        let q = Query::parse(r#"Kratom "deep sleep" -Café 7-hydroxy melat"#);
        let mut melat = clause(&["melat"]);
        melat.prefix = true;
        let mut phrase = clause(&["deep", "sleep"]);
        phrase.exact = true;
        let mut cafe = clause(&["cafe"]);
        cafe.negated = true;
        assert_eq!(
            q.clauses,
            [
                clause(&["kratom"]),
                phrase,
                cafe,
                clause(&["7", "hydroxy"]),
                melat
            ]
        );
        assert!(!Query::parse("melatonin ").clauses[0].prefix);
        assert!(Query::parse(r#""unclosed phr"#).clauses[0].prefix);
        assert!(Query::parse("- -- \"\"").is_empty());
    }

    #[test]
    fn scores_sort_descending_as_integers() {
        let scores = [3.5f32, -1.0, 0.0, 10.25, 0.5, f32::MIN_POSITIVE];
        let mut by_key = scores;
        by_key.sort_by_key(|&s| descending(s));
        let mut by_float = scores;
        by_float.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(by_key, by_float);
    }

    #[test]
    fn typo_distance_counts_one_edit_of_each_kind() {
        let mut typos = Typos::new("melatonin", 1);
        let mut d = |c: &str| typos.distance(c);
        assert_eq!(d("melatonin"), Some(0));
        assert_eq!(d("meltaonin"), Some(1), "transposition");
        assert_eq!(d("melatonn"), Some(1), "deletion");
        assert_eq!(d("melatonine"), Some(1), "insertion");
        assert_eq!(d("melatanin"), Some(1), "substitution");
        assert_eq!(d("melanin"), None);
        assert_eq!(d("melatonin"), Some(0), "buffers are reused cleanly");
        let mut two = Typos::new("abcdef", 2);
        assert_eq!(two.distance("badcef"), Some(2), "two swaps");
        assert_eq!(two.distance("xbcdey"), Some(2));
        assert_eq!(two.distance("xbxdxf"), None);
    }
}
