//! `cargo xtask pack [DIR]`: writes `DIR/index.pack`, every seed of DIR in one file, and the
//! manifest `DIR/index.json` naming it.
//!
//! Ten thousand requests for ten thousand small files are slow over any network; one request
//! for one file is not. The pack still holds raw seeds (the viewer parses them at load), so
//! nothing about a seed changes but how it travels.
//!
//! # Format
//!
//! The browser reads this exactly; change it only together with the viewer's reader:
//!
//! ```text
//! "SVPACK1\n"                                  8-byte magic
//! then, per seed, in manifest order:
//!   u32 little-endian  byte length of the name (UTF-8, exactly the manifest entry)
//!   the name's bytes
//!   u32 little-endian  byte length of the data
//!   the file's raw bytes
//! ```
//!
//! Nothing else: no count, no index, no padding, no checksum. The manifest's `seeds` list and
//! the pack's entries are the same names in the same order.

use crate::{manifest, say, Result};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The pack's file name inside the seeds directory, as the manifest's `"pack"` entry names it.
pub const FILE_NAME: &str = "index.pack";
/// The first bytes of every pack.
pub const MAGIC: &[u8; 8] = b"SVPACK1\n";

pub fn main(args: &[String]) -> Result {
    let dir = crate::dir_arg("pack", args)?;
    let packed = write(&dir)?;
    say!("{}", packed.describe());
    Ok(())
}

/// What [`write`] wrote.
pub struct Packed {
    pub pack: PathBuf,
    pub manifest: PathBuf,
    pub seeds: usize,
    /// The pack's size in bytes.
    pub bytes: u64,
}

impl Packed {
    /// One line for the log: both paths, the count and the size.
    pub fn describe(&self) -> String {
        format!(
            "wrote {} ({} seeds, {:.1} MB) and {}",
            self.pack.display(),
            self.seeds,
            self.bytes as f64 / 1e6,
            self.manifest.display()
        )
    }
}

/// Packs the seeds of `dir` into `dir/index.pack`, then writes the manifest naming it.
///
/// The pack is written to a temporary file and renamed into place, so a server reading it
/// meanwhile sees the old pack or the new one, never half of one; the manifest is written after
/// the pack, so it never names a pack older than its list.
pub fn write(dir: &Path) -> Result<Packed> {
    let names = manifest::seed_names(dir)?;
    let pack = dir.join(FILE_NAME);
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    let result = write_to(dir, &names, &tmp).and_then(|bytes| {
        fs::rename(&tmp, &pack)
            .map_err(|e| format!("cannot move {} into place: {e}", tmp.display()))?;
        Ok(bytes)
    });
    let bytes = match result {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let manifest = manifest::write_names(dir, &names, true)?;
    Ok(Packed {
        pack,
        manifest,
        seeds: names.len(),
        bytes,
    })
}

/// Writes the pack of `names` (files in `dir`) to `out`; returns its size in bytes.
fn write_to(dir: &Path, names: &[String], out: &Path) -> Result<u64> {
    let file =
        fs::File::create(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut writer = BufWriter::with_capacity(1 << 20, file);
    let bytes = pack_into(dir, names, &mut writer, &out.display().to_string())?;
    writer
        .flush()
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(bytes)
}

/// The pack of `names` (files in `dir`) in memory: the single-file build inlines it.
pub fn bytes(dir: &Path, names: &[String]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    pack_into(dir, names, &mut out, "the pack")?;
    Ok(out)
}

/// Writes the magic and one entry per name to `out` (called `what` in errors); returns the
/// bytes written.
fn pack_into(dir: &Path, names: &[String], out: &mut impl Write, what: &str) -> Result<u64> {
    let io_error = |e: std::io::Error| format!("cannot write {what}: {e}");
    out.write_all(MAGIC).map_err(io_error)?;
    let mut bytes = MAGIC.len() as u64;
    for name in names {
        let path = dir.join(name);
        let data = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        bytes += write_entry(out, name, &data).map_err(|e| match e {
            EntryError::Io(e) => io_error(e),
            EntryError::TooLarge(what) => {
                format!(
                    "cannot pack {}: its {what} is 4 GiB or more",
                    path.display()
                )
            }
        })?;
    }
    Ok(bytes)
}

/// Why an entry could not be written.
#[derive(Debug)]
enum EntryError {
    Io(std::io::Error),
    /// The name or the data does not fit a u32 length.
    TooLarge(&'static str),
}

/// Appends one entry (name, then data, each after its u32 LE length); returns its size.
fn write_entry(out: &mut impl Write, name: &str, data: &[u8]) -> Result<u64, EntryError> {
    let name_len = u32::try_from(name.len()).map_err(|_| EntryError::TooLarge("name"))?;
    let data_len = u32::try_from(data.len()).map_err(|_| EntryError::TooLarge("data"))?;
    for part in [
        &name_len.to_le_bytes()[..],
        name.as_bytes(),
        &data_len.to_le_bytes()[..],
        data,
    ] {
        out.write_all(part).map_err(EntryError::Io)?;
    }
    Ok(8 + name.len() as u64 + data.len() as u64)
}

/// Removes a pack left in `dir` by an earlier run, so that a manifest without `"pack"` is not
/// contradicted by a stale file beside it. Returns whether there was one.
pub fn remove(dir: &Path) -> Result<bool> {
    let pack = dir.join(FILE_NAME);
    match fs::remove_file(&pack) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("cannot remove {}: {e}", pack.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader written from the format above, independent of the writer.
    fn read(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> &'a [u8] {
            let part = &bytes[*at..*at + n];
            *at += n;
            part
        }
        fn length(bytes: &[u8], at: &mut usize) -> usize {
            u32::from_le_bytes(take(bytes, at, 4).try_into().unwrap()) as usize
        }
        assert_eq!(&bytes[..8], MAGIC);
        let mut at = 8;
        let mut entries = Vec::new();
        while at < bytes.len() {
            let n = length(bytes, &mut at);
            let name = String::from_utf8(take(bytes, &mut at, n).to_vec()).unwrap();
            let n = length(bytes, &mut at);
            entries.push((name, take(bytes, &mut at, n).to_vec()));
        }
        entries
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-pack-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn entry_layout_is_exact() {
        let mut out = Vec::new();
        let size = write_entry(&mut out, "é.txt", b"ab\0").unwrap();
        assert_eq!(
            out,
            [
                &[6, 0, 0, 0][..],
                "é.txt".as_bytes(),
                &[3, 0, 0, 0],
                b"ab\0"
            ]
            .concat()
        );
        assert_eq!(size, out.len() as u64);
    }

    #[test]
    fn round_trips_every_seed_in_manifest_order() {
        let dir = temp_dir("round");
        let files: [(&str, &[u8]); 5] = [
            ("b.txt", b"second\r\nline\n"),
            ("a.md", b"# first\n"),
            ("empty.txt", b""),
            ("é x.txt", b"\xff\xfe not utf-8 \x00"),
            ("skip.json", b"{}"),
        ];
        for (name, data) in files {
            fs::write(dir.join(name), data).unwrap();
        }
        let packed = write(&dir).unwrap();
        assert_eq!(packed.seeds, 4);

        let bytes = fs::read(dir.join(FILE_NAME)).unwrap();
        assert_eq!(packed.bytes, bytes.len() as u64);
        let entries = read(&bytes);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, manifest::seed_names(&dir).unwrap());
        assert_eq!(names, ["a.md", "b.txt", "empty.txt", "é x.txt"]);
        for (name, data) in &entries {
            assert_eq!(data, &fs::read(dir.join(name)).unwrap(), "{name}");
        }

        // The manifest names the pack; the pack is not a seed; no temporary file is left.
        manifest::check(&dir, true).unwrap();
        let text = fs::read_to_string(dir.join(manifest::FILE_NAME)).unwrap();
        assert!(
            text.ends_with("],\n  \"pack\": \"index.pack\"\n}\n"),
            "{text}"
        );
        assert_eq!(write(&dir).unwrap().seeds, 4);
        assert!(!dir.join(format!("{FILE_NAME}.tmp")).exists());

        assert!(remove(&dir).unwrap());
        assert!(!remove(&dir).unwrap());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn empty_folder_packs_to_the_magic_alone() {
        let dir = temp_dir("empty");
        let packed = write(&dir).unwrap();
        assert_eq!(packed.seeds, 0);
        let bytes = fs::read(dir.join(FILE_NAME)).unwrap();
        assert_eq!(bytes, MAGIC);
        assert!(read(&bytes).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
