//! The seats' JSON API: candidates, referrals, placements, the seat overview, follow-ups and
//! visitation suggestions.

use crate::ids::{CandidateId, ContractId, PlacementId};
use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::ApiUser;
use crate::contracts::model::{ActivityKind, ActivityRaw, OfferType};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiJson, ListParams};
use crate::seats::service::{self, CandidateInput, PlacementChange, PlacementView, ReferralInput};
use crate::seats::store::CandidateRow;
use crate::state::AppState;
use crate::texts::seats as ts;

/// A new candidate. The CPR number is stored encrypted and never returned in full in lists.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CandidateCreate {
    /// DDMMYY-SSSS
    pub cpr: String,
    pub name: String,
    /// "kontanthjaelp" or "starthjaelp"
    pub benefit: String,
    pub match_group: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateOut {
    pub id: String,
    pub name: String,
    /// DDMMYY-XXXX; absent for company users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpr_masked: Option<String>,
    /// The full number, only when a consultant opens the record (the read is logged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_group: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobcenter_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placements: Option<Vec<PlacementOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activities: Option<Vec<ActivityOut>>,
}

impl CandidateOut {
    fn listed(c: CandidateRow) -> Self {
        CandidateOut {
            id: c.id.into(),
            name: c.name,
            cpr_masked: Some(c.cpr_masked),
            cpr: None,
            benefit: Some(c.benefit),
            match_group: Some(c.match_group),
            jobcenter_id: Some(c.jobcenter_id.into()),
            placements: None,
            activities: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityOut {
    pub id: String,
    pub placement_id: String,
    pub kind: String,
    pub provider: String,
    pub description: String,
    pub minutes_per_week: i32,
    pub cost_ore: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateList {
    pub items: Vec<CandidateOut>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[utoipa::path(post, path = "/api/v1/candidates", tag = "seats", request_body = CandidateCreate,
    security(("bearer" = [])), responses((status = 201, body = CandidateOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/candidates")]
pub async fn create_candidate(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<CandidateCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let c = service::create_candidate(
        &state.db,
        &state.keys,
        &user.actor,
        CandidateInput {
            cpr: b.cpr,
            name: b.name,
            benefit: b.benefit,
            match_group: b.match_group.map(|g| g.to_string()).unwrap_or_default(),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(CandidateOut::listed(c)))
}

#[utoipa::path(get, path = "/api/v1/candidates", tag = "seats", params(ListParams),
    security(("bearer" = [])), responses((status = 200, body = CandidateList), (status = 403, body = ErrorBody)))]
#[get("/candidates")]
pub async fn list_candidates(
    state: web::Data<AppState>,
    user: ApiUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let sort = params.sort(
        crate::seats::store::CANDIDATE_SORTS,
        crate::seats::store::CANDIDATE_DEFAULT_SORT,
    )?;
    let (items, total) = service::list_candidates(
        &state.db,
        &state.keys,
        &user.actor,
        params.q().map(str::to_string),
        sort,
        params.offset(),
        params.per_page(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(CandidateList {
        items: items.into_iter().map(CandidateOut::listed).collect(),
        page: params.page(),
        per_page: params.per_page(),
        total,
    }))
}

#[utoipa::path(get, path = "/api/v1/candidates/{id}", tag = "seats", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = CandidateOut), (status = 404, body = ErrorBody)))]
#[get("/candidates/{id}")]
pub async fn get_candidate(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CandidateId>,
) -> Result<HttpResponse, AppError> {
    let v = service::open_candidate(&state.db, &state.keys, &user.actor, id.into_inner()).await?;
    let company_view = user.actor.is_company_side();
    let out = if company_view {
        // Companies see the name of a person in their own centre, and nothing else.
        CandidateOut {
            id: v.row.id.into(),
            name: v.row.name,
            cpr_masked: None,
            cpr: None,
            benefit: None,
            match_group: None,
            jobcenter_id: None,
            placements: None,
            activities: None,
        }
    } else {
        let placements = v
            .placements
            .iter()
            .map(|p| PlacementOut::from_row(p, None))
            .collect();
        CandidateOut {
            cpr: v.cpr,
            placements: Some(placements),
            activities: Some(
                v.activities
                    .into_iter()
                    .map(|a| ActivityOut {
                        id: a.id,
                        placement_id: a.placement_id,
                        kind: a.kind,
                        provider: a.provider,
                        description: a.description,
                        minutes_per_week: a.minutes_per_week,
                        cost_ore: a.cost_ore,
                        start_date: a.start_date,
                        end_date: a.end_date,
                    })
                    .collect(),
            ),
            ..CandidateOut::listed(v.row)
        }
    };
    Ok(HttpResponse::Ok().json(out))
}

/// A referral of a candidate to a contract for a period.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReferralCreate {
    pub contract_id: String,
    pub candidate_id: String,
    /// "virksomhedspraktik" or "loentilskud"
    pub offer_type: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralOut {
    /// "placed" or "waiting"
    pub status: String,
    pub placement_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat_no: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/referrals", tag = "seats", request_body = ReferralCreate,
    security(("bearer" = [])), responses((status = 201, body = ReferralOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/referrals")]
pub async fn refer(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<ReferralCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let r = service::refer(
        &state.db,
        &user.actor,
        ReferralInput {
            contract_id: b.contract_id,
            candidate_id: b.candidate_id,
            offer_type: b.offer_type,
            start_date: b.start_date,
            end_date: b.end_date,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(ReferralOut {
        status: if r.seat_no.is_some() {
            "placed"
        } else {
            "waiting"
        }
        .into(),
        placement_id: r.placement_id.into(),
        seat_no: r.seat_no,
        position: r.position,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementOut {
    pub id: String,
    pub contract_id: String,
    pub candidate_id: String,
    /// placed, waiting, ended or cancelled
    pub status: String,
    pub seat_no: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    pub offer_type: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub outcome: Option<String>,
    pub self_supporting: Option<bool>,
    /// The person's benefit and match group when referred: what Mål 1 counts. The jobcenter's
    /// only; never sent to a company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit_at_referral: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_group_at_referral: Option<i32>,
}

impl PlacementOut {
    fn from_row(p: &crate::seats::store::PlacementRow, position: Option<i64>) -> Self {
        PlacementOut {
            id: p.id.clone().into(),
            contract_id: p.contract_id.clone().into(),
            candidate_id: p.candidate_id.clone().into(),
            status: p.status.clone(),
            seat_no: p.seat_no,
            position,
            offer_type: p.offer_type.clone(),
            start_date: p.start_date,
            end_date: p.end_date,
            outcome: p.outcome.clone(),
            self_supporting: p.self_supporting,
            benefit_at_referral: Some(p.benefit_at_referral.clone()),
            match_group_at_referral: Some(p.match_group_at_referral),
        }
    }

    fn from_view(v: &PlacementView) -> Self {
        Self::from_row(&v.row, v.position)
    }
}

#[utoipa::path(get, path = "/api/v1/placements/{id}", tag = "seats", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = PlacementOut), (status = 404, body = ErrorBody)))]
#[get("/placements/{id}")]
pub async fn get_placement(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, AppError> {
    let v = service::get_placement(&state.db, &user.actor, id.into_inner()).await?;
    let mut out = PlacementOut::from_view(&v);
    if user.actor.is_company_side() {
        // The outcome and the follow-up say something of a person's social conditions.
        out.outcome = None;
        out.self_supporting = None;
        out.benefit_at_referral = None;
        out.match_group_at_referral = None;
    }
    Ok(HttpResponse::Ok().json(out))
}

/// Parameters of a placement change; each action reads the ones it needs.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PlacementChangeBody {
    /// end: the last day (YYYY-MM-DD)
    pub date: String,
    /// end: ordinary_job, education, self_supporting_other, back_on_benefit or other
    pub outcome: String,
    /// extend: the new last day
    pub end_date: String,
    /// extend: the concrete assessment that allows a stay beyond the limit of the person's
    /// situation (required then; kept in the placement's history)
    pub assessment: String,
    /// follow-up: whether the person is self-supporting four weeks after the end
    pub self_supporting: Option<bool>,
}

macro_rules! placement_route {
    ($name:ident, $path:literal, $doc:literal, |$b:ident| $change:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = concat!("/api/v1", $path), tag = "seats", params(("id" = String, Path)),
            request_body(content = Option<PlacementChangeBody>), security(("bearer" = [])),
            responses((status = 200, body = PlacementOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
                (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
        #[post($path)]
        pub async fn $name(state: web::Data<AppState>, user: ApiUser, id: web::Path<PlacementId>, body: crate::extract::OptionalJson<PlacementChangeBody>) -> Result<HttpResponse, AppError> {
            let $b = body.0.unwrap_or_default();
            let v = service::change_placement(&state.db, &user.actor, id.into_inner(), $change).await?;
            Ok(HttpResponse::Ok().json(PlacementOut::from_view(&v)))
        }
    };
}

placement_route!(
    end_placement,
    "/placements/{id}/end",
    "Ends a placement with an outcome (`{\"date\",\"outcome\"}`).",
    |b| PlacementChange::End {
        date: b.date,
        outcome: b.outcome
    }
);
placement_route!(
    cancel_placement,
    "/placements/{id}/cancel",
    "Cancels a placed or waiting referral.",
    |_b| PlacementChange::Cancel
);
placement_route!(
    extend_placement,
    "/placements/{id}/extend",
    "Extends a placement on its seat (`{\"end_date\",\"assessment\"}`). Beyond the limit of the person's situation (4 or 13 weeks of praktik) only with a concrete assessment, which is kept in the placement's history; the rule parameters say up to how many weeks in all.",
    |b| PlacementChange::Extend {
        end_date: b.end_date,
        assessment: b.assessment
    }
);
placement_route!(
    follow_up,
    "/placements/{id}/follow-up",
    "Records whether the person is self-supporting four weeks after the end.",
    |b| PlacementChange::FollowUp {
        self_supporting: b.self_supporting
    }
);

placement_route!(
    take_remaining,
    "/placements/{id}/take-remaining",
    "A waiting referral whose period has begun takes a free seat for its remaining days, from today (a seat is never given to a begun period by itself).",
    |_b| PlacementChange::TakeRemaining
);

/// An individual supporting activity for the person of a placement (visible to the jobcenter only).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActivityCreate {
    /// danish_lessons, exercise, psychologist or other
    pub kind: String,
    pub provider: String,
    pub description: String,
    pub minutes_per_week: Option<i64>,
    pub cost_ore: Option<i64>,
    pub start_date: String,
    pub end_date: String,
}

#[utoipa::path(post, path = "/api/v1/placements/{id}/activities", tag = "seats", params(("id" = String, Path)),
    request_body = ActivityCreate, security(("bearer" = [])),
    responses((status = 201, description = "Created: `{\"id\"}`"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/placements/{id}/activities")]
pub async fn add_activity(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
    body: ApiJson<ActivityCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let raw = ActivityRaw {
        kind: b.kind,
        provider: b.provider,
        description: b.description,
        minutes_per_week: b
            .minutes_per_week
            .map(|n| n.to_string())
            .unwrap_or_default(),
        cost_ore: b.cost_ore.map(|n| n.to_string()).unwrap_or_default(),
    };
    let id = service::add_activity(
        &state.db,
        &user.actor,
        id.into_inner(),
        raw,
        b.start_date,
        b.end_date,
    )
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": id })))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeatPlacementOut {
    pub placement_id: String,
    pub candidate_name: String,
    pub status: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeatOut {
    pub seat_no: i32,
    pub placements: Vec<SeatPlacementOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingOut {
    pub placement_id: String,
    pub candidate_name: String,
    pub position: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeatsOut {
    pub contract_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub seats: Vec<SeatOut>,
    pub waiting: Vec<WaitingOut>,
    /// The rimelighedskrav at the contract's worksite per month: every contract and jobcenter
    /// placing people there counts.
    pub headroom: Vec<HeadroomOut>,
}

/// One month of a worksite's room under the rimelighedskrav.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeadroomOut {
    /// "2011-03"
    pub month: String,
    /// As declared and in force on the month's first day.
    pub ordinary_employees: i32,
    /// The most persons in virksomhedspraktik and løntilskud together.
    pub max: i32,
    /// The most on any day of the month.
    pub most: i32,
    /// max − most
    pub free: i32,
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/seats", tag = "seats", params(("id" = String, Path), RangeQuery),
    security(("bearer" = [])), responses((status = 200, body = SeatsOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[get("/contracts/{id}/seats")]
pub async fn seats(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
    q: web::Query<RangeQuery>,
) -> Result<HttpResponse, AppError> {
    for d in [q.from, q.to].into_iter().flatten() {
        if !crate::ui::format::sane_date(d) {
            return Err(AppError::field("from", ts::DATE_YEARS));
        }
    }
    let o = service::seat_overview(&state.db, &user.actor, id.into_inner(), q.from, q.to).await?;
    Ok(HttpResponse::Ok().json(SeatsOut {
        contract_id: o.contract.id.into(),
        from: o.from,
        to: o.to,
        seats: o
            .seats
            .into_iter()
            .map(|s| SeatOut {
                seat_no: s.seat_no,
                placements: s
                    .placements
                    .into_iter()
                    .map(|(p, n)| SeatPlacementOut {
                        placement_id: p.id.into(),
                        candidate_name: n,
                        status: p.status,
                        start_date: p.start_date,
                        end_date: p.end_date,
                    })
                    .collect(),
            })
            .collect(),
        waiting: o
            .waiting
            .into_iter()
            .map(|(p, n, pos)| WaitingOut {
                placement_id: p.id.into(),
                candidate_name: n,
                position: pos,
                start_date: p.start_date,
                end_date: p.end_date,
            })
            .collect(),
        headroom: o
            .headroom
            .into_iter()
            .map(|h| HeadroomOut {
                free: h.free(),
                month: h.month,
                ordinary_employees: h.ordinary_employees,
                max: h.max,
                most: h.most,
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpOut {
    pub placement_id: String,
    pub candidate_id: String,
    pub candidate_name: String,
    pub company_name: String,
    pub end_date: NaiveDate,
    pub due_date: NaiveDate,
}

#[utoipa::path(get, path = "/api/v1/follow-ups/due", tag = "seats", security(("bearer" = [])),
    responses((status = 200, body = [FollowUpOut]), (status = 403, body = ErrorBody)))]
#[get("/follow-ups/due")]
pub async fn follow_ups_due(
    state: web::Data<AppState>,
    user: ApiUser,
) -> Result<HttpResponse, AppError> {
    let rows = service::follow_ups_due(&state.db, &user.actor).await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|(p, cand, co, due)| FollowUpOut {
                placement_id: p.id.into(),
                candidate_id: p.candidate_id.into(),
                candidate_name: cand,
                company_name: co,
                end_date: p.end_date,
                due_date: due,
            })
            .collect::<Vec<_>>(),
    ))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SuggestBody {
    pub candidate_id: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub offer_type: Option<String>,
    /// Wanted supporting activities: danish_lessons, exercise, psychologist, other.
    pub activities: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionOut {
    pub contract_id: String,
    pub company_name: String,
    pub seat_no: i32,
    pub matched_activities: usize,
    /// The offer types the contract allows for this period.
    pub offer_types: Vec<OfferType>,
    /// How many more persons the worksite may take every day of the period (rimelighedskrav).
    pub ratio_headroom: i32,
    /// The company's postcode and town.
    pub place: String,
}

#[utoipa::path(post, path = "/api/v1/visitation/suggest", tag = "seats", request_body = SuggestBody, security(("bearer" = [])),
    responses((status = 200, body = [SuggestionOut]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/visitation/suggest")]
pub async fn suggest(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<SuggestBody>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let mut e = crate::error::FieldErrors::new();
    if b.start_date.is_none() {
        e.add("start_date", crate::texts::REQUIRED);
    }
    if b.end_date.is_none() {
        e.add("end_date", crate::texts::REQUIRED);
    }
    let offer = match b.offer_type.as_deref().filter(|s| !s.is_empty()) {
        Some(o) => {
            let parsed = OfferType::parse(o);
            if parsed.is_none() {
                e.add("offer_type", ts::UNKNOWN_OFFER_TYPE);
            }
            parsed
        }
        None => None,
    };
    let mut wanted = Vec::new();
    for (i, k) in b.activities.iter().enumerate() {
        match ActivityKind::parse(k) {
            Some(k) => wanted.push(k),
            None => e.add(&format!("activities[{i}]"), ts::UNKNOWN_ACTIVITY_KIND),
        }
    }
    for (field, d) in [("start_date", b.start_date), ("end_date", b.end_date)] {
        if d.is_some_and(|d| !crate::ui::format::sane_date(d)) {
            e.add(field, ts::DATE_YEARS);
        }
    }
    e.into_result()?;
    let (Some(start), Some(end)) = (b.start_date, b.end_date) else {
        return Err(AppError::internal("validated"));
    };
    let list = service::suggest(
        &state.db,
        &user.actor,
        CandidateId::new(b.candidate_id),
        start,
        end,
        offer,
        wanted,
    )
    .await?;
    Ok(HttpResponse::Ok().json(
        list.into_iter()
            .map(|s| SuggestionOut {
                contract_id: s.contract_id.into(),
                company_name: s.company_name,
                seat_no: s.seat_no,
                matched_activities: s.matched_activities,
                offer_types: s.offer_types,
                ratio_headroom: s.ratio_headroom,
                place: s.place,
            })
            .collect::<Vec<_>>(),
    ))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create_candidate)
        .service(list_candidates)
        .service(get_candidate)
        .service(refer)
        .service(get_placement)
        .service(end_placement)
        .service(cancel_placement)
        .service(extend_placement)
        .service(follow_up)
        .service(take_remaining)
        .service(add_activity)
        .service(seats)
        .service(follow_ups_due)
        .service(suggest);
}
