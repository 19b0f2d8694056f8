//! `cargo xtask install`: installs what building and testing need, skipping what is present.
//!
//! Steps: the `wasm32-unknown-unknown` target, the rustfmt and clippy components, the
//! `wasm-bindgen` CLI at exactly the version in `Cargo.lock` (under
//! `$HOME/.cache/seeds-viewer/wasm-bindgen-<VERSION>`), the browsers (apt: Chromium and
//! chromedriver, Firefox ESR, WebKitGTK's WebDriver, Xvfb), and the npm packages (`npm ci`:
//! binaryen's wasm-opt, playwright-core, puppeteer-core, selenium-webdriver). `build` runs the steps
//! it needs; `test` runs them all.

use crate::{cargo, cmd_output, run_cmd, say, Arg, Args, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";

pub fn main(args: &[String]) -> Result {
    let mut args = Args::new(args);
    if let Some(arg) = args.next_arg() {
        return Err(match arg {
            Arg::Flag(name, _) => crate::unknown_option("install", name),
            Arg::Positional(p) => format!("unexpected argument `{p}` for `install`"),
        });
    }
    all()?;
    say!("install: everything is in place");
    Ok(())
}

/// Every install step (what `cargo xtask install` and `cargo xtask test` run).
pub fn all() -> Result {
    wasm_target()?;
    rust_components()?;
    wasm_bindgen()?;
    browsers()?;
    npm_packages()?;
    mdbook()?;
    Ok(())
}

/// The steps `build` needs. Returns the path of the wasm-bindgen binary to use.
pub fn for_build() -> Result<PathBuf> {
    wasm_target()?;
    let wasm_bindgen = wasm_bindgen()?;
    npm_packages()?;
    Ok(wasm_bindgen)
}

/// `rustup target add wasm32-unknown-unknown` unless it is installed.
pub fn wasm_target() -> Result {
    let Some(installed) =
        cmd_output(Command::new("rustup").args(["target", "list", "--installed"]))
    else {
        say!("install: rustup not found; assuming the {WASM_TARGET} target is available");
        return Ok(());
    };
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        say!("install: rust target {WASM_TARGET} is installed");
        return Ok(());
    }
    say!("install: adding rust target {WASM_TARGET}");
    run_cmd(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// `rustup component add rustfmt clippy` for those missing (`test` runs both).
pub fn rust_components() -> Result {
    let Some(installed) =
        cmd_output(Command::new("rustup").args(["component", "list", "--installed"]))
    else {
        say!("install: rustup not found; assuming rustfmt and clippy are available");
        return Ok(());
    };
    let missing: Vec<&str> = ["rustfmt", "clippy"]
        .into_iter()
        .filter(|c| {
            !installed
                .lines()
                .any(|l| l.trim().starts_with(&format!("{c}-")))
        })
        .collect();
    if missing.is_empty() {
        say!("install: rustfmt and clippy are installed");
        return Ok(());
    }
    say!("install: adding rust components {}", missing.join(", "));
    run_cmd(
        Command::new("rustup")
            .args(["component", "add"])
            .args(&missing),
    )
}

/// The version of the `wasm-bindgen` package recorded in a `Cargo.lock` text.
pub fn locked_version(lock: &str, package: &str) -> Result<String> {
    let mut versions = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        if field("name").as_deref() == Some(package) {
            if let Some(v) = field("version") {
                versions.push(v);
            }
        }
    }
    match versions.as_slice() {
        [v] => Ok(v.clone()),
        [] => Err(format!("Cargo.lock has no `{package}` package")),
        _ => Err(format!(
            "Cargo.lock has several `{package}` versions ({}); pin one with `=`",
            versions.join(", ")
        )),
    }
}

/// The wasm-bindgen version the crate uses, from `Cargo.lock` (generated if missing).
pub fn wasm_bindgen_version() -> Result<String> {
    if !Path::new("Cargo.lock").exists() {
        say!("install: Cargo.lock is missing; generating it");
        run_cmd(cargo().arg("generate-lockfile"))?;
    }
    let lock =
        fs::read_to_string("Cargo.lock").map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    locked_version(&lock, "wasm-bindgen")
}

/// Where the wasm-bindgen CLI of a version is installed.
pub fn wasm_bindgen_root(version: &str) -> Result<PathBuf> {
    Ok(cache_dir()?.join(format!("wasm-bindgen-{version}")))
}

/// `$HOME/.cache/seeds-viewer`: where tools built from source are kept between runs.
fn cache_dir() -> Result<PathBuf> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or("HOME is not set; cannot choose where to install tools")?;
    Ok(PathBuf::from(home).join(".cache/seeds-viewer"))
}

/// The mdBook the host tests build their example book with, pinned (its HTML and scripts are
/// what the tests embed the viewer into).
pub const MDBOOK_VERSION: &str = "0.5.1";

/// Where `mdbook` installs mdBook `MDBOOK_VERSION` (present or not).
pub fn mdbook_bin() -> Result<PathBuf> {
    Ok(cache_dir()?
        .join(format!("mdbook-{MDBOOK_VERSION}"))
        .join("bin")
        .join("mdbook"))
}

/// Installs mdBook `MDBOOK_VERSION` (`cargo install --locked`, about 4 minutes, once) unless
/// present. Returns its path.
pub fn mdbook() -> Result<PathBuf> {
    let bin = mdbook_bin()?;
    let root = bin
        .parent()
        .and_then(Path::parent)
        .ok_or("mdbook's install folder has no parent")?
        .to_path_buf();
    if reports_version(&bin, &format!("v{MDBOOK_VERSION}")) {
        say!(
            "install: mdbook {MDBOOK_VERSION} is installed ({})",
            bin.display()
        );
        return Ok(bin);
    }
    say!(
        "install: installing mdbook {MDBOOK_VERSION} into {} (takes a few minutes, once)",
        root.display()
    );
    run_cmd(
        cargo()
            .args(["install", "mdbook", "--locked", "--force", "--version"])
            .arg(MDBOOK_VERSION)
            .arg("--root")
            .arg(&root),
    )?;
    if !reports_version(&bin, &format!("v{MDBOOK_VERSION}")) {
        return Err(format!(
            "{} does not report v{MDBOOK_VERSION} after installing",
            bin.display()
        ));
    }
    Ok(bin)
}

/// Whether `bin --version` reports exactly `version`.
fn reports_version(bin: &Path, version: &str) -> bool {
    bin.is_file()
        && cmd_output(Command::new(bin).arg("--version"))
            .is_some_and(|out| out.split_whitespace().any(|w| w == version))
}

/// Installs the wasm-bindgen CLI matching `Cargo.lock` unless present. Returns its path.
pub fn wasm_bindgen() -> Result<PathBuf> {
    let version = wasm_bindgen_version()?;
    let root = wasm_bindgen_root(&version)?;
    let bin = root.join("bin").join("wasm-bindgen");
    if reports_version(&bin, &version) {
        say!(
            "install: wasm-bindgen {version} is installed ({})",
            bin.display()
        );
        return Ok(bin);
    }
    say!(
        "install: installing wasm-bindgen-cli {version} into {} (takes a few minutes, once)",
        root.display()
    );
    cargo_install("wasm-bindgen-cli", &version, &root)?;
    if !reports_version(&bin, &version) {
        return Err(format!(
            "{} does not report version {version} after installing",
            bin.display()
        ));
    }
    Ok(bin)
}

/// `cargo install KRATE --version VERSION --root ROOT`, `--locked` first: a tool's own lock
/// file can name a dependency version the registry lacks, and then it installs without.
fn cargo_install(krate: &str, version: &str, root: &Path) -> Result {
    let install = |locked: bool| {
        let mut cmd = cargo();
        cmd.args(["install", krate, "--version", version, "--force"]);
        if locked {
            cmd.arg("--locked");
        }
        run_cmd(cmd.arg("--root").arg(root))
    };
    install(true).or_else(|e| {
        say!("install: {e}; retrying without --locked");
        install(false)
    })
}

/// The twiggy `cargo xtask size` reads the wasm's functions with, pinned.
pub const TWIGGY_VERSION: &str = "0.8.0";

/// Installs twiggy `TWIGGY_VERSION` (`cargo install`, about a minute, once) unless present:
/// only `cargo xtask size` needs it, so neither `test` nor CI pays for it. Returns its path.
pub fn twiggy() -> Result<PathBuf> {
    let root = cache_dir()?.join(format!("twiggy-{TWIGGY_VERSION}"));
    let bin = root.join("bin").join("twiggy");
    if reports_version(&bin, TWIGGY_VERSION) {
        return Ok(bin);
    }
    say!(
        "install: installing twiggy {TWIGGY_VERSION} into {} (about a minute, once)",
        root.display()
    );
    cargo_install("twiggy", TWIGGY_VERSION, &root)?;
    if !reports_version(&bin, TWIGGY_VERSION) {
        return Err(format!(
            "{} does not report {TWIGGY_VERSION} after installing",
            bin.display()
        ));
    }
    Ok(bin)
}

/// The browsers the tests drive and what drives them, from Debian's packages: (package, a
/// file it installs). WebKitGTK's MiniBrowser comes with webkit2gtk-driver's dependencies; it
/// has no headless mode, so it runs on an Xvfb display.
const BROWSER_PACKAGES: [(&str, &str); 5] = [
    ("chromium", CHROMIUM),
    ("chromium-driver", CHROMEDRIVER),
    ("firefox-esr", FIREFOX),
    ("webkit2gtk-driver", WEBKIT_DRIVER),
    ("xvfb", "/usr/bin/Xvfb"),
];

/// Installs the browsers and their drivers with apt, those missing only (about 275 MB for
/// Firefox, WebKitGTK and Xvfb on a machine that has Chromium): what the tests drive.
pub fn browsers() -> Result {
    apt_install(&BROWSER_PACKAGES)
}

/// Installs Chromium and chromedriver only (the first two of [`BROWSER_PACKAGES`]): all the
/// bench drives.
pub fn chromium() -> Result {
    apt_install(BROWSER_PACKAGES.get(..2).unwrap_or_default())
}

/// `apt-get install` of the `packages` whose file is missing, then a check that each is there.
fn apt_install(packages: &[(&str, &str)]) -> Result {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, path)| !Path::new(path).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        let names: Vec<&str> = packages.iter().map(|(package, _)| *package).collect();
        say!("install: {} installed", names.join(", "));
        return Ok(());
    }
    say!("install: installing {} with apt-get", missing.join(", "));
    let is_root = cmd_output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if is_root {
            Command::new("apt-get")
        } else if cmd_output(Command::new("sudo").arg("--version")).is_some() {
            // sudo resets the environment, so pass DEBIAN_FRONTEND through `env`.
            let mut c = Command::new("sudo");
            c.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
            c
        } else {
            return Err(format!(
                "{} missing, and installing needs root or sudo: run `apt-get install {}` as root",
                missing.join(", "),
                missing.join(" ")
            ));
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        run_cmd(&mut cmd)
    };
    apt(&["update"])?;
    apt(&[&["install", "-y"][..], &missing].concat())?;
    for (_, path) in packages {
        if !Path::new(path).exists() {
            return Err(format!("{path} is still missing after apt-get install"));
        }
    }
    Ok(())
}

fn modified(path: &str) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Path of binaryen's wasm-opt from the npm packages.
pub const WASM_OPT: &str = "node_modules/.bin/wasm-opt";
/// The minifier `dist` ships the element's scripts and stylesheet through.
pub const ESBUILD: &str = "node_modules/.bin/esbuild";

/// `npm ci` when node_modules is missing, older than package-lock.json, or lacks a tool.
pub fn npm_packages() -> Result {
    let installed = modified("node_modules/.package-lock.json");
    let wanted = modified("package-lock.json");
    if wanted.is_none() {
        return Err("package-lock.json is missing (run `npm install` to create it)".into());
    }
    let fresh = matches!((installed, wanted), (Some(i), Some(w)) if i >= w);
    if fresh && Path::new(WASM_OPT).exists() && Path::new(ESBUILD).exists() {
        say!("install: npm packages are installed");
        return Ok(());
    }
    say!("install: installing npm packages (npm ci)");
    run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    for tool in [WASM_OPT, ESBUILD] {
        if !Path::new(tool).exists() {
            return Err(format!("{tool} is missing after npm ci"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.99"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+x"
dependencies = [
 "cfg-if",
]

[[package]]
name = "xtask"
version = "0.1.0"
"#;

    #[test]
    fn reads_the_locked_version() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert!(locked_version(LOCK, "nope").is_err());
        let twice = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.1\"\n");
        assert!(locked_version(&twice, "wasm-bindgen").is_err());
    }
}
