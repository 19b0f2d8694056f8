//! seeds-viewer's core: raw seed bytes → [`Seed`] (+ [`Diagnostic`]s) → [`index::Index`] →
//! ranked positions → [`render::SafeHtml`]. Plain Rust with no web APIs, tested natively;
//! `wasm` (built for wasm32 only) is the one boundary to JavaScript.
//!
//! ```
//! use seeds_viewer::{corpus::Corpus, query::Query};
//! let mut corpus = Corpus::new(vec!["a.txt".into(), "b.md".into()]);
//! corpus.add(0, b"Summary of tea.\nIntro.\n- Brewing\nBrewing\nSteep it.\nEnjoy.");
//! corpus.add(1, b"# Coffee\n\nAbout caf\xC3\xA9.");
//! assert_eq!(corpus.search(&Query::parse("cafe")), [1]);
//! assert_eq!(corpus.search(&Query::parse("")), [0, 1]);
//! ```

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "markdown")]
pub mod cmark;
pub mod corpus;
pub mod decode;
pub mod diagnostic;
pub mod facet;
mod fold_table;
pub mod index;
pub mod lang;
pub mod layout;
pub mod load;
pub mod markdown;
pub mod pack;
pub mod plain;
pub mod query;
pub mod rank;
pub mod render;
pub mod seed;
pub mod snippet;
pub mod text;
pub mod url;
#[cfg(all(target_arch = "wasm32", feature = "engine"))]
pub mod wasm;

// Markdown seeds need a parser: this crate's (feature `markdown`) or, in the engine's wasm
// module, the markdown module's.
#[cfg(not(any(feature = "markdown", all(target_arch = "wasm32", feature = "engine"))))]
compile_error!("build with the `markdown` feature (only the engine's wasm module goes without it)");

pub use diagnostic::{Diagnostic, DiagnosticKind};
pub use seed::{parse, Seed, SeedKind};
