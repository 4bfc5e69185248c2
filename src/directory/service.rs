//! Directory operations shared by the pages and the API: check access, validate, store.

use crate::auth::model::Actor;
use crate::auth::policy::{require, require_visible};
use crate::db::{Db, Sort};
use crate::directory::model::{
    CompanyInput, CompanyRaw, JobcenterInput, JobcenterRaw, WorksiteInput, WorksiteRaw,
};
use crate::directory::store::{self, CompanyRow, Jobcenter, WorksiteRow};
use crate::error::AppError;

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
    id: String,
    change: F,
) -> Result<Jobcenter, AppError>
where
    F: FnOnce(JobcenterRaw) -> JobcenterRaw + Send + 'static,
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

pub async fn get_jobcenter(db: &Db, actor: &Actor, id: String) -> Result<Jobcenter, AppError> {
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
            only.as_deref(),
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
    db.write(move |conn| store::insert_company(conn, &input))
        .await
}

/// Updates a company from its current fields: `change` receives them as raw text and returns
/// the new ones (a form replaces all, a PATCH only what it names). The row is locked before it
/// is read, so two concurrent changes to different fields are applied one after the other and
/// neither is lost (on PostgreSQL too, where READ COMMITTED alone would not prevent it).
pub async fn update_company<F>(
    db: &Db,
    actor: &Actor,
    id: String,
    change: F,
) -> Result<CompanyRow, AppError>
where
    F: FnOnce(CompanyRaw) -> CompanyRaw + Send + 'static,
{
    require_visible(actor.may_view_company(&id))?;
    require(actor.may_edit_company(&id))?;
    db.write(move |conn| {
        if !store::lock_company(conn, &id)? {
            return Err(AppError::NotFound);
        }
        let current = store::get_company(conn, &id)?.ok_or(AppError::NotFound)?;
        let raw = change(company_raw(&current));
        let input = CompanyInput::parse(&raw).map_err(AppError::Validation)?;
        store::update_company(conn, &id, &input)
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

pub async fn get_company(db: &Db, actor: &Actor, id: String) -> Result<CompanyRow, AppError> {
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
    let only = actor.company_scope().map(str::to_string);
    db.read(move |conn| {
        Ok(store::list_companies(
            conn,
            q.as_deref(),
            only.as_deref(),
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
    company_id: String,
    raw: WorksiteRaw,
) -> Result<WorksiteRow, AppError> {
    require_visible(actor.may_view_company(&company_id))?;
    require(actor.may_edit_company(&company_id))?;
    let input = WorksiteInput::parse(&raw).map_err(AppError::Validation)?;
    db.write(move |conn| {
        store::get_company(conn, &company_id)?.ok_or(AppError::NotFound)?;
        store::insert_worksite(conn, &company_id, &input)
    })
    .await
}

pub async fn list_worksites(
    db: &Db,
    actor: &Actor,
    company_id: String,
) -> Result<Vec<WorksiteRow>, AppError> {
    require_visible(actor.may_view_company(&company_id))?;
    db.read(move |conn| {
        store::get_company(conn, &company_id)?.ok_or(AppError::NotFound)?;
        Ok(store::list_worksites(conn, &company_id)?)
    })
    .await
}
