//! A campaign's dashboard: the goals per jobcenter, region and country.

use crate::ids::{CampaignId, JobcenterId};
use actix_web::{get, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::PageUser;
use crate::campaign::model::{parse_month, SeriesPoint};
use crate::campaign::service::{self, JobcenterGoals};
use crate::directory::model::Region;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::texts::campaign as tc;
use crate::ui::filters::{month_stepper, select_with_id, Months};
use crate::ui::format;
use crate::ui::{render, PageError};

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct DashQuery {
    pub(super) month: String,
    jobcenter_id: String,
    region: String,
}

/// A number of persons, or "–" when unknown.
pub(super) fn persons(n: Option<i64>) -> String {
    n.map(format::integer).unwrap_or_else(|| "–".into())
}

/// Mål 2's share with the number of follow-ups it rests on: "22,8 pct. af 57".
pub(super) fn goal2_share(share: Option<f64>, base: i64) -> String {
    match share {
        Some(s) => tc::share_of(&format::percent(s), &format::integer(base)),
        None => "–".into(),
    }
}

/// One jobcenter's line in the ranking; `place` is `None` for one without a target.
pub(super) fn ranking_row(
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
            td { @if g.goals.both_reached() { span.badge.badge-success { (tc::BOTH_REACHED) } } }
        }
    }
}

/// A step of the value axis that gives four to eight gridlines up to `max`: 1, 2 or 5 times a
/// power of ten.
pub(super) fn grid_step(max: f64) -> f64 {
    let rough = (max / 5.0).max(1.0);
    let magnitude = 10_f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude)
}

/// The runs of consecutive known values of a line: a month without a value is a gap.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut run = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((i, *v)),
            None if !run.is_empty() => out.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// A line chart of A (in activation) against T (target) over the campaign's months, as SVG
/// without script: horizontal gridlines with their values on the axis, a point per month with
/// its values as a tooltip (`<title>`), and a month without data as a gap in the line, not a
/// zero. The table under it ([`chart_table`]) is its accessible version.
pub(super) fn chart(points: &[SeriesPoint]) -> Markup {
    let (w, h, left, pad) = (720.0_f64, 260.0_f64, 48.0_f64, 28.0_f64);
    let top = points
        .iter()
        .map(|p| {
            (p.in_activation.unwrap_or(0) as f64)
                .max(p.target.unwrap_or(0.0))
                .max(p.baseline as f64)
        })
        .fold(1.0_f64, f64::max);
    let step = grid_step(top);
    let max = (top / step).ceil().max(1.0) * step;
    let n = points.len().max(2) as f64;
    let x = |i: usize| left + (w - left - pad) * i as f64 / (n - 1.0);
    let y = |v: f64| h - pad - (h - 2.0 * pad) * v / max;
    let path = |run: &[(usize, f64)]| {
        run.iter()
            .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let a_values: Vec<Option<f64>> = points
        .iter()
        .map(|p| p.in_activation.map(|a| a as f64))
        .collect();
    let t_values: Vec<Option<f64>> = points.iter().map(|p| p.target).collect();
    let lines = (max / step).round() as i64;
    let first = points
        .first()
        .map(|p| format::month(&p.month))
        .unwrap_or_default();
    let last = points
        .last()
        .map(|p| format::month(&p.month))
        .unwrap_or_default();
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (w) " " (h) } role="img" aria-labelledby="chart-title chart-desc" {
                title id="chart-title" { (tc::CHART_LABEL) }
                desc id="chart-desc" { (tc::chart_description(&first, &last)) }
                @for k in 0..=lines {
                    @let v = k as f64 * step;
                    line.grid x1=(left) y1=(format!("{:.1}", y(v))) x2=(w - pad) y2=(format!("{:.1}", y(v)))
                        stroke=(if k == 0 { "#6b7480" } else { "#d5dae0" }) {}
                    text x=(left - 6.0) y=(format!("{:.1}", y(v) + 4.0)) text-anchor="end" font-size="11" { (format::integer(v.round() as i64)) }
                }
                @for run in runs(&t_values) {
                    @if run.len() > 1 {
                        polyline points=(path(&run)) fill="none" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4" {}
                    }
                }
                @for run in runs(&a_values) {
                    @if run.len() > 1 {
                        polyline points=(path(&run)) fill="none" stroke="#1f5f8b" stroke-width="2.5" {}
                    }
                }
                @for (i, p) in points.iter().enumerate() {
                    @if let Some(a) = p.in_activation {
                        circle cx=(format!("{:.1}", x(i))) cy=(format!("{:.1}", y(a as f64))) r="3.5" fill="#1f5f8b" {
                            title { (tc::point_title(&format::month(&p.month), &format::integer(a), &persons(p.target.map(|t| t.round() as i64)))) }
                        }
                    }
                    @if i % 3 == 0 || i + 1 == points.len() {
                        text x=(format!("{:.1}", x(i))) y=(h - pad + 16.0) text-anchor="middle" font-size="10" { (format::month_short(&p.month)) }
                    }
                }
                @if let Some((i, p)) = points.iter().enumerate().rev().find(|(_, p)| p.in_activation.is_some()) {
                    text x=(format!("{:.1}", x(i))) y=(format!("{:.1}", y(p.in_activation.unwrap_or(0) as f64) - 8.0)) text-anchor="end" font-size="11" font-weight="bold" {
                        (format::integer(p.in_activation.unwrap_or(0)))
                    }
                }
            }
            figcaption { span.key-a { (tc::KEY_A) } " " span.key-t { (tc::KEY_T) } " " span.hint { (tc::CHART_GAPS) } }
        }
    }
}

/// The chart's numbers as a table, month by month: B, A, T and the attainment; "–" where a
/// month has no data.
pub(super) fn chart_table(points: &[SeriesPoint]) -> Markup {
    html! {
        table.chart-data tabindex="0" {
            caption { (tc::CHART_TABLE) }
            thead { tr {
                th scope="col" { (tc::COL_MONTH) }
                th.num scope="col" { (tc::COL_B) }
                th.num scope="col" { (tc::COL_A) }
                th.num scope="col" { (tc::COL_T) }
                th.num scope="col" { (tc::COL_GOAL1) }
            } }
            tbody {
                @for p in points {
                    tr {
                        th scope="row" { (format::month(&p.month)) }
                        td.num { (format::integer(p.baseline)) }
                        td.num { (persons(p.in_activation)) }
                        td.num { (persons(p.target.map(|t| t.round() as i64))) }
                        td.num { (pct(p.attainment)) }
                    }
                }
            }
        }
    }
}

/// The share against its goal as a bar (the goal in the middle). Drawn in SVG with attributes,
/// not inline styles, which the Content-Security-Policy forbids; no bar when the share is unknown.
pub(super) fn bar(share: Option<f64>, goal: f64) -> Markup {
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

/// The months of a campaign, baseline to end ("2009-06" … "2011-06").
pub(super) fn campaign_months(c: &crate::campaign::service::CampaignRow) -> Vec<String> {
    match (parse_month(&c.baseline_month), parse_month(&c.end_month)) {
        (Ok(from), Ok(to)) => crate::clock::months_between(from, to),
        _ => Vec::new(),
    }
}

/// How T was computed for this month, in one sentence with its numbers.
fn t_explained(
    c: &crate::campaign::service::CampaignRow,
    g: &crate::campaign::model::Goals,
) -> String {
    let p = c.params();
    let share = format::percent(f64::from(p.share_target_permille) / 1000.0);
    let increase = format::integer(i64::from(p.min_increase));
    match (g.target_group, g.target) {
        (Some(n), Some(t)) => tc::t_explained(
            &share,
            &increase,
            Some((
                &format::integer(n),
                &format::integer(g.baseline),
                &format::decimal(t, 2),
                &format::integer(t.round() as i64),
            )),
        ),
        _ => tc::t_explained(&share, &increase, None),
    }
}

#[get("/campaigns/{id}")]
pub async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, PageError> {
    let q: DashQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let month = parse_month(&q.month)
        .is_ok()
        .then(|| q.month.trim().to_string());
    let jobcenter_id = if q.jobcenter_id.is_empty() {
        user.actor.jobcenter_id.clone().unwrap_or_default()
    } else {
        JobcenterId::new(q.jobcenter_id.as_str())
    };
    let service::Dashboard {
        campaign,
        month,
        all,
        series,
    } = service::dashboard(
        &state.db,
        &user.actor,
        id.into_inner(),
        month,
        jobcenter_id.clone(),
    )
    .await?;
    let mine = all.iter().find(|g| g.jobcenter_id == jobcenter_id).cloned();
    // The region shown: the one chosen, else the jobcenter's, else the first.
    let region = Region::parse(q.region.trim())
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
    let campaign_months = campaign_months(&campaign);
    let may_enter = user.actor.may_enter_figures();
    let body = html! {
        div.page-head {
            h1 { (campaign.name) }
            a href="/campaigns" { (tc::TITLE) }
            @if user.actor.is_admin() { " · " a href={ "/campaigns/" (campaign.id) "/edit" } { (tc::EDIT) } }
        }
        form.filters method="get" {
            (month_stepper(
                &format!("/campaigns/{}", campaign.id),
                &[("jobcenter_id", jobcenter_id.to_string()), ("region", region.code().to_string())],
                "q-month", "month", tc::MONTH_FILTER, &month, Months::Range(&campaign_months), &none,
            ))
            (select_with_id("q-jobcenter_id", "jobcenter_id", tc::JOBCENTER, &choices, &jobcenter_id))
            (select_with_id("q-region", "region", tc::REGION, &regions, region.code()))
            div.actions { button.button.button-secondary type="submit" { (tc::SHOW) } }
        }
        p.hint { (tc::TARGET_GROUP) " " (campaign.target_group().label()) ", " (tc::TARGET_GROUP_HINT) "." }
        @if let Some(g) = &mine {
            h2 { (g.name) " · " (format::month(&month)) }
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
                dt { (tc::GOAL2) } dd { (goal2_share(g.goals.selfsupport_share, g.goals.selfsupport_base)) " " (tc::AGAINST) " " (format::percent(goal2)) " · " (tc::ATTAINMENT) " " (pct(g.goals.selfsupport_attainment)) (bar(g.goals.selfsupport_share, goal2))
                    div.hint { (tc::goal2_base(g.goals.selfsupport_base, &format::integer(g.goals.selfsupport_base), &format::month(&month))) }
                }
            }
            p.hint { (t_explained(&campaign, &g.goals)) }
            (chart(&series))
            (chart_table(&series))
        } @else {
            p.empty { (tc::CHOOSE_JOBCENTER) }
        }
        h2 { (tc::RANKING) " · " (region.name()) " · " (format::month(&month)) }
        @if ranking.is_empty() && unranked.is_empty() {
            p.empty { (tc::NO_JOBCENTERS) }
        } @else {
            table.table tabindex="0" {
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
            a.button.button-secondary href={ "/campaigns/" (campaign.id) "/export.csv?month=" (month) } { (tc::EXPORT) }
            @if may_enter { " " a.button.button-secondary href={ "/campaigns/" (campaign.id) "/import" } { (tc::IMPORT) } }
        }
        @if may_enter {
            (figures_form(&campaign, &user, &FigureForm { jobcenter_id: jobcenter_id.to_string(), month: month.clone(), ..Default::default() }, &FieldErrors::new(), &choices))
        }
    };
    Ok(render(&req, Some(&user), &campaign.name, body))
}
