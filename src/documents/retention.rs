//! Retention of documents. A removed document is hidden at once but kept, so a mistake can be
//! undone from the database, for the same number of years as a candidate's data
//! (`virksomhedscenter retention --years`, see `seats::retention`); then this purges it, file and
//! row. The documents on a placement whose person retention has anonymised (a CV, a statement
//! about them) are purged too, removed or not: they are that person's data. Their audit lines
//! (who added and removed them, the file's name) stay. `cli retention` runs this after the
//! candidates' anonymising, so a person anonymised in the same run loses their documents at once.

use chrono::{Months, NaiveDate, NaiveTime};

use crate::db::Db;
use crate::documents::store::{
    count_of_anonymised, count_removed_before, purge_of_anonymised, purge_removed_before,
};
use crate::error::AppError;

/// What a run did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Documents removed before this day are purged.
    pub cutoff: NaiveDate,
    /// Removed documents purged.
    pub documents: usize,
    /// Documents purged because their placement's person was anonymised.
    pub of_anonymised: usize,
}

/// The first day whose removals are still kept: `years` years before `today` (as the
/// candidates' cutoff; a 29 February with no twin becomes the month's last day).
pub fn cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// Purges every document removed before the cutoff and every document of an anonymised
/// person, in one transaction. `dry_run` only counts.
pub async fn run(db: &Db, today: NaiveDate, years: u32, dry_run: bool) -> Result<Report, AppError> {
    let cutoff = cutoff(today, years);
    let before = cutoff.and_time(NaiveTime::MIN);
    let (documents, of_anonymised) = db
        .write(move |conn| {
            if dry_run {
                let removed = count_removed_before(conn, before)? as usize;
                Ok((removed, count_of_anonymised(conn)? as usize))
            } else {
                let removed = purge_removed_before(conn, before)?;
                Ok((removed, purge_of_anonymised(conn)?))
            }
        })
        .await?;
    Ok(Report {
        cutoff,
        documents,
        of_anonymised,
    })
}
