//! The side-by-side view opened from the table takes the environment on screen from the
//! list the table holds (one request fewer); its Refresh lists every environment again.

mod common;

use common::*;
use desk_core::view::CompareView;

/// The view opened from the table and then refreshed, each with the requests it made.
async fn opened_then_refreshed(f: &Fixture, app: &str) -> ((CompareView, u64), (CompareView, u64)) {
    let before = f.sandbox.request_count();
    let opened = f.desk.open_compare(app).await.unwrap();
    let opening = f.sandbox.request_count() - before;
    let before = f.sandbox.request_count();
    let refreshed = f.desk.compare_environments(app).await.unwrap();
    let refreshing = f.sandbox.request_count() - before;
    ((opened, opening), (refreshed, refreshing))
}

#[tokio::test]
async fn opening_compare_from_the_table_lists_only_the_other_environments() {
    let f = pat_fixture().await;
    let (desk, app) = (&f.desk, f.sandbox.demo_app_id());
    desk.list_secrets(&app, "development", vec![], None)
        .await
        .unwrap();

    let ((opened, opening), (refreshed, refreshing)) = opened_then_refreshed(&f, &app).await;
    assert_eq!(opened.envs.len(), 3);
    assert_eq!(refreshing - opening, 1, "development came from the table");
    assert_eq!(opened.rows, refreshed.rows, "the same view either way");

    // A cell of the environment on screen reveals as any other.
    desk.open_compare(&app).await.unwrap();
    let dev = opened.envs.iter().position(|e| e == "development").unwrap();
    let row = opened.rows.iter().find(|r| r.key == "DB_HOST").unwrap();
    let id = row.cells[dev].secret_id.clone().unwrap();
    let shown = desk.compare_reveal(&app, "development", &id).unwrap();
    assert!(shown.is_some_and(|v| !v.is_empty()));
}

#[tokio::test]
async fn a_folder_on_screen_is_not_taken_for_the_whole_environment() {
    let f = pat_fixture().await;
    let app = f.sandbox.demo_app_id();
    f.desk
        .list_secrets(&app, "development", vec![], Some("/".into()))
        .await
        .unwrap();

    let ((opened, opening), (refreshed, refreshing)) = opened_then_refreshed(&f, &app).await;
    assert_eq!(opening, refreshing, "every environment was listed");
    assert_eq!(opened.rows, refreshed.rows);
}
