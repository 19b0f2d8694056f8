//! Property tests: for generated seeds (well-formed, broken, hostile and random bytes), parsing,
//! indexing, searching and rendering never panic, the HTML parses back to allowed elements,
//! attributes and URLs only, and no word of the seed is lost. The same properties the fuzz
//! targets check (`tests/support/check.rs`), here in bounded time on every `cargo xtask test`.

#[path = "support/check.rs"]
mod check;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Fragments that have broken renderers and sanitizers: markup, URL schemes, entities,
/// bidi controls, odd whitespace, markdown syntax.
const PIECES: &[&str] = &[
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "<svg><style><img src=x onerror=alert(2)></style></svg>",
    "<math><mi><mglyph><style><!--</style><img src=x onerror=alert(3)>",
    "<a href=\"javascript:alert(4)\">x</a>",
    "[click](javascript:alert(5))",
    "[tab](java\tscript:alert(6))",
    "[ent](&#106;avascript:alert(7))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "![remote](https://evil.example/x.png)",
    "![local](img/a.png \"t\")",
    "<!-- comment -->",
    "<![CDATA[ x ]]>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=//evil.example>",
    "<form action=//evil.example><input name=a></form>",
    "<style>:host{display:none}@import '//evil.example';</style>",
    "# Heading {#x .y onfocus=alert(8)}",
    "\u{202E}reversed\u{202C}",
    "\u{2066}isolate",
    "\u{2028}\u{2029}",
    "\0\u{1}\u{7f}",
    "\r\n",
    "\u{feff}",
    "caf\u{e9} cafe\u{301}",
    "it\u{2019}s it's",
    "> > > quoted",
    "1. item\n2. item",
    "- [ ] task\n- [x] done",
    "| a | b |\n|---|:-:|\n| 1 | 2 |",
    "```rust\nfn main() {}\n```",
    "`code`",
    "*em* **strong** ~~del~~",
    "[^1]\n\n[^1]: note",
    "[ref]\n\n[ref]: /x \"title\"",
    "***",
    "&amp; &lt; &gt; &quot; &#x27;",
    "id=sv-title part=article slot=x name=y",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ,.'-]{0,40}",
        2 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "\\PC{0,20}",
    ]
}

fn line() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..5).prop_map(|p| p.join(" "))
}

/// A plain seed in the real layout (summary, introduction, outline, sections), with some
/// sections missing, repeated or renamed, and lines from the hostile pieces.
fn plain_seed() -> impl Strategy<Value = Vec<u8>> {
    (
        line(),
        line(),
        proptest::collection::vec(
            (
                "[A-Za-z ]{1,20}",
                proptest::collection::vec(line(), 0..4),
                any::<u8>(),
            ),
            0..5,
        ),
        any::<bool>(),
    )
        .prop_map(|(summary, intro, sections, final_newline)| {
            let mut out = format!("{summary}\n{intro}\n");
            for (title, _, _) in &sections {
                out.push_str(&format!("- {title}\n"));
            }
            for (title, paragraphs, quirk) in &sections {
                match quirk % 4 {
                    0 => {}                                            // section missing
                    1 => out.push_str(&format!("{title}\n{title}\n")), // title repeated
                    _ => out.push_str(&format!("{title}\n")),
                }
                for p in paragraphs {
                    out.push_str(p);
                    out.push('\n');
                }
            }
            if !final_newline {
                out.pop();
            }
            out.into_bytes()
        })
}

fn markdown_seed() -> impl Strategy<Value = Vec<u8>> {
    (any::<bool>(), proptest::collection::vec(line(), 0..12)).prop_map(|(front, lines)| {
        let mut out = String::new();
        if front {
            out.push_str("---\ntitle: T\nauthor: <b>x</b>\n---\n");
        }
        for l in lines {
            out.push_str(&l);
            out.push_str("\n\n");
        }
        out.into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 192,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn plain_seeds_render_safely_and_completely(bytes in plain_seed(), query in "[a-z ]{0,12}") {
        if let Err(e) = check::check_seed("a.txt", &bytes, &query) {
            prop_assert!(false, "{e}\nseed: {:?}", String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn markdown_seeds_render_safely_and_completely(bytes in markdown_seed(), query in "[a-z ]{0,12}") {
        if let Err(e) = check::check_seed("a.md", &bytes, &query) {
            prop_assert!(false, "{e}\nseed: {:?}", String::from_utf8_lossy(&bytes));
        }
    }

    /// What the markdown module answers the engine (its block tree, as bytes) reads back as the
    /// very tree it encoded, for blocks read in context and alone.
    #[test]
    fn the_markdown_modules_answer_reads_back_as_its_tree(bytes in markdown_seed(), offset in 0usize..10_000, alone in any::<bool>()) {
        let text = String::from_utf8_lossy(&bytes);
        let tree = seeds_viewer::cmark::build_tree(&text, offset, alone);
        prop_assert_eq!(seeds_viewer::seed::wire::decode(&seeds_viewer::seed::wire::encode(&tree)), tree);
    }

    /// A malformed answer reads as fewer blocks, never a panic or an unbounded allocation.
    #[test]
    fn any_answer_bytes_read_back_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let blocks = seeds_viewer::seed::wire::decode(&bytes);
        prop_assert!(blocks.len() <= bytes.len());
    }

    #[test]
    fn any_bytes_as_either_kind_render_safely(bytes in proptest::collection::vec(any::<u8>(), 0..600), md in any::<bool>()) {
        let name = if md { "a.md" } else { "a.txt" };
        if let Err(e) = check::check_seed(name, &bytes, "a") {
            prop_assert!(false, "{e}\nseed: {:?}", String::from_utf8_lossy(&bytes));
        }
    }
}

/// Every input the fuzzers ever flagged (`tests/regressions/fuzz/<target>/`, kept after the
/// fix) still passes. The target's name says how the input is read.
#[test]
fn fuzz_findings_stay_fixed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions/fuzz");
    let mut failures = Vec::new();
    let mut seen = 0;
    for target in ["plain", "markdown", "search"] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            seen += 1;
            let result = match target {
                "plain" => check::check_seed("fuzz.txt", &bytes, ""),
                "markdown" => check::check_seed("fuzz.md", &bytes, ""),
                _ => {
                    let split = bytes
                        .iter()
                        .position(|&b| b == b'\n')
                        .unwrap_or(bytes.len());
                    let (query, seed) = bytes.split_at(split);
                    let query = String::from_utf8_lossy(query);
                    let name = if query.len() % 2 == 0 {
                        "fuzz.md"
                    } else {
                        "fuzz.txt"
                    };
                    check::check_seed(name, seed, &query)
                }
            };
            if let Err(e) = result {
                failures.push(format!("{}: {e}", entry.path().display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {seen} findings fail again:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
