//! The seats area's coded values, and the words retention leaves in place of personal data.

use crate::texts::seats as t;

/// The name an anonymised candidate is shown with, and what an extension's event says once
/// retention has removed its assessment (both written into the rows, in Danish).
pub use crate::texts::seats::{ANONYMISED_NAME, ASSESSMENT_REMOVED};
/// The masked CPR number an anonymised candidate is shown with.
pub const ANONYMISED_CPR: &str = "XXXXXX-XXXX";

/// How a placement ended, recorded when it ends (Mål 2 follows up on the self-supporting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OrdinaryJob,
    Education,
    SelfSupportingOther,
    BackOnBenefit,
    Other,
}

coded_enum!(Outcome {
    OrdinaryJob => "ordinary_job", t::OUTCOME_ORDINARY_JOB;
    Education => "education", t::OUTCOME_EDUCATION;
    SelfSupportingOther => "self_supporting_other", t::OUTCOME_SELF_SUPPORTING_OTHER;
    BackOnBenefit => "back_on_benefit", t::OUTCOME_BACK_ON_BENEFIT;
    Other => "other", t::OUTCOME_OTHER;
});

/// The Danish word for a stored placement status (the code itself if it is unknown).
pub fn status_label(code: &str) -> &str {
    crate::seats::book::BookingState::parse(code).map_or(code, |s| s.label())
}

/// The Danish words for a stored outcome (the code itself if it is unknown).
pub fn outcome_label(code: &str) -> &str {
    Outcome::parse(code).map_or(code, |o| o.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::model::Role;
    use crate::hours::model::WeekStatus;
    use crate::seats::book::BookingState;

    #[test]
    fn an_unknown_stored_code_is_an_error_not_another_value() {
        assert_eq!(
            BookingState::from_stored("cancelled").ok(),
            Some(BookingState::Cancelled)
        );
        assert!(BookingState::from_stored("gone").is_err(), "was: cancelled");
        assert!(WeekStatus::from_stored("archived").is_err(), "was: open");
        assert!(Role::from_stored("superuser").is_err(), "was: mentor");
        assert_eq!(Outcome::parse(" education "), Some(Outcome::Education));
        assert_eq!(Outcome::parse("graduated"), None);
        assert_eq!(status_label("waiting"), "på venteliste");
        assert_eq!(outcome_label("graduated"), "graduated", "shown as stored");
    }
}
