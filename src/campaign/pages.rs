//! The campaign pages (Danish): the list, the dashboard per jobcenter and month with its chart,
//! the regional ranking and the national total, figures entry and the CSV export.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::model::Role;
use crate::auth::session::{CsrfForm, PageUser};
use crate::campaign::model::{months_between, parse_month};
use crate::campaign::service::{self, CampaignInput, CampaignRow, FigureInput, JobcenterGoals};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::excel_csv;
use crate::state::AppState;
use crate::ui::components::{csrf_field, error_summary, input, select};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

fn pct(x: Option<f64>) -> String {
    x.map(|v| format::percent((v * 100.0).round() / 100.0))
        .unwrap_or_else(|| "–".into())
}

fn pct1(x: Option<f64>) -> String {
    x.map(format::percent).unwrap_or_else(|| "–".into())
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct CampaignForm {
    pub name: String,
    pub baseline_month: String,
    pub end_month: String,
}

fn create_form(f: &CampaignForm, errors: &FieldErrors, csrf: &str) -> Markup {
    html! {
        h2 { "Ny kampagne" }
        (error_summary(errors))
        form.stack method="post" action="/campaigns" novalidate {
            (csrf_field(csrf))
            (input("name", "Navn", &f.name, "text", errors, None))
            div.row {
                (input("baseline_month", "Udgangspunkt (ÅÅÅÅ-MM)", &f.baseline_month, "text", errors, None))
                (input("end_month", "Slutmåned (ÅÅÅÅ-MM)", &f.end_month, "text", errors, None))
            }
            p.hint { "Målparametrene er kampagnen 2009–2011's: 16 pct. af målgruppen, mindst 15 personer flere, 20 pct. selvforsørgende, 9.000 personer nationalt." }
            div.actions { button type="submit" { "Opret kampagne" } }
        }
    }
}

async fn list_body(
    state: &AppState,
    user: &PageUser,
    f: &CampaignForm,
    errors: &FieldErrors,
) -> Result<Markup, PageError> {
    let rows = service::list(&state.db, &user.actor).await?;
    Ok(html! {
        h1 { "Kampagner" }
        @if rows.is_empty() { p.empty { "Der er ingen kampagner endnu." } }
        @else {
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
    Ok(render(&req, Some(&user), "Kampagner", body))
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
                "Kampagner",
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DashQuery {
    month: String,
    jobcenter_id: String,
}

/// A line chart of A (in activation) against T (target) over the campaign's months, as SVG.
fn chart(points: &[(String, i64, f64)]) -> Markup {
    let (w, h, pad) = (720.0_f64, 240.0_f64, 36.0_f64);
    let max = points
        .iter()
        .map(|(_, a, t)| (*a as f64).max(*t))
        .fold(1.0_f64, f64::max)
        * 1.1;
    let n = points.len().max(2) as f64;
    let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / (n - 1.0);
    let y = |v: f64| h - pad - (h - 2.0 * pad) * v / max;
    let line = |f: &dyn Fn(&(String, i64, f64)) -> f64| {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(f(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let a_line = line(&|p| p.1 as f64);
    let t_line = line(&|p| p.2);
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="Personer i virksomhedsrettet aktivering (A) mod måltallet (T) pr. måned" {
                line x1=(pad) y1=(h - pad) x2=(w - pad) y2=(h - pad) stroke="#aab2bd" {}
                line x1=(pad) y1=(pad) x2=(pad) y2=(h - pad) stroke="#aab2bd" {}
                text x=(pad - 6.0) y=(pad) text-anchor="end" font-size="11" { (format::integer(max.round() as i64)) }
                text x=(pad - 6.0) y=(h - pad) text-anchor="end" font-size="11" { "0" }
                polyline points=(t_line) fill="none" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4" {}
                polyline points=(a_line) fill="none" stroke="#1f5f8b" stroke-width="2.5" {}
                @for (i, p) in points.iter().enumerate() {
                    @if i % 3 == 0 || i + 1 == points.len() {
                        text x=(x(i)) y=(h - pad + 16.0) text-anchor="middle" font-size="10" { (p.0) }
                    }
                }
            }
            figcaption { span.key-a { "A: i aktivering" } " " span.key-t { "T: måltal" } }
        }
    }
}

fn bar(share: Option<f64>, goal: f64) -> Markup {
    let v = share.unwrap_or(0.0);
    let width = (v / (goal * 2.0)).clamp(0.0, 1.0) * 100.0;
    html! {
        div.bar role="img" aria-label={ "Mål 2: " (pct1(share)) " mod " (format::percent(goal)) } {
            div.fill style={ "width:" (format!("{width:.1}")) "%" } {}
            div.goal style="left:50%" {}
        }
    }
}

#[get("/campaigns/{id}")]
pub async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let q: DashQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let campaign = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let month = if parse_month(&q.month).is_ok() {
        q.month.clone()
    } else {
        crate::hours::service::month_key(crate::contracts::service::today())
            .min(campaign.end_month.clone())
    };
    let jobcenter_id = if q.jobcenter_id.is_empty() {
        user.actor.jobcenter_id.clone().unwrap_or_default()
    } else {
        q.jobcenter_id.clone()
    };
    let (_, all) = service::goals(
        &state.db,
        &user.actor,
        campaign.id.clone(),
        month.clone(),
        None,
    )
    .await?;
    let mine = all.iter().find(|g| g.jobcenter_id == jobcenter_id).cloned();
    // The chart: the jobcenter's months from the baseline to the end.
    let months = match (
        parse_month(&campaign.baseline_month),
        parse_month(&campaign.end_month),
    ) {
        (Ok(a), Ok(b)) => months_between(a, b),
        _ => Vec::new(),
    };
    let series = if mine.is_some() {
        let c = campaign.clone();
        let j = jobcenter_id.clone();
        let ms = months.clone();
        state
            .db
            .read(move |conn| {
                let mut out = Vec::new();
                for m in ms {
                    if let Some(g) = service::goals_for(conn, &c, &m, Some(&j))?
                        .into_iter()
                        .next()
                    {
                        out.push((m, g.goals.in_activation, g.goals.target));
                    }
                }
                Ok(out)
            })
            .await?
    } else {
        Vec::new()
    };
    let region = mine.as_ref().and_then(|g| g.region);
    let mut ranking: Vec<&JobcenterGoals> = all
        .iter()
        .filter(|g| region.is_none() || g.region == region)
        .collect();
    ranking.sort_by(|a, b| {
        b.goals
            .attainment
            .unwrap_or(0.0)
            .partial_cmp(&a.goals.attainment.unwrap_or(0.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let national: i64 = all.iter().map(|g| g.goals.in_activation).sum();
    let goal2 = f64::from(campaign.selfsupport_permille) / 1000.0;
    let choices: Vec<(String, String)> = all
        .iter()
        .map(|g| (g.jobcenter_id.clone(), g.name.clone()))
        .collect();
    let none = FieldErrors::new();
    let body = html! {
        div.page-head { h1 { (campaign.name) } a href="/campaigns" { "Kampagner" } }
        form.filters method="get" {
            (input("month", "Måned (ÅÅÅÅ-MM)", &month, "text", &none, None))
            (select("jobcenter_id", "Jobcenter", &choices, &jobcenter_id, &none))
            div.actions { button type="submit" { "Vis" } }
        }
        @if let Some(g) = &mine {
            h2 { (g.name) " · " (month) }
            dl.facts {
                dt { "Målgruppe (N)" } dd { (g.goals.target_group.map(format::integer).unwrap_or_else(|| "ikke indtastet".into())) }
                dt { "I virksomhedsrettet aktivering (A)" } dd { (format::integer(g.goals.in_activation)) " (" (pct1(g.goals.share)) " af målgruppen)" }
                dt { "Måltal (T)" } dd { (format::integer(g.goals.target.round() as i64)) }
                dt { "Målopfyldelse, mål 1" } dd { strong { (pct(g.goals.attainment)) } }
                dt { "Vækst siden udgangspunktet (" (format::integer(g.goals.baseline)) ")" } dd { (pct(g.goals.growth)) }
                dt { "Mål 2: selvforsørgende efter 4 uger" } dd { (pct1(g.goals.selfsupport_share)) " mod " (format::percent(goal2)) " · målopfyldelse " (pct(g.goals.selfsupport_attainment)) (bar(g.goals.selfsupport_share, goal2)) }
            }
            (chart(&series))
        } @else {
            p.empty { "Vælg et jobcenter." }
        }
        h2 { "Regionen" @if let Some(r) = region { " · " (r.name()) } }
        table {
            thead { tr { th { "Jobcenter" } th.num { "A" } th.num { "T" } th.num { "Mål 1" } th.num { "Mål 2" } th { "Begge mål" } } }
            tbody { @for g in &ranking {
                tr {
                    td { a href={ "/campaigns/" (campaign.id) "?month=" (month) "&jobcenter_id=" (g.jobcenter_id) } { (g.name) } }
                    td.num { (format::integer(g.goals.in_activation)) }
                    td.num { (format::integer(g.goals.target.round() as i64)) }
                    td.num { (pct(g.goals.attainment)) }
                    td.num { (pct1(g.goals.selfsupport_share)) }
                    td { @if g.goals.both_reached() { "✓ nået" } }
                }
            } }
        }
        p { strong { "Nationalt: " } (format::integer(national)) " personer mod " (format::integer(i64::from(campaign.national_target))) " (" (format::percent(national as f64 / f64::from(campaign.national_target.max(1)))) ")" }
        p { a.button href={ "/campaigns/" (campaign.id) "/export.csv?month=" (month) } { "Hent tabellen som CSV (Excel)" } }
        @if matches!(user.actor.role, Role::Admin | Role::Consultant) {
            (figures_form(&campaign, &user, &FigureForm { jobcenter_id: jobcenter_id.clone(), month: month.clone(), ..Default::default() }, &FieldErrors::new(), &choices))
        }
    };
    Ok(render(&req, Some(&user), &campaign.name, body))
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct FigureForm {
    pub jobcenter_id: String,
    pub month: String,
    pub target_group: String,
    pub outside_activation: String,
}

fn figures_form(
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
    html! {
        h2 { "Indtast tal" }
        (error_summary(errors))
        form.stack method="post" action={ "/campaigns/" (c.id) "/figures" } novalidate {
            (csrf_field(&user.csrf))
            (select("jobcenter_id", "Jobcenter", &choices, &f.jobcenter_id, errors))
            (input("month", "Måned (ÅÅÅÅ-MM)", &f.month, "text", errors, None))
            div.row {
                (input("target_group", "Personer i målgruppen (N)", &f.target_group, "text", errors, None))
                (input("outside_activation", "Aktivering uden for virksomhedscentre", &f.outside_activation, "text", errors, None))
            }
            div.actions { button type="submit" { "Gem tal" } }
        }
    }
}

#[post("/campaigns/{id}/figures")]
pub async fn save_figures(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<FigureForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let id = id.into_inner();
    let mut e = FieldErrors::new();
    let num = |e: &mut FieldErrors, field: &str, v: &str| -> Option<i64> {
        if v.trim().is_empty() {
            return None;
        }
        match v.trim().replace('.', "").parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                e.add(field, "Skal være et helt tal");
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
    id: web::Path<String>,
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
        &[
            "Måned",
            "Jobcenter",
            "Region",
            "Målgruppe (N)",
            "I aktivering (A)",
            "Andel (pct.)",
            "Måltal (T)",
            "Mål 1 (pct.)",
            "Vækst (pct.)",
            "Selvforsørgende (pct.)",
            "Begge mål",
        ],
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
                    g.goals.in_activation.to_string(),
                    dec(g.goals.share),
                    format::decimal(g.goals.target, 2),
                    dec(g.goals.attainment),
                    dec(g.goals.growth),
                    dec(g.goals.selfsupport_share),
                    if g.goals.both_reached() {
                        "ja".into()
                    } else {
                        "nej".into()
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

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_page)
        .service(create)
        .service(export)
        .service(save_figures)
        .service(dashboard);
}
