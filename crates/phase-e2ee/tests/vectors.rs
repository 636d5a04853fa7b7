//! Phase's cross-SDK test vectors (libsodium via PyNaCl), kept in
//! `fixtures/golang_sdk_test_vectors.json` — see `fixtures/README.md` for the source.

use phase_e2ee::crypto::{
    blake2b_digest, client_session_keys, decrypt_asymmetric, decrypt_raw, encrypt_raw_with_nonce,
    server_session_keys, xor_keys, KeyPair, PhCiphertext, PublicKey, SecretKey, NONCE_LEN,
};
use serde_json::Value;

fn vectors() -> Value {
    let text = include_str!("fixtures/golang_sdk_test_vectors.json");
    serde_json::from_str(text).expect("vectors parse")
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("field {k}"))
}

fn secret(hex: &str) -> SecretKey {
    SecretKey::from_hex(hex, "vector").unwrap()
}

#[test]
fn seed_keypairs() {
    let v = vectors();
    let cases = v["seed_keypairs"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    for c in cases {
        let pair = KeyPair::from_seed(&secret(s(c, "seed")));
        assert_eq!(pair.public().to_hex(), s(c, "public_key"));
        assert_eq!(*pair.secret().to_hex(), s(c, "private_key"));
        // The pair of the secret alone is the same public key.
        let again = KeyPair::from_secret(pair.secret().clone());
        assert_eq!(again.public(), pair.public());
    }
}

#[test]
fn blake2b_digests() {
    let v = vectors();
    let cases = v["blake2b_digests"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for c in cases {
        assert_eq!(
            blake2b_digest(s(c, "input"), s(c, "salt")).unwrap(),
            s(c, "digest"),
            "input {:?} salt {:?}",
            s(c, "input"),
            s(c, "salt")
        );
    }
}

#[test]
fn session_keys() {
    let v = vectors();
    let k = &v["session_keys"];
    let a = KeyPair::from_seed(&secret(s(k, "seed_a")));
    let b = KeyPair::from_seed(&secret(s(k, "seed_b")));
    assert_eq!(a.public().to_hex(), s(k, "public_key_a"));
    assert_eq!(*a.secret().to_hex(), s(k, "private_key_a"));
    assert_eq!(b.public().to_hex(), s(k, "public_key_b"));
    assert_eq!(*b.secret().to_hex(), s(k, "private_key_b"));
    let client = client_session_keys(&a, b.public()).unwrap();
    let server = server_session_keys(&b, a.public()).unwrap();
    assert_eq!(*client.rx.to_hex(), s(k, "client_rx"));
    assert_eq!(*client.tx.to_hex(), s(k, "client_tx"));
    assert_eq!(*server.rx.to_hex(), s(k, "server_rx"));
    assert_eq!(*server.tx.to_hex(), s(k, "server_tx"));
}

#[test]
fn encrypt_raw_vectors() {
    let v = vectors();
    let cases = v["encrypt_raw"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for c in cases {
        let key = secret(s(c, "key"));
        let blob = hex::decode(s(c, "ciphertext_with_nonce")).unwrap();
        let plain = decrypt_raw(&blob, &key).unwrap();
        assert_eq!(std::str::from_utf8(&plain).unwrap(), s(c, "plaintext"));
        // The nonce is the last 24 bytes: sealing again with it gives the same bytes.
        let nonce: [u8; NONCE_LEN] = blob[blob.len() - NONCE_LEN..].try_into().unwrap();
        let again = encrypt_raw_with_nonce(s(c, "plaintext").as_bytes(), &key, &nonce);
        assert_eq!(hex::encode(again), s(c, "ciphertext_with_nonce"));
        // A nonce placed at the front (the classic mistake) does not open.
        let mut front = blob[blob.len() - NONCE_LEN..].to_vec();
        front.extend_from_slice(&blob[..blob.len() - NONCE_LEN]);
        assert!(decrypt_raw(&front, &key).is_err());
    }
}

#[test]
fn asymmetric_vectors() {
    let v = vectors();
    let cases = v["asymmetric_encrypt"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for c in cases {
        let pair = KeyPair::from_seed(&secret(s(c, "recipient_seed")));
        assert_eq!(pair.public().to_hex(), s(c, "recipient_public_key"));
        assert_eq!(*pair.secret().to_hex(), s(c, "recipient_private_key"));
        let ct = s(c, "ciphertext");
        assert_eq!(decrypt_asymmetric(ct, &pair).unwrap(), s(c, "plaintext"));
        // Parse and re-encode is the identity on well-formed strings.
        assert_eq!(PhCiphertext::parse(ct).unwrap().encode(), ct);
        // Another recipient cannot open it.
        let other = KeyPair::from_seed(&secret(&"ab".repeat(32)));
        assert!(decrypt_asymmetric(ct, &other).is_err());
    }
}

#[test]
fn xor_reconstruct() {
    let v = vectors();
    let cases = v["xor_reconstruct"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    for c in cases {
        let shares = c["shares"].as_array().unwrap();
        let a = secret(shares[0].as_str().unwrap());
        let b = secret(shares[1].as_str().unwrap());
        assert_eq!(*xor_keys(&a, &b).to_hex(), s(c, "expected"));
    }
}

#[test]
fn upper_case_hex_is_read() {
    let v = vectors();
    let c = &v["asymmetric_encrypt"][0];
    let pair = KeyPair::from_seed(&secret(&s(c, "recipient_seed").to_uppercase()));
    let upper = PublicKey::from_hex(&s(c, "recipient_public_key").to_uppercase(), "k").unwrap();
    assert_eq!(pair.public(), &upper);
}
