//! `cargo xtask export DIR OUT.json`: the text of DIR's seeds as the viewer's core parses it,
//! for indexing the same text with other search engines (`cargo xtask bench`).
//!
//! Writes a JSON array in manifest order, one object per seed:
//!
//! ```text
//! {"name": the manifest entry, "title": the title the viewer shows,
//!  "summary": the summary, then each front-matter value on its own line,
//!  "introduction": text, "sections": [{"heading": text, "body": text}], "conclusion": text}
//! ```
//!
//! Texts are `seeds_viewer::seed::plain_text` of the parsed parts (blocks separated by
//! newlines), so a peer engine sees exactly the words the viewer's index sees, grouped the way
//! `Corpus::add` groups them into fields (title; section titles; summary and metadata; the
//! rest), and a page renderer can rebuild the document's shape. Parse diagnostics are counted
//! and reported, never fatal: parsing never fails.

use crate::{manifest, say, user_path, Arg, Args, Result};
use seeds_viewer::corpus::{searchable, Content};
use seeds_viewer::seed::{self, plain_text, Seed};
use seeds_viewer::snippet::Role;
use serde_json::{json, Value};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

pub fn main(args: &[String]) -> Result {
    let mut positionals: Vec<&str> = Vec::new();
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag(name, _) => return Err(crate::unknown_option("export", name)),
            Arg::Positional(p) => positionals.push(p),
        }
    }
    let [dir, out] = positionals[..] else {
        return Err("usage: cargo xtask export DIR OUT.json".into());
    };
    let exported = write(&user_path(dir), &user_path(out))?;
    say!(
        "export: wrote {} seeds to {} ({} with diagnostics)",
        exported.seeds,
        out,
        exported.with_diagnostics
    );
    Ok(())
}

/// What [`write`] exported.
pub struct Exported {
    pub seeds: usize,
    /// How many seeds had at least one diagnostic.
    pub with_diagnostics: usize,
}

/// Parses every seed `dir`'s manifest would list and writes their text to `out`. Seeds are
/// parsed on every core (ten thousand seeds take most of a minute in a debug build on one).
pub fn write(dir: &Path, out: &Path) -> Result<Exported> {
    let names = manifest::seed_names(dir)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = names.len().div_ceil(threads).max(1);
    let parsed: Vec<Result<Vec<(Value, bool)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = names
            .chunks(chunk)
            .map(|names| scope.spawn(move || parse_all(dir, names)))
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err("a parsing thread panicked".into()))
            })
            .collect()
    });
    let mut records = Vec::with_capacity(names.len());
    let mut with_diagnostics = 0;
    for chunk in parsed {
        for (record, diagnosed) in chunk? {
            records.push(record);
            with_diagnostics += usize::from(diagnosed);
        }
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let file =
        fs::File::create(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut writer = BufWriter::new(file);
    serde_json::to_writer(&mut writer, &records)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    writer
        .flush()
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(Exported {
        seeds: names.len(),
        with_diagnostics,
    })
}

/// Each seed's record and whether it had diagnostics, in the order of `names`.
fn parse_all(dir: &Path, names: &[String]) -> Result<Vec<(Value, bool)>> {
    names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes =
                fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let (seed, diagnostics) = seed::parse(name, &bytes);
            Ok((record(name, &seed), !diagnostics.is_empty()))
        })
        .collect()
}

/// One seed's exported object (see the module doc), from the core's list of what is searched
/// (`corpus::searchable`), so a peer sees the viewer's fields and nothing else.
fn record(name: &str, seed: &Seed) -> Value {
    let text = |content: Content| {
        let mut out = String::new();
        match content {
            Content::Text(t) => out.push_str(t),
            Content::Inline(nodes) | Content::Blocks(nodes) => plain_text(nodes, &mut out),
        }
        out.trim_end().to_string()
    };
    let (mut summary, mut introduction, mut conclusion) =
        (String::new(), String::new(), String::new());
    let mut headings: Vec<String> = Vec::new();
    let mut bodies: Vec<String> = Vec::new();
    for (role, _, content) in searchable(seed) {
        match role {
            Role::Title => {}
            Role::Heading(_) => headings.push(text(content)),
            Role::Summary => summary = text(content),
            Role::Meta => {
                summary.push('\n');
                summary.push_str(&text(content));
            }
            Role::Body(_) => bodies.push(text(content)),
            Role::Introduction => introduction = text(content),
            Role::Conclusion => conclusion = text(content),
        }
    }
    let sections: Vec<Value> = headings
        .into_iter()
        .zip(bodies)
        .map(|(heading, body)| json!({ "heading": heading, "body": body }))
        .collect();
    json!({
        "name": name,
        "title": seed.title,
        "summary": summary,
        "introduction": introduction,
        "sections": sections,
        "conclusion": conclusion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_the_parsed_parts_in_manifest_order() {
        let dir = std::env::temp_dir().join(format!("xtask-export-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("b.txt"),
            "Sum.\nIntro.\n- One\n- Two\nOne\nFirst.\nTwo\nSecond.\nEnd.\n",
        )
        .unwrap();
        fs::write(
            dir.join("a.md"),
            "---\ntitle: Hello\ntags: x, y\n---\n## Part\n\nSome *text*.\n",
        )
        .unwrap();
        let out = dir.join("out/export.json");
        let exported = write(&dir, &out).unwrap();
        assert_eq!(exported.seeds, 2);
        let value: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
        let names: Vec<&str> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a.md", "b.txt"]);
        let b = &value[1];
        assert_eq!(b["summary"], "Sum.");
        assert_eq!(b["introduction"], "Intro.");
        assert_eq!(
            b["sections"][0],
            json!({"heading": "One", "body": "First."})
        );
        assert_eq!(b["sections"][1]["heading"], "Two");
        assert_eq!(b["conclusion"], "End.");
        let a = &value[0];
        assert_eq!(a["title"], "Hello");
        assert_eq!(
            a["sections"][0],
            json!({"heading": "Part", "body": "Some text."})
        );
        assert!(a["summary"].as_str().unwrap().contains("x, y"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
