//! The JSON import: an object of KEY: value members.

use envfile::{parse, parse_json, Format, Parsed};

fn kv(p: &Parsed) -> Vec<(&str, &str)> {
    p.entries
        .iter()
        .map(|e| (e.key.as_str(), e.value.as_str()))
        .collect()
}

#[test]
fn parse_detects_json() {
    let p = parse("\n  {\"A\": \"1\", \"B\": 2}");
    assert_eq!(p.format, Format::Json);
    assert_eq!(kv(&p), [("A", "1"), ("B", "2")]);
}

#[test]
fn json_values_and_refusals() {
    let text = "{\n  \"S\": \"${staging.DB_HOST}\",\n  \"N\": 1.50,\n  \"T\": true,\n  \"NUL\": null,\n  \"ARR\": [1],\n  \"OBJ\": {\"a\": 1},\n  \"S\": \"again\"\n}";
    let p = parse_json(text);
    assert_eq!(
        kv(&p),
        [("S", "${staging.DB_HOST}"), ("N", "1.50"), ("T", "true")]
    );
    assert_eq!(p.entries[1].line, 3);
    let refused: Vec<_> = p
        .refused
        .iter()
        .map(|r| (r.line, r.key.as_deref().unwrap()))
        .collect();
    assert_eq!(refused, [(5, "NUL"), (6, "ARR"), (7, "OBJ"), (8, "S")]);
}

#[test]
fn invalid_json_is_one_refusal_at_the_error_line() {
    let p = parse_json("{\n  \"A\": \"1\",\n  \"B\": \"hunter2\" oops\n}");
    assert!(p.entries.is_empty());
    assert_eq!(p.refused.len(), 1);
    assert_eq!(p.refused[0].line, 3);
    assert!(!p.refused[0].reason.contains("hunter2"));
    // A top-level string: serde's own message would quote it.
    let p = parse_json("\"hunter2\"");
    assert_eq!(p.refused.len(), 1);
    assert!(
        !p.refused[0].reason.contains("hunter2"),
        "{}",
        p.refused[0].reason
    );
}

#[test]
fn bom_and_whitespace_before_the_object() {
    let p = parse("\u{feff}\n  {\"A\": false}\n");
    assert_eq!(p.format, Format::Json);
    assert_eq!(kv(&p), [("A", "false")]);
    assert_eq!(p.entries[0].line, 2);
}

#[test]
fn a_list_at_the_top_is_refused() {
    let p = parse_json("[{\"A\": \"1\"}]");
    assert!(p.entries.is_empty());
    assert_eq!(p.refused.len(), 1);
    assert!(p.refused[0].reason.contains("not an object"));
}
