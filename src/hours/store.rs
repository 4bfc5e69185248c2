//! Queries for hour entries and weeks.

use crate::ids::{CandidateId, CompanyId, ContractId, EntryId, JobcenterId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::contracts::store::ContractRow;
use crate::db::schema::{hour_entries, hour_week_events, hour_weeks, users};
use crate::db::{new_id, now, DbConnection};
use crate::error::AppError;
use crate::hours::model::{IsoWeek, WeekStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = hour_entries)]
pub struct EntryRow {
    pub id: EntryId,
    pub contract_id: ContractId,
    pub mentor_id: UserId,
    pub candidate_id: Option<CandidateId>,
    pub work_date: NaiveDate,
    pub week: String,
    pub minutes: i32,
    pub activity: String,
    pub note: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = hour_weeks)]
pub struct WeekRow {
    pub week: String,
    pub status: String,
    pub reason: Option<String>,
    /// What was approved, stored when the week was approved (#18.11).
    pub approved_amount_ore: Option<i64>,
}

/// Serialises the hour writes of one mentor (see the function): the 24-hour day and the week's
/// state are judged on what is committed.
pub use crate::auth::store::lock_user;

pub fn week_status(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
) -> Result<WeekStatus, AppError> {
    let s: Option<String> = hour_weeks::table
        .find((contract_id, week.to_string()))
        .select(hour_weeks::status)
        .first(conn)
        .optional()?;
    match s {
        Some(s) => WeekStatus::from_stored(&s),
        None => Ok(WeekStatus::Open),
    }
}

pub fn get_week(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
) -> QueryResult<Option<WeekRow>> {
    hour_weeks::table
        .find((contract_id, week.to_string()))
        .select(WeekRow::as_select())
        .first(conn)
        .optional()
}

/// Sets a week's state, creating its row the first time.
pub fn set_week(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
    status: WeekStatus,
    actor_id: &UserId,
    reason: Option<&str>,
) -> QueryResult<()> {
    let action = match status {
        WeekStatus::Submitted => "submit",
        WeekStatus::Approved => "approved",
        WeekStatus::Rejected => "rejected",
        // Not a step of the workflow: a week is open until it is first submitted.
        WeekStatus::Open => return Ok(()),
    };
    let key = week.to_string();
    let at = now();
    let exists = get_week(conn, contract_id, week)?.is_some();
    if !exists {
        diesel::insert_into(hour_weeks::table)
            .values((
                hour_weeks::contract_id.eq(contract_id),
                hour_weeks::week.eq(&key),
                hour_weeks::status.eq("open"),
            ))
            .execute(conn)?;
    }
    let target = hour_weeks::table.find((contract_id, &key));
    // The history: every submission and decision, where hour_weeks keeps only the latest.
    diesel::insert_into(hour_week_events::table)
        .values((
            hour_week_events::id.eq(new_id()),
            hour_week_events::contract_id.eq(contract_id),
            hour_week_events::week.eq(&key),
            hour_week_events::action.eq(action),
            hour_week_events::actor_id.eq(actor_id),
            hour_week_events::reason.eq(reason),
            hour_week_events::created_at.eq(at),
        ))
        .execute(conn)?;
    match status {
        WeekStatus::Submitted => diesel::update(target)
            .set((
                hour_weeks::status.eq(status.code()),
                hour_weeks::submitted_by.eq(Some(actor_id)),
                hour_weeks::submitted_at.eq(Some(at)),
            ))
            .execute(conn)?,
        _ => diesel::update(target)
            .set((
                hour_weeks::status.eq(status.code()),
                hour_weeks::decided_by.eq(Some(actor_id)),
                hour_weeks::decided_at.eq(Some(at)),
                hour_weeks::reason.eq(reason),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// One step of a week's history: a submission or a decision, by whom (their name), when, and
/// the reason of a rejection.
#[derive(Debug, Clone, Queryable)]
pub struct WeekEvent {
    pub action: String,
    pub by: String,
    pub reason: Option<String>,
    pub at: NaiveDateTime,
}

/// A week's submissions and decisions, oldest first (`hour_week_events_week_idx`).
pub fn week_history(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
) -> QueryResult<Vec<WeekEvent>> {
    hour_week_events::table
        .inner_join(users::table.on(users::id.eq(hour_week_events::actor_id)))
        .filter(hour_week_events::contract_id.eq(contract_id))
        .filter(hour_week_events::week.eq(week.to_string()))
        .select((
            hour_week_events::action,
            users::name,
            hour_week_events::reason,
            hour_week_events::created_at,
        ))
        .order((
            hour_week_events::created_at.asc(),
            hour_week_events::id.asc(),
        ))
        .load(conn)
}

pub struct NewEntry<'a> {
    pub contract_id: &'a ContractId,
    pub mentor_id: &'a UserId,
    pub candidate_id: Option<&'a CandidateId>,
    pub work_date: NaiveDate,
    pub minutes: i32,
    pub activity: &'a str,
    pub note: &'a str,
}

pub fn insert_entry(conn: &mut DbConnection, e: &NewEntry<'_>) -> QueryResult<EntryId> {
    insert_entry_row(conn, e).map(|row| row.id)
}

/// Inserts an entry and gives it back as stored (without reading it again).
pub fn insert_entry_row(conn: &mut DbConnection, e: &NewEntry<'_>) -> QueryResult<EntryRow> {
    let id = EntryId::new(new_id());
    let ts = now();
    let week = IsoWeek::of(e.work_date).to_string();
    diesel::insert_into(hour_entries::table)
        .values((
            hour_entries::id.eq(&id),
            hour_entries::contract_id.eq(e.contract_id),
            hour_entries::mentor_id.eq(e.mentor_id),
            hour_entries::candidate_id.eq(e.candidate_id),
            hour_entries::work_date.eq(e.work_date),
            hour_entries::week.eq(&week),
            hour_entries::minutes.eq(e.minutes),
            hour_entries::activity.eq(e.activity),
            hour_entries::note.eq(e.note),
            hour_entries::created_at.eq(ts),
            hour_entries::updated_at.eq(ts),
        ))
        .execute(conn)?;
    Ok(EntryRow {
        id,
        contract_id: e.contract_id.clone(),
        mentor_id: e.mentor_id.clone(),
        candidate_id: e.candidate_id.cloned(),
        work_date: e.work_date,
        week,
        minutes: e.minutes,
        activity: e.activity.to_string(),
        note: e.note.to_string(),
    })
}

pub fn get_entry(conn: &mut DbConnection, id: &EntryId) -> QueryResult<Option<EntryRow>> {
    hour_entries::table
        .find(id)
        .select(EntryRow::as_select())
        .first(conn)
        .optional()
}

pub fn update_entry(
    conn: &mut DbConnection,
    id: &EntryId,
    minutes: i32,
    activity: &str,
    note: &str,
    candidate_id: Option<&CandidateId>,
) -> QueryResult<()> {
    diesel::update(hour_entries::table.find(id))
        .set((
            hour_entries::minutes.eq(minutes),
            hour_entries::activity.eq(activity),
            hour_entries::note.eq(note),
            hour_entries::candidate_id.eq(candidate_id),
            hour_entries::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete_entry(conn: &mut DbConnection, id: &EntryId) -> QueryResult<()> {
    diesel::delete(hour_entries::table.find(id)).execute(conn)?;
    Ok(())
}

/// The minutes a mentor has logged on a day, over all contracts (except one entry).
pub fn day_total(
    conn: &mut DbConnection,
    mentor_id: &UserId,
    day: NaiveDate,
    except: Option<&str>,
) -> QueryResult<i64> {
    // Summed in SQL over the covering index (mentor, day, minutes): a busy mentor's day has
    // dozens of entries, which were read row by row.
    let total: Option<i64> = match except {
        None => hour_entries::table
            .filter(hour_entries::mentor_id.eq(mentor_id))
            .filter(hour_entries::work_date.eq(day))
            .select(diesel::dsl::sum(hour_entries::minutes))
            .first(conn)?,
        Some(id) => hour_entries::table
            .filter(hour_entries::mentor_id.eq(mentor_id))
            .filter(hour_entries::work_date.eq(day))
            .filter(hour_entries::id.ne(id.to_string()))
            .select(diesel::dsl::sum(hour_entries::minutes))
            .first(conn)?,
    };
    Ok(total.unwrap_or(0))
}

/// The week's status (open when it has no row) and the minutes the mentor already has on the
/// day (all entries but `except`), in one statement: the two checks of every hour entry, one
/// round trip on PostgreSQL instead of two (#23).
pub fn week_status_and_day_total(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
    mentor_id: &UserId,
    day: NaiveDate,
    except: Option<&str>,
) -> Result<(WeekStatus, i64), AppError> {
    use diesel::dsl::sum;
    let status = hour_weeks::table
        .find((contract_id, week.to_string()))
        .select(hour_weeks::status)
        .single_value();
    let day_entries = hour_entries::table
        .filter(hour_entries::mentor_id.eq(mentor_id))
        .filter(hour_entries::work_date.eq(day));
    let (status, total): (Option<String>, Option<i64>) = match except {
        None => diesel::select((
            status,
            day_entries
                .select(sum(hour_entries::minutes))
                .single_value(),
        ))
        .get_result(conn)?,
        Some(id) => diesel::select((
            status,
            day_entries
                .filter(hour_entries::id.ne(id.to_string()))
                .select(sum(hour_entries::minutes))
                .single_value(),
        ))
        .get_result(conn)?,
    };
    let status = match status {
        Some(s) => WeekStatus::from_stored(&s)?,
        None => WeekStatus::Open,
    };
    Ok((status, total.unwrap_or(0)))
}

pub fn week_entries(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
) -> QueryResult<Vec<EntryRow>> {
    hour_entries::table
        .filter(hour_entries::contract_id.eq(contract_id))
        .filter(hour_entries::week.eq(week.to_string()))
        .select(EntryRow::as_select())
        .order((
            hour_entries::work_date.asc(),
            hour_entries::created_at.asc(),
        ))
        .load(conn)
}

/// (week, minutes) of every entry of a contract.
pub type WeekMinutes = Vec<(String, i32)>;

/// Minutes per (week, status) for a contract: logged in every week, and the weeks' states.
pub fn contract_weeks(
    conn: &mut DbConnection,
    contract_id: &ContractId,
) -> QueryResult<(WeekMinutes, Vec<WeekRow>)> {
    let entries: Vec<(String, i32)> = hour_entries::table
        .filter(hour_entries::contract_id.eq(contract_id))
        .select((hour_entries::week, hour_entries::minutes))
        .load(conn)?;
    let weeks = hour_weeks::table
        .filter(hour_weeks::contract_id.eq(contract_id))
        .select(WeekRow::as_select())
        .load(conn)?;
    Ok((entries, weeks))
}

/// Freezes an approved week: each entry keeps the rate `rate_of` its day gives now, and the
/// week keeps its minutes and amount (rounded half up per rate, as payments add them up).
/// Returns (minutes, amount in øre).
pub fn freeze_week(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
    rate_of: impl Fn(NaiveDate) -> i64,
) -> Result<(i64, i64), crate::error::AppError> {
    use crate::hours::model::{add_to, mul_div_round, sum};
    let entries = week_entries(conn, contract_id, week)?;
    // An entry approved before (a reopened week approved again) keeps the rate it was approved
    // at; only entries new since take the rate of their day.
    let frozen: std::collections::HashMap<EntryId, i64> = hour_entries::table
        .filter(hour_entries::contract_id.eq(contract_id))
        .filter(hour_entries::week.eq(week.to_string()))
        .filter(hour_entries::rate_ore.is_not_null())
        .select((hour_entries::id, hour_entries::rate_ore.assume_not_null()))
        .load::<(EntryId, i64)>(conn)?
        .into_iter()
        .collect();
    let mut by_rate: std::collections::BTreeMap<i64, (i64, Vec<EntryId>)> = Default::default();
    for e in entries {
        let rate = frozen
            .get(&e.id)
            .copied()
            .unwrap_or_else(|| rate_of(e.work_date));
        let slot = by_rate.entry(rate).or_default();
        add_to(&mut slot.0, i64::from(e.minutes))?;
        slot.1.push(e.id);
    }
    for (rate, (_, ids)) in &by_rate {
        diesel::update(hour_entries::table.filter(hour_entries::id.eq_any(ids)))
            .set(hour_entries::rate_ore.eq(Some(*rate)))
            .execute(conn)?;
    }
    let minutes = sum(by_rate.values().map(|(m, _)| *m))?;
    let amount = sum(by_rate
        .iter()
        .map(|(rate, (m, _))| mul_div_round(*m, *rate, 60))
        .collect::<Result<Vec<_>, _>>()?)?;
    diesel::update(hour_weeks::table.find((contract_id, week.to_string())))
        .set((
            hour_weeks::approved_minutes.eq(Some(minutes)),
            hour_weeks::approved_amount_ore.eq(Some(amount)),
        ))
        .execute(conn)?;
    Ok((minutes, amount))
}

/// The company's name (hours pages name the company of the contract).
pub fn company_name(conn: &mut DbConnection, company_id: &CompanyId) -> QueryResult<String> {
    use crate::db::schema::companies;
    companies::table
        .find(company_id)
        .select(companies::name)
        .first(conn)
}

/// The people placed in the contract (placed or ended) during some day of the week, by name:
/// whom a mentor's hours can be for.
pub fn placed_in_week(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
) -> QueryResult<Vec<(String, String)>> {
    use crate::db::schema::{candidates, placements};
    placements::table
        .inner_join(candidates::table)
        .filter(placements::contract_id.eq(contract_id))
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .filter(placements::start_date.le(week.sunday()))
        .filter(placements::end_date.ge(week.monday()))
        .select((candidates::id, candidates::name))
        .order(candidates::sort_key.asc())
        .load(conn)
}

/// How many placed or ended placements of the candidate in the contract cover the day.
pub fn placements_covering(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    candidate_id: &CandidateId,
    date: chrono::NaiveDate,
) -> QueryResult<i64> {
    use crate::db::schema::placements;
    placements::table
        .filter(placements::contract_id.eq(contract_id))
        .filter(placements::candidate_id.eq(candidate_id))
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .filter(placements::start_date.le(date))
        .filter(placements::end_date.ge(date))
        .count()
        .get_result(conn)
}

/// The contract's hour entries in approved weeks: (day, minutes, the rate frozen at approval).
pub fn approved_entries(
    conn: &mut DbConnection,
    contract_id: &ContractId,
) -> QueryResult<Vec<(chrono::NaiveDate, i32, Option<i64>)>> {
    hour_entries::table
        .inner_join(
            hour_weeks::table.on(hour_weeks::contract_id
                .eq(hour_entries::contract_id)
                .and(hour_weeks::week.eq(hour_entries::week))),
        )
        .filter(hour_entries::contract_id.eq(contract_id))
        .filter(hour_weeks::status.eq("approved"))
        .select((
            hour_entries::work_date,
            hour_entries::minutes,
            hour_entries::rate_ore,
        ))
        .load(conn)
}

/// One approved entry with its contract's parties: contract, day, minutes, company name and
/// CVR now, jobcenter, and the company as accepted (JSON).
pub type PaymentRow = (
    String,
    NaiveDate,
    i32,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
    String,
);

/// The entries of approved weeks with a day in [first, next), of one jobcenter's contracts or
/// of all, with the company as its record says now and as the latest accepted version has it.
pub fn approved_entries_in(
    conn: &mut DbConnection,
    first: NaiveDate,
    next: NaiveDate,
    jobcenter: Option<&str>,
) -> QueryResult<Vec<PaymentRow>> {
    use crate::db::schema::{companies, contract_versions, contracts as c, jobcenters};
    let mut q = hour_entries::table
        .inner_join(
            hour_weeks::table.on(hour_weeks::contract_id
                .eq(hour_entries::contract_id)
                .and(hour_weeks::week.eq(hour_entries::week))),
        )
        .inner_join(c::table.on(c::id.eq(hour_entries::contract_id)))
        .inner_join(companies::table.on(companies::id.eq(c::company_id)))
        .inner_join(jobcenters::table.on(jobcenters::id.eq(c::jobcenter_id)))
        // The company as the latest accepted version has it (not as its record says now).
        .left_join(
            contract_versions::table.on(contract_versions::contract_id
                .eq(c::id)
                .and(c::accepted_version.eq(contract_versions::version_no.nullable()))),
        )
        .filter(hour_weeks::status.eq("approved"))
        .filter(hour_entries::work_date.ge(first))
        .filter(hour_entries::work_date.lt(next))
        .into_boxed();
    if let Some(j) = jobcenter {
        q = q.filter(c::jobcenter_id.eq(j.to_string()));
    }
    q.select((
        hour_entries::contract_id,
        hour_entries::work_date,
        hour_entries::minutes,
        hour_entries::rate_ore,
        companies::name,
        companies::cvr,
        jobcenters::name,
        contract_versions::company_snapshot.nullable(),
        c::jobcenter_id,
    ))
    .load(conn)
}

/// An accepted contract running in a month: id, first day, the company's name and CVR now,
/// the jobcenter's name, and the company as the latest accepted version has it.
pub type RunningContract = (
    String,
    NaiveDate,
    String,
    String,
    String,
    Option<String>,
    String,
);

/// The accepted contracts running some day in [first, next), of one jobcenter or of all.
pub fn contracts_running_in(
    conn: &mut DbConnection,
    first: NaiveDate,
    next: NaiveDate,
    jobcenter: Option<&str>,
) -> QueryResult<Vec<RunningContract>> {
    use crate::db::schema::{companies, contract_versions, contracts as c, jobcenters};
    let mut q = c::table
        .inner_join(companies::table.on(companies::id.eq(c::company_id)))
        .inner_join(jobcenters::table.on(jobcenters::id.eq(c::jobcenter_id)))
        .left_join(
            contract_versions::table.on(contract_versions::contract_id
                .eq(c::id)
                .and(c::accepted_version.eq(contract_versions::version_no.nullable()))),
        )
        .filter(c::accepted_version.is_not_null())
        .filter(c::start_date.lt(next))
        .filter(c::end_date.ge(first))
        .into_boxed();
    if let Some(j) = jobcenter {
        q = q.filter(c::jobcenter_id.eq(j.to_string()));
    }
    q.select((
        c::id,
        c::start_date,
        companies::name,
        companies::cvr,
        jobcenters::name,
        contract_versions::company_snapshot.nullable(),
        c::jobcenter_id,
    ))
    .load(conn)
}

/// The jobcenter's accepted contracts that have started by `today`, with the company's name.
pub fn started_contracts(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    today: NaiveDate,
) -> QueryResult<Vec<(ContractRow, String)>> {
    use crate::db::schema::{companies, contracts as c};
    c::table
        .inner_join(companies::table)
        .filter(c::jobcenter_id.eq(jobcenter_id))
        .filter(c::accepted_version.is_not_null())
        .filter(c::start_date.le(today))
        .select((ContractRow::as_select(), companies::name))
        .order(c::id.asc())
        .load(conn)
}

/// The stored states of these weeks of these contracts: (contract, week, status).
pub fn week_states(
    conn: &mut DbConnection,
    contract_ids: &[&str],
    weeks: &[String],
) -> QueryResult<Vec<(String, String, String)>> {
    hour_weeks::table
        .filter(hour_weeks::contract_id.eq_any(contract_ids))
        .filter(hour_weeks::week.eq_any(weeks))
        .select((
            hour_weeks::contract_id,
            hour_weeks::week,
            hour_weeks::status,
        ))
        .load(conn)
}

/// A week on the consultant's approvals list: the contract, its company's and mentor's names,
/// the week and its stored state (none for a week never submitted) with a rejection's reason.
pub type ApprovalWeekRow = (ContractRow, String, String, String, Option<String>);

/// One page of the jobcenter's submitted weeks, oldest week first (then by company), with the
/// company's and the mentor's names: one joined query, and one to count them.
pub fn submitted_weeks(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    by_company: bool,
    desc: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<ApprovalWeekRow>, i64)> {
    use crate::db::schema::{companies, contracts as c};
    let base = || {
        hour_weeks::table
            .inner_join(c::table.on(c::id.eq(hour_weeks::contract_id)))
            .inner_join(companies::table.on(companies::id.eq(c::company_id)))
            .inner_join(users::table.on(users::id.eq(c::mentor_id)))
            .filter(c::jobcenter_id.eq(jobcenter_id))
            .filter(hour_weeks::status.eq(WeekStatus::Submitted.code()))
    };
    let total: i64 = base().count().get_result(conn)?;
    let q = base()
        .select((
            ContractRow::as_select(),
            companies::name,
            users::name,
            hour_weeks::week,
            hour_weeks::reason,
        ))
        .into_boxed();
    let q = match (by_company, desc) {
        (false, false) => q.order((
            hour_weeks::week.asc(),
            companies::sort_key.asc(),
            c::id.asc(),
        )),
        (false, true) => q.order((
            hour_weeks::week.desc(),
            companies::sort_key.asc(),
            c::id.asc(),
        )),
        (true, false) => q.order((
            companies::sort_key.asc(),
            c::id.asc(),
            hour_weeks::week.asc(),
        )),
        (true, true) => q.order((
            companies::sort_key.desc(),
            c::id.asc(),
            hour_weeks::week.asc(),
        )),
    };
    let rows = q.offset(offset).limit(limit).load(conn)?;
    Ok((rows, total))
}

/// The jobcenter's accepted contracts that have started by `today`, with the company's and the
/// mentor's names (the weeks not yet submitted are counted from them).
pub fn started_contracts_with_mentor(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    today: NaiveDate,
) -> QueryResult<Vec<(ContractRow, String, String)>> {
    use crate::db::schema::{companies, contracts as c};
    c::table
        .inner_join(companies::table)
        .inner_join(users::table.on(users::id.eq(c::mentor_id)))
        .filter(c::jobcenter_id.eq(jobcenter_id))
        .filter(c::accepted_version.is_not_null())
        .filter(c::start_date.le(today))
        .select((ContractRow::as_select(), companies::name, users::name))
        .order((companies::sort_key.asc(), c::id.asc()))
        .load(conn)
}

/// A stored week's state and reason: (contract, week, status, reason).
pub type WeekStateRow = (String, String, String, Option<String>);

/// The stored states and reasons of these weeks of these contracts.
pub fn week_states_with_reason(
    conn: &mut DbConnection,
    contract_ids: &[&str],
    weeks: &[String],
) -> QueryResult<Vec<WeekStateRow>> {
    hour_weeks::table
        .filter(hour_weeks::contract_id.eq_any(contract_ids))
        .filter(hour_weeks::week.eq_any(weeks))
        .select((
            hour_weeks::contract_id,
            hour_weeks::week,
            hour_weeks::status,
            hour_weeks::reason,
        ))
        .load(conn)
}

/// The logged minutes of these weeks of these contracts by day: (contract, week, day, minutes).
/// One query for a whole page of weeks; the caller keeps the (contract, week) pairs it asked for.
pub fn minutes_by_day(
    conn: &mut DbConnection,
    contract_ids: &[&str],
    weeks: &[String],
) -> QueryResult<Vec<(String, String, NaiveDate, i32)>> {
    hour_entries::table
        .filter(hour_entries::contract_id.eq_any(contract_ids))
        .filter(hour_entries::week.eq_any(weeks))
        .select((
            hour_entries::contract_id,
            hour_entries::week,
            hour_entries::work_date,
            hour_entries::minutes,
        ))
        .load(conn)
}

/// The accepted versions of these contracts in order: (contract, effective from, terms as JSON).
pub fn accepted_versions_of(
    conn: &mut DbConnection,
    contract_ids: &[&str],
) -> QueryResult<Vec<(String, NaiveDate, String)>> {
    use crate::db::schema::contract_versions as v;
    v::table
        .filter(v::contract_id.eq_any(contract_ids))
        .filter(v::status.eq("accepted"))
        .select((v::contract_id, v::effective_from, v::terms))
        .order((v::contract_id.asc(), v::version_no.asc()))
        .load(conn)
}

/// The jobcenter's oldest submitted week (then by company), if one waits: where a consultant
/// goes on to after approving a week.
pub fn first_submitted_week(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
) -> QueryResult<Option<(String, String)>> {
    use crate::db::schema::{companies, contracts as c};
    hour_weeks::table
        .inner_join(c::table.on(c::id.eq(hour_weeks::contract_id)))
        .inner_join(companies::table.on(companies::id.eq(c::company_id)))
        .filter(c::jobcenter_id.eq(jobcenter_id))
        .filter(hour_weeks::status.eq(WeekStatus::Submitted.code()))
        .select((hour_weeks::contract_id, hour_weeks::week))
        .order((
            hour_weeks::week.asc(),
            companies::sort_key.asc(),
            c::id.asc(),
        ))
        .first(conn)
        .optional()
}

// ---------- payment exports (#22) ----------

/// A month's export of one jobcenter: (month, jobcenter, by whom, when).
pub type ExportRow = (String, String, String, NaiveDateTime);

/// The exports of jobcenters (all when `None`) for months in [from, to] ("2027-03").
pub fn exports_between(
    conn: &mut DbConnection,
    from: &str,
    to: &str,
    jobcenter: Option<&str>,
) -> QueryResult<Vec<ExportRow>> {
    use crate::db::schema::payment_exports as pe;
    let mut q = pe::table
        .filter(pe::month.ge(from))
        .filter(pe::month.le(to))
        .into_boxed();
    if let Some(j) = jobcenter {
        q = q.filter(pe::jobcenter_id.eq(j.to_string()));
    }
    q.select((
        pe::month,
        pe::jobcenter_id,
        pe::exported_by,
        pe::exported_at,
    ))
    .order((pe::month.asc(), pe::jobcenter_id.asc()))
    .load(conn)
}

/// One line of an export as it was taken.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::payment_export_lines)]
pub struct ExportLine {
    pub jobcenter_id: String,
    pub contract_id: String,
    pub kind: String,
    pub for_month: String,
    pub minutes: i64,
    pub amount_ore: i64,
    pub company_name: String,
    pub company_cvr: String,
    pub jobcenter_name: String,
}

/// The lines of exports: of `month` when given, else every line whose work was in `for_month`.
pub fn export_lines(
    conn: &mut DbConnection,
    jobcenter: Option<&str>,
    month: Option<&str>,
    for_month: Option<&str>,
) -> QueryResult<Vec<ExportLine>> {
    use crate::db::schema::payment_export_lines as pl;
    let mut q = pl::table.into_boxed();
    if let Some(j) = jobcenter {
        q = q.filter(pl::jobcenter_id.eq(j.to_string()));
    }
    if let Some(m) = month {
        q = q.filter(pl::month.eq(m.to_string()));
    }
    if let Some(m) = for_month {
        q = q.filter(pl::for_month.eq(m.to_string()));
    }
    q.select(ExportLine::as_select())
        .order((pl::month.asc(), pl::id.asc()))
        .load(conn)
}

/// Records a month's export of one jobcenter with its lines; a second export of the month is a
/// unique violation of the primary key.
pub fn insert_export(
    conn: &mut DbConnection,
    month: &str,
    jobcenter: &JobcenterId,
    by: &UserId,
    lines: &[ExportLine],
) -> QueryResult<()> {
    use crate::db::schema::{payment_export_lines as pl, payment_exports as pe};
    diesel::insert_into(pe::table)
        .values((
            pe::month.eq(month),
            pe::jobcenter_id.eq(jobcenter),
            pe::exported_by.eq(by),
            pe::exported_at.eq(now()),
        ))
        .execute(conn)?;
    for l in lines {
        diesel::insert_into(pl::table)
            .values((
                pl::id.eq(new_id()),
                pl::month.eq(month),
                pl::jobcenter_id.eq(jobcenter),
                pl::contract_id.eq(&l.contract_id),
                pl::kind.eq(&l.kind),
                pl::for_month.eq(&l.for_month),
                pl::minutes.eq(l.minutes),
                pl::amount_ore.eq(l.amount_ore),
                pl::company_name.eq(&l.company_name),
                pl::company_cvr.eq(&l.company_cvr),
                pl::jobcenter_name.eq(&l.jobcenter_name),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Reopens an approved week: sent back to the mentor (status `rejected`, which lets them edit
/// and submit again) with the consultant's reason, and a `reopened` line in its history.
pub fn reopen_week(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    week: IsoWeek,
    actor_id: &UserId,
    reason: &str,
) -> QueryResult<()> {
    let key = week.to_string();
    let at = now();
    diesel::insert_into(hour_week_events::table)
        .values((
            hour_week_events::id.eq(new_id()),
            hour_week_events::contract_id.eq(contract_id),
            hour_week_events::week.eq(&key),
            hour_week_events::action.eq("reopened"),
            hour_week_events::actor_id.eq(actor_id),
            hour_week_events::reason.eq(Some(reason)),
            hour_week_events::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::update(hour_weeks::table.find((contract_id, &key)))
        .set((
            hour_weeks::status.eq(WeekStatus::Rejected.code()),
            hour_weeks::decided_by.eq(Some(actor_id)),
            hour_weeks::decided_at.eq(Some(at)),
            hour_weeks::reason.eq(Some(reason)),
        ))
        .execute(conn)?;
    Ok(())
}

/// (id, name) of users.
pub fn user_names(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load(conn)
}

/// The contracts of a jobcenter with a week overlapping [first, next) that was reopened and is
/// not approved again.
pub fn reopened_contracts(
    conn: &mut DbConnection,
    jobcenter: &str,
    first: NaiveDate,
    next: NaiveDate,
) -> QueryResult<Vec<String>> {
    use crate::db::schema::contracts as c;
    let mut weeks = Vec::new();
    let mut w = IsoWeek::of(first);
    while w.monday() < next {
        weeks.push(w.to_string());
        w = w.next();
    }
    hour_weeks::table
        .inner_join(c::table.on(c::id.eq(hour_weeks::contract_id)))
        .filter(c::jobcenter_id.eq(jobcenter))
        .filter(hour_weeks::week.eq_any(weeks))
        .filter(hour_weeks::status.ne(WeekStatus::Approved.code()))
        .filter(diesel::dsl::exists(
            hour_week_events::table
                .filter(hour_week_events::contract_id.eq(hour_weeks::contract_id))
                .filter(hour_week_events::week.eq(hour_weeks::week))
                .filter(hour_week_events::action.eq("reopened")),
        ))
        .select(hour_weeks::contract_id)
        .distinct()
        .load(conn)
}
