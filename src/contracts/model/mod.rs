//! The written contract of a virksomhedscenter: its terms, their validation and warnings, the
//! workflow of versions, the canonical content that is hashed at acceptance, and the field-level
//! difference between two versions. Pure: no actix, no diesel.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::texts::contracts as tk;
use crate::ui::format;

mod diff;
mod parties;

pub use diff::*;
pub use parties::*;

/// The kinds of company-based activation a seat may be used for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum OfferType {
    /// Work practice, on benefit.
    Virksomhedspraktik,
    /// Wage subsidy.
    Loentilskud,
}

coded_enum!(OfferType {
    Virksomhedspraktik => "virksomhedspraktik", tk::OFFER_PRAKTIK;
    Loentilskud => "loentilskud", tk::OFFER_LOENTILSKUD;
});

/// The benefit a candidate receives: the contract's target group names the ones it is for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Benefit {
    Kontanthjaelp,
    Starthjaelp,
}

coded_enum!(Benefit {
    Kontanthjaelp => "kontanthjaelp", tk::BENEFIT_KONTANTHJAELP;
    Starthjaelp => "starthjaelp", tk::BENEFIT_STARTHJAELP;
});

/// Whether the mentor hours are per seat or for the whole centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MentorBasis {
    PerSeat,
    Centre,
}

coded_enum!(MentorBasis {
    PerSeat => "per_seat", tk::MENTOR_PER_SEAT;
    Centre => "centre", tk::MENTOR_CENTRE;
});

/// The kinds of supporting activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    DanishLessons,
    Exercise,
    Psychologist,
    Other,
}

coded_enum!(ActivityKind {
    DanishLessons => "danish_lessons", tk::ACTIVITY_DANISH_LESSONS;
    Exercise => "exercise", tk::ACTIVITY_EXERCISE;
    Psychologist => "psychologist", tk::ACTIVITY_PSYCHOLOGIST;
    Other => "other", tk::ACTIVITY_OTHER;
});

/// A supporting activity shared by the centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SharedActivity {
    pub kind: ActivityKind,
    pub provider: String,
    pub description: String,
    /// Hours per week, in minutes.
    pub minutes_per_week: i32,
    /// Cost of the activity over the contract period, in øre.
    pub cost_ore: i64,
}

/// The terms of one version of a contract: what the company accepts. The field order is the
/// canonical order of the hashed content; change it only with a new hash format version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Terms {
    pub consultant_id: String,
    pub mentor_id: String,
    /// P-number of the worksite, if the centre is at one production unit.
    pub worksite_p_number: Option<String>,
    pub goals: String,
    pub seats: i32,
    pub offer_types: Vec<OfferType>,
    pub target_benefits: Vec<Benefit>,
    pub target_match_group: i32,
    pub work_tasks: String,
    pub mentor_minutes_per_week: i32,
    pub mentor_basis: MentorBasis,
    pub mentor_rate_ore: i64,
    /// A fixed monthly grant instead of (or beside) the hourly reimbursement, in øre.
    pub mentor_fixed_grant_ore: Option<i64>,
    pub activities: Vec<SharedActivity>,
    pub follow_up_weeks: i32,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub notice_days: i32,
    pub ordinary_employees: i32,
    pub employee_rep_statement: bool,
}

/// The most activities a contract may list.
pub const MAX_ACTIVITIES: usize = 20;
const MAX_TEXT: usize = 4000;
/// Limits no real contract reaches (issue #17: huge values made the economy wrap negative).
/// Seats in one contract.
pub const MAX_SEATS: i64 = 500;
/// Mentor or activity minutes a week: 60 hours.
pub const MAX_MINUTES_PER_WEEK: i64 = 60 * 60;
/// The mentor's hourly rate: 5.000 kr.
pub const MAX_RATE_ORE: i64 = 500_000;
/// A fixed monthly mentor grant: 100.000 kr.
pub const MAX_GRANT_ORE: i64 = 10_000_000;
/// One supporting activity's cost over the period: 10 mio. kr.
pub const MAX_ACTIVITY_COST_ORE: i64 = 1_000_000_000;
/// A contract's period: ten years.
pub const MAX_PERIOD_DAYS: i64 = 3_653;

/// Terms as typed or sent, before validation. Numbers may arrive as text from a form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TermsRaw {
    pub consultant_id: String,
    pub mentor_id: String,
    pub worksite_p_number: String,
    pub goals: String,
    pub seats: String,
    pub offer_types: Vec<String>,
    pub target_benefits: Vec<String>,
    pub target_match_group: String,
    pub work_tasks: String,
    pub mentor_minutes_per_week: String,
    pub mentor_basis: String,
    pub mentor_rate_ore: String,
    pub mentor_fixed_grant_ore: String,
    pub activities: Vec<ActivityRaw>,
    pub follow_up_weeks: String,
    pub start_date: String,
    pub end_date: String,
    pub notice_days: String,
    pub ordinary_employees: String,
    pub employee_rep_statement: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActivityRaw {
    pub kind: String,
    pub provider: String,
    pub description: String,
    pub minutes_per_week: String,
    pub cost_ore: String,
}

/// An amount in øre (0 to `max`); too large says the limit in kroner, as people type it.
fn parse_amount(s: &str, max: i64) -> Result<i64, String> {
    match parse_int(s, 0, i64::MAX) {
        Ok(n) if n > max => Err(tk::amount_too_large(&format::kroner(max))),
        other => other,
    }
}

fn parse_int(s: &str, min: i64, max: i64) -> Result<i64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(crate::texts::REQUIRED.into());
    }
    let n: i64 = t.parse().map_err(|_| tk::NOT_A_WHOLE_NUMBER.to_string())?;
    if n < min {
        return Err(if min == 0 {
            tk::NOT_NEGATIVE.into()
        } else {
            tk::at_least(min)
        });
    }
    if n > max {
        return Err(tk::number_too_large(&format::integer(max)));
    }
    Ok(n)
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    if s.trim().is_empty() {
        return Err(crate::texts::REQUIRED.into());
    }
    format::parse_date(s).ok_or_else(|| tk::INVALID_DATE.into())
}

fn text(s: &str, field: &str, required: bool, errors: &mut FieldErrors) -> String {
    // One line ending, so the same text hashes the same from a form (CRLF) and the API (LF).
    let v = s.trim().replace("\r\n", "\n").replace('\r', "\n");
    if required && v.is_empty() {
        errors.add(field, crate::texts::REQUIRED);
    } else if v.chars().count() > MAX_TEXT {
        errors.add(field, tk::TEXT_TOO_LONG);
    }
    v
}

fn parse_bool(s: &str) -> Result<bool, String> {
    match s.trim() {
        "true" | "ja" | "on" | "1" => Ok(true),
        "false" | "nej" | "off" | "0" | "" => Ok(false),
        _ => Err(tk::PICK_YES_NO.into()),
    }
}

impl Terms {
    /// Parses and validates the terms; every bad field is named. Whether the consultant and the
    /// mentor belong to the right organisations is checked against the database by the caller.
    pub fn parse(raw: &TermsRaw) -> Result<Terms, FieldErrors> {
        let mut e = FieldErrors::new();
        let consultant_id = raw.consultant_id.trim().to_string();
        let mentor_id = raw.mentor_id.trim().to_string();
        if mentor_id.is_empty() {
            e.add("mentor_id", tk::PICK_MENTOR);
        }
        let p = raw.worksite_p_number.trim();
        let worksite_p_number = if p.is_empty() {
            None
        } else {
            e.check(
                "worksite_p_number",
                crate::directory::model::PNumber::parse(p).map(|p| p.as_str().to_string()),
            )
        };
        let goals = text(&raw.goals, "goals", false, &mut e);
        let seats = e.check("seats", parse_int(&raw.seats, 1, MAX_SEATS));
        let mut offer_types = Vec::new();
        for o in &raw.offer_types {
            match OfferType::parse(o) {
                Some(t) if !offer_types.contains(&t) => offer_types.push(t),
                Some(_) => {}
                None => e.add("offer_types", tk::unknown_offer_type(o)),
            }
        }
        if raw.offer_types.is_empty() {
            e.add("offer_types", tk::PICK_OFFER_TYPES);
        }
        offer_types.sort();
        let mut target_benefits = Vec::new();
        for b in &raw.target_benefits {
            match Benefit::parse(b) {
                Some(t) if !target_benefits.contains(&t) => target_benefits.push(t),
                Some(_) => {}
                None => e.add("target_benefits", tk::unknown_benefit(b)),
            }
        }
        if raw.target_benefits.is_empty() {
            e.add("target_benefits", tk::PICK_TARGET_BENEFITS);
        }
        target_benefits.sort();
        let target_match_group = if raw.target_match_group.trim().is_empty() {
            Some(2)
        } else {
            e.check(
                "target_match_group",
                parse_int(&raw.target_match_group, 1, 3),
            )
        };
        let work_tasks = text(&raw.work_tasks, "work_tasks", false, &mut e);
        let minutes = e.check(
            "mentor_minutes_per_week",
            parse_int(&raw.mentor_minutes_per_week, 0, MAX_MINUTES_PER_WEEK),
        );
        let mentor_basis = if raw.mentor_basis.trim().is_empty() {
            Some(MentorBasis::Centre)
        } else {
            let b = MentorBasis::parse(&raw.mentor_basis);
            if b.is_none() {
                e.add("mentor_basis", tk::PICK_MENTOR_BASIS);
            }
            b
        };
        let rate = e.check(
            "mentor_rate_ore",
            parse_amount(&raw.mentor_rate_ore, MAX_RATE_ORE),
        );
        let grant = if raw.mentor_fixed_grant_ore.trim().is_empty() {
            Some(None)
        } else {
            e.check(
                "mentor_fixed_grant_ore",
                parse_amount(&raw.mentor_fixed_grant_ore, MAX_GRANT_ORE).map(Some),
            )
        };
        if raw.activities.len() > MAX_ACTIVITIES {
            e.add("activities", tk::at_most_activities(MAX_ACTIVITIES));
        }
        let mut activities = Vec::new();
        for (i, a) in raw.activities.iter().enumerate().take(MAX_ACTIVITIES) {
            let kind = ActivityKind::parse(&a.kind);
            if kind.is_none() {
                e.add(&format!("activities[{i}].kind"), tk::PICK_ACTIVITY_KIND);
            }
            let provider = text(
                &a.provider,
                &format!("activities[{i}].provider"),
                true,
                &mut e,
            );
            let description = text(
                &a.description,
                &format!("activities[{i}].description"),
                false,
                &mut e,
            );
            let minutes = e.check(
                &format!("activities[{i}].minutes_per_week"),
                parse_int(&a.minutes_per_week, 0, MAX_MINUTES_PER_WEEK),
            );
            let cost = e.check(
                &format!("activities[{i}].cost_ore"),
                parse_amount(&a.cost_ore, MAX_ACTIVITY_COST_ORE),
            );
            if let (Some(kind), Some(m), Some(c)) = (kind, minutes, cost) {
                activities.push(SharedActivity {
                    kind,
                    provider,
                    description,
                    minutes_per_week: m as i32,
                    cost_ore: c,
                });
            }
        }
        let follow_up_weeks = if raw.follow_up_weeks.trim().is_empty() {
            Some(4)
        } else {
            e.check("follow_up_weeks", parse_int(&raw.follow_up_weeks, 1, 52))
        };
        let start = e.check("start_date", parse_date(&raw.start_date));
        let end = e.check("end_date", parse_date(&raw.end_date));
        if let (Some(s), Some(en)) = (start, end) {
            if en <= s {
                e.add("end_date", tk::END_AFTER_START);
            } else if (en - s).num_days() > MAX_PERIOD_DAYS {
                e.add("end_date", tk::AT_MOST_TEN_YEARS);
            }
        }
        let notice_days = if raw.notice_days.trim().is_empty() {
            Some(0)
        } else {
            e.check("notice_days", parse_int(&raw.notice_days, 0, 3650))
        };
        let employees = e.check(
            "ordinary_employees",
            parse_int(&raw.ordinary_employees, 0, 1_000_000),
        );
        let statement = e.check(
            "employee_rep_statement",
            parse_bool(&raw.employee_rep_statement),
        );
        if !e.is_empty() {
            return Err(e);
        }
        match (
            seats,
            target_match_group,
            minutes,
            mentor_basis,
            rate,
            grant,
            follow_up_weeks,
            start,
            end,
            notice_days,
            employees,
            statement,
        ) {
            (
                Some(seats),
                Some(mg),
                Some(minutes),
                Some(basis),
                Some(rate),
                Some(grant),
                Some(fu),
                Some(start_date),
                Some(end_date),
                Some(notice),
                Some(emp),
                Some(statement),
            ) => Ok(Terms {
                consultant_id,
                mentor_id,
                worksite_p_number,
                goals,
                seats: seats as i32,
                offer_types,
                target_benefits,
                target_match_group: mg as i32,
                work_tasks,
                mentor_minutes_per_week: minutes as i32,
                mentor_basis: basis,
                mentor_rate_ore: rate,
                mentor_fixed_grant_ore: grant,
                activities,
                follow_up_weeks: fu as i32,
                start_date,
                end_date,
                notice_days: notice as i32,
                ordinary_employees: emp as i32,
                employee_rep_statement: statement,
            }),
            _ => Err(e),
        }
    }

    /// The terms as raw fields (to fill a form or apply a partial change).
    pub fn to_raw(&self) -> TermsRaw {
        TermsRaw {
            consultant_id: self.consultant_id.clone(),
            mentor_id: self.mentor_id.clone(),
            worksite_p_number: self.worksite_p_number.clone().unwrap_or_default(),
            goals: self.goals.clone(),
            seats: self.seats.to_string(),
            offer_types: self
                .offer_types
                .iter()
                .map(|o| o.code().to_string())
                .collect(),
            target_benefits: self
                .target_benefits
                .iter()
                .map(|b| b.code().to_string())
                .collect(),
            target_match_group: self.target_match_group.to_string(),
            work_tasks: self.work_tasks.clone(),
            mentor_minutes_per_week: self.mentor_minutes_per_week.to_string(),
            mentor_basis: self.mentor_basis.code().to_string(),
            mentor_rate_ore: self.mentor_rate_ore.to_string(),
            mentor_fixed_grant_ore: self
                .mentor_fixed_grant_ore
                .map(|g| g.to_string())
                .unwrap_or_default(),
            activities: self
                .activities
                .iter()
                .map(|a| ActivityRaw {
                    kind: a.kind.code().to_string(),
                    provider: a.provider.clone(),
                    description: a.description.clone(),
                    minutes_per_week: a.minutes_per_week.to_string(),
                    cost_ore: a.cost_ore.to_string(),
                })
                .collect(),
            follow_up_weeks: self.follow_up_weeks.to_string(),
            start_date: self.start_date.to_string(),
            end_date: self.end_date.to_string(),
            notice_days: self.notice_days.to_string(),
            ordinary_employees: self.ordinary_employees.to_string(),
            employee_rep_statement: self.employee_rep_statement.to_string(),
        }
    }

    /// Warnings that do not stop a contract: fewer than four seats, and more seats than the
    /// ratio rule allows for the worksite's ordinary employees.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings_with(None)
    }

    /// As [`Terms::warnings`], with the rimelighedskrav as a referral judges it (the worksite's
    /// declared headcount in force at the start and the rule's parameters: (E, max)) when known.
    pub fn warnings_with(&self, ratio: Option<(i32, i32)>) -> Vec<String> {
        let mut w = Vec::new();
        if self.seats < 4 {
            w.push(tk::FEWER_THAN_FOUR_SEATS.to_string());
        }
        let (employees, max) = ratio.unwrap_or((
            self.ordinary_employees,
            ratio_rule_max(self.ordinary_employees),
        ));
        if self.seats > max {
            w.push(tk::seats_over_ratio(
                &format::integer(i64::from(employees)),
                max,
                self.seats,
            ));
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn raw() -> TermsRaw {
        TermsRaw {
            consultant_id: "c".into(),
            mentor_id: "m".into(),
            goals: "Job til flere".into(),
            seats: "4".into(),
            offer_types: vec!["virksomhedspraktik".into(), "loentilskud".into()],
            target_benefits: vec!["kontanthjaelp".into()],
            mentor_minutes_per_week: "180".into(),
            mentor_rate_ore: "20000".into(),
            start_date: "2011-01-01".into(),
            end_date: "31-12-2011".into(),
            ordinary_employees: "48".into(),
            employee_rep_statement: "true".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_terms_parse_with_defaults() {
        let t = Terms::parse(&raw()).expect("valid");
        assert_eq!(t.seats, 4);
        assert_eq!(t.target_match_group, 2);
        assert_eq!(t.mentor_basis, MentorBasis::Centre);
        assert_eq!(t.follow_up_weeks, 4);
        assert_eq!(
            t.offer_types,
            vec![OfferType::Virksomhedspraktik, OfferType::Loentilskud]
        );
        assert_eq!(
            t.end_date,
            NaiveDate::from_ymd_opt(2011, 12, 31).expect("date")
        );
        assert!(t.warnings().is_empty(), "{:?}", t.warnings());
        assert_eq!(Terms::parse(&t.to_raw()), Ok(t));
    }

    #[test]
    fn bad_terms_name_each_field() {
        let mut r = raw();
        r.seats = "0".into();
        r.end_date = "2010-12-31".into();
        r.mentor_rate_ore = "-1".into();
        r.offer_types = vec![];
        r.mentor_id = String::new();
        r.activities = vec![ActivityRaw {
            kind: "yoga".into(),
            minutes_per_week: "60".into(),
            cost_ore: "x".into(),
            ..Default::default()
        }];
        let e = Terms::parse(&r).expect_err("invalid");
        for f in [
            "seats",
            "end_date",
            "mentor_rate_ore",
            "offer_types",
            "mentor_id",
            "activities[0].kind",
            "activities[0].provider",
            "activities[0].cost_ore",
        ] {
            assert!(e.has(f), "{f}: {e:?}");
        }
        assert!(!e.has("start_date"));
    }

    #[test]
    fn coded_enums_read_back_their_codes() {
        for o in OfferType::ALL {
            assert_eq!(OfferType::parse(o.code()), Some(o));
        }
        for b in Benefit::ALL {
            assert_eq!(Benefit::parse(&format!(" {} ", b.code())), Some(b));
        }
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(k.code()), Some(k));
        }
        assert_eq!(MentorBasis::ALL.len(), 2);
        assert_eq!(MentorBasis::parse("per_seat"), Some(MentorBasis::PerSeat));
        assert_eq!(ActivityKind::parse("yoga"), None);
        assert_eq!(ActivityKind::Psychologist.label(), "Psykologhjælp");
    }

    #[test]
    fn ratio_rule_known_values() {
        assert_eq!(ratio_rule_max(0), 1);
        assert_eq!(ratio_rule_max(4), 1);
        assert_eq!(ratio_rule_max(10), 2);
        assert_eq!(ratio_rule_max(50), 10);
        assert_eq!(ratio_rule_max(70), 12);
        let mut r = raw();
        r.seats = "3".into();
        r.ordinary_employees = "9".into();
        let w = Terms::parse(&r).expect("valid").warnings();
        assert_eq!(w.len(), 2, "under 4 seats and over the ratio: {w:?}");
    }

    #[test]
    fn the_hash_is_stable_and_follows_the_content() {
        let t = Terms::parse(&raw()).expect("valid");
        let content = |t: &Terms| {
            CanonicalContent {
                format: 1,
                contract_id: "k1",
                version: 1,
                effective_from: t.start_date,
                jobcenter_id: "j",
                company_id: "c",
                company_cvr: "13585628",
                terms: t,
                company: None,
            }
            .hash()
        };
        let a = content(&t);
        assert_eq!(a, content(&t.clone()));
        assert_eq!(a.len(), 64);
        let mut t2 = t.clone();
        t2.seats = 5;
        assert_ne!(a, content(&t2));
        // Format 1 without a company party hashes exactly as before the party was added.
        assert_eq!(
            CanonicalContent {
                format: 1,
                contract_id: "k1",
                version: 1,
                effective_from: t.start_date,
                jobcenter_id: "j",
                company_id: "c",
                company_cvr: "13585628",
                terms: &t,
                company: None,
            }
            .json(),
            format!(
                "{{\"format\":1,\"contract_id\":\"k1\",\"version\":1,\"effective_from\":\"{}\",\"jobcenter_id\":\"j\",\"company_id\":\"c\",\"company_cvr\":\"13585628\",\"terms\":{}}}",
                t.start_date,
                serde_json::to_string(&t).expect("terms")
            )
        );
    }

    #[test]
    fn the_company_party_is_hashed_and_its_changes_named() {
        let t = Terms::parse(&raw()).expect("valid");
        let party = CompanyParty {
            cvr: "13585628".into(),
            name: "Lillebælt Rengøring ApS".into(),
            address: "Havnegade 1".into(),
            postcode: "5500".into(),
            city: "Middelfart".into(),
            worksite: None,
        };
        let content = |p: &CompanyParty| {
            CanonicalContent {
                format: HASH_FORMAT,
                contract_id: "k1",
                version: 1,
                effective_from: t.start_date,
                jobcenter_id: "j",
                company_id: "c",
                company_cvr: &p.cvr,
                terms: &t,
                company: Some(p),
            }
            .hash()
        };
        let mut renamed = party.clone();
        renamed.name = "Andet Navn ApS".into();
        assert_ne!(content(&party), content(&renamed));
        let changes = renamed.changes_since(&party);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "company.name");
        assert_eq!(
            (changes[0].from.as_str(), changes[0].to.as_str()),
            ("Lillebælt Rengøring ApS", "Andet Navn ApS")
        );
    }

    #[test]
    fn diff_names_changed_fields_in_danish() {
        let old = Terms::parse(&raw()).expect("valid");
        let mut new = old.clone();
        new.seats = 6;
        new.mentor_minutes_per_week = 300;
        let d = diff(&old, &new, &|id| id.to_string());
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].label, "Pladser");
        assert_eq!((d[0].from.as_str(), d[0].to.as_str()), ("4", "6"));
        assert_eq!((d[1].from.as_str(), d[1].to.as_str()), ("3 t", "5 t"));
    }
}
