//! Queries for attendance.

use crate::ids::{ContractId, JobcenterId, PlacementId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{attendance, contracts};
use crate::db::{now, DbConnection};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attendance)]
pub struct AttendanceRow {
    pub placement_id: String,
    pub day: NaiveDate,
    pub contract_id: String,
    pub status: String,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// Records a day (replacing what was recorded before); returns the status it had.
pub fn set(
    conn: &mut DbConnection,
    placement: &PlacementId,
    contract: &ContractId,
    day: NaiveDate,
    status: &str,
    note: &str,
    by: &UserId,
) -> QueryResult<Option<String>> {
    let before: Option<String> = attendance::table
        .find((placement, day))
        .select(attendance::status)
        .first(conn)
        .optional()?;
    let at = now();
    if before.is_some() {
        diesel::update(attendance::table.find((placement, day)))
            .set((
                attendance::status.eq(status),
                attendance::note.eq(note),
                attendance::recorded_by.eq(by),
                attendance::recorded_at.eq(at),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(attendance::table)
            .values((
                attendance::placement_id.eq(placement),
                attendance::day.eq(day),
                attendance::contract_id.eq(contract),
                attendance::status.eq(status),
                attendance::note.eq(note),
                attendance::recorded_by.eq(by),
                attendance::recorded_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(before)
}

/// The recorded days of a placement in [from, to], in date order.
pub fn range(
    conn: &mut DbConnection,
    placement: &PlacementId,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<AttendanceRow>> {
    attendance::table
        .filter(attendance::placement_id.eq(placement))
        .filter(attendance::day.between(from, to))
        .select(AttendanceRow::as_select())
        .order(attendance::day.asc())
        .load(conn)
}

/// No-shows recorded since `since` (a day late or a week late: the task is from the day it is
/// recorded) in the contracts of a jobcenter: (placement, person, company, day),
/// for the consultants' inbox: the `limit` latest.
pub fn no_shows(
    conn: &mut DbConnection,
    jobcenter: &JobcenterId,
    since: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<(String, String, String, NaiveDate)>> {
    // The recent no-shows first, from the attendance table alone (so no planner can start from
    // the jobcenter's thousands of placements and look each one's attendance up), then the
    // names of those placements.
    let found: Vec<(String, NaiveDate)> = attendance::table
        .filter(attendance::status.eq("no_show"))
        .filter(attendance::recorded_at.ge(since.and_time(chrono::NaiveTime::MIN)))
        .filter(
            attendance::contract_id.eq_any(
                contracts::table
                    .filter(contracts::jobcenter_id.eq(jobcenter))
                    .select(contracts::id),
            ),
        )
        .select((attendance::placement_id, attendance::day))
        .order(attendance::day.desc())
        .limit(limit)
        .load(conn)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let names = crate::seats::store::names_of_placements(conn, &ids)?;
    Ok(found
        .into_iter()
        .filter_map(|(p, day)| {
            let (person, company) = names.get(&p)?.clone();
            Some((p, person, company, day))
        })
        .collect())
}
