//! Injected faults for `/v1/secrets/` (and the same route under the other prefixes).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use bytes::Bytes;
use tokio::sync::Notify;

/// A failure the sandbox can inflict on the next requests to the secrets route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Sleep this long, then serve the request normally. The request is processed to the
    /// end even if the client gives up (times out) meanwhile: a delayed write IS applied.
    Delay(Duration),
    /// Answer 500 `{"error":"Internal server error."}` (the real server's 500 body) without
    /// touching any data.
    ServerError,
    /// Process the request fully (a write IS applied and persisted), then drop the TCP
    /// connection without sending a single byte of the response: the client sees an
    /// ambiguous failure, exactly like a real network drop after the server committed.
    ConnectionReset,
    /// Process the request normally, send the headers with a `Content-Length` larger than
    /// the bytes that follow, send half of the body, then abort the connection.
    TruncatedBody,
}

/// The pending faults, consumed in order, one per secrets request.
#[derive(Debug, Default)]
pub struct FaultQueue {
    queue: Mutex<VecDeque<(Fault, u32)>>,
}

impl FaultQueue {
    /// Queues `fault` for the next `times` secrets requests (after already queued faults).
    pub fn push(&self, fault: Fault, times: u32) {
        if times > 0 {
            self.queue.lock().unwrap().push_back((fault, times));
        }
    }

    /// Takes the fault for this request, if any.
    pub fn take(&self) -> Option<Fault> {
        let mut q = self.queue.lock().unwrap();
        let (fault, left) = q.front_mut()?;
        let fault = *fault;
        *left -= 1;
        if *left == 0 {
            q.pop_front();
        }
        Some(fault)
    }
}

/// Put into every request's extensions by the connection loop: notifying it makes the
/// connection task drop the connection at once.
#[derive(Clone, Debug)]
pub struct ConnKill(pub Arc<Notify>);

/// Rebuilds `resp` so that its body is cut short (see [`Fault::TruncatedBody`]).
pub async fn truncate(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let full_len = bytes.len().max(2);
    let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from_str(&full_len.to_string()).expect("number is a valid header"),
    );
    let stream = futures_util::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                1 => {
                    // Let the partial body reach the socket before failing.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Some((
                        Err(std::io::Error::new(
                            std::io::ErrorKind::ConnectionAborted,
                            "injected truncated body",
                        )),
                        2,
                    ))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_consumes_in_order() {
        let q = FaultQueue::default();
        q.push(Fault::ServerError, 2);
        q.push(Fault::TruncatedBody, 1);
        q.push(Fault::ConnectionReset, 0);
        assert_eq!(q.take(), Some(Fault::ServerError));
        assert_eq!(q.take(), Some(Fault::ServerError));
        assert_eq!(q.take(), Some(Fault::TruncatedBody));
        assert_eq!(q.take(), None);
    }
}
