//! Queries for the audit trail (the `audit_trail` view) and the CPR access log.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::audit::model::Filter;
use crate::db::schema::{access_log, audit_trail, candidates, users};
use crate::db::{contains_pattern, DbConnection};
use crate::error::AppError;
use crate::ui::format::sort_key;

/// Ids of the users whose e-mail or name contains the text.
/// The query of the ids of users whose e-mail or name matches a pattern.
type UsersMatching = diesel::dsl::Select<
    diesel::dsl::Filter<
        users::table,
        diesel::dsl::Or<
            diesel::dsl::Escape<diesel::dsl::Like<users::email, String>>,
            diesel::dsl::Escape<diesel::dsl::Like<users::sort_key, String>>,
        >,
    >,
    users::id,
>;

fn users_matching(text: &str) -> UsersMatching {
    users::table
        .filter(
            users::email
                .like(contains_pattern(&text.to_lowercase()))
                .escape('\\')
                .or(users::sort_key
                    .like(contains_pattern(&sort_key(text)))
                    .escape('\\')),
        )
        .select(users::id)
}

/// One line of the audit trail, with the acting user's name.
#[derive(Debug, Clone, Queryable)]
pub struct AuditLine {
    pub id: String,
    pub created_at: NaiveDateTime,
    pub actor_id: String,
    pub actor_name: String,
    pub actor_email: String,
    pub object_type: String,
    pub object_id: String,
    pub action: String,
    pub detail: String,
}

/// A page of the audit trail, newest first, and the number of matching lines.
pub fn audit_page(conn: &mut DbConnection, f: &Filter) -> Result<(Vec<AuditLine>, i64), AppError> {
    let build = || {
        let mut q = audit_trail::table.into_boxed();
        if let Some(u) = &f.user {
            q = q.filter(audit_trail::actor_id.eq_any(users_matching(u)));
        }
        if let Some(o) = &f.object_type {
            q = q.filter(audit_trail::object_type.eq(o.clone()));
        }
        if let Some(o) = &f.object_id {
            q = q.filter(audit_trail::object_id.eq(o.clone()));
        }
        if let Some(a) = &f.action {
            q = q.filter(audit_trail::action.eq(a.clone()));
        }
        if let Some(from) = f.from {
            q = q.filter(audit_trail::created_at.ge(from));
        }
        if let Some(until) = f.until {
            q = q.filter(audit_trail::created_at.lt(until));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let q = build().inner_join(users::table).select((
        audit_trail::id,
        audit_trail::created_at,
        audit_trail::actor_id,
        users::name,
        users::email,
        audit_trail::object_type,
        audit_trail::object_id,
        audit_trail::action,
        audit_trail::detail,
    ));
    let (offset, limit) = ((f.page - 1) * f.per_page, f.per_page);
    let rows: Vec<_> = if f.oldest_first {
        q.order((audit_trail::created_at.asc(), audit_trail::id.asc()))
            .offset(offset)
            .limit(limit)
            .load(conn)?
    } else {
        q.order((audit_trail::created_at.desc(), audit_trail::id.desc()))
            .offset(offset)
            .limit(limit)
            .load(conn)?
    };
    Ok((rows, total))
}

/// One line of the CPR access log: a read of a candidate's full record (`open`), or a search
/// by a CPR number (`search`, or `search_refused` past the search limit) with whom it found.
#[derive(Debug, Clone, Queryable)]
pub struct AccessLine {
    pub id: String,
    pub created_at: NaiveDateTime,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub candidate_id: Option<String>,
    pub candidate_name: Option<String>,
    /// The number as the line recorded it (a search), masked.
    pub searched_masked: Option<String>,
    /// The found or opened candidate's masked number.
    pub candidate_masked: Option<String>,
    pub action: String,
    /// For a search: whether it found someone.
    pub hit: Option<bool>,
}

impl AccessLine {
    /// DDMMYY-XXXX of the number searched or read.
    pub fn cpr_masked(&self) -> String {
        self.searched_masked
            .clone()
            .or_else(|| self.candidate_masked.clone())
            .unwrap_or_default()
    }
}

/// A page of the CPR access log, newest first. `jobcenter`: only that jobcenter's lines (the
/// searches of its consultants and the reads of its candidates). `cpr_hmac`: only the lines of
/// the person with that CPR number (searches for it included, also those that found nobody).
pub fn access_page(
    conn: &mut DbConnection,
    jobcenter: Option<&str>,
    cpr_hmac: Option<&str>,
    f: &Filter,
) -> Result<(Vec<AccessLine>, i64), AppError> {
    let build = || {
        let mut q = access_log::table
            .left_join(candidates::table)
            .inner_join(users::table)
            .into_boxed();
        if let Some(j) = jobcenter {
            q = q.filter(access_log::jobcenter_id.eq(j.to_string()));
        }
        if let Some(h) = cpr_hmac {
            q = q.filter(
                access_log::cpr_hmac
                    .eq(h.to_string())
                    .or(candidates::cpr_hmac.eq(h.to_string())),
            );
        }
        if let Some(u) = &f.user {
            // The users table is joined here: filter on it directly.
            q = q.filter(
                users::email
                    .like(contains_pattern(&u.to_lowercase()))
                    .escape('\\')
                    .or(users::sort_key
                        .like(contains_pattern(&sort_key(u)))
                        .escape('\\')),
            );
        }
        if let Some(c) = &f.object_id {
            q = q.filter(access_log::candidate_id.eq(c.clone()));
        }
        if let Some(from) = f.from {
            q = q.filter(access_log::created_at.ge(from));
        }
        if let Some(until) = f.until {
            q = q.filter(access_log::created_at.lt(until));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let q = build().select((
        access_log::id,
        access_log::created_at,
        access_log::user_id,
        users::name,
        users::email,
        access_log::candidate_id,
        candidates::name.nullable(),
        access_log::cpr_masked,
        candidates::cpr_masked.nullable(),
        access_log::action,
        access_log::hit,
    ));
    let (offset, limit) = ((f.page - 1) * f.per_page, f.per_page);
    let rows: Vec<_> = if f.oldest_first {
        q.order((access_log::created_at.asc(), access_log::id.asc()))
            .offset(offset)
            .limit(limit)
            .load(conn)?
    } else {
        q.order((access_log::created_at.desc(), access_log::id.desc()))
            .offset(offset)
            .limit(limit)
            .load(conn)?
    };
    Ok((rows, total))
}
