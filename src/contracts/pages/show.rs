//! The contract page: terms, changes, hours, history, and the review and workflow actions.

use crate::ids::ContractId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::model::Actor;
use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::Terms;
use crate::contracts::service::{self, TransitionInput};
use crate::contracts::view::ContractView;
use crate::contracts::workflow::{Action, ContractStatus};
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::texts::contracts as tk;
use crate::ui::components::{
    confirmation, confirmed, csrf_field, date_input, error_summary, textarea, Confirmation,
    DateParts,
};
use crate::ui::format;
use crate::ui::{redirect_with, render_status, PageError};

use super::*;

pub(super) fn terms_facts(view: &ContractView, terms: &Terms) -> Markup {
    let offer = terms
        .offer_types
        .iter()
        .map(|o| o.label())
        .collect::<Vec<_>>()
        .join(", ");
    let benefits = terms
        .target_benefits
        .iter()
        .map(|b| b.label())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        dl.facts {
            dt { (t::CONTRACT_CONSULTANT) } dd { (view.name_of(&terms.consultant_id)) }
            dt { (t::CONTRACT_MENTOR) } dd { (view.name_of(&terms.mentor_id)) }
            dt { (t::CONTRACT_WORKSITE) } dd { (terms.worksite_p_number.as_deref().unwrap_or(t::CONTRACT_NO_WORKSITE)) }
            dt { (t::CONTRACT_PERIOD) } dd { (format::date(terms.start_date)) " – " (format::date(terms.end_date)) }
            dt { (t::CONTRACT_SEATS) } dd { (terms.seats) }
            dt { (t::CONTRACT_OFFER_TYPES) } dd { (offer) }
            dt { (t::CONTRACT_TARGET) } dd { (t::target_group(&benefits, terms.target_match_group)) }
            dt { (t::CONTRACT_GOALS) } dd { @if terms.goals.trim().is_empty() { span.muted { (t::NOT_GIVEN) } } @else { (terms.goals) } }
            dt { (t::CONTRACT_WORK_TASKS) } dd { (terms.work_tasks) }
            dt { (t::CONTRACT_MENTOR_FUNCTION) }
            dd { (t::mentor_terms(
                &format::hours(i64::from(terms.mentor_minutes_per_week)),
                terms.mentor_basis.label(),
                &format::kroner(terms.mentor_rate_ore),
                terms.mentor_fixed_grant_ore.map(format::kroner).as_deref(),
            )) }
            dt { (t::CONTRACT_FOLLOW_UP) } dd { (terms.follow_up_weeks) }
            dt { (t::CONTRACT_NOTICE) } dd { (terms.notice_days) }
            dt { (t::CONTRACT_EMPLOYEES) } dd { (format::integer(i64::from(terms.ordinary_employees))) }
            dt { (t::CONTRACT_STATEMENT) } dd { @if terms.employee_rep_statement { (t::CONTRACT_YES) } @else { (t::CONTRACT_NO) } }
        }
        (activities_table(terms, true))
    }
}

pub(super) fn activities_table(terms: &Terms, heading: bool) -> Markup {
    // Each cost is at most MAX_ACTIVITY_COST_ORE and there are at most MAX_ACTIVITIES: the
    // sum fits, and is still added without wrapping.
    let total: i64 = terms
        .activities
        .iter()
        .try_fold(0_i64, |s, a| s.checked_add(a.cost_ore))
        .unwrap_or(i64::MAX);
    html! {
        @if heading { h3 { (t::CONTRACT_ACTIVITIES) } }
        @if terms.activities.is_empty() { p.empty { (t::CONTRACT_NO_ACTIVITIES) } }
        @else {
            table.table tabindex="0" {
                thead { tr {
                    th { (t::CONTRACT_ACTIVITY_KIND) } th { (t::CONTRACT_ACTIVITY_PROVIDER) }
                    th { (t::CONTRACT_ACTIVITY_DESCRIPTION) } th.num { (t::CONTRACT_ACTIVITY_HOURS) } th.num { (t::CONTRACT_ACTIVITY_COST) }
                } }
                tbody {
                    @for a in &terms.activities {
                        tr {
                            td { (a.kind.label()) } td { (a.provider) } td { (a.description) }
                            td.num { (format::hours(i64::from(a.minutes_per_week))) } td.num { (format::kroner(a.cost_ore)) }
                        }
                    }
                    tr.total { td colspan="4" { (t::CONTRACT_TOTAL_COST) } td.num { (format::kroner(total)) } }
                }
            }
        }
    }
}

pub(super) fn action_form(
    id: &str,
    path: &str,
    csrf: &str,
    revision: i32,
    label: &str,
    fields: Markup,
) -> Markup {
    // Withdrawing and terminating lead to a confirmation page (see `confirm_or_run`) and are
    // shown as warnings; sending, accepting and amending are the contract's next step.
    let class = match path {
        "withdraw" | "terminate" => "button button-warning",
        "request-changes" => "button button-secondary",
        _ => "button button-primary",
    };
    html! {
        form.action method="post" action={ "/contracts/" (id) "/" (path) } {
            (csrf_field(csrf))
            input type="hidden" name="revision" value=(revision);
            (fields)
            button class=(class) type="submit" { (label) }
        }
    }
}

pub(super) fn actions(
    view: &ContractView,
    actor: &Actor,
    csrf: &str,
    errors: &FieldErrors,
    typed: &ActionForm,
) -> Markup {
    let s = view.situation();
    let id = &view.row.id;
    let rev = view.row.revision;
    let draft = actor.may_draft_contract(&view.row.parties());
    let review = actor.may_review_contract(&view.row.parties());
    // The company gives the contract's notice: the earliest day is said where it is typed.
    let notice_hint = review
        .then(|| {
            view.in_force
                .as_ref()
                .or(view.latest_accepted.as_ref())
                .map(|(_, t)| t.notice_days)
        })
        .flatten()
        .map(|days| {
            tk::notice_hint(
                days,
                &crate::ui::format::date(
                    crate::clock::today() + chrono::Duration::days(i64::from(days)),
                ),
            )
        });
    html! {
        div.actions-panel {
            @if draft && s.allows(Action::Edit).is_ok() {
                a.button.button-secondary href={ "/contracts/" (id) "/edit" } { (t::CONTRACT_EDIT) }
            }
            @if draft && s.allows(Action::Send).is_ok() {
                (action_form(id, "send", csrf, rev, t::CONTRACT_SEND, html! {}))
            }
            @if draft && s.allows(Action::Withdraw).is_ok() {
                (action_form(id, "withdraw", csrf, rev, t::CONTRACT_WITHDRAW, html! {}))
            }
            // The signatory decides after the text: a way down to the decision.
            @if review && s.allows(Action::Accept).is_ok() {
                a.button.button.button-secondary href="#decision" { (tk::GO_TO_DECISION) }
            }
            @if draft && s.allows(Action::Amend).is_ok() {
                (action_form(id, "amend", csrf, rev, t::CONTRACT_AMEND,
                    date_input("effective_from", t::CONTRACT_EFFECTIVE_FROM, &typed.effective_parts(), errors, None)))
            }
            @if actor.may_terminate_contract(&view.row.parties()) && s.allows(Action::Terminate).is_ok() {
                (action_form(id, "terminate", csrf, rev, t::CONTRACT_TERMINATE, html! {
                    (date_input("date", t::CONTRACT_TERMINATE_DATE, &typed.date_parts(), errors,
                        notice_hint.as_deref()))
                    (textarea("reason", t::CONTRACT_TERMINATE_REASON, &typed.reason, errors))
                }))
            }
            a.button.button-secondary href={ "/contracts/" (id) "/print" } { (t::CONTRACT_PRINT) }
            @if view.row.accepted_version.is_some() {
                a.button.button-secondary href={ "/contracts/" (id) "/seats" } { (t::SEATS_TITLE) }
                @if actor.is_jobcenter_side() {
                    a.button.button-secondary href={ "/contracts/" (id) "/economy" } { (t::economy::TITLE) }
                }
            }
        }
    }
}

/// The signatory's decision, after the contract's text: on to the check step (primary), or
/// back to the jobcenter with a comment (secondary).
fn decision(
    view: &ContractView,
    actor: &Actor,
    csrf: &str,
    errors: &FieldErrors,
    typed: &ActionForm,
) -> Markup {
    let s = view.situation();
    let id = &view.row.id;
    let review = actor.may_review_contract(&view.row.parties());
    html! {
        @if review && s.allows(Action::Accept).is_ok() {
            section.decision #decision aria-labelledby="decision-title" {
                h2 #decision-title { (tk::DECISION_TITLE) }
                p { (tk::DECISION_HINT) }
                p { a.button.button.button-primary href={ "/contracts/" (id) "/accept" } { (tk::GO_TO_CHECK) } }
                @if s.allows(Action::RequestChanges).is_ok() {
                    h3 { (tk::OR_REQUEST_CHANGES) }
                    form.action method="post" action={ "/contracts/" (id) "/request-changes" } {
                        (csrf_field(csrf))
                        input type="hidden" name="revision" value=(view.row.revision);
                        (textarea("comment", t::CONTRACT_COMMENT, &typed.comment, errors))
                        button.button.button-secondary type="submit" { (t::CONTRACT_REQUEST_CHANGES) }
                    }
                }
            }
        }
    }
}

pub(super) async fn contract_page_with(
    req: &HttpRequest,
    user: &PageUser,
    (view, hours): (ContractView, Option<crate::hours::view::Summary>),
    errors: &FieldErrors,
    typed: &ActionForm,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let title = format!("{} · {}", t::CONTRACT, view.company_name);
    let changes = view.diff();
    let is_company = user.actor.is_company_side();
    let may_receipt = user.actor.may_see_acceptance_receipt(&view.row.parties());
    let deciding = user.actor.may_review_contract(&view.row.parties())
        && view.situation().allows(Action::Accept).is_ok();
    let body = html! {
        @if deciding { (step_indicator(1)) }
        div.page-head {
            h1 {
                (view.company_name) " " (status_badge(view.status))
                // A contract in force with a new version on its way says so where it is seen first.
                @if view.row.accepted_version.is_some() && view.pending.is_some() {
                    " " span.badge.badge-warning { (t::contracts::AMENDMENT_PENDING) }
                }
            }
        }
        p.muted {
            (view.jobcenter_name) " · CVR " (view.company_cvr) " · "
            (format::date(view.row.start_date)) " – " (format::date(view.row.end_date)) " · "
            (view.row.seats) " " (t::CONTRACT_SEATS.to_lowercase())
        }
        @if let Some(d) = view.row.terminated_on {
            p.notice { (t::CONTRACT_TERMINATED) " " (format::date(d)) ": " (view.row.termination_reason.as_deref().unwrap_or("")) }
        }
        (error_summary(errors))
        @if deciding { p.lead { (tk::READ_THEN_DECIDE) } }
        (actions(&view, &user.actor, &user.csrf, errors, typed))
        @if let Some((v, terms)) = &view.pending {
            @let warnings = terms.warnings_with(view.ratio_limit);
            @if !warnings.is_empty() && !is_company {
                div.warnings role="note" { strong { (t::CONTRACT_WARNINGS) } ul { @for w in &warnings { li { (w) } } } }
            }
            @if let Some(c) = &v.company_comment {
                @if v.status == "changes_requested" {
                    div.notice { strong { (t::CONTRACT_COMPANY_COMMENT) ": " } (c) }
                }
            }
            @if let Some(since) = view.changes_since_returned() {
                section.since-returned {
                    h2 { @if is_company { (t::CONTRACT_SINCE_RETURNED_COMPANY) } @else { (t::CONTRACT_SINCE_RETURNED) } }
                    @if since.is_empty() { p.empty { (t::CONTRACT_SINCE_RETURNED_NONE) } }
                    @else { ul.diff { @for c in &since { li { strong { (c.label) ": " } (c.from) " → " (c.to) } } } }
                }
            }
            section {
                h2 { (t::CONTRACT_DIFF_TITLE) }
                @if view.latest_accepted.is_none() { p.muted { (t::CONTRACT_DIFF_FIRST) } }
                @if changes.is_empty() { p.empty { (t::CONTRACT_DIFF_NONE) } }
                @else if view.latest_accepted.is_some() {
                    ul.diff { @for c in &changes { li { strong { (c.label) ": " } (c.from) " → " (c.to) } } }
                }
            }
            section {
                h2 { (t::CONTRACT_DRAFT_TERMS) " · " (t::CONTRACT_VERSION) " " (v.version_no) " (" (crate::contracts::workflow::VersionStatus::parse(&v.status).map(|s| s.label()).unwrap_or("")) ")" }
                (terms_facts(&view, terms))
            }
        }
        @if let Some((v, terms)) = &view.in_force {
            section {
                h2 { (t::CONTRACT_IN_FORCE_TERMS) " · " (t::CONTRACT_VERSION) " " (v.version_no) }
                (terms_facts(&view, terms))
            }
        }
        (decision(&view, &user.actor, &user.csrf, errors, typed))
        p.documents-link { a href={ "/contracts/" (view.row.id) "/documents" } { (t::documents::LINK) } " " span.muted { (t::documents::LINK_HINT) } }
        @if let Some(h) = &hours {
            section {
                h2 { (t::HOURS_SUMMARY) }
                @if h.logged > h.budget && h.budget > 0 { p.warnings role="note" { (t::HOURS_OVER_BUDGET) } }
                dl.facts {
                    dt { (t::HOURS_BUDGET) } dd { (format::hours(h.budget)) }
                    dt { (t::HOURS_LOGGED) } dd { (format::hours(h.logged)) @if let Some(s) = h.share() { " (" (format::percent(s)) ")" } }
                    dt { (t::HOURS_APPROVED) } dd { (format::hours(h.approved)) }
                }
            }
        }
        section {
            h2 { (t::CONTRACT_VERSIONS) }
            table.table tabindex="0" {
                thead { tr { th { (t::CONTRACT_VERSION) } th { (t::CONTRACT_STATUS) } th { (t::CONTRACT_EFFECTIVE) } th { (t::CONTRACT_ACCEPTED_BY) } th { (tk::VERSION_REFERENCE) } } }
                tbody {
                    @for v in &view.versions {
                        tr {
                            td { a href={ "/contracts/" (view.row.id) "/print?version=" (v.version_no) } { (v.version_no) } }
                            td { (crate::contracts::workflow::VersionStatus::parse(&v.status).map(|s| s.label()).unwrap_or("")) }
                            td { (format::date(v.effective_from)) }
                            td { @if let (Some(by), Some(at)) = (&v.accepted_by, v.accepted_at) { (view.name_of(by)) ", " (format::datetime(at)) } }
                            td.reference { @if let Some(h) = v.content_hash.as_deref() {
                                @if may_receipt {
                                    a href={ "/contracts/" (view.row.id) "/receipt?version=" (v.version_no) } { (crate::contracts::model::reference_number(h)) }
                                } @else { (crate::contracts::model::reference_number(h)) }
                            } }
                        }
                    }
                }
            }
        }
        section {
            h2 { (t::CONTRACT_LOG) }
            table.table tabindex="0" {
                thead { tr { th { (t::CONTRACT_WHEN) } th { (t::CONTRACT_WHO) } th { (t::CONTRACT_WHAT) } } }
                tbody {
                    @for (e, who) in view.events.iter().rev() {
                        tr {
                            td { (format::datetime(e.created_at)) }
                            td { (who) }
                            td {
                                (t::contract_action(&e.action)) " " (t::in_version(e.version_no))
                                @if !e.from_status.is_empty() {
                                    " · " (ContractStatus::parse(&e.from_status).map(|s| s.label()).unwrap_or(&e.from_status))
                                    " → " (ContractStatus::parse(&e.to_status).map(|s| s.label()).unwrap_or(&e.to_status))
                                }
                                @if let Some(c) = &e.comment { br; em { (c) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(render_status(req, status, Some(user), &title, body))
}

#[get("/contracts/{id}")]
pub async fn contract_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    let view = service::get_with_hours(&state.db, &user.actor, id.into_inner()).await?;
    contract_page_with(
        &req,
        &user,
        view,
        &FieldErrors::new(),
        &ActionForm::default(),
        StatusCode::OK,
    )
    .await
}

/// The fields of the workflow forms (each reads what it needs).
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ActionForm {
    pub revision: String,
    pub comment: String,
    pub effective_from: String,
    pub effective_from_day: String,
    pub effective_from_month: String,
    pub effective_from_year: String,
    pub date: String,
    pub date_day: String,
    pub date_month: String,
    pub date_year: String,
    pub reason: String,
    /// "yes" once the confirmation page of a withdrawal or termination has been answered.
    pub confirm: String,
}

impl ActionForm {
    /// The amendment's first day as typed in the date input (or in one field).
    pub fn effective_parts(&self) -> DateParts {
        DateParts::typed(
            &self.effective_from,
            &self.effective_from_day,
            &self.effective_from_month,
            &self.effective_from_year,
        )
    }

    /// The termination date as typed in the date input (or in one field).
    pub fn date_parts(&self) -> DateParts {
        DateParts::typed(
            &self.date,
            &self.date_day,
            &self.date_month,
            &self.date_year,
        )
    }
}

/// Withdrawing and terminating act only on a form that carries `confirm=yes`; without it the
/// answer is a page that says what will happen and posts the same form again. A termination
/// whose date or reason the service would refuse goes straight to the service, so its errors
/// are shown on the contract page first.
async fn confirm_or_run(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: ContractId,
    action: Action,
    mut f: ActionForm,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    let parts = f.date_parts();
    f.date = parts.value();
    let refused_anyway = action == Action::Terminate
        && (crate::ui::format::parse_date(&f.date).is_none() || f.reason.trim().is_empty());
    if confirmed(&f.confirm) || refused_anyway {
        return run_action(req, state, user, id, action, f, ok).await;
    }
    // Someone who may not see the contract, may not do this or cannot do it now gets the
    // service's answer, not a question.
    let view = service::get(&state.db, &user.actor, id.clone()).await?;
    let may = match action {
        Action::Terminate => user.actor.may_terminate_contract(&view.row.parties()),
        _ => user.actor.may_draft_contract(&view.row.parties()),
    };
    if !may || view.situation().allows(action).is_err() {
        return run_action(req, state, user, id, action, f, ok).await;
    }
    let action_path = format!("/contracts/{id}/{}", action.code());
    let back = format!("/contracts/{id}");
    let date_shown = crate::ui::format::parse_date(&f.date)
        .map(crate::ui::format::date)
        .unwrap_or_default();
    let what = t::design::terminate_what(&date_shown);
    let (title, what, consequences, button) = match action {
        Action::Terminate => (
            t::design::TERMINATE_TITLE,
            what.as_str(),
            t::design::TERMINATE_CONSEQUENCE,
            t::design::TERMINATE_YES,
        ),
        _ => (
            t::design::WITHDRAW_TITLE,
            t::design::WITHDRAW_WHAT,
            t::design::WITHDRAW_CONSEQUENCE,
            t::design::WITHDRAW_YES,
        ),
    };
    let shown: Vec<(&str, &str)> = match action {
        Action::Terminate => vec![
            (t::CONTRACT_COMPANY, view.company_name.as_str()),
            (t::CONTRACT_TERMINATE_DATE, date_shown.as_str()),
            (t::design::TERMINATE_REASON, f.reason.trim()),
        ],
        _ => vec![(t::CONTRACT_COMPANY, view.company_name.as_str())],
    };
    let body = confirmation(&Confirmation {
        title,
        what,
        consequences,
        shown: &shown,
        action: &action_path,
        csrf: &user.csrf,
        fields: &[
            ("revision", f.revision.as_str()),
            ("date", f.date.as_str()),
            ("reason", f.reason.as_str()),
        ],
        button,
        back: &back,
    });
    Ok(render_status(
        &req,
        StatusCode::OK,
        Some(&user),
        title,
        body,
    ))
}

pub(super) async fn run_action(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: ContractId,
    action: Action,
    f: ActionForm,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let result = service::transition(
        &state.db,
        &user.actor,
        id.clone(),
        action,
        f.revision.trim().parse::<i32>().ok(),
        TransitionInput {
            comment: non_empty(&f.comment),
            effective_from: non_empty(&f.effective_from),
            date: non_empty(&f.date),
            reason: non_empty(&f.reason),
        },
    )
    .await;
    match result {
        Ok(_) => Ok(redirect_with(&format!("/contracts/{id}"), ok)),
        Err(AppError::Validation(mut errors)) => {
            // A mistyped date is named as typed.
            if action == Action::Terminate {
                f.date_parts().refine("date", &mut errors);
            }
            if action == Action::Amend {
                f.effective_parts().refine("effective_from", &mut errors);
            }
            let view = service::get_with_hours(&state.db, &user.actor, id).await?;
            contract_page_with(
                &req,
                &user,
                view,
                &errors,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// One handler per action, each handing its action to `run_action` (the pattern of every page
// action: placements' `placement_action`, hours' `week_action`).
#[post("/contracts/{id}/send")]
pub async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, PageError> {
    run_action(
        req,
        state,
        user,
        id.into_inner(),
        Action::Send,
        form.0,
        "contract_sent",
    )
    .await
}

#[post("/contracts/{id}/withdraw")]
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, PageError> {
    confirm_or_run(
        req,
        state,
        user,
        id.into_inner(),
        Action::Withdraw,
        form.0,
        "contract_withdrawn",
    )
    .await
}

#[post("/contracts/{id}/request-changes")]
pub async fn request_changes(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, PageError> {
    run_action(
        req,
        state,
        user,
        id.into_inner(),
        Action::RequestChanges,
        form.0,
        "contract_returned",
    )
    .await
}

#[post("/contracts/{id}/amend")]
pub async fn amend(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, PageError> {
    let mut f = form.0;
    f.effective_from = f.effective_parts().value();
    run_action(
        req,
        state,
        user,
        id.into_inner(),
        Action::Amend,
        f,
        "contract_amended",
    )
    .await
}

#[post("/contracts/{id}/terminate")]
pub async fn terminate(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, PageError> {
    confirm_or_run(
        req,
        state,
        user,
        id.into_inner(),
        Action::Terminate,
        form.0,
        "contract_terminated",
    )
    .await
}
