//! The one API error type, and the one place it becomes an HTTP response.
//!
//! Body shape (Klavi-compatible): `{"statusCode": <int>, "error": "<short name>", "message": "<text>"}`.
//! Business-rule failures answer HTTP 416 with a business `statusCode` (4001–4009).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

/// The error body of every failed request.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// The HTTP status, or for HTTP 416 the business code (4001–4009).
    #[schema(example = 401)]
    pub status_code: u16,
    /// Short name of the error.
    #[schema(example = "Unauthorized")]
    pub error: String,
    /// What went wrong, in words; names the offending field when there is one.
    #[schema(example = "Invalid accessKey or secretKey")]
    pub message: String,
}

/// Business rule codes answered with HTTP 416 (Klavi reference §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BusinessCode {
    InvalidAuthorisationInfo = 4001,
    InvalidProductInfo = 4002,
    InvalidConsentRequest = 4003,
    InvalidInstitution = 4004,
    InvalidProducts = 4005,
    InvalidProductsCallbackUrl = 4006,
    ProductRequestFailed = 4007,
    NoOpenFinanceConsent = 4008,
    KycRequired = 4009,
}

impl BusinessCode {
    pub fn name(self) -> &'static str {
        match self {
            Self::InvalidAuthorisationInfo => "invalid authorisation info",
            Self::InvalidProductInfo => "invalid product info",
            Self::InvalidConsentRequest => "invalid consent request",
            Self::InvalidInstitution => "invalid institution",
            Self::InvalidProducts => "invalid products",
            Self::InvalidProductsCallbackUrl => "invalid productsCallbackURL",
            Self::ProductRequestFailed => "product request failed",
            Self::NoOpenFinanceConsent | Self::KycRequired => "insufficient authorization info",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{message}")]
    Business { code: BusinessCode, message: String },
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: Duration },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Anything unexpected. The details are logged, never sent to the client.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Business { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let status = self.status();
        let (status_code, error) = match self {
            Self::Business { code, .. } => (*code as u16, code.name().to_owned()),
            _ => (status.as_u16(), status.canonical_reason().unwrap_or("Error").to_owned()),
        };
        let message = match self {
            Self::Internal(_) => {
                "Something went wrong on our side; it was logged. Try again later.".to_owned()
            }
            other => other.to_string(),
        };
        ErrorBody { status_code, error, message }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(error) = &self {
            tracing::error!(error = format!("{error:#}"), "request failed");
        }
        let status = self.status();
        let mut response = (status, axum::Json(self.body())).into_response();
        if let Self::TooManyRequests { retry_after, .. } = &self {
            // Rounded up: a client waiting the whole number of seconds must not come back early.
            let secs = (retry_after.as_secs_f64().ceil() as u64).max(1);
            if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<ponte_store::StoreError> for ApiError {
    fn from(error: ponte_store::StoreError) -> Self {
        Self::Internal(error.into())
    }
}

impl From<ponte_link::JourneyError> for ApiError {
    fn from(error: ponte_link::JourneyError) -> Self {
        use ponte_link::JourneyError as J;
        match error {
            J::NotFound(what) => Self::NotFound(format!("No such {what} in this app")),
            J::Invalid(message) => Self::BadRequest(message),
            J::Conflict(message) => Self::Conflict(message),
            J::Refused(message) => Self::BadRequest(message),
            J::InstitutionUnavailable(message) => {
                Self::Business { code: BusinessCode::InvalidInstitution, message }
            }
            J::Bank(message) => Self::Unavailable(message),
            J::Internal(error) => Self::Internal(error),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_errors_are_416_with_the_business_code() {
        let error = ApiError::Business {
            code: BusinessCode::InvalidProducts,
            message: "products must not be empty".into(),
        };
        assert_eq!(error.status(), StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(
            error.body(),
            ErrorBody {
                status_code: 4005,
                error: "invalid products".into(),
                message: "products must not be empty".into()
            }
        );
    }

    #[test]
    fn internal_errors_never_leak_their_cause() {
        let error = ApiError::internal(anyhow::anyhow!("password=hunter2 at db.internal"));
        let body = error.body();
        assert_eq!(body.status_code, 500);
        assert!(!body.message.contains("hunter2"));
    }

    #[test]
    fn rate_limits_carry_retry_after() {
        let response = ApiError::TooManyRequests {
            message: "slow down".into(),
            retry_after: Duration::from_millis(1500),
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
    }
}
