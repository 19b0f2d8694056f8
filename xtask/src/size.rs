//! `cargo xtask size [--no-build] [--record]`: where the shipped bytes go.
//!
//! Builds the release wasm and `dist/` (unless `--no-build`), then prints the gzip -9 size of
//! each element file a page downloads ([`dist::element_files`]) and their total, the
//! single-file build's size, the size targets (each MET or MISSED), and what twiggy reads in
//! the same module built with its names kept: bytes per crate and the largest functions.
//! `--record` writes the sizes reached to [`BUDGET`]; `cargo xtask test` fails when the shipped
//! total grows past it ([`check_budget`]), so it may only go down, or up with a reason given in
//! the commit that records it.

use crate::build::{self, WASM_OPT_FEATURES};
use crate::dist::{self, NeededBy, DIST};
use crate::install::{self, WASM_OPT};
use crate::{run_cmd, say, Arg, Args, Result};
use flate2::{write::GzEncoder, Compression};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The committed record of the shipped sizes (gzip -9 bytes per element file, and the total).
pub const BUDGET: &str = "size-budget.json";
/// What the budget check lets pass over the recorded sizes: the same sources built by another
/// release of the toolchain differ by a few bytes (its library paths are in panic locations).
const BUDGET_SLACK: usize = 512;
/// Where the names-keeping build for twiggy goes.
const NAMED_DIR: &str = "target/size";
/// Targets of the size issue, in gzip -9 bytes of the element's files.
const PLAIN_TARGET: usize = 80 * 1024;
const MARKDOWN_TARGET: usize = 120 * 1024;
/// The single-file build with the bundled seeds, in bytes.
const SINGLE_FILE_TARGET: u64 = 350 * 1024;
/// How many of the largest functions the report lists.
const TOP_FUNCTIONS: usize = 25;

pub fn main(args: &[String]) -> Result {
    let mut do_build = true;
    let mut record = false;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--no-build", v) => {
                Args::no_value("--no-build", v)?;
                do_build = false;
            }
            Arg::Flag("--record", v) => {
                Args::no_value("--record", v)?;
                record = true;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("size", name)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `size`")),
        }
    }
    if do_build {
        build::build(true)?;
        dist::dist(Path::new("seeds"))?;
    }
    let shipped = shipped()?;
    print_shipped(&shipped)?;
    crates_and_functions()?;
    if record {
        fs::write(BUDGET, budget_json(&shipped))
            .map_err(|e| format!("cannot write {BUDGET}: {e}"))?;
        say!("size: recorded in {BUDGET}");
    }
    Ok(())
}

/// `bytes` gzip-compressed at the best level (flate2: deterministic for a locked version).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The gzip -9 size of `bytes` (what a server's compression ships).
pub fn gzip_size(bytes: &[u8]) -> usize {
    gzip(bytes).len()
}

/// Each element file (as `dist` ships it) with its raw and gzip -9 sizes.
fn shipped() -> Result<Vec<(String, usize, usize)>> {
    shipped_in(Path::new(DIST))
}

/// Each element file as written into `dir` by [`dist::write_element_files`], with its raw and
/// gzip -9 sizes.
pub fn shipped_in(dir: &Path) -> Result<Vec<(String, usize, usize)>> {
    dist::element_files()
        .into_iter()
        .map(|(name, _)| {
            let path = dir.join(&name);
            let bytes = fs::read(&path).map_err(|e| {
                format!(
                    "cannot read {} ({e}); run `cargo xtask dist` first",
                    path.display()
                )
            })?;
            Ok((name, bytes.len(), gzip_size(&bytes)))
        })
        .collect()
}

/// The gzip bytes of the shipped files `keep` accepts (by name).
fn total_of(shipped: &[(String, usize, usize)], keep: impl Fn(&str) -> bool) -> usize {
    shipped
        .iter()
        .filter(|(name, _, _)| keep(name))
        .map(|(_, _, gz)| gz)
        .sum()
}

/// Every shipped file.
fn total(shipped: &[(String, usize, usize)]) -> usize {
    total_of(shipped, |_| true)
}

/// What an English page with only plain seeds downloads: what every page does.
fn plain_total(shipped: &[(String, usize, usize)]) -> usize {
    total_of(shipped, |n| NeededBy::of(n) == NeededBy::Every)
}

/// What an English page with markdown seeds downloads: that and the markdown module.
fn english_total(shipped: &[(String, usize, usize)]) -> usize {
    total_of(shipped, |n| {
        matches!(NeededBy::of(n), NeededBy::Every | NeededBy::Markdown)
    })
}

fn verdict(met: bool) -> &'static str {
    if met {
        "MET"
    } else {
        "MISSED"
    }
}

fn print_shipped(shipped: &[(String, usize, usize)]) -> Result {
    say!("size: the element's files, as a page downloads them");
    say!("  {:<28} {:>9} {:>11}", "file", "bytes", "gzip -9");
    for (name, raw, gz) in shipped {
        say!("  {name:<28} {raw:>9} {gz:>11}");
    }
    let total = total(shipped);
    let raw: usize = shipped.iter().map(|(_, raw, _)| raw).sum();
    say!("  {:<28} {raw:>9} {total:>11}", "total");
    say!(
        "  {:<28} {:>9} {:>11}",
        "total, plain seeds only",
        "",
        plain_total(shipped)
    );
    let english = english_total(shipped);
    say!(
        "  {:<28} {:>9} {:>11}",
        "total, an English page",
        "",
        english
    );
    for (what, needed) in [
        ("+ stemmers (a language)", NeededBy::Stemming),
        ("+ strings (a language)", NeededBy::Language),
    ] {
        let bytes = total_of(shipped, |n| NeededBy::of(n) == needed);
        say!("  {what:<28} {:>9} {bytes:>11}", "");
    }
    let single = fs::metadata(Path::new(DIST).join("seeds-viewer.html")).map(|m| m.len());
    say!("size: targets (issue 13)");
    let kb = |b: usize| b as f64 / 1024.0;
    let plain = plain_total(shipped);
    say!(
        "  plain seeds: shipped gzip <= {:.0} KB        {:>8.1} KB  {}",
        kb(PLAIN_TARGET),
        kb(plain),
        verdict(plain <= PLAIN_TARGET)
    );
    say!(
        "  markdown seeds: shipped gzip <= {:.0} KB    {:>8.1} KB  {}",
        kb(MARKDOWN_TARGET),
        kb(english),
        verdict(english <= MARKDOWN_TARGET)
    );
    match single {
        Ok(bytes) => say!(
            "  single file with the bundled seeds <= {:.0} KB {:>5.1} KB  {}",
            SINGLE_FILE_TARGET as f64 / 1024.0,
            bytes as f64 / 1024.0,
            verdict(bytes <= SINGLE_FILE_TARGET)
        ),
        Err(_) => say!("  single file: not built (run `cargo xtask dist`)"),
    }
    Ok(())
}

/// The budget file: each element file's gzip -9 bytes and the total, one per line (diffs read
/// as what changed).
fn budget_json(shipped: &[(String, usize, usize)]) -> String {
    let files: BTreeMap<&str, usize> = shipped.iter().map(|(n, _, gz)| (n.as_str(), *gz)).collect();
    let value = serde_json::json!({
        "about": "gzip -9 bytes of the element's files (cargo xtask size --record); cargo xtask test fails past total_gzip (every file: a page in a language besides English, with markdown) or plain_gzip (what every page downloads: an English page with plain seeds, without the markdown and stemmers modules and the other languages' words). Lower them as sizes drop; raise them only with a reason in the same commit.",
        "files_gzip": files,
        "plain_gzip": plain_total(shipped),
        "total_gzip": total(shipped),
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    )
}

/// Fails when the shipped gzip total (from `dist/`) is past the committed budget.
pub fn check_budget() -> Result {
    let text = fs::read_to_string(BUDGET).map_err(|e| format!("cannot read {BUDGET}: {e}"))?;
    let budget: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{BUDGET}: {e}"))?;
    let recorded = |key: &str| {
        budget[key]
            .as_u64()
            .map(|n| n as usize)
            .ok_or_else(|| format!("{BUDGET} has no {key}"))
    };
    let (allowed, allowed_plain) = (recorded("total_gzip")?, recorded("plain_gzip")?);
    let shipped = shipped()?;
    let (now, plain) = (total(&shipped), plain_total(&shipped));
    for (name, _, gz) in &shipped {
        let before = budget["files_gzip"][name.as_str()].as_u64();
        say!(
            "  {name:<28} {gz:>9} gzip -9 (budget file: {})",
            before.map_or("none".into(), |b| b.to_string())
        );
    }
    for (what, size, budget) in [
        ("the shipped files", now, allowed),
        ("a plain corpus's files", plain, allowed_plain),
    ] {
        if size > budget + BUDGET_SLACK {
            return Err(format!(
                "{what} are {size} bytes gzip -9, past the budget of {budget} in {BUDGET} (and {BUDGET_SLACK} bytes of slack): \
                 make them smaller, or run `cargo xtask size --record` and say why in the commit"
            ));
        }
    }
    say!("size: {now} bytes gzip -9 shipped ({plain} for plain seeds), within the budget of {allowed} ({allowed_plain})");
    Ok(())
}

/// Builds the shipped module again with its names kept (wasm-bindgen `--keep-debug`, wasm-opt
/// `-Oz -g`: the same code, named) and prints twiggy's view of it: bytes per crate, then the
/// largest functions. Data segments cannot be told apart by name; they are one line.
fn crates_and_functions() -> Result {
    let twiggy = install::twiggy()?;
    let wasm_bindgen = install::wasm_bindgen()?;
    let out = Path::new(NAMED_DIR);
    fs::create_dir_all(out).map_err(|e| format!("cannot create {NAMED_DIR}: {e}"))?;
    let wasm_opt =
        fs::canonicalize(WASM_OPT).map_err(|e| format!("{WASM_OPT} is missing ({e})"))?;
    for (input, out_name) in build::cargo_outputs(true)? {
        run_cmd(
            Command::new(&wasm_bindgen)
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--keep-debug",
                    "--out-dir",
                ])
                .arg(out)
                .args(["--out-name", out_name])
                .arg(&input),
        )?;
        let named: PathBuf = out.join(format!("{out_name}.named.wasm"));
        run_cmd(
            Command::new(&wasm_opt)
                .args(["-Oz", "-g"])
                .args(WASM_OPT_FEATURES)
                .arg(out.join(format!("{out_name}_bg.wasm")))
                .arg("-o")
                .arg(&named),
        )?;
        report_module(&twiggy, &named, out_name)?;
    }
    Ok(())
}

/// twiggy's view of one names-keeping module: bytes per crate, then the largest items.
fn report_module(twiggy: &Path, named: &Path, out_name: &str) -> Result {
    let json = Command::new(twiggy)
        .args(["top", "-n", "1000000", "-f", "json"])
        .arg(named)
        .output()
        .map_err(|e| format!("cannot run twiggy: {e}"))?;
    if !json.status.success() {
        return Err(format!(
            "twiggy failed: {}",
            String::from_utf8_lossy(&json.stderr)
        ));
    }
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(&json.stdout).map_err(|e| format!("twiggy's JSON: {e}"))?;
    let items: Vec<(&str, usize)> = items
        .iter()
        .filter_map(|i| Some((i["name"].as_str()?, i["shallow_size"].as_u64()? as usize)))
        .collect();
    // The names sections exist only in this build: leave them out of the shares.
    let code: Vec<&(&str, usize)> = items
        .iter()
        .filter(|(n, _)| !n.ends_with("subsection"))
        .collect();
    let all: usize = code.iter().map(|(_, s)| s).sum();
    let mut by_crate: BTreeMap<String, usize> = BTreeMap::new();
    for (name, bytes) in &code {
        *by_crate.entry(crate_of(name)).or_default() += bytes;
    }
    let mut by_crate: Vec<(String, usize)> = by_crate.into_iter().collect();
    by_crate.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    say!("size: {out_name}_bg.wasm by crate (twiggy, raw bytes before gzip, {all} in all)");
    for (name, bytes) in &by_crate {
        say!(
            "  {name:<28} {bytes:>9} {:>6.1}%",
            100.0 * *bytes as f64 / all.max(1) as f64
        );
    }
    say!("size: the {TOP_FUNCTIONS} largest items");
    for (name, bytes) in code.iter().take(TOP_FUNCTIONS) {
        let short: String = name.chars().take(100).collect();
        say!("  {bytes:>9}  {short}");
    }
    Ok(())
}

/// The crate a twiggy item belongs to: the first path segment of its (demangled) name, with
/// `<T as Trait>` items counted to T's crate; data, exports and glue apart.
fn crate_of(name: &str) -> String {
    if name.starts_with("data segment") || name.starts_with("data[") {
        return "(data: constants, tables, strings)".into();
    }
    let path = name.trim_start_matches('<');
    let first = path.split("::").next().unwrap_or_default();
    let first = first.split('[').next().unwrap_or_default();
    let is_path = path.contains("::")
        && !first.is_empty()
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_path {
        first.to_string()
    } else {
        "(exports, glue, tables)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_counted_to_their_crate() {
        assert_eq!(
            crate_of("seeds_viewer::text::fold_into::h1"),
            "seeds_viewer"
        );
        assert_eq!(
            crate_of("<dlmalloc[e24a]::Dlmalloc<T>>::malloc"),
            "dlmalloc"
        );
        assert_eq!(
            crate_of("<seeds_viewer::text::Words as core::iter::Iterator>::next"),
            "seeds_viewer"
        );
        assert_eq!(
            crate_of("data segment \".rodata.2\""),
            "(data: constants, tables, strings)"
        );
        assert_eq!(crate_of("viewer_search"), "(exports, glue, tables)");
    }

    #[test]
    fn gzip_sizes_are_those_of_a_real_gzip_stream() {
        let text = "seed ".repeat(1000);
        let size = gzip_size(text.as_bytes());
        assert!(size > 18 && size < 100, "{size}");
    }
}
