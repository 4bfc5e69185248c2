//! Visits and calendar feeds as stored, and the calendar's read side: a placement's visits (its
//! plan from the contract's terms with the stored rows laid over it) and the events of a scope
//! of contracts in a window of days.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;

use crate::auth::policy::ContractScope;
use crate::contracts::store as contract_store;
use crate::db::schema::{calendar_feeds, candidates, companies, contracts, placements, visits};
use crate::db::{now, DbConnection};
use crate::error::AppError;
use crate::ids::{ContractId, PlacementId, UserId};
use crate::seats::store::PlacementRow;
use crate::visits::model::{self, CalEvent, EventKind, StoredVisit, Visit};

/// The follow-up interval when a contract's terms cannot be read (the terms' own default).
const DEFAULT_EVERY_WEEKS: i32 = 4;
/// The most placements a calendar reads at once.
const MAX_PLACEMENTS: i64 = 5000;

type Row = (
    String,
    i32,
    Option<NaiveDate>,
    Option<i32>,
    Option<NaiveDate>,
    String,
);

fn stored((_, seq, planned_on, at_minute, done_on, note): Row) -> StoredVisit {
    StoredVisit {
        seq,
        planned_on,
        at_minute,
        done_on,
        note,
    }
}

fn columns() -> (
    visits::placement_id,
    visits::seq,
    visits::planned_on,
    visits::at_minute,
    visits::done_on,
    visits::note,
) {
    (
        visits::placement_id,
        visits::seq,
        visits::planned_on,
        visits::at_minute,
        visits::done_on,
        visits::note,
    )
}

/// The stored rows of a placement's visits.
pub fn stored_visits(conn: &mut DbConnection, id: &PlacementId) -> QueryResult<Vec<StoredVisit>> {
    let rows: Vec<Row> = visits::table
        .filter(visits::placement_id.eq(id))
        .select(columns())
        .order(visits::seq.asc())
        .load(conn)?;
    Ok(rows.into_iter().map(stored).collect())
}

/// The follow-up interval in weeks of the contract's terms in force on `day`.
pub fn every_weeks(
    conn: &mut DbConnection,
    contract: &ContractId,
    day: NaiveDate,
) -> Result<i32, AppError> {
    Ok(contract_store::terms_on(conn, contract, day)?
        .map(|t| t.follow_up_weeks)
        .unwrap_or(DEFAULT_EVERY_WEEKS))
}

/// Contracts' follow-up intervals per accepted version, in one query per 500 contracts:
/// contract id → (effective from, weeks) in version order. Only the interval is read out of the terms.
pub fn intervals_of(
    conn: &mut DbConnection,
    contracts: &[&str],
) -> Result<HashMap<String, Vec<(NaiveDate, i32)>>, AppError> {
    use crate::db::schema::contract_versions as cv;
    #[derive(serde::Deserialize)]
    struct Interval {
        follow_up_weeks: i32,
    }
    let mut out: HashMap<String, Vec<(NaiveDate, i32)>> = HashMap::new();
    for chunk in contracts.chunks(500) {
        let rows: Vec<(String, NaiveDate, String)> = cv::table
            .filter(cv::contract_id.eq_any(chunk))
            .filter(cv::status.eq("accepted"))
            .select((cv::contract_id, cv::effective_from, cv::terms))
            .order((cv::contract_id.asc(), cv::version_no.asc()))
            .load(conn)?;
        for (contract, from, terms) in rows {
            let weeks = serde_json::from_str::<Interval>(&terms)
                .map_err(|e| AppError::internal(format!("stored terms unreadable: {e}")))?
                .follow_up_weeks;
            out.entry(contract).or_default().push((from, weeks));
        }
    }
    Ok(out)
}

/// The interval in force on `day` among a contract's accepted versions, as
/// [`contract_store::terms_on`] chooses the version (before the first: the first).
pub fn interval_on(intervals: &[(NaiveDate, i32)], day: NaiveDate) -> i32 {
    intervals
        .iter()
        .rev()
        .find(|(from, _)| *from <= day)
        .or(intervals.first())
        .map(|(_, w)| *w)
        .unwrap_or(DEFAULT_EVERY_WEEKS)
}

/// Whether a placement has visits at all: placed or ended (not waiting or cancelled).
pub fn has_visits(p: &PlacementRow) -> bool {
    matches!(p.status.as_str(), "placed" | "ended")
}

/// A placement's visits (none unless it is placed or ended), with its interval in weeks.
pub fn placement_visits(
    conn: &mut DbConnection,
    p: &PlacementRow,
) -> Result<(Vec<Visit>, i32), AppError> {
    let weeks = every_weeks(conn, &p.contract_id, p.start_date)?;
    if !has_visits(p) {
        return Ok((Vec::new(), weeks));
    }
    let rows = stored_visits(conn, &p.id)?;
    let plan = model::plan(p.start_date, p.end_date, weeks);
    Ok((model::merge(&plan, &rows), weeks))
}

/// Moves and/or records visit `seq` of a placement: the row is written with what changed and
/// keeps the rest.
pub fn save_visit(
    conn: &mut DbConnection,
    id: &PlacementId,
    seq: i32,
    moved_to: Option<(NaiveDate, Option<i32>)>,
    record: Option<(NaiveDate, String)>,
    by: &UserId,
) -> QueryResult<()> {
    let existing: Option<Row> = visits::table
        .filter(visits::placement_id.eq(id))
        .filter(visits::seq.eq(seq))
        .select(columns())
        .first(conn)
        .optional()?;
    let old = existing.map(stored);
    let planned_on = moved_to
        .map(|(d, _)| Some(d))
        .unwrap_or_else(|| old.as_ref().and_then(|o| o.planned_on));
    let at_minute = moved_to
        .map(|(_, m)| m)
        .unwrap_or_else(|| old.as_ref().and_then(|o| o.at_minute));
    let (done_on, note) = match record {
        Some((d, n)) => (Some(d), n),
        None => (
            old.as_ref().and_then(|o| o.done_on),
            old.as_ref().map(|o| o.note.clone()).unwrap_or_default(),
        ),
    };
    if old.is_some() {
        diesel::update(
            visits::table
                .filter(visits::placement_id.eq(id))
                .filter(visits::seq.eq(seq)),
        )
        .set((
            visits::planned_on.eq(planned_on),
            visits::at_minute.eq(at_minute),
            visits::done_on.eq(done_on),
            visits::note.eq(note),
            visits::updated_by.eq(by),
            visits::updated_at.eq(now()),
        ))
        .execute(conn)?;
    } else {
        diesel::insert_into(visits::table)
            .values((
                visits::placement_id.eq(id),
                visits::seq.eq(seq),
                visits::planned_on.eq(planned_on),
                visits::at_minute.eq(at_minute),
                visits::done_on.eq(done_on),
                visits::note.eq(note),
                visits::updated_by.eq(by),
                visits::updated_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The epoch of a person's calendar feed (0 until it was first renewed).
pub fn feed_epoch(conn: &mut DbConnection, user: &UserId) -> QueryResult<i32> {
    Ok(calendar_feeds::table
        .find(user)
        .select(calendar_feeds::epoch)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// Moves a person's calendar feed to its next epoch (the old address stops working); the new
/// epoch.
pub fn renew_feed(conn: &mut DbConnection, user: &UserId) -> QueryResult<i32> {
    let n = diesel::update(calendar_feeds::table.find(user))
        .set((
            calendar_feeds::epoch.eq(calendar_feeds::epoch + 1),
            calendar_feeds::renewed_at.eq(now()),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(calendar_feeds::table)
            .values((
                calendar_feeds::user_id.eq(user),
                calendar_feeds::epoch.eq(1),
                calendar_feeds::renewed_at.eq(now()),
            ))
            .execute(conn)?;
    }
    feed_epoch(conn, user)
}

/// Which kinds of events a calendar holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds {
    pub visits: bool,
    pub follow_ups: bool,
}

/// The events of the placements (placed or ended) of the contracts in `scope` on the days
/// [from, to], by day: starts and ends; visits and due self-support follow-ups as `kinds` says.
/// A company's and a mentor's scope hold only contracts shown to the company.
pub fn events(
    conn: &mut DbConnection,
    scope: &ContractScope,
    kinds: Kinds,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CalEvent>, AppError> {
    let weeks_after =
        crate::seats::store::rule(conn, "follow_up_weeks_after_end", from)?.unwrap_or(4);
    let after = Duration::weeks(i64::from(weeks_after));
    let earliest_end = if kinds.follow_ups { from - after } else { from };
    let mut q = placements::table
        .inner_join(contracts::table.inner_join(companies::table))
        .inner_join(candidates::table)
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .filter(placements::start_date.le(to))
        .filter(placements::end_date.ge(earliest_end))
        .select((PlacementRow::as_select(), candidates::name, companies::name))
        .order((placements::start_date.asc(), placements::id.asc()))
        .limit(MAX_PLACEMENTS)
        .into_boxed();
    q = match scope {
        ContractScope::All => q,
        ContractScope::Jobcenter(j) => q.filter(placements::jobcenter_id.eq(j.to_string())),
        ContractScope::Company(c) => q
            .filter(contracts::company_id.eq(c.to_string()))
            .filter(contracts::shown_to_company.eq(true)),
        ContractScope::Mentor(m) => q
            .filter(contracts::mentor_id.eq(m.to_string()))
            .filter(contracts::shown_to_company.eq(true)),
    };
    let rows: Vec<(PlacementRow, String, String)> = q.load(conn)?;
    let mut rows_by_placement: HashMap<String, Vec<StoredVisit>> = HashMap::new();
    if kinds.visits {
        let ids: Vec<String> = rows.iter().map(|r| r.0.id.to_string()).collect();
        for chunk in ids.chunks(500) {
            let stored_rows: Vec<Row> = visits::table
                .filter(visits::placement_id.eq_any(chunk))
                .select(columns())
                .load(conn)?;
            for r in stored_rows {
                rows_by_placement
                    .entry(r.0.clone())
                    .or_default()
                    .push(stored(r));
            }
        }
    }
    let within = |d: NaiveDate| from <= d && d <= to;
    let by_contract = if kinds.visits {
        let mut ids: Vec<&str> = rows.iter().map(|r| r.0.contract_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        intervals_of(conn, &ids)?
    } else {
        HashMap::new()
    };
    let mut out = Vec::new();
    for (p, person, company) in rows {
        let event = |kind, day, seq, at_minute, done| CalEvent {
            kind,
            placement_id: p.id.to_string(),
            seq,
            day,
            at_minute,
            person: person.clone(),
            company: company.clone(),
            done,
        };
        if within(p.start_date) {
            out.push(event(EventKind::Start, p.start_date, None, None, false));
        }
        if within(p.end_date) {
            out.push(event(EventKind::End, p.end_date, None, None, false));
        }
        if kinds.follow_ups && p.self_supporting.is_none() && within(p.end_date + after) {
            out.push(event(
                EventKind::FollowUp,
                p.end_date + after,
                None,
                None,
                false,
            ));
        }
        if kinds.visits {
            let weeks = interval_on(
                by_contract
                    .get(p.contract_id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
                p.start_date,
            );
            let plan = model::plan(p.start_date, p.end_date, weeks);
            let stored_rows = rows_by_placement.remove(p.id.as_str()).unwrap_or_default();
            for v in model::merge(&plan, &stored_rows) {
                if within(v.day()) {
                    out.push(event(
                        EventKind::Visit,
                        v.day(),
                        Some(v.seq),
                        v.at_minute,
                        v.done_on.is_some(),
                    ));
                }
            }
        }
    }
    out.sort_by(|a, b| {
        (
            a.day,
            a.at_minute,
            a.kind,
            &a.person,
            &a.placement_id,
            a.seq,
        )
            .cmp(&(
                b.day,
                b.at_minute,
                b.kind,
                &b.person,
                &b.placement_id,
                b.seq,
            ))
    });
    Ok(out)
}
