//! The HTTP surface: routes under the four prefixes, the gate (rate limit and faults),
//! the HTML 404 fallback, and the real server's answers to other methods (403 on the
//! secrets route, 405 elsewhere).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::auth;
use crate::error::{html_not_found, ApiError};
use crate::faults::{truncate, ConnKill, Fault};
use crate::state::Shared;

pub mod common;
pub mod discovery;
pub mod input;
pub mod render;
pub mod secrets;
pub mod write;

/// The prefixes every route is served under (the real backend strips a leading
/// `/service` itself, so both `/service/...` forms work on it too).
pub const PREFIXES: [&str; 4] = ["/v1", "/public/v1", "/service/v1", "/service/public/v1"];

/// Builds the whole application.
pub fn router(shared: Arc<Shared>) -> Router {
    let api: Router<Arc<Shared>> = Router::new()
        .route(
            "/apps/",
            get(discovery::apps).fallback(discovery::other_method),
        )
        .route(
            "/environments/",
            get(discovery::environments).fallback(discovery::other_method),
        )
        .route(
            "/secrets/",
            get(secrets::list)
                .post(write::create)
                .put(write::update)
                .delete(secrets::delete)
                .fallback(unsupported_method),
        );
    let mut app = Router::new();
    for prefix in PREFIXES {
        app = app.nest(prefix, api.clone());
    }
    let app = crate::e2ee::mount(app);
    app.fallback(not_found)
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

/// Unknown URL (including a known route without its trailing slash): Django's HTML 404.
async fn not_found() -> Response {
    html_not_found()
}

/// Another method on the secrets route (PATCH...): like the real server, after
/// authentication and the app/environment checks, 403 "Unsupported HTTP method: PATCH".
async fn unsupported_method(
    State(shared): State<Arc<Shared>>,
    method: Method,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> ApiError {
    match auth::admit(&shared.db(), &headers, &query) {
        Err(e) => e,
        Ok(_) => ApiError::forbidden(format!("Unsupported HTTP method: {method}")),
    }
}

fn is_secrets_route(path: &str) -> bool {
    PREFIXES
        .iter()
        .any(|p| path.strip_prefix(p) == Some("/secrets/"))
}

/// Runs before every request: counts it, applies the rate limit (per account, to requests
/// with a valid token), then any injected fault.
async fn gate(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let key = auth::rate_key(&shared.db(), req.headers());
    if let Err(secs) = key.map_or(Ok(()), |k| shared.limiter.check(&k)) {
        let unit = if secs == 1 { "second" } else { "seconds" };
        let mut resp = ApiError::Error(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Request was throttled. Expected available in {secs} {unit}."),
        )
        .into_response();
        resp.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&secs.to_string()).expect("number is a valid header"),
        );
        return resp;
    }
    let fault = if is_secrets_route(req.uri().path()) {
        shared.faults.take()
    } else {
        None
    };
    match fault {
        None => next.run(req).await,
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Some(Fault::ServerError) => ApiError::internal().into_response(),
        Some(Fault::TruncatedBody) => truncate(next.run(req).await).await,
        Some(Fault::ConnectionReset) => {
            let kill = req.extensions().get::<ConnKill>().cloned();
            // The request is applied, like a server that committed before the network failed.
            let _ = next.run(req).await;
            if let Some(kill) = kill {
                kill.0.notify_one();
                // Hold the response back; the connection task drops the connection first.
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            }
            // Only sent if no connection loop is listening for the kill signal.
            let stream = futures_util::stream::once(async {
                Err::<bytes::Bytes, _>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected connection reset",
                ))
            });
            Response::new(axum::body::Body::from_stream(stream))
        }
    }
}
