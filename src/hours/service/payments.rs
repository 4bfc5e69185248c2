//! What the jobcenter pays per month, and the weeks waiting for approval.

use crate::ids::ContractId;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::auth::model::Actor;
use crate::contracts::model::CompanyParty;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::Db;
use crate::error::AppError;
use crate::hours::model::{
    add_to, mul_div_round, rate_on, sum, BudgetVersion, IsoWeek, Overflow, WeekStatus,
};
use crate::hours::store;
use crate::texts::hours as th;
use crate::ui::format;

use super::*;

/// What the jobcenter pays one contract for a month: approved minutes × the rate in force.
#[derive(Debug, Clone)]
pub struct Payment {
    pub contract_id: String,
    pub company_name: String,
    pub company_cvr: String,
    pub jobcenter_name: String,
    pub kind: PaymentKind,
    pub minutes: i64,
    pub amount_ore: i64,
}

/// What a payment line pays: approved mentor hours, or the fixed monthly mentor grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Hours,
    Grant,
}

coded_enum!(PaymentKind {
    Hours => "hours", th::PAYMENT_HOURS;
    Grant => "grant", th::PAYMENT_GRANT;
});

/// Approved hours of a month per contract of the consultant's jobcenter (all for admins).
pub async fn payments(db: &Db, actor: &Actor, month: (i32, u32)) -> Result<Vec<Payment>, AppError> {
    if !actor.may_view_payments() {
        return Err(AppError::Forbidden);
    }
    let jobcenter = actor.payment_scope().map(str::to_string);
    db.read(move |conn| {
        let first = NaiveDate::from_ymd_opt(month.0, month.1, 1)
            .ok_or_else(|| AppError::field("month", th::INVALID_MONTH))?;
        let next = if month.1 == 12 {
            NaiveDate::from_ymd_opt(month.0 + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(month.0, month.1 + 1, 1)
        }
        .ok_or_else(|| AppError::field("month", th::INVALID_MONTH))?;
        let rows = store::approved_entries_in(conn, first, next, jobcenter.as_deref())?;
        // Minutes per contract and rate, then the amount per contract.
        let mut per: BTreeMap<String, (String, String, String, BTreeMap<i64, i64>)> =
            BTreeMap::new();
        let mut versions: BTreeMap<String, Vec<BudgetVersion>> = BTreeMap::new();
        for (cid, date, minutes, frozen, co, cvr, jc, accepted) in rows {
            // The rate stored when the week was approved; weeks approved before rates were
            // stored are read at the rate of their day (which no amendment can change since).
            let rate = match frozen {
                Some(r) => r,
                None => {
                    if !versions.contains_key(&cid) {
                        let v = budget_versions(conn, &ContractId::new(&cid))?;
                        versions.insert(cid.clone(), v);
                    }
                    versions.get(&cid).map(|v| rate_on(v, date)).unwrap_or(0)
                }
            };
            let entry = per.entry(cid).or_insert_with(|| {
                let (co, cvr) = match accepted
                    .as_deref()
                    .and_then(|a| serde_json::from_str::<CompanyParty>(a).ok())
                {
                    Some(p) => (p.name, p.cvr),
                    None => (co, cvr),
                };
                (co, cvr, jc, BTreeMap::new())
            });
            add_to(entry.3.entry(rate).or_default(), i64::from(minutes))?;
        }
        let mut out: Vec<Payment> = per
            .into_iter()
            .map(|(cid, (co, cvr, jc, rates))| {
                let minutes = sum(rates.values().copied())?;
                // Round half up to whole øre per rate; never wrapped.
                let amount = sum(rates
                    .iter()
                    .map(|(rate, m)| mul_div_round(*m, *rate, 60))
                    .collect::<Result<Vec<_>, _>>()?)?;
                Ok(Payment {
                    contract_id: cid,
                    company_name: co,
                    company_cvr: cvr,
                    jobcenter_name: jc,
                    kind: PaymentKind::Hours,
                    minutes,
                    amount_ore: amount,
                })
            })
            .collect::<Result<_, Overflow>>()?;
        // The fixed monthly grant of each contract running in the month (#18.12): one line per
        // contract, at the grant of the version in force on the month's first day (or the
        // contract's first day), whether or not hours were approved.
        let running = store::contracts_running_in(conn, first, next, jobcenter.as_deref())?;
        for (cid, start, co, cvr, jc, accepted) in running {
            let grants = contract_store::accepted_grants(conn, &ContractId::new(&cid))?;
            let amount = crate::hours::model::grant_in_force(&grants, first.max(start));
            if amount <= 0 {
                continue;
            }
            let (co, cvr) = match accepted
                .as_deref()
                .and_then(|a| serde_json::from_str::<CompanyParty>(a).ok())
            {
                Some(p) => (p.name, p.cvr),
                None => (co, cvr),
            };
            out.push(Payment {
                contract_id: cid,
                company_name: co,
                company_cvr: cvr,
                jobcenter_name: jc,
                kind: PaymentKind::Grant,
                minutes: 0,
                amount_ore: amount,
            });
        }
        out.sort_by(|a, b| {
            format::sort_key(&a.company_name)
                .cmp(&format::sort_key(&b.company_name))
                .then_with(|| a.contract_id.cmp(&b.contract_id))
                .then_with(|| a.kind.code().cmp(b.kind.code()).reverse())
        });
        Ok(out)
    })
    .await
}

/// Weeks a consultant should act on: submitted weeks waiting for approval, and past weeks of
/// running contracts not yet submitted (the last eight).
pub async fn pending_weeks(
    db: &Db,
    actor: &Actor,
) -> Result<Vec<(ContractRow, String, IsoWeek, WeekStatus)>, AppError> {
    if !actor.may_list_pending_hours() {
        return Err(AppError::Forbidden);
    }
    let actor = actor.clone();
    db.read(move |conn| {
        let today = crate::clock::today();
        let jobcenter_id = actor.jobcenter_id.clone().unwrap_or_default();
        let rows = store::started_contracts(conn, &jobcenter_id, today)?;
        // The states of the last eight weeks of all these contracts, in one query.
        let this_week = IsoWeek::of(today);
        let weeks: Vec<IsoWeek> = std::iter::successors(Some(this_week.prev()), |w| Some(w.prev()))
            .take(8)
            .collect();
        let ids: Vec<&str> = rows.iter().map(|(c, _)| c.id.as_str()).collect();
        let names: Vec<String> = weeks.iter().map(|w| w.to_string()).collect();
        let mut states: std::collections::HashMap<(String, String), WeekStatus> =
            std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let found = store::week_states(conn, chunk, &names)?;
            for (contract_id, week, status) in found {
                states.insert((contract_id, week), WeekStatus::from_stored(&status)?);
            }
        }
        let mut out = Vec::new();
        for (contract, company) in rows {
            for w in &weeks {
                if w.sunday() < contract.start_date || w.monday() > contract.end_date {
                    continue;
                }
                let s = states
                    .get(&(contract.id.to_string(), w.to_string()))
                    .copied()
                    .unwrap_or(WeekStatus::Open);
                if s != WeekStatus::Approved {
                    out.push((contract.clone(), company.clone(), *w, s));
                }
            }
        }
        // Waiting for approval first, oldest first.
        out.sort_by_key(|(_, _, w, s)| (*s != WeekStatus::Submitted, *w));
        Ok(out)
    })
    .await
}
