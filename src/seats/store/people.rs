//! Candidates: look-up, registration, lists and their row locks.

use crate::ids::{CandidateId, JobcenterId};
use diesel::prelude::*;

use crate::db::schema::candidates;
use crate::db::{contains_pattern, now, DbConnection, Sort};

use super::*;

pub fn get_candidate(
    conn: &mut DbConnection,
    id: &CandidateId,
) -> QueryResult<Option<CandidateRow>> {
    candidates::table
        .find(id)
        .select(CandidateRow::as_select())
        .first(conn)
        .optional()
}

pub fn candidate_by_hmac(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    hmac: &str,
) -> QueryResult<Option<CandidateRow>> {
    candidates::table
        .filter(candidates::jobcenter_id.eq(jobcenter_id))
        .filter(candidates::cpr_hmac.eq(hmac))
        .select(CandidateRow::as_select())
        .first(conn)
        .optional()
}

pub struct NewCandidate<'a> {
    pub id: &'a str,
    pub jobcenter_id: &'a str,
    pub name: &'a str,
    pub cpr_hmac: &'a str,
    pub cpr_cipher: &'a str,
    pub cpr_masked: &'a str,
    pub benefit: &'a str,
    pub match_group: i32,
}

pub fn insert_candidate(conn: &mut DbConnection, c: &NewCandidate<'_>) -> QueryResult<()> {
    let ts = now();
    diesel::insert_into(candidates::table)
        .values((
            candidates::id.eq(c.id),
            candidates::jobcenter_id.eq(c.jobcenter_id),
            candidates::name.eq(c.name),
            candidates::name_norm.eq(crate::ui::format::search_norm(c.name)),
            candidates::sort_key.eq(crate::ui::format::sort_key(c.name)),
            candidates::cpr_hmac.eq(c.cpr_hmac),
            candidates::cpr_cipher.eq(c.cpr_cipher),
            candidates::cpr_masked.eq(c.cpr_masked),
            candidates::benefit.eq(c.benefit),
            candidates::match_group.eq(c.match_group),
            candidates::lock_seq.eq(0i64),
            candidates::created_at.eq(ts),
            candidates::updated_at.eq(ts),
        ))
        .execute(conn)?;
    Ok(())
}

/// One page of a jobcenter's candidates by name (or exactly one by CPR look-up hash).
/// (id, name, masked CPR) of a jobcenter's newest candidates.
pub fn recent_candidates(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    limit: i64,
) -> QueryResult<Vec<(String, String, String)>> {
    candidates::table
        .filter(candidates::jobcenter_id.eq(jobcenter_id))
        .order((candidates::created_at.desc(), candidates::id.desc()))
        .select((candidates::id, candidates::name, candidates::cpr_masked))
        .limit(limit)
        .load(conn)
}

/// The columns a candidate list may be sorted by, and its default order.
pub const CANDIDATE_SORTS: &[&str] = &["name", "created"];
pub const CANDIDATE_DEFAULT_SORT: Sort = Sort::asc("name");

pub fn list_candidates(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    name: Option<&str>,
    hmac: Option<&str>,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<CandidateRow>, i64)> {
    let build = || {
        let mut q = candidates::table
            .filter(candidates::jobcenter_id.eq(jobcenter_id.to_string()))
            .into_boxed();
        if let Some(h) = hmac {
            q = q.filter(candidates::cpr_hmac.eq(h.to_string()));
        } else if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
            q = q.filter(
                candidates::name_norm
                    .like(contains_pattern(&crate::ui::format::search_norm(n)))
                    .escape('\\'),
            );
        }
        q
    };
    let total = build().count().get_result(conn)?;
    let q = build().select(CandidateRow::as_select());
    let q = match (sort.key, sort.desc) {
        ("created", false) => q.order((candidates::created_at.asc(), candidates::id.asc())),
        ("created", true) => q.order((candidates::created_at.desc(), candidates::id.desc())),
        (_, true) => q.order((candidates::sort_key.desc(), candidates::id.asc())),
        _ => q.order((candidates::sort_key.asc(), candidates::id.asc())),
    };
    let rows = q.offset(offset).limit(limit).load(conn)?;
    Ok((rows, total))
}

/// Takes the candidate's row lock (always before a contract's, so two locks never cross).
pub fn lock_candidate(conn: &mut DbConnection, id: &CandidateId) -> QueryResult<bool> {
    // A row lock, not an UPDATE of `lock_seq` as before: no new row version on PostgreSQL and
    // no page written on SQLite (whose BEGIN IMMEDIATE already holds the write lock) (#23).
    Ok(crate::lock_row!(conn, candidates, id))
}
