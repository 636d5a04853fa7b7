//! HTTP error responses shaped like the real server's.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer: a status and a JSON body. Like the real server (its
/// `custom_exception_handler` renames DRF's `detail`), every body is `{"error": msg}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// `{"error": msg}` with the given status.
    #[error("{1}")]
    Error(StatusCode, String),
    /// An authentication failure: 401, `{"error": msg}`, `WWW-Authenticate: Bearer`.
    #[error("{0}")]
    Auth(String),
}

impl ApiError {
    /// 400 with `msg`.
    pub fn bad_request(msg: impl Into<String>) -> Self {
        ApiError::Error(StatusCode::BAD_REQUEST, msg.into())
    }
    /// 404 with `msg`.
    pub fn not_found(msg: impl Into<String>) -> Self {
        ApiError::Error(StatusCode::NOT_FOUND, msg.into())
    }
    /// 403 with `msg`.
    pub fn forbidden(msg: impl Into<String>) -> Self {
        ApiError::Error(StatusCode::FORBIDDEN, msg.into())
    }
    /// 409 with `msg`.
    pub fn conflict(msg: impl Into<String>) -> Self {
        ApiError::Error(StatusCode::CONFLICT, msg.into())
    }
    /// The real server's answer to an unhandled exception (e.g. `null` where it wants a
    /// string): 500 `{"error": "Internal server error."}`.
    pub fn internal() -> Self {
        ApiError::Error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error.".into(),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Error(status, msg) => {
                (status, axum::Json(json!({ "error": msg }))).into_response()
            }
            ApiError::Auth(msg) => {
                let mut resp = (
                    StatusCode::UNAUTHORIZED,
                    axum::Json(json!({ "error": msg })),
                )
                    .into_response();
                resp.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                resp
            }
        }
    }
}

/// The HTML page Django serves for an unknown URL (e.g. a route without its trailing slash).
pub fn html_not_found() -> Response {
    let body = "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n";
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
