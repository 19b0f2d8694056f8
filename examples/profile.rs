//! Times loading a folder of seeds and a few queries natively, split into matching (`find`) and
//! rendering a page of results (`items`): `cargo run --release --example profile [DIR]`.
//! A quick look while developing (`PROFILE_REPEAT=200` repeats each query for a profiler);
//! `cargo xtask bench` is the real measurement.

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
    let repeat: usize = std::env::var("PROFILE_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let default = [
        "melatonin",
        "kratom sleep",
        "neurotrans",
        "\"opioid receptors\"",
        "fibromyalgai",
        "quasarbanjo",
        "k",
    ];
    // PROFILE_QUERIES="a|b" replaces the default queries.
    let chosen = std::env::var("PROFILE_QUERIES").ok();
    let queries: Vec<&str> = match &chosen {
        Some(list) => list.split('|').collect(),
        None => default.to_vec(),
    };
    for q in queries {
        let request = Request {
            query: Query::parse(q),
            ..Request::default()
        };
        // PROFILE_REPEAT=N runs each query N times first (for a profiler).
        for _ in 0..repeat {
            let mut results = corpus.find(&request);
            let page = results.positions.page(0, PAGE);
            std::hint::black_box(corpus.items_html(&page, &results.highlight));
        }
        let t = Instant::now();
        let mut results = corpus.find(&request);
        let page = results.positions.page(0, PAGE);
        let found = t.elapsed();
        let _html = corpus.items_html(&page, &results.highlight);
        println!(
            "{q:22} {:>6} hits  find {:>10.3?}  items {:>10.3?}",
            results.positions.len(),
            found,
            t.elapsed() - found
        );
    }
    Ok(())
}
