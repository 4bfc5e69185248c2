//! The individual agreement of one placement (praktikaftale / løntilskudsaftale): its terms, their
//! validation, the step-up plan of weekly hours, and the canonical content hashed at acceptance.
//! Its versions follow the contract's lifecycle (`contracts::workflow`: the same states, actions
//! and rules); this module adds only what an agreement says. Pure: no actix, no diesel.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::texts::agreements as ta;
use crate::ui::format;

/// The longest text a field takes.
const MAX_TEXT: usize = 4000;
/// The most hours a week a step may plan: a full-time week.
pub const MAX_MINUTES_PER_WEEK: i32 = 37 * 60;
/// The most steps a plan may have.
pub const MAX_STEPS: usize = 12;

/// One step of the plan: from placement week `from_week` (1 is the ISO week of the start) the
/// person works `minutes_per_week`, until the next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Step {
    pub from_week: i32,
    pub minutes_per_week: i32,
}

/// The employee representative's statement, which the law requires before the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmployeeRep {
    pub name: String,
    pub stated_on: NaiveDate,
}

/// What one version of an agreement says. The field order is the canonical order of the hashed
/// content; change it only with a new hash format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgreementTerms {
    pub work_tasks: String,
    /// The place of work (the worksite's address, or where else the person works).
    pub place: String,
    pub mentor_id: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub steps: Vec<Step>,
    pub learning_goals: String,
    pub employee_rep: Option<EmployeeRep>,
}

/// A step as typed: hours may be "7,5", "10" or "1:30" on a page; the API sends minutes.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StepRaw {
    pub from_week: Option<i64>,
    pub minutes_per_week: Option<i64>,
    /// Hours as typed on the page (used when `minutes_per_week` is absent).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hours: String,
}

/// Terms as typed or sent, before validation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgreementRaw {
    pub work_tasks: String,
    pub place: String,
    pub mentor_id: String,
    pub start_date: String,
    pub end_date: String,
    pub steps: Vec<StepRaw>,
    pub learning_goals: String,
    pub employee_rep_name: String,
    pub employee_rep_date: String,
}

/// The facts of the placement the terms must fit.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, required: bool) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.add(field, ta::REQUIRED);
    } else if v.chars().count() > MAX_TEXT {
        errors.add(field, ta::TOO_LONG);
    }
    v.to_string()
}

fn date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, ta::REQUIRED);
        return None;
    }
    let d = format::parse_date(value);
    if d.is_none() {
        errors.add(field, ta::DATE_FORMAT);
    }
    d
}

impl AgreementTerms {
    /// Validates typed terms against the placement's period; every bad field is named.
    pub fn parse(raw: &AgreementRaw, bounds: Bounds) -> Result<AgreementTerms, FieldErrors> {
        let mut e = FieldErrors::new();
        let work_tasks = text(&mut e, "work_tasks", &raw.work_tasks, true);
        let place = text(&mut e, "place", &raw.place, true);
        let learning_goals = text(&mut e, "learning_goals", &raw.learning_goals, true);
        let mentor_id = raw.mentor_id.trim().to_string();
        if mentor_id.is_empty() {
            e.add("mentor_id", ta::REQUIRED);
        }
        let start = date(&mut e, "start_date", &raw.start_date);
        let end = date(&mut e, "end_date", &raw.end_date);
        if let Some(s) = start {
            if s < bounds.start || s > bounds.end {
                e.add("start_date", ta::within_placement(bounds.start, bounds.end));
            }
        }
        if let Some(x) = end {
            if x < bounds.start || x > bounds.end {
                e.add("end_date", ta::within_placement(bounds.start, bounds.end));
            } else if start.is_some_and(|s| x < s) {
                e.add("end_date", ta::END_BEFORE_START);
            }
        }
        let steps = parse_steps(&mut e, &raw.steps);
        if let (Some(s), Some(x)) = (start, end) {
            let weeks = placement_week(s, x);
            if let Some(last) = steps.last() {
                if last.from_week > weeks {
                    e.add("steps", ta::step_after_end(weeks));
                }
            }
        }
        let rep_name = text(&mut e, "employee_rep_name", &raw.employee_rep_name, false);
        let rep_date = raw.employee_rep_date.trim();
        let employee_rep = match (rep_name.is_empty(), rep_date.is_empty()) {
            (true, true) => None,
            (false, true) => {
                e.add("employee_rep_date", ta::REQUIRED);
                None
            }
            (true, false) => {
                e.add("employee_rep_name", ta::REQUIRED);
                None
            }
            (false, false) => match format::parse_date(rep_date) {
                None => {
                    e.add("employee_rep_date", ta::DATE_FORMAT);
                    None
                }
                Some(d) if start.is_some_and(|s| d > s) => {
                    e.add("employee_rep_date", ta::REP_AFTER_START);
                    None
                }
                Some(d) => Some(EmployeeRep {
                    name: rep_name,
                    stated_on: d,
                }),
            },
        };
        match (start, end, e.is_empty()) {
            (Some(start_date), Some(end_date), true) => Ok(AgreementTerms {
                work_tasks,
                place,
                mentor_id,
                start_date,
                end_date,
                steps,
                learning_goals,
                employee_rep,
            }),
            _ => Err(e),
        }
    }

    /// The terms as the form and the API show them.
    pub fn to_raw(&self) -> AgreementRaw {
        AgreementRaw {
            work_tasks: self.work_tasks.clone(),
            place: self.place.clone(),
            mentor_id: self.mentor_id.clone(),
            start_date: self.start_date.to_string(),
            end_date: self.end_date.to_string(),
            steps: self
                .steps
                .iter()
                .map(|s| StepRaw {
                    from_week: Some(s.from_week.into()),
                    minutes_per_week: Some(s.minutes_per_week.into()),
                    hours: String::new(),
                })
                .collect(),
            learning_goals: self.learning_goals.clone(),
            employee_rep_name: self
                .employee_rep
                .as_ref()
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            employee_rep_date: self
                .employee_rep
                .as_ref()
                .map(|r| r.stated_on.to_string())
                .unwrap_or_default(),
        }
    }

    /// What must hold before the agreement is sent to the company: the law requires the
    /// employee representative's statement before the start.
    pub fn ready_to_send(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        if self.employee_rep.is_none() {
            e.add("employee_rep_name", ta::REP_REQUIRED_TO_SEND);
            e.add("employee_rep_date", ta::REP_REQUIRED_TO_SEND);
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }

    /// The planned minutes of the ISO week holding `day`: the step in force that week; 0 outside
    /// the agreement's period.
    pub fn planned_minutes(&self, day: NaiveDate) -> i32 {
        if day < monday_of(self.start_date) || day > self.end_date {
            return 0;
        }
        let week = placement_week(self.start_date, day);
        self.steps
            .iter()
            .take_while(|s| s.from_week <= week)
            .last()
            .map(|s| s.minutes_per_week)
            .unwrap_or(0)
    }

    /// The plan in words: "uge 1–2: 10 t, uge 3–4: 15 t, fra uge 5: 20 t".
    pub fn plan_text(&self) -> String {
        let last_week = placement_week(self.start_date, self.end_date);
        self.steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let until = self
                    .steps
                    .get(i + 1)
                    .map(|n| n.from_week - 1)
                    .unwrap_or(last_week);
                ta::step_text(
                    s.from_week,
                    until,
                    &format::hours(s.minutes_per_week.into()),
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn parse_steps(e: &mut FieldErrors, raw: &[StepRaw]) -> Vec<Step> {
    let mut steps = Vec::new();
    let rows: Vec<&StepRaw> = raw
        .iter()
        .filter(|s| {
            s.from_week.is_some() || s.minutes_per_week.is_some() || !s.hours.trim().is_empty()
        })
        .collect();
    if rows.is_empty() {
        e.add("steps", ta::STEPS_REQUIRED);
        return steps;
    }
    if rows.len() > MAX_STEPS {
        e.add("steps", ta::too_many_steps(MAX_STEPS));
        return steps;
    }
    let mut previous = 0i64;
    for (i, s) in rows.iter().enumerate() {
        let field = format!("steps[{i}]");
        let Some(week) = s.from_week else {
            e.add(&field, ta::STEP_WEEK_REQUIRED);
            continue;
        };
        if i == 0 && week != 1 {
            e.add(&field, ta::FIRST_STEP_WEEK_ONE);
            continue;
        }
        if week <= previous || week > 520 {
            e.add(&field, ta::STEPS_ASCENDING);
            continue;
        }
        previous = week;
        let minutes = match (s.minutes_per_week, s.hours.trim()) {
            (Some(m), _) => Ok(m),
            (None, "") => Err(ta::STEP_HOURS_REQUIRED.to_string()),
            (None, h) => format::parse_hours(h),
        };
        match minutes {
            Err(msg) => e.add(&field, msg),
            Ok(m) if m <= 0 || m > MAX_MINUTES_PER_WEEK.into() => {
                e.add(&field, ta::step_hours_range(MAX_MINUTES_PER_WEEK / 60))
            }
            Ok(m) => steps.push(Step {
                from_week: week as i32,
                minutes_per_week: m as i32,
            }),
        }
    }
    steps
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(d.weekday().num_days_from_monday().into())
}

/// The placement week of `day` counted from the ISO week of `start` (that week is 1).
pub fn placement_week(start: NaiveDate, day: NaiveDate) -> i32 {
    ((monday_of(day) - monday_of(start)).num_days() / 7) as i32 + 1
}

/// Whether `day` is a working day a placement plans (Monday to Friday).
pub fn is_work_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The current hash format of an agreement's content.
pub const HASH_FORMAT: u32 = 1;

/// The content hashed when a company accepts a version of an agreement: the placement, its
/// parties and the terms, in a fixed order, as compact JSON.
#[derive(Debug, Serialize)]
pub struct CanonicalAgreement<'a> {
    pub format: u32,
    pub placement_id: &'a str,
    pub contract_id: &'a str,
    pub candidate_id: &'a str,
    pub offer_type: &'a str,
    pub version: i32,
    pub terms: &'a AgreementTerms,
}

impl CanonicalAgreement<'_> {
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// SHA-256 of the canonical JSON, as hex (the contract's hash, `contracts::model::sha256_hex`).
    pub fn hash(&self) -> String {
        crate::contracts::model::sha256_hex(&self.json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn raw() -> AgreementRaw {
        AgreementRaw {
            work_tasks: "Lager".into(),
            place: "Hovedgaden 1".into(),
            mentor_id: "m".into(),
            start_date: "2027-03-03".into(),
            end_date: "2027-04-30".into(),
            steps: vec![
                StepRaw {
                    from_week: Some(1),
                    hours: "10".into(),
                    ..Default::default()
                },
                StepRaw {
                    from_week: Some(3),
                    minutes_per_week: Some(900),
                    ..Default::default()
                },
                StepRaw {
                    from_week: Some(5),
                    hours: "20".into(),
                    ..Default::default()
                },
            ],
            learning_goals: "Truckcertifikat".into(),
            employee_rep_name: "Tillidsrepr. Hansen".into(),
            employee_rep_date: "01-03-2027".into(),
        }
    }

    fn bounds() -> Bounds {
        Bounds {
            start: d(2027, 3, 3),
            end: d(2027, 4, 30),
        }
    }

    #[test]
    fn the_step_up_plan_gives_the_hours_of_each_week() {
        let t = AgreementTerms::parse(&raw(), bounds()).expect("valid");
        // Wednesday 3 March 2027 is in ISO week 9: weeks 9–10 are steps 1–2.
        assert_eq!(
            t.planned_minutes(d(2027, 3, 1)),
            600,
            "the start's own week"
        );
        assert_eq!(t.planned_minutes(d(2027, 3, 12)), 600);
        assert_eq!(t.planned_minutes(d(2027, 3, 15)), 900);
        assert_eq!(t.planned_minutes(d(2027, 3, 29)), 1200);
        assert_eq!(t.planned_minutes(d(2027, 5, 3)), 0, "after the end");
        assert_eq!(t.planned_minutes(d(2027, 2, 26)), 0, "before the start");
        assert_eq!(
            t.plan_text(),
            ta::step_text(1, 2, "10 t")
                + ", "
                + &ta::step_text(3, 4, "15 t")
                + ", "
                + &ta::step_text(5, 9, "20 t")
        );
    }

    #[test]
    fn bad_terms_are_named_field_by_field() {
        let mut r = raw();
        r.work_tasks = " ".into();
        r.start_date = "2027-02-01".into();
        r.steps[0].from_week = Some(2);
        r.steps[2].hours = "50".into();
        r.employee_rep_date = "2027-03-10".into();
        let e = AgreementTerms::parse(&r, bounds()).expect_err("invalid");
        for f in ["work_tasks", "start_date", "steps[0]", "steps[2]"] {
            assert!(e.has(f), "{f}: {e:?}");
        }
        let mut r = raw();
        r.employee_rep_date = "2027-03-10".into();
        let e = AgreementTerms::parse(&r, bounds()).expect_err("statement after start");
        assert!(e.has("employee_rep_date"));
        let mut r = raw();
        r.steps[2].from_week = Some(40);
        let e = AgreementTerms::parse(&r, bounds()).expect_err("step after the end");
        assert!(e.has("steps"));
    }

    #[test]
    fn the_statement_is_required_to_send_not_to_draft() {
        let mut r = raw();
        r.employee_rep_name.clear();
        r.employee_rep_date.clear();
        let t = AgreementTerms::parse(&r, bounds()).expect("a draft may lack it");
        let e = t.ready_to_send().expect_err("not to send");
        assert!(e.has("employee_rep_name"));
        let t = AgreementTerms::parse(&raw(), bounds()).expect("valid");
        assert!(t.ready_to_send().is_ok());
    }

    #[test]
    fn the_hash_changes_with_any_term() {
        let t = AgreementTerms::parse(&raw(), bounds()).expect("valid");
        let c = |t: &AgreementTerms| {
            CanonicalAgreement {
                format: HASH_FORMAT,
                placement_id: "p",
                contract_id: "c",
                candidate_id: "k",
                offer_type: "praktik",
                version: 1,
                terms: t,
            }
            .hash()
        };
        let mut other = t.clone();
        other.steps[1].minutes_per_week += 1;
        assert_ne!(c(&t), c(&other));
        assert_eq!(c(&t), c(&t.clone()));
        assert_eq!(c(&t).len(), 64);
    }
}
