//! Property tests: the decoders and validators never panic on arbitrary input, and the
//! normalisers' outputs keep their promises.

use phase_api::{
    decode_apps, decode_environments, decode_error_body, decode_message, decode_secrets,
    normalize_key, normalize_path, validate_new_secrets, validate_tag, validate_updates, NewSecret,
    SecretUpdate, Token, TokenKind,
};
use proptest::prelude::*;

/// Arbitrary JSON values, biased towards the secret object's field names.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)),
        ".*".prop_map(serde_json::Value::from),
    ];
    let field = prop_oneof![
        Just("id".to_string()),
        Just("key".to_string()),
        Just("value".to_string()),
        Just("comment".to_string()),
        Just("tags".to_string()),
        Just("override".to_string()),
        Just("isActive".to_string()),
        Just("type".to_string()),
        Just("lifecycle".to_string()),
        Just("path".to_string()),
        Just("version".to_string()),
        Just("createdAt".to_string()),
        Just("data".to_string()),
        Just("error".to_string()),
        "[a-zA-Z]{1,8}",
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(field.clone(), inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoders_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode_secrets(&bytes);
        let _ = decode_apps(&bytes);
        let _ = decode_environments(&bytes);
        let _ = decode_message(&bytes);
        let _ = decode_error_body(400, &bytes);
        let _ = decode_error_body(429, &bytes);
    }

    #[test]
    fn decoders_never_panic_on_json(v in json_value(), status in 100u16..600) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let _ = decode_secrets(&bytes);
        let _ = decode_apps(&bytes);
        let _ = decode_environments(&bytes);
        let _ = decode_message(&bytes);
        let e = decode_error_body(status, &bytes);
        let _ = (e.code(), e.to_string(), e.retry_after());
    }

    #[test]
    fn decoded_secret_lists_round_trip(v in json_value()) {
        let wrapped = serde_json::Value::Array(vec![v]);
        if let Ok(secrets) = decode_secrets(&serde_json::to_vec(&wrapped).unwrap()) {
            let again = serde_json::to_vec(&secrets).unwrap();
            let back = decode_secrets(&again).unwrap();
            prop_assert_eq!(back.len(), secrets.len());
        }
    }

    #[test]
    fn normalized_keys_are_upper_snake(raw in ".*") {
        if let Ok(k) = normalize_key(&raw) {
            prop_assert!(!k.is_empty());
            prop_assert!(k.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'), "{}", k);
            prop_assert_eq!(normalize_key(&k).unwrap(), k);
        }
    }

    #[test]
    fn keys_from_the_console_alphabet_are_accepted(raw in "[a-zA-Z0-9_ -]{0,40}[a-zA-Z0-9_][a-zA-Z0-9_ -]{0,40}") {
        prop_assert!(normalize_key(&raw).is_ok());
    }

    #[test]
    fn normalize_path_is_idempotent(raw in ".*") {
        if let Ok(p) = normalize_path(&raw) {
            prop_assert!(p.starts_with('/'));
            prop_assert!(p == "/" || !p.ends_with('/'));
            prop_assert!(!p.contains("//"));
            prop_assert_eq!(normalize_path(&p).unwrap(), p);
        }
    }

    #[test]
    fn tags_and_tokens_never_panic(raw in ".*", kind in 0u8..3) {
        let _ = validate_tag(&raw);
        let kind = [TokenKind::User, TokenKind::ServiceAccount, TokenKind::Service][kind as usize];
        if let Ok(t) = Token::parse(&raw, kind) {
            let shown = format!("{:?}", t);
            prop_assert_eq!(shown, format!("Token({}, <redacted>)", t.kind().header_word()));
        }
        let _ = Token::new(kind, raw);
    }

    #[test]
    fn batch_validators_never_panic(
        rows in prop::collection::vec((".{0,12}", ".{0,12}", prop::collection::vec(".{0,70}", 0..3)), 0..6)
    ) {
        let batch: Vec<NewSecret> = rows
            .iter()
            .map(|(k, p, tags)| NewSecret { path: Some(p.clone()), tags: tags.clone(), ..NewSecret::new(k.clone(), "v") })
            .collect();
        if let Ok(out) = validate_new_secrets(&batch) {
            prop_assert_eq!(out.len(), batch.len());
            for s in &out {
                prop_assert_eq!(normalize_key(&s.key).unwrap(), s.key.clone());
            }
        }
        let updates: Vec<SecretUpdate> = rows
            .iter()
            .map(|(k, p, tags)| SecretUpdate { key: Some(k.clone()), tags: Some(tags.clone()), ..SecretUpdate::new(k.clone(), p.clone()) })
            .collect();
        let _ = validate_updates(&updates);
    }
}
