//! Mentor hours: the messages of logging, submitting and deciding weeks.

pub const NO_FUTURE_HOURS: &str = "Timer kan ikke registreres i fremtiden";
pub const PICK_HOUR_ACTIVITY: &str = "Vælg introduktion, oplæring, opfølgningssamtale eller andet";
pub const NOT_MENTOR: &str = "Kontrakten findes ikke, eller du er ikke mentor på den";
pub const NOT_ACCEPTED_YET: &str = "Kontrakten er ikke accepteret endnu";
pub const INVALID_MONTH: &str = "Ugyldig måned";
pub const INVALID_DATE: &str = "Ugyldig dato";
