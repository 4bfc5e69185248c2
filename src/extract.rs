//! Request extractors for the JSON API: a JSON body whose errors name the field, and paging.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{AppError, FieldErrors};
use crate::texts as t;

/// Largest JSON body the API reads.
pub const JSON_LIMIT: usize = 256 * 1024;

/// A JSON body. Malformed JSON answers 400; a value of the wrong type answers 422 naming the
/// field (`kommunekoder[0]`); a body over the limit answers 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = declares_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(body_error)?;
            is_json?;
            parse_json(&body).map(ApiJson)
        })
    }
}

/// A JSON body that may be left out (a transition without parameters): `None` when the body is
/// empty or only whitespace, otherwise as [`ApiJson`], `Content-Type` check included.
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = declares_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(body_error)?;
            if body.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(None));
            }
            is_json?;
            parse_json(&body).map(|v| OptionalJson(Some(v)))
        })
    }
}

fn body_error(e: actix_web::Error) -> AppError {
    if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest(e.to_string())
    }
}

/// Whether the request says its body is JSON: `application/json` or a `+json` type, any
/// parameters (`charset=utf-8`). Anything else, a missing header included, is answered 415
/// before the body is parsed (ASVS 13.1.5): a body is read only as what it says it is.
fn declares_json(req: &HttpRequest) -> Result<(), AppError> {
    use actix_web::HttpMessage;
    match req.mime_type() {
        Ok(Some(m))
            if m.type_() == mime::APPLICATION
                && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON)) =>
        {
            Ok(())
        }
        _ => Err(AppError::UnsupportedMediaType(t::ERR_NOT_JSON)),
    }
}

/// A CSV body (an import) under the resource's `PayloadConfig` limit: 413 as JSON when it is
/// over, 415 when it is not declared `text/csv` (any parameters, `charset=utf-8`).
pub struct CsvBody(pub web::Bytes);

impl FromRequest for CsvBody {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        use actix_web::HttpMessage;
        let is_csv = match req.mime_type() {
            Ok(Some(m)) if m.type_() == mime::TEXT && m.subtype() == mime::CSV => Ok(()),
            _ => Err(AppError::UnsupportedMediaType(t::ERR_NOT_CSV)),
        };
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(body_error)?;
            is_csv?;
            Ok(CsvBody(body))
        })
    }
}

/// Parses a JSON body with the error rules of [`ApiJson`].
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    if body.len() > JSON_LIMIT {
        return Err(AppError::PayloadTooLarge);
    }
    if contains_nul_escape(body) {
        // PostgreSQL cannot store NUL in text; refuse it for every field alike.
        return Err(AppError::field("body", t::NUL_CHARACTER));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    match value {
        Ok(v) => {
            de.end().map_err(|e| AppError::BadRequest(e.to_string()))?;
            Ok(v)
        }
        Err(err) => Err(json_error(err)),
    }
}

/// Reads a typed value out of already parsed JSON, with the same field-naming errors.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, AppError> {
    // Through the text again: deserializing a `Value` directly loses the field path.
    let text = serde_json::to_vec(&value).map_err(|e| AppError::BadRequest(e.to_string()))?;
    parse_json(&text)
}

/// Turns a deserialization error into 400 (malformed) or 422 naming the field.
fn json_error(err: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    match inner.classify() {
        serde_json::error::Category::Data => {
            let text = inner.to_string();
            let text = text.split(" at line ").next().unwrap_or(&text).to_string();
            let mut fields = FieldErrors::new();
            if let Some(rest) = text.strip_prefix("missing field `") {
                let name = rest.trim_end_matches('`');
                let field = if path == "." {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                fields.add(&field, t::REQUIRED);
            } else {
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                // Only what was expected, never the value sent (it may be personal data).
                let message = match text.split_once("expected ") {
                    Some((_, expected)) => t::wrong_type_expected(expected),
                    None => t::WRONG_TYPE.to_string(),
                };
                fields.add(&field, message);
            }
            AppError::Validation(fields)
        }
        _ => AppError::BadRequest(inner.to_string()),
    }
}

/// Whether a JSON text holds a NUL character (`\u0000`, any case of hex digits is zeros).
fn contains_nul_escape(body: &[u8]) -> bool {
    body.contains(&0) || body.windows(6).any(|w| w == b"\\u0000")
}

/// `?q=&page=&per_page=` for API lists.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Search text.
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page, 1 to 200 (default 50).
    pub per_page: Option<i64>,
    /// The order: a column of the list, with "-" before it for descending. Jobcenters: name,
    /// region; companies: name, cvr, postcode; users: name, email; candidates: name, created.
    /// Default: name.
    pub sort: Option<String>,
}

impl ListParams {
    /// The order asked for; an unknown column is a 422 naming `sort`.
    pub fn sort(
        &self,
        columns: &[&'static str],
        default: crate::db::Sort,
    ) -> Result<crate::db::Sort, crate::error::AppError> {
        crate::db::api_sort(self.sort.as_deref(), columns, default)
    }

    pub fn page(&self) -> i64 {
        self.page.unwrap_or(1).clamp(1, 1_000_000)
    }

    pub fn per_page(&self) -> i64 {
        self.per_page.unwrap_or(50).clamp(1, 200)
    }

    pub fn offset(&self) -> i64 {
        (self.page() - 1) * self.per_page()
    }

    pub fn q(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }
}

/// The revision a client claims to have seen: `If-Match: 3` or `If-Match: "3"` (a contract's or
/// an agreement's revision; a stale one answers 409).
pub fn if_match(req: &actix_web::HttpRequest) -> Result<Option<i32>, AppError> {
    let Some(value) = req.headers().get(actix_web::http::header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("");
    let text = text.trim().trim_start_matches("W/").trim_matches('"');
    text.parse::<i32>()
        .map(Some)
        .map_err(|_| AppError::field("If-Match", crate::texts::contracts::REVISION_NOT_A_NUMBER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        codes: Vec<i64>,
    }

    #[test]
    fn json_errors_name_the_field() {
        match parse_json::<Body>(br#"{"name":"x","codes":[1,"a"]}"#) {
            Err(AppError::Validation(f)) => assert!(f.has("codes[1]"), "{f:?}"),
            other => panic!("unexpected {other:?}"),
        }
        match parse_json::<Body>(br#"{"codes":[1]}"#) {
            Err(AppError::Validation(f)) => assert!(f.has("name"), "{f:?}"),
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            parse_json::<Body>(br#"{"name":"#),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            parse_json::<Body>(br#"{"name":"x","codes":[]} trailing"#),
            Err(AppError::BadRequest(_))
        ));
    }
}
