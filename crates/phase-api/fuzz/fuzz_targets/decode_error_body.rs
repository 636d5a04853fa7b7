//! `cargo +nightly fuzz run decode_error_body`: arbitrary status + bytes never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]);
    let e = phase_api::decode_error_body(status, &data[2..]);
    let _ = (e.code(), e.to_string(), e.retry_after(), e.is_ambiguous_write_failure());
});
