//! Follow-up visits (#22): which visits a placement has (planned from its contract's follow-up
//! interval and its own period), how a move or a record is parsed, and what a calendar shows.
//! Pure: no actix, no diesel.
//!
//! **The plan.** Visit n (n = 1, 2, …) is planned on the start + n × the interval, as long as
//! that day is at least a week before the end; then one closing visit on the last day. A day on
//! a Saturday or Sunday moves back to the Friday before (never before the start). A placement
//! shorter than the interval has only the closing visit. The plan is derived from the
//! placement's current period, so an extension adds visits and moves the closing one, and an
//! early end drops the visits after it; a visit keeps its number (`seq`). A row is stored only
//! for a visit that was moved or recorded; a recorded visit beyond the current plan is still
//! shown, a moved one that was not held is dropped with the plan.

pub mod ics;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, FieldErrors};
use crate::texts::visits as tv;
use crate::ui::format;

/// The longest note of a recorded visit, in characters.
pub const MAX_NOTE: usize = 2000;
/// How far back unrecorded visits stay in the consultant's inbox.
pub const OVERDUE_DAYS: i64 = 28;
/// How far ahead a planned visit is in the inbox.
pub const DUE_AHEAD_DAYS: i64 = 7;
/// The calendar feed's window around today: what a subscribed calendar holds.
pub const FEED_DAYS_BACK: i64 = 60;
pub const FEED_DAYS_AHEAD: i64 = 240;
/// A timed visit's length in the calendar.
pub const VISIT_MINUTES: i64 = 60;

/// The day itself, or the Friday before when it is on a weekend (never before `floor`).
fn weekday_on_or_before(d: NaiveDate, floor: NaiveDate) -> NaiveDate {
    let back = match d.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    let moved = d - Duration::days(back);
    if moved < floor {
        d
    } else {
        moved
    }
}

/// The planned days of a placement's visits in order (visit n is at index n − 1); the last one
/// is the closing visit. Empty for an empty period.
pub fn plan(start: NaiveDate, end: NaiveDate, every_weeks: i32) -> Vec<NaiveDate> {
    if end < start {
        return Vec::new();
    }
    let step = Duration::weeks(i64::from(every_weeks.max(1)));
    let mut out = Vec::new();
    let mut d = start + step;
    while d <= end - Duration::days(7) {
        out.push(weekday_on_or_before(d, start));
        d += step;
    }
    out.push(weekday_on_or_before(end, start));
    out
}

/// A visit as stored: moved (`planned_on`, `at_minute`) and/or recorded (`done_on`, `note`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVisit {
    pub seq: i32,
    pub planned_on: Option<NaiveDate>,
    pub at_minute: Option<i32>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

/// Where a visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisitState {
    Planned,
    Moved,
    Done,
    Overdue,
}

coded_enum!(VisitState {
    Planned => "planned", tv::STATE_PLANNED;
    Moved => "moved", tv::STATE_MOVED;
    Done => "done", tv::STATE_DONE;
    Overdue => "overdue", tv::STATE_OVERDUE;
});

/// One visit of a placement, the plan and its row together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub seq: i32,
    /// The day the plan gives it; `None` for a recorded visit beyond the current plan.
    pub derived_on: Option<NaiveDate>,
    /// The day it is planned on: moved, or as derived.
    pub planned_on: NaiveDate,
    /// The time of day it starts (minutes after midnight, Danish time), when one was set.
    pub at_minute: Option<i32>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
    /// The last visit of the plan, near the end.
    pub closing: bool,
}

impl Visit {
    /// The day it happens in a calendar: when it was held, else when it is planned.
    pub fn day(&self) -> NaiveDate {
        self.done_on.unwrap_or(self.planned_on)
    }

    pub fn moved(&self) -> bool {
        self.derived_on != Some(self.planned_on) || self.at_minute.is_some()
    }

    pub fn state(&self, today: NaiveDate) -> VisitState {
        if self.done_on.is_some() {
            VisitState::Done
        } else if self.planned_on < today {
            VisitState::Overdue
        } else if self.moved() {
            VisitState::Moved
        } else {
            VisitState::Planned
        }
    }
}

/// The visits of a placement: its plan with the stored rows laid over it, plus the recorded
/// visits beyond the plan, by number.
pub fn merge(plan: &[NaiveDate], rows: &[StoredVisit]) -> Vec<Visit> {
    let mut out: Vec<Visit> = plan
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let seq = i as i32 + 1;
            let row = rows.iter().find(|r| r.seq == seq);
            Visit {
                seq,
                derived_on: Some(*d),
                planned_on: row.and_then(|r| r.planned_on).unwrap_or(*d),
                at_minute: row.and_then(|r| r.at_minute),
                done_on: row.and_then(|r| r.done_on),
                note: row.map(|r| r.note.clone()).unwrap_or_default(),
                closing: i + 1 == plan.len(),
            }
        })
        .collect();
    for r in rows {
        if r.seq as usize > plan.len() {
            if let Some(done) = r.done_on {
                out.push(Visit {
                    seq: r.seq,
                    derived_on: None,
                    planned_on: r.planned_on.unwrap_or(done),
                    at_minute: r.at_minute,
                    done_on: Some(done),
                    note: r.note.clone(),
                    closing: false,
                });
            }
        }
    }
    out.sort_by_key(|v| v.seq);
    out
}

/// A change to a visit as sent or typed: a new day (with an optional time of day) moves it; a
/// day it was held with a note records it. Both may come together.
#[derive(Debug, Clone, Default)]
pub struct VisitChangeRaw {
    pub date: String,
    pub time: String,
    pub done_on: String,
    pub note: String,
}

/// A parsed change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitChange {
    /// The new day and time of day.
    pub moved_to: Option<(NaiveDate, Option<i32>)>,
    /// The day it was held and the note.
    pub record: Option<(NaiveDate, String)>,
}

/// "10:00", "9.30" or "0930" → minutes after midnight.
pub fn parse_time(s: &str) -> Option<i32> {
    let s = s.trim();
    let (h, m) = if let Some((h, m)) = s.split_once([':', '.']) {
        (h.trim(), m.trim())
    } else if s.len() == 4 && s.is_char_boundary(2) {
        // Four bytes are split in the middle, never inside a character.
        s.split_at(2)
    } else {
        return None;
    };
    let digits = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) || m.len() != 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// "10:00".
pub fn time_text(minute: i32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

impl VisitChangeRaw {
    /// Parses the change for a placement over [start, end] whose visit is planned on
    /// `current` (a time without a new day keeps the day). Every bad field is named.
    pub fn parse(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        current: NaiveDate,
        today: NaiveDate,
    ) -> Result<VisitChange, AppError> {
        let mut e = FieldErrors::new();
        let within = || tv::within_placement(&format::date(start), &format::date(end));
        let date_of = |e: &mut FieldErrors, field: &str, v: &str| -> Option<NaiveDate> {
            match format::parse_date(v) {
                Some(d) if d < start || d > end => {
                    e.add(field, within());
                    None
                }
                Some(d) => Some(d),
                None => {
                    e.add(field, crate::texts::seats::INVALID_DATE);
                    None
                }
            }
        };
        let (date, time, done, note) = (
            self.date.trim(),
            self.time.trim(),
            self.done_on.trim(),
            self.note.trim(),
        );
        if date.is_empty() && time.is_empty() && done.is_empty() {
            e.add("date", tv::DATE_OR_DONE);
            return Err(AppError::Validation(e));
        }
        let mut moved_to = None;
        if !date.is_empty() || !time.is_empty() {
            let day = if date.is_empty() {
                Some(current)
            } else {
                date_of(&mut e, "date", date)
            };
            let minute = if time.is_empty() {
                Some(None)
            } else {
                match parse_time(time) {
                    Some(m) => Some(Some(m)),
                    None => {
                        e.add("time", tv::BAD_TIME);
                        None
                    }
                }
            };
            if let (Some(d), Some(m)) = (day, minute) {
                moved_to = Some((d, m));
            }
        }
        let mut record = None;
        if !done.is_empty() {
            let day = date_of(&mut e, "done_on", done);
            if let Some(d) = day {
                if d > today {
                    e.add("done_on", tv::DONE_NOT_FUTURE);
                }
            }
            if note.is_empty() {
                e.add("note", tv::NOTE_REQUIRED);
            } else if note.chars().count() > MAX_NOTE {
                e.add("note", tv::NOTE_TOO_LONG);
            }
            if let Some(d) = day {
                record = Some((d, note.to_string()));
            }
        }
        e.into_result()?;
        Ok(VisitChange { moved_to, record })
    }
}

/// What a calendar shows about a placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Start,
    Visit,
    FollowUp,
    End,
}

coded_enum!(EventKind {
    Start => "start", tv::KIND_START;
    Visit => "visit", tv::KIND_VISIT;
    FollowUp => "follow_up", tv::KIND_FOLLOW_UP;
    End => "end", tv::KIND_END;
});

/// One event of a calendar: a visit, a start, an end or a self-support follow-up due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalEvent {
    pub kind: EventKind,
    pub placement_id: String,
    /// The visit's number.
    pub seq: Option<i32>,
    pub day: NaiveDate,
    /// A visit's time of day (minutes after midnight, Danish time).
    pub at_minute: Option<i32>,
    /// The person's whole name (pages of the jobcenter show it; a feed shows the first name).
    pub person: String,
    pub company: String,
    /// A visit that was held.
    pub done: bool,
}

impl CalEvent {
    /// The same on every fetch of the feed, so a calendar updates the event instead of adding
    /// one: the kind, the placement and the visit's number.
    pub fn uid(&self) -> String {
        match self.seq {
            Some(n) => format!(
                "{}-{}-{n}@virksomhedscenter",
                self.kind.code(),
                self.placement_id
            ),
            None => format!(
                "{}-{}@virksomhedscenter",
                self.kind.code(),
                self.placement_id
            ),
        }
    }

    /// The title in a subscribed calendar: the first name only, never a CPR number.
    pub fn title(&self) -> String {
        let first = first_name(&self.person);
        match self.kind {
            EventKind::Visit => tv::event_visit(first, &self.company),
            EventKind::Start => tv::event_start(first, &self.company),
            EventKind::End => tv::event_end(first, &self.company),
            EventKind::FollowUp => tv::event_follow_up(first, &self.company),
        }
    }
}

/// The first of a person's names.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

/// A calendar feed's address token: the user's id and the secret of their current epoch.
pub fn feed_token(user_id: &str, signature: &str) -> String {
    format!("{user_id}-{signature}")
}

/// The absolute address of a feed (`origin` is `scheme://host`).
pub fn feed_url(origin: &str, token: &str) -> String {
    format!("{origin}/calendar/{token}.ics")
}

/// The user's id and the secret of a token; `None` for anything not shaped like one.
pub fn split_feed_token(token: &str) -> Option<(&str, &str)> {
    let (user, sig) = token.rsplit_once('-')?;
    let ok = !user.is_empty()
        && user.len() <= 64
        && sig.len() == 32
        && sig.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then_some((user, sig))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: AppError) -> FieldErrors {
        match e {
            AppError::Validation(f) => f,
            other => panic!("{other:?}"),
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn visits_every_interval_and_one_at_the_end() {
        // Monday 7 December 2026 to Friday 29 January 2027, every 2 weeks.
        let p = plan(d("2026-12-07"), d("2027-01-29"), 2);
        assert_eq!(
            p,
            vec![
                d("2026-12-21"),
                d("2027-01-04"),
                d("2027-01-18"),
                d("2027-01-29")
            ]
        );
        // Shorter than the interval: only the closing visit.
        assert_eq!(
            plan(d("2026-12-07"), d("2026-12-18"), 4),
            vec![d("2026-12-18")]
        );
        // A periodic visit within the last week gives way to the closing one.
        assert_eq!(
            plan(d("2026-12-07"), d("2026-12-24"), 2),
            vec![d("2026-12-24")]
        );
        // A closing day on a Sunday moves to the Friday before.
        assert_eq!(
            plan(d("2026-12-07"), d("2026-12-13"), 4),
            vec![d("2026-12-11")]
        );
        // But never before the start.
        assert_eq!(
            plan(d("2026-12-13"), d("2026-12-13"), 4),
            vec![d("2026-12-13")]
        );
        assert!(plan(d("2026-12-13"), d("2026-12-12"), 4).is_empty());
    }

    #[test]
    fn rows_lay_over_the_plan_and_recorded_visits_beyond_it_stay() {
        let p = plan(d("2026-12-07"), d("2027-01-29"), 2);
        let rows = vec![
            StoredVisit {
                seq: 2,
                planned_on: Some(d("2027-01-05")),
                at_minute: Some(600),
                done_on: None,
                note: String::new(),
            },
            StoredVisit {
                seq: 9,
                planned_on: None,
                at_minute: None,
                done_on: Some(d("2027-01-10")),
                note: "Alle deltog".into(),
            },
            StoredVisit {
                seq: 8,
                planned_on: Some(d("2027-01-11")),
                at_minute: None,
                done_on: None,
                note: String::new(),
            },
        ];
        let v = merge(&p, &rows);
        assert_eq!(v.len(), 5, "four planned and the recorded one beyond");
        assert_eq!(v[1].planned_on, d("2027-01-05"));
        assert!(v[1].moved());
        assert_eq!(v[1].state(d("2027-01-01")), VisitState::Moved);
        assert_eq!(v[1].state(d("2027-01-06")), VisitState::Overdue);
        assert!(v[3].closing);
        assert_eq!(v[4].seq, 9);
        assert_eq!(v[4].state(d("2027-01-01")), VisitState::Done);
    }

    #[test]
    fn a_change_is_parsed_and_each_bad_field_named() {
        let (s, e, today) = (d("2026-12-07"), d("2027-01-29"), d("2026-12-20"));
        let c = VisitChangeRaw {
            date: "2026-12-22".into(),
            time: "10:30".into(),
            ..Default::default()
        }
        .parse(s, e, d("2026-12-21"), today)
        .unwrap();
        assert_eq!(c.moved_to, Some((d("2026-12-22"), Some(630))));
        let err = VisitChangeRaw {
            date: "2027-02-01".into(),
            ..Default::default()
        }
        .parse(s, e, d("2026-12-21"), today)
        .map_err(fields)
        .unwrap_err();
        assert!(err.has("date"));
        let err = VisitChangeRaw {
            done_on: "2026-12-21".into(),
            ..Default::default()
        }
        .parse(s, e, d("2026-12-21"), today)
        .map_err(fields)
        .unwrap_err();
        assert!(err.has("done_on"), "in the future");
        assert!(err.has("note"));
        let err = VisitChangeRaw::default()
            .parse(s, e, d("2026-12-21"), today)
            .map_err(fields)
            .unwrap_err();
        assert!(err.has("date"));
        assert_eq!(parse_time("9.05"), Some(545));
        assert_eq!(parse_time("0930"), Some(570));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("10:5"), None);
        assert_eq!(parse_time("+1:30"), None);
        assert_eq!(
            parse_time("1\u{e9}1"),
            None,
            "never split inside a character"
        );
        assert_eq!(parse_time("\u{e9}\u{e9}"), None);
        assert_eq!(time_text(545), "09:05");
    }

    #[test]
    fn tokens_split_at_the_last_dash() {
        let t = feed_token("0193-abc", "0123456789abcdef0123456789abcdef");
        assert_eq!(
            split_feed_token(&t),
            Some(("0193-abc", "0123456789abcdef0123456789abcdef"))
        );
        assert_eq!(split_feed_token("nothing"), None);
        assert_eq!(split_feed_token("x-short"), None);
    }
}
