//! The inverted index, built once as seeds arrive: every distinct folded word gets an id, its
//! stem, and the seeds it occurs in with a field-weighted term frequency; every seed keeps its
//! stream of word ids so that phrases are checked without rereading text. A query never scans
//! seed text.
//!
//! Compact, because the corpus's raw bytes are kept beside it and wasm memory is the budget:
//! spellings live end to end in one string, a word is found by its hash (computed once per
//! occurrence) in a table of ids, postings are varint-coded (document delta, frequency) and
//! streams varint-coded ids, about two bytes a word.

use std::cell::{Ref, RefCell};

use hashbrown::HashTable;

use crate::lang::{self, Stemming};
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
    /// about, the body merely mentions things. Whole numbers, so frequencies stay integers.
    pub fn weight(self) -> u32 {
        match self {
            Field::Title => 6,
            Field::Heading => 3,
            Field::Summary => 2,
            Field::Body => 1,
        }
    }
}

/// The id of a distinct folded word.
pub type WordId = u32;

/// Marks a field boundary in a seed's word stream, so that no phrase spans two fields.
pub const GAP: WordId = WordId::MAX;

/// The stem id of a word whose stemmer has not answered yet: it has no stem family until then.
const PENDING: u32 = u32::MAX;

/// The most languages told apart; further ones share the last id, unstemmed.
const MAX_LANGS: usize = 255;

/// One seed's weighted count of one word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Posting {
    pub doc: u32,
    pub tf: f32,
}

/// Words to postings; see the module doc for the layout.
#[derive(Default)]
pub struct Index {
    /// Word ids, found by the hash of their spelling.
    table: HashTable<WordId>,
    /// Every spelling end to end; word `i` ends at `ends[i]` and starts where `i - 1` ends.
    spellings: String,
    ends: Vec<u32>,
    /// The low half of each word's hash: most probes are told apart without comparing text.
    hashes: Vec<u32>,
    /// Ids of short words (at most 8 bytes, packed into a `u64`, 0 for an empty slot) in a
    /// direct-mapped cache: most occurrences are found with a multiply and a compare, no
    /// hashing of bytes or probing. A collision only evicts.
    short: Vec<(u64, WordId)>,
    /// The documents' languages as they came (ids are positions), with their stemming, and
    /// the language of the documents being added ([`Index::set_language`]).
    langs: Vec<(Box<str>, Stemming)>,
    lang: u8,
    /// Each word's stem id in the language it was first seen in ([`PENDING`] while that
    /// language's stemmer has not answered), and that language.
    stem_of: Vec<u32>,
    lang_of: Vec<u8>,
    /// A word's stems in the further languages it occurs in: (word, stem id). Once a second
    /// language comes, `seen_in` has a bit per language (the 64th for the 64th and later) each
    /// word was filed in, so a (word, language) pair is stemmed once.
    more_stems: Vec<(WordId, u32)>,
    seen_in: Vec<u64>,
    /// Words waiting for their language's stemmer (the engine's stemmers module is fetched
    /// when a first seed needs it): (word, language); those before `tried` found no stemmer.
    pending: Vec<(WordId, u8)>,
    tried: usize,
    /// Stem ids by the hash of the stem, and the stems end to end, each prefixed by its
    /// language id as a char: one stem table for every language.
    stem_table: HashTable<u32>,
    stem_spellings: String,
    stem_ends: Vec<u32>,
    /// How many documents each word occurs in.
    df: Vec<u32>,
    /// Per word: (zigzag document delta, weighted frequency) as LEB128 varints.
    postings: Vec<Vec<u8>>,
    /// Per word: the document of its last posting (the base of the next delta).
    last_doc: Vec<u32>,
    /// Each document's words in order as varints of `id + 1`, `0` for [`GAP`].
    streams: Vec<Box<[u8]>>,
    /// Weighted length of each document, by document number; 0 for documents not added.
    lengths: Vec<u32>,
    total_length: u64,
    documents: usize,
    /// Word ids in spelling order (for completions), extended lazily when words were added.
    sorted: RefCell<Vec<WordId>>,
    /// The most frequent completions of one- and two-character prefixes, valid while the
    /// vocabulary has the size noted.
    completion_cache: RefCell<(usize, Completions)>,
    phrase_memo: RefCell<PhraseMemo>,
    /// Scratch of `add`, kept to avoid allocating per document: frequencies by word id, the
    /// ids touched, the stream being written, the word being folded.
    tf: Vec<u32>,
    touched: Vec<WordId>,
    stream: Vec<u8>,
    folded: String,
}

/// Word ids that answer membership at once: a phrase tests the words of thousands of streams
/// against the completions of the word being typed (up to 128 of them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdSet {
    bits: Vec<u64>,
}

impl IdSet {
    pub fn new(ids: impl Iterator<Item = WordId>) -> IdSet {
        let mut set = IdSet::default();
        for id in ids {
            set.insert(id);
        }
        set
    }

    pub fn insert(&mut self, id: WordId) {
        let (word, bit) = ((id / 64) as usize, id % 64);
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        if let Some(w) = self.bits.get_mut(word) {
            *w |= 1 << bit;
        }
    }

    /// Whether every id of this set is in `other`.
    pub fn is_subset(&self, other: &IdSet) -> bool {
        self.bits
            .iter()
            .enumerate()
            .all(|(i, &w)| w & !other.bits.get(i).copied().unwrap_or(0) == 0)
    }

    pub fn contains(&self, id: WordId) -> bool {
        self.bits
            .get((id / 64) as usize)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }
}

/// The last quoted phrase searched: its words but the last (its head), how many documents the
/// index had, and per document checked the byte offset where the head first occurs in its
/// stream ([`PhraseMemo::ABSENT`] when it has none, [`PhraseMemo::UNCHECKED`]). Typing on in the
/// last word keeps the head, so the next search resumes each document there (or knows it has
/// no match). Also the last word's set of words and where the whole phrase first matched: when
/// the next last word's set is within that one, no match can come earlier, so a document
/// resumes at its match, and one without a match has none.
#[derive(Clone, Debug, Default)]
pub struct PhraseMemo {
    pub words: Vec<String>,
    pub documents: usize,
    pub found: Vec<u32>,
    pub last: IdSet,
    pub matched: Vec<u32>,
}

impl PhraseMemo {
    pub const ABSENT: u32 = u32::MAX;
    pub const UNCHECKED: u32 = u32::MAX - 1;
}

/// Short prefixes to their most frequent completions.
type Completions = rustc_hash::FxHashMap<Box<str>, Box<[WordId]>>;

const SHORT_BITS: u32 = 14;
const SHORT_SLOTS: usize = 1 << SHORT_BITS;

/// A word of 1 to 8 bytes as a `u64` (little-endian, zero-padded: words hold no NUL, so the
/// padding tells lengths apart), or `None` for others.
fn pack_short(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 8 {
        return None;
    }
    // Byte by byte rather than a copy into an array: a variable-length copy is a call.
    let mut key = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        key |= u64::from(b) << (8 * i);
    }
    Some(key)
}

/// A word's hash: eight bytes at a time, mixed in 64 bits, so that all of them vary on wasm32
/// too (FxHasher is `usize`-wide there, and the table's probing wants high and low bits alike).
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for word in words.by_ref() {
        let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        h = (h ^ x).wrapping_mul(K).rotate_left(29);
    }
    let mut last = [0u8; 8];
    let rest = words.remainder();
    if let Some(into) = last.get_mut(..rest.len()) {
        into.copy_from_slice(rest);
    }
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    h ^ (h >> 32)
}

fn slice<'a>(all: &'a str, ends: &[u32], i: u32) -> &'a str {
    let i = i as usize;
    let end = ends.get(i).copied().unwrap_or(0) as usize;
    let start = match i.checked_sub(1) {
        Some(p) => ends.get(p).copied().unwrap_or(0) as usize,
        None => 0,
    };
    all.get(start..end).unwrap_or_default()
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`, advancing it; `None` at the end or on a malformed one.
#[inline]
pub(crate) fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let first = *bytes.get(*at)?;
    if first < 0x80 {
        *at += 1;
        return Some(u32::from(first));
    }
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u32::from(b & 0x7F).checked_shl(shift)?;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// BM25 of one word's postings (see [`Index::scorer`]).
pub struct Scorer<'a> {
    idf: f32,
    average: f32,
    lengths: &'a [u32],
}

impl Scorer<'_> {
    pub fn score(&self, posting: Posting) -> f32 {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let length = self
            .lengths
            .get(posting.doc as usize)
            .map_or(self.average, |&l| l as f32);
        let norm = K1 * (1.0 - B + B * length / self.average.max(f32::MIN_POSITIVE));
        self.idf * posting.tf * (K1 + 1.0) / (posting.tf + norm)
    }
}

/// A document's postings of one word, decoded as they are read.
pub struct Postings<'a> {
    bytes: &'a [u8],
    at: usize,
    doc: u32,
}

impl Iterator for Postings<'_> {
    type Item = Posting;

    fn next(&mut self) -> Option<Posting> {
        let delta = get_varint(self.bytes, &mut self.at)?;
        let tf = get_varint(self.bytes, &mut self.at)?;
        // Zigzag: seeds arrive in any order, so a delta may be negative.
        let signed = ((delta >> 1) as i64) ^ -((delta & 1) as i64);
        self.doc = (i64::from(self.doc) + signed) as u32;
        Some(Posting {
            doc: self.doc,
            tf: tf as f32,
        })
    }
}

impl Index {
    /// Indexes document `doc` from its pieces of text, in field order (consecutive pieces of one
    /// field are one field: a phrase may span them). Returns where each piece starts in the
    /// document's word stream ([`Index::words_of`]) and how many words it has, or nothing when
    /// `doc` was already added (it is added once).
    pub fn add(&mut self, doc: u32, pieces: &[(Field, &str)]) -> Vec<(u32, u32)> {
        let slot = doc as usize;
        if self.lengths.len() <= slot {
            self.lengths.resize(slot + 1, 0);
            self.streams.resize_with(slot + 1, Default::default);
        }
        if self.lengths.get(slot).is_some_and(|&l| l > 0) {
            return Vec::new();
        }
        if self.langs.is_empty() {
            self.set_language(lang::DEFAULT);
        }
        let (multilingual, doc_lang) = (self.langs.len() > 1, self.lang);
        let mut stream = std::mem::take(&mut self.stream);
        let mut folded = std::mem::take(&mut self.folded);
        stream.clear();
        let mut starts = Vec::with_capacity(pieces.len());
        let mut entries: u32 = 0;
        let mut length: u32 = 0;
        let mut previous: Option<Field> = None;
        for &(field, content) in pieces {
            if previous.is_some_and(|p| p != field) && !stream.is_empty() {
                stream.push(0);
                entries += 1;
            }
            previous = Some(field);
            let start = entries;
            let weight = field.weight();
            let mut words = text::words(content);
            while let Some(word) = words.next_folded(&mut folded) {
                let id = self.intern(word);
                if multilingual && self.first_seen_in(id, doc_lang) {
                    self.file_stem(id, false);
                }
                entries += 1;
                put_varint(&mut stream, id.saturating_add(1));
                if let Some(tf) = self.tf.get_mut(id as usize) {
                    if *tf == 0 {
                        self.touched.push(id);
                    }
                    *tf += weight;
                }
                length += weight;
            }
            starts.push((start, entries - start));
        }
        for &id in &self.touched {
            let i = id as usize;
            let tf = self.tf.get(i).copied().unwrap_or(0);
            let (Some(list), Some(last), Some(df)) = (
                self.postings.get_mut(i),
                self.last_doc.get_mut(i),
                self.df.get_mut(i),
            ) else {
                continue;
            };
            let delta = i64::from(doc) - i64::from(*last);
            let zigzag = ((delta << 1) ^ (delta >> 63)) as u32;
            put_varint(list, zigzag);
            put_varint(list, tf);
            *last = doc;
            *df += 1;
            if let Some(t) = self.tf.get_mut(i) {
                *t = 0;
            }
        }
        self.touched.clear();
        if let Some(l) = self.lengths.get_mut(slot) {
            *l = length.max(1);
        }
        if let Some(s) = self.streams.get_mut(slot) {
            *s = stream.as_slice().into();
        }
        self.stream = stream;
        self.folded = folded;
        self.total_length += u64::from(length.max(1));
        self.documents += 1;
        starts
    }

    /// The id of `folded`, creating the word (and filing its stem) the first time it is seen.
    /// The word is hashed once, and a short one usually not at all.
    fn intern(&mut self, folded: &str) -> WordId {
        let Some(key) = pack_short(folded.as_bytes()) else {
            return self.intern_hashed(folded);
        };
        if self.short.is_empty() {
            self.short = vec![(0, 0); SHORT_SLOTS];
        }
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SHORT_BITS)) as usize;
        if let Some(&(k, id)) = self.short.get(slot) {
            if k == key {
                return id;
            }
        }
        let id = self.intern_hashed(folded);
        if let Some(entry) = self.short.get_mut(slot) {
            *entry = (key, id);
        }
        id
    }

    fn intern_hashed(&mut self, folded: &str) -> WordId {
        let h = hash(folded.as_bytes());
        let (spellings, ends, hashes) = (&self.spellings, &self.ends, &self.hashes);
        let same = |&id: &WordId| {
            hashes.get(id as usize) == Some(&(h as u32)) && slice(spellings, ends, id) == folded
        };
        if let Some(&id) = self.table.find(h, same) {
            return id;
        }
        let id = self.ends.len() as WordId;
        self.spellings.push_str(folded);
        self.ends.push(self.spellings.len() as u32);
        self.hashes.push(h as u32);
        let (spellings, ends) = (&self.spellings, &self.ends);
        self.table
            .insert_unique(h, id, |&i| hash(slice(spellings, ends, i).as_bytes()));
        self.file_stem(id, true);
        self.df.push(0);
        self.postings.push(Vec::new());
        self.last_doc.push(0);
        self.tf.push(0);
        id
    }

    /// Sets the language (a primary subtag, `lang::primary`) of the documents added next; until
    /// the first call, English.
    pub fn set_language(&mut self, tag: &str) {
        let found = self.langs.iter().position(|(t, _)| **t == *tag);
        let id = match found {
            Some(id) => id,
            None if self.langs.len() < MAX_LANGS => {
                self.langs.push((tag.into(), lang::stemming(tag)));
                self.langs.len() - 1
            }
            None => {
                if let Some(last) = self.langs.last_mut() {
                    last.1 = Stemming::None;
                }
                MAX_LANGS - 1
            }
        };
        self.lang = id as u8;
    }

    /// The languages of the documents added, in the order they came.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.langs.iter().map(|(t, _)| &**t)
    }

    /// Whether word `id` occurs in language `lang` for the first time (noting that it does).
    fn first_seen_in(&mut self, id: WordId, lang: u8) -> bool {
        let words = self.ends.len();
        if self.seen_in.len() < words {
            let bit = |l: u8| 1u64 << l.min(63);
            let from = self.seen_in.len();
            let langs = self.lang_of.get(from..).unwrap_or_default();
            self.seen_in.extend(langs.iter().map(|&l| bit(l)));
        }
        let bit = 1u64 << lang.min(63);
        match self.seen_in.get_mut(id as usize) {
            Some(seen) if *seen & bit == 0 => {
                *seen |= bit;
                true
            }
            _ => false,
        }
    }

    fn stemming(&self, lang: u8) -> Stemming {
        self.langs
            .get(lang as usize)
            .map_or(Stemming::None, |&(_, s)| s)
    }

    /// Files the stem of word `id` in the current language: its first stem (`first`, pushed
    /// in word order) or a further one. A stemmer that is not here yet leaves it pending.
    fn file_stem(&mut self, id: WordId, first: bool) {
        let lang = self.lang;
        if first {
            self.lang_of.push(lang);
        }
        let stem = match self.stemming(lang) {
            // Asked for in one batch per document (`stem_pending`), not one call per word.
            Stemming::Snowball(_) => None,
            stemming => lang::stem(stemming, self.spelling(id)),
        };
        let stem = match stem {
            Some(stem) => self.stem_id(lang, &stem),
            None => {
                self.pending.push((id, lang));
                PENDING
            }
        };
        if first {
            self.stem_of.push(stem);
        } else if stem != PENDING {
            self.more_stems.push((id, stem));
        }
    }

    /// Whether some words wait for a stemmer ([`Index::stem_pending`]).
    pub fn has_pending_stems(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Stems the words waiting for their language's stemmer, one call per language: all of
    /// them, or (`all` false, after each document) those filed since the last call. Those whose
    /// stemmer is still not here keep waiting.
    pub fn stem_pending(&mut self, all: bool) {
        let from = if all {
            0
        } else {
            self.tried.min(self.pending.len())
        };
        let pending = self.pending.split_off(from);
        let mut waiting = std::mem::take(&mut self.pending);
        // A corpus has few languages: one pass over the batch for each.
        for lang in 0..self.langs.len() as u8 {
            let group: Vec<WordId> = pending
                .iter()
                .filter(|p| p.1 == lang)
                .map(|p| p.0)
                .collect();
            if group.is_empty() {
                continue;
            }
            let words: Vec<&str> = group.iter().map(|&id| self.spelling(id)).collect();
            let Some(stems) = lang::stems(self.stemming(lang), &words) else {
                waiting.extend(group.iter().map(|&id| (id, lang)));
                continue;
            };
            for (&id, stem) in group.iter().zip(stems) {
                let stem = self.stem_id(lang, &stem);
                let first = self.lang_of.get(id as usize) == Some(&lang);
                match self.stem_of.get_mut(id as usize) {
                    Some(slot) if first && *slot == PENDING => *slot = stem,
                    _ => self.more_stems.push((id, stem)),
                }
            }
        }
        self.tried = waiting.len();
        self.pending = waiting;
    }

    /// The id of a stem in language `lang`, filing it the first time.
    fn stem_id(&mut self, lang: u8, stem: &str) -> u32 {
        let mut key = String::with_capacity(stem.len() + 2);
        key.push(char::from(lang));
        key.push_str(stem);
        let h = hash(key.as_bytes());
        let (spellings, ends) = (&self.stem_spellings, &self.stem_ends);
        if let Some(&id) = self
            .stem_table
            .find(h, |&id| slice(spellings, ends, id) == key)
        {
            return id;
        }
        let id = self.stem_ends.len() as u32;
        self.stem_spellings.push_str(&key);
        self.stem_ends.push(self.stem_spellings.len() as u32);
        let (spellings, ends) = (&self.stem_spellings, &self.stem_ends);
        self.stem_table
            .insert_unique(h, id, |&i| hash(slice(spellings, ends, i).as_bytes()));
        id
    }

    /// The id of a folded word, if the index has it.
    pub fn id(&self, folded: &str) -> Option<WordId> {
        let h = hash(folded.as_bytes());
        self.table
            .find(h, |&id| self.spelling(id) == folded)
            .copied()
    }

    /// The words sharing `folded`'s stem in some language of the documents (including
    /// `folded` itself when indexed): the query word is stemmed in each language.
    pub fn same_stem(&self, folded: &str) -> Vec<WordId> {
        if text::is_number(folded) {
            return Vec::new();
        }
        let mut stems = Vec::new();
        let mut key = String::new();
        for (lang, &(_, stemming)) in (0u8..).zip(&self.langs) {
            let Some(stem) = lang::stem(stemming, folded) else {
                continue;
            };
            key.clear();
            key.push(char::from(lang));
            key.push_str(&stem);
            let found = self.stem_table.find(hash(key.as_bytes()), |&id| {
                slice(&self.stem_spellings, &self.stem_ends, id) == key
            });
            stems.extend(found.copied());
        }
        if stems.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<WordId> = (0..)
            .zip(&self.stem_of)
            .filter(|&(_, s)| stems.contains(s))
            .map(|(id, _)| id)
            .collect();
        for &(id, stem) in &self.more_stems {
            if stems.contains(&stem) && !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Word ids in spelling order, brought up to date with the words added since last time.
    fn sorted(&self) -> Ref<'_, Vec<WordId>> {
        if self.sorted.borrow().len() < self.ends.len() {
            let mut sorted = self.sorted.borrow_mut();
            let mut new: Vec<WordId> =
                (sorted.len() as WordId..self.ends.len() as WordId).collect();
            crate::rank::sort_ids(&mut new, &|id| self.spelling(id));
            let old = std::mem::take(&mut *sorted);
            let mut merged = Vec::with_capacity(old.len() + new.len());
            let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
            loop {
                let next = match (a.peek(), b.peek()) {
                    (Some(&x), Some(&y)) if self.spelling(x) <= self.spelling(y) => a.next(),
                    (Some(_), Some(_)) => b.next(),
                    (Some(_), None) => a.next(),
                    (None, _) => b.next(),
                };
                match next {
                    Some(id) => merged.push(id),
                    None => break,
                }
            }
            *sorted = merged;
        }
        self.sorted.borrow()
    }

    /// Word ids in spelling order (for walking the vocabulary as a trie).
    pub fn in_spelling_order(&self) -> Ref<'_, Vec<WordId>> {
        self.sorted()
    }

    /// The `n` most frequent indexed words starting with `prefix` (itself included), most
    /// frequent first, ties in spelling order. Prefixes of one or two characters begin a good
    /// part of the vocabulary: their lists are kept until words are added.
    pub fn top_completions(&self, prefix: &str, n: usize) -> Vec<WordId> {
        let short = prefix.chars().count() <= 2;
        if short {
            let cache = self.completion_cache.borrow();
            if cache.0 == self.ends.len() {
                if let Some(ids) = cache.1.get(prefix) {
                    return ids.iter().copied().take(n).collect();
                }
            }
        }
        let mut ids = self.completions(prefix);
        // Stable: equal frequencies keep spelling order.
        crate::rank::sort_by_key(&mut ids, |&id| {
            u64::MAX - self.document_frequency(id) as u64
        });
        ids.truncate(n);
        if short {
            let mut cache = self.completion_cache.borrow_mut();
            if cache.0 != self.ends.len() {
                *cache = (self.ends.len(), Default::default());
            }
            cache
                .1
                .insert(prefix.into(), ids.clone().into_boxed_slice());
        }
        ids
    }

    /// The indexed words starting with `prefix` (itself included), in word order.
    pub fn completions(&self, prefix: &str) -> Vec<WordId> {
        let sorted = self.sorted();
        let start = sorted.partition_point(|&id| self.spelling(id) < prefix);
        sorted
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&id| self.spelling(id).starts_with(prefix))
            .copied()
            .collect()
    }

    /// The folded spelling of a word.
    pub fn spelling(&self, id: WordId) -> &str {
        slice(&self.spellings, &self.ends, id)
    }

    /// The documents a word occurs in, with its weighted frequency in each.
    pub fn postings(&self, id: WordId) -> Postings<'_> {
        Postings {
            bytes: self.postings.get(id as usize).map_or(&[], Vec::as_slice),
            at: 0,
            doc: 0,
        }
    }

    /// How many documents a word occurs in.
    pub fn document_frequency(&self, id: WordId) -> usize {
        self.df.get(id as usize).copied().unwrap_or(0) as usize
    }

    /// A document's words in order, fields separated by [`GAP`].
    pub fn stream(&self, doc: u32) -> Vec<WordId> {
        self.words_of(doc).collect()
    }

    /// A document's words in order, fields separated by [`GAP`], decoded as they are read.
    pub fn words_of(&self, doc: u32) -> impl Iterator<Item = WordId> + '_ {
        let bytes = self.streams.get(doc as usize).map_or(&[][..], |s| &**s);
        let mut at = 0;
        std::iter::from_fn(move || {
            get_varint(bytes, &mut at).map(|v| v.checked_sub(1).unwrap_or(GAP))
        })
    }

    /// Where, at or after byte `from`, document `doc`'s stream holds `first` followed by a word
    /// of each of `rest`, next to each other: the byte offset where the phrase's words but the
    /// last first occur (its head), and where the whole phrase first does. The stream's bytes
    /// are searched for `first`'s varint eight bytes at a time (a match counts where a varint
    /// starts: the byte before it ends one), so a phrase costs about a byte scan of the stream,
    /// not a decode of every word.
    pub fn find_sequence(
        &self,
        doc: u32,
        first: WordId,
        rest: &[IdSet],
        from: u32,
    ) -> (Option<u32>, Option<u32>) {
        let bytes = self.streams.get(doc as usize).map_or(&[][..], |s| &**s);
        let mut pattern = Vec::with_capacity(5);
        put_varint(&mut pattern, first.saturating_add(1));
        let mut head = None;
        for at in crate::decode::candidates(bytes, from as usize, &pattern) {
            let starts_varint = at == 0 || bytes.get(at - 1).is_some_and(|&b| b < 0x80);
            if !starts_varint || bytes.get(at..at + pattern.len()) != Some(&pattern[..]) {
                continue;
            }
            let mut next = at + pattern.len();
            let mut matched = 0;
            for wanted in rest {
                let word = get_varint(bytes, &mut next).and_then(|v| v.checked_sub(1));
                if !word.is_some_and(|w| wanted.contains(w)) {
                    break;
                }
                matched += 1;
            }
            if matched + 1 >= rest.len() {
                head.get_or_insert(at as u32);
            }
            if matched == rest.len() {
                return (head, Some(at as u32));
            }
        }
        (head, None)
    }

    /// The last quoted phrase searched and where each document held it (see `query.rs`).
    pub fn phrase_memo(&self) -> &RefCell<PhraseMemo> {
        &self.phrase_memo
    }

    /// Bytes of the word streams and of the postings (what the memory budget pays for them).
    pub fn sizes(&self) -> (usize, usize) {
        let streams = self.streams.iter().map(|s| s.len()).sum();
        let postings = self.postings.iter().map(Vec::len).sum();
        (streams, postings)
    }

    /// How many documents have been added.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// How many distinct words are indexed.
    pub fn words(&self) -> usize {
        self.ends.len()
    }

    /// One past the highest document number seen.
    pub fn capacity(&self) -> usize {
        self.lengths.len()
    }

    /// BM25 weight of a posting: `tf` saturates (k1 = 1.2) and long documents are damped (b = 0.75).
    pub fn bm25(&self, posting: Posting, document_frequency: usize) -> f32 {
        self.scorer(document_frequency).score(posting)
    }

    /// BM25 for the postings of one word: its idf and the corpus's average length computed once.
    pub fn scorer(&self, document_frequency: usize) -> Scorer<'_> {
        let n = self.documents as f32;
        let df = document_frequency as f32;
        let average = (self.total_length as f64 / self.documents.max(1) as f64) as f32;
        Scorer {
            idf: (1.0 + (n - df + 0.5) / (df + 0.5)).ln(),
            average,
            lengths: &self.lengths,
        }
    }

    /// Frees the spare capacity growth left behind, once every seed is in.
    pub fn shrink(&mut self) {
        for list in &mut self.postings {
            list.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        self.spellings.shrink_to_fit();
        self.stream = Vec::new();
        self.short = Vec::new();
        drop(self.sorted());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_and_streams_read_back_in_any_arrival_order() {
        let mut index = Index::default();
        index.add(
            5,
            &[(Field::Title, "Tea"), (Field::Body, "green tea, black tea")],
        );
        index.add(1, &[(Field::Body, "tea time")]);
        index.add(300, &[(Field::Body, "tea")]);
        let tea = index.id("tea").unwrap();
        let got: Vec<(u32, f32)> = index.postings(tea).map(|p| (p.doc, p.tf)).collect();
        assert_eq!(got, [(5, 8.0), (1, 1.0), (300, 1.0)]);
        assert_eq!(index.document_frequency(tea), 3);
        let words: Vec<&str> = index
            .stream(5)
            .iter()
            .map(|&id| if id == GAP { "|" } else { index.spelling(id) })
            .collect();
        assert_eq!(words, ["tea", "|", "green", "tea", "black", "tea"]);
        assert!(index.stream(2).is_empty());
    }

    #[test]
    fn completions_follow_spelling_order_as_words_arrive() {
        let mut index = Index::default();
        index.add(0, &[(Field::Body, "melatonin sleep")]);
        let spell = |ids: Vec<WordId>, index: &Index| -> Vec<String> {
            ids.iter().map(|&i| index.spelling(i).to_owned()).collect()
        };
        assert_eq!(spell(index.completions("mel"), &index), ["melatonin"]);
        index.add(1, &[(Field::Body, "melody meld melatonin")]);
        assert_eq!(
            spell(index.completions("mel"), &index),
            ["melatonin", "meld", "melody"]
        );
        assert_eq!(spell(index.same_stem("sleeping"), &index), ["sleep"]);
    }

    #[test]
    fn varints_round_trip_and_refuse_overlong_input() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            out.clear();
            put_varint(&mut out, v);
            let mut at = 0;
            assert_eq!(get_varint(&out, &mut at), Some(v));
            assert_eq!(at, out.len());
        }
        let mut at = 0;
        assert_eq!(get_varint(&[0xFF; 6], &mut at), None);
    }
}
