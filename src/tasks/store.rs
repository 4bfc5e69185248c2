//! The queries behind each kind of task: one per kind (the mentor's weeks two), capped at
//! `per_kind` (`PER_KIND` for the task list, fewer for the home page), over the tables of
//! several areas (a read side across them).

use crate::ids::{ContractId, PlacementId};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::clock::utc;
use crate::db::schema::{candidates, companies, contracts, hour_weeks, jobcenters, placements};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::hours::model::IsoWeek;
use crate::tasks::model::{
    midnight, week_link, Task, TaskKind, ENDING_DAYS, MENTOR_WEEKS, MOVED_UP_DAYS, PER_KIND,
};
use crate::texts::tasks as t;
use crate::ui::format;

/// Corrections of a company's record that its signatory proposed and nobody has decided: for
/// the consultants of the jobcenters that contract with the company (`jobcenter`), and for
/// administrators (`None`, every company).
pub fn corrections(
    conn: &mut DbConnection,
    jobcenter: Option<&str>,
    per_kind: i64,
) -> Result<Vec<Task>, AppError> {
    use crate::db::schema::company_corrections as cc;
    // The pending corrections first, newest first through the status index (few at any time),
    // then, for a consultant, which of their companies contract with the jobcenter, a chunk at a
    // time until 50 are found. Filtered in one query, the planner read every contract of the
    // jobcenter to build the set of its companies before it looked at the (usually no) pending
    // corrections.
    let chunk = if jobcenter.is_some() {
        CORRECTIONS_CHUNK
    } else {
        per_kind
    };
    let mut found: Vec<(String, String, NaiveDateTime)> = Vec::new();
    for n in 0.. {
        let rows: Vec<(String, String, NaiveDateTime)> = cc::table
            .inner_join(companies::table)
            .filter(cc::status.eq("pending"))
            .select((cc::company_id, companies::name, cc::created_at))
            .order((cc::created_at.desc(), cc::id.desc()))
            .limit(chunk)
            .offset(n * chunk)
            .load(conn)?;
        let last = (rows.len() as i64) < chunk;
        match jobcenter {
            None => found.extend(rows),
            Some(_) if rows.is_empty() => {}
            Some(j) => {
                let ids: Vec<&str> = rows.iter().map(|(c, _, _)| c.as_str()).collect();
                let theirs: std::collections::HashSet<String> = contracts::table
                    .filter(contracts::jobcenter_id.eq(j))
                    .filter(contracts::company_id.eq_any(&ids))
                    .filter(contracts::accepted_version.is_not_null())
                    .select(contracts::company_id)
                    .load::<String>(conn)?
                    .into_iter()
                    .collect();
                found.extend(rows.into_iter().filter(|(c, _, _)| theirs.contains(c)));
            }
        }
        if last || jobcenter.is_none() || found.len() >= per_kind as usize {
            break;
        }
    }
    found.truncate(per_kind as usize);
    Ok(found
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

/// The pending corrections a consultant's inbox reads at a time, newest first, to find those
/// of the companies their jobcenter contracts with.
const CORRECTIONS_CHUNK: i64 = 500;

pub fn consultant(
    conn: &mut DbConnection,
    jobcenter: &str,
    today: NaiveDate,
    per_kind: i64,
) -> Result<Vec<Task>, AppError> {
    let mut out = Vec::new();
    // Contracts the company sent back.
    let returned: Vec<(String, String, NaiveDateTime)> = contracts::table
        .inner_join(companies::table)
        .filter(contracts::jobcenter_id.eq(jobcenter))
        .filter(contracts::pending_status.eq("changes_requested"))
        .select((contracts::id, companies::name, contracts::updated_at))
        .order(contracts::updated_at.desc())
        .limit(per_kind)
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
    // No-shows of the last week, and agreements the company sent back.
    let jc = crate::ids::JobcenterId::new(jobcenter);
    for (placement, person, company, day) in crate::attendance::store::no_shows(
        conn,
        &jc,
        today - Duration::days(crate::tasks::model::NO_SHOW_DAYS),
        per_kind,
    )? {
        out.push(Task {
            kind: TaskKind::NoShow,
            title: format!("{person} · {company} · {}", format::date(day)),
            link: format!(
                "/placements/{placement}/attendance?week={}",
                IsoWeek::of(day)
            ),
            since: utc(midnight(day)),
            due: None,
        });
    }
    for (placement, person, company, at) in crate::agreements::store::returned(conn, &jc, per_kind)?
    {
        out.push(Task {
            kind: TaskKind::AgreementReturned,
            title: format!("{person} · {company}"),
            link: format!("/placements/{placement}/agreement"),
            since: utc(at),
            due: None,
        });
    }
    // Weeks of mentor hours waiting for approval: the few submitted weeks of the jobcenter's
    // contracts first (each contract's look-up in the status index), then the names of their
    // companies. Joined in one query, a planner may look up the company of every contract of
    // the jobcenter before it knows whether the contract has a week waiting.
    let weeks: Vec<(String, String, Option<NaiveDateTime>)> = hour_weeks::table
        .inner_join(contracts::table)
        .filter(contracts::jobcenter_id.eq(jobcenter))
        .filter(hour_weeks::status.eq("submitted"))
        .select((
            hour_weeks::contract_id,
            hour_weeks::week,
            hour_weeks::submitted_at,
        ))
        .order(hour_weeks::submitted_at.desc())
        .limit(per_kind)
        .load(conn)?;
    if !weeks.is_empty() {
        let mut ids: Vec<&str> = weeks.iter().map(|w| w.0.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let names: std::collections::HashMap<String, String> = contracts::table
            .inner_join(companies::table)
            .filter(contracts::id.eq_any(&ids))
            .select((contracts::id, companies::name))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect();
        for (contract, week, at) in weeks {
            let label = IsoWeek::parse(&week)
                .map(|w| w.label())
                .unwrap_or_else(|_| week.clone());
            let company = names.get(&contract).map(String::as_str).unwrap_or_default();
            out.push(Task {
                kind: TaskKind::WeekToApprove,
                title: format!("{company} · {label}"),
                link: week_link(&contract, &week),
                since: utc(at.unwrap_or_else(|| midnight(today))),
                due: None,
            });
        }
    }
    // Follow-ups due: the placement ended the follow-up period ago and has no outcome yet.
    let weeks_after =
        crate::seats::store::rule(conn, "follow_up_weeks_after_end", today)?.unwrap_or(4);
    let cutoff = today - Duration::weeks(i64::from(weeks_after));
    // The 50 due first, through the jobcenter's follow-up index (one range, newest end first,
    // stopping at 50), each joined to its names.
    let due: Vec<(String, NaiveDate, String, String)> = placements::table
        .inner_join(contracts::table.inner_join(companies::table))
        .inner_join(candidates::table)
        .filter(placements::jobcenter_id.eq(jobcenter))
        .filter(placements::self_supporting.is_null())
        .filter(placements::end_date.le(cutoff))
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .select((
            placements::id,
            placements::end_date,
            candidates::name,
            companies::name,
        ))
        .order(placements::end_date.desc())
        .limit(per_kind)
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
        .limit(per_kind)
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
        PlacementId,
        NaiveDateTime,
        String,
        String,
        ContractId,
        NaiveDate,
        NaiveDate,
    );
    let waiting: Vec<WaitingRow> = placements::table
        .inner_join(contracts::table.inner_join(companies::table))
        .inner_join(candidates::table)
        .filter(placements::jobcenter_id.eq(jobcenter))
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
        .limit(per_kind)
        .load(conn)?;
    // Begun and a seat free for the rest: the consultant is offered the remaining days. Judged
    // per contract on the bookings that hold a seat from today to the last of those ends.
    let mut begun: std::collections::BTreeMap<ContractId, Vec<crate::seats::book::Booking>> =
        std::collections::BTreeMap::new();
    for (id, at, _, _, contract, start, end) in &waiting {
        if *start <= today && today <= *end {
            begun
                .entry(contract.clone())
                .or_default()
                .push(crate::seats::book::Booking {
                    id: id.to_string(),
                    state: crate::seats::book::BookingState::Waiting,
                    seat_no: None,
                    start: *start,
                    end: *end,
                    queue_no: at.and_utc().timestamp_micros(),
                });
        }
    }
    let mut books = std::collections::HashMap::new();
    for (contract, bookings) in begun {
        let book = crate::seats::store::book_for_remaining(conn, &contract, today, bookings)?;
        books.insert(contract, book);
    }
    for (id, at, candidate, company, contract, start, end) in waiting {
        let mut kind = TaskKind::Waiting;
        let mut since = utc(at);
        if start <= today
            && today <= end
            && books
                .get(&contract)
                .and_then(|b| b.seat_for_remaining(id.as_ref(), today))
                .is_some()
        {
            kind = TaskKind::SeatForRemaining;
            since = utc(midnight(today));
        }
        out.push(Task {
            kind,
            title: format!("{candidate} · {company}"),
            link: format!("/placements/{id}"),
            since,
            due: None,
        });
    }
    // Referrals that moved up from a waiting list lately (a seat freed up): the person and the
    // company are to be told.
    {
        use crate::db::schema::placement_events as pe;
        let cutoff = midnight(today - Duration::days(MOVED_UP_DAYS));
        let moved: Vec<(PlacementId, NaiveDateTime, String, String)> = pe::table
            .inner_join(
                placements::table
                    .on(placements::id.eq(pe::placement_id))
                    .inner_join(candidates::table)
                    .inner_join(contracts::table.inner_join(companies::table)),
            )
            .filter(placements::jobcenter_id.eq(jobcenter))
            .filter(pe::action.eq("promoted"))
            .filter(pe::created_at.ge(cutoff))
            .filter(placements::status.eq("placed"))
            .select((
                pe::placement_id,
                pe::created_at,
                candidates::name,
                companies::name,
            ))
            .order(pe::created_at.desc())
            .limit(per_kind)
            .load(conn)?;
        for (id, at, candidate, company) in moved {
            out.push(Task {
                kind: TaskKind::MovedUp,
                title: format!("{candidate} · {company}"),
                link: format!("/placements/{id}"),
                since: utc(at),
                due: None,
            });
        }
    }
    out.extend(visits(conn, jobcenter, today, per_kind)?);
    Ok(out)
}

/// Follow-up visits planned within the next week or passed in the last four without being
/// recorded (#22): due from their day, overdue after it.
fn visits(
    conn: &mut DbConnection,
    jobcenter: &str,
    today: NaiveDate,
    per_kind: i64,
) -> Result<Vec<Task>, AppError> {
    use crate::visits::model::{DUE_AHEAD_DAYS, OVERDUE_DAYS};
    let events = crate::visits::store::events(
        conn,
        &crate::auth::policy::ContractScope::Jobcenter(jobcenter.into()),
        crate::visits::store::Kinds {
            visits: true,
            follow_ups: false,
        },
        today - Duration::days(OVERDUE_DAYS),
        today + Duration::days(DUE_AHEAD_DAYS),
    )?;
    Ok(events
        .into_iter()
        .filter(|e| e.kind == crate::visits::model::EventKind::Visit && !e.done)
        .take(per_kind as usize)
        .map(|e| Task {
            kind: if e.day < today {
                TaskKind::VisitOverdue
            } else {
                TaskKind::VisitDue
            },
            title: format!("{} · {}", e.person, e.company),
            link: format!("/placements/{}/visits", e.placement_id),
            since: utc(midnight(e.day.min(today))),
            due: Some(e.day),
        })
        .collect())
}

pub fn signatory(
    conn: &mut DbConnection,
    company: &str,
    per_kind: i64,
) -> Result<Vec<Task>, AppError> {
    let mut out: Vec<Task> =
        crate::agreements::store::waiting_for_company(conn, &crate::ids::CompanyId::new(company))?
            .into_iter()
            .map(|(placement, person, at)| Task {
                kind: TaskKind::AgreementToReview,
                title: person,
                link: format!("/placements/{placement}/agreement"),
                since: utc(at.unwrap_or_else(crate::db::now)),
                due: None,
            })
            .collect();
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
        .limit(per_kind)
        .load(conn)?;
    out.extend(rows.into_iter().map(|(id, jobcenter, accepted, at)| Task {
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
    }));
    Ok(out)
}

pub fn mentor(
    conn: &mut DbConnection,
    mentor: &str,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
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
