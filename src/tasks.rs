//! The task inbox: what each person has to do next, newest first, each with a link straight to
//! it. A consultant: contracts sent back with changes requested, weeks waiting for approval,
//! follow-ups due, contracts ending within 60 days, referrals on a waiting list (and those whose
//! period has begun while a seat is free for the rest of it). A company
//! signatory: contracts waiting for review. A mentor: weeks not yet submitted (and rejected
//! weeks to correct). Consultants of a contracting jobcenter and administrators: corrections of
//! a company's record to decide. Shown on the home page and at
//! `GET /api/v1/me/tasks`. Each kind is one query (the mentor's weeks two), capped.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::model::{Actor, Role};
use crate::auth::session::ApiUser;
use crate::db::schema::{candidates, companies, contracts, hour_weeks, jobcenters, placements};
use crate::db::{Db, DbConnection};
use crate::error::{AppError, ErrorBody};
use crate::hours::model::IsoWeek;
use crate::state::AppState;
use crate::texts::tasks as t;
use crate::ui::format;

/// How many of each kind are listed.
const PER_KIND: i64 = 50;
/// Contracts ending within this many days are a task.
const ENDING_DAYS: i64 = 60;
/// How far back a mentor's unsubmitted weeks are listed.
const MENTOR_WEEKS: usize = 8;

/// What there is to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    ChangesRequested,
    WeekToApprove,
    FollowUpDue,
    ContractEnding,
    Waiting,
    /// A waiting referral whose period has begun, with a seat free for its remaining days: it
    /// is not placed by itself; the consultant decides (#18.4).
    SeatForRemaining,
    ContractToReview,
    WeekToSubmit,
    WeekRejected,
    CompanyCorrection,
}

// The code is the API's (serde's snake_case); the label is the badge's word.
coded_enum!(TaskKind {
    ChangesRequested => "changes_requested", t::CHANGES_REQUESTED;
    WeekToApprove => "week_to_approve", t::WEEK_TO_APPROVE;
    FollowUpDue => "follow_up_due", t::FOLLOW_UP_DUE;
    ContractEnding => "contract_ending", t::CONTRACT_ENDING;
    Waiting => "waiting", t::WAITING;
    SeatForRemaining => "seat_for_remaining", t::SEAT_FOR_REMAINING;
    ContractToReview => "contract_to_review", t::CONTRACT_TO_REVIEW;
    WeekToSubmit => "week_to_submit", t::WEEK_TO_SUBMIT;
    WeekRejected => "week_rejected", t::WEEK_REJECTED;
    CompanyCorrection => "company_correction", t::COMPANY_CORRECTION;
});

/// One thing to do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Task {
    pub kind: TaskKind,
    /// What it is about, in Danish, e.g. "Lillebælt Rengøring ApS · uge 23 · 2011".
    pub title: String,
    /// Where to do it (a page of this system).
    pub link: String,
    /// When it became a task: the list is newest first.
    pub since: DateTime<Utc>,
    /// The day it is due, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

use crate::clock::utc;

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

/// The actor's tasks, newest first.
pub async fn for_actor(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Vec<Task>, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let mut tasks = match actor.role {
            Role::Admin => corrections(conn, None)?,
            Role::Consultant => match &actor.jobcenter_id {
                Some(j) => {
                    let mut all = consultant(conn, j, today)?;
                    all.extend(corrections(conn, Some(j))?);
                    all
                }
                None => Vec::new(),
            },
            Role::Company => match &actor.company_id {
                Some(c) => signatory(conn, c)?,
                None => Vec::new(),
            },
            Role::Mentor => mentor(conn, &actor.user_id, today)?,
        };
        tasks.sort_by(|a, b| b.since.cmp(&a.since).then_with(|| a.link.cmp(&b.link)));
        Ok(tasks)
    })
    .await
}

/// Corrections of a company's record that its signatory proposed and nobody has decided: for
/// the consultants of the jobcenters that contract with the company (`jobcenter`), and for
/// administrators (`None`, every company).
fn corrections(conn: &mut DbConnection, jobcenter: Option<&str>) -> Result<Vec<Task>, AppError> {
    use crate::db::schema::company_corrections as cc;
    let mut q = cc::table
        .inner_join(companies::table)
        .filter(cc::status.eq("pending"))
        .select((cc::company_id, companies::name, cc::created_at))
        .order(cc::created_at.desc())
        .limit(PER_KIND)
        .into_boxed();
    if let Some(j) = jobcenter {
        q = q.filter(
            cc::company_id.eq_any(
                contracts::table
                    .filter(contracts::jobcenter_id.eq(j.to_string()))
                    .filter(contracts::accepted_version.is_not_null())
                    .select(contracts::company_id),
            ),
        );
    }
    let rows: Vec<(String, String, NaiveDateTime)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(company, name, at)| Task {
            kind: TaskKind::CompanyCorrection,
            title: name,
            link: format!("/companies/{company}"),
            since: utc(at),
            due: None,
        })
        .collect())
}

fn consultant(
    conn: &mut DbConnection,
    jobcenter: &str,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let mut out = Vec::new();
    // Contracts the company sent back.
    let returned: Vec<(String, String, NaiveDateTime)> = contracts::table
        .inner_join(companies::table)
        .filter(contracts::jobcenter_id.eq(jobcenter))
        .filter(contracts::pending_status.eq("changes_requested"))
        .select((contracts::id, companies::name, contracts::updated_at))
        .order(contracts::updated_at.desc())
        .limit(PER_KIND)
        .load(conn)?;
    for (id, company, at) in returned {
        out.push(Task {
            kind: TaskKind::ChangesRequested,
            title: company,
            link: format!("/contracts/{id}"),
            since: utc(at),
            due: None,
        });
    }
    // Weeks of mentor hours waiting for approval.
    let weeks: Vec<(String, String, String, Option<NaiveDateTime>)> = hour_weeks::table
        .inner_join(contracts::table.inner_join(companies::table))
        .filter(contracts::jobcenter_id.eq(jobcenter))
        .filter(hour_weeks::status.eq("submitted"))
        .select((
            hour_weeks::contract_id,
            hour_weeks::week,
            companies::name,
            hour_weeks::submitted_at,
        ))
        .order(hour_weeks::submitted_at.desc())
        .limit(PER_KIND)
        .load(conn)?;
    for (contract, week, company, at) in weeks {
        let label = IsoWeek::parse(&week)
            .map(|w| w.label())
            .unwrap_or_else(|_| week.clone());
        out.push(Task {
            kind: TaskKind::WeekToApprove,
            title: format!("{company} · {label}"),
            link: week_link(&contract, &week),
            since: utc(at.unwrap_or_else(|| midnight(today))),
            due: None,
        });
    }
    // Follow-ups due: the placement ended the follow-up period ago and has no outcome yet.
    let weeks_after =
        crate::seats::store::rule(conn, "follow_up_weeks_after_end", today)?.unwrap_or(4);
    let cutoff = today - Duration::weeks(i64::from(weeks_after));
    let due: Vec<(String, NaiveDate, String, String)> = placements::table
        .inner_join(contracts::table.inner_join(companies::table))
        .inner_join(candidates::table)
        .filter(contracts::jobcenter_id.eq(jobcenter))
        .filter(placements::status.eq_any(["placed", "ended"]))
        .filter(placements::end_date.le(cutoff))
        .filter(placements::self_supporting.is_null())
        .select((
            placements::id,
            placements::end_date,
            candidates::name,
            companies::name,
        ))
        .order(placements::end_date.desc())
        .limit(PER_KIND)
        .load(conn)?;
    for (id, end, candidate, company) in due {
        let due = end + Duration::weeks(i64::from(weeks_after));
        out.push(Task {
            kind: TaskKind::FollowUpDue,
            title: format!("{candidate} · {company}"),
            link: format!("/placements/{id}"),
            since: utc(midnight(due)),
            due: Some(due),
        });
    }
    // Accepted contracts that end within 60 days.
    let horizon = today + Duration::days(ENDING_DAYS);
    let ending: Vec<(String, NaiveDate, String)> = contracts::table
        .inner_join(companies::table)
        .filter(contracts::jobcenter_id.eq(jobcenter))
        .filter(contracts::accepted_version.is_not_null())
        .filter(contracts::terminated_on.is_null())
        .filter(contracts::end_date.ge(today))
        .filter(contracts::end_date.le(horizon))
        .select((contracts::id, contracts::end_date, companies::name))
        .order(contracts::end_date.asc())
        .limit(PER_KIND)
        .load(conn)?;
    for (id, end, company) in ending {
        out.push(Task {
            kind: TaskKind::ContractEnding,
            title: format!("{company} · {} {}", t::ENDS, format::date(end)),
            link: format!("/contracts/{id}"),
            since: utc(midnight(end - Duration::days(ENDING_DAYS))),
            due: Some(end),
        });
    }
    // Referrals on a waiting list.
    type WaitingRow = (
        String,
        NaiveDateTime,
        String,
        String,
        String,
        NaiveDate,
        NaiveDate,
    );
    let waiting: Vec<WaitingRow> = placements::table
        .inner_join(contracts::table.inner_join(companies::table))
        .inner_join(candidates::table)
        .filter(contracts::jobcenter_id.eq(jobcenter))
        .filter(placements::status.eq("waiting"))
        .select((
            placements::id,
            placements::created_at,
            candidates::name,
            companies::name,
            placements::contract_id,
            placements::start_date,
            placements::end_date,
        ))
        .order(placements::created_at.desc())
        .limit(PER_KIND)
        .load(conn)?;
    let mut books: std::collections::HashMap<String, crate::seats::book::SeatBook> =
        std::collections::HashMap::new();
    for (id, at, candidate, company, contract, start, end) in waiting {
        // Begun and a seat free for the rest: the consultant is offered the remaining days.
        let mut kind = TaskKind::Waiting;
        let mut since = utc(at);
        if start <= today && today <= end {
            if !books.contains_key(&contract) {
                let book = crate::seats::capacity::load_book(conn, &contract)?;
                books.insert(contract.clone(), book);
            }
            if books
                .get(&contract)
                .and_then(|b| b.seat_for_remaining(&id, today))
                .is_some()
            {
                kind = TaskKind::SeatForRemaining;
                since = utc(midnight(today));
            }
        }
        out.push(Task {
            kind,
            title: format!("{candidate} · {company}"),
            link: format!("/placements/{id}"),
            since,
            due: None,
        });
    }
    Ok(out)
}

fn signatory(conn: &mut DbConnection, company: &str) -> Result<Vec<Task>, AppError> {
    let rows: Vec<(String, String, Option<i32>, NaiveDateTime)> = contracts::table
        .inner_join(jobcenters::table)
        .filter(contracts::company_id.eq(company))
        .filter(contracts::pending_status.eq("sent"))
        .filter(contracts::shown_to_company.eq(true))
        .select((
            contracts::id,
            jobcenters::name,
            contracts::accepted_version,
            contracts::updated_at,
        ))
        .order(contracts::updated_at.desc())
        .limit(PER_KIND)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, jobcenter, accepted, at)| Task {
            kind: TaskKind::ContractToReview,
            // Which jobcenter, and whether it is a new contract or a change to one in force.
            title: format!(
                "{jobcenter} · {}",
                if accepted.is_some() {
                    t::REVIEW_AMENDMENT
                } else {
                    t::REVIEW_NEW
                }
            ),
            link: format!("/contracts/{id}"),
            since: utc(at),
            due: None,
        })
        .collect())
}

fn mentor(conn: &mut DbConnection, mentor: &str, today: NaiveDate) -> Result<Vec<Task>, AppError> {
    let this_week = IsoWeek::of(today);
    let mut weeks = Vec::new();
    let mut w = this_week;
    for _ in 0..MENTOR_WEEKS {
        w = w.prev();
        weeks.push(w);
    }
    let (Some(oldest), Some(newest)) = (weeks.last().copied(), weeks.first().copied()) else {
        return Ok(Vec::new());
    };
    // The accepted contracts they mentor that run in those weeks.
    let rows: Vec<(String, NaiveDate, NaiveDate, String)> = contracts::table
        .inner_join(companies::table)
        .filter(contracts::mentor_id.eq(mentor))
        .filter(contracts::accepted_version.is_not_null())
        .filter(contracts::start_date.le(newest.sunday()))
        .filter(contracts::end_date.ge(oldest.monday()))
        .select((
            contracts::id,
            contracts::start_date,
            contracts::end_date,
            companies::name,
        ))
        .limit(PER_KIND)
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let names: Vec<String> = weeks.iter().map(|w| w.to_string()).collect();
    // The state of those weeks, in one query.
    let states: Vec<(String, String, String, Option<NaiveDateTime>)> = hour_weeks::table
        .filter(hour_weeks::contract_id.eq_any(&ids))
        .filter(hour_weeks::week.eq_any(&names))
        .select((
            hour_weeks::contract_id,
            hour_weeks::week,
            hour_weeks::status,
            hour_weeks::decided_at,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for (id, start, end, company) in &rows {
        for w in &weeks {
            if w.sunday() < *start || w.monday() > *end {
                continue;
            }
            let name = w.to_string();
            let state = states.iter().find(|s| s.0 == *id && s.1 == name);
            let (kind, since) = match state.map(|s| (s.2.as_str(), s.3)) {
                Some(("submitted" | "approved", _)) => continue,
                Some(("rejected", at)) => (
                    TaskKind::WeekRejected,
                    at.unwrap_or_else(|| midnight(w.sunday())),
                ),
                // Due from the Monday after the week.
                _ => (
                    TaskKind::WeekToSubmit,
                    midnight(w.sunday() + Duration::days(1)),
                ),
            };
            out.push(Task {
                kind,
                title: format!("{company} · {}", w.label()),
                link: week_link(id, &name),
                since: utc(since),
                due: None,
            });
        }
    }
    Ok(out)
}

fn week_link(contract: &str, week: &str) -> String {
    format!(
        "/hours?{}",
        serde_html_form::to_string([("contract_id", contract), ("week", week)]).unwrap_or_default()
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskList {
    pub items: Vec<Task>,
}

#[utoipa::path(get, path = "/api/v1/me/tasks", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TaskList), (status = 401, body = ErrorBody)))]
#[get("/me/tasks")]
pub async fn my_tasks(state: web::Data<AppState>, user: ApiUser) -> Result<HttpResponse, AppError> {
    let items = for_actor(&state.db, &user.actor, crate::clock::today()).await?;
    Ok(HttpResponse::Ok().json(TaskList { items }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(my_tasks);
}

/// The inbox on the home page: a list of links with a worded badge each, or what to do when
/// there is nothing.
pub fn inbox(tasks: &[Task]) -> maud::Markup {
    maud::html! {
        section.inbox aria-labelledby="inbox-title" {
            h2 id="inbox-title" { (t::TITLE) " " span.count { "(" (tasks.len()) ")" } }
            @if tasks.is_empty() {
                p.empty { (t::EMPTY) }
            } @else {
                ul.tasks {
                    @for task in tasks {
                        li {
                            span class={ "badge task-" (serde_plain_kind(task.kind)) } { (task.kind.label()) }
                            " "
                            a href=(task.link) { (task.title) }
                            @if let Some(d) = task.due { " " small { (t::DUE) " " (format::date(d)) } }
                        }
                    }
                }
            }
        }
    }
}

fn serde_plain_kind(kind: TaskKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
        .replace('_', "-")
}
