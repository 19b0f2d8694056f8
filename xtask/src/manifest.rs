//! `cargo xtask manifest [DIR]`: writes `DIR/index.json`, the list of seeds the viewer loads.
//!
//! The manifest is `{"seeds": [names...]}`: every regular file directly in DIR whose name ends
//! with `.txt` or `.md`, sorted by the bytes of its UTF-8 name, pretty-printed with a trailing
//! newline. `test` checks that the committed `seeds/index.json` matches [`manifest_json`].

use crate::{say, user_path, Arg, Args, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the seeds directory.
pub const FILE_NAME: &str = "index.json";

pub fn main(args: &[String]) -> Result {
    let mut dir: Option<PathBuf> = None;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Positional(p) if dir.is_none() => dir = Some(user_path(p)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `manifest`")),
            Arg::Flag(name, _) => return Err(crate::unknown_option("manifest", name)),
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("seeds"));
    let (path, count) = write(&dir)?;
    say!("wrote {} ({count} seeds)", path.display());
    Ok(())
}

/// Whether a file name is a seed the viewer can show.
pub fn is_seed_name(name: &str) -> bool {
    name.ends_with(".txt") || name.ends_with(".md")
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

/// Renders a manifest for a list of names (already sorted).
pub fn render(names: &[String]) -> String {
    let value = serde_json::json!({ "seeds": names });
    // Serializing a JSON value of strings cannot fail.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The manifest text that `cargo xtask manifest DIR` would write.
pub fn manifest_json(dir: &Path) -> Result<String> {
    Ok(render(&seed_names(dir)?))
}

/// Writes `dir/index.json` (only when its content changes). Returns its path and the count.
pub fn write(dir: &Path) -> Result<(PathBuf, usize)> {
    let names = seed_names(dir)?;
    let text = render(&names);
    let path = dir.join(FILE_NAME);
    if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok((path, names.len()))
}

/// Checks that the committed manifest in `dir` is what `write` would produce.
pub fn check(dir: &Path) -> Result {
    let expected = manifest_json(dir)?;
    let path = dir.join(FILE_NAME);
    match fs::read_to_string(&path) {
        Ok(actual) if actual == expected => Ok(()),
        Ok(_) => Err(format!(
            "{} is stale: run cargo xtask manifest",
            path.display()
        )),
        Err(e) => Err(format!(
            "{} is missing or unreadable ({e}): run cargo xtask manifest",
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
            render(&names),
            "{\n  \"seeds\": [\n    \"a.txt\",\n    \"b.md\"\n  ]\n}\n"
        );
        assert_eq!(render(&[]), "{\n  \"seeds\": []\n}\n");
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
            "x.txt.bak",
        ] {
            fs::write(dir.join(name), "x").unwrap();
        }
        fs::create_dir(dir.join("sub.txt")).unwrap();
        let names = seed_names(&dir).unwrap();
        assert_eq!(names, ["B.md", "a.md", "b.txt", "é.txt"]);

        assert!(check(&dir).is_err());
        write(&dir).unwrap();
        check(&dir).unwrap();
        // index.json itself is not a seed.
        assert_eq!(seed_names(&dir).unwrap().len(), 4);
        fs::write(dir.join("c.txt"), "x").unwrap();
        let err = check(&dir).unwrap_err();
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
