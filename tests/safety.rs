//! Rendering is safe by construction: tests named by the attack they block. Each hostile seed is
//! rendered (article and list item) and the markup checked for what must never appear.

use seeds_viewer::corpus::Corpus;
use seeds_viewer::query::Query;
use seeds_viewer::render::SafeHtml;

#[path = "support/marks.rs"]
mod marks;

fn render(name: &str, src: &str, query: &str) -> String {
    let mut corpus = Corpus::new(vec![name.into()]);
    corpus.add(0, src.as_bytes());
    let query = corpus.highlight(&Query::parse(query));
    let article = marks::marked_article(&corpus, 0, &query);
    let items = corpus
        .items_html(&[0], &query)
        .into_iter()
        .collect::<SafeHtml>()
        .into_string();
    format!("{article}\n{items}")
}

/// The tags of `html`, lowercased, with every `"`-quoted attribute value blanked: text content
/// (escaped, so inert) and attribute values cannot be mistaken for markup.
fn markup_only(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut in_value = false;
    for c in html.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_value = !in_value,
            _ => {}
        }
        if in_tag && (!in_value || c == '"') {
            out.extend(c.to_lowercase());
        }
        if c == '>' && in_tag && !in_value {
            in_tag = false;
            out.push(' ');
        }
    }
    out
}

fn assert_inert(html: &str) {
    let m = markup_only(html);
    for bad in [
        "<script",
        "<style",
        "<iframe",
        "<object",
        "<embed",
        "<svg",
        "<math",
        "<form",
        "<base",
        "<meta",
        "<link",
        "<template",
        "<textarea",
        " on",
        " style=",
        " srcdoc",
        " formaction",
        "javascript:",
        "vbscript:",
        "data:",
        " slot=",
        " name=",
    ] {
        assert!(!m.contains(bad), "found {bad:?} in markup:\n{html}");
    }
    for part in html.match_indices(" part=\"").map(|(i, _)| i) {
        let rest = &html[part + 7..];
        let value = &rest[..rest.find('"').unwrap_or(0)];
        assert!(
            [
                "article",
                "summary",
                "introduction",
                "toc",
                "section",
                "conclusion",
                "meta",
                "highlight",
                "item",
                "sections"
            ]
            .contains(&value),
            "unexpected part {value:?}"
        );
    }
    for id in html.match_indices(" id=\"").map(|(i, _)| i) {
        assert!(
            html[id + 5..].starts_with("sv-"),
            "id not ours: {}",
            &html[id..id + 30]
        );
    }
}

#[test]
fn script_tags_in_plain_seeds_are_text() {
    let html = render("x.txt", "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n- <b>T</b>\n<b>T</b>\n\"quoted\" & 'single'\nend", "");
    assert_inert(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"));
}

#[test]
fn raw_html_blocks_and_inline_html_in_markdown_are_text() {
    let src = "# T\n\n<div onclick=\"alert(1)\"><script>alert(2)</script></div>\n\nInline <img src=x onerror=alert(3)> and <style>:host{display:none}</style>\n\n<svg><script>alert(4)</script></svg>\n\n<!-- <script>alert(5)</script> -->\n\n<![CDATA[<script>alert(6)</script>]]>\n";
    let html = render("x.md", src, "");
    assert_inert(&html);
    assert!(
        html.contains("&lt;div onclick=&quot;alert(1)&quot;&gt;"),
        "{html}"
    );
}

#[test]
fn script_urls_are_refused_in_links_and_images() {
    let src = "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(2)) [c](java&#x09;script:alert(3)) [d](&#106;avascript:alert(4))\n[e](data:text/html;base64,PHNjcmlwdD4=) [f](vbscript:x) ![g](javascript:alert(5)) [h]( \u{1}javascript:alert(6))\n<javascript:alert(7)>\n\n[ref]: javascript:alert(8)\n\n[ref]";
    let html = render("x.md", src, "");
    assert_inert(&html);
    assert!(html.contains("class=\"refused-link\""), "{html}");
}

#[test]
fn allowed_urls_survive_and_remote_links_open_safely() {
    let html = render(
        "x.md",
        "[w](https://example.org/a?b=1&c=2) [m](mailto:a@b.c) [r](other.md#x)",
        "",
    );
    assert!(html.contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">w</a>"), "{html}");
    assert!(html.contains("<a href=\"mailto:a@b.c\">m</a>"));
    assert!(html.contains("<a href=\"other.md#x\">r</a>"));
}

#[test]
fn remote_images_are_not_loaded() {
    let html = render("x.md", "![tracker](https://evil.example/pixel.png) ![proto](//evil.example/p.png) ![local](img/a.png)", "");
    assert!(
        !html.contains("<img loading=\"lazy\" src=\"https"),
        "{html}"
    );
    assert!(!html.contains("src=\"//"), "{html}");
    assert!(html.contains("<a class=\"image-link\""), "{html}");
    assert!(
        html.contains("<img loading=\"lazy\" src=\"img/a.png\" alt=\"local\">"),
        "{html}"
    );
}

#[test]
fn attribute_breakouts_in_urls_titles_and_names_are_escaped() {
    let html = render("a\"b<c>.md", "[x](https://e.org/\"onmouseover=\"alert(1) \"t\\\"onclick=alert(2)\")\n\n```\"><script>alert(3)</script>\n```", "");
    assert_inert(&html);
    assert!(
        html.contains("data-seed=\"a&quot;b&lt;c&gt;.md\""),
        "{html}"
    );
}

#[test]
fn heading_attributes_cannot_set_ids_classes_or_handlers() {
    let html = render("x.md", "# T\n\n## Hi {#evil .cls onfocus=alert(1)}\n", "");
    assert_inert(&html);
    assert!(!html.contains("id=\"evil\""));
}

#[test]
fn code_block_languages_cannot_break_out_of_their_attribute() {
    let html = render("x.md", "```js\" onmouseover=\"alert(1)\nx\n```", "");
    assert_inert(&html);
}

#[test]
fn highlighting_never_splits_an_entity_or_tag() {
    let html = render(
        "x.txt",
        "amp &amp; lt <b>\nquot \"amp\"\n- amp\namp\nlt gt amp\nend",
        "amp lt",
    );
    assert_inert(&html);
    // The word "amp" inside the text "&amp;" is a match like any other; the entity stays whole.
    let marked = "<mark part=\"highlight\">amp</mark> &amp;<mark part=\"highlight\">amp</mark>; <mark part=\"highlight\">lt</mark> &lt;b&gt;";
    assert!(html.contains(marked), "{html}");
}

#[test]
fn bidi_overrides_stay_inside_their_element() {
    let html = render(
        "x.txt",
        "\u{202E}evil override\nIntro.\n- A\nA\nText.\nEnd",
        "",
    );
    // Isolated (any `dir` isolates) with the direction of its first letter, not the override.
    assert!(
        html.contains("dir=\"ltr\">\u{202E}evil override</p>"),
        "{html}"
    );
}

#[test]
fn a_right_to_left_paragraph_is_isolated_as_rtl() {
    let html = render(
        "x.md",
        "# T\n\n\u{5E9}\u{5DC}\u{5D5}\u{5DD} world\n\n123 hello\n",
        "",
    );
    assert!(html.contains("<p dir=\"rtl\">\u{5E9}"), "{html}");
    assert!(html.contains("<p dir=\"ltr\">123 hello"), "{html}");
}

#[test]
fn the_viewers_own_image_labels_are_isolated_from_seed_text() {
    let html = render(
        "x.md",
        "# T\n\n\u{202E}before ![alt](https://example.com/a.png) after\n",
        "",
    );
    // The label is an isolate of its own direction (dir=auto reads the label alone: the <bdi>
    // is skipped), so an override in the text around it cannot reverse it.
    assert!(
        html.contains("dir=\"auto\">Image: <bdi>alt</bdi></a>"),
        "{html}"
    );
}

#[test]
fn thousands_of_nested_containers_do_not_overflow_the_stack() {
    for src in [
        ">".repeat(20_000) + " deep",
        "[".repeat(20_000) + "x",
        "- ".repeat(5_000) + "x",
        "*a ".repeat(10_000),
    ] {
        let html = render("deep.md", &src, "a deep");
        assert!(html.starts_with("<article"), "renders something");
    }
}

#[test]
fn the_hostile_fixture_seeds_render_inert() {
    for name in ["hostile.md", "hostile.txt"] {
        let path = format!(
            "{}/tests/fixtures/hostile/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let src = std::fs::read_to_string(&path).expect("fixture");
        for query in ["", "pwned script img onerror"] {
            let html = render(name, &src, query);
            assert_inert(&html);
            assert!(
                !html.contains("src=\"https://evil.example"),
                "remote image not loaded: {html}"
            );
        }
    }
}
