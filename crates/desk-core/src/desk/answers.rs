//! The listing as the window takes it (`view::listing_answer`), and the shortcut for a
//! listing the window already holds.
//!
//! Going back to an environment just seen is the common switch. Its listing is still asked
//! of the server every time, but when the secrets that come back are the ones whose answer
//! the window holds, building the rows and encoding them only to find the same digest was
//! most of the desk's own time (10,000 secrets: ~40 ms of a ~250 ms switch). So each answer's
//! digest is remembered under a fingerprint of everything its JSON is made from, and a
//! repeat listing with the same fingerprint is answered from it.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::Mutex;

use phase_api::Secret;

use super::lock;
use crate::error::{DeskError, DeskResult};
use crate::view::listing_answer::{held_listing_answer, listing_answer};
use crate::view::{SecretList, TokenKindView};

/// Answers remembered: a few environments and folders each way of the one on screen.
const KEPT: usize = 16;

/// Digests of recent answers, by the fingerprint of what each was made from.
#[derive(Default)]
pub(super) struct AnswerDigests {
    /// Keyed once per run: fingerprints are compared within this process only.
    keys: RandomState,
    recent: Mutex<VecDeque<(u64, String)>>,
}

/// Everything a listing's answer is made from, but the time the server took.
pub(super) struct AnswerInputs<'a> {
    pub token_kind: TokenKindView,
    pub app_id: &'a str,
    pub env: &'a str,
    pub folder_only: Option<&'a str>,
    /// The secrets after those held back for undo are left out, in the server's order
    /// (the same secrets in the same order always sort into the same rows).
    pub secrets: &'a [Secret],
}

impl AnswerDigests {
    fn fingerprint(&self, inputs: &AnswerInputs) -> u64 {
        let mut h = self.keys.build_hasher();
        std::mem::discriminant(&inputs.token_kind).hash(&mut h);
        inputs.app_id.hash(&mut h);
        inputs.env.hash(&mut h);
        inputs.folder_only.hash(&mut h);
        inputs.secrets.hash(&mut h);
        h.finish()
    }

    fn digest_for(&self, fingerprint: u64) -> Option<String> {
        lock(&self.recent)
            .iter()
            .find(|(f, _)| *f == fingerprint)
            .map(|(_, d)| d.clone())
    }

    /// The window's answer for a listing: `have` is the digest of the listing it holds.
    /// `inputs` is `None` where the rows depend on more than the listing (CommandK's masked
    /// values): those are always built. `build` makes the listing when it is needed.
    pub(super) fn answer(
        &self,
        inputs: Option<AnswerInputs>,
        elapsed_ms: u32,
        have: Option<&str>,
        build: impl FnOnce() -> SecretList,
    ) -> DeskResult<String> {
        let fingerprint = inputs.map(|i| self.fingerprint(&i));
        if let (Some(f), Some(have)) = (fingerprint, have) {
            if let Some(digest) = self.digest_for(f).filter(|d| d == have) {
                return Ok(held_listing_answer(&digest, elapsed_ms));
            }
        }
        let mut list = build();
        list.elapsed_ms = elapsed_ms;
        let answer = listing_answer(list, have)
            .map_err(|e| DeskError::Internal(format!("the listing could not be encoded: {e}")))?;
        if let Some(f) = fingerprint {
            self.remember(f, answer.digest);
        }
        Ok(answer.json)
    }

    fn remember(&self, fingerprint: u64, digest: String) {
        let mut recent = lock(&self.recent);
        recent.retain(|(f, _)| *f != fingerprint);
        if recent.len() == KEPT {
            recent.pop_front();
        }
        recent.push_back((fingerprint, digest));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::SecretRows;
    use std::cell::Cell;

    fn secret(id: &str, comment: &str) -> Secret {
        serde_json::from_value(
            serde_json::json!({"id": id, "key": "K", "value": "v", "comment": comment}),
        )
        .unwrap()
    }

    fn list_of(secrets: &[Secret]) -> SecretList {
        SecretList {
            app_id: "app".into(),
            env: "development".into(),
            rows: SecretRows(secrets.iter().map(crate::secrets::row).collect()),
            can_override: true,
            override_note: None,
            folder_only: None,
            elapsed_ms: 0,
        }
    }

    fn inputs(secrets: &[Secret]) -> Option<AnswerInputs<'_>> {
        Some(AnswerInputs {
            token_kind: TokenKindView::User,
            app_id: "app",
            env: "development",
            folder_only: None,
            secrets,
        })
    }

    fn json(answer: &str) -> serde_json::Value {
        serde_json::from_str(answer).unwrap()
    }

    #[test]
    fn a_listing_the_window_holds_is_answered_without_building_its_rows() {
        let digests = AnswerDigests::default();
        let secrets = vec![secret("1", "a"), secret("2", "b")];
        let built = Cell::new(0);
        let build = || {
            built.set(built.get() + 1);
            list_of(&secrets)
        };
        let first = json(&digests.answer(inputs(&secrets), 5, None, build).unwrap());
        let digest = first["digest"].as_str().unwrap().to_string();
        assert_eq!(built.get(), 1);

        let again = digests
            .answer(inputs(&secrets), 7, Some(&digest), build)
            .unwrap();
        assert_eq!(built.get(), 1, "the rows were built again");
        assert_eq!(again, held_listing_answer(&digest, 7));

        // A window holding something else gets the rows.
        let other = json(
            &digests
                .answer(inputs(&secrets), 7, Some("x"), build)
                .unwrap(),
        );
        assert_eq!(built.get(), 2);
        assert_eq!(other["digest"], digest.as_str());
        assert_eq!(other["list"]["rows"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn any_change_in_what_the_answer_is_made_of_builds_it_again() {
        let digests = AnswerDigests::default();
        let secrets = vec![secret("1", "a"), secret("2", "b")];
        let first = json(
            &digests
                .answer(inputs(&secrets), 5, None, || list_of(&secrets))
                .unwrap(),
        );
        let have = first["digest"].as_str().unwrap().to_string();

        let edited = vec![secret("1", "a"), secret("2", "changed")];
        let changed = json(
            &digests
                .answer(inputs(&edited), 5, Some(&have), || list_of(&edited))
                .unwrap(),
        );
        assert_ne!(changed["digest"], have.as_str());
        assert_eq!(changed["list"]["rows"][1][3], "changed");

        let built = Cell::new(false);
        let mut staging = inputs(&secrets).unwrap();
        staging.env = "staging";
        digests
            .answer(Some(staging), 5, Some(&have), || {
                built.set(true);
                list_of(&secrets)
            })
            .unwrap();
        assert!(
            built.get(),
            "another environment was answered from development's digest"
        );

        // Without inputs (rows that depend on more than the listing) it is always built.
        built.set(false);
        digests
            .answer(None, 5, Some(&have), || {
                built.set(true);
                list_of(&secrets)
            })
            .unwrap();
        assert!(built.get());
    }

    #[test]
    fn only_the_last_few_answers_are_remembered() {
        let digests = AnswerDigests::default();
        let listings: Vec<Vec<Secret>> = (0..=KEPT)
            .map(|i| vec![secret(&format!("id-{i}"), "c")])
            .collect();
        let held: Vec<String> = listings
            .iter()
            .map(|l| {
                let a = json(&digests.answer(inputs(l), 1, None, || list_of(l)).unwrap());
                a["digest"].as_str().unwrap().to_string()
            })
            .collect();
        let built_again = |i: usize| {
            let built = Cell::new(false);
            let answer = digests
                .answer(inputs(&listings[i]), 1, Some(&held[i]), || {
                    built.set(true);
                    list_of(&listings[i])
                })
                .unwrap();
            assert!(
                json(&answer)["list"].is_null(),
                "the window holds it either way"
            );
            built.get()
        };
        // The first of KEPT + 1 was pushed out; the last is still known.
        assert!(built_again(0));
        assert!(!built_again(KEPT));
    }
}
