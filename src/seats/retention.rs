//! Retention: a candidate's personal data is anonymised a configurable number of years after
//! their last placement ended (or after they were created, if they were never placed). The
//! placements themselves stay, with their dates, seats and outcomes, so the campaign figures and
//! the month counts they are built from do not change.
//!
//! What goes: the name, the CPR number (cipher, keyed hash and masked form), the mentors' notes
//! on hour entries about the person and the descriptions of their supporting activities. What
//! stays: the candidate's id, jobcenter, benefit and match group (counted by the campaign), and
//! every placement, event and access-log row (they hold ids, not personal data).

use chrono::{Months, NaiveDate};

use crate::db::Db;
use crate::error::AppError;
pub use crate::seats::model::{ANONYMISED_CPR, ANONYMISED_NAME};
use crate::seats::store::{anonymise, due_for_anonymising, forget_old_searches};

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

/// Anonymises every due candidate, one batch per transaction. `dry_run` only counts.
pub async fn run(db: &Db, today: NaiveDate, years: u32, dry_run: bool) -> Result<Report, AppError> {
    let cutoff = cutoff(today, years);
    let mut total = 0;
    loop {
        let done = db
            .write(move |conn| {
                if dry_run {
                    // Counting needs no batches: one read of every due id.
                    return Ok(due_for_anonymising(conn, cutoff, i64::MAX)?.len());
                }
                let ids = due_for_anonymising(conn, cutoff, BATCH)?;
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
