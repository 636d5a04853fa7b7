//! Listing: an environment of N secrets (1k, 10k, 50k) served by the sandbox (in its own
//! process, `target/release/phase-sandbox`), fetched
//! with `curl -s -o /dev/null` (the floor), raw bytes through reqwest,
//! `PhaseClient::list_secrets` (fetch + decode + de-duplicate) and `Desk::list_secrets`
//! (all of that + the sorted, masked rows the UI receives; the id index of the loaded
//! secrets is built on another thread after it answers). Release profile.
//!
//! `bench-list [SIZE...]` writes `target/bench/list.json`; `BENCH_LIST_RUNS=N` sets the runs per size.

// The app's allocator (src-tauri/main.rs), so the client is measured as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::borrow::Cow;
use std::time::Instant;

use bench::{median, ms, round, summary, write_fragment, SandboxProcess};
use phase_api::{ClientOptions, EnvSelector, Host, PhaseClient, SecretFilter, Token, TokenKind};
use serde_json::{json, Value};

/// The fields a listing's rows need, every string borrowed from the body: what serde_json
/// costs when nothing is copied or kept, the floor for any decoder built on it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // read only by the parser
struct CopyFree<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(borrow, default)]
    value: Cow<'a, str>,
    #[serde(borrow, default)]
    comment: Cow<'a, str>,
    #[serde(borrow, default)]
    tags: Vec<Cow<'a, str>>,
    #[serde(borrow, default)]
    path: Cow<'a, str>,
    #[serde(borrow, default, rename = "type")]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    lifecycle: Cow<'a, str>,
    #[serde(borrow, default)]
    created_at: Cow<'a, str>,
    #[serde(borrow, default)]
    updated_at: Cow<'a, str>,
    #[serde(default)]
    version: i64,
}

/// `BENCH_LIST_RUNS` overrides the count (for A/B comparisons on a noisy machine).
fn runs_for(size: usize) -> usize {
    if let Some(runs) = std::env::var("BENCH_LIST_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
    {
        return runs;
    }
    match size {
        0..=2_000 => 21,
        2_001..=20_000 => 11,
        _ => 7,
    }
}

async fn one_size(sb: &SandboxProcess, size: usize) -> Value {
    let app_id = sb.bench_app_id.clone();
    let base = sb.base_url.clone();
    let raw_token = sb.user_token.clone();
    let url = format!("{base}/v1/secrets/?app_id={app_id}&env=development");
    let auth_value = sb.user_bearer.clone();
    let auth_header = format!("Authorization: {auth_value}");

    // Direct clients.
    let api_host = Host::custom(&base).expect("host");
    let token = Token::new(TokenKind::User, raw_token.clone()).expect("token");
    let client = PhaseClient::new(api_host.clone(), token, ClientOptions::for_host(&api_host))
        .expect("client");
    let http = reqwest::Client::new();
    let env = EnvSelector::new(&app_id, "development");

    // The app's core, with a session-only account on this sandbox.
    let (_home, desk) = bench::desk_with_pat(&base, &raw_token).await;

    // Warm up every path once and check what comes back.
    let raw_get = || async {
        http.get(&url)
            .header("Authorization", &auth_value)
            .send()
            .await
            .expect("GET")
            .bytes()
            .await
            .expect("body")
    };
    let body = raw_get().await;
    let listed = client
        .list_secrets(&env, &SecretFilter::default())
        .await
        .expect("list");
    assert_eq!(listed.len(), size, "the sandbox should list {size} secrets");
    let rows = desk
        .list_secrets(&app_id, "development", vec![], None)
        .await
        .expect("desk list");
    assert_eq!(rows.rows.len(), size);
    bench::curl_timed(&url, &format!("{auth_header}\n"));

    let runs = runs_for(size);
    let (mut curl_t, mut curl_wall, mut raw, mut api, mut dsk, mut decode) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut ttfb, mut stream_decode, mut curl_first) = (vec![], vec![], vec![]);
    let mut copy_free = vec![];
    for _ in 0..runs {
        let (t, w, f) = bench::curl_timed(&url, &format!("{auth_header}\n"));
        curl_t.push(t);
        curl_wall.push(w);
        curl_first.push(f);

        let s = Instant::now();
        let response = http
            .get(&url)
            .header("Authorization", &auth_value)
            .send()
            .await
            .expect("GET");
        ttfb.push(ms(s.elapsed()));
        let b = response.bytes().await.expect("body");
        raw.push(ms(s.elapsed()));
        assert_eq!(b.len(), body.len());

        let s = Instant::now();
        let l = client
            .list_secrets(&env, &SecretFilter::default())
            .await
            .expect("list");
        api.push(ms(s.elapsed()));
        assert_eq!(l.len(), size);

        let s = Instant::now();
        let l = desk
            .list_secrets(&app_id, "development", vec![], None)
            .await
            .expect("desk list");
        dsk.push(ms(s.elapsed()));
        assert_eq!(l.rows.len(), size);
        // Outside the figure: the listing's secrets are indexed on a thread of their own
        // after it answers, and the measures after it must not share the machine with that.
        desk.settle();

        // Decoding alone (no network), to split the client's time.
        let s = Instant::now();
        let d = phase_api::decode_secrets(&body).expect("decode");
        decode.push(ms(s.elapsed()));
        assert_eq!(d.len(), size);

        // The same, fed as 64 KB chunks to the streaming decoder (split across the cores at the end).
        let s = Instant::now();
        let mut stream = phase_api::SecretListStream::new(Some(body.len()));
        for chunk in body.chunks(64 * 1024) {
            stream.push(chunk);
        }
        let d = stream.finish().await.expect("stream decode");
        stream_decode.push(ms(s.elapsed()));
        assert_eq!(d.len(), size);
        drop(d);

        // The parse alone, one thread, nothing copied.
        let s = Instant::now();
        let text = std::str::from_utf8(&body).expect("UTF-8");
        let d: Vec<CopyFree> = serde_json::from_str(text).expect("copy-free parse");
        copy_free.push(ms(s.elapsed()));
        assert_eq!(d.len(), size);
    }
    let floor = median(&curl_t);
    let out = json!({
        "size": size,
        "runs": runs,
        "body_bytes": body.len(),
        "curl_time_total_ms": summary(&curl_t),
        "curl_wall_with_spawn_ms": summary(&curl_wall),
        "curl_first_byte_ms": summary(&curl_first),
        "reqwest_bytes_ms": summary(&raw),
        "phase_client_list_ms": summary(&api),
        "desk_list_ms": summary(&dsk),
        "decode_only_ms": summary(&decode),
        "stream_decode_only_ms": summary(&stream_decode),
        "copy_free_parse_ms": summary(&copy_free),
        "reqwest_first_byte_ms": summary(&ttfb),
        "ratio_phase_client_vs_curl": round(median(&api) / floor, 3),
        "ratio_desk_vs_curl": round(median(&dsk) / floor, 3),
        "ratio_reqwest_vs_curl": round(median(&raw) / floor, 3),
    });
    eprintln!(
        "[bench] listing {size}: curl {:.2} ms (first byte {:.2}), reqwest {:.2} ms (headers at {:.2}), PhaseClient {:.2} ms, Desk {:.2} ms (decode alone {:.2} ms, streamed {:.2} ms, copy-free parse {:.2} ms)",
        floor,
        median(&curl_first),
        median(&raw),
        median(&ttfb),
        median(&api),
        median(&dsk),
        median(&decode),
        median(&stream_decode),
        median(&copy_free)
    );
    drop(desk);
    out
}

fn main() {
    // As the app does (src-tauri/main.rs), so the listing runs on the same kind of memory
    // and a replaced listing's pages are handed back as they are there.
    desk_core::memory::avoid_huge_pages();
    desk_core::memory::set_allocator_release(release_mimalloc_pages);
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .map(|a| a.parse().expect("sizes are numbers"))
            .collect();
        if args.is_empty() {
            vec![1_000, 10_000, 50_000]
        } else {
            args
        }
    };
    let runtime = bench::runtime("bench");
    let mut results = serde_json::Map::new();
    for size in sizes {
        eprintln!("[bench] listing: seeding a sandbox with {size} secrets");
        let host = SandboxProcess::start(size);
        let v = runtime.block_on(one_size(&host, size));
        drop(host);
        results.insert(size.to_string(), v);
    }
    write_fragment("list", &Value::Object(results));
}

/// The app's release hook (src-tauri/main.rs).
fn release_mimalloc_pages() {
    // SAFETY: mi_collect takes no pointers; it only walks mimalloc's own structures.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
