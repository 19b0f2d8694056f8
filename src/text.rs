//! What a word is, and when two words are the same: tokenising and folding, shared by the index,
//! the query and highlighting so that all three always agree.
//!
//! A word is a run of letters, digits and combining marks; an apostrophe between two such
//! characters joins them (`don’t`), and a trailing possessive `’s` is left out (`Kratom’s` is the
//! word `Kratom`). Scripts written without spaces between words (Chinese, Japanese, Thai, Lao,
//! Khmer, Myanmar: [`is_unspaced`]) have no word boundaries to find without a dictionary, so each
//! of their characters (with its marks) is a word of its own, and a query's run of them is a
//! phrase of those characters: any word is found wherever it sits, and only where its
//! characters stand together.
//!
//! Folding lowercases, applies compatibility decomposition and drops the marks readers treat as
//! optional ([`is_optional_mark`]: the diacritics of Latin, Greek and Cyrillic, `Café` → `cafe`,
//! and the vowel points of Arabic and Hebrew, which most text leaves out), and apostrophes
//! (`don’t` and `don't` → `dont`). The marks that are letters (Devanagari and the other Indic
//! vowel signs, Thai, Japanese voicing) are kept: `कम` and `काम` stay two words.
//! Stemming, per language, is `lang`'s.

use crate::fold_table::{KIND, LEN, MARKS, PAYLOAD, RUNS, START, TEXT};

/// Straight, curly and modifier-letter apostrophes, which readers treat as one character.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Scripts written without spaces between words, whose every character is a word: Han
/// (Chinese, Japanese kanji), kana (with the iteration and prolonged-sound marks), Thai, Lao,
/// Khmer and Myanmar. Korean is written with spaces, and keeps its words.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3005..=0x3007 // 々 〆 〇
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xA9E0..=0xA9FF // Myanmar extended B
        | 0xAA60..=0xAA7F // Myanmar extended A
        | 0xF900..=0xFAFF // Han compatibility
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3134F // Han extensions B to G, compatibility supplement
    )
}

/// The combining marks that folding drops, because readers treat them as optional: the
/// diacritics of Latin, Greek and Cyrillic (the combining blocks they use), the vowel points
/// and cantillation of Hebrew, the harakat and Quranic marks of Arabic (most Arabic and Hebrew
/// text is written without them, so a search without them must find text with them), and the
/// generic marks for symbols. Every other mark is part of its letter and kept.
pub const OPTIONAL_MARKS: [(u32, u32); 11] = [
    (0x0300, 0x036F), // combining diacritical marks
    (0x0483, 0x0489), // Cyrillic titlo and the like
    (0x0591, 0x05C7), // Hebrew points and cantillation
    (0x0610, 0x061A), // Arabic honorifics
    (0x064B, 0x065F), // Arabic harakat
    (0x0670, 0x0670), // Arabic superscript alef
    (0x06D6, 0x06ED), // Arabic Quranic annotation
    (0x1AB0, 0x1AFF), // combining diacritical marks extended
    (0x1DC0, 0x1DFF), // combining diacritical marks supplement
    (0x20D0, 0x20FF), // combining marks for symbols
    (0xFE20, 0xFE2F), // combining half marks
];

/// What belongs to the character before it in an unspaced script: a combining mark, or the
/// half-width kana voicing marks (`ｹﾞ` is one character, as `ゲ` is).
fn is_mark_of_unspaced(c: char) -> bool {
    is_combining_mark(c) || matches!(c, '\u{FF9E}' | '\u{FF9F}')
}

/// Letters whose decomposition holds a mark in [`OPTIONAL_MARKS`] that is part of the letter
/// all the same: folding keeps them whole (Russian `й` is not `и`, Ukrainian `ї` not `і`,
/// Belarusian `ў` not `у`; but `ё` is `е`, as Russian readers mostly write it).
pub const WHOLE_LETTERS: [char; 6] = ['й', 'Й', 'ї', 'Ї', 'ў', 'Ў'];

/// Whether folding drops `c`: a combining mark in [`OPTIONAL_MARKS`].
pub fn is_optional_mark(c: char) -> bool {
    let u = c as u32;
    is_combining_mark(c) && OPTIONAL_MARKS.iter().any(|&(a, b)| (a..=b).contains(&u))
}

/// Byte ranges of the words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        pos: 0,
        simple: true,
        upper: false,
    }
}

/// Iterator returned by [`words`].
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
    /// Whether the last word was ASCII letters and digits only (folding is then lowercasing).
    simple: bool,
    /// Whether the last word had an ASCII capital.
    upper: bool,
}

/// The character starting at byte `i` of `text` and its length in bytes.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

impl Words<'_> {
    /// The length of the character at byte `i` if it is a word character.
    fn word_char_at(&self, i: usize) -> Option<usize> {
        match self.text.as_bytes().get(i) {
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric().then_some(1),
            Some(_) => char_at(self.text, i)
                .filter(|&(c, _)| is_word_char(c))
                .map(|(_, n)| n),
            None => None,
        }
    }
}

impl<'a> Words<'a> {
    /// Whether an apostrophe at byte `i` joins the word to a following word character.
    fn apostrophe_joins(&self, i: usize) -> bool {
        match char_at(self.text, i) {
            Some((c, n)) if is_apostrophe(c) => self.word_char_at(i + n).is_some(),
            _ => false,
        }
    }

    /// The next word folded (as [`fold_into`] would), borrowed from the text when folding would
    /// not change it (ASCII lowercase letters and digits: most words), else folded into
    /// `buffer`. One pass for the usual word: the hot path of indexing.
    pub fn next_folded<'b>(&mut self, buffer: &'b mut String) -> Option<&'b str>
    where
        'a: 'b,
    {
        let (s, e) = self.next()?;
        let word = self.text.get(s..e).unwrap_or_default();
        if self.simple && !self.upper {
            return Some(word);
        }
        if self.simple {
            buffer.clear();
            buffer.push_str(word);
            buffer.make_ascii_lowercase();
        } else {
            fold_into(word, buffer);
        }
        Some(buffer.as_str())
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    /// Byte-wise on ASCII, which most text is; characters are decoded only where a byte is not
    /// ASCII. This is the hot loop of indexing.
    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        let start = loop {
            let b = *bytes.get(i)?;
            match class(b) {
                LOWER | UPPER => break i,
                OTHER => i += 1,
                _ => {
                    let (c, n) = char_at(self.text, i)?;
                    if is_unspaced(c) {
                        // A word of one character and the marks on it.
                        let mut end = i + n;
                        while let Some((_, k)) =
                            char_at(self.text, end).filter(|&(m, _)| is_mark_of_unspaced(m))
                        {
                            end += k;
                        }
                        self.pos = end;
                        self.simple = false;
                        self.upper = false;
                        return Some((i, end));
                    }
                    if is_word_char(c) {
                        break i;
                    }
                    i += n;
                }
            }
        };
        let mut end = start;
        self.simple = true;
        self.upper = false;
        loop {
            // The usual case, byte by byte through a table: ASCII letters and digits.
            while let Some(&b) = bytes.get(i) {
                match class(b) {
                    LOWER => {}
                    UPPER => self.upper = true,
                    _ => break,
                }
                i += 1;
            }
            end = end.max(i);
            let Some(&b) = bytes.get(i) else { break };
            if b >= 0x80 || b == b'\'' {
                // Only a continuing word needs this, but setting it early is harmless: a word
                // that stops here was simple only if nothing but alphanumerics came before.
                if self.word_char_at(i).is_some() || self.apostrophe_joins(i) {
                    self.simple = false;
                }
            }
            let apostrophe = if b == b'\'' {
                1
            } else if b.is_ascii() {
                break;
            } else {
                match char_at(self.text, i) {
                    // A character of an unspaced script is a word of its own (`Android活动`).
                    Some((c, _)) if is_unspaced(c) => break,
                    Some((c, n)) if is_word_char(c) => {
                        i += n;
                        end = i;
                        continue;
                    }
                    Some((c, n)) if is_apostrophe(c) => n,
                    _ => break,
                }
            };
            if self.word_char_at(i + apostrophe).is_none() {
                break;
            }
            i += apostrophe;
        }
        self.pos = end;
        Some((start, strip_possessive(bytes, start, end)))
    }
}

/// Byte classes for the tokeniser's table (a lookup is fast at any optimisation level; the
/// release build optimises for size, which leaves byte loops unvectorised).
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const HIGH: u8 = 3;

// A const block cannot use `get_mut`; `i` stays below 256.
#[allow(clippy::indexing_slicing)]
static CLASSES: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if b >= 0x80 {
            HIGH
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_alphanumeric() {
            LOWER
        } else {
            OTHER
        };
        i += 1;
    }
    table
};

/// `LOWER` for lowercase ASCII letters and digits, `UPPER`, `HIGH` (not ASCII) or `OTHER`.
#[inline(always)]
fn class(b: u8) -> u8 {
    CLASSES.get(usize::from(b)).copied().unwrap_or(OTHER)
}

/// End of the word without a trailing `’s` / `'s`, when something is left before it.
fn strip_possessive(bytes: &[u8], start: usize, end: usize) -> usize {
    let word = bytes.get(start..end).unwrap_or_default();
    let Some((&last, head)) = word.split_last() else {
        return end;
    };
    if last != b's' && last != b'S' {
        return end;
    }
    // The apostrophes of `is_apostrophe`, as UTF-8.
    let apostrophe = [
        &b"'"[..],
        "\u{2018}".as_bytes(),
        "\u{2019}".as_bytes(),
        "\u{02BC}".as_bytes(),
        "\u{FF07}".as_bytes(),
    ]
    .into_iter()
    .find(|a| head.ends_with(a));
    match apostrophe {
        Some(a) if head.len() > a.len() => end - 1 - a.len(),
        _ => end,
    }
}

/// Folds one word into `out` (cleared first): lowercase, no diacritics, no apostrophes.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    // Most words are ASCII: nothing to decompose, only `'` to drop (the hot path of indexing,
    // snippets and highlighting).
    if word.is_ascii() {
        if word.contains('\'') {
            out.extend(word.chars().filter(|&c| c != '\''));
        } else {
            out.push_str(word);
        }
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars().filter(|&c| !is_apostrophe(c)) {
        fold_char(c, out);
    }
}

/// Whether `c` is a combining mark (Unicode general category M).
pub fn is_combining_mark(c: char) -> bool {
    let u = c as u32;
    if u < 0x300 {
        return false;
    }
    let after = MARKS.partition_point(|&m| m >> 8 <= u);
    after
        .checked_sub(1)
        .and_then(|i| MARKS.get(i))
        .is_some_and(|&m| u <= (m >> 8) + (m & 0xff))
}

/// Appends what `c` folds to: its compatibility decomposition without optional marks, each
/// character lowercased (`ﬁ` → `fi`, `Ｃ` → `c`, `é` → `e`, an accent → nothing), from the
/// generated table (`src/fold_table.rs`; Hangul syllables by the standard's arithmetic).
fn fold_char(c: char, out: &mut String) {
    let u = c as u32;
    if is_optional_mark(c) {
        return;
    }
    if let Some(s) = u.checked_sub(0xAC00).filter(|&s| s < 11_172) {
        // Leading consonant, vowel and (unless none) trailing consonant jamo.
        let jamo = [0x1100 + s / 588, 0x1161 + s % 588 / 28, 0x11A7 + s % 28];
        let parts = if s % 28 == 0 { 2 } else { 3 };
        out.extend(jamo.iter().take(parts).filter_map(|&j| char::from_u32(j)));
        return;
    }
    let plane = |planes: &[[u8; RUNS]; 3], i: usize| -> u32 {
        planes
            .iter()
            .enumerate()
            .map(|(b, p)| u32::from(p.get(i).copied().unwrap_or(0)) << (8 * b))
            .sum()
    };
    // The last run starting at or before `u` (binary search over the start planes).
    let (mut lo, mut hi) = (0, RUNS);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if plane(&START, mid) <= u {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if let Some(i) = lo.checked_sub(1) {
        let start = plane(&START, i);
        let len = u32::from(LEN.get(i).copied().unwrap_or(0)) + 1;
        let payload = plane(&PAYLOAD, i);
        if u < start + len {
            // Kinds 0 and 1 hold the first character folded to as a zigzag distance from start.
            let first = (start as i64 + ((payload >> 1) as i64 ^ -((payload & 1) as i64))) as u32;
            match KIND.get(i).copied().unwrap_or(0) {
                0 => out.extend(char::from_u32(first)),
                1 => out.extend(char::from_u32(first + (u - start))),
                _ => {
                    let (at, n) = ((payload >> 6) as usize, (payload & 63) as usize);
                    out.push_str(TEXT.get(at..at + n).unwrap_or_default());
                }
            }
            return;
        }
    }
    out.extend(c.to_lowercase());
}

/// Whether a word is made of digits only (numbers get neither typo tolerance nor stemming).
pub fn is_number(folded: &str) -> bool {
    !folded.is_empty() && folded.chars().all(|c| c.is_numeric())
}

/// The folded words of `text`.
pub fn folded_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).map(move |(s, e)| {
        let mut out = String::new();
        fold_into(text.get(s..e).unwrap_or_default(), &mut out);
        out
    })
}

/// A key under which two titles that a reader sees as equal compare equal: folded words joined by
/// single spaces (case, spacing, apostrophe style and diacritics do not matter; punctuation does
/// not either).
pub fn title_key(title: &str) -> String {
    key_while(title, |_| true).unwrap_or_default()
}

/// The [`title_key`] of `line` when it equals one of `keys`, else `None`. Stops at the first
/// word no key goes on with, so a paragraph costs a word or two, not a key.
pub fn matching_key(line: &str, keys: &[String]) -> Option<String> {
    key_while(line, |key| keys.iter().any(|k| k.starts_with(key))).filter(|key| keys.contains(key))
}

/// The title key of `text`, built word by word while `go_on` accepts what it is so far.
fn key_while(text: &str, mut go_on: impl FnMut(&str) -> bool) -> Option<String> {
    // No capacity for the whole text: most lines are abandoned after a word or two.
    let mut key = String::new();
    let mut buffer = String::new();
    let mut words = words(text);
    while let Some(word) = words.next_folded(&mut buffer) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
        if !go_on(&key) {
            return None;
        }
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<&str> {
        words(text).map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn words_split_on_punctuation_and_hyphens() {
        assert_eq!(
            w("7-hydroxymitragynine, (kratom)!"),
            ["7", "hydroxymitragynine", "kratom"]
        );
        assert_eq!(w("2 to 5 grams."), ["2", "to", "5", "grams"]);
    }

    #[test]
    fn apostrophes_join_and_possessives_drop() {
        assert_eq!(
            w("Kratom’s role; don't stop"),
            ["Kratom", "role", "don't", "stop"]
        );
        assert_eq!(w("'quoted' words’"), ["quoted", "words"]);
    }

    #[test]
    fn folding_ignores_case_diacritics_and_apostrophe_style() {
        let f = |s: &str| folded_words(s).collect::<Vec<_>>();
        assert_eq!(f("Café CRÈME"), ["cafe", "creme"]);
        assert_eq!(f("don’t"), f("don't"));
        assert_eq!(f("ﬁne"), ["fine"]);
    }

    #[test]
    fn a_line_matches_a_key_only_when_its_whole_key_is_one() {
        let keys = vec![title_key("Kratom and Sleep"), title_key("Dosage")];
        assert_eq!(
            matching_key("KRATOM  and sleep", &keys),
            Some("kratom and sleep".into())
        );
        assert_eq!(
            matching_key("Kratom and sleep are related, as studies show.", &keys),
            None
        );
        assert_eq!(matching_key("Kratom", &keys), None);
        assert_eq!(matching_key("dosage!", &keys), Some("dosage".into()));
    }

    #[test]
    fn title_keys_match_across_messy_spellings() {
        assert_eq!(
            title_key("Understanding Kratom’s Role  in Stress "),
            title_key("understanding kratom's role in stress")
        );
    }
}

#[cfg(test)]
mod folded_tests {
    use super::*;

    #[test]
    fn folding_while_tokenising_folds_as_fold_into_does() {
        let text = "Café CRÈME don’t Kratom's 7-hydroxy ﬁne naïve l'été x'y ABC'd end'";
        let ranges: Vec<(usize, usize)> = words(text).collect();
        let mut words = words(text);
        let mut buffer = String::new();
        let mut expected = String::new();
        for (s, e) in ranges {
            let folded = words.next_folded(&mut buffer).map(str::to_owned);
            fold_into(&text[s..e], &mut expected);
            assert_eq!(
                folded.as_deref(),
                Some(expected.as_str()),
                "{}",
                &text[s..e]
            );
        }
        assert_eq!(words.next_folded(&mut buffer), None);
    }
}
