//! Folding, against its reference: a character folds to its compatibility decomposition
//! (NFKD, from the `unicode-normalization` crate) with optional marks and apostrophes dropped
//! and every other character lowercased. The shipped module carries a table generated from the
//! same data (`examples/fold_table.rs`); these tests hold it to the reference for every
//! character and for whole words.

use proptest::prelude::*;
use seeds_viewer::text::{
    fold_into, folded_words, is_apostrophe, is_combining_mark, OPTIONAL_MARKS, WHOLE_LETTERS,
};
use unicode_normalization::char::is_combining_mark as reference_is_mark;
use unicode_normalization::UnicodeNormalization;

/// The marks folding drops: combining marks (by the crate) in the optional blocks.
fn reference_is_optional(c: char) -> bool {
    let u = c as u32;
    reference_is_mark(c) && OPTIONAL_MARKS.iter().any(|&(a, b)| (a..=b).contains(&u))
}

fn reference(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        if WHOLE_LETTERS.contains(&c) {
            out.extend(c.to_lowercase());
            continue;
        }
        reference_char(c, &mut out);
    }
    out
}

fn reference_char(c: char, out: &mut String) {
    for c in c.to_string().nfkd() {
        if !reference_is_optional(c) && !is_apostrophe(c) {
            out.extend(c.to_lowercase());
        }
    }
}

fn fold(word: &str) -> String {
    let mut out = String::new();
    fold_into(word, &mut out);
    out
}

#[test]
fn every_character_folds_as_the_reference_folds_it() {
    let mut wrong = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let word = c.to_string();
        if fold(&word) != reference(&word) || is_combining_mark(c) != reference_is_mark(c) {
            wrong.push(format!("U+{:04X}", c as u32));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} characters differ: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(20)]
    );
}

#[test]
fn diacritics_ligatures_and_wide_forms_fold_to_their_plain_letters() {
    let f = |s: &str| folded_words(s).collect::<Vec<_>>().join(" ");
    // Latin, Greek and Cyrillic with diacritics.
    assert_eq!(
        f("Crème Brûlée Ångström Łódź Straße"),
        "creme brulee angstrom łodz straße"
    );
    assert_eq!(f("Ἀθῆναι ΆΈΉΊΌΎΏ"), "αθηναι αεηιουω");
    // Cyrillic: `ё` is written `е` by most readers; `й` and `ї` are letters of their own.
    assert_eq!(f("Ёлка Йод Ї"), "елка йод ї");
    // Ligatures, full-width and other compatibility forms.
    assert_eq!(f("ﬁne ﬂow ǅemal Ĳssel"), "fine flow dzemal ijssel");
    assert_eq!(f("ＳＬＥＥＰ ｋｒａｔｏｍ １２"), "sleep kratom 12");
    assert_eq!(f("Ⅻ x²"), "xii x2");
    // Symbols are not words, but fold too where their decomposition says.
    assert_eq!(
        (fold("㎞"), fold("℃")),
        ("km".to_string(), "°c".to_string())
    );
    // Hangul syllables decompose into their jamo, as NFKD does.
    assert_eq!(fold("한국"), reference("한국"));
}

proptest! {
    #[test]
    fn words_fold_as_the_reference_folds_them(word in "[a-zA-Z\u{c0}-\u{24f}\u{300}-\u{36f}\u{370}-\u{3ff}\u{400}-\u{4ff}\u{1e00}-\u{1fff}\u{fb00}-\u{fb06}\u{ff01}-\u{ff5e}\u{ac00}-\u{ac40}'’]{1,12}") {
        prop_assert_eq!(fold(&word), reference(&word));
    }
}
