//! The only producer of HTML: seeds and result lists become markup here, and nowhere else.
//!
//! Safe by construction: every string from a seed goes through [`escape`]; elements and
//! attributes come from fixed lists in this file, never from the seed; URLs pass
//! [`url::check`]; remote images are not loaded (they become links); ids are ours (`sv-…`).
//! A list item's matches are wrapped in `<mark part="highlight">` while escaping; an article is
//! written without marks, its words' places in its text kept ([`ArticleWords`]), and a query's
//! marks are text ranges ([`marks`]) the element wraps with DOM operations: markup is never
//! re-parsed, and an open article is never rendered again for a new query.
//!
//! Every `<` of seed text is escaped, so the only [`CUT`] in an article is one this module
//! wrote: the element relies on that to mount a long article a slice at a time.
//!
//! # Warnings
//! The output is meant for an HTML *element* context (a template's content). Do not put it
//! inside `<script>`, `<style>` or an attribute.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::facet::{Facet, Filters};
use crate::index::WordId;
use crate::query::{Highlight, Marker};
use crate::seed::{plain_text, Align, Node, Seed, SeedKind, Tag};
use crate::snippet::Snippet;
use crate::text;
use crate::url::{self, Target};

/// HTML that this module built and vouches for. Only `render` can make one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Safe HTML end to end is safe HTML (a page of list items as one string).
impl FromIterator<SafeHtml> for SafeHtml {
    fn from_iter<I: IntoIterator<Item = SafeHtml>>(iter: I) -> SafeHtml {
        SafeHtml(iter.into_iter().map(|h| h.0).collect())
    }
}

/// How deep sections nest inside a top-level section: `sv-sN-M` and `sv-sN-M-K`, so that an
/// article's sections follow its heading tree to three levels.
const SUBSECTION_DEPTH: usize = 2;

/// A heading in a section's body that opens a nested section.
struct Subsection {
    /// Its index in the body.
    at: usize,
    /// 1 for `sv-sN-M`, 2 for `sv-sN-M-K`.
    depth: usize,
    /// What its id adds to its section's: `-M` or `-M-K`.
    suffix: String,
}

/// The nested sections of a section's `body`, in order: each heading opens one inside the
/// nearest open heading of a higher level, down to [`SUBSECTION_DEPTH`]. One walk, shared by
/// the sections and the table of contents, so that both name the same ids.
fn subsections(body: &[Node]) -> Vec<Subsection> {
    let mut out = Vec::new();
    // The headings open: (level as written, suffix).
    let mut open: Vec<(u8, String)> = Vec::new();
    let mut counts = [0usize; SUBSECTION_DEPTH + 1];
    for (at, node) in body.iter().enumerate() {
        let Node::Element(Tag::Heading(level), _) = node else {
            continue;
        };
        while open.last().is_some_and(|o| o.0 >= *level) {
            open.pop();
        }
        if open.len() >= SUBSECTION_DEPTH {
            continue;
        }
        let depth = open.len() + 1;
        // This depth counts one more; the depths below it start again under it.
        let number = counts.get_mut(depth).map_or(0, |c| {
            *c += 1;
            *c
        });
        for deeper in counts.iter_mut().skip(depth + 1) {
            *deeper = 0;
        }
        let suffix = format!("{}-{number}", open.last().map_or("", |o| o.1.as_str()));
        open.push((*level, suffix.clone()));
        out.push(Subsection { at, depth, suffix });
    }
    out
}

/// The id of the innermost open nested section, else the section's own.
fn inner_of<'a>(open: &'a [(usize, String, usize)], id: &'a str) -> &'a str {
    open.last().map_or(id, |o| o.1.as_str())
}

/// Escapes text for an element or a quoted attribute value.
pub fn escape(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // As the HTML parser would: a CR LF is one LF, a lone CR an LF (so the text's
            // length is the DOM's, which highlight ranges count in).
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Escapes `text`, wrapping each word the query matches in a highlight mark.
fn marked(out: &mut String, text: &str, query: &Marker) {
    if query.is_empty() {
        return escape(out, text);
    }
    let mut folded = String::new();
    let mut runs = Runs::new(query.highlight());
    let mut last = usize::MAX;
    for (s, e) in text::words(text) {
        text::fold_into(text.get(s..e).unwrap_or_default(), &mut folded);
        runs.word(s as u32, e as u32, s == last, query.clause(&folded));
        last = e;
    }
    let mut done = 0;
    for (s, e) in runs.finish() {
        let (s, e) = (s as usize, e as usize);
        escape(out, text.get(done..s).unwrap_or_default());
        out.push_str("<mark part=\"highlight\">");
        escape(out, text.get(s..e).unwrap_or_default());
        out.push_str("</mark>");
        done = e;
    }
    escape(out, text.get(done..).unwrap_or_default());
}

/// What gets marked in a text, fed its words in order: a matched word alone, or, joined words
/// (nothing between them: the characters of an unspaced script) serving one clause, as one
/// mark, and only when there are as many as the clause needs (`Highlight::run`): `活动` is
/// marked where it stands, its `动` not inside `启动`.
struct Runs<'h> {
    highlight: &'h Highlight,
    /// The run being read: (start, end, clause, words).
    run: Option<(u32, u32, usize, u32)>,
    out: Vec<(u32, u32)>,
}

impl<'h> Runs<'h> {
    fn new(highlight: &'h Highlight) -> Runs<'h> {
        Runs {
            highlight,
            run: None,
            out: Vec::new(),
        }
    }

    /// The next word: its range, whether it is joined to the one before, its clause if matched.
    fn word(&mut self, start: u32, end: u32, joined: bool, clause: Option<usize>) {
        match (&mut self.run, clause) {
            (Some(run), Some(c)) if joined && run.2 == c => {
                run.1 = end;
                run.3 += 1;
            }
            _ => {
                self.flush();
                self.run = clause.map(|c| (start, end, c, 1));
            }
        }
    }

    fn flush(&mut self) {
        if let Some((start, end, clause, words)) = self.run.take() {
            if words >= self.highlight.run(clause) {
                self.out.push((start, end));
            }
        }
    }

    /// The ranges to mark, in order.
    fn finish(mut self) -> Vec<(u32, u32)> {
        self.flush();
        self.out
    }
}

/// One entry of a result list: the seed's manifest name, its position, its title, its snippet
/// and its best sections (number from 1, title).
pub struct Entry<'a> {
    pub name: &'a str,
    pub position: u32,
    pub title: &'a str,
    pub snippet: Snippet<'a>,
    pub sections: Vec<(u32, String)>,
}

/// The viewer's own words that Rust writes into its HTML, in the viewer's language (the element
/// hands its strings over: `Corpus::set_words`); English until then. Escaped like seed text.
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    /// The table of contents' heading.
    pub contents: String,
    /// The conclusion's heading, and its line in the table of contents.
    pub conclusion: String,
    /// The accessible name of a list item's best sections.
    pub best_sections: String,
    /// Before a remote or refused image's description (`Image: a diagram`).
    pub image: String,
    /// The accessible names of a task list's checkboxes.
    pub task_done: String,
    pub task_to_do: String,
}

impl Default for Words {
    fn default() -> Words {
        Words {
            contents: "Contents".into(),
            conclusion: "Conclusion".into(),
            best_sections: "Best matching sections".into(),
            image: "Image:".into(),
            task_done: "done".into(),
            task_to_do: "to do".into(),
        }
    }
}

/// One list item: title and snippet, highlighted, carrying `data-seed`.
pub fn item(entry: &Entry, query: &Marker, words: &Words) -> SafeHtml {
    let mut out = String::new();
    out.push_str("<li part=\"item\" data-seed=\"");
    escape(&mut out, entry.name);
    let _ = write!(
        out,
        "\"><button type=\"button\" class=\"open\" data-index=\"{}\"><span class=\"item-title\" dir=\"auto\">",
        entry.position
    );
    marked(&mut out, entry.title, query);
    out.push_str("</span><span class=\"item-snippet\" dir=\"auto\">");
    let snip = &entry.snippet;
    if snip.cut_before {
        out.push('…');
    }
    let text = snip.text.split_whitespace().collect::<Vec<_>>().join(" ");
    marked(&mut out, &text, query);
    if snip.cut_after {
        out.push('…');
    }
    out.push_str("</span><span class=\"item-name\">");
    escape(&mut out, entry.name);
    out.push_str("</span></button>");
    if !entry.sections.is_empty() {
        out.push_str("<ul part=\"sections\" class=\"item-sections\" aria-label=\"");
        escape(&mut out, &words.best_sections);
        out.push_str("\">");
        for (n, title) in &entry.sections {
            let _ = write!(
                out,
                "<li><button type=\"button\" class=\"open-section\" data-index=\"{}\" data-section=\"{n}\" dir=\"auto\">",
                entry.position
            );
            marked(&mut out, title.trim(), query);
            out.push_str("</button></li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>");
    SafeHtml(out)
}

/// The facet filters: one group per field, a checkbox per value with its count. Checkboxes
/// carry `data-field` and `data-value` (escaped) for the element to read back.
pub fn facets(facets: &[Facet], filters: &Filters) -> SafeHtml {
    let mut out = String::new();
    for facet in facets {
        out.push_str("<fieldset part=\"facet\" class=\"facet\"><legend>");
        escape(&mut out, &facet.field);
        out.push_str("</legend>");
        for (value, n) in &facet.values {
            out.push_str("<label class=\"facet-value\"><input type=\"checkbox\" data-field=\"");
            escape(&mut out, &facet.field);
            out.push_str("\" data-value=\"");
            escape(&mut out, value);
            out.push('"');
            if filters.is_selected(&facet.field, value) {
                out.push_str(" checked");
            }
            out.push_str("><span dir=\"auto\">");
            escape(&mut out, value);
            let _ = write!(
                out,
                "</span> <span class=\"facet-count\">{n}</span></label>"
            );
        }
        out.push_str("</fieldset>");
    }
    SafeHtml(out)
}

/// The article for one seed: title, summary as lede, introduction, table of contents, sections
/// and conclusion; and its words, for highlighting it without rendering it again ([`marks`]).
/// `id_of` gives a folded word's id in the index.
pub fn article(
    name: &str,
    kind: SeedKind,
    seed: &Seed,
    id_of: &dyn Fn(&str) -> Option<WordId>,
    words: &Words,
) -> (SafeHtml, ArticleWords) {
    let mut r = Renderer {
        out: String::new(),
        id_of,
        words,
        spans: Vec::new(),
        folded: String::new(),
        footnotes: HashMap::new(),
        footnote_ids: HashSet::new(),
        chunk: 0,
        containers: 0,
    };
    r.out
        .push_str("<article part=\"article\" id=\"sv-article\" data-seed=\"");
    escape(&mut r.out, name);
    let _ = write!(
        r.out,
        "\" data-kind=\"{}\" aria-labelledby=\"sv-title\">",
        kind.as_str()
    );
    r.out
        .push_str("<header class=\"head\"><h2 id=\"sv-title\" class=\"title\" dir=\"auto\">");
    r.words(&seed.title);
    r.out.push_str("</h2>");
    if !seed.meta.is_empty() {
        r.out.push_str("<dl class=\"meta\" part=\"meta\">");
        for (key, value) in &seed.meta {
            r.out.push_str("<div><dt>");
            escape(&mut r.out, key);
            r.out.push_str("</dt><dd dir=\"auto\">");
            r.words(value);
            r.out.push_str("</dd></div>");
        }
        r.out.push_str("</dl>");
    }
    if !seed.summary.is_empty() {
        r.out.push_str("<div class=\"lede\" part=\"summary\">");
        r.nodes(&seed.summary);
        r.out.push_str("</div>");
    }
    r.out.push_str("</header>");
    if !seed.introduction.is_empty() {
        r.out
            .push_str("<div class=\"intro\" part=\"introduction\" id=\"sv-intro\">");
        let opened = r.chunk;
        r.blocks(&seed.introduction, "sv-intro");
        r.close_container("</div>", opened, "sv-article");
    }
    // Each section's nested sections, found once for the table of contents and the sections.
    let nested: Vec<Vec<Subsection>> = seed.sections.iter().map(|s| subsections(&s.body)).collect();
    if !seed.sections.is_empty() {
        r.out
            .push_str("<nav part=\"toc\" aria-labelledby=\"sv-toc\"><h3 id=\"sv-toc\">");
        escape(&mut r.out, &words.contents);
        r.out.push_str("</h3><ol>");
        for ((i, section), subs) in seed.sections.iter().enumerate().zip(&nested) {
            let n = i + 1;
            let _ = write!(r.out, "<li dir=\"auto\"><a href=\"#sv-s{n}\">");
            r.inline_title(&section.title);
            r.out.push_str("</a>");
            r.toc_subsections(n, &section.body, subs);
            r.out.push_str("</li>");
        }
        if !seed.conclusion.is_empty() {
            r.out.push_str("<li><a href=\"#sv-conclusion\">");
            escape(&mut r.out, &words.conclusion);
            r.out.push_str("</a></li>");
        }
        r.out.push_str("</ol></nav>");
    }
    for ((i, section), subs) in seed.sections.iter().enumerate().zip(&nested) {
        let n = i + 1;
        r.cut("sv-article");
        let _ = write!(
            r.out,
            "<section part=\"section\" id=\"sv-s{n}\" aria-labelledby=\"sv-s{n}-h\"><h3 id=\"sv-s{n}-h\" dir=\"auto\">"
        );
        r.nodes(&section.title);
        r.out.push_str("</h3>");
        let opened = r.chunk;
        r.section_blocks(&section.body, subs, &format!("sv-s{n}"));
        r.close_container("</section>", opened, "sv-article");
    }
    if !seed.conclusion.is_empty() {
        r.cut("sv-article");
        r.out.push_str(
            "<section part=\"conclusion\" id=\"sv-conclusion\" aria-labelledby=\"sv-conclusion-h\"><h3 id=\"sv-conclusion-h\">",
        );
        escape(&mut r.out, &words.conclusion);
        r.out.push_str("</h3>");
        let opened = r.chunk;
        r.blocks(&seed.conclusion, "sv-conclusion");
        r.close_container("</section>", opened, "sv-article");
    }
    r.out.push_str("</article>");
    let words = ArticleWords::from_spans(&r.out, &r.spans);
    (SafeHtml(r.out), words)
}

/// An article's words in order: where each sits in the article's text (`textContent`, in
/// UTF-16 units, as the DOM counts) and its id. Varints, a few bytes a word: (gap from the end
/// of the word before, shifted left, its low bit set when nothing at all separates the two;
/// length; id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleWords(Box<[u8]>);

impl ArticleWords {
    /// From the byte ranges in `html` of the words written (in order): one pass over the HTML
    /// counts its text as a browser does (tags are not text; an entity is one character).
    fn from_spans(html: &str, spans: &[(usize, usize, WordId)]) -> ArticleWords {
        let mut out = Vec::with_capacity(spans.len() * 4);
        let mut counter = TextCounter::default();
        let mut text = 0u32;
        let mut at = 0; // byte offset in html up to which `text` is counted
        let mut last_end = 0u32;
        let mut last_byte = usize::MAX;
        let mut count_to = |to: usize, text: &mut u32, at: &mut usize| {
            for c in html.get(*at..to).unwrap_or_default().chars() {
                *text += counter.units(c);
            }
            *at = to.max(*at);
        };
        for &(start, end, id) in spans {
            count_to(start, &mut text, &mut at);
            let from = text;
            count_to(end, &mut text, &mut at);
            // The low bit: the word follows the one before with nothing between, not even a
            // tag (the characters of an unspaced script), so their marks can be one.
            let joined = u32::from(start == last_byte);
            last_byte = end;
            crate::index::put_varint(&mut out, from.saturating_sub(last_end) << 1 | joined);
            crate::index::put_varint(&mut out, text.saturating_sub(from));
            crate::index::put_varint(&mut out, id);
            last_end = text;
        }
        ArticleWords(out.into_boxed_slice())
    }
}

/// Counts the text of HTML this module wrote, character by character, as a browser's
/// `textContent` has it: tags (and the `CUT` comments) are no text, an entity is one character.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextCounter {
    in_tag: bool,
    in_entity: bool,
}

impl TextCounter {
    /// The UTF-16 units of text that `c`, the next character of the HTML, adds.
    pub fn units(&mut self, c: char) -> u32 {
        match c {
            '<' if !self.in_tag => self.in_tag = true,
            '>' if self.in_tag => self.in_tag = false,
            _ if self.in_tag => {}
            '&' => {
                self.in_entity = true;
                return 1;
            }
            ';' if self.in_entity => self.in_entity = false,
            _ if self.in_entity => {}
            c => return c.len_utf16() as u32,
        }
        0
    }

    /// Whether the next character would be text (not inside a tag or an entity).
    pub fn in_text(&self) -> bool {
        !self.in_tag && !self.in_entity
    }
}

/// The text ranges of the article's words the query matched: start and end in UTF-16 units of
/// the article's text, in order, two numbers a word.
pub fn marks(words: &ArticleWords, highlight: &Highlight) -> Vec<u32> {
    let mut out = Vec::new();
    if highlight.is_empty() {
        return out;
    }
    let (bytes, mut at, mut end) = (&words.0, 0, 0u32);
    let mut runs = Runs::new(highlight);
    while let (Some(gap), Some(len), Some(id)) = (
        crate::index::get_varint(bytes, &mut at),
        crate::index::get_varint(bytes, &mut at),
        crate::index::get_varint(bytes, &mut at),
    ) {
        let start = end.saturating_add(gap >> 1);
        end = start.saturating_add(len);
        runs.word(start, end, gap == 1, highlight.clause(id));
    }
    out.extend(runs.finish().into_iter().flat_map(|(s, e)| [s, e]));
    out
}

struct Renderer<'q> {
    out: String,
    id_of: &'q dyn Fn(&str) -> Option<WordId>,
    words: &'q Words,
    /// Each word written: its byte range in `out` and its id.
    spans: Vec<(usize, usize, WordId)>,
    folded: String,
    /// Footnote labels to their numbers, in order of first appearance: ids never carry a label.
    footnotes: HashMap<String, usize>,
    /// Footnote ids already written: a label referenced or defined twice gets its id once.
    footnote_ids: HashSet<String>,
    /// Where the slice being written began (see [`CUT`]), and how many containers got an id
    /// to be cut inside.
    chunk: usize,
    containers: usize,
}

/// Where the article's HTML may be cut for mounting a slice at a time: `<!--sv-into:ID-->`,
/// meaning "what follows goes at the end of element ID" (written only by this module: seed
/// text never holds an unescaped `<`). Cuts fall between sections, between the top-level blocks
/// of a section, and between the rows, items or children of a top-level block that has many.
pub const CUT: &str = "<!--sv-into:";
/// A slice is cut after about this many bytes of HTML.
const SLICE_BYTES: usize = 40 * 1024;
/// A top-level block with more children than this may be cut inside.
const CUT_CHILDREN: usize = 64;

impl Renderer<'_> {
    /// ` id="…"` the first time `id` is asked for, else nothing: ids stay unique.
    fn unique_id(&mut self, id: String) -> String {
        if self.footnote_ids.insert(id.clone()) {
            format!(" id=\"{id}\"")
        } else {
            String::new()
        }
    }

    fn footnote(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_owned()).or_insert(next)
    }

    /// Escapes `text`, noting where each of its words lands (what [`marks`] can highlight).
    fn words(&mut self, text: &str) {
        let mut done = 0;
        for (s, e) in text::words(text) {
            text::fold_into(text.get(s..e).unwrap_or_default(), &mut self.folded);
            if let Some(id) = (self.id_of)(&self.folded) {
                escape(&mut self.out, text.get(done..s).unwrap_or_default());
                let start = self.out.len();
                escape(&mut self.out, text.get(s..e).unwrap_or_default());
                self.spans.push((start, self.out.len(), id));
                done = e;
            }
        }
        escape(&mut self.out, text.get(done..).unwrap_or_default());
    }

    /// A section title inside a TOC link: its text only (a link may not hold a link).
    fn inline_title(&mut self, title: &[Node]) {
        let mut plain = String::new();
        plain_text(title, &mut plain);
        self.words(plain.trim());
    }

    /// Ends the slice when it is long enough: what follows goes into element `into`.
    fn cut(&mut self, into: &str) -> bool {
        if self.out.len() - self.chunk < SLICE_BYTES {
            return false;
        }
        self.force_cut(into);
        true
    }

    fn force_cut(&mut self, into: &str) {
        let _ = write!(self.out, "{CUT}{into}-->");
        self.chunk = self.out.len();
    }

    /// The top-level blocks of the introduction or the conclusion, whose element is `parent`.
    fn blocks(&mut self, nodes: &[Node], parent: &str) {
        for node in nodes {
            self.block(node, parent);
        }
    }

    /// A top-level block inside element `parent`: cut before it, and inside it when it has many
    /// children.
    fn block(&mut self, node: &Node, parent: &str) {
        self.cut(parent);
        match node {
            Node::Element(tag, children) if children.len() > CUT_CHILDREN => {
                if self.cut_inside(tag, children) {
                    self.force_cut(parent);
                }
            }
            other => self.node(other),
        }
    }

    /// Closes a container opened when the slice began at `opened`; if it was cut inside, what
    /// follows goes into `parent` again (a slice after it must not land inside it).
    fn close_container(&mut self, close: &str, opened: usize, parent: &str) {
        self.out.push_str(close);
        if self.chunk != opened {
            self.force_cut(parent);
        }
    }

    /// The blocks of section `id` (`sv-sN`), its headings opening the nested sections `subs`
    /// (what [`subsections`] found: `sv-sN-M`, `sv-sN-M-K`, each a `section` part under an
    /// `h4` or `h5`); a heading deeper than those is an `h6` inside the innermost.
    fn section_blocks(&mut self, nodes: &[Node], subs: &[Subsection], id: &str) {
        let mut subs = subs.iter().peekable();
        // The nested sections open: (depth, id, where the slice began when it opened).
        let mut open: Vec<(usize, String, usize)> = Vec::new();
        for (at, node) in nodes.iter().enumerate() {
            match (subs.next_if(|s| s.at == at), node) {
                (Some(sub), Node::Element(_, title)) => {
                    while open.last().is_some_and(|o| o.0 >= sub.depth) {
                        if let Some((_, _, opened)) = open.pop() {
                            self.close_container("</section>", opened, inner_of(&open, id));
                        }
                    }
                    self.cut(inner_of(&open, id));
                    let sub_id = format!("{id}{}", sub.suffix);
                    let h = sub.depth + 3;
                    let _ = write!(
                        self.out,
                        "<section part=\"section\" id=\"{sub_id}\" aria-labelledby=\"{sub_id}-h\"><h{h} id=\"{sub_id}-h\" dir=\"{}\">",
                        direction(title)
                    );
                    self.nodes(title);
                    let _ = write!(self.out, "</h{h}>");
                    open.push((sub.depth, sub_id, self.chunk));
                }
                (_, Node::Element(Tag::Heading(_), title)) if !open.is_empty() => {
                    self.cut(inner_of(&open, id));
                    self.open_block("h6", title);
                    self.wrap("", title, "</h6>");
                }
                (_, node) => self.block(node, inner_of(&open, id)),
            }
        }
        while let Some((_, _, opened)) = open.pop() {
            self.close_container("</section>", opened, inner_of(&open, id));
        }
    }

    /// Section `n`'s nested sections `subs` (of its `body`) in the table of contents: lists in
    /// its entry, as deep as [`subsections`] goes.
    fn toc_subsections(&mut self, n: usize, body: &[Node], subs: &[Subsection]) {
        let mut depth = 0;
        for sub in subs {
            let Some(Node::Element(_, title)) = body.get(sub.at) else {
                continue;
            };
            if sub.depth > depth {
                self.out.push_str("<ol>");
            } else {
                self.out.push_str("</li>");
                for _ in sub.depth..depth {
                    self.out.push_str("</ol></li>");
                }
            }
            depth = sub.depth;
            let _ = write!(
                self.out,
                "<li dir=\"auto\"><a href=\"#sv-s{n}{}\">",
                sub.suffix
            );
            self.inline_title(title);
            self.out.push_str("</a>");
        }
        if depth > 0 {
            self.out.push_str("</li>");
            for _ in 1..depth {
                self.out.push_str("</ol></li>");
            }
            self.out.push_str("</ol>");
        }
    }

    /// A block with many children, given an id so that the slices after a cut inside it go
    /// into it; returns whether it was cut. A table is cut between rows into tables of its
    /// slices (marked `big`: the stylesheet gives them the same fixed columns).
    fn cut_inside(&mut self, tag: &Tag, children: &[Node]) -> bool {
        self.containers += 1;
        let id = format!("sv-c{}", self.containers);
        let (open, close): (String, &str) = match tag {
            Tag::Paragraph => (
                format!("<p dir=\"{}\" id=\"{id}\">", direction(children)),
                "</p>",
            ),
            Tag::BlockQuote => (format!("<blockquote id=\"{id}\">"), "</blockquote>"),
            Tag::List(None) => (format!("<ul id=\"{id}\">"), "</ul>"),
            Tag::List(Some(1)) => (format!("<ol id=\"{id}\">"), "</ol>"),
            Tag::List(Some(start)) => (format!("<ol start=\"{start}\" id=\"{id}\">"), "</ol>"),
            Tag::Table(aligns) => {
                let mut rows = children.iter();
                let _ = write!(self.out, "<div class=\"table big\" id=\"{id}\"><table>");
                if let Some(head @ Node::Element(Tag::TableHead, _)) = children.first() {
                    self.table_part(head, aligns);
                    rows.next();
                }
                self.out.push_str("<tbody>");
                let mut cut = false;
                for row in rows {
                    // Cells cost more layout per byte than prose: half a slice of them.
                    if self.out.len() - self.chunk >= SLICE_BYTES / 2 {
                        // The rows after a cut are a table of their own with the same fixed
                        // columns: a browser lays a table out whole, so one table growing a
                        // slice at a time would cost its whole layout again per slice.
                        self.out.push_str("</tbody></table>");
                        self.force_cut(&id);
                        self.out.push_str("<table class=\"rest\"><tbody>");
                        cut = true;
                    }
                    self.table_part(row, aligns);
                }
                self.out.push_str("</tbody></table></div>");
                return cut;
            }
            _ => {
                self.element(tag, children);
                return false;
            }
        };
        self.out.push_str(&open);
        let mut cut = false;
        for child in children {
            cut |= self.cut(&id);
            self.node(child);
        }
        self.out.push_str(close);
        cut
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    /// Recursion is bounded by the tree depth, which `seed::MAX_DEPTH` caps.
    fn node(&mut self, node: &Node) {
        match node {
            Node::Text(t) => self.words(t),
            Node::Code(t) => {
                self.out.push_str("<code>");
                self.words(t);
                self.out.push_str("</code>");
            }
            Node::SoftBreak => self.out.push('\n'),
            Node::HardBreak => self.out.push_str("<br>"),
            Node::Rule => self.out.push_str("<hr>"),
            Node::Task(done) => {
                self.out.push_str(if *done {
                    "<input type=\"checkbox\" class=\"task\" checked disabled aria-label=\""
                } else {
                    "<input type=\"checkbox\" class=\"task\" disabled aria-label=\""
                });
                let label = if *done {
                    &self.words.task_done
                } else {
                    &self.words.task_to_do
                };
                escape(&mut self.out, label);
                self.out.push_str("\"> ");
            }
            Node::FootnoteRef(label) => {
                let n = self.footnote(label);
                let id = self.unique_id(format!("sv-fnref{n}"));
                let _ = write!(
                    self.out,
                    "<sup class=\"footnote-ref\" dir=\"ltr\"><a href=\"#sv-fn{n}\"{id}>{n}</a></sup>"
                );
            }
            Node::Element(tag, children) => self.element(tag, children),
        }
    }

    /// Opens block `tag` isolated with the direction of its first strong character (the rule
    /// `dir="auto"` applies), computed here: Chromium's own `dir="auto"` costs more than linear
    /// time in the number of children, and a block can hold thousands.
    fn open_block(&mut self, tag: &str, children: &[Node]) {
        let _ = write!(self.out, "<{tag} dir=\"{}\">", direction(children));
    }

    fn wrap(&mut self, open: &str, children: &[Node], close: &str) {
        self.out.push_str(open);
        self.nodes(children);
        self.out.push_str(close);
    }

    fn element(&mut self, tag: &Tag, children: &[Node]) {
        match tag {
            Tag::Paragraph => {
                self.open_block("p", children);
                self.wrap("", children, "</p>");
            }
            Tag::Heading(level) => {
                let h = (level + 1).clamp(4, 6);
                self.open_block(&format!("h{h}"), children);
                self.wrap("", children, &format!("</h{h}>"));
            }
            Tag::BlockQuote => self.wrap("<blockquote>", children, "</blockquote>"),
            Tag::CodeBlock(lang) => {
                self.out.push_str("<pre");
                let lang: Option<String> = lang.as_ref().map(|l| {
                    l.chars()
                        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
                        .take(32)
                        .collect()
                });
                match lang.filter(|l| !l.is_empty()) {
                    Some(lang) => {
                        let _ = write!(self.out, " data-lang=\"{lang}\"><span class=\"lang\" aria-hidden=\"true\">{lang}</span><code>");
                    }
                    None => self.out.push_str("><code>"),
                }
                self.wrap("", children, "</code></pre>");
            }
            Tag::RawHtml => self.wrap("<pre class=\"raw-html\"><code>", children, "</code></pre>"),
            Tag::List(Some(start)) => {
                let open = if *start == 1 {
                    "<ol>".to_owned()
                } else {
                    format!("<ol start=\"{start}\">")
                };
                self.wrap(&open, children, "</ol>");
            }
            Tag::List(None) => self.wrap("<ul>", children, "</ul>"),
            Tag::Item => {
                self.open_block("li", children);
                self.wrap("", children, "</li>");
            }
            Tag::Table(aligns) => {
                self.out.push_str("<div class=\"table\"><table>");
                for child in children {
                    self.table_part(child, aligns);
                }
                self.out.push_str("</table></div>");
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => self.nodes(children),
            Tag::Emphasis => self.wrap("<em>", children, "</em>"),
            Tag::Strong => self.wrap("<strong>", children, "</strong>"),
            Tag::Strikethrough => self.wrap("<del>", children, "</del>"),
            Tag::Link { url, title } => self.link(url, title, children),
            Tag::Image { url, title } => self.image(url, title, children),
            Tag::FootnoteDefinition(label) => {
                let n = self.footnote(label);
                let id = self.unique_id(format!("sv-fn{n}"));
                let _ = write!(
                    self.out,
                    "<div class=\"footnote\"{id}><a class=\"footnote-label\" href=\"#sv-fnref{n}\">{n}</a>"
                );
                self.wrap("", children, "</div>");
            }
            Tag::Span => self.nodes(children),
        }
    }

    /// Tables are written from their own structure so that every cell lands in a row.
    fn table_part(&mut self, node: &Node, aligns: &[Align]) {
        match node {
            Node::Element(Tag::TableHead, cells) => {
                self.out.push_str("<thead><tr>");
                self.cells(cells, aligns, "th");
                self.out.push_str("</tr></thead>");
            }
            Node::Element(Tag::TableRow, cells) => {
                self.out.push_str("<tr>");
                self.cells(cells, aligns, "td");
                self.out.push_str("</tr>");
            }
            other => {
                self.out.push_str("<tr><td>");
                self.node(other);
                self.out.push_str("</td></tr>");
            }
        }
    }

    fn cells(&mut self, cells: &[Node], aligns: &[Align], cell: &str) {
        for (i, node) in cells.iter().enumerate() {
            let class = match aligns.get(i) {
                Some(Align::Left) => " class=\"left\"",
                Some(Align::Center) => " class=\"center\"",
                Some(Align::Right) => " class=\"right\"",
                _ => "",
            };
            let dir = match node {
                Node::Element(_, children) => direction(children),
                other => direction(std::slice::from_ref(other)),
            };
            let _ = write!(self.out, "<{cell}{class} dir=\"{dir}\">");
            match node {
                Node::Element(Tag::TableCell, children) => self.nodes(children),
                other => self.node(other),
            }
            let _ = write!(self.out, "</{cell}>");
        }
    }

    fn link(&mut self, raw: &str, title: &str, children: &[Node]) {
        match url::check(raw) {
            Some((href, target)) => {
                self.out.push_str("<a href=\"");
                escape(&mut self.out, &href);
                self.out.push('"');
                if target == Target::Remote {
                    self.out.push_str(" rel=\"noopener noreferrer nofollow\" target=\"_blank\"");
                }
                if !title.is_empty() {
                    self.out.push_str(" title=\"");
                    escape(&mut self.out, title);
                    self.out.push('"');
                }
                self.wrap(">", children, "</a>");
            }
            None => self.wrap("<span class=\"refused-link\" title=\"link removed: only http, https, mailto and relative links are allowed\">", children, "</span>"),
        }
    }

    /// Same-origin images load; remote ones become links, so a seed cannot make the reader's
    /// browser contact another origin by being opened.
    /// The viewer's word for an image, then the start of the description's isolate (`<bdi>`:
    /// the seed's text cannot reorder the label, and the label's direction is its own, read
    /// by `dir="auto"` from the label alone).
    fn image_label(&mut self) {
        escape(&mut self.out, &self.words.image);
        self.out.push_str(" <bdi>");
    }

    fn image(&mut self, raw: &str, title: &str, children: &[Node]) {
        let mut alt = String::new();
        plain_text(children, &mut alt);
        let alt = alt.trim();
        match url::check(raw) {
            Some((src, Target::Relative)) => {
                self.out.push_str("<img loading=\"lazy\" src=\"");
                escape(&mut self.out, &src);
                self.out.push_str("\" alt=\"");
                escape(&mut self.out, alt);
                if !title.is_empty() {
                    self.out.push_str("\" title=\"");
                    escape(&mut self.out, title);
                }
                self.out.push_str("\">");
            }
            Some((href, Target::Remote)) => {
                self.out.push_str("<a class=\"image-link\" rel=\"noopener noreferrer nofollow\" target=\"_blank\" href=\"");
                escape(&mut self.out, &href);
                self.out.push_str("\" dir=\"auto\">");
                self.image_label();
                self.words(if alt.is_empty() { &href } else { alt });
                self.out.push_str("</bdi></a>");
            }
            _ => {
                self.out
                    .push_str("<span class=\"refused-image\" dir=\"auto\">");
                self.image_label();
                self.words(alt);
                self.out.push_str("</bdi></span>");
            }
        }
    }
}

/// The direction of the first strong character of `nodes`' text (Unicode's rule P2, as
/// `dir="auto"` applies it): `rtl` for Hebrew, Arabic and the other right-to-left scripts,
/// else `ltr`. Stops at the first letter, so it is cheap on any block.
fn direction(nodes: &[Node]) -> &'static str {
    fn first_strong(nodes: &[Node]) -> Option<bool> {
        for node in nodes {
            let found = match node {
                Node::Text(t) | Node::Code(t) => t.chars().find_map(strong),
                Node::Element(_, children) => first_strong(children),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
    match first_strong(nodes) {
        Some(true) => "rtl",
        _ => "ltr",
    }
}

/// `Some(true)` for a strong right-to-left character, `Some(false)` for a strong left-to-right
/// one, `None` for neutral and weak ones (digits, punctuation, spaces, marks).
fn strong(c: char) -> Option<bool> {
    let rtl = matches!(c as u32,
        0x0590..=0x08FF | 0x200F | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF
        | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF);
    if rtl && (c.is_alphabetic() || matches!(c, '\u{200F}' | '\u{061C}')) {
        Some(true)
    } else if c.is_alphabetic() || c == '\u{200E}' {
        Some(false)
    } else {
        None
    }
}
