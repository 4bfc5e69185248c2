//! The task inbox on the home pages.

pub const TITLE: &str = "Det skal du gøre nu";
/// The task list's page title.
pub const PAGE_TITLE: &str = "Alle opgaver";
pub const PAGE_INTRO: &str =
    "Alle dine opgaver, de nyeste først: op til 50 af hver slags. Hver opgave fører direkte derhen, hvor den løses.";
/// Below the home page's inbox when some kind has more tasks than it shows.
pub const SHOW_ALL: &str = "Se alle opgaver";
pub const FIRST_OF_EACH: &str = "De første af hver slags.";
pub const EMPTY: &str =
    "Du har ingen opgaver lige nu. Nye opgaver dukker op her, så snart der er noget at gøre.";
pub const DUE: &str = "senest";
/// Before the day a task arose: "fra 01-03-2011".
pub const SINCE: &str = "fra";
pub const ENDS: &str = "udløber";
pub const CHANGES_REQUESTED: &str = "Ændringer ønsket";
pub const WEEK_TO_APPROVE: &str = "Timer til godkendelse";
pub const FOLLOW_UP_DUE: &str = "Opfølgning";
pub const CONTRACT_ENDING: &str = "Kontrakt udløber";
pub const WAITING: &str = "På venteliste";
pub const SEAT_FOR_REMAINING: &str = "Ledig plads til resten af perioden";
pub const MOVED_UP: &str = "Fik plads fra ventelisten";
pub const CONTRACT_TO_REVIEW: &str = "Kontrakt til gennemsyn";
pub const REVIEW_NEW: &str = "ny kontrakt";
pub const REVIEW_AMENDMENT: &str = "ændring af kontrakten";
pub const WEEK_TO_SUBMIT: &str = "Uge ikke indsendt";
pub const WEEK_REJECTED: &str = "Uge afvist";
pub const COMPANY_CORRECTION: &str = "Rettelse af virksomhed";
pub const NO_SHOW: &str = "Udeblivelse";
pub const AGREEMENT_TO_REVIEW: &str = "Aftale om forløb";
pub const AGREEMENT_RETURNED: &str = "Aftale sendt tilbage";
pub const VISIT_DUE: &str = "Opfølgningsbesøg";
pub const VISIT_OVERDUE: &str = "Besøg overskredet";
