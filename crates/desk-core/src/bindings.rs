//! Generates `ui/src/lib/bindings.ts` from the IPC types in [`crate::view`].

use crate::view::*;
use ts_rs::{Config, TS};

/// The TypeScript declarations of every type that crosses IPC, as one module.
pub fn typescript_bindings() -> String {
    let cfg = Config::new();
    let decls = [
        HostKind::decl(&cfg),
        ProviderKind::decl(&cfg),
        Capabilities::decl(&cfg),
        TokenKindView::decl(&cfg),
        AccountView::decl(&cfg),
        Selection::decl(&cfg),
        KeychainStatus::decl(&cfg),
        Settings::decl(&cfg),
        DeskState::decl(&cfg),
        NewAccountInput::decl(&cfg),
        CommandkAccountInput::decl(&cfg),
        PurposeChoice::decl(&cfg),
        CreateOptions::decl(&cfg),
        AppView::decl(&cfg),
        EnvView::decl(&cfg),
        SecretKind::decl(&cfg),
        SecretRow::decl(&cfg),
        SecretList::decl(&cfg),
        AccountOpening::decl(&cfg),
        StartView::decl(&cfg),
        ValueChoice::decl(&cfg),
        SecretDraft::decl(&cfg),
        SecretChanges::decl(&cfg),
        SaveOutcome::decl(&cfg),
        BatchLine::decl(&cfg),
        DeleteOutcome::decl(&cfg),
        BulkEdit::decl(&cfg),
        NotSaved::decl(&cfg),
        BulkOutcome::decl(&cfg),
        CopyOutcome::decl(&cfg),
        LockOutcome::decl(&cfg),
        RateLimitEvent::decl(&cfg),
        ErrorCode::decl(&cfg),
        IpcError::decl(&cfg),
        CompareView::decl(&cfg),
        EnvError::decl(&cfg),
        CompareRow::decl(&cfg),
        CompareCell::decl(&cfg),
        ChangeSetKind::decl(&cfg),
        ChangeAction::decl(&cfg),
        LineStatus::decl(&cfg),
        FieldChange::decl(&cfg),
        ChangeLine::decl(&cfg),
        RefusedLine::decl(&cfg),
        ChangeSetView::decl(&cfg),
        ApplyReport::decl(&cfg),
        LineSide::decl(&cfg),
        FileFormat::decl(&cfg),
        ExportRequest::decl(&cfg),
        ExportOutcome::decl(&cfg),
        crate::deeplink::DeepLink::decl(&cfg),
        crate::deeplink::LinkRequest::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from crates/desk-core/src/view.rs by `UPDATE_BINDINGS=1 cargo test -p desk-core --test bindings`.\n// Do not edit by hand.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str(crate::view::rows_wire::SECRET_ROW_WIRE_TS);
    out.push_str("\n\n");
    out.push_str(crate::view::compare_wire::COMPARE_ROW_WIRE_TS);
    out.push_str("\n\n");
    out.push_str(crate::view::listing_answer::LISTING_ANSWER_TS);
    out.push('\n');
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
