//! Filtering, as a specification table: query → the seeds listed, in order where ranking
//! matters. Every term must match; case, diacritics and apostrophe style do not matter.

use seeds_viewer::corpus::Corpus;
use seeds_viewer::query::Query;
use seeds_viewer::render::SafeHtml;

#[path = "support/marks.rs"]
mod marks;

fn corpus() -> Corpus {
    let seeds: [(&str, &str); 5] = [
        ("tea.txt", "Green tea and sleep.\nAbout tea.\n- Brewing Green Tea\nBrewing Green Tea\nSteep it in water.\nTea helps."),
        ("cafe.md", "# Café culture\n\nThe café crème is a French coffee. Kratom’s not here."),
        ("coffee.txt", "Coffee and sleep do not mix.\nAbout coffee.\n- Coffee\nCoffee\nIt keeps you awake; tea does less.\nSo sleep."),
        ("kratom.txt", "Kratom's uses.\nAbout kratom’s alkaloids like 7-hydroxymitragynine.\n- Doses\nDoses\nA dose of 5 grams.\nEnd."),
        ("empty.txt", ""),
    ];
    let mut corpus = Corpus::new(seeds.iter().map(|(n, _)| n.to_string()).collect());
    for (i, (_, src)) in seeds.iter().enumerate() {
        corpus.add(i, src.as_bytes());
    }
    corpus
}

fn names(corpus: &Corpus, query: &str) -> Vec<String> {
    corpus
        .search(&Query::parse(query))
        .into_iter()
        .map(|p| corpus.name(p as usize).unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn filter_semantics() {
    let c = corpus();
    let table: &[(&str, &[&str])] = &[
        (
            "",
            &[
                "tea.txt",
                "cafe.md",
                "coffee.txt",
                "kratom.txt",
                "empty.txt",
            ],
        ),
        (
            "   ",
            &[
                "tea.txt",
                "cafe.md",
                "coffee.txt",
                "kratom.txt",
                "empty.txt",
            ],
        ),
        // Case-insensitive, and a title match ranks above a body mention.
        ("TEA", &["tea.txt", "coffee.txt"]),
        // Every term must match.
        ("tea sleep", &["tea.txt", "coffee.txt"]),
        ("tea french", &[]),
        // Diacritics fold both ways.
        ("cafe", &["cafe.md"]),
        ("CAFÉ CRÈME", &["cafe.md"]),
        // Straight and curly apostrophes are the same; possessives match the word.
        ("kratom's", &["kratom.txt", "cafe.md"]),
        ("kratom’s", &["kratom.txt", "cafe.md"]),
        // The word being typed matches as a prefix.
        ("hydroxymit", &["kratom.txt"]),
        ("7-hydroxymitragynine", &["kratom.txt"]),
        ("5 grams", &["kratom.txt"]),
        ("cof", &["coffee.txt", "cafe.md"]),
        ("nothing-like-this", &[]),
    ];
    for (query, expected) in table {
        assert_eq!(names(&c, query), *expected, "query {query:?}");
    }
}

#[test]
fn an_exact_word_ranks_above_its_inflections_and_completions() {
    let mut c = Corpus::new(vec!["a.txt".into(), "b.txt".into(), "c.txt".into()]);
    c.add(0, b"S.\nI.\n- X\nX\nsleepwalking here\nEnd.");
    c.add(1, b"S.\nI.\n- X\nX\nsleeping here\nEnd.");
    c.add(2, b"S.\nI.\n- X\nX\nsleep here\nEnd.");
    assert_eq!(c.search(&Query::parse("sleep")), [2, 1, 0]);
    assert_eq!(
        c.search(&Query::parse("sleep ")),
        [2, 1],
        "a finished word is not a prefix"
    );
}

#[test]
fn the_real_seeds_filter_to_the_one_about_melatonin() {
    let dir = format!("{}/seeds", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut c = Corpus::new(names.clone());
    for (i, n) in names.iter().enumerate() {
        c.add(i, &std::fs::read(format!("{dir}/{n}")).expect("read"));
    }
    assert_eq!(c.search(&Query::parse("melatonin")), [3]);
    assert_eq!(c.search(&Query::parse("kratom")).len(), 4);
}

#[test]
fn matches_are_highlighted_in_snippets_and_articles() {
    let c = corpus();
    let q = c.highlight(&Query::parse("cafe"));
    let items = c
        .items_html(&[1], &q)
        .into_iter()
        .collect::<SafeHtml>()
        .into_string();
    assert!(
        items.contains("<mark part=\"highlight\">Café</mark>"),
        "{items}"
    );
    let article = marks::marked_article(&c, 1, &q);
    assert_eq!(
        article.matches("<mark part=\"highlight\">").count(),
        2,
        "{article}"
    );
}

#[test]
fn a_thousand_seeds_filter_correctly() {
    let names: Vec<String> = (0..1000).map(|i| format!("{i:04}.txt")).collect();
    let mut c = Corpus::new(names);
    for i in 0..1000 {
        let src = format!(
            "Seed number {i}.\nIntro word{}.\n- T{i}\nT{i}\nshared text {}.\nEnd.",
            i % 7,
            if i % 10 == 0 { "rare" } else { "common" }
        );
        c.add(i, src.as_bytes());
    }
    assert_eq!(c.search(&Query::parse("rare")).len(), 100);
    assert_eq!(
        c.search(&Query::parse("rare word3")).len(),
        (0..1000).filter(|i| i % 10 == 0 && i % 7 == 3).count()
    );
    assert_eq!(c.search(&Query::parse("")).len(), 1000);
}
