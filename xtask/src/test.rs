//! `cargo xtask test [--no-install] [--hosts]`: everything CI runs, in order, stopping at the
//! first failure.
//!
//! install -> cargo fmt --check -> clippy -D warnings (native, then the wasm boundary) -> cargo test -> seeds/index.json check
//! -> release build, the `test-trap` build and `dist/` -> browser tests (`node --test tests/browser/*.test.mjs`,
//! which start `$SEEDS_VIEWER_XTASK serve --no-build --port 0 --seeds DIR` themselves, and
//! embed `dist/` in plain HTML and in an mdBook built with `$MDBOOK`). `--hosts` adds the
//! heavier host sites (`tests/hosts/`: MkDocs and Docusaurus, installed on first use).

use crate::{cargo, install, manifest, run_cmd, say, Arg, Args, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BROWSER_TESTS: &str = "tests/browser";
const HOST_TESTS: &str = "tests/hosts";

pub fn main(args: &[String]) -> Result {
    let mut do_install = true;
    let mut hosts = false;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--no-install", v) => {
                Args::no_value("--no-install", v)?;
                do_install = false;
            }
            Arg::Flag("--hosts", v) => {
                Args::no_value("--hosts", v)?;
                hosts = true;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("test", name)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `test`")),
        }
    }

    type Step = (&'static str, Box<dyn Fn() -> Result>);
    let mut steps: Vec<Step> = Vec::new();
    if do_install {
        steps.push(("install", Box::new(install::all)));
    }
    steps.push((
        "cargo fmt",
        Box::new(|| run_cmd(cargo().args(["fmt", "--all", "--check"]))),
    ));
    /// Clippy over `what`, every warning an error.
    fn clippy(what: &[&str]) -> Result {
        run_cmd(
            cargo()
                .arg("clippy")
                .args(what)
                .args(["--", "-D", "warnings"]),
        )
    }
    steps.push((
        "cargo clippy",
        Box::new(|| clippy(&["--workspace", "--all-targets"])),
    ));
    steps.push((
        "clippy (wasm32)",
        // The boundary (src/wasm.rs, src/wasm/) is compiled for wasm32 only: the two modules
        // as they ship (the engine without the markdown parser, and the markdown module).
        Box::new(|| {
            let wasm = install::WASM_TARGET;
            clippy(&[
                "--lib",
                "--target",
                wasm,
                "-p",
                "seeds-viewer",
                "--no-default-features",
                "--features",
                "engine",
            ])?;
            clippy(&["--lib", "--target", wasm, "-p", "seeds-viewer-markdown"])
        }),
    ));
    steps.push((
        "cargo test",
        Box::new(|| run_cmd(cargo().args(["test", "--workspace"]))),
    ));
    steps.push((
        "manifest check",
        // The committed manifest names the pack (`serve` writes that form); the pack itself
        // is not committed.
        Box::new(|| manifest::check(Path::new("seeds"), true)),
    ));
    steps.push(("build", Box::new(|| crate::build::build(true))));
    steps.push(("trap build", Box::new(crate::build::build_trap)));
    steps.push(("dist", Box::new(|| crate::dist::dist(Path::new("seeds")))));
    steps.push(("size budget", Box::new(crate::size::check_budget)));
    // Per file: engines.test.mjs runs its scenarios in three browsers (about 100 s here).
    steps.push(("browser tests", Box::new(|| node_tests(BROWSER_TESTS, 400))));
    if hosts {
        // A first run installs MkDocs and Docusaurus (about 300 MB) inside the test files.
        steps.push(("host tests", Box::new(|| node_tests(HOST_TESTS, 900))));
    }

    let started = Instant::now();
    let mut timings: Vec<(&str, f64)> = Vec::new();
    let mut failure = None;
    for (name, step) in &steps {
        say!("==> {name}");
        let t = Instant::now();
        let result = step();
        timings.push((name, t.elapsed().as_secs_f64()));
        if let Err(e) = result {
            failure = Some(format!("step `{name}` failed: {e}"));
            break;
        }
    }

    say!("==> timings");
    for (name, secs) in &timings {
        say!("  {name:<16} {secs:>7.1} s");
    }
    say!(
        "  {:<16} {:>7.1} s",
        "total",
        started.elapsed().as_secs_f64()
    );
    match failure {
        Some(e) => Err(e),
        None => {
            say!("all checks passed");
            Ok(())
        }
    }
}

/// The test files of `dir`, sorted (passed explicitly: how `node --test` treats a directory
/// argument differs between Node versions).
fn test_files(dir: &str) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {dir}: {e}"))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(".test.mjs"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs files in {dir}"));
    }
    Ok(files)
}

/// Runs `dir`'s test files one at a time, each within `timeout_secs` (Node bounds a whole
/// file, hooks included, by `--test-timeout`): in Chromium, and `engines.test.mjs` in Firefox
/// and WebKit too.
fn node_tests(dir: &str, timeout_secs: u64) -> Result {
    let files = test_files(dir)?;
    // Installed by the install step; with --no-install, a missing one fails its test loudly.
    let mdbook = install::mdbook_bin()?;
    let xtask =
        std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let root = std::env::current_dir().map_err(|e| format!("cannot read current dir: {e}"))?;
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| install::CHROMIUM.into());
    run_cmd(
        Command::new("node")
            .args([
                "--test",
                "--test-concurrency=1",
                &format!("--test-timeout={}", timeout_secs * 1000),
                "--test-reporter=spec",
            ])
            .args(&files)
            .env("SEEDS_VIEWER_XTASK", xtask)
            .env("SEEDS_VIEWER_ROOT", root)
            .env("CHROMIUM", chromium)
            .env("MDBOOK", mdbook),
    )
}
