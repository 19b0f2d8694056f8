//! Writes `src/fold_table.rs`, the table folding reads (see `text::fold_into`), from the Unicode
//! data of the `unicode-normalization` crate: `cargo run --example fold_table`. Run it again
//! only to move to another Unicode version; `tests/fold.rs` checks every character against
//! the crate, so the table and the reference never drift apart unnoticed.
//!
//! A character folds to its compatibility decomposition (NFKD) with the optional combining
//! marks (`text::OPTIONAL_MARKS`: accents, vowel points) and apostrophes dropped, each remaining
//! character lowercased. The table keeps only what differs
//! from plain lowercasing, Hangul syllables aside (decomposed by arithmetic): the combining
//! marks as ranges, and the other characters as runs, each run one of
//! - `SAME`: every character of the run folds to one character (`à`…`å` to `a`);
//! - `STEP`: consecutive characters fold to consecutive ones (full-width `Ａ`…`Ｚ` to `a`…`z`);
//! - `TEXT`: one character folds to several, or to none, kept in a text pool (`ﬁ` to `fi`).

use seeds_viewer::text::{OPTIONAL_MARKS, WHOLE_LETTERS};
use std::fmt::Write as _;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}')
}

fn is_hangul_syllable(u: u32) -> bool {
    (0xAC00..=0xD7A3).contains(&u)
}

/// Whether folding drops the mark `c` (the policy is `text::OPTIONAL_MARKS`).
fn is_optional_mark(c: char) -> bool {
    let u = c as u32;
    is_combining_mark(c) && OPTIONAL_MARKS.iter().any(|&(a, b)| (a..=b).contains(&u))
}

/// What folding makes of one character (the reference the table reproduces).
fn reference(c: char) -> String {
    let mut out = String::new();
    if WHOLE_LETTERS.contains(&c) {
        out.extend(c.to_lowercase());
        return out;
    }
    for d in c.to_string().nfkd() {
        if !is_optional_mark(d) && !is_apostrophe(d) {
            out.extend(d.to_lowercase());
        }
    }
    out
}

const SAME: u64 = 0;
const STEP: u64 = 1;
const TEXT: u64 = 2;

/// Items laid out as rustfmt would, about 100 columns a line.
fn lines(items: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for item in items {
        if line.len() + item.len() + 1 > 96 {
            out.push_str(&format!("   {line}\n"));
            line.clear();
        }
        line.push(' ');
        line.push_str(&item);
    }
    if !line.is_empty() {
        out.push_str(&format!("   {line}\n"));
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let chars = || (0..=0x10FFFFu32).filter_map(char::from_u32);
    // Combining marks, as (first, last) ranges.
    let mut marks: Vec<(u32, u32)> = Vec::new();
    for c in chars().filter(|&c| is_combining_mark(c)) {
        let u = c as u32;
        match marks.last_mut() {
            Some((_, last)) if *last + 1 == u => *last = u,
            _ => marks.push((u, u)),
        }
    }
    // Everything else that lowercasing alone gets wrong.
    let mut entries: Vec<(u32, String)> = Vec::new();
    for c in chars() {
        let u = c as u32;
        if is_optional_mark(c) || is_hangul_syllable(u) || is_apostrophe(c) {
            continue;
        }
        let folded = reference(c);
        if folded != c.to_lowercase().collect::<String>() {
            entries.push((u, folded));
        }
    }
    // Runs: start (21 bits), length - 1 (8 bits), kind (2 bits), payload (21 bits): the first
    // character folded to, or the text's offset (15 bits) and length in bytes (6 bits).
    let mut runs: Vec<u64> = Vec::new();
    let mut pool = String::new();
    let single = |s: &str| {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c as u32),
            _ => None,
        }
    };
    let mut i = 0;
    while let Some((start, folded)) = entries.get(i) {
        let start = *start;
        let run = |kind: u64| {
            let mut j = i + 1;
            let out = single(folded);
            while let (Some((u, f)), Some(o)) = (entries.get(j), out) {
                let k = (j - i) as u32;
                let wanted = if kind == SAME { o } else { o + k };
                if *u != start + k || single(f) != Some(wanted) || k >= 256 {
                    break;
                }
                j += 1;
            }
            j
        };
        let (kind, end, payload) = match single(folded) {
            Some(o) => {
                let (same, step) = (run(SAME), run(STEP));
                if same >= step {
                    (SAME, same, u64::from(o))
                } else {
                    (STEP, step, u64::from(o))
                }
            }
            None => {
                let offset = match pool.find(folded.as_str()) {
                    Some(at) if !folded.is_empty() => at,
                    _ => {
                        pool.push_str(folded);
                        pool.len() - folded.len()
                    }
                };
                assert!(offset < 1 << 15 && folded.len() < 64, "pool too large");
                (TEXT, i + 1, ((offset as u64) << 6) | folded.len() as u64)
            }
        };
        let len = (end - i) as u64;
        runs.push((u64::from(start) << 31) | ((len - 1) << 23) | (kind << 21) | payload);
        i = end;
    }

    let mut mark_items: Vec<u32> = Vec::new();
    for &(first, last) in &marks {
        let mut at = first;
        while at <= last {
            let len = (last - at + 1).min(256);
            mark_items.push((at << 8) | (len - 1));
            at += len;
        }
    }
    let mut out = String::new();
    writeln!(
        out,
        "//! Generated by `cargo run --example fold_table` from unicode-normalization's data (see\n\
         //! there for what it holds); checked against it by `tests/fold.rs`. Do not edit.\n\n\
         /// Combining marks, as ranges: first << 8 | (length - 1), in order.\n\
         pub static MARKS: [u32; {}] = [",
        mark_items.len()
    )?;
    out.push_str(&lines(mark_items.iter().map(|m| format!("0x{m:x},"))));
    writeln!(out, "];\n")?;
    // Runs as byte planes (each column a byte at a time: what compresses): start, length - 1,
    // kind, and the payload (for kinds 0 and 1 the first character folded to, as its distance
    // from the start, zigzag-coded; for kind 2 the text's offset << 6 | length).
    let field = |r: u64, shift: u32, bits: u32| (r >> shift) & ((1 << bits) - 1);
    let starts: Vec<u64> = runs.iter().map(|&r| r >> 31).collect();
    let payloads: Vec<u64> = runs
        .iter()
        .map(|&r| {
            let (start, kind, payload) = (r >> 31, field(r, 21, 2), field(r, 0, 21));
            if kind == TEXT {
                payload
            } else {
                let d = payload as i64 - start as i64;
                ((d << 1) ^ (d >> 63)) as u64
            }
        })
        .collect();
    let n = runs.len();
    writeln!(
        out,
        "/// How many runs there are (of characters lowercasing alone folds wrongly).\n\
         pub const RUNS: usize = {n};\n"
    )?;
    let planes = |name: &str, doc: &str, values: &[u64], bytes: usize, out: &mut String| {
        let _ = writeln!(
            out,
            "/// {doc}\npub static {name}: [[u8; {n}]; {bytes}] = ["
        );
        for b in 0..bytes {
            out.push_str("    [\n");
            out.push_str(
                &lines(values.iter().map(|v| format!("{},", (v >> (8 * b)) & 0xff)))
                    .replace("\n   ", "\n       ")
                    .replacen("   ", "       ", 1),
            );
            out.push_str("    ],\n");
        }
        out.push_str("];\n\n");
    };
    planes(
        "START",
        "Each run's first character, a byte plane at a time (low byte first).",
        &starts,
        3,
        &mut out,
    );
    planes(
        "PAYLOAD",
        "Each run's payload, a byte plane at a time (low byte first).",
        &payloads,
        3,
        &mut out,
    );
    let lens: Vec<u64> = runs.iter().map(|&r| field(r, 23, 8)).collect();
    let kinds: Vec<u64> = runs.iter().map(|&r| field(r, 21, 2)).collect();
    writeln!(
        out,
        "/// Each run's length - 1.\npub static LEN: [u8; {n}] = ["
    )?;
    out.push_str(&lines(lens.iter().map(|v| format!("{v},"))));
    writeln!(out, "];\n")?;
    writeln!(out, "/// Each run's kind: 0 all to one character, 1 to consecutive ones, 2 to a text.\npub static KIND: [u8; {n}] = [")?;
    out.push_str(&lines(kinds.iter().map(|v| format!("{v},"))));
    writeln!(out, "];\n")?;
    writeln!(
        out,
        "/// The texts of kind-2 runs, end to end.\npub static TEXT: &str = {pool:?};"
    )?;
    std::fs::write("src/fold_table.rs", out)?;
    println!(
        "src/fold_table.rs: {} mark ranges, {} runs, {} bytes of text",
        marks.len(),
        runs.len(),
        pool.len()
    );
    Ok(())
}
