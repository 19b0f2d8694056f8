//! Time per byte of parse + index + render for the inputs that blow up markdown parsers
//! (pulldown-cmark's and cmark's pathological tests), at 1×, 4× and 16× size: linear time
//! shows as a flat ns/byte column. `cargo run --release --example pathological`.
//! A report, not a test: the project never asserts on timings.

use std::time::Instant;

use seeds_viewer::corpus::Corpus;
use seeds_viewer::query::Query;

fn patterns(n: usize) -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("nested blockquotes", "md", ">".repeat(n) + " deep\n"),
        (
            "nested brackets",
            "md",
            "[".repeat(n) + "a" + &"]".repeat(n),
        ),
        ("unclosed brackets", "md", "[a ".repeat(n)),
        (
            "nested lists",
            "md",
            (0..n / 10)
                .map(|i| format!("{}- item\n", "  ".repeat(i % 200)))
                .collect::<String>(),
        ),
        ("emphasis runs", "md", "*a **b ".repeat(n)),
        ("underscores", "md", "_a __b ".repeat(n)),
        ("backticks", "md", "`a ``b ".repeat(n)),
        ("quotes and links", "md", "[\"a\"](\"b\" ".repeat(n)),
        ("link reference bomb", "md", {
            let mut s = String::from("[a]: /x\n\n");
            s.push_str(&"[a][a]".repeat(n));
            s
        }),
        ("wide table", "md", {
            let cols = (n / 10).max(2);
            format!(
                "{}\n{}\n{}\n",
                "|a".repeat(cols),
                "|-".repeat(cols),
                "|b".repeat(cols)
            )
        }),
        ("html comment openers", "md", "<!--".repeat(n)),
        ("entities", "md", "&#x41;&amp;".repeat(n)),
        ("plain: many outline titles", "txt", {
            let mut s = String::from("Summary.\nIntro.\n");
            for i in 0..n / 10 {
                s.push_str(&format!("- Title {i}\n"));
            }
            s
        }),
        ("plain: one long line", "txt", "word ".repeat(n)),
    ]
}

fn run(kind: &str, text: &str) -> f64 {
    let name = format!("p.{kind}");
    let started = Instant::now();
    let mut corpus = Corpus::new(vec![name]);
    let _ = corpus.add(0, text.as_bytes());
    let highlight = corpus.highlight(&Query::parse("a b"));
    let html = corpus
        .article_html(0)
        .map(|h| h.into_string())
        .unwrap_or_default();
    std::hint::black_box(html);
    std::hint::black_box(corpus.article_marks(0, &highlight));
    started.elapsed().as_secs_f64()
}

fn main() {
    println!(
        "{:<28} {:>10} {:>12} {:>12} {:>12}",
        "pattern", "bytes@1x", "ns/byte 1x", "ns/byte 4x", "ns/byte 16x"
    );
    let base = 5_000;
    let names: Vec<_> = patterns(base).into_iter().map(|(n, _, _)| n).collect();
    for (i, name) in names.iter().enumerate() {
        let mut cells = Vec::new();
        let mut bytes0 = 0;
        for scale in [1, 4, 16] {
            let (_, kind, text) = patterns(base * scale).swap_remove(i);
            if scale == 1 {
                bytes0 = text.len();
            }
            // Best of three: the machine is shared.
            let secs = (0..3)
                .map(|_| run(kind, &text))
                .fold(f64::INFINITY, f64::min);
            cells.push(secs * 1e9 / text.len() as f64);
        }
        println!(
            "{:<28} {:>10} {:>12.1} {:>12.1} {:>12.1}",
            name, bytes0, cells[0], cells[1], cells[2]
        );
    }
}
