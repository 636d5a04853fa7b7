//! Round trips, no panics, and no value in a refusal, for arbitrary input.

use std::collections::HashSet;

use envfile::{parse, parse_dotenv, parse_json, write_dotenv, write_json, Entry};
use proptest::prelude::*;

/// Any character, often one of those that matter to the grammar.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(vec![
            '"', '\'', '`', '\\', '\n', '\r', '\t', '#', '$', '=', ' ', '{', '}', '%', ',', '@',
            '\u{feff}', '\u{2028}', '\0',
        ]),
    ]
}

fn string_of(ch: impl Strategy<Value = char>, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(ch, 0..max).prop_map(String::from_iter)
}

fn key() -> impl Strategy<Value = String> {
    "[A-Z_][A-Z0-9_]{0,20}"
}

fn value() -> impl Strategy<Value = String> {
    string_of(tricky_char(), 40)
}

/// Any text without a carriage return.
fn comment() -> impl Strategy<Value = String> {
    string_of(tricky_char().prop_filter("no CR", |c| *c != '\r'), 30)
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![Just("/".to_owned()), "(/[a-z0-9_-]{1,6}){1,3}"]
}

fn kind() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec!["secret", "sealed", "config"]).prop_map(|k| Some(k.to_owned())),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    let tags = prop::collection::vec(string_of(tricky_char(), 8), 0..3);
    (key(), value(), comment(), tags, path(), kind()).prop_map(
        |(key, value, comment, tags, path, kind)| Entry {
            key,
            value,
            comment,
            tags,
            path,
            kind,
            line: 0,
        },
    )
}

/// Entries with each (folder, key) once, as a .env import requires.
fn entries() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(entry(), 0..8).prop_map(|entries| {
        let mut seen = HashSet::new();
        entries
            .into_iter()
            .filter(|e| seen.insert((e.path.clone(), e.key.clone())))
            .collect()
    })
}

fn without_lines(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .map(|e| Entry {
            line: 0,
            ..e.clone()
        })
        .collect()
}

/// A value no refusal may repeat. The `!` keeps it from ever being key-shaped.
fn secret() -> impl Strategy<Value = String> {
    "Zq![a-z0-9]{10}"
}

/// A line around the secret, in every place a value can end up, well-formed or not.
fn line_with(secret: String) -> impl Strategy<Value = String> {
    let before = prop::sample::select(vec![
        "",
        "KEY=",
        "KEY=\"",
        "KEY='",
        "KEY=`",
        "export KEY=",
        "KEY = ",
        "KEY ",
        "=",
        "# ",
        "#@ type=",
        "MY KEY=",
        "  ",
        "KEY=\"x\" ",
        "KEY=-----BEGIN X-----",
        "KEY=a\\",
    ]);
    let after = prop::sample::select(vec![
        "",
        "\"",
        "'",
        "`",
        " trailing",
        "\" trailing",
        "=x",
        " #c",
        "\\",
        "\"#",
        "\" \"",
    ]);
    (before, after).prop_map(move |(b, a)| format!("{b}{secret}{a}"))
}

fn noise_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("OTHER=1".to_owned()),
        Just("QUOTED=\"open".to_owned()),
        Just("-----END X-----".to_owned()),
        Just("#@ path=/x".to_owned()),
        string_of(tricky_char(), 12),
    ]
}

fn file_with(secret: String) -> impl Strategy<Value = String> {
    let line = prop_oneof![line_with(secret), noise_line()];
    (prop::collection::vec(line, 1..12), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn dotenv_round_trips(entries in entries()) {
        let text = write_dotenv(&entries);
        let parsed = parse_dotenv(&text);
        prop_assert!(parsed.refused.is_empty(), "{:?}\n{}", parsed.refused, text.escape_debug());
        prop_assert_eq!(without_lines(&parsed.entries), entries);
    }

    #[test]
    fn dotenv_lines_point_at_keys(entries in entries()) {
        let text = write_dotenv(&entries);
        let lines: Vec<&str> = text.split('\n').collect();
        for e in parse_dotenv(&text).entries {
            let prefix = format!("{}=\"", e.key);
            prop_assert!(lines[e.line - 1].starts_with(&prefix));
        }
    }

    #[test]
    fn json_round_trips(pairs in prop::collection::vec((key(), value()), 0..8)) {
        let mut seen = HashSet::new();
        let entries: Vec<Entry> = pairs
            .into_iter()
            .filter(|(k, _)| seen.insert(k.clone()))
            .map(|(k, v)| Entry::new(k, v))
            .collect();
        let text = write_json(&entries).unwrap();
        let parsed = parse_json(&text);
        prop_assert!(parsed.refused.is_empty(), "{:?}", parsed.refused);
        let got: Vec<(String, String)> =
            parsed.entries.into_iter().map(|e| (e.key, e.value)).collect();
        let want: Vec<(String, String)> =
            entries.into_iter().map(|e| (e.key, e.value)).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        let _ = parse(&text);
        let _ = parse_dotenv(&text);
        let _ = parse_json(&text);
    }

    #[test]
    fn never_panics_on_tricky_text(text in string_of(tricky_char(), 200)) {
        let _ = parse_dotenv(&text);
        let _ = parse_json(&format!("{{{text}"));
    }

    #[test]
    fn refusals_never_repeat_a_value((secret, text) in secret().prop_flat_map(|s| (Just(s.clone()), file_with(s)))) {
        let parsed = parse_dotenv(&text);
        for r in &parsed.refused {
            prop_assert!(!r.reason.contains(&secret), "{:?} in {}", r, text.escape_debug());
            prop_assert!(!r.key.as_deref().unwrap_or("").contains(&secret), "{:?}", r);
        }
        let shown = format!("{parsed:?}");
        prop_assert!(!shown.contains(&secret), "{}", shown);
    }

    #[test]
    fn json_refusals_never_repeat_a_value(secret in secret(), cut in 0usize..40) {
        let text = format!("{{\n  \"A\": \"{secret}\",\n  \"B\": [\"{secret}\"],\n  \"C\": null\n}}");
        let texts = [text.clone(), text[..cut.min(text.len())].to_owned(), format!("\"{secret}\""), format!("[\"{secret}\"]")];
        for t in texts {
            let parsed = parse_json(&t);
            for r in &parsed.refused {
                prop_assert!(!r.reason.contains(&secret), "{:?}", r);
            }
            let shown = format!("{parsed:?}");
            prop_assert!(!shown.contains(&secret), "{}", shown);
        }
    }
}
