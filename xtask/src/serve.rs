//! `cargo xtask serve [--seeds DIR] [--port N] [--no-build] [--no-pack]`: a static server for
//! development and for the browser tests.
//!
//! Builds (unless `--no-build`), writes `DIR/index.pack`, `DIR/index.pack.gz` and
//! `DIR/index.json` naming them (see `pack.rs`; with `--no-pack`, the manifest without them, and
//! any stale pack is removed, so the viewer fetches the seeds one by one), then serves `www/` at `/` and DIR at `/seeds/` on
//! 127.0.0.1 only. After binding it prints one line, `Serving on
//! http://127.0.0.1:PORT/`, to stdout (the browser tests read the port from it) and serves
//! until killed. With `SEEDS_VIEWER_SERVE_LOG=1` it logs each request to stderr.
//!
//! The transport is axum (hyper); which file a request names is decided here, by `resolve`,
//! so that no path, encoded or symlinked, escapes the two served folders.

use crate::{manifest, pack, say, user_path, Arg, Args, Result};
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

const DEFAULT_PORT: u16 = 8080;
/// Set to log every request (`METHOD target -> status`) to stderr.
const LOG_ENV: &str = "SEEDS_VIEWER_SERVE_LOG";

pub fn main(args: &[String]) -> Result {
    let mut seeds: Option<PathBuf> = None;
    let mut port = DEFAULT_PORT;
    let mut build = true;
    let mut packed = true;
    let mut args = Args::new(args);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag("--seeds", v) => seeds = Some(user_path(args.value("--seeds", v)?)),
            Arg::Flag("--port", v) => {
                let v = args.value("--port", v)?;
                port = v
                    .parse()
                    .map_err(|_| format!("--port wants a number from 0 to 65535, not `{v}`"))?;
            }
            Arg::Flag("--no-build", v) => {
                Args::no_value("--no-build", v)?;
                build = false;
            }
            Arg::Flag("--no-pack", v) => {
                Args::no_value("--no-pack", v)?;
                packed = false;
            }
            Arg::Flag(name, _) => return Err(crate::unknown_option("serve", name)),
            Arg::Positional(p) => return Err(format!("unexpected argument `{p}` for `serve`")),
        }
    }
    let seeds = seeds.unwrap_or_else(|| PathBuf::from("seeds"));

    if build {
        crate::build::build(true)?;
    }
    if !seeds.is_dir() {
        return Err(format!(
            "seeds directory {} does not exist",
            seeds.display()
        ));
    }
    if packed {
        say!("serve: {}", pack::write(&seeds)?.describe());
    } else {
        let (path, count) = manifest::write(&seeds, false)?;
        if pack::remove(&seeds)? {
            say!(
                "serve: removed the stale {}",
                seeds.join(pack::FILE_NAME).display()
            );
        }
        say!("serve: wrote {} ({count} seeds, no pack)", path.display());
    }

    let roots = Arc::new(Roots::new(Path::new("www"), &seeds)?);
    let log = std::env::var_os(LOG_ENV).is_some_and(|v| !v.is_empty() && v != "0");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?
            .port();
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "Serving on http://127.0.0.1:{port}/")
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write to stdout: {e}"))?;
        }
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let roots = Arc::clone(&roots);
            let method = request.method().clone();
            let target = request
                .uri()
                .path_and_query()
                .map_or_else(|| "/".to_string(), |pq| pq.as_str().to_string());
            async move { handle(&method, &target, &roots, log).await }
        });
        axum::serve(listener, app)
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    })
}

/// The canonical directories served.
struct Roots {
    www: PathBuf,
    seeds: PathBuf,
}

impl Roots {
    fn new(www: &Path, seeds: &Path) -> Result<Self> {
        let canon = |p: &Path| {
            fs::canonicalize(p).map_err(|e| format!("cannot serve {}: {e}", p.display()))
        };
        Ok(Roots {
            www: canon(www)?,
            seeds: canon(seeds)?,
        })
    }
}

/// Answers one request: GET and HEAD of a file under the roots, else an error status.
async fn handle(method: &Method, target: &str, roots: &Roots, log: bool) -> Response<Body> {
    let response = match *method {
        Method::GET | Method::HEAD => match resolve(target, roots) {
            Ok(path) => match tokio::fs::read(&path).await {
                Ok(bytes) => file_response(bytes, &content_type(&path)),
                Err(_) => error_response(StatusCode::NOT_FOUND),
            },
            Err(code) => {
                error_response(StatusCode::from_u16(code).unwrap_or(StatusCode::NOT_FOUND))
            }
        },
        _ => {
            let mut response = error_response(StatusCode::METHOD_NOT_ALLOWED);
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            response
        }
    };
    if log {
        eprintln!("serve: {method} {target} -> {}", response.status().as_u16());
    }
    response
}

fn file_response(bytes: Vec<u8>, content_type: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn error_response(status: StatusCode) -> Response<Body> {
    let reason = status.canonical_reason().unwrap_or("");
    let mut response = file_response(
        format!("{} {reason}\n", status.as_u16()).into_bytes(),
        "text/plain; charset=utf-8",
    );
    *response.status_mut() = status;
    response
}

/// Maps a request target to a file to serve, or to an HTTP error status.
fn resolve(target: &str, roots: &Roots) -> Result<PathBuf, u16> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(400);
    }
    let path = percent_decode_str(path).decode_utf8().map_err(|_| 400u16)?;
    if path.contains(['\\', '\0']) {
        return Err(400);
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(404),
            s => {
                // Exactly one plain component (no root, prefix or parent).
                let mut comps = Path::new(s).components();
                if !matches!(
                    (comps.next(), comps.next()),
                    (Some(Component::Normal(_)), None)
                ) {
                    return Err(404);
                }
                segments.push(s);
            }
        }
    }

    let (root, rest) = match segments.as_slice() {
        [] => (&roots.www, &["index.html"][..]),
        ["seeds", rest @ ..] => (&roots.seeds, rest),
        all => (&roots.www, all),
    };
    if rest.is_empty() {
        return Err(404);
    }
    let candidate: PathBuf = rest.iter().fold(root.clone(), |p, s| p.join(s));
    let real = fs::canonicalize(&candidate).map_err(|_| 404u16)?;
    if !real.starts_with(root) || !real.is_file() {
        return Err(404);
    }
    Ok(real)
}

/// The Content-Type for a file, by extension.
fn content_type(path: &Path) -> String {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let fixed = match ext.as_deref() {
        Some("wasm") => "application/wasm",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("svg") => "image/svg+xml",
        // Bytes the viewer inflates itself: never sent with a `Content-Encoding`, which would
        // have the browser inflate them first.
        Some("gz") => "application/gzip",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    if guess.type_() == mime_guess::mime::TEXT && guess.get_param("charset").is_none() {
        format!("{guess}; charset=utf-8")
    } else {
        guess.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (PathBuf, Roots) {
        let base = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(base.join("www/pkg")).unwrap();
        fs::create_dir_all(base.join("seeds")).unwrap();
        fs::write(base.join("www/index.html"), "<!doctype html>").unwrap();
        fs::write(base.join("www/pkg/a.js"), "").unwrap();
        fs::write(base.join("www/é x.css"), "").unwrap();
        fs::write(base.join("seeds/s.txt"), "seed").unwrap();
        fs::write(base.join("secret.txt"), "no").unwrap();
        let roots = Roots::new(&base.join("www"), &base.join("seeds")).unwrap();
        (base, roots)
    }

    #[test]
    fn resolves_and_rejects() {
        let (base, roots) = fixture();
        let ok = |t: &str| resolve(t, &roots).unwrap();
        let www = &roots.www;
        assert_eq!(ok("/"), www.join("index.html"));
        assert_eq!(ok("/?x=1#y"), www.join("index.html"));
        assert_eq!(ok("/pkg/a.js?v=2"), www.join("pkg/a.js"));
        assert_eq!(ok("/%C3%A9%20x.css"), www.join("é x.css"));
        assert_eq!(ok("/seeds/s.txt"), roots.seeds.join("s.txt"));
        assert_eq!(ok("//seeds/./s.txt"), roots.seeds.join("s.txt"));
        for bad in [
            "/../secret.txt",
            "/seeds/..%2fsecret.txt",
            "/seeds/%2e%2e/secret.txt",
            "/pkg",
            "/seeds/",
            "/seeds",
            "/missing.js",
        ] {
            assert_eq!(resolve(bad, &roots), Err(404), "{bad}");
        }
        for bad in ["/a%5cb", "/a\\b", "/a%00", "/%ff", "relative"] {
            assert_eq!(resolve(bad, &roots), Err(400), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("secret.txt"), roots.www.join("link.txt"))
                .unwrap();
            assert_eq!(resolve("/link.txt", &roots), Err(404));
        }
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn content_types() {
        let ct = |p: &str| content_type(Path::new(p));
        assert_eq!(ct("a.wasm"), "application/wasm");
        assert_eq!(ct("a.js"), "text/javascript; charset=utf-8");
        assert_eq!(ct("a.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(ct("a.css"), "text/css; charset=utf-8");
        assert_eq!(ct("a.html"), "text/html; charset=utf-8");
        assert_eq!(ct("a.json"), "application/json");
        assert_eq!(ct("a.txt"), "text/plain; charset=utf-8");
        assert_eq!(ct("a.md"), "text/markdown; charset=utf-8");
        assert_eq!(ct("a.png"), "image/png");
        assert_eq!(ct("noext"), "application/octet-stream");
        assert_eq!(ct("index.pack"), "application/octet-stream");
        assert_eq!(ct("index.pack.gz"), "application/gzip");
        assert_eq!(ct("a.txt.gz"), "application/gzip");
    }

    #[test]
    fn a_gzip_file_is_served_as_its_bytes_without_a_content_encoding() {
        let response = file_response(vec![0x1f, 0x8b], &content_type(Path::new("index.pack.gz")));
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], "application/gzip");
        assert!(headers.get(header::CONTENT_ENCODING).is_none());
    }
}
