//! Times loading a folder of seeds and a few queries natively, split into matching (`find`) and
//! rendering a page of results (`items`): `cargo run --release --example profile [DIR]`.
//! A quick look while developing; `cargo xtask bench` is the real measurement.

use seeds_viewer::corpus::{Corpus, Request};
use seeds_viewer::query::Query;
use std::time::Instant;

const PAGE: usize = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
        .collect();
    names.sort();
    let mut corpus = Corpus::new(names.clone());
    let started = Instant::now();
    for (i, name) in names.iter().enumerate() {
        corpus.add(i, &std::fs::read(format!("{dir}/{name}"))?);
    }
    corpus.finish();
    println!(
        "{} seeds loaded in {:?}; {} distinct words",
        corpus.loaded(),
        started.elapsed(),
        corpus.words()
    );
    for q in [
        "melatonin",
        "kratom sleep",
        "neurotrans",
        "\"opioid receptors\"",
        "fibromyalgai",
        "quasarbanjo",
        "k",
    ] {
        let t = Instant::now();
        let results = corpus.find(&Request {
            query: Query::parse(q),
            ..Request::default()
        });
        let found = t.elapsed();
        let page = &results.positions[..results.positions.len().min(PAGE)];
        let _html = corpus.items_html(page, &results.highlight);
        println!(
            "{q:22} {:>6} hits  find {:>10.3?}  items {:>10.3?}",
            results.positions.len(),
            found,
            t.elapsed() - found
        );
    }
    Ok(())
}
