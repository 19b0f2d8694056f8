//! `cargo xtask`: the project's build, serve and test tooling.
//!
//! Run `cargo xtask help` for the commands. Every command runs from the project root (the
//! parent of this crate's directory), whatever the caller's working directory; paths given
//! on the command line are taken relative to the caller's working directory.

mod bench;
mod build;
mod corpus;
mod dist;
mod export;
mod fuzz;
mod install;
mod manifest;
mod pack;
mod serve;
mod size;
mod test;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::OnceLock;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build [--dev | --test-trap]
                             build the wasm into www/pkg (release + wasm-opt unless --dev);
                             --test-trap: the test-only build whose Viewer::trap panics, into
                             target/trap-pkg
  serve [--seeds DIR] [--port N] [--no-build] [--no-pack]
                             build, write DIR/index.pack, DIR/index.pack.gz and DIR/index.json and serve www/ and
                             DIR on 127.0.0.1 (defaults: --seeds seeds, --port 8080; --port 0
                             picks a free port; --no-pack: no pack, the seeds one by one)
  manifest [DIR]             write DIR/index.json listing DIR's .txt, .md and .markdown seeds (default: seeds)
  pack [DIR]                 write DIR/index.pack (every seed in one file), its gzip
                             DIR/index.pack.gz and DIR/index.json naming both (default: seeds)
  corpus N DIR [--seed S] [--markdown]
                             write N synthetic seeds (sentences of seeds/; --markdown: .md pages
                             with front matter, sections, lists, code and tables) and DIR/index.json
  export DIR OUT.json        write the parsed text of DIR's seeds as JSON (for other engines)
  dist [--seeds DIR] [--out DIR] [--no-build]
                             write dist/: the element's files (seeds-viewer.js, its worker, the
                             stylesheet, pkg/ with the wasm), seeds-viewer.html (one file with
                             DIR's seeds that opens from disk; default seeds) and the npm package
                             seeds-viewer-<version>.tgz
  bench [--sizes LIST] [--no-build]
                             benchmark the viewer against minisearch, flexsearch, lunr and
                             Pagefind in headless Chromium (LIST: `real`, `mdbook`, `md` (22 MB of
                             synthetic markdown) and seed counts, default real,1000,10000,md); the
                             targets, MET or MISSED; writes target/bench/results.json
  size [--no-build] [--record]
                             build and dist, then the gzip -9 size of each shipped file, their
                             total against the size targets, and the wasm by crate and by
                             function (twiggy); --record writes size-budget.json, the total
                             `test` holds the build to
  fuzz [--seconds N] [--target T] [--keep-going]
                             run the cargo-fuzz targets (plain, markdown, search, pack) N seconds
                             each on nightly (default 60); findings in fuzz/artifacts/;
                             --keep-going records findings and carries on
  install                    install what building and testing need (wasm target,
                             wasm-bindgen-cli, npm packages, Chromium)
  test [--no-install] [--hosts]
                             run everything CI runs: install, fmt, clippy, cargo test,
                             manifest check, release build, dist, browser tests (with plain HTML
                             and mdBook hosts); --hosts adds the MkDocs and Docusaurus sites
  help                       show this message
";

/// The error type of every command: a message printed as `error: ...`.
pub type Result<T = (), E = String> = std::result::Result<T, E>;

static CALLER_DIR: OnceLock<PathBuf> = OnceLock::new();

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result {
    let args = std::env::args_os()
        .skip(1)
        .map(|a: OsString| {
            a.into_string()
                .map_err(|a| format!("argument {a:?} is not valid UTF-8"))
        })
        .collect::<Result<Vec<String>>>()?;

    let caller = std::env::current_dir().map_err(|e| format!("cannot read current dir: {e}"))?;
    let _ = CALLER_DIR.set(caller);
    let root = project_root();
    std::env::set_current_dir(&root)
        .map_err(|e| format!("cannot enter project root {}: {e}", root.display()))?;

    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return Err("no command given".into());
    };
    match command.as_str() {
        "build" => build::main(rest),
        "serve" => serve::main(rest),
        "manifest" => manifest::main(rest),
        "pack" => pack::main(rest),
        "corpus" => corpus::main(rest),
        "export" => export::main(rest),
        "dist" => dist::main(rest),
        "bench" => bench::main(rest),
        "size" => size::main(rest),
        "fuzz" => fuzz::main(rest),
        "install" => install::main(rest),
        "test" => test::main(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => {
            eprint!("{USAGE}");
            Err(format!("unknown command `{other}`"))
        }
    }
}

/// The project root: the parent of the xtask crate's directory.
pub fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Resolves a path given on the command line against the caller's working directory.
pub fn user_path(arg: &str) -> PathBuf {
    let p = Path::new(arg);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    match CALLER_DIR.get() {
        Some(dir) => dir.join(p),
        None => p.to_path_buf(),
    }
}

/// The cargo to call: `$CARGO` (set by `cargo run`) or `cargo`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Prints a progress line. Progress goes to stderr: stdout is kept for what callers parse
/// (the `Serving on ...` line of `serve`).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { eprintln!($($arg)*) };
}

/// Renders a command for messages, e.g. `cargo build --release`.
pub fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        s.push(' ');
        if a.is_empty() || a.contains(char::is_whitespace) {
            s.push_str(&format!("{a:?}"));
        } else {
            s.push_str(&a);
        }
    }
    s
}

/// Runs a command with inherited stdio; a non-zero exit becomes an error.
pub fn run_cmd(cmd: &mut Command) -> Result {
    let shown = display(cmd);
    say!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command quietly and returns its stdout when it succeeds, `None` otherwise
/// (including when the program does not exist).
pub fn cmd_output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(std::process::Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A hand-rolled argument reader: `--flag`, `--opt VALUE`, `--opt=VALUE` and positionals.
pub struct Args<'a> {
    args: &'a [String],
    i: usize,
}

/// One parsed command-line item.
pub enum Arg<'a> {
    /// `--name` or `--name=value` (the value, if attached).
    Flag(&'a str, Option<&'a str>),
    /// A positional argument.
    Positional(&'a str),
}

impl<'a> Args<'a> {
    pub fn new(args: &'a [String]) -> Self {
        Args { args, i: 0 }
    }

    /// The value of an option: the attached `=value` or the next argument.
    pub fn value(&mut self, name: &str, attached: Option<&'a str>) -> Result<&'a str> {
        if let Some(v) = attached {
            return Ok(v);
        }
        let v = self
            .args
            .get(self.i)
            .ok_or_else(|| format!("option {name} needs a value"))?;
        self.i += 1;
        Ok(v)
    }

    /// Errors for a flag that takes no value but got `=value`.
    pub fn no_value(name: &str, attached: Option<&str>) -> Result {
        match attached {
            Some(_) => Err(format!("option {name} takes no value")),
            None => Ok(()),
        }
    }

    /// The next item, or `None` at the end.
    pub fn next_arg(&mut self) -> Option<Arg<'a>> {
        let a = self.args.get(self.i)?;
        self.i += 1;
        if a.starts_with("--") && a.len() > 2 {
            Some(match a.split_once('=') {
                Some((name, v)) => Arg::Flag(name, Some(v)),
                None => Arg::Flag(a, None),
            })
        } else if a.starts_with('-') && a.len() > 1 {
            Some(Arg::Flag(a, None))
        } else {
            Some(Arg::Positional(a))
        }
    }
}

/// The one optional `DIR` argument of `command` (default `seeds/`), relative to the caller.
pub fn dir_arg(command: &str, args: &[String]) -> Result<PathBuf> {
    let mut dir: Option<PathBuf> = None;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Positional(p) if dir.is_none() => dir = Some(user_path(p)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `{command}`")),
            Arg::Flag(name, _) => return Err(unknown_option(command, name)),
        }
    }
    Ok(dir.unwrap_or_else(|| PathBuf::from("seeds")))
}

/// The error for an option a command does not know.
pub fn unknown_option(command: &str, name: &str) -> String {
    format!("unknown option `{name}` for `{command}` (see `cargo xtask help`)")
}
