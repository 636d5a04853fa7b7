//! Walking a secrets array item by item: serde_json decodes each item and says where it
//! ended, so finding the items costs no separate pass over the bytes.

use crate::models::Secret;

/// Where the walker is in the top-level array.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Place {
    /// Before the opening `[` (only whitespace allowed).
    Before,
    /// Just after `[`: an item or `]` comes next.
    Opened,
    /// After a `,`: an item comes next.
    ItemNext,
    /// After an item: `,` or `]` comes next.
    AfterItem,
    /// After the closing `]` (only whitespace allowed).
    After,
    /// Not a bare array of objects, or an item that does not decode: the whole body is
    /// decoded at the end, so errors read as they always did.
    Unusable,
}

/// A position in the array: `pos` is where the walk goes on from.
#[derive(Clone, Copy, Debug)]
pub(super) struct Walker {
    pub(super) place: Place,
    pub(super) pos: usize,
}

impl Walker {
    pub(super) fn new() -> Self {
        Walker {
            place: Place::Before,
            pos: 0,
        }
    }

    /// A walker at `pos`, taken to be the start of an item after a `,`.
    pub(super) fn at_item(pos: usize) -> Self {
        Walker {
            place: Place::ItemNext,
            pos,
        }
    }

    /// Walks `body` from `pos` until it reaches `stop` or the bytes run out, decoding
    /// every item onto `out`. An item cut off by the end of `body` is left for later.
    pub(super) fn walk(&mut self, body: &[u8], stop: usize, out: &mut Vec<Secret>) {
        let stop = stop.min(body.len());
        // UTF-8 is checked once for the stretch walked (and a little past `stop`, where
        // the last item ends), not for each string.
        let base = self.pos;
        let mut end = body.len().min(stop.saturating_add(LOOKAHEAD));
        let mut text = valid_prefix(&body[base..end]);
        while self.pos < stop {
            let b = body[self.pos];
            let next = match (self.place, b) {
                (Place::Unusable, _) => return,
                (_, b' ' | b'\n' | b'\r' | b'\t') => self.place,
                (Place::Before, b'[') => Place::Opened,
                (Place::Opened | Place::AfterItem, b']') => Place::After,
                (Place::AfterItem, b',') => Place::ItemNext,
                (Place::Opened | Place::ItemNext, b'{') => match decode_at(text, self.pos - base) {
                    Item::Decoded(secret, len) => {
                        out.push(secret);
                        self.pos += len;
                        self.place = Place::AfterItem;
                        continue;
                    }
                    // The item goes on past the stretch checked: check the rest.
                    Item::CutOff if end < body.len() => {
                        end = body.len();
                        text = valid_prefix(&body[base..end]);
                        continue;
                    }
                    Item::CutOff => return,
                    Item::Invalid => Place::Unusable,
                },
                _ => Place::Unusable,
            };
            self.place = next;
            self.pos += 1;
        }
    }
}

/// How far past its stop a walk checks UTF-8, for the item that ends there.
const LOOKAHEAD: usize = 256 * 1024;

/// The longest valid UTF-8 start of `bytes` (a chunk can end inside a character; invalid
/// bytes stop the walk there, and the whole-body decode reports them).
fn valid_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    }
}

// Returned once per item and moved straight into the list: boxing would allocate per item.
#[allow(clippy::large_enum_variant)]
enum Item {
    /// The item, and its length in bytes.
    Decoded(Secret, usize),
    /// The body ends inside the item.
    CutOff,
    Invalid,
}

fn decode_at(text: &str, at: usize) -> Item {
    let Some(rest) = text.get(at..) else {
        return Item::CutOff;
    };
    let mut items = serde_json::Deserializer::from_str(rest).into_iter::<Secret>();
    match items.next() {
        Some(Ok(secret)) => Item::Decoded(secret, items.byte_offset()),
        Some(Err(e)) if e.is_eof() => Item::CutOff,
        None => Item::CutOff,
        Some(Err(_)) => Item::Invalid,
    }
}

/// Where an item probably starts at or after `from`, before `to`: a `{` that follows
/// `}` and `,` (whitespace allowed around them). A string can hold those bytes, so the
/// place is only a guess: whoever uses it checks that a walk from the array's start
/// reaches it between items.
pub(super) fn likely_item_start(body: &[u8], from: usize, to: usize) -> Option<usize> {
    let to = to.min(body.len());
    let mut at = from;
    while at < to {
        let close = at + memchr::memchr(b'}', &body[at..to])?;
        let mut i = skip_space(body, close + 1);
        if body.get(i) == Some(&b',') {
            i = skip_space(body, i + 1);
            if body.get(i) == Some(&b'{') {
                return Some(i);
            }
        }
        at = close + 1;
    }
    None
}

fn skip_space(body: &[u8], mut i: usize) -> usize {
    while matches!(body.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}
