//! The placement agreement's pages: read it, draft it (consultant), send it, accept it or send
//! it back (the company's signatory), and print it on A4.

use crate::ids::PlacementId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::agreements::model::{AgreementRaw, AgreementTerms, StepRaw};
use crate::agreements::service::{self, AgreementAction, AgreementView};
use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::{reference_number, OfferType};
use crate::contracts::workflow::{Action, VersionStatus};
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts::agreements as ta;
use crate::ui::components::{
    badge, csrf_field, date_input, error_list, error_summary, input, select, textarea, tone_of,
    DateParts,
};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

/// How many rows of the step-up plan the form offers.
const STEP_ROWS: usize = 4;

/// The agreement form as typed.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct AgreementForm {
    pub revision: String,
    pub work_tasks: String,
    pub place: String,
    pub mentor_id: String,
    pub start_date: String,
    pub start_date_day: String,
    pub start_date_month: String,
    pub start_date_year: String,
    pub end_date: String,
    pub end_date_day: String,
    pub end_date_month: String,
    pub end_date_year: String,
    pub step_week: Vec<String>,
    pub step_hours: Vec<String>,
    pub learning_goals: String,
    pub employee_rep_name: String,
    pub employee_rep_date: String,
    pub employee_rep_date_day: String,
    pub employee_rep_date_month: String,
    pub employee_rep_date_year: String,
    pub comment: String,
    pub content_hash: String,
    /// Set by the save form: what was typed is shown again on an error.
    #[serde(skip)]
    pub editing: bool,
}

impl AgreementForm {
    fn parts(&self, name: &str) -> DateParts {
        let (w, d, m, y) = match name {
            "start_date" => (
                &self.start_date,
                &self.start_date_day,
                &self.start_date_month,
                &self.start_date_year,
            ),
            "end_date" => (
                &self.end_date,
                &self.end_date_day,
                &self.end_date_month,
                &self.end_date_year,
            ),
            _ => (
                &self.employee_rep_date,
                &self.employee_rep_date_day,
                &self.employee_rep_date_month,
                &self.employee_rep_date_year,
            ),
        };
        DateParts::typed(w, d, m, y)
    }

    /// The form filled with saved (or proposed) terms.
    fn of(terms: &AgreementTerms, revision: i32) -> Self {
        let split = |d: chrono::NaiveDate| {
            let p = DateParts::typed(&d.to_string(), "", "", "");
            (p.day, p.month, p.year)
        };
        let (sd, sm, sy) = split(terms.start_date);
        let (ed, em, ey) = split(terms.end_date);
        let (rd, rm, ry) = terms
            .employee_rep
            .as_ref()
            .map(|r| split(r.stated_on))
            .unwrap_or_default();
        AgreementForm {
            revision: revision.to_string(),
            work_tasks: terms.work_tasks.clone(),
            place: terms.place.clone(),
            mentor_id: terms.mentor_id.clone(),
            start_date_day: sd,
            start_date_month: sm,
            start_date_year: sy,
            end_date_day: ed,
            end_date_month: em,
            end_date_year: ey,
            step_week: terms
                .steps
                .iter()
                .map(|s| s.from_week.to_string())
                .collect(),
            step_hours: terms
                .steps
                .iter()
                .map(|s| {
                    format::hours(s.minutes_per_week.into())
                        .replace(&format!(" {}", crate::texts::UNIT_HOURS), "")
                })
                .collect(),
            learning_goals: terms.learning_goals.clone(),
            employee_rep_name: terms
                .employee_rep
                .as_ref()
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            employee_rep_date_day: rd,
            employee_rep_date_month: rm,
            employee_rep_date_year: ry,
            ..Default::default()
        }
    }

    fn raw(&self) -> AgreementRaw {
        let steps = (0..self.step_week.len().max(self.step_hours.len()))
            .map(|i| {
                let week = self.step_week.get(i).map(|s| s.trim()).unwrap_or("");
                StepRaw {
                    from_week: if week.is_empty() {
                        None
                    } else {
                        // An unreadable week is named by the row ("uge mangler").
                        week.parse().ok()
                    },
                    minutes_per_week: None,
                    hours: self.step_hours.get(i).cloned().unwrap_or_default(),
                }
            })
            .collect();
        AgreementRaw {
            work_tasks: self.work_tasks.clone(),
            place: self.place.clone(),
            mentor_id: self.mentor_id.clone(),
            start_date: self.parts("start_date").value(),
            end_date: self.parts("end_date").value(),
            steps,
            learning_goals: self.learning_goals.clone(),
            employee_rep_name: self.employee_rep_name.clone(),
            employee_rep_date: self.parts("employee_rep_date").value(),
        }
    }
}

fn terms_facts(v: &AgreementView, t: &AgreementTerms) -> Markup {
    html! {
        dl.facts {
            dt { (ta::COMPANY) } dd { (v.company_name) }
            dt { (ta::OFFER) } dd { (OfferType::parse(&v.placement.offer_type).map(|o| o.label()).unwrap_or("")) }
            dt { (ta::PERIOD) } dd { (format::date(t.start_date)) " – " (format::date(t.end_date)) }
            dt { (ta::WORK_TASKS) } dd { (t.work_tasks) }
            dt { (ta::PLACE) } dd { (t.place) }
            dt { (ta::MENTOR) } dd { (v.name_of(&t.mentor_id)) }
            dt { (ta::PLAN) } dd { (t.plan_text()) }
            dt { (ta::LEARNING_GOALS) } dd { (t.learning_goals) }
            dt { (ta::EMPLOYEE_REP) } dd {
                @match &t.employee_rep {
                    Some(r) => { (ta::rep_statement(&r.name, &format::date(r.stated_on))) }
                    None => { span.muted { (ta::REP_MISSING) } }
                }
            }
        }
    }
}

fn form(v: &AgreementView, user: &PageUser, f: &AgreementForm, errors: &FieldErrors) -> Markup {
    let id = &v.placement.id;
    let mentors: Vec<(String, String)> = v.mentors.clone();
    let rows = f.step_week.len().max(f.step_hours.len()).max(STEP_ROWS);
    html! {
        form.agreement-form method="post" action={ "/placements/" (id) "/agreement" } novalidate {
            (csrf_field(&user.csrf))
            input type="hidden" name="revision" value=(f.revision);
            (textarea("work_tasks", ta::WORK_TASKS, &f.work_tasks, errors))
            (input("place", ta::PLACE, &f.place, "text", errors, Some(ta::PLACE_HINT)))
            (select("mentor_id", ta::MENTOR, &mentors, &f.mentor_id, errors))
            (date_input("start_date", ta::START, &f.parts("start_date"), errors, None))
            (date_input("end_date", ta::END, &f.parts("end_date"), errors, None))
            fieldset.step-plan {
                legend.form-label { (ta::PLAN) }
                span.form-hint id="h-steps" { (ta::PLAN_HINT) }
                (error_list("steps", errors))
                table.table {
                    thead { tr { th scope="col" { (ta::STEP_FROM_WEEK) } th scope="col" { (ta::STEP_HOURS) } } }
                    tbody {
                        @for i in 0..rows {
                            @let field = format!("steps[{i}]");
                            tr.form-error[errors.has(&field)] {
                                td {
                                    (error_list(&field, errors))
                                    label.sr-only for={ "f-step-week-" (i) } { (ta::step_row_week(i + 1)) }
                                    input.form-input.input-width-xs id={ "f-step-week-" (i) } name="step_week" type="text" inputmode="numeric"
                                        value=(f.step_week.get(i).map(String::as_str).unwrap_or(""));
                                }
                                td {
                                    label.sr-only for={ "f-step-hours-" (i) } { (ta::step_row_hours(i + 1)) }
                                    input.form-input.input-width-xs id={ "f-step-hours-" (i) } name="step_hours" type="text" inputmode="decimal"
                                        value=(f.step_hours.get(i).map(String::as_str).unwrap_or(""));
                                }
                            }
                        }
                    }
                }
            }
            (textarea("learning_goals", ta::LEARNING_GOALS, &f.learning_goals, errors))
            (input("employee_rep_name", ta::EMPLOYEE_REP_NAME, &f.employee_rep_name, "text", errors, Some(ta::EMPLOYEE_REP_HINT)))
            (date_input("employee_rep_date", ta::EMPLOYEE_REP_DATE, &f.parts("employee_rep_date"), errors, None))
            button.button.button-primary type="submit" { (ta::SAVE) }
        }
    }
}

async fn body(
    state: &AppState,
    user: &PageUser,
    id: PlacementId,
    typed: Option<&AgreementForm>,
    errors: &FieldErrors,
) -> Result<(String, Markup), PageError> {
    let v = service::get(&state.db, &user.actor, id).await?;
    let title = ta::title(&v.candidate_name);
    let pending = v.pending();
    let pending_status = pending.and_then(|p| VersionStatus::parse(&p.status));
    let editable = v.may_draft
        && v.placement.status == "placed"
        && (v.head.is_none()
            || v.situation.allows_as(Action::Edit, ta::SUBJECT).is_ok()
            || v.situation.allows_as(Action::Amend, ta::SUBJECT).is_ok());
    let sendable = v.may_draft && v.situation.allows_as(Action::Send, ta::SUBJECT).is_ok();
    let answerable = v.may_review && v.situation.allows_as(Action::Accept, ta::SUBJECT).is_ok();
    // The terms as typed when the save was refused; else as saved (an action refused, such as
    // a send without the statement, keeps only its own comment).
    let filled;
    let f = match typed {
        Some(f) if f.editing => f,
        _ => {
            let mut saved = v
                .terms()
                .map(|t| AgreementForm::of(t, v.revision()))
                .unwrap_or_default();
            if let Some(f) = typed {
                saved.comment = f.comment.clone();
            }
            filled = saved;
            &filled
        }
    };
    let id = &v.placement.id;
    let body = html! {
        h1 { (title) }
        p { a href={ "/placements/" (id) } { (ta::BACK_TO_PLACEMENT) } }
        @match v.status() {
            Some(s) => { p { (ta::STATUS) ": " (badge(tone_of(s.code()), "", s.label()))
                @if let Some(ps) = pending_status { " · " (ta::pending_version(pending.map(|p| p.version_no).unwrap_or(0), ps.label())) } } }
            None => { p.notice { (ta::NONE_YET) } }
        }
        @if let Some(c) = pending.and_then(|p| p.company_comment.as_deref()) {
            div.alert.alert-warning role="status" { p { strong { (ta::COMPANY_COMMENT) ": " } (c) } }
        }
        (error_summary(errors))
        @if editable {
            @if let Some(t) = v.shown.as_ref().map(|(_, t)| t) { details { summary { (ta::CURRENT_TERMS) } (terms_facts(&v, t)) } }
            h2 { @if v.head.is_none() { (ta::DRAFT_HEADING) } @else if pending.is_some() { (ta::EDIT_HEADING) } @else { (ta::NEW_VERSION_HEADING) } }
            (form(&v, user, f, errors))
        } @else if let Some(t) = v.terms() {
            (terms_facts(&v, t))
        }
        div.actions-panel {
            @if sendable {
                form.action method="post" action={ "/placements/" (id) "/agreement/send" } {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="revision" value=(v.revision());
                    button.button.button-primary type="submit" { (ta::SEND) }
                }
            }
            @if answerable {
                form.action method="post" action={ "/placements/" (id) "/agreement/accept" } {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="revision" value=(v.revision());
                    input type="hidden" name="content_hash" value=(v.pending_hash.clone().unwrap_or_default());
                    p.hint { (ta::ACCEPT_HINT) }
                    button.button.button-primary type="submit" { (ta::ACCEPT) }
                }
                form.action method="post" action={ "/placements/" (id) "/agreement/request-changes" } {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="revision" value=(v.revision());
                    (textarea("comment", ta::COMMENT, &f.comment, errors))
                    button.button.button-secondary type="submit" { (ta::REQUEST_CHANGES) }
                }
            }
        }
        @if !v.versions.is_empty() {
            h2 { (ta::VERSIONS) }
            table.table tabindex="0" {
                thead { tr { th { (ta::VERSION) } th { (ta::STATUS) } th { (ta::SENT) } th { (ta::ACCEPTED) } th { (ta::REFERENCE) } th { span.sr-only { (ta::PRINT) } } } }
                tbody { @for r in v.versions.iter().rev() {
                    tr {
                        td { (r.version_no) }
                        td { (VersionStatus::parse(&r.status).map(|s| s.label()).unwrap_or("")) }
                        td { @if let Some(at) = r.sent_at { (format::datetime(at)) } }
                        td { @if let (Some(by), Some(at)) = (&r.accepted_by, r.accepted_at) { (v.name_of(by)) ", " (format::datetime(at)) } }
                        td { @if let Some(h) = &r.content_hash { (reference_number(h)) } }
                        td { a href={ "/placements/" (id) "/agreement/print?version=" (r.version_no) } { (ta::PRINT) } }
                    }
                } }
            }
        }
    };
    Ok((title, body))
}

#[get("/placements/{id}/agreement")]
pub async fn agreement_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, PageError> {
    let (title, body) = body(&state, &user, id.into_inner(), None, &FieldErrors::new()).await?;
    Ok(render(&req, Some(&user), &title, body))
}

fn revision(f: &AgreementForm) -> Option<i32> {
    f.revision.trim().parse().ok()
}

async fn outcome(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: PlacementId,
    f: AgreementForm,
    result: Result<AgreementView, AppError>,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    match result {
        Ok(_) => Ok(redirect_with(&format!("/placements/{id}/agreement"), ok)),
        Err(AppError::Validation(mut errors)) => {
            for name in ["start_date", "end_date", "employee_rep_date"] {
                f.parts(name).refine(name, &mut errors);
            }
            let (title, body) = body(&state, &user, id, Some(&f), &errors).await?;
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                &title,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/placements/{id}/agreement")]
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    form: CsrfForm<AgreementForm>,
) -> Result<HttpResponse, PageError> {
    let mut f = form.0;
    f.editing = true;
    let id = id.into_inner();
    let result = service::save(&state.db, &user.actor, id.clone(), revision(&f), f.raw()).await;
    outcome(req, state, user, id, f, result, "agreement_saved").await
}

macro_rules! action_page {
    ($name:ident, $path:literal, $ok:literal, |$f:ident| $action:expr) => {
        #[post($path)]
        pub async fn $name(
            req: HttpRequest,
            state: web::Data<AppState>,
            user: PageUser,
            id: web::Path<PlacementId>,
            form: CsrfForm<AgreementForm>,
        ) -> Result<HttpResponse, PageError> {
            let $f = form.0;
            let id = id.into_inner();
            let action = $action;
            let result =
                service::act(&state.db, &user.actor, id.clone(), revision(&$f), action).await;
            outcome(req, state, user, id, $f, result, $ok).await
        }
    };
}

action_page!(
    send,
    "/placements/{id}/agreement/send",
    "agreement_sent",
    |f| AgreementAction::Send
);
action_page!(
    accept,
    "/placements/{id}/agreement/accept",
    "agreement_accepted",
    |f| {
        AgreementAction::Accept {
            content_hash: Some(f.content_hash.clone()),
        }
    }
);
action_page!(
    request_changes,
    "/placements/{id}/agreement/request-changes",
    "agreement_returned",
    |f| {
        AgreementAction::RequestChanges {
            comment: f.comment.clone(),
        }
    }
);

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PrintQuery {
    version: Option<String>,
}

/// The agreement on A4, for the file and for signatures on paper.
#[get("/placements/{id}/agreement/print")]
pub async fn print_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, PageError> {
    let v = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let q: PrintQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let wanted = q
        .version
        .as_deref()
        .and_then(|s| s.trim().parse::<i32>().ok());
    let row = match wanted {
        Some(n) => v.versions.iter().find(|r| r.version_no == n),
        None => v.accepted().or(v.shown.as_ref().map(|(r, _)| r)),
    }
    .ok_or(AppError::NotFound)?;
    let t = row.terms()?;
    let title = ta::print_title(&v.candidate_name, row.version_no);
    let offer = OfferType::parse(&v.placement.offer_type);
    let body = html! {
        article.print {
            h1 { (ta::print_heading(offer.map(|o| o.label()).unwrap_or(""))) }
            p.muted { (ta::print_parties(&v.candidate_name, &v.company_name)) }
            h2 { "1. " (ta::PERSON_AND_PLACE) }
            dl.facts {
                dt { (ta::PERSON) } dd { (v.candidate_name) }
                dt { (ta::COMPANY) } dd { (v.company_name) }
                dt { (ta::PLACE) } dd { (t.place) }
                dt { (ta::MENTOR) } dd { (v.name_of(&t.mentor_id)) }
                dt { (ta::PERIOD) } dd { (format::date_long(t.start_date)) " – " (format::date_long(t.end_date)) }
            }
            h2 { "2. " (ta::WORK_TASKS) } p { (t.work_tasks) }
            h2 { "3. " (ta::PLAN) }
            table.table {
                thead { tr { th { (ta::STEP_WEEKS) } th.num { (ta::STEP_HOURS) } } }
                tbody { @for (i, s) in t.steps.iter().enumerate() {
                    @let until = t.steps.get(i + 1).map(|n| n.from_week - 1);
                    tr { td { (ta::weeks_span(s.from_week, until)) } td.num { (format::hours(s.minutes_per_week.into())) } }
                } }
            }
            h2 { "4. " (ta::LEARNING_GOALS) } p { (t.learning_goals) }
            h2 { "5. " (ta::EMPLOYEE_REP) }
            p { @match &t.employee_rep {
                Some(r) => { (ta::rep_statement(&r.name, &format::date_long(r.stated_on))) }
                None => { span.muted { (ta::REP_MISSING) } }
            } }
            h2 { "6. " (ta::ACCEPTANCE) }
            @match (&row.accepted_by, row.accepted_at, &row.content_hash) {
                (Some(by), Some(at), Some(hash)) => {
                    dl.facts.acceptance {
                        dt { (ta::ACCEPTED_BY) } dd { (v.name_of(by)) ", " (v.company_name) }
                        dt { (ta::WHEN) } dd { (format::datetime_zoned(at)) }
                        dt { (ta::REFERENCE) } dd { (reference_number(hash)) }
                        dt { (ta::HASH) } dd.hash { (hash) }
                    }
                }
                _ => { p.notice { (ta::NOT_ACCEPTED) } }
            }
            footer.print-footer { (ta::VERSION) " " (row.version_no) }
        }
    };
    Ok(render(&req, Some(&user), &title, body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(agreement_page)
        .service(save)
        .service(send)
        .service(accept)
        .service(request_changes)
        .service(print_page);
}
