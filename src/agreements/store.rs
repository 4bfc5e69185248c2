//! Queries for placements' agreements and their versions.

use std::collections::HashMap;

use crate::ids::{CompanyId, ContractId, JobcenterId, PlacementId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::agreements::model::AgreementTerms;
use crate::contracts::workflow::VersionStatus;
use crate::db::schema::{
    agreement_versions, candidates, companies, contracts, placement_agreements, placements, users,
    worksites,
};
use crate::db::{now, DbConnection};
use crate::error::AppError;

/// The head of a placement's agreement: its revision and which versions are pending and accepted.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = placement_agreements)]
pub struct AgreementRow {
    pub placement_id: String,
    pub contract_id: String,
    pub revision: i32,
    pub pending_version: Option<i32>,
    pub accepted_version: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agreement_versions)]
pub struct AgreementVersionRow {
    pub placement_id: String,
    pub version_no: i32,
    pub status: String,
    pub terms: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub sent_by: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
    pub company_comment: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_at: Option<NaiveDateTime>,
    pub accepted_content: Option<String>,
    pub content_hash: Option<String>,
}

impl AgreementVersionRow {
    pub fn terms(&self) -> Result<AgreementTerms, AppError> {
        serde_json::from_str(&self.terms)
            .map_err(|e| AppError::internal(format!("stored agreement unreadable: {e}")))
    }

    pub fn status(&self) -> Result<VersionStatus, AppError> {
        VersionStatus::from_stored(&self.status)
    }
}

pub fn terms_json(terms: &AgreementTerms) -> Result<String, AppError> {
    serde_json::to_string(terms).map_err(|e| AppError::internal(format!("agreement: {e}")))
}

pub fn get(conn: &mut DbConnection, id: &PlacementId) -> QueryResult<Option<AgreementRow>> {
    placement_agreements::table
        .find(id)
        .select(AgreementRow::as_select())
        .first(conn)
        .optional()
}

pub fn versions(
    conn: &mut DbConnection,
    id: &PlacementId,
) -> QueryResult<Vec<AgreementVersionRow>> {
    agreement_versions::table
        .filter(agreement_versions::placement_id.eq(id))
        .select(AgreementVersionRow::as_select())
        .order(agreement_versions::version_no.asc())
        .load(conn)
}

/// A placement's first agreement, as a draft (revision 1).
pub fn create(
    conn: &mut DbConnection,
    id: &PlacementId,
    contract_id: &ContractId,
    terms: &str,
    by: &UserId,
) -> QueryResult<()> {
    let at = now();
    diesel::insert_into(placement_agreements::table)
        .values((
            placement_agreements::placement_id.eq(id),
            placement_agreements::contract_id.eq(contract_id),
            placement_agreements::revision.eq(1),
            placement_agreements::pending_version.eq(Some(1)),
            placement_agreements::created_at.eq(at),
            placement_agreements::updated_at.eq(at),
        ))
        .execute(conn)?;
    insert_version(conn, id, 1, terms, by)
}

/// A new draft version `n` with `terms`.
pub fn insert_version(
    conn: &mut DbConnection,
    id: &PlacementId,
    n: i32,
    terms: &str,
    by: &UserId,
) -> QueryResult<()> {
    let at = now();
    diesel::insert_into(agreement_versions::table)
        .values((
            agreement_versions::placement_id.eq(id),
            agreement_versions::version_no.eq(n),
            agreement_versions::status.eq(VersionStatus::Draft.code()),
            agreement_versions::terms.eq(terms),
            agreement_versions::created_by.eq(by),
            agreement_versions::created_at.eq(at),
            agreement_versions::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes the agreement's row lock for the rest of the transaction (a no-op UPDATE; nothing
/// when the placement has no agreement yet, whose creation the primary key decides).
pub fn lock(conn: &mut DbConnection, id: &PlacementId) -> QueryResult<()> {
    crate::lock_row!(conn, placement_agreements, id);
    Ok(())
}

/// Claims the agreement for a change: increments the revision if it is still `expected` (any
/// revision when `None`). On PostgreSQL the UPDATE also holds the row lock until the
/// transaction ends, so two changes of one agreement are serialised.
pub fn claim(
    conn: &mut DbConnection,
    id: &PlacementId,
    expected: Option<i32>,
) -> Result<(), AppError> {
    let target = placement_agreements::table.filter(placement_agreements::placement_id.eq(id));
    let set = (
        placement_agreements::revision.eq(placement_agreements::revision + 1),
        placement_agreements::updated_at.eq(now()),
    );
    let n = match expected {
        Some(r) => diesel::update(target.filter(placement_agreements::revision.eq(r)))
            .set(set)
            .execute(conn)?,
        None => diesel::update(target).set(set).execute(conn)?,
    };
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(
            crate::texts::agreements::changed_since_revision(expected.unwrap_or_default()),
        ))
    }
}

pub fn set_pending(conn: &mut DbConnection, id: &PlacementId, n: Option<i32>) -> QueryResult<()> {
    diesel::update(placement_agreements::table.find(id))
        .set(placement_agreements::pending_version.eq(n))
        .execute(conn)?;
    Ok(())
}

pub fn update_terms(
    conn: &mut DbConnection,
    id: &PlacementId,
    n: i32,
    terms: &str,
) -> QueryResult<()> {
    diesel::update(agreement_versions::table.find((id, n)))
        .set((
            agreement_versions::terms.eq(terms),
            agreement_versions::status.eq(VersionStatus::Draft.code()),
            agreement_versions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn mark_sent(
    conn: &mut DbConnection,
    id: &PlacementId,
    n: i32,
    by: &UserId,
) -> QueryResult<()> {
    let at = now();
    diesel::update(agreement_versions::table.find((id, n)))
        .set((
            agreement_versions::status.eq(VersionStatus::Sent.code()),
            agreement_versions::company_comment.eq(None::<String>),
            agreement_versions::sent_by.eq(Some(by)),
            agreement_versions::sent_at.eq(Some(at)),
            agreement_versions::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn mark_changes_requested(
    conn: &mut DbConnection,
    id: &PlacementId,
    n: i32,
    comment: &str,
) -> QueryResult<()> {
    diesel::update(agreement_versions::table.find((id, n)))
        .set((
            agreement_versions::status.eq(VersionStatus::ChangesRequested.code()),
            agreement_versions::company_comment.eq(Some(comment)),
            agreement_versions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Version `n` accepted by `by`: its canonical content and hash are kept, and it is the
/// agreement in force with nothing pending.
pub fn mark_accepted(
    conn: &mut DbConnection,
    id: &PlacementId,
    n: i32,
    by: &UserId,
    content: &str,
    hash: &str,
) -> QueryResult<()> {
    let at = now();
    diesel::update(agreement_versions::table.find((id, n)))
        .set((
            agreement_versions::status.eq(VersionStatus::Accepted.code()),
            agreement_versions::accepted_by.eq(Some(by)),
            agreement_versions::accepted_at.eq(Some(at)),
            agreement_versions::accepted_content.eq(Some(content)),
            agreement_versions::content_hash.eq(Some(hash)),
            agreement_versions::updated_at.eq(at),
        ))
        .execute(conn)?;
    diesel::update(placement_agreements::table.find(id))
        .set((
            placement_agreements::accepted_version.eq(Some(n)),
            placement_agreements::pending_version.eq(None::<i32>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Agreements sent to a company and waiting for its answer: (placement, person's name, sent at).
pub fn waiting_for_company(
    conn: &mut DbConnection,
    company: &CompanyId,
) -> QueryResult<Vec<(String, String, Option<NaiveDateTime>)>> {
    agreement_versions::table
        .inner_join(
            placement_agreements::table.on(placement_agreements::placement_id
                .eq(agreement_versions::placement_id)
                .and(
                    placement_agreements::pending_version
                        .eq(agreement_versions::version_no.nullable()),
                )),
        )
        .inner_join(placements::table.on(placements::id.eq(agreement_versions::placement_id)))
        .inner_join(candidates::table.on(candidates::id.eq(placements::candidate_id)))
        .inner_join(contracts::table.on(contracts::id.eq(placements::contract_id)))
        .filter(contracts::company_id.eq(company))
        .filter(agreement_versions::status.eq(VersionStatus::Sent.code()))
        .select((
            placements::id,
            candidates::name,
            agreement_versions::sent_at,
        ))
        .order(agreement_versions::sent_at.asc())
        .limit(50)
        .load(conn)
}

/// The accepted agreement of a placement, if any: what attendance plans its weeks by.
pub fn accepted_terms(
    conn: &mut DbConnection,
    id: &PlacementId,
) -> Result<Option<AgreementTerms>, AppError> {
    let Some(n) = get(conn, id)?.and_then(|h| h.accepted_version) else {
        return Ok(None);
    };
    agreement_versions::table
        .find((id, n))
        .select(AgreementVersionRow::as_select())
        .first(conn)
        .optional()?
        .map(|v| v.terms())
        .transpose()
}

/// Agreements a company sent back, in a jobcenter's contracts: (placement, person, company,
/// when), for the consultants' inbox: the `limit` latest.
pub fn returned(
    conn: &mut DbConnection,
    jobcenter: &JobcenterId,
    limit: i64,
) -> QueryResult<Vec<(String, String, String, NaiveDateTime)>> {
    // The agreements first, from their own tables (through the contract index), then the names
    // of those placements: joined in one query, a planner may start from the jobcenter's
    // thousands of placements and look each one's agreement up.
    let found: Vec<(String, NaiveDateTime)> = agreement_versions::table
        .inner_join(
            placement_agreements::table.on(placement_agreements::placement_id
                .eq(agreement_versions::placement_id)
                .and(
                    placement_agreements::pending_version
                        .eq(agreement_versions::version_no.nullable()),
                )),
        )
        .filter(
            placement_agreements::contract_id.eq_any(
                contracts::table
                    .filter(contracts::jobcenter_id.eq(jobcenter))
                    .select(contracts::id),
            ),
        )
        .filter(agreement_versions::status.eq(VersionStatus::ChangesRequested.code()))
        .select((
            agreement_versions::placement_id,
            agreement_versions::updated_at,
        ))
        .order(agreement_versions::updated_at.desc())
        .limit(limit)
        .load(conn)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let names = crate::seats::store::names_of_placements(conn, &ids)?;
    Ok(found
        .into_iter()
        .filter_map(|(p, at)| {
            let (person, company) = names.get(&p)?.clone();
            Some((p, person, company, at))
        })
        .collect())
}

/// Users' names by id.
pub fn names(conn: &mut DbConnection, ids: Vec<String>) -> QueryResult<HashMap<String, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

pub fn company_name(conn: &mut DbConnection, company: &CompanyId) -> QueryResult<String> {
    companies::table
        .find(company)
        .select(companies::name)
        .first(conn)
}

/// Where a person works by default: the contract's worksite (by P-number), else the company's
/// address; "Vej 1, 5500 Middelfart".
pub fn address_of(
    conn: &mut DbConnection,
    company: &CompanyId,
    p_number: Option<&str>,
) -> QueryResult<String> {
    let site: Option<(String, String, String)> = match p_number {
        Some(pn) => worksites::table
            .filter(worksites::company_id.eq(company))
            .filter(worksites::p_number.eq(pn))
            .select((worksites::address, worksites::postcode, worksites::city))
            .first(conn)
            .optional()?,
        None => None,
    };
    let (a, p, c) = match site {
        Some(s) => s,
        None => companies::table
            .find(company)
            .select((companies::address, companies::postcode, companies::city))
            .first(conn)?,
    };
    Ok(format!("{a}, {p} {c}"))
}
