//! Bytes to text: UTF-8 with replacement, BOM removed, control characters made visible, binary
//! data refused. The one place that looks at raw bytes, so every parser downstream sees valid
//! `&str` with no invisible controls.

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, DiagnosticKind};

/// The decoded text of a seed (borrowed from its bytes when they are clean UTF-8, the usual
/// case), or nothing when the bytes are not text at all.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes `bytes` as UTF-8. Invalid sequences become U+FFFD with a diagnostic at the first bad
/// line; so do control characters (NUL, C0 other than tab, line ends and form feed, DEL, C1),
/// with a diagnostic at the first line holding one; a leading BOM is dropped; data that looks
/// binary yields empty text and a diagnostic.
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Decoded<'a> {
    let mut diagnostics = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diagnostics.push(Diagnostic::new(file, 0, DiagnosticKind::Empty));
        return Decoded {
            text: Cow::Borrowed(""),
            diagnostics,
        };
    }
    if looks_binary(bytes) {
        diagnostics.push(Diagnostic::new(file, 0, DiagnosticKind::Binary));
        return Decoded {
            text: Cow::Borrowed(""),
            diagnostics,
        };
    }
    let text: Cow<str> = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(err) => {
            let good = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
            diagnostics.push(Diagnostic::new(file, line, DiagnosticKind::InvalidUtf8));
            String::from_utf8_lossy(bytes)
        }
    };
    let text = match first_control(&text) {
        None => text,
        Some(at) => {
            let line = 1 + text
                .get(..at)
                .unwrap_or_default()
                .bytes()
                .filter(|&b| b == b'\n')
                .count();
            diagnostics.push(Diagnostic::new(
                file,
                line,
                DiagnosticKind::ControlCharacters,
            ));
            Cow::Owned(
                text.chars()
                    .map(|c| if is_control(c) { '\u{FFFD}' } else { c })
                    .collect(),
            )
        }
    };
    Decoded { text, diagnostics }
}

/// Where the first control character of `text` is ([`is_control`]), found byte-wise: C0 and
/// DEL are single bytes, C1 characters are 0xC2 followed by 0x80..=0x9F.
fn first_control(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = find_any(bytes, from, Candidates::Controls) {
        let b = bytes.get(i).copied().unwrap_or(0);
        let control = match b {
            b'\t' | b'\n' | b'\r' | 0x0C => false,
            0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
            0x20..=0x7E | 0x80..=0xC1 | 0xC3..=0xFF => false,
            _ => true,
        };
        if control {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// The bytes a scan looks for; a hit is a candidate the caller checks exactly.
#[derive(Clone, Copy)]
pub(crate) enum Candidates {
    /// Below 0x20, 0x7F (DEL), 0xC2 (the lead byte of C1 controls).
    Controls,
    /// `\n`, `\r` and 0xE2 (the lead byte of U+2028 and U+2029).
    LineEnds,
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `x` is zero (the classic word-at-a-time test; exact for "any").
#[inline(always)]
fn has_zero(x: u64) -> bool {
    x.wrapping_sub(LOW) & !x & HIGH != 0
}

#[inline(always)]
fn has_byte(x: u64, b: u8) -> bool {
    has_zero(x ^ (LOW * u64::from(b)))
}

impl Candidates {
    #[inline(always)]
    fn in_word(self, x: u64) -> bool {
        match self {
            // A byte below 0x20: subtracting 0x20 borrows into its high bit, which was clear.
            Candidates::Controls => {
                (x.wrapping_sub(LOW * 0x20) & !x & HIGH != 0)
                    | has_byte(x, 0x7F)
                    | has_byte(x, 0xC2)
            }
            Candidates::LineEnds => has_byte(x, b'\n') | has_byte(x, b'\r') | has_byte(x, 0xE2),
        }
    }

    #[inline(always)]
    fn is(self, b: u8) -> bool {
        match self {
            Candidates::Controls => b < 0x20 || b == 0x7F || b == 0xC2,
            Candidates::LineEnds => b == b'\n' || b == b'\r' || b == 0xE2,
        }
    }
}

/// The index of the first candidate byte at or after `from`. Eight bytes at a time, with
/// word-at-a-time tests that need no vector unit and no inlining (the release build optimises
/// for size): the scans over whole seeds run near memory speed.
pub(crate) fn find_any(bytes: &[u8], from: usize, what: Candidates) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    let mut base = from;
    for word in words.by_ref() {
        let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        if what.in_word(x) {
            if let Some(p) = word.iter().position(|&b| what.is(b)) {
                return Some(base + p);
            }
        }
        base += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| what.is(b))
        .map(|p| base + p)
}

/// The high bit of each zero byte of `x`, exactly (no borrow between bytes).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    !(((x & !HIGH).wrapping_add(!HIGH)) | x) & HIGH
}

/// The offsets at or after `from` where `bytes` may hold `pattern` (1 or more bytes): its first
/// two bytes are matched eight positions at a time, the caller checks the rest. In order.
pub(crate) fn candidates<'a>(
    bytes: &'a [u8],
    from: usize,
    pattern: &'a [u8],
) -> impl Iterator<Item = usize> + 'a {
    let a = LOW * u64::from(pattern.first().copied().unwrap_or(0));
    // With one byte, any second byte will do.
    let b = pattern.get(1).map(|&b| LOW * u64::from(b));
    let mut base = from;
    let mut mask = 0u64;
    std::iter::from_fn(move || loop {
        if mask != 0 {
            let at = base - 8 + (mask.trailing_zeros() / 8) as usize;
            mask &= mask - 1;
            return Some(at);
        }
        let chunk = bytes.get(base..)?;
        let x = match chunk.get(..8) {
            Some(word) => u64::from_le_bytes(word.try_into().unwrap_or([0; 8])),
            None if chunk.is_empty() => return None,
            None => {
                // The tail: byte by byte.
                let mut word = [0u8; 8];
                word.get_mut(..chunk.len())?.copy_from_slice(chunk);
                let valid = (1u64 << (8 * chunk.len())) - 1;
                let x = u64::from_le_bytes(word);
                mask = zero_bytes(x ^ a) & valid & HIGH;
                base += 8;
                if mask == 0 {
                    return None;
                }
                continue;
            }
        };
        mask = zero_bytes(x ^ a);
        if let Some(b) = b {
            // Byte i matches the first, byte i + 1 the second (the last byte's follower is in
            // the next word: let it through, the caller checks).
            mask &= (zero_bytes(x ^ b) >> 8) | (0x80 << 56);
        }
        base += 8;
    })
}

/// A control character a reader cannot see (line ends, tab and form feed are layout).
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')
}

/// Binary if over 10% of the first 8 KiB are control bytes other than tab, CR, LF and form
/// feed (NUL included). A stray NUL in text is shown as U+FFFD instead.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..8192).unwrap_or(bytes);
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 || b == 0x7F) && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_find_every_place_a_pattern_may_start() {
        let bytes: Vec<u8> = (0..40u8).map(|i| i % 7).collect();
        let want = |p: &[u8]| -> Vec<usize> {
            (0..bytes.len())
                .filter(|&i| bytes[i..].starts_with(p))
                .collect()
        };
        for pattern in [&[3u8][..], &[3, 4], &[6, 0], &[6, 0, 1]] {
            let got: Vec<usize> = candidates(&bytes, 0, pattern)
                .filter(|&i| bytes[i..].starts_with(pattern))
                .collect();
            assert_eq!(got, want(pattern), "{pattern:?}");
        }
        assert_eq!(candidates(&bytes, 39, &[3]).count(), 0);
        assert_eq!(candidates(&[], 0, &[3]).count(), 0);
    }

    #[test]
    fn stray_controls_in_text_become_visible_and_are_reported_at_their_line() {
        let d = decode("a.txt", b"one two three four five\nsix\x00seven\x7f\nnine");
        assert_eq!(
            d.text,
            "one two three four five\nsix\u{FFFD}seven\u{FFFD}\nnine"
        );
        assert_eq!(
            d.diagnostics,
            vec![Diagnostic::new(
                "a.txt",
                2,
                DiagnosticKind::ControlCharacters
            )]
        );
        assert!(decode("t", b"tab\tand\x0cfeed\r\n").diagnostics.is_empty());
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode("a", b"\xEF\xBB\xBFhi").text, "hi");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported_at_its_line() {
        let d = decode("a.txt", b"one\ntwo \xFF\nthree");
        assert_eq!(d.text, "one\ntwo \u{FFFD}\nthree");
        assert_eq!(
            d.diagnostics,
            vec![Diagnostic::new("a.txt", 2, DiagnosticKind::InvalidUtf8)]
        );
    }

    #[test]
    fn binary_and_empty_are_reported_for_the_whole_file() {
        assert_eq!(
            decode("b", b"\x00\x01\x02abc").diagnostics[0].kind,
            DiagnosticKind::Binary
        );
        assert_eq!(decode("b", b"\x00\x01\x02abc").text, "");
        assert_eq!(decode("e", b"").diagnostics[0].kind, DiagnosticKind::Empty);
        assert_eq!(
            decode("w", b" \r\n\t ").diagnostics[0].kind,
            DiagnosticKind::Empty
        );
    }
}
