//! The rimelighedskrav (ratio rule, BEK § 65; #18.1, docs/rules.md): at a worksite (P-number)
//! at most `max(1, floor(min(E,50)/5)) + floor(max(E−50,0)/10)` persons in virksomhedspraktik and
//! løntilskud together, day by day, across every contract and every jobcenter placing people
//! there. E is the worksite's ordinary employees as declared and in force on the referral's
//! first day (`headcounts`); a company without worksites is one worksite with its own headcount.
//! The ratio's numbers are rule parameters in force on that day.

use crate::ids::{CompanyId, ContractId};
use std::collections::BTreeMap;

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

/// The periods of everyone on a seat at the worksite that overlap [from, to]: placed or ended
/// placements of every accepted contract of the company whose terms name the worksite.
fn periods_at(
    conn: &mut DbConnection,
    site: &Worksite,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate)>, AppError> {
    use crate::db::schema::{contracts, placements};
    let contract_ids: Vec<ContractId> = contracts::table
        .filter(contracts::company_id.eq(&site.company_id))
        .filter(contracts::accepted_version.is_not_null())
        .filter(contracts::start_date.le(to))
        .filter(contracts::end_date.ge(from))
        .select(contracts::id)
        .load(conn)?;
    let mut at_site = Vec::new();
    for id in contract_ids {
        if worksite_of(conn, &id, &site.company_id, from)?.p_number == site.p_number {
            at_site.push(id);
        }
    }
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

/// Persons on a seat at the worksite on each day of [from, to].
fn per_day(
    periods: &[(NaiveDate, NaiveDate)],
    from: NaiveDate,
    to: NaiveDate,
) -> BTreeMap<NaiveDate, i32> {
    let mut counts = BTreeMap::new();
    let mut d = from;
    while d <= to {
        counts.insert(d, 0);
        d += Duration::days(1);
    }
    for (a, b) in periods {
        let mut d = (*a).max(from);
        while d <= (*b).min(to) {
            *counts.entry(d).or_insert(0) += 1;
            d += Duration::days(1);
        }
    }
    counts
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
    if let Some((day, n)) = per_day(&periods, from, to)
        .into_iter()
        .find(|(_, n)| n + 1 > max)
    {
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
    let days = per_day(&periods, from, to);
    let mut by_month: BTreeMap<String, (NaiveDate, i32)> = BTreeMap::new();
    for (d, n) in days {
        let key = format!("{}-{:02}", d.year(), d.month());
        let slot = by_month.entry(key).or_insert((d, 0));
        slot.1 = slot.1.max(n);
    }
    let limits = Limits::load(conn, site)?;
    let mut out = Vec::new();
    for (month, (first, most)) in by_month {
        let (e, max) = limits.on(first);
        out.push(MonthHeadroom {
            month,
            ordinary_employees: e,
            max,
            most,
        });
    }
    Ok(out)
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
