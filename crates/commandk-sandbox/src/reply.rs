//! Error answers in CommandK's shape: `{"requestId", "error", "message", "errorType"?,
//! "entityId"?}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    error_type: Option<&'static str>,
    entity_id: Option<String>,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            error_type: None,
            entity_id: None,
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            error_type: Some("DataEntityNotFound"),
            ..ApiError::new(StatusCode::NOT_FOUND, message)
        }
    }

    /// 409 naming the existing entity.
    pub fn conflict(message: impl Into<String>, entity_id: &str) -> ApiError {
        ApiError {
            error_type: Some("DataEntityAlreadyExists"),
            entity_id: Some(entity_id.to_string()),
            ..ApiError::new(StatusCode::CONFLICT, message)
        }
    }

    /// 400 `DataEntityNonSingular`: a name several entities share.
    pub fn non_singular(message: impl Into<String>) -> ApiError {
        ApiError {
            error_type: Some("DataEntityNonSingular"),
            ..ApiError::bad_request(message)
        }
    }

    pub fn too_many(retry_after_secs: u64) -> ApiError {
        ApiError {
            retry_after: Some(retry_after_secs),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("Rate limit exceeded, retry in {retry_after_secs} seconds"),
            )
        }
    }

    pub fn server() -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
    }

    pub fn no_route() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "No such route")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = Map::new();
        body.insert(
            "requestId".into(),
            json!(uuid::Uuid::new_v4().simple().to_string()),
        );
        let reason = self
            .status
            .canonical_reason()
            .unwrap_or("Error")
            .replace(' ', "");
        body.insert("error".into(), json!(reason));
        body.insert("message".into(), json!(self.message));
        if let Some(t) = self.error_type {
            body.insert("errorType".into(), json!(t));
        }
        if let Some(id) = self.entity_id {
            body.insert("entityId".into(), json!(id));
        }
        let mut response = (self.status, Json(Value::Object(body))).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
