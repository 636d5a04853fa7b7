//! The HTTP surface: routes under the three prefixes, the gate (rate limit and faults),
//! the HTML 404 fallback and the JSON 405.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
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
pub mod render;
pub mod secrets;

/// The prefixes every route is served under.
pub const PREFIXES: [&str; 3] = ["/v1", "/public/v1", "/service/public/v1"];

/// Builds the whole application.
pub fn router(shared: Arc<Shared>) -> Router {
    let api: Router<Arc<Shared>> = Router::new()
        .route("/apps/", get(discovery::apps).fallback(method_not_allowed))
        .route(
            "/environments/",
            get(discovery::environments).fallback(method_not_allowed),
        )
        .route(
            "/secrets/",
            get(secrets::list)
                .post(secrets::create)
                .put(secrets::update)
                .delete(secrets::delete)
                .fallback(method_not_allowed),
        );
    let mut app = Router::new();
    for prefix in PREFIXES {
        app = app.nest(prefix, api.clone());
    }
    app.fallback(not_found)
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

/// Unknown URL (including a known route without its trailing slash): Django's HTML 404.
async fn not_found() -> Response {
    html_not_found()
}

/// A method the route does not offer. Like DRF, authentication runs first.
async fn method_not_allowed(
    State(shared): State<Arc<Shared>>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    auth::authenticate(&shared.db(), &headers)?;
    Err(ApiError::Detail(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method \"{method}\" not allowed."),
    ))
}

fn is_secrets_route(path: &str) -> bool {
    PREFIXES
        .iter()
        .any(|p| path.strip_prefix(p) == Some("/secrets/"))
}

/// Runs before every request: counts it, applies the rate limit, then any injected fault.
async fn gate(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    shared.requests.fetch_add(1, Ordering::Relaxed);
    if let Err(secs) = shared.limiter.check(&auth::rate_key(req.headers())) {
        let mut resp = ApiError::Error(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Request was throttled. Expected available in {secs} seconds."),
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
        Some(Fault::ServerError) => ApiError::Error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error".into(),
        )
        .into_response(),
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
