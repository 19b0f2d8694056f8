//! `cargo xtask manifest [DIR]`: writes `DIR/index.json`, the list of seeds the viewer loads.
//!
//! The manifest is `{"seeds": [names...]}`: every regular file directly in DIR whose name ends
//! with `.txt` or `.md`, sorted by the bytes of its UTF-8 name, pretty-printed with a trailing
//! newline. When the seeds are also packed into one file (`cargo xtask pack`, `serve`), the
//! manifest gains `"pack": "index.pack"` and `"gzipPack": "index.pack.gz"` (the same pack
//! gzip-compressed) after the list; `seeds` stays complete either way, so a viewer that can use
//! neither pack fetches the seeds one by one. `test` checks that the committed
//! `seeds/index.json` is the packed form of [`manifest_json`] (the packs themselves are not
//! committed; the viewer falls back to the list when they are missing).

use crate::{say, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the seeds directory.
pub const FILE_NAME: &str = "index.json";

pub fn main(args: &[String]) -> Result {
    let dir = crate::dir_arg("manifest", args)?;
    let (path, count) = write(&dir, false)?;
    say!("wrote {} ({count} seeds)", path.display());
    Ok(())
}

/// Whether a file name is a seed the viewer can show (the core's rule, `SeedKind::of_file`).
pub fn is_seed_name(name: &str) -> bool {
    seeds_viewer::SeedKind::of_file(name).is_some()
}

/// The seed names in `dir`, sorted by byte order. Non-UTF-8 names are skipped with a warning.
pub fn seed_names(dir: &Path) -> Result<Vec<String>> {
    let entries =
        fs::read_dir(dir).map_err(|e| format!("cannot read directory {}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read directory {}: {e}", dir.display()))?;
        // `DirEntry::file_type` does not follow symlinks: only regular files are listed.
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if !is_file {
            continue;
        }
        match entry.file_name().into_string() {
            Ok(name) if is_seed_name(&name) => names.push(name),
            Ok(_) => {}
            Err(raw) => eprintln!(
                "warning: skipping {:?} in {}: its name is not valid UTF-8",
                raw,
                dir.display()
            ),
        }
    }
    // `String`'s ordering is the byte order of its UTF-8 encoding.
    names.sort();
    Ok(names)
}

/// Renders a manifest for a list of names (already sorted), with the `"pack"` entry naming
/// [`crate::pack::FILE_NAME`] and the `"gzipPack"` entry naming [`crate::pack::GZIP_FILE_NAME`]
/// when `pack` is set.
///
/// Written by hand rather than through a `serde_json::Value`, whose maps sort their keys: the
/// list comes first, as people read it, and the two-space layout matches `to_string_pretty`.
pub fn render(names: &[String], pack: bool) -> String {
    let mut text = String::from("{\n  \"seeds\": [");
    for (i, name) in names.iter().enumerate() {
        text.push_str(if i == 0 { "\n    " } else { ",\n    " });
        text.push_str(&json_string(name));
    }
    if !names.is_empty() {
        text.push_str("\n  ");
    }
    text.push(']');
    if pack {
        text.push_str(",\n  \"pack\": ");
        text.push_str(&json_string(crate::pack::FILE_NAME));
        text.push_str(",\n  \"gzipPack\": ");
        text.push_str(&json_string(crate::pack::GZIP_FILE_NAME));
    }
    text.push_str("\n}\n");
    text
}

/// A JSON string literal. Serializing a `&str` cannot fail.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The manifest text that `cargo xtask manifest DIR` (`pack: false`) or `cargo xtask pack DIR`
/// (`pack: true`) would write.
pub fn manifest_json(dir: &Path, pack: bool) -> Result<String> {
    Ok(render(&seed_names(dir)?, pack))
}

/// Writes `dir/index.json` (only when its content changes), naming the pack when `pack` is
/// set. Returns its path and the count.
pub fn write(dir: &Path, pack: bool) -> Result<(PathBuf, usize)> {
    let names = seed_names(dir)?;
    let path = write_names(dir, &names, pack)?;
    Ok((path, names.len()))
}

/// Writes `dir/index.json` for `names` (only when its content changes). Returns its path.
pub fn write_names(dir: &Path, names: &[String], pack: bool) -> Result<PathBuf> {
    let text = render(names, pack);
    let path = dir.join(FILE_NAME);
    if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(path)
}

/// Checks that the committed manifest in `dir` is what `write(dir, pack)` would produce.
pub fn check(dir: &Path, pack: bool) -> Result {
    let expected = manifest_json(dir, pack)?;
    let path = dir.join(FILE_NAME);
    let fix = if pack {
        format!("cargo xtask pack {}", dir.display())
    } else {
        format!("cargo xtask manifest {}", dir.display())
    };
    match fs::read_to_string(&path) {
        Ok(actual) if actual == expected => Ok(()),
        Ok(_) => Err(format!("{} is stale: run {fix}", path.display())),
        Err(e) => Err(format!(
            "{} is missing or unreadable ({e}): run {fix}",
            path.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-manifest-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn renders_two_space_indent_and_newline() {
        let names = vec!["a.txt".to_string(), "b.md".to_string()];
        assert_eq!(
            render(&names, false),
            "{\n  \"seeds\": [\n    \"a.txt\",\n    \"b.md\"\n  ]\n}\n"
        );
        assert_eq!(render(&[], false), "{\n  \"seeds\": []\n}\n");
        assert_eq!(
            render(&names, true),
            "{\n  \"seeds\": [\n    \"a.txt\",\n    \"b.md\"\n  ],\n  \"pack\": \"index.pack\",\n  \"gzipPack\": \"index.pack.gz\"\n}\n"
        );
        assert_eq!(
            render(&[], true),
            "{\n  \"seeds\": [],\n  \"pack\": \"index.pack\",\n  \"gzipPack\": \"index.pack.gz\"\n}\n"
        );
    }

    #[test]
    fn renders_what_serde_json_renders() {
        let names: Vec<String> = ["a \"q\".txt", "é\\\u{1}.md", "\u{2028}.txt"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let plain = serde_json::to_string_pretty(&serde_json::json!({ "seeds": names })).unwrap();
        assert_eq!(render(&names, false), plain + "\n");
        let packed: serde_json::Value = serde_json::from_str(&render(&names, true)).unwrap();
        assert_eq!(
            packed,
            serde_json::json!({ "seeds": names, "pack": "index.pack", "gzipPack": "index.pack.gz" })
        );
    }

    #[test]
    fn lists_only_seed_files_in_byte_order() {
        let dir = temp_dir("list");
        for name in [
            "b.txt",
            "B.md",
            "a.md",
            "é.txt",
            "z.json",
            "notes.TXT",
            "c.markdown",
            "x.txt.bak",
        ] {
            fs::write(dir.join(name), "x").unwrap();
        }
        fs::create_dir(dir.join("sub.txt")).unwrap();
        let names = seed_names(&dir).unwrap();
        assert_eq!(
            names,
            ["B.md", "a.md", "b.txt", "c.markdown", "notes.TXT", "é.txt"],
            "the seed extensions in any case, as the viewer reads them"
        );

        assert!(check(&dir, false).is_err());
        write(&dir, false).unwrap();
        check(&dir, false).unwrap();
        assert!(check(&dir, true).is_err());
        write(&dir, true).unwrap();
        check(&dir, true).unwrap();
        // index.json itself is not a seed.
        assert_eq!(seed_names(&dir).unwrap().len(), 6);
        fs::write(dir.join("c.txt"), "x").unwrap();
        let err = check(&dir, true).unwrap_err();
        assert!(err.contains("is stale: run cargo xtask pack"), "{err}");
        let err = check(&dir, false).unwrap_err();
        assert!(err.contains("is stale: run cargo xtask manifest"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn skips_non_utf8_names() {
        use std::os::unix::ffi::OsStrExt;
        let dir = temp_dir("utf8");
        fs::write(dir.join(std::ffi::OsStr::from_bytes(b"bad\xff.txt")), "x").unwrap();
        fs::write(dir.join("good.txt"), "x").unwrap();
        assert_eq!(seed_names(&dir).unwrap(), ["good.txt"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
