//! Importing figures from a file in the background, with its progress page.

use crate::ids::{CampaignId, ImportJobId};
use std::sync::Arc;

use actix_multipart::form::{bytes::Bytes as FileBytes, text::Text, MultipartForm};
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use crate::auth::session::{verify_csrf, PageUser};
use crate::campaign::import::{self, Progress};
use crate::campaign::jobs::ImportJobs;
use crate::campaign::service::{self, CampaignRow};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::excel_csv;
use crate::state::AppState;
use crate::texts::campaign as tc;
use crate::ui::components::csrf_field;
use crate::ui::format;
use crate::ui::{render, render_status, PageError};

/// The file upload of an import: the CSRF token travels as a form field as on every page.
#[derive(MultipartForm)]
pub struct ImportUpload {
    csrf: Option<Text<String>>,
    #[multipart(limit = "8MiB")]
    file: Option<FileBytes>,
}

pub(super) fn may_import(user: &PageUser) -> Result<(), PageError> {
    if user.actor.may_enter_figures() {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

pub(super) fn import_body(c: &CampaignRow, csrf: &str, errors: &FieldErrors) -> Markup {
    // Errors in line order; the header is line 1.
    let mut lines: Vec<(u64, String, &String)> = errors
        .0
        .iter()
        .flat_map(|(k, ms)| {
            let line = import::line_of(k).unwrap_or(0);
            let field = k.split('.').nth(1).unwrap_or("").to_string();
            ms.iter().map(move |m| (line, field.clone(), m))
        })
        .collect();
    lines.sort_by_key(|l| l.0);
    html! {
        div.page-head { h1 { (tc::IMPORT) } a href={ "/campaigns/" (c.id) } { (tc::BACK_TO_CAMPAIGN) } }
        p { (c.name) }
        @if !errors.is_empty() {
            div.error-summary role="alert" tabindex="-1" {
                p { strong { (tc::IMPORT_ERRORS) } }
                ul { @for (line, _, m) in &lines {
                    li { @if *line > 0 { (tc::IMPORT_LINE) " " (line) ": " } (m) }
                } }
            }
        }
        p.hint { (tc::IMPORT_HINT) }
        p { a href={ "/campaigns/" (c.id) "/import-template.csv" } { (tc::IMPORT_TEMPLATE) } }
        form.stack method="post" action={ "/campaigns/" (c.id) "/import" } enctype="multipart/form-data" {
            (csrf_field(csrf))
            div.field.invalid[errors.has("file")] {
                label for="f-file" { (tc::IMPORT_FILE) }
                input id="f-file" type="file" name="file" accept=".csv,text/csv" required;
            }
            div.actions { button.button.button-primary type="submit" { (tc::IMPORT_START) } }
        }
    }
}

#[get("/campaigns/{id}/import")]
pub async fn import_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, PageError> {
    may_import(&user)?;
    let c = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let body = import_body(&c, &user.csrf, &FieldErrors::new());
    Ok(render(&req, Some(&user), tc::IMPORT, body))
}

/// Checks the file, then stores it in the background, one transaction, while the status page
/// shows how far it has come.
#[post("/campaigns/{id}/import")]
pub async fn import_start(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
    jobs: web::Data<ImportJobs>,
    form: Result<MultipartForm<ImportUpload>, actix_web::Error>,
) -> Result<HttpResponse, PageError> {
    may_import(&user)?;
    let c = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let form = match form {
        Ok(f) => f.into_inner(),
        Err(_) => {
            let mut e = FieldErrors::new();
            e.add("file", tc::IMPORT_TOO_LARGE);
            return Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                tc::IMPORT,
                import_body(&c, &user.csrf, &e),
            ));
        }
    };
    let csrf = form.csrf.map(|t| t.into_inner()).unwrap_or_default();
    if !verify_csrf(&req, &state, &csrf) {
        return Err(PageError::Csrf);
    }
    let index = service::import_index(&state.db).await?;
    let parsed = match form.file {
        Some(f) if !f.data.is_empty() => import::parse(&f.data, &index),
        _ => {
            let mut e = FieldErrors::new();
            e.add("file", tc::IMPORT_NO_FILE);
            Err(e)
        }
    };
    let rows = match parsed {
        Ok(rows) => rows,
        Err(e) => {
            return Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                tc::IMPORT,
                import_body(&c, &user.csrf, &e),
            ))
        }
    };
    let progress = Arc::new(Progress::new(rows.len()));
    let job = ImportJobId::new(crate::db::new_id());
    jobs.insert(
        job.clone(),
        c.id.clone(),
        user.actor.user_id.clone(),
        progress.clone(),
    );
    let (db, actor, campaign_id) = (state.db.clone(), user.actor.clone(), c.id.clone());
    actix_web::rt::spawn(async move {
        let outcome =
            service::save_figures_tracked(&db, &actor, campaign_id, rows, Some(progress.clone()))
                .await
                .map_err(|e| match e {
                    AppError::Validation(errors) => errors,
                    other => {
                        tracing::error!(error = %other, "figure import failed");
                        let mut e = FieldErrors::new();
                        e.add("file", tc::IMPORT_FAILED);
                        e
                    }
                });
        progress.finish(outcome);
    });
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("/campaigns/{}/import/{job}", c.id),
        ))
        .finish())
}

#[get("/campaigns/{id}/import/{job}")]
pub async fn import_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    jobs: web::Data<ImportJobs>,
    path: web::Path<(CampaignId, ImportJobId)>,
) -> Result<HttpResponse, PageError> {
    may_import(&user)?;
    let (id, job) = path.into_inner();
    let c = service::get(&state.db, &user.actor, id).await?;
    let progress = jobs.get(&job, &c.id, &user.actor.user_id);
    let back = html! { p { a href={ "/campaigns/" (c.id) } { (tc::BACK_TO_CAMPAIGN) } } };
    let body = match progress.as_ref().map(|p| (p, p.outcome())) {
        None => html! { h1 { (tc::IMPORT) } p.empty { (tc::IMPORT_UNKNOWN) } (back) },
        Some((p, None)) => html! {
            // Reloads itself until the import is done; works without JavaScript.
            meta http-equiv="refresh" content="1";
            h1 { (tc::IMPORT_RUNNING) }
            p role="status" {
                progress max=(p.total) value=(p.done()) {}
                " " (format::integer(p.done() as i64)) " " (tc::IMPORT_ROWS_OF) " " (format::integer(p.total as i64)) " " (tc::IMPORT_ROWS)
            }
        },
        Some((_, Some(Ok(n)))) => html! {
            h1 { (tc::IMPORT) }
            p.flash role="status" { (tc::IMPORT_DONE) " " (format::integer(n as i64)) " " (tc::IMPORT_SAVED) }
            (back)
        },
        Some((_, Some(Err(e)))) => html! {
            (import_body(&c, &user.csrf, &e))
        },
    };
    Ok(render(&req, Some(&user), tc::IMPORT, body))
}

/// A CSV to fill in: the jobcenters the user may enter, for the current month.
#[get("/campaigns/{id}/import-template.csv")]
pub async fn import_template(
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, PageError> {
    may_import(&user)?;
    let c = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let month = crate::clock::month_key(crate::clock::today()).min(c.end_month.clone());
    let jcs = state
        .db
        .read(|conn| Ok(crate::directory::store::jobcenter_choices(conn)?))
        .await?;
    let rows: Vec<Vec<String>> = jcs
        .into_iter()
        .filter(|(id, _)| {
            user.actor.is_admin() || user.actor.jobcenter_id.as_deref() == Some(id.as_str())
        })
        .map(|(_, name)| vec![name, month.clone(), String::new(), String::new()])
        .collect();
    let body = excel_csv(crate::texts::csv::FIGURES_TEMPLATE, &rows).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"maaltal-skabelon.csv\"",
        ))
        .body(body))
}
