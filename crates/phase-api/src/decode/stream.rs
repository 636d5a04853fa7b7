//! Decoding a secrets list while it arrives.
//!
//! `GET /v1/secrets/` answers one JSON array. Whenever the network makes the receiver
//! wait, it decodes the items received so far ([`SecretListStream::decode_pending`]), so
//! on a slow link decoding hides inside the transfer. When the body comes all at once (a
//! local server; a server that builds the whole answer first) nothing waits, and what is
//! left at the end is decoded in parts, one per core. Anything unusual (a wrapped list, a scalar item, invalid JSON, an
//! item that does not decode) falls back to [`decode_secrets`] on the whole body, so
//! every error reads exactly as it did.
//!
//! Items are decoded in place, from the one body buffer: an earlier version copied
//! batches to the blocking pool while receiving, and the copies made it slower than a
//! whole-body decode (docs/BENCHMARKS.md).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use super::decode_secrets;
use crate::error::PhaseError;
use crate::models::Secret;
use crate::transport::map_reqwest;
use walker::{likely_item_start, Place, Walker};

/// A secrets list being received: feed it chunks with [`push`](Self::push), decode what
/// has arrived with [`decode_pending`](Self::decode_pending) while waiting for more, then
/// [`finish`](Self::finish).
pub struct SecretListStream {
    body: Vec<u8>,
    /// Where decoding has got to; every item before it is in `secrets`.
    walker: Walker,
    secrets: Vec<Secret>,
    /// Below this many bytes left at the end, they are not split across threads.
    split_min: usize,
    /// At most this many parts at the end (default: one per core).
    parts_max: Option<usize>,
}

impl SecretListStream {
    /// A stream for a body of about `expected_len` bytes (the Content-Length, if known).
    pub fn new(expected_len: Option<usize>) -> Self {
        // Capped: a lying Content-Length must not reserve gigabytes.
        let expected = expected_len.unwrap_or(0).min(64 << 20);
        SecretListStream {
            body: Vec::with_capacity(expected),
            walker: Walker::new(),
            secrets: Vec::with_capacity(expected / JSON_BYTES_PER_SECRET_AT_LEAST),
            split_min: SPLIT_MIN_BYTES,
            parts_max: None,
        }
    }

    /// Takes the next chunk of the body. Nothing is decoded yet: a body that arrives at
    /// once is decoded in parts, on every core, by [`finish`](Self::finish).
    pub fn push(&mut self, chunk: &[u8]) {
        self.body.extend_from_slice(chunk);
    }

    /// Decodes the items received so far: call it while the next chunk is not there yet.
    pub fn decode_pending(&mut self) {
        let end = self.body.len();
        self.walker.walk(&self.body, end, &mut self.secrets);
    }

    /// Receives and decodes `response`'s body. Items are decoded while the network makes
    /// the receiver wait, once a wait has shown the link to be slow: on a fast one the
    /// next chunk is a few microseconds away, and decoding then would only hold up the
    /// reading (the decode at the end uses every core; this one only the receiver's).
    pub(crate) async fn receive(
        mut response: reqwest::Response,
    ) -> Result<Vec<Secret>, PhaseError> {
        let expected = response.content_length().and_then(|n| n.try_into().ok());
        let mut stream = SecretListStream::new(expected);
        let mut slow_link = false;
        loop {
            let next = std::pin::pin!(response.chunk());
            let chunk = match ready_now(next).await {
                Ok(chunk) => chunk,
                Err(next) => {
                    if slow_link {
                        stream.decode_pending();
                    }
                    let waiting = Instant::now();
                    let chunk = next.await;
                    slow_link = waiting.elapsed() >= SLOW_WAIT;
                    chunk
                }
            };
            match chunk.map_err(|e| map_reqwest(&e))? {
                Some(chunk) => stream.push(&chunk),
                None => return stream.finish().await,
            }
        }
    }

    /// The decoded list, in the server's order. Falls back to decoding the whole body
    /// when streaming could not be used, so errors are those of [`decode_secrets`].
    ///
    /// What is left is cut into one part per core, each part after the first starting
    /// where an item probably starts. Such a part is kept only if the walk of the part
    /// before it ends exactly there, between two items, so the result is the one a walk
    /// from the start would give; otherwise the part before goes on to the end alone.
    pub async fn finish(mut self) -> Result<Vec<Secret>, PhaseError> {
        let cuts = self.cuts();
        if cuts.is_empty() {
            self.decode_pending();
            return match self.walker.place {
                Place::After => Ok(self.secrets),
                _ => decode_secrets(&self.body),
            };
        }
        // The body moves into an `Arc` (no copy); every part but the first is decoded on
        // the blocking pool while this task does the first.
        let body = Arc::new(std::mem::take(&mut self.body));
        let ends = cuts.iter().skip(1).copied().chain([body.len()]);
        let others: Vec<_> = cuts
            .iter()
            .copied()
            .zip(ends)
            .map(|(from, to)| {
                let body = Arc::clone(&body);
                tokio::task::spawn_blocking(move || {
                    // Sized up front: grown from empty, the part was copied as it doubled,
                    // each time into fresh memory (10k: 2 ms of the decode, docs/BENCHMARKS.md).
                    let capacity = (to - from) / JSON_BYTES_PER_SECRET_AT_LEAST;
                    let (mut walker, mut part) =
                        (Walker::at_item(from), Vec::with_capacity(capacity));
                    walker.walk(&body, to, &mut part);
                    (walker, part)
                })
            })
            .collect();
        let (mut walker, mut secrets) = (self.walker, std::mem::take(&mut self.secrets));
        walker.walk(&body, cuts[0], &mut secrets);
        for (next, &cut) in others.into_iter().zip(&cuts) {
            if walker.place == Place::Unusable {
                break;
            }
            // A wrong guess is not waited for: this part goes on alone at once.
            let reached = walker.place == Place::ItemNext && walker.pos == cut;
            let next = match reached {
                true => next.await.ok(),
                false => None,
            };
            match next {
                Some((next, mut part)) => {
                    secrets.append(&mut part);
                    walker = next;
                }
                // The guess was wrong (or the part was lost).
                None => {
                    walker.walk(&body, body.len(), &mut secrets);
                    break;
                }
            }
        }
        match walker.place {
            Place::After => Ok(secrets),
            _ => decode_secrets(&body),
        }
    }

    /// Where the parts after the first start: none when what is left is too small to
    /// split, or outside a multi-thread runtime (the blocking pool needs one).
    fn cuts(&self) -> Vec<usize> {
        let threads = match tokio::runtime::Handle::try_current() {
            Ok(_) => self
                .parts_max
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            Err(_) => 1,
        };
        let from = self.walker.pos;
        let rest = self.body.len().saturating_sub(from);
        let parts = threads.min(rest / self.split_min.max(1)).max(1);
        let mut cuts: Vec<usize> = Vec::with_capacity(parts - 1);
        for k in 1..parts {
            let at = (from + rest * k / parts).max(cuts.last().map_or(from, |c| c + 1));
            match likely_item_start(&self.body, at, at + CUT_SEARCH_BYTES) {
                Some(cut) => cuts.push(cut),
                None => break,
            }
        }
        cuts
    }
}

/// A listed secret takes about 500 bytes of JSON; sizing by a smaller figure leaves room.
const JSON_BYTES_PER_SECRET_AT_LEAST: usize = 400;

/// Below this many bytes left at the end (about 500 secrets), splitting them across
/// threads costs more than it saves.
const SPLIT_MIN_BYTES: usize = 256 * 1024;

/// A wait for the next chunk this long says the link is slow enough to decode during
/// the waits.
const SLOW_WAIT: Duration = Duration::from_millis(2);

/// How far past a part's planned start its first item is looked for.
const CUT_SEARCH_BYTES: usize = 1 << 20;

/// `fut`'s output if it is ready at once, else `fut` itself, still waiting (and woken).
async fn ready_now<F: Future>(mut fut: Pin<&mut F>) -> Result<F::Output, Pin<&mut F>> {
    match std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => Err(fut),
    }
}

#[cfg(test)]
mod tests;
mod walker;
