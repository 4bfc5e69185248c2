//! The economy tables of a contract and a jobcenter.

pub const TITLE: &str = "Økonomi";
pub const MONTH: &str = "Måned";
pub const MENTOR_BUDGET: &str = "Mentor, budget";
pub const MENTOR_ACTUAL: &str = "Mentor, faktisk";
pub const SHARED: &str = "Fælles aktiviteter";
pub const INDIVIDUAL: &str = "Individuelle aktiviteter";
pub const BUDGET_TOTAL: &str = "Budget i alt";
pub const ACTUAL_TOTAL: &str = "Faktisk i alt";
pub const TOTAL: &str = "I alt";
