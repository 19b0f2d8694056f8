//! `cargo xtask corpus N DIR [--seed S] [--markdown]`: writes N synthetic seeds into DIR, then
//! `DIR/index.json`.
//!
//! For load, size and speed measurements at scale (`cargo xtask bench`), never for judging
//! relevance: the text is sentences of the project's real seeds (`seeds/`, read at run time),
//! drawn at random and salted with made-up words whose frequencies follow a Zipf law, so the
//! vocabulary keeps growing with N as a real corpus's does.
//!
//! Plain seeds (the default) have the plain format's full shape: a summary line, an
//! introduction line, an outline of three `- ` titles, each title again as its section's first
//! line followed by two paragraphs, and a concluding paragraph. About 9 KB a seed.
//!
//! Markdown seeds (`--markdown`) read like documentation pages: front matter in about three
//! seeds of five (`tags`, `date`, often a `description`, sometimes a `title`), a level-1
//! title, an introduction, three to six `##` sections, some with `###` subsections, made of
//! paragraphs with inline emphasis, strong emphasis, code and links, bullet and numbered
//! lists, fenced code blocks, and now and then a table or a blockquote. About 10 KB a seed.
//!
//! Deterministic: the same real seeds, N, S and format give the same bytes (the generator is a
//! splitmix64 stream, no platform randomness). Files are named `{i:06}_synthetic.txt` (plain)
//! or `{i:06}_synthetic.md` (markdown); such files numbered N or above, left by a larger
//! earlier run, and generated files of the other format are removed, so that the manifest
//! lists this corpus. Generated corpora are never committed.

use crate::{manifest, say, user_path, Arg, Args, Result};
use std::fs;
use std::path::Path;

/// The generator's default seed.
pub const DEFAULT_SEED: u64 = 7;
/// Where the sentences come from: the project's real seeds.
const POOL_DIR: &str = "seeds";
/// What a generated seed's file name ends with, before its extension.
const SUFFIX: &str = "_synthetic";
/// How many made-up words there are to draw from.
const VOCABULARY: usize = 50_000;
/// The syllables made-up words are built from.
const SYLLABLES: [&str; 14] = [
    "ka", "tro", "mi", "ra", "gy", "ne", "lo", "su", "ven", "dor", "pel", "qui", "zan", "te",
];
/// Zipf exponent of the made-up words' frequencies (as a Pareto shape).
const ZIPF: f64 = 1.1;

/// The two kinds of seed the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain seeds, `.txt`.
    Plain,
    /// Markdown documentation pages, `.md`.
    Markdown,
}

impl Format {
    /// The file extension, with its dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Plain => ".txt",
            Format::Markdown => ".md",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Markdown => "markdown",
        }
    }
}

pub fn main(args: &[String]) -> Result {
    let mut positionals: Vec<&str> = Vec::new();
    let mut seed = DEFAULT_SEED;
    let mut format = Format::Plain;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--seed", v) => {
                let v = args.value("--seed", v)?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed wants a whole number, not `{v}`"))?;
            }
            Arg::Flag("--markdown", v) => {
                Args::no_value("--markdown", v)?;
                format = Format::Markdown;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("corpus", name)),
            Arg::Positional(p) => positionals.push(p),
        }
    }
    let [n, dir] = positionals[..] else {
        return Err("usage: cargo xtask corpus N DIR [--seed S] [--markdown]".into());
    };
    let n: usize = n
        .parse()
        .map_err(|_| format!("N wants a whole number of seeds, not `{n}`"))?;
    let dir = user_path(dir);
    let started = std::time::Instant::now();
    let bytes = generate(Path::new(POOL_DIR), &dir, n, seed, format)?;
    say!(
        "corpus: wrote {n} {} seeds ({:.1} MB) and {} in {:.1} s",
        format.name(),
        bytes as f64 / 1e6,
        dir.join(manifest::FILE_NAME).display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes `n` synthetic seeds of `format` drawn from the seeds in `pool_dir` into `out`, removes
/// generated seeds numbered `n` or above and those of the other format, and writes the plain
/// manifest. Returns the seeds' total bytes.
pub fn generate(pool_dir: &Path, out: &Path, n: usize, seed: u64, format: Format) -> Result<u64> {
    let pool = Pool::from_dir(pool_dir)?;
    let mut generator = Generator::new(pool, seed);
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut total = 0u64;
    for i in 0..n {
        let text = match format {
            Format::Plain => generator.seed_text(),
            Format::Markdown => generator.markdown_text(),
        };
        let path = out.join(file_name(i, format));
        fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        total += text.len() as u64;
    }
    for name in manifest::seed_names(out)? {
        if generated_number(&name).is_some_and(|(i, f)| i >= n || f != format) {
            let path = out.join(&name);
            fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    manifest::write(out, false)?;
    Ok(total)
}

/// The file name of generated seed `i` of `format`.
pub fn file_name(i: usize, format: Format) -> String {
    format!("{i:06}{SUFFIX}{}", format.extension())
}

/// The number and format of a generated seed's file name (`000042_synthetic.txt` is 42, plain),
/// else `None`.
fn generated_number(name: &str) -> Option<(usize, Format)> {
    let (stem, format) = [Format::Plain, Format::Markdown]
        .into_iter()
        .find_map(|f| Some((name.strip_suffix(f.extension())?, f)))?;
    let digits = stem.strip_suffix(SUFFIX)?;
    if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, format))
}

/// What seeds are made of: sentences and section titles of real seeds.
pub struct Pool {
    sentences: Vec<String>,
    titles: Vec<String>,
}

impl Pool {
    /// Reads every seed in `dir` (sorted by name, so the pool's order is fixed).
    pub fn from_dir(dir: &Path) -> Result<Pool> {
        let mut texts = Vec::new();
        for name in manifest::seed_names(dir)? {
            let path = dir.join(&name);
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {} as UTF-8: {e}", path.display()))?;
            texts.push(text);
        }
        Pool::from_texts(&texts).map_err(|e| format!("{e} in {}", dir.display()))
    }

    /// Outline lines (`- title`) give titles; every other line gives its sentences of at
    /// least five words.
    pub fn from_texts<S: AsRef<str>>(texts: &[S]) -> Result<Pool> {
        let mut pool = Pool {
            sentences: Vec::new(),
            titles: Vec::new(),
        };
        for text in texts {
            for line in text.as_ref().lines() {
                match line.strip_prefix("- ") {
                    Some(title) if !title.trim().is_empty() => {
                        pool.titles.push(title.trim().to_string());
                    }
                    Some(_) => {}
                    None => pool.sentences.extend(sentences(line)),
                }
            }
        }
        if pool.titles.len() < 3 || pool.sentences.is_empty() {
            return Err(format!(
                "need at least 3 outline titles and one sentence of five words or more, found {} \
                 and {}",
                pool.titles.len(),
                pool.sentences.len()
            ));
        }
        Ok(pool)
    }
}

/// The sentences of `line` with more than four words: split after `.`, `!` or `?` followed by
/// whitespace. Sentences starting with `-` are left out.
fn sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut keep = |s: &str| {
        let s = s.trim();
        // A paragraph line starting with "- " would read as an outline line.
        if s.split_whitespace().count() > 4 && !s.starts_with('-') {
            out.push(s.to_string());
        }
    };
    let mut start = 0;
    let mut previous = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() && matches!(previous, Some('.' | '!' | '?')) {
            keep(&line[start..i]);
            start = i;
        }
        previous = Some(c);
    }
    keep(&line[start..]);
    out
}

/// A deterministic pseudo-random stream: splitmix64 (Steele, Lea and Flood), small and good
/// enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// A uniform number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Pareto-distributed number `>= 1` with shape `alpha` (heavy-tailed).
    pub fn pareto(&mut self, alpha: f64) -> f64 {
        (1.0 - self.unit()).powf(-1.0 / alpha)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Writes synthetic seeds one after the other.
pub struct Generator {
    pool: Pool,
    vocabulary: Vec<String>,
    rng: Rng,
}

impl Generator {
    pub fn new(pool: Pool, seed: u64) -> Generator {
        let mut rng = Rng::new(seed);
        let vocabulary = (0..VOCABULARY)
            .map(|_| {
                (0..rng.between(2, 4))
                    .filter_map(|_| rng.pick(&SYLLABLES).copied())
                    .collect()
            })
            .collect();
        Generator {
            pool,
            vocabulary,
            rng,
        }
    }

    /// The next seed's text: summary, introduction, outline, three sections, conclusion.
    pub fn seed_text(&mut self) -> String {
        let mut titles = Vec::with_capacity(3);
        let mut chosen: Vec<usize> = Vec::with_capacity(3);
        while chosen.len() < 3 {
            let i = self.rng.below(self.pool.titles.len());
            // `Pool` guarantees three titles; distinct by position (two equal titles in the
            // pool may both be drawn, as in any real outline).
            if !chosen.contains(&i) {
                chosen.push(i);
                let title = self.pool.titles.get(i).cloned().unwrap_or_default();
                titles.push(self.salt(&title));
            }
        }
        let mut lines = vec![self.paragraph(6), self.paragraph(4)];
        lines.extend(titles.iter().map(|t| format!("- {t}")));
        for title in &titles {
            lines.push(title.clone());
            lines.push(self.paragraph(5));
            lines.push(self.paragraph(5));
        }
        lines.push(self.paragraph(5));
        let mut text = lines.join("\n");
        text.push('\n');
        text
    }

    /// `k` random sentences, each salted.
    fn paragraph(&mut self, k: usize) -> String {
        let mut sentences = Vec::with_capacity(k);
        for _ in 0..k {
            let sentence = self.rng.pick(&self.pool.sentences).cloned();
            sentences.push(self.salt(&sentence.unwrap_or_default()));
        }
        sentences.join(" ")
    }

    /// `s` with zero to three made-up words inserted before random words.
    fn salt(&mut self, s: &str) -> String {
        let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        for _ in 0..self.rng.between(0, 3) {
            let word = self.word();
            let at = self.rng.below(words.len());
            words.insert(at, word);
        }
        words.join(" ")
    }

    /// One made-up word, drawn by its Zipf rank.
    fn word(&mut self) -> String {
        let rank = (self.rng.pareto(ZIPF) as usize).saturating_sub(1);
        self.vocabulary
            .get(rank.min(VOCABULARY - 1))
            .cloned()
            .unwrap_or_default()
    }

    /// One made-up word, every word as likely (names in code and tables).
    fn identifier(&mut self) -> String {
        self.rng.pick(&self.vocabulary).cloned().unwrap_or_default()
    }

    /// One real title, salted.
    fn title(&mut self) -> String {
        let title = self
            .rng
            .pick(&self.pool.titles)
            .cloned()
            .unwrap_or_default();
        self.salt(&title)
    }

    /// One real sentence, salted.
    fn sentence(&mut self) -> String {
        let sentence = self
            .rng
            .pick(&self.pool.sentences)
            .cloned()
            .unwrap_or_default();
        self.salt(&sentence)
    }

    /// The next markdown seed: a documentation page (see the module doc).
    pub fn markdown_text(&mut self) -> String {
        let title = self.title();
        let mut out = String::with_capacity(12_000);
        if self.rng.below(5) < 3 {
            out.push_str("---\n");
            if self.rng.below(3) == 0 {
                out.push_str(&format!("title: {title}\n"));
            }
            let mut tags: Vec<String> = Vec::new();
            for _ in 0..self.rng.between(1, 4) {
                let tag = self.word();
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
            let (y, m, d) = (
                self.rng.between(2018, 2026),
                self.rng.between(1, 12),
                self.rng.between(1, 28),
            );
            out.push_str(&format!("date: {y}-{m:02}-{d:02}\n"));
            if self.rng.below(2) == 0 {
                let description = self.sentence();
                out.push_str(&format!("description: {description}\n"));
            }
            out.push_str("---\n\n");
        }
        out.push_str(&format!("# {title}\n\n"));
        for _ in 0..self.rng.between(1, 2) {
            let k = self.rng.between(2, 4);
            self.rich_paragraph(&mut out, k);
        }
        for _ in 0..self.rng.between(3, 6) {
            let heading = self.title();
            out.push_str(&format!("## {heading}\n\n"));
            let k = self.rng.between(3, 5);
            self.rich_paragraph(&mut out, k);
            for _ in 0..self.rng.between(1, 3) {
                self.block(&mut out);
            }
            if self.rng.below(10) < 3 {
                for _ in 0..self.rng.between(1, 2) {
                    let heading = self.title();
                    out.push_str(&format!("### {heading}\n\n"));
                    let k = self.rng.between(2, 4);
                    self.rich_paragraph(&mut out, k);
                    if self.rng.below(2) == 0 {
                        self.block(&mut out);
                    }
                }
            }
        }
        let end = out.trim_end().len();
        out.truncate(end);
        out.push('\n');
        out
    }

    /// One block after a section's first paragraph: mostly paragraphs, then lists, code, now and
    /// then a table or a blockquote. Each ends with a blank line.
    fn block(&mut self, out: &mut String) {
        match self.rng.below(20) {
            0..=8 => {
                let k = self.rng.between(2, 5);
                self.rich_paragraph(out, k);
            }
            9..=11 => {
                for _ in 0..self.rng.between(3, 6) {
                    let item = self.item();
                    out.push_str(&format!("- {item}\n"));
                }
                out.push('\n');
            }
            12..=13 => {
                for i in 1..=self.rng.between(3, 5) {
                    let item = self.item();
                    out.push_str(&format!("{i}. {item}\n"));
                }
                out.push('\n');
            }
            14..=16 => self.code_block(out),
            17..=18 => self.table(out),
            _ => {
                let k = self.rng.between(1, 2);
                let mut quote = String::new();
                if self.rng.below(2) == 0 {
                    quote.push_str("**Note:** ");
                }
                quote.push_str(&self.rich_sentences(k));
                out.push_str(&format!("> {quote}\n\n"));
            }
        }
    }

    /// `k` sentences with inline markup, as one paragraph and a blank line.
    fn rich_paragraph(&mut self, out: &mut String, k: usize) {
        let text = self.rich_sentences(k);
        out.push_str(&text);
        out.push_str("\n\n");
    }

    /// `k` salted sentences, some with a word in emphasis, strong emphasis or code, or a few
    /// words made a link.
    fn rich_sentences(&mut self, k: usize) -> String {
        let mut sentences = Vec::with_capacity(k);
        for _ in 0..k {
            let sentence = self.sentence();
            sentences.push(self.markup(&sentence));
        }
        sentences.join(" ")
    }

    /// `s` with, one time in three, a word wrapped in inline markup and, one time in six, one to
    /// three words made a link (absolute, to another page, or to an anchor).
    fn markup(&mut self, s: &str) -> String {
        let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        // Only plain words: no markdown punctuation of their own to interact with.
        let plain = |w: &str| !w.is_empty() && w.chars().all(char::is_alphanumeric);
        if self.rng.below(3) == 0 {
            let at = self.rng.below(words.len());
            if let Some(w) = words.get_mut(at).filter(|w| plain(w)) {
                *w = match self.rng.below(4) {
                    0 => format!("*{w}*"),
                    1 => format!("**{w}**"),
                    2 => format!("`{w}`"),
                    _ => format!("_{w}_"),
                };
            }
        }
        if self.rng.below(6) == 0 && words.len() > 3 {
            let len = self.rng.between(1, 3);
            let at = self.rng.below(words.len() - len);
            let span = &words[at..at + len];
            if span.iter().all(|w| plain(w)) {
                let slug = span.join("-").to_lowercase();
                let url = match self.rng.below(3) {
                    0 => format!("https://docs.example.org/{slug}/"),
                    1 => format!("{slug}.md"),
                    _ => format!("#{slug}"),
                };
                let text = span.join(" ");
                words.splice(at..at + len, [format!("[{text}]({url})")]);
            }
        }
        words.join(" ")
    }

    /// A list item: the start of a sentence (three to nine words) or, one time in three, a
    /// whole one.
    fn item(&mut self) -> String {
        let sentence = self.sentence();
        if self.rng.below(3) == 0 {
            return self.markup(&sentence);
        }
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let k = self.rng.between(3, 9).min(words.len());
        let phrase = words[..k].join(" ");
        let phrase = phrase.trim_end_matches([',', ';', ':', '.']).to_string();
        self.markup(&phrase)
    }

    /// A fenced code block of three to ten lines in one of a few languages.
    fn code_block(&mut self, out: &mut String) {
        let languages = ["sh", "rust", "toml", "json", "js"];
        let language = self.rng.pick(&languages).copied().unwrap_or("sh");
        out.push_str(&format!("```{language}\n"));
        let lines = self.rng.between(3, 10);
        if language == "json" {
            out.push_str("{\n");
        }
        for i in 0..lines {
            let (a, b, n) = (self.identifier(), self.identifier(), self.rng.below(1000));
            let line = match (language, self.rng.below(2)) {
                ("sh", 0) => format!("cargo xtask {a} --{b} {n}"),
                ("sh", _) => format!("{a} --{b}={n} ./{a}/"),
                ("rust", 0) => format!("let {a} = {b}::new({n});"),
                ("rust", _) => format!("fn {a}({b}: u32) -> u32 {{ {b} * {n} }}"),
                ("toml", 0) => format!("{a} = \"{b}\""),
                ("toml", _) => format!("{a}_{b} = {n}"),
                ("json", _) => {
                    let comma = if i + 1 < lines { "," } else { "" };
                    format!("  \"{a}_{i}\": \"{b}\"{comma}")
                }
                (_, 0) => format!("const {a} = await {b}({n});"),
                (_, _) => format!("{a}.{b}({{ limit: {n} }});"),
            };
            out.push_str(&line);
            out.push('\n');
        }
        if language == "json" {
            out.push_str("}\n");
        }
        out.push_str("```\n\n");
    }

    /// A table of three or four columns and three to six rows.
    fn table(&mut self, out: &mut String) {
        let columns = self.rng.between(3, 4);
        let header = ["Name", "Default", "Since", "Description"];
        let cells: Vec<&str> = header[..columns - 1]
            .iter()
            .chain(header.last())
            .copied()
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(columns)));
        for _ in 0..self.rng.between(3, 6) {
            let mut row = vec![
                format!("`{}`", self.identifier()),
                self.rng.below(100).to_string(),
            ];
            if columns == 4 {
                row.push(format!("0.{}", self.rng.below(20)));
            }
            let words = self.sentence().replace('|', "/");
            let words: Vec<&str> = words.split_whitespace().collect();
            let k = self.rng.between(4, 10).min(words.len());
            row.push(words[..k].join(" "));
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> Pool {
        Pool::from_dir(&crate::project_root().join(POOL_DIR)).unwrap()
    }

    #[test]
    fn same_seed_same_text_other_seed_other_text() {
        let texts = |seed| {
            let mut g = Generator::new(pool(), seed);
            (0..3).map(|_| g.seed_text()).collect::<Vec<_>>()
        };
        let a = texts(7);
        assert_eq!(a, texts(7));
        assert_ne!(a, texts(8));
        assert_ne!(a[0], a[1]);
        let mut rng = Rng::new(0);
        // splitmix64's published first output for seed 0.
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn seeds_have_the_plain_format_and_parse_cleanly() {
        let mut g = Generator::new(pool(), DEFAULT_SEED);
        let mut bytes = 0;
        for i in 0..20 {
            let text = g.seed_text();
            bytes += text.len();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2 + 3 + 3 * 3 + 1, "{text}");
            assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
            let outline: Vec<&str> = lines[2..5]
                .iter()
                .map(|l| l.strip_prefix("- ").expect("an outline line"))
                .collect();
            for (k, title) in outline.iter().enumerate() {
                assert_eq!(lines[5 + 3 * k], *title);
            }
            for l in lines.iter().filter(|l| !l.starts_with("- ")) {
                assert!(!l.trim().is_empty());
            }

            let name = file_name(i, Format::Plain);
            let (seed, diagnostics) = seeds_viewer::parse(&name, text.as_bytes());
            assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
            assert_eq!(seed.sections.len(), 3);
            assert!(!seed.summary.is_empty() && !seed.conclusion.is_empty());
        }
        let average = bytes / 20;
        assert!((6_000..13_000).contains(&average), "{average} bytes a seed");
    }

    #[test]
    fn markdown_seeds_are_documentation_pages_and_parse_cleanly() {
        let mut g = Generator::new(pool(), DEFAULT_SEED);
        let mut bytes = 0;
        let mut seen = [0usize; 8];
        for i in 0..40 {
            let text = g.markdown_text();
            bytes += text.len();
            assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
            let body = match text.strip_prefix("---\n") {
                Some(rest) => {
                    seen[0] += 1;
                    let (front, body) = rest.split_once("\n---\n\n").expect("closed front matter");
                    assert!(
                        front.contains("tags: [") && front.contains("date: "),
                        "{front}"
                    );
                    body
                }
                None => text.as_str(),
            };
            assert!(body.starts_with("# "), "{body}");
            let count = |prefix: &str| body.lines().filter(|l| l.starts_with(prefix)).count();
            assert!((3..=6).contains(&count("## ")), "{body}");
            seen[1] += count("### ");
            seen[2] += count("- ");
            seen[3] += count("1. ");
            seen[4] += count("```") / 2;
            seen[5] += count("|---|");
            seen[6] += count("> ");
            seen[7] += ["**", "`", "]("]
                .iter()
                .filter(|m| body.contains(*m))
                .count();

            let name = file_name(i, Format::Markdown);
            let (seed, diagnostics) = seeds_viewer::parse(&name, text.as_bytes());
            assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
            assert!(!seed.title.is_empty() && !seed.title.contains("synthetic"));
            assert!(!seed.sections.is_empty());
        }
        // Every kind of block shows up in 40 pages, and front matter in some but not all.
        assert!((5..35).contains(&seen[0]), "{seen:?}");
        assert!(seen[1..].iter().all(|&k| k > 0), "{seen:?}");
        let average = bytes / 40;
        assert!((7_000..14_000).contains(&average), "{average} bytes a seed");
        // Deterministic, and not the plain stream.
        let again = Generator::new(pool(), DEFAULT_SEED).markdown_text();
        assert_eq!(again, Generator::new(pool(), DEFAULT_SEED).markdown_text());
    }

    #[test]
    fn splits_sentences_and_keeps_long_ones() {
        assert_eq!(
            sentences(
                "One two three four five. Six seven. Eight nine ten eleven twelve!  Dr.X a b c d e"
            ),
            [
                "One two three four five.",
                "Eight nine ten eleven twelve!",
                "Dr.X a b c d e"
            ]
        );
        assert!(Pool::from_texts(&["- a\n- b\nno titles enough here at all"]).is_err());
    }

    #[test]
    fn writes_files_and_manifest_and_trims_a_larger_run() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let pool_dir = crate::project_root().join(POOL_DIR);
        generate(&pool_dir, &dir, 5, 1, Format::Plain).unwrap();
        let first = fs::read(dir.join("000003_synthetic.txt")).unwrap();
        generate(&pool_dir, &dir, 4, 1, Format::Plain).unwrap();
        assert_eq!(fs::read(dir.join("000003_synthetic.txt")).unwrap(), first);
        assert_eq!(
            manifest::seed_names(&dir).unwrap(),
            (0..4)
                .map(|i| file_name(i, Format::Plain))
                .collect::<Vec<_>>()
        );
        manifest::check(&dir, false).unwrap();
        // The other format replaces the plain seeds instead of joining them.
        generate(&pool_dir, &dir, 3, 1, Format::Markdown).unwrap();
        assert_eq!(
            manifest::seed_names(&dir).unwrap(),
            (0..3)
                .map(|i| file_name(i, Format::Markdown))
                .collect::<Vec<_>>()
        );
        manifest::check(&dir, false).unwrap();
        assert_eq!(
            generated_number("000123_synthetic.txt"),
            Some((123, Format::Plain))
        );
        assert_eq!(
            generated_number("000123_synthetic.md"),
            Some((123, Format::Markdown))
        );
        assert_eq!(generated_number("12_synthetic.txt"), None);
        assert_eq!(generated_number("abcdef_synthetic.txt"), None);
        assert_eq!(generated_number("000123_synthetic.html"), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
