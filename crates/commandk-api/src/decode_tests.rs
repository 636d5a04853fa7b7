use super::*;

#[test]
fn error_bodies() {
    let body =
        br#"{"requestId":"r1","error":"Forbidden","message":"Token scope Read cannot write"}"#;
    let e = error_from_body(403, body);
    assert_eq!(e.code(), "forbidden");
    assert_eq!(e.to_string(), "Token scope Read cannot write");

    let e = error_from_body(409, br#"{"message":"exists","entityId":"s-1"}"#);
    assert_eq!((e.code(), e.existing_id()), ("duplicateKey", Some("s-1")));
    let e = error_from_body(409, b"");
    assert_eq!(e.existing_id(), None);

    let e = error_from_body(400, br#"{"errorType":"DataEntityNonSingular","error":"x"}"#);
    assert_eq!(e.code(), "appNameNotUnique");
    assert_eq!(
        error_from_body(400, br#"{"detail":"bad"}"#).to_string(),
        "bad"
    );

    let e = error_from_body(404, b"<!DOCTYPE html><html>nope</html>");
    assert!(e.to_string().contains("no such route"), "{e}");
    assert_eq!(error_from_body(502, b"oops").code(), "server");
    assert_eq!(error_from_body(302, b"").code(), "unexpectedStatus");
    assert_eq!(error_from_body(429, b"{}").code(), "rateLimited");
}

#[test]
fn lists() {
    let envs = environments(
        br#"{"environments":[{"id":"e1","name":"Development","slug":"development","label":"Dev","extra":1}]}"#,
    )
    .unwrap();
    assert_eq!(envs[0].slug, "development");
    assert_eq!(environments(br#"[{"id":"e2"}]"#).unwrap()[0].name, "");
    let e = environments(br#"{"environments":[{"name":"no id"}]}"#).unwrap_err();
    assert!(e.to_string().contains("item 0"), "{e}");
    assert_eq!(providers(br#"{"providers":[]}"#).unwrap(), vec![]);
    assert_eq!(environments(b"{}").unwrap_err().code(), "decode");
    assert_eq!(app(br#"{"id":"a","name":"N","slug":"n"}"#).unwrap().id, "a");
    assert!(app(b"<html>").unwrap_err().to_string().contains("web page"));
}

#[test]
fn rendered_modes() {
    let body = br#"{"secrets":[
        {"key":"A","secretId":"s1","valueType":"urn:rendered-app-secret:value-type:String","serializedValue":"hunter2"},
        {"key":"B","secretId":"s2","valueType":"urn:rendered-app-secret:value-type:None"},
        {"key":"C","secretId":"s3","valueType":"urn:rendered-app-secret:value-type:None","serializedValue":""}
    ],"changelogId":"c9","secretDigest":"d","incrementalId":42}"#;
    let full = rendered(body, RenderMode::Full, Some("\"t\"".into())).unwrap();
    assert_eq!(full.secrets[0].value, RenderedValue::Full("hunter2".into()));
    assert_eq!(full.secrets[1].value, RenderedValue::Unset);
    assert_eq!(full.secrets[2].value, RenderedValue::Unset);
    assert_eq!(full.etag.as_deref(), Some("\"t\""));
    assert_eq!(
        (full.changelog_id.as_deref(), full.incremental_id),
        (Some("c9"), Some(42))
    );
    let masked = rendered(body, RenderMode::PreviewOnly, None).unwrap();
    assert_eq!(
        masked.secrets[0].value,
        RenderedValue::Masked("hunter2".into())
    );
    let bare = rendered(
        br#"{"secrets":[],"incrementalId":"7"}"#,
        RenderMode::Full,
        None,
    )
    .unwrap();
    assert_eq!(bare.incremental_id, Some(7));
}

#[test]
fn decode_errors_never_quote_values() {
    let body = br#"{"secrets":[{"key":"A","secretId":5,"serializedValue":"hunter2"}]}"#;
    let e = rendered(body, RenderMode::Full, None).unwrap_err();
    assert_eq!(e.code(), "decode");
    assert!(!e.to_string().contains("hunter2"), "{e}");
    let e = rendered(
        br#"{"secrets":[{"key":"A","secretId":"s","serializedValue":{"x":"hunter2"}}]}"#,
        RenderMode::Full,
        None,
    )
    .unwrap_err();
    assert!(!e.to_string().contains("hunter2"), "{e}");
    assert!(rendered(b"{\"secrets\":[", RenderMode::Full, None)
        .unwrap_err()
        .to_string()
        .contains("ended early"));
}
