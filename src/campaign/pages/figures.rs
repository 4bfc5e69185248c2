//! Entering a jobcenter's figures for a month, and the export.

use crate::ids::CampaignId;
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::campaign::import::{self};
use crate::campaign::service::{self, CampaignRow, FigureInput};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::excel_csv;
use crate::state::AppState;
use crate::texts::campaign as tc;
use crate::ui::components::{csrf_field, error_summary, input, select};
use crate::ui::format;
use crate::ui::{redirect_with, render_status, PageError};

use super::*;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct FigureForm {
    pub jobcenter_id: String,
    pub month: String,
    pub target_group: String,
    pub outside_activation: String,
}

pub(super) fn figures_form(
    c: &CampaignRow,
    user: &PageUser,
    f: &FigureForm,
    errors: &FieldErrors,
    choices: &[(String, String)],
) -> Markup {
    let choices: Vec<(String, String)> = choices
        .iter()
        .filter(|(id, _)| {
            user.actor.is_admin() || user.actor.jobcenter_id.as_deref() == Some(id.as_str())
        })
        .cloned()
        .collect();
    // The campaign's months, written out; a month typed elsewhere (the API) is refused there.
    let months: Vec<(String, String)> = super::goals::campaign_months(c)
        .into_iter()
        .map(|m| {
            let label = format::month(&m);
            (m, label)
        })
        .collect();
    html! {
        h2 { (tc::ENTER_FIGURES) }
        (error_summary(errors))
        form.stack method="post" action={ "/campaigns/" (c.id) "/figures" } novalidate {
            (csrf_field(&user.csrf))
            (select("jobcenter_id", tc::JOBCENTER, &choices, &f.jobcenter_id, errors))
            (select("month", tc::MONTH_FILTER, &months, f.month.trim(), errors))
            div.row {
                (input("target_group", tc::TARGET_GROUP_FIELD, &f.target_group, "text", errors, None))
                (input("outside_activation", tc::OUTSIDE_FIELD, &f.outside_activation, "text", errors, None))
            }
            div.actions { button.button.button-primary type="submit" { (tc::SAVE_FIGURES) } }
        }
    }
}

#[post("/campaigns/{id}/figures")]
pub async fn save_figures(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
    form: CsrfForm<FigureForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let id = id.into_inner();
    let mut e = FieldErrors::new();
    let num = |e: &mut FieldErrors, field: &str, v: &str| -> Option<i64> {
        match import::parse_count(v) {
            Ok(n) => n,
            Err(m) => {
                e.add(field, m);
                None
            }
        }
    };
    let n = num(&mut e, "target_group", &f.target_group);
    let outside = num(&mut e, "outside_activation", &f.outside_activation);
    let result = if e.is_empty() {
        service::save_figures(
            &state.db,
            &user.actor,
            id.clone(),
            vec![FigureInput {
                jobcenter_id: f.jobcenter_id.clone(),
                month: f.month.clone(),
                target_group: n,
                outside_activation: outside,
                baseline: None,
                line: None,
            }],
        )
        .await
    } else {
        Err(AppError::Validation(e))
    };
    match result {
        Ok(_) => Ok(redirect_with(
            &format!(
                "/campaigns/{id}?month={}&jobcenter_id={}",
                f.month.trim(),
                f.jobcenter_id
            ),
            "figures_saved",
        )),
        Err(AppError::Validation(errors)) => {
            // Row errors (rows[0].month) are shown at the form's fields.
            let mut shown = FieldErrors::new();
            for (k, msgs) in errors.0 {
                let key = k.strip_prefix("rows[0].").unwrap_or(&k).to_string();
                for m in msgs {
                    shown.add(&key, m);
                }
            }
            let campaign = service::get(&state.db, &user.actor, id).await?;
            let choices = state
                .db
                .read(|conn| Ok(crate::directory::store::jobcenter_choices(conn)?))
                .await?;
            let body = html! { h1 { (campaign.name) } (figures_form(&campaign, &user, &f, &shown, &choices)) };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                &campaign.name,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/campaigns/{id}/export.csv")]
pub async fn export(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, PageError> {
    let q: DashQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let (_, rows) = service::goals(
        &state.db,
        &user.actor,
        id.into_inner(),
        q.month.clone(),
        None,
    )
    .await?;
    let dec = |x: Option<f64>| x.map(|v| format::decimal(v * 100.0, 1)).unwrap_or_default();
    let body = excel_csv(
        crate::texts::csv::GOALS,
        &rows
            .iter()
            .map(|g| {
                vec![
                    g.month.clone(),
                    g.name.clone(),
                    g.region.map(|r| r.name().to_string()).unwrap_or_default(),
                    g.goals
                        .target_group
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    g.target_group_month.clone().unwrap_or_default(),
                    g.goals.in_activation.to_string(),
                    dec(g.goals.share),
                    g.goals
                        .target
                        .map(|t| format::decimal(t, 2))
                        .unwrap_or_default(),
                    dec(g.goals.attainment),
                    dec(g.goals.growth),
                    dec(g.goals.selfsupport_share),
                    g.goals.selfsupport_base.to_string(),
                    if g.goals.both_reached() {
                        crate::texts::csv::YES.into()
                    } else {
                        crate::texts::csv::NO.into()
                    },
                ]
            })
            .collect::<Vec<_>>(),
    )
    .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"maal-{}.csv\"", q.month.trim()),
        ))
        .body(body))
}
