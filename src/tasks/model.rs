//! What a task is: its kind (a coded enum with the badge's word) and where it leads.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::texts::tasks as t;

/// How many of each kind are listed.
pub const PER_KIND: i64 = 50;
/// Contracts ending within this many days are a task.
pub const ENDING_DAYS: i64 = 60;
/// How long a move up from a waiting list stays in the consultant's inbox.
pub const MOVED_UP_DAYS: i64 = 14;
/// How long a no-show stays in the consultant's inbox.
pub const NO_SHOW_DAYS: i64 = 7;
/// How far back a mentor's unsubmitted weeks are listed.
pub const MENTOR_WEEKS: usize = 8;

/// What there is to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    ChangesRequested,
    WeekToApprove,
    FollowUpDue,
    ContractEnding,
    Waiting,
    /// A waiting referral whose period has begun, with a seat free for its remaining days: it
    /// is not placed by itself; the consultant decides (#18.4).
    SeatForRemaining,
    /// Someone on a waiting list got a seat when one freed up (in the last `MOVED_UP_DAYS`):
    /// the consultant tells the person and the company.
    MovedUp,
    ContractToReview,
    WeekToSubmit,
    WeekRejected,
    CompanyCorrection,
    /// A person did not show up (in the last `NO_SHOW_DAYS`): the consultant follows up.
    NoShow,
    /// A placement's agreement waits for the company's answer.
    AgreementToReview,
    /// The company sent a placement's agreement back.
    AgreementReturned,
    /// A follow-up visit planned within the next week, not yet recorded (#22).
    VisitDue,
    /// A follow-up visit whose day has passed without being recorded (#22).
    VisitOverdue,
}

// The code is the API's (serde's snake_case); the label is the badge's word.
coded_enum!(TaskKind {
    ChangesRequested => "changes_requested", t::CHANGES_REQUESTED;
    WeekToApprove => "week_to_approve", t::WEEK_TO_APPROVE;
    FollowUpDue => "follow_up_due", t::FOLLOW_UP_DUE;
    ContractEnding => "contract_ending", t::CONTRACT_ENDING;
    Waiting => "waiting", t::WAITING;
    SeatForRemaining => "seat_for_remaining", t::SEAT_FOR_REMAINING;
    MovedUp => "moved_up", t::MOVED_UP;
    ContractToReview => "contract_to_review", t::CONTRACT_TO_REVIEW;
    WeekToSubmit => "week_to_submit", t::WEEK_TO_SUBMIT;
    WeekRejected => "week_rejected", t::WEEK_REJECTED;
    CompanyCorrection => "company_correction", t::COMPANY_CORRECTION;
    NoShow => "no_show", t::NO_SHOW;
    AgreementToReview => "agreement_to_review", t::AGREEMENT_TO_REVIEW;
    AgreementReturned => "agreement_returned", t::AGREEMENT_RETURNED;
    VisitDue => "visit_due", t::VISIT_DUE;
    VisitOverdue => "visit_overdue", t::VISIT_OVERDUE;
});

/// One thing to do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Task {
    pub kind: TaskKind,
    /// What it is about, in Danish, e.g. "Lillebælt Rengøring ApS · uge 23 · 2011".
    pub title: String,
    /// Where to do it (a page of this system).
    pub link: String,
    /// When it became a task: the list is newest first.
    pub since: DateTime<Utc>,
    /// The day it is due, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

/// The start of a day, for a task that became one on that day.
pub fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

/// The hours page of a contract's week.
pub fn week_link(contract: &str, week: &str) -> String {
    format!(
        "/hours?{}",
        serde_html_form::to_string([("contract_id", contract), ("week", week)]).unwrap_or_default()
    )
}
