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
