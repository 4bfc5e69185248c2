//! What changed between two versions of the terms, field by field, in words.

use serde::Serialize;

use crate::texts;
use crate::texts::contracts as tk;
use crate::ui::format;

use super::*;

/// One changed field between two versions, with Danish label and formatted values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Change {
    pub field: String,
    pub label: String,
    pub from: String,
    pub to: String,
}

pub(super) fn list<T>(items: &[T], f: impl Fn(&T) -> &'static str) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

pub(super) fn activities_text(a: &[SharedActivity]) -> String {
    if a.is_empty() {
        return tk::NO_ACTIVITIES.into();
    }
    a.iter()
        .map(|x| {
            tk::activity_summary(
                x.kind.label(),
                &x.provider,
                &format::hours(i64::from(x.minutes_per_week)),
                &format::kroner(x.cost_ore),
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The field-level difference from `old` to `new` ("Pladser: 4 → 6"). Person ids are shown by
/// name through `name_of`.
pub fn diff(old: &Terms, new: &Terms, name_of: &dyn Fn(&str) -> String) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |field: &str, from: String, to: String| {
        if from != to {
            out.push(Change {
                field: field.into(),
                label: tk::term_label(field).into(),
                from,
                to,
            });
        }
    };
    push(
        "consultant_id",
        name_of(&old.consultant_id),
        name_of(&new.consultant_id),
    );
    push(
        "mentor_id",
        name_of(&old.mentor_id),
        name_of(&new.mentor_id),
    );
    push(
        "worksite_p_number",
        old.worksite_p_number.clone().unwrap_or_default(),
        new.worksite_p_number.clone().unwrap_or_default(),
    );
    push("goals", old.goals.clone(), new.goals.clone());
    push("seats", old.seats.to_string(), new.seats.to_string());
    push(
        "offer_types",
        list(&old.offer_types, |o| o.label()),
        list(&new.offer_types, |o| o.label()),
    );
    push(
        "target_benefits",
        list(&old.target_benefits, |b| b.label()),
        list(&new.target_benefits, |b| b.label()),
    );
    push(
        "target_match_group",
        old.target_match_group.to_string(),
        new.target_match_group.to_string(),
    );
    push("work_tasks", old.work_tasks.clone(), new.work_tasks.clone());
    push(
        "mentor_minutes_per_week",
        format::hours(i64::from(old.mentor_minutes_per_week)),
        format::hours(i64::from(new.mentor_minutes_per_week)),
    );
    push(
        "mentor_basis",
        old.mentor_basis.label().into(),
        new.mentor_basis.label().into(),
    );
    push(
        "mentor_rate_ore",
        format::kroner(old.mentor_rate_ore),
        format::kroner(new.mentor_rate_ore),
    );
    push(
        "mentor_fixed_grant_ore",
        old.mentor_fixed_grant_ore
            .map(format::kroner)
            .unwrap_or_else(|| tk::NO_GRANT.into()),
        new.mentor_fixed_grant_ore
            .map(format::kroner)
            .unwrap_or_else(|| tk::NO_GRANT.into()),
    );
    push(
        "activities",
        activities_text(&old.activities),
        activities_text(&new.activities),
    );
    push(
        "follow_up_weeks",
        tk::every_nth_week(old.follow_up_weeks),
        tk::every_nth_week(new.follow_up_weeks),
    );
    push(
        "start_date",
        format::date(old.start_date),
        format::date(new.start_date),
    );
    push(
        "end_date",
        format::date(old.end_date),
        format::date(new.end_date),
    );
    push(
        "notice_days",
        old.notice_days.to_string(),
        new.notice_days.to_string(),
    );
    push(
        "ordinary_employees",
        old.ordinary_employees.to_string(),
        new.ordinary_employees.to_string(),
    );
    let yn = |b: bool| if b { texts::YES } else { texts::NO }.to_string();
    push(
        "employee_rep_statement",
        yn(old.employee_rep_statement),
        yn(new.employee_rep_statement),
    );
    out
}
