//! Retention of removed documents: a removed document is hidden at once but kept, so a mistake
//! can be undone from the database, for the same number of years as a candidate's data
//! (`virksomhedscenter retention --years`, see `seats::retention`); then this purges it, file and
//! row. Its audit lines (who added it, who removed it, the file's name) stay.

use chrono::{Months, NaiveDate, NaiveTime};

use crate::db::Db;
use crate::documents::store::{count_removed_before, purge_removed_before};
use crate::error::AppError;

/// What a run did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Documents removed before this day are purged.
    pub cutoff: NaiveDate,
    pub documents: usize,
}

/// The first day whose removals are still kept: `years` years before `today` (as the
/// candidates' cutoff; a 29 February with no twin becomes the month's last day).
pub fn cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// Purges every document removed before the cutoff. `dry_run` only counts.
pub async fn run(db: &Db, today: NaiveDate, years: u32, dry_run: bool) -> Result<Report, AppError> {
    let cutoff = cutoff(today, years);
    let before = cutoff.and_time(NaiveTime::MIN);
    let documents = db
        .write(move |conn| {
            if dry_run {
                Ok(count_removed_before(conn, before)? as usize)
            } else {
                Ok(purge_removed_before(conn, before)?)
            }
        })
        .await?;
    Ok(Report { cutoff, documents })
}
