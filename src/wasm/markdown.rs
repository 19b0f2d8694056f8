//! The engine's side of the markdown module (see `markdown/`): this module has no markdown
//! parser. A load whose corpus names a markdown seed starts the markdown module first
//! (`ensure`); parsing then asks it for each markdown text's block tree (`tree`), read back
//! from bytes. A trap in the markdown module ends this instance too (an exception out of the
//! call in progress), so the engine replaces both.

use std::cell::RefCell;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::seed::{wire, Node, Origin};

#[wasm_bindgen]
extern "C" {
    /// What the engine (`www/seeds-viewer-worker.js`) gives the `Viewer`: `load()` starts the
    /// markdown module and resolves to whether it is ready; `tree(text, offset, alone)` (text:
    /// a view of this module's memory, UTF-8) is its answer (bytes), undefined while it is not
    /// ready, and throws if it trapped.
    pub type MarkdownHost;
    #[wasm_bindgen(method)]
    fn load(this: &MarkdownHost) -> Promise;
    #[wasm_bindgen(method, catch)]
    fn tree(this: &MarkdownHost, text: &[u8], offset: u32, alone: bool)
        -> Result<JsValue, JsValue>;
}

thread_local! {
    static HOST: RefCell<Option<MarkdownHost>> = const { RefCell::new(None) };
}

pub fn set_host(host: MarkdownHost) {
    HOST.with(|h| *h.borrow_mut() = Some(host));
}

/// Starts the markdown module (once; later calls find it started): whether it is ready.
pub async fn ensure() -> bool {
    let Some(started) = HOST.with(|h| h.borrow().as_ref().map(|h| h.load())) else {
        return false;
    };
    JsFuture::from(started)
        .await
        .ok()
        .and_then(|ready| ready.as_bool())
        .unwrap_or(false)
}

/// The markdown module's block tree of `text`, or `None` when it is not there.
pub fn tree(text: &str, offset: usize, alone: bool) -> Option<Vec<(Node, Origin)>> {
    let answer = HOST.with(|h| {
        h.borrow()
            .as_ref()
            .map(|h| h.tree(text.as_bytes(), offset as u32, alone))
    })?;
    match answer {
        Ok(bytes) if bytes.is_undefined() => None,
        Ok(bytes) => Some(wire::decode(&Uint8Array::new(&bytes).to_vec())),
        // It trapped: this instance cannot go on without it, and is replaced with it.
        Err(_) => wasm_bindgen::throw_str("the markdown module stopped"),
    }
}
