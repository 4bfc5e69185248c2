//! A contract as its pages and the API show it (`ContractView`): composed from the contract's
//! rows, its company and jobcenter, the names of the people its terms refer to and the
//! rimelighedskrav at its worksite, inside the caller's transaction. Read-only, so it sits
//! beside the store; other areas (seats, hours) read contracts through it.

use crate::ids::ContractId;
use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::auth::model::Actor;
use crate::auth::policy::ContractScope;
use crate::contracts::model::{diff, Change, CompanyParty, Terms, WorksiteParty};
use crate::contracts::store::{self, ContractRow, EventRow, ListFilter, VersionRow};
use crate::contracts::workflow::{ContractStatus, Situation, VersionStatus};
use crate::db::schema::users;
use crate::db::DbConnection;
use crate::directory::store as directory;
use crate::error::AppError;

/// A contract with everything its page and the API show.
#[derive(Debug, Clone)]
pub struct ContractView {
    pub row: ContractRow,
    pub company_name: String,
    pub company_cvr: String,
    pub jobcenter_name: String,
    pub status: ContractStatus,
    /// The version being negotiated, with its terms.
    pub pending: Option<(VersionRow, Terms)>,
    /// The accepted version in force today (the first accepted one before the contract starts).
    pub in_force: Option<(VersionRow, Terms)>,
    pub versions: Vec<VersionRow>,
    pub events: Vec<(EventRow, String)>,
    /// Names of the people the terms refer to, by user id.
    pub names: HashMap<String, String>,
    /// The latest accepted version (what an amendment is drafted from and compared with).
    pub latest_accepted: Option<(VersionRow, Terms)>,
    /// Whether the viewer is on the jobcenter's side (sees drafts and warnings).
    pub jobcenter_side: bool,
    /// The company party the pending version would be accepted with: the company's record
    /// now and the worksite its terms name.
    pub pending_party: Option<CompanyParty>,
    /// The rimelighedskrav at the worksite the current terms name, as a referral judges it:
    /// (ordinary employees declared and in force at the start, the most persons allowed).
    pub ratio_limit: Option<(i32, i32)>,
}

impl ContractView {
    /// A user's name for display, by their id as the terms hold it.
    pub fn name_of(&self, user: &str) -> String {
        self.names
            .get(user)
            .cloned()
            .unwrap_or_else(|| user.to_string())
    }

    /// The terms people work from: the pending draft for the consultant, else those in force.
    pub fn current_terms(&self) -> Option<&Terms> {
        self.pending
            .as_ref()
            .map(|(_, t)| t)
            .or(self.in_force.as_ref().map(|(_, t)| t))
    }

    /// The difference of the pending version against the one in force; against nothing (every
    /// field new) for a first version.
    pub fn diff(&self) -> Vec<Change> {
        let Some((_, new)) = &self.pending else {
            return Vec::new();
        };
        let name_of = |id: &str| self.name_of(id);
        match &self.latest_accepted {
            Some((v, old)) => {
                // The company's record as accepted against what would be accepted now.
                let party = match (v.company_party(), &self.pending_party) {
                    (Some(was), Some(now)) => now.changes_since(&was),
                    _ => Vec::new(),
                };
                party.into_iter().chain(diff(old, new, &name_of)).collect()
            }
            None => {
                let mut blank = new.clone();
                blank_terms(&mut blank);
                diff(&blank, new, &name_of)
                    .into_iter()
                    .map(|c| Change {
                        from: String::new(),
                        ..c
                    })
                    .collect()
            }
        }
    }

    /// What changed in the pending version since the company last sent it back, when it did.
    /// The company sees it once the version is sent again; the jobcenter also while editing.
    pub fn changes_since_returned(&self) -> Option<Vec<Change>> {
        let (v, new) = self.pending.as_ref()?;
        if !self.jobcenter_side && v.status != "sent" {
            return None;
        }
        let old: Terms = serde_json::from_str(v.returned_terms.as_deref()?).ok()?;
        let name_of = |id: &str| self.name_of(id);
        Some(diff(&old, new, &name_of))
    }

    pub fn situation(&self) -> Situation {
        situation(&self.row, &self.versions)
    }
}

fn blank_terms(t: &mut Terms) {
    t.consultant_id.clear();
    t.mentor_id.clear();
    t.worksite_p_number = None;
    t.goals.clear();
    t.seats = 0;
    t.offer_types.clear();
    t.target_benefits.clear();
    t.target_match_group = 0;
    t.work_tasks.clear();
    t.mentor_minutes_per_week = -1;
    t.mentor_rate_ore = -1;
    t.mentor_fixed_grant_ore = Some(-1);
    t.activities.clear();
    t.follow_up_weeks = 0;
    t.start_date = NaiveDate::MIN;
    t.end_date = NaiveDate::MIN;
    t.notice_days = -1;
    t.ordinary_employees = -1;
    t.employee_rep_statement = !t.employee_rep_statement;
}

fn situation(row: &ContractRow, versions: &[VersionRow]) -> Situation {
    let accepted_period = row
        .accepted_version
        .and_then(|n| versions.iter().find(|v| v.version_no == n))
        .map(|_| (row.start_date, row.end_date));
    Situation {
        pending: row.pending_status.as_deref().and_then(VersionStatus::parse),
        accepted_period,
        terminated_on: row.terminated_on,
        today: crate::clock::today(),
    }
}

/// The company as a party to a version with `terms`: its record now and the worksite the
/// terms name (if the company has it).
fn company_party(
    conn: &mut DbConnection,
    company: &directory::CompanyRow,
    terms: &Terms,
) -> Result<CompanyParty, AppError> {
    let worksite = match &terms.worksite_p_number {
        Some(p) => directory::list_worksites(conn, &company.id)?
            .into_iter()
            .find(|w| &w.p_number == p)
            .map(|w| WorksiteParty {
                p_number: w.p_number,
                name: w.name,
                address: w.address,
                postcode: w.postcode,
                city: w.city,
            }),
        None => None,
    };
    Ok(CompanyParty {
        cvr: company.cvr.clone(),
        name: company.name.clone(),
        address: company.address.clone(),
        postcode: company.postcode.clone(),
        city: company.city.clone(),
        worksite,
    })
}

/// A contract with everything its pages show, inside the caller's transaction. No access check:
/// the caller asks `auth::policy` (`Actor::may_view_contract`) and then `ContractView::for_actor`.
pub fn load(conn: &mut DbConnection, id: &ContractId) -> Result<ContractView, AppError> {
    let row = store::get_contract(conn, id)?.ok_or(AppError::NotFound)?;
    let company = directory::get_company(conn, &row.company_id)?.ok_or(AppError::NotFound)?;
    let jobcenter = directory::get_jobcenter(conn, &row.jobcenter_id)?.ok_or(AppError::NotFound)?;
    let versions = store::list_versions(conn, id)?;
    let pending = match row.pending_version {
        Some(n) => versions
            .iter()
            .find(|v| v.version_no == n)
            .map(|v| v.terms().map(|t| (v.clone(), t)))
            .transpose()?,
        None => None,
    };
    let today = crate::clock::today();
    let accepted: Vec<&VersionRow> = versions.iter().filter(|v| v.status == "accepted").collect();
    let in_force_row = accepted
        .iter()
        .rev()
        .find(|v| v.effective_from <= today)
        .or(accepted.first())
        .copied();
    let in_force = in_force_row
        .map(|v| v.terms().map(|t| (v.clone(), t)))
        .transpose()?;
    let latest_accepted = accepted
        .last()
        .map(|v| v.terms().map(|t| ((*v).clone(), t)))
        .transpose()?;
    let events = store::list_events(conn, id)?;
    let mut ids: Vec<String> = events.iter().map(|e| e.actor_id.clone()).collect();
    for v in &versions {
        if let Ok(t) = v.terms() {
            ids.push(t.consultant_id.clone());
            ids.push(t.mentor_id.clone());
        }
    }
    for v in &versions {
        ids.extend(v.accepted_by.clone());
        ids.extend(v.sent_by.clone());
    }
    ids.sort();
    ids.dedup();
    let names: HashMap<String, String> = users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let events = events
        .into_iter()
        .map(|e| {
            let who = names.get(&e.actor_id).cloned().unwrap_or_default();
            (e, who)
        })
        .collect();
    let status = situation(&row, &versions).status();
    let pending_party = match &pending {
        Some((_, terms)) => Some(company_party(conn, &company, terms)?),
        None => None,
    };
    let ratio_limit = match pending.as_ref().or(in_force.as_ref()) {
        Some((_, terms)) => {
            let site = crate::seats::ratio::Worksite {
                company_id: row.company_id.clone(),
                p_number: terms.worksite_p_number.clone().unwrap_or_default(),
            };
            Some(crate::seats::ratio::limit_on(
                conn,
                &site,
                terms.start_date,
            )?)
        }
        None => None,
    };
    Ok(ContractView {
        ratio_limit,
        pending_party,
        company_name: company.name,
        company_cvr: company.cvr,
        jobcenter_name: jobcenter.row.name,
        status,
        pending,
        in_force,
        versions,
        events,
        names,
        latest_accepted,
        jobcenter_side: true,
        row,
    })
}

/// What the company side may see of a contract: drafts are the consultant's own until sent, so
/// an unsent (or withdrawn) draft, its versions and the warnings are left out; and while a
/// version the company sent back is being changed, the company sees it as it sent it back, not
/// the consultant's edits in progress.
pub fn for_actor(mut view: ContractView, actor: &Actor) -> ContractView {
    if actor.is_company_side() {
        if view
            .pending
            .as_ref()
            .is_some_and(|(v, _)| v.status == "draft")
        {
            view.pending = None;
        }
        if let Some((v, terms)) = view.pending.as_mut() {
            if v.status == "changes_requested" {
                if let Some(seen) = v.returned_terms.clone() {
                    if let Ok(t) = serde_json::from_str::<Terms>(&seen) {
                        *terms = t;
                        v.terms = seen.clone();
                    }
                    if let Some(row) = view
                        .versions
                        .iter_mut()
                        .find(|r| r.version_no == v.version_no)
                    {
                        row.terms = seen;
                    }
                }
            }
        }
        view.versions
            .retain(|v| v.status != "draft" && (v.status != "cancelled" || v.sent_at.is_some()));
        view.jobcenter_side = false;
    }
    view
}

/// A page of contracts with their company's name and status, and how many there are in all.
pub type ContractList = (Vec<(ContractRow, String, ContractStatus)>, i64);

/// A page of the contracts in `scope`, with their company's name and their status today.
pub fn list(
    conn: &mut DbConnection,
    scope: &ContractScope,
    filter: &ListFilter,
    offset: i64,
    limit: i64,
) -> Result<ContractList, AppError> {
    {
        let (rows, total) = store::list_contracts(conn, scope, filter, offset, limit)?;
        let today = crate::clock::today();
        let items = rows
            .into_iter()
            .map(|(row, company)| {
                let status = Situation {
                    pending: row.pending_status.as_deref().and_then(VersionStatus::parse),
                    accepted_period: row.accepted_version.map(|_| (row.start_date, row.end_date)),
                    terminated_on: row.terminated_on,
                    today,
                }
                .status();
                (row, company, status)
            })
            .collect();
        Ok((items, total))
    }
}
