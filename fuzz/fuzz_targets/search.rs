//! A query and a seed from one input (the query is the first line): parsing the query,
//! searching, highlighting and rendering the hits stay safe for any text on either side.
#![no_main]

#[path = "../../tests/support/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (query, seed) = data.split_at(split);
    let query = String::from_utf8_lossy(query);
    let name = if query.len() % 2 == 0 { "fuzz.md" } else { "fuzz.txt" };
    if let Err(e) = check::check_seed(name, seed, &query) {
        panic!("{e}");
    }
});
