//! `cargo xtask pack [DIR]`: writes `DIR/index.pack`, every seed of DIR in one file, the same
//! pack gzip-compressed as `DIR/index.pack.gz`, and the manifest `DIR/index.json` naming both.
//!
//! Ten thousand requests for ten thousand small files are slow over any network; one request
//! for one file is not. The pack still holds raw seeds (the viewer parses them at load), so
//! nothing about a seed changes but how it travels. The gzip copy is for browsers with
//! `DecompressionStream`: the viewer inflates it itself, so it is served as plain bytes, with no
//! `Content-Encoding`.
//!
//! The format has one definition, `src/pack.rs` in the core (`seeds_viewer::pack`): its
//! `Writer` writes every pack here, its `Reader` reads them in the viewer. The manifest's
//! `seeds` list and the pack's entries are the same names in the same order.

use crate::{manifest, say, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use seeds_viewer::pack::Writer;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The pack's file name inside the seeds directory, as the manifest's `"pack"` entry names it.
pub const FILE_NAME: &str = "index.pack";
/// The gzip-compressed pack's file name, as the manifest's `"gzipPack"` entry names it.
pub const GZIP_FILE_NAME: &str = "index.pack.gz";

pub fn main(args: &[String]) -> Result {
    let dir = crate::dir_arg("pack", args)?;
    let packed = write(&dir)?;
    say!("{}", packed.describe());
    Ok(())
}

/// What [`write`] wrote.
#[derive(Debug)]
pub struct Packed {
    pub pack: PathBuf,
    pub gzip: PathBuf,
    pub manifest: PathBuf,
    pub seeds: usize,
    /// The pack's size in bytes.
    pub bytes: u64,
    /// The gzip-compressed pack's size in bytes.
    pub gzip_bytes: u64,
}

impl Packed {
    /// One line for the log: the paths, the count and the sizes.
    pub fn describe(&self) -> String {
        format!(
            "wrote {} ({} seeds, {:.1} MB), {} ({:.1} MB) and {}",
            self.pack.display(),
            self.seeds,
            self.bytes as f64 / 1e6,
            self.gzip.display(),
            self.gzip_bytes as f64 / 1e6,
            self.manifest.display()
        )
    }
}

/// Packs the seeds of `dir` into `dir/index.pack` and `dir/index.pack.gz` (in one pass over the
/// seeds), then writes the manifest naming them.
///
/// Both files are written to temporary files and renamed into place, so a server reading them
/// meanwhile sees an old pack or a new one, never half of one; the manifest is written after
/// them, so it never names a pack older than its list.
pub fn write(dir: &Path) -> Result<Packed> {
    let names = manifest::seed_names(dir)?;
    let pack = dir.join(FILE_NAME);
    let gzip = dir.join(GZIP_FILE_NAME);
    let tmp = temp_path(&pack);
    let gzip_tmp = temp_path(&gzip);
    let result = write_to(dir, &names, &tmp, &gzip_tmp).and_then(|sizes| {
        for (from, to) in [(&tmp, &pack), (&gzip_tmp, &gzip)] {
            fs::rename(from, to)
                .map_err(|e| format!("cannot move {} into place: {e}", from.display()))?;
        }
        Ok(sizes)
    });
    let (bytes, gzip_bytes) = match result {
        Ok(sizes) => sizes,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            let _ = fs::remove_file(&gzip_tmp);
            return Err(e);
        }
    };
    let manifest = manifest::write_names(dir, &names, true)?;
    Ok(Packed {
        pack,
        gzip,
        manifest,
        seeds: names.len(),
        bytes,
        gzip_bytes,
    })
}

/// Where `path` is written before it is renamed into place: `path` + `.tmp`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// Writes the pack of `names` (files in `dir`) to `out` and gzip-compressed to `gzip_out`;
/// returns both sizes in bytes.
fn write_to(dir: &Path, names: &[String], out: &Path, gzip_out: &Path) -> Result<(u64, u64)> {
    let create = |path: &Path| {
        fs::File::create(path)
            .map(|file| BufWriter::with_capacity(1 << 20, file))
            .map_err(|e| format!("cannot create {}: {e}", path.display()))
    };
    let plain = create(out)?;
    let gzip = GzEncoder::new(create(gzip_out)?, Compression::best());
    let what = out.display().to_string();
    let Tee(plain, gzip) = pack_into(dir, names, Tee(plain, gzip), &what)?;
    let finish = |path: &Path, file: std::result::Result<BufWriter<fs::File>, io::Error>| {
        file.and_then(|file| file.into_inner().map_err(|e| e.into_error()))
            .and_then(|file| file.metadata())
            .map(|meta| meta.len())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let bytes = finish(out, Ok(plain))?;
    let gzip_bytes = finish(gzip_out, gzip.finish())?;
    Ok((bytes, gzip_bytes))
}

/// The pack of `names` (files in `dir`) in memory: the single-file build inlines it.
pub fn bytes(dir: &Path, names: &[String]) -> Result<Vec<u8>> {
    pack_into(dir, names, Vec::new(), "the pack")
}

/// Writes the pack of `names` (files in `dir`) to `out` (called `what` in errors) through the
/// core's [`Writer`]; returns `out`, flushed.
fn pack_into<W: Write>(dir: &Path, names: &[String], out: W, what: &str) -> Result<W> {
    let io_error = |e: io::Error| format!("cannot write {what}: {e}");
    let mut writer = Writer::new(out).map_err(io_error)?;
    for name in names {
        let path = dir.join(name);
        let data = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        writer.add(name, &data).map_err(|e| {
            if e.kind() == io::ErrorKind::InvalidInput {
                format!("cannot pack {}: {e}", path.display())
            } else {
                io_error(e)
            }
        })?;
    }
    writer.finish().map_err(io_error)
}

/// Writes every byte to both sinks. Flushing flushes the first only: the second is a
/// [`GzEncoder`], which its owner finishes (a flush would end a deflate block early).
struct Tee<A, B>(A, B);

impl<A: Write, B: Write> Write for Tee<A, B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Removes a pack and its gzip copy left in `dir` by an earlier run, so that a manifest without
/// `"pack"` is not contradicted by stale files beside it. Returns whether there was either.
pub fn remove(dir: &Path) -> Result<bool> {
    let mut removed = false;
    for name in [FILE_NAME, GZIP_FILE_NAME] {
        let path = dir.join(name);
        match fs::remove_file(&path) {
            Ok(()) => removed = true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use seeds_viewer::pack::{Entry, Reader, MAGIC};
    use std::io::Read;

    /// Reads a pack with the core's reader, pushed in chunks of `chunk` bytes.
    fn read(bytes: &[u8], chunk: usize) -> Vec<(String, Vec<u8>)> {
        let mut reader = Reader::new(u64::MAX);
        let mut entries = Vec::new();
        for part in bytes.chunks(chunk) {
            reader
                .push(part, |entry| match entry {
                    Entry::Seed { name, data } => entries.push((name.to_owned(), data.to_vec())),
                    Entry::TooLarge { name, .. } => panic!("{name} reported too large"),
                })
                .unwrap();
        }
        reader.finish().unwrap();
        entries
    }

    fn gunzip(path: &Path) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(fs::File::open(path).unwrap())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-pack-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn entry_layout_is_exact() {
        let dir = temp_dir("layout");
        fs::write(dir.join("é.txt"), b"ab\0").unwrap();
        let bytes = bytes(&dir, &["é.txt".to_string()]).unwrap();
        assert_eq!(
            bytes,
            [
                &MAGIC[..],
                &[6, 0, 0, 0],
                "é.txt".as_bytes(),
                &[3, 0, 0, 0],
                b"ab\0"
            ]
            .concat()
        );
        fs::remove_dir_all(&dir).unwrap();
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
        assert_eq!(
            bytes,
            self::bytes(&dir, &manifest::seed_names(&dir).unwrap()).unwrap()
        );
        let entries = read(&bytes, bytes.len());
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, manifest::seed_names(&dir).unwrap());
        assert_eq!(names, ["a.md", "b.txt", "empty.txt", "é x.txt"]);
        for (name, data) in &entries {
            assert_eq!(data, &fs::read(dir.join(name)).unwrap(), "{name}");
        }
        assert_eq!(read(&bytes, 3), entries);

        // The gzip copy inflates to the very same bytes.
        let gzip = dir.join(GZIP_FILE_NAME);
        assert_eq!(packed.gzip_bytes, fs::metadata(&gzip).unwrap().len());
        assert_eq!(gunzip(&gzip), bytes);

        // The manifest names both; the packs are not seeds; no temporary file is left.
        manifest::check(&dir, true).unwrap();
        let text = fs::read_to_string(dir.join(manifest::FILE_NAME)).unwrap();
        assert!(
            text.ends_with(
                "],\n  \"pack\": \"index.pack\",\n  \"gzipPack\": \"index.pack.gz\"\n}\n"
            ),
            "{text}"
        );
        assert_eq!(write(&dir).unwrap().seeds, 4);
        for name in [FILE_NAME, GZIP_FILE_NAME] {
            assert!(!dir.join(format!("{name}.tmp")).exists(), "{name}.tmp");
        }

        assert!(remove(&dir).unwrap());
        assert!(!dir.join(FILE_NAME).exists() && !gzip.exists());
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
        assert!(read(&bytes, 1).is_empty());
        assert_eq!(gunzip(&dir.join(GZIP_FILE_NAME)), MAGIC);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_pack_leaves_the_old_files_and_no_temporary_pack() {
        let dir = temp_dir("fail");
        fs::write(dir.join("a.txt"), "a").unwrap();
        let before = write(&dir).unwrap();
        fs::write(dir.join("b.txt"), "b").unwrap();
        // The gzip copy's temporary file cannot be created: a directory is in its way.
        fs::create_dir(temp_path(&before.gzip)).unwrap();
        let err = write(&dir).unwrap_err();
        assert!(err.contains("cannot create"), "{err}");
        assert!(!temp_path(&before.pack).exists());
        assert_eq!(read(&fs::read(&before.pack).unwrap(), 7).len(), 1);
        assert_eq!(gunzip(&before.gzip).len() as u64, before.bytes);
        fs::remove_dir_all(&dir).unwrap();
    }
}
