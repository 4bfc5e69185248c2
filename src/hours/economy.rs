//! The economy of a contract (and of a jobcenter) per month: mentor cost (approved hours × the
//! rate in force, plus a fixed monthly grant), shared and individual supporting activities, and
//! the total, beside what the accepted contract budgets.

use crate::ids::{ContractId, JobcenterId};
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use crate::auth::model::Actor;
use crate::clock::month_key;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::hours::model::{
    add, add_to, grant_in_force, mul, mul_div_floor, mul_div_round, rate_on, sum, week_budget,
    IsoWeek, Overflow,
};
use crate::hours::service::budget_versions;

/// One month of a contract's (or a jobcenter's) economy, in øre.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthEconomy {
    /// "2011-03"
    pub month: String,
    pub mentor_budget: i64,
    pub mentor_cost: i64,
    pub approved_minutes: i64,
    pub shared_activities: i64,
    pub individual_activities: i64,
    pub budget_total: i64,
    pub actual_total: i64,
}

/// Spreads `cost` over the days of [from, to] and adds each month's share to `into`.
fn spread(
    cost: i64,
    from: NaiveDate,
    to: NaiveDate,
    into: &mut BTreeMap<String, i64>,
) -> Result<(), Overflow> {
    let days = (to - from).num_days() + 1;
    if days <= 0 || cost == 0 {
        return Ok(());
    }
    let mut per_month: BTreeMap<String, i64> = BTreeMap::new();
    let mut d = from;
    while d <= to {
        *per_month.entry(month_key(d)).or_default() += 1;
        d += Duration::days(1);
    }
    // Whole øre: the last month takes what rounding left, so the parts add up to the cost.
    let mut given = 0;
    let n = per_month.len();
    for (i, (m, count)) in per_month.into_iter().enumerate() {
        let part = if i + 1 == n {
            cost.checked_sub(given).ok_or(Overflow)?
        } else {
            mul_div_floor(cost, count, days)?
        };
        add_to(&mut given, part)?;
        add_to(into.entry(m).or_default(), part)?;
    }
    Ok(())
}

/// The months of a contract, with budget and actual figures.
pub fn contract_economy(
    conn: &mut DbConnection,
    contract: &ContractRow,
) -> Result<Vec<MonthEconomy>, AppError> {
    let versions = budget_versions(conn, &contract.id)?;
    if versions.is_empty() {
        return Ok(Vec::new());
    }
    let (start, end) = (contract.start_date, contract.end_date);
    let mut months: BTreeMap<String, MonthEconomy> = BTreeMap::new();
    // Budget: the weekly mentor minutes spread over the week's days, at the rate of the day.
    let mut budget_ore_min: BTreeMap<String, i64> = BTreeMap::new();
    let mut d = start;
    while d <= end {
        let minutes = week_budget(&versions, start, end, IsoWeek::of(d));
        add_to(
            budget_ore_min.entry(month_key(d)).or_default(),
            mul(minutes, rate_on(&versions, d))?,
        )?;
        months.entry(month_key(d)).or_insert_with(|| MonthEconomy {
            month: month_key(d),
            ..Default::default()
        });
        d += Duration::days(1);
    }
    // øre·minutes per day of a week → øre (÷ 7 days ÷ 60 minutes), rounded once for the whole
    // contract; the last month takes what rounding the months left, so the months add up.
    let total = sum(budget_ore_min.values().copied())?;
    let total_ore = mul_div_round(total, 1, 420)?;
    let n = budget_ore_min.len();
    let mut given = 0;
    for (i, (m, v)) in budget_ore_min.into_iter().enumerate() {
        let part = if i + 1 == n {
            total_ore.checked_sub(given).ok_or(Overflow)?
        } else {
            mul_div_floor(v, 1, 420)?
        };
        add_to(&mut given, part)?;
        if let Some(e) = months.get_mut(&m) {
            e.mentor_budget = part;
        }
    }
    // A fixed monthly grant in force at the start of each month (or the contract's first day).
    let grants = contract_store::accepted_grants(conn, &contract.id)?;
    for e in months.values_mut() {
        let first = NaiveDate::parse_from_str(&format!("{}-01", e.month), "%Y-%m-%d")
            .unwrap_or(start)
            .max(start);
        let grant = grant_in_force(&grants, first);
        add_to(&mut e.mentor_budget, grant)?;
        add_to(&mut e.mentor_cost, grant)?;
    }
    // Actual mentor cost: approved hours at the rate of their day.
    let approved = crate::hours::store::approved_entries(conn, &contract.id)?;
    let mut cost_ore_min: BTreeMap<String, i64> = BTreeMap::new();
    for (day, minutes, frozen) in approved {
        let m = month_key(day);
        // The rate stored when the week was approved (#18.11).
        let rate = frozen.unwrap_or_else(|| rate_on(&versions, day));
        add_to(
            cost_ore_min.entry(m.clone()).or_default(),
            mul(i64::from(minutes), rate)?,
        )?;
        if let Some(e) = months.get_mut(&m) {
            e.approved_minutes += i64::from(minutes);
        }
    }
    for (m, v) in cost_ore_min {
        if let Some(e) = months.get_mut(&m) {
            add_to(&mut e.mentor_cost, mul_div_round(v, 1, 60)?)?;
        }
    }
    // Shared activities as each accepted version prices them (#18.13): an activity's cost is
    // for the whole contract period, so a version pays its share of it for the days it is in
    // force. Cumulative shares, so versions with the same activities add up to the cost exactly.
    let mut shared: BTreeMap<String, i64> = BTreeMap::new();
    let accepted: Vec<(NaiveDate, i64)> = contract_store::list_versions(conn, &contract.id)?
        .into_iter()
        .filter(|v| v.status == "accepted")
        .map(|v| {
            let cost = sum(v.terms()?.activities.iter().map(|a| a.cost_ore))?;
            Ok((v.effective_from, cost))
        })
        .collect::<Result<_, AppError>>()?;
    let total_days = (end - start).num_days() + 1;
    for (i, (from, cost)) in accepted.iter().enumerate() {
        let from = if i == 0 { start } else { (*from).max(start) };
        let to = accepted
            .get(i + 1)
            .map(|(next, _)| *next - Duration::days(1))
            .unwrap_or(end)
            .min(end);
        if from > to || total_days <= 0 {
            continue;
        }
        let before = (from - start).num_days();
        let through = (to - start).num_days() + 1;
        let part =
            mul_div_floor(*cost, through, total_days)? - mul_div_floor(*cost, before, total_days)?;
        spread(part, from, to, &mut shared)?;
    }
    let individual_rows = crate::seats::store::individual_activity_costs(conn, &contract.id)?;
    let mut individual: BTreeMap<String, i64> = BTreeMap::new();
    for (cost, from, to) in individual_rows {
        spread(cost, from, to, &mut individual)?;
    }
    for (m, v) in shared {
        if let Some(e) = months.get_mut(&m) {
            add_to(&mut e.shared_activities, v)?;
        }
    }
    for (m, v) in individual {
        let e = months.entry(m.clone()).or_insert_with(|| MonthEconomy {
            month: m.clone(),
            ..Default::default()
        });
        add_to(&mut e.individual_activities, v)?;
    }
    months
        .into_values()
        .map(|mut e| {
            e.budget_total = add(e.mentor_budget, e.shared_activities)?;
            e.actual_total = sum([e.mentor_cost, e.shared_activities, e.individual_activities])?;
            Ok(e)
        })
        .collect()
}

pub async fn for_contract(
    db: &Db,
    actor: &Actor,
    contract_id: ContractId,
) -> Result<(ContractRow, Vec<MonthEconomy>), AppError> {
    if !actor.may_view_payments() {
        // Individual activities can reveal a person's conditions: the jobcenter's figures.
        return Err(AppError::Forbidden);
    }
    let actor = actor.clone();
    db.read(move |conn| {
        let c = contract_store::get_contract(conn, &contract_id)?
            .filter(|c| actor.may_view_contract(&c.parties()))
            .ok_or(AppError::NotFound)?;
        let e = contract_economy(conn, &c)?;
        Ok((c, e))
    })
    .await
}

/// The jobcenter's contracts added up per month of a year.
pub async fn for_jobcenter(
    db: &Db,
    actor: &Actor,
    jobcenter_id: JobcenterId,
    year: i32,
) -> Result<Vec<MonthEconomy>, AppError> {
    if !actor.may_view_jobcenter(&jobcenter_id) {
        return Err(AppError::NotFound);
    }
    db.read(move |conn| {
        let first = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or_else(|| AppError::field("year", crate::texts::hours::INVALID_YEAR))?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31)
            .ok_or_else(|| AppError::field("year", crate::texts::hours::INVALID_YEAR))?;
        let rows = contract_store::accepted_overlapping(conn, &jobcenter_id, first, last)?;
        let mut totals: BTreeMap<String, MonthEconomy> = BTreeMap::new();
        for m in 1..=12 {
            let k = format!("{year}-{m:02}");
            totals.insert(
                k.clone(),
                MonthEconomy {
                    month: k,
                    ..Default::default()
                },
            );
        }
        for contract in rows {
            for e in contract_economy(conn, &contract)? {
                if let Some(s) = totals.get_mut(&e.month) {
                    add_to(&mut s.mentor_budget, e.mentor_budget)?;
                    add_to(&mut s.mentor_cost, e.mentor_cost)?;
                    add_to(&mut s.approved_minutes, e.approved_minutes)?;
                    add_to(&mut s.shared_activities, e.shared_activities)?;
                    add_to(&mut s.individual_activities, e.individual_activities)?;
                    add_to(&mut s.budget_total, e.budget_total)?;
                    add_to(&mut s.actual_total, e.actual_total)?;
                }
            }
        }
        Ok(totals.into_values().collect())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreading_adds_up_to_the_cost() {
        let mut m = BTreeMap::new();
        let d = |y, mo, da| NaiveDate::from_ymd_opt(y, mo, da).expect("date");
        spread(100_000, d(2011, 1, 17), d(2011, 3, 15), &mut m).expect("fits");
        assert_eq!(m.values().sum::<i64>(), 100_000);
        assert_eq!(m.len(), 3);
        assert!(
            m["2011-02"] > m["2011-01"],
            "28 days of February against 15 of January"
        );
    }

    proptest::proptest! {
        /// Any cost over any period up to twenty years: the months' parts are never negative
        /// and add up to the cost exactly.
        #[test]
        fn spreading_never_wraps(cost in 0_i64..=i64::MAX, start in 0_i64..3_000, len in 0_i64..7_300) {
            let from = NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + Duration::days(start);
            let to = from + Duration::days(len);
            let mut m = BTreeMap::new();
            spread(cost, from, to, &mut m).expect("one cost always fits");
            proptest::prop_assert!(m.values().all(|v| *v >= 0));
            proptest::prop_assert_eq!(m.values().map(|v| i128::from(*v)).sum::<i128>(), i128::from(cost));
        }
    }

    #[test]
    fn spreading_a_huge_cost_is_refused_not_wrapped() {
        let mut m = BTreeMap::new();
        let d = |y, mo, da| NaiveDate::from_ymd_opt(y, mo, da).expect("date");
        // The wide product is exact: the largest cost spreads without wrapping.
        spread(i64::MAX, d(2011, 1, 1), d(2011, 12, 31), &mut m).expect("fits");
        assert_eq!(
            m.values().map(|v| i128::from(*v)).sum::<i128>(),
            i128::from(i64::MAX)
        );
        assert!(m.values().all(|v| *v >= 0));
        // Adding more to a month that holds the largest amount is refused.
        let mut one = BTreeMap::new();
        spread(i64::MAX, d(2011, 1, 1), d(2011, 1, 31), &mut one).expect("fits");
        assert_eq!(
            spread(1, d(2011, 1, 1), d(2011, 1, 31), &mut one),
            Err(Overflow)
        );
    }
}
