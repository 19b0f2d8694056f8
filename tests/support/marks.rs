//! The article with its highlights in place, as the element shows it: the marks Rust returns
//! (UTF-16 ranges of the article's text) wrapped around the text they cover, as the element
//! does with DOM ranges. Tests read highlights in the HTML this makes, so a range that landed
//! beside its word shows as a mark around the wrong text.

use seeds_viewer::corpus::Corpus;
use seeds_viewer::query::Highlight;
use seeds_viewer::render::TextCounter;

/// The article at `position` with `<mark part="highlight">` around each range of its marks.
pub fn marked_article(corpus: &Corpus, position: usize, highlight: &Highlight) -> String {
    let Some(html) = corpus.article_html(position) else {
        return String::new();
    };
    let marks = corpus.article_marks(position, highlight);
    let html = html.into_string();
    let mut edges: Vec<(u32, bool)> = marks
        .chunks(2)
        .flat_map(|r| [(r[0], true), (r[1], false)])
        .collect();
    edges.reverse();
    let mut out = String::new();
    let mut counter = TextCounter::default();
    let mut text = 0u32;
    for c in html.chars() {
        // Edges at this text offset go before the next text character.
        if counter.in_text() && c != '<' {
            while let Some(&(at, open)) = edges.last() {
                if at != text {
                    break;
                }
                out.push_str(if open {
                    "<mark part=\"highlight\">"
                } else {
                    "</mark>"
                });
                edges.pop();
            }
        }
        out.push(c);
        text += counter.units(c);
    }
    while let Some((_, open)) = edges.pop() {
        out.push_str(if open {
            "<mark part=\"highlight\">"
        } else {
            "</mark>"
        });
    }
    out
}
