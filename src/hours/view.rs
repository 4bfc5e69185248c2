//! A contract's hours as the contract page and the API summarise them: the budget steps of its
//! accepted versions and, week by week, budget, logged and approved minutes. Read-only inside
//! the caller's transaction, beside the store; the contract area reads hours through it.

use crate::ids::ContractId;
use std::collections::BTreeMap;

use crate::contracts::model::{MentorBasis, Terms};
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::hours::model::{week_budget, BudgetVersion, IsoWeek, WeekStatus};
use crate::hours::store;

/// The accepted versions of a contract as budget steps.
pub fn budget_versions(
    conn: &mut DbConnection,
    contract_id: &ContractId,
) -> Result<Vec<BudgetVersion>, AppError> {
    let mut out = Vec::new();
    for v in contract_store::list_versions(conn, contract_id)? {
        if v.status != "accepted" {
            continue;
        }
        out.push(budget_version(v.effective_from, &v.terms()?));
    }
    Ok(out)
}

/// An accepted version's terms as a budget step.
pub fn budget_version(effective_from: chrono::NaiveDate, t: &Terms) -> BudgetVersion {
    BudgetVersion {
        effective_from,
        minutes_per_week: t.mentor_minutes_per_week,
        per_seat: t.mentor_basis == MentorBasis::PerSeat,
        seats: t.seats,
        rate_ore: t.mentor_rate_ore,
    }
}

/// One week of a contract's hours summary.
#[derive(Debug, Clone)]
pub struct WeekSummary {
    pub week: IsoWeek,
    pub status: WeekStatus,
    pub budget: i64,
    pub logged: i64,
    pub approved: i64,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub weeks: Vec<WeekSummary>,
    pub budget: i64,
    pub logged: i64,
    pub approved: i64,
}

impl Summary {
    /// Logged hours as a share of the budget so far.
    pub fn share(&self) -> Option<f64> {
        (self.budget > 0).then(|| self.logged as f64 / self.budget as f64)
    }
}

/// Budget, logged and approved minutes per week from the contract's start to today (or its end).
pub fn summary_of(conn: &mut DbConnection, contract: &ContractRow) -> Result<Summary, AppError> {
    let versions = budget_versions(conn, &contract.id)?;
    let (entries, rows) = store::contract_weeks(conn, &contract.id)?;
    let mut logged: BTreeMap<String, i64> = BTreeMap::new();
    for (w, m) in entries {
        *logged.entry(w).or_default() += i64::from(m);
    }
    let status: BTreeMap<String, WeekStatus> = rows
        .iter()
        .map(|r| Ok((r.week.clone(), WeekStatus::from_stored(&r.status)?)))
        .collect::<Result<_, AppError>>()?;
    let mut weeks = Vec::new();
    if !versions.is_empty() {
        let last = contract.end_date.min(crate::clock::today());
        let mut w = IsoWeek::of(contract.start_date);
        while w.monday() <= last {
            let key = w.to_string();
            let l = logged.get(&key).copied().unwrap_or(0);
            let s = status.get(&key).copied().unwrap_or(WeekStatus::Open);
            weeks.push(WeekSummary {
                week: w,
                status: s,
                budget: week_budget(&versions, contract.start_date, contract.end_date, w),
                logged: l,
                approved: if s == WeekStatus::Approved { l } else { 0 },
            });
            w = w.next();
        }
    }
    Ok(Summary {
        budget: weeks.iter().map(|w| w.budget).sum(),
        logged: weeks.iter().map(|w| w.logged).sum(),
        approved: weeks.iter().map(|w| w.approved).sum(),
        weeks,
    })
}
