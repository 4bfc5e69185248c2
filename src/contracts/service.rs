//! Contract operations shared by the pages and the API. Every operation checks who may do it,
//! runs in one write transaction, claims the contract's revision (so concurrent changes are
//! refused, not lost) and writes the audit log.

use crate::ids::{CompanyId, ContractId, JobcenterId, UserId};
use chrono::NaiveDate;

use crate::auth::model::Actor;
use crate::contracts::model::{CanonicalContent, CompanyParty, Terms, TermsRaw, HASH_FORMAT};
use crate::contracts::store::VersionRow;
use crate::contracts::store::{self, ListFilter};
use crate::contracts::view::{self, ContractView};
use crate::contracts::workflow::{Action, VersionStatus};
use crate::db::{now, Db, DbConnection};
use crate::directory::store as directory;
use crate::error::{AppError, FieldErrors};
use crate::texts::contracts as tk;

/// Approved weeks are frozen (#18.11): an amendment cannot take effect on or before the last
/// week whose hours were approved, or it would change the price of what was approved. The
/// error names that week and the first day the amendment may take effect.
fn check_after_approved_weeks(
    conn: &mut DbConnection,
    contract_id: &ContractId,
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
            tk::amendment_after_approved_week(
                &week.label(),
                &crate::ui::format::date(week.sunday() + chrono::Duration::days(1)),
            ),
        ));
    }
    Ok(())
}

pub async fn get(db: &Db, actor: &Actor, id: ContractId) -> Result<ContractView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let view = view::load(conn, &id)?;
        if !actor.may_view_contract(&view.row.parties()) {
            return Err(AppError::NotFound);
        }
        Ok(view::for_actor(view, &actor))
    })
    .await
}

/// A contract as its page shows it and, once accepted, the summary of its mentor hours, read in
/// one trip to the database (#23: two trips, and the contract's row read twice, before).
pub async fn get_with_hours(
    db: &Db,
    actor: &Actor,
    id: ContractId,
) -> Result<(ContractView, Option<crate::hours::view::Summary>), AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let view = view::load(conn, &id)?;
        if !actor.may_view_contract(&view.row.parties()) {
            return Err(AppError::NotFound);
        }
        let hours = match view.row.accepted_version {
            Some(_) => Some(crate::hours::view::summary_of(conn, &view.row)?),
            None => None,
        };
        Ok((view::for_actor(view, &actor), hours))
    })
    .await
}

/// Who and where a draft may name: the jobcenter's consultants, the company's mentors (both
/// (id, name)) and the company's worksites (P-number, "P-number · name").
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub consultants: Vec<(String, String)>,
    pub mentors: Vec<(String, String)>,
    pub worksites: Vec<(String, String)>,
}

pub async fn choices(
    db: &Db,
    jobcenter: &JobcenterId,
    company: &CompanyId,
) -> Result<Choices, AppError> {
    let (jobcenter, company) = (jobcenter.clone(), company.clone());
    db.read(move |conn| {
        Ok(Choices {
            consultants: crate::auth::store::active_consultants(conn, &jobcenter)?,
            mentors: crate::auth::store::active_mentors(conn, &company)?,
            worksites: directory::list_worksites(conn, &company)?
                .into_iter()
                .map(|w| (w.p_number.clone(), format!("{} · {}", w.p_number, w.name)))
                .collect(),
        })
    })
    .await
}

/// The contracts the actor may see, a page of them, with their status today.
pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: ListFilter,
    offset: i64,
    limit: i64,
) -> Result<view::ContractList, AppError> {
    let scope = actor.contract_scope();
    db.read(move |conn| view::list(conn, &scope, &filter, offset, limit))
        .await
}

/// A page of the contract list and, for a consultant, the companies their jobcenter has
/// contracts with (the list filter's choices), read together: one trip to the database pool
/// instead of two, and one snapshot.
pub async fn list_with_companies(
    db: &Db,
    actor: &Actor,
    filter: ListFilter,
    offset: i64,
    limit: i64,
) -> Result<(view::ContractList, Vec<(String, String)>), AppError> {
    let scope = actor.contract_scope();
    let jobcenter = actor.consultant_jobcenter().cloned();
    db.read(move |conn| {
        let list = view::list(conn, &scope, &filter, offset, limit)?;
        let companies = match &jobcenter {
            Some(j) => store::companies_with_contracts(conn, j)?,
            None => Vec::new(),
        };
        Ok((list, companies))
    })
    .await
}

// ---------- validation against the database ----------

/// The consultant must be a consultant of the contract's jobcenter, the mentor a mentor of its
/// company, and the worksite one of the company's.
fn check_refs(
    conn: &mut DbConnection,
    terms: &Terms,
    jobcenter_id: &JobcenterId,
    company_id: &CompanyId,
) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    let person = |conn: &mut DbConnection, id: &str| store::person(conn, &UserId::new(id));
    match person(conn, &terms.consultant_id)? {
        Some((role, Some(j), _, true)) if role == "consultant" && &j == jobcenter_id => {}
        _ => e.add("consultant_id", tk::REFS_CONSULTANT),
    }
    match person(conn, &terms.mentor_id)? {
        Some((role, _, Some(c), true)) if role == "mentor" && &c == company_id => {}
        _ => e.add("mentor_id", tk::REFS_MENTOR),
    }
    // The rimelighedskrav is counted per worksite: a company with worksites names the one the
    // centre is at (#18.1).
    if terms.worksite_p_number.is_none() {
        let sites = store::worksite_count(conn, company_id)?;
        if sites > 0 {
            e.add("worksite_p_number", tk::PICK_WORKSITE);
        }
    }
    if let Some(p) = &terms.worksite_p_number {
        let found = store::worksite_id(conn, company_id, p)?;
        if found.is_none() {
            e.add("worksite_p_number", tk::UNKNOWN_WORKSITE);
        }
    }
    e.into_result()
}

/// A draft's terms as raw fields: defaults a consultant would otherwise type each time.
pub fn default_raw(actor: &Actor, ordinary_employees: Option<i32>) -> TermsRaw {
    TermsRaw {
        consultant_id: actor.user_id.clone().into(),
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
    company_id: CompanyId,
    change: F,
) -> Result<ContractId, AppError>
where
    F: FnOnce(TermsRaw) -> TermsRaw + Clone + Send + 'static,
{
    if !actor.may_create_contracts() {
        return Err(AppError::Forbidden);
    }
    let actor = actor.clone();
    db.write(move |conn| {
        let jobcenter_id = actor.jobcenter_id.clone().ok_or(AppError::Forbidden)?;
        let company = if company_id.trim().is_empty() {
            None
        } else {
            directory::get_company(conn, &CompanyId::new(company_id.trim()))?
        };
        let Some(company) = company else {
            return Err(AppError::field("company_id", tk::PICK_COMPANY));
        };
        let mut raw = change(default_raw(&actor, Some(company.ordinary_employees)));
        if raw.consultant_id.trim().is_empty() {
            raw.consultant_id = actor.user_id.to_string();
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
    id: &ContractId,
    action: Action,
    expected_revision: Option<i32>,
) -> Result<ContractView, AppError> {
    // Take the contract's row lock before reading it (a no-op UPDATE; on SQLite the writer is
    // already alone), so the state judged below is the latest committed one on PostgreSQL too.
    if !store::lock(conn, id)? {
        return Err(AppError::NotFound);
    }
    let view = view::load(conn, id)?;
    if !actor.may_view_contract(&view.row.parties()) {
        return Err(AppError::NotFound);
    }
    let allowed_role = match action {
        Action::Accept | Action::RequestChanges => actor.may_review_contract(&view.row.parties()),
        Action::Terminate => actor.may_terminate_contract(&view.row.parties()),
        _ => actor.may_draft_contract(&view.row.parties()),
    };
    if !allowed_role {
        return Err(AppError::Forbidden);
    }
    view.situation()
        .allows(action)
        .map_err(AppError::Conflict)?;
    if let Some(expected) = expected_revision {
        if expected != view.row.revision {
            return Err(AppError::Conflict(tk::changed_since_revision(expected)));
        }
    }
    store::claim(conn, id, view.row.revision)?;
    Ok(view)
}

fn pending_no(view: &ContractView) -> Result<i32, AppError> {
    view.row
        .pending_version
        .ok_or_else(|| AppError::Conflict(tk::NO_DRAFT.into()))
}

fn log(
    conn: &mut DbConnection,
    view: &ContractView,
    version_no: i32,
    actor: &Actor,
    action: Action,
    comment: Option<&str>,
) -> Result<(), AppError> {
    let after = view::load(conn, &view.row.id)?;
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
    id: ContractId,
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
                e.add("start_date", tk::START_FIXED_IN_AMENDMENT);
            }
            let effective = view
                .versions
                .iter()
                .find(|x| x.version_no == n)
                .map(|x| x.effective_from)
                .unwrap_or(v.effective_from);
            if terms.end_date < effective {
                e.add("end_date", tk::END_BEFORE_AMENDMENT);
            }
            e.into_result()?;
        }
        store::update_version_terms(conn, &id, n, &terms)?;
        if view.row.accepted_version.is_none() {
            // Before the first acceptance the contract's period, seats and people are the draft's.
            store::set_contract_terms(conn, &id, &terms)?;
        }
        log(conn, &view, n, &actor, Action::Edit, None)?;
        view::load(conn, &id)
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
        Err(AppError::field(field, crate::texts::REQUIRED))
    } else if v.chars().count() > 4000 {
        Err(AppError::field(field, crate::texts::TOO_LONG))
    } else {
        Ok(v)
    }
}

fn required_date(field: &str, value: Option<&str>) -> Result<NaiveDate, AppError> {
    let v = value.unwrap_or("").trim();
    if v.is_empty() {
        return Err(AppError::field(field, crate::texts::REQUIRED));
    }
    crate::ui::format::parse_date(v).ok_or_else(|| AppError::field(field, tk::INVALID_DATE))
}

/// Runs a workflow action other than editing.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: ContractId,
    action: Action,
    expected_revision: Option<i32>,
    input: TransitionInput,
) -> Result<ContractView, AppError> {
    transition_checked(db, actor, id, action, expected_revision, input, None).await
}

/// Accepts the pending version as the signatory checked it: refused (409) when the contract
/// changed since `expected_revision`, or when what would be accepted (the terms and the company
/// party, by the hash of their canonical content) is not `expected_hash`, the content the check
/// page showed. The accepted version's number is returned with the contract.
pub async fn accept_checked(
    db: &Db,
    actor: &Actor,
    id: ContractId,
    expected_revision: Option<i32>,
    expected_hash: String,
) -> Result<(ContractView, i32), AppError> {
    let view = transition_checked(
        db,
        actor,
        id,
        Action::Accept,
        expected_revision,
        TransitionInput::default(),
        Some(expected_hash),
    )
    .await?;
    let n = view.row.accepted_version.ok_or(AppError::NotFound)?;
    Ok((view, n))
}

/// The canonical content version `n` of the contract would be (or was) accepted with.
fn content_of<'a>(
    view: &'a ContractView,
    n: i32,
    effective_from: NaiveDate,
    terms: &'a Terms,
    party: &'a CompanyParty,
) -> CanonicalContent<'a> {
    CanonicalContent {
        format: HASH_FORMAT,
        contract_id: &view.row.id,
        version: n,
        effective_from,
        jobcenter_id: &view.row.jobcenter_id,
        company_id: &view.row.company_id,
        company_cvr: &party.cvr,
        terms,
        company: Some(party),
    }
}

/// What the signatory is about to accept ("Tjek og accepter"): the pending version, its terms,
/// the company as it would be accepted, and the hash of that content, which the acceptance
/// must match.
#[derive(Debug, Clone)]
pub struct AcceptCheck {
    pub view: ContractView,
    pub version: VersionRow,
    pub terms: Terms,
    pub party: CompanyParty,
    pub hash: String,
    /// An amendment of an accepted contract (its changes are shown), not a first version.
    pub amendment: bool,
}

/// The check step of an acceptance, for a signatory who may accept the contract now: 404 for
/// whoever may not see the contract, 403 for whoever sees it but may not accept (the mentor,
/// the jobcenter), 409 when its state allows no acceptance.
pub async fn accept_check(db: &Db, actor: &Actor, id: ContractId) -> Result<AcceptCheck, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let view = view::load(conn, &id)?;
        if !actor.may_view_contract(&view.row.parties()) {
            return Err(AppError::NotFound);
        }
        if !actor.may_review_contract(&view.row.parties()) {
            return Err(AppError::Forbidden);
        }
        view.situation()
            .allows(Action::Accept)
            .map_err(AppError::Conflict)?;
        let view = view::for_actor(view, &actor);
        let (version, terms) = view.pending.clone().ok_or(AppError::NotFound)?;
        let party = view.pending_party.clone().ok_or(AppError::NotFound)?;
        let hash = content_of(
            &view,
            version.version_no,
            version.effective_from,
            &terms,
            &party,
        )
        .hash();
        Ok(AcceptCheck {
            amendment: view.row.accepted_version.is_some(),
            view,
            version,
            terms,
            party,
            hash,
        })
    })
    .await
}

/// The receipt of an accepted version: what was accepted, by whom, when, and its hash.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub view: ContractView,
    pub version: VersionRow,
    pub terms: Terms,
    /// The company as it accepted (the snapshot kept with the version).
    pub party: Option<CompanyParty>,
    pub accepted_by: String,
    pub accepted_at: chrono::NaiveDateTime,
    pub hash: String,
    /// A later version, accepted as an amendment of the first.
    pub amendment: bool,
}

/// The receipt of accepted version `version` (the latest accepted when `None`): for the
/// contract's company signatories, the jobcenter's consultants and administrators; 404 for
/// whoever may not see the contract, 403 for the mentor.
pub async fn receipt(
    db: &Db,
    actor: &Actor,
    id: ContractId,
    version: Option<i32>,
) -> Result<Receipt, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let view = view::load(conn, &id)?;
        if !actor.may_view_contract(&view.row.parties()) {
            return Err(AppError::NotFound);
        }
        if !actor.may_see_acceptance_receipt(&view.row.parties()) {
            return Err(AppError::Forbidden);
        }
        let view = view::for_actor(view, &actor);
        let n = version
            .or(view.row.accepted_version)
            .ok_or(AppError::NotFound)?;
        let v = view
            .versions
            .iter()
            .find(|v| v.version_no == n && v.status == VersionStatus::Accepted.code())
            .cloned()
            .ok_or(AppError::NotFound)?;
        let (Some(by), Some(at), Some(hash)) =
            (v.accepted_by.clone(), v.accepted_at, v.content_hash.clone())
        else {
            return Err(AppError::NotFound);
        };
        let first = view
            .versions
            .iter()
            .filter(|x| x.status == VersionStatus::Accepted.code())
            .map(|x| x.version_no)
            .min();
        Ok(Receipt {
            terms: v.terms()?,
            party: v.company_party(),
            accepted_by: view.name_of(&by),
            accepted_at: at,
            hash,
            amendment: first.is_some_and(|f| f < n),
            version: v,
            view,
        })
    })
    .await
}

async fn transition_checked(
    db: &Db,
    actor: &Actor,
    id: ContractId,
    action: Action,
    expected_revision: Option<i32>,
    input: TransitionInput,
    expected_hash: Option<String>,
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
                        crate::seats::capacity::check_amendment_capacity(
                            conn,
                            &id,
                            v.effective_from,
                            terms.seats,
                            terms.end_date,
                        )?;
                    }
                }
                let was_returned = view.row.pending_status.as_deref() == Some("changes_requested");
                store::mark_sent(conn, &id, n, was_returned, &actor.user_id, ts)?;
                store::set_pending(conn, &id, Some(VersionStatus::Sent))?;
                store::show_to_company(conn, &id)?;
                n
            }
            Action::Withdraw => {
                let n = pending_no(&view)?;
                store::set_version_status(conn, &id, n, VersionStatus::Draft)?;
                store::set_pending(conn, &id, Some(VersionStatus::Draft))?;
                n
            }
            Action::RequestChanges => {
                let n = pending_no(&view)?;
                // What the company saw when it sent the version back: the resent version is
                // shown against it, so the company reviews only what was changed.
                let seen = view.pending.as_ref().map(|(v, _)| v.terms.clone());
                store::mark_changes_requested(conn, &id, n, comment.as_deref(), seen, ts)?;
                store::set_pending(conn, &id, Some(VersionStatus::ChangesRequested))?;
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
                let content = content_of(&view, n, v.effective_from, &terms, &party);
                // What the signatory checked is what is accepted: a version changed since (or
                // the company's record, which is part of the content) is refused, not accepted.
                if let Some(expected) = &expected_hash {
                    if *expected != content.hash() {
                        return Err(AppError::Conflict(tk::CHANGED_SINCE_CHECKED.into()));
                    }
                }
                let accepted = store::Acceptance {
                    by: &actor.user_id,
                    at: ts,
                    content: content.json(),
                    hash: content.hash(),
                    company: serde_json::to_string(&party).unwrap_or_default(),
                };
                store::mark_accepted(conn, &id, n, &accepted)?;
                store::set_accepted(conn, &id, n, &terms)?;
                // Seats follow the version in force: fewer seats than are placed on some day is
                // refused (naming the day); added seats move the waiting list up.
                crate::seats::capacity::apply_capacity(conn, &id, &actor.user_id)?;
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
                        tk::amendment_between(
                            &crate::ui::format::date(
                                latest.effective_from.max(view.row.start_date),
                            ),
                            &crate::ui::format::date(view.row.end_date),
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
                store::set_pending_version(conn, &id, n)?;
                n
            }
            Action::Terminate => {
                let (date, reason) = termination.clone().ok_or(AppError::NotFound)?;
                if date < view.row.start_date || date > view.row.end_date {
                    return Err(AppError::field(
                        "date",
                        tk::date_within_contract(
                            &crate::ui::format::date(view.row.start_date),
                            &crate::ui::format::date(view.row.end_date),
                        ),
                    ));
                }
                // The company gives the notice its contract names (#22); the jobcenter ends a
                // contract when the law or the person's case requires it.
                if actor.may_review_contract(&view.row.parties()) {
                    let notice = view
                        .in_force
                        .as_ref()
                        .or(view.latest_accepted.as_ref())
                        .map(|(_, t)| t.notice_days)
                        .unwrap_or(0);
                    let earliest =
                        crate::clock::today() + chrono::Duration::days(i64::from(notice));
                    if date < earliest {
                        return Err(AppError::field(
                            "date",
                            tk::notice_from(notice, &crate::ui::format::date(earliest)),
                        ));
                    }
                }
                if let Some(n) = view.row.pending_version {
                    store::set_version_status(conn, &id, n, VersionStatus::Cancelled)?;
                }
                store::terminate(conn, &id, date, &reason)?;
                // Placements running past the date must be ended first; waiting referrals
                // that no longer fit are cancelled.
                crate::seats::capacity::apply_capacity(conn, &id, &actor.user_id)?;
                view.row.accepted_version.unwrap_or(1)
            }
            Action::Edit => return Err(AppError::internal("edit is not a transition")),
        };
        let note = comment
            .as_deref()
            .or(termination.as_ref().map(|(_, r)| r.as_str()));
        log(conn, &view, version_no, &actor, action, note)?;
        notify(
            conn,
            &view,
            &id,
            action,
            version_no,
            &actor,
            note,
            termination.as_ref(),
        )?;
        view::load(conn, &id)
    })
    .await
}

/// The mails a transition causes, written in its own transaction (#21): a version sent goes to
/// the company's signatories, the company's answer to the contract's consultant, a termination
/// to both. Whoever acted gets no mail about it.
#[allow(clippy::too_many_arguments)]
fn notify(
    conn: &mut DbConnection,
    view: &ContractView,
    id: &ContractId,
    action: Action,
    version_no: i32,
    actor: &Actor,
    note: Option<&str>,
    termination: Option<&(NaiveDate, String)>,
) -> Result<(), AppError> {
    use crate::mail::model::Kind;
    use crate::mail::store::{contract_event, Audience};
    let (kind, audience) = match action {
        Action::Send if view.row.accepted_version.is_some() => {
            (Kind::AmendmentSent, Audience::Signatories)
        }
        Action::Send => (Kind::ContractSent, Audience::Signatories),
        Action::RequestChanges => (Kind::ChangesRequested, Audience::Consultant),
        Action::Accept => (Kind::ContractAccepted, Audience::Consultant),
        Action::Terminate => (Kind::ContractTerminated, Audience::Parties),
        Action::Withdraw | Action::Amend | Action::Edit => return Ok(()),
    };
    contract_event(conn, id, kind, audience, Some(&actor.user_id), |p| {
        p.version = Some(version_no);
        p.reason = note.map(str::to_string);
        if let Some((date, _)) = termination {
            p.date = Some(crate::ui::format::date(*date));
        }
    })?;
    Ok(())
}
