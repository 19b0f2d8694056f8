//! The markdown module: the engine's wasm module has no markdown parser (a plain corpus never
//! downloads one); for a corpus with markdown seeds the engine loads this one beside it and
//! asks it for each markdown text's block tree, as bytes (`seeds_viewer::seed::wire`).

use seeds_viewer::{cmark, seed::wire};
use wasm_bindgen::prelude::*;

/// The top-level blocks of markdown `text`, each with its origin (`offset` plus its range in
/// `text`), encoded; `alone`: `text` is one block read again on its own.
#[wasm_bindgen]
pub fn tree(text: &str, offset: u32, alone: bool) -> Vec<u8> {
    #[cfg(feature = "test-trap")]
    if text.starts_with("__trap_markdown__") {
        std::process::abort();
    }
    wire::encode(&cmark::build_tree(text, offset as usize, alone))
}
