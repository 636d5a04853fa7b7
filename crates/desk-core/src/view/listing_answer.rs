//! How a listing crosses IPC: with a digest of its content, so that a window still holding
//! an identical listing gets `list: null` and shows the one it has.
//!
//! Going back to an environment just seen (staging, then development again) is the common
//! switch, and its secrets rarely changed in between. The server is still asked every time;
//! only the answer to the window shrinks: for 10,000 secrets ~100 bytes instead of 1.6 MB,
//! so no transfer in WebKitGTK's 8 KB pieces, no parse, and no second copy of every row
//! left for the page's garbage collector.

use sha2::{Digest, Sha256};

use super::SecretList;

pub const LISTING_ANSWER_TS: &str =
    "export type ListingAnswer = { digest: string, elapsedMs: number, list: SecretList | null };";

/// A listing's answer to the window, and the digest it carries.
pub struct Answer {
    /// The JSON text of `{digest, elapsedMs, list}`.
    pub json: String,
    pub digest: String,
}

/// The answer for `list`. Its `list` is `null` when `have` (the digest of the listing the
/// window holds) equals this listing's digest: the same rows, in the same order, with the
/// same flags and notes.
pub fn listing_answer(mut list: SecretList, have: Option<&str>) -> serde_json::Result<Answer> {
    // How long the server took is not content: two identical listings differ in it.
    let elapsed_ms = std::mem::take(&mut list.elapsed_ms);
    let body = serde_json::to_string(&list)?;
    let digest = hex(&Sha256::digest(body.as_bytes()));
    let list_json = (have != Some(digest.as_str())).then_some(body.as_str());
    Ok(Answer {
        json: answer_json(&digest, elapsed_ms, list_json),
        digest,
    })
}

/// The answer for a listing the window holds, by the digest [`listing_answer`] gave it.
pub fn held_listing_answer(digest: &str, elapsed_ms: u32) -> String {
    answer_json(digest, elapsed_ms, None)
}

fn answer_json(digest: &str, elapsed_ms: u32, list_json: Option<&str>) -> String {
    let list_json = list_json.unwrap_or("null");
    format!(r#"{{"digest":"{digest}","elapsedMs":{elapsed_ms},"list":{list_json}}}"#)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{SecretKind, SecretRow, SecretRows};
    use serde_json::Value;

    fn row(id: &str, key: &str) -> SecretRow {
        SecretRow {
            id: id.into(),
            key: key.into(),
            path: "/".into(),
            comment: String::new(),
            tags: vec![],
            kind: SecretKind::Secret,
            rotating: false,
            version: 1,
            created_at: Some(1),
            updated_at: Some(2),
            has_override: false,
            override_active: false,
            config_value: None,
            value_set: None,
            preview: None,
        }
    }

    fn list(rows: Vec<SecretRow>, elapsed_ms: u32) -> SecretList {
        SecretList {
            app_id: "app".into(),
            env: "development".into(),
            rows: SecretRows(rows),
            can_override: true,
            override_note: None,
            folder_only: None,
            elapsed_ms,
        }
    }

    fn answer(l: SecretList, have: Option<&str>) -> Value {
        serde_json::from_str(&listing_answer(l, have).unwrap().json).unwrap()
    }

    #[test]
    fn the_rows_are_left_out_only_when_the_window_holds_the_same_listing() {
        let first = answer(list(vec![row("1", "A"), row("2", "B")], 40), None);
        let digest = first["digest"].as_str().unwrap().to_string();
        assert_eq!(digest.len(), 64);
        assert_eq!(first["elapsedMs"], 40);
        assert_eq!(first["list"]["rows"].as_array().unwrap().len(), 2);
        // The time the server took is the answer's, not the listing's.
        assert_eq!(first["list"]["elapsedMs"], 0);

        let again = answer(list(vec![row("1", "A"), row("2", "B")], 75), Some(&digest));
        assert_eq!(again["digest"], first["digest"]);
        assert_eq!(again["elapsedMs"], 75);
        assert!(again["list"].is_null());

        let mut edited = row("2", "B");
        edited.version = 2;
        let changed = answer(list(vec![row("1", "A"), edited], 40), Some(&digest));
        assert_ne!(changed["digest"], first["digest"]);
        assert_eq!(changed["list"]["rows"][1][7], 2);

        let stale = answer(
            list(vec![row("1", "A"), row("2", "B")], 40),
            Some("0".repeat(64).as_str()),
        );
        assert_eq!(stale["list"]["rows"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn another_environment_with_the_same_rows_has_another_digest() {
        let dev = answer(list(vec![row("1", "A")], 1), None);
        let mut other = list(vec![row("1", "A")], 1);
        other.env = "staging".into();
        assert_ne!(answer(other, None)["digest"], dev["digest"]);
    }

    #[test]
    fn a_held_answer_is_the_one_listing_answer_gives_for_the_same_digest() {
        let first = listing_answer(list(vec![row("1", "A")], 1), None).unwrap();
        let again = listing_answer(list(vec![row("1", "A")], 9), Some(&first.digest)).unwrap();
        assert_eq!(held_listing_answer(&first.digest, 9), again.json);
    }
}
