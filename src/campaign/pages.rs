//! The campaign pages (Danish): the list, the dashboard per jobcenter and month with its chart,
//! the regional ranking and the national total, figures entry and the CSV export.

use crate::campaign::jobs::ImportJobs;
use std::sync::Arc;

use actix_multipart::form::{bytes::Bytes as FileBytes, text::Text, MultipartForm};
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{verify_csrf, CsrfForm, PageUser};
use crate::campaign::import::{self, Progress};
use crate::campaign::model::{parse_month, GoalParams, TargetGroup};
use crate::campaign::service::{self, CampaignInput, CampaignRow, FigureInput, JobcenterGoals};
use crate::contracts::model::Benefit;
use crate::directory::model::Region;
use crate::error::{AppError, FieldErrors};
use crate::hours::model::excel_csv;
use crate::state::AppState;
use crate::ui::components::{checkboxes, csrf_field, error_summary, input, select};
use crate::ui::format;
use crate::ui::texts::campaign as tc;
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
        h2 { (tc::NEW) }
        (error_summary(errors))
        form.stack method="post" action="/campaigns" novalidate {
            (csrf_field(csrf))
            (input("name", tc::NAME, &f.name, "text", errors, None))
            div.row {
                (input("baseline_month", tc::BASELINE_MONTH, &f.baseline_month, "text", errors, None))
                (input("end_month", tc::END_MONTH, &f.end_month, "text", errors, None))
            }
            p.hint { (tc::DEFAULTS_HINT) }
            div.actions { button type="submit" { (tc::CREATE) } }
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
                    e.add(field, crate::ui::texts::REQUIRED);
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

fn edit_body(c: &CampaignRow, f: &EditForm, errors: &FieldErrors, csrf: &str) -> Markup {
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
                (input("baseline_month", tc::BASELINE_MONTH, &f.baseline_month, "text", errors, None))
                (input("end_month", tc::END_MONTH, &f.end_month, "text", errors, None))
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
            div.actions { button type="submit" { (tc::SAVE) } }
        }
    }
}

/// The form's field names are the service's (`share_target_permille`), so its errors land at
/// the right field; the values are read from these names.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
struct EditFields {
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
    id: web::Path<String>,
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
    id: web::Path<String>,
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DashQuery {
    month: String,
    jobcenter_id: String,
    region: String,
}

/// A number of persons, or "–" when unknown.
fn persons(n: Option<i64>) -> String {
    n.map(format::integer).unwrap_or_else(|| "–".into())
}

/// Mål 2's share with the number of follow-ups it rests on: "22,8 pct. af 57".
fn goal2_share(share: Option<f64>, base: i64) -> String {
    match share {
        Some(s) => tc::share_of(&format::percent(s), &format::integer(base)),
        None => "–".into(),
    }
}

/// One jobcenter's line in the ranking; `place` is `None` for one without a target.
fn ranking_row(
    campaign_id: &str,
    month: &str,
    region: Region,
    place: Option<usize>,
    g: &JobcenterGoals,
) -> Markup {
    html! {
        tr {
            td.num { @if let Some(p) = place { (p) } @else { "–" } }
            td { a href={ "/campaigns/" (campaign_id) "?month=" (month) "&jobcenter_id=" (g.jobcenter_id) "&region=" (region.code()) } { (g.name) } }
            td.num { (format::integer(g.goals.in_activation)) }
            td.num { (persons(g.goals.target_shown())) }
            td.num { (pct(g.goals.attainment)) }
            td.num { (goal2_share(g.goals.selfsupport_share, g.goals.selfsupport_base)) }
            td { @if g.goals.both_reached() { span.badge.ok { (tc::BOTH_REACHED) } } }
        }
    }
}

/// A line chart of A (in activation) against T (target) over the campaign's months, as SVG.
/// A month of the chart: (month, A, T when known).
type ChartPoint = (String, i64, Option<f64>);

fn chart(points: &[ChartPoint]) -> Markup {
    let (w, h, pad) = (720.0_f64, 240.0_f64, 36.0_f64);
    let max = points
        .iter()
        .map(|(_, a, t)| (*a as f64).max(t.unwrap_or(0.0)))
        .fold(1.0_f64, f64::max)
        * 1.1;
    let n = points.len().max(2) as f64;
    let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / (n - 1.0);
    let y = |v: f64| h - pad - (h - 2.0 * pad) * v / max;
    // A month without a known target has no point on the T line.
    let line = |f: &dyn Fn(&ChartPoint) -> Option<f64>| {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| f(p).map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let a_line = line(&|p| Some(p.1 as f64));
    let t_line = line(&|p| p.2);
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (w) " " (h) } role="img" aria-label=(tc::CHART_LABEL) {
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
            figcaption { span.key-a { (tc::KEY_A) } " " span.key-t { (tc::KEY_T) } }
        }
    }
}

/// The share against its goal as a bar (the goal in the middle). Drawn in SVG with attributes,
/// not inline styles, which the Content-Security-Policy forbids; no bar when the share is unknown.
fn bar(share: Option<f64>, goal: f64) -> Markup {
    let width = share.map(|v| (v / (goal * 2.0)).clamp(0.0, 1.0) * 200.0);
    html! {
        svg.bar viewBox="0 0 200 10" preserveAspectRatio="none" role="img"
            aria-label={ (tc::COL_GOAL2) ": " (pct1(share)) " " (tc::AGAINST) " " (format::percent(goal)) } {
            rect.track width="200" height="10" rx="4" {}
            @if let Some(w) = width { rect.fill width=(format!("{w:.1}")) height="10" rx="4" {} }
            rect.goal x="99" width="2" height="10" {}
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
        q.month.trim().to_string()
    } else {
        crate::clock::month_key(crate::clock::today()).min(campaign.end_month.clone())
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
    let series = if mine.is_some() {
        let c = campaign.clone();
        let j = jobcenter_id.clone();
        state
            .db
            .read(move |conn| service::series(conn, &c, &j))
            .await?
    } else {
        Vec::new()
    };
    // The region shown: the one chosen, else the jobcenter's, else the first.
    let region = Region::from_code(q.region.trim())
        .or_else(|| mine.as_ref().and_then(|g| g.region))
        .unwrap_or(Region::ALL[0]);
    let in_region: Vec<&JobcenterGoals> = all.iter().filter(|g| g.region == Some(region)).collect();
    let roll = service::Rollup::of(in_region.iter().copied());
    // Ranked by attainment; a jobcenter without any N has no target and is not ranked (#18.7).
    let (mut ranking, unranked): (Vec<&JobcenterGoals>, Vec<&JobcenterGoals>) = in_region
        .into_iter()
        .partition(|g| g.goals.attainment.is_some());
    ranking.sort_by(|a, b| {
        b.goals
            .attainment
            .unwrap_or(0.0)
            .total_cmp(&a.goals.attainment.unwrap_or(0.0))
            .then_with(|| format::sort_key(&a.name).cmp(&format::sort_key(&b.name)))
    });
    let national = service::Rollup::of(all.iter());
    let goal2 = f64::from(campaign.selfsupport_permille) / 1000.0;
    let choices: Vec<(String, String)> = all
        .iter()
        .map(|g| (g.jobcenter_id.clone(), g.name.clone()))
        .collect();
    let regions: Vec<(String, String)> = Region::ALL
        .iter()
        .map(|r| (r.code().to_string(), r.name().to_string()))
        .collect();
    let none = FieldErrors::new();
    let may_enter = user.actor.may_enter_figures();
    let body = html! {
        div.page-head {
            h1 { (campaign.name) }
            a href="/campaigns" { (tc::TITLE) }
            @if user.actor.is_admin() { " · " a href={ "/campaigns/" (campaign.id) "/edit" } { (tc::EDIT) } }
        }
        form.filters method="get" {
            (input("month", tc::MONTH, &month, "text", &none, None))
            (select("jobcenter_id", tc::JOBCENTER, &choices, &jobcenter_id, &none))
            (select("region", tc::REGION, &regions, region.code(), &none))
            div.actions { button type="submit" { (tc::SHOW) } }
        }
        p.hint { (tc::TARGET_GROUP) " " (campaign.target_group().label()) ", " (tc::TARGET_GROUP_HINT) "." }
        @if let Some(g) = &mine {
            h2 { (g.name) " · " (month) }
            dl.facts {
                dt { (tc::N) } dd {
                    @match (g.goals.target_group, &g.target_group_month) {
                        (Some(n), Some(from)) if *from != month => { (format::integer(n)) " " (tc::carried_from(from)) }
                        (Some(n), _) => { (format::integer(n)) }
                        (None, _) => { (tc::NOT_ENTERED) }
                    }
                }
                dt { (tc::A) } dd { (format::integer(g.goals.in_activation)) " (" (pct1(g.goals.share)) " " (tc::OF_TARGET_GROUP) ")" }
                dt { (tc::T) } dd { (persons(g.goals.target_shown())) }
                dt { (tc::GOAL1) } dd { strong { (pct(g.goals.attainment)) } }
                dt { (tc::GROWTH) " (" (format::integer(g.goals.baseline)) ")" } dd { (pct(g.goals.growth)) }
                dt { (tc::GOAL2) } dd { (goal2_share(g.goals.selfsupport_share, g.goals.selfsupport_base)) " " (tc::AGAINST) " " (format::percent(goal2)) " · " (tc::ATTAINMENT) " " (pct(g.goals.selfsupport_attainment)) (bar(g.goals.selfsupport_share, goal2)) }
            }
            (chart(&series))
        } @else {
            p.empty { (tc::CHOOSE_JOBCENTER) }
        }
        h2 { (tc::RANKING) " · " (region.name()) " · " (month) }
        @if ranking.is_empty() && unranked.is_empty() {
            p.empty { (tc::NO_JOBCENTERS) }
        } @else {
            table {
                thead { tr { th { "#" } th { (tc::COL_JOBCENTER) } th.num { (tc::COL_A) } th.num { (tc::COL_T) } th.num { (tc::COL_GOAL1) } th.num { (tc::COL_GOAL2) } th { (tc::COL_BOTH) } } }
                tbody {
                    @for (i, g) in ranking.iter().enumerate() {
                        (ranking_row(&campaign.id, &month, region, Some(i + 1), g))
                    }
                    @for g in &unranked {
                        (ranking_row(&campaign.id, &month, region, None, g))
                    }
                }
                tfoot { tr {
                    td {} th { (tc::REGION_TOTAL) }
                    td.num { (format::integer(roll.in_activation)) }
                    td.num { (persons(roll.target.map(|t| t.round() as i64))) }
                    td.num { (pct(roll.attainment)) }
                    td.num { (goal2_share(roll.selfsupport_share(), roll.followed_up)) }
                    td {}
                } }
            }
            @if !unranked.is_empty() { p.hint { (tc::UNRANKED_HINT) } }
        }
        p { strong { (tc::NATIONAL) } " " (format::integer(national.in_activation)) " " (tc::PERSONS_AGAINST) " " (format::integer(i64::from(campaign.national_target))) " (" (format::percent(national.in_activation as f64 / f64::from(campaign.national_target.max(1)))) ")" }
        p { strong { (tc::NATIONAL_GOAL2) } " " (goal2_share(national.selfsupport_share(), national.followed_up)) }
        p {
            a.button href={ "/campaigns/" (campaign.id) "/export.csv?month=" (month) } { (tc::EXPORT) }
            @if may_enter { " " a.button href={ "/campaigns/" (campaign.id) "/import" } { (tc::IMPORT) } }
        }
        @if may_enter {
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
        h2 { (tc::ENTER_FIGURES) }
        (error_summary(errors))
        form.stack method="post" action={ "/campaigns/" (c.id) "/figures" } novalidate {
            (csrf_field(&user.csrf))
            (select("jobcenter_id", tc::JOBCENTER, &choices, &f.jobcenter_id, errors))
            (input("month", tc::MONTH, &f.month, "text", errors, None))
            div.row {
                (input("target_group", tc::TARGET_GROUP_FIELD, &f.target_group, "text", errors, None))
                (input("outside_activation", tc::OUTSIDE_FIELD, &f.outside_activation, "text", errors, None))
            }
            div.actions { button type="submit" { (tc::SAVE_FIGURES) } }
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
        crate::ui::texts::csv::GOALS,
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

/// The file upload of an import: the CSRF token travels as a form field as on every page.
#[derive(MultipartForm)]
pub struct ImportUpload {
    csrf: Option<Text<String>>,
    #[multipart(limit = "8MiB")]
    file: Option<FileBytes>,
}

fn may_import(user: &PageUser) -> Result<(), PageError> {
    if user.actor.may_enter_figures() {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

fn import_body(c: &CampaignRow, csrf: &str, errors: &FieldErrors) -> Markup {
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
            div.actions { button type="submit" { (tc::IMPORT_START) } }
        }
    }
}

#[get("/campaigns/{id}/import")]
pub async fn import_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
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
    id: web::Path<String>,
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
    let job = crate::db::new_id();
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
    path: web::Path<(String, String)>,
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
    id: web::Path<String>,
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
    let body =
        excel_csv(crate::ui::texts::csv::FIGURES_TEMPLATE, &rows).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"maaltal-skabelon.csv\"",
        ))
        .body(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The import's file may be as large as import::MAX_BYTES (the extractor's default is 2 MiB);
    // the field limit on `ImportUpload::file` is the same.
    cfg.app_data(
        actix_multipart::form::MultipartFormConfig::default()
            .total_limit(import::MAX_BYTES + 64 * 1024)
            .memory_limit(import::MAX_BYTES + 64 * 1024),
    );
    cfg.service(list_page)
        .service(create)
        .service(export)
        .service(save_figures)
        .service(edit_page)
        .service(edit)
        .service(import_page)
        .service(import_start)
        .service(import_status)
        .service(import_template)
        .service(dashboard);
}
