//! The CPR access log and searches, the rule parameters and attached activities.

use crate::ids::{JobcenterId, UserId};
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{access_log, placement_activities, rule_params};
use crate::db::{new_id, now, DbConnection};

use super::*;

/// A read of a candidate's full record, in the log of the candidate's jobcenter.
pub fn log_access(
    conn: &mut DbConnection,
    user_id: &UserId,
    candidate: &CandidateRow,
    action: &str,
) -> QueryResult<()> {
    diesel::insert_into(access_log::table)
        .values((
            access_log::id.eq(new_id()),
            access_log::user_id.eq(user_id),
            access_log::candidate_id.eq(Some(&candidate.id)),
            access_log::action.eq(action),
            access_log::created_at.eq(now()),
            access_log::jobcenter_id.eq(Some(&candidate.jobcenter_id)),
            access_log::cpr_masked.eq(Some(&candidate.cpr_masked)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A search by a CPR number, in the log of the searcher's jobcenter: the masked number, its
/// keyed hash (so the log can be filtered by the number), and whom it found (`None`: nobody).
/// `action` is `search`, or `search_refused` when the search limit refused it.
pub fn log_cpr_search(
    conn: &mut DbConnection,
    user_id: &UserId,
    jobcenter_id: &JobcenterId,
    cpr_masked: &str,
    cpr_hmac: &str,
    found: Option<&str>,
    action: &str,
) -> QueryResult<()> {
    diesel::insert_into(access_log::table)
        .values((
            access_log::id.eq(new_id()),
            access_log::user_id.eq(user_id),
            access_log::candidate_id.eq(found),
            access_log::action.eq(action),
            access_log::created_at.eq(now()),
            access_log::jobcenter_id.eq(Some(jobcenter_id)),
            access_log::cpr_masked.eq(Some(cpr_masked)),
            access_log::cpr_hmac.eq(Some(cpr_hmac)),
            access_log::hit.eq(Some(found.is_some())),
        ))
        .execute(conn)?;
    Ok(())
}

/// The times of a user's CPR searches since `since`, oldest first.
pub fn recent_cpr_searches(
    conn: &mut DbConnection,
    user_id: &UserId,
    since: chrono::NaiveDateTime,
) -> QueryResult<Vec<chrono::NaiveDateTime>> {
    access_log::table
        .filter(access_log::user_id.eq(user_id))
        .filter(access_log::action.eq("search"))
        .filter(access_log::created_at.gt(since))
        .select(access_log::created_at)
        .order(access_log::created_at.asc())
        .load(conn)
}

/// The value of a rule parameter in force on `day`.
pub fn rule(conn: &mut DbConnection, key: &str, day: NaiveDate) -> QueryResult<Option<i32>> {
    rule_params::table
        .filter(rule_params::key.eq(key))
        .filter(rule_params::effective_from.le(day))
        .order(rule_params::effective_from.desc())
        .select(rule_params::value)
        .first(conn)
        .optional()
}

/// Every value of these rule parameters with the day it took effect, oldest first: a caller
/// that asks for many days reads them once.
pub fn rules_of(
    conn: &mut DbConnection,
    keys: &[&str; 4],
) -> QueryResult<Vec<(String, NaiveDate, i32)>> {
    // Four equalities, not `IN (…)` over a list: diesel caches the prepared statement of a
    // query whose shape is fixed, never one with a list (#23: it was prepared per referral).
    rule_params::table
        .filter(
            rule_params::key
                .eq(keys[0])
                .or(rule_params::key.eq(keys[1]))
                .or(rule_params::key.eq(keys[2]))
                .or(rule_params::key.eq(keys[3])),
        )
        .order((rule_params::key.asc(), rule_params::effective_from.asc()))
        .select((
            rule_params::key,
            rule_params::effective_from,
            rule_params::value,
        ))
        .load(conn)
}

pub struct NewActivity<'a> {
    pub placement_id: &'a str,
    pub kind: &'a str,
    pub provider: &'a str,
    pub description: &'a str,
    pub minutes_per_week: i32,
    pub cost_ore: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub created_by: &'a str,
}

pub fn insert_activity(conn: &mut DbConnection, a: &NewActivity<'_>) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(placement_activities::table)
        .values((
            placement_activities::id.eq(&id),
            placement_activities::placement_id.eq(a.placement_id),
            placement_activities::kind.eq(a.kind),
            placement_activities::provider.eq(a.provider),
            placement_activities::description.eq(a.description),
            placement_activities::minutes_per_week.eq(a.minutes_per_week),
            placement_activities::cost_ore.eq(a.cost_ore),
            placement_activities::start_date.eq(a.start_date),
            placement_activities::end_date.eq(a.end_date),
            placement_activities::created_by.eq(a.created_by),
            placement_activities::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn activities_for(
    conn: &mut DbConnection,
    placement_ids: &[String],
) -> QueryResult<Vec<ActivityRow>> {
    placement_activities::table
        .filter(placement_activities::placement_id.eq_any(placement_ids))
        .select(ActivityRow::as_select())
        .order(placement_activities::start_date.asc())
        .load(conn)
}
