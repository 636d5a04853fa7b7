//! Property tests: round trips, wrong keys refused, malformed input refused without panic.

use phase_e2ee::crypto::{
    blake2b_digest, decrypt_asymmetric, decrypt_raw, encrypt_asymmetric, encrypt_raw,
    server_accepts_ciphertext, xor_keys, KeyPair, PhCiphertext, SecretKey,
};
use phase_e2ee::{mint_token, EnvKeys, EnvSeed, TokenKeys, TokenPrefix};
use proptest::prelude::*;

fn pair_from(bytes: [u8; 32]) -> KeyPair {
    KeyPair::from_secret(SecretKey::from_bytes(bytes))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn raw_round_trip_and_wrong_key(plain in proptest::collection::vec(any::<u8>(), 0..512),
                                    k in any::<[u8; 32]>(), other in any::<[u8; 32]>()) {
        let key = SecretKey::from_bytes(k);
        let blob = encrypt_raw(&plain, &key).unwrap();
        prop_assert_eq!(blob.len(), plain.len() + 16 + 24);
        prop_assert_eq!(&decrypt_raw(&blob, &key).unwrap()[..], &plain[..]);
        if k != other {
            prop_assert!(decrypt_raw(&blob, &SecretKey::from_bytes(other)).is_err());
        }
    }

    #[test]
    fn raw_refuses_any_flipped_bit(plain in "\\PC{0,64}", k in any::<[u8; 32]>(), at in any::<usize>(), bit in 0u8..8) {
        let key = SecretKey::from_bytes(k);
        let mut blob = encrypt_raw(plain.as_bytes(), &key).unwrap();
        let i = at % blob.len();
        blob[i] ^= 1 << bit;
        prop_assert!(decrypt_raw(&blob, &key).is_err());
    }

    #[test]
    fn raw_refuses_garbage(blob in proptest::collection::vec(any::<u8>(), 0..200), k in any::<[u8; 32]>()) {
        prop_assert!(decrypt_raw(&blob, &SecretKey::from_bytes(k)).is_err());
    }

    #[test]
    fn asymmetric_round_trip_and_wrong_key(plain in "\\PC{0,200}", a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
        let recipient = pair_from(a);
        let ct = encrypt_asymmetric(&plain, recipient.public()).unwrap();
        prop_assert!(ct.starts_with("ph:v1:"));
        prop_assert!(server_accepts_ciphertext(&ct));
        prop_assert_eq!(decrypt_asymmetric(&ct, &recipient).unwrap(), plain.clone());
        let other = pair_from(b);
        if other.public() != recipient.public() {
            prop_assert!(decrypt_asymmetric(&ct, &other).is_err());
        }
        // Two encryptions of one text differ (fresh ephemeral key and nonce).
        prop_assert_ne!(encrypt_asymmetric(&plain, recipient.public()).unwrap(), ct);
    }

    #[test]
    fn asymmetric_refuses_tampering(plain in "\\PC{1,64}", a in any::<[u8; 32]>(), at in any::<usize>(), bit in 0u8..8) {
        let recipient = pair_from(a);
        let ct = encrypt_asymmetric(&plain, recipient.public()).unwrap();
        let mut parsed = PhCiphertext::parse(&ct).unwrap();
        let i = at % parsed.sealed.len();
        parsed.sealed[i] ^= 1 << bit;
        prop_assert!(decrypt_asymmetric(&parsed.encode(), &recipient).is_err());
    }

    #[test]
    fn parser_never_panics(text in "\\PC{0,300}", a in any::<[u8; 32]>()) {
        let recipient = pair_from(a);
        let _ = PhCiphertext::parse(&text);
        let _ = decrypt_asymmetric(&text, &recipient);
        let _ = server_accepts_ciphertext(&text);
    }

    #[test]
    fn parser_on_near_misses(a in any::<[u8; 32]>(), cut in any::<usize>(), junk in "[:a-zA-Z0-9+/=]{0,8}") {
        let recipient = pair_from(a);
        let ct = encrypt_asymmetric("value", recipient.public()).unwrap();
        let cut = cut % ct.len();
        let truncated = &ct[..cut];
        prop_assert!(decrypt_asymmetric(truncated, &recipient).is_err());
        let appended = format!("{ct}{junk}");
        if !junk.is_empty() {
            // Either refused as malformed or refused by the tag: never the old plaintext.
            prop_assert!(decrypt_asymmetric(&appended, &recipient).map(|p| p != "value").unwrap_or(true));
        }
    }

    #[test]
    fn digest_is_keyed_and_exact(key in "[A-Za-z0-9_]{1,40}", s1 in any::<[u8; 32]>(), s2 in any::<[u8; 32]>()) {
        let salt1 = hex::encode(s1);
        let salt2 = hex::encode(s2);
        let d = blake2b_digest(&key, &salt1).unwrap();
        prop_assert_eq!(d.len(), 64);
        prop_assert_eq!(&d, &blake2b_digest(&key, &salt1).unwrap());
        if s1 != s2 {
            prop_assert_ne!(&d, &blake2b_digest(&key, &salt2).unwrap());
        }
        if key.to_lowercase() != key {
            prop_assert_ne!(&d, &blake2b_digest(&key.to_lowercase(), &salt1).unwrap());
        }
    }

    #[test]
    fn xor_is_its_own_inverse(a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
        let (a, b) = (SecretKey::from_bytes(a), SecretKey::from_bytes(b));
        prop_assert!(xor_keys(&xor_keys(&a, &b), &b) == a);
    }

    #[test]
    fn token_parse_never_panics(text in "\\PC{0,400}") {
        let _ = TokenKeys::parse(&text);
    }
}

#[test]
fn minted_tokens_unwrap_to_the_account_key() {
    let account = KeyPair::generate().unwrap();
    for prefix in [
        TokenPrefix::User,
        TokenPrefix::ServiceAccount,
        TokenPrefix::Service,
    ] {
        let bearer = "a1".repeat(32);
        let minted = mint_token(prefix, &bearer, &account).unwrap();
        let keys = TokenKeys::parse(&minted.console).unwrap();
        assert_eq!(keys.prefix(), prefix);
        assert_eq!(keys.bearer(), bearer);
        assert_eq!(keys.kx_public(), account.public());
        let unwrapped = keys.unwrap_account(&minted.wrapped_key_share).unwrap();
        assert_eq!(unwrapped, account);
        // Another token's share does not fit this token.
        let other = mint_token(prefix, &bearer, &account).unwrap();
        assert!(keys.unwrap_account(&other.wrapped_key_share).is_err());
        assert!(keys.unwrap_account("zz").is_err());
        assert!(keys.unwrap_account("").is_err());
    }
}

#[test]
fn env_keys_wrap_and_open() {
    let account = KeyPair::generate().unwrap();
    let seed = EnvSeed::generate().unwrap();
    let keys = seed.keys();
    let (wrapped_seed, wrapped_salt) = seed.wrap_for(account.public()).unwrap();
    let identity = keys.public().to_hex();
    let opened = EnvKeys::open(&account, &wrapped_seed, &wrapped_salt, &identity).unwrap();
    assert_eq!(opened.public(), keys.public());
    assert_eq!(opened.key_digest("DB_HOST"), keys.key_digest("DB_HOST"));
    let ct = keys.encrypt("postgres://${DB_USER}@x").unwrap();
    assert_eq!(opened.decrypt(&ct).unwrap(), "postgres://${DB_USER}@x");
    // A wrong identity key, or another account, is refused.
    let stranger = KeyPair::generate().unwrap();
    assert!(EnvKeys::open(
        &account,
        &wrapped_seed,
        &wrapped_salt,
        &stranger.public().to_hex()
    )
    .is_err());
    assert!(EnvKeys::open(&stranger, &wrapped_seed, &wrapped_salt, &identity).is_err());
}

#[test]
fn nothing_secret_is_printed() {
    let account = KeyPair::generate().unwrap();
    let secret_hex = account.secret().to_hex();
    let shown = format!("{account:?} {:?}", account.secret());
    assert!(!shown.contains(secret_hex.as_str()));
    assert!(shown.contains("<redacted>"));
    let bearer = "b2".repeat(32);
    let minted = mint_token(TokenPrefix::User, &bearer, &account).unwrap();
    let keys = TokenKeys::parse(&minted.console).unwrap();
    let fields: Vec<String> = minted.console.split(':').map(str::to_string).collect();
    let shown = format!("{keys:?} {minted:?} {:?}", EnvSeed::generate().unwrap());
    for f in &fields[2..] {
        if f != &account.public().to_hex() {
            assert!(!shown.contains(f.as_str()), "{shown}");
        }
    }
    let err = TokenKeys::parse(&format!("pss_user:v1:{bearer}")).unwrap_err();
    assert!(!err.to_string().contains(&bearer));
}

#[test]
fn tokens_without_key_material_are_refused() {
    let hex64 = "c3".repeat(32);
    for bad in [
        hex64.clone(),
        format!("Bearer User {hex64}"),
        format!("pss_user:v1:{hex64}"),
        format!("pss_user:v2:{hex64}:{hex64}:{hex64}:{hex64}"),
        format!("pss_user:v1:{hex64}:{hex64}:{hex64}:{}", &hex64[1..]),
        format!("pss_user:v1:{hex64}:{hex64}:{hex64}:{hex64}:{hex64}"),
        format!("pss_service:v3:{hex64}:{hex64}:{hex64}:{hex64}"),
    ] {
        assert!(TokenKeys::parse(&bad).is_err(), "{bad}");
    }
    let ok = format!("  pss_service:v2:{hex64}:{hex64}:{hex64}:{hex64}\n");
    assert_eq!(
        TokenKeys::parse(&ok).unwrap().prefix(),
        TokenPrefix::ServiceAccount
    );
}

#[test]
fn server_format_check_matches_the_regex() {
    let h = "a".repeat(64);
    assert!(server_accepts_ciphertext(""));
    assert!(server_accepts_ciphertext(&format!("ph:v1:{h}:x")));
    assert!(server_accepts_ciphertext(&format!(
        "ph:v1:{}:x::",
        h.to_uppercase()
    )));
    assert!(!server_accepts_ciphertext(&format!("ph:v1:{h}:")));
    assert!(!server_accepts_ciphertext(&format!("ph:v1:{h}:\nx")));
    assert!(!server_accepts_ciphertext(&format!("ph:v1:{}:x", &h[1..])));
    assert!(!server_accepts_ciphertext("plain text"));
    assert!(!server_accepts_ciphertext(&format!("ph:v2:{h}:x")));
}
