//! The markdown module: the engine's wasm module has no markdown parser (a plain corpus never
//! downloads one); for a corpus with markdown seeds the engine loads this one beside it and
//! asks it for each markdown text's block tree, as bytes (`seeds_viewer::seed::wire`).

use seeds_viewer::{cmark, seed::wire};
use wasm_bindgen::prelude::*;

/// The top-level blocks of markdown `text` (UTF-8 bytes: the engine hands a view of its memory,
/// no string conversion on the way), each with its origin (`offset` plus its range in `text`),
/// encoded; `alone`: `text` is one block read again on its own.
#[wasm_bindgen]
pub fn tree(text: &[u8], offset: u32, alone: bool) -> Vec<u8> {
    // The engine sends a &str's bytes: never invalid.
    let text = std::str::from_utf8(text).unwrap_or_default();
    #[cfg(feature = "test-trap")]
    if text.starts_with("__trap_markdown__") {
        std::process::abort();
    }
    wire::encode(&cmark::build_tree(text, offset as usize, alone))
}
