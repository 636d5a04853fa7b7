use super::*;
use crate::view::ChangeAction;

fn secret(id: &str, key: &str, path: &str, value: &str, version: i64) -> Secret {
    serde_json::from_value(serde_json::json!({
        "id": id, "key": key, "value": value, "comment": "", "tags": [], "override": null,
        "type": "secret", "lifecycle": "static", "path": path, "version": version
    }))
    .unwrap()
}

fn want(key: &str, path: &str, value: &str) -> Desired {
    Desired {
        key: key.into(),
        path: path.into(),
        value: Some(SecretString::from(value.to_string())),
        ..Desired::default()
    }
}

fn import() -> PlanOptions {
    PlanOptions {
        existing: Existing::Update,
        server_only_in: vec!["/".into()],
    }
}

fn actions(lines: &[Line]) -> Vec<(String, ChangeAction, bool)> {
    lines
        .iter()
        .map(|l| (l.view.key.clone(), l.view.action, l.view.selected))
        .collect()
}

#[test]
fn an_import_is_diffed_into_new_changed_unchanged_and_server_only() {
    let current = vec![
        secret("1", "SAME", "/", "a", 1),
        secret("2", "CHANGED", "/", "old", 1),
        secret("3", "ONLY_SERVER", "/", "x", 1),
        secret("4", "ELSEWHERE", "/other", "x", 1),
    ];
    let desired = vec![
        want("SAME", "/", "a"),
        want("CHANGED", "/", "new"),
        want("NEW", "/", "n"),
    ];
    let mut id = 1;
    let lines = plan_env("dev", &current, &desired, &import(), &mut id);
    assert_eq!(
        actions(&lines),
        vec![
            ("SAME".into(), ChangeAction::Unchanged, false),
            ("CHANGED".into(), ChangeAction::Update, true),
            ("NEW".into(), ChangeAction::Create, true),
            // Only on the server: offered, never ticked; other folders are out of scope.
            ("ONLY_SERVER".into(), ChangeAction::Delete, false),
        ]
    );
    assert!(lines[1].view.value_changes);
    assert_eq!(lines[1].value(false), Some("old"));
    assert_eq!(lines[1].value(true), Some("new"));
    assert_eq!(
        lines.iter().map(|l| l.view.id).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(id, 5);
}

#[test]
fn copies_offer_existing_keys_unticked_and_fill_missing_leaves_them_out() {
    let current = vec![secret("1", "DB", "/", "prod-db", 1)];
    let desired = vec![want("DB", "/", "staging-db"), want("NEW", "/", "n")];
    let offer = PlanOptions {
        existing: Existing::Offer,
        server_only_in: vec![],
    };
    let lines = plan_env("prod", &current, &desired, &offer, &mut 1);
    assert_eq!(
        actions(&lines),
        vec![
            ("DB".into(), ChangeAction::Update, false),
            ("NEW".into(), ChangeAction::Create, true)
        ]
    );
    assert!(lines[0]
        .view
        .note
        .as_deref()
        .unwrap()
        .contains("tick to overwrite"));
    let fill = PlanOptions {
        existing: Existing::Leave,
        server_only_in: vec![],
    };
    let lines = plan_env("prod", &current, &desired, &fill, &mut 1);
    assert_eq!(
        actions(&lines),
        vec![("NEW".into(), ChangeAction::Create, true)]
    );
}

#[test]
fn keys_match_case_insensitively_within_their_folder() {
    let current = vec![secret("1", "DB", "/a", "v", 1)];
    let lines = plan_env(
        "dev",
        &current,
        &[want("db", "/a", "v"), want("DB", "/b", "v")],
        &import(),
        &mut 1,
    );
    assert_eq!(lines[0].view.action, ChangeAction::Unchanged);
    assert_eq!(lines[1].view.action, ChangeAction::Create);
}

#[test]
fn the_first_secret_at_a_place_is_planned_against_and_a_case_change_is_not_a_move_onto_another() {
    // A server can hold one key twice in a folder (created concurrently): the plan uses
    // the first, as a scan of the list from the start would.
    let current = vec![
        secret("1", "api_key", "/a", "first", 1),
        secret("2", "API_KEY", "/a", "second", 1),
        secret("3", "Solo", "/b", "v", 1),
    ];
    let lines = plan_env(
        "dev",
        &current,
        &[want("Api_Key", "/a", "first")],
        &import(),
        &mut 1,
    );
    assert_eq!(lines[0].view.action, ChangeAction::Unchanged);
    // Renaming a secret to its own key in other capitals takes no one's place...
    let mut recase = want("Solo", "/b", "v");
    recase.secret_id = Some("3".into());
    recase.new_key = Some("SOLO".into());
    // ...but moving onto a key another secret holds, in any capitals, is refused.
    let mut onto = want("Solo", "/b", "v");
    onto.secret_id = Some("3".into());
    onto.new_key = Some("Api_key".into());
    onto.path = "/a".into();
    for (moving, refused) in [(recase, false), (onto, true)] {
        let mut lines = plan_env("dev", &current, &[moving], &import(), &mut 1);
        validate(
            &mut lines,
            &HashMap::from([("dev".to_string(), current.clone())]),
        );
        assert_eq!(
            lines[0].view.error.is_some(),
            refused,
            "{:?}",
            lines[0].view
        );
    }
}

#[test]
fn validation_refuses_duplicates_in_the_set_and_moves_onto_taken_keys() {
    let current = vec![
        secret("1", "A", "/", "v", 1),
        secret("2", "B", "/x", "v", 1),
    ];
    let mut moving = want("A", "/x", "v");
    moving.secret_id = Some("1".into());
    moving.new_key = Some("B".into());
    let desired = vec![want("NEW", "/", "1"), want("NEW", "/", "2"), moving];
    let mut lines = plan_env("dev", &current, &desired, &import(), &mut 1);
    validate(
        &mut lines,
        &HashMap::from([("dev".to_string(), current.clone())]),
    );
    assert!(lines[0].view.error.is_none() && lines[0].view.selected);
    assert!(lines[1].view.error.as_deref().unwrap().contains("twice"));
    assert!(!lines[1].view.selected);
    assert_eq!(
        lines[2].view.error.as_deref(),
        Some("B already exists in /x.")
    );
    // A tag over 64 characters is refused before sending (the server saves, then says 400).
    let mut long = want("T", "/", "v");
    long.tags = Some(vec!["x".repeat(65)]);
    let lines = plan_env("dev", &[], &[long], &import(), &mut 1);
    assert!(lines[0].view.error.is_some() && !lines[0].to_send());
}

#[test]
fn settling_a_failure_marks_what_the_server_shows_and_a_second_apply_sends_only_the_rest() {
    let current = vec![
        secret("1", "A", "/", "old", 1),
        secret("2", "B", "/", "old", 1),
    ];
    let mut a = want("A", "/", "new");
    a.comment = Some("changed".into());
    let mut b = want("B", "/", "new");
    b.comment = Some("changed".into());
    let desired = vec![a, b, want("C", "/", "c")];
    let mut lines = plan_env("dev", &current, &desired, &import(), &mut 1);
    // The server saved A and C, then stopped at B.
    let mut a_after = secret("1", "A", "/", "new", 2);
    a_after.comment = "changed".into();
    let now = vec![
        a_after,
        secret("2", "B", "/", "old", 1),
        secret("9", "C", "/", "c", 1),
    ];
    settle(lines.iter_mut(), &now, "the server said 500");
    let status: Vec<_> = lines.iter().map(|l| l.view.status.clone()).collect();
    assert_eq!(status[0], LineStatus::Applied);
    assert_eq!(
        status[1],
        LineStatus::Failed {
            reason: "the server said 500".into()
        }
    );
    assert_eq!(status[2], LineStatus::Applied);
    let still: Vec<_> = lines
        .iter()
        .filter(|l| l.to_send())
        .map(|l| l.view.key.clone())
        .collect();
    assert_eq!(still, ["B"]);
}

#[test]
fn a_sealed_secret_never_shows_its_value_and_cannot_change_type() {
    let mut sealed = secret("1", "S", "/", "hidden", 1);
    sealed.r#type = SecretType::Sealed;
    let mut w = want("S", "/", "hidden");
    w.kind = Some(SecretType::Config);
    let lines = plan_env("dev", &[sealed], &[w], &import(), &mut 1);
    assert!(lines[0].view.error.as_deref().unwrap().contains("sealed"));
    assert_eq!(lines[0].value(false), None);
}

#[test]
fn selection_ticks_exactly_the_given_lines_but_never_one_in_error() {
    let mut long = want("T", "/", "v");
    long.tags = Some(vec!["x".repeat(65)]);
    let lines = plan_env(
        "dev",
        &[],
        &[want("A", "/", "1"), want("B", "/", "2"), long],
        &import(),
        &mut 1,
    );
    let mut set = ChangeSet {
        id: "c".into(),
        kind: ChangeSetKind::Import,
        app_id: "app".into(),
        title: String::new(),
        note: None,
        lines,
        refused: vec![],
    };
    set.select(&[2, 3]);
    let ticked: Vec<_> = set
        .lines
        .iter()
        .filter(|l| l.view.selected)
        .map(|l| l.view.id)
        .collect();
    assert_eq!(ticked, [2]);
    assert_eq!(set.envs_to_send(), ["dev"]);
}
