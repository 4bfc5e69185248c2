//! The campaigns' JSON API.

use crate::ids::CampaignId;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::{AdminJson, ApiUser};
use crate::campaign::import;
use crate::campaign::model::{GoalParams, TargetGroup};
use crate::campaign::service::{self, CampaignInput, CampaignRow, FigureInput};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiJson, CsvBody};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignOut {
    pub id: String,
    pub name: String,
    /// "2009-06"
    pub baseline_month: String,
    pub end_month: String,
    pub params: GoalParams,
    /// Who Mål 1 counts (as recorded at referral).
    pub target_group: TargetGroup,
}

impl From<CampaignRow> for CampaignOut {
    fn from(c: CampaignRow) -> Self {
        CampaignOut {
            params: c.params(),
            target_group: c.target_group(),
            id: c.id.into(),
            name: c.name,
            baseline_month: c.baseline_month,
            end_month: c.end_month,
        }
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CampaignCreate {
    pub name: String,
    pub baseline_month: String,
    pub end_month: String,
    /// Default: 160 (16 %).
    pub share_target_permille: Option<i32>,
    /// Default: 15.
    pub min_increase: Option<i32>,
    /// Default: 200 (20 %).
    pub selfsupport_permille: Option<i32>,
    /// Default: 9000.
    pub national_target: Option<i32>,
    /// Default: kontanthjælp and starthjælp, match group 2.
    pub target_group: Option<TargetGroup>,
}

#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaign", security(("bearer" = [])),
    responses((status = 200, body = [CampaignOut]), (status = 403, body = ErrorBody)))]
#[get("/campaigns")]
pub async fn list(state: web::Data<AppState>, user: ApiUser) -> Result<HttpResponse, AppError> {
    let rows = service::list(&state.db, &user.actor).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(CampaignOut::from).collect::<Vec<_>>()))
}

#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaign", request_body = CampaignCreate, security(("bearer" = [])),
    responses((status = 201, body = CampaignOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/campaigns")]
pub async fn create(
    state: web::Data<AppState>,
    AdminJson(user, body): AdminJson<CampaignCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body;
    let d = GoalParams::default();
    let params = GoalParams {
        share_target_permille: b.share_target_permille.unwrap_or(d.share_target_permille),
        min_increase: b.min_increase.unwrap_or(d.min_increase),
        selfsupport_permille: b.selfsupport_permille.unwrap_or(d.selfsupport_permille),
        national_target: b.national_target.unwrap_or(d.national_target),
    };
    let c = service::create(
        &state.db,
        &user.actor,
        CampaignInput {
            name: b.name,
            baseline_month: b.baseline_month,
            end_month: b.end_month,
            params: Some(params),
            target_group: b.target_group,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(CampaignOut::from(c)))
}

/// A change of a campaign: any field left out keeps its value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CampaignPatch {
    pub name: Option<String>,
    pub baseline_month: Option<String>,
    pub end_month: Option<String>,
    pub share_target_permille: Option<i32>,
    pub min_increase: Option<i32>,
    pub selfsupport_permille: Option<i32>,
    pub national_target: Option<i32>,
    pub target_group: Option<TargetGroup>,
}

#[utoipa::path(patch, path = "/api/v1/campaigns/{id}", tag = "campaign", params(("id" = String, Path)),
    request_body = CampaignPatch, security(("bearer" = [])),
    responses((status = 200, body = CampaignOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/campaigns/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    id: web::Path<CampaignId>,
    AdminJson(user, body): AdminJson<CampaignPatch>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let b = body;
    let c = service::get(&state.db, &user.actor, id.clone()).await?;
    let p = c.params();
    let input = CampaignInput {
        name: b.name.unwrap_or(c.name),
        baseline_month: b.baseline_month.unwrap_or(c.baseline_month),
        end_month: b.end_month.unwrap_or(c.end_month),
        params: Some(GoalParams {
            share_target_permille: b.share_target_permille.unwrap_or(p.share_target_permille),
            min_increase: b.min_increase.unwrap_or(p.min_increase),
            selfsupport_permille: b.selfsupport_permille.unwrap_or(p.selfsupport_permille),
            national_target: b.national_target.unwrap_or(p.national_target),
        }),
        target_group: b.target_group,
    };
    let c = service::update(&state.db, &user.actor, id, input).await?;
    Ok(HttpResponse::Ok().json(CampaignOut::from(c)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GoalsQuery {
    /// "2011-03"
    pub month: Option<String>,
    pub jobcenter_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GoalOut {
    pub jobcenter_id: String,
    pub jobcenter_name: String,
    pub month: String,
    /// N: entered for this month, or carried forward from the latest earlier month; `null`
    /// when none was ever entered.
    pub target_group: Option<i64>,
    /// The month N was entered for ("2011-01" when March carries January's N forward).
    pub target_group_month: Option<String>,
    /// A
    pub in_activation: i64,
    /// B
    pub baseline: i64,
    /// A / N, as a fraction
    pub share: Option<f64>,
    /// T, unrounded (pages show it rounded to whole persons); `null` without any N.
    pub target: Option<f64>,
    /// A / T; `null` without a target.
    pub attainment: Option<f64>,
    /// (A − B) / B
    pub growth: Option<f64>,
    pub selfsupport_share: Option<f64>,
    /// How many follow-ups Mål 2 rests on.
    pub selfsupport_base: i64,
    pub selfsupport_attainment: Option<f64>,
}

#[utoipa::path(get, path = "/api/v1/campaigns/{id}/goals", tag = "campaign", params(("id" = String, Path), GoalsQuery),
    security(("bearer" = [])), responses((status = 200, body = [GoalOut]), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/campaigns/{id}/goals")]
pub async fn goals(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CampaignId>,
    q: web::Query<GoalsQuery>,
) -> Result<HttpResponse, AppError> {
    let month = q.month.clone().unwrap_or_default();
    let (_, rows) = service::goals(
        &state.db,
        &user.actor,
        id.into_inner(),
        month,
        q.jobcenter_id.clone().filter(|j| !j.is_empty()),
    )
    .await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|r| GoalOut {
                jobcenter_id: r.jobcenter_id,
                jobcenter_name: r.name,
                month: r.month,
                target_group: r.goals.target_group,
                target_group_month: r.target_group_month,
                in_activation: r.goals.in_activation,
                baseline: r.goals.baseline,
                share: r.goals.share,
                target: r.goals.target,
                attainment: r.goals.attainment,
                growth: r.goals.growth,
                selfsupport_share: r.goals.selfsupport_share,
                selfsupport_base: r.goals.selfsupport_base,
                selfsupport_attainment: r.goals.selfsupport_attainment,
            })
            .collect::<Vec<_>>(),
    ))
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FigureRow {
    pub jobcenter_id: String,
    /// "2011-03"
    pub month: String,
    pub target_group: Option<i64>,
    pub outside_activation: Option<i64>,
    /// Only in the baseline month: overrides the count from placements.
    pub baseline: Option<i64>,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FiguresBody {
    pub rows: Vec<FigureRow>,
}

#[utoipa::path(post, path = "/api/v1/campaigns/{id}/figures", tag = "campaign", params(("id" = String, Path)),
    request_body = FiguresBody, security(("bearer" = [])),
    responses((status = 200, description = "`{\"saved\": n}`"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/campaigns/{id}/figures")]
pub async fn figures(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CampaignId>,
    body: ApiJson<FiguresBody>,
) -> Result<HttpResponse, AppError> {
    let rows = body
        .0
        .rows
        .into_iter()
        .map(|r| FigureInput {
            jobcenter_id: r.jobcenter_id,
            month: r.month,
            target_group: r.target_group,
            outside_activation: r.outside_activation,
            baseline: r.baseline,
            line: None,
        })
        .collect();
    let n = service::save_figures(&state.db, &user.actor, id.into_inner(), rows).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "saved": n })))
}

/// Figures as CSV (the body, `text/csv`): columns jobcenter (id, name or kommunekode), måned,
/// målgruppe, aktivering uden for virksomhedscentre, udgangspunkt. Stored whole or not at all;
/// errors name the line: `line[7].month`. A body not declared `text/csv` is 415.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/figures.csv", tag = "campaign", params(("id" = String, Path)),
    request_body(content = String, content_type = "text/csv"), security(("bearer" = [])),
    responses((status = 200, description = "`{\"saved\": n}`"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn figures_csv(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CampaignId>,
    body: CsvBody,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    // Existence and access first, so a stranger learns nothing from the parse.
    service::get(&state.db, &user.actor, id.clone()).await?;
    let index = service::import_index(&state.db).await?;
    let rows = import::parse(&body.0, &index).map_err(AppError::Validation)?;
    let n = service::save_figures(&state.db, &user.actor, id, rows).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "saved": n })))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(update)
        .service(
            web::resource("/campaigns/{id}/figures.csv")
                .app_data(web::PayloadConfig::new(import::MAX_BYTES))
                .route(web::post().to(figures_csv)),
        )
        .service(goals)
        .service(rollups)
        .service(figures);
}

/// Mål 2 over a roll-up: the share with the number of follow-ups it rests on.
#[derive(Debug, Serialize, ToSchema)]
pub struct Goal2Rollup {
    /// Self-supporting of all follow-ups; `null` without any.
    pub selfsupport_share: Option<f64>,
    /// How many follow-ups the share rests on.
    pub selfsupport_base: i64,
    pub self_supporting: i64,
    /// The share against the campaign's goal.
    pub selfsupport_attainment: Option<f64>,
}

impl Goal2Rollup {
    fn of(r: &service::Rollup, goal_permille: i32) -> Goal2Rollup {
        let share = r.selfsupport_share();
        Goal2Rollup {
            selfsupport_share: share,
            selfsupport_base: r.followed_up,
            self_supporting: r.self_supporting,
            selfsupport_attainment: share
                .filter(|_| goal_permille > 0)
                .map(|s| s / (f64::from(goal_permille) / 1000.0)),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionRollup {
    /// The employment region's name.
    pub region: String,
    pub jobcenters: usize,
    /// Jobcenters reaching both goals.
    pub both_reached: usize,
    /// Sum of N (entered or carried forward).
    pub target_group: i64,
    /// Sum of A.
    pub in_activation: i64,
    /// Sum of the unrounded targets of the jobcenters that have one; `null` when none has.
    pub target: Option<f64>,
    /// A of the jobcenters with a target / their T.
    pub attainment: Option<f64>,
    pub goal2: Goal2Rollup,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NationalRollup {
    pub in_activation: i64,
    pub national_target: i32,
    /// In activation / the national target.
    pub attainment: Option<f64>,
    /// Sum of the jobcenters' targets where known.
    pub target: Option<f64>,
    pub goal2: Goal2Rollup,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RollupsOut {
    pub month: String,
    pub regions: Vec<RegionRollup>,
    pub national: NationalRollup,
}

#[utoipa::path(get, path = "/api/v1/campaigns/{id}/rollups", tag = "campaign", params(("id" = String, Path), GoalsQuery),
    security(("bearer" = [])), responses((status = 200, body = RollupsOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/campaigns/{id}/rollups")]
pub async fn rollups(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CampaignId>,
    q: web::Query<GoalsQuery>,
) -> Result<HttpResponse, AppError> {
    let month = q.month.clone().unwrap_or_default();
    let (campaign, rows) =
        service::goals(&state.db, &user.actor, id.into_inner(), month.clone(), None).await?;
    let goal = campaign.selfsupport_permille;
    let regions = crate::directory::model::Region::ALL
        .iter()
        .map(|r| {
            let roll = service::Rollup::of(rows.iter().filter(|g| g.region == Some(*r)));
            RegionRollup {
                region: r.name().to_string(),
                jobcenters: roll.jobcenters,
                both_reached: roll.both_reached,
                target_group: roll.target_group,
                in_activation: roll.in_activation,
                target: roll.target,
                attainment: roll.attainment,
                goal2: Goal2Rollup::of(&roll, goal),
            }
        })
        .collect();
    let nation = service::Rollup::of(rows.iter());
    Ok(HttpResponse::Ok().json(RollupsOut {
        month,
        regions,
        national: NationalRollup {
            in_activation: nation.in_activation,
            national_target: campaign.national_target,
            attainment: (campaign.national_target > 0)
                .then(|| nation.in_activation as f64 / f64::from(campaign.national_target)),
            target: nation.target,
            goal2: Goal2Rollup::of(&nation, goal),
        },
    }))
}
