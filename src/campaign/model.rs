//! Campaign goals (as in the 2009–2011 virksomhedscenter campaign): Mål 1, the people of the
//! target group in company activation against a target, and Mål 2, the share self-supporting
//! four weeks after a placement ended. Pure. Parameters are the campaign's, never constants;
//! when the follow-up may be recorded is the rule parameter `follow_up_weeks_after_end`, read by
//! the placement and the due list alike (docs/rules.md).

use serde::Serialize;

use crate::texts::campaign as t;

/// A campaign's goal parameters (per mille for shares, so they are stored as integers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct GoalParams {
    /// Share of the target group to have in activation (160 = 16 %).
    pub share_target_permille: i32,
    /// The minimum increase over the baseline (15 persons).
    pub min_increase: i32,
    /// The self-supporting share to reach (200 = 20 %).
    pub selfsupport_permille: i32,
    /// The national monthly target (9.000 persons).
    pub national_target: i32,
}

impl Default for GoalParams {
    /// The 2009–2011 campaign's values.
    fn default() -> Self {
        GoalParams {
            share_target_permille: 160,
            min_increase: 15,
            selfsupport_permille: 200,
            national_target: 9000,
        }
    }
}

/// Who Mål 1 counts: people referred while on one of these benefits and in this match group
/// (the 2009–2011 campaign: kontant- and starthjælp, match group 2). Judged on what the
/// placement recorded at referral, so a later reassessment does not change a month (#18.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct TargetGroup {
    /// Benefit codes: kontanthjaelp, starthjaelp.
    pub benefits: Vec<String>,
    pub match_group: i32,
}

impl Default for TargetGroup {
    fn default() -> Self {
        TargetGroup {
            benefits: vec!["kontanthjaelp".into(), "starthjaelp".into()],
            match_group: 2,
        }
    }
}

impl TargetGroup {
    /// As stored: the benefit codes comma-separated.
    pub fn from_stored(benefits: &str, match_group: i32) -> TargetGroup {
        TargetGroup {
            benefits: benefits
                .split(',')
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(String::from)
                .collect(),
            match_group,
        }
    }

    pub fn stored_benefits(&self) -> String {
        self.benefits.join(",")
    }

    /// The errors of a target group, by field.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.benefits.is_empty() {
            out.push(("target_benefits", t::PICK_BENEFIT.to_string()));
        }
        for b in &self.benefits {
            if crate::contracts::model::Benefit::parse(b).is_none() {
                out.push(("target_benefits", t::unknown_benefit(b)));
            }
        }
        if !(1..=3).contains(&self.match_group) {
            out.push(("target_match_group", t::MATCH_GROUP_RANGE.to_string()));
        }
        out
    }

    /// "kontanthjælp og starthjælp, matchgruppe 2".
    pub fn label(&self) -> String {
        let names: Vec<&str> = self
            .benefits
            .iter()
            .filter_map(|b| crate::contracts::model::Benefit::parse(b))
            .map(|b| b.label())
            .collect();
        t::target_group_label(&names, self.match_group)
    }
}

/// One row of figures as sent (a form, the API or a line of an imported file).
#[derive(Debug, Clone, Default)]
pub struct FigureInput {
    pub jobcenter_id: String,
    pub month: String,
    pub target_group: Option<i64>,
    pub outside_activation: Option<i64>,
    pub baseline: Option<i64>,
    /// The line of an imported file the row came from: errors then name `line[7].field`.
    pub line: Option<u64>,
}

/// One jobcenter's figures for a month.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MonthInput {
    /// N: people in the target group (entered or imported); `None` when not entered.
    pub target_group: Option<i64>,
    /// A: people in company activation that month.
    pub in_activation: i64,
    /// B: the baseline A.
    pub baseline: i64,
    /// Placements that ended this month with a recorded follow-up, and how many of those people
    /// were self-supporting.
    pub followed_up: i64,
    pub self_supporting: i64,
}

/// The computed goals of a jobcenter for a month. Shares are fractions (0.234, not 23.4).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Goals {
    pub target_group: Option<i64>,
    pub in_activation: i64,
    pub baseline: i64,
    /// A / N.
    pub share: Option<f64>,
    /// T = max(share target × N, B + minimum increase), unrounded; unknown without any N.
    pub target: Option<f64>,
    /// A / T; unknown without a target.
    pub attainment: Option<f64>,
    /// (A − B) / B.
    pub growth: Option<f64>,
    /// Mål 2: the share self-supporting of the followed-up placements that ended this month.
    pub selfsupport_share: Option<f64>,
    /// How many follow-ups Mål 2 rests on (the share's base).
    pub selfsupport_base: i64,
    /// How many of those were self-supporting.
    pub self_supporting: i64,
    /// Mål 2 against its goal (0.228 / 0.20 = 1.14).
    pub selfsupport_attainment: Option<f64>,
}

impl Goals {
    /// T as shown: whole persons (43,52 is shown as 44); computed with the unrounded value.
    pub fn target_shown(&self) -> Option<i64> {
        self.target.map(|t| t.round() as i64)
    }

    /// Both goals reached: attainment of Mål 1 and Mål 2 at least 100 %.
    pub fn both_reached(&self) -> bool {
        self.attainment.is_some_and(|a| a >= 1.0)
            && self.selfsupport_attainment.is_some_and(|a| a >= 1.0)
    }
}

pub fn compute(input: MonthInput, p: &GoalParams) -> Goals {
    let share_target = f64::from(p.share_target_permille) / 1000.0;
    let by_increase = (input.baseline + i64::from(p.min_increase)) as f64;
    let target = input
        .target_group
        .map(|n| (share_target * n as f64).max(by_increase));
    let a = input.in_activation as f64;
    let selfsupport_share =
        (input.followed_up > 0).then(|| input.self_supporting as f64 / input.followed_up as f64);
    let goal2 = f64::from(p.selfsupport_permille) / 1000.0;
    Goals {
        target_group: input.target_group,
        in_activation: input.in_activation,
        baseline: input.baseline,
        share: input.target_group.filter(|n| *n > 0).map(|n| a / n as f64),
        target,
        attainment: target.filter(|t| *t > 0.0).map(|t| a / t),
        growth: (input.baseline > 0).then(|| (a - input.baseline as f64) / input.baseline as f64),
        selfsupport_share,
        selfsupport_base: input.followed_up,
        self_supporting: input.self_supporting,
        selfsupport_attainment: selfsupport_share.filter(|_| goal2 > 0.0).map(|s| s / goal2),
    }
}

pub use crate::ui::format::parse_month;

/// One month of a jobcenter's chart and the table under it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    /// "2011-03".
    pub month: String,
    /// A; `None` for a month without data (no placement counted and no figures entered, or a
    /// month still to come): a gap in the line, not a zero.
    pub in_activation: Option<i64>,
    /// T, unrounded; `None` before the first N.
    pub target: Option<f64>,
    /// B, the same every month.
    pub baseline: i64,
    /// A / T, when both are known.
    pub attainment: Option<f64>,
}

/// Danish month names as Excel writes them, full and short.
const MONTH_NAMES: [(&str, &str); 12] = [
    ("januar", "jan"),
    ("februar", "feb"),
    ("marts", "mar"),
    ("april", "apr"),
    ("maj", "maj"),
    ("juni", "jun"),
    ("juli", "jul"),
    ("august", "aug"),
    ("september", "sep"),
    ("oktober", "okt"),
    ("november", "nov"),
    ("december", "dec"),
];

/// A month as a Danish Excel writes it back into a CSV file: "2011-03", "03-2011", "3-2011",
/// "01-03-2011" (a date: its month), "mar-11", "marts 2011" (issue #18.16). Two-digit years
/// are 2000–2069 and 1970–1999.
pub fn parse_import_month(s: &str) -> Result<(i32, u32), String> {
    let text = s.trim().to_lowercase();
    if let Ok(m) = parse_month(&text) {
        return Ok(m);
    }
    let bad = || t::IMPORT_MONTH.to_string();
    let parts: Vec<&str> = text
        .split(['-', '.', '/', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let year = |p: &str| -> Option<i32> {
        let y: i32 = p.parse().ok()?;
        match p.len() {
            4 => Some(y),
            2 if y < 70 => Some(2000 + y),
            2 => Some(1900 + y),
            _ => None,
        }
    };
    let month_no = |p: &str| -> Option<u32> {
        if digits(p) && p.len() <= 2 {
            return p.parse().ok().filter(|m| (1..=12).contains(m));
        }
        MONTH_NAMES
            .iter()
            .position(|(full, short)| p == *full || p == *short)
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    let (y, m) = match parts.as_slice() {
        // "03-2011", "3-2011", "mar-11", "marts 2011"
        [m, y] if !(digits(m) && y.len() == 2) => (year(y), month_no(m)),
        // "01-03-2011": a day of the month
        [d, m, y] if digits(d) && digits(m) && y.len() == 4 => {
            let (yy, mm) = (year(y), month_no(m));
            let day: u32 = d.parse().map_err(|_| bad())?;
            match (yy, mm) {
                (Some(yy), Some(mm)) if chrono::NaiveDate::from_ymd_opt(yy, mm, day).is_some() => {
                    (Some(yy), Some(mm))
                }
                _ => (None, None),
            }
        }
        _ => (None, None),
    };
    match (y, m) {
        (Some(y), Some(m)) if (1900..=2200).contains(&y) => Ok((y, m)),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod month_tests {
    use super::parse_import_month;

    /// Issue #18.16: the months as a Danish Excel writes them back.
    #[test]
    fn months_as_excel_writes_them() {
        for text in [
            "2011-03",
            "03-2011",
            "3-2011",
            "01-03-2011",
            "mar-11",
            "marts 2011",
            "Marts 2011",
            "31.03.2011",
        ] {
            assert_eq!(parse_import_month(text), Ok((2011, 3)), "{text}");
        }
        assert_eq!(parse_import_month("dec-09"), Ok((2009, 12)));
        for bad in [
            "2011-3",
            "13-2011",
            "31-02-2011",
            "marts",
            "foo 2011",
            "",
            "03-11",
        ] {
            assert!(parse_import_month(bad).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::format::percent;

    #[test]
    fn known_answers_from_jobcenter_middelfart() {
        let p = GoalParams::default();
        // Against a target of 44: 102 / 44 = 232 pct.; growth (102 − 22) / 22 = +364 pct.
        let g = compute(
            MonthInput {
                target_group: Some(275),
                in_activation: 102,
                baseline: 22,
                ..Default::default()
            },
            &p,
        );
        assert!(g.target.is_some_and(|t| (t - 44.0).abs() < 1e-9));
        assert_eq!(g.target_shown(), Some(44));
        assert_eq!(g.attainment.map(percent), Some("231,8 pct.".into()));
        assert_eq!(
            g.attainment.map(|a| percent((a * 100.0).round() / 100.0)),
            Some("232 pct.".into())
        );
        assert_eq!(
            g.growth.map(|x| percent((x * 100.0).round() / 100.0)),
            Some("364 pct.".into())
        );
        // The published 234 pct. comes from an unrounded target of about 43.6 (N ≈ 272).
        let g = compute(
            MonthInput {
                target_group: Some(272),
                in_activation: 102,
                baseline: 22,
                ..Default::default()
            },
            &p,
        );
        assert!(
            g.target.is_some_and(|t| (t - 43.52).abs() < 1e-9),
            "kept unrounded: {:?}",
            g.target
        );
        assert_eq!(g.target_shown(), Some(44), "shown as whole persons");
        assert_eq!(
            g.attainment.map(|a| percent((a * 100.0).round() / 100.0)),
            Some("234 pct.".into())
        );
        // Mål 2 at 22,8 pct. against 20 pct. is 114 pct.
        let g = compute(
            MonthInput {
                followed_up: 250,
                self_supporting: 57,
                ..Default::default()
            },
            &p,
        );
        assert_eq!(g.selfsupport_share.map(percent), Some("22,8 pct.".into()));
        assert_eq!((g.selfsupport_base, g.self_supporting), (250, 57));
        assert_eq!(
            g.selfsupport_attainment.map(percent),
            Some("114 pct.".into())
        );
    }

    #[test]
    fn the_plus_15_rule_and_empty_months() {
        let p = GoalParams::default();
        // 16 % of 50 is 8, but the baseline 20 + 15 = 35 sets the target.
        let g = compute(
            MonthInput {
                target_group: Some(50),
                in_activation: 35,
                baseline: 20,
                ..Default::default()
            },
            &p,
        );
        assert_eq!(g.target, Some(35.0));
        assert_eq!(g.attainment, Some(1.0));
        // No target group entered and no baseline: no division by zero, no share.
        let g = compute(
            MonthInput {
                target_group: Some(0),
                in_activation: 3,
                baseline: 0,
                ..Default::default()
            },
            &p,
        );
        assert_eq!(g.share, None);
        assert_eq!(g.growth, None);
        assert_eq!(g.target, Some(15.0));
        assert!(g.attainment.is_some_and(|a| a.is_finite()));
        assert_eq!(g.selfsupport_share, None);
        assert!(!g.both_reached());
        // No N at all: the target and the attainment are unknown, not B + 15 (#18.7).
        let g = compute(
            MonthInput {
                target_group: None,
                in_activation: 102,
                baseline: 22,
                ..Default::default()
            },
            &p,
        );
        assert_eq!((g.target, g.attainment), (None, None));
        assert_eq!(g.growth.map(|x| (x * 100.0).round()), Some(364.0));
    }

    #[test]
    fn months_run_across_years() {
        assert_eq!(
            crate::clock::months_between((2010, 11), (2011, 2)),
            vec!["2010-11", "2010-12", "2011-01", "2011-02"]
        );
        assert!(crate::clock::months_between((2011, 3), (2011, 2)).is_empty());
    }
}
