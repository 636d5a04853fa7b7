//! Decoding a secrets list while it arrives.
//!
//! `GET /v1/secrets/` answers one JSON array. The receiver finds where each item ends as
//! chunks arrive, and decodes the items it has whenever the network makes it wait
//! ([`SecretListStream::decode_pending`]), so on a slow link decoding hides inside the
//! transfer. When the body comes all at once (a local server; a server that builds the
//! whole answer first) nothing waits, and the items still pending at the end are split
//! across the cores. Anything unusual (a wrapped list, a scalar item, invalid JSON, an
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

use super::decode_secrets;
use crate::error::PhaseError;
use crate::models::Secret;
use crate::transport::map_reqwest;

/// Where the scanner is in the top-level array.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    /// Before the opening `[` (only whitespace allowed).
    Before,
    /// Inside the array, between items.
    Between,
    /// Inside an item (`depth` counts its open brackets).
    Item,
    /// After the closing `]` (only whitespace allowed).
    After,
    /// Not a bare array of objects: decode the whole body at the end.
    Unusable,
}

/// Finds where each top-level item of a JSON array ends, across chunk boundaries.
#[derive(Debug)]
struct ItemScanner {
    place: Place,
    depth: u32,
    in_string: bool,
    /// The previous byte was a backslash inside a string.
    escape: bool,
    /// Where the current item started.
    item_start: usize,
}

impl ItemScanner {
    fn new() -> Self {
        ItemScanner {
            place: Place::Before,
            depth: 0,
            in_string: false,
            escape: false,
            item_start: 0,
        }
    }

    /// Scans `body[from..]`, calling `item(start, end)` for every item completed in it.
    fn scan(&mut self, body: &[u8], from: usize, mut item: impl FnMut(usize, usize)) {
        let mut i = from;
        while i < body.len() {
            if self.place == Place::Unusable {
                return;
            }
            if self.in_string {
                if self.escape {
                    self.escape = false;
                    i += 1;
                    continue;
                }
                match memchr::memchr2(b'"', b'\\', &body[i..]) {
                    None => return,
                    Some(n) => {
                        i += n;
                        if body[i] == b'\\' {
                            self.escape = true;
                        } else {
                            self.in_string = false;
                        }
                        i += 1;
                        continue;
                    }
                }
            }
            let b = body[i];
            match (self.place, b) {
                (_, b' ' | b'\n' | b'\r' | b'\t') => {}
                (Place::Before, b'[') => self.place = Place::Between,
                (Place::Between, b',') => {}
                (Place::Between, b']') => self.place = Place::After,
                (Place::Between, b'{') => {
                    self.place = Place::Item;
                    self.depth = 1;
                    self.item_start = i;
                }
                (Place::Item, b'"') => self.in_string = true,
                (Place::Item, b'{' | b'[') => self.depth += 1,
                (Place::Item, b'}' | b']') => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        self.place = Place::Between;
                        item(self.item_start, i + 1);
                    }
                }
                (Place::Item, _) => {}
                _ => self.place = Place::Unusable,
            }
            i += 1;
        }
    }
}

/// Below this many pending items, splitting them across threads costs more than it saves.
const SPLIT_MIN_ITEMS: usize = 1_000;

/// A secrets list being received: feed it chunks with [`push`](Self::push), decode what
/// has arrived with [`decode_pending`](Self::decode_pending) while waiting for more, then
/// [`finish`](Self::finish).
pub struct SecretListStream {
    body: Vec<u8>,
    scanner: ItemScanner,
    /// Items whose bytes are all in `body` but which are not decoded yet.
    pending: Vec<(usize, usize)>,
    secrets: Vec<Secret>,
    /// An item did not decode: the whole body is decoded at the end, to say why.
    failed: bool,
}

impl SecretListStream {
    /// A stream for a body of about `expected_len` bytes (the Content-Length, if known).
    pub fn new(expected_len: Option<usize>) -> Self {
        // Capped: a lying Content-Length must not reserve gigabytes.
        let expected = expected_len.unwrap_or(0).min(64 << 20);
        SecretListStream {
            body: Vec::with_capacity(expected),
            scanner: ItemScanner::new(),
            pending: Vec::new(),
            // A listed secret takes about 500 bytes of JSON.
            secrets: Vec::with_capacity(expected / 400),
            failed: false,
        }
    }

    /// Takes the next chunk of the body and notes the items it completes.
    pub fn push(&mut self, chunk: &[u8]) {
        let from = self.body.len();
        self.body.extend_from_slice(chunk);
        let pending = &mut self.pending;
        self.scanner
            .scan(&self.body, from, |start, end| pending.push((start, end)));
    }

    /// Decodes the items received so far: call it while the next chunk is not there yet.
    pub fn decode_pending(&mut self) {
        if !self.failed && !decode_into(&self.body, &self.pending, &mut self.secrets) {
            self.failed = true;
        }
        self.pending.clear();
    }

    /// Receives and decodes `response`'s body. Items are decoded while the network makes
    /// the receiver wait, not while more data is ready.
    pub(crate) async fn receive(
        mut response: reqwest::Response,
    ) -> Result<Vec<Secret>, PhaseError> {
        let expected = response.content_length().and_then(|n| n.try_into().ok());
        let mut stream = SecretListStream::new(expected);
        loop {
            let next = std::pin::pin!(response.chunk());
            let chunk = match ready_now(next).await {
                Ok(chunk) => chunk,
                Err(next) => {
                    stream.decode_pending();
                    next.await
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
    pub async fn finish(mut self) -> Result<Vec<Secret>, PhaseError> {
        // `After` means the closing `]` came, followed only by whitespace.
        if self.failed || self.scanner.place != Place::After {
            return decode_secrets(&self.body);
        }
        // The blocking pool needs a Tokio runtime; any other executor decodes on one thread.
        let threads = match tokio::runtime::Handle::try_current() {
            Ok(_) => std::thread::available_parallelism().map_or(1, |n| n.get()),
            Err(_) => 1,
        };
        let parts = threads.min(self.pending.len() / SPLIT_MIN_ITEMS).max(1);
        if parts == 1 {
            self.decode_pending();
            return match self.failed {
                true => decode_secrets(&self.body),
                false => Ok(self.secrets),
            };
        }
        // The body moves into an `Arc` (no copy); every part but the first is decoded on
        // the blocking pool while this task decodes the first.
        let body = Arc::new(std::mem::take(&mut self.body));
        let per_part = self.pending.len().div_ceil(parts);
        let mut ranges = self.pending.chunks(per_part);
        let first = ranges.next().unwrap_or_default();
        let others: Vec<_> = ranges
            .map(|part| {
                let (body, part) = (Arc::clone(&body), part.to_vec());
                tokio::task::spawn_blocking(move || {
                    let mut out = Vec::with_capacity(part.len());
                    decode_into(&body, &part, &mut out).then_some(out)
                })
            })
            .collect();
        let mut secrets = self.secrets;
        secrets.reserve(self.pending.len());
        let mut ok = decode_into(&body, first, &mut secrets);
        for part in others {
            match part.await {
                Ok(Some(decoded)) if ok => secrets.extend(decoded),
                _ => ok = false,
            }
        }
        match ok {
            true => Ok(secrets),
            false => decode_secrets(&body),
        }
    }
}

/// `fut`'s output if it is ready at once, else `fut` itself, still waiting (and woken).
async fn ready_now<F: Future>(mut fut: Pin<&mut F>) -> Result<F::Output, Pin<&mut F>> {
    match std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => Err(fut),
    }
}

/// Decodes the items at `ranges` of `body` onto `out`; false when one does not decode.
fn decode_into(body: &[u8], ranges: &[(usize, usize)], out: &mut Vec<Secret>) -> bool {
    out.reserve(ranges.len());
    for &(start, end) in ranges {
        // UTF-8 is checked once per item, not per string.
        let item = std::str::from_utf8(&body[start..end])
            .ok()
            .and_then(|text| serde_json::from_str(text).ok());
        match item {
            Some(secret) => out.push(secret),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests;
