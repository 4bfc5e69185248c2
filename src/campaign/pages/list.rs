//! The list of campaigns, creating one and editing its parameters.

use crate::ids::CampaignId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::campaign::import::{self};
use crate::campaign::model::{GoalParams, TargetGroup};
use crate::campaign::service::{self, CampaignInput, CampaignRow};
use crate::contracts::model::Benefit;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts::campaign as tc;
use crate::ui::components::{checkboxes, csrf_field, error_summary, input, select};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct CampaignForm {
    pub name: String,
    pub baseline_month: String,
    pub end_month: String,
}

pub(super) fn create_form(f: &CampaignForm, errors: &FieldErrors, csrf: &str) -> Markup {
    html! {
        h2 { (tc::NEW) }
        (error_summary(errors))
        form.stack method="post" action="/campaigns" novalidate {
            (csrf_field(csrf))
            (input("name", tc::NAME, &f.name, "text", errors, None))
            div.row {
                (input("baseline_month", tc::BASELINE_MONTH, &f.baseline_month, "month", errors, None))
                (input("end_month", tc::END_MONTH, &f.end_month, "month", errors, None))
            }
            p.hint { (tc::DEFAULTS_HINT) }
            div.actions { button.button.button-primary type="submit" { (tc::CREATE) } }
        }
    }
}

pub(super) async fn list_body(
    state: &AppState,
    user: &PageUser,
    f: &CampaignForm,
    errors: &FieldErrors,
) -> Result<Markup, PageError> {
    let rows = service::list(&state.db, &user.actor).await?;
    Ok(html! {
        h1 { (tc::TITLE) }
        @if rows.is_empty() {
            p.empty { @if user.actor.is_admin() { (tc::NONE_YET_ADMIN) } @else { (tc::NONE_YET) } }
        } @else {
            ul { @for c in &rows { li { a href={ "/campaigns/" (c.id) } { (c.name) } " · " (c.baseline_month) " – " (c.end_month) } } }
        }
        @if user.actor.is_admin() { (create_form(f, errors, &user.csrf)) }
    })
}

#[get("/campaigns")]
pub async fn list_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let body = list_body(&state, &user, &CampaignForm::default(), &FieldErrors::new()).await?;
    Ok(render(&req, Some(&user), tc::TITLE, body))
}

#[post("/campaigns")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<CampaignForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let input = CampaignInput {
        name: f.name.clone(),
        baseline_month: f.baseline_month.clone(),
        end_month: f.end_month.clone(),
        params: None,
        target_group: None,
    };
    match service::create(&state.db, &user.actor, input).await {
        Ok(c) => Ok(redirect_with(
            &format!("/campaigns/{}", c.id),
            "campaign_created",
        )),
        Err(AppError::Validation(errors)) => {
            let body = list_body(&state, &user, &f, &errors).await?;
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                tc::TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The edit form: shares in per cent with a decimal comma, as people write them.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct EditForm {
    pub name: String,
    pub baseline_month: String,
    pub end_month: String,
    pub share_target: String,
    pub min_increase: String,
    pub selfsupport: String,
    pub national_target: String,
    pub target_benefits: Vec<String>,
    pub target_match_group: String,
}

impl EditForm {
    fn from_row(c: &CampaignRow) -> Self {
        let permille = |v: i32| format::decimal(f64::from(v) / 10.0, usize::from(v % 10 != 0));
        EditForm {
            name: c.name.clone(),
            baseline_month: c.baseline_month.clone(),
            end_month: c.end_month.clone(),
            share_target: permille(c.share_target_permille),
            min_increase: c.min_increase.to_string(),
            selfsupport: permille(c.selfsupport_permille),
            national_target: c.national_target.to_string(),
            target_benefits: c.target_group().benefits,
            target_match_group: c.target_match_group.to_string(),
        }
    }

    /// The input for the service, or the fields that are not numbers.
    fn parse(&self) -> Result<CampaignInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let percent = |e: &mut FieldErrors, field: &str, v: &str| -> i32 {
            let t = v.trim().trim_end_matches('%').trim().replace(',', ".");
            match t.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=100.0).contains(&x) => (x * 10.0).round() as i32,
                _ => {
                    e.add(field, tc::PERCENT_FORMAT);
                    0
                }
            }
        };
        let count = |e: &mut FieldErrors, field: &str, v: &str| -> i32 {
            match import::parse_count(v) {
                Ok(Some(n)) => i32::try_from(n).unwrap_or(i32::MAX),
                Ok(None) => {
                    e.add(field, crate::texts::REQUIRED);
                    0
                }
                Err(m) => {
                    e.add(field, m);
                    0
                }
            }
        };
        let params = GoalParams {
            share_target_permille: percent(&mut e, "share_target_permille", &self.share_target),
            min_increase: count(&mut e, "min_increase", &self.min_increase),
            selfsupport_permille: percent(&mut e, "selfsupport_permille", &self.selfsupport),
            national_target: count(&mut e, "national_target", &self.national_target),
        };
        if !e.is_empty() {
            return Err(e);
        }
        Ok(CampaignInput {
            name: self.name.clone(),
            baseline_month: self.baseline_month.clone(),
            end_month: self.end_month.clone(),
            params: Some(params),
            target_group: Some(TargetGroup {
                benefits: self.target_benefits.clone(),
                match_group: self.target_match_group.trim().parse().unwrap_or(0),
            }),
        })
    }
}

pub(super) fn edit_body(c: &CampaignRow, f: &EditForm, errors: &FieldErrors, csrf: &str) -> Markup {
    let benefits: Vec<(String, String)> = Benefit::ALL
        .iter()
        .map(|b| (b.code().to_string(), b.label().to_string()))
        .collect();
    let groups: Vec<(String, String)> = (1..=3)
        .map(|g| (g.to_string(), format!("{} {g}", tc::MATCH_GROUP)))
        .collect();
    html! {
        div.page-head { h1 { (tc::EDIT) } a href={ "/campaigns/" (c.id) } { (tc::BACK_TO_CAMPAIGN) } }
        (error_summary(errors))
        form.stack method="post" action={ "/campaigns/" (c.id) "/edit" } novalidate {
            (csrf_field(csrf))
            (input("name", tc::NAME, &f.name, "text", errors, None))
            div.row {
                (input("baseline_month", tc::BASELINE_MONTH, &f.baseline_month, "month", errors, None))
                (input("end_month", tc::END_MONTH, &f.end_month, "month", errors, None))
            }
            div.row {
                (input("share_target_permille", tc::SHARE_TARGET, &f.share_target, "text", errors, None))
                (input("min_increase", tc::MIN_INCREASE, &f.min_increase, "text", errors, None))
            }
            div.row {
                (input("selfsupport_permille", tc::SELFSUPPORT, &f.selfsupport, "text", errors, None))
            }
            (input("national_target", tc::NATIONAL_TARGET, &f.national_target, "text", errors, None))
            (checkboxes("target_benefits", tc::TARGET_BENEFITS, &benefits, &f.target_benefits, errors))
            (select("target_match_group", tc::TARGET_MATCH_GROUP, &groups, &f.target_match_group, errors))
            p.hint { (tc::PARAMS_HINT) }
            div.actions { button.button.button-primary type="submit" { (tc::SAVE) } }
        }
    }
}

/// The form's field names are the service's (`share_target_permille`), so its errors land at
/// the right field; the values are read from these names.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub(super) struct EditFields {
    name: String,
    baseline_month: String,
    end_month: String,
    share_target_permille: String,
    min_increase: String,
    selfsupport_permille: String,
    national_target: String,
    target_benefits: Vec<String>,
    target_match_group: String,
}

#[get("/campaigns/{id}/edit")]
pub async fn edit_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, PageError> {
    if !user.actor.is_admin() {
        return Err(AppError::Forbidden.into());
    }
    let c = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let body = edit_body(&c, &EditForm::from_row(&c), &FieldErrors::new(), &user.csrf);
    Ok(render(&req, Some(&user), tc::EDIT, body))
}

#[post("/campaigns/{id}/edit")]
pub async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
    form: CsrfForm<EditFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let c = service::get(&state.db, &user.actor, id.clone()).await?;
    // Who may, before what was typed is judged: a consultant gets 403, not the form's errors.
    crate::auth::policy::require(user.actor.is_admin())?;
    let x = form.0;
    let f = EditForm {
        name: x.name,
        baseline_month: x.baseline_month,
        end_month: x.end_month,
        share_target: x.share_target_permille,
        min_increase: x.min_increase,
        selfsupport: x.selfsupport_permille,
        national_target: x.national_target,
        target_benefits: x.target_benefits,
        target_match_group: x.target_match_group,
    };
    let result = match f.parse() {
        Ok(input) => service::update(&state.db, &user.actor, id.clone(), input).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(_) => Ok(redirect_with(
            &format!("/campaigns/{id}"),
            "campaign_updated",
        )),
        Err(AppError::Validation(errors)) => Ok(render_status(
            &req,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(&user),
            tc::EDIT,
            edit_body(&c, &f, &errors, &user.csrf),
        )),
        Err(e) => Err(e.into()),
    }
}
