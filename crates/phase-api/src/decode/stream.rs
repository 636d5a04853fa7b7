//! Decoding a secrets list while it arrives.
//!
//! `GET /v1/secrets/` answers one JSON array. Here each item is decoded as soon as its
//! last byte is in, while the rest of the body is still on its way, instead of after the
//! whole body. Anything unusual (a wrapped list, a scalar item, invalid JSON, an item that
//! does not decode) falls back to [`decode_secrets`] on the whole body, so every error
//! reads exactly as it did.
//!
//! Items are decoded on the receiving task, straight into one list: decoding them in
//! batches on the blocking pool was measured slower here (10k: 27 ms against 17 ms for the
//! whole body, the copies and the allocator's cross-thread frees outweighing the second
//! core; docs/BENCHMARKS.md).

use super::decode_secrets;
use crate::error::PhaseError;
use crate::models::Secret;

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
            // A listed secret takes about 500 bytes of JSON.
            secrets: Vec::with_capacity(expected / 400),
            failed: false,
        }
    }

    /// Takes the next chunk of the body and decodes the items it completes.
    pub fn push(&mut self, chunk: &[u8]) {
        let from = self.body.len();
        self.body.extend_from_slice(chunk);
        let (body, secrets, failed) = (&self.body, &mut self.secrets, &mut self.failed);
        self.scanner.scan(body, from, |start, end| {
            if *failed {
                return;
            }
            // UTF-8 is checked once per item, not per string.
            let item = std::str::from_utf8(&body[start..end])
                .ok()
                .and_then(|text| serde_json::from_str(text).ok());
            match item {
                Some(secret) => secrets.push(secret),
                None => *failed = true,
            }
        });
    }

    /// The decoded list, in the server's order. Falls back to decoding the whole body
    /// when streaming could not be used, so errors are those of [`decode_secrets`].
    pub async fn finish(self) -> Result<Vec<Secret>, PhaseError> {
        // `After` means the closing `]` came, followed only by whitespace.
        if self.failed || self.scanner.place != Place::After {
            return decode_secrets(&self.body);
        }
        Ok(self.secrets)
    }
}

#[cfg(test)]
mod tests;
