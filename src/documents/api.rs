//! The documents' JSON API: attach a file to a contract or a placement (multipart, the file in
//! the part `file`, optionally the part `kind`), list them, download one, remove one. Also the
//! reading of a multipart upload and the download response, which the pages use too.

use actix_multipart::Multipart;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::session::ApiUser;
use crate::documents::model::{DocumentKind, Parent, Upload, MAX_BYTES, MAX_REQUEST_BYTES};
use crate::documents::service;
use crate::documents::store::DocumentRow;
use crate::error::{AppError, ErrorBody};
use crate::ids::{ContractId, DocumentId, PlacementId};
use crate::state::AppState;
use crate::texts::documents as t;

/// The longest small field (`kind`, `csrf`) that is kept; the rest of a longer one is dropped.
const SMALL_FIELD: usize = 1024;

/// A multipart upload as read: the file (at most `MAX_BYTES` of it kept) and the small fields.
#[derive(Debug, Default)]
pub(super) struct Received {
    pub upload: Upload,
    pub csrf: String,
}

/// Why a multipart body could not be read.
fn unreadable(e: actix_multipart::MultipartError) -> AppError {
    use actix_multipart::MultipartError as E;
    match e {
        E::ContentTypeMissing | E::ContentTypeParse | E::ContentTypeIncompatible => {
            AppError::UnsupportedMediaType(t::NOT_MULTIPART)
        }
        other => AppError::BadRequest(other.to_string()),
    }
}

/// Reads a multipart upload as it streams in, never holding more than `MAX_BYTES` of a file:
/// a larger file is read on and thrown away, and reported as too large (422 on `file`), up to
/// `MAX_REQUEST_BYTES` for the whole body, past which (or when `Content-Length` says so before
/// anything is read) the answer is 413 and the rest is not read. Only the first part named
/// `file` counts; parts with other names are read past.
pub(super) async fn read_upload(
    req: &HttpRequest,
    mut payload: Multipart,
) -> Result<Received, AppError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_REQUEST_BYTES as u64) {
        return Err(AppError::PayloadTooLarge);
    }
    let mut out = Received::default();
    let mut total = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or_default().to_string();
        let is_file = name == "file" && !out.upload.has_file;
        if is_file {
            out.upload.has_file = true;
            out.upload.file_name = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or_default()
                .to_string();
        }
        let mut small = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            total += chunk.len();
            if total > MAX_REQUEST_BYTES {
                return Err(AppError::PayloadTooLarge);
            }
            if is_file {
                if out.upload.too_large {
                    continue;
                }
                if out.upload.bytes.len() + chunk.len() > MAX_BYTES {
                    out.upload.too_large = true;
                    out.upload.bytes = Vec::new();
                } else {
                    out.upload.bytes.extend_from_slice(&chunk);
                }
            } else if small.len() + chunk.len() <= SMALL_FIELD {
                small.extend_from_slice(&chunk);
            }
        }
        let text = || String::from_utf8_lossy(&small).trim().to_string();
        match name.as_str() {
            "kind" => out.upload.kind = text(),
            "csrf" => out.csrf = text(),
            _ => {}
        }
    }
    Ok(out)
}

/// A document's bytes as a download: its stored type, `attachment` with its name (an ASCII
/// fallback and the exact name in UTF-8, RFC 6266 and RFC 5987), never sniffed by the browser.
pub(super) fn file_response(row: &DocumentRow, bytes: Vec<u8>) -> HttpResponse {
    let fallback: String = row
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '(' | ')' | ' ' | ',') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(fallback),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: row.file_name.as_bytes().to_vec(),
            }),
        ],
    };
    HttpResponse::Ok()
        .content_type(row.content_type.clone())
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::ETAG, format!("\"{}\"", row.sha256)))
        .body(bytes)
}

/// The multipart body of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    /// The file: PDF, PNG or JPEG (by its content), at most 10 MiB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// signed_contract, representative_statement, internship_statement, cv or other (the
    /// default).
    pub kind: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentCreated {
    pub id: String,
}

/// A document's facts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentOut {
    pub id: String,
    /// signed_contract, representative_statement, internship_statement, cv or other.
    pub kind: String,
    pub file_name: String,
    /// application/pdf, image/png or image/jpeg.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The name of who added it.
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

impl DocumentOut {
    fn of(r: DocumentRow) -> Self {
        DocumentOut {
            id: r.id.into(),
            kind: DocumentKind::parse(&r.kind)
                .map(|k| k.code().to_string())
                .unwrap_or(r.kind),
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size_bytes,
            sha256: r.sha256,
            added_by: r.added_by_name,
            added_at: r.added_at.and_utc(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<DocumentOut>,
}

async fn create(
    state: &AppState,
    user: &ApiUser,
    req: &HttpRequest,
    parent: Parent,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    // Who may is decided before the file is read.
    service::may_add(&state.db, &user.actor, parent.clone()).await?;
    let received = read_upload(req, payload).await?;
    let id = service::add(&state.db, &user.actor, parent, received.upload).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/documents/{id}")))
        .json(DocumentCreated { id: id.into() }))
}

async fn list(state: &AppState, user: &ApiUser, parent: Parent) -> Result<HttpResponse, AppError> {
    let rows = service::list(&state.db, &user.actor, parent).await?;
    Ok(HttpResponse::Ok().json(DocumentList {
        items: rows.into_iter().map(DocumentOut::of).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/documents", tag = "documents",
    params(("id" = String, Path)),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses((status = 201, body = DocumentCreated), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/contracts/{id}/documents")]
pub async fn add_to_contract(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    create(
        &state,
        &user,
        &req,
        Parent::Contract(id.into_inner()),
        payload,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/placements/{id}/documents", tag = "documents",
    params(("id" = String, Path)),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses((status = 201, body = DocumentCreated), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/placements/{id}/documents")]
pub async fn add_to_placement(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    create(
        &state,
        &user,
        &req,
        Parent::Placement(id.into_inner()),
        payload,
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/documents", tag = "documents",
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = DocumentList), (status = 404, body = ErrorBody)))]
#[get("/contracts/{id}/documents")]
pub async fn list_of_contract(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    list(&state, &user, Parent::Contract(id.into_inner())).await
}

#[utoipa::path(get, path = "/api/v1/placements/{id}/documents", tag = "documents",
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = DocumentList), (status = 404, body = ErrorBody)))]
#[get("/placements/{id}/documents")]
pub async fn list_of_placement(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, AppError> {
    list(&state, &user, Parent::Placement(id.into_inner())).await
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, description = "The file, as an attachment, with its stored type",
        content(("application/pdf"), ("image/png"), ("image/jpeg"))),
        (status = 404, body = ErrorBody)))]
#[get("/documents/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<DocumentId>,
) -> Result<HttpResponse, AppError> {
    let (row, bytes) = service::download(&state.db, &user.actor, id.into_inner()).await?;
    Ok(file_response(&row, bytes))
}

#[utoipa::path(delete, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 204, description = "Removed: hidden from lists and downloads, kept until retention purges it"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[delete("/documents/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<DocumentId>,
) -> Result<HttpResponse, AppError> {
    service::remove(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(add_to_contract)
        .service(add_to_placement)
        .service(list_of_contract)
        .service(list_of_placement)
        .service(download)
        .service(remove);
}
