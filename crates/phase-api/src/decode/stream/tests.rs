use proptest::prelude::*;

use super::*;

/// One item with the characters that could fool a scanner in its strings: quotes,
/// backslashes, brackets and commas, escaped as JSON escapes them.
fn item(i: usize, value: &str) -> String {
    serde_json::json!({
        "id": format!("id-{i}"),
        "key": format!("KEY_{i}"),
        "value": value,
        "comment": format!("a }}, {{\"id\": ] comment \\ #{i}"),
        "tags": [format!("t{}", i % 3)],
        "path": "/a/b",
        "folder": {"id": "f", "nested": [1, {"x": "]"}]},
        "version": i,
        "environment": "env",
    })
    .to_string()
}

fn body(n: usize, value: &str, sep: &str) -> String {
    let items: Vec<String> = (0..n).map(|i| item(i, value)).collect();
    format!(" [{sep}{}{sep}] \n", items.join(&format!(",{sep}")))
}

/// Feeds `body` in chunks of `size` bytes, inside a runtime as the client does.
fn streamed(body: &[u8], size: usize) -> Result<Vec<Secret>, PhaseError> {
    streamed_in_parts(body, size, SPLIT_MIN_BYTES, None)
}

/// As [`streamed`], with the end split into at most `parts` parts of `split_min` bytes.
fn streamed_in_parts(
    body: &[u8],
    size: usize,
    split_min: usize,
    parts: Option<usize>,
) -> Result<Vec<Secret>, PhaseError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    rt.block_on(async {
        let mut s = SecretListStream::new(Some(body.len()));
        (s.split_min, s.parts_max) = (split_min, parts);
        for chunk in body.chunks(size.max(1)) {
            s.push(chunk);
        }
        s.finish().await
    })
}

fn keys(list: &[Secret]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|s| (s.id.clone(), s.key.clone(), s.comment.clone()))
        .collect()
}

#[test]
fn every_split_point_gives_the_whole_decode() {
    let text = body(3, "x\\\"]}{,\"\\\\", "\n  ");
    let whole = decode_secrets(text.as_bytes()).unwrap();
    assert_eq!(whole.len(), 3);
    for size in 1..text.len() {
        let got = streamed(text.as_bytes(), size).unwrap();
        assert_eq!(keys(&got), keys(&whole), "chunks of {size} bytes");
        assert_eq!(got, whole);
    }
}

#[test]
fn a_large_body_in_any_chunking_keeps_the_server_order() {
    // About 1.5 MB, in chunks of every size from 1 KB to the whole body.
    let text = body(4_000, &"v".repeat(200), "");
    assert!(text.len() > 1 << 20);
    let whole = decode_secrets(text.as_bytes()).unwrap();
    for size in [1_000, 16 * 1024, 1 << 20, text.len()] {
        assert_eq!(streamed(text.as_bytes(), size).unwrap(), whole);
    }
}

/// Feeds `body` in chunks, decoding what has arrived after each, as a slow link does.
fn streamed_slowly(body: &[u8], size: usize) -> Result<Vec<Secret>, PhaseError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut s = SecretListStream::new(None);
    for chunk in body.chunks(size) {
        s.push(chunk);
        s.decode_pending();
    }
    rt.block_on(s.finish())
}

#[test]
fn decoding_between_chunks_gives_the_whole_decode() {
    let text = body(4_000, "v\\\"]", "\n");
    let whole = decode_secrets(text.as_bytes()).unwrap();
    for size in [300, 4_096, 1 << 20] {
        assert_eq!(streamed_slowly(text.as_bytes(), size).unwrap(), whole);
    }
}

#[test]
fn an_item_failing_in_any_part_gives_the_whole_body_error() {
    // 4,000 items are split across threads at the end: break one near the start, one in
    // the middle and the last, received at once and received slowly.
    for broken in [10, 2_100, 3_999] {
        let items: Vec<String> = (0..4_000)
            .map(|i| match i == broken {
                true => r#"{"id": 5, "key": "K"}"#.to_string(),
                false => item(i, "v"),
            })
            .collect();
        let text = format!("[{}]", items.join(","));
        let want = decode_secrets(text.as_bytes()).unwrap_err().to_string();
        let at_once = streamed(text.as_bytes(), 64 * 1024).unwrap_err();
        assert_eq!(at_once.to_string(), want, "item {broken}, at once");
        let slowly = streamed_slowly(text.as_bytes(), 4_096).unwrap_err();
        assert_eq!(slowly.to_string(), want, "item {broken}, slowly");
    }
}

#[test]
fn a_part_guessed_to_start_inside_a_string_still_gives_the_whole_decode() {
    // The middle item's value is ~1 MB of `},{`: the second part's start is looked for
    // from the middle of the body, so it is guessed inside that string.
    let huge = "},{".repeat(350_000);
    let items: Vec<String> = (0..2_001)
        .map(|i| item(i, if i == 1_000 { &huge } else { "v" }))
        .collect();
    let text = format!("[{}]", items.join(","));
    let guess = walker::likely_item_start(text.as_bytes(), text.len() / 2, text.len()).unwrap();
    let inside = text.find(&huge).unwrap();
    assert!((inside..inside + huge.len()).contains(&guess));
    let whole = decode_secrets(text.as_bytes()).unwrap();
    for parts in [2, 3, 8] {
        let got = streamed_in_parts(text.as_bytes(), 64 * 1024, 1024, Some(parts)).unwrap();
        assert_eq!(got, whole, "{parts} parts");
    }
}

#[test]
fn outside_a_multi_thread_runtime_it_decodes_the_same() {
    let text = body(4_000, &"v".repeat(200), "");
    let mut s = SecretListStream::new(None);
    for chunk in text.as_bytes().chunks(64 * 1024) {
        s.push(chunk);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let got = rt.block_on(s.finish()).unwrap();
    assert_eq!(got, decode_secrets(text.as_bytes()).unwrap());
}

#[test]
fn unusual_bodies_fall_back_to_the_whole_decode_and_its_errors() {
    let wrapped = format!("{{\"data\": {}}}", body(2, "v", ""));
    let empty = "[]".to_string();
    let html = "<html><body>502</body></html>".to_string();
    let bad_item = r#"[{"id": "a", "key": "K"}, {"id": 5}]"#.to_string();
    let cut_short = body(3, "v", "")[..200].to_string();
    let trailing = format!("{} x", body(1, "v", ""));
    let scalar = "[1, 2]".to_string();
    let not_utf8 = {
        let mut b = body(1, "v", "").into_bytes();
        let at = b.iter().position(|&c| c == b'v').unwrap();
        b[at] = 0xff;
        b
    };
    for text in [wrapped, empty, html, bad_item, cut_short, trailing, scalar] {
        for size in [1, 7, text.len()] {
            let got = streamed(text.as_bytes(), size);
            let want = decode_secrets(text.as_bytes());
            match (&got, &want) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                _ => panic!("{text:?} in chunks of {size}: {got:?} vs {want:?}"),
            }
        }
    }
    let got = streamed(&not_utf8, 5).unwrap_err();
    assert_eq!(
        got.to_string(),
        decode_secrets(&not_utf8).unwrap_err().to_string()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_values_and_chunking_match_the_whole_decode(
        values in proptest::collection::vec(".{0,40}", 1..20),
        size in 1usize..300,
    ) {
        let items: Vec<String> = values.iter().enumerate().map(|(i, v)| item(i, v)).collect();
        let text = format!("[{}]", items.join(","));
        let whole = decode_secrets(text.as_bytes()).unwrap();
        prop_assert_eq!(streamed(text.as_bytes(), size).unwrap(), whole);
    }

    #[test]
    fn any_parts_and_values_that_fool_a_guess_match_the_whole_decode(
        values in proptest::collection::vec(r#"[a-z{}\[\],"\\ ]{0,12}"#, 1..40),
        size in 1usize..2_000,
        split_min in 1usize..400,
        parts in 2usize..6,
    ) {
        let items: Vec<String> = values.iter().enumerate().map(|(i, v)| item(i, v)).collect();
        let text = format!("[{}]", items.join(","));
        let whole = decode_secrets(text.as_bytes()).unwrap();
        let got = streamed_in_parts(text.as_bytes(), size, split_min, Some(parts)).unwrap();
        prop_assert_eq!(got, whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_agree_on_success(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        size in 1usize..50,
    ) {
        let got = streamed(&bytes, size);
        let want = decode_secrets(&bytes);
        prop_assert_eq!(got.is_ok(), want.is_ok());
        let split = streamed_in_parts(&bytes, size, 8, Some(3));
        prop_assert_eq!(split.is_ok(), want.is_ok());
    }
}
