//! Errors: what went wrong for the user (bad input, not allowed, not found, conflict) kept apart
//! from the unexpected (logged once, with its cause, and answered without details).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

/// Messages per field name, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_default()
            .push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> &[String] {
        self.0.get(field).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// Keeps the value of a parse when it succeeded, records the message when it did not.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(msg) => {
                self.add(field, msg);
                None
            }
        }
    }

    /// `Ok(())` when there are no errors, else the validation error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }

    /// Merges the messages of a `validator` derive.
    pub fn extend_validator(&mut self, errors: &validator::ValidationErrors) {
        for (field, errs) in errors.field_errors() {
            for e in errs {
                // The derives name their limits only; the words are the texts'.
                let max = e.params.get("max").and_then(|m| m.as_u64());
                let msg = match (&e.message, e.code.as_ref(), max) {
                    (Some(m), _, _) => m.to_string(),
                    (None, "length", Some(max)) => crate::texts::at_most_chars(max),
                    _ => crate::texts::INVALID_VALUE.to_string(),
                };
                self.add(field.as_ref(), msg);
            }
        }
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::new();
        out.extend_validator(&errors);
        out
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("not authenticated")]
    Unauthorized(String),
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("payload too large")]
    PayloadTooLarge,
    /// A body not declared as the type that is read (JSON, or CSV for an import); the text
    /// says which type is wanted.
    #[error("unsupported media type")]
    UnsupportedMediaType(&'static str),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Too many failed logins: try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests(u64),
    /// Too many searches by CPR number: try again after this many seconds.
    #[error("too many CPR searches")]
    TooManySearches(u64),
    /// The password was right; the account also needs its second factor's code (401).
    #[error("second factor required")]
    OtpRequired,
    /// The person must set up a second factor before anything but that (403).
    #[error("second factor enrolment required")]
    MfaEnrolmentRequired,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(msg: impl Into<String>) -> Self {
        AppError::Internal(msg.into())
    }

    /// A validation error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        AppError::Validation(errors)
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::Validation(_) => "validation",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::Unavailable(_) => "unavailable",
            AppError::TooManyRequests(_) | AppError::TooManySearches(_) => "too_many_requests",
            AppError::OtpRequired => "otp_required",
            AppError::MfaEnrolmentRequired => "mfa_enrolment_required",
            AppError::Internal(_) => "internal",
        }
    }

    /// The text shown to the person (Danish), never internal details.
    pub fn public_message(&self) -> String {
        use crate::texts as t;
        match self {
            AppError::BadRequest(m) => format!("{}: {m}", t::ERR_BAD_REQUEST),
            AppError::Unauthorized(m) if !m.is_empty() => m.clone(),
            AppError::Unauthorized(_) => t::ERR_UNAUTHORIZED.into(),
            AppError::Forbidden => t::ERR_FORBIDDEN.into(),
            AppError::NotFound => t::ERR_NOT_FOUND.into(),
            AppError::Conflict(m) => m.clone(),
            AppError::Validation(_) => t::ERR_VALIDATION.into(),
            AppError::PayloadTooLarge => t::ERR_TOO_LARGE.into(),
            AppError::UnsupportedMediaType(m) => (*m).into(),
            AppError::Unavailable(_) => t::ERR_UNAVAILABLE.into(),
            AppError::TooManyRequests(s) => t::too_many_logins(*s),
            AppError::TooManySearches(s) => t::too_many_cpr_searches(*s),
            AppError::OtpRequired => t::ERR_OTP_REQUIRED.into(),
            AppError::MfaEnrolmentRequired => t::ERR_MFA_ENROLMENT.into(),
            AppError::Internal(_) => t::ERR_INTERNAL.into(),
        }
    }

    fn log(&self) {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "internal error"),
            AppError::Unavailable(cause) => tracing::warn!(%cause, "service unavailable"),
            _ => {}
        }
    }
}

/// The JSON error body of the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code: bad_request, unauthorized, otp_required, forbidden,
    /// mfa_enrolment_required, not_found, conflict, validation, payload_too_large,
    /// unsupported_media_type, unavailable, too_many_requests, internal.
    pub error: String,
    pub message: String,
    /// Messages per field, on validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub fields: Option<FieldErrors>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) | AppError::OtpRequired => StatusCode::UNAUTHORIZED,
            AppError::MfaEnrolmentRequired => StatusCode::FORBIDDEN,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooManyRequests(_) | AppError::TooManySearches(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.log();
        let body = ErrorBody {
            error: self.code().to_string(),
            message: self.public_message(),
            fields: match self {
                AppError::Validation(f) => Some(f.clone()),
                _ => None,
            },
        };
        let mut resp = HttpResponse::build(self.status_code());
        if matches!(self, AppError::Unauthorized(_)) {
            resp.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let AppError::TooManyRequests(s) | AppError::TooManySearches(s) = self {
            resp.insert_header(("Retry-After", s.to_string()));
        }
        resp.json(body)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AppError::Conflict(crate::texts::ERR_DUPLICATE.into())
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                AppError::Unavailable("serialization failure".into())
            }
            Error::DatabaseError(_, info)
                if info.message().contains("deadlock detected")
                    || info.message().contains("database is locked") =>
            {
                // Worth another try: the callers that allocate retry a bounded number of times.
                AppError::Unavailable(format!("database: {}", info.message()))
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                AppError::Unavailable(format!("database connection lost: {}", info.message()))
            }
            Error::DatabaseError(_, info) if connection_lost(info.message()) => {
                AppError::Unavailable(format!("database connection lost: {}", info.message()))
            }
            Error::DatabaseError(_, info) if info.message().contains("exclusion constraint") => {
                AppError::Conflict(crate::texts::ERR_SEAT_TAKEN.into())
            }
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

/// Whether a database error says the connection itself is gone (the server was restarted, the
/// backend terminated, the network cut): worth one more try on a fresh connection.
pub fn connection_lost(message: &str) -> bool {
    [
        "terminating connection",
        "server closed the connection",
        "no connection to the server",
        "connection to server",
        "could not receive data from server",
        "could not send data to server",
        "SSL connection has been closed",
    ]
    .iter()
    .any(|m| message.contains(m))
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(format!("database pool: {e}"))
    }
}

/// Whether a diesel error is a unique violation (to turn into a field error by the caller).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
