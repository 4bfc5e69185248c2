//! The column headers of the CSV files offered for Excel (Danish, like the pages).

/// The campaign goals of a month, per jobcenter.
pub const GOALS: &[&str] = &[
    "Måned",
    "Jobcenter",
    "Region",
    "Målgruppe (N)",
    "N fra måned",
    "I aktivering (A)",
    "Andel (pct.)",
    "Måltal (T)",
    "Mål 1 (pct.)",
    "Vækst (pct.)",
    "Selvforsørgende (pct.)",
    "Opfølgninger (Mål 2)",
    "Begge mål",
];
/// The template for entering campaign figures; the import recognises these names.
pub const FIGURES_TEMPLATE: &[&str] = &[
    "Jobcenter",
    "Måned",
    "Målgruppe",
    "Aktivering uden for virksomhedscentre",
];
/// A month's payments of approved mentor hours.
pub const PAYMENTS: &[&str] = &[
    "Måned",
    "Jobcenter",
    "Virksomhed",
    "CVR",
    "Art",
    "Godkendte timer",
    "Beløb (kr.)",
];
/// The economy of a contract or a jobcenter, month by month.
pub const ECONOMY: &[&str] = &[
    "Måned",
    "Mentor, budget (kr.)",
    "Mentor, faktisk (kr.)",
    "Godkendte timer",
    "Fælles aktiviteter (kr.)",
    "Individuelle aktiviteter (kr.)",
    "Budget i alt (kr.)",
    "Faktisk i alt (kr.)",
];
/// A yes/no cell (lower case, as a value rather than a heading).
pub const YES: &str = "ja";
pub const NO: &str = "nej";
