use super::*;

const ACCOUNT: &str = "6f1c2b1e-8a40-4f7e-9d2b-0c7a1e5b9f10";
const APP: &str = "2a9d1c3e-51f0-4c55-a8d2-6e0b7f4c3d21";

fn link(path: &str, key: Option<&str>) -> DeepLink {
    DeepLink::new(ACCOUNT, APP, "development", path, key).expect("valid link")
}

#[test]
fn parses_a_full_link() {
    let url = format!(
        "phase-desk://open?account={ACCOUNT}&app={APP}&env=development&path=/backend/db&key=DB_PASSWORD"
    );
    let l = DeepLink::parse(&url).unwrap();
    assert_eq!(l, link("/backend/db", Some("DB_PASSWORD")));
}

#[test]
fn path_and_key_are_optional() {
    let url = format!("phase-desk://open?account={ACCOUNT}&app={APP}&env=staging");
    let l = DeepLink::parse(&url).unwrap();
    assert_eq!(l.path, "/");
    assert_eq!(l.key, None);
    assert_eq!(l.env, "staging");
    // An empty key is no key.
    let l = DeepLink::parse(&format!("{url}&key=")).unwrap();
    assert_eq!(l.key, None);
}

#[test]
fn scheme_and_action_ignore_case_and_a_trailing_slash() {
    let url = format!("PHASE-DESK://Open/?account={ACCOUNT}&app={APP}&env=dev");
    assert_eq!(DeepLink::parse(&url).unwrap().env, "dev");
}

#[test]
fn builds_and_reads_back() {
    for l in [
        link("/", None),
        link("/backend/db", Some("DB_PASSWORD")),
        DeepLink::new(
            "local-sandbox",
            "My App & Co",
            "Prod (EU) é",
            "/a b/ü+x",
            Some("K.1-x"),
        )
        .unwrap(),
    ] {
        let url = l.to_url();
        assert!(url.starts_with("phase-desk://open?account="), "{url}");
        assert_eq!(DeepLink::parse(&url).unwrap(), l, "{url}");
    }
}

#[test]
fn percent_encodes_everything_outside_the_unreserved_set() {
    let l = DeepLink::new("acc", "a&b=c?d", "prod eu", "/x y/z%", Some("K")).unwrap();
    assert_eq!(
        l.to_url(),
        "phase-desk://open?account=acc&app=a%26b%3Dc%3Fd&env=prod%20eu&path=/x%20y/z%25&key=K"
    );
    let l = DeepLink::new("acc", "app", "é", "/", None).unwrap();
    assert_eq!(
        l.to_url(),
        "phase-desk://open?account=acc&app=app&env=%C3%A9&path=/"
    );
}

#[test]
fn decodes_percent_escapes_and_plus() {
    let l = DeepLink::parse("phase-desk://open?account=acc&app=My+App&env=prod%20eu&path=%2Fa%2Fb")
        .unwrap();
    assert_eq!(l.app, "My App");
    assert_eq!(l.env, "prod eu");
    assert_eq!(l.path, "/a/b");
}

#[test]
fn refuses_broken_escapes_and_non_utf8() {
    for bad in ["%", "%4", "%zz", "%FF%FE"] {
        let url = format!("phase-desk://open?account=acc&app={bad}&env=dev");
        assert!(
            matches!(DeepLink::parse(&url), Err(LinkError::Invalid { ref field, .. }) if field == "app"),
            "{url}: {:?}",
            DeepLink::parse(&url)
        );
    }
}

#[test]
fn refuses_other_schemes_and_actions() {
    assert_eq!(
        DeepLink::parse("https://open?account=a&app=b&env=c"),
        Err(LinkError::NotALink)
    );
    assert_eq!(DeepLink::parse("phase-desk:open"), Err(LinkError::NotALink));
    assert_eq!(
        DeepLink::parse("phase-desk://delete?account=a&app=b&env=c"),
        Err(LinkError::UnknownAction("delete".into()))
    );
    assert_eq!(
        DeepLink::parse("phase-desk://open?account=a&app=b&env=c#x"),
        Err(LinkError::Fragment)
    );
}

#[test]
fn refuses_unknown_and_repeated_fields() {
    assert_eq!(
        DeepLink::parse("phase-desk://open?account=a&app=b&env=c&tag=x"),
        Err(LinkError::UnknownField("tag".into()))
    );
    assert_eq!(
        DeepLink::parse("phase-desk://open?account=a&app=b&env=c&env=d"),
        Err(LinkError::Repeated("env".into()))
    );
}

#[test]
fn refuses_fields_that_would_carry_a_secret() {
    for field in ["value", "token", "secret", "password", "Authorization"] {
        let url = format!("phase-desk://open?account=a&app=b&env=c&{field}=x");
        let err = DeepLink::parse(&url).unwrap_err();
        assert_eq!(err, LinkError::SecretField(field.to_ascii_lowercase()));
        assert!(err.to_string().contains("never hold values or tokens"));
    }
}

#[test]
fn refuses_token_looking_text_in_any_field() {
    let tokens = [
        "pss_user:v1:0123456789abcdef0123456789abcdef:abc",
        "pss_service:v2:abc:def",
        "Bearer User abc",
        "ck_9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e",
    ];
    for t in tokens {
        for field in ["account", "app", "env", "path", "key"] {
            let mut fields = vec![
                ("account", "acc".to_string()),
                ("app", "app".into()),
                ("env", "dev".into()),
            ];
            let value = if field == "path" {
                format!("/{t}")
            } else {
                t.to_string()
            };
            match fields.iter_mut().find(|(f, _)| *f == field) {
                Some(slot) => slot.1 = value,
                None => fields.push((field, value)),
            }
            let query: Vec<String> = fields
                .iter()
                .map(|(f, v)| format!("{f}={}", encode(v, true)))
                .collect();
            let url = format!("phase-desk://open?{}", query.join("&"));
            let got = DeepLink::parse(&url);
            assert!(
                matches!(
                    got,
                    Err(LinkError::LooksLikeToken(_)) | Err(LinkError::Invalid { .. })
                ),
                "{field}={t}: {got:?}"
            );
        }
    }
    // Ordinary ids, names and keys pass.
    assert!(!looks_like_token(ACCOUNT));
    assert!(!looks_like_token(
        "STRIPE_SECRET_KEY_FOR_THE_PAYMENTS_SERVICE"
    ));
    assert!(!looks_like_token("Production (EU)"));
}

#[test]
fn refuses_missing_fields_and_bad_values() {
    assert_eq!(
        DeepLink::parse("phase-desk://open?app=b&env=c"),
        Err(LinkError::Missing("account"))
    );
    assert_eq!(
        DeepLink::parse("phase-desk://open?account=a&env=c"),
        Err(LinkError::Missing("app"))
    );
    assert_eq!(
        DeepLink::parse("phase-desk://open?account=a&app=b"),
        Err(LinkError::Missing("env"))
    );
    let bad = [
        ("account=a%20b&app=b&env=c", "account"),
        ("account=a&app=&env=c", "app"),
        ("account=a&app=b&env=c%0A", "env"),
        ("account=a&app=b&env=c&path=relative", "path"),
        ("account=a&app=b&env=c&path=/a/../b", "path"),
        ("account=a&app=b&env=c&key=A%20B", "key"),
        ("account=a&app=b&env=c&key=A%3DB", "key"),
    ];
    for (q, field) in bad {
        let got = DeepLink::parse(&format!("phase-desk://open?{q}"));
        assert!(
            matches!(&got, Err(LinkError::Invalid { field: f, .. }) if f == field),
            "{q}: {got:?}"
        );
    }
    let long = "a".repeat(MAX_FIELD_LEN + 1);
    assert!(DeepLink::parse(&format!("phase-desk://open?account=a&app={long}&env=c")).is_err());
    let huge = format!(
        "phase-desk://open?account=a&app=b&env={}",
        "e".repeat(MAX_LINK_LEN)
    );
    assert_eq!(DeepLink::parse(&huge), Err(LinkError::TooLong));
}

#[test]
fn normalises_the_folder() {
    let l = DeepLink::parse("phase-desk://open?account=a&app=b&env=c&path=//x//y/").unwrap();
    assert_eq!(l.path, "/x/y");
}

#[test]
fn finds_the_link_among_arguments() {
    let url = link("/x", Some("K")).to_url();
    let args = vec!["phase-desk".to_string(), "--sandbox".into(), url.clone()];
    assert_eq!(DeepLink::from_args(&args), Some(Ok(link("/x", Some("K")))));
    assert_eq!(DeepLink::from_args(&["phase-desk", "--sandbox"]), None);
    assert!(matches!(
        DeepLink::from_args(&["phase-desk", "phase-desk://open?value=1"]),
        Some(Err(LinkError::SecretField(_)))
    ));
}

#[test]
fn the_inbox_keeps_the_newest_link_once() {
    let inbox = LinkInbox::default();
    assert_eq!(inbox.take(), None);
    inbox.put(Err(LinkError::NotALink).into());
    inbox.put(Ok(link("/", None)).into());
    let got = inbox.take().unwrap();
    assert_eq!(got.link, Some(link("/", None)));
    assert_eq!(got.error, None);
    assert_eq!(inbox.take(), None);
    let err: LinkRequest = Err(LinkError::Missing("app")).into();
    assert_eq!(err.error.as_deref(), Some("This link has no app."));
}
