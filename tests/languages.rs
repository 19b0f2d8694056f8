//! Every script, as a specification: what its text is split into (tokenising), what its words
//! fold to, and what a search then finds. One row per script; `src/text.rs` says why.

use seeds_viewer::corpus::Corpus;
use seeds_viewer::query::Query;
use seeds_viewer::text::folded_words;

#[path = "support/marks.rs"]
mod marks;

fn words(text: &str) -> Vec<String> {
    folded_words(text).collect()
}

#[test]
fn each_script_splits_into_the_words_a_search_can_find() {
    let table: &[(&str, &str, &[&str])] = &[
        (
            "English",
            "Don't stop, Kratom’s",
            &["dont", "stop", "kratom"],
        ),
        (
            "Chinese: each character",
            "启动一个活动",
            &["启", "动", "一", "个", "活", "动"],
        ),
        (
            "Chinese beside Latin",
            "Android活动管理器。",
            &["android", "活", "动", "管", "理", "器"],
        ),
        (
            "Japanese kanji and kana",
            "入力ファイル",
            &["入", "力", "フ", "ァ", "イ", "ル"],
        ),
        ("Thai: a letter with its marks", "ที่นี่", &["ที่", "นี่"]),
        ("Lao", "ພາສາ", &["ພ", "າ", "ສ", "າ"]),
        ("Khmer", "ភាសា", &["ភា", "សា"]),
        ("Myanmar", "မြန်မာ", &["မြ", "န်", "မာ"]),
        (
            "Korean keeps its spaced words",
            "한국어 문서",
            &["한국어", "문서"],
        ),
        ("Russian", "Файл Ёлка", &["файл", "елка"]),
        ("Greek", "Ελληνικά", &["ελληνικα"]),
        ("Hindi keeps its vowel signs", "काम कम", &["काम", "कम"]),
        (
            "Arabic without its harakat",
            "كَتَبَ الكتاب",
            &["كتب", "الكتاب"],
        ),
        ("Hebrew without its points", "שָׁלוֹם", &["שלום"]),
    ];
    for (script, text, expected) in table {
        let found: Vec<String> = words(text)
            .into_iter()
            .map(|w| {
                // Compare as written: the folded forms of kana and Hangul are decomposed.
                use unicode_normalization::UnicodeNormalization;
                w.nfc().collect()
            })
            .collect();
        assert_eq!(&found, expected, "{script}: {text}");
    }
}

#[test]
fn folding_drops_the_marks_readers_leave_out_and_keeps_the_ones_that_are_letters() {
    let same = |a: &str, b: &str| words(a) == words(b);
    assert!(same("Café", "cafe"), "Latin accents are optional");
    assert!(same("ёлка", "елка"), "Cyrillic diaeresis is optional");
    assert!(same("كَتَبَ", "كتب"), "Arabic harakat are optional");
    assert!(same("שָׁלוֹם", "שלום"), "Hebrew points are optional");
    assert!(!same("काम", "कम"), "a Devanagari vowel sign is a letter");
    assert!(!same("กี่", "ก"), "Thai vowels and tones are letters");
    assert!(!same("ゲーム", "ケーム"), "Japanese voicing is a letter");
    assert!(same("ｹﾞｰﾑ", "ゲーム"), "half-width kana fold to full width");
}

const PAGES: &[(&str, &str)] = &[
    (
        "zh.md",
        "# am\n\n> Android 活动管理器。\n\n- 启动一个指定的活动：\n",
    ),
    ("zh-apart.md", "# other\n\n> 活泼的人，动作快。\n"),
    ("ja.md", "# cat\n\n> ファイルを連結して出力する。\n"),
    ("th.md", "# th\n\n> ที่นี่มีคำสั่ง\n"),
    ("hi.md", "# hi\n\n> यह काम करता है।\n"),
    ("ar.md", "# ar\n\n> كَتَبَ الطالب الدرس.\n"),
];

fn pages() -> Corpus {
    let mut corpus = Corpus::new(PAGES.iter().map(|(n, _)| n.to_string()).collect());
    for (i, (_, text)) in PAGES.iter().enumerate() {
        corpus.add(i, text.as_bytes());
    }
    corpus.finish();
    corpus
}

fn listed(query: &str) -> Vec<&'static str> {
    let corpus = pages();
    let mut names: Vec<&str> = corpus
        .search(&Query::parse(query))
        .into_iter()
        .filter_map(|p| PAGES.get(p as usize).map(|(n, _)| *n))
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn a_word_of_an_unspaced_script_is_found_wherever_it_sits_and_only_where_its_characters_stand_together(
) {
    assert_eq!(
        listed("活动 "),
        ["zh.md"],
        "inside a sentence, not where 活 and 动 are apart"
    );
    assert_eq!(
        listed("动 "),
        ["zh-apart.md", "zh.md"],
        "a single character"
    );
    assert_eq!(listed("管理器"), ["zh.md"], "while typing too");
    assert_eq!(listed("ファイル "), ["ja.md"]);
    assert_eq!(listed("連結"), ["ja.md"]);
    assert_eq!(listed("คำสั่ง "), ["th.md"]);
}

#[test]
fn marks_that_are_letters_tell_words_apart_and_optional_ones_do_not() {
    assert_eq!(listed("काम "), ["hi.md"]);
    assert_eq!(listed("कम "), Vec::<&str>::new(), "कम is not काम");
    assert_eq!(listed("كتب "), ["ar.md"], "unvocalized finds vocalized");
}

#[test]
fn a_word_of_several_characters_is_one_highlight_in_the_article() {
    let corpus = pages();
    let highlight = corpus.highlight(&Query::parse("活动 "));
    let html = marks::marked_article(&corpus, 0, &highlight);
    assert!(
        html.contains("的<mark part=\"highlight\">活动</mark>"),
        "{html}"
    );
    assert!(
        html.contains("启动一个"),
        "动 alone is not the word: {html}"
    );
    assert_eq!(
        html.matches("<mark").count(),
        2,
        "one mark per match, not per character: {html}"
    );
}

/// A corpus of `(name, text)` seeds in a viewer whose language is `lang`.
fn corpus_in(lang: &str, seeds: &[(&str, &str)]) -> Corpus {
    let mut corpus = Corpus::new(seeds.iter().map(|(n, _)| n.to_string()).collect());
    corpus.set_language(lang);
    for (i, (_, text)) in seeds.iter().enumerate() {
        corpus.add(i, text.as_bytes());
    }
    corpus.finish();
    corpus
}

fn found(corpus: &Corpus, query: &str) -> Vec<String> {
    let mut names: Vec<String> = corpus
        .search(&Query::parse(query))
        .into_iter()
        .filter_map(|p| corpus.name(p as usize).map(str::to_owned))
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn a_seed_is_stemmed_by_the_rules_of_its_own_language() {
    let corpus = corpus_in(
        "en",
        &[
            ("fr.md", "---\nlang: fr-FR\n---\n# Cuisine\n\nIl a mangé.\n"),
            ("en.md", "# Cooking\n\nHe was sleeping.\n"),
            (
                "ru.md",
                "---\nlanguage: ru\n---\n# Файлы\n\nСписок файлов.\n",
            ),
        ],
    );
    assert_eq!(
        found(&corpus, "manger "),
        ["fr.md"],
        "French: manger finds mangé"
    );
    assert_eq!(found(&corpus, "sleeps "), ["en.md"]);
    assert_eq!(
        found(&corpus, "файл "),
        ["ru.md"],
        "Russian: файл finds файлов"
    );
    assert_eq!(corpus.languages(), ["fr", "en", "ru"]);
}

#[test]
fn a_language_without_a_stemmer_is_not_stemmed_by_english_rules() {
    let corpus = corpus_in("pl", &[("pl.txt", "Spanie\nSleeping and walking.\n")]);
    assert_eq!(found(&corpus, "walking "), ["pl.txt"]);
    assert_eq!(
        found(&corpus, "walk "),
        Vec::<String>::new(),
        "Polish has no stemmer here, and English rules are not applied instead"
    );
}

#[test]
fn seeds_that_name_no_language_take_the_viewers_and_else_english() {
    let french = corpus_in("fr-CA", &[("a.txt", "Cuisine\nIl a mangé.\n")]);
    assert_eq!(found(&french, "manger "), ["a.txt"]);
    let unnamed = corpus_in("", &[("a.txt", "Cooking\nHe was sleeping.\n")]);
    assert_eq!(found(&unnamed, "sleeps "), ["a.txt"]);
    assert_eq!(unnamed.languages(), ["en"]);
}

#[test]
fn a_word_in_two_languages_is_stemmed_in_each() {
    let corpus = corpus_in(
        "en",
        &[
            ("fr.md", "---\nlang: fr\n---\n# Actions\n\nLes actions.\n"),
            ("en.md", "# Acting\n\nThe actions.\n"),
        ],
    );
    assert_eq!(found(&corpus, "action "), ["en.md", "fr.md"]);
    assert_eq!(
        found(&corpus, "acting "),
        ["en.md"],
        "acting is English only"
    );
}

#[test]
fn the_language_is_a_facet_once_the_corpus_has_two() {
    use seeds_viewer::corpus::Request;
    let facets = |corpus: &Corpus| -> Vec<(String, Vec<(String, usize)>)> {
        corpus
            .find(&Request::default())
            .facets
            .into_iter()
            .map(|f| (f.field, f.values))
            .collect()
    };
    let one = corpus_in("en", &[("a.txt", "A\nB.\n"), ("b.txt", "C\nD.\n")]);
    assert_eq!(facets(&one), vec![]);
    let two = corpus_in(
        "en",
        &[
            ("a.txt", "A\nB.\n"),
            ("b.txt", "C\nD.\n"),
            ("c.md", "---\nlang: de\n---\n# E\n"),
        ],
    );
    assert_eq!(
        facets(&two),
        vec![
            (
                "kind".into(),
                vec![("plain".into(), 2), ("markdown".into(), 1)]
            ),
            ("language".into(), vec![("en".into(), 2), ("de".into(), 1)]),
        ],
        "and its front-matter field is that facet, not one of its own"
    );
}

#[test]
fn the_words_rust_writes_are_the_viewers_own_escaped_and_marks_still_land_on_their_words() {
    use seeds_viewer::render::Words;
    let mut corpus = Corpus::new(vec!["a.md".into(), "b.txt".into()]);
    corpus.set_words(Words {
        contents: "Sommaire".into(),
        conclusion: "<Fin>".into(),
        best_sections: "Sections les plus pertinentes".into(),
        image: "Image :".into(),
        task_done: "fait".into(),
        task_to_do: "à faire".into(),
    });
    corpus.add(
        0,
        "# Jardin\n\nIntro.\n\n## Arbres\n\n- [x] planter\n- [ ] arroser\n\n![un schéma](https://example.org/a.png)\n\nFin des arbres.\n".as_bytes(),
    );
    corpus.add(
        1,
        b"Summary of tea.\nIntro.\n- Brewing\nBrewing\nSteep it.\nEnjoy.",
    );
    let html = corpus
        .article_html(0)
        .map(|h| h.into_string())
        .unwrap_or_default();
    assert!(html.contains("<h3 id=\"sv-toc\">Sommaire</h3>"), "{html}");
    let plain = corpus
        .article_html(1)
        .map(|h| h.into_string())
        .unwrap_or_default();
    assert!(
        plain.contains("<h3 id=\"sv-conclusion-h\">&lt;Fin&gt;</h3>")
            && plain.contains("<a href=\"#sv-conclusion\">&lt;Fin&gt;</a>"),
        "the host's words are escaped: {plain}"
    );
    assert!(html.contains("aria-label=\"fait\"") && html.contains("aria-label=\"à faire\""));
    assert!(html.contains("dir=\"auto\">Image : <bdi>"), "{html}");
    let highlight = corpus.highlight(&Query::parse("arbres "));
    let marked = marks::marked_article(&corpus, 0, &highlight);
    assert!(
        marked.contains("Fin des <mark part=\"highlight\">arbres</mark>"),
        "offsets count the viewer's words: {marked}"
    );
}
