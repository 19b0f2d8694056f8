//! `cargo xtask corpus N DIR [--seed S]`: writes N synthetic plain seeds into DIR, then
//! `DIR/index.json`.
//!
//! For load, size and speed measurements at scale (`cargo xtask bench`), never for judging
//! relevance: the text is sentences of the project's real seeds (`seeds/`, read at run time),
//! drawn at random and salted with made-up words whose frequencies follow a Zipf law, so the
//! vocabulary keeps growing with N as a real corpus's does. Each seed has the plain format's
//! full shape: a summary line, an introduction line, an outline of three `- ` titles, each
//! title again as its section's first line followed by two paragraphs, and a concluding
//! paragraph. About 9 KB a seed.
//!
//! Deterministic: the same real seeds, N and S give the same bytes (the generator is a
//! splitmix64 stream, no platform randomness). Files are named `{i:06}_synthetic.txt`; such
//! files numbered N or above, left by a larger earlier run, are removed so that the manifest
//! lists this corpus. Generated corpora are never committed.

use crate::{manifest, say, user_path, Arg, Args, Result};
use std::fs;
use std::path::Path;

/// The generator's default seed.
pub const DEFAULT_SEED: u64 = 7;
/// Where the sentences come from: the project's real seeds.
const POOL_DIR: &str = "seeds";
/// The file-name suffix of a generated seed.
const SUFFIX: &str = "_synthetic.txt";
/// How many made-up words there are to draw from.
const VOCABULARY: usize = 50_000;
/// The syllables made-up words are built from.
const SYLLABLES: [&str; 14] = [
    "ka", "tro", "mi", "ra", "gy", "ne", "lo", "su", "ven", "dor", "pel", "qui", "zan", "te",
];
/// Zipf exponent of the made-up words' frequencies (as a Pareto shape).
const ZIPF: f64 = 1.1;

pub fn main(args: &[String]) -> Result {
    let mut positionals: Vec<&str> = Vec::new();
    let mut seed = DEFAULT_SEED;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--seed", v) => {
                let v = args.value("--seed", v)?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed wants a whole number, not `{v}`"))?;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("corpus", name)),
            Arg::Positional(p) => positionals.push(p),
        }
    }
    let [n, dir] = positionals[..] else {
        return Err("usage: cargo xtask corpus N DIR [--seed S]".into());
    };
    let n: usize = n
        .parse()
        .map_err(|_| format!("N wants a whole number of seeds, not `{n}`"))?;
    let dir = user_path(dir);
    let started = std::time::Instant::now();
    let bytes = generate(Path::new(POOL_DIR), &dir, n, seed)?;
    say!(
        "corpus: wrote {n} seeds ({:.1} MB) and {} in {:.1} s",
        bytes as f64 / 1e6,
        dir.join(manifest::FILE_NAME).display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes `n` synthetic seeds drawn from the seeds in `pool_dir` into `out`, removes generated
/// seeds numbered `n` or above, and writes the plain manifest. Returns the seeds' total bytes.
pub fn generate(pool_dir: &Path, out: &Path, n: usize, seed: u64) -> Result<u64> {
    let pool = Pool::from_dir(pool_dir)?;
    let mut generator = Generator::new(pool, seed);
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut total = 0u64;
    for i in 0..n {
        let text = generator.seed_text();
        let path = out.join(file_name(i));
        fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        total += text.len() as u64;
    }
    for name in manifest::seed_names(out)? {
        if generated_number(&name).is_some_and(|i| i >= n) {
            let path = out.join(&name);
            fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    manifest::write(out, false)?;
    Ok(total)
}

/// The file name of generated seed `i`.
pub fn file_name(i: usize) -> String {
    format!("{i:06}{SUFFIX}")
}

/// The number of a generated seed's file name (`000042_synthetic.txt` is 42), else `None`.
fn generated_number(name: &str) -> Option<usize> {
    let digits = name.strip_suffix(SUFFIX)?;
    if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
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
        let mut words: Vec<&str> = s.split_whitespace().collect();
        for _ in 0..self.rng.between(0, 3) {
            let rank = (self.rng.pareto(ZIPF) as usize).saturating_sub(1);
            let word = self
                .vocabulary
                .get(rank.min(VOCABULARY - 1))
                .map_or("", String::as_str);
            let at = self.rng.below(words.len());
            words.insert(at, word);
        }
        words.join(" ")
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

            let name = file_name(i);
            let (seed, diagnostics) = seeds_viewer::parse(&name, text.as_bytes());
            assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
            assert_eq!(seed.sections.len(), 3);
            assert!(!seed.summary.is_empty() && !seed.conclusion.is_empty());
        }
        let average = bytes / 20;
        assert!((6_000..13_000).contains(&average), "{average} bytes a seed");
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
        generate(&pool_dir, &dir, 5, 1).unwrap();
        let first = fs::read(dir.join("000003_synthetic.txt")).unwrap();
        generate(&pool_dir, &dir, 4, 1).unwrap();
        assert_eq!(fs::read(dir.join("000003_synthetic.txt")).unwrap(), first);
        assert_eq!(
            manifest::seed_names(&dir).unwrap(),
            (0..4).map(file_name).collect::<Vec<_>>()
        );
        manifest::check(&dir, false).unwrap();
        assert_eq!(generated_number("000123_synthetic.txt"), Some(123));
        assert_eq!(generated_number("12_synthetic.txt"), None);
        assert_eq!(generated_number("abcdef_synthetic.txt"), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
