//! The rimelighedskrav (ratio rule, BEK § 65; #18.1, docs/rules.md): at a worksite (P-number)
//! at most `max(1, floor(min(E,50)/5)) + floor(max(E−50,0)/10)` persons in virksomhedspraktik and
//! løntilskud together, day by day, across every contract and every jobcenter placing people
//! there. E is the worksite's ordinary employees as declared and in force on the referral's
//! first day (`headcounts`); a company without worksites is one worksite with its own headcount.
//! The ratio's numbers are rule parameters in force on that day.

use crate::ids::{CompanyId, ContractId};

use chrono::{Datelike, Duration, NaiveDate};
use diesel::prelude::*;

use crate::contracts::model::RatioParams;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::seats::store;
use crate::ui::format;

/// Where a contract's people work: its company and the P-number its terms name ("" for the
/// company as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worksite {
    pub company_id: CompanyId,
    pub p_number: String,
}

/// The rule's keys, with their defaults, as `params_on` reads them.
const RATIO_KEYS: [&str; 4] = [
    "ratio_minimum",
    "ratio_first_employees",
    "ratio_first_per",
    "ratio_beyond_per",
];

/// A worksite's headcount declarations and the ratio's parameters, read once, to judge many
/// days: the same answers as `limit_on` day by day, without two queries a day (#23).
struct Limits {
    rules: Vec<(String, NaiveDate, i32)>,
    headcounts: Vec<(NaiveDate, i32)>,
    current: i32,
}

impl Limits {
    fn load(conn: &mut DbConnection, site: &Worksite) -> Result<Limits, AppError> {
        let headcounts =
            crate::directory::store::headcounts_of(conn, &site.company_id, &site.p_number)?;
        let current = if headcounts.is_empty() {
            current_headcount(conn, site)?
        } else {
            0
        };
        Ok(Limits {
            rules: store::rules_of(conn, &RATIO_KEYS)?,
            headcounts,
            current,
        })
    }

    fn rule(&self, key: &str, day: NaiveDate, default: i32) -> i32 {
        self.rules
            .iter()
            .rfind(|(k, from, _)| k == key && *from <= day)
            .map(|(_, _, v)| *v)
            .unwrap_or(default)
    }

    /// (E, max) on `day`, as `limit_on` gives them.
    fn on(&self, day: NaiveDate) -> (i32, i32) {
        // The declaration in force, else the earliest one, else the record's current value.
        let e = self
            .headcounts
            .iter()
            .rfind(|(from, _)| *from <= day)
            .or(self.headcounts.first())
            .map(|(_, n)| *n)
            .unwrap_or(self.current);
        let d = RatioParams::default();
        let params = RatioParams {
            minimum: self.rule(RATIO_KEYS[0], day, d.minimum),
            first_employees: self.rule(RATIO_KEYS[1], day, d.first_employees),
            first_per: self.rule(RATIO_KEYS[2], day, d.first_per),
            beyond_per: self.rule(RATIO_KEYS[3], day, d.beyond_per),
        };
        (e, params.max(e))
    }
}

/// The worksite of a contract on `day`: the P-number of its accepted terms in force then.
pub fn worksite_of(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    company_id: &CompanyId,
    day: NaiveDate,
) -> Result<Worksite, AppError> {
    let p = crate::contracts::store::terms_on(conn, contract_id, day)?
        .and_then(|t| t.worksite_p_number)
        .unwrap_or_default();
    Ok(Worksite {
        company_id: company_id.clone(),
        p_number: p,
    })
}

/// The most persons the worksite may have, by its headcount in force on `day`: (E, max). No
/// declaration kept (rows written in bulk, as the national data set is): the record's current
/// value.
pub fn limit_on(
    conn: &mut DbConnection,
    site: &Worksite,
    day: NaiveDate,
) -> Result<(i32, i32), AppError> {
    Ok(Limits::load(conn, site)?.on(day))
}

/// The headcount the company's or worksite's record holds now.
fn current_headcount(conn: &mut DbConnection, site: &Worksite) -> Result<i32, AppError> {
    use crate::db::schema::{companies, worksites};
    let n = if site.p_number.is_empty() {
        companies::table
            .find(&site.company_id)
            .select(companies::ordinary_employees)
            .first(conn)
            .optional()?
    } else {
        worksites::table
            .filter(worksites::company_id.eq(&site.company_id))
            .filter(worksites::p_number.eq(&site.p_number))
            .select(worksites::ordinary_employees)
            .first(conn)
            .optional()?
    };
    Ok(n.unwrap_or(0))
}

/// The company's accepted contracts overlapping [from, to] whose terms in force on `from` name
/// the worksite: what `worksite_of` decides contract by contract, from the accepted versions of
/// all of them read in one statement (#23: one statement per contract was a tenth of the seat
/// timeline's time).
fn contracts_at(
    conn: &mut DbConnection,
    site: &Worksite,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ContractId>, AppError> {
    use crate::db::schema::{contract_versions as v, contracts};
    /// The one field of the terms the worksite needs (serde skips the others).
    #[derive(serde::Deserialize)]
    struct Site {
        worksite_p_number: Option<String>,
    }
    let rows: Vec<(ContractId, NaiveDate, String)> = v::table
        .inner_join(contracts::table)
        .filter(contracts::company_id.eq(&site.company_id))
        .filter(contracts::accepted_version.is_not_null())
        .filter(contracts::start_date.le(to))
        .filter(contracts::end_date.ge(from))
        .filter(v::status.eq("accepted"))
        .select((v::contract_id, v::effective_from, v::terms))
        .order((v::contract_id.asc(), v::version_no.asc()))
        .load(conn)?;
    let mut out = Vec::new();
    for group in rows.chunk_by(|a, b| a.0 == b.0) {
        // As `contracts::store::terms_on`: the accepted version in force on the day, else the
        // first accepted one.
        let (id, _, terms) = group
            .iter()
            .rfind(|(_, effective, _)| *effective <= from)
            .unwrap_or(&group[0]);
        let p = serde_json::from_str::<Site>(terms)
            .map_err(|e| AppError::internal(format!("stored terms unreadable: {e}")))?
            .worksite_p_number
            .unwrap_or_default();
        if p == site.p_number {
            out.push(id.clone());
        }
    }
    Ok(out)
}

/// The periods of everyone on a seat at the worksite that overlap [from, to]: placed or ended
/// placements of every accepted contract of the company whose terms name the worksite.
fn periods_at(
    conn: &mut DbConnection,
    site: &Worksite,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate)>, AppError> {
    use crate::db::schema::{contracts, placements};
    let at_site = contracts_at(conn, site, from, to)?;
    // The company's seat-holding bookings in the period, in one statement diesel caches (an
    // `IN (…)` over the list of contracts at the site is prepared anew every time, #23), kept
    // for the contracts at the site.
    let rows: Vec<(ContractId, NaiveDate, NaiveDate)> = placements::table
        .inner_join(contracts::table)
        .filter(contracts::company_id.eq(&site.company_id))
        .filter(contracts::accepted_version.is_not_null())
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .filter(placements::start_date.le(to))
        .filter(placements::end_date.ge(from))
        .select((
            placements::contract_id,
            placements::start_date,
            placements::end_date,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(c, _, _)| at_site.contains(c))
        .map(|(_, a, b)| (a, b))
        .collect())
}

/// Persons on a seat at the worksite on each day of [from, to]: element `i` is day `from + i`.
/// A running sum over the days the periods begin and end, so linear in the days and the periods
/// (#23: a map entry per person-day was a third of the seat timeline's time).
fn per_day(periods: &[(NaiveDate, NaiveDate)], from: NaiveDate, to: NaiveDate) -> Vec<i32> {
    let days = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    // One more slot than days: a period ending on `to` steps down after it.
    let mut steps = vec![0i32; days + 1];
    for (a, b) in periods {
        let (a, b) = ((*a).max(from), (*b).min(to));
        if a > b {
            continue;
        }
        // Both within [0, days] as a and b are within [from, to].
        steps[(a - from).num_days() as usize] += 1;
        steps[(b - from).num_days() as usize + 1] -= 1;
    }
    let mut n = 0;
    steps.truncate(days);
    for s in &mut steps {
        n += *s;
        *s = n;
    }
    steps
}

/// Refuses one more person at the worksite over [from, to] when some day would then exceed the
/// rule, naming the rule and the first day. The caller holds the company's lock, so referrals
/// to the same worksite from any jobcenter are judged one at a time.
pub fn check_one_more(
    conn: &mut DbConnection,
    site: &Worksite,
    from: NaiveDate,
    to: NaiveDate,
    field: &str,
) -> Result<(), AppError> {
    let (e, max) = limit_on(conn, site, from)?;
    let periods = periods_at(conn, site, from, to)?;
    if let Some((i, n)) = per_day(&periods, from, to)
        .into_iter()
        .enumerate()
        .find(|(_, n)| n + 1 > max)
    {
        let day = from + Duration::days(i as i64);
        return Err(AppError::field(
            field,
            crate::texts::seats::ratio_reached(
                &format::integer(i64::from(e)),
                max,
                &format::date(day),
                n,
            ),
        ));
    }
    Ok(())
}

/// One month of a worksite's headroom: the most persons on any day, the rule's max, and the
/// room left (negative when exceeded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthHeadroom {
    /// "2011-03"
    pub month: String,
    pub ordinary_employees: i32,
    pub max: i32,
    pub most: i32,
}

impl MonthHeadroom {
    pub fn free(&self) -> i32 {
        self.max - self.most
    }
}

/// The worksite's headroom per month over [from, to] (a contract's period): by the headcount
/// and parameters in force on each month's first day (or `from`).
pub fn headroom(
    conn: &mut DbConnection,
    site: &Worksite,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MonthHeadroom>, AppError> {
    let periods = periods_at(conn, site, from, to)?;
    // Each month's first day in the range and the most persons on any of its days, in order.
    let mut months: Vec<(NaiveDate, i32)> = Vec::new();
    let mut d = from;
    for n in per_day(&periods, from, to) {
        match months.last_mut() {
            Some((first, most)) if first.year() == d.year() && first.month() == d.month() => {
                *most = (*most).max(n)
            }
            _ => months.push((d, n)),
        }
        d += Duration::days(1);
    }
    let limits = Limits::load(conn, site)?;
    Ok(months
        .into_iter()
        .map(|(first, most)| {
            let (e, max) = limits.on(first);
            MonthHeadroom {
                month: format!("{}-{:02}", first.year(), first.month()),
                ordinary_employees: e,
                max,
                most,
            }
        })
        .collect())
}

#[cfg(test)]
mod limits_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_declaration_and_the_parameters_in_force_on_the_day_decide() {
        let l = Limits {
            rules: vec![("ratio_minimum".into(), d(2027, 1, 1), 2)],
            headcounts: vec![(d(2026, 1, 1), 10), (d(2026, 7, 1), 60)],
            current: 999,
        };
        // Before any declaration: the earliest one; the default parameters until 2027.
        assert_eq!(l.on(d(2025, 6, 1)), (10, RatioParams::default().max(10)));
        assert_eq!(l.on(d(2026, 3, 1)).0, 10);
        assert_eq!(l.on(d(2026, 7, 1)), (60, RatioParams::default().max(60)));
        let later = RatioParams {
            minimum: 2,
            ..RatioParams::default()
        };
        assert_eq!(l.on(d(2027, 2, 1)), (60, later.max(60)));
        // Nothing declared: the record's current value.
        let none = Limits {
            rules: Vec::new(),
            headcounts: Vec::new(),
            current: 7,
        };
        assert_eq!(none.on(d(2026, 1, 1)), (7, RatioParams::default().max(7)));
    }
}

#[cfg(test)]
mod per_day_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    /// The running sum gives, day by day, the count of periods that hold the day: periods
    /// before, across, inside, on the edges of and after the range, one day long and reversed.
    #[test]
    fn each_day_counts_the_periods_that_hold_it() {
        let (from, to) = (d(2026, 3, 1), d(2026, 4, 15));
        let periods = [
            (d(2026, 1, 1), d(2026, 2, 28)), // before
            (d(2026, 2, 20), d(2026, 3, 1)), // ends on the first day
            (d(2026, 3, 10), d(2026, 3, 10)),
            (d(2026, 3, 5), d(2026, 5, 1)),  // runs past the end
            (d(2026, 4, 15), d(2026, 6, 1)), // begins on the last day
            (d(2026, 1, 1), d(2026, 12, 31)),
            (d(2026, 4, 16), d(2026, 4, 20)), // after
            (d(2026, 3, 20), d(2026, 3, 18)), // empty
        ];
        let counts = per_day(&periods, from, to);
        assert_eq!(counts.len(), 46);
        for (i, n) in counts.iter().enumerate() {
            let day = from + Duration::days(i as i64);
            let held = periods
                .iter()
                .filter(|(a, b)| *a <= day && day <= *b)
                .count() as i32;
            assert_eq!(*n, held, "on {day}");
        }
        assert_eq!(counts[0], 2);
        assert_eq!(counts[9], 3);
        assert_eq!(counts[45], 3);
        assert!(per_day(&periods, to, from).is_empty());
    }
}
