//! Renders one seed file to stdout as the viewer would show it (article HTML), with its
//! diagnostics on stderr: `cargo run --example render_one -- FILE`.

use seeds_viewer::corpus::Corpus;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: render_one FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let name = std::path::Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut corpus = Corpus::new(vec![name]);
    for d in corpus.add(0, &bytes) {
        eprintln!("{}:{}: {}", d.file, d.line, d.message());
    }
    let html = corpus.article_html(0);
    println!("{}", html.map(|h| h.into_string()).unwrap_or_default());
}
