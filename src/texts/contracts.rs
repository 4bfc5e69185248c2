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
