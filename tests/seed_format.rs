//! The plain seed format, as a specification: the real seeds, then each messy case real seeds
//! show, then seeds that do not fit (best effort plus a diagnostic with file, line and reason).

use seeds_viewer::seed::{plain_text, Node, Seed};
use seeds_viewer::{parse, DiagnosticKind};

fn text(nodes: &[Node]) -> String {
    let mut out = String::new();
    plain_text(nodes, &mut out);
    out.trim().to_owned()
}

fn titles(seed: &Seed) -> Vec<String> {
    seed.sections.iter().map(|s| text(&s.title)).collect()
}

fn paragraphs(seed: &Seed) -> Vec<usize> {
    seed.sections.iter().map(|s| s.body.len()).collect()
}

fn real(name: &str) -> (Seed, Vec<seeds_viewer::Diagnostic>) {
    let path = format!("{}/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(name, &bytes)
}

#[test]
fn seed_000_parses_to_its_outline_with_a_one_paragraph_section() {
    let (seed, diagnostics) = real("000_770b74edc0885b39.txt");
    assert_eq!(diagnostics, []);
    assert_eq!(
        titles(&seed),
        [
            "Understanding Kratom's Role in Stress and Anxiety Management",
            "Determining the Optimal Kratom Dose for Sleep and Relaxation",
            "Safe Practices and Considerations When Using Kratom as a Supplement",
        ]
    );
    assert_eq!(paragraphs(&seed), [2, 1, 2]);
    assert!(text(&seed.summary).starts_with("Kratom, a plant from Southeast Asia"));
    assert!(text(&seed.introduction).starts_with("Exploring the natural avenues"));
    assert!(
        text(&seed.conclusion).starts_with("Incorporating kratom supplements into a daily routine")
    );
    assert_eq!(
        seed.title,
        "Understanding Kratom's Role in Stress and Anxiety Management"
    );
}

#[test]
fn seed_001_parses_to_its_outline() {
    let (seed, diagnostics) = real("001_8ad0c89a53f0c992.txt");
    assert_eq!(diagnostics, []);
    assert_eq!(
        titles(&seed),
        [
            "Understanding Mood Stabilization and Its Importance in Managing Anxiety",
            "Exploring Kratom's Role in Anxiety Relief: Mechanisms and Considerations",
            "Practical Guide to Using Kratom for Anxiety: Dosage, Strains, and Safety Precautions",
        ]
    );
    assert_eq!(paragraphs(&seed), [2, 2, 2]);
    assert!(text(&seed.conclusion).starts_with("In conclusion, mood stabilization"));
}

#[test]
fn seed_002_parses_to_its_outline_with_a_curly_apostrophe_conclusion() {
    let (seed, diagnostics) = real("002_cb0fd8965597060f.txt");
    assert_eq!(diagnostics, []);
    assert_eq!(
        titles(&seed),
        [
            "Unraveling Emotional Turmoil: Exploring Kratom's Role in Managing Depression",
            "Harnessing the Potential of Kratom: A Holistic Approach to Emotional Release",
            "Navigating Kratom Safely for Depression Relief: Dosage, Strains, and Considerations",
        ]
    );
    assert_eq!(paragraphs(&seed), [2, 2, 2]);
    assert!(
        text(&seed.conclusion).starts_with("Kratom\u{2019}s potential"),
        "text is shown as written"
    );
}

#[test]
fn seed_003_repeats_a_title_line_which_is_one_section() {
    let (seed, diagnostics) = real("003_5479fcd4f3c7b033.txt");
    assert_eq!(diagnostics, []);
    assert_eq!(
        titles(&seed),
        [
            "What is Kratom and How Does it Work for Pain Management?",
            "The Role of Melatonin in Natural Pain Relief",
            "Exploring Safe Usage, Dosage, and Potential Side Effects of Kratom and Melatonin Combinations",
        ]
    );
    assert_eq!(paragraphs(&seed), [2, 2, 2]);
    assert_eq!(
        seed.title,
        "Kratom (Mitragyna speciosa) and melatonin offer natural pain management solutions"
    );
}

const TIDY: &str =
    "Summary. More.\nIntro.\n- One\n- Two\nOne\nFirst.\nTwo\nSecond.\nSecond b.\nThe end.\n";

fn plain(src: &str) -> (Seed, Vec<seeds_viewer::Diagnostic>) {
    parse("s.txt", src.as_bytes())
}

#[test]
fn messy_but_valid_seeds_parse_like_tidy_ones() {
    let (tidy, none) = plain(TIDY);
    assert_eq!(none, []);
    let cases = [
        ("CRLF line ends", TIDY.replace('\n', "\r\n")),
        ("a UTF-8 BOM", format!("\u{FEFF}{TIDY}")),
        ("blank lines", TIDY.replace('\n', "\n\n\n")),
        ("trailing spaces", TIDY.replace('\n', "  \t\n")),
        ("no final newline", TIDY.trim_end().to_owned()),
        (
            "a repeated title line",
            TIDY.replace("\nTwo\n", "\nTwo\nTwo\n"),
        ),
        (
            "curly apostrophes in titles",
            TIDY.replace("- One", "- Kratom’s One")
                .replace("\nOne\n", "\nKratom's One\n"),
        ),
    ];
    for (case, src) in cases {
        let (seed, diagnostics) = plain(&src);
        assert_eq!(diagnostics, [], "{case}");
        assert_eq!(paragraphs(&seed), paragraphs(&tidy), "{case}");
        assert_eq!(text(&seed.conclusion), "The end.", "{case}");
    }
}

#[test]
fn titles_are_shown_as_the_outline_writes_them() {
    let (seed, _) = plain(
        &TIDY
            .replace("- One", "- Kratom’s One")
            .replace("\nOne\n", "\nKRATOM'S  one\n"),
    );
    assert_eq!(titles(&seed), ["Kratom’s One", "Two"]);
}

#[test]
fn a_seed_without_outline_keeps_its_text_and_says_so_at_the_line() {
    let (seed, diagnostics) = plain("Summary.\nIntro.\nA paragraph.\nLast words.");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        (diagnostics[0].line, &diagnostics[0].kind),
        (3, &DiagnosticKind::NoOutline)
    );
    assert_eq!(text(&seed.introduction), "Intro.\nA paragraph.");
    assert_eq!(text(&seed.conclusion), "Last words.");
}

#[test]
fn an_outline_title_with_no_section_is_kept_empty_in_its_place_and_reported_at_its_outline_line() {
    let (seed, diagnostics) = plain("S.\nI.\n- One\n- Ghost\n- Two\nOne\nA.\nTwo\nB.\nEnd.");
    assert_eq!(titles(&seed), ["One", "Ghost", "Two"]);
    assert!(seed.sections[1].body.is_empty());
    assert_eq!(text(&seed.conclusion), "End.");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].line, 4);
    assert_eq!(
        diagnostics[0].kind,
        DiagnosticKind::MissingSection {
            title: "Ghost".into()
        }
    );
    assert!(diagnostics[0].message().contains("\"Ghost\""));
}

#[test]
fn duplicate_titles_make_two_sections() {
    let (seed, diagnostics) = plain("S.\nI.\n- Notes\n- Notes\nNotes\nA.\nNotes\nB.\nEnd.");
    assert_eq!(diagnostics, []);
    assert_eq!(titles(&seed), ["Notes", "Notes"]);
}

#[test]
fn files_that_are_not_text_give_a_whole_file_diagnostic_and_a_title() {
    for (bytes, kind) in [
        (&b""[..], DiagnosticKind::Empty),
        (b"  \n\n ", DiagnosticKind::Empty),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", DiagnosticKind::Binary),
    ] {
        let (seed, diagnostics) = parse("bad_file.txt", bytes);
        assert_eq!(diagnostics.len(), 1, "{bytes:?}");
        assert_eq!(
            (diagnostics[0].file.as_str(), diagnostics[0].line),
            ("bad_file.txt", 0)
        );
        assert_eq!(diagnostics[0].kind, kind);
        assert_eq!(seed.title, "bad file", "the file name is the last resort");
    }
}

#[test]
fn invalid_utf8_is_shown_replaced_and_reported_at_its_line() {
    let (seed, diagnostics) = parse(
        "latin1.txt",
        b"Summary.\nIntro caf\xe9.\n- A\nA\nText.\nEnd.",
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        (diagnostics[0].line, &diagnostics[0].kind),
        (2, &DiagnosticKind::InvalidUtf8)
    );
    assert_eq!(text(&seed.introduction), "Intro caf\u{FFFD}.");
}

#[test]
fn a_lone_summary_has_no_introduction() {
    let (seed, diagnostics) = plain("Just one line");
    assert_eq!(seed.title, "Just one line");
    assert_eq!(
        diagnostics.iter().map(|d| &d.kind).collect::<Vec<_>>(),
        [&DiagnosticKind::NoIntroduction, &DiagnosticKind::NoOutline]
    );
}

#[test]
fn a_long_summary_sentence_yields_the_first_outline_title() {
    let long = "word ".repeat(40);
    let (seed, _) = plain(&format!(
        "{long}.\nIntro.\n- The Topic\nThe Topic\nA.\nEnd."
    ));
    assert_eq!(seed.title, "The Topic");
}

#[test]
fn trailing_outline_titles_with_no_section_come_after_the_last_real_one() {
    let (seed, diagnostics) = plain("S.\nI.\n- One\n- Two\n- Three\nOne\nA.\nEnd.");
    assert_eq!(titles(&seed), ["One", "Two", "Three"]);
    assert_eq!(
        text(&seed.conclusion),
        "End.",
        "the conclusion is still the last paragraph"
    );
    assert_eq!(diagnostics.len(), 2);
}

#[test]
fn an_outline_without_any_section_keeps_every_title() {
    let (seed, _) = plain("\n\n- a\n- A");
    assert_eq!(titles(&seed), ["a", "A"]);
}

#[test]
fn duplicate_titles_get_distinct_sections() {
    let (seed, diagnostics) = plain("S.\nI.\n- Dose\n- Dose\nDose\nFirst.\nDose\nSecond.\nEnd.");
    assert_eq!(titles(&seed), ["Dose", "Dose"]);
    assert_eq!(text(&seed.sections[0].body), "First.");
    assert_eq!(text(&seed.sections[1].body), "Second.");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

/// The words of `nodes` (folded), which is what the index and snippets see of them.
fn words(text: &str) -> Vec<String> {
    seeds_viewer::text::folded_words(text).collect()
}

/// Every block of every seed here (the real ones, plain and markdown, and the mdBook guide)
/// reads back alone, from where the parser says it came from, with the words it has in the
/// whole seed: listing a seed reads only the blocks it shows.
#[test]
fn every_block_reads_back_alone_from_its_origin() {
    use seeds_viewer::seed::{block_text, parse_located, Origin, SeedKind};
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["seeds", "tests/corpora/mdbook-guide"] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "md")
            ) {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 30, "{files:?}");
    let mut blocks = 0;
    for path in files {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        let located = parse_located(&name, &bytes);
        let (seed, origins) = (&located.seed, &located.origins);
        let kind = SeedKind::of(&name);
        let mut check = |nodes: &[Node], origin: Origin, what: &str| {
            let mut alone = String::new();
            block_text(kind, &located.text, origin, &mut alone);
            assert_eq!(
                words(&alone),
                words(&text(nodes)),
                "{name}: {what} read from {origin:?}"
            );
            blocks += 1;
        };
        let parts = [
            (&seed.summary, &origins.summary, "summary"),
            (&seed.introduction, &origins.introduction, "introduction"),
            (&seed.conclusion, &origins.conclusion, "conclusion"),
        ];
        for (nodes, from, what) in parts {
            assert_eq!(
                nodes.len(),
                from.len(),
                "{name}: one origin per {what} block"
            );
            for (node, &origin) in nodes.iter().zip(from) {
                check(std::slice::from_ref(node), origin, what);
            }
        }
        assert_eq!(seed.sections.len(), origins.titles.len(), "{name}");
        assert_eq!(seed.sections.len(), origins.bodies.len(), "{name}");
        for ((section, &title), body) in seed
            .sections
            .iter()
            .zip(&origins.titles)
            .zip(&origins.bodies)
        {
            check(&section.title, title, "section title");
            assert_eq!(section.body.len(), body.len(), "{name}");
            for (node, &origin) in section.body.iter().zip(body) {
                check(std::slice::from_ref(node), origin, "section block");
            }
        }
    }
    assert!(blocks > 500, "{blocks} blocks checked");
}
