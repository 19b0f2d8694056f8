//! The packed corpus: every seed of a folder in one file, so that ten thousand seeds travel as
//! one request. The one definition of the format: [`Writer`] writes it (`cargo xtask pack`),
//! [`Reader`] reads it as it streams in (the viewer), as hostile input.
//!
//! ```text
//! "SVPACK1\n"                 8 bytes: "SVPACK", the format version in ASCII digits, "\n"
//! then, per seed, in manifest order:
//!   u32 little-endian         byte length of the name (UTF-8, exactly the manifest entry)
//!   the name's bytes
//!   u32 little-endian         byte length of the data
//!   the file's raw bytes
//! ```
//!
//! Nothing else: no count, no index, no padding, no checksum. The pack still holds the raw
//! seeds, parsed in the browser like seeds fetched one by one; `cargo xtask pack` also writes it
//! gzip-compressed (`index.pack.gz`), which the viewer inflates with the platform's
//! `DecompressionStream` as it streams.

use std::io::{self, Write};

use crate::diagnostic::DiagnosticKind;

/// The first bytes of every pack this version writes and reads.
pub const MAGIC: &[u8; 8] = b"SVPACK1\n";
/// What every pack starts with, whatever its version.
const PREFIX: &[u8; 6] = b"SVPACK";
/// The longest header a pack of any version can have before its `\n` (prefix and version).
const MAX_HEADER: usize = 16;
/// The longest name an entry may have: manifest entries are file names, not documents.
pub const MAX_NAME_BYTES: u32 = 4096;

/// Writes a pack: the header once, then [`Writer::add`] per seed in manifest order.
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    /// Starts a pack on `out` (writes the header).
    pub fn new(mut out: W) -> io::Result<Writer<W>> {
        out.write_all(MAGIC)?;
        Ok(Writer { out })
    }

    /// Appends one seed. Fails for a name over [`MAX_NAME_BYTES`] or data over 4 GiB, which
    /// the reader would refuse.
    pub fn add(&mut self, name: &str, data: &[u8]) -> io::Result<()> {
        let too_long = |what: &str| io::Error::new(io::ErrorKind::InvalidInput, what.to_owned());
        let name_len = u32::try_from(name.len())
            .ok()
            .filter(|&n| n <= MAX_NAME_BYTES)
            .ok_or_else(|| too_long("a seed name is too long for a pack"))?;
        let data_len = u32::try_from(data.len()).map_err(|_| too_long("a seed is over 4 GiB"))?;
        self.out.write_all(&name_len.to_le_bytes())?;
        self.out.write_all(name.as_bytes())?;
        self.out.write_all(&data_len.to_le_bytes())?;
        self.out.write_all(data)
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One entry as the reader delivers it.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    /// A whole seed, its name and its bytes.
    Seed { name: &'a str, data: &'a [u8] },
    /// A seed whose declared length is over the reader's limit: its bytes are skipped as they
    /// arrive, never buffered.
    TooLarge { name: &'a str, bytes: u64 },
}

/// Why a pack could not be read (further). Seeds delivered before stay delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// A pack of another format version.
    Version(String),
    /// Not a pack, a name that is not UTF-8 or too long, or bytes ending inside an entry.
    Broken,
}

impl PackError {
    /// The diagnostic the viewer shows (about the pack, before fetching the rest one by one).
    pub fn kind(&self) -> DiagnosticKind {
        match self {
            PackError::Version(version) => DiagnosticKind::PackVersion {
                version: version.clone(),
            },
            PackError::Broken => DiagnosticKind::PackBroken,
        }
    }
}

#[derive(Debug)]
enum State {
    Header,
    NameLength,
    Name(usize),
    DataLength,
    Data(usize),
    /// Bytes still to skip of a too-large entry.
    Skip(u64),
    Failed(PackError),
}

/// Reads a pack pushed to it in chunks split anywhere. An entry that lies inside one chunk is
/// delivered without a copy; otherwise only that entry's bytes are buffered, and only as they
/// arrive (a declared length is never trusted for an allocation).
#[derive(Debug)]
pub struct Reader {
    state: State,
    /// Bytes of the field being read, when it spans chunks.
    partial: Vec<u8>,
    /// The current entry's name, once read.
    name: String,
    max_seed_bytes: u64,
}

impl Reader {
    /// A reader that delivers seeds up to `max_seed_bytes` long and reports longer ones.
    pub fn new(max_seed_bytes: u64) -> Reader {
        Reader {
            state: State::Header,
            partial: Vec::new(),
            name: String::new(),
            max_seed_bytes,
        }
    }

    /// Reads `chunk`, handing each entry it completes to `emit` in pack order. After an error
    /// every later call returns the same error and reads nothing.
    pub fn push(
        &mut self,
        mut chunk: &[u8],
        mut emit: impl FnMut(Entry<'_>),
    ) -> Result<(), PackError> {
        loop {
            if let State::Failed(error) = &self.state {
                return Err(error.clone());
            }
            if chunk.is_empty() {
                return Ok(());
            }
            match self.state {
                State::Header => {
                    // Read up to the newline (bounded), then judge the whole header.
                    let room = MAX_HEADER.saturating_sub(self.partial.len());
                    let newline = chunk.iter().take(room).position(|&b| b == b'\n');
                    let take = newline.map_or(room.min(chunk.len()), |i| i + 1);
                    let (head, rest) = chunk.split_at(take);
                    self.partial.extend_from_slice(head);
                    chunk = rest;
                    let prefix_so_far = self.partial.len().min(PREFIX.len());
                    if self.partial.get(..prefix_so_far) != PREFIX.get(..prefix_so_far) {
                        self.fail(PackError::Broken);
                    } else if newline.is_some() {
                        self.state = self.judge_header();
                        self.partial.clear();
                    } else if self.partial.len() >= MAX_HEADER {
                        self.fail(PackError::Broken);
                    }
                }
                State::NameLength | State::DataLength => {
                    let mut le = [0u8; 4];
                    match take(&mut self.partial, &mut chunk, 4) {
                        Taken::Incomplete => continue,
                        Taken::Direct(field) => le = field.try_into().unwrap_or(le),
                        Taken::Gathered => le = self.partial.as_slice().try_into().unwrap_or(le),
                    }
                    let n = u32::from_le_bytes(le);
                    self.partial.clear();
                    self.state = if matches!(self.state, State::NameLength) {
                        if n > MAX_NAME_BYTES {
                            State::Failed(PackError::Broken)
                        } else {
                            State::Name(n as usize)
                        }
                    } else if u64::from(n) > self.max_seed_bytes {
                        emit(Entry::TooLarge {
                            name: &self.name,
                            bytes: u64::from(n),
                        });
                        State::Skip(u64::from(n))
                    } else {
                        State::Data(n as usize)
                    };
                }
                State::Name(n) => {
                    let bytes = match take(&mut self.partial, &mut chunk, n) {
                        Taken::Incomplete => continue,
                        Taken::Direct(bytes) => bytes,
                        Taken::Gathered => self.partial.as_slice(),
                    };
                    match std::str::from_utf8(bytes) {
                        Ok(name) => {
                            self.name.clear();
                            self.name.push_str(name);
                            self.partial.clear();
                            self.state = State::DataLength;
                        }
                        Err(_) => self.fail(PackError::Broken),
                    }
                }
                State::Data(n) => {
                    let data = match take(&mut self.partial, &mut chunk, n) {
                        Taken::Incomplete => continue,
                        Taken::Direct(data) => data,
                        Taken::Gathered => self.partial.as_slice(),
                    };
                    emit(Entry::Seed {
                        name: &self.name,
                        data,
                    });
                    self.partial.clear();
                    self.state = State::NameLength;
                }
                State::Skip(left) => {
                    let skip = (chunk.len() as u64).min(left);
                    chunk = chunk.get(skip as usize..).unwrap_or_default();
                    self.state = if skip == left {
                        State::NameLength
                    } else {
                        State::Skip(left - skip)
                    };
                }
                State::Failed(_) => {}
            }
        }
    }

    /// The stream ended: `Ok` when it ended between entries, after the header.
    pub fn finish(&self) -> Result<(), PackError> {
        match &self.state {
            State::NameLength if self.partial.is_empty() => Ok(()),
            State::Failed(error) => Err(error.clone()),
            _ => Err(PackError::Broken),
        }
    }

    fn fail(&mut self, error: PackError) {
        self.partial.clear();
        self.state = State::Failed(error);
    }

    /// The state after a complete header (`partial` holds it, ending in `\n`).
    fn judge_header(&self) -> State {
        let version = self
            .partial
            .get(PREFIX.len()..self.partial.len().saturating_sub(1))
            .unwrap_or_default();
        if self.partial.as_slice() == MAGIC {
            State::NameLength
        } else if !version.is_empty() && version.iter().all(u8::is_ascii_digit) {
            State::Failed(PackError::Version(
                String::from_utf8_lossy(version).into_owned(),
            ))
        } else {
            State::Failed(PackError::Broken)
        }
    }
}

/// Where a field of `n` bytes is, once [`take`] has it.
enum Taken<'c> {
    /// The chunk ran out first; everything it had is in `partial`.
    Incomplete,
    /// Wholly inside the chunk: borrowed, not copied.
    Direct(&'c [u8]),
    /// Spanning chunks: all `n` bytes are now in `partial`.
    Gathered,
}

/// Takes `n` bytes from `partial` + the front of `chunk`, which it advances. `partial` grows
/// only by bytes that arrived, never by a declared length.
fn take<'c>(partial: &mut Vec<u8>, chunk: &mut &'c [u8], n: usize) -> Taken<'c> {
    if partial.is_empty() && chunk.len() >= n {
        let (field, rest) = chunk.split_at(n);
        *chunk = rest;
        return Taken::Direct(field);
    }
    let want = n.saturating_sub(partial.len());
    let (part, rest) = chunk.split_at(want.min(chunk.len()));
    partial.extend_from_slice(part);
    *chunk = rest;
    if partial.len() == n {
        Taken::Gathered
    } else {
        Taken::Incomplete
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = Writer::new(Vec::new()).unwrap();
        for (name, data) in entries {
            writer.add(name, data).unwrap();
        }
        writer.finish().unwrap()
    }

    /// Reads `bytes` pushed as the given chunks; returns the entries and the final result.
    fn read(chunks: &[&[u8]], limit: u64) -> (Vec<String>, Result<(), PackError>) {
        let mut reader = Reader::new(limit);
        let mut got = Vec::new();
        for chunk in chunks {
            let pushed = reader.push(chunk, |entry| {
                got.push(match entry {
                    Entry::Seed { name, data } => {
                        format!("{name}={}", String::from_utf8_lossy(data))
                    }
                    Entry::TooLarge { name, bytes } => format!("{name} too large ({bytes})"),
                })
            });
            if let Err(error) = pushed {
                return (got, Err(error));
            }
        }
        (got, reader.finish())
    }

    const ENTRIES: &[(&str, &[u8])] = &[
        ("a.txt", b"Alpha."),
        ("caf\u{e9}.md", b"# Caf\xc3\xa9"),
        ("empty.txt", b""),
        ("big.txt", b"0123456789abcdef"),
    ];

    #[test]
    fn a_pack_reads_back_what_was_written_split_at_every_point() {
        let bytes = pack(ENTRIES);
        let whole = read(&[&bytes], 100);
        assert_eq!(
            whole.0,
            [
                "a.txt=Alpha.",
                "café.md=# Café",
                "empty.txt=",
                "big.txt=0123456789abcdef"
            ]
        );
        assert_eq!(whole.1, Ok(()));
        for i in 0..=bytes.len() {
            for j in i..=bytes.len() {
                let (a, rest) = bytes.split_at(i);
                let (b, c) = rest.split_at(j - i);
                assert_eq!(read(&[a, b, c], 100), whole, "split at {i} and {j}");
            }
        }
        let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(read(&bytewise, 100), whole);
    }

    #[test]
    fn a_seed_over_the_limit_is_reported_and_skipped_not_buffered() {
        let bytes = pack(ENTRIES);
        let bytewise: Vec<&[u8]> = bytes.chunks(3).collect();
        let (got, end) = read(&bytewise, 10);
        assert_eq!(
            got,
            [
                "a.txt=Alpha.",
                "café.md=# Café",
                "empty.txt=",
                "big.txt too large (16)"
            ]
        );
        assert_eq!(end, Ok(()));
    }

    #[test]
    fn another_version_is_refused_by_its_number() {
        let mut bytes = pack(ENTRIES);
        bytes.splice(0..8, b"SVPACK12\n".iter().copied());
        for split in 0..bytes.len() {
            let (a, b) = bytes.split_at(split);
            let (got, end) = read(&[a, b], 100);
            assert!(got.is_empty());
            assert_eq!(end, Err(PackError::Version("12".into())));
        }
        assert_eq!(
            PackError::Version("12".into()).kind().code(),
            "pack-version"
        );
    }

    #[test]
    fn what_is_not_a_pack_is_broken_from_its_first_bytes() {
        for bytes in [
            &b"<!doctype html>"[..],
            b"SVPACK",
            b"SVPACKx\n",
            b"SVPACK\n",
            b"",
        ] {
            let (got, end) = read(&[bytes], 100);
            assert!(got.is_empty());
            assert_eq!(end, Err(PackError::Broken), "{bytes:?}");
        }
        // A header that never ends is refused after a few bytes, not buffered.
        let (_, end) = read(&[b"SVPACK", &[b'1'; 100]], 100);
        assert_eq!(end, Err(PackError::Broken));
    }

    #[test]
    fn a_truncated_pack_keeps_the_seeds_before_the_cut() {
        let bytes = pack(ENTRIES);
        let cut = bytes.len() - 3;
        let (got, end) = read(&[&bytes[..cut]], 100);
        assert_eq!(got, ["a.txt=Alpha.", "café.md=# Café", "empty.txt="]);
        assert_eq!(end, Err(PackError::Broken));
    }

    #[test]
    fn lengths_are_checked_before_they_are_trusted() {
        // A name length of 4 GiB: refused at once, nothing reserved.
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(read(&[&bytes], 100).1, Err(PackError::Broken));
        // A data length of 4 GiB under a 100-byte limit: reported, then skipped as it streams.
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.push(b'x');
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        bytes.extend_from_slice(&[0; 64]);
        let (got, end) = read(&[&bytes], 100);
        assert_eq!(got, ["x too large (4294967295)"]);
        assert_eq!(end, Err(PackError::Broken));
        // A name that is not UTF-8.
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&2u32.to_le_bytes());
        bytes.extend_from_slice(b"\xff\xfe");
        assert_eq!(read(&[&bytes], 100).1, Err(PackError::Broken));
    }
}
