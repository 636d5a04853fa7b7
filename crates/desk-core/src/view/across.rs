//! IPC shapes for work across environments: the side-by-side view, change-sets under
//! review, import and export. No value crosses here: cells carry equality groups, lines
//! say whether a value changes, and values are revealed one at a time on request.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{IpcError, SecretKind};

/// One app's secrets with a column per environment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompareView {
    pub app_id: String,
    /// The environments, in the server's order (the cells of each row follow it).
    pub envs: Vec<String>,
    /// Each row as an array on the wire (see [`super::compare_wire`]).
    #[ts(type = "Array<CompareRowWire>")]
    pub rows: super::CompareRows,
    /// Environments that could not be listed, and why (their cells are `unknown`).
    pub env_errors: Vec<EnvError>,
    /// How long the listings took together, in milliseconds.
    pub elapsed_ms: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvError {
    pub env: String,
    pub error: IpcError,
}

/// A key in a folder, across environments.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompareRow {
    pub key: String,
    pub path: String,
    /// Every tag the key has in any environment.
    pub tags: Vec<String>,
    pub cells: Vec<CompareCell>,
    /// Missing from at least one environment that could be listed.
    pub missing: bool,
    /// Present in two or more environments with values that are not all the same.
    pub differs: bool,
}

/// One environment's secret of a row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompareCell {
    /// `None`: the key is missing there.
    pub secret_id: Option<String>,
    pub kind: Option<SecretKind>,
    /// Cells of a row with the same group hold the same value (numbered from 0 in
    /// environment order). `None` where the value cannot be compared (missing, sealed,
    /// masked by the service).
    pub group: Option<u32>,
    pub override_active: bool,
}

/// What a change-set was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChangeSetKind {
    Import,
    CopyToEnvironments,
    FillMissing,
    BulkEdit,
}

/// What a line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChangeAction {
    Create,
    Update,
    Delete,
    /// Already as wanted: shown for the record, never sent.
    Unchanged,
}

/// Where a line stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum LineStatus {
    Pending,
    Applied,
    Failed { reason: String },
}

/// A field other than the value that a line changes, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// One change to one secret in one environment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeLine {
    pub id: u32,
    pub env: String,
    pub action: ChangeAction,
    pub key: String,
    pub path: String,
    pub fields: Vec<FieldChange>,
    /// The value is set (create) or replaced (update); reveal shows before / after.
    pub value_changes: bool,
    /// Ticked lines are applied; the person can untick any.
    pub selected: bool,
    /// What the person should know before applying ("exists in production: tick to overwrite").
    pub note: Option<String>,
    /// Why this line cannot be applied (it is never sent).
    pub error: Option<String>,
    pub status: LineStatus,
}

/// A line of an imported file that was not taken, and why (never its value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedLine {
    pub line: u32,
    pub key: Option<String>,
    pub reason: String,
}

/// A set of changes under review.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSetView {
    pub id: String,
    pub kind: ChangeSetKind,
    pub app_id: String,
    pub title: String,
    pub lines: Vec<ChangeLine>,
    pub refused: Vec<RefusedLine>,
    /// Said once above the lines (e.g. how references travel).
    pub note: Option<String>,
}

/// What applying did. Lines carry their own status; the view should reload.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplyReport {
    pub changes: ChangeSetView,
    pub applied: u32,
    pub failed: u32,
    pub message: String,
}

/// Which side of a line to reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LineSide {
    Before,
    After,
}

/// File formats for import and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FileFormat {
    Dotenv,
    Json,
    Yaml,
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    pub app_id: String,
    pub env: String,
    /// Only this folder; the whole environment when absent.
    pub folder: Option<String>,
    /// With the folder's subfolders.
    pub recursive: bool,
    pub format: FileFormat,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportOutcome {
    pub file: String,
    pub count: u32,
    /// Sealed secrets are left out: their values cannot be read back here.
    pub sealed_left_out: u32,
}
