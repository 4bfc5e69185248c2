//! The contract lifecycle: the state of each version, the state of the contract as people see
//! it, and which actions each state allows. Pure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::texts::contracts as tk;

/// The state of one version of a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Being drafted by the consultant.
    Draft,
    /// With the company for review; locked for the consultant.
    Sent,
    /// Sent back by the company with a comment.
    ChangesRequested,
    /// Accepted by the company: never changed again.
    Accepted,
    /// A pending amendment dropped when the contract was terminated.
    Cancelled,
}

coded_enum!(VersionStatus {
    Draft => "draft", tk::STATUS_DRAFT;
    Sent => "sent", tk::STATUS_SENT;
    ChangesRequested => "changes_requested", tk::STATUS_CHANGES_REQUESTED;
    Accepted => "accepted", tk::STATUS_ACCEPTED;
    Cancelled => "cancelled", tk::STATUS_CANCELLED;
});

impl VersionStatus {
    /// Whether this version is still being negotiated.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            VersionStatus::Draft | VersionStatus::Sent | VersionStatus::ChangesRequested
        )
    }
}

/// The state of a contract as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Draft,
    Sent,
    ChangesRequested,
    Accepted,
    Active,
    Ended,
    Terminated,
}

coded_enum!(ContractStatus {
    Draft => "draft", tk::STATUS_DRAFT;
    Sent => "sent", tk::STATUS_SENT;
    ChangesRequested => "changes_requested", tk::STATUS_CHANGES_REQUESTED;
    Accepted => "accepted", tk::STATUS_ACCEPTED;
    Active => "active", tk::STATUS_ACTIVE;
    Ended => "ended", tk::STATUS_ENDED;
    Terminated => "terminated", tk::STATUS_TERMINATED;
});

/// What is known of a contract to decide its state and what may happen next.
#[derive(Debug, Clone, Copy)]
pub struct Situation {
    /// The state of the version being negotiated, if any.
    pub pending: Option<VersionStatus>,
    /// The period of the latest accepted version, if any version was accepted.
    pub accepted_period: Option<(NaiveDate, NaiveDate)>,
    pub terminated_on: Option<NaiveDate>,
    pub today: NaiveDate,
}

impl Situation {
    pub fn status(&self) -> ContractStatus {
        if self.terminated_on.is_some() {
            return ContractStatus::Terminated;
        }
        match (self.accepted_period, self.pending) {
            (Some((start, end)), _) => {
                if self.today < start {
                    ContractStatus::Accepted
                } else if self.today <= end {
                    ContractStatus::Active
                } else {
                    ContractStatus::Ended
                }
            }
            (None, Some(VersionStatus::Sent)) => ContractStatus::Sent,
            (None, Some(VersionStatus::ChangesRequested)) => ContractStatus::ChangesRequested,
            (None, _) => ContractStatus::Draft,
        }
    }

    /// `Ok` when `action` is allowed now, else a Danish message that names the state.
    pub fn allows(&self, action: Action) -> Result<(), String> {
        self.allows_as(action, tk::SUBJECT_CONTRACT)
    }

    /// [`Situation::allows`] for another subject that follows this workflow (a placement's
    /// agreement: "aftalen"), named so in the message.
    pub fn allows_as(&self, action: Action, subject: &str) -> Result<(), String> {
        let status = self.status();
        let pending = self.pending;
        let refuse = |what: &str| -> Result<(), String> {
            let draft = match pending {
                Some(p) if status != ContractStatus::Terminated => Some(p.label()),
                _ => None,
            };
            Err(tk::refused_as(subject, what, status.label(), draft))
        };
        let open = status != ContractStatus::Terminated && status != ContractStatus::Ended;
        match action {
            Action::Edit | Action::Send => match pending {
                Some(VersionStatus::Draft | VersionStatus::ChangesRequested) if open => Ok(()),
                _ => refuse(if action == Action::Edit {
                    tk::DO_EDIT
                } else {
                    tk::DO_SEND
                }),
            },
            Action::Withdraw => match pending {
                Some(VersionStatus::Sent) if open => Ok(()),
                _ => refuse(tk::DO_WITHDRAW),
            },
            Action::Accept | Action::RequestChanges => match pending {
                Some(VersionStatus::Sent) if open => Ok(()),
                _ => refuse(if action == Action::Accept {
                    tk::DO_ACCEPT
                } else {
                    tk::DO_REQUEST_CHANGES
                }),
            },
            Action::Amend => {
                if self.accepted_period.is_some() && pending.is_none() && open {
                    Ok(())
                } else {
                    refuse(tk::DO_AMEND)
                }
            }
            Action::Terminate => {
                if self.accepted_period.is_some() && open {
                    Ok(())
                } else {
                    refuse(tk::DO_TERMINATE)
                }
            }
        }
    }
}

/// Things people do to a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Edit,
    Send,
    Withdraw,
    Accept,
    RequestChanges,
    Amend,
    Terminate,
}

impl Action {
    /// The word written to the audit log.
    pub fn code(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Send => "send",
            Action::Withdraw => "withdraw",
            Action::Accept => "accept",
            Action::RequestChanges => "request_changes",
            Action::Amend => "amend",
            Action::Terminate => "terminate",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn situation(pending: Option<VersionStatus>, accepted: bool, today: NaiveDate) -> Situation {
        Situation {
            pending,
            accepted_period: accepted.then(|| (d(2011, 1, 1), d(2011, 12, 31))),
            terminated_on: None,
            today,
        }
    }

    #[test]
    fn status_follows_versions_and_dates() {
        let t = d(2010, 6, 1);
        assert_eq!(
            situation(Some(VersionStatus::Draft), false, t).status(),
            ContractStatus::Draft
        );
        assert_eq!(
            situation(Some(VersionStatus::Sent), false, t).status(),
            ContractStatus::Sent
        );
        assert_eq!(situation(None, true, t).status(), ContractStatus::Accepted);
        assert_eq!(
            situation(None, true, d(2011, 6, 1)).status(),
            ContractStatus::Active
        );
        assert_eq!(
            situation(Some(VersionStatus::Sent), true, d(2011, 6, 1)).status(),
            ContractStatus::Active
        );
        assert_eq!(
            situation(None, true, d(2012, 1, 1)).status(),
            ContractStatus::Ended
        );
        let mut s = situation(None, true, d(2011, 6, 1));
        s.terminated_on = Some(d(2011, 5, 1));
        assert_eq!(s.status(), ContractStatus::Terminated);
        assert!(s.allows(Action::Amend).is_err());
    }

    #[test]
    fn transitions_are_allowed_only_from_their_states() {
        let t = d(2010, 6, 1);
        let draft = situation(Some(VersionStatus::Draft), false, t);
        assert!(draft.allows(Action::Edit).is_ok());
        assert!(draft.allows(Action::Send).is_ok());
        let err = draft.allows(Action::Accept).expect_err("not sent");
        assert!(err.contains("kladde"), "{err}");
        assert!(draft.allows(Action::Amend).is_err());
        let sent = situation(Some(VersionStatus::Sent), false, t);
        assert!(sent.allows(Action::Edit).is_err());
        assert!(sent.allows(Action::Withdraw).is_ok());
        assert!(sent.allows(Action::Accept).is_ok());
        assert!(sent.allows(Action::RequestChanges).is_ok());
        let back = situation(Some(VersionStatus::ChangesRequested), false, t);
        assert!(back.allows(Action::Edit).is_ok() && back.allows(Action::Send).is_ok());
        assert!(back.allows(Action::Accept).is_err());
        let accepted = situation(None, true, t);
        assert!(accepted.allows(Action::Amend).is_ok());
        assert!(accepted.allows(Action::Terminate).is_ok());
        assert!(accepted.allows(Action::Send).is_err());
        let ended = situation(None, true, d(2012, 2, 1));
        assert!(ended.allows(Action::Amend).is_err());
        assert!(ended.allows(Action::Terminate).is_err());
    }
}
