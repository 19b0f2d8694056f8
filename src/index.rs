//! The inverted index, built once as seeds arrive: for every folded word, the seeds it occurs in
//! with a field-weighted term frequency, so that a query never scans seed text.

use std::collections::{BTreeMap, HashMap};

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

/// One seed's weighted count of one word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Posting {
    pub doc: u32,
    pub tf: f32,
}

/// Words to postings, in word order so that a prefix is a contiguous range.
#[derive(Default)]
pub struct Index {
    words: BTreeMap<Box<str>, Vec<Posting>>,
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
        }
        if self.lengths.get(slot).is_some_and(|&l| l > 0.0) {
            return;
        }
        let mut counts: HashMap<String, f32> = HashMap::new();
        let mut length = 0.0;
        let mut folded = String::new();
        for &(field, content) in fields {
            for (s, e) in text::words(content) {
                text::fold_into(content.get(s..e).unwrap_or_default(), &mut folded);
                *counts.entry(folded.clone()).or_default() += field.weight();
                length += field.weight();
            }
        }
        for (word, tf) in counts {
            self.words
                .entry(word.into_boxed_str())
                .or_default()
                .push(Posting { doc, tf });
        }
        if let Some(l) = self.lengths.get_mut(slot) {
            *l = length.max(f32::MIN_POSITIVE);
        }
        self.total_length += f64::from(length);
        self.documents += 1;
    }

    /// The indexed words equal to `word` or, when `prefix`, starting with it, with their postings.
    pub fn lookup<'a>(
        &'a self,
        word: &'a str,
        prefix: bool,
    ) -> impl Iterator<Item = (&'a str, &'a [Posting])> + 'a {
        self.words
            .range::<str, _>((std::ops::Bound::Included(word), std::ops::Bound::Unbounded))
            .take_while(move |(w, _)| {
                if prefix {
                    w.starts_with(word)
                } else {
                    &***w == word
                }
            })
            .map(|(w, p)| (&**w, p.as_slice()))
    }

    /// How many documents have been added.
    pub fn documents(&self) -> usize {
        self.documents
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
}
