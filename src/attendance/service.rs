//! Attendance of a placement: the mentor records each planned day; the consultant follows the
//! weeks (planned hours by the agreement's step-up plan against the days attended); a no-show is
//! an inbox task for the consultant the same day, and a mail.

use crate::ids::{PlacementId, UserId};
use chrono::{Duration, NaiveDate};

use crate::agreements::store as agreement_store;
use crate::attendance::model::{self, Plan, Status, WeekSummary};
use crate::attendance::store::{self, AttendanceRow};
use crate::auth::model::Actor;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::{Db, DbConnection};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::IsoWeek;
use crate::mail::model::Kind;
use crate::seats::store::{self as seat_store, PlacementRow};
use crate::texts::attendance as tt;
use crate::ui::format;

/// One recorded day as the actor may see it.
#[derive(Debug, Clone)]
pub struct DayView {
    pub day: NaiveDate,
    pub present: bool,
    /// The status and note; `None` for whoever may not see why someone was absent.
    pub reason: Option<(Status, String)>,
    pub recorded_by: String,
}

#[derive(Debug, Clone)]
pub struct AttendanceView {
    pub placement: PlacementRow,
    pub contract: ContractRow,
    pub candidate_name: String,
    pub company_name: String,
    pub plan: Plan,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayView>,
    pub weeks: Vec<(IsoWeek, WeekSummary)>,
    pub may_record: bool,
}

impl AttendanceView {
    pub fn day(&self, d: NaiveDate) -> Option<&DayView> {
        self.days.iter().find(|x| x.day == d)
    }
}

fn placement_for(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &PlacementId,
) -> Result<(PlacementRow, ContractRow), AppError> {
    let p = seat_store::get_placement(conn, id)?.ok_or(AppError::NotFound)?;
    let c = contract_store::get_contract(conn, &p.contract_id)?.ok_or(AppError::NotFound)?;
    if !actor.may_view_placement(
        &c.parties(),
        matches!(p.status.as_str(), "placed" | "ended"),
    ) {
        return Err(AppError::NotFound);
    }
    Ok((p, c))
}

fn plan_of(conn: &mut DbConnection, p: &PlacementRow) -> Result<Plan, AppError> {
    let agreement = agreement_store::accepted_terms(conn, &p.id)?;
    Ok(Plan::new(p.start_date, p.end_date, agreement))
}

fn view_of(
    conn: &mut DbConnection,
    actor: &Actor,
    p: PlacementRow,
    c: ContractRow,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AttendanceView, AppError> {
    let plan = plan_of(conn, &p)?;
    let rows = store::range(conn, &p.id, from, to)?;
    let days: Vec<DayView> = rows
        .into_iter()
        .map(|r: AttendanceRow| {
            let status = Status::from_stored(&r.status)?;
            Ok(DayView {
                day: r.day,
                present: status == Status::Present,
                reason: actor
                    .may_see_absence_reason(&c.parties(), &r.recorded_by)
                    .then(|| (status, r.note.clone())),
                recorded_by: r.recorded_by,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let recorded: Vec<(NaiveDate, bool)> = days.iter().map(|d| (d.day, d.present)).collect();
    let weeks = plan
        .weeks()
        .into_iter()
        .filter(|w| w.sunday() >= from && w.monday() <= to)
        .map(|w| (w, model::summarize(&plan, w, &recorded)))
        .collect();
    let candidate_name = seat_store::get_candidate(conn, &p.candidate_id)?
        .map(|x| x.name)
        .unwrap_or_default();
    let company_name = agreement_store::company_name(conn, &c.company_id)?;
    Ok(AttendanceView {
        may_record: actor.may_record_attendance(&c.parties()),
        candidate_name,
        company_name,
        plan,
        from,
        to,
        days,
        weeks,
        placement: p,
        contract: c,
    })
}

fn parse_day(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => format::parse_date(s)
            .map(Some)
            .ok_or_else(|| AppError::field(field, tt::DATE_FORMAT)),
    }
}

/// The attendance of a placement in [from, to] (the whole planned period by default).
pub async fn list(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    from: Option<String>,
    to: Option<String>,
) -> Result<AttendanceView, AppError> {
    let from = parse_day("from", from.as_deref())?;
    let to = parse_day("to", to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to) {
        if t < f || (t - f).num_days() > 3660 {
            return Err(AppError::field("to", tt::RANGE));
        }
    }
    let actor = actor.clone();
    db.read(move |conn| {
        let (p, c) = placement_for(conn, &actor, &id)?;
        let plan = plan_of(conn, &p)?;
        let from = from.unwrap_or(plan.start);
        let to = to.unwrap_or(plan.end);
        view_of(conn, &actor, p, c, from, to)
    })
    .await
}

/// One day to record.
#[derive(Debug, Clone)]
pub struct DayInput {
    pub day: String,
    pub status: String,
    pub note: String,
}

/// Records days of a placement (the contract's mentor; one transaction for all of them). A day
/// must be planned (a weekday in the period) and not in the future. A new no-show is mailed to
/// the consultant at once (and is on their task list). `by_date` names each day's fields by its
/// date (`status_2027-03-03`, the week's form) instead of `date`/`status`/`note` (the API).
pub async fn record(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    input: Vec<DayInput>,
    by_date: bool,
) -> Result<AttendanceView, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let (p, c) = placement_for(conn, &actor, &id)?;
        if !actor.may_record_attendance(&c.parties()) {
            return Err(AppError::Forbidden);
        }
        if !matches!(p.status.as_str(), "placed" | "ended") {
            return Err(AppError::Conflict(tt::NOT_PLACED.into()));
        }
        let plan = plan_of(conn, &p)?;
        let today = crate::clock::today();
        let mut errors = FieldErrors::new();
        let mut days = Vec::new();
        for d in &input {
            // A week's form names each day's fields by its date; the API has one day.
            let (f_date, f_status, f_note) = if by_date {
                (
                    format!("status_{}", d.day),
                    format!("status_{}", d.day),
                    format!("note_{}", d.day),
                )
            } else {
                ("date".to_string(), "status".to_string(), "note".to_string())
            };
            let Some(day) = format::parse_date(&d.day) else {
                errors.add(&f_date, tt::DATE_FORMAT);
                continue;
            };
            if !plan.is_planned(day) {
                errors.add(
                    &f_date,
                    tt::not_planned(&format::date(plan.start), &format::date(plan.end)),
                );
                continue;
            }
            if day > today {
                errors.add(&f_date, tt::IN_FUTURE);
                continue;
            }
            match model::parse(&d.status, &d.note) {
                Ok((s, note)) => days.push((day, s, note)),
                Err(e) => {
                    for (field, msgs) in e.0 {
                        let name = if field == "note" { &f_note } else { &f_status };
                        for m in msgs {
                            errors.add(name, m);
                        }
                    }
                }
            }
        }
        errors.into_result()?;
        let me: &UserId = &actor.user_id;
        for (day, status, note) in &days {
            // Two first records of one day at once (a double click on PostgreSQL): the second
            // is told to reload, not given a 500.
            let before = store::set(conn, &p.id, &p.contract_id, *day, status.code(), note, me)
                .map_err(|e| {
                    if crate::error::is_unique_violation(&e) {
                        AppError::Conflict(tt::RECORDED_MEANWHILE.into())
                    } else {
                        e.into()
                    }
                })?;
            if *status == Status::NoShow && before.as_deref() != Some(Status::NoShow.code()) {
                let person = seat_store::get_candidate(conn, &p.candidate_id)?.map(|x| x.name);
                let date = format::date(*day);
                crate::mail::store::contract_event(
                    conn,
                    &p.contract_id,
                    Kind::NoShow,
                    crate::mail::store::Audience::Consultant,
                    Some(me),
                    |m| {
                        m.path =
                            format!("/placements/{}/attendance?week={}", p.id, IsoWeek::of(*day));
                        m.person = person;
                        m.date = Some(date);
                    },
                )?;
            }
        }
        let (from, to) = match (
            days.iter().map(|d| d.0).min(),
            days.iter().map(|d| d.0).max(),
        ) {
            (Some(a), Some(b)) => (a, b),
            _ => (today, today),
        };
        view_of(conn, &actor, p, c, from, to)
    })
    .await
}

/// No-shows of the last week in the consultant's jobcenter: (placement, person, company, day).
pub async fn recent_no_shows(
    db: &Db,
    actor: &Actor,
) -> Result<Vec<(String, String, String, NaiveDate)>, AppError> {
    let Some(jobcenter) = actor.consultant_jobcenter().cloned() else {
        return Ok(Vec::new());
    };
    let since = crate::clock::today() - Duration::days(7);
    db.read(move |conn| Ok(store::no_shows(conn, &jobcenter, since, 50)?))
        .await
}
