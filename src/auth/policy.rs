//! Who may do what: the access rules for users, organisations, companies and their records.
//! Not yet every rule lives here (issue #19): contracts (`contracts::service::may_view`,
//! `may_draft`, `may_review`, also used for hours and placements), campaigns
//! (`campaign::service`) and some pages still decide for themselves; the access-matrix tests
//! (`tests/it/matrix.rs`) check every route whichever file decides.

use crate::auth::model::{Actor, Role};
use crate::error::AppError;

/// The facts about a company that decide who may change its record.
#[derive(Debug, Clone, Default)]
pub struct CompanyParties {
    pub company_id: String,
    /// The jobcenters that have a contract with the company that it has accepted.
    pub contracting_jobcenters: Vec<String>,
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

    /// The CPR access log of a jobcenter: administrators, and the jobcenter's data-protection
    /// officer. `None` means every jobcenter.
    pub fn access_log_scope(&self) -> Option<Option<&str>> {
        match self.role {
            Role::Admin => Some(None),
            Role::Consultant if self.dpo => self.jobcenter_id.as_deref().map(Some),
            _ => None,
        }
    }

    /// Users are kept by administrators.
    pub fn may_manage_users(&self) -> bool {
        self.is_admin()
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
            jobcenter_id: jc.map(str::to_string),
            company_id: co.map(str::to_string),
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
}
