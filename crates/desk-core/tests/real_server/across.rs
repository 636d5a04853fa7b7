//! Across environments: the side-by-side view, copy and fill missing, `.env` import with
//! review (untick, partial failure, re-apply), export round-trips, bulk edits as change-sets.

use std::collections::BTreeSet;

use desk_core::view::{
    BulkEdit, ChangeAction, ChangeSetView, ExportRequest, FileFormat, LineSide, LineStatus,
};
use phase_api::{EnvSelector, NewSecret, SecretType, SecretUpdate};

use crate::{scenario, Target, ENV, ENVS};

/// Creates secrets in `env` directly on the server (outside the desk).
async fn seed(t: &Target, env: &str, secrets: Vec<NewSecret>) {
    let secrets: Vec<NewSecret> = secrets
        .into_iter()
        .map(|mut s| {
            s.key = t.key(&s.key);
            s
        })
        .collect();
    t.outside()
        .create_secrets(&EnvSelector::new(&t.app_id, env), &secrets)
        .await
        .expect("seeded");
}

fn secret(key: &str, value: &str, path: &str) -> NewSecret {
    NewSecret {
        path: Some(path.into()),
        ..NewSecret::new(key, value)
    }
}

fn line<'a>(set: &'a ChangeSetView, t: &Target, name: &str) -> &'a desk_core::view::ChangeLine {
    let key = t.key(name);
    set.lines
        .iter()
        .find(|l| l.key == key)
        .unwrap_or_else(|| panic!("a line for {key}"))
}

fn ids(set: &ChangeSetView, pick: impl Fn(&desk_core::view::ChangeLine) -> bool) -> Vec<u32> {
    set.lines.iter().filter(|l| pick(l)).map(|l| l.id).collect()
}

#[tokio::test]
async fn three_environments_side_by_side_and_fill_what_production_lacks() {
    scenario(|t| async move {
        let mut described = secret("DESCRIBED", "d", "/svc");
        described.comment = Some("who uses it".into());
        described.tags = vec!["pdr-across".into()];
        described.r#type = Some(SecretType::Config);
        seed(
            &t,
            ENVS[0],
            vec![
                secret("SAME", "1", "/"),
                secret("DIFFERS", "dev", "/"),
                described,
            ],
        )
        .await;
        seed(
            &t,
            ENVS[1],
            vec![secret("SAME", "1", "/"), secret("DIFFERS", "stg", "/")],
        )
        .await;
        seed(&t, ENVS[2], vec![secret("SAME", "1", "/")]).await;

        let view = t
            .desk
            .compare_environments(&t.app_id)
            .await
            .expect("compared");
        let names: Vec<String> = view.envs.iter().map(|e| e.to_lowercase()).collect();
        assert_eq!(names, ENVS, "columns follow the server's order");
        assert!(view.env_errors.is_empty());
        let row = |name: &str| {
            let key = t.key(name);
            view.rows
                .iter()
                .find(|r| r.key == key)
                .unwrap_or_else(|| panic!("row {key}"))
                .clone()
        };
        let same = row("SAME");
        assert!(!same.differs && !same.missing);
        assert_eq!(
            same.cells.iter().map(|c| c.group).collect::<Vec<_>>(),
            [Some(0); 3]
        );
        let differs = row("DIFFERS");
        assert!(differs.differs && differs.missing);
        assert_eq!(
            differs.cells.iter().map(|c| c.group).collect::<Vec<_>>(),
            [Some(0), Some(1), None]
        );
        let described = row("DESCRIBED");
        assert_eq!(described.path, "/svc");
        assert_eq!(described.tags, ["pdr-across"]);
        // A cell reveals and copies its own value.
        let stg = differs.cells[1].secret_id.clone().unwrap();
        let shown = t
            .desk
            .compare_reveal(&t.app_id, &view.envs[1], &stg)
            .unwrap();
        assert_eq!(shown.as_deref(), Some("stg"));

        let dev_ids: Vec<String> = view
            .rows
            .iter()
            .filter(|r| r.key.starts_with(&t.prefix))
            .filter_map(|r| r.cells[0].secret_id.clone())
            .collect();
        let plan = t
            .desk
            .plan_copy(
                &t.app_id,
                &view.envs[0],
                dev_ids,
                vec![view.envs[2].clone()],
                true,
            )
            .await
            .expect("planned");
        let mut planned: Vec<(String, ChangeAction)> = plan
            .lines
            .iter()
            .map(|l| (l.key.clone(), l.action))
            .collect();
        planned.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            planned,
            [
                (t.key("DESCRIBED"), ChangeAction::Create),
                (t.key("DIFFERS"), ChangeAction::Create)
            ],
            "fill missing leaves what production has alone"
        );
        let report = t
            .desk
            .apply_changes(&plan.id, ids(&plan, |l| l.selected))
            .await
            .expect("applied");
        assert_eq!(
            (report.applied, report.failed),
            (2, 0),
            "{}",
            report.message
        );
        let prod = t.on_server_in(ENVS[2]).await;
        let copied = prod
            .iter()
            .find(|s| s.key == t.key("DESCRIBED"))
            .expect("copied to production");
        assert_eq!(
            (
                copied.value.expose(),
                copied.comment.as_str(),
                copied.tags.clone(),
                copied.path.as_str(),
                copied.r#type
            ),
            (
                "d",
                "who uses it",
                vec!["pdr-across".to_string()],
                "/svc",
                SecretType::Config
            )
        );
        assert_eq!(prod.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_copy_overwrites_an_existing_key_only_when_ticked() {
    scenario(|t| async move {
        seed(
            &t,
            ENVS[0],
            vec![secret("A", "dev-a", "/"), secret("B", "dev-b", "/")],
        )
        .await;
        seed(
            &t,
            ENVS[1],
            vec![secret("A", "stg-a", "/"), secret("B", "stg-b", "/")],
        )
        .await;
        t.desk
            .list_secrets(&t.app_id, ENV, vec![], None)
            .await
            .unwrap();
        let dev: Vec<String> = t.on_server().await.into_iter().map(|s| s.id).collect();
        let plan = t
            .desk
            .plan_copy(&t.app_id, ENV, dev, vec![ENVS[1].into()], false)
            .await
            .unwrap();
        let a = line(&plan, &t, "A");
        assert_eq!((a.action, a.selected), (ChangeAction::Update, false));
        assert!(a.note.as_deref().unwrap().contains("tick to overwrite"));
        assert_eq!(
            t.desk
                .reveal_change(&plan.id, a.id, LineSide::Before)
                .unwrap()
                .as_deref(),
            Some("stg-a")
        );
        assert_eq!(
            t.desk
                .reveal_change(&plan.id, a.id, LineSide::After)
                .unwrap()
                .as_deref(),
            Some("dev-a")
        );
        let only_a = vec![a.id];
        let report = t.desk.apply_changes(&plan.id, only_a).await.unwrap();
        assert_eq!(report.applied, 1);
        let stg = t.on_server_in(ENVS[1]).await;
        let value = |name: &str| {
            stg.iter()
                .find(|s| s.key == t.key(name))
                .unwrap()
                .value
                .expose()
                .to_string()
        };
        assert_eq!((value("A"), value("B")), ("dev-a".into(), "stg-b".into()));
    })
    .await;
}

#[tokio::test]
async fn an_import_is_reviewed_unticked_lines_stay_out_and_refused_lines_say_why() {
    scenario(|t| async move {
        let folder = format!("/{}", t.prefix.to_lowercase());
        seed(&t, ENV, vec![secret("CHANGED", "old", &folder), secret("KEPT", "same", &folder), secret("SERVER_ONLY", "s", &folder)]).await;
        let text = format!(
            "# from a teammate\nexport {p}CHANGED=new\n{p}KEPT='same'\n{p}SKIPPED=\"x\"\n{p}NEW=\"line1\\nline2\"\nBAD KEY=hidden-value-1\n",
            p = t.prefix
        );
        let plan = t.desk.plan_import_text(&t.app_id, ENV, &text, &folder).await.expect("planned");
        assert_eq!(line(&plan, &t, "CHANGED").action, ChangeAction::Update);
        assert!(line(&plan, &t, "CHANGED").value_changes);
        assert_eq!(line(&plan, &t, "KEPT").action, ChangeAction::Unchanged);
        assert_eq!(line(&plan, &t, "NEW").action, ChangeAction::Create);
        let only_server = line(&plan, &t, "SERVER_ONLY");
        assert_eq!((only_server.action, only_server.selected), (ChangeAction::Delete, false));
        assert_eq!(plan.refused.len(), 1, "{:?}", plan.refused);
        assert_eq!(plan.refused[0].line, 6);
        assert!(!format!("{:?}", plan.refused).contains("hidden-value-1"), "a refusal never shows the value");

        let skipped = line(&plan, &t, "SKIPPED").id;
        let report = t
            .desk
            .apply_changes(&plan.id, ids(&plan, |l| l.selected && l.id != skipped))
            .await
            .unwrap();
        assert_eq!((report.applied, report.failed), (2, 0), "{}", report.message);
        let now = t.on_server().await;
        let keys: BTreeSet<String> = now.iter().map(|s| s.key.replace(&t.prefix, "")).collect();
        assert_eq!(keys, ["CHANGED", "KEPT", "NEW", "SERVER_ONLY"].map(String::from).into());
        let new = now.iter().find(|s| s.key == t.key("NEW")).unwrap();
        assert_eq!((new.value.expose(), new.path.as_str()), ("line1\nline2", folder.as_str()));
    })
    .await;
}

#[tokio::test]
async fn a_server_that_stops_part_way_leaves_a_report_and_a_second_apply_sends_only_the_rest() {
    scenario(|t| async move {
        seed(&t, ENV, vec![secret("FIRST", "1", "/"), secret("SEALED", "2", "/"), secret("LAST", "3", "/")]).await;
        let text = format!(
            "#@ type=config\n{p}FIRST=1\n#@ type=config\n{p}SEALED=2\n#@ type=config\n{p}LAST=3\n{p}ADDED=4\n",
            p = t.prefix
        );
        let plan = t.desk.plan_import_text(&t.app_id, ENV, &text, "/").await.unwrap();
        // Someone seals SEALED after the review was planned: the batch PUT saves FIRST,
        // refuses to unseal SEALED (400) and never reaches LAST.
        let sealed = t.on_server_by_key("SEALED").await;
        t.outside()
            .update_secrets(
                &t.env(),
                &[SecretUpdate {
                    r#type: Some(SecretType::Sealed),
                    ..SecretUpdate::new(&sealed.id, "/")
                }],
            )
            .await
            .unwrap();
        let mine = ids(&plan, |l| l.selected && l.key.starts_with(&t.prefix));
        let report = t.desk.apply_changes(&plan.id, mine.clone()).await.expect("a report, not an error");
        let status = |r: &desk_core::view::ApplyReport, name: &str| line(&r.changes, &t, name).status.clone();
        assert_eq!(status(&report, "ADDED"), LineStatus::Applied, "the POST went first");
        assert_eq!(status(&report, "FIRST"), LineStatus::Applied, "saved before the failing item");
        assert!(matches!(status(&report, "SEALED"), LineStatus::Failed { .. }));
        assert!(matches!(status(&report, "LAST"), LineStatus::Failed { .. }), "never reached");
        assert_eq!(report.failed, 2, "{}", report.message);
        assert!(report.message.contains("not applied"), "{}", report.message);
        let first_version = t.on_server_by_key("FIRST").await.version;
        assert_eq!(t.on_server_by_key("LAST").await.r#type, SecretType::Secret);

        // Applying again (SEALED unticked) sends only what is still missing: not FIRST again.
        let sealed_line = line(&report.changes, &t, "SEALED").id;
        let rest: Vec<u32> = mine.into_iter().filter(|id| *id != sealed_line).collect();
        let again = t.desk.apply_changes(&plan.id, rest).await.unwrap();
        assert_eq!(status(&again, "LAST"), LineStatus::Applied, "{}", again.message);
        assert_eq!(t.on_server_by_key("FIRST").await.version, first_version, "not re-sent");
        assert_eq!(t.on_server_by_key("LAST").await.r#type, SecretType::Config);
    })
    .await;
}

#[tokio::test]
async fn an_export_imported_into_an_empty_environment_gives_the_same_secrets() {
    scenario(|t| async move {
        let folder = format!("/{}", t.prefix.to_lowercase());
        let mut described = secret(
            "DESCRIBED",
            "multi\nline \"quoted\" $HOME ${OTHER}",
            &format!("{folder}/db"),
        );
        described.comment = Some("two\nlines".into());
        described.tags = vec!["pdr-export".into(), "pdr export two".into()];
        let mut config = secret("CONFIG", "visible", &folder);
        config.r#type = Some(SecretType::Config);
        let mut sealed = secret("SEALED", "never-exported", &folder);
        sealed.r#type = Some(SecretType::Sealed);
        seed(
            &t,
            ENV,
            vec![described, config, sealed, secret("EMPTY", "", &folder)],
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let request = |format| ExportRequest {
            app_id: t.app_id.clone(),
            env: ENV.into(),
            folder: Some(folder.clone()),
            recursive: true,
            format,
        };
        let file = dir.path().join("dev.env");
        let out = t
            .desk
            .export_secrets(request(FileFormat::Dotenv), &file)
            .await
            .expect("exported");
        assert_eq!((out.count, out.sealed_left_out), (3, 1));
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&file).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("never-exported"));
        for (format, name) in [
            (FileFormat::Json, "dev.json"),
            (FileFormat::Yaml, "dev.yaml"),
        ] {
            let path = dir.path().join(name);
            assert_eq!(
                t.desk
                    .export_secrets(request(format), &path)
                    .await
                    .unwrap()
                    .count,
                3
            );
            assert!(std::fs::read_to_string(&path)
                .unwrap()
                .contains(&t.key("CONFIG")));
        }

        let plan = t
            .desk
            .plan_import_file(&t.app_id, ENVS[1], &file, &folder)
            .await
            .expect("planned");
        assert!(plan.refused.is_empty(), "{:?}", plan.refused);
        assert!(plan.lines.iter().all(|l| l.action == ChangeAction::Create));
        let report = t
            .desk
            .apply_changes(&plan.id, ids(&plan, |l| l.selected))
            .await
            .unwrap();
        assert_eq!(report.applied, 3, "{}", report.message);
        let shape = |secrets: Vec<phase_api::Secret>| -> BTreeSet<String> {
            secrets
                .into_iter()
                .filter(|s| s.r#type != SecretType::Sealed)
                .map(|s| {
                    let mut tags = s.tags.clone();
                    tags.sort();
                    format!(
                        "{}|{}|{}|{:?}|{}|{:?}",
                        s.key,
                        s.value.expose(),
                        s.comment,
                        tags,
                        s.path,
                        s.r#type
                    )
                })
                .collect()
        };
        assert_eq!(
            shape(t.on_server_in(ENVS[1]).await),
            shape(t.on_server().await)
        );
    })
    .await;
}

#[tokio::test]
async fn a_bulk_edit_is_reviewed_as_a_change_set_and_refuses_moves_onto_taken_keys() {
    scenario(|t| async move {
        seed(
            &t,
            ENV,
            vec![
                secret("ONE", "1", "/"),
                secret("TWO", "2", "/"),
                secret("ONE", "taken", "/moved"),
            ],
        )
        .await;
        let list = t
            .desk
            .list_secrets(&t.app_id, ENV, vec![], None)
            .await
            .unwrap();
        let picked: Vec<String> = list
            .rows
            .iter()
            .filter(|r| r.key.starts_with(&t.prefix) && r.path == "/")
            .map(|r| r.id.clone())
            .collect();
        let edit = BulkEdit {
            move_to: Some("/moved".into()),
            add_tags: vec!["pdr-bulk".into()],
            ..BulkEdit::default()
        };
        let plan = t
            .desk
            .plan_bulk_edit(&t.app_id, ENV, picked, edit)
            .await
            .unwrap();
        let one = plan
            .lines
            .iter()
            .find(|l| l.key == t.key("ONE") && l.path == "/")
            .unwrap();
        assert!(
            one.error.as_deref().unwrap().contains("already exists"),
            "{one:?}"
        );
        let two = line(&plan, &t, "TWO");
        assert!(
            two.selected
                && two
                    .fields
                    .iter()
                    .any(|f| f.field == "path" && f.after == "/moved")
        );
        let report = t
            .desk
            .apply_changes(&plan.id, ids(&plan, |l| l.selected))
            .await
            .unwrap();
        assert_eq!((report.applied, report.failed), (1, 0));
        let moved = t.on_server_by_key("TWO").await;
        assert_eq!(
            (moved.path.as_str(), moved.tags.clone()),
            ("/moved", vec!["pdr-bulk".to_string()])
        );
    })
    .await;
}
