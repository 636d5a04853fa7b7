//! `cargo +nightly fuzz run ph_parse` (from crates/phase-e2ee): any input to the `ph:v1`
//! parser and to decryption must never panic; whatever parses must re-encode to a string
//! that parses to the same thing, and must pass the server's own format check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phase_e2ee::crypto::{
    decrypt_asymmetric, server_accepts_ciphertext, KeyPair, PhCiphertext, SecretKey,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let recipient = KeyPair::from_secret(SecretKey::from_bytes([7u8; 32]));
    let _ = decrypt_asymmetric(text, &recipient);
    let accepted = server_accepts_ciphertext(text);
    if let Ok(parsed) = PhCiphertext::parse(text) {
        assert!(accepted, "parsed but the server's check refuses it");
        let encoded = parsed.encode();
        assert_eq!(
            PhCiphertext::parse(&encoded).expect("re-encoded parses"),
            parsed
        );
    }
});
