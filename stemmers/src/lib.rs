//! The stemmers module: the engine's wasm module stems English only (a corpus in English never
//! downloads the other 17 Snowball stemmers); for a corpus in another language with a stemmer
//! the engine loads this one beside it and asks it for a batch of stems at a time.

use wasm_bindgen::prelude::*;

/// The stems of `words` (folded words, one per line) in the language `code` (a primary
/// subtag, `seeds_viewer::lang`), one per line in the same order.
#[wasm_bindgen]
pub fn stems(code: &str, words: &str) -> String {
    seeds_viewer::lang::snowball_stems(code, words.split('\n')).join("\n")
}
