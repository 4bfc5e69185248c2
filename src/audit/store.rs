//! Queries for the audit trail (the `audit_trail` view) and the CPR access log.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use crate::db::schema::{access_log, audit_trail, candidates, users};
use crate::db::{contains_pattern, DbConnection, Sort};
use crate::error::{AppError, FieldErrors};
use crate::texts::audit as t;
use crate::ui::format::{parse_date, sane_date, sort_key};

/// The object kinds of the audit trail.
pub const OBJECT_TYPES: [&str; 6] = [
    "contract",
    "placement",
    "hour_week",
    "candidate",
    "user",
    "company",
];

/// Filters as typed (query string or API), all optional.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Part of the acting user's e-mail or name.
    pub user: Option<String>,
    /// contract, placement, hour_week, candidate or user
    pub object_type: Option<String>,
    /// The object's id.
    pub object_id: Option<String>,
    /// The action, e.g. send, accept, referred, approved, cpr_open.
    pub action: Option<String>,
    /// From this day (YYYY-MM-DD or DD-MM-YYYY), inclusive.
    pub from: Option<String>,
    /// To this day, inclusive.
    pub to: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Rows per page, 1 to 200 (default 50).
    pub per_page: Option<String>,
    /// "-when" (newest first, the default) or "when" (oldest first).
    pub sort: Option<String>,
}

/// The columns the logs may be sorted by, and their default order.
pub const SORTS: &[&str] = &["when"];
pub const DEFAULT_SORT: Sort = Sort::desc("when");

/// The validated filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub user: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDateTime>,
    /// Exclusive: the day after the typed "to".
    pub until: Option<NaiveDateTime>,
    pub page: i64,
    pub per_page: i64,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
}

fn text(v: &Option<String>, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let s = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if s.chars().count() > 200 {
        errors.add(field, crate::texts::TOO_LONG);
        return None;
    }
    Some(s.to_string())
}

fn day(v: &Option<String>, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let s = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    match parse_date(s).filter(|d| sane_date(*d)) {
        Some(d) => Some(d),
        None => {
            errors.add(field, t::DATE_FORMAT);
            None
        }
    }
}

fn number(
    v: &Option<String>,
    field: &str,
    default: i64,
    max: i64,
    errors: &mut FieldErrors,
) -> i64 {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => default,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                errors.add(field, t::NUMBER_RANGE);
                default
            }
        },
    }
}

impl AuditQuery {
    pub fn validate(&self) -> Result<Filter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let object_type = text(&self.object_type, "object_type", &mut errors);
        if let Some(o) = &object_type {
            if !OBJECT_TYPES.contains(&o.as_str()) {
                errors.add("object_type", t::AUDIT_OBJECT_UNKNOWN);
            }
        }
        let from = day(&self.from, "from", &mut errors);
        let to = day(&self.to, "to", &mut errors);
        if let (Some(f), Some(t_)) = (from, to) {
            if t_ < f {
                errors.add("to", t::DATE_ORDER);
            }
        }
        let filter = Filter {
            user: text(&self.user, "user", &mut errors),
            object_type,
            object_id: text(&self.object_id, "object_id", &mut errors),
            action: text(&self.action, "action", &mut errors),
            from: from.map(|d| d.and_time(NaiveTime::MIN)),
            until: to
                .and_then(|d| d.succ_opt())
                .map(|d| d.and_time(NaiveTime::MIN)),
            page: number(&self.page, "page", 1, 1_000_000, &mut errors),
            per_page: number(&self.per_page, "per_page", 50, 200, &mut errors),
            oldest_first: match crate::db::api_sort(self.sort.as_deref(), SORTS, DEFAULT_SORT) {
                Ok(s) => !s.desc,
                Err(_) => {
                    errors.add("sort", t::SORT_UNKNOWN);
                    false
                }
            },
        };
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }
}

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
