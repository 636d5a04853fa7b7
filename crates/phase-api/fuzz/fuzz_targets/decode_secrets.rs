//! `cargo +nightly fuzz run decode_secrets` (from crates/phase-api): arbitrary bytes to
//! the secrets decoder must never panic, whatever decodes must survive a re-encode and
//! decode, and `Debug` must never show a value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(secrets) = phase_api::decode_secrets(data) {
        let bytes = serde_json::to_vec(&secrets).expect("secrets encode");
        let again = phase_api::decode_secrets(&bytes).expect("re-encoded secrets decode");
        assert_eq!(again.len(), secrets.len());
        for s in &secrets {
            let shown = format!("{s:?}");
            assert!(shown.contains("value: <redacted>"));
        }
    }
});
