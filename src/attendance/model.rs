//! Attendance: each planned day of a placement as the mentor recorded it, and each week's
//! planned hours (the agreement's step-up plan) against the days attended. Pure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agreements::model::{is_work_day, AgreementTerms};
use crate::hours::model::IsoWeek;
use crate::texts::attendance as tt;

/// How a planned day went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    AbsentSick,
    NoShow,
    AbsentOther,
}

coded_enum!(Status {
    Present => "present", tt::PRESENT;
    AbsentSick => "absent_sick", tt::ABSENT_SICK;
    NoShow => "no_show", tt::NO_SHOW;
    AbsentOther => "absent_other", tt::ABSENT_OTHER;
});

/// The most characters a note takes.
pub const MAX_NOTE: usize = 1000;

/// A day as recorded, checked: the status, and a note (required for "other").
pub fn parse(status: &str, note: &str) -> Result<(Status, String), crate::error::FieldErrors> {
    let mut e = crate::error::FieldErrors::new();
    let status = Status::parse(status);
    if status.is_none() {
        e.add("status", tt::STATUS_UNKNOWN);
    }
    let note = note.trim().to_string();
    if note.chars().count() > MAX_NOTE {
        e.add("note", tt::NOTE_TOO_LONG);
    }
    if status == Some(Status::AbsentOther) && note.is_empty() {
        e.add("note", tt::NOTE_REQUIRED);
    }
    match status {
        Some(s) if e.is_empty() => Ok((s, note)),
        _ => Err(e),
    }
}

/// The period days are planned in: the accepted agreement's, else the placement's.
#[derive(Debug, Clone)]
pub struct Plan {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub agreement: Option<AgreementTerms>,
}

impl Plan {
    pub fn new(start: NaiveDate, end: NaiveDate, agreement: Option<AgreementTerms>) -> Plan {
        match &agreement {
            Some(a) => Plan {
                start: a.start_date,
                end: a.end_date,
                agreement,
            },
            None => Plan {
                start,
                end,
                agreement,
            },
        }
    }

    /// Whether `day` is a planned working day (Monday to Friday in the period).
    pub fn is_planned(&self, day: NaiveDate) -> bool {
        day >= self.start && day <= self.end && is_work_day(day)
    }

    /// The planned days of a week.
    pub fn days_of(&self, week: IsoWeek) -> Vec<NaiveDate> {
        week.days()
            .into_iter()
            .filter(|d| self.is_planned(*d))
            .collect()
    }

    /// The weeks of the period, first to last.
    pub fn weeks(&self) -> Vec<IsoWeek> {
        let mut out = Vec::new();
        let mut w = IsoWeek::of(self.start);
        let last = IsoWeek::of(self.end);
        while w <= last {
            out.push(w);
            w = w.next();
        }
        out
    }

    /// The week's planned minutes by the agreement's step-up plan (`None` without an accepted
    /// agreement).
    pub fn planned_minutes(&self, week: IsoWeek) -> Option<i32> {
        self.agreement
            .as_ref()
            .map(|a| a.planned_minutes(week.monday().max(self.start)))
    }
}

/// A week's attendance: planned days and hours against the days attended.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WeekSummary {
    /// "2027-W10"
    pub week: String,
    pub planned_days: u32,
    pub recorded_days: u32,
    pub present_days: u32,
    pub absent_days: u32,
    /// Present of recorded days; `None` before any day is recorded.
    pub percent: Option<f64>,
    /// Planned minutes that week by the agreement's step-up plan.
    pub planned_minutes: Option<i32>,
    /// The planned minutes in proportion to the planned days attended.
    pub attended_minutes: Option<i32>,
}

/// Sums a week from its recorded days (`(day, present)`).
pub fn summarize(plan: &Plan, week: IsoWeek, recorded: &[(NaiveDate, bool)]) -> WeekSummary {
    let days = plan.days_of(week);
    let in_week: Vec<bool> = recorded
        .iter()
        .filter(|(d, _)| days.contains(d))
        .map(|(_, p)| *p)
        .collect();
    let present = in_week.iter().filter(|p| **p).count() as u32;
    let recorded_days = in_week.len() as u32;
    let planned_days = days.len() as u32;
    let planned_minutes = plan.planned_minutes(week);
    WeekSummary {
        week: format!("{}-W{:02}", week.year, week.week),
        planned_days,
        recorded_days,
        present_days: present,
        absent_days: recorded_days - present,
        percent: (recorded_days > 0).then(|| f64::from(present) / f64::from(recorded_days)),
        planned_minutes,
        attended_minutes: planned_minutes.map(|m| {
            if planned_days == 0 {
                0
            } else {
                (i64::from(m) * i64::from(present) / i64::from(planned_days)) as i32
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreements::model::Step;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn agreement() -> AgreementTerms {
        AgreementTerms {
            work_tasks: "x".into(),
            place: "y".into(),
            mentor_id: "m".into(),
            start_date: d(2027, 3, 3),
            end_date: d(2027, 4, 30),
            steps: vec![
                Step {
                    from_week: 1,
                    minutes_per_week: 600,
                },
                Step {
                    from_week: 3,
                    minutes_per_week: 900,
                },
            ],
            learning_goals: "z".into(),
            employee_rep: None,
        }
    }

    #[test]
    fn a_week_sums_planned_against_attended() {
        let plan = Plan::new(d(2027, 3, 1), d(2027, 5, 31), Some(agreement()));
        let first = IsoWeek::of(d(2027, 3, 3));
        assert_eq!(
            plan.days_of(first),
            vec![d(2027, 3, 3), d(2027, 3, 4), d(2027, 3, 5)],
            "from the agreement's start, weekdays only"
        );
        let s = summarize(
            &plan,
            first,
            &[
                (d(2027, 3, 3), true),
                (d(2027, 3, 4), false),
                (d(2027, 3, 6), true),
            ],
        );
        assert_eq!(
            (s.planned_days, s.recorded_days, s.present_days),
            (3, 2, 1),
            "Saturday is not planned"
        );
        assert_eq!(s.percent, Some(0.5));
        assert_eq!(s.planned_minutes, Some(600));
        assert_eq!(s.attended_minutes, Some(200));
        let third = IsoWeek::of(d(2027, 3, 15));
        assert_eq!(summarize(&plan, third, &[]).planned_minutes, Some(900));
        assert_eq!(summarize(&plan, third, &[]).percent, None);
        assert_eq!(plan.weeks().len(), 9);
    }

    #[test]
    fn other_needs_a_note_and_unknown_status_is_named() {
        assert!(parse("absent_other", " ").expect_err("note").has("note"));
        assert!(parse("late", "").expect_err("status").has("status"));
        assert_eq!(parse("no_show", "").expect("ok").0, Status::NoShow);
    }
}
