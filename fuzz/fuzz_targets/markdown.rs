//! Any bytes as a markdown seed: no panic, safe HTML, no word lost (tests/support/check.rs).
#![no_main]

#[path = "../../tests/support/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = check::check_seed("fuzz.md", data, "") {
        panic!("{e}");
    }
});
