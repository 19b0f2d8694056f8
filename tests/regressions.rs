//! Regressions: inputs that once broke something, kept as plain tests.

use seeds_viewer::corpus::Corpus;
use seeds_viewer::query::Query;

/// Lists and opens every seed for a few queries; must not panic.
fn list_and_open(seeds: &[(&str, &[u8])]) {
    let mut corpus = Corpus::new(seeds.iter().map(|(n, _)| n.to_string()).collect());
    for (i, (_, bytes)) in seeds.iter().enumerate() {
        corpus.add(i, bytes);
    }
    for query in ["", "a", "cafe", "zzz"] {
        let q = Query::parse(query);
        let hits = corpus.search(&q);
        let highlight = corpus.highlight(&q);
        let _ = corpus.items_html(&hits, &highlight);
        for i in 0..seeds.len() {
            let _ = corpus.article_html(i);
            let _ = corpus.article_marks(i, &highlight);
        }
    }
}

#[test]
fn broken_seeds_list_and_open() {
    list_and_open(&[
        ("binary.txt", &[0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]),
        ("empty.txt", b""),
        (
            "latin1.txt",
            b"Summary.\nIntro caf\xe9.\n- A\nA\nText.\nEnd.",
        ),
        (
            "no-outline.txt",
            b"A summary.\nAn introduction.\nA paragraph.\nThe end.",
        ),
        (
            "caf\u{e9} au lait.md",
            "# Caf\u{e9} au lait\n\nMilk and coffee, cr\u{e8}me.\n".as_bytes(),
        ),
    ]);
}
