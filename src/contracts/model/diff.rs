//! What changed between two versions of the terms, field by field, in words.

use serde::Serialize;

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
        return "ingen".into();
    }
    a.iter()
        .map(|x| {
            format!(
                "{} ({}, {} pr. uge, {})",
                x.kind.label(),
                x.provider,
                format::hours(i64::from(x.minutes_per_week)),
                format::kroner(x.cost_ore)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The field-level difference from `old` to `new` ("Pladser: 4 → 6"). Person ids are shown by
/// name through `name_of`.
pub fn diff(old: &Terms, new: &Terms, name_of: &dyn Fn(&str) -> String) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |field: &str, label: &str, from: String, to: String| {
        if from != to {
            out.push(Change {
                field: field.into(),
                label: label.into(),
                from,
                to,
            });
        }
    };
    push(
        "consultant_id",
        "Jobkonsulent",
        name_of(&old.consultant_id),
        name_of(&new.consultant_id),
    );
    push(
        "mentor_id",
        "Mentor",
        name_of(&old.mentor_id),
        name_of(&new.mentor_id),
    );
    push(
        "worksite_p_number",
        "Arbejdssted (P-nummer)",
        old.worksite_p_number.clone().unwrap_or_default(),
        new.worksite_p_number.clone().unwrap_or_default(),
    );
    push("goals", "Mål", old.goals.clone(), new.goals.clone());
    push(
        "seats",
        "Pladser",
        old.seats.to_string(),
        new.seats.to_string(),
    );
    push(
        "offer_types",
        "Tilbudstyper",
        list(&old.offer_types, |o| o.label()),
        list(&new.offer_types, |o| o.label()),
    );
    push(
        "target_benefits",
        "Målgruppe (ydelser)",
        list(&old.target_benefits, |b| b.label()),
        list(&new.target_benefits, |b| b.label()),
    );
    push(
        "target_match_group",
        "Matchgruppe",
        old.target_match_group.to_string(),
        new.target_match_group.to_string(),
    );
    push(
        "work_tasks",
        "Arbejdsopgaver",
        old.work_tasks.clone(),
        new.work_tasks.clone(),
    );
    push(
        "mentor_minutes_per_week",
        "Mentortimer pr. uge",
        format::hours(i64::from(old.mentor_minutes_per_week)),
        format::hours(i64::from(new.mentor_minutes_per_week)),
    );
    push(
        "mentor_basis",
        "Mentortimer gælder",
        old.mentor_basis.label().into(),
        new.mentor_basis.label().into(),
    );
    push(
        "mentor_rate_ore",
        "Timesats for mentor",
        format::kroner(old.mentor_rate_ore),
        format::kroner(new.mentor_rate_ore),
    );
    push(
        "mentor_fixed_grant_ore",
        "Fast tilskud pr. måned",
        old.mentor_fixed_grant_ore
            .map(format::kroner)
            .unwrap_or_else(|| "intet".into()),
        new.mentor_fixed_grant_ore
            .map(format::kroner)
            .unwrap_or_else(|| "intet".into()),
    );
    push(
        "activities",
        "Støtteaktiviteter",
        activities_text(&old.activities),
        activities_text(&new.activities),
    );
    push(
        "follow_up_weeks",
        "Opfølgning hver",
        format!("{}. uge", old.follow_up_weeks),
        format!("{}. uge", new.follow_up_weeks),
    );
    push(
        "start_date",
        "Startdato",
        format::date(old.start_date),
        format::date(new.start_date),
    );
    push(
        "end_date",
        "Slutdato",
        format::date(old.end_date),
        format::date(new.end_date),
    );
    push(
        "notice_days",
        "Opsigelse (dage)",
        old.notice_days.to_string(),
        new.notice_days.to_string(),
    );
    push(
        "ordinary_employees",
        "Ordinært ansatte på arbejdsstedet",
        old.ordinary_employees.to_string(),
        new.ordinary_employees.to_string(),
    );
    let yn = |b: bool| if b { "Ja" } else { "Nej" }.to_string();
    push(
        "employee_rep_statement",
        "Udtalelse fra medarbejderrepræsentant",
        yn(old.employee_rep_statement),
        yn(new.employee_rep_statement),
    );
    out
}
