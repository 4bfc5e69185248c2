//! Mentor hours: ISO weeks, hour entries and their rules, weekly budgets from the contract's
//! versions, and the CSV format Danish Excel reads. Pure.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::texts::hours as th;
use crate::ui::format;

/// An ISO 8601 week ("2011-W23"): Monday first; the week-year can differ from the calendar year
/// near new year (3 January 2010 is in 2009-W53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    pub fn of(d: NaiveDate) -> IsoWeek {
        let w = d.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// Parses "2011-W23" (also lower-case "w").
    pub fn parse(s: &str) -> Result<IsoWeek, String> {
        let bad = || th::WEEK_FORMAT.to_string();
        let s = s.trim();
        let (y, w) = s
            .split_once("-W")
            .or_else(|| s.split_once("-w"))
            .ok_or_else(bad)?;
        if y.len() != 4 || w.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
            .map(|_| IsoWeek { year, week })
            .ok_or_else(|| th::no_such_week(year, week))
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday() + Duration::days(6)
    }

    pub fn days(self) -> [NaiveDate; 7] {
        let m = self.monday();
        [0, 1, 2, 3, 4, 5, 6].map(|i| m + Duration::days(i))
    }

    pub fn next(self) -> IsoWeek {
        IsoWeek::of(self.monday() + Duration::days(7))
    }

    pub fn prev(self) -> IsoWeek {
        IsoWeek::of(self.monday() - Duration::days(7))
    }

    /// "uge 23 · 2011".
    pub fn label(self) -> String {
        format::week_with_year(self.monday())
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// What the mentor spent the time on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HourActivity {
    Introduction,
    Training,
    FollowUp,
    Other,
}

coded_enum!(HourActivity {
    Introduction => "introduction", th::ACTIVITY_INTRODUCTION;
    Training => "training", th::ACTIVITY_TRAINING;
    FollowUp => "follow_up", th::ACTIVITY_FOLLOW_UP;
    Other => "other", th::ACTIVITY_OTHER;
});

/// The state of a contract's week of hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WeekStatus {
    Open,
    Submitted,
    Approved,
    Rejected,
}

coded_enum!(WeekStatus {
    Open => "open", th::WEEK_OPEN;
    Submitted => "submitted", th::WEEK_SUBMITTED;
    Approved => "approved", th::WEEK_APPROVED;
    Rejected => "rejected", th::WEEK_REJECTED;
});

impl WeekStatus {
    /// Hours can be changed while the week is open or sent back.
    pub fn editable(self) -> bool {
        matches!(self, WeekStatus::Open | WeekStatus::Rejected)
    }
}

/// Minutes as logged: quarter hours, at least one, at most a day.
pub fn check_minutes(minutes: i64) -> Result<i32, String> {
    if minutes <= 0 {
        return Err(th::AT_LEAST_A_QUARTER.into());
    }
    if minutes % 15 != 0 {
        return Err(th::QUARTER_HOURS.into());
    }
    if minutes > 24 * 60 {
        return Err(th::AT_MOST_A_DAY.into());
    }
    Ok(minutes as i32)
}

/// The contracted mentor budget of one week in minutes, from the accepted version in force on
/// the week's Monday (or on the contract's first day in that week): minutes per week, times the
/// seats where the hours are per seat. Weeks outside the period have no budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetVersion {
    pub effective_from: NaiveDate,
    pub minutes_per_week: i32,
    pub per_seat: bool,
    pub seats: i32,
    pub rate_ore: i64,
}

pub fn week_budget(
    versions: &[BudgetVersion],
    start: NaiveDate,
    end: NaiveDate,
    week: IsoWeek,
) -> i64 {
    let first = week.monday().max(start);
    if first > end || week.sunday() < start {
        return 0;
    }
    let v = versions
        .iter()
        .rev()
        .find(|v| v.effective_from <= first)
        .or(versions.first());
    match v {
        Some(v) => {
            let m = i64::from(v.minutes_per_week);
            if v.per_seat {
                // Both are i32: the product always fits in i64.
                m * i64::from(v.seats)
            } else {
                m
            }
        }
        None => 0,
    }
}

/// The hourly rate (øre) in force on a day.
pub fn rate_on(versions: &[BudgetVersion], day: NaiveDate) -> i64 {
    versions
        .iter()
        .rev()
        .find(|v| v.effective_from <= day)
        .or(versions.first())
        .map(|v| v.rate_ore)
        .unwrap_or(0)
}

/// A CSV document for Danish Excel: UTF-8 with BOM, semicolons, CRLF line ends, decimal commas
/// already in the values. Fields are quoted by the csv crate where needed.
pub fn excel_csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(header).map_err(|e| e.to_string())?;
        for r in rows {
            w.write_record(r.iter().map(|c| inert_cell(c).into_owned()))
                .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// A cell a spreadsheet will not run as a formula (OWASP "CSV injection"): text that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe. Numbers, also
/// negative amounts such as "-1234,50", stay numbers.
pub fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let numeric = !cell.is_empty()
        && cell
            .strip_prefix('-')
            .unwrap_or(cell)
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !numeric => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// An amount too large to compute: money is never allowed to wrap into a wrong (negative)
/// figure. With the input limits (docs/rules.md) no real contract reaches it; stored data from
/// before those limits may, and then the figure is refused, not shown wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// The fixed monthly mentor grant of the version in force on `day` (the first version's before
/// it takes effect), from the accepted versions' (effective from, grant).
pub fn grant_in_force(grants: &[(NaiveDate, Option<i64>)], day: NaiveDate) -> i64 {
    grants
        .iter()
        .rev()
        .find(|(f, _)| *f <= day)
        .or(grants.first())
        .and_then(|(_, g)| *g)
        .unwrap_or(0)
}

impl From<Overflow> for crate::error::AppError {
    fn from(_: Overflow) -> Self {
        crate::error::AppError::Conflict(crate::texts::AMOUNT_TOO_LARGE.into())
    }
}

/// `a × b` without wrapping.
pub fn mul(a: i64, b: i64) -> Result<i64, Overflow> {
    a.checked_mul(b).ok_or(Overflow)
}

/// `a + b` without wrapping.
pub fn add(a: i64, b: i64) -> Result<i64, Overflow> {
    a.checked_add(b).ok_or(Overflow)
}

/// Adds `v` to `*into` without wrapping.
pub fn add_to(into: &mut i64, v: i64) -> Result<(), Overflow> {
    *into = add(*into, v)?;
    Ok(())
}

/// The sum of amounts without wrapping.
pub fn sum<I: IntoIterator<Item = i64>>(items: I) -> Result<i64, Overflow> {
    items.into_iter().try_fold(0_i64, add)
}

/// `a × b ÷ d` rounded half up, computed wide so the product cannot wrap (d > 0).
pub fn mul_div_round(a: i64, b: i64, d: i64) -> Result<i64, Overflow> {
    let d = i128::from(d.max(1));
    let wide = i128::from(a) * i128::from(b);
    let rounded = (2 * wide + d).div_euclid(2 * d);
    i64::try_from(rounded).map_err(|_| Overflow)
}

/// `a × b ÷ d` rounded down, computed wide (d > 0).
pub fn mul_div_floor(a: i64, b: i64, d: i64) -> Result<i64, Overflow> {
    let wide = i128::from(a) * i128::from(b);
    i64::try_from(wide.div_euclid(i128::from(d.max(1)))).map_err(|_| Overflow)
}

/// Øre as a plain Danish decimal for CSV: 123450 → "1234,50".
pub fn csv_amount(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", ore.abs() / 100, ore.abs() % 100)
}

/// Minutes as hours with a decimal comma for CSV: 90 → "1,50".
pub fn csv_hours(minutes: i64) -> String {
    csv_amount(minutes * 100 / 60)
}

#[cfg(test)]
mod money_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the amounts, the checked helpers either give the exact (wide) result or
        /// refuse: never a wrapped figure.
        #[test]
        fn money_never_wraps(a in any::<i64>(), b in any::<i64>(), d in 1_i64..=i64::MAX) {
            let wide = i128::from(a) * i128::from(b);
            match mul(a, b) {
                Ok(v) => prop_assert_eq!(i128::from(v), wide),
                Err(Overflow) => prop_assert!(wide > i128::from(i64::MAX) || wide < i128::from(i64::MIN)),
            }
            match add(a, b) {
                Ok(v) => prop_assert_eq!(i128::from(v), i128::from(a) + i128::from(b)),
                Err(Overflow) => prop_assert!(a.checked_add(b).is_none()),
            }
            if let Ok(v) = mul_div_floor(a, b, d) {
                prop_assert_eq!(i128::from(v), wide.div_euclid(i128::from(d)));
            }
            if let Ok(v) = mul_div_round(a, b, d) {
                let exact = wide.div_euclid(i128::from(d));
                prop_assert!(i128::from(v) == exact || i128::from(v) == exact + 1);
            }
        }
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(mul_div_round(90, 20_000, 60), Ok(30_000));
        assert_eq!(mul_div_round(1, 30, 60), Ok(1), "0,5 øre rounds up");
        assert_eq!(mul_div_round(1, 29, 60), Ok(0));
        assert_eq!(mul(i64::MAX, 2), Err(Overflow));
        assert_eq!(sum([i64::MAX, 1]), Err(Overflow));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(inert_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert_cell("+45 12"), "'+45 12");
        assert_eq!(inert_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert_cell("-cmd"), "'-cmd");
        assert_eq!(
            inert_cell("-1234,50"),
            "-1234,50",
            "a negative amount stays a number"
        );
        assert_eq!(inert_cell("Lillebælt ApS"), "Lillebælt ApS");
        assert_eq!(inert_cell(""), "");
        let csv = excel_csv(&["navn"], &[vec!["=1+1".into()]]).expect("csv");
        assert!(String::from_utf8_lossy(&csv).contains("'=1+1"));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn iso_week_edges() {
        assert_eq!(IsoWeek::of(d(2010, 1, 3)).to_string(), "2009-W53");
        assert_eq!(IsoWeek::of(d(2010, 1, 4)).to_string(), "2010-W01");
        assert_eq!(
            IsoWeek::parse("2009-W53").map(|w| w.monday()),
            Ok(d(2009, 12, 28))
        );
        assert!(IsoWeek::parse("2010-W53").is_err(), "2010 has 52 weeks");
        assert_eq!(
            IsoWeek::parse("2011-W23").map(|w| w.monday()),
            Ok(d(2011, 6, 6))
        );
        assert!(IsoWeek::parse("2011-23").is_err());
        assert!(IsoWeek::parse("2011-W2").is_err());
        assert_eq!(
            IsoWeek::parse("2009-W53").map(|w| w.next().to_string()),
            Ok("2010-W01".into())
        );
        assert_eq!(
            IsoWeek::parse("2010-W01").map(|w| w.prev().to_string()),
            Ok("2009-W53".into())
        );
        assert_eq!(
            IsoWeek::parse("2011-W23").map(|w| w.label()),
            Ok("uge 23 · 2011".into())
        );
    }

    #[test]
    fn minutes_are_quarter_hours_up_to_a_day() {
        assert_eq!(check_minutes(90), Ok(90));
        assert!(check_minutes(0).is_err());
        assert!(check_minutes(20).is_err());
        assert!(check_minutes(24 * 60 + 15).is_err());
        assert_eq!(check_minutes(24 * 60), Ok(1440));
    }

    #[test]
    fn budgets_follow_the_version_in_force() {
        let versions = vec![
            BudgetVersion {
                effective_from: d(2011, 1, 3),
                minutes_per_week: 180,
                per_seat: false,
                seats: 4,
                rate_ore: 20000,
            },
            BudgetVersion {
                effective_from: d(2011, 3, 7),
                minutes_per_week: 60,
                per_seat: true,
                seats: 6,
                rate_ore: 25000,
            },
        ];
        let (start, end) = (d(2011, 1, 3), d(2011, 6, 30));
        let w = |s: &str| IsoWeek::parse(s).expect("week");
        assert_eq!(week_budget(&versions, start, end, w("2011-W01")), 180);
        assert_eq!(week_budget(&versions, start, end, w("2011-W09")), 180);
        assert_eq!(
            week_budget(&versions, start, end, w("2011-W10")),
            360,
            "60 min × 6 seats from 7 March"
        );
        assert_eq!(
            week_budget(&versions, start, end, w("2011-W30")),
            0,
            "after the period"
        );
        assert_eq!(
            week_budget(&versions, start, end, w("2010-W52")),
            0,
            "before the period"
        );
        assert_eq!(rate_on(&versions, d(2011, 3, 6)), 20000);
        assert_eq!(rate_on(&versions, d(2011, 3, 7)), 25000);
    }

    #[test]
    fn csv_is_what_danish_excel_reads() {
        let bytes = excel_csv(
            &["Kontrakt", "Timer", "Beløb"],
            &[vec![
                "Lillebælt; Rengøring".into(),
                csv_hours(90),
                csv_amount(30000),
            ]],
        )
        .expect("csv");
        assert_eq!(
            bytes,
            b"\xEF\xBB\xBFKontrakt;Timer;Bel\xC3\xB8b\r\n\"Lilleb\xC3\xA6lt; Reng\xC3\xB8ring\";1,50;300,00\r\n".to_vec()
        );
        assert_eq!(csv_amount(123450), "1234,50");
        assert_eq!(csv_hours(75), "1,25");
    }
}
