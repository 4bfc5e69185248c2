//! Placements and the seat book as stored: capacity, bookings, months, outcomes and events.

use crate::ids::{CandidateId, CompanyId, ContractId, JobcenterId, PlacementId, UserId};
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{contract_versions, contracts, placement_events, placements};
use crate::db::{new_id, now, DbConnection};
use crate::error::AppError;
use crate::seats::book::{Booking, Capacity, SeatBook, Step};

use super::*;

/// Takes the contract's allocation lock and returns the next queue number. On PostgreSQL the
/// UPDATE holds the row lock until commit, so allocations on one contract run one at a time
/// across every app instance; on SQLite `BEGIN IMMEDIATE` already serialises all writers.
pub fn lock_contract(conn: &mut DbConnection, id: &ContractId) -> QueryResult<Option<i64>> {
    let n = diesel::update(contracts::table.find(id))
        .set(contracts::alloc_seq.eq(contracts::alloc_seq + 1))
        .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    contracts::table
        .find(id)
        .select(contracts::alloc_seq)
        .first(conn)
        .map(Some)
}

/// The contract's capacity per day: its accepted versions as steps, inside its period.
pub fn capacity(
    conn: &mut DbConnection,
    contract_id: &ContractId,
) -> QueryResult<Option<Capacity>> {
    let (start, end, accepted): (NaiveDate, NaiveDate, Option<i32>) = contracts::table
        .find(contract_id)
        .select((
            contracts::start_date,
            contracts::end_date,
            contracts::accepted_version,
        ))
        .first(conn)?;
    if accepted.is_none() {
        return Ok(None);
    }
    let steps: Vec<(NaiveDate, i32)> = contract_versions::table
        .filter(contract_versions::contract_id.eq(contract_id))
        .filter(contract_versions::status.eq("accepted"))
        .select((contract_versions::effective_from, contract_versions::seats))
        .order(contract_versions::version_no.asc())
        .load(conn)?;
    Ok(Some(Capacity {
        start,
        end,
        steps: steps
            .into_iter()
            .map(|(from, seats)| Step { from, seats })
            .collect(),
    }))
}

/// The live bookings of a contract (placed, waiting, ended; cancelled ones hold nothing).
pub fn contract_placements(
    conn: &mut DbConnection,
    contract_id: &ContractId,
) -> QueryResult<Vec<PlacementRow>> {
    placements::table
        .filter(placements::contract_id.eq(contract_id))
        .filter(placements::status.ne("cancelled"))
        .select(PlacementRow::as_select())
        .order(placements::queue_no.asc())
        .load(conn)
}

/// The bookings of a contract that hold a seat on some day of [from, to]: what a referral for
/// that period is judged on ([`crate::seats::book::holds_seat_within`] says the same in Rust).
/// Read through `placements_contract_end_idx` (contract, end): the bookings that ended before the
/// period are not read.
pub fn seated_within(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<PlacementRow>> {
    placements::table
        .filter(placements::contract_id.eq(contract_id))
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .filter(placements::start_date.le(to))
        .filter(placements::end_date.ge(from))
        .select(PlacementRow::as_select())
        .load(conn)
}

/// How many referrals wait for a seat on a contract.
pub fn count_waiting(conn: &mut DbConnection, contract_id: &ContractId) -> QueryResult<i64> {
    placements::table
        .filter(placements::contract_id.eq(contract_id))
        .filter(placements::status.eq("waiting"))
        .count()
        .get_result(conn)
}

pub fn get_placement(
    conn: &mut DbConnection,
    id: &PlacementId,
) -> QueryResult<Option<PlacementRow>> {
    placements::table
        .find(id)
        .select(PlacementRow::as_select())
        .first(conn)
        .optional()
}

pub fn candidate_placements(
    conn: &mut DbConnection,
    candidate_id: &CandidateId,
) -> QueryResult<Vec<PlacementRow>> {
    placements::table
        .filter(placements::candidate_id.eq(candidate_id))
        .select(PlacementRow::as_select())
        .order(placements::start_date.desc())
        .load(conn)
}

/// A candidate's live placements overlapping [from, to], except one.
pub fn overlapping_for_candidate(
    conn: &mut DbConnection,
    candidate_id: &CandidateId,
    from: NaiveDate,
    to: NaiveDate,
    except: Option<&str>,
) -> QueryResult<Vec<PlacementRow>> {
    let mut q = placements::table
        .filter(placements::candidate_id.eq(candidate_id))
        .filter(placements::status.ne("cancelled"))
        .filter(placements::start_date.le(to))
        .filter(placements::end_date.ge(from))
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(placements::id.ne(id.to_string()));
    }
    q.select(PlacementRow::as_select()).load(conn)
}

/// The periods of a candidate's placements (placed or ended) of one offer type at one company,
/// in any of its contracts: the stays the duration rule adds together.
pub fn stays_at_company(
    conn: &mut DbConnection,
    candidate_id: &CandidateId,
    company_id: &CompanyId,
    offer_type: &str,
    except: Option<&str>,
) -> QueryResult<Vec<(NaiveDate, NaiveDate)>> {
    use crate::db::schema::contracts;
    let mut q = placements::table
        .inner_join(contracts::table)
        .filter(placements::candidate_id.eq(candidate_id))
        .filter(contracts::company_id.eq(company_id))
        .filter(placements::offer_type.eq(offer_type))
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(placements::id.ne(id.to_string()));
    }
    q.select((placements::start_date, placements::end_date))
        .load(conn)
}

pub struct NewPlacement<'a> {
    pub id: &'a PlacementId,
    pub contract_id: &'a ContractId,
    /// The contract's jobcenter (the database refuses any other).
    pub jobcenter_id: &'a JobcenterId,
    pub candidate_id: &'a CandidateId,
    pub booking: &'a Booking,
    pub offer_type: &'a str,
    pub created_by: &'a str,
    /// The person's benefit and match group at referral, kept with the placement.
    pub benefit: &'a str,
    pub match_group: i32,
}

pub fn insert_placement(conn: &mut DbConnection, p: &NewPlacement<'_>) -> QueryResult<()> {
    let ts = now();
    diesel::insert_into(placements::table)
        .values((
            placements::id.eq(p.id),
            placements::contract_id.eq(p.contract_id),
            placements::jobcenter_id.eq(p.jobcenter_id),
            placements::candidate_id.eq(p.candidate_id),
            placements::status.eq(p.booking.state.code()),
            placements::seat_no.eq(p.booking.seat_no),
            placements::offer_type.eq(p.offer_type),
            placements::start_date.eq(p.booking.start),
            placements::end_date.eq(p.booking.end),
            placements::queue_no.eq(p.booking.queue_no),
            placements::created_by.eq(p.created_by),
            placements::created_at.eq(ts),
            placements::updated_at.eq(ts),
            placements::benefit_at_referral.eq(p.benefit),
            placements::match_group_at_referral.eq(p.match_group),
        ))
        .execute(conn)?;
    sync_months(conn, p.id)
}

/// Writes a booking's state, seat and end back.
pub fn update_booking(conn: &mut DbConnection, b: &Booking) -> QueryResult<()> {
    diesel::update(placements::table.find(&b.id))
        .set((
            placements::status.eq(b.state.code()),
            placements::seat_no.eq(b.seat_no),
            placements::start_date.eq(b.start),
            placements::end_date.eq(b.end),
            placements::updated_at.eq(now()),
        ))
        .execute(conn)?;
    sync_months(conn, &PlacementId::new(&b.id))
}

/// The person's and the company's name of each placement in `ids` (for lists that found their
/// placements in another table first).
pub fn names_of_placements(
    conn: &mut DbConnection,
    ids: &[&str],
) -> QueryResult<std::collections::HashMap<String, (String, String)>> {
    use crate::db::schema::{candidates, companies, contracts};
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(placements::table
        .inner_join(candidates::table.on(candidates::id.eq(placements::candidate_id)))
        .inner_join(contracts::table.on(contracts::id.eq(placements::contract_id)))
        .inner_join(companies::table.on(companies::id.eq(contracts::company_id)))
        .filter(placements::id.eq_any(ids))
        .select((placements::id, candidates::name, companies::name))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(p, person, company)| (p, (person, company)))
        .collect())
}

/// Rewrites the months a placement is active in (`placement_months`, which the campaign goals
/// count from): every month from its start to its end while it holds a seat, none otherwise.
/// Called by every write that changes a placement's state or dates, in its transaction.
pub fn sync_months(conn: &mut DbConnection, id: &PlacementId) -> QueryResult<()> {
    use crate::db::schema::{candidates, placement_months as pm};
    // The jobcenter's row lock first: its month counts change below, and two placement writes
    // of one jobcenter (different candidates and contracts, so no shared lock yet) must not
    // count at the same time on PostgreSQL.
    let found: Option<(JobcenterId, Option<bool>)> = placements::table
        .inner_join(candidates::table)
        .filter(placements::id.eq(id))
        .select((candidates::jobcenter_id, placements::self_supporting))
        .first(conn)
        .optional()?;
    if let Some((j, _)) = &found {
        crate::directory::store::lock_jobcenter(conn, j)?;
    }
    // Whatever its state now: a follow-up is never taken back, so a placement without one
    // never counted in Mål 2.
    let followed_up = found.is_some_and(|(_, outcome)| outcome.is_some());
    let old: Vec<MonthRow> = pm::table
        .filter(pm::placement_id.eq(id))
        .select((
            pm::jobcenter_id,
            pm::month,
            pm::candidate_id,
            pm::benefit,
            pm::match_group,
        ))
        .load(conn)?;
    if !old.is_empty() {
        diesel::delete(pm::table.filter(pm::placement_id.eq(id))).execute(conn)?;
    }
    type MonthsOf = (CandidateId, JobcenterId, String, i32, NaiveDate, NaiveDate);
    let row: Option<MonthsOf> = placements::table
        .inner_join(candidates::table)
        .filter(placements::id.eq(id))
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .select((
            placements::candidate_id,
            candidates::jobcenter_id,
            placements::benefit_at_referral,
            placements::match_group_at_referral,
            placements::start_date,
            placements::end_date,
        ))
        .first(conn)
        .optional()?;
    let mut new = Vec::new();
    if let Some((candidate, jobcenter, benefit, match_group, start, end)) = row {
        for month in crate::clock::months_of(start, end) {
            diesel::insert_into(pm::table)
                .values((
                    pm::placement_id.eq(id),
                    pm::month.eq(&month),
                    pm::jobcenter_id.eq(&jobcenter),
                    pm::candidate_id.eq(&candidate),
                    pm::benefit.eq(&benefit),
                    pm::match_group.eq(match_group),
                ))
                .execute(conn)?;
            new.push(MonthRow {
                jobcenter: jobcenter.clone(),
                month,
                candidate: candidate.clone(),
                benefit: benefit.clone(),
                match_group,
            });
        }
    }
    if followed_up {
        // A follow-up is recorded (it is never taken back): Mål 2's counts of the end month
        // read the placement's outcome and end, whose earlier values are gone, so the months
        // touched are counted afresh. Rare: a follow-up, or a change to a followed-up stay.
        let touched: std::collections::BTreeSet<(JobcenterId, String)> = old
            .iter()
            .chain(&new)
            .map(|r| (r.jobcenter.clone(), r.month.clone()))
            .collect();
        for (jobcenter, month) in touched {
            recount_month(conn, &jobcenter, &month)?;
        }
        return Ok(());
    }
    // Without a follow-up the placement never counted in Mål 2 (before or now), so only the
    // people in activation change: by one where the person appears in or leaves a month, and
    // only if no other placement of theirs counts them there already.
    adjust_months(conn, id, &old, &new)
}

/// One placement's row of `placement_months`, as far as the counts go.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub(super) struct MonthRow {
    jobcenter: JobcenterId,
    month: String,
    candidate: CandidateId,
    benefit: String,
    match_group: i32,
}

impl MonthRow {
    fn same_person_month(&self, other: &MonthRow) -> bool {
        self.jobcenter == other.jobcenter
            && self.month == other.month
            && self.candidate == other.candidate
    }

    fn in_group(&self, group: &crate::campaign::model::TargetGroup) -> bool {
        self.match_group == group.match_group && group.benefits.contains(&self.benefit)
    }
}

/// Changes the kept counts (`jobcenter_months.in_activation`, `target_months`) by what one
/// placement's months went from (`old`) to (`new`); `placement_months` already holds `new`.
/// A person counts once per jobcenter and month however many placements they have there, so a
/// count moves only where no other placement of theirs is in that month (and, for a target
/// group, in that group). Equal to a fresh count whenever the counts were (checked by
/// `it::campaign::kept_month_counts_follow_every_placement_change` and the demo's test).
fn adjust_months(
    conn: &mut DbConnection,
    id: &PlacementId,
    old: &[MonthRow],
    new: &[MonthRow],
) -> QueryResult<()> {
    use crate::db::schema::placement_months as pm;
    let mut keys: Vec<&MonthRow> = Vec::new();
    for r in old.iter().chain(new) {
        if !keys.iter().any(|k| k.same_person_month(r)) {
            keys.push(r);
        }
    }
    // Whether `rows` put the key's person in the key's month (and in `group`, when given).
    let present = |key: &MonthRow, rows: &[MonthRow], group: Option<&_>| {
        rows.iter()
            .any(|r| r.same_person_month(key) && group.is_none_or(|g| r.in_group(g)))
    };
    let mut groups = None;
    for key in keys {
        let (was, is) = (present(key, old, None), present(key, new, None));
        if was != is {
            let others: bool = diesel::select(diesel::dsl::exists(
                pm::table
                    .filter(pm::jobcenter_id.eq(&key.jobcenter))
                    .filter(pm::month.eq(&key.month))
                    .filter(pm::candidate_id.eq(&key.candidate))
                    .filter(pm::placement_id.ne(id)),
            ))
            .get_result(conn)?;
            if !others {
                bump_month(conn, &key.jobcenter, &key.month, if is { 1 } else { -1 })?;
            }
        }
        if groups.is_none() {
            groups = Some(crate::campaign::store::target_groups(conn)?);
        }
        for group in groups.iter().flatten() {
            let (was, is) = (
                present(key, old, Some(group)),
                present(key, new, Some(group)),
            );
            if was == is {
                continue;
            }
            let others: bool = diesel::select(diesel::dsl::exists(
                pm::table
                    .filter(pm::month.eq(&key.month))
                    .filter(pm::match_group.eq(group.match_group))
                    .filter(pm::benefit.eq_any(&group.benefits))
                    .filter(pm::jobcenter_id.eq(&key.jobcenter))
                    .filter(pm::candidate_id.eq(&key.candidate))
                    .filter(pm::placement_id.ne(id)),
            ))
            .get_result(conn)?;
            if !others {
                crate::campaign::store::bump_target_month(
                    conn,
                    &key.jobcenter,
                    &key.month,
                    group,
                    if is { 1 } else { -1 },
                )?;
            }
        }
    }
    Ok(())
}

/// Adds `delta` (±1) to the people in activation of a jobcenter's month: a row is made for
/// the first and removed with the last (when nothing of Mål 2 is kept in it either).
fn bump_month(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    month: &str,
    delta: i32,
) -> QueryResult<()> {
    use crate::db::schema::jobcenter_months as jm;
    let this = jm::table
        .filter(jm::jobcenter_id.eq(jobcenter_id))
        .filter(jm::month.eq(month));
    let n = diesel::update(this)
        .set(jm::in_activation.eq(jm::in_activation + delta))
        .execute(conn)?;
    if n == 0 && delta > 0 {
        diesel::insert_into(jm::table)
            .values((
                jm::jobcenter_id.eq(jobcenter_id),
                jm::month.eq(month),
                jm::in_activation.eq(delta),
                jm::followed_up.eq(0),
                jm::self_supporting.eq(0),
            ))
            .execute(conn)?;
    } else if delta < 0 {
        diesel::delete(
            this.filter(jm::in_activation.le(0))
                .filter(jm::followed_up.eq(0)),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Recomputes a jobcenter's month in `jobcenter_months` from `placement_months` and the
/// placements: people in activation (each once), and the placements that ended in the month
/// with a follow-up, and of those the self-supporting. A month with nothing has no row.
pub(super) fn recount_month(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    month: &str,
) -> QueryResult<()> {
    use crate::db::schema::{jobcenter_months as jm, placement_months as pm};
    let persons: i64 = pm::table
        .filter(pm::jobcenter_id.eq(jobcenter_id))
        .filter(pm::month.eq(month))
        .select(diesel::dsl::count(pm::candidate_id).aggregate_distinct())
        .first(conn)?;
    let (first, last) = month_span(month);
    let ends: Vec<Option<bool>> = pm::table
        .inner_join(placements::table.on(placements::id.eq(pm::placement_id)))
        .filter(pm::jobcenter_id.eq(jobcenter_id))
        .filter(pm::month.eq(month))
        .filter(placements::end_date.ge(first))
        .filter(placements::end_date.le(last))
        .filter(placements::self_supporting.is_not_null())
        .select(placements::self_supporting)
        .load(conn)?;
    let followed = ends.len() as i32;
    let yes = ends.iter().filter(|s| **s == Some(true)).count() as i32;
    diesel::delete(
        jm::table
            .filter(jm::jobcenter_id.eq(jobcenter_id))
            .filter(jm::month.eq(month)),
    )
    .execute(conn)?;
    if persons > 0 || followed > 0 {
        diesel::insert_into(jm::table)
            .values((
                jm::jobcenter_id.eq(jobcenter_id),
                jm::month.eq(month),
                jm::in_activation.eq(persons as i32),
                jm::followed_up.eq(followed),
                jm::self_supporting.eq(yes),
            ))
            .execute(conn)?;
    }
    crate::campaign::store::recount_target_months(conn, jobcenter_id, month)
}

/// The first and last day of a month "2011-03" (the first of 1900 for a malformed one, which
/// the callers never pass: they write the months themselves).
pub(super) fn month_span(month: &str) -> (NaiveDate, NaiveDate) {
    let mut parts = month.splitn(2, '-');
    let y = parts.next().and_then(|y| y.parse().ok()).unwrap_or(1900);
    let m = parts.next().and_then(|m| m.parse().ok()).unwrap_or(1);
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    }
    .unwrap_or(first);
    (first, next.pred_opt().unwrap_or(first))
}

/// Recomputes all of `jobcenter_months` in one statement (the same SQL as its migration), after
/// a bulk load that wrote `placement_months` directly.
pub fn rebuild_jobcenter_months(conn: &mut DbConnection) -> QueryResult<()> {
    const SQLITE: &str = "INSERT INTO jobcenter_months (jobcenter_id, month, in_activation, followed_up, self_supporting) \
        SELECT pm.jobcenter_id, pm.month, COUNT(DISTINCT pm.candidate_id), \
        SUM(CASE WHEN p.self_supporting IS NOT NULL AND substr(p.end_date, 1, 7) = pm.month THEN 1 ELSE 0 END), \
        SUM(CASE WHEN p.self_supporting = 1 AND substr(p.end_date, 1, 7) = pm.month THEN 1 ELSE 0 END) \
        FROM placement_months pm JOIN placements p ON p.id = pm.placement_id GROUP BY pm.jobcenter_id, pm.month";
    const POSTGRES: &str = "INSERT INTO jobcenter_months (jobcenter_id, month, in_activation, followed_up, self_supporting) \
        SELECT pm.jobcenter_id, pm.month, COUNT(DISTINCT pm.candidate_id), \
        SUM(CASE WHEN p.self_supporting IS NOT NULL AND to_char(p.end_date, 'YYYY-MM') = pm.month THEN 1 ELSE 0 END), \
        SUM(CASE WHEN p.self_supporting AND to_char(p.end_date, 'YYYY-MM') = pm.month THEN 1 ELSE 0 END) \
        FROM placement_months pm JOIN placements p ON p.id = pm.placement_id GROUP BY pm.jobcenter_id, pm.month";
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query("DELETE FROM jobcenter_months").execute(c)?;
            diesel::sql_query(SQLITE).execute(c)?;
        }
        DbConnection::Postgresql(c) => {
            diesel::sql_query("DELETE FROM jobcenter_months").execute(c)?;
            diesel::sql_query(POSTGRES).execute(c)?;
        }
    }
    Ok(())
}

pub fn set_outcome(conn: &mut DbConnection, id: &PlacementId, outcome: &str) -> QueryResult<()> {
    diesel::update(placements::table.find(id))
        .set(placements::outcome.eq(Some(outcome)))
        .execute(conn)?;
    Ok(())
}

pub fn set_follow_up(
    conn: &mut DbConnection,
    id: &PlacementId,
    self_supporting: bool,
    by: &str,
) -> QueryResult<()> {
    diesel::update(placements::table.find(id))
        .set((
            placements::self_supporting.eq(Some(self_supporting)),
            placements::followed_up_at.eq(Some(now())),
            placements::followed_up_by.eq(Some(by)),
        ))
        .execute(conn)?;
    // Mål 2 of the placement's end month changes with it.
    sync_months(conn, id)
}

pub fn insert_event(
    conn: &mut DbConnection,
    placement_id: &PlacementId,
    contract_id: &ContractId,
    actor_id: &UserId,
    action: &str,
    detail: &str,
) -> QueryResult<()> {
    diesel::insert_into(placement_events::table)
        .values((
            placement_events::id.eq(new_id()),
            placement_events::placement_id.eq(placement_id),
            placement_events::contract_id.eq(contract_id),
            placement_events::actor_id.eq(actor_id),
            placement_events::action.eq(action),
            placement_events::detail.eq(detail),
            placement_events::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The contract's seat book as stored.
/// The part of a contract's seat book that decides whether `waiting` (referrals of the
/// contract on its waiting list) could have a seat from `from` to their ends: the capacity, the
/// bookings holding a seat within that span, and the waiting ones themselves; the rest of a
/// long book (ended bookings, the others on the list) is not read.
pub fn book_for_remaining(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    from: NaiveDate,
    waiting: Vec<Booking>,
) -> Result<SeatBook, AppError> {
    let capacity = capacity(conn, contract_id)?.ok_or_else(|| {
        AppError::Conflict(format!("{}.", crate::texts::seats::CONTRACT_NOT_ACCEPTED))
    })?;
    let to = waiting.iter().map(|b| b.end).max().unwrap_or(from);
    let mut bookings = seated_within(conn, contract_id, from, to)?
        .iter()
        .map(PlacementRow::booking)
        .collect::<Result<Vec<_>, _>>()?;
    bookings.extend(waiting);
    Ok(SeatBook {
        capacity,
        bookings,
        today: crate::clock::today(),
    })
}

pub fn load_book(conn: &mut DbConnection, contract_id: &ContractId) -> Result<SeatBook, AppError> {
    let rows = contract_placements(conn, contract_id)?;
    book_of(conn, contract_id, &rows)
}

/// The seat book of a contract and its bookings with their candidates' names, from one read of
/// the placements (the seat overview needs both; #23).
pub fn load_named_book(
    conn: &mut DbConnection,
    contract_id: &ContractId,
) -> Result<(SeatBook, Vec<(PlacementRow, String)>), AppError> {
    use crate::db::schema::candidates;
    let rows: Vec<(PlacementRow, String)> = placements::table
        .inner_join(candidates::table)
        .filter(placements::contract_id.eq(contract_id))
        .filter(placements::status.ne("cancelled"))
        .select((PlacementRow::as_select(), candidates::name))
        .order(placements::queue_no.asc())
        .load(conn)?;
    let book = book_of(conn, contract_id, rows.iter().map(|(r, _)| r))?;
    Ok((book, rows))
}

/// The book of `rows`, the contract's bookings as [`contract_placements`] reads them.
fn book_of<'a>(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    rows: impl IntoIterator<Item = &'a PlacementRow>,
) -> Result<SeatBook, AppError> {
    let capacity = capacity(conn, contract_id)?.ok_or_else(|| {
        AppError::Conflict(format!("{}.", crate::texts::seats::CONTRACT_NOT_ACCEPTED))
    })?;
    let bookings = rows
        .into_iter()
        .map(PlacementRow::booking)
        .collect::<Result<_, _>>()?;
    Ok(SeatBook {
        capacity,
        bookings,
        today: crate::clock::today(),
    })
}
