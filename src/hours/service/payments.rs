//! What the jobcenter pays per month, and the weeks waiting for approval.

use crate::ids::ContractId;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::auth::model::Actor;
use crate::contracts::model::CompanyParty;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::{Db, DbConnection};
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
    pub jobcenter_id: String,
    pub jobcenter_name: String,
    pub kind: PaymentKind,
    /// The month the work was in: the month itself, or an earlier month for a correction.
    pub for_month: String,
    pub minutes: i64,
    pub amount_ore: i64,
}

/// What a payment line pays: approved mentor hours, the fixed monthly mentor grant, or the
/// difference a week corrected after its month was exported makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Hours,
    Grant,
    Correction,
}

coded_enum!(PaymentKind {
    Hours => "hours", th::PAYMENT_HOURS;
    Grant => "grant", th::PAYMENT_GRANT;
    Correction => "correction", th::PAYMENT_CORRECTION;
});

/// A month's payments with what is known of its export.
#[derive(Debug, Clone)]
pub struct MonthPayments {
    pub lines: Vec<Payment>,
    /// The exports of the month in scope: (jobcenter, by whom, when).
    pub exported: Vec<(String, String, chrono::NaiveDateTime)>,
}

fn month_range(month: (i32, u32)) -> Result<(NaiveDate, NaiveDate), AppError> {
    let first = NaiveDate::from_ymd_opt(month.0, month.1, 1)
        .ok_or_else(|| AppError::field("month", th::INVALID_MONTH))?;
    let next = if month.1 == 12 {
        NaiveDate::from_ymd_opt(month.0 + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(month.0, month.1 + 1, 1)
    }
    .ok_or_else(|| AppError::field("month", th::INVALID_MONTH))?;
    Ok((first, next))
}

fn key(month: (i32, u32)) -> String {
    format!("{:04}-{:02}", month.0, month.1)
}

/// The month's lines as the approved weeks and running contracts have them now.
fn live(
    conn: &mut DbConnection,
    month: (i32, u32),
    jobcenter: Option<&str>,
    with_grants: bool,
) -> Result<Vec<Payment>, AppError> {
    let (first, next) = month_range(month)?;
    let for_month = key(month);
    let rows = store::approved_entries_in(conn, first, next, jobcenter)?;
    // Minutes per contract and rate, then the amount per contract.
    type PerContract = (String, String, String, String, BTreeMap<i64, i64>);
    let mut per: BTreeMap<String, PerContract> = BTreeMap::new();
    let mut versions: BTreeMap<String, Vec<BudgetVersion>> = BTreeMap::new();
    for (cid, date, minutes, frozen, co, cvr, jc, accepted, jc_id) in rows {
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
            let (co, cvr) = party(accepted.as_deref(), co, cvr);
            (co, cvr, jc, jc_id, BTreeMap::new())
        });
        add_to(entry.4.entry(rate).or_default(), i64::from(minutes))?;
    }
    let mut out: Vec<Payment> = per
        .into_iter()
        .map(|(cid, (co, cvr, jc, jc_id, rates))| {
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
                jobcenter_id: jc_id,
                jobcenter_name: jc,
                kind: PaymentKind::Hours,
                for_month: for_month.clone(),
                minutes,
                amount_ore: amount,
            })
        })
        .collect::<Result<_, Overflow>>()?;
    if !with_grants {
        return Ok(out);
    }
    // The fixed monthly grant of each contract running in the month (#18.12): one line per
    // contract, at the grant of the version in force on the month's first day (or the
    // contract's first day), whether or not hours were approved.
    let running = store::contracts_running_in(conn, first, next, jobcenter)?;
    for (cid, start, co, cvr, jc, accepted, jc_id) in running {
        let grants = contract_store::accepted_grants(conn, &ContractId::new(&cid))?;
        let amount = crate::hours::model::grant_in_force(&grants, first.max(start));
        if amount <= 0 {
            continue;
        }
        let (co, cvr) = party(accepted.as_deref(), co, cvr);
        out.push(Payment {
            contract_id: cid,
            company_name: co,
            company_cvr: cvr,
            jobcenter_id: jc_id,
            jobcenter_name: jc,
            kind: PaymentKind::Grant,
            for_month: for_month.clone(),
            minutes: 0,
            amount_ore: amount,
        });
    }
    Ok(out)
}

/// The company as the accepted version has it, else as its record says now.
fn party(accepted: Option<&str>, co: String, cvr: String) -> (String, String) {
    match accepted.and_then(|a| serde_json::from_str::<CompanyParty>(a).ok()) {
        Some(p) => (p.name, p.cvr),
        None => (co, cvr),
    }
}

/// How far back corrections of exported months are looked for.
const CORRECTION_MONTHS: i32 = 24;

/// Correction lines for a jobcenter's month not yet exported: for each earlier exported month,
/// what the approved weeks come to now against what its exports (and later corrections) paid.
/// The months a correction of `month` may correct: ("from", "before"), both inclusive.
fn correction_window(month: (i32, u32)) -> (String, String) {
    let total = month.0 * 12 + month.1 as i32 - 1;
    let at = |t: i32| key((t / 12, (t % 12) as u32 + 1));
    (at(total - CORRECTION_MONTHS), at(total - 1))
}

fn corrections(
    conn: &mut DbConnection,
    month: (i32, u32),
    jobcenter: &str,
) -> Result<Vec<Payment>, AppError> {
    let (from, before) = correction_window(month);
    let mut out = Vec::new();
    let exported_months: std::collections::BTreeSet<String> =
        store::exports_between(conn, &from, &before, Some(jobcenter))?
            .into_iter()
            .map(|e| e.0)
            .collect();
    for m in exported_months {
        let parsed = crate::ui::format::parse_month(&m).map_err(AppError::internal)?;
        let (first, next) = month_range(parsed)?;
        // A contract with a week of the month reopened and not approved again waits: its
        // correction is the difference the approval makes, not the week taken back meanwhile.
        let held: std::collections::BTreeSet<String> =
            store::reopened_contracts(conn, jobcenter, first, next)?
                .into_iter()
                .collect();
        // What the month comes to now and what was paid for it, per contract (hours, grant
        // and earlier corrections together).
        let mut now: BTreeMap<String, Payment> = BTreeMap::new();
        for p in live(conn, parsed, Some(jobcenter), true)? {
            match now.get_mut(&p.contract_id) {
                Some(e) => {
                    e.minutes += p.minutes;
                    e.amount_ore += p.amount_ore;
                }
                None => {
                    now.insert(p.contract_id.clone(), p);
                }
            }
        }
        let paid = store::export_lines(conn, Some(jobcenter), None, Some(&m))?;
        let mut per: BTreeMap<String, (i64, i64, String, String, String)> = BTreeMap::new();
        for l in &paid {
            let e = per.entry(l.contract_id.clone()).or_insert_with(|| {
                (
                    0,
                    0,
                    l.company_name.clone(),
                    l.company_cvr.clone(),
                    l.jobcenter_name.clone(),
                )
            });
            e.0 += l.minutes;
            e.1 += l.amount_ore;
        }
        let mut seen = std::collections::BTreeSet::new();
        for p in now.values().filter(|p| !held.contains(&p.contract_id)) {
            seen.insert(p.contract_id.clone());
            let (pm, pa) = per
                .get(&p.contract_id)
                .map(|e| (e.0, e.1))
                .unwrap_or((0, 0));
            if (pm, pa) != (p.minutes, p.amount_ore) {
                out.push(Payment {
                    kind: PaymentKind::Correction,
                    for_month: m.clone(),
                    minutes: p.minutes - pm,
                    amount_ore: p.amount_ore - pa,
                    ..p.clone()
                });
            }
        }
        // A contract paid in the export with nothing approved for the month now.
        for (cid, (pm, pa, co, cvr, jc)) in per {
            if !seen.contains(&cid)
                && !held.contains(&cid)
                && !now.contains_key(&cid)
                && (pm, pa) != (0, 0)
            {
                out.push(Payment {
                    contract_id: cid,
                    company_name: co,
                    company_cvr: cvr,
                    jobcenter_id: jobcenter.to_string(),
                    jobcenter_name: jc,
                    kind: PaymentKind::Correction,
                    for_month: m.clone(),
                    minutes: -pm,
                    amount_ore: -pa,
                });
            }
        }
    }
    Ok(out)
}

/// A month's lines for jobcenter scope `jobcenter` (all when `None`): an exported month as it was
/// exported; a month not yet exported as the approved weeks have it now, with corrections of
/// earlier exported months.
fn month_lines(
    conn: &mut DbConnection,
    month: (i32, u32),
    jobcenter: Option<&str>,
) -> Result<MonthPayments, AppError> {
    let k = key(month);
    let exports = store::exports_between(conn, &k, &k, jobcenter)?;
    let exported: std::collections::BTreeSet<String> =
        exports.iter().map(|e| e.1.clone()).collect();
    let mut out: Vec<Payment> = live(conn, month, jobcenter, true)?
        .into_iter()
        .filter(|p| !exported.contains(&p.jobcenter_id))
        .collect();
    let mut jobcenters: std::collections::BTreeSet<String> =
        out.iter().map(|p| p.jobcenter_id.clone()).collect();
    // Every jobcenter in scope that exported a month a correction may correct.
    let (from, before) = correction_window(month);
    for e in store::exports_between(conn, &from, &before, jobcenter)? {
        jobcenters.insert(e.1);
    }
    for j in jobcenters.iter().filter(|j| !exported.contains(*j)) {
        out.extend(corrections(conn, month, j)?);
    }
    for l in store::export_lines(conn, jobcenter, Some(&k), None)? {
        out.push(Payment {
            kind: PaymentKind::from_stored(&l.kind)?,
            contract_id: l.contract_id,
            company_name: l.company_name,
            company_cvr: l.company_cvr,
            jobcenter_id: l.jobcenter_id,
            jobcenter_name: l.jobcenter_name,
            for_month: l.for_month,
            minutes: l.minutes,
            amount_ore: l.amount_ore,
        });
    }
    out.sort_by(|a, b| {
        format::sort_key(&a.company_name)
            .cmp(&format::sort_key(&b.company_name))
            .then_with(|| a.contract_id.cmp(&b.contract_id))
            .then_with(|| a.kind.code().cmp(b.kind.code()).reverse())
            .then_with(|| a.for_month.cmp(&b.for_month))
    });
    Ok(MonthPayments {
        lines: out,
        exported: exports.into_iter().map(|e| (e.1, e.2, e.3)).collect(),
    })
}

/// Approved hours of a month per contract of the consultant's jobcenter (all for admins).
pub async fn payments(db: &Db, actor: &Actor, month: (i32, u32)) -> Result<Vec<Payment>, AppError> {
    Ok(month_payments(db, actor, month).await?.lines)
}

/// [`payments`] with the month's exports.
pub async fn month_payments(
    db: &Db,
    actor: &Actor,
    month: (i32, u32),
) -> Result<MonthPayments, AppError> {
    if !actor.may_view_payments() {
        return Err(AppError::Forbidden);
    }
    let jobcenter = actor.payment_scope().map(str::to_string);
    db.read(move |conn| month_lines(conn, month, jobcenter.as_deref()))
        .await
}

/// Exports a month for the consultant's jobcenter: its lines (and the corrections of earlier
/// months) are kept as they are now, and the month never changes again. Once per month (409).
pub async fn export_month(
    db: &Db,
    actor: &Actor,
    month: (i32, u32),
) -> Result<MonthPayments, AppError> {
    let Some(jobcenter) = actor.consultant_jobcenter().cloned() else {
        return Err(AppError::Forbidden);
    };
    // A month is exported once it has ended: what is paid for it is then known.
    let (_, next) = month_range(month)?;
    if next > crate::clock::today() {
        return Err(AppError::field("month", th::EXPORT_FUTURE));
    }
    let actor = actor.clone();
    db.write(move |conn| {
        // One export of a jobcenter at a time: two months exported at once must not both pay
        // the same correction (their primary keys differ).
        crate::directory::store::lock_jobcenter(conn, &jobcenter)?;
        let k = key(month);
        if !store::exports_between(conn, &k, &k, Some(&jobcenter))?.is_empty() {
            return Err(AppError::Conflict(th::ALREADY_EXPORTED.into()));
        }
        let lines = month_lines(conn, month, Some(&jobcenter))?.lines;
        let rows: Vec<store::ExportLine> = lines
            .iter()
            .map(|p| store::ExportLine {
                jobcenter_id: jobcenter.to_string(),
                contract_id: p.contract_id.clone(),
                kind: p.kind.code().to_string(),
                for_month: p.for_month.clone(),
                minutes: p.minutes,
                amount_ore: p.amount_ore,
                company_name: p.company_name.clone(),
                company_cvr: p.company_cvr.clone(),
                jobcenter_name: p.jobcenter_name.clone(),
            })
            .collect();
        store::insert_export(conn, &k, &jobcenter, &actor.user_id, &rows).map_err(|e| {
            if crate::error::is_unique_violation(&e) {
                AppError::Conflict(th::ALREADY_EXPORTED.into())
            } else {
                e.into()
            }
        })?;
        month_lines(conn, month, Some(&jobcenter))
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

/// Users' names by id (who exported a month).
pub async fn user_names(db: &Db, ids: Vec<String>) -> Result<Vec<(String, String)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    db.read(move |conn| Ok(store::user_names(conn, &ids)?))
        .await
}
