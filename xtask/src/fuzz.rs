//! `cargo xtask fuzz [--seconds N] [--target T]... [--keep-going]`: runs the cargo-fuzz
//! targets of `fuzz/` on the nightly toolchain, N seconds each (default 60), one after the
//! other; `--keep-going` (for long campaigns) records findings and carries on.
//!
//! Each target's working corpus is `fuzz/corpus/<target>/` (not committed), started from the
//! real seeds, the hostile fixtures and the mdBook guide; libFuzzer's `-timeout` turns an input
//! that takes seconds (superlinear parsing) into a finding. Findings land in
//! `fuzz/artifacts/<target>/`; copy each into `tests/regressions/fuzz/` (a test replays them)
//! once fixed. CI never runs this: it needs nightly.

use crate::{cmd_output, run_cmd, say, Arg, Args, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const TARGETS: &[&str] = &["plain", "markdown", "search", "pack"];
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Inputs every target starts from (read-only; libFuzzer adds to the first corpus directory).
const SEED_DIRS: &[&str] = &[
    "seeds",
    "tests/fixtures/hostile",
    "tests/hostile",
    "tests/corpora/mdbook-guide",
    "tests/regressions/fuzz",
];

pub fn main(args: &[String]) -> Result {
    let mut seconds = 60u64;
    let mut keep_going = false;
    let mut targets: Vec<String> = Vec::new();
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--seconds", v) => {
                let value = args.value("--seconds", v)?;
                seconds = value
                    .parse()
                    .map_err(|_| format!("--seconds wants a number, not `{value}`"))?;
            }
            Arg::Flag("--target", v) => {
                let target = args.value("--target", v)?;
                if !TARGETS.contains(&target) {
                    return Err(format!(
                        "unknown fuzz target `{target}` (targets: {})",
                        TARGETS.join(", ")
                    ));
                }
                targets.push(target.to_string());
            }
            Arg::Flag("--keep-going", v) => {
                Args::no_value("--keep-going", v)?;
                keep_going = true;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("fuzz", name)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `fuzz`")),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    let cargo_fuzz = install()?;
    let mut report = Vec::new();
    for target in &targets {
        let corpus = PathBuf::from("fuzz/corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
        say!("fuzz: {target} for {seconds} s");
        let started = Instant::now();
        let mut cmd = Command::new(&cargo_fuzz);
        cmd.args(["fuzz", "run", "--fuzz-dir", "fuzz", target])
            .arg(&corpus)
            .args(SEED_DIRS.iter().filter(|d| Path::new(d).is_dir()))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args(["-timeout=10", "-rss_limit_mb=2048", "-max_len=262144"])
            .arg("-dict=fuzz/markdown.dict")
            .arg("-print_final_stats=1")
            // A campaign: fork a child per run and keep going after a finding (each is saved).
            .args(if keep_going {
                &[
                    "-fork=1",
                    "-ignore_crashes=1",
                    "-ignore_timeouts=1",
                    "-ignore_ooms=1",
                ][..]
            } else {
                &[][..]
            })
            .env("RUSTUP_TOOLCHAIN", "nightly");
        let result = run_cmd(&mut cmd);
        report.push((target.clone(), started.elapsed().as_secs(), result.is_ok()));
        if let Err(e) = result {
            say!("fuzz: {target} found a problem ({e}); see fuzz/artifacts/{target}/");
        }
    }
    say!("fuzz: summary");
    for (target, secs, ok) in &report {
        say!(
            "  {target:<10} {secs:>6} s  {}",
            if *ok { "no finding" } else { "FINDING" }
        );
    }
    if report.iter().all(|(_, _, ok)| *ok) {
        Ok(())
    } else {
        Err("fuzzing found problems".into())
    }
}

/// cargo-fuzz `CARGO_FUZZ_VERSION` under `~/.cache/seeds-viewer/cargo-fuzz` (about 35 s, once).
fn install() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
    let root = PathBuf::from(home).join(".cache/seeds-viewer/cargo-fuzz");
    let bin = root.join("bin/cargo-fuzz");
    let installed = cmd_output(Command::new(&bin).arg("--version"))
        .is_some_and(|v| v.contains(CARGO_FUZZ_VERSION));
    if !installed {
        say!("fuzz: installing cargo-fuzz {CARGO_FUZZ_VERSION}");
        run_cmd(
            crate::cargo()
                .args(["install", "cargo-fuzz", "--locked", "--force", "--version"])
                .arg(CARGO_FUZZ_VERSION)
                .arg("--root")
                .arg(&root),
        )?;
    }
    if cmd_output(Command::new("rustup").args(["run", "nightly", "rustc", "--version"])).is_none() {
        return Err("fuzzing needs the nightly toolchain: rustup toolchain install nightly".into());
    }
    Ok(bin)
}
