//! One placement's page and its actions (end, cancel, take remaining days, extend, follow up).

use crate::ids::PlacementId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::OfferType;
use crate::error::{AppError, FieldErrors};
use crate::seats::service::{self, PlacementChange};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{
    confirmation, confirmed, csrf_field, date_input, error_summary, select, textarea, Confirmation,
    DateParts,
};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct PlacementForm {
    pub date: String,
    pub date_day: String,
    pub date_month: String,
    pub date_year: String,
    pub outcome: String,
    pub end_date: String,
    pub end_date_day: String,
    pub end_date_month: String,
    pub end_date_year: String,
    pub assessment: String,
    pub self_supporting: String,
    /// "yes" once the confirmation page of a cancellation has been answered.
    pub confirm: String,
}

impl PlacementForm {
    fn date_parts(&self) -> DateParts {
        DateParts::typed(
            &self.date,
            &self.date_day,
            &self.date_month,
            &self.date_year,
        )
    }

    fn end_date_parts(&self) -> DateParts {
        DateParts::typed(
            &self.end_date,
            &self.end_date_day,
            &self.end_date_month,
            &self.end_date_year,
        )
    }
}

pub(super) async fn placement_body(
    state: &AppState,
    user: &PageUser,
    id: PlacementId,
    f: &PlacementForm,
    errors: &FieldErrors,
) -> Result<(String, Markup), PageError> {
    let v = service::get_placement(&state.db, &user.actor, id.clone()).await?;
    let contract = service::contract(&state.db, &user.actor, v.row.contract_id.clone()).await?;
    let consultant = user.actor.may_manage_seats(&contract.row.parties());
    let outcomes: Vec<(String, String)> = crate::seats::model::Outcome::ALL
        .iter()
        .map(|o| (o.code().to_string(), o.label().to_string()))
        .collect();
    let yes_no = vec![
        ("true".to_string(), t::YES.to_string()),
        ("false".to_string(), t::NO.to_string()),
    ];
    let p = &v.row;
    let jobcenter_side = user.actor.is_jobcenter_side();
    let today = crate::clock::today();
    let follow_up_waits = p.self_supporting.is_none()
        && (p.status == "ended" || (p.status == "placed" && p.end_date < today));
    let follow_up_open = follow_up_waits && v.follow_up_from <= today;
    // Only a referral that has not begun is cancelled; a placement that has begun is ended.
    let cancellable = p.status == "waiting" || (p.status == "placed" && p.start_date > today);
    let body = html! {
        h1 { (t::PLACEMENT_TITLE) " · " (v.candidate_name) }
        dl.facts {
            dt { (t::CONTRACT_COMPANY) } dd { a href={ "/contracts/" (contract.row.id) "/seats" } { (contract.company_name) } }
            dt { (t::PLACEMENT_STATUS) } dd { (crate::seats::model::status_label(&p.status)) @if let Some(pos) = v.position { (t::seats::waiting_position(pos)) } }
            dt { (t::PLACEMENT_SEAT) } dd { @if let Some(s) = p.seat_no { (s) } }
            dt { (t::REFER_OFFER) } dd { (OfferType::parse(&p.offer_type).map(|o| o.label()).unwrap_or("")) }
            dt { (t::PLACEMENT_PERIOD) } dd { (format::date(p.start_date)) " – " (format::date(p.end_date)) }
            @if user.actor.may_view_visits(&contract.row.parties()) && matches!(p.status.as_str(), "placed" | "ended") {
                dt { (t::visits::VISITS_TITLE) } dd { a href={ "/placements/" (p.id) "/visits" } { (t::visits::VISITS_LINK) } }
            }
            @if jobcenter_side {
                @if let Some(o) = &p.outcome { dt { (t::PLACEMENT_OUTCOME) } dd { (crate::seats::model::outcome_label(o)) } }
                @if let Some(s) = p.self_supporting { dt { (t::PLACEMENT_SELF_SUPPORTING) } dd { @if s { (t::YES) } @else { (t::NO) } } }
            }
        }
        @if matches!(p.status.as_str(), "placed" | "ended") {
            nav.placement-links aria-label=(t::seats::PLACEMENT_LINKS) {
                ul {
                    li { a href={ "/placements/" (p.id) "/agreement" } { (t::seats::PLACEMENT_AGREEMENT) } }
                    li { a href={ "/placements/" (p.id) "/attendance" } { (t::seats::PLACEMENT_ATTENDANCE) } }
                }
            }
        }
        p.documents-link { a href={ "/placements/" (p.id) "/documents" } { (t::documents::LINK) } " " span.muted { (t::documents::LINK_HINT) } }
        @if consultant {
            (error_summary(errors))
            div.actions-panel {
                @if p.status == "placed" {
                    form.action method="post" action={ "/placements/" (p.id) "/end" } data-confirm=(t::CONFIRM_END_PLACEMENT) {
                        (csrf_field(&user.csrf))
                        (date_input("date", t::PLACEMENT_END_DATE, &f.date_parts(), errors, None))
                        (select("outcome", t::PLACEMENT_OUTCOME, &outcomes, &f.outcome, errors))
                        button.button.button-secondary type="submit" { (t::PLACEMENT_END) }
                    }
                    form.action method="post" action={ "/placements/" (p.id) "/extend" } {
                        (csrf_field(&user.csrf))
                        (date_input("end_date", t::PLACEMENT_NEW_END, &f.end_date_parts(), errors, None))
                        (textarea("assessment", t::PLACEMENT_ASSESSMENT, &f.assessment, errors))
                        p.hint { (t::PLACEMENT_ASSESSMENT_HINT) }
                        button.button.button-secondary type="submit" { (t::PLACEMENT_EXTEND) }
                    }
                }
                @if let Some(from) = v.remaining_from {
                    form.action method="post" action={ "/placements/" (p.id) "/take-remaining" } {
                        (csrf_field(&user.csrf))
                        p.hint { (t::remaining_offer(&format::date(from), &format::date(p.end_date))) }
                        button.button.button-primary type="submit" { (t::PLACEMENT_TAKE_REMAINING) }
                    }
                }
                @if cancellable {
                    form.action method="post" action={ "/placements/" (p.id) "/cancel" } {
                        (csrf_field(&user.csrf))
                        button.button.button-warning type="submit" { (t::PLACEMENT_CANCEL) }
                    }
                }
                @if follow_up_waits && !follow_up_open {
                    p.hint { (t::follow_up_from(&format::date(v.follow_up_from), (v.follow_up_from - p.end_date).num_weeks())) }
                }
                @if follow_up_open {
                    form.action method="post" action={ "/placements/" (p.id) "/follow-up" } {
                        (csrf_field(&user.csrf))
                        (select("self_supporting", t::PLACEMENT_SELF_SUPPORTING, &yes_no, &f.self_supporting, errors))
                        button.button.button-primary type="submit" { (t::PLACEMENT_SAVE_FOLLOW_UP) }
                    }
                }
            }
            p { a href={ "/candidates/" (p.candidate_id) } { (t::REFER_CANDIDATE) ": " (v.candidate_name) } }
        }
    };
    Ok((v.candidate_name.clone(), body))
}

#[get("/placements/{id}")]
pub async fn placement_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, PageError> {
    let (title, body) = placement_body(
        &state,
        &user,
        id.into_inner(),
        &PlacementForm::default(),
        &FieldErrors::new(),
    )
    .await?;
    Ok(render(&req, Some(&user), &title, body))
}

pub(super) async fn placement_action(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: PlacementId,
    f: PlacementForm,
    change: PlacementChange,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    match service::change_placement(&state.db, &user.actor, id.clone(), change).await {
        // A seat that freed up went to someone on the waiting list: the consultant is told.
        Ok(v) if v.moved_up > 0 => Ok(redirect_with(&format!("/placements/{id}"), "seat_moved_up")),
        Ok(_) => Ok(redirect_with(&format!("/placements/{id}"), ok)),
        Err(AppError::Validation(mut errors)) => {
            // A mistyped date is named as typed.
            f.date_parts().refine("date", &mut errors);
            f.end_date_parts().refine("end_date", &mut errors);
            let (title, body) = placement_body(&state, &user, id, &f, &errors).await?;
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

#[post("/placements/{id}/end")]
pub async fn end(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    let mut f = form.0;
    f.date = f.date_parts().value();
    let change = PlacementChange::End {
        date: f.date.clone(),
        outcome: f.outcome.clone(),
    };
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        f,
        change,
        "placement_ended",
    )
    .await
}

#[post("/placements/{id}/cancel")]
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    // Cancelling acts only once its confirmation page has been answered.
    if !confirmed(&form.0.confirm) {
        let v = service::get_placement(&state.db, &user.actor, id.clone()).await?;
        let contract = service::contract(&state.db, &user.actor, v.row.contract_id.clone()).await?;
        if !user.actor.may_manage_seats(&contract.row.parties()) {
            return Err(AppError::Forbidden.into());
        }
        let action = format!("/placements/{id}/cancel");
        let back = format!("/placements/{id}");
        let period = format!(
            "{} \u{2013} {}",
            format::date(v.row.start_date),
            format::date(v.row.end_date)
        );
        let body = confirmation(&Confirmation {
            title: t::design::CANCEL_PLACEMENT_TITLE,
            what: t::design::CANCEL_PLACEMENT_WHAT,
            consequences: t::design::CANCEL_PLACEMENT_CONSEQUENCE,
            shown: &[
                (t::REFER_CANDIDATE, v.candidate_name.as_str()),
                (t::PLACEMENT_PERIOD, period.as_str()),
            ],
            action: &action,
            csrf: &user.csrf,
            fields: &[],
            button: t::design::CANCEL_PLACEMENT_YES,
            back: &back,
        });
        return Ok(render(
            &req,
            Some(&user),
            t::design::CANCEL_PLACEMENT_TITLE,
            body,
        ));
    }
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        form.0,
        PlacementChange::Cancel,
        "placement_cancelled",
    )
    .await
}

#[post("/placements/{id}/take-remaining")]
pub async fn take_remaining(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        form.0,
        PlacementChange::TakeRemaining,
        "placement_remaining",
    )
    .await
}

#[post("/placements/{id}/extend")]
pub async fn extend(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    let mut f = form.0;
    f.end_date = f.end_date_parts().value();
    let change = PlacementChange::Extend {
        end_date: f.end_date.clone(),
        assessment: f.assessment.clone(),
    };
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        f,
        change,
        "placement_extended",
    )
    .await
}

#[post("/placements/{id}/follow-up")]
pub async fn follow_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let value = match f.self_supporting.as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    };
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        f,
        PlacementChange::FollowUp {
            self_supporting: value,
        },
        "follow_up_saved",
    )
    .await
}
