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
    assert_eq!(section_titles("### Only\n\n#### Sub\n"), ["Only"]);
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
