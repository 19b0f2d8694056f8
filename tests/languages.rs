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
