//! Who may do what: every access rule of the system, each a function named for what it decides
//! over the actor and a small facts struct (`ContractParties`, `CompanyParties`). Services ask
//! before they load or write; pages and APIs ask to decide what to offer, and never compare
//! roles themselves. The access-matrix tests (`tests/it/matrix.rs`) check every route.

use crate::auth::model::{Actor, Role};
use crate::error::AppError;
use crate::ids::{CompanyId, JobcenterId, UserId};

/// The facts about a company that decide who may change its record.
#[derive(Debug, Clone, Default)]
pub struct CompanyParties {
    pub company_id: String,
    /// The jobcenters that have a contract with the company that it has accepted.
    pub contracting_jobcenters: Vec<String>,
}

/// The facts about a contract that decide who may see and act on it, and on its seats,
/// placements and hours.
#[derive(Debug, Clone, Copy)]
pub struct ContractParties<'a> {
    pub jobcenter_id: &'a str,
    pub company_id: &'a str,
    pub mentor_id: &'a str,
    /// Sent to the company at least once: until then a draft is the consultant's own.
    pub shown_to_company: bool,
}

/// Which contracts a list may show the actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractScope {
    All,
    Jobcenter(JobcenterId),
    /// A company's contracts that have been shown to it.
    Company(CompanyId),
    /// The contracts a mentor is responsible for, once shown to the company.
    Mentor(UserId),
}

impl Actor {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Admins see every jobcenter; a consultant sees their own.
    pub fn may_view_jobcenter(&self, jobcenter_id: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Consultant => self.jobcenter_id.as_deref() == Some(jobcenter_id),
            Role::Company | Role::Mentor => false,
        }
    }

    /// Jobcenters are kept by administrators.
    pub fn may_manage_jobcenters(&self) -> bool {
        self.is_admin()
    }

    /// Lists of jobcenters: admins see all, consultants their own, companies none.
    pub fn may_list_jobcenters(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Consultant)
    }

    /// Admins and consultants see the whole company registry; company users their own company.
    pub fn may_view_company(&self, company_id: &str) -> bool {
        match self.role {
            Role::Admin | Role::Consultant => true,
            Role::Company | Role::Mentor => self.company_id.as_deref() == Some(company_id),
        }
    }

    /// Which companies a list may show: `None` for the whole registry, else only this one.
    pub fn company_scope(&self) -> Option<&str> {
        match self.role {
            Role::Admin | Role::Consultant => None,
            // A company user without a company sees nothing (the database forbids it anyway).
            Role::Company | Role::Mentor => Some(self.company_id.as_deref().unwrap_or("")),
        }
    }

    /// Consultants register the companies they work with; admins keep the registry.
    pub fn may_create_company(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Consultant)
    }

    /// A company's record (name, address, contact, worksites) is kept by administrators and by
    /// the consultants of a jobcenter that has a contract with the company that it accepted;
    /// while no jobcenter has one, by any consultant (nobody's accepted contract or payment
    /// names it yet: the one who registered it corrects it while drafting). Its CVR number
    /// needs [`Actor::may_change_cvr`] too. Company users propose corrections.
    pub fn may_edit_company(&self, company: &CompanyParties) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Consultant => {
                company.contracting_jobcenters.is_empty()
                    || self
                        .jobcenter_id
                        .as_deref()
                        .is_some_and(|j| company.contracting_jobcenters.iter().any(|c| c == j))
            }
            Role::Company | Role::Mentor => false,
        }
    }

    /// Who invites a company's signatories and mentors (#20): whoever keeps its record, i.e.
    /// administrators and the consultants of a jobcenter that works with the company
    /// ([`Actor::may_edit_company`]). Company users cannot invite anyone.
    pub fn may_invite_to_company(&self, company: &CompanyParties) -> bool {
        self.may_edit_company(company)
    }

    /// The CVR number identifies the company in every jobcenter's contracts and payments:
    /// administrators only.
    pub fn may_change_cvr(&self) -> bool {
        self.is_admin()
    }

    /// A company's signatory proposes corrections of their own company's record.
    pub fn may_propose_company_correction(&self, company_id: &str) -> bool {
        self.role == Role::Company && self.company_id.as_deref() == Some(company_id)
    }

    /// Who decides a proposed correction: whoever may make the change themselves.
    pub fn may_decide_company_correction(
        &self,
        company: &CompanyParties,
        changes_cvr: bool,
    ) -> bool {
        self.may_edit_company(company) && (!changes_cvr || self.may_change_cvr())
    }

    /// The audit trail (every event of every object) is read by administrators.
    pub fn may_read_audit_trail(&self) -> bool {
        self.is_admin()
    }

    /// The CPR access log of a jobcenter: administrators, and the jobcenter's data-protection
    /// officer. `None` means every jobcenter.
    pub fn access_log_scope(&self) -> Option<Option<&str>> {
        match self.role {
            Role::Admin => Some(None),
            Role::Consultant if self.dpo => self.jobcenter_id.as_deref().map(Some),
            _ => None,
        }
    }

    /// The outbox (who was mailed what, and what failed) is read, and a mail sent again, by
    /// administrators.
    pub fn may_read_outbox(&self) -> bool {
        self.is_admin()
    }

    /// Users are kept by administrators.
    pub fn may_manage_users(&self) -> bool {
        self.is_admin()
    }

    /// Whether the actor may see the contract (and its seats, placements and hours) at all:
    /// admins; the consultants of its jobcenter; once it was sent, the company's users and the
    /// mentor named in it.
    pub fn may_view_contract(&self, c: &ContractParties) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Consultant => self.jobcenter_id.as_deref() == Some(c.jobcenter_id),
            Role::Company => c.shown_to_company && self.company_id.as_deref() == Some(c.company_id),
            Role::Mentor => c.shown_to_company && self.user_id == c.mentor_id,
        }
    }

    /// The consultants of the contract's jobcenter draft, send, amend and terminate it.
    pub fn may_draft_contract(&self, c: &ContractParties) -> bool {
        self.role == Role::Consultant && self.jobcenter_id.as_deref() == Some(c.jobcenter_id)
    }

    /// An accepted contract is terminated by either party: the jobcenter's consultants, or the
    /// company's signatories (who give the contract's notice, `contracts::service`).
    pub fn may_terminate_contract(&self, c: &ContractParties) -> bool {
        self.may_draft_contract(c) || self.may_review_contract(c)
    }

    /// The company's signatories review (accept or send back) what was sent to them.
    pub fn may_review_contract(&self, c: &ContractParties) -> bool {
        self.role == Role::Company
            && c.shown_to_company
            && self.company_id.as_deref() == Some(c.company_id)
    }

    /// The receipt of an acceptance: the parties to the contract (the company's signatories,
    /// the jobcenter's consultants) and administrators; not the mentor, who reads the contract
    /// but signs nothing.
    pub fn may_see_acceptance_receipt(&self, c: &ContractParties) -> bool {
        self.may_view_contract(c) && self.role != Role::Mentor
    }

    /// A placement's follow-up visits (#22) are seen by the jobcenter's side and by the mentor
    /// of the contract, who takes part in them; not by the company's signatories (the notes say
    /// what was agreed with the person).
    pub fn may_view_visits(&self, c: &ContractParties) -> bool {
        self.may_view_contract(c) && self.role != Role::Company
    }

    /// The consultants of the contract's jobcenter plan (move) and record its visits.
    pub fn may_plan_visits(&self, c: &ContractParties) -> bool {
        self.may_draft_contract(c)
    }

    /// Who has a calendar (#22): a consultant (their jobcenter's visits, starts, ends and
    /// follow-ups), a mentor (the placements of the contracts they mentor) and a company user
    /// (their company's starts and ends). Administrators keep no placements of their own.
    pub fn has_calendar(&self) -> bool {
        self.role != Role::Admin
    }

    /// A calendar holds visits for those who may see them: consultants and mentors.
    pub fn calendar_has_visits(&self) -> bool {
        matches!(self.role, Role::Consultant | Role::Mentor)
    }

    /// Whether a person is self-supporting after the end is the jobcenter's to follow up:
    /// only a consultant's calendar holds the follow-ups due.
    pub fn calendar_has_follow_ups(&self) -> bool {
        self.role == Role::Consultant
    }

    /// The jobcenter refers people into the contract's seats, places, moves and ends them, and
    /// attaches activities: its consultants.
    pub fn may_manage_seats(&self, c: &ContractParties) -> bool {
        self.may_draft_contract(c)
    }

    /// The jobcenter pays for mentor hours, so its consultants approve or reject them.
    pub fn may_approve_hours(&self, c: &ContractParties) -> bool {
        self.may_draft_contract(c)
    }

    /// The mentor named in the contract logs and submits its hours.
    pub fn may_log_hours(&self, c: &ContractParties) -> bool {
        self.role == Role::Mentor && c.shown_to_company && self.user_id == c.mentor_id
    }

    /// The mentor named in the contract records attendance, day by day, as they log hours.
    pub fn may_record_attendance(&self, c: &ContractParties) -> bool {
        self.may_log_hours(c)
    }

    /// Why someone was absent (sick, no-show, a note) is for the jobcenter's consultants and the
    /// mentor who recorded it; everyone else who sees the placement sees present or absent.
    pub fn may_see_absence_reason(&self, c: &ContractParties, recorded_by: &str) -> bool {
        self.may_draft_contract(c) || (self.role == Role::Mentor && *self.user_id == *recorded_by)
    }

    /// A placement is seen with its contract; the company's side (its signatories and the
    /// mentor) sees only people who are placed or have ended, not referrals still waiting or
    /// cancelled.
    pub fn may_view_placement(&self, c: &ContractParties, placed_or_ended: bool) -> bool {
        self.may_view_contract(c) && (self.is_jobcenter_side() || placed_or_ended)
    }

    /// Documents (#22) are attached to a contract or a placement by its parties whenever they
    /// may see it: the consultants of its jobcenter, the company's users and the contract's
    /// mentor. Administrators read them and add none.
    pub fn may_attach_documents(&self, c: &ContractParties) -> bool {
        self.may_view_contract(c) && self.role != Role::Admin
    }

    /// A document is removed only by the person who added it (who must still see its parent).
    pub fn may_remove_document(&self, added_by: &str) -> bool {
        self.user_id.as_str() == added_by
    }

    /// Which contracts a list may show.
    pub fn contract_scope(&self) -> ContractScope {
        match self.role {
            Role::Admin => ContractScope::All,
            Role::Consultant => {
                // An empty id names nothing: a consultant without a jobcenter sees no contract.
                ContractScope::Jobcenter(self.jobcenter_id.clone().unwrap_or_default())
            }
            Role::Company => ContractScope::Company(self.company_id.clone().unwrap_or_default()),
            Role::Mentor => ContractScope::Mentor(self.user_id.clone()),
        }
    }

    /// Company and mentor users see a contract from the company's side: without the
    /// jobcenter's drafts, warnings and notes.
    pub fn is_company_side(&self) -> bool {
        matches!(self.role, Role::Company | Role::Mentor)
    }

    /// Admins and consultants see the jobcenter's side: its notes, warnings and figures.
    pub fn is_jobcenter_side(&self) -> bool {
        !self.is_company_side()
    }

    /// The jobcenter a consultant drafts contracts, registers candidates and refers for; `None`
    /// for everyone else, who may do neither.
    pub fn consultant_jobcenter(&self) -> Option<&JobcenterId> {
        match self.role {
            Role::Consultant => self.jobcenter_id.as_ref(),
            _ => None,
        }
    }

    /// Consultants draft new contracts (for their own jobcenter).
    pub fn may_create_contracts(&self) -> bool {
        self.role == Role::Consultant
    }

    /// Consultants register candidates and refer them (for their own jobcenter).
    pub fn may_refer(&self) -> bool {
        self.role == Role::Consultant
    }

    /// A candidate's record with the CPR number: the consultants of the candidate's jobcenter.
    /// (Company users see a person placed with them by name only, through the placement.)
    pub fn may_open_candidate(&self, jobcenter_id: &str) -> bool {
        self.role == Role::Consultant && self.jobcenter_id.as_deref() == Some(jobcenter_id)
    }

    /// The weeks waiting for approval across contracts: consultants (of their jobcenter).
    pub fn may_list_pending_hours(&self) -> bool {
        self.role == Role::Consultant
    }

    /// What the jobcenter pays, per month and per contract (individual activities can reveal a
    /// person's conditions): admins (every jobcenter) and consultants (their own).
    pub fn may_view_payments(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Consultant)
    }

    /// Whose payments a list may show: `None` for all (admins), else the consultant's
    /// jobcenter. Only meaningful when [`Actor::may_view_payments`].
    pub fn payment_scope(&self) -> Option<&str> {
        match self.role {
            Role::Admin => None,
            _ => Some(self.jobcenter_id.as_deref().unwrap_or("")),
        }
    }

    /// Campaigns and their goals are the jobcenters' figures: admins and consultants.
    pub fn may_view_campaigns(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Consultant)
    }

    /// Figures are entered (or imported) by admins for any jobcenter and by consultants for
    /// their own.
    pub fn may_enter_figures(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Consultant)
    }

    /// Whether the figures of this jobcenter may be entered by the actor.
    pub fn may_enter_figures_for(&self, jobcenter_id: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Consultant => self.jobcenter_id.as_deref() == Some(jobcenter_id),
            Role::Company | Role::Mentor => false,
        }
    }

    /// Proposed corrections of a company's record: its signatories and the jobcenter side, not
    /// its mentors.
    pub fn may_view_company_corrections(&self, company_id: &str) -> bool {
        self.may_view_company(company_id) && self.role != Role::Mentor
    }
}

/// `Ok(())` when allowed, else 403.
pub fn require(allowed: bool) -> Result<(), AppError> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// For a single object the user may not see: 404, so its existence is not revealed.
pub fn require_visible(allowed: bool) -> Result<(), AppError> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, jc: Option<&str>, co: Option<&str>) -> Actor {
        Actor {
            user_id: "u".into(),
            email: "u@x.dk".into(),
            name: "U".into(),
            role,
            jobcenter_id: jc.map(JobcenterId::new),
            company_id: co.map(CompanyId::new),
            dpo: false,
            totp_enabled: false,
        }
    }

    #[test]
    fn company_users_see_only_their_own_company() {
        let signatory = actor(Role::Company, None, Some("c1"));
        assert!(signatory.may_view_company("c1"));
        assert!(!signatory.may_view_company("c2"));
        let c1 = CompanyParties {
            company_id: "c1".into(),
            contracting_jobcenters: vec!["j1".into()],
        };
        assert!(!signatory.may_edit_company(&c1));
        assert!(signatory.may_propose_company_correction("c1"));
        assert!(!signatory.may_propose_company_correction("c2"));
        assert_eq!(signatory.company_scope(), Some("c1"));
        let mentor = actor(Role::Mentor, None, Some("c1"));
        assert!(!mentor.may_edit_company(&c1));
        assert!(!mentor.may_propose_company_correction("c1"));
        assert!(!mentor.may_list_jobcenters());
    }

    #[test]
    fn consultants_see_their_jobcenter_and_the_registry() {
        let c = actor(Role::Consultant, Some("j1"), None);
        assert!(c.may_view_jobcenter("j1"));
        assert!(!c.may_view_jobcenter("j2"));
        assert!(!c.may_manage_jobcenters());
        assert!(c.may_view_company("any"));
        assert!(c.may_create_company());
        assert!(!c.may_manage_users());
        let admin = actor(Role::Admin, None, None);
        assert!(admin.may_view_jobcenter("j2") && admin.may_manage_users());
    }

    #[test]
    fn a_contract_is_seen_by_its_parties_and_drafted_by_its_jobcenter() {
        let sent = ContractParties {
            jobcenter_id: "j1",
            company_id: "c1",
            mentor_id: "m1",
            shown_to_company: true,
        };
        let draft = ContractParties {
            shown_to_company: false,
            ..sent
        };
        let own = actor(Role::Consultant, Some("j1"), None);
        let other = actor(Role::Consultant, Some("j2"), None);
        let signatory = actor(Role::Company, None, Some("c1"));
        let mut mentor = actor(Role::Mentor, None, Some("c1"));
        mentor.user_id = "m1".into();
        let other_mentor = actor(Role::Mentor, None, Some("c1"));
        assert!(own.may_view_contract(&draft) && own.may_draft_contract(&draft));
        assert!(!other.may_view_contract(&sent) && !other.may_approve_hours(&sent));
        assert!(
            !signatory.may_view_contract(&draft),
            "a draft is the consultant's own"
        );
        assert!(signatory.may_view_contract(&sent) && signatory.may_review_contract(&sent));
        assert!(!signatory.may_draft_contract(&sent) && !signatory.may_manage_seats(&sent));
        assert!(mentor.may_view_contract(&sent) && mentor.may_log_hours(&sent));
        assert!(!mentor.may_review_contract(&sent) && !mentor.may_approve_hours(&sent));
        assert!(!other_mentor.may_view_contract(&sent) && !other_mentor.may_log_hours(&sent));
        assert!(!own.may_log_hours(&sent) && own.may_approve_hours(&sent));
        assert_eq!(
            signatory.contract_scope(),
            ContractScope::Company("c1".into())
        );
        assert_eq!(own.consultant_jobcenter(), Some(&JobcenterId::new("j1")));
        assert_eq!(mentor.consultant_jobcenter(), None);
        assert!(own.may_open_candidate("j1") && !own.may_open_candidate("j2"));
        assert!(!signatory.may_open_candidate("j1") && !signatory.may_refer());
        assert!(!mentor.may_view_payments() && !signatory.may_view_campaigns());
        assert_eq!(own.payment_scope(), Some("j1"));
        assert!(own.may_enter_figures_for("j1") && !own.may_enter_figures_for("j2"));
        assert!(!mentor.may_view_company_corrections("c1"));
        assert!(signatory.may_view_company_corrections("c1"));
    }

    #[test]
    fn a_company_record_is_kept_by_the_jobcenters_that_contract_with_it() {
        let contracted = CompanyParties {
            company_id: "c1".into(),
            contracting_jobcenters: vec!["j1".into()],
        };
        let unused = CompanyParties {
            company_id: "c2".into(),
            contracting_jobcenters: vec![],
        };
        let own = actor(Role::Consultant, Some("j1"), None);
        let other = actor(Role::Consultant, Some("j2"), None);
        let admin = actor(Role::Admin, None, None);
        assert!(own.may_edit_company(&contracted));
        assert!(!other.may_edit_company(&contracted));
        assert!(other.may_edit_company(&unused));
        assert!(!own.may_change_cvr() && admin.may_change_cvr());
        assert!(own.may_decide_company_correction(&contracted, false));
        assert!(!own.may_decide_company_correction(&contracted, true));
        assert!(admin.may_decide_company_correction(&contracted, true));
        assert!(!other.may_decide_company_correction(&contracted, false));
    }

    #[test]
    fn documents_are_added_by_the_parties_and_removed_by_who_added_them() {
        let sent = ContractParties {
            jobcenter_id: "j1",
            company_id: "c1",
            mentor_id: "m1",
            shown_to_company: true,
        };
        let own = actor(Role::Consultant, Some("j1"), None);
        let signatory = actor(Role::Company, None, Some("c1"));
        let mut mentor = actor(Role::Mentor, None, Some("c1"));
        mentor.user_id = "m1".into();
        let other_mentor = actor(Role::Mentor, None, Some("c1"));
        let admin = actor(Role::Admin, None, None);
        for a in [&own, &signatory, &mentor] {
            assert!(a.may_attach_documents(&sent), "{:?}", a.role);
        }
        assert!(admin.may_view_contract(&sent) && !admin.may_attach_documents(&sent));
        assert!(!other_mentor.may_attach_documents(&sent));
        // The company's side sees placed and ended people only.
        assert!(signatory.may_view_placement(&sent, true));
        assert!(!signatory.may_view_placement(&sent, false));
        assert!(!mentor.may_view_placement(&sent, false));
        assert!(own.may_view_placement(&sent, false));
        assert!(mentor.may_remove_document("m1"));
        assert!(!own.may_remove_document("m1"));
    }
}
