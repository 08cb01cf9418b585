//! The API's errors: a status and a message, as `{"error": "..."}`. Bad input is a 400 that
//! says what was wrong, never a 500; a store that fails is a 500 whose cause goes to the log,
//! not to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::accounts::AccountError;
use crate::progress::ProgressError;
use crate::review::ReviewError;
use crate::store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "log in first: POST /api/v1/session, then send Authorization: Bearer TOKEN",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// A failure of ours: logged with its cause, answered without it.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "A web request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server could not do this; the cause is in its log",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::internal(&e)
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::BadCredentials => Self::new(StatusCode::UNAUTHORIZED, e.to_string()),
            AccountError::Throttled { .. } => {
                Self::new(StatusCode::TOO_MANY_REQUESTS, e.to_string())
            }
            AccountError::Invalid(_) | AccountError::Taken(_) => Self::bad_request(e.to_string()),
            AccountError::NoSuchAccount(_) => Self::not_found(e.to_string()),
            AccountError::Store(e) => Self::internal(&e),
            AccountError::Hash(_) => Self::internal(&e),
        }
    }
}

impl From<ReviewError> for ApiError {
    fn from(e: ReviewError) -> Self {
        match e {
            ReviewError::NoSuchTask(_) => Self::not_found(e.to_string()),
            ReviewError::NotADraft { .. } => Self::new(StatusCode::CONFLICT, e.to_string()),
            ReviewError::UnknownUnit { .. } | ReviewError::Invalid { .. } => {
                Self::bad_request(e.to_string())
            }
            ReviewError::Store(e) => Self::internal(&e),
        }
    }
}

impl From<ProgressError> for ApiError {
    fn from(e: ProgressError) -> Self {
        match e {
            ProgressError::NoSuchTask(_) => Self::not_found(e.to_string()),
            ProgressError::Rejected(_)
            | ProgressError::Unchanged { .. }
            | ProgressError::Impossible { .. } => Self::new(StatusCode::CONFLICT, e.to_string()),
            ProgressError::EmptyNote(_) => Self::bad_request(e.to_string()),
            ProgressError::Store(e) => Self::internal(&e),
        }
    }
}
