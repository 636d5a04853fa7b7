//! After a request failed, the environment as listed again tells which lines the server
//! applied anyway (a batch is not atomic): those are marked applied, the rest failed with
//! the reason, so a second apply sends only what is still missing.

use phase_api::{Secret, SecretUpdate};

use super::{Line, Op};
use crate::view::LineStatus;

/// Marks each of `lines` (those sent in the failed request) applied if `now` shows it,
/// failed with `reason` otherwise.
pub fn settle<'a>(lines: impl IntoIterator<Item = &'a mut Line>, now: &[Secret], reason: &str) {
    for line in lines {
        let applied = match (&line.op, &line.before) {
            (Op::Create(new), _) => {
                let path = new.path.as_deref().unwrap_or("/");
                now.iter()
                    .any(|s| s.key.eq_ignore_ascii_case(&new.key) && s.path == path)
            }
            (Op::Update(u), Some(before)) => now
                .iter()
                .find(|s| s.id == u.id)
                .is_some_and(|after| shows(u, before, after)),
            (Op::Delete(id), _) => !now.iter().any(|s| &s.id == id),
            _ => false,
        };
        line.view.status = if applied {
            LineStatus::Applied
        } else {
            LineStatus::Failed {
                reason: reason.to_string(),
            }
        };
    }
}

/// Whether `after` carries the changes of `update` made to `before` (not the value: values
/// come back with references resolved).
pub fn shows(update: &SecretUpdate, before: &Secret, after: &Secret) -> bool {
    let sorted = |tags: &[String]| {
        let mut tags = tags.to_vec();
        tags.sort();
        tags
    };
    after.version > before.version
        && after.path == update.path
        && update.key.as_ref().is_none_or(|k| *k == after.key)
        && update.r#type.is_none_or(|t| t == after.r#type)
        && update.comment.as_ref().is_none_or(|c| *c == after.comment)
        && update
            .tags
            .as_ref()
            .is_none_or(|t| sorted(t) == sorted(&after.tags))
}
