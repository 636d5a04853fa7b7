//! Decoding a secrets list while it arrives.
//!
//! `GET /v1/secrets/` answers one JSON array. Decoding it after the last byte puts the
//! whole decode after the transfer, on one core. Here the items that are complete are cut
//! out as the chunks arrive and decoded in batches on the blocking pool, so decoding
//! overlaps the transfer and uses every core. Anything unusual (a wrapped list, a scalar
//! item, invalid JSON, an item that does not decode) falls back to [`decode_secrets`] on
//! the whole body, so every error reads exactly as it did.

use tokio::task::JoinHandle;

use super::decode_secrets;
use crate::error::PhaseError;
use crate::models::Secret;

/// Items are sent to the blocking pool in batches of about this many bytes: large enough
/// that a thread hand-off is cheap next to the decode, small enough to spread 1 MB.
const BATCH_BYTES: usize = 256 * 1024;

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

/// A secrets list being received: feed it chunks with [`push`](Self::push), then
/// [`finish`](Self::finish).
pub struct SecretListStream {
    body: Vec<u8>,
    scanner: ItemScanner,
    /// The first byte of the first complete item not yet sent to a batch.
    batch_start: Option<usize>,
    /// The end of the last complete item.
    batch_end: usize,
    /// The complete items not yet sent, as ranges from `batch_start`.
    items: Vec<(usize, usize)>,
    batches: Vec<Batch>,
}

/// A batch being decoded on the blocking pool, or already decoded (outside a runtime).
enum Batch {
    Pool(JoinHandle<Option<Vec<Secret>>>),
    Done(Option<Vec<Secret>>),
}

impl SecretListStream {
    /// A stream for a body of about `expected_len` bytes (the Content-Length, if known).
    pub fn new(expected_len: Option<usize>) -> Self {
        SecretListStream {
            // Capped: a lying Content-Length must not reserve gigabytes.
            body: Vec::with_capacity(expected_len.unwrap_or(0).min(64 << 20)),
            scanner: ItemScanner::new(),
            batch_start: None,
            batch_end: 0,
            items: Vec::new(),
            batches: Vec::new(),
        }
    }

    /// Takes the next chunk of the body; complete batches start decoding at once.
    pub fn push(&mut self, chunk: &[u8]) {
        let from = self.body.len();
        self.body.extend_from_slice(chunk);
        let (batch_start, batch_end, items) =
            (&mut self.batch_start, &mut self.batch_end, &mut self.items);
        self.scanner.scan(&self.body, from, |start, end| {
            let base = *batch_start.get_or_insert(start);
            *batch_end = end;
            items.push((start - base, end - base));
        });
        if self.scanner.place == Place::Unusable {
            return;
        }
        if let Some(start) = self.batch_start {
            if self.batch_end - start >= BATCH_BYTES {
                self.send_batch(start);
            }
        }
    }

    fn send_batch(&mut self, start: usize) {
        let text = self.body[start..self.batch_end].to_vec();
        let items = std::mem::take(&mut self.items);
        self.batch_start = None;
        self.batches
            .push(match tokio::runtime::Handle::try_current() {
                Ok(rt) => Batch::Pool(rt.spawn_blocking(move || decode_batch(&text, &items))),
                // Outside a Tokio runtime (a plain test), decode here.
                Err(_) => Batch::Done(decode_batch(&text, &items)),
            });
    }

    /// The decoded list, in the server's order. Falls back to decoding the whole body
    /// when streaming could not be used, so errors are those of [`decode_secrets`].
    pub async fn finish(mut self) -> Result<Vec<Secret>, PhaseError> {
        // `After` means the closing `]` came, followed only by whitespace.
        if self.scanner.place != Place::After {
            self.abort();
            return decode_secrets(&self.body);
        }
        // The last batch is decoded here, while the pool works on the others.
        let last = self
            .batch_start
            .map(|start| decode_batch(&self.body[start..self.batch_end], &self.items));
        let mut parts = Vec::with_capacity(self.batches.len() + 1);
        for batch in std::mem::take(&mut self.batches) {
            parts.push(match batch {
                Batch::Pool(job) => job.await.ok().flatten(),
                Batch::Done(decoded) => decoded,
            });
        }
        parts.extend(last);
        let Some(mut parts) = parts.into_iter().collect::<Option<Vec<_>>>() else {
            return decode_secrets(&self.body);
        };
        if parts.len() <= 1 {
            return Ok(parts.pop().unwrap_or_default());
        }
        let mut secrets = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for mut part in parts {
            secrets.append(&mut part);
        }
        Ok(secrets)
    }

    fn abort(&mut self) {
        for batch in self.batches.drain(..) {
            if let Batch::Pool(job) = batch {
                job.abort();
            }
        }
    }
}

/// One batch: `items` are ranges of `text`, each one JSON object. `None` when any does
/// not decode (the caller then decodes the whole body to say why). UTF-8 is checked once
/// per batch, not per string, and the list is sized once.
fn decode_batch(text: &[u8], items: &[(usize, usize)]) -> Option<Vec<Secret>> {
    let text = std::str::from_utf8(text).ok()?;
    let mut secrets = Vec::with_capacity(items.len());
    for &(start, end) in items {
        secrets.push(serde_json::from_str(&text[start..end]).ok()?);
    }
    Some(secrets)
}

#[cfg(test)]
mod tests;
