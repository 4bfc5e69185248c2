//! The mentor hours' JSON API, the week workflow and the payment export.

use crate::ids::{ContractId, EntryId, JobcenterId};
use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::ApiUser;
use crate::error::{AppError, ErrorBody};
use crate::extract::ApiJson;
use crate::hours::model::{csv_amount, csv_hours, excel_csv, IsoWeek};
use crate::hours::service::{self, EntryInput, WeekAction, WeekView};
use crate::hours::store::EntryRow;
use crate::state::AppState;
use crate::texts::hours as th;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct HourCreate {
    pub contract_id: String,
    /// YYYY-MM-DD
    pub date: String,
    /// Quarter hours: 15, 30, 45 … up to 1440.
    pub minutes: Option<i64>,
    /// introduction, training, follow_up or other
    pub activity: String,
    pub candidate_id: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HourOut {
    pub id: String,
    pub contract_id: String,
    pub mentor_id: String,
    pub candidate_id: Option<String>,
    pub date: NaiveDate,
    /// ISO week, "2011-W23"
    pub week: String,
    pub minutes: i32,
    pub activity: String,
    pub note: String,
}

impl From<EntryRow> for HourOut {
    fn from(e: EntryRow) -> Self {
        HourOut {
            id: e.id.into(),
            contract_id: e.contract_id.into(),
            mentor_id: e.mentor_id.into(),
            candidate_id: e.candidate_id.map(Into::into),
            date: e.work_date,
            week: e.week,
            minutes: e.minutes,
            activity: e.activity,
            note: e.note,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/hours", tag = "hours", request_body = HourCreate, security(("bearer" = [])),
    responses((status = 201, body = HourOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/hours")]
pub async fn create(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<HourCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let e = service::log_entry(
        &state.db,
        &user.actor,
        EntryInput {
            contract_id: b.contract_id,
            date: b.date,
            minutes: b.minutes,
            activity: b.activity,
            candidate_id: b.candidate_id,
            note: b.note.unwrap_or_default(),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(HourOut::from(e)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeekQuery {
    pub contract_id: Option<String>,
    /// "2011-W23"; default this week
    pub week: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeekOut {
    pub contract_id: String,
    pub week: String,
    /// open, submitted, approved or rejected
    pub status: String,
    pub reason: Option<String>,
    pub budget_minutes: i64,
    pub logged_minutes: i64,
    /// The amount approved, stored when the week was approved: what payments read.
    pub approved_amount_ore: Option<i64>,
    pub entries: Vec<HourOut>,
    /// Every submission and decision of the week, oldest first.
    pub history: Vec<WeekEventOut>,
}

/// One step of a week's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeekEventOut {
    /// submit, approved or rejected
    pub action: String,
    /// The name of who did it.
    pub by: String,
    /// The reason of a rejection.
    pub reason: Option<String>,
    /// When, in UTC (RFC 3339, as every time the API gives).
    pub at: chrono::DateTime<chrono::Utc>,
}

impl From<WeekView> for WeekOut {
    fn from(v: WeekView) -> Self {
        WeekOut {
            contract_id: v.contract.id.into(),
            week: v.week.to_string(),
            status: v.status.code().to_string(),
            approved_amount_ore: v.row.as_ref().and_then(|r| r.approved_amount_ore),
            reason: v.row.and_then(|r| r.reason),
            budget_minutes: v.budget_minutes,
            logged_minutes: v.entries.iter().map(|e| i64::from(e.minutes)).sum(),
            entries: v.entries.into_iter().map(HourOut::from).collect(),
            history: v
                .history
                .into_iter()
                .map(|e| WeekEventOut {
                    action: e.action,
                    by: e.by,
                    reason: e.reason,
                    at: crate::clock::utc(e.at),
                })
                .collect(),
        }
    }
}

fn week_param(s: Option<&str>) -> Result<IsoWeek, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(w) => IsoWeek::parse(w).map_err(|m| AppError::field("week", m)),
        None => Ok(IsoWeek::of(crate::clock::today())),
    }
}

#[utoipa::path(get, path = "/api/v1/hours", tag = "hours", params(WeekQuery), security(("bearer" = [])),
    responses((status = 200, body = WeekOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/hours")]
pub async fn list(
    state: web::Data<AppState>,
    user: ApiUser,
    q: web::Query<WeekQuery>,
) -> Result<HttpResponse, AppError> {
    let week = week_param(q.week.as_deref())?;
    let contract_id = q
        .contract_id
        .clone()
        .filter(|c| !c.trim().is_empty())
        .map(ContractId::new)
        .ok_or_else(|| AppError::field("contract_id", crate::texts::REQUIRED))?;
    let v = service::week_view(&state.db, &user.actor, contract_id, week).await?;
    Ok(HttpResponse::Ok().json(WeekOut::from(v)))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct HourPatch {
    pub minutes: Option<i64>,
    pub activity: Option<String>,
    pub note: Option<String>,
    /// A candidate id, or null to remove it.
    #[schema(value_type = Option<String>)]
    pub candidate_id: Option<Option<String>>,
}

#[utoipa::path(patch, path = "/api/v1/hours/{id}", tag = "hours", params(("id" = String, Path)), request_body = HourPatch,
    security(("bearer" = [])), responses((status = 200, body = HourOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/hours/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<EntryId>,
    body: ApiJson<HourPatch>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let e = service::update_entry(
        &state.db,
        &user.actor,
        id.into_inner(),
        b.minutes,
        b.activity,
        b.note,
        b.candidate_id,
    )
    .await?;
    Ok(HttpResponse::Ok().json(HourOut::from(e)))
}

#[utoipa::path(delete, path = "/api/v1/hours/{id}", tag = "hours", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 204, description = "Deleted"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[delete("/hours/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<EntryId>,
) -> Result<HttpResponse, AppError> {
    service::delete_entry(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RejectBody {
    pub reason: String,
}

async fn week_action(
    state: web::Data<AppState>,
    user: ApiUser,
    path: (ContractId, String),
    action: WeekAction,
) -> Result<HttpResponse, AppError> {
    let (contract_id, week) = path;
    let week = IsoWeek::parse(&week).map_err(|m| AppError::field("week", m))?;
    let v = service::decide_week(&state.db, &user.actor, contract_id, week, action).await?;
    Ok(HttpResponse::Ok().json(WeekOut::from(v)))
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/weeks/{week}/submit", tag = "hours", params(("id" = String, Path), ("week" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = WeekOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/contracts/{id}/weeks/{week}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(ContractId, String)>,
) -> Result<HttpResponse, AppError> {
    week_action(state, user, path.into_inner(), WeekAction::Submit).await
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/weeks/{week}/approve", tag = "hours", params(("id" = String, Path), ("week" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = WeekOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/contracts/{id}/weeks/{week}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(ContractId, String)>,
) -> Result<HttpResponse, AppError> {
    week_action(state, user, path.into_inner(), WeekAction::Approve).await
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/weeks/{week}/reject", tag = "hours", params(("id" = String, Path), ("week" = String, Path)),
    request_body = RejectBody, security(("bearer" = [])),
    responses((status = 200, body = WeekOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/contracts/{id}/weeks/{week}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(ContractId, String)>,
    body: ApiJson<RejectBody>,
) -> Result<HttpResponse, AppError> {
    week_action(
        state,
        user,
        path.into_inner(),
        WeekAction::Reject(body.0.reason),
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/contracts/{id}/weeks/{week}/reopen", tag = "hours", params(("id" = String, Path), ("week" = String, Path)),
    request_body = RejectBody, security(("bearer" = [])),
    responses((status = 200, body = WeekOut, description = "Sent back to the mentor for a correction"), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The week is not approved"), (status = 422, body = ErrorBody)))]
#[post("/contracts/{id}/weeks/{week}/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(ContractId, String)>,
    body: ApiJson<RejectBody>,
) -> Result<HttpResponse, AppError> {
    week_action(
        state,
        user,
        path.into_inner(),
        WeekAction::Reopen(body.0.reason),
    )
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeekSummaryOut {
    pub week: String,
    pub status: String,
    pub budget_minutes: i64,
    pub logged_minutes: i64,
    pub approved_minutes: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryOut {
    pub budget_minutes: i64,
    pub logged_minutes: i64,
    pub approved_minutes: i64,
    /// Logged as a share of the budget so far (1.0 = 100 %).
    pub share: Option<f64>,
    pub over_budget: bool,
    pub weeks: Vec<WeekSummaryOut>,
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/hours/summary", tag = "hours", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = SummaryOut), (status = 404, body = ErrorBody)))]
#[get("/contracts/{id}/hours/summary")]
pub async fn summary(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let s = service::summary(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(SummaryOut {
        budget_minutes: s.budget,
        logged_minutes: s.logged,
        approved_minutes: s.approved,
        share: s.share(),
        over_budget: s.logged > s.budget,
        weeks: s
            .weeks
            .iter()
            .map(|w| WeekSummaryOut {
                week: w.week.to_string(),
                status: w.status.code().to_string(),
                budget_minutes: w.budget,
                logged_minutes: w.logged,
                approved_minutes: w.approved,
            })
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentQuery {
    /// "2011-03"
    pub month: Option<String>,
    /// "csv" (Danish Excel) or "json" (default)
    pub format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentOut {
    pub contract_id: String,
    pub company_name: String,
    pub company_cvr: String,
    pub jobcenter_name: String,
    pub month: String,
    /// `hours` (approved mentor hours) or `grant` (the fixed monthly mentor grant).
    pub kind: service::PaymentKind,
    /// The month the work was in: `month` itself, or an earlier exported month that a
    /// `correction` line corrects.
    pub for_month: String,
    pub approved_minutes: i64,
    pub amount_ore: i64,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ExportBody {
    /// "2011-03"
    pub month: String,
}

#[utoipa::path(post, path = "/api/v1/payments/export", tag = "hours", request_body = ExportBody, security(("bearer" = [])),
    responses((status = 200, body = [PaymentOut], description = "The month's lines as exported; they never change again"),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody, description = "Already exported"), (status = 422, body = ErrorBody)))]
#[post("/payments/export")]
pub async fn export_payments(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<ExportBody>,
) -> Result<HttpResponse, AppError> {
    let month_text = body.0.month;
    let month =
        crate::ui::format::parse_month(&month_text).map_err(|m| AppError::field("month", m))?;
    let rows = service::export_month(&state.db, &user.actor, month).await?;
    payment_response(&month_text, rows.lines, None)
}

#[utoipa::path(get, path = "/api/v1/payments", tag = "hours", params(PaymentQuery), security(("bearer" = [])),
    responses((status = 200, body = [PaymentOut], description = "JSON, or CSV for Danish Excel with format=csv"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/payments")]
pub async fn payments(
    state: web::Data<AppState>,
    user: ApiUser,
    q: web::Query<PaymentQuery>,
) -> Result<HttpResponse, AppError> {
    let month_text = q.month.clone().unwrap_or_default();
    let month =
        crate::ui::format::parse_month(&month_text).map_err(|m| AppError::field("month", m))?;
    let rows = service::payments(&state.db, &user.actor, month).await?;
    payment_response(&month_text, rows, q.format.as_deref())
}

/// The payment rows as JSON or as a CSV file for Danish Excel.
pub fn payment_response(
    month: &str,
    rows: Vec<service::Payment>,
    fmt: Option<&str>,
) -> Result<HttpResponse, AppError> {
    match fmt.unwrap_or("json") {
        "csv" => {
            let body = excel_csv(
                crate::texts::csv::PAYMENTS,
                &rows
                    .iter()
                    .map(|p| {
                        vec![
                            month.to_string(),
                            p.jobcenter_name.clone(),
                            p.company_name.clone(),
                            p.company_cvr.clone(),
                            if p.kind == service::PaymentKind::Correction {
                                th::correction_for(&p.for_month)
                            } else {
                                p.kind.label().to_string()
                            },
                            csv_hours(p.minutes),
                            csv_amount(p.amount_ore),
                        ]
                    })
                    .collect::<Vec<_>>(),
            )
            .map_err(AppError::internal)?;
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"mentorbetaling-{month}.csv\""),
                ))
                .body(body))
        }
        "json" => Ok(HttpResponse::Ok().json(
            rows.into_iter()
                .map(|p| PaymentOut {
                    contract_id: p.contract_id,
                    company_name: p.company_name,
                    company_cvr: p.company_cvr,
                    jobcenter_name: p.jobcenter_name,
                    month: month.to_string(),
                    kind: p.kind,
                    for_month: p.for_month,
                    approved_minutes: p.minutes,
                    amount_ore: p.amount_ore,
                })
                .collect::<Vec<_>>(),
        )),
        _ => Err(AppError::field("format", th::PICK_FORMAT)),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PendingOut {
    pub contract_id: String,
    pub company_name: String,
    pub week: String,
    pub status: String,
}

#[utoipa::path(get, path = "/api/v1/hours/pending", tag = "hours", security(("bearer" = [])),
    responses((status = 200, body = [PendingOut]), (status = 403, body = ErrorBody)))]
#[get("/hours/pending")]
pub async fn pending(state: web::Data<AppState>, user: ApiUser) -> Result<HttpResponse, AppError> {
    let rows = service::pending_weeks(&state.db, &user.actor).await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|(c, co, w, s)| PendingOut {
                contract_id: c.id.into(),
                company_name: co,
                week: w.to_string(),
                status: s.code().to_string(),
            })
            .collect::<Vec<_>>(),
    ))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create)
        .service(pending)
        .service(list)
        .service(update)
        .service(remove)
        .service(submit)
        .service(approve)
        .service(reject)
        .service(reopen)
        .service(export_payments)
        .service(summary)
        .service(contract_economy)
        .service(jobcenter_economy)
        .service(payments);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EconomyMonthOut {
    /// "2011-03"
    pub month: String,
    /// What the accepted contract budgets for the mentor (hours × rate, and a fixed grant), øre.
    pub mentor_budget_ore: i64,
    /// Approved hours × rate, and a fixed grant, øre.
    pub mentor_cost_ore: i64,
    pub approved_minutes: i64,
    pub shared_activities_ore: i64,
    pub individual_activities_ore: i64,
    pub budget_total_ore: i64,
    pub actual_total_ore: i64,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EconomyQuery {
    /// For a jobcenter: the year (default this year).
    pub year: Option<i32>,
    /// "json" (default) or "csv"
    pub format: Option<String>,
}

/// The months as JSON or as a CSV file for Danish Excel.
pub fn economy_response(
    name: &str,
    months: Vec<crate::hours::economy::MonthEconomy>,
    fmt: Option<&str>,
) -> Result<HttpResponse, AppError> {
    match fmt.unwrap_or("json") {
        "csv" => {
            let body = excel_csv(
                crate::texts::csv::ECONOMY,
                &months
                    .iter()
                    .map(|m| {
                        vec![
                            m.month.clone(),
                            csv_amount(m.mentor_budget),
                            csv_amount(m.mentor_cost),
                            csv_hours(m.approved_minutes),
                            csv_amount(m.shared_activities),
                            csv_amount(m.individual_activities),
                            csv_amount(m.budget_total),
                            csv_amount(m.actual_total),
                        ]
                    })
                    .collect::<Vec<_>>(),
            )
            .map_err(AppError::internal)?;
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"oekonomi-{name}.csv\""),
                ))
                .body(body))
        }
        "json" => Ok(HttpResponse::Ok().json(
            months
                .into_iter()
                .map(|m| EconomyMonthOut {
                    month: m.month,
                    mentor_budget_ore: m.mentor_budget,
                    mentor_cost_ore: m.mentor_cost,
                    approved_minutes: m.approved_minutes,
                    shared_activities_ore: m.shared_activities,
                    individual_activities_ore: m.individual_activities,
                    budget_total_ore: m.budget_total,
                    actual_total_ore: m.actual_total,
                })
                .collect::<Vec<_>>(),
        )),
        _ => Err(AppError::field("format", th::PICK_FORMAT)),
    }
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/economy", tag = "hours", params(("id" = String, Path), EconomyQuery),
    security(("bearer" = [])), responses((status = 200, body = [EconomyMonthOut]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/contracts/{id}/economy")]
pub async fn contract_economy(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
    q: web::Query<EconomyQuery>,
) -> Result<HttpResponse, AppError> {
    let (c, months) =
        crate::hours::economy::for_contract(&state.db, &user.actor, id.into_inner()).await?;
    economy_response(&c.id, months, q.format.as_deref())
}

#[utoipa::path(get, path = "/api/v1/jobcenters/{id}/economy", tag = "hours", params(("id" = String, Path), EconomyQuery),
    security(("bearer" = [])), responses((status = 200, body = [EconomyMonthOut]), (status = 404, body = ErrorBody)))]
#[get("/jobcenters/{id}/economy")]
pub async fn jobcenter_economy(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<JobcenterId>,
    q: web::Query<EconomyQuery>,
) -> Result<HttpResponse, AppError> {
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&crate::clock::today()));
    if !(1900..=2200).contains(&year) {
        return Err(AppError::field("year", th::INVALID_YEAR));
    }
    let id = id.into_inner();
    let months =
        crate::hours::economy::for_jobcenter(&state.db, &user.actor, id.clone(), year).await?;
    economy_response(&format!("{year}"), months, q.format.as_deref())
}
