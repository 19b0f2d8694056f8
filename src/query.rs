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

use crate::index::{IdSet, Index, PhraseMemo, WordId, GAP};
use crate::rank::Ranking;
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

/// The words a query matched (by id), each with the clause it serves: what highlighting marks
/// and what snippets look for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlight {
    words: FxHashMap<WordId, usize>,
    /// The keys of `words` again, for a quick "no": snippets ask of every word of a stream.
    any: IdSet,
    clauses: usize,
    /// Per positive clause, how many joined words a mark of it needs: a phrase of unspaced
    /// characters (`活动`) is marked only where they all stand together, else one.
    runs: Vec<u32>,
}

impl Highlight {
    /// Whether nothing is highlighted.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The clause a word serves, if the query matched it.
    pub fn clause(&self, word: WordId) -> Option<usize> {
        if !self.any.contains(word) {
            return None;
        }
        self.words.get(&word).copied()
    }

    /// How many positive clauses the query has.
    pub fn clauses(&self) -> usize {
        self.clauses
    }

    /// How many words joined together a mark of `clause` needs (see `runs`).
    pub fn run(&self, clause: usize) -> u32 {
        self.runs.get(clause).copied().unwrap_or(1)
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

    /// The clause a folded word of some text serves, if the query matched it.
    pub fn clause(&self, folded_word: &str) -> Option<usize> {
        if self.highlight.is_empty() {
            return None;
        }
        self.highlight.clause(self.index.id(folded_word)?)
    }

    /// The highlight marks are made for.
    pub fn highlight(&self) -> &Highlight {
        self.highlight
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
    pub fn search(&self, index: &Index, candidates: &[bool]) -> (Ranking, Highlight) {
        let capacity = index.capacity().min(candidates.len());
        let mut total = vec![0f32; capacity];
        let mut alive: Vec<bool> = candidates.iter().take(capacity).copied().collect();
        let mut highlight = Highlight::default();
        let mut scratch = vec![0f32; capacity];
        for clause in self.clauses.iter().filter(|c| !c.negated) {
            let expansions = expand_clause(index, clause);
            let serving = highlight.clauses;
            highlight.clauses += 1;
            let unspaced = clause.words.len() > 1
                && clause
                    .words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(text::is_unspaced));
            highlight.runs.push(if unspaced {
                u32::try_from(clause.words.len()).unwrap_or(u32::MAX)
            } else {
                1
            });
            for word in &expansions {
                for &(id, _) in word {
                    highlight.words.entry(id).or_insert(serving);
                    highlight.any.insert(id);
                }
            }
            clause_scores(index, &expansions, &mut scratch);
            if expansions.len() > 1 {
                keep_phrases(index, clause, &expansions, &mut scratch);
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
                keep_phrases(index, clause, &expansions, &mut scratch);
            }
            for (a, s) in alive.iter_mut().zip(&scratch) {
                if *s > 0.0 {
                    *a = false;
                }
            }
        }
        // Ranked by score descending, then document: integer keys, sorted as far as read.
        let hits = (0u32..).zip(&alive).filter(|(_, &a)| a).map(|(d, _)| {
            (
                descending(total.get(d as usize).copied().unwrap_or_default()),
                d,
            )
        });
        let hits = Ranking::by_key(hits);
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
        for (id, d) in near(index, word, max) {
            if d > 0 {
                let w = if d == 1 {
                    weight::TYPO_1
                } else {
                    weight::TYPO_2
                };
                add(&mut out, std::iter::once(id), w);
            }
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

/// How many completions a word being typed expands to: few for one or two letters (they begin
/// a good part of any vocabulary, and the reader has barely started), more from three.
fn completions_for(typed_chars: usize) -> usize {
    match typed_chars {
        0 | 1 => 8,
        2 => 24,
        _ => MAX_COMPLETIONS,
    }
}

/// Adds the most frequent words `word` begins, weighted by how much of them is typed.
fn add_completions(index: &Index, word: &str, out: &mut Vec<(WordId, f32)>) {
    let completions = index.top_completions(word, completions_for(word.chars().count()));
    let typed = word.len() as f32;
    for id in completions {
        let full = index.spelling(id).len().max(1) as f32;
        let w = weight::PREFIX_BASE + weight::PREFIX_BASE * typed / full;
        add(out, std::iter::once(id), w);
    }
}

/// The indexed words within `max` edits of `target` (optimal string alignment: a swap of
/// neighbours is one edit), with their distances. The vocabulary is walked in spelling order as
/// a trie: the table's rows are kept per prefix and reused for the prefix a word shares with
/// the one before, and when a row cannot come back under the bound, every word with that prefix
/// is skipped at once (a binary search). So a lookup visits the prefixes within reach, not the
/// vocabulary.
fn near(index: &Index, target: &str, max: usize) -> Vec<(WordId, usize)> {
    let target: Vec<char> = target.chars().collect();
    let width = target.len() + 1;
    let sorted = index.in_spelling_order();
    let mut found = Vec::new();
    // rows[d * width..][..width]: the row after the path's first d characters.
    let mut rows: Vec<usize> = (0..width).collect();
    let mut path: Vec<char> = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let mut i = 0;
    while let Some(&id) = sorted.get(i) {
        let spelling = index.spelling(id);
        chars.clear();
        chars.extend(spelling.chars());
        let common = path.iter().zip(&chars).take_while(|(a, b)| a == b).count();
        path.truncate(common);
        rows.truncate((common + 1) * width);
        let mut pruned = None;
        for d in common..chars.len() {
            let c = chars.get(d).copied().unwrap_or_default();
            let previous = d.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let row_min = push_row(&mut rows, width, &target, c, previous);
            path.push(c);
            if row_min > max {
                pruned = Some(d + 1);
                break;
            }
        }
        match pruned {
            Some(depth) => {
                // No word beginning with these `depth` characters is within reach.
                let prefix: String = path.iter().take(depth).collect();
                let rest = sorted.get(i..).unwrap_or_default();
                i += rest
                    .partition_point(|&w| index.spelling(w).starts_with(&prefix))
                    .max(1);
            }
            None => {
                let last = rows.get(rows.len().saturating_sub(1)).copied();
                if let Some(d) = last.filter(|&d| d <= max) {
                    found.push((id, d));
                }
                i += 1;
            }
        }
    }
    found
}

/// Appends the edit-distance row for path character `c` (the one before it `previous`) after
/// the last row of `rows`; returns its smallest cell.
fn push_row(
    rows: &mut Vec<usize>,
    width: usize,
    target: &[char],
    c: char,
    previous: Option<char>,
) -> usize {
    let depth = rows.len() / width; // rows so far: this row is for path length `depth`
    let start = rows.len();
    let cell = |rows: &Vec<usize>, row: usize, j: usize| {
        rows.get(row * width + j).copied().unwrap_or(usize::MAX - 1)
    };
    rows.push(depth);
    let mut row_min = depth;
    for j in 1..width {
        let t = target.get(j - 1).copied();
        let cost = usize::from(Some(c) != t);
        let up = cell(rows, depth - 1, j) + 1;
        let left = rows.get(start + j - 1).copied().unwrap_or(usize::MAX - 1) + 1;
        let diagonal = cell(rows, depth - 1, j - 1) + cost;
        let mut best = up.min(left).min(diagonal);
        if depth > 1 && j > 1 && Some(c) == target.get(j - 2).copied() && previous == t {
            best = best.min(cell(rows, depth - 2, j - 2) + 1);
        }
        rows.push(best);
        row_min = row_min.min(best);
    }
    row_min
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
fn keep_phrases(
    index: &Index,
    clause: &Clause,
    expansions: &[Vec<(WordId, f32)>],
    scores: &mut [f32],
) {
    let single_first = expansions
        .split_first()
        .filter(|(first, rest)| first.len() == 1 && rest.len() < 64);
    let Some((first, rest)) = single_first else {
        let sets: Vec<IdSet> = expansions.iter().map(|w| set_of(w)).collect();
        for (doc, score) in scores.iter_mut().enumerate() {
            if *score > 0.0 {
                let found = has_phrase(index.words_of(doc as u32), &sets);
                *score = if found { *score * weight::PHRASE } else { 0.0 };
            }
        }
        return;
    };
    let Some(&(first, _)) = first.first() else {
        return;
    };
    let rest: Vec<IdSet> = rest.iter().map(|w| set_of(w)).collect();
    // Whatever its last word (typing on in it), a phrase with the last one's head can only
    // match where that head occurs, and not before its first place: each document resumes
    // there, or is out.
    let mut memo = index.phrase_memo().borrow_mut();
    let head = clause
        .words
        .get(..clause.words.len().saturating_sub(1))
        .unwrap_or_default();
    let same_head = clause.exact && memo.documents == index.documents() && memo.words == head;
    let last = rest.last().cloned().unwrap_or_default();
    // The new last word's words all among the old ones: no match comes before the old one.
    let within = same_head && last.is_subset(&memo.last);
    let (before, matched_before) = if same_head {
        (
            std::mem::take(&mut memo.found),
            std::mem::take(&mut memo.matched),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let mut found = vec![PhraseMemo::UNCHECKED; scores.len()];
    let mut matched = vec![PhraseMemo::UNCHECKED; scores.len()];
    for (((doc, score), slot), match_slot) in (0u32..)
        .zip(scores.iter_mut())
        .zip(found.iter_mut())
        .zip(matched.iter_mut())
    {
        if *score <= 0.0 {
            continue;
        }
        let head_before = before.get(doc as usize).copied();
        let match_before = matched_before.get(doc as usize).copied().filter(|_| within);
        let (head_at, at) = match (head_before, match_before) {
            (Some(PhraseMemo::ABSENT), _) => (None, None),
            (Some(h), Some(PhraseMemo::ABSENT)) if h != PhraseMemo::UNCHECKED => (Some(h), None),
            (Some(h), Some(m)) if h != PhraseMemo::UNCHECKED && m != PhraseMemo::UNCHECKED => {
                (Some(h), index.find_sequence(doc, first, &rest, m).1)
            }
            (Some(PhraseMemo::UNCHECKED) | None, _) => index.find_sequence(doc, first, &rest, 0),
            (Some(from), _) => {
                let (_, at) = index.find_sequence(doc, first, &rest, from);
                (Some(from), at)
            }
        };
        *slot = head_at.unwrap_or(PhraseMemo::ABSENT);
        *match_slot = at.unwrap_or(PhraseMemo::ABSENT);
        *score = if at.is_some() {
            *score * weight::PHRASE
        } else {
            0.0
        };
    }
    *memo = PhraseMemo {
        words: head.to_vec(),
        documents: index.documents(),
        found,
        last,
        matched,
    };
}

/// The ids of one word's expansions, as a set.
fn set_of(expansions: &[(WordId, f32)]) -> IdSet {
    IdSet::new(expansions.iter().map(|&(id, _)| id))
}

/// Whether `words` hold the phrase: one word of each expansion set, in order, next to each
/// other. Shift-and over the stream as it is decoded: bit `k` of `state` says the last `k + 1`
/// words matched the phrase's first `k + 1`; no window is ever materialised.
fn has_phrase(words: impl Iterator<Item = WordId>, expansions: &[IdSet]) -> bool {
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
                if candidates & (1 << k) != 0 && wanted.contains(word) {
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
        let e = |ids: &[&[u32]]| -> Vec<IdSet> {
            ids.iter().map(|s| IdSet::new(s.iter().copied())).collect()
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
    fn near_words_are_found_within_their_edit_distance_of_each_kind() {
        let mut index = Index::default();
        let words = "melatonin meltaonin melatonn melatonine melatanin melanin melody abcdef badcef xbcdey xbxdxf";
        index.add(0, &[(crate::index::Field::Body, words)]);
        let found = |target: &str, max: usize| -> Vec<(String, usize)> {
            let mut out: Vec<(String, usize)> = near(&index, target, max)
                .into_iter()
                .map(|(id, d)| (index.spelling(id).to_owned(), d))
                .collect();
            out.sort();
            out
        };
        let one = |w: &str| (w.to_owned(), 1);
        assert_eq!(
            found("melatonin", 1),
            [
                one("melatanin"),
                ("melatonin".to_owned(), 0),
                one("melatonine"),
                one("melatonn"),
                one("meltaonin")
            ],
            "substitution, itself, insertion, deletion, transposition; not melanin"
        );
        assert_eq!(
            found("abcdef", 2),
            [
                ("abcdef".to_owned(), 0),
                ("badcef".to_owned(), 2),
                ("xbcdey".to_owned(), 2)
            ],
            "two swaps, two substitutions; not three"
        );
        assert!(found("zzzzzz", 2).is_empty());
    }
}
