//! The consultant's approvals ("Godkend timer"): the submitted weeks waiting for approval and
//! the weeks not yet submitted, each with its mentor, hours, amount and the week's budget; the
//! approval of several weeks at once; and the next week waiting after one is approved.

use std::collections::HashMap;

use crate::auth::model::Actor;
use crate::contracts::model::Terms;
use crate::contracts::store::ContractRow;
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::hours::model::{
    mul_div_round, rate_on, sum, week_budget, BudgetVersion, IsoWeek, WeekStatus,
};
use crate::hours::store;
use crate::hours::view::budget_version;
use crate::ids::ContractId;
use crate::texts::hours as th;

use super::*;

/// One week on the approvals list.
#[derive(Debug, Clone)]
pub struct ApprovalWeek {
    pub contract: ContractRow,
    pub company_name: String,
    pub mentor_name: String,
    pub week: IsoWeek,
    pub status: WeekStatus,
    /// A rejected week's reason.
    pub reason: Option<String>,
    /// The minutes logged in the week.
    pub minutes: i64,
    /// What the logged minutes come to at the rate of their day (what approving pays), øre.
    pub amount_ore: i64,
    /// The contract's mentor budget for the week, in minutes and in øre at the week's rate.
    pub budget_minutes: i64,
    pub budget_ore: i64,
}

impl ApprovalWeek {
    /// More hours than the contract allows for the week.
    pub fn over_budget(&self) -> bool {
        self.minutes > self.budget_minutes
    }

    /// What the consultant saw of the week when they chose it: its contract, week and minutes.
    /// An approval of several weeks approves a week only while it still has these minutes.
    pub fn token(&self) -> String {
        format!("{}|{}|{}", self.contract.id, self.week, self.minutes)
    }
}

/// The approvals page's two lists, a page of each, with their totals.
#[derive(Debug, Clone, Default)]
pub struct Approvals {
    pub submitted: Vec<ApprovalWeek>,
    pub submitted_total: i64,
    pub open: Vec<ApprovalWeek>,
    pub open_total: i64,
}

/// How the approvals lists are ordered and which page of each is shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApprovalsPage {
    pub by_company: bool,
    pub desc: bool,
    pub submitted_offset: i64,
    pub open_offset: i64,
    pub limit: i64,
}

/// Fills minutes, amount and budget of a page of weeks: two queries for the whole page (the
/// entries of its weeks, the accepted versions of its contracts), never one per row.
fn with_figures(
    conn: &mut DbConnection,
    rows: Vec<(
        ContractRow,
        String,
        String,
        IsoWeek,
        WeekStatus,
        Option<String>,
    )>,
) -> Result<Vec<ApprovalWeek>, AppError> {
    let mut ids: Vec<&str> = rows.iter().map(|r| r.0.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut weeks: Vec<String> = rows.iter().map(|r| r.3.to_string()).collect();
    weeks.sort_unstable();
    weeks.dedup();
    let mut versions: HashMap<String, Vec<BudgetVersion>> = HashMap::new();
    let mut by_day: HashMap<(String, String), Vec<(chrono::NaiveDate, i64)>> = HashMap::new();
    if !ids.is_empty() {
        for (contract, from, terms) in store::accepted_versions_of(conn, &ids)? {
            let t: Terms = serde_json::from_str(&terms)
                .map_err(|e| AppError::internal(format!("stored terms unreadable: {e}")))?;
            versions
                .entry(contract)
                .or_default()
                .push(budget_version(from, &t));
        }
        for (contract, week, day, minutes) in store::minutes_by_day(conn, &ids, &weeks)? {
            by_day
                .entry((contract, week))
                .or_default()
                .push((day, i64::from(minutes)));
        }
    }
    let none = Vec::new();
    rows.into_iter()
        .map(|(contract, company_name, mentor_name, week, status, reason)| -> Result<ApprovalWeek, AppError> {
            let v = versions.get(contract.id.as_str()).unwrap_or(&none);
            let days = by_day
                .get(&(contract.id.to_string(), week.to_string()))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            // As an approval freezes it: minutes summed per rate, each sum rounded once.
            let mut per_rate: std::collections::BTreeMap<i64, i64> = Default::default();
            for (day, m) in days {
                *per_rate.entry(rate_on(v, *day)).or_default() += m;
            }
            let minutes = sum(per_rate.values().copied())?;
            let amount_ore = sum(per_rate
                .iter()
                .map(|(rate, m)| mul_div_round(*m, *rate, 60))
                .collect::<Result<Vec<_>, _>>()?)?;
            let budget_minutes = week_budget(v, contract.start_date, contract.end_date, week);
            let budget_ore = mul_div_round(
                budget_minutes,
                rate_on(v, week.monday().max(contract.start_date)),
                60,
            )?;
            Ok(ApprovalWeek {
                contract,
                company_name,
                mentor_name,
                week,
                status,
                reason,
                minutes,
                amount_ore,
                budget_minutes,
                budget_ore,
            })
        })
        .collect()
}

/// The approvals of the consultant's jobcenter: a page of the submitted weeks (every submitted
/// week, however old) and a page of the weeks not yet submitted or sent back (the last eight
/// weeks of the started contracts).
pub async fn approvals(db: &Db, actor: &Actor, page: ApprovalsPage) -> Result<Approvals, AppError> {
    if !actor.may_list_pending_hours() {
        return Err(AppError::Forbidden);
    }
    let actor = actor.clone();
    db.read(move |conn| {
        let jobcenter_id = actor.jobcenter_id.clone().unwrap_or_default();
        let (rows, submitted_total) = store::submitted_weeks(
            conn,
            &jobcenter_id,
            page.by_company,
            page.desc,
            page.submitted_offset,
            page.limit,
        )?;
        let submitted = rows
            .into_iter()
            .map(|(c, company, mentor, week, reason)| {
                Ok((
                    c,
                    company,
                    mentor,
                    IsoWeek::parse(&week).map_err(AppError::internal)?,
                    WeekStatus::Submitted,
                    reason,
                ))
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let submitted = with_figures(conn, submitted)?;

        // The weeks not yet submitted: the last eight of each started contract, from their
        // stored states in one query.
        let today = crate::clock::today();
        let contracts = store::started_contracts_with_mentor(conn, &jobcenter_id, today)?;
        let weeks: Vec<IsoWeek> =
            std::iter::successors(Some(IsoWeek::of(today).prev()), |w| Some(w.prev()))
                .take(8)
                .collect();
        let names: Vec<String> = weeks.iter().map(|w| w.to_string()).collect();
        let mut states: HashMap<(String, String), (WeekStatus, Option<String>)> = HashMap::new();
        let ids: Vec<&str> = contracts.iter().map(|(c, _, _)| c.id.as_str()).collect();
        for chunk in ids.chunks(500) {
            for (contract, week, status, reason) in
                store::week_states_with_reason(conn, chunk, &names)?
            {
                states.insert(
                    (contract, week),
                    (WeekStatus::from_stored(&status)?, reason),
                );
            }
        }
        let mut open = Vec::new();
        for (contract, company, mentor) in &contracts {
            for w in &weeks {
                if w.sunday() < contract.start_date || w.monday() > contract.end_date {
                    continue;
                }
                let (s, reason) = states
                    .get(&(contract.id.to_string(), w.to_string()))
                    .cloned()
                    .unwrap_or((WeekStatus::Open, None));
                if s.editable() {
                    open.push((
                        contract.clone(),
                        company.clone(),
                        mentor.clone(),
                        *w,
                        s,
                        reason,
                    ));
                }
            }
        }
        // Oldest first (or by company, as the submitted list); the page is cut before the
        // figures are fetched.
        if page.by_company {
            open.sort_by(|a, b| {
                crate::ui::format::sort_key(&a.1)
                    .cmp(&crate::ui::format::sort_key(&b.1))
                    .then(a.3.cmp(&b.3))
            });
        } else {
            open.sort_by_key(|a| a.3);
        }
        if page.desc {
            open.reverse();
        }
        let open_total = open.len() as i64;
        let open: Vec<_> = open
            .into_iter()
            .skip(usize::try_from(page.open_offset).unwrap_or(0))
            .take(usize::try_from(page.limit).unwrap_or(0))
            .collect();
        let open = with_figures(conn, open)?;
        Ok(Approvals {
            submitted,
            submitted_total,
            open,
            open_total,
        })
    })
    .await
}

/// A week chosen on the approvals list, as its checkbox carries it (see [`ApprovalWeek::token`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenWeek {
    pub contract_id: ContractId,
    pub week: IsoWeek,
    pub minutes: i64,
}

impl ChosenWeek {
    pub fn parse(token: &str) -> Option<ChosenWeek> {
        let mut parts = token.trim().split('|');
        let contract_id = ContractId::new(parts.next()?.trim());
        let week = IsoWeek::parse(parts.next()?.trim()).ok()?;
        let minutes = parts.next()?.trim().parse().ok()?;
        if parts.next().is_some() || contract_id.is_empty() {
            return None;
        }
        Some(ChosenWeek {
            contract_id,
            week,
            minutes,
        })
    }
}

/// The most weeks one approval may take.
pub const MAX_CHOSEN_WEEKS: usize = 100;

/// What an approval of several weeks did: the weeks approved, and the weeks left as they were
/// with why (no longer waiting, or their hours changed since they were chosen).
#[derive(Debug, Clone, Default)]
pub struct BulkApproval {
    pub approved: Vec<(String, IsoWeek)>,
    pub left: Vec<(String, IsoWeek, String)>,
}

/// Approves the chosen weeks in one transaction. Every week is checked first against who may
/// approve it: one the consultant may not approve (another jobcenter's, or unknown) refuses the
/// whole approval (404/403) and approves nothing. A week that is no longer submitted, or whose
/// minutes differ from what was chosen, is left as it is and reported; the others are approved.
pub async fn approve_weeks(
    db: &Db,
    actor: &Actor,
    chosen: Vec<ChosenWeek>,
) -> Result<BulkApproval, AppError> {
    if chosen.is_empty() {
        return Err(AppError::field("week", th::CHOOSE_WEEKS));
    }
    if chosen.len() > MAX_CHOSEN_WEEKS {
        return Err(AppError::field(
            "week",
            th::too_many_weeks(MAX_CHOSEN_WEEKS),
        ));
    }
    let actor = actor.clone();
    db.write(move |conn| {
        let mut chosen = chosen.clone();
        chosen.sort_by(|a, b| (&a.contract_id, a.week).cmp(&(&b.contract_id, b.week)));
        chosen.dedup_by(|a, b| a.contract_id == b.contract_id && a.week == b.week);
        // Access first, for every week: nothing is approved if one is not the consultant's.
        let mut contracts: HashMap<String, (ContractRow, String)> = HashMap::new();
        for c in &chosen {
            if contracts.contains_key(c.contract_id.as_str()) {
                continue;
            }
            let contract = visible_contract(conn, &actor, &c.contract_id)?;
            if !actor.may_approve_hours(&contract.parties()) {
                return Err(AppError::Forbidden);
            }
            let company = store::company_name(conn, &contract.company_id)?;
            contracts.insert(c.contract_id.to_string(), (contract, company));
        }
        let mut out = BulkApproval::default();
        for c in &chosen {
            let (contract, company) = &contracts[c.contract_id.as_str()];
            let company = company.clone();
            // The locks an approval takes, before the state and minutes are judged.
            store::lock_user(conn, &contract.mentor_id)?;
            crate::seats::store::lock_contract(conn, &contract.id)?;
            let status = store::week_status(conn, &contract.id, c.week)?;
            if status != WeekStatus::Submitted {
                out.left.push((
                    company,
                    c.week,
                    th::week_is(&c.week.label(), status.label()),
                ));
                continue;
            }
            let minutes: i64 = store::week_entries(conn, &contract.id, c.week)?
                .iter()
                .map(|e| i64::from(e.minutes))
                .sum();
            if minutes != c.minutes {
                out.left
                    .push((company, c.week, th::WEEK_CHANGED.to_string()));
                continue;
            }
            decide_in(
                conn,
                &actor,
                &contract.id,
                c.week,
                &WeekAction::Approve,
                None,
            )?;
            out.approved.push((company, c.week));
        }
        Ok(out)
    })
    .await
}

/// The jobcenter's next submitted week (the oldest), where a consultant goes on to after
/// approving one; `None` when no week waits.
pub async fn next_submitted_week(
    db: &Db,
    actor: &Actor,
) -> Result<Option<(ContractId, IsoWeek)>, AppError> {
    if !actor.may_list_pending_hours() {
        return Ok(None);
    }
    let actor = actor.clone();
    db.read(move |conn| {
        let jobcenter_id = actor.jobcenter_id.clone().unwrap_or_default();
        Ok(store::first_submitted_week(conn, &jobcenter_id)?
            .and_then(|(c, w)| IsoWeek::parse(&w).ok().map(|w| (ContractId::new(c), w))))
    })
    .await
}
