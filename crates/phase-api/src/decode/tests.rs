use super::*;
use crate::models::{EnvType, Lifecycle, SecretType};

/// The list response of the seed docs (its trailing comma removed: the real server
/// sends valid JSON), plus fields the docs do not list.
const SEED_LIST: &str = r#"[
    {
        "id": "36fc2244-47f5-4ff4-8b72-deed1bf876da",
        "key": "DEBUG",
        "value": "False",
        "comment": "Debug mode for the backend app",
        "tags": ["config"],
        "override": {
            "id": "904a64c7-95df-470f-aa58-6beaa55dea3c",
            "value": "True",
            "isActive": true,
            "createdAt": "2024-04-11T15:03:02.029689Z",
            "updatedAt": "2024-04-11T15:03:02.032630Z"
        },
        "path": "/backend",
        "keyDigest": "2bba3630bec4829f3f98b9fd7548e4f782df43a24ba5d94c2dd80e1fe618c65e",
        "version": 2,
        "createdAt": "2024-02-13T13:41:45.551255Z",
        "updatedAt": "2024-02-14T07:44:10.926591Z",
        "environment": "af6b7a8e-c268-48c2-967c-032e86e26110",
        "someFutureField": {"nested": [1, 2, 3]},
        "rotationPolicy": null
    }
]"#;

#[test]
fn seed_list_decodes() {
    let s = decode_secrets(SEED_LIST.as_bytes()).unwrap();
    assert_eq!(s.len(), 1);
    let s = &s[0];
    assert_eq!(s.key, "DEBUG");
    assert_eq!(s.value.expose(), "False");
    assert_eq!(s.effective_value().expose(), "True");
    assert!(s.has_active_override());
    assert_eq!(s.tags, vec!["config"]);
    assert_eq!(s.path, "/backend");
    assert_eq!(s.version, 2);
    assert_eq!(s.r#type, SecretType::Secret);
    assert_eq!(s.lifecycle, Lifecycle::Static);
    assert!(s.created_at.is_some());
    let o = s.r#override.as_ref().unwrap();
    assert_eq!(o.id, "904a64c7-95df-470f-aa58-6beaa55dea3c");
    assert!(o.is_active);
}

#[test]
fn seed_trailing_comma_is_a_decode_error_not_a_panic() {
    let with_comma = r#"[{"id": "a", "key": "K", "value": "v", "environment": "e",}]"#;
    let e = decode_secrets(with_comma.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "decode");
}

#[test]
fn real_shape_with_nulls_and_missing_fields() {
    let body = r#"[{
        "id": "s1", "key": "API_URL", "value": "https://x", "comment": null,
        "tags": null, "type": "config", "lifecycle": "rotating", "path": null,
        "folder": {"id": "f1", "name": "x"}, "keyDigest": "d", "version": 1,
        "createdAt": "not a date", "updatedAt": null, "environment": "e1"
    }, {
        "id": "s2", "key": "SEALED", "value": "v", "type": "sealed",
        "lifecycle": "something-new", "tags": [{"id": "t", "name": "db"}, 5]
    }, {
        "id": "s3", "key": "WEIRD", "value": null, "type": "hologram", "version": 3.0
    }]"#;
    let s = decode_secrets(body.as_bytes()).unwrap();
    assert_eq!(s[0].comment, "");
    assert!(s[0].tags.is_empty());
    assert!(s[0].r#override.is_none());
    assert_eq!(s[0].r#type, SecretType::Config);
    assert_eq!(s[0].lifecycle, Lifecycle::Rotating);
    assert_eq!(s[0].path, "/");
    assert!(s[0].created_at.is_none());
    assert_eq!(s[0].effective_value().expose(), "https://x");
    assert_eq!(s[1].r#type, SecretType::Sealed);
    assert_eq!(s[1].lifecycle, Lifecycle::Static);
    assert_eq!(s[1].tags, vec!["db"]);
    assert_eq!(s[1].path, "/");
    assert_eq!(s[2].value.expose(), "");
    assert_eq!(s[2].r#type, SecretType::Secret);
    assert_eq!(s[2].version, 3);
}

#[test]
fn inactive_override_keeps_shared_value() {
    let body = r#"[{"id": "s", "key": "K", "value": "shared",
        "override": {"id": "o", "value": "mine", "isActive": false}}]"#;
    let s = decode_secrets(body.as_bytes()).unwrap();
    assert_eq!(s[0].effective_value().expose(), "shared");
}

#[test]
fn malformed_override_timestamp_from_the_seed_is_tolerated() {
    // The seed's update example has "2024-04-11T15:05:026.032630Z".
    let body = r#"[{"id": "s", "key": "K", "value": "v", "override": {"id": "o",
        "value": "w", "isActive": true, "updatedAt": "2024-04-11T15:05:026.032630Z"}}]"#;
    let s = decode_secrets(body.as_bytes()).unwrap();
    assert!(s[0].r#override.as_ref().unwrap().updated_at.is_none());
}

#[test]
fn wrapped_lists_accepted() {
    let body = r#"{"data": [{"id": "a", "key": "K", "value": "v", "folder": {"id": "f"}}]}"#;
    let s = decode_secrets(body.as_bytes()).unwrap();
    assert_eq!((s[0].key.as_str(), s[0].value.expose()), ("K", "v"));
    assert!(decode_secrets(b"[]").unwrap().is_empty());
}

#[test]
fn decode_errors_never_quote_values() {
    let body = br#"[{"id": "a", "key": "K", "value": {"nested": "TOPSECRET"}}]"#;
    let e = decode_secrets(body).unwrap_err();
    assert_eq!(e.code(), "decode");
    assert!(!e.to_string().contains("TOPSECRET"), "{e}");
    let e = decode_secrets(br#"[{"key": "K", "value": "TOPSECRET"}]"#).unwrap_err();
    assert!(e.to_string().contains("missing field"), "{e}");
    assert!(!e.to_string().contains("TOPSECRET"));
    let e = decode_secrets(br#"{"message": "TOPSECRET"}"#).unwrap_err();
    assert!(!e.to_string().contains("TOPSECRET"));
    let e = decode_secrets(b"[{\"id\": \"a\", \"key\": \"K\", \"value\": \"TOPSEC").unwrap_err();
    assert!(e.to_string().contains("ended early"), "{e}");
    assert!(!e.to_string().contains("TOPSEC"));
}

#[test]
fn html_success_body_is_explained() {
    let e = decode_secrets(b"<!DOCTYPE html><html><body>Console</body></html>").unwrap_err();
    assert_eq!(e.code(), "decode");
    assert!(e.to_string().contains("web page"), "{e}");
}

#[test]
fn apps_and_environments() {
    let apps = br#"{"data": [
        {"id": "a1", "name": "Demo", "description": null, "sseEnabled": true,
         "createdAt": "2024-02-13T13:41:45.551255Z", "updatedAt": "2024-02-13T13:41:45Z", "extra": 1},
        {"id": "a2", "name": "E2EE", "description": "locked", "sseEnabled": false}
    ]}"#;
    let apps = decode_apps(apps).unwrap();
    assert!(apps[0].sse_enabled);
    assert!(!apps[1].sse_enabled);
    assert_eq!(apps[1].description.as_deref(), Some("locked"));
    let envs = br#"{"data": [
        {"id": "e3", "name": "Production", "envType": "prod", "index": 2},
        {"id": "e1", "name": "Development", "envType": "dev", "index": 0},
        {"id": "e2", "name": "Staging", "envType": "STAGING", "index": 1},
        {"id": "e4", "name": "qa", "envType": "weird", "index": 3}
    ]}"#;
    let envs = decode_environments(envs).unwrap();
    let types: Vec<EnvType> = envs.iter().map(|e| e.env_type).collect();
    assert_eq!(
        types,
        vec![
            EnvType::Dev,
            EnvType::Staging,
            EnvType::Prod,
            EnvType::Custom
        ]
    );
    assert_eq!(serde_json::to_string(&EnvType::Prod).unwrap(), "\"prod\"");
}

#[test]
fn delete_message_and_create_message_only() {
    assert_eq!(
        decode_message(br#"{"message": "Deleted 2 secrets"}"#).unwrap(),
        "Deleted 2 secrets"
    );
    assert!(decode_message(b"[]").is_err());
    assert!(matches!(
        decode_create(br#"{"message": "ok"}"#).unwrap(),
        CreateAnswer::MessageOnly
    ));
    assert!(matches!(decode_create(b"[]").unwrap(), CreateAnswer::Secrets(v) if v.is_empty()));
}

#[test]
fn error_bodies_map_to_variants() {
    let e = decode_error_body(401, br#"{"error": "Token expired or deleted"}"#);
    assert_eq!(
        e,
        PhaseError::Unauthorized {
            message: "Token expired or deleted".into()
        }
    );
    let e = decode_error_body(
        401,
        br#"{"detail": "Authentication credentials were not provided."}"#,
    );
    assert_eq!(
        e.to_string(),
        "Authentication credentials were not provided."
    );
    let e = decode_error_body(409, br#"{"error": "Duplicate secret found"}"#);
    assert_eq!(e.code(), "duplicateKey");
    let e = decode_error_body(400, br#"{"error": "SSE is not enabled for this App"}"#);
    assert_eq!(e.code(), "sseDisabled");
    let e = decode_error_body(403, br#"{"error": "You don't have access to this app"}"#);
    assert_eq!(e.code(), "forbidden");
    let e = decode_error_body(404, b"<!doctype html><html><h1>Not Found</h1></html>");
    assert_eq!(
        e,
        PhaseError::NotFound {
            message: NO_SUCH_ROUTE.into()
        }
    );
    let e = decode_error_body(404, br#"{"error": "Environment 'nope' not found"}"#);
    assert_eq!(e.to_string(), "Environment 'nope' not found");
    let e = decode_error_body(
        429,
        br#"{"error": "Request was throttled. Expected available in 60 seconds."}"#,
    );
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(60)));
    assert_eq!(e.code(), "rateLimited");
    let e = decode_error_body(502, b"<html>Bad gateway secret-ish body</html>");
    assert_eq!(e.code(), "server");
    assert!(!e.to_string().contains("secret-ish"));
    let e = decode_error_body(418, b"");
    assert_eq!(e.code(), "unexpectedStatus");
    let e = decode_error_body(400, br#"{"detail": ["first", "second"]}"#);
    assert_eq!(e.to_string(), "first second");
    let e = decode_error_body(500, b"\xff\xfe");
    assert_eq!(e.code(), "server");
}

#[test]
fn debug_output_never_shows_values() {
    let body = r#"[{"id": "s", "key": "K", "value": "SHARED-VALUE-9f2",
        "override": {"id": "o", "value": "OVERRIDE-VALUE-7c1", "isActive": true}}]"#;
    let secrets = decode_secrets(body.as_bytes()).unwrap();
    let shown = format!("{secrets:?} {:#?}", secrets[0]);
    assert!(!shown.contains("SHARED-VALUE-9f2"), "{shown}");
    assert!(!shown.contains("OVERRIDE-VALUE-7c1"), "{shown}");
    assert!(shown.contains("<redacted>"));
    let new = crate::NewSecret::new("K", "NEW-VALUE-3a0");
    assert!(!format!("{new:?}").contains("NEW-VALUE-3a0"));
    let upd = crate::SecretUpdate {
        value: Some("UPD-VALUE-5e5".into()),
        ..crate::SecretUpdate::new("s", "/")
    };
    assert!(!format!("{upd:?}").contains("UPD-VALUE-5e5"));
}
