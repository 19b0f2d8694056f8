//! The inverted index, built once as seeds arrive: every distinct folded word gets an id, its
//! stem, and the seeds it occurs in with a field-weighted term frequency; every seed keeps its
//! stream of word ids so that phrases are checked without rereading text. A query never scans
//! seed text.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::text;

/// Where in a seed a word occurs; earlier fields weigh more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Heading,
    Summary,
    Body,
}

impl Field {
    /// A word in the title counts as six in the body: titles and headings say what a seed is
    /// about, the body merely mentions things.
    pub fn weight(self) -> f32 {
        match self {
            Field::Title => 6.0,
            Field::Heading => 3.0,
            Field::Summary => 2.0,
            Field::Body => 1.0,
        }
    }
}

/// The id of a distinct folded word.
pub type WordId = u32;

/// Marks a field boundary in a seed's word stream, so that no phrase spans two fields.
pub const GAP: WordId = WordId::MAX;

/// One seed's weighted count of one word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Posting {
    pub doc: u32,
    pub tf: f32,
}

/// What the index knows of one distinct word.
struct Word {
    spelling: Box<str>,
    postings: Vec<Posting>,
}

/// Words to postings, in word order so that a prefix is a contiguous range.
#[derive(Default)]
pub struct Index {
    /// Word → id, for interning every token as seeds are added (the hot path).
    ids: FxHashMap<Box<str>, WordId>,
    /// The same words in order, for completions (only touched for new words).
    sorted: BTreeMap<Box<str>, WordId>,
    words: Vec<Word>,
    /// Stem → the words that have it.
    stems: FxHashMap<Box<str>, Vec<WordId>>,
    /// Each document's words in order, fields separated by [`GAP`].
    streams: Vec<Box<[WordId]>>,
    /// Weighted length of each document, by document number; 0 for documents not added.
    lengths: Vec<f32>,
    total_length: f64,
    documents: usize,
}

impl Index {
    /// Indexes document `doc` from its fields. A document is added once; adding it again is ignored.
    pub fn add(&mut self, doc: u32, fields: &[(Field, &str)]) {
        let slot = doc as usize;
        if self.lengths.len() <= slot {
            self.lengths.resize(slot + 1, 0.0);
            self.streams.resize_with(slot + 1, Default::default);
        }
        if self.lengths.get(slot).is_some_and(|&l| l > 0.0) {
            return;
        }
        let mut counts: FxHashMap<WordId, f32> = FxHashMap::default();
        let mut stream: Vec<WordId> = Vec::new();
        let mut length = 0.0;
        let mut folded = String::new();
        for &(field, content) in fields {
            if !stream.is_empty() {
                stream.push(GAP);
            }
            for (s, e) in text::words(content) {
                text::fold_into(content.get(s..e).unwrap_or_default(), &mut folded);
                let id = self.intern(&folded);
                stream.push(id);
                *counts.entry(id).or_default() += field.weight();
                length += field.weight();
            }
        }
        let mut counts: Vec<(WordId, f32)> = counts.into_iter().collect();
        counts.sort_unstable_by_key(|&(id, _)| id);
        for (id, tf) in counts {
            if let Some(word) = self.words.get_mut(id as usize) {
                word.postings.push(Posting { doc, tf });
            }
        }
        if let Some(l) = self.lengths.get_mut(slot) {
            *l = length.max(f32::MIN_POSITIVE);
        }
        if let Some(s) = self.streams.get_mut(slot) {
            *s = stream.into_boxed_slice();
        }
        self.total_length += f64::from(length);
        self.documents += 1;
    }

    /// The id of `folded`, creating the word (and filing its stem) the first time it is seen.
    fn intern(&mut self, folded: &str) -> WordId {
        if let Some(&id) = self.ids.get(folded) {
            return id;
        }
        let id = self.words.len() as WordId;
        self.ids.insert(folded.into(), id);
        self.sorted.insert(folded.into(), id);
        self.words.push(Word {
            spelling: folded.into(),
            postings: Vec::new(),
        });
        self.stems
            .entry(text::stem(folded).into_boxed_str())
            .or_default()
            .push(id);
        id
    }

    /// The id of a folded word, if the index has it.
    pub fn id(&self, folded: &str) -> Option<WordId> {
        self.ids.get(folded).copied()
    }

    /// The words sharing `folded`'s stem (including `folded` itself when indexed).
    pub fn same_stem(&self, folded: &str) -> &[WordId] {
        if text::is_number(folded) {
            return &[];
        }
        self.stems
            .get(text::stem(folded).as_str())
            .map_or(&[], Vec::as_slice)
    }

    /// The indexed words starting with `prefix` (itself included), in word order.
    pub fn completions<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = WordId> + 'a {
        self.sorted
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(w, _)| w.starts_with(prefix))
            .map(|(_, &id)| id)
    }

    /// Every indexed word with its id, in word order (for typo matching).
    pub fn vocabulary(&self) -> impl Iterator<Item = (&str, WordId)> + '_ {
        self.sorted.iter().map(|(w, &id)| (&**w, id))
    }

    /// The folded spelling of a word.
    pub fn spelling(&self, id: WordId) -> &str {
        self.words.get(id as usize).map_or("", |w| &w.spelling)
    }

    /// The documents a word occurs in, by document number.
    pub fn postings(&self, id: WordId) -> &[Posting] {
        self.words.get(id as usize).map_or(&[], |w| &w.postings)
    }

    /// A document's words in order, fields separated by [`GAP`].
    pub fn stream(&self, doc: u32) -> &[WordId] {
        self.streams.get(doc as usize).map_or(&[], |s| &**s)
    }

    /// How many documents have been added.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// How many distinct words are indexed.
    pub fn words(&self) -> usize {
        self.words.len()
    }

    /// One past the highest document number seen.
    pub fn capacity(&self) -> usize {
        self.lengths.len()
    }

    /// BM25 weight of a posting: `tf` saturates (k1 = 1.2) and long documents are damped (b = 0.75).
    pub fn bm25(&self, posting: Posting, document_frequency: usize) -> f32 {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let n = self.documents as f32;
        let df = document_frequency as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let average = (self.total_length / self.documents.max(1) as f64) as f32;
        let length = self
            .lengths
            .get(posting.doc as usize)
            .copied()
            .unwrap_or(average);
        let norm = K1 * (1.0 - B + B * length / average.max(f32::MIN_POSITIVE));
        idf * posting.tf * (K1 + 1.0) / (posting.tf + norm)
    }

    /// Frees the spare capacity growth left behind, once every seed is in.
    pub fn shrink(&mut self) {
        for word in &mut self.words {
            word.postings.shrink_to_fit();
        }
        self.words.shrink_to_fit();
        for ids in self.stems.values_mut() {
            ids.shrink_to_fit();
        }
    }
}
