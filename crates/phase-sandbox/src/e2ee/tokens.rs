//! `GET /secrets/tokens/`: the token's wrapped key share and the environment keys of its
//! account, grouped by app (backend `secrets_tokens`, `UserTokenSerializer`,
//! `ServiceAccountTokenSerializer`, `ServiceTokenSerializer`). Always snake_case.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::keys::account_of;
use super::render::{internal, json_error};
use crate::auth::{self, Principal};
use crate::model::{Db, TokenKind, TokenRec};
use crate::state::Shared;

fn token_of<'a>(db: &'a Db, headers: &HeaderMap) -> Option<&'a TokenRec> {
    let raw = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let value = raw.split(' ').nth(2)?;
    db.tokens
        .iter()
        .find(|t| !t.token.is_empty() && t.token == value)
}

/// The route.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    if headers.get(header::AUTHORIZATION).is_none() {
        // The real view reads the header unguarded: a KeyError, 500.
        return internal();
    }
    let db = shared.db();
    let (Ok(principal), Some(rec)) = (auth::authenticate(&db, &headers), token_of(&db, &headers))
    else {
        return json_error(StatusCode::FORBIDDEN, "Token expired or deleted");
    };
    if method != Method::GET {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            Json(json!({ "error": format!("Method \"{method}\" not allowed.") })),
        )
            .into_response();
    }
    let share = db
        .e2ee
        .token_shares
        .iter()
        .find(|s| s.token == rec.token)
        .map(|s| s.wrapped_key_share.clone())
        .unwrap_or_default();
    let mut body = json!({
        "wrapped_key_share": share,
        "apps": apps(&db, &principal, &account_of(rec), rec.kind),
        "organisation": { "id": db.e2ee.org_id, "name": db.org_name },
    });
    match rec.kind {
        TokenKind::User => {
            body["user_id"] = json!(rec.user_id);
            body["offline_enabled"] = json!(false);
        }
        TokenKind::ServiceAccount => {
            body["account_id"] = json!(rec.user_id);
            body["offline_enabled"] = json!(false);
        }
        TokenKind::Service => {}
    }
    Json(body).into_response()
}

fn apps(db: &Db, principal: &Principal, account: &str, kind: TokenKind) -> Vec<Value> {
    let mut out = Vec::new();
    for app in db.apps.iter().filter(|a| principal.can_use(a)) {
        if app.sse_enabled {
            if kind != TokenKind::Service {
                out.push(json!({ "id": app.id, "name": app.name, "encryption": "SSE", "environment_keys": [] }));
            }
            continue;
        }
        let keys: Vec<Value> = db
            .envs
            .iter()
            .filter(|e| e.app_id == app.id)
            .flat_map(|env| {
                db.e2ee
                    .env_keys
                    .iter()
                    .filter(move |k| k.env_id == env.id && k.account_id == account)
                    .map(move |k| {
                        json!({
                            "id": k.id,
                            "environment": {
                                "id": env.id, "name": env.name, "env_type": env.env_type,
                                "index": env.index, "created_at": env.created_at, "updated_at": env.updated_at,
                            },
                            "paths": null,
                            "identity_key": k.identity_key,
                            "wrapped_seed": k.wrapped_seed,
                            "wrapped_salt": k.wrapped_salt,
                            "created_at": k.created_at,
                            "updated_at": k.updated_at,
                            "deleted_at": null,
                            "user": if k.service_account { Value::Null } else { json!(k.account_id) },
                            "service_account": if k.service_account { json!(k.account_id) } else { Value::Null },
                        })
                    })
            })
            .collect();
        if !keys.is_empty() {
            out.push(json!({ "id": app.id, "name": app.name, "encryption": "E2E", "environment_keys": keys }));
        }
    }
    out
}
