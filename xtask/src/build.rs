//! `cargo xtask build [--dev | --test-trap]`: builds the wasm module into `www/pkg` (or the
//! test-only trap build into `target/trap-pkg`).
//!
//! cargo (wasm32-unknown-unknown) -> wasm-bindgen (`--target web`) -> wasm-opt `-Oz` from the
//! npm `binaryen` package (Debian's wasm-opt 108 emits modules that fail to instantiate), then
//! prints the sizes. `--dev` builds without `--release` and skips wasm-opt.

use crate::install::{self, WASM_OPT, WASM_TARGET};
use crate::{cargo, run_cmd, say, Arg, Args, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the page loads the module from.
pub const OUT_DIR: &str = "www/pkg";
/// wasm-bindgen's `--out-name`: gives `seeds_viewer.js` and `seeds_viewer_bg.wasm`.
pub const OUT_NAME: &str = "seeds_viewer";
/// The markdown module's: `seeds_viewer_markdown.js` and `seeds_viewer_markdown_bg.wasm`.
pub const MARKDOWN_OUT_NAME: &str = "seeds_viewer_markdown";
/// The stemmers module's wasm-bindgen `--out-name`.
pub const STEMMERS_OUT_NAME: &str = "seeds_viewer_stemmers";

/// The wasm features rustc 1.95 enables by default for wasm32-unknown-unknown (LLVM's
/// "generic" CPU). wasm-opt must accept them all, or it rejects the input or lowers code that
/// then no longer matches what wasm-bindgen's JS glue expects (e.g. its externref table).
pub const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

pub fn main(args: &[String]) -> Result {
    let mut release = true;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--dev", v) => {
                Args::no_value("--dev", v)?;
                release = false;
            }
            Arg::Flag("--test-trap", v) => {
                Args::no_value("--test-trap", v)?;
                return build_trap();
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("build", name)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `build`")),
        }
    }
    build(release)
}

/// The cargo target directory (honours `CARGO_TARGET_DIR` and `build.target-dir`).
fn target_dir() -> Result<PathBuf> {
    let out = cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err("`cargo metadata` failed".into());
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cannot parse cargo metadata: {e}"))?;
    meta["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata has no target_directory".into())
}

/// Builds the module: the install steps it needs, cargo, wasm-bindgen, wasm-opt (release).
pub fn build(release: bool) -> Result {
    build_into(release, &[], None, Path::new(OUT_DIR))
}

/// The `test-trap` build (its `Viewer::trap` panics) in `target/trap-pkg/`, from its own target
/// directory so the shipped build stays cached: the browser tests serve it in place of
/// `pkg/` to check that a viewer recovers from a trap.
pub const TRAP_DIR: &str = "target/trap-pkg";

pub fn build_trap() -> Result {
    build_into(
        true,
        &["test-trap"],
        Some(Path::new("target/trap")),
        Path::new(TRAP_DIR),
    )
}

/// The wasm modules a build writes: the engine (no markdown parser, English stemming only), the
/// markdown module and the stemmers module, each its cargo package, the features it is built
/// with, and its wasm-bindgen `--out-name`.
pub struct Module {
    package: &'static str,
    /// The library's file name as cargo writes it.
    lib: &'static str,
    features: &'static [&'static str],
    pub out_name: &'static str,
    /// Whether it has a `test-trap` feature (the trap build's `extra` features go only to those).
    traps: bool,
}

pub const MODULES: [Module; 3] = [
    Module {
        package: "seeds-viewer",
        lib: "seeds_viewer",
        features: &["engine"],
        out_name: OUT_NAME,
        traps: true,
    },
    Module {
        package: "seeds-viewer-markdown",
        lib: "seeds_viewer_markdown",
        features: &[],
        out_name: MARKDOWN_OUT_NAME,
        traps: true,
    },
    Module {
        package: "seeds-viewer-stemmers",
        lib: "seeds_viewer_stemmers",
        features: &[],
        out_name: STEMMERS_OUT_NAME,
        traps: false,
    },
];

/// Builds every module (with `extra` features too, into `target_dir_override` if given) and
/// writes their bindings and wasm to `out_dir`.
fn build_into(
    release: bool,
    extra: &[&str],
    target_dir_override: Option<&Path>,
    out_dir: &Path,
) -> Result {
    let wasm_bindgen = install::for_build()?;
    if out_dir.exists() {
        fs::remove_dir_all(out_dir)
            .map_err(|e| format!("cannot clear {}: {e}", out_dir.display()))?;
    }
    let profile = if release { "release" } else { "debug" };
    for module in &MODULES {
        say!("build: compiling the {profile} wasm of {}", module.package);
        let mut cmd = cargo();
        cmd.args([
            "build",
            "--lib",
            "--target",
            WASM_TARGET,
            "-p",
            module.package,
        ]);
        cmd.arg("--no-default-features");
        if release {
            cmd.arg("--release");
        }
        let extra = if module.traps { extra } else { &[] };
        let features: Vec<&str> = module.features.iter().chain(extra).copied().collect();
        if !features.is_empty() {
            cmd.arg("--features").arg(features.join(","));
        }
        if let Some(dir) = target_dir_override {
            cmd.env("CARGO_TARGET_DIR", dir);
        }
        cmd.env("RUSTFLAGS", remapped_rustflags());
        run_cmd(&mut cmd)?;

        let input = output_in(target_dir_override, release, module.lib)?;
        say!("build: generating JS bindings into {}", out_dir.display());
        run_cmd(
            Command::new(&wasm_bindgen)
                .args(["--target", "web", "--no-typescript", "--out-dir"])
                .arg(out_dir)
                .args(["--out-name", module.out_name])
                .arg(&input),
        )?;
        let wasm = out_dir.join(format!("{}_bg.wasm", module.out_name));
        let glue = out_dir.join(format!("{}.js", module.out_name));
        if release {
            say!("build: optimizing with wasm-opt -Oz");
            wasm_opt(&wasm)?;
        }
        validate(&wasm)?;
        say!("build: sizes");
        for file in [&wasm, &glue] {
            say!("  {}", size_line(file)?);
        }
    }
    Ok(())
}

/// RUSTFLAGS (the caller's, if any) plus prefixes that replace this machine's paths in the
/// module's panic locations (cargo's registry, the project): the same sources then give the
/// same bytes on any machine, which the size budget relies on.
fn remapped_rustflags() -> String {
    let mut flags = std::env::var("RUSTFLAGS").unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let project = std::env::current_dir().ok();
    for (from, to) in [(cargo_home, "/cargo"), (project, "/seeds-viewer")] {
        if let Some(from) = from {
            // A path with a space cannot be passed in RUSTFLAGS; it then stays as it is.
            let from = from.display().to_string();
            if !from.contains(' ') {
                flags.push_str(&format!(" --remap-path-prefix={from}={to}"));
            }
        }
    }
    flags.trim().to_string()
}

/// The module `lib` cargo built (before wasm-bindgen), in `target_dir_override` or cargo's
/// own target directory.
fn output_in(target_dir_override: Option<&Path>, release: bool, lib: &str) -> Result<PathBuf> {
    let base = match target_dir_override {
        Some(dir) => dir.to_path_buf(),
        None => target_dir()?,
    };
    let profile = if release { "release" } else { "debug" };
    let input = base
        .join(WASM_TARGET)
        .join(profile)
        .join(format!("{lib}.wasm"));
    if !input.is_file() {
        return Err(format!("cargo did not produce {}", input.display()));
    }
    Ok(input)
}

/// The modules cargo built for `www/pkg`, each with its `--out-name` (names kept: wasm-opt
/// drops them from the shipped ones).
pub fn cargo_outputs(release: bool) -> Result<Vec<(PathBuf, &'static str)>> {
    MODULES
        .iter()
        .map(|m| Ok((output_in(None, release, m.lib)?, m.out_name)))
        .collect()
}

/// `wasm-opt -Oz` in place (through a temporary file, renamed over the original on success).
fn wasm_opt(wasm: &Path) -> Result {
    let wasm_opt = fs::canonicalize(WASM_OPT)
        .map_err(|e| format!("{WASM_OPT} is missing ({e}); run cargo xtask install"))?;
    let tmp = wasm.with_extension("opt.wasm");
    let result = run_cmd(
        Command::new(wasm_opt)
            .arg("-Oz")
            .args(WASM_OPT_FEATURES)
            .arg(wasm)
            .arg("-o")
            .arg(&tmp),
    )
    .and_then(|()| {
        fs::rename(&tmp, wasm).map_err(|e| format!("cannot replace {}: {e}", wasm.display()))
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Checks that the engine the browser tests use (V8, through node) accepts the module.
fn validate(wasm: &Path) -> Result {
    const SCRIPT: &str = "const b = require('fs').readFileSync(process.argv[1]); \
        if (!WebAssembly.validate(b)) { new WebAssembly.Module(b); process.exit(1); }";
    let out = Command::new("node")
        .args(["--input-type=commonjs", "-e", SCRIPT])
        .arg(wasm)
        .output()
        .map_err(|e| format!("cannot run node to validate {}: {e}", wasm.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} does not validate: {}",
            wasm.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// `path: N bytes (M gzip -9)`.
fn size_line(path: &Path) -> Result<String> {
    let raw = fs::metadata(path)
        .map_err(|e| format!("cannot stat {}: {e}", path.display()))?
        .len();
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let gz = crate::size::gzip_size(&bytes);
    Ok(format!("{}: {raw} bytes ({gz} gzip -9)", path.display()))
}
