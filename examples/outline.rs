//! Prints each seed's title, outline and diagnostics: `cargo run --example outline -- seeds/*`.

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("{path}: {err}");
                continue;
            }
        };
        let name = path.rsplit('/').next().unwrap_or(&path);
        let (seed, diagnostics) = seeds_viewer::parse(name, &bytes);
        println!("{name}\n  title: {}", seed.title);
        for section in &seed.sections {
            let mut title = String::new();
            seeds_viewer::seed::plain_text(&section.title, &mut title);
            println!("  - {} ({} paragraphs)", title.trim(), section.body.len());
        }
        println!(
            "  conclusion: {}",
            if seed.conclusion.is_empty() {
                "none"
            } else {
                "yes"
            }
        );
        for d in diagnostics {
            println!("  {d}");
        }
    }
}
