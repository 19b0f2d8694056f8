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
    let candidate = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C))
            | (b == 0x7F)
            | (b == 0xC2)
    };
    let mut from = 0;
    while let Some(i) = find_byte(bytes, from, candidate) {
        let c1_lead = bytes.get(i) == Some(&0xC2);
        if !c1_lead || bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// The index of the first byte at or after `from` for which `hit` holds. Checks 32 bytes at a
/// time with a branch-free fold the compiler vectorises, so `hit` must be cheap and written
/// with `&` and `|`: the scans over whole seeds (controls, line ends) run at memory speed.
#[inline]
pub(crate) fn find_byte(bytes: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut base = from;
    for chunk in rest.chunks(32) {
        if chunk.iter().fold(false, |any, &b| any | hit(b)) {
            return chunk.iter().position(|&b| hit(b)).map(|p| base + p);
        }
        base += chunk.len();
    }
    None
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
