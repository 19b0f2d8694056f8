//! Arbitrary bytes as a packed corpus (`seeds_viewer::pack::Reader`): reading never panics,
//! reading it in two chunks split anywhere (and, for small inputs, byte by byte) delivers
//! exactly what reading it whole does, and a pack read cleanly is written back to its very bytes.
//!
//! The input's first three bytes choose the split point (two bytes) and the reader's seed-size
//! limit (one byte, so that too-large entries are skipped as they stream); the rest is the pack.
#![no_main]

use seeds_viewer::pack::{Entry, PackError, Reader, Writer};

/// What a read delivered: each entry (a seed, or a too-large one's name and size) and how the
/// read ended.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    entries: Vec<(String, Result<Vec<u8>, u64>)>,
    end: Result<(), PackError>,
}

fn read<'a>(chunks: impl IntoIterator<Item = &'a [u8]>, limit: u64) -> Outcome {
    let mut reader = Reader::new(limit);
    let mut entries = Vec::new();
    let mut end = Ok(());
    for chunk in chunks {
        let pushed = reader.push(chunk, |entry| {
            entries.push(match entry {
                Entry::Seed { name, data } => (name.to_owned(), Ok(data.to_vec())),
                Entry::TooLarge { name, bytes } => (name.to_owned(), Err(bytes)),
            })
        });
        if let Err(error) = pushed {
            end = Err(error);
            break;
        }
    }
    if end.is_ok() {
        end = reader.finish();
    }
    Outcome { entries, end }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (split, limit, pack) = match data {
        [a, b, l, pack @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), *l, pack),
        _ => (0, u8::MAX, data),
    };
    let limit = if limit == u8::MAX {
        u64::MAX
    } else {
        u64::from(limit) * 8
    };
    let whole = read([pack], limit);

    let (a, b) = pack.split_at(split % (pack.len() + 1));
    assert_eq!(read([a, b], limit), whole, "split at {}", a.len());
    if pack.len() <= 4096 {
        assert_eq!(read(pack.chunks(1), limit), whole, "byte by byte");
    }

    // A pack read cleanly has no slack: writing its entries again gives its very bytes.
    if whole.end.is_ok() && whole.entries.iter().all(|(_, data)| data.is_ok()) {
        let mut writer = Writer::new(Vec::new()).unwrap();
        for (name, data) in &whole.entries {
            writer
                .add(name, data.as_deref().unwrap_or_default())
                .unwrap();
        }
        assert_eq!(writer.finish().unwrap(), pack, "written back");
    }
});
