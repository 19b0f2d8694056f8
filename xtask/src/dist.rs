//! `cargo xtask dist [--seeds DIR] [--no-build]`: what a host site or a reader takes away.
//!
//! - `dist/seeds-viewer.js`, `seeds-viewer-worker.js`, `seeds-viewer.css` and `pkg/` (the
//!   wasm and its bindings): the element, which finds the rest relative to its own URL;
//! - `dist/seeds-viewer.html`: one file holding the viewer, the wasm, the stylesheet and DIR's
//!   seeds, that works opened from disk (`file://`) and offline, under a hash-based CSP;
//! - `dist/seeds-viewer-<version>.tgz`: the npm package (the files above, TypeScript types,
//!   README, licences), made by `npm pack` from `npm/`.

use crate::build::{self, MARKDOWN_OUT_NAME, OUT_DIR, OUT_NAME, STEMMERS_OUT_NAME};
use crate::install::ESBUILD;
use crate::{manifest, pack, run_cmd, say, Arg, Args, Result};
use base64::Engine as _;
use seeds_viewer::{lang, SeedKind};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const DIST: &str = "dist";
/// The element's files, from `www/`, copied as they are.
const WWW_FILES: &[&str] = &[
    "seeds-viewer.js",
    "seeds-viewer-worker.js",
    "seeds-viewer.css",
    LANGUAGE_FILE,
];
/// The viewer's words in its built-in languages besides English: imported only by a viewer
/// whose language is one of them.
const LANGUAGE_FILE: &str = "seeds-viewer-strings.js";
/// The element's files as shipped: each one's path under `dist/` (and in the npm package) and
/// where it comes from. What a page embedding the viewer may download; `dist`, the npm
/// package's file list and `cargo xtask size` (and its budget) all read this one list.
pub fn element_files() -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = WWW_FILES
        .iter()
        .map(|n| (n.to_string(), Path::new("www").join(n)))
        .collect();
    for out in build::MODULES.iter().map(|m| m.out_name) {
        for name in [format!("{out}.js"), format!("{out}_bg.wasm")] {
            files.push((format!("pkg/{name}"), Path::new(OUT_DIR).join(&name)));
        }
    }
    files
}

/// Which pages download a shipped file: the size report, its budget and the bench count by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeededBy {
    /// Every page.
    Every,
    /// A corpus with markdown seeds (the markdown module).
    Markdown,
    /// A corpus in a language with a stemmer other than English (the stemmers module).
    Stemming,
    /// A viewer in a built-in language besides English (its words).
    Language,
}

impl NeededBy {
    pub fn of(name: &str) -> NeededBy {
        if name.contains(MARKDOWN_OUT_NAME) {
            NeededBy::Markdown
        } else if name.contains(STEMMERS_OUT_NAME) {
            NeededBy::Stemming
        } else if name == LANGUAGE_FILE {
            NeededBy::Language
        } else {
            NeededBy::Every
        }
    }

    /// The name the bench's plan gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            NeededBy::Every => "every",
            NeededBy::Markdown => "markdown",
            NeededBy::Stemming => "stemming",
            NeededBy::Language => "language",
        }
    }
}

/// The line of `www/seeds-viewer.js` the single-file build fills in.
const EMBED_MARKER: &str = "const EMBED = null;";
/// The npm package's own files (beside the element's).
const NPM_FILES: &[&str] = &["seeds-viewer.d.ts", "README.md"];
const LICENCES: &[&str] = &["LICENSE", "LICENSE-MIT", "LICENSE-APACHE"];

pub fn main(args: &[String]) -> Result {
    let mut seeds = PathBuf::from("seeds");
    let mut out = PathBuf::from(DIST);
    let mut do_build = true;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--seeds", v) => seeds = crate::user_path(args.value("--seeds", v)?),
            Arg::Flag("--out", v) => out = crate::user_path(args.value("--out", v)?),
            Arg::Flag("--no-build", v) => {
                Args::no_value("--no-build", v)?;
                do_build = false;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("dist", name)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `dist`")),
        }
    }
    if do_build {
        build::build(true)?;
    }
    dist_into(&seeds, &out)
}

/// Writes `dist/` from the built `www/pkg` and the seeds in `seeds`.
pub fn dist(seeds: &Path) -> Result {
    dist_into(seeds, Path::new(DIST))
}

/// Writes the distribution into `dist` (cleared first).
fn dist_into(seeds: &Path, dist: &Path) -> Result {
    if dist.exists() {
        fs::remove_dir_all(dist).map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    let mut written = write_element_files(dist)?;
    written.push(single_file(seeds, &dist.join("seeds-viewer.html"))?);
    written.push(npm_package(dist)?);

    say!("dist: wrote");
    for path in written {
        let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        say!("  {:<40} {:>9} bytes", path.display(), bytes);
    }
    Ok(())
}

/// Writes the element's files into `dir` as they ship (scripts and stylesheet minified).
pub fn write_element_files(dir: &Path) -> Result<Vec<PathBuf>> {
    element_files()
        .into_iter()
        .map(|(name, source)| {
            let to = dir.join(&name);
            match Minify::of(&name) {
                Some(kind) => write(&to, minify(&read_text(&source)?, kind)?.as_bytes()),
                None => copy(&source, &to),
            }
        })
        .collect()
}

/// What esbuild minifies a shipped text as.
#[derive(Clone, Copy)]
enum Minify {
    Script,
    Style,
}

impl Minify {
    fn of(name: &str) -> Option<Minify> {
        if name.ends_with(".js") {
            Some(Minify::Script)
        } else if name.ends_with(".css") {
            Some(Minify::Style)
        } else {
            None
        }
    }
}

/// `text` minified by esbuild (whitespace, comments, local names; modules stay modules): what
/// ships, while `www/` keeps the readable sources that `serve` and the tests use.
fn minify(text: &str, kind: Minify) -> Result<String> {
    let loader = match kind {
        Minify::Script => "--loader=js",
        Minify::Style => "--loader=css",
    };
    let esbuild = fs::canonicalize(ESBUILD)
        .map_err(|e| format!("{ESBUILD} is missing ({e}); run cargo xtask install"))?;
    let mut child = Command::new(esbuild)
        .args(["--minify", "--log-level=error", "--charset=utf8", loader])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run esbuild: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("esbuild has no stdin")?;
    let input = text.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("esbuild failed: {e}"))?;
    let fed = feeder
        .join()
        .map_err(|_| "esbuild's input thread panicked")?;
    if !out.status.success() || fed.is_err() {
        return Err(format!(
            "esbuild could not minify: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("esbuild wrote non-UTF-8: {e}"))
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

fn copy(from: &Path, to: &Path) -> Result<PathBuf> {
    let bytes = fs::read(from).map_err(|e| {
        format!(
            "cannot read {} ({e}); run `cargo xtask build` first",
            from.display()
        )
    })?;
    write(to, &bytes)
}

/// Replaces exactly one occurrence of `from` in `text` (named `what` in errors): the single-file
/// build fails loudly when a source it rewrites has changed shape.
fn replace_once(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "single-file build: expected `{from}` once in {what}, found it {n} times"
        )),
    }
}

/// `'sha256-…'` for a CSP source list.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A JS string literal (JSON's escaping is valid JS).
fn js_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// The wasm-bindgen glue of the module `out_name` as a factory's body: its one export,
/// `export_decl` (`class Viewer`, `function tree`), and its init are returned instead of
/// exported. Fails if the glue exports anything more.
fn glue_factory(out_name: &str, export_decl: &str) -> Result<String> {
    let path = Path::new(OUT_DIR).join(format!("{out_name}.js"));
    let what = path.display().to_string();
    let glue = read_text(&path)?;
    let name = export_decl.split(' ').nth(1).unwrap_or_default();
    let glue = replace_once(
        &glue,
        "export { initSync, __wbg_init as default };",
        &format!("return {{ default: __wbg_init, {name} }};"),
        &what,
    )?;
    let glue = replace_once(&glue, &format!("export {export_decl}"), export_decl, &what)?;
    if glue.contains("\nexport ") {
        return Err(format!(
            "single-file build: {what} exports more than expected"
        ));
    }
    Ok(glue)
}

/// Whether some seed of `dir` is in a language whose stemmer is the stemmers module's (the
/// single file's page is English: only a seed's front matter can name one).
fn needs_stemmers(dir: &Path, names: &[String]) -> Result<bool> {
    for name in names {
        let path = dir.join(name);
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let (seed, _) = seeds_viewer::parse(name, &bytes);
        let language = lang::of_seed(&seed, lang::DEFAULT);
        if matches!(lang::stemming(&language), lang::Stemming::Snowball(_)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// One ES module holding the wasm-bindgen glue, the engine and the element. Each of the first
/// two runs in its own function scope and hands on only what the next imports, so no name of
/// one can clash with another's; the glue is a factory, so each engine (and each restart after
/// a trap) gets its own wasm instance; the element's `EMBED` line receives the engine, the
/// wasm, the stylesheet and the packed seeds.
fn bundle(seeds: &Path, css: &str) -> Result<String> {
    let glue = glue_factory(OUT_NAME, "class Viewer")?;

    // The wasm and the seeds go in gzip-compressed (a third of the bytes, and base64 adds a
    // third), unpacked by the browser's DecompressionStream as the module starts.
    let b64 = |bytes: &[u8]| {
        js_string(&base64::engine::general_purpose::STANDARD.encode(crate::size::gzip(bytes)))
    };
    let names = manifest::seed_names(seeds)?;
    // Each optional module goes in only when the seeds need it, as its own factory.
    let markdown = names.iter().any(|n| SeedKind::of(n) == SeedKind::Markdown);
    let stemming = needs_stemmers(seeds, &names)?;
    let optional = [
        ("markdown", MARKDOWN_OUT_NAME, "function tree", markdown),
        ("stemmers", STEMMERS_OUT_NAME, "function stems", stemming),
    ];
    let mut module_glue = String::new();
    let mut module_wasm = String::new();
    for (name, out_name, export, needed) in optional {
        let (glue, wasm) = if needed {
            let wasm =
                fs::read(Path::new(OUT_DIR).join(format!("{out_name}_bg.wasm"))).map_err(|e| {
                    format!("cannot read the {name} module ({e}); run `cargo xtask build` first")
                })?;
            (glue_factory(out_name, export)?, Some(wasm))
        } else {
            (
                format!("throw new Error('this file holds no {name} module');"),
                None,
            )
        };
        module_glue.push_str(&format!("  {name}: () => {{\n{glue}\n}},\n"));
        module_wasm.push_str(&format!(
            "{name}: {}, ",
            wasm.map_or("null".to_string(), |w| format!("await gunzip({})", b64(&w)))
        ));
    }

    let engine = read_text(Path::new("www/seeds-viewer-worker.js"))?;
    let engine = replace_once(
        &engine,
        "const loadGlue = (n) => import(n === 0 ? GLUE_URL.href : `${GLUE_URL.href}?engine=${n}`);",
        "const loadGlue = async () => glue();",
        "www/seeds-viewer-worker.js",
    )?;
    let engine = replace_once(
        &engine,
        "const loadModuleGlue = (name, n) => import(n === 0 ? MODULE_URLS[name].href : `${MODULE_URLS[name].href}?engine=${n}`);",
        "const loadModuleGlue = async (name) => moduleGlue[name]();",
        "www/seeds-viewer-worker.js",
    )?
    .replace("\nexport function ", "\nfunction ")
    .replace("\nexport class ", "\nclass ");
    if engine.contains("\nexport ") || engine.contains("\nimport ") {
        return Err("single-file build: the engine imports or exports more than expected".into());
    }

    let wasm = fs::read(Path::new(OUT_DIR).join(format!("{OUT_NAME}_bg.wasm")))
        .map_err(|e| format!("cannot read the wasm ({e}); run `cargo xtask build` first"))?;
    let packed = pack::bytes(seeds, &names)?;
    let strings = read_text(&Path::new("www").join(LANGUAGE_FILE))?;
    let strings = replace_once(
        &strings,
        "export function strings",
        "function strings",
        LANGUAGE_FILE,
    )?;
    let embed = format!(
        "const EMBED = {{\n  serve: engine.serve,\n  wasm: await gunzip({}),\n  modules: {{ {}}},\n  css: {},\n  seeds: {{ names: {}, pack: await gunzip({}) }},\n  strings: embeddedStrings,\n}};",
        b64(&wasm),
        module_wasm,
        js_string(css),
        serde_json::to_string(&names).map_err(|e| e.to_string())?,
        b64(&packed),
    );
    let element = read_text(Path::new("www/seeds-viewer.js"))?;
    let element = replace_once(&element, EMBED_MARKER, &embed, "www/seeds-viewer.js")?;
    let element = replace_once(
        &element,
        "import { EngineClient } from './seeds-viewer-worker.js';",
        "const { EngineClient } = engine;",
        "www/seeds-viewer.js",
    )?;

    let script = format!(
        "// seeds-viewer, single-file build: the wasm-bindgen glue, the engine and the element.\n\
         /** Base64 of gzip to the bytes it holds. */\n\
         const gunzip = async (text) => new Uint8Array(await new Response(new Blob([Uint8Array.from(atob(text), (c) => c.charCodeAt(0))]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());\n\
         const glue = () => {{\n{glue}\n}};\n\
         const moduleGlue = {{\n{module_glue}}};\n\
         const engine = (() => {{\n{engine}\nreturn {{ serve, EngineClient }};\n}})();\n\
         const embeddedStrings = (() => {{\n{strings}\nreturn strings;\n}})();\n\
         {element}"
    );
    if script.to_ascii_lowercase().contains("</script") {
        return Err("single-file build: the script contains `</script`".into());
    }
    Ok(script)
}

/// Writes the single-file viewer: `www/index.html` with its stylesheet and script inlined, the
/// seeds embedded instead of a manifest, and a CSP that allows exactly those two inline blocks.
fn single_file(seeds: &Path, out: &Path) -> Result<PathBuf> {
    let page = read_text(Path::new("www/index.html"))?;
    let css = read_text(Path::new("www/seeds-viewer.css"))?;
    if css.to_ascii_lowercase().contains("</style") {
        return Err("single-file build: the stylesheet contains `</style`".into());
    }
    let css = minify(&css, Minify::Style)?;
    let script = minify(&bundle(seeds, &css)?, Minify::Script)?;
    if script.to_ascii_lowercase().contains("</script")
        || css.to_ascii_lowercase().contains("</style")
    {
        return Err(
            "single-file build: the minified script or stylesheet closes its element".into(),
        );
    }
    let icon = fs::read(Path::new("www/favicon.svg"))
        .map_err(|e| format!("cannot read www/favicon.svg: {e}"))?;
    let csp = format!(
        "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; img-src data:; \
         base-uri 'none'; form-action 'none'",
        csp_hash(&script),
        csp_hash(&css)
    );
    let html = replace_once(
        &page,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'">"#,
        &format!(r#"<meta http-equiv="Content-Security-Policy" content="{csp}">"#),
        "www/index.html",
    )?;
    let html = replace_once(
        &html,
        r#"<link rel="icon" href="favicon.svg" type="image/svg+xml">"#,
        &format!(
            r#"<link rel="icon" href="data:image/svg+xml;base64,{}">"#,
            base64::engine::general_purpose::STANDARD.encode(icon)
        ),
        "www/index.html",
    )?;
    let html = replace_once(
        &html,
        r#"<link rel="stylesheet" href="seeds-viewer.css">"#,
        &format!("<style>{css}</style>"),
        "www/index.html",
    )?;
    let html = replace_once(
        &html,
        r#"<script type="module" src="seeds-viewer.js"></script>"#,
        &format!(r#"<script type="module">{script}</script>"#),
        "www/index.html",
    )?;
    let html = replace_once(
        &html,
        r#"<seeds-viewer src="seeds/index.json""#,
        "<seeds-viewer",
        "www/index.html",
    )?;
    write(out, html.as_bytes())
}

/// The crate's version, which the npm package shares.
fn version() -> Result<String> {
    let cargo = read_text(Path::new("Cargo.toml"))?;
    cargo
        .lines()
        .find_map(|line| {
            let value = line
                .strip_prefix("version")?
                .trim_start()
                .strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_string())
        })
        .ok_or_else(|| "Cargo.toml has no version".into())
}

/// Stages `npm/` (its package.json given the crate's version), the element's files and the
/// licences, then runs `npm pack` into `dist`.
fn npm_package(dist: &Path) -> Result<PathBuf> {
    let version = version()?;
    let stage = Path::new("target").join("npm-package");
    if stage.exists() {
        fs::remove_dir_all(&stage).map_err(|e| format!("cannot clear {}: {e}", stage.display()))?;
    }
    let mut package: serde_json::Value =
        serde_json::from_str(&read_text(Path::new("npm/package.json"))?)
            .map_err(|e| format!("npm/package.json: {e}"))?;
    package["version"] = serde_json::Value::String(version.clone());
    let element = element_files().into_iter().map(|(name, _)| name);
    let own = NPM_FILES
        .iter()
        .chain(["CHANGELOG.md"].iter())
        .chain(LICENCES);
    package["files"] = element.chain(own.map(|n| n.to_string())).collect();
    let json = serde_json::to_string_pretty(&package).map_err(|e| e.to_string())?;
    write(&stage.join("package.json"), format!("{json}\n").as_bytes())?;
    for name in NPM_FILES {
        copy(&Path::new("npm").join(name), &stage.join(name))?;
    }
    for name in LICENCES {
        copy(Path::new(name), &stage.join(name))?;
    }
    copy(Path::new("CHANGELOG.md"), &stage.join("CHANGELOG.md"))?;
    for (name, _) in element_files() {
        copy(&dist.join(&name), &stage.join(&name))?;
    }
    let destination = fs::canonicalize(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    run_cmd(
        Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&destination)
            .current_dir(&stage),
    )?;
    let tgz = dist.join(format!("seeds-viewer-{version}.tgz"));
    if !tgz.is_file() {
        return Err(format!("npm pack did not write {}", tgz.display()));
    }
    Ok(tgz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hashes_are_base64_sha256() {
        // The value browsers compute for `alert(1)` (a well-known example).
        assert_eq!(
            csp_hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn replace_once_refuses_missing_and_repeated_patterns() {
        assert_eq!(replace_once("a b", "b", "c", "t").as_deref(), Ok("a c"));
        assert!(replace_once("a b", "x", "c", "t").is_err());
        assert!(replace_once("b b", "b", "c", "t").is_err());
    }
}
