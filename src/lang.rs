//! A seed's language, and the stemmer its words get.
//!
//! The language is the seed's front-matter `lang` or `language`, else the viewer's (the
//! element's or the page's `lang`, handed to the load), else English. Its primary subtag (`fr`
//! of `fr-CA`) picks a Snowball stemmer where rust-stemmers has one; a language it lacks is not
//! stemmed at all (never English rules on French words).
//!
//! English stems in every build. The other algorithms live, in the browser, in the stemmers
//! module (`stemmers/`, fetched only for a corpus that needs one) and, natively, in this crate
//! (feature `stemmers`): one implementation, so the two stem alike.

use rust_stemmers::Algorithm;

use crate::seed::Seed;

/// The language of a seed that says none, in a viewer that says none.
pub const DEFAULT: &str = "en";

/// The front-matter fields naming a seed's language.
pub const FIELDS: [&str; 2] = ["lang", "language"];

/// The languages rust-stemmers has, by primary subtag (ISO 639-1, and 639-2 where readers
/// write it). Norwegian Bokmål and Nynorsk share the Norwegian stemmer.
const STEMMERS: [(&str, Algorithm); 21] = [
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("el", Algorithm::Greek),
    ("en", Algorithm::English),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nb", Algorithm::Norwegian),
    ("nl", Algorithm::Dutch),
    ("nn", Algorithm::Norwegian),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("ta", Algorithm::Tamil),
    ("tr", Algorithm::Turkish),
    ("uk", Algorithm::Russian),
];

/// How a language's words find their inflections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stemming {
    /// Snowball's English stemmer, built into the engine.
    English,
    /// Another Snowball stemmer: the stemmers module's, named by the language's subtag.
    Snowball(&'static str),
    /// No stemmer for this language: a word matches itself (and its typos and completions).
    None,
}

/// The primary subtag of a BCP 47 language tag, lowercased (`fr` of `fr-CA`, `zh` of
/// `zh-Hant-TW`), or `None` when `tag` does not start with one (2 to 8 ASCII letters).
pub fn primary(tag: &str) -> Option<String> {
    let first = tag.trim().split(['-', '_']).next()?;
    let ok = (2..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    ok.then(|| first.to_ascii_lowercase())
}

/// A seed's language: its front matter's, else `default` (itself a primary subtag).
pub fn of_seed(seed: &Seed, default: &str) -> String {
    seed.meta
        .iter()
        .filter(|(key, _)| FIELDS.contains(&key.as_str()))
        .find_map(|(_, value)| primary(value))
        .unwrap_or_else(|| default.to_owned())
}

/// The stemming of a language (a primary subtag).
pub fn stemming(lang: &str) -> Stemming {
    match STEMMERS.iter().find(|(code, _)| *code == lang) {
        Some((_, Algorithm::English)) => Stemming::English,
        Some((code, _)) => Stemming::Snowball(code),
        None => Stemming::None,
    }
}

/// Whether a word is left as it is whatever its language: words with a digit (`5`, `mp3`) are
/// not inflections.
fn unstemmed(folded: &str) -> bool {
    folded.chars().any(char::is_numeric)
}

/// The stem of one folded word in `stemming`; `None` while that stemmer is not here (in the
/// engine, before the stemmers module has started).
pub fn stem(stemming: Stemming, folded: &str) -> Option<String> {
    match stemming {
        Stemming::English => Some(english(folded)),
        Stemming::None => Some(folded.to_owned()),
        Stemming::Snowball(code) => snowball(code, &[folded])?.pop(),
    }
}

/// The stems of folded `words` in `stemming`, in order (one call into the stemmers module for
/// them all); `None` while that stemmer is not here.
pub fn stems(stemming: Stemming, words: &[&str]) -> Option<Vec<String>> {
    match stemming {
        Stemming::Snowball(code) => snowball(code, words).filter(|s| s.len() == words.len()),
        _ => words.iter().map(|w| stem(stemming, w)).collect(),
    }
}

/// The English (Snowball/Porter2) stem of a folded word (`sleeping` → `sleep`). A constant
/// algorithm, so the engine's wasm keeps only this one.
fn english(folded: &str) -> String {
    use std::sync::OnceLock;
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    if unstemmed(folded) {
        return folded.to_owned();
    }
    STEMMER
        .get_or_init(|| rust_stemmers::Stemmer::create(Algorithm::English))
        .stem(folded)
        .into_owned()
}

/// Natively, and in the stemmers module: rust-stemmers itself.
#[cfg(feature = "stemmers")]
fn snowball(code: &str, words: &[&str]) -> Option<Vec<String>> {
    Some(snowball_stems(code, words.iter().copied()))
}

/// In the engine: the stemmers module, through JS.
#[cfg(all(not(feature = "stemmers"), target_arch = "wasm32", feature = "engine"))]
fn snowball(code: &str, words: &[&str]) -> Option<Vec<String>> {
    crate::wasm::modules::stems(code, words)
}

/// A build with neither (the markdown module) never stems.
#[cfg(all(
    not(feature = "stemmers"),
    not(all(target_arch = "wasm32", feature = "engine"))
))]
fn snowball(_: &str, _: &[&str]) -> Option<Vec<String>> {
    None
}

/// The Snowball stems of `words` for the language `code` (each word itself when `code` has no
/// stemmer): what the stemmers module answers.
#[cfg(feature = "stemmers")]
pub fn snowball_stems<'a>(code: &str, words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let algorithm = STEMMERS.iter().find(|(c, _)| *c == code).map(|&(_, a)| a);
    let stemmer = algorithm.map(rust_stemmers::Stemmer::create);
    words
        .map(|word| match &stemmer {
            Some(s) if !unstemmed(word) => s.stem(word).into_owned(),
            _ => word.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_names_its_language_by_its_primary_subtag() {
        assert_eq!(primary("fr-CA").as_deref(), Some("fr"));
        assert_eq!(primary(" zh_Hant_TW ").as_deref(), Some("zh"));
        assert_eq!(primary("EN").as_deref(), Some("en"));
        assert_eq!(primary("x"), None);
        assert_eq!(primary("12"), None);
        assert_eq!(primary(""), None);
    }

    #[test]
    fn english_stems_join_inflections_but_leave_numbers_alone() {
        let en = |w| stem(Stemming::English, w).unwrap_or_default();
        assert_eq!(en("sleeping"), en("sleep"));
        assert_eq!(en("sleeps"), "sleep");
        assert_eq!(en("grams"), en("gram"));
        assert_eq!(en("5"), "5");
        assert_eq!(en("mp3s"), "mp3s");
    }

    #[test]
    fn only_languages_with_a_stemmer_are_stemmed() {
        assert_eq!(stemming("en"), Stemming::English);
        assert_eq!(stemming("fr"), Stemming::Snowball("fr"));
        assert_eq!(stemming("nb"), Stemming::Snowball("nb"));
        assert_eq!(stemming("zh"), Stemming::None);
        assert_eq!(stemming("ko"), Stemming::None);
    }
}
