//! Contracts: the messages of drafting, sending, accepting, amending and terminating.

pub const REFS_CONSULTANT: &str = "Jobkonsulenten skal være fra kontraktens jobcenter";
pub const REFS_MENTOR: &str = "Mentoren skal være en mentor i virksomheden";
pub const PICK_WORKSITE: &str =
    "Vælg arbejdsstedet (P-nummer): rimelighedskravet gælder pr. arbejdssted";
pub const UNKNOWN_WORKSITE: &str = "P-nummeret er ikke et af virksomhedens arbejdssteder";
pub const PICK_COMPANY: &str = "Vælg en virksomhed fra registret";
pub const START_FIXED_IN_AMENDMENT: &str = "Startdatoen kan ikke ændres i et tillæg";
pub const END_BEFORE_AMENDMENT: &str = "Slutdatoen ligger før tillæggets ikrafttræden";
pub const INVALID_DATE: &str = "Ugyldig dato (brug dd-mm-åååå)";
pub const NOT_A_WHOLE_NUMBER: &str = "Skal være et helt tal";
pub const NOT_NEGATIVE: &str = "Må ikke være negativ";
pub const TEXT_TOO_LONG: &str = "Teksten er for lang";
pub const PICK_YES_NO: &str = "Vælg ja eller nej";
pub const PICK_MENTOR: &str = "Vælg en mentor";
pub const PICK_OFFER_TYPES: &str = "Vælg mindst én tilbudstype";
pub const PICK_TARGET_BENEFITS: &str = "Vælg mindst én ydelse i målgruppen";
pub const PICK_MENTOR_BASIS: &str = "Vælg pr. plads eller for centret";
pub const PICK_ACTIVITY_KIND: &str = "Vælg en slags aktivitet";
pub const END_AFTER_START: &str = "Slutdatoen skal ligge efter startdatoen";
pub const AT_MOST_TEN_YEARS: &str = "En kontrakt kan højst løbe i 10 år";

/// An amount over its limit, the limit in kroner as people type it.
pub fn amount_too_large(max_kroner: &str) -> String {
    format!("Beløbet er for stort (højst {max_kroner})")
}

pub fn at_least(min: i64) -> String {
    format!("Skal være mindst {min}")
}

pub fn number_too_large(max: &str) -> String {
    format!("Tallet er for stort (højst {max})")
}

pub fn at_most_activities(n: usize) -> String {
    format!("Højst {n} støtteaktiviteter")
}
