//! The documents pages (Danish): a contract's and a placement's documents with who added them
//! and when, the upload form (multipart, with the CSRF token as a field of its own, checked
//! before anything is stored), the download and the removal. The contract and placement pages
//! link here.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{verify_csrf, CsrfForm, PageUser};
use crate::documents::api::{file_response, read_upload};
use crate::documents::model::{DocumentKind, Parent};
use crate::documents::service::{self, ParentView};
use crate::documents::store::DocumentRow;
use crate::error::{AppError, FieldErrors};
use crate::ids::{ContractId, DocumentId, PlacementId};
use crate::state::AppState;
use crate::texts::documents as t;
use crate::ui::components::{csrf_field, error_summary, select};
use crate::ui::format;
use crate::ui::{redirect_with, render_status, PageError};

/// A file's size in kB or MB, with a decimal comma.
fn size(bytes: i64) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        t::size_kb(&format::decimal(kb.max(1.0).round(), 0))
    } else {
        t::size_mb(&format::decimal(kb / 1024.0, 1))
    }
}

fn kind_label(code: &str) -> &str {
    DocumentKind::parse(code).map_or(code, |k| k.label())
}

fn body(
    view: &ParentView,
    docs: &[DocumentRow],
    user: &PageUser,
    errors: &FieldErrors,
    kind: &str,
) -> Markup {
    let kinds: Vec<(String, String)> = DocumentKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label().to_string()))
        .collect();
    let (of, back) = match view.parent {
        Parent::Contract(_) => (t::OF_CONTRACT, t::BACK_TO_CONTRACT),
        Parent::Placement(_) => (t::OF_PLACEMENT, t::BACK_TO_PLACEMENT),
    };
    let file_invalid = errors.has("file");
    // Nothing chosen is stored as "other": the form says so by choosing it.
    let kind = if kind.is_empty() {
        DocumentKind::Other.code()
    } else {
        kind
    };
    html! {
        div.page-head {
            h1 { (t::TITLE) }
            a href=(view.parent.path()) { (back) }
        }
        p.muted {
            (of) " " (view.name)
            @if let Some(c) = &view.company { " · " (c) }
        }
        @if docs.is_empty() {
            p.empty { (t::EMPTY) }
        } @else {
            table.table tabindex="0" {
                thead { tr {
                    th { (t::FILE) } th { (t::KIND) } th { (t::SIZE) }
                    th { (t::ADDED_BY) } th { (t::ADDED_AT) } th { span.sr-only { (t::ACTIONS) } }
                } }
                tbody {
                    @for d in docs {
                        tr {
                            td { a href={ "/documents/" (d.id) } download { (d.file_name) } }
                            td { (kind_label(&d.kind)) }
                            td { (size(d.size_bytes)) }
                            td { (d.added_by_name) }
                            td { (format::datetime(d.added_at)) }
                            td {
                                @if user.actor.may_remove_document(&d.added_by) {
                                    form.action method="post" action={ "/documents/" (d.id) "/remove" } data-confirm=(t::CONFIRM_REMOVE) {
                                        (csrf_field(&user.csrf))
                                        button.button.button-secondary type="submit" { (t::REMOVE) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if view.may_add {
            section {
                h2 { (t::ADD_TITLE) }
                (error_summary(errors))
                form.stack method="post" action=(view.parent.documents_path()) enctype="multipart/form-data" {
                    (csrf_field(&user.csrf))
                    (select("kind", t::KIND, &kinds, kind, errors))
                    div.form-group.form-error[file_invalid] {
                        label.form-label for="f-file" { (t::FILE) }
                        span.form-hint id="h-file" { (t::ADD_HINT) }
                        @if file_invalid {
                            span.form-error-message id="e-file" { @for m in errors.get("file") { (m) " " } }
                        }
                        input.form-input id="f-file" type="file" name="file" required
                            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                            aria-invalid=[file_invalid.then_some("true")]
                            aria-describedby=(if file_invalid { "e-file h-file" } else { "h-file" });
                    }
                    div.actions { button.button.button-primary type="submit" { (t::ADD_BUTTON) } }
                }
            }
        } @else {
            p.hint { (t::MAY_NOT_ADD) }
        }
    }
}

async fn show(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    parent: Parent,
    errors: &FieldErrors,
    kind: &str,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let view = service::parent(&state.db, &user.actor, parent.clone()).await?;
    let docs = service::list(&state.db, &user.actor, parent).await?;
    let title = format!("{} · {}", t::TITLE, view.name);
    Ok(render_status(
        req,
        status,
        Some(user),
        &title,
        body(&view, &docs, user, errors, kind),
    ))
}

/// Reads the upload, checks its CSRF token, stores it; a file that is not taken gets the form
/// back with the message (422).
async fn upload(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    parent: Parent,
    payload: Multipart,
) -> Result<HttpResponse, PageError> {
    // 404 or 403 before the file is read.
    service::may_add(&state.db, &user.actor, parent.clone()).await?;
    let received = match read_upload(req, payload).await {
        Ok(r) => r,
        Err(e) => {
            let mut errors = FieldErrors::new();
            let message = match e {
                AppError::PayloadTooLarge => t::TOO_LARGE,
                _ => t::UNREADABLE,
            };
            errors.add("file", message);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return show(req, state, user, parent, &errors, "", status).await;
        }
    };
    if !verify_csrf(req, state, &received.csrf) {
        return Err(PageError::Csrf);
    }
    let kind = received.upload.kind.clone();
    match service::add(&state.db, &user.actor, parent.clone(), received.upload).await {
        Ok(_) => Ok(redirect_with(&parent.documents_path(), "document_added")),
        Err(AppError::Validation(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            show(req, state, user, parent, &errors, &kind, status).await
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/contracts/{id}/documents")]
pub async fn contract_documents(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    let parent = Parent::Contract(id.into_inner());
    show(
        &req,
        &state,
        &user,
        parent,
        &FieldErrors::new(),
        "",
        StatusCode::OK,
    )
    .await
}

#[get("/placements/{id}/documents")]
pub async fn placement_documents(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, PageError> {
    let parent = Parent::Placement(id.into_inner());
    show(
        &req,
        &state,
        &user,
        parent,
        &FieldErrors::new(),
        "",
        StatusCode::OK,
    )
    .await
}

#[post("/contracts/{id}/documents")]
pub async fn add_to_contract(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
    payload: Multipart,
) -> Result<HttpResponse, PageError> {
    upload(
        &req,
        &state,
        &user,
        Parent::Contract(id.into_inner()),
        payload,
    )
    .await
}

#[post("/placements/{id}/documents")]
pub async fn add_to_placement(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    payload: Multipart,
) -> Result<HttpResponse, PageError> {
    upload(
        &req,
        &state,
        &user,
        Parent::Placement(id.into_inner()),
        payload,
    )
    .await
}

#[get("/documents/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<DocumentId>,
) -> Result<HttpResponse, PageError> {
    let (row, bytes) = service::download(&state.db, &user.actor, id.into_inner()).await?;
    Ok(file_response(&row, bytes))
}

/// The removal form carries nothing but its CSRF token.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {}

#[post("/documents/{id}/remove")]
pub async fn remove(
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<DocumentId>,
    _form: CsrfForm<RemoveForm>,
) -> Result<HttpResponse, PageError> {
    let parent = service::remove(&state.db, &user.actor, id.into_inner()).await?;
    Ok(redirect_with(&parent.documents_path(), "document_removed"))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(contract_documents)
        .service(placement_documents)
        .service(add_to_contract)
        .service(add_to_placement)
        .service(download)
        .service(remove);
}
