//! The campaigns' JSON API.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::ApiUser;
use crate::campaign::model::GoalParams;
use crate::campaign::service::{self, CampaignInput, CampaignRow, FigureInput};
use crate::error::{AppError, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignOut {
    pub id: String,
    pub name: String,
    /// "2009-06"
    pub baseline_month: String,
    pub end_month: String,
    pub params: GoalParams,
}

impl From<CampaignRow> for CampaignOut {
    fn from(c: CampaignRow) -> Self {
        CampaignOut {
            params: c.params(),
            id: c.id,
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
    /// Default: 4.
    pub followup_weeks: Option<i32>,
    /// Default: 9000.
    pub national_target: Option<i32>,
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
    user: ApiUser,
    body: ApiJson<CampaignCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let d = GoalParams::default();
    let params = GoalParams {
        share_target_permille: b.share_target_permille.unwrap_or(d.share_target_permille),
        min_increase: b.min_increase.unwrap_or(d.min_increase),
        selfsupport_permille: b.selfsupport_permille.unwrap_or(d.selfsupport_permille),
        followup_weeks: b.followup_weeks.unwrap_or(d.followup_weeks),
        national_target: b.national_target.unwrap_or(d.national_target),
    };
    let mut e = crate::error::FieldErrors::new();
    for (f, v) in [
        ("share_target_permille", params.share_target_permille),
        ("min_increase", params.min_increase),
        ("selfsupport_permille", params.selfsupport_permille),
        ("followup_weeks", params.followup_weeks),
        ("national_target", params.national_target),
    ] {
        if !(0..=10_000_000).contains(&v) {
            e.add(f, "Et tal mellem 0 og 10.000.000");
        }
    }
    e.into_result()?;
    let c = service::create(
        &state.db,
        &user.actor,
        CampaignInput {
            name: b.name,
            baseline_month: b.baseline_month,
            end_month: b.end_month,
            params: Some(params),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(CampaignOut::from(c)))
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
    /// N
    pub target_group: Option<i64>,
    /// A
    pub in_activation: i64,
    /// B
    pub baseline: i64,
    /// A / N, as a fraction
    pub share: Option<f64>,
    /// T, unrounded
    pub target: f64,
    /// A / T
    pub attainment: Option<f64>,
    /// (A − B) / B
    pub growth: Option<f64>,
    pub selfsupport_share: Option<f64>,
    pub selfsupport_attainment: Option<f64>,
}

#[utoipa::path(get, path = "/api/v1/campaigns/{id}/goals", tag = "campaign", params(("id" = String, Path), GoalsQuery),
    security(("bearer" = [])), responses((status = 200, body = [GoalOut]), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/campaigns/{id}/goals")]
pub async fn goals(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<String>,
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
                in_activation: r.goals.in_activation,
                baseline: r.goals.baseline,
                share: r.goals.share,
                target: r.goals.target,
                attainment: r.goals.attainment,
                growth: r.goals.growth,
                selfsupport_share: r.goals.selfsupport_share,
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
    id: web::Path<String>,
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
        })
        .collect();
    let n = service::save_figures(&state.db, &user.actor, id.into_inner(), rows).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "saved": n })))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(goals)
        .service(rollups)
        .service(figures);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionRollup {
    /// The employment region's name.
    pub region: String,
    pub jobcenters: usize,
    /// Jobcenters reaching both goals.
    pub both_reached: usize,
    /// Sum of N where entered.
    pub target_group: i64,
    /// Sum of A.
    pub in_activation: i64,
    /// Sum of the jobcenters' unrounded targets.
    pub target: f64,
    /// Sum of A / sum of T.
    pub attainment: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NationalRollup {
    pub in_activation: i64,
    pub national_target: i32,
    /// In activation / the national target.
    pub attainment: Option<f64>,
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
    id: web::Path<String>,
    q: web::Query<GoalsQuery>,
) -> Result<HttpResponse, AppError> {
    let month = q.month.clone().unwrap_or_default();
    let (campaign, rows) =
        service::goals(&state.db, &user.actor, id.into_inner(), month.clone(), None).await?;
    let regions = crate::directory::model::Region::ALL
        .iter()
        .map(|r| {
            let mine: Vec<_> = rows.iter().filter(|g| g.region == Some(*r)).collect();
            let a: i64 = mine.iter().map(|g| g.goals.in_activation).sum();
            let t: f64 = mine.iter().map(|g| g.goals.target).sum();
            RegionRollup {
                region: r.name().to_string(),
                jobcenters: mine.len(),
                both_reached: mine.iter().filter(|g| g.goals.both_reached()).count(),
                target_group: mine.iter().filter_map(|g| g.goals.target_group).sum(),
                in_activation: a,
                target: t,
                attainment: (t > 0.0).then(|| a as f64 / t),
            }
        })
        .collect();
    let national: i64 = rows.iter().map(|g| g.goals.in_activation).sum();
    Ok(HttpResponse::Ok().json(RollupsOut {
        month,
        regions,
        national: NationalRollup {
            in_activation: national,
            national_target: campaign.national_target,
            attainment: (campaign.national_target > 0)
                .then(|| national as f64 / f64::from(campaign.national_target)),
        },
    }))
}
