//! The audit trail's and the access log's filters, as typed and as validated: pure, no SQL.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::db::Sort;
use crate::error::FieldErrors;
use crate::seats::cpr::Cpr;
use crate::texts::audit as t;
use crate::ui::format::{parse_date, sane_date};

/// The object kinds of the audit trail.
pub const OBJECT_TYPES: [&str; 7] = [
    "contract",
    "placement",
    "hour_week",
    "candidate",
    "user",
    "company",
    "document",
];

/// Filters as typed (query string or API), all optional.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Part of the acting user's e-mail or name.
    pub user: Option<String>,
    /// contract, placement, hour_week, candidate, user, company or document
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

/// Filters of the CPR access log.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AccessQuery {
    /// Part of the reading user's e-mail or name.
    pub user: Option<String>,
    /// Only reads of the person with this CPR number (matched by its keyed hash).
    pub cpr: Option<String>,
    /// Only reads of this candidate.
    pub candidate_id: Option<String>,
    /// From this day (YYYY-MM-DD or DD-MM-YYYY), inclusive.
    pub from: Option<String>,
    /// To this day, inclusive.
    pub to: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    /// "-when" (newest first, the default) or "when" (oldest first).
    pub sort: Option<String>,
}

impl AccessQuery {
    /// The validated filter and the CPR number typed (its keyed hash is the service's).
    pub fn validate(&self, today: NaiveDate) -> Result<(Filter, Option<Cpr>), FieldErrors> {
        let base = AuditQuery {
            user: self.user.clone(),
            object_id: self.candidate_id.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            page: self.page.clone(),
            per_page: self.per_page.clone(),
            sort: self.sort.clone(),
            ..Default::default()
        };
        let mut errors = FieldErrors::new();
        let filter = match base.validate() {
            Ok(f) => Some(f),
            Err(e) => {
                errors = e;
                None
            }
        };
        let cpr = match self.cpr.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) => match Cpr::parse(c, today) {
                Ok(cpr) => Some(cpr),
                Err(_) => {
                    errors.add("cpr", t::CPR_FORMAT);
                    None
                }
            },
        };
        match filter {
            Some(f) if errors.is_empty() => Ok((f, cpr)),
            _ => Err(errors),
        }
    }
}
