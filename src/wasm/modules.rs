//! The engine's optional modules: wasm modules of their own that JS starts when Rust first asks
//! (`ensure`), so a corpus that needs neither never downloads them. The markdown module
//! (`markdown/`) answers each markdown text's block tree (`tree`, read back from bytes); the
//! stemmers module (`stemmers/`) the Snowball stems of a language other than English (`stems`,
//! a batch of words). Calls are synchronous once a module has started and answer nothing
//! before. A trap in one ends this instance too (an exception out of the call in progress), so
//! the engine replaces them all.

use std::cell::RefCell;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::seed::{wire, Node, Origin};

#[wasm_bindgen]
extern "C" {
    /// What the engine (`www/seeds-viewer-worker.js`) gives the `Viewer`: `load(name)` starts
    /// module `name` and resolves to whether it is ready; `tree(text, offset, alone)` (text: a
    /// view of this module's memory, UTF-8) is the markdown module's answer (bytes) and
    /// `stems(code, words)` the stemmers module's (stems, one per line), each undefined while
    /// its module is not ready, and each throws if it trapped.
    pub type Modules;
    #[wasm_bindgen(method)]
    fn load(this: &Modules, name: &str) -> Promise;
    #[wasm_bindgen(method, catch)]
    fn tree(this: &Modules, text: &[u8], offset: u32, alone: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn stems(this: &Modules, code: &str, words: &str) -> Result<JsValue, JsValue>;
}

/// The optional modules, by the name JS knows them by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    Markdown,
    Stemmers,
}

impl Module {
    fn name(self) -> &'static str {
        match self {
            Module::Markdown => "markdown",
            Module::Stemmers => "stemmers",
        }
    }
}

thread_local! {
    static HOST: RefCell<Option<Modules>> = const { RefCell::new(None) };
}

pub fn set_host(host: Modules) {
    HOST.with(|h| *h.borrow_mut() = Some(host));
}

/// Starts `module` (once; later calls find it started): whether it is ready.
pub async fn ensure(module: Module) -> bool {
    let Some(started) = HOST.with(|h| h.borrow().as_ref().map(|h| h.load(module.name()))) else {
        return false;
    };
    JsFuture::from(started)
        .await
        .ok()
        .and_then(|ready| ready.as_bool())
        .unwrap_or(false)
}

/// Calls `module` through the host, `None` when it is not there; a trapped module ends this
/// instance with it.
fn call(module: Module, f: impl FnOnce(&Modules) -> Result<JsValue, JsValue>) -> Option<JsValue> {
    match HOST.with(|h| h.borrow().as_ref().map(f))? {
        Ok(answer) if answer.is_undefined() => None,
        Ok(answer) => Some(answer),
        Err(_) => wasm_bindgen::throw_str(&format!("the {} module stopped", module.name())),
    }
}

/// The markdown module's block tree of `text`, or `None` when it is not there.
pub fn tree(text: &str, offset: usize, alone: bool) -> Option<Vec<(Node, Origin)>> {
    let bytes = call(Module::Markdown, |h| {
        h.tree(text.as_bytes(), offset as u32, alone)
    })?;
    Some(wire::decode(&Uint8Array::new(&bytes).to_vec()))
}

/// The stemmers module's stems of `words` in the language `code`, or `None` when it is not
/// there. Folded words hold no newline, so one line per word.
pub fn stems(code: &str, words: &[&str]) -> Option<Vec<String>> {
    let answer = call(Module::Stemmers, |h| h.stems(code, &words.join("\n")))?.as_string()?;
    Some(answer.split('\n').map(str::to_owned).collect())
}
