//! What a mail is about, who may choose how it reaches them, and the outbox's states: pure
//! types, no SQL, no transport.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::auth::model::Role;
use crate::texts::mail as tm;

/// The page where a person chooses their mails (linked from every mail).
pub const SETTINGS_PATH: &str = "/account/mail";
/// The page a mail's unsubscribe link opens (no login needed: the link is signed).
pub const UNSUBSCRIBE_PATH: &str = "/mail/unsubscribe";

/// What happened: one kind a mail, each with its subject and body in `compose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A contract was sent to the company for review (→ its signatories).
    ContractSent,
    /// An amendment was sent to the company for review (→ its signatories).
    AmendmentSent,
    /// The company sent a version back with a comment (→ the contract's consultant).
    ChangesRequested,
    /// The company accepted a version (→ the contract's consultant).
    ContractAccepted,
    /// An accepted contract ends in 60 or 30 days (→ consultant and signatories).
    ContractEnding,
    /// The contract was terminated (→ consultant and signatories).
    ContractTerminated,
    /// A week of hours was rejected, with the reason (→ the mentor).
    WeekRejected,
    /// A week of hours was handed in (→ the consultant).
    WeekSubmitted,
    /// A referral moved up from the waiting list to a seat (→ the consultant).
    MovedUp,
    /// A placement's self-support follow-up is due (→ the consultant).
    FollowUpDue,
    /// A waiting referral was cancelled by a change of the contract's seats or period.
    ReferralCancelled,
    /// Monday 08:00: last week's hours are not handed in (→ the mentor).
    WeekReminder,
    /// An invitation's link to set a password (→ the invited person).
    Invitation,
    /// The daily digest: what was held for a person since the last one.
    Digest,
    /// A placement's agreement was sent to the company for review (→ its signatories).
    AgreementSent,
    /// The company accepted a placement's agreement or sent it back (→ the consultant).
    AgreementAnswered,
    /// A person did not show up on a planned day (→ the consultant).
    NoShow,
    /// An approved week was reopened for a correction, with the reason (→ the mentor).
    WeekReopened,
}

coded_enum!(Kind {
    ContractSent => "contract_sent", tm::KIND_CONTRACT_SENT;
    AmendmentSent => "amendment_sent", tm::KIND_AMENDMENT_SENT;
    ChangesRequested => "changes_requested", tm::KIND_CHANGES_REQUESTED;
    ContractAccepted => "contract_accepted", tm::KIND_CONTRACT_ACCEPTED;
    ContractEnding => "contract_ending", tm::KIND_CONTRACT_ENDING;
    ContractTerminated => "contract_terminated", tm::KIND_CONTRACT_TERMINATED;
    WeekRejected => "week_rejected", tm::KIND_WEEK_REJECTED;
    WeekSubmitted => "week_submitted", tm::KIND_WEEK_SUBMITTED;
    MovedUp => "moved_up", tm::KIND_MOVED_UP;
    FollowUpDue => "follow_up_due", tm::KIND_FOLLOW_UP_DUE;
    ReferralCancelled => "referral_cancelled", tm::KIND_REFERRAL_CANCELLED;
    WeekReminder => "week_reminder", tm::KIND_WEEK_REMINDER;
    Invitation => "invitation", tm::KIND_INVITATION;
    Digest => "digest", tm::KIND_DIGEST;
    AgreementSent => "agreement_sent", tm::KIND_AGREEMENT_SENT;
    AgreementAnswered => "agreement_answered", tm::KIND_AGREEMENT_ANSWERED;
    NoShow => "no_show", tm::KIND_NO_SHOW;
    WeekReopened => "week_reopened", tm::KIND_WEEK_REOPENED;
});

impl Kind {
    /// The topic a person chooses for; `None` for mails that are not a choice (an invitation,
    /// the digest itself).
    pub fn topic(self) -> Option<Topic> {
        Some(match self {
            Kind::ContractSent | Kind::AmendmentSent | Kind::AgreementSent => Topic::ContractReview,
            Kind::ChangesRequested | Kind::ContractAccepted | Kind::AgreementAnswered => {
                Topic::ContractAnswers
            }
            Kind::ContractEnding | Kind::ContractTerminated => Topic::ContractEnding,
            Kind::WeekRejected | Kind::WeekReopened => Topic::WeekRejected,
            Kind::WeekSubmitted => Topic::WeekSubmitted,
            Kind::MovedUp | Kind::FollowUpDue | Kind::ReferralCancelled | Kind::NoShow => {
                Topic::Placements
            }
            Kind::WeekReminder => Topic::WeekReminder,
            Kind::Invitation | Kind::Digest => return None,
        })
    }
}

/// What a person chooses how to receive, on "Min konto".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    ContractReview,
    ContractAnswers,
    ContractEnding,
    WeekRejected,
    WeekSubmitted,
    Placements,
    WeekReminder,
}

coded_enum!(Topic {
    ContractReview => "contract_review", tm::TOPIC_CONTRACT_REVIEW;
    ContractAnswers => "contract_answers", tm::TOPIC_CONTRACT_ANSWERS;
    ContractEnding => "contract_ending", tm::TOPIC_CONTRACT_ENDING;
    WeekRejected => "week_rejected", tm::TOPIC_WEEK_REJECTED;
    WeekSubmitted => "week_submitted", tm::TOPIC_WEEK_SUBMITTED;
    Placements => "placements", tm::TOPIC_PLACEMENTS;
    WeekReminder => "week_reminder", tm::TOPIC_WEEK_REMINDER;
});

impl Topic {
    /// The topics a role receives mail on (an administrator gets none).
    pub fn for_role(role: Role) -> &'static [Topic] {
        match role {
            Role::Admin => &[],
            Role::Consultant => &[
                Topic::ContractAnswers,
                Topic::ContractEnding,
                Topic::WeekSubmitted,
                Topic::Placements,
            ],
            Role::Company => &[Topic::ContractReview, Topic::ContractEnding],
            Role::Mentor => &[Topic::WeekRejected, Topic::WeekReminder],
        }
    }

    /// The choice of someone who has not chosen.
    pub fn default_delivery(self) -> Delivery {
        match self {
            Topic::WeekSubmitted => Delivery::Digest,
            _ => Delivery::Immediately,
        }
    }

    /// The choices a role has for this topic: a signatory cannot switch the contract review
    /// off (a contract waiting for the company is the one thing it must hear of); a reminder
    /// held for the next morning's digest would come a day late, so it is now or never.
    pub fn choices(self, role: Role) -> &'static [Delivery] {
        match (self, role) {
            (Topic::ContractReview, Role::Company) => &[Delivery::Immediately, Delivery::Digest],
            (Topic::WeekReminder, _) => &[Delivery::Immediately, Delivery::Off],
            _ => &[Delivery::Immediately, Delivery::Digest, Delivery::Off],
        }
    }

    /// What a stored (or default) choice means for this role: a choice the role no longer has
    /// falls back to the default.
    pub fn effective(self, role: Role, stored: Option<Delivery>) -> Delivery {
        match stored {
            Some(d) if self.choices(role).contains(&d) => d,
            _ => self.default_delivery(),
        }
    }
}

/// How a person wants a topic's mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Immediately,
    Digest,
    Off,
}

coded_enum!(Delivery {
    Immediately => "immediately", tm::DELIVERY_IMMEDIATELY;
    Digest => "digest", tm::DELIVERY_DIGEST;
    Off => "off", tm::DELIVERY_OFF;
});

/// Where a mail is in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for the person's daily digest.
    Held,
    /// To be sent (now, or after `next_attempt_at` when an attempt failed).
    Queued,
    /// Claimed by a sender until its lease runs out.
    Sending,
    Sent,
    /// Given up: a permanent refusal, or a day of failed attempts.
    Failed,
    /// Sent as part of a digest.
    Digested,
}

coded_enum!(Status {
    Held => "held", tm::STATUS_HELD;
    Queued => "queued", tm::STATUS_QUEUED;
    Sending => "sending", tm::STATUS_SENDING;
    Sent => "sent", tm::STATUS_SENT;
    Failed => "failed", tm::STATUS_FAILED;
    Digested => "digested", tm::STATUS_DIGESTED;
});

/// The facts a mail is written from, kept with the outbox row as JSON (so a mail says what was
/// true when it happened, and is written in the sender, which knows the base URL). Already
/// formatted for a Danish reader. Never a CPR number, a benefit, a match group or an activity:
/// there is no field for them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// The page the mail links to, as a path ("/contracts/…").
    #[serde(default)]
    pub path: String,
    /// The company of the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The contract's period, "01-01-2027 – 31-12-2027".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The version sent or accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// A week, "uge 23 · 2011".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<String>,
    /// The comment or reason someone gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The person a placement is for, by name (as the consultant's pages show it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// A seat number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat: Option<i32>,
    /// A date the mail is about (an end, a termination, a follow-up), "31-12-2027".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Days until the date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// A digest's or a reminder's lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// One line of a digest or a reminder: what, and where to go.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub text: String,
    pub path: String,
}

impl Payload {
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// A stored payload; an unreadable one is an empty payload (the mail still says what kind
    /// of thing happened and links to the home page).
    pub fn from_json(s: &str) -> Payload {
        serde_json::from_str(s).unwrap_or_default()
    }

    /// The payload with every CPR-shaped number in its free text masked: a reason, a comment
    /// or a name is typed by a person, who may paste a CPR number into it ("timerne for
    /// 070761-4285 mangler"); the mail must not carry it all the same.
    pub fn without_cpr(&self) -> Payload {
        let mask = |s: &Option<String>| s.as_deref().map(mask_cpr);
        Payload {
            company: mask(&self.company),
            reason: mask(&self.reason),
            actor: mask(&self.actor),
            person: mask(&self.person),
            items: self
                .items
                .iter()
                .map(|i| Item {
                    text: mask_cpr(&i.text),
                    path: i.path.clone(),
                })
                .collect(),
            ..self.clone()
        }
    }
}

/// What a CPR number in a mail's free text is replaced with.
pub const CPR_MASK: &str = "XXXXXX-XXXX";

/// `text` with every CPR-shaped number masked: ten digits, written `ddmmyy-xxxx`,
/// `ddmmyy xxxx` or `ddmmyyxxxx`, that are not part of a longer number.
pub fn mask_cpr(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digits = |from: usize, n: usize| {
        chars
            .get(from..from + n)
            .is_some_and(|s| s.iter().all(char::is_ascii_digit))
    };
    let digit_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let starts = !(i > 0 && digit_at(i - 1)) && digits(i, 6);
        let len = if !starts {
            None
        } else if digits(i + 6, 4) {
            Some(10)
        } else if matches!(chars.get(i + 6), Some('-' | ' ')) && digits(i + 7, 4) {
            Some(11)
        } else {
            None
        };
        match len.filter(|l| !digit_at(i + l)) {
            Some(l) => {
                out.push_str(CPR_MASK);
                i += l;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// When a failed attempt is tried again: the first retry after `base`, doubling, at most a
/// quarter of an hour apart; `None` when the mail is a day old, which is when it is given up.
pub fn next_attempt(
    created: NaiveDateTime,
    attempts: i32,
    now: NaiveDateTime,
    base: Duration,
) -> Option<NaiveDateTime> {
    if now - created >= Duration::hours(GIVE_UP_HOURS) {
        return None;
    }
    let doublings = attempts.saturating_sub(1).clamp(0, 20) as u32;
    let delay = base
        .checked_mul(2_i32.saturating_pow(doublings))
        .unwrap_or(Duration::minutes(RETRY_CAP_MINUTES))
        .min(Duration::minutes(RETRY_CAP_MINUTES));
    Some(now + delay)
}

/// A mail that could not be sent for this many hours is given up.
pub const GIVE_UP_HOURS: i64 = 24;

/// The longest pause between two attempts, in minutes.
const RETRY_CAP_MINUTES: i64 = 15;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, 1)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    #[test]
    fn retries_double_up_to_a_quarter_and_stop_after_a_day() {
        let base = Duration::seconds(30);
        let created = at(8, 0);
        assert_eq!(
            next_attempt(created, 1, at(8, 0), base),
            Some(at(8, 0) + base)
        );
        assert_eq!(
            next_attempt(created, 3, at(8, 10), base),
            Some(at(8, 12)),
            "third failure: 4 × 30 s"
        );
        assert_eq!(
            next_attempt(created, 12, at(12, 0), base),
            Some(at(12, 15)),
            "capped at 15 minutes"
        );
        assert_eq!(next_attempt(created, 40, at(23, 0), base), Some(at(23, 15)));
        let next_day = created + Duration::hours(24);
        assert_eq!(next_attempt(created, 90, next_day, base), None);
    }

    #[test]
    fn a_signatory_cannot_switch_the_contract_review_off() {
        let t = Topic::ContractReview;
        assert!(!t.choices(Role::Company).contains(&Delivery::Off));
        assert_eq!(
            t.effective(Role::Company, Some(Delivery::Off)),
            Delivery::Immediately
        );
        assert_eq!(
            t.effective(Role::Company, Some(Delivery::Digest)),
            Delivery::Digest
        );
        assert_eq!(
            Topic::WeekSubmitted.effective(Role::Consultant, None),
            Delivery::Digest,
            "handed-in weeks go in the digest unless chosen otherwise"
        );
    }

    #[test]
    fn every_kind_but_the_invitation_and_the_digest_has_a_topic_some_role_receives() {
        for k in Kind::ALL {
            match k.topic() {
                None => assert!(matches!(k, Kind::Invitation | Kind::Digest)),
                Some(t) => assert!(
                    Role::ALL.iter().any(|r| Topic::for_role(*r).contains(&t)),
                    "{k:?}"
                ),
            }
        }
    }

    #[test]
    fn a_cpr_number_typed_into_free_text_is_masked_and_other_numbers_are_not() {
        assert_eq!(
            mask_cpr("Timerne for 070761-4285 mangler"),
            "Timerne for XXXXXX-XXXX mangler"
        );
        assert_eq!(mask_cpr("0707614285"), CPR_MASK);
        assert_eq!(mask_cpr("cpr 070761 4285."), "cpr XXXXXX-XXXX.");
        for kept in [
            "uge 9 · 2027",
            "01-01-2027 – 31-12-2027",
            "tlf. 12345678",
            "konto 12345678901",
            "070761-42851",
            "ring 070761-428",
        ] {
            assert_eq!(mask_cpr(kept), kept);
        }
        let p = Payload {
            path: "/contracts/0707614285".into(),
            reason: Some("Se 070761-4285".into()),
            person: Some("Mette 0707614285".into()),
            items: vec![Item {
                text: "070761-4285".into(),
                path: "/x".into(),
            }],
            ..Payload::default()
        };
        let masked = p.without_cpr();
        assert_eq!(masked.reason.as_deref(), Some("Se XXXXXX-XXXX"));
        assert_eq!(masked.person.as_deref(), Some("Mette XXXXXX-XXXX"));
        assert_eq!(masked.items[0].text, CPR_MASK);
        assert_eq!(masked.path, p.path, "a link is left as it is");
    }

    #[test]
    fn a_payload_survives_its_json_and_a_broken_one_is_empty() {
        let p = Payload {
            path: "/contracts/c1".into(),
            company: Some("Strib Bageri".into()),
            week: Some("uge 9 · 2027".into()),
            ..Payload::default()
        };
        assert_eq!(Payload::from_json(&p.json()), p);
        assert_eq!(Payload::from_json("not json"), Payload::default());
    }
}
