//! Retention: a candidate's personal data is anonymised a configurable number of years after
//! their last placement ended (or after they were created, if they were never placed). The
//! placements themselves stay, with their dates, seats and outcomes, so the campaign figures and
//! the month counts they are built from do not change.
//!
//! What goes: the name, the CPR number (cipher, keyed hash and masked form), the mentors' notes
//! on hour entries about the person and the descriptions of their supporting activities. What
//! stays: the candidate's id, jobcenter, benefit and match group (counted by the campaign), and
//! every placement, event and access-log row (they hold ids, not personal data).

use chrono::{Months, NaiveDate, NaiveTime};
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use crate::db::schema::{access_log, candidates, hour_entries, placement_activities, placements};
use crate::db::{now, Db};
use crate::error::AppError;

/// The name an anonymised candidate is shown with.
pub const ANONYMISED_NAME: &str = "Anonymiseret";
/// The masked CPR number an anonymised candidate is shown with.
pub const ANONYMISED_CPR: &str = "XXXXXX-XXXX";

/// Candidates anonymised per transaction: short writes, so the server keeps answering.
const BATCH: i64 = 500;

/// What a run did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Placements that ended before this day no longer keep a person's data.
    pub cutoff: NaiveDate,
    pub candidates: usize,
}

/// The first day that is still kept: `years` years before `today`.
pub fn cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    // A day that does not exist that many years back (29 February) becomes the month's last.
    today
        .checked_sub_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// Ids of candidates that are due: not yet anonymised, created before the cutoff, with no
/// placement (placed, waiting, ended or cancelled) whose period ends on or after the cutoff.
fn due(
    conn: &mut crate::db::DbConnection,
    cutoff: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let created_before = cutoff.and_time(NaiveTime::MIN);
    candidates::table
        .filter(candidates::anonymised_at.is_null())
        .filter(candidates::created_at.lt(created_before))
        .filter(not(exists(
            placements::table
                .filter(placements::candidate_id.eq(candidates::id))
                .filter(placements::end_date.ge(cutoff)),
        )))
        .select(candidates::id)
        .order(candidates::id)
        .limit(limit)
        .load(conn)
}

/// Anonymises every due candidate, one batch per transaction. `dry_run` only counts.
pub async fn run(db: &Db, today: NaiveDate, years: u32, dry_run: bool) -> Result<Report, AppError> {
    let cutoff = cutoff(today, years);
    let mut total = 0;
    loop {
        let done = db
            .write(move |conn| {
                if dry_run {
                    // Counting needs no batches: one read of every due id.
                    return Ok(due(conn, cutoff, i64::MAX)?.len());
                }
                let ids = due(conn, cutoff, BATCH)?;
                anonymise(conn, &ids)?;
                // Searches by CPR number that found nobody name no candidate to wait for:
                // their number goes once they are older than the retention period.
                if (ids.len() as i64) < BATCH {
                    forget_old_searches(conn, cutoff)?;
                }
                Ok::<_, AppError>(ids.len())
            })
            .await?;
        total += done;
        if dry_run || (done as i64) < BATCH {
            break;
        }
    }
    Ok(Report {
        cutoff,
        candidates: total,
    })
}

/// Clears the number of searches by CPR number that found nobody, made before `cutoff`.
fn forget_old_searches(
    conn: &mut crate::db::DbConnection,
    cutoff: NaiveDate,
) -> QueryResult<usize> {
    diesel::update(
        access_log::table
            .filter(access_log::candidate_id.is_null())
            .filter(access_log::cpr_hmac.is_not_null())
            .filter(access_log::created_at.lt(cutoff.and_time(NaiveTime::MIN))),
    )
    .set((
        access_log::cpr_masked.eq(Some(ANONYMISED_CPR)),
        access_log::cpr_hmac.eq(None::<String>),
    ))
    .execute(conn)
}

/// Replaces the personal data of these candidates, in the caller's transaction.
fn anonymise(conn: &mut crate::db::DbConnection, ids: &[String]) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let at = now();
    for id in ids {
        // The keyed hash is unique per jobcenter: each anonymised row gets its own marker,
        // which no real CPR hash (hex) can equal.
        diesel::update(candidates::table.find(id))
            .set((
                candidates::name.eq(ANONYMISED_NAME),
                candidates::name_norm.eq("anonymiseret"),
                candidates::sort_key.eq("anonymiseret"),
                candidates::cpr_hmac.eq(format!("anonymised:{id}")),
                candidates::cpr_cipher.eq(""),
                candidates::cpr_masked.eq(ANONYMISED_CPR),
                candidates::anonymised_at.eq(at),
                candidates::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    diesel::update(hour_entries::table.filter(hour_entries::candidate_id.eq_any(ids)))
        .set(hour_entries::note.eq(""))
        .execute(conn)?;
    // The access log keeps who read or found whom, not the number.
    diesel::update(access_log::table.filter(access_log::candidate_id.eq_any(ids)))
        .set((
            access_log::cpr_masked.eq(Some(ANONYMISED_CPR)),
            access_log::cpr_hmac.eq(None::<String>),
        ))
        .execute(conn)?;
    let placement_ids = placements::table
        .filter(placements::candidate_id.eq_any(ids))
        .select(placements::id);
    diesel::update(
        placement_activities::table
            .filter(placement_activities::placement_id.eq_any(placement_ids)),
    )
    .set(placement_activities::description.eq(""))
    .execute(conn)?;
    // An extension's concrete assessment describes the person's situation: its text goes,
    // the fact that one was recorded stays.
    {
        use crate::db::schema::placement_events;
        let placement_ids = placements::table
            .filter(placements::candidate_id.eq_any(ids))
            .select(placements::id);
        diesel::update(
            placement_events::table
                .filter(placement_events::placement_id.eq_any(placement_ids))
                .filter(placement_events::action.eq("extended"))
                .filter(placement_events::detail.like("%Konkret vurdering:%")),
        )
        .set(placement_events::detail.eq(crate::seats::service::ASSESSMENT_REMOVED))
        .execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_cutoff_is_whole_years_back() {
        assert_eq!(cutoff(d(2026, 11, 28), 5), d(2021, 11, 28));
        assert_eq!(cutoff(d(2026, 11, 28), 0), d(2026, 11, 28));
        // A leap day has no twin five years back: the last day of February is used.
        assert_eq!(cutoff(d(2028, 2, 29), 5), d(2023, 2, 28));
        assert_eq!(cutoff(d(2026, 1, 31), 1), d(2025, 1, 31));
    }
}
