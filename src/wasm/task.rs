//! The one task a viewer runs (a load, or a retry), polled only when JS asks.
//!
//! Not `wasm_bindgen_futures::spawn_local`: its polls run in microtasks of its own, so a trap
//! inside one would surface as an uncaught error on the page. Here a wake calls the `schedule`
//! function JS gave the viewer, which queues a call to `Viewer.poll` inside the engine's trap
//! guard: every poll, and so all parsing, runs in a call JS made and can catch. Promises are
//! still awaited with `wasm_bindgen_futures::JsFuture`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use js_sys::Function;
use wasm_bindgen::JsValue;

thread_local! {
    /// The engine's `schedule` (one engine per wasm instance).
    static SCHEDULE: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Sets the function a wake calls (it must not poll synchronously, only queue a poll).
pub fn set_schedule(schedule: Function) {
    SCHEDULE.with(|s| *s.borrow_mut() = Some(schedule));
}

/// Asks JS for a poll.
pub fn schedule() {
    SCHEDULE.with(|s| {
        if let Some(f) = s.borrow().as_ref() {
            let _ = f.call0(&JsValue::NULL);
        }
    });
}

struct JsWake;

impl Wake for JsWake {
    fn wake(self: Arc<Self>) {
        schedule();
    }
}

/// A future in a slot, replaced by the next one (dropping the old one cancels it).
#[derive(Default)]
pub struct Task {
    future: RefCell<Option<Pin<Box<dyn Future<Output = ()>>>>>,
}

impl Task {
    /// Runs `future` from the next poll on, dropping any earlier one.
    pub fn start(&self, future: impl Future<Output = ()> + 'static) {
        // JS never starts a load from inside a poll; if it ever did, the new one is dropped
        // rather than the instance aborting on a double borrow.
        if let Ok(mut slot) = self.future.try_borrow_mut() {
            *slot = Some(Box::pin(future));
            schedule();
        }
    }

    /// Polls the future once; drops it when done. A poll while polling does nothing.
    pub fn poll(&self) {
        let Ok(mut slot) = self.future.try_borrow_mut() else {
            return;
        };
        let Some(future) = slot.as_mut() else {
            return;
        };
        let waker = Waker::from(Arc::new(JsWake));
        if future.as_mut().poll(&mut Context::from_waker(&waker)) == Poll::Ready(()) {
            *slot = None;
        }
    }

    /// Drops the future (and with it the references it holds).
    pub fn cancel(&self) {
        if let Ok(mut slot) = self.future.try_borrow_mut() {
            *slot = None;
        }
    }
}

/// Resolves on a later task, so that what waits in the event loop runs first: the page renders
/// (on the main thread), a search the element sent is answered. A message to itself over a
/// `MessageChannel`, which no browser delays the way it clamps nested `setTimeout(0)` to 4 ms.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&JsValue::NULL);
        }
        Err(_) => {
            let _ = set_timeout(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves after `ms` milliseconds (a `setTimeout`).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = set_timeout(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
}
