//! 429 handling against a tiny scripted HTTP stub on 127.0.0.1: short `Retry-After`
//! values are waited out and retried (writes too), notices are sent, retries are bounded,
//! and nothing but 429 is retried.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use phase_api::{
    ClientOptions, EnvSelector, Host, NewSecret, PhaseClient, PhaseError, RateLimitNotice,
    RateLimitSource, RetryPolicy, Token, TokenKind,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One scripted answer: status, extra headers, body.
#[derive(Clone)]
struct Answer(u16, Vec<(&'static str, &'static str)>, &'static str);

fn throttled(retry_after: Option<&'static str>) -> Answer {
    let headers = retry_after
        .map(|s| vec![("Retry-After", s)])
        .unwrap_or_default();
    Answer(
        429,
        headers,
        r#"{"error": "Request was throttled. Expected available in 1 seconds."}"#,
    )
}

/// Serves the answers in order (the last one repeats); returns its base URL, the request
/// counter, and the raw requests seen.
async fn stub(answers: Vec<Answer>) -> (String, Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (c, s) = (count.clone(), seen.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let n = c.fetch_add(1, Ordering::SeqCst);
            let Answer(status, headers, body) = answers[n.min(answers.len() - 1)].clone();
            let seen = s.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read headers, then Content-Length bytes of body.
                loop {
                    let Ok(r) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if r == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..r]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text[..end]
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            seen.lock().unwrap().push(text);
                            break;
                        }
                    }
                }
                let mut resp = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    resp.push_str(&format!("{k}: {v}\r\n"));
                }
                resp.push_str("\r\n");
                resp.push_str(body);
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (url, count, seen)
}

fn make_client(url: &str, retry: RetryPolicy) -> (PhaseClient, Arc<Mutex<Vec<RateLimitNotice>>>) {
    let notices = Arc::new(Mutex::new(Vec::new()));
    let sink = notices.clone();
    let options = ClientOptions {
        retry,
        ..ClientOptions::default()
    }
    .with_rate_limit_callback(move |n| sink.lock().unwrap().push(n));
    let token = Token::new(TokenKind::User, "stubtoken0123").unwrap();
    (
        PhaseClient::new(Host::custom(url).unwrap(), token, options).unwrap(),
        notices,
    )
}

const APPS_OK: &str = r#"{"data": [{"id": "a", "name": "A", "sseEnabled": true}]}"#;
const CREATED: &str = r#"[{"id": "s", "key": "K", "value": "v"}]"#;

#[tokio::test]
async fn short_retry_after_is_waited_out_and_retried() {
    let (url, count, seen) = stub(vec![throttled(Some("1")), Answer(200, vec![], APPS_OK)]).await;
    let (client, notices) = make_client(&url, RetryPolicy::default());
    let started = Instant::now();
    let apps = client.list_apps().await.expect("retried");
    assert_eq!(apps.len(), 1);
    assert!(started.elapsed() >= Duration::from_millis(950));
    assert_eq!(count.load(Ordering::SeqCst), 2);
    let notices = notices.lock().unwrap().clone();
    assert_eq!(
        notices,
        vec![RateLimitNotice {
            wait: Duration::from_secs(1),
            attempt: 1,
            source: RateLimitSource::Server
        }]
    );
    let first = seen.lock().unwrap()[0].clone();
    assert!(first.starts_with("GET /v1/apps/ "), "{first}");
    assert!(
        first.contains("authorization: Bearer User stubtoken0123"),
        "{first}"
    );
}

#[tokio::test]
async fn writes_are_retried_after_429_only() {
    let (url, count, seen) = stub(vec![throttled(Some("0.2")), Answer(200, vec![], CREATED)]).await;
    let (client, notices) = make_client(&url, RetryPolicy::default());
    let env = EnvSelector::new("app", "development");
    let created = client
        .create_secrets(&env, &[NewSecret::new("k", "v")])
        .await
        .expect("created after one retry");
    assert_eq!(created[0].key, "K");
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert_eq!(notices.lock().unwrap().len(), 1);
    let requests = seen.lock().unwrap().clone();
    assert!(requests[1].starts_with("POST /v1/secrets/?app_id=app&env=development "));
    assert!(
        requests[1].ends_with(r#"{"secrets":[{"key":"K","value":"v","path":"/"}]}"#),
        "{}",
        requests[1]
    );
}

#[tokio::test]
async fn retries_are_bounded() {
    let (url, count, _) = stub(vec![throttled(Some("0.1"))]).await;
    let (client, notices) = make_client(
        &url,
        RetryPolicy {
            max_retries: 2,
            max_wait: Duration::from_secs(5),
        },
    );
    let err = client.list_apps().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_millis(100)));
    assert_eq!(count.load(Ordering::SeqCst), 3, "1 try + 2 retries");
    let attempts: Vec<u32> = notices.lock().unwrap().iter().map(|n| n.attempt).collect();
    assert_eq!(attempts, vec![1, 2]);
}

#[tokio::test]
async fn long_or_missing_retry_after() {
    // Missing Retry-After: the body's "in 1 seconds" is used; over max_wait -> error.
    let (url, count, _) = stub(vec![throttled(None)]).await;
    let (client, notices) = make_client(
        &url,
        RetryPolicy {
            max_retries: 2,
            max_wait: Duration::from_millis(500),
        },
    );
    let err = client.list_apps().await.unwrap_err();
    assert!(matches!(err, PhaseError::RateLimited { .. }));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(notices.lock().unwrap().is_empty());

    // No header and no seconds in the body: 5 s default.
    let (url, _, _) = stub(vec![Answer(429, vec![], "slow down")]).await;
    let (client, _) = make_client(&url, RetryPolicy::none());
    let err = client.list_apps().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(err.to_string(), "Too many requests; try again later");
}

#[tokio::test]
async fn other_failures_are_never_retried() {
    let (url, count, _) = stub(vec![
        Answer(
            503,
            vec![("Retry-After", "0")],
            r#"{"error": "maintenance"}"#,
        ),
        Answer(200, vec![], CREATED),
    ])
    .await;
    let (client, notices) = make_client(&url, RetryPolicy::default());
    let env = EnvSelector::new("app", "development");
    let err = client
        .create_secrets(&env, &[NewSecret::new("k", "v")])
        .await
        .unwrap_err();
    assert_eq!(
        err,
        PhaseError::Server {
            status: 503,
            message: "maintenance".into()
        }
    );
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(notices.lock().unwrap().is_empty());
}

#[tokio::test]
async fn create_answering_a_message_returns_nothing_and_fetches_nothing() {
    let (url, count, _) = stub(vec![Answer(
        200,
        vec![],
        r#"{"message": "Created 1 secret"}"#,
    )])
    .await;
    let (client, _) = make_client(&url, RetryPolicy::default());
    let env = EnvSelector::new("app", "development");
    let created = client
        .create_secrets(&env, &[NewSecret::new("k", "v")])
        .await
        .unwrap();
    assert!(created.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let (url, count, _) = stub(vec![Answer(
        301,
        vec![("Location", "http://127.0.0.1:9/")],
        "",
    )])
    .await;
    let (client, _) = make_client(&url, RetryPolicy::default());
    let err = client.list_apps().await.unwrap_err();
    assert!(
        matches!(err, PhaseError::UnexpectedStatus { status: 301, .. }),
        "{err:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1);
}
