//! What the exports look like.

use envfile::{parse_dotenv, write_dotenv, write_json, write_yaml, Entry, ExportError};

fn full() -> Vec<Entry> {
    vec![
        Entry::new("PLAIN", "v"),
        Entry {
            comment: "Primary database\nrotated monthly".to_owned(),
            tags: vec!["prod".to_owned(), "team, infra".to_owned()],
            path: "/db".to_owned(),
            kind: Some("sealed".to_owned()),
            ..Entry::new("DB_PASS", "p\"a\\s$s\nword ${staging.DB_HOST}")
        },
        Entry {
            comment: "only a comment".to_owned(),
            ..Entry::new("URL", "http://x/#frag")
        },
    ]
}

#[test]
fn dotenv_export_layout() {
    let text = write_dotenv(&full());
    assert_eq!(
        text,
        "PLAIN=\"v\"\n\
         \n\
         # Primary database\n\
         # rotated monthly\n\
         #@ path=/db tags=prod,team%2C%20infra type=sealed\n\
         DB_PASS=\"p\\\"a\\\\s$s\\nword ${staging.DB_HOST}\"\n\
         \n\
         # only a comment\n\
         URL=\"http://x/#frag\"\n"
    );
    let back: Vec<Entry> = parse_dotenv(&text)
        .entries
        .into_iter()
        .map(|e| Entry { line: 0, ..e })
        .collect();
    assert_eq!(back, full());
}

#[test]
fn json_export_is_pretty_and_ordered() {
    let entries = vec![Entry::new("Z", "last\"one"), Entry::new("A", "${X}")];
    assert_eq!(
        write_json(&entries).unwrap(),
        "{\n  \"Z\": \"last\\\"one\",\n  \"A\": \"${X}\"\n}\n"
    );
    assert_eq!(write_json(&[]).unwrap(), "{}\n");
}

#[test]
fn yaml_export_double_quotes_everything() {
    let entries = vec![
        Entry::new("B", "multi\nline \"q\" \\ $HOME #x"),
        Entry::new("A", "123"),
        Entry::new("ON", "yes"),
    ];
    assert_eq!(
        write_yaml(&entries).unwrap(),
        "B: \"multi\\nline \\\"q\\\" \\\\ $HOME #x\"\nA: \"123\"\n\"ON\": \"yes\"\n"
    );
}

#[test]
fn flat_formats_refuse_a_key_in_two_folders() {
    let entries = vec![
        Entry::new("DB_HOST", "one-secret-value"),
        Entry {
            path: "/other".to_owned(),
            ..Entry::new("DB_HOST", "two-secret-value")
        },
        Entry::new("SOLO", "x"),
    ];
    for err in [
        write_json(&entries).unwrap_err(),
        write_yaml(&entries).unwrap_err(),
    ] {
        let ExportError::KeyInSeveralFolders { keys, .. } = &err;
        assert_eq!(keys, &["DB_HOST"]);
        let msg = err.to_string();
        assert!(msg.contains("DB_HOST") && msg.contains(".env"), "{msg}");
        assert!(!msg.contains("secret-value") && !format!("{err:?}").contains("secret-value"));
    }
    assert!(write_json(&entries)
        .unwrap_err()
        .to_string()
        .starts_with("DB_HOST is in more than one folder"));
}
