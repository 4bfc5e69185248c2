//! Queries for jobcenters, municipalities, companies and worksites.

use crate::ids::{CompanyId, CorrectionId, JobcenterId, UserId};
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::policy::CompanyParties;
use crate::db::schema::{
    companies, company_corrections, company_events, jobcenters, municipalities, users, worksites,
};
use crate::db::{contains_pattern, new_id, now, DbConnection, Sort};
use crate::directory::model::{
    CompanyInput, FieldChanges, JobcenterInput, Region, Sector, WorksiteInput,
};
use crate::error::{is_unique_violation, AppError, FieldErrors};
use crate::texts as t;
use crate::ui::format::{search_norm, sort_key};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobcenters)]
pub struct JobcenterRow {
    pub id: JobcenterId,
    pub name: String,
    pub region: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A jobcenter with the municipalities it serves.
#[derive(Debug, Clone)]
pub struct Jobcenter {
    pub row: JobcenterRow,
    pub kommunekoder: Vec<i32>,
}

impl Jobcenter {
    pub fn region(&self) -> Option<Region> {
        Region::parse(&self.row.region)
    }
}

fn field_error(field: &str, message: &str) -> AppError {
    let mut f = FieldErrors::new();
    f.add(field, message);
    AppError::Validation(f)
}

/// Checks the name and the codes are not taken by another jobcenter (inside the write
/// transaction, so the answer names the field; the unique indexes remain the last guard).
fn check_jobcenter_unique(
    conn: &mut DbConnection,
    input: &JobcenterInput,
    except_id: Option<&JobcenterId>,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let mut name_q = jobcenters::table
        .filter(jobcenters::name_norm.eq(search_norm(&input.name)))
        .select(jobcenters::id)
        .into_boxed();
    if let Some(id) = except_id {
        name_q = name_q.filter(jobcenters::id.ne(id.to_string()));
    }
    if name_q.first::<String>(conn).optional()?.is_some() {
        errors.add("name", t::JOBCENTER_NAME_TAKEN);
    }
    let codes: Vec<i32> = input.kommunekoder.iter().map(|k| k.value()).collect();
    let mut code_q = municipalities::table
        .filter(municipalities::kommunekode.eq_any(&codes))
        .select(municipalities::kommunekode)
        .into_boxed();
    if let Some(id) = except_id {
        code_q = code_q.filter(municipalities::jobcenter_id.ne(id.to_string()));
    }
    for taken in code_q.load::<i32>(conn)? {
        errors.add("kommunekoder", format!("{taken}: {}", t::KOMMUNEKODE_TAKEN));
    }
    errors.into_result()
}

fn insert_codes(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    input: &JobcenterInput,
) -> QueryResult<()> {
    // One row at a time: batch inserts are not available through the multi-backend connection.
    for code in &input.kommunekoder {
        diesel::insert_into(municipalities::table)
            .values((
                municipalities::kommunekode.eq(code.value()),
                municipalities::jobcenter_id.eq(jobcenter_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Creates a jobcenter with its municipalities. Call inside a write transaction.
pub fn insert_jobcenter(
    conn: &mut DbConnection,
    input: &JobcenterInput,
) -> Result<Jobcenter, AppError> {
    check_jobcenter_unique(conn, input, None)?;
    let id = JobcenterId::new(new_id());
    let ts = now();
    diesel::insert_into(jobcenters::table)
        .values((
            jobcenters::id.eq(&id),
            jobcenters::name.eq(&input.name),
            jobcenters::name_norm.eq(search_norm(&input.name)),
            jobcenters::sort_key.eq(sort_key(&input.name)),
            jobcenters::region.eq(input.region.code()),
            jobcenters::created_at.eq(ts),
            jobcenters::updated_at.eq(ts),
        ))
        .execute(conn)?;
    insert_codes(conn, &id, input)?;
    get_jobcenter(conn, &id)?.ok_or(AppError::NotFound)
}

/// Replaces a jobcenter's fields and municipalities. Call inside a write transaction.
pub fn update_jobcenter(
    conn: &mut DbConnection,
    id: &JobcenterId,
    input: &JobcenterInput,
) -> Result<Jobcenter, AppError> {
    if get_jobcenter(conn, id)?.is_none() {
        return Err(AppError::NotFound);
    }
    check_jobcenter_unique(conn, input, Some(id))?;
    diesel::update(jobcenters::table.find(id))
        .set((
            jobcenters::name.eq(&input.name),
            jobcenters::name_norm.eq(search_norm(&input.name)),
            jobcenters::sort_key.eq(sort_key(&input.name)),
            jobcenters::region.eq(input.region.code()),
            jobcenters::updated_at.eq(now()),
        ))
        .execute(conn)?;
    diesel::delete(municipalities::table.filter(municipalities::jobcenter_id.eq(id)))
        .execute(conn)?;
    insert_codes(conn, id, input)?;
    get_jobcenter(conn, id)?.ok_or(AppError::NotFound)
}

/// Takes the row lock of a jobcenter for the rest of the transaction (a no-op UPDATE: on
/// PostgreSQL it blocks concurrent changes, on SQLite `BEGIN IMMEDIATE` already serialises).
/// `false` when there is no such jobcenter.
pub fn lock_jobcenter(conn: &mut DbConnection, id: &JobcenterId) -> QueryResult<bool> {
    Ok(crate::lock_row!(conn, jobcenters, id))
}

/// Takes the row lock of a company for the rest of the transaction (see `lock_jobcenter`).
pub fn lock_company(conn: &mut DbConnection, id: &CompanyId) -> QueryResult<bool> {
    Ok(crate::lock_row!(conn, companies, id))
}

pub fn get_jobcenter(conn: &mut DbConnection, id: &JobcenterId) -> QueryResult<Option<Jobcenter>> {
    let row: Option<JobcenterRow> = jobcenters::table
        .find(id)
        .select(JobcenterRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else { return Ok(None) };
    let kommunekoder = municipalities::table
        .filter(municipalities::jobcenter_id.eq(id))
        .select(municipalities::kommunekode)
        .order(municipalities::kommunekode.asc())
        .load(conn)?;
    Ok(Some(Jobcenter { row, kommunekoder }))
}

/// One page of jobcenters (optionally only `only_id`), with their codes in one extra query.
/// The columns a jobcenter list may be sorted by, and its default order.
pub const JOBCENTER_SORTS: &[&str] = &["name", "region"];
pub const JOBCENTER_DEFAULT_SORT: Sort = Sort::asc("name");

pub fn list_jobcenters(
    conn: &mut DbConnection,
    q: Option<&str>,
    only_id: Option<&JobcenterId>,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Jobcenter>, i64)> {
    let build = || {
        let mut query = jobcenters::table.into_boxed();
        if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
            query = query.filter(
                jobcenters::name_norm
                    .like(contains_pattern(&search_norm(q)))
                    .escape('\\'),
            );
        }
        if let Some(id) = only_id {
            query = query.filter(jobcenters::id.eq(id.to_string()));
        }
        query
    };
    let total = build().count().get_result(conn)?;
    let q = build().select(JobcenterRow::as_select());
    let q = match (sort.key, sort.desc) {
        ("region", false) => q.order((
            jobcenters::region.asc(),
            jobcenters::sort_key.asc(),
            jobcenters::id.asc(),
        )),
        ("region", true) => q.order((
            jobcenters::region.desc(),
            jobcenters::sort_key.asc(),
            jobcenters::id.asc(),
        )),
        (_, true) => q.order((jobcenters::sort_key.desc(), jobcenters::id.asc())),
        _ => q.order((jobcenters::sort_key.asc(), jobcenters::id.asc())),
    };
    let rows: Vec<JobcenterRow> = q.offset(offset).limit(limit).load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut codes: HashMap<String, Vec<i32>> = HashMap::new();
    for (code, jc) in municipalities::table
        .filter(municipalities::jobcenter_id.eq_any(&ids))
        .select((municipalities::kommunekode, municipalities::jobcenter_id))
        .order(municipalities::kommunekode.asc())
        .load::<(i32, String)>(conn)?
    {
        codes.entry(jc).or_default().push(code);
    }
    let items = rows
        .into_iter()
        .map(|row| Jobcenter {
            kommunekoder: codes.remove(row.id.as_str()).unwrap_or_default(),
            row,
        })
        .collect();
    Ok((items, total))
}

/// All jobcenters as (id, name), for choosing one in a form.
pub fn jobcenter_choices(conn: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    jobcenters::table
        .select((jobcenters::id, jobcenters::name))
        .order(jobcenters::sort_key.asc())
        .load(conn)
}

pub fn count_jobcenters(conn: &mut DbConnection) -> QueryResult<i64> {
    jobcenters::table.count().get_result(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = companies)]
pub struct CompanyRow {
    pub id: CompanyId,
    pub cvr: String,
    pub name: String,
    pub sector: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: i32,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CompanyRow {
    /// The company's sector; an unknown code in the row is an error, not some other sector.
    pub fn sector(&self) -> Result<Sector, AppError> {
        Sector::from_stored(&self.sector)
    }

    /// The sector's Danish name, or the stored code if it is unknown (for pages).
    pub fn sector_label(&self) -> &str {
        Sector::parse(&self.sector).map_or(self.sector.as_str(), |s| s.label())
    }
}

fn cvr_taken(
    conn: &mut DbConnection,
    cvr: &str,
    except_id: Option<&CompanyId>,
) -> QueryResult<bool> {
    let mut q = companies::table
        .filter(companies::cvr.eq(cvr))
        .select(companies::id)
        .into_boxed();
    if let Some(id) = except_id {
        q = q.filter(companies::id.ne(id.to_string()));
    }
    Ok(q.first::<String>(conn).optional()?.is_some())
}

fn unique_or(e: diesel::result::Error, field: &str, message: &str) -> AppError {
    if is_unique_violation(&e) {
        field_error(field, message)
    } else {
        e.into()
    }
}

pub fn insert_company(
    conn: &mut DbConnection,
    input: &CompanyInput,
) -> Result<CompanyRow, AppError> {
    if cvr_taken(conn, input.cvr.as_str(), None)? {
        return Err(field_error("cvr", t::CVR_TAKEN));
    }
    let id = CompanyId::new(new_id());
    let ts = now();
    diesel::insert_into(companies::table)
        .values((
            companies::id.eq(&id),
            companies::cvr.eq(input.cvr.as_str()),
            companies::name.eq(&input.name),
            companies::name_norm.eq(search_norm(&input.name)),
            companies::sort_key.eq(sort_key(&input.name)),
            companies::sector.eq(input.sector.code()),
            companies::address.eq(&input.address),
            companies::postcode.eq(&input.postcode),
            companies::city.eq(&input.city),
            companies::ordinary_employees.eq(input.ordinary_employees),
            companies::contact_name.eq(&input.contact_name),
            companies::contact_email.eq(&input.contact_email),
            companies::contact_phone.eq(&input.contact_phone),
            companies::created_at.eq(ts),
            companies::updated_at.eq(ts),
        ))
        .execute(conn)
        .map_err(|e| unique_or(e, "cvr", t::CVR_TAKEN))?;
    record_headcount(
        conn,
        &id,
        "",
        crate::clock::today(),
        input.ordinary_employees,
        None,
    )?;
    get_company(conn, &id)?.ok_or(AppError::NotFound)
}

pub fn update_company(
    conn: &mut DbConnection,
    id: &CompanyId,
    input: &CompanyInput,
) -> Result<CompanyRow, AppError> {
    if cvr_taken(conn, input.cvr.as_str(), Some(id))? {
        return Err(field_error("cvr", t::CVR_TAKEN));
    }
    let changed = diesel::update(companies::table.find(id))
        .set((
            companies::cvr.eq(input.cvr.as_str()),
            companies::name.eq(&input.name),
            companies::name_norm.eq(search_norm(&input.name)),
            companies::sort_key.eq(sort_key(&input.name)),
            companies::sector.eq(input.sector.code()),
            companies::address.eq(&input.address),
            companies::postcode.eq(&input.postcode),
            companies::city.eq(&input.city),
            companies::ordinary_employees.eq(input.ordinary_employees),
            companies::contact_name.eq(&input.contact_name),
            companies::contact_email.eq(&input.contact_email),
            companies::contact_phone.eq(&input.contact_phone),
            companies::updated_at.eq(now()),
        ))
        .execute(conn)
        .map_err(|e| unique_or(e, "cvr", t::CVR_TAKEN))?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    // A changed headcount is a new declaration, in force from today; the old one is kept.
    if headcount_on(conn, id, "", crate::clock::today())? != Some(input.ordinary_employees) {
        record_headcount(
            conn,
            id,
            "",
            crate::clock::today(),
            input.ordinary_employees,
            None,
        )?;
    }
    get_company(conn, id)?.ok_or(AppError::NotFound)
}

pub fn get_company(conn: &mut DbConnection, id: &CompanyId) -> QueryResult<Option<CompanyRow>> {
    companies::table
        .find(id)
        .select(CompanyRow::as_select())
        .first(conn)
        .optional()
}

/// One page of companies, searching the name and the CVR number.
/// The columns a company list may be sorted by, and its default order.
/// ("postcode" orders the "5500 Middelfart" column: digits sort the same on both backends.)
pub const COMPANY_SORTS: &[&str] = &["name", "cvr", "postcode"];
pub const COMPANY_DEFAULT_SORT: Sort = Sort::asc("name");

pub fn list_companies(
    conn: &mut DbConnection,
    q: Option<&str>,
    only_id: Option<&CompanyId>,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<CompanyRow>, i64)> {
    let build = || {
        let mut query = companies::table.into_boxed();
        if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
            let name_pattern = contains_pattern(&search_norm(q));
            let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits.len() >= 2 && digits.len() == q.chars().filter(|c| !c.is_whitespace()).count()
            {
                query = query.filter(
                    companies::name_norm
                        .like(name_pattern)
                        .escape('\\')
                        .or(companies::cvr.like(contains_pattern(&digits)).escape('\\')),
                );
            } else {
                query = query.filter(companies::name_norm.like(name_pattern).escape('\\'));
            }
        }
        if let Some(id) = only_id {
            query = query.filter(companies::id.eq(id.to_string()));
        }
        query
    };
    let total = build().count().get_result(conn)?;
    let q = build().select(CompanyRow::as_select());
    let q = match (sort.key, sort.desc) {
        ("cvr", false) => q.order(companies::cvr.asc()),
        ("cvr", true) => q.order(companies::cvr.desc()),
        ("postcode", false) => q.order((
            companies::postcode.asc(),
            companies::sort_key.asc(),
            companies::id.asc(),
        )),
        ("postcode", true) => q.order((
            companies::postcode.desc(),
            companies::sort_key.asc(),
            companies::id.asc(),
        )),
        (_, true) => q.order((companies::sort_key.desc(), companies::id.asc())),
        _ => q.order((companies::sort_key.asc(), companies::id.asc())),
    };
    let rows = q.offset(offset).limit(limit).load(conn)?;
    Ok((rows, total))
}

pub fn count_companies(conn: &mut DbConnection) -> QueryResult<i64> {
    companies::table.count().get_result(conn)
}

/// All companies as (id, name), for choosing one in a form.
pub fn company_choices(conn: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    companies::table
        .select((companies::id, companies::name))
        .order(companies::sort_key.asc())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = worksites)]
pub struct WorksiteRow {
    pub id: String,
    pub company_id: String,
    pub p_number: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: i32,
    pub created_at: NaiveDateTime,
}

pub fn insert_worksite(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    input: &WorksiteInput,
) -> Result<WorksiteRow, AppError> {
    let taken = worksites::table
        .filter(worksites::p_number.eq(input.p_number.as_str()))
        .select(worksites::id)
        .first::<String>(conn)
        .optional()?;
    if taken.is_some() {
        return Err(field_error("p_number", t::P_NUMBER_TAKEN));
    }
    let id = new_id();
    diesel::insert_into(worksites::table)
        .values((
            worksites::id.eq(&id),
            worksites::company_id.eq(company_id),
            worksites::p_number.eq(input.p_number.as_str()),
            worksites::name.eq(&input.name),
            worksites::address.eq(&input.address),
            worksites::postcode.eq(&input.postcode),
            worksites::city.eq(&input.city),
            worksites::ordinary_employees.eq(input.ordinary_employees),
            worksites::created_at.eq(now()),
        ))
        .execute(conn)
        .map_err(|e| unique_or(e, "p_number", t::P_NUMBER_TAKEN))?;
    record_headcount(
        conn,
        company_id,
        input.p_number.as_str(),
        crate::clock::today(),
        input.ordinary_employees,
        None,
    )?;
    Ok(worksites::table
        .find(&id)
        .select(WorksiteRow::as_select())
        .first(conn)?)
}

/// Records a declared headcount of a worksite (`p_number`) or of the company as a whole (`""`),
/// in force from `from`: the history is kept, a declaration for the same day replaces that
/// day's (#18.1).
pub fn record_headcount(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    p_number: &str,
    from: chrono::NaiveDate,
    employees: i32,
    by: Option<&str>,
) -> QueryResult<()> {
    use crate::db::schema::headcounts as h;
    diesel::delete(
        h::table
            .filter(h::company_id.eq(company_id))
            .filter(h::p_number.eq(p_number))
            .filter(h::effective_from.eq(from)),
    )
    .execute(conn)?;
    diesel::insert_into(h::table)
        .values((
            h::company_id.eq(company_id),
            h::p_number.eq(p_number),
            h::effective_from.eq(from),
            h::ordinary_employees.eq(employees),
            h::declared_by.eq(by),
            h::declared_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The headcount in force on `day` (the earliest declared before any was in force).
/// Every headcount declared for a worksite (or the company as a whole, P-number ""), oldest
/// first: (in force from, ordinary employees).
pub fn headcounts_of(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    p_number: &str,
) -> QueryResult<Vec<(chrono::NaiveDate, i32)>> {
    use crate::db::schema::headcounts as h;
    h::table
        .filter(h::company_id.eq(company_id))
        .filter(h::p_number.eq(p_number))
        .order(h::effective_from.asc())
        .select((h::effective_from, h::ordinary_employees))
        .load(conn)
}

pub fn headcount_on(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    p_number: &str,
    day: chrono::NaiveDate,
) -> QueryResult<Option<i32>> {
    use crate::db::schema::headcounts as h;
    let base = || {
        h::table
            .filter(h::company_id.eq(company_id))
            .filter(h::p_number.eq(p_number))
    };
    let in_force = base()
        .filter(h::effective_from.le(day))
        .order(h::effective_from.desc())
        .select(h::ordinary_employees)
        .first(conn)
        .optional()?;
    match in_force {
        Some(n) => Ok(Some(n)),
        None => base()
            .order(h::effective_from.asc())
            .select(h::ordinary_employees)
            .first(conn)
            .optional(),
    }
}

/// A worksite's (or the company's) declared headcounts, newest first: (from, employees).
pub fn headcount_history(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    p_number: &str,
) -> QueryResult<Vec<(chrono::NaiveDate, i32)>> {
    use crate::db::schema::headcounts as h;
    h::table
        .filter(h::company_id.eq(company_id))
        .filter(h::p_number.eq(p_number))
        .order(h::effective_from.desc())
        .select((h::effective_from, h::ordinary_employees))
        .load(conn)
}

/// Sets a worksite's current headcount (the record's value; the history is in `headcounts`).
pub fn set_worksite_employees(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    p_number: &str,
    employees: i32,
) -> QueryResult<usize> {
    diesel::update(
        worksites::table
            .filter(worksites::company_id.eq(company_id))
            .filter(worksites::p_number.eq(p_number)),
    )
    .set(worksites::ordinary_employees.eq(employees))
    .execute(conn)
}

pub fn list_worksites(
    conn: &mut DbConnection,
    company_id: &CompanyId,
) -> QueryResult<Vec<WorksiteRow>> {
    worksites::table
        .filter(worksites::company_id.eq(company_id))
        .select(WorksiteRow::as_select())
        .order(worksites::p_number.asc())
        .load(conn)
}

/// The people of an organisation: (id, name, email, role).
pub fn organisation_users(
    conn: &mut DbConnection,
    jobcenter_id: Option<&JobcenterId>,
    company_id: Option<&CompanyId>,
) -> QueryResult<Vec<(String, String, String, String)>> {
    let mut q = users::table
        .select((users::id, users::name, users::email, users::role))
        .order(users::sort_key.asc())
        .into_boxed();
    if let Some(j) = jobcenter_id {
        q = q.filter(users::jobcenter_id.eq(j.to_string()));
    }
    if let Some(c) = company_id {
        q = q.filter(users::company_id.eq(c.to_string()));
    }
    q.limit(500).load(conn)
}

/// The facts that decide who may change a company's record: the jobcenters that have a
/// contract with it that the company has accepted (a draft a consultant made alone gives no
/// rights). Read inside the write transaction that makes the change.
pub fn company_parties(
    conn: &mut DbConnection,
    company_id: &CompanyId,
) -> QueryResult<CompanyParties> {
    use crate::db::schema::contracts;
    let contracting_jobcenters = contracts::table
        .filter(contracts::company_id.eq(company_id))
        .filter(contracts::accepted_version.is_not_null())
        .select(contracts::jobcenter_id)
        .distinct()
        .order(contracts::jobcenter_id.asc())
        .load::<String>(conn)?;
    Ok(CompanyParties {
        company_id: company_id.to_string(),
        contracting_jobcenters,
    })
}

/// One line of a company's audit trail: `changes` are the fields with their old and new
/// values. Call inside the transaction of the change.
pub fn record_company_event(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    actor_id: &UserId,
    action: &str,
    changes: &FieldChanges,
) -> QueryResult<()> {
    diesel::insert_into(company_events::table)
        .values((
            company_events::id.eq(new_id()),
            company_events::company_id.eq(company_id),
            company_events::actor_id.eq(actor_id),
            company_events::action.eq(action),
            company_events::detail.eq(serde_json::to_string(changes).unwrap_or_default()),
            company_events::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A correction of a company's record proposed by its signatory.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = company_corrections)]
pub struct CorrectionRow {
    pub id: String,
    pub company_id: String,
    pub proposed_by: String,
    pub changes: String,
    pub comment: String,
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

impl CorrectionRow {
    /// The proposed fields with the values they had when proposed.
    pub fn changes(&self) -> Result<FieldChanges, AppError> {
        serde_json::from_str(&self.changes)
            .map_err(|e| AppError::internal(format!("correction {}: {e}", self.id)))
    }
}

pub fn insert_correction(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    proposed_by: &str,
    changes: &FieldChanges,
    comment: &str,
) -> Result<CorrectionRow, AppError> {
    let id = CorrectionId::new(new_id());
    diesel::insert_into(company_corrections::table)
        .values((
            company_corrections::id.eq(&id),
            company_corrections::company_id.eq(company_id),
            company_corrections::proposed_by.eq(proposed_by),
            company_corrections::changes.eq(serde_json::to_string(changes).unwrap_or_default()),
            company_corrections::comment.eq(comment),
            company_corrections::status.eq("pending"),
            company_corrections::created_at.eq(now()),
        ))
        .execute(conn)?;
    get_correction(conn, company_id, &id)?.ok_or(AppError::NotFound)
}

/// A correction of this company (another company's correction is not found).
pub fn get_correction(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    id: &CorrectionId,
) -> QueryResult<Option<CorrectionRow>> {
    company_corrections::table
        .filter(company_corrections::id.eq(id))
        .filter(company_corrections::company_id.eq(company_id))
        .select(CorrectionRow::as_select())
        .first(conn)
        .optional()
}

/// A company's corrections with the proposer's name, newest first (at most 200).
pub fn list_corrections(
    conn: &mut DbConnection,
    company_id: &CompanyId,
    pending_only: bool,
) -> QueryResult<Vec<(CorrectionRow, String)>> {
    let mut q = company_corrections::table
        .inner_join(users::table.on(users::id.eq(company_corrections::proposed_by)))
        .filter(company_corrections::company_id.eq(company_id))
        .select((CorrectionRow::as_select(), users::name))
        .order((
            company_corrections::created_at.desc(),
            company_corrections::id.desc(),
        ))
        .limit(200)
        .into_boxed();
    if pending_only {
        q = q.filter(company_corrections::status.eq("pending"));
    }
    q.load(conn)
}

/// Records the decision on a pending correction; false when it was no longer pending.
pub fn decide_correction(
    conn: &mut DbConnection,
    id: &CorrectionId,
    status: &str,
    decided_by: &str,
    reason: Option<&str>,
) -> QueryResult<bool> {
    let n = diesel::update(
        company_corrections::table
            .filter(company_corrections::id.eq(id))
            .filter(company_corrections::status.eq("pending")),
    )
    .set((
        company_corrections::status.eq(status),
        company_corrections::decided_by.eq(Some(decided_by)),
        company_corrections::decided_at.eq(Some(now())),
        company_corrections::reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
