//! One test per grammar rule, on realistic files.

use envfile::{parse, parse_dotenv, Entry, Format, Parsed};

fn kv(p: &Parsed) -> Vec<(&str, &str)> {
    p.entries
        .iter()
        .map(|e| (e.key.as_str(), e.value.as_str()))
        .collect()
}

fn only(text: &str) -> Entry {
    let p = parse_dotenv(text);
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    assert_eq!(p.entries.len(), 1, "{:?}", p.entries);
    p.entries.into_iter().next().unwrap()
}

fn refused_lines(p: &Parsed) -> Vec<usize> {
    p.refused.iter().map(|r| r.line).collect()
}

#[test]
fn blank_lines_and_comment_lines() {
    let p = parse_dotenv("# Stripe\n\n# live keys\n\nSTRIPE_KEY=sk_live_1\n\n\nOTHER=2\n");
    assert_eq!(kv(&p), [("STRIPE_KEY", "sk_live_1"), ("OTHER", "2")]);
    assert_eq!(p.entries[0].line, 5);
    assert_eq!(p.entries[1].line, 8);
    assert_eq!(
        p.entries[0].comment, "",
        "a comment block before a blank line is the file's"
    );
    assert!(p.refused.is_empty());
}

#[test]
fn leading_whitespace() {
    let p = parse_dotenv("    INDENTED=yes\n\t  TABBED=also\n   # indented comment\nX=1");
    assert_eq!(
        kv(&p),
        [("INDENTED", "yes"), ("TABBED", "also"), ("X", "1")]
    );
    assert_eq!(p.entries[2].comment, "indented comment");
}

#[test]
fn export_prefix() {
    let p =
        parse_dotenv("export AWS_REGION=eu-west-1\nexport   AWS_PROFILE = \"dev\"\nexport=kept\n");
    assert_eq!(
        kv(&p),
        [
            ("AWS_REGION", "eu-west-1"),
            ("AWS_PROFILE", "dev"),
            ("export", "kept")
        ]
    );
    let p = parse_dotenv("export ONLY_EXPORT\n");
    assert_eq!(p.refused[0].key.as_deref(), Some("ONLY_EXPORT"));
}

#[test]
fn spaces_around_equals() {
    let p = parse_dotenv("DB_HOST = localhost\nDB_PORT\t=\t5432\nDB_NAME= app \n");
    assert_eq!(
        kv(&p),
        [
            ("DB_HOST", "localhost"),
            ("DB_PORT", "5432"),
            ("DB_NAME", "app")
        ]
    );
}

#[test]
fn windows_crlf_file() {
    let text = "# Windows\r\nAPI_URL=https://api.example.com\r\nAPI_KEY=\"abc\"\r\nMULTI=\"one\r\ntwo\"\r\n";
    let p = parse_dotenv(text);
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    assert_eq!(
        kv(&p),
        [
            ("API_URL", "https://api.example.com"),
            ("API_KEY", "abc"),
            ("MULTI", "one\ntwo")
        ]
    );
    assert_eq!(p.entries[0].comment, "Windows");
}

#[test]
fn utf8_bom() {
    let p = parse("\u{feff}FIRST=1\nSECOND=2\n");
    assert_eq!(p.format, Format::Dotenv);
    assert_eq!(kv(&p), [("FIRST", "1"), ("SECOND", "2")]);
    assert_eq!(p.entries[0].line, 1);
}

#[test]
fn unquoted_values_are_trimmed_and_keep_inner_spaces() {
    assert_eq!(only("GREETING=   hello world   \n").value, "hello world");
}

#[test]
fn inline_comment_needs_whitespace_before_hash() {
    let p = parse_dotenv(
        "PORT=8080 # the default\nTAB=1\t# tab too\nCOLOR=#ff0000\nEMPTY= # nothing\n",
    );
    assert_eq!(
        kv(&p),
        [
            ("PORT", "8080"),
            ("TAB", "1"),
            ("COLOR", "#ff0000"),
            ("EMPTY", "")
        ]
    );
}

#[test]
fn url_with_fragment() {
    assert_eq!(
        only("CALLBACK_URL=http://x/#frag\n").value,
        "http://x/#frag"
    );
    assert_eq!(
        only("DOCS=https://example.com/a?b=c&d=e#section-2").value,
        "https://example.com/a?b=c&d=e#section-2"
    );
}

#[test]
fn single_quotes_are_literal() {
    let e = only(r#"PATTERN='^\d+\n$ "quoted" ${HOME}'"#);
    assert_eq!(e.value, r#"^\d+\n$ "quoted" ${HOME}"#);
}

#[test]
fn json_blob_in_single_quotes() {
    let text = r#"GOOGLE_CREDENTIALS='{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n", "client_email": "a@b.iam.gserviceaccount.com"}'"#;
    let e = only(text);
    assert!(e.value.starts_with(r#"{"type": "service_account""#));
    assert!(
        e.value.contains(r"\nMIIE\n"),
        "escapes stay as written in single quotes"
    );
    assert!(e.value.ends_with(r#"gserviceaccount.com"}"#));
}

#[test]
fn single_quotes_span_lines() {
    let e = only("CONFIG='{\n  \"a\": 1,\n  \"b\": [2, 3]\n}'\n");
    assert_eq!(e.value, "{\n  \"a\": 1,\n  \"b\": [2, 3]\n}");
}

#[test]
fn backticks_like_single_quotes() {
    let p = parse_dotenv("CMD=`echo \"$HOME\" 'x'`\nTWO=`a\nb`\n");
    assert_eq!(kv(&p), [("CMD", "echo \"$HOME\" 'x'"), ("TWO", "a\nb")]);
}

#[test]
fn double_quote_escapes() {
    let e = only(r#"ESCAPES="n:\n r:\r t:\t q:\" b:\\ d:\$""#);
    assert_eq!(e.value, "n:\n r:\r t:\t q:\" b:\\ d:$");
}

#[test]
fn other_backslash_sequences_kept_as_written() {
    let e = only(r#"WIN_PATH="C:\Users\app\x41\u00e9""#);
    assert_eq!(e.value, r"C:\Users\app\x41\u00e9");
}

#[test]
fn pem_private_key_in_double_quotes_spanning_lines() {
    let text = "\
# Signing key for webhooks
JWT_PRIVATE_KEY=\"-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo
9z+tq9E=
-----END RSA PRIVATE KEY-----\"
NEXT=1
";
    let p = parse_dotenv(text);
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    assert_eq!(p.entries.len(), 2);
    let key = &p.entries[0];
    assert_eq!(key.key, "JWT_PRIVATE_KEY");
    assert_eq!(key.line, 2);
    assert_eq!(key.comment, "Signing key for webhooks");
    assert!(key
        .value
        .starts_with("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU"));
    assert!(key
        .value
        .ends_with("9z+tq9E=\n-----END RSA PRIVATE KEY-----"));
    assert_eq!(key.value.lines().count(), 6);
    assert_eq!(p.entries[1].line, 8);
}

#[test]
fn pem_pasted_without_quotes_is_refused_whole() {
    let text = "\
A=1
TLS_KEY=-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
Xg==
-----END PRIVATE KEY-----
B=2
";
    let p = parse_dotenv(text);
    assert_eq!(kv(&p), [("A", "1"), ("B", "2")]);
    assert_eq!(refused_lines(&p), [2]);
    assert_eq!(p.refused[0].key.as_deref(), Some("TLS_KEY"));
    assert!(
        p.refused[0].reason.contains("2-5"),
        "{}",
        p.refused[0].reason
    );
    assert!(!p.refused[0].reason.contains("MIIE"));
}

#[test]
fn text_after_closing_quote() {
    let p = parse_dotenv("OK=\"a\"   # fine\nHASH=\"b\"#also fine\nBAD=\"c\" d\nAFTER=1\n");
    assert_eq!(kv(&p), [("OK", "a"), ("HASH", "b"), ("AFTER", "1")]);
    assert_eq!(refused_lines(&p), [3]);
    assert_eq!(p.refused[0].key.as_deref(), Some("BAD"));
}

#[test]
fn references_stay_literal() {
    let text = r#"
DATABASE_URL=postgres://${DB_USER}:${DB_PASS}@${staging.DB_HOST}:5432/app
API="${/backend/API_KEY}"
MIXED=$HOME/${OTHER_KEY}
SINGLE='${staging.KEY}'
ESCAPED="\${KEPT}"
"#;
    let p = parse_dotenv(text);
    assert!(p.refused.is_empty());
    assert_eq!(
        kv(&p),
        [
            (
                "DATABASE_URL",
                "postgres://${DB_USER}:${DB_PASS}@${staging.DB_HOST}:5432/app"
            ),
            ("API", "${/backend/API_KEY}"),
            ("MIXED", "$HOME/${OTHER_KEY}"),
            ("SINGLE", "${staging.KEY}"),
            ("ESCAPED", "${KEPT}"),
        ]
    );
}

#[test]
fn empty_values() {
    let p = parse_dotenv("A=\nB=\"\"\nC=''\nD=   \n");
    assert_eq!(kv(&p), [("A", ""), ("B", ""), ("C", ""), ("D", "")]);
}

#[test]
fn key_without_equals_is_refused() {
    let p = parse_dotenv("A=1\nDEBUG\nB=2\n");
    assert_eq!(kv(&p), [("A", "1"), ("B", "2")]);
    assert_eq!(p.refused.len(), 1);
    assert_eq!(p.refused[0].line, 2);
    assert_eq!(p.refused[0].key.as_deref(), Some("DEBUG"));
    assert_eq!(p.refused[0].reason, "line 2: no '=' after DEBUG");
}

#[test]
fn line_starting_with_equals_and_keys_with_spaces() {
    let p = parse_dotenv("=orphan\nMY KEY=value\nvery bacon = yes\nok key!=x\nGOOD=1\n");
    assert_eq!(kv(&p), [("GOOD", "1")]);
    assert_eq!(refused_lines(&p), [1, 2, 3, 4]);
    assert_eq!(p.refused[0].key, None);
    assert!(p.refused[0].reason.contains("starts with '='"));
    assert_eq!(p.refused[1].key.as_deref(), Some("MY KEY"));
    assert!(p.refused[1].reason.contains("spaces"));
    assert_eq!(p.refused[3].key, None, "'ok key!' is not repeated");
    assert!(!p.refused[0].reason.contains("orphan"));
}

#[test]
fn key_characters_accepted_as_written() {
    let p =
        parse_dotenv("lower_case=1\nwith.dot=2\nwith-dash=3\n9STARTS_WITH_DIGIT=4\nBAD/KEY=5\n");
    assert_eq!(
        kv(&p),
        [
            ("lower_case", "1"),
            ("with.dot", "2"),
            ("with-dash", "3"),
            ("9STARTS_WITH_DIGIT", "4")
        ]
    );
    assert_eq!(refused_lines(&p), [5]);
}

#[test]
fn unterminated_double_quote_is_reported_and_parsing_resumes() {
    let text = "A=1\nBROKEN=\"oops\nstill value\nC=3\nD=\"4\"\n";
    let p = parse_dotenv(text);
    assert_eq!(kv(&p), [("A", "1"), ("C", "3"), ("D", "4")]);
    assert_eq!(refused_lines(&p), [2]);
    let r = &p.refused[0];
    assert_eq!(r.key.as_deref(), Some("BROKEN"));
    assert!(
        r.reason.contains("never closed") && r.reason.contains("2-3"),
        "{}",
        r.reason
    );
    assert!(!r.reason.contains("oops") && !r.reason.contains("still"));
}

#[test]
fn unterminated_quote_does_not_swallow_a_later_quoted_value() {
    let p = parse_dotenv("A='abc\nB='def'\nC=3\n");
    assert_eq!(kv(&p), [("B", "def"), ("C", "3")]);
    assert_eq!(refused_lines(&p), [1]);
    let p = parse_dotenv("LAST=\"to the end\nno more keys\n");
    assert!(p.entries.is_empty());
    assert!(p.refused[0].reason.contains("rest of the file"));
}

#[test]
fn duplicate_key_later_one_refused() {
    let p = parse_dotenv("TOKEN=first\nOTHER=x\nTOKEN=second\n");
    assert_eq!(kv(&p), [("TOKEN", "first"), ("OTHER", "x")]);
    assert_eq!(p.refused[0].line, 3);
    assert_eq!(
        p.refused[0].reason,
        "TOKEN appears again (line 3); the first, on line 1, is kept"
    );
    // The same key in two folders is not a duplicate.
    let p = parse_dotenv("#@ path=/a\nTOKEN=1\n#@ path=/b\nTOKEN=2\n");
    assert_eq!(p.entries.len(), 2);
    assert!(p.refused.is_empty());
}

#[test]
fn comments_directly_above_belong_to_the_key() {
    let text = "# File header\n\n# Primary database\n#  indented second line\n#\nDB=postgres\n";
    let e = only(text);
    assert_eq!(e.comment, "Primary database\n indented second line\n");
}

#[test]
fn directives_read_path_tags_type() {
    let text = "# the comment\n#@ path=/db tags=prod,team%2Cinfra,with%20space type=sealed unknown=x\nDB_PASS=\"p\"\n";
    let e = only(text);
    assert_eq!(e.comment, "the comment");
    assert_eq!(e.path, "/db");
    assert_eq!(e.tags, ["prod", "team,infra", "with space"]);
    assert_eq!(e.kind.as_deref(), Some("sealed"));
    let plain = only("X=1");
    assert_eq!(
        (plain.path.as_str(), plain.tags.len(), plain.kind),
        ("/", 0, None)
    );
}

#[test]
fn invalid_type_directive_refused() {
    let p = parse_dotenv("#@ type=topsecret\nAPI_KEY=abc\nNEXT=1\n");
    assert_eq!(kv(&p), [("NEXT", "1")]);
    assert_eq!(p.refused[0].key.as_deref(), Some("API_KEY"));
    assert_eq!(p.refused[0].line, 2);
    assert!(p.refused[0].reason.contains("type="));
    assert!(!p.refused[0].reason.contains("topsecret"));
}

#[test]
fn directive_before_blank_line_is_dropped() {
    let e = only("#@ path=/lost\n\nKEY=v\n");
    assert_eq!(e.path, "/");
}

#[test]
fn realistic_messy_file() {
    let text = "\u{feff}# App config\r\n\r\nexport NODE_ENV=production\r\nSESSION_SECRET='s3cr3t with spaces'   # rotated monthly\r\nREDIS_URL=redis://:${REDIS_PASS}@cache:6379/0\r\n   \r\nFEATURE_FLAGS={\"beta\":true}\r\n";
    let p = parse_dotenv(text);
    assert!(p.refused.is_empty());
    assert_eq!(
        kv(&p),
        [
            ("NODE_ENV", "production"),
            ("SESSION_SECRET", "s3cr3t with spaces"),
            ("REDIS_URL", "redis://:${REDIS_PASS}@cache:6379/0"),
            ("FEATURE_FLAGS", "{\"beta\":true}"),
        ]
    );
}

#[test]
fn debug_masks_values() {
    let p = parse_dotenv("# old one was hunter1\nPASSWORD=hunter2\n");
    let shown = format!("{p:?}");
    assert!(shown.contains("PASSWORD") && shown.contains("\"***\""));
    assert!(!shown.contains("hunter"), "{shown}");
}
