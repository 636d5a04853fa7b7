//! `.env` / JSON import, planned as a change-set against the target environment, and
//! export to `.env`, JSON or YAML. Files are read and written here (export: mode 0600),
//! so values never pass through the window.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use phase_api::{
    normalize_key, normalize_path, EnvSelector, Secret, SecretFilter, SecretString, SecretType,
};

use super::{env_selector, lock, Desk};
use crate::changeset::{self, ChangeSet, Desired, Existing, PlanOptions};
use crate::error::{DeskError, DeskResult};
use crate::view::*;

/// Files larger than this are refused before reading (a `.env` is kilobytes).
const MAX_IMPORT_BYTES: u64 = 16 * 1024 * 1024;

/// `folder` joined with a path relative to it (`/` and `/db` under `/backend`).
fn under(folder: &str, relative: &str) -> DeskResult<String> {
    Ok(normalize_path(&format!("{folder}/{relative}"))?)
}

/// `path` relative to `folder` (which contains it).
fn relative_to(folder: &str, path: &str) -> String {
    if folder == "/" {
        return path.to_string();
    }
    let rest = path.strip_prefix(folder).unwrap_or(path);
    if rest.is_empty() {
        "/".into()
    } else {
        rest.to_string()
    }
}

fn in_folder(folder: &str, path: &str, recursive: bool) -> bool {
    if path == folder {
        return true;
    }
    recursive && (folder == "/" || path.starts_with(&format!("{folder}/")))
}

fn type_named(name: &str) -> Option<SecretType> {
    match name {
        "secret" => Some(SecretType::Secret),
        "sealed" => Some(SecretType::Sealed),
        "config" => Some(SecretType::Config),
        _ => None,
    }
}

/// The file's entries as wanted secrets under `folder`; what cannot be taken is refused.
fn desired_from(parsed: envfile::Parsed, folder: &str) -> (Vec<Desired>, Vec<RefusedLine>) {
    let mut refused: Vec<RefusedLine> = parsed
        .refused
        .into_iter()
        .map(|r| RefusedLine {
            line: r.line as u32,
            key: r.key,
            reason: r.reason,
        })
        .collect();
    let mut desired = Vec::new();
    for entry in parsed.entries {
        let mut refuse = |reason: String| {
            refused.push(RefusedLine {
                line: entry.line as u32,
                key: Some(entry.key.clone()),
                reason,
            })
        };
        let key = match normalize_key(&entry.key) {
            Ok(k) => k,
            Err(e) => {
                refuse(e.to_string());
                continue;
            }
        };
        let path = match under(folder, &entry.path) {
            Ok(p) => p,
            Err(e) => {
                refuse(e.to_string());
                continue;
            }
        };
        let kind = match entry.kind.as_deref().map(|k| (k, type_named(k))) {
            Some((name, None)) => {
                refuse(format!("Unknown type '{name}'."));
                continue;
            }
            Some((_, kind)) => kind,
            None => None,
        };
        desired.push(Desired {
            key,
            path,
            value: Some(SecretString::from(entry.value.clone())),
            comment: Some(entry.comment.clone()).filter(|c| !c.is_empty()),
            tags: Some(entry.tags.clone()).filter(|t| !t.is_empty()),
            kind,
            ..Desired::default()
        });
    }
    (desired, refused)
}

/// Writes `content` to `file`, readable by its owner only.
fn write_private(file: &Path, content: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(file)?;
    #[cfg(unix)]
    std::fs::set_permissions(file, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    out.write_all(content.as_bytes())?;
    out.sync_all()
}

impl Desk {
    /// Plans importing pasted text (`.env` or a JSON object) into `folder` of `env`.
    pub async fn plan_import_text(
        &self,
        app_id: &str,
        env: &str,
        text: &str,
        folder: &str,
    ) -> DeskResult<ChangeSetView> {
        self.plan_import(app_id, env, envfile::parse(text), folder)
            .await
    }

    /// Plans importing a file the person chose or dropped.
    pub async fn plan_import_file(
        &self,
        app_id: &str,
        env: &str,
        file: &Path,
        folder: &str,
    ) -> DeskResult<ChangeSetView> {
        let unreadable = |e: std::io::Error| {
            DeskError::invalid("file", format!("{} could not be read: {e}", file.display()))
        };
        let size = std::fs::metadata(file).map_err(unreadable)?.len();
        if size > MAX_IMPORT_BYTES {
            return Err(DeskError::invalid(
                "file",
                "That file is over 16 MB: is it really a .env file?",
            ));
        }
        let bytes = std::fs::read(file).map_err(unreadable)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| DeskError::invalid("file", "That file is not UTF-8 text."))?;
        self.plan_import(app_id, env, envfile::parse(&text), folder)
            .await
    }

    async fn plan_import(
        &self,
        app_id: &str,
        env: &str,
        parsed: envfile::Parsed,
        folder: &str,
    ) -> DeskResult<ChangeSetView> {
        let selector = env_selector(app_id, env)?;
        let folder = normalize_path(folder)?;
        let (account, provider) = self.active_provider().await?;
        Self::refuse_unless(
            &account,
            |c| !c.read_only && !c.masked_listing,
            "file",
            "Import needs a service that lists values",
        )?;
        let (desired, refused) = desired_from(parsed, &folder);
        if desired.is_empty() && refused.is_empty() {
            return Err(DeskError::invalid(
                "file",
                "There is no KEY=value line in it.",
            ));
        }
        // The list on screen when it is this environment's whole list, else a fresh one.
        let mut current = match self.loaded_full(&account, &selector) {
            Some(loaded) => loaded,
            None => {
                provider
                    .list_secrets(&selector, &SecretFilter::default())
                    .await?
            }
        };
        let hidden = lock(&self.undo).pending_ids(&account.id, &selector);
        current.retain(|s| !hidden.contains(s.id.as_str()));
        let mut scope = vec![folder.clone()];
        for want in &desired {
            if !scope.contains(&want.path) {
                scope.push(want.path.clone());
            }
        }
        let options = PlanOptions {
            existing: Existing::Update,
            server_only_in: scope,
        };
        let mut lines = changeset::plan_env(&selector.env, &current, &desired, &options, &mut 1);
        changeset::validate(
            &mut lines,
            &HashMap::from([(selector.env.clone(), current)]),
        );
        let changes = ChangeSet {
            id: uuid::Uuid::new_v4().to_string(),
            kind: ChangeSetKind::Import,
            app_id: selector.app_id.clone(),
            title: format!(
                "Import {} secrets into {} {folder}",
                desired.len(),
                selector.env
            ),
            note: Some(
                "Values are sent as written: ${KEY} references in the file stay references.".into(),
            ),
            lines,
            refused,
        };
        Ok(self.put_review(&account, changes))
    }

    /// The secrets an export covers, as file entries, and how many sealed ones were left out.
    async fn export_entries(
        &self,
        request: &ExportRequest,
    ) -> DeskResult<(Vec<envfile::Entry>, u32)> {
        let selector: EnvSelector = env_selector(&request.app_id, &request.env)?;
        let folder = normalize_path(request.folder.as_deref().unwrap_or("/"))?;
        let whole = request.folder.is_none();
        let recursive = whole || request.recursive;
        let (account, provider) = self.active_provider().await?;
        Self::refuse_unless(
            &account,
            |c| !c.masked_listing,
            "format",
            "Export needs a service that lists values",
        )?;
        let filter = SecretFilter {
            path: (!recursive).then(|| folder.clone()),
            ..SecretFilter::default()
        };
        let mut listed: Vec<Secret> = provider.list_secrets(&selector, &filter).await?;
        let hidden = lock(&self.undo).pending_ids(&account.id, &selector);
        listed
            .retain(|s| !hidden.contains(s.id.as_str()) && in_folder(&folder, &s.path, recursive));
        listed.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.key.cmp(&b.key)));
        let sealed = listed
            .iter()
            .filter(|s| s.r#type == SecretType::Sealed)
            .count() as u32;
        let entries = listed
            .iter()
            .filter(|s| s.r#type != SecretType::Sealed)
            .map(|s| envfile::Entry {
                key: s.key.clone(),
                value: s.value.expose().to_string(),
                comment: s.comment.clone(),
                tags: s.tags.clone(),
                path: relative_to(&folder, &s.path),
                kind: (s.r#type != SecretType::Secret)
                    .then(|| format!("{:?}", crate::secrets::kind_of(s.r#type)).to_lowercase()),
                line: 0,
            })
            .collect();
        Ok((entries, sealed))
    }

    /// Writes an environment (or a folder of it) to `file` in `request.format`, mode 0600.
    pub async fn export_secrets(
        &self,
        request: ExportRequest,
        file: &Path,
    ) -> DeskResult<ExportOutcome> {
        let (entries, sealed_left_out) = self.export_entries(&request).await?;
        let content = match request.format {
            FileFormat::Dotenv => envfile::write_dotenv(&entries),
            FileFormat::Json => envfile::write_json(&entries)
                .map_err(|e| DeskError::invalid("format", e.to_string()))?,
            FileFormat::Yaml => envfile::write_yaml(&entries)
                .map_err(|e| DeskError::invalid("format", e.to_string()))?,
        };
        write_private(file, &content).map_err(|e| {
            DeskError::Storage(format!("{} could not be written: {e}", file.display()))
        })?;
        Ok(ExportOutcome {
            file: file.display().to_string(),
            count: entries.len() as u32,
            sealed_left_out,
        })
    }

    /// Copies loaded secrets as `KEY="value"` lines (sealed ones left out).
    pub fn copy_as_dotenv(
        &self,
        app_id: &str,
        env: &str,
        secret_ids: Vec<String>,
    ) -> DeskResult<CopyOutcome> {
        let selector = env_selector(app_id, env)?;
        let account = self.active()?;
        let mut entries = Vec::new();
        for id in &secret_ids {
            let secret = self.cached(&account, &selector, id)?;
            if let Some(value) = crate::secrets::pick_value(&secret, ValueChoice::Effective) {
                entries.push(envfile::Entry {
                    key: secret.key.clone(),
                    value: value.to_string(),
                    comment: String::new(),
                    tags: Vec::new(),
                    path: "/".into(),
                    kind: None,
                    line: 0,
                });
            }
        }
        if entries.is_empty() {
            return Err(DeskError::invalid(
                "secretIds",
                "Select secrets that are not sealed.",
            ));
        }
        self.copy_text(&envfile::write_dotenv(&entries))
    }
}
