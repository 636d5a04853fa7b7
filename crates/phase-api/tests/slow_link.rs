//! A listing that arrives slowly, in pieces a few milliseconds apart: the client decodes
//! during the waits (`decode/stream.rs`), and must give what decoding the whole body gives,
//! whatever the pieces cut (items, strings, a character's bytes).

use std::time::Duration;

use phase_api::{ClientOptions, EnvSelector, Host, PhaseClient, SecretFilter, Token, TokenKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn body(items: usize) -> String {
    let items: Vec<String> = (0..items)
        .map(|i| {
            serde_json::json!({
                "id": format!("id-{i}"),
                "key": format!("KEY_{i}"),
                "value": format!("välue }},{{\"x\" ✓ {i}"),
                "comment": "a \\ comment ] [",
                "tags": ["t"],
                "path": "/",
            })
            .to_string()
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// Answers one request with `body`, written `piece` bytes at a time, `gap` apart.
async fn trickling(body: String, piece: usize, gap: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut buf).await.unwrap();
            assert!(n > 0, "the request ended early");
            seen.extend_from_slice(&buf[..n]);
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        sock.write_all(head.as_bytes()).await.unwrap();
        for part in body.as_bytes().chunks(piece) {
            tokio::time::sleep(gap).await;
            sock.write_all(part).await.unwrap();
            sock.flush().await.unwrap();
        }
    });
    url
}

async fn listed(url: &str) -> Vec<phase_api::Secret> {
    let token = Token::new(TokenKind::User, "stubtoken0123").unwrap();
    let client =
        PhaseClient::new(Host::custom(url).unwrap(), token, ClientOptions::default()).unwrap();
    client
        .list_secrets(&EnvSelector::new("app", "dev"), &SecretFilter::default())
        .await
        .expect("listed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_listing_decoded_during_its_waits_equals_the_whole_decode() {
    let text = body(400);
    let want = phase_api::decode_secrets(text.as_bytes()).unwrap();
    // Odd piece sizes cut items, strings and the multi-byte characters at many places.
    for piece in [997, 4_093] {
        let url = trickling(text.clone(), piece, Duration::from_millis(4)).await;
        assert_eq!(listed(&url).await, want, "pieces of {piece} bytes");
    }
}
