//! The one clock. "Today" is the date in Denmark (Europe/Copenhagen, with summer time), not in
//! UTC: at 23:30 UTC on 30 June it is already 1 July in Middelfart. Every rule that asks for
//! today and every time shown on a page or a print goes through here.
//!
//! Tests move the clock with `VC_TODAY` (a date, `2026-07-01`, or an instant,
//! `2026-06-30T23:30:00Z`): the clock then starts at that instant and runs on from it. Only a
//! debug build (the one `cargo test` builds) honours it; a release build refuses to start with
//! it set, so a production server can never run on a made-up date.

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{Europe::Copenhagen, Tz};

/// How far the clock is moved from the real one (set once at start-up, zero by default).
static OFFSET: OnceLock<chrono::Duration> = OnceLock::new();

/// The environment variable that moves the clock in tests.
pub const TEST_CLOCK_VAR: &str = "VC_TODAY";

/// A stored UTC timestamp (the database keeps them without zone) as a UTC date-time.
pub fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

/// Now, in UTC (moved by `VC_TODAY` in a test build).
pub fn now_utc() -> DateTime<Utc> {
    let now = Utc::now();
    match OFFSET.get() {
        Some(offset) => now + *offset,
        None => now,
    }
}

/// Today's date in Denmark.
pub fn today() -> NaiveDate {
    danish_date(now_utc())
}

/// The Danish calendar date of an instant.
pub fn danish_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Copenhagen).date_naive()
}

/// A stored UTC timestamp as Danish local time.
pub fn danish_time(utc: NaiveDateTime) -> DateTime<Tz> {
    Utc.from_utc_datetime(&utc).with_timezone(&Copenhagen)
}

/// The year and month of a date, as "2011-03".
pub fn month_key(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}-{:02}", d.year(), d.month())
}

/// Months from `from` to `to` inclusive, as "YYYY-MM" (at most 100 years).
pub fn months_between(from: (i32, u32), to: (i32, u32)) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = from;
    while (y, m) <= to && out.len() < 1200 {
        out.push(format!("{y}-{m:02}"));
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

/// The months ("2011-03") from the one `start` is in to the one `end` is in.
pub fn months_of(start: NaiveDate, end: NaiveDate) -> Vec<String> {
    use chrono::Datelike;
    months_between((start.year(), start.month()), (end.year(), end.month()))
}

/// Reads `VC_TODAY` and moves the clock to it. Call once, before serving.
pub fn init_from_env() -> Result<(), String> {
    let Some(value) = std::env::var(TEST_CLOCK_VAR).ok().filter(|v| !v.is_empty()) else {
        return Ok(());
    };
    if !cfg!(debug_assertions) {
        return Err(format!(
            "{TEST_CLOCK_VAR} moves the clock for tests; a release build does not run on a made-up date"
        ));
    }
    let start = parse_instant(&value).ok_or_else(|| {
        format!("{TEST_CLOCK_VAR} '{value}' is neither a date (2026-07-01) nor an instant (2026-06-30T23:30:00Z)")
    })?;
    let _ = OFFSET.set(start - Utc::now());
    tracing::warn!(clock = %start, "the clock is moved by {TEST_CLOCK_VAR} (test build)");
    Ok(())
}

/// `2026-07-01` (noon, Danish time) or an RFC 3339 instant.
fn parse_instant(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value.trim()) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()?;
    Copenhagen
        .from_local_datetime(&date.and_hms_opt(12, 0, 0)?)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn late_evening_utc_is_already_tomorrow_in_denmark() {
        // Summer time (UTC+2): 22:30 UTC on 30 June is 00:30 on 1 July.
        assert_eq!(
            danish_date(utc("2026-06-30T22:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
        // Winter time (UTC+1): 23:30 UTC on 31 December is 00:30 on 1 January.
        assert_eq!(
            danish_date(utc("2026-12-31T23:30:00Z")),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        // 22:30 UTC in winter is still the same day (23:30 in Denmark).
        assert_eq!(
            danish_date(utc("2026-12-31T22:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
    }

    #[test]
    fn times_are_shown_with_summer_time() {
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(
            danish_time(summer).format("%H:%M %Z").to_string(),
            "12:00 CEST"
        );
        let winter = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(
            danish_time(winter).format("%H:%M %Z").to_string(),
            "11:00 CET"
        );
    }

    #[test]
    fn the_test_clock_reads_dates_and_instants() {
        assert_eq!(
            parse_instant("2026-06-30T23:30:00Z"),
            Some(utc("2026-06-30T23:30:00Z"))
        );
        assert_eq!(
            parse_instant("2026-07-01").map(danish_date),
            NaiveDate::from_ymd_opt(2026, 7, 1)
        );
        assert_eq!(parse_instant("1. juli"), None);
    }
}
