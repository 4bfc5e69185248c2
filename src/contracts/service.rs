//! Contract operations shared by the pages and the API. Every operation checks who may do it,
//! runs in one write transaction, claims the contract's revision (so concurrent changes are
//! refused, not lost) and writes the audit log.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::auth::model::{Actor, Role};
use crate::contracts::model::{
    diff, CanonicalContent, Change, CompanyParty, Terms, TermsRaw, WorksiteParty, HASH_FORMAT,
};
use crate::contracts::store::{self, ContractRow, EventRow, ListFilter, Scope, VersionRow};
use crate::contracts::workflow::{Action, ContractStatus, Situation, VersionStatus};
use crate::db::schema::{contract_versions, contracts, users, worksites};
use crate::db::{now, Db, DbConnection};
use crate::directory::store as directory;
use crate::error::{AppError, FieldErrors};

/// Today's date in Denmark, for deciding derived states (see `crate::clock`).
pub fn today() -> NaiveDate {
    crate::clock::today()
}

/// Approved weeks are frozen (#18.11): an amendment cannot take effect on or before the last
/// week whose hours were approved, or it would change the price of what was approved. The
/// error names that week and the first day the amendment may take effect.
fn check_after_approved_weeks(
    conn: &mut DbConnection,
    contract_id: &str,
    effective_from: NaiveDate,
) -> Result<(), AppError> {
    let Some(code) = store::last_approved_week(conn, contract_id)? else {
        return Ok(());
    };
    let Ok(week) = crate::hours::model::IsoWeek::parse(&code) else {
        return Ok(());
    };
    if effective_from <= week.sunday() {
        return Err(AppError::field(
            "effective_from",
            format!(
                "Timerne for {} er godkendt efter de gældende vilkår; tillægget kan tidligst træde i kraft {}",
                week.label(),
                crate::ui::format::date(week.sunday() + chrono::Duration::days(1))
            ),
        ));
    }
    Ok(())
}

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
    pub fn name_of(&self, id: &str) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
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
        today: today(),
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

// ---------- access ----------

/// Whether the actor may see the contract at all.
pub fn may_view(actor: &Actor, c: &ContractRow) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Consultant => actor.jobcenter_id.as_deref() == Some(c.jobcenter_id.as_str()),
        Role::Company => {
            c.shown_to_company && actor.company_id.as_deref() == Some(c.company_id.as_str())
        }
        Role::Mentor => c.shown_to_company && actor.user_id == c.mentor_id,
    }
}

/// Consultants of the contract's jobcenter draft, send, amend and terminate.
pub fn may_draft(actor: &Actor, c: &ContractRow) -> bool {
    actor.role == Role::Consultant && actor.jobcenter_id.as_deref() == Some(c.jobcenter_id.as_str())
}

/// The company's signatories review.
pub fn may_review(actor: &Actor, c: &ContractRow) -> bool {
    actor.role == Role::Company
        && c.shown_to_company
        && actor.company_id.as_deref() == Some(c.company_id.as_str())
}

fn scope(actor: &Actor) -> Scope {
    match actor.role {
        Role::Admin => Scope::All,
        Role::Consultant => Scope::Jobcenter(actor.jobcenter_id.clone().unwrap_or_default()),
        Role::Company => Scope::Company(actor.company_id.clone().unwrap_or_default()),
        Role::Mentor => Scope::Mentor(actor.user_id.clone()),
    }
}

// ---------- loading ----------

/// A contract with everything its pages show, inside a caller's transaction (no access check).
pub fn get_view(conn: &mut DbConnection, id: &str) -> Result<ContractView, AppError> {
    load_view(conn, id)
}

fn load_view(conn: &mut DbConnection, id: &str) -> Result<ContractView, AppError> {
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
    let today = today();
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

pub async fn get(db: &Db, actor: &Actor, id: String) -> Result<ContractView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let view = load_view(conn, &id)?;
        if !may_view(&actor, &view.row) {
            return Err(AppError::NotFound);
        }
        Ok(for_actor(view, &actor))
    })
    .await
}

/// What the company side may see of a contract: drafts are the consultant's own until sent, so
/// an unsent (or withdrawn) draft, its versions and the warnings are left out; and while a
/// version the company sent back is being changed, the company sees it as it sent it back, not
/// the consultant's edits in progress.
pub fn for_actor(mut view: ContractView, actor: &Actor) -> ContractView {
    if matches!(actor.role, Role::Company | Role::Mentor) {
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

pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: ListFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<(ContractRow, String, ContractStatus)>, i64), AppError> {
    let scope = scope(actor);
    db.read(move |conn| {
        let (rows, total) = store::list_contracts(conn, &scope, &filter, offset, limit)?;
        let today = today();
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
    })
    .await
}

// ---------- validation against the database ----------

/// The consultant must be a consultant of the contract's jobcenter, the mentor a mentor of its
/// company, and the worksite one of the company's.
fn check_refs(
    conn: &mut DbConnection,
    terms: &Terms,
    jobcenter_id: &str,
    company_id: &str,
) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    let person = |conn: &mut DbConnection, id: &str| {
        users::table
            .find(id)
            .select((
                users::role,
                users::jobcenter_id,
                users::company_id,
                users::active,
            ))
            .first::<(String, Option<String>, Option<String>, bool)>(conn)
            .optional()
    };
    match person(conn, &terms.consultant_id)? {
        Some((role, Some(j), _, true)) if role == "consultant" && j == jobcenter_id => {}
        _ => e.add(
            "consultant_id",
            "Jobkonsulenten skal være fra kontraktens jobcenter",
        ),
    }
    match person(conn, &terms.mentor_id)? {
        Some((role, _, Some(c), true)) if role == "mentor" && c == company_id => {}
        _ => e.add("mentor_id", "Mentoren skal være en mentor i virksomheden"),
    }
    // The rimelighedskrav is counted per worksite: a company with worksites names the one the
    // centre is at (#18.1).
    if terms.worksite_p_number.is_none() {
        let sites: i64 = worksites::table
            .filter(worksites::company_id.eq(company_id))
            .count()
            .get_result(conn)?;
        if sites > 0 {
            e.add(
                "worksite_p_number",
                "Vælg arbejdsstedet (P-nummer): rimelighedskravet gælder pr. arbejdssted",
            );
        }
    }
    if let Some(p) = &terms.worksite_p_number {
        let found = worksites::table
            .filter(worksites::p_number.eq(p))
            .filter(worksites::company_id.eq(company_id))
            .select(worksites::id)
            .first::<String>(conn)
            .optional()?;
        if found.is_none() {
            e.add(
                "worksite_p_number",
                "P-nummeret er ikke et af virksomhedens arbejdssteder",
            );
        }
    }
    e.into_result()
}

/// A draft's terms as raw fields: defaults a consultant would otherwise type each time.
pub fn default_raw(actor: &Actor, ordinary_employees: Option<i32>) -> TermsRaw {
    TermsRaw {
        consultant_id: actor.user_id.clone(),
        seats: "4".into(),
        target_benefits: vec!["kontanthjaelp".into(), "starthjaelp".into()],
        target_match_group: "2".into(),
        mentor_basis: "centre".into(),
        follow_up_weeks: "4".into(),
        notice_days: "30".into(),
        ordinary_employees: ordinary_employees
            .map(|n| n.to_string())
            .unwrap_or_default(),
        employee_rep_statement: "false".into(),
        ..Default::default()
    }
}

/// Creates a draft (version 1) for the consultant's jobcenter. `change` fills the terms on top
/// of the defaults; the jobcenter and consultant default to the consultant who creates it.
pub async fn create<F>(
    db: &Db,
    actor: &Actor,
    company_id: String,
    change: F,
) -> Result<String, AppError>
where
    F: FnOnce(TermsRaw) -> TermsRaw + Clone + Send + 'static,
{
    if actor.role != Role::Consultant {
        return Err(AppError::Forbidden);
    }
    let actor = actor.clone();
    db.write(move |conn| {
        let jobcenter_id = actor.jobcenter_id.clone().ok_or(AppError::Forbidden)?;
        let company = if company_id.trim().is_empty() {
            None
        } else {
            directory::get_company(conn, company_id.trim())?
        };
        let Some(company) = company else {
            return Err(AppError::field(
                "company_id",
                "Vælg en virksomhed fra registret",
            ));
        };
        let mut raw = change(default_raw(&actor, Some(company.ordinary_employees)));
        if raw.consultant_id.trim().is_empty() {
            raw.consultant_id = actor.user_id.clone();
        }
        let terms = Terms::parse(&raw).map_err(AppError::Validation)?;
        check_refs(conn, &terms, &jobcenter_id, &company.id)?;
        let id = store::insert_contract(conn, &jobcenter_id, &company.id, &terms, &actor.user_id)?;
        store::insert_event(
            conn,
            &store::NewEvent {
                contract_id: &id,
                version_no: 1,
                actor_id: &actor.user_id,
                action: "create",
                from_status: "",
                to_status: "draft",
                comment: None,
            },
        )?;
        Ok(id)
    })
    .await
}

/// Loads the contract for a change by `actor`, checks the action and claims the revision.
fn begin(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    action: Action,
    expected_revision: Option<i32>,
) -> Result<ContractView, AppError> {
    // Take the contract's row lock before reading it (a no-op UPDATE; on SQLite the writer is
    // already alone), so the state judged below is the latest committed one on PostgreSQL too.
    if !store::lock(conn, id)? {
        return Err(AppError::NotFound);
    }
    let view = load_view(conn, id)?;
    if !may_view(actor, &view.row) {
        return Err(AppError::NotFound);
    }
    let allowed_role = match action {
        Action::Accept | Action::RequestChanges => may_review(actor, &view.row),
        _ => may_draft(actor, &view.row),
    };
    if !allowed_role {
        return Err(AppError::Forbidden);
    }
    view.situation()
        .allows(action)
        .map_err(AppError::Conflict)?;
    if let Some(expected) = expected_revision {
        if expected != view.row.revision {
            return Err(AppError::Conflict(format!(
                "Kontrakten er ændret af en anden siden revision {expected}. Genindlæs og prøv igen."
            )));
        }
    }
    store::claim(conn, id, view.row.revision)?;
    Ok(view)
}

fn pending_no(view: &ContractView) -> Result<i32, AppError> {
    view.row
        .pending_version
        .ok_or_else(|| AppError::Conflict("Kontrakten har intet udkast.".into()))
}

fn set_pending(
    conn: &mut DbConnection,
    id: &str,
    status: Option<VersionStatus>,
) -> QueryResult<()> {
    match status {
        Some(s) => diesel::update(contracts::table.find(id))
            .set(contracts::pending_status.eq(Some(s.code())))
            .execute(conn)?,
        None => diesel::update(contracts::table.find(id))
            .set((
                contracts::pending_version.eq(None::<i32>),
                contracts::pending_status.eq(None::<String>),
            ))
            .execute(conn)?,
    };
    Ok(())
}

fn set_version_status(
    conn: &mut DbConnection,
    id: &str,
    n: i32,
    status: VersionStatus,
) -> QueryResult<()> {
    diesel::update(contract_versions::table.find((id, n)))
        .set((
            contract_versions::status.eq(status.code()),
            contract_versions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

fn log(
    conn: &mut DbConnection,
    view: &ContractView,
    version_no: i32,
    actor: &Actor,
    action: Action,
    comment: Option<&str>,
) -> Result<(), AppError> {
    let after = load_view(conn, &view.row.id)?;
    store::insert_event(
        conn,
        &store::NewEvent {
            contract_id: &view.row.id,
            version_no,
            actor_id: &actor.user_id,
            action: action.code(),
            from_status: view.status.code(),
            to_status: after.status.code(),
            comment,
        },
    )?;
    Ok(())
}

/// Edits the pending draft. `change` gets the current terms as raw fields and returns the new ones.
pub async fn update<F>(
    db: &Db,
    actor: &Actor,
    id: String,
    expected_revision: Option<i32>,
    change: F,
) -> Result<ContractView, AppError>
where
    F: FnOnce(TermsRaw) -> TermsRaw + Clone + Send + 'static,
{
    let actor = actor.clone();
    db.write(move |conn| {
        let view = begin(conn, &actor, &id, Action::Edit, expected_revision)?;
        let n = pending_no(&view)?;
        let (_, current) = view.pending.clone().ok_or(AppError::NotFound)?;
        let mut raw = change(current.to_raw());
        if raw.consultant_id.trim().is_empty() {
            raw.consultant_id = current.consultant_id.clone();
        }
        let terms = Terms::parse(&raw).map_err(AppError::Validation)?;
        check_refs(conn, &terms, &view.row.jobcenter_id, &view.row.company_id)?;
        if let Some((v, old)) = &view.in_force {
            let mut e = FieldErrors::new();
            if terms.start_date != old.start_date {
                e.add("start_date", "Startdatoen kan ikke ændres i et tillæg");
            }
            let effective = view
                .versions
                .iter()
                .find(|x| x.version_no == n)
                .map(|x| x.effective_from)
                .unwrap_or(v.effective_from);
            if terms.end_date < effective {
                e.add("end_date", "Slutdatoen ligger før tillæggets ikrafttræden");
            }
            e.into_result()?;
        }
        diesel::update(contract_versions::table.find((&id, n)))
            .set((
                contract_versions::terms.eq(store::terms_json(&terms)?),
                contract_versions::seats.eq(terms.seats),
                contract_versions::start_date.eq(terms.start_date),
                contract_versions::end_date.eq(terms.end_date),
                contract_versions::updated_at.eq(now()),
            ))
            .execute(conn)?;
        if view.row.accepted_version.is_none() {
            // Before the first acceptance the contract's period, seats and people are the draft's.
            diesel::update(contracts::table.find(&id))
                .set((
                    contracts::start_date.eq(terms.start_date),
                    contracts::end_date.eq(terms.end_date),
                    contracts::seats.eq(terms.seats),
                    contracts::consultant_id.eq(&terms.consultant_id),
                    contracts::mentor_id.eq(&terms.mentor_id),
                ))
                .execute(conn)?;
        }
        log(conn, &view, n, &actor, Action::Edit, None)?;
        load_view(conn, &id)
    })
    .await
}

/// Parameters some transitions need.
#[derive(Debug, Clone, Default)]
pub struct TransitionInput {
    pub comment: Option<String>,
    pub effective_from: Option<String>,
    pub date: Option<String>,
    pub reason: Option<String>,
}

fn required_text(field: &str, value: Option<&str>) -> Result<String, AppError> {
    let v = value.unwrap_or("").trim().to_string();
    if v.is_empty() {
        Err(AppError::field(field, "Skal udfyldes"))
    } else if v.chars().count() > 4000 {
        Err(AppError::field(field, "Teksten er for lang"))
    } else {
        Ok(v)
    }
}

fn required_date(field: &str, value: Option<&str>) -> Result<NaiveDate, AppError> {
    let v = value.unwrap_or("").trim();
    if v.is_empty() {
        return Err(AppError::field(field, "Skal udfyldes"));
    }
    crate::ui::format::parse_date(v)
        .ok_or_else(|| AppError::field(field, "Ugyldig dato (brug dd-mm-åååå)"))
}

/// Runs a workflow action other than editing.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: String,
    action: Action,
    expected_revision: Option<i32>,
    input: TransitionInput,
) -> Result<ContractView, AppError> {
    // Validate the input first, so a bad field is named before the state is judged.
    let comment = match action {
        Action::RequestChanges => Some(required_text("comment", input.comment.as_deref())?),
        _ => None,
    };
    let effective_from = match action {
        Action::Amend => Some(required_date(
            "effective_from",
            input.effective_from.as_deref(),
        )?),
        _ => None,
    };
    let termination = match action {
        Action::Terminate => Some((
            required_date("date", input.date.as_deref())?,
            required_text("reason", input.reason.as_deref())?,
        )),
        _ => None,
    };
    let actor = actor.clone();
    db.write(move |conn| {
        let view = begin(conn, &actor, &id, action, expected_revision)?;
        let ts = now();
        let version_no = match action {
            Action::Send => {
                let n = pending_no(&view)?;
                if view.row.accepted_version.is_some() {
                    // An amendment: refuse now, naming the day, if it would unseat someone or
                    // reprice an approved week.
                    if let Some((v, terms)) = &view.pending {
                        check_after_approved_weeks(conn, &id, v.effective_from)?;
                        crate::seats::service::check_amendment_capacity(
                            conn,
                            &id,
                            v.effective_from,
                            terms.seats,
                            terms.end_date,
                        )?;
                    }
                }
                let was_returned = view.row.pending_status.as_deref() == Some("changes_requested");
                diesel::update(contract_versions::table.find((&id, n)))
                    .set((
                        contract_versions::status.eq("sent"),
                        contract_versions::round
                            .eq(contract_versions::round + i32::from(was_returned)),
                        contract_versions::sent_by.eq(Some(&actor.user_id)),
                        contract_versions::sent_at.eq(Some(ts)),
                        contract_versions::updated_at.eq(ts),
                    ))
                    .execute(conn)?;
                set_pending(conn, &id, Some(VersionStatus::Sent))?;
                diesel::update(contracts::table.find(&id))
                    .set(contracts::shown_to_company.eq(true))
                    .execute(conn)?;
                n
            }
            Action::Withdraw => {
                let n = pending_no(&view)?;
                set_version_status(conn, &id, n, VersionStatus::Draft)?;
                set_pending(conn, &id, Some(VersionStatus::Draft))?;
                n
            }
            Action::RequestChanges => {
                let n = pending_no(&view)?;
                // What the company saw when it sent the version back: the resent version is
                // shown against it, so the company reviews only what was changed.
                let seen = view.pending.as_ref().map(|(v, _)| v.terms.clone());
                diesel::update(contract_versions::table.find((&id, n)))
                    .set((
                        contract_versions::status.eq("changes_requested"),
                        contract_versions::company_comment.eq(comment.as_deref()),
                        contract_versions::returned_terms.eq(seen),
                        contract_versions::updated_at.eq(ts),
                    ))
                    .execute(conn)?;
                set_pending(conn, &id, Some(VersionStatus::ChangesRequested))?;
                n
            }
            Action::Accept => {
                let n = pending_no(&view)?;
                let (v, terms) = view.pending.clone().ok_or(AppError::NotFound)?;
                if view.row.accepted_version.is_some() {
                    // A week may have been approved while the amendment was under review.
                    check_after_approved_weeks(conn, &id, v.effective_from)?;
                }
                let party = view.pending_party.clone().ok_or(AppError::NotFound)?;
                let content = CanonicalContent {
                    format: HASH_FORMAT,
                    contract_id: &id,
                    version: n,
                    effective_from: v.effective_from,
                    jobcenter_id: &view.row.jobcenter_id,
                    company_id: &view.row.company_id,
                    company_cvr: &party.cvr,
                    terms: &terms,
                    company: Some(&party),
                };
                diesel::update(contract_versions::table.find((&id, n)))
                    .set((
                        contract_versions::status.eq("accepted"),
                        contract_versions::accepted_by.eq(Some(&actor.user_id)),
                        contract_versions::accepted_at.eq(Some(ts)),
                        contract_versions::accepted_content.eq(Some(content.json())),
                        contract_versions::content_hash.eq(Some(content.hash())),
                        contract_versions::company_snapshot
                            .eq(Some(serde_json::to_string(&party).unwrap_or_default())),
                        contract_versions::updated_at.eq(ts),
                    ))
                    .execute(conn)?;
                diesel::update(contracts::table.find(&id))
                    .set((
                        contracts::accepted_version.eq(Some(n)),
                        contracts::pending_version.eq(None::<i32>),
                        contracts::pending_status.eq(None::<String>),
                        contracts::start_date.eq(terms.start_date),
                        contracts::end_date.eq(terms.end_date),
                        contracts::seats.eq(terms.seats),
                        contracts::consultant_id.eq(&terms.consultant_id),
                        contracts::mentor_id.eq(&terms.mentor_id),
                    ))
                    .execute(conn)?;
                // Seats follow the version in force: fewer seats than are placed on some day is
                // refused (naming the day); added seats move the waiting list up.
                crate::seats::service::apply_capacity(conn, &id, &actor.user_id)?;
                n
            }
            Action::Amend => {
                let effective_from = effective_from.ok_or(AppError::NotFound)?;
                let latest_no = view.row.accepted_version.ok_or(AppError::NotFound)?;
                let latest = view
                    .versions
                    .iter()
                    .find(|v| v.version_no == latest_no)
                    .ok_or(AppError::NotFound)?;
                let terms = latest.terms()?;
                if effective_from <= latest.effective_from
                    || effective_from < view.row.start_date
                    || effective_from > view.row.end_date
                {
                    return Err(AppError::field(
                        "effective_from",
                        format!(
                            "Tillægget skal træde i kraft efter {} og senest {}",
                            crate::ui::format::date(latest.effective_from.max(view.row.start_date)),
                            crate::ui::format::date(view.row.end_date)
                        ),
                    ));
                }
                check_after_approved_weeks(conn, &id, effective_from)?;
                let n = view
                    .versions
                    .iter()
                    .map(|v| v.version_no)
                    .max()
                    .unwrap_or(0)
                    + 1;
                store::insert_version(conn, &id, n, effective_from, &terms, &actor.user_id)?;
                diesel::update(contracts::table.find(&id))
                    .set((
                        contracts::pending_version.eq(Some(n)),
                        contracts::pending_status.eq(Some("draft")),
                    ))
                    .execute(conn)?;
                n
            }
            Action::Terminate => {
                let (date, reason) = termination.clone().ok_or(AppError::NotFound)?;
                if date < view.row.start_date || date > view.row.end_date {
                    return Err(AppError::field(
                        "date",
                        format!(
                            "Datoen skal ligge i kontraktens periode ({} – {})",
                            crate::ui::format::date(view.row.start_date),
                            crate::ui::format::date(view.row.end_date)
                        ),
                    ));
                }
                if let Some(n) = view.row.pending_version {
                    set_version_status(conn, &id, n, VersionStatus::Cancelled)?;
                }
                diesel::update(contracts::table.find(&id))
                    .set((
                        contracts::terminated_on.eq(Some(date)),
                        contracts::termination_reason.eq(Some(&reason)),
                        contracts::end_date.eq(date),
                        contracts::pending_version.eq(None::<i32>),
                        contracts::pending_status.eq(None::<String>),
                    ))
                    .execute(conn)?;
                // Placements running past the date must be ended first; waiting referrals
                // that no longer fit are cancelled.
                crate::seats::service::apply_capacity(conn, &id, &actor.user_id)?;
                view.row.accepted_version.unwrap_or(1)
            }
            Action::Edit => return Err(AppError::internal("edit is not a transition")),
        };
        let note = comment
            .as_deref()
            .or(termination.as_ref().map(|(_, r)| r.as_str()));
        log(conn, &view, version_no, &actor, action, note)?;
        load_view(conn, &id)
    })
    .await
}
