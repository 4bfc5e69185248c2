//! Directory operations shared by the pages and the API: check access, validate, store.

use crate::auth::model::Actor;
use crate::auth::policy::{require, require_visible, CompanyParties};
use crate::db::{Db, DbConnection, Sort};
use crate::directory::model::{
    company_changes, worksite_changes, CompanyInput, CompanyRaw, Cvr, JobcenterInput, JobcenterRaw,
    WorksiteInput, WorksiteRaw,
};
use crate::directory::store::{self, CompanyRow, CorrectionRow, Jobcenter, WorksiteRow};
use crate::error::AppError;
use crate::ids::{CompanyId, CorrectionId, JobcenterId};
use crate::texts as t;

pub async fn create_jobcenter(
    db: &Db,
    actor: &Actor,
    raw: JobcenterRaw,
) -> Result<Jobcenter, AppError> {
    require(actor.may_manage_jobcenters())?;
    let input = JobcenterInput::parse(&raw).map_err(AppError::Validation)?;
    db.write(move |conn| store::insert_jobcenter(conn, &input))
        .await
}

/// Updates a jobcenter from its current fields (`change` gets them as raw text), in one
/// transaction.
pub async fn update_jobcenter<F>(
    db: &Db,
    actor: &Actor,
    id: JobcenterId,
    change: F,
) -> Result<Jobcenter, AppError>
where
    F: FnOnce(JobcenterRaw) -> JobcenterRaw + Clone + Send + 'static,
{
    require_visible(actor.may_view_jobcenter(&id))?;
    require(actor.may_manage_jobcenters())?;
    db.write(move |conn| {
        if !store::lock_jobcenter(conn, &id)? {
            return Err(AppError::NotFound);
        }
        let current = store::get_jobcenter(conn, &id)?.ok_or(AppError::NotFound)?;
        let raw = change(jobcenter_raw(&current));
        let input = JobcenterInput::parse(&raw).map_err(AppError::Validation)?;
        store::update_jobcenter(conn, &id, &input)
    })
    .await
}

/// The stored jobcenter as raw form fields.
pub fn jobcenter_raw(j: &Jobcenter) -> JobcenterRaw {
    JobcenterRaw {
        name: j.row.name.clone(),
        region: j.region().map(|r| r.name().to_string()).unwrap_or_default(),
        kommunekoder: j.kommunekoder.iter().map(|k| k.to_string()).collect(),
    }
}

pub async fn get_jobcenter(db: &Db, actor: &Actor, id: JobcenterId) -> Result<Jobcenter, AppError> {
    require_visible(actor.may_view_jobcenter(&id))?;
    db.read(move |conn| store::get_jobcenter(conn, &id)?.ok_or(AppError::NotFound))
        .await
}

pub async fn list_jobcenters(
    db: &Db,
    actor: &Actor,
    q: Option<String>,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Jobcenter>, i64), AppError> {
    require(actor.may_list_jobcenters())?;
    let only = if actor.is_admin() {
        None
    } else {
        actor.jobcenter_id.clone()
    };
    db.read(move |conn| {
        Ok(store::list_jobcenters(
            conn,
            q.as_deref(),
            only.as_ref(),
            sort,
            offset,
            limit,
        )?)
    })
    .await
}

pub async fn create_company(
    db: &Db,
    actor: &Actor,
    raw: CompanyRaw,
) -> Result<CompanyRow, AppError> {
    require(actor.may_create_company())?;
    let input = CompanyInput::parse(&raw).map_err(AppError::Validation)?;
    let actor_id = actor.user_id.clone();
    db.write(move |conn| {
        let row = store::insert_company(conn, &input)?;
        let changes = company_changes(&CompanyRaw::default(), &input.as_raw());
        store::record_company_event(conn, &row.id, &actor_id, "company_created", &changes)?;
        Ok(row)
    })
    .await
}

/// Updates a company from its current fields: `change` receives them as raw text and returns
/// the new ones (a form replaces all, a PATCH only what it names). The row is locked before it
/// is read, so two concurrent changes to different fields are applied one after the other and
/// neither is lost (on PostgreSQL too, where READ COMMITTED alone would not prevent it).
///
/// Who may: see [`Actor::may_edit_company`], decided on the contracts as they are inside the
/// transaction; a changed CVR number also needs [`Actor::may_change_cvr`] (403 otherwise).
/// Access is checked before the fields are validated. The changed fields, old and new, are an
/// audit line (`company_updated`); a change that changes nothing writes nothing.
pub async fn update_company<F>(
    db: &Db,
    actor: &Actor,
    id: CompanyId,
    change: F,
) -> Result<CompanyRow, AppError>
where
    F: FnOnce(CompanyRaw) -> CompanyRaw + Clone + Send + 'static,
{
    require_visible(actor.may_view_company(&id))?;
    let actor = actor.clone();
    db.write(move |conn| {
        if !store::lock_company(conn, &id)? {
            return Err(AppError::NotFound);
        }
        let parties = store::company_parties(conn, &id)?;
        require(actor.may_edit_company(&parties))?;
        let current = store::get_company(conn, &id)?.ok_or(AppError::NotFound)?;
        apply_company_change(conn, &actor, current, change, "company_updated")
    })
    .await
}

/// Validates `change` of `current`, refuses a CVR change the actor may not make, stores the
/// rest and writes the audit line. Inside the caller's transaction, the company row locked.
fn apply_company_change<F>(
    conn: &mut DbConnection,
    actor: &Actor,
    current: CompanyRow,
    change: F,
    action: &str,
) -> Result<CompanyRow, AppError>
where
    F: FnOnce(CompanyRaw) -> CompanyRaw,
{
    let before = company_raw(&current);
    let raw = change(before.clone());
    if Cvr::parse(&raw.cvr).ok().as_ref().map(Cvr::as_str) != Some(before.cvr.as_str())
        && !actor.may_change_cvr()
    {
        return Err(AppError::Forbidden);
    }
    let input = CompanyInput::parse(&raw).map_err(AppError::Validation)?;
    let changes = company_changes(&before, &input.as_raw());
    if changes.is_empty() {
        return Ok(current);
    }
    let row = store::update_company(conn, &current.id, &input)?;
    store::record_company_event(conn, &row.id, &actor.user_id, action, &changes)?;
    Ok(row)
}

/// Who may do what with a company's record, as the pages show it (buttons and forms); the
/// writes decide again inside their transaction.
pub async fn company_parties(db: &Db, company_id: CompanyId) -> Result<CompanyParties, AppError> {
    db.read(move |conn| Ok(store::company_parties(conn, &company_id)?))
        .await
}

/// A signatory proposes a correction of their company's record (`change` gets the current
/// fields, as for [`update_company`]). Validated as a change would be; stored as the changed
/// fields with the values they had, and an audit line. Decided by [`decide_correction`].
pub async fn propose_correction<F>(
    db: &Db,
    actor: &Actor,
    company_id: CompanyId,
    change: F,
    comment: String,
) -> Result<CorrectionRow, AppError>
where
    F: FnOnce(CompanyRaw) -> CompanyRaw + Clone + Send + 'static,
{
    require_visible(actor.may_view_company(&company_id))?;
    require(actor.may_propose_company_correction(&company_id))?;
    let comment = comment.trim().to_string();
    if comment.chars().count() > 2000 {
        return Err(AppError::field("comment", t::TOO_LONG));
    }
    let actor_id = actor.user_id.clone();
    db.write(move |conn| {
        if !store::lock_company(conn, &company_id)? {
            return Err(AppError::NotFound);
        }
        let current = store::get_company(conn, &company_id)?.ok_or(AppError::NotFound)?;
        let before = company_raw(&current);
        let input = CompanyInput::parse(&change(before.clone())).map_err(AppError::Validation)?;
        let changes = company_changes(&before, &input.as_raw());
        if changes.is_empty() {
            return Err(AppError::field("changes", t::CORRECTION_EMPTY));
        }
        let row = store::insert_correction(conn, &company_id, &actor_id, &changes, &comment)?;
        store::record_company_event(
            conn,
            &company_id,
            &actor_id,
            "correction_proposed",
            &changes,
        )?;
        Ok(row)
    })
    .await
}

/// Approves (applies the proposed values over the record as it is now) or rejects a pending
/// correction. Decided by whoever may make the change (a CVR number: administrators); a
/// correction already decided is a 409.
pub async fn decide_correction(
    db: &Db,
    actor: &Actor,
    company_id: CompanyId,
    correction_id: CorrectionId,
    approve: bool,
    reason: Option<String>,
) -> Result<CorrectionRow, AppError> {
    require_visible(actor.may_view_company(&company_id))?;
    let actor = actor.clone();
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 2000) {
        return Err(AppError::field("reason", t::TOO_LONG));
    }
    db.write(move |conn| {
        if !store::lock_company(conn, &company_id)? {
            return Err(AppError::NotFound);
        }
        let correction =
            store::get_correction(conn, &company_id, &correction_id)?.ok_or(AppError::NotFound)?;
        let changes = correction.changes()?;
        let parties = store::company_parties(conn, &company_id)?;
        require(actor.may_decide_company_correction(&parties, changes.contains_key("cvr")))?;
        if correction.status != "pending" {
            return Err(AppError::Conflict(t::CORRECTION_DECIDED.into()));
        }
        if approve {
            let current = store::get_company(conn, &company_id)?.ok_or(AppError::NotFound)?;
            let proposed = changes.clone();
            apply_company_change(
                conn,
                &actor,
                current,
                move |mut raw| {
                    for (field, c) in proposed {
                        raw.set(&field, c.to);
                    }
                    raw
                },
                "company_updated",
            )?;
        }
        let (status, action) = if approve {
            ("approved", "correction_approved")
        } else {
            ("rejected", "correction_rejected")
        };
        if !store::decide_correction(
            conn,
            &correction_id,
            status,
            &actor.user_id,
            reason.as_deref(),
        )? {
            return Err(AppError::Conflict(t::CORRECTION_DECIDED.into()));
        }
        store::record_company_event(conn, &company_id, &actor.user_id, action, &changes)?;
        store::get_correction(conn, &company_id, &correction_id)?.ok_or(AppError::NotFound)
    })
    .await
}

/// A company's corrections, newest first, with the proposer's name: for the company's own
/// users and for whoever may see the company.
pub async fn list_corrections(
    db: &Db,
    actor: &Actor,
    company_id: CompanyId,
    pending_only: bool,
) -> Result<Vec<(CorrectionRow, String)>, AppError> {
    require_visible(actor.may_view_company(&company_id))?;
    require(actor.may_view_company_corrections(&company_id))?;
    db.read(move |conn| {
        store::get_company(conn, &company_id)?.ok_or(AppError::NotFound)?;
        Ok(store::list_corrections(conn, &company_id, pending_only)?)
    })
    .await
}

/// The stored company as raw form fields.
pub fn company_raw(c: &CompanyRow) -> CompanyRaw {
    CompanyRaw {
        cvr: c.cvr.clone(),
        name: c.name.clone(),
        sector: c.sector.clone(),
        address: c.address.clone(),
        postcode: c.postcode.clone(),
        city: c.city.clone(),
        ordinary_employees: c.ordinary_employees.to_string(),
        contact_name: c.contact_name.clone(),
        contact_email: c.contact_email.clone(),
        contact_phone: c.contact_phone.clone(),
    }
}

pub async fn get_company(db: &Db, actor: &Actor, id: CompanyId) -> Result<CompanyRow, AppError> {
    require_visible(actor.may_view_company(&id))?;
    db.read(move |conn| store::get_company(conn, &id)?.ok_or(AppError::NotFound))
        .await
}

pub async fn list_companies(
    db: &Db,
    actor: &Actor,
    q: Option<String>,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CompanyRow>, i64), AppError> {
    let only = actor.company_scope().map(CompanyId::new);
    db.read(move |conn| {
        Ok(store::list_companies(
            conn,
            q.as_deref(),
            only.as_ref(),
            sort,
            offset,
            limit,
        )?)
    })
    .await
}

pub async fn add_worksite(
    db: &Db,
    actor: &Actor,
    company_id: CompanyId,
    raw: WorksiteRaw,
) -> Result<WorksiteRow, AppError> {
    require_visible(actor.may_view_company(&company_id))?;
    let actor = actor.clone();
    db.write(move |conn| {
        if !store::lock_company(conn, &company_id)? {
            return Err(AppError::NotFound);
        }
        let parties = store::company_parties(conn, &company_id)?;
        require(actor.may_edit_company(&parties))?;
        let input = WorksiteInput::parse(&raw).map_err(AppError::Validation)?;
        let site = store::insert_worksite(conn, &company_id, &input)?;
        store::record_company_event(
            conn,
            &company_id,
            &actor.user_id,
            "worksite_added",
            &worksite_changes(&input),
        )?;
        Ok(site)
    })
    .await
}

/// A new declaration of a worksite's ordinary employees (#18.1): kept with the date it is in
/// force from (today when not given), beside the earlier ones; the rimelighedskrav uses the value
/// in force on a referral's first day. Who may edit the company may declare. Returns the history,
/// newest first.
pub async fn declare_headcount(
    db: &Db,
    actor: &Actor,
    company_id: CompanyId,
    p_number: String,
    employees: Option<i64>,
    effective_from: Option<String>,
) -> Result<Vec<(chrono::NaiveDate, i32)>, AppError> {
    require_visible(actor.may_view_company(&company_id))?;
    let mut e = crate::error::FieldErrors::new();
    let employees = match employees {
        Some(n) if (0..=1_000_000).contains(&n) => Some(n as i32),
        Some(_) => {
            e.add("ordinary_employees", t::directory::EMPLOYEES_RANGE);
            None
        }
        None => {
            e.add("ordinary_employees", t::REQUIRED);
            None
        }
    };
    let from = match effective_from
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => Some(crate::clock::today()),
        Some(s) => {
            let d = crate::ui::format::parse_date(s);
            if d.is_none() {
                e.add("effective_from", t::directory::DATE_EXAMPLE);
            }
            d
        }
    };
    e.into_result()?;
    let (Some(employees), Some(from)) = (employees, from) else {
        return Err(AppError::internal("validated"));
    };
    let actor = actor.clone();
    db.write(move |conn| {
        if !store::lock_company(conn, &company_id)? {
            return Err(AppError::NotFound);
        }
        let parties = store::company_parties(conn, &company_id)?;
        require(actor.may_edit_company(&parties))?;
        let known = store::list_worksites(conn, &company_id)?
            .iter()
            .any(|w| w.p_number == p_number);
        if !known {
            return Err(AppError::NotFound);
        }
        let before = store::headcount_on(conn, &company_id, &p_number, from)?;
        store::record_headcount(
            conn,
            &company_id,
            &p_number,
            from,
            employees,
            Some(&actor.user_id),
        )?;
        // The record shows the value in force today.
        if let Some(now) = store::headcount_on(conn, &company_id, &p_number, crate::clock::today())?
        {
            store::set_worksite_employees(conn, &company_id, &p_number, now)?;
        }
        let mut changes = crate::directory::model::FieldChanges::new();
        changes.insert(
            format!(
                "worksite.{p_number}.ordinary_employees.{}",
                crate::ui::format::date(from)
            ),
            crate::directory::model::FieldChange {
                from: before.map(|n| n.to_string()).unwrap_or_default(),
                to: employees.to_string(),
            },
        );
        store::record_company_event(
            conn,
            &company_id,
            &actor.user_id,
            "headcount_declared",
            &changes,
        )?;
        Ok(store::headcount_history(conn, &company_id, &p_number)?)
    })
    .await
}

pub async fn list_worksites(
    db: &Db,
    actor: &Actor,
    company_id: CompanyId,
) -> Result<Vec<WorksiteRow>, AppError> {
    require_visible(actor.may_view_company(&company_id))?;
    db.read(move |conn| {
        store::get_company(conn, &company_id)?.ok_or(AppError::NotFound)?;
        Ok(store::list_worksites(conn, &company_id)?)
    })
    .await
}
