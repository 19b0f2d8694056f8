//! The URL policy for links and images in seeds: only `http:`, `https:`, `mailto:` and relative
//! URLs survive, judged the way a browser will read them.
//!
//! Browsers strip ASCII tab and newline anywhere in a URL and leading or trailing C0 controls and
//! spaces before they look for a scheme, so `java\tscript:` and `\u{1}javascript:` are
//! `javascript:` to them; we clean the same way first. Entities were already decoded by the
//! markdown parser.

/// What a URL that passed the policy points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Same origin as the page (a path, query or fragment).
    Relative,
    /// Another origin over the web (`http:`, `https:` or scheme-relative `//host`).
    Remote,
    Mail,
}

/// The cleaned URL and where it points, or `None` when the policy refuses it.
pub fn check(raw: &str) -> Option<(String, Target)> {
    let cleaned: String = raw
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme_end = cleaned.find([':', '/', '?', '#', '\\']);
    let target = match scheme_end {
        Some(i) if cleaned.get(i..).is_some_and(|r| r.starts_with(':')) => {
            let scheme = cleaned.get(..i).unwrap_or_default().to_ascii_lowercase();
            match scheme.as_str() {
                "http" | "https" => Target::Remote,
                "mailto" => Target::Mail,
                _ => return None,
            }
        }
        _ => {
            // `//host` and, for http(s) pages, `\\host` or `/\host` leave the origin.
            let head: String = cleaned
                .chars()
                .take(2)
                .map(|c| if c == '\\' { '/' } else { c })
                .collect();
            if head == "//" {
                Target::Remote
            } else {
                Target::Relative
            }
        }
    };
    Some((cleaned, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_mail_and_relative_urls_pass() {
        assert_eq!(
            check("https://example.org/a").map(|c| c.1),
            Some(Target::Remote)
        );
        assert_eq!(check("mailto:a@b.c").map(|c| c.1), Some(Target::Mail));
        assert_eq!(check("other.md#part").map(|c| c.1), Some(Target::Relative));
        assert_eq!(check("#top").map(|c| c.1), Some(Target::Relative));
        assert_eq!(check("a/b:c").map(|c| c.1), Some(Target::Relative));
    }

    #[test]
    fn script_schemes_are_refused_however_disguised() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            " \u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
        ] {
            assert_eq!(check(url), None, "{url:?} must be refused");
        }
    }

    #[test]
    fn scheme_relative_urls_are_remote() {
        assert_eq!(
            check("//evil.example/x.png").map(|c| c.1),
            Some(Target::Remote)
        );
        assert_eq!(
            check("\\\\evil.example/x.png").map(|c| c.1),
            Some(Target::Remote)
        );
        assert_eq!(
            check("/\\evil.example/x.png").map(|c| c.1),
            Some(Target::Remote)
        );
    }
}

/// Whether a manifest entry may be fetched at all: entries are paths relative to the manifest,
/// so a scheme (`http:`, `javascript:`) or a leading slash or backslash asks for more than its
/// folder and is refused before any URL is built. The browser's URL parser then checks the
/// rest (origin, `..`), see the boundary's loader.
pub fn entry_allowed(name: &str) -> bool {
    let bytes = name.as_bytes();
    if matches!(bytes.first(), Some(b'/' | b'\\') | None) {
        return false;
    }
    // A scheme: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
    let scheme_len = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
        .unwrap_or(bytes.len());
    let has_scheme = scheme_len > 0
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(scheme_len) == Some(&b':');
    !has_scheme
}

/// A manifest entry as a relative URL: each `/`-separated segment percent-encoded as
/// `encodeURIComponent` does (so `#`, `?` and `%` in a file name are part of the name), except
/// for the characters a path segment may hold as they are (`$&+,;=@`): some static servers
/// decode a path with `decodeURI` (sirv, and so the dev servers built on it), which leaves
/// `%24` and `%2B` as they are, and tldr has pages named `$.md` and `c++.md`. `:` stays
/// encoded: in a first segment it would read as a scheme.
pub fn encode_entry(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, segment) in name.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        for &b in segment.as_bytes() {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()$&+,;=@".contains(&b) {
                out.push(b as char);
            } else {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX.get(usize::from(b >> 4)).map_or('0', |&h| h as char));
                out.push(HEX.get(usize::from(b & 15)).map_or('0', |&h| h as char));
            }
        }
    }
    out
}

/// Whether an encoded entry (see [`encode_entry`]) resolves to itself under a folder URL: no
/// segment is `.` or `..`, which the URL parser would remove (everything else it treats
/// specially is percent-encoded by then).
pub fn plain_path(encoded: &str) -> bool {
    encoded
        .split('/')
        .all(|segment| segment != "." && segment != "..")
}

#[cfg(test)]
mod entry_tests {
    use super::*;

    #[test]
    fn entries_with_a_scheme_or_a_leading_slash_are_refused_before_any_fetch() {
        for refused in [
            "http://127.0.0.2/x.txt",
            "javascript:alert(1)",
            "/etc/passwd",
            "\\\\host\\x",
            "C:x",
            "",
        ] {
            assert!(!entry_allowed(refused), "{refused}");
        }
        for allowed in ["a.txt", "sub/b.md", "../outside.txt", "1:2.txt", "-x:y"] {
            assert!(entry_allowed(allowed), "{allowed}");
        }
    }

    #[test]
    fn entries_are_encoded_segment_by_segment_as_encode_uri_component_does() {
        assert_eq!(encode_entry("a b/c#d?.txt"), "a%20b/c%23d%3F.txt");
        assert_eq!(encode_entry("caf\u{e9} (1)!.md"), "caf%C3%A9%20(1)!.md");
        assert_eq!(encode_entry("100%.txt"), "100%25.txt");
        assert_eq!(encode_entry("$ c++:d@e.md"), "$%20c++%3Ad@e.md");
        assert!(plain_path("a/b.txt") && plain_path("a..b/.x"));
        assert!(!plain_path("../a.txt") && !plain_path("a/./b") && !plain_path("a/.."));
    }
}
