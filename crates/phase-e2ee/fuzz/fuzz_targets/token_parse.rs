//! `cargo +nightly fuzz run token_parse` (from crates/phase-e2ee): any token string and
//! any wrapped share must be read or refused without a panic, and a refusal never
//! repeats the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phase_e2ee::TokenKeys;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (token, share) = text.split_once('\n').unwrap_or((text, ""));
    match TokenKeys::parse(token) {
        Ok(keys) => {
            let _ = keys.unwrap_account(share);
            assert!(!format!("{keys:?}").contains(keys.bearer()));
        }
        Err(e) => {
            if token.len() > 16 {
                assert!(!e.to_string().contains(token));
            }
        }
    }
});
