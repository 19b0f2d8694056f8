//! The language measurement (issue 15), natively (the core indexes and searches exactly as the
//! wasm does): `cargo run --release --example languages WORDS.tsv`, the words from
//! `bench/languages.mjs` (one `lang<TAB>folder<TAB>word` line each).
//!
//! Each language's pages are loaded as one corpus and each word searched as a finished word
//! (a trailing space: no completions). A page *holds* the word when its text has the word's
//! characters contiguously (case aside) as a word: not inside a longer word of a spaced script
//! (`line` is not in `online`; in Chinese any run of characters is a word), or has a word of the
//! same stem in the pages' language (the viewer's documented stemming: `testing` and `test`;
//! the pages are loaded as a viewer whose `lang` is theirs would load them). A search is *right* when
//! it lists every page that holds the word; recall is the share of right searches, precision the
//! share of listed pages that hold the word. Prints one line per language.

use seeds_viewer::corpus::Corpus;
use seeds_viewer::lang;
use seeds_viewer::query::Query;
use seeds_viewer::text::folded_words;
use std::collections::{BTreeMap, HashSet};

/// Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar): the judge's own
/// list, not the tokeniser's, so that the measurement does not grade the code by itself.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3005..=0x3007
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
        | 0x20000..=0x3134F)
}

/// Whether `text` (lowercased) has `word` (lowercased) as a word, as the module doc says.
fn has_word(text: &str, word: &str) -> bool {
    let joins = |a: Option<char>, b: Option<char>| match (a, b) {
        (Some(a), Some(b)) => {
            a.is_alphanumeric() && b.is_alphanumeric() && !is_unspaced(a) && !is_unspaced(b)
        }
        _ => false,
    };
    text.match_indices(word).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(at + word.len()..).and_then(|t| t.chars().next());
        !joins(before, word.chars().next()) && !joins(word.chars().next_back(), after)
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: languages WORDS.tsv")?;
    let mut plan: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let mut fields = line.splitn(3, '\t');
        let (Some(lang), Some(dir), Some(word)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let entry = plan
            .entry(lang.to_owned())
            .or_insert_with(|| (dir.to_owned(), Vec::new()));
        entry.1.push(word.to_owned());
    }
    for (lang, (dir, words)) in &plan {
        let mut names: Vec<String> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        let texts: Vec<String> = names
            .iter()
            .map(|n| std::fs::read_to_string(format!("{dir}/{n}")))
            .collect::<Result<_, _>>()?;
        let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let stemming = lang::stemming(&lang::primary(lang).unwrap_or_default());
        let stem = |w: &str| lang::stem(stemming, w).unwrap_or_default();
        let stems: Vec<HashSet<String>> = texts
            .iter()
            .map(|t| folded_words(t).map(|w| stem(&w)).collect())
            .collect();
        let mut corpus = Corpus::new(names.clone());
        corpus.set_language(lang);
        for (i, text) in texts.iter().enumerate() {
            corpus.add(i, text.as_bytes());
        }
        corpus.finish();
        let (mut right, mut listed, mut holding) = (0usize, 0usize, 0usize);
        let mut misses = Vec::new();
        for word in words {
            let needle = word.to_lowercase();
            let family: Vec<String> = folded_words(word).map(|w| stem(&w)).collect();
            let expected: HashSet<u32> = (0u32..)
                .zip(lower.iter().zip(&stems))
                .filter(|(_, (t, s))| {
                    has_word(t, &needle)
                        || (family.len() == 1 && family.iter().all(|f| s.contains(f)))
                })
                .map(|(i, _)| i)
                .collect();
            let found: HashSet<u32> = corpus
                .search(&Query::parse(&format!("{word} ")))
                .into_iter()
                .collect();
            if expected.is_subset(&found) {
                right += 1;
            } else if misses.len() < 5 {
                misses.push(format!(
                    "{word} ({} of {})",
                    expected.intersection(&found).count(),
                    expected.len()
                ));
            }
            listed += found.len();
            holding += found.intersection(&expected).count();
        }
        let recall = 100.0 * right as f64 / words.len().max(1) as f64;
        let precision = 100.0 * holding as f64 / listed.max(1) as f64;
        println!(
            "{lang}\t{}\t{recall:.1}\t{precision:.1}\t{}",
            words.len(),
            misses.join(", ")
        );
    }
    Ok(())
}
