//! The words of the shared page components built on Det Fælles Designsystem: the date input,
//! the confirmation step before a destructive action, the step indicator and the header.

// The date input (day, month and year in three fields).
pub const DAY: &str = "Dag";
pub const MONTH: &str = "Måned";
pub const YEAR: &str = "År";
pub const DATE_PARTS_MISSING: &str = "Udfyld dag, måned og år";
/// A date that does not exist, named as typed: "31-02-2026 er ikke en dato, der findes".
pub fn no_such_date(typed: &str) -> String {
    format!("{typed} er ikke en dato, der findes (dd-mm-åååå)")
}

// The confirmation step (works without JavaScript: a page between the button and the action).
pub const UNDO: &str = "Fortryd";
pub const CONFIRM_LEAD: &str = "Tjek, før du fortsætter";

pub const WITHDRAW_TITLE: &str = "Træk kontrakten tilbage?";
pub const WITHDRAW_WHAT: &str =
    "Kontrakten trækkes tilbage fra virksomheden og bliver et udkast igen.";
pub const WITHDRAW_CONSEQUENCE: &str =
    "Virksomheden kan ikke længere se eller acceptere den. Du kan rette den og sende den igen.";
pub const WITHDRAW_YES: &str = "Ja, træk kontrakten tilbage";

pub const TERMINATE_TITLE: &str = "Opsig kontrakten?";
/// What terminating does, with the last day as typed.
pub fn terminate_what(date: &str) -> String {
    format!("Kontrakten opsiges med virkning fra {date}.")
}
pub const TERMINATE_CONSEQUENCE: &str = "Opsigelsen kan ikke fortrydes. Pladserne kan ikke bruges efter datoen, og virksomheden får besked.";
pub const TERMINATE_REASON: &str = "Begrundelse";
pub const TERMINATE_YES: &str = "Ja, opsig kontrakten";

pub const CANCEL_PLACEMENT_TITLE: &str = "Annuller visitationen?";
pub const CANCEL_PLACEMENT_WHAT: &str =
    "Visitationen annulleres, og borgeren starter ikke i virksomheden.";
pub const CANCEL_PLACEMENT_CONSEQUENCE: &str = "Annulleringen kan ikke fortrydes. En plads, der bliver ledig, gives videre til den første på ventelisten.";
pub const CANCEL_PLACEMENT_YES: &str = "Ja, annuller visitationen";

// The step indicator.
pub const STEPS: &str = "Trin";
/// "Trin 2 af 3", read before each step's name.
pub fn step_of(n: usize, of: usize) -> String {
    format!("Trin {n} af {of}")
}
pub const STEP_DONE: &str = "færdig";
pub const STEP_CURRENT: &str = "aktuelt trin";

// The header.
pub const USER_MENU: &str = "Bruger";
