//! Markdown seeds, as a specification: front matter, title, sections and the CommonMark
//! extensions we turn on, rendered through our own renderer.

use seeds_viewer::corpus::Corpus;
use seeds_viewer::seed::plain_text;
use seeds_viewer::{parse, DiagnosticKind};

fn article(src: &str) -> String {
    let mut corpus = Corpus::new(vec!["page.md".into()]);
    corpus.add(0, src.as_bytes());
    corpus
        .article_html(0)
        .map(|h| h.into_string())
        .unwrap_or_default()
}

fn section_titles(src: &str) -> Vec<String> {
    let (seed, _) = parse("page.md", src.as_bytes());
    seed.sections
        .iter()
        .map(|s| {
            let mut t = String::new();
            plain_text(&s.title, &mut t);
            t
        })
        .collect()
}

#[test]
fn front_matter_title_wins_and_other_fields_are_kept() {
    let (seed, diagnostics) = parse(
        "page.md",
        b"---\ntitle: \"Brewing tea\"\ntags: [green, black]\nsummary: How to.\n---\n# Ignored H1\n\nText.",
    );
    assert_eq!(diagnostics, []);
    assert_eq!(seed.title, "Brewing tea");
    assert_eq!(seed.meta, [("tags".to_owned(), "green, black".to_owned())]);
    assert_eq!(seed.summary.len(), 1);
}

#[test]
fn the_first_h1_is_the_title_when_there_is_no_front_matter() {
    let (seed, _) = parse(
        "page.md",
        b"Intro first.\n\n# The *real* title\n\n## A\n\nx",
    );
    assert_eq!(seed.title, "The real title");
}

#[test]
fn the_highest_remaining_heading_level_makes_the_sections() {
    assert_eq!(
        section_titles("# T\n\nintro\n\n## A\n\n### A.1\n\n## B `code`\n"),
        ["A", "B code"]
    );
    assert_eq!(section_titles("### Only\n\n#### Sub\n"), ["Sub"]);
}

#[test]
fn a_chapter_that_starts_at_h2_takes_that_heading_as_its_title_and_not_as_a_section() {
    let src = "## What Is Ownership?\n\nIntro.\n\n### The Stack and the Heap\n\nText.\n\n\
               #### Deeper\n\nMore.\n\n### Ownership Rules\n\nRules.\n";
    let (seed, _) = parse("ch04-01-what-is-ownership.md", src.as_bytes());
    assert_eq!(seed.title, "What Is Ownership?");
    assert_eq!(
        section_titles(src),
        ["The Stack and the Heap", "Ownership Rules"]
    );
    let html = article(src);
    assert!(
        html.contains("<a href=\"#sv-s1\">The Stack and the Heap</a><ol><li dir=\"auto\"><a href=\"#sv-s1-1\">Deeper</a></li></ol></li>"),
        "{html}"
    );
}

#[test]
fn headings_nest_as_sections_three_levels_deep_each_with_its_id_and_toc_entry() {
    let html = article(
        "# T\n\n## A\n\n### A1\n\n#### A1a\n\n##### deep\n\ntext\n\n### A2\n\n## B\n\n### B1\n",
    );
    for (id, h, title) in [
        ("sv-s1", 3, "A"),
        ("sv-s1-1", 4, "A1"),
        ("sv-s1-1-1", 5, "A1a"),
        ("sv-s1-2", 4, "A2"),
        ("sv-s2", 3, "B"),
        ("sv-s2-1", 4, "B1"),
    ] {
        let open = format!("<section part=\"section\" id=\"{id}\" aria-labelledby=\"{id}-h\"><h{h} id=\"{id}-h\" dir=\"");
        assert!(html.contains(&open), "{id}: {html}");
        assert!(
            html.contains(&format!("<a href=\"#{id}\">{title}</a>")),
            "{id} in the TOC: {html}"
        );
    }
    assert!(
        html.contains("<h6 dir=\"ltr\">deep</h6>"),
        "a fourth level stays a heading: {html}"
    );
    // The table of contents nests as the sections do.
    assert!(html.contains("<ol><li dir=\"auto\"><a href=\"#sv-s1\">A</a><ol><li dir=\"auto\"><a href=\"#sv-s1-1\">A1</a><ol><li dir=\"auto\"><a href=\"#sv-s1-1-1\">A1a</a></li></ol></li><li dir=\"auto\"><a href=\"#sv-s1-2\">A2</a></li></ol></li><li dir=\"auto\"><a href=\"#sv-s2\">B</a>"), "{html}");
}

/// The innermost element carrying an id at each `<!--sv-into:…-->` of `html` (our own markup:
/// tags without `>` in attribute values), beside the id the cut names.
fn cuts(html: &str) -> Vec<(String, String)> {
    const VOID: [&str; 4] = ["br", "hr", "img", "input"];
    let mut open: Vec<(String, Option<String>)> = Vec::new();
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').expect("a tag ends");
        let tag = &rest[1..end];
        if let Some(into) = tag.strip_prefix("!--sv-into:") {
            let inner = open.iter().rev().find_map(|(_, id)| id.clone());
            found.push((
                into.trim_end_matches("--").to_owned(),
                inner.unwrap_or_default(),
            ));
        } else if let Some(name) = tag.strip_prefix('/') {
            // A slice may close what an earlier slice opened: the parser drops the stray end
            // tag, and so does this walk once the element is closed.
            if open.last().is_some_and(|(n, _)| n == name) {
                open.pop();
            }
        } else {
            let name = tag.split(' ').next().unwrap_or_default().to_owned();
            if !VOID.contains(&name.as_str()) {
                let id = tag
                    .split(" id=\"")
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .map(str::to_owned);
                open.push((name, id));
            }
        }
        rest = &rest[end + 1..];
    }
    found
}

#[test]
fn a_long_article_is_cut_into_slices_that_each_go_into_the_element_open_there() {
    let mut src = String::from("# Long\n\nIntro.\n\n");
    for s in 1..=6 {
        src.push_str(&format!("## Part {s}\n\n"));
        for m in 1..=4 {
            src.push_str(&format!("### Part {s}.{m}\n\n"));
            for k in 1..=3 {
                src.push_str(&format!("#### Part {s}.{m}.{k}\n\n"));
                for _ in 0..8 {
                    src.push_str("A paragraph of words that fills the article up to many slices. ");
                    src.push_str(
                        "It goes on for a while, so that cuts fall inside the sections.\n\n",
                    );
                }
            }
        }
    }
    let html = article(&src);
    let found = cuts(&html);
    assert!(found.len() > 5, "the article is long: {} cuts", found.len());
    assert!(
        found.iter().any(|(into, _)| into.matches('-').count() >= 2),
        "some cuts fall inside a nested section"
    );
    for (into, open) in &found {
        assert_eq!(
            into, open,
            "a slice goes into the element open where it was cut"
        );
    }
}

#[test]
fn unclosed_front_matter_is_reported_and_shown_as_text() {
    let (seed, diagnostics) = parse("page.md", b"---\ntitle: x\n\nbody");
    assert_eq!(diagnostics[0].kind, DiagnosticKind::UnclosedFrontMatter);
    assert_eq!(diagnostics[0].line, 1);
    assert_eq!(seed.title, "page");
}

#[test]
fn extensions_render_tables_footnotes_strikethrough_and_tasks() {
    let html = article("# T\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~old~~ new[^n]\n\n[^n]: A note.\n\n- [x] done\n- [ ] todo\n");
    assert!(
        html.contains("<table><thead><tr><th class=\"left\" dir=\"ltr\">a</th>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"right\" dir=\"ltr\">2</td>"),
        "{html}"
    );
    assert!(html.contains("<del>old</del>"), "{html}");
    assert!(
        html.contains("<a href=\"#sv-fn1\" id=\"sv-fnref1\">1</a>"),
        "{html}"
    );
    assert!(
        html.contains("<div class=\"footnote\" id=\"sv-fn1\">"),
        "{html}"
    );
    assert!(
        html.contains("<input type=\"checkbox\" class=\"task\" checked disabled"),
        "{html}"
    );
}

#[test]
fn code_blocks_are_pre_code_with_their_language_noted() {
    let html = article("```rust ignore\nfn main() {}\n```\n");
    assert!(html.contains("<pre data-lang=\"rust\"><span class=\"lang\" aria-hidden=\"true\">rust</span><code>fn main() {}\n</code></pre>"), "{html}");
}

#[test]
fn the_mdbook_guide_parses_with_sections() {
    let dir = format!("{}/tests/corpora/mdbook-guide", env!("CARGO_MANIFEST_DIR"));
    let mut pages = 0;
    for entry in std::fs::read_dir(&dir).expect("vendored corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let bytes = std::fs::read(&path).expect("read");
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let (seed, diagnostics) = parse(name, &bytes);
            assert_eq!(diagnostics, [], "{name}");
            assert!(!seed.title.is_empty(), "{name}");
            pages += 1;
        }
    }
    assert!(pages >= 30, "found {pages} pages");
}

#[test]
fn email_autolinks_become_mailto_links() {
    let html = article("# T\n\nWrite to <someone@example.com>.\n");
    assert!(
        html.contains("<a href=\"mailto:someone@example.com\">someone@example.com</a>"),
        "{html}"
    );
}

#[test]
fn front_matter_lists_and_continuation_lines_are_kept() {
    let (seed, _) = parse(
        "page.md",
        b"---\ntitle: T\ntags:\n  - sleep\n  - kratom\nabout: first line\n  folded on\nstray words\n---\nBody.",
    );
    assert_eq!(seed.title, "T");
    assert!(
        seed.meta.contains(&("tags".into(), "sleep, kratom".into())),
        "{:?}",
        seed.meta
    );
    assert!(
        seed.meta
            .contains(&("about".into(), "first line folded on stray words".into())),
        "{:?}",
        seed.meta
    );
}
