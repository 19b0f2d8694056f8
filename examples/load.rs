//! Parse + index throughput and peak heap, natively, over a folder of seeds:
//! `cargo run --release --example load [DIR]`. The files are read into memory first; only the
//! core's work is timed: parsing alone, then parsing and indexing (`Corpus::add`), each in MB/s,
//! and the heap's high-water mark while the corpus is built, as a multiple of the seeds' bytes.
//! `cargo xtask bench` measures the same in the browser; this is the quick loop for profiling
//! (`perf record --call-graph dwarf target/release/examples/load DIR`).

use seeds_viewer::corpus::Corpus;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// Counts live heap bytes and their peak.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        if new > layout.size() {
            let live = LIVE.fetch_add(new - layout.size(), Relaxed) + new - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new, Relaxed);
        }
        System.realloc(ptr, layout, new)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
        .collect();
    names.sort();
    let files: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(format!("{dir}/{n}")))
        .collect::<Result<_, _>>()?;
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mb = bytes as f64 / 1e6;

    let t = Instant::now();
    for (name, data) in names.iter().zip(&files) {
        std::hint::black_box(seeds_viewer::parse(name, data));
    }
    let parse = t.elapsed().as_secs_f64();

    if std::env::var_os("LOAD_PARTS").is_some() {
        // Where indexing's time goes: the tokeniser alone, then with folding.
        let texts: Vec<&str> = files
            .iter()
            .filter_map(|f| std::str::from_utf8(f).ok())
            .collect();
        let t = Instant::now();
        let n: usize = texts
            .iter()
            .map(|s| seeds_viewer::text::words(s).count())
            .sum();
        let words = t.elapsed().as_secs_f64();
        let mut folded = String::new();
        let t = Instant::now();
        for s in &texts {
            for (a, b) in seeds_viewer::text::words(s) {
                seeds_viewer::text::fold_into(&s[a..b], &mut folded);
                std::hint::black_box(&folded);
            }
        }
        let fold = t.elapsed().as_secs_f64();
        println!(
            "{n} words: tokenise {:.0} MB/s, tokenise + fold {:.0} MB/s",
            mb / words,
            mb / fold
        );
    }

    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t = Instant::now();
    let mut corpus = Corpus::new(names.clone());
    for (i, data) in files.iter().enumerate() {
        corpus.add(i, data);
    }
    corpus.finish();
    let both = t.elapsed().as_secs_f64();
    let peak = PEAK.load(Relaxed) - base;
    let kept = LIVE.load(Relaxed) - base;
    println!(
        "{} seeds, {mb:.1} MB, {} words: parse {:.0} MB/s; parse + index {:.0} MB/s ({:.0} ms); heap peak {:.2}x, kept {:.2}x the seeds' bytes",
        names.len(),
        corpus.words(),
        mb / parse,
        mb / both,
        both * 1e3,
        peak as f64 / bytes as f64,
        kept as f64 / bytes as f64,
    );
    let parts: Vec<String> = corpus
        .sizes()
        .iter()
        .map(|(what, n)| format!("{what} {:.2}x", *n as f64 / bytes as f64))
        .collect();
    println!("kept, of the seeds' bytes: {}", parts.join(", "));
    Ok(())
}
