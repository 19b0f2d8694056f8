//! Search, as a specification: query → the seeds listed, in order where ranking matters. Covers
//! the query language (terms, "phrases", -exclusion, the word being typed), the language rules
//! (stemming, folding, apostrophes, hyphens, numbers, typos), facets, sorting, and results
//! that point into sections.

use seeds_viewer::corpus::{Corpus, Request, Sort};
use seeds_viewer::facet::Filters;
use seeds_viewer::query::Query;
use seeds_viewer::render::SafeHtml;

#[path = "support/marks.rs"]
mod marks;

const SEEDS: &[(&str, &str)] = &[
    (
        "sleep.txt",
        "Sleeping well with herbs.\nHow rest works.\n- Deep Sleep Stages\n- Melatonin\nDeep Sleep Stages\nThe body sleeps in cycles of deep sleep.\nMelatonin\nMelatonin is a hormone that regulates sleep.\nRest well.",
    ),
    (
        "kratom.txt",
        "Kratom’s alkaloids.\nAbout 7-hydroxymitragynine and mitragynine.\n- Dosage\n- Side Effects\nDosage\nA typical dose is 5 grams of leaf.\nSide Effects\nNausea and constipation may occur; sleep may suffer.\nBe careful.",
    ),
    (
        "coffee.md",
        "---\ntitle: Coffee and focus\ntags: [caffeine, focus]\n---\n# Brewing\n\nThe café crème wakes you up. Deep focus follows.\n\n# Sleep\n\nAvoid coffee before sleep; sleep deeply later.\n",
    ),
    (
        "tea.md",
        "---\ntitle: Green tea\ntags: [caffeine, calm]\n---\n# Steeping\n\nSteep green tea at 80 degrees for 3 minutes.\n\n# Calm\n\nL-theanine brings calm without drowsiness.\n",
    ),
];

fn corpus() -> Corpus {
    let mut corpus = Corpus::new(SEEDS.iter().map(|(n, _)| n.to_string()).collect());
    for (i, (_, src)) in SEEDS.iter().enumerate() {
        corpus.add(i, src.as_bytes());
    }
    corpus
}

fn names(corpus: &Corpus, request: &Request) -> Vec<&'static str> {
    corpus
        .find(request)
        .positions
        .all()
        .into_iter()
        .filter_map(|p| SEEDS.get(p as usize).map(|(n, _)| *n))
        .collect()
}

fn query(corpus: &Corpus, q: &str) -> Vec<&'static str> {
    names(
        corpus,
        &Request {
            query: Query::parse(q),
            ..Request::default()
        },
    )
}

/// Query → the seeds listed, best first.
fn check(table: &[(&str, &[&str])]) {
    let c = corpus();
    for (q, expected) in table {
        assert_eq!(query(&c, q), *expected, "query {q:?}");
    }
}

#[test]
fn inflections_find_each_other_through_stems() {
    check(&[
        ("sleeping ", &["sleep.txt", "coffee.md", "kratom.txt"]),
        ("sleeps ", &["sleep.txt", "coffee.md", "kratom.txt"]),
        ("regulated ", &["sleep.txt"]),
        ("doses ", &["kratom.txt"]),
    ]);
}

#[test]
fn case_diacritics_and_apostrophes_do_not_matter() {
    check(&[
        ("CAFE ", &["coffee.md"]),
        ("crème ", &["coffee.md"]),
        ("kratom's ", &["kratom.txt"]),
        ("KRATOM’S alkaloids", &["kratom.txt"]),
    ]);
}

#[test]
fn hyphenated_words_are_found_whole_and_by_their_parts() {
    check(&[
        ("7-hydroxymitragynine", &["kratom.txt"]),
        ("hydroxymitragynine ", &["kratom.txt"]),
        ("l-theanine", &["tea.md"]),
        ("theanine ", &["tea.md"]),
        ("7-mitragynine", &[]),
    ]);
}

#[test]
fn numbers_and_units_stay_searchable() {
    check(&[
        ("5 grams", &["kratom.txt"]),
        ("80 degrees", &["tea.md"]),
        ("3 minutes", &["tea.md"]),
        ("6 grams", &[]),
    ]);
}

#[test]
fn quoted_phrases_need_their_words_together_and_in_order() {
    check(&[
        ("\"deep sleep\"", &["sleep.txt"]),
        ("\"sleep deep\"", &[]),
        ("\"deep focus\"", &["coffee.md"]),
        ("\"green tea\" steep", &["tea.md"]),
        // A phrase match outranks the same words scattered.
        ("deep sleep ", &["sleep.txt", "coffee.md"]),
    ]);
}

#[test]
fn a_minus_excludes_words_and_phrases() {
    check(&[
        ("sleep -coffee", &["sleep.txt", "kratom.txt"]),
        ("caffeine -calm", &["coffee.md"]),
        ("sleep -\"deep sleep\"", &["coffee.md", "kratom.txt"]),
        ("-caffeine", &["sleep.txt", "kratom.txt"]),
    ]);
}

#[test]
fn only_the_word_being_typed_completes() {
    check(&[
        ("melat", &["sleep.txt"]),
        ("melat ", &[]),
        ("hydrox", &["kratom.txt"]),
        ("\"green te", &["tea.md"]),
    ]);
}

#[test]
fn longer_words_tolerate_typos_ranked_below_exact_matches() {
    check(&[
        ("melatnoin ", &["sleep.txt"]),
        ("constipaton ", &["kratom.txt"]),
        ("hormoen ", &["sleep.txt"]),
        // Two edits from nine letters on.
        ("melatnoinn ", &["sleep.txt"]),
        // Short words and codes need to be right.
        ("slep ", &[]),
        ("tea3 ", &[]),
    ]);
    // A word the corpus has is taken as meant: `sleep` does not find `steep`.
    check(&[("sleep tea", &[])]);
    // An unknown word finds its near misses, the closer first.
    let mut c = Corpus::new(vec!["one.txt".into(), "two.txt".into()]);
    c.add(
        0,
        b"S.\nI.\n- X\nX\nA gardening guide, a gardening guide.\nEnd.",
    );
    c.add(1, b"S.\nI.\n- X\nX\nGardenings.\nEnd.");
    assert_eq!(c.search(&Query::parse("gardneing ")), [0, 1]);
    assert_eq!(c.search(&Query::parse("gardneings ")), [1, 0]);
}

#[test]
fn every_clause_must_match() {
    check(&[
        ("sleep hormone", &["sleep.txt"]),
        ("sleep tea", &[]),
        ("", &["sleep.txt", "kratom.txt", "coffee.md", "tea.md"]),
    ]);
}

#[test]
fn facets_filter_and_count() {
    let c = corpus();
    let request = |q: &str, filters: &[(&str, &str)]| Request {
        query: Query::parse(q),
        filters: Filters::of(filters),
        sort: Sort::Relevance,
    };
    assert_eq!(
        names(&c, &request("", &[("kind", "markdown")])),
        ["coffee.md", "tea.md"]
    );
    assert_eq!(names(&c, &request("", &[("tags", "calm")])), ["tea.md"]);
    assert_eq!(
        names(&c, &request("", &[("tags", "calm"), ("tags", "focus")])),
        ["coffee.md", "tea.md"],
        "values of a field are alternatives"
    );
    assert_eq!(
        names(&c, &request("", &[("tags", "calm"), ("kind", "plain")])),
        Vec::<&str>::new(),
        "fields combine"
    );
    let results = c.find(&request("sleep", &[("kind", "markdown")]));
    let counts: Vec<(String, Vec<(String, usize)>)> = results
        .facets
        .into_iter()
        .map(|f| (f.field, f.values))
        .collect();
    let owned = |v: &[(&str, usize)]| {
        v.iter()
            .map(|(s, n)| (s.to_string(), *n))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counts,
        [
            ("kind".to_string(), owned(&[("plain", 2), ("markdown", 1)])),
            ("tags".to_string(), owned(&[("caffeine", 1), ("focus", 1)])),
        ],
        "counts over the query's matches; a field's counts ignore its own selection"
    );
}

#[test]
fn results_sort_by_relevance_or_by_title() {
    let c = corpus();
    let by_title = Request {
        sort: Sort::Title,
        ..Request::default()
    };
    // Titles: "Coffee and focus", "Green tea", "Kratom’s alkaloids.", "Sleeping well with herbs."
    assert_eq!(
        names(&c, &by_title),
        ["coffee.md", "tea.md", "kratom.txt", "sleep.txt"]
    );
}

#[test]
fn results_point_at_their_best_sections() {
    let c = corpus();
    let mut results = c.find(&Request {
        query: Query::parse("melatonin"),
        ..Request::default()
    });
    let html = c
        .items_html(&results.positions.all(), &results.highlight)
        .into_iter()
        .collect::<SafeHtml>()
        .into_string();
    assert!(html.contains("part=\"sections\""), "{html}");
    assert!(
        html.contains("data-section=\"2\" dir=\"auto\"><mark part=\"highlight\">Melatonin</mark>"),
        "the Melatonin section (second) is offered: {html}"
    );
    assert!(!html.contains("data-section=\"1\""), "{html}");
}

#[test]
fn typed_variants_are_highlighted_as_found() {
    let c = corpus();
    let highlight = c.highlight(&Query::parse("sleeping"));
    let article = marks::marked_article(&c, 0, &highlight);
    for word in ["Sleeping", "sleeps", "sleep"] {
        assert!(
            article.contains(&format!("<mark part=\"highlight\">{word}</mark>")),
            "{word} is highlighted: {article}"
        );
    }
}

/// Typing a phrase on resumes each seed where the shorter phrase matched (a memo of the last
/// phrase): every step finds what a search of that phrase alone finds, and going back or
/// changing a word starts afresh.
#[test]
fn a_phrase_typed_on_finds_what_it_finds_alone() {
    let real = |names: &[&str]| -> Corpus {
        let mut c = Corpus::new(names.iter().map(|n| n.to_string()).collect());
        for (i, n) in names.iter().enumerate() {
            let bytes = std::fs::read(format!("{}/seeds/{n}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            c.add(i, &bytes);
        }
        c
    };
    let names: Vec<String> = std::fs::read_dir(format!("{}/seeds", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let typed = real(&names);
    let typing = [
        "\"kratom",
        "\"kratom ",
        "\"kratom m",
        "\"kratom ma",
        "\"kratom may",
        "\"kratom may h",
        "\"kratom may help\"",
        "\"kratom m",
        "\"sleep q",
        "\"sleep qu",
        "\"sleep quality\"",
        "\"the",
        "\"the e",
        "\"the ef",
        "\"the eff",
        "\"the effects\"",
    ];
    let mut found_some = false;
    for query in typing {
        let fresh = real(&names).search(&Query::parse(query));
        let resumed = typed.search(&Query::parse(query));
        assert_eq!(resumed, fresh, "{query}");
        found_some |= !fresh.is_empty();
    }
    assert!(found_some);
}

/// The same with many words after the phrase's head, more than a short prefix completes to
/// (so the completions of the word typed are capped and change as it grows), each seed holding
/// the head several times: resuming each seed where the last search left it finds what a
/// fresh search finds, at every key, forwards and back.
#[test]
fn a_phrase_typed_over_capped_completions_finds_what_it_finds_alone() {
    let tails = [
        "receptors",
        "reward",
        "relief",
        "risk",
        "rats",
        "rapid",
        "rarely",
        "rather",
        "reach",
        "read",
        "real",
        "recent",
        "record",
        "reduce",
        "refer",
        "region",
        "relapse",
        "remain",
        "report",
        "rescue",
        "rest",
        "result",
        "return",
        "review",
    ];
    let seed = |i: usize| {
        let mut text = format!("Seed {i}\nAbout opioid use.\n- Part\nPart\n");
        for k in 0..12 {
            let tail = tails[(i * 7 + k * 5) % tails.len()];
            text.push_str(&format!(
                "The opioid {tail} came after opioid words and more {tail}.\n"
            ));
        }
        text.push_str("End.\n");
        text
    };
    let build = || {
        let names: Vec<String> = (0..60).map(|i| format!("{i:03}.txt")).collect();
        let mut c = Corpus::new(names);
        for i in 0..60 {
            c.add(i, seed(i).as_bytes());
        }
        c
    };
    let typed = build();
    let mut keys: Vec<String> = Vec::new();
    for word in ["receptors", "relapse", "rescue"] {
        for n in 1..=word.len() {
            keys.push(format!("\"opioid {}", &word[..n]));
        }
        keys.push(format!("\"opioid {word}\""));
    }
    keys.extend(["\"opioid re", "\"opioid r", "\"opioid ra", "\"opioid rat"].map(String::from));
    let mut distinct = std::collections::HashSet::new();
    for query in &keys {
        let fresh = build().search(&Query::parse(query));
        assert_eq!(typed.search(&Query::parse(query)), fresh, "{query}");
        distinct.insert(fresh);
    }
    assert!(distinct.len() > 3, "the keys find different seeds");
}

#[test]
fn a_facet_field_may_hold_any_character() {
    let mut c = Corpus::new(vec!["odd.md".into(), "even.md".into()]);
    c.add(0, b"---\na=b: yes\n---\n# Odd\n\nText.\n");
    c.add(1, b"---\na=b: no\n---\n# Even\n\nText.\n");
    let request = Request {
        filters: Filters::of(&[("a=b", "yes")]),
        ..Request::default()
    };
    assert_eq!(c.find(&request).positions.all(), [0], "odd.md only");
}
