//! Candidates, referrals and placements: the seats area's messages. Functions take their
//! values already formatted (dates as dd-mm-åååå), so this module needs nothing of the crate.

pub const PICK_ACTIVITY_KIND: &str = "Vælg en slags aktivitet";
pub const MINUTES_PER_WEEK: &str = "Minutter pr. uge, 0 eller mere";
pub const COST_ORE: &str = "Beløb i øre, fra 0 til 10 mio. kr.";
pub const END_BEFORE_START: &str = "Slutdatoen ligger før startdatoen";
pub const CANDIDATE_NOT_IN_JOBCENTER: &str = "Kandidaten findes ikke i jeres jobcenter";
pub const CONTRACT_NOT_IN_JOBCENTER: &str = "Kontrakten findes ikke i jeres jobcenter";
pub const PICK_BENEFIT: &str = "Vælg kontanthjælp eller starthjælp";
pub const MATCH_GROUP: &str = "Matchgruppe 1, 2 eller 3";
pub const PICK_OUTCOME: &str = "Vælg et resultat";
pub const FOLLOWED_UP_NO_EXTENSION: &str =
    "Forløbet er fulgt op efter sin afslutning og kan ikke forlænges.";
pub const NEW_END_AFTER_CURRENT: &str = "Den nye slutdato skal ligge efter den nuværende";
pub const ASSESSMENT_TOO_LONG: &str = "Højst 2.000 tegn";
pub const SAY_SELF_SUPPORTING: &str = "Angiv om personen er selvforsørgende";
pub const SELF_SUPPORTING: &str = "selvforsørgende";
pub const NOT_SELF_SUPPORTING: &str = "ikke selvforsørgende";
pub const INVALID_DATE: &str = "Ugyldig dato (brug dd-mm-åååå)";
pub const DATE_YEARS: &str = "Datoen skal ligge mellem år 1800 og 2200";
pub const PICK_OFFER: &str = "Vælg virksomhedspraktik eller løntilskud";
pub const PICK_CONTRACT: &str = "Vælg en kontrakt";
pub const PICK_CANDIDATE: &str = "Vælg en kandidat";
pub const CONTRACT_NOT_IN_FORCE: &str = "Kontrakten er ikke accepteret og i kraft";
pub const CONTRACT_NOT_ACCEPTED: &str = "Kontrakten er ikke accepteret";
pub const NOT_IN_TARGET_GROUP: &str =
    "Kandidaten er ikke i kontraktens målgruppe (ydelse eller matchgruppe)";

/// "Forløbet er placeret", with the status's word.
pub fn placement_is(status: &str) -> String {
    format!("Forløbet er {status}")
}

pub fn cannot_end(state: &str) -> String {
    format!("{state}: kan ikke afsluttes.")
}

pub fn cannot_cancel(state: &str) -> String {
    format!("{state}: kan ikke annulleres.")
}

pub fn cannot_extend(state: &str) -> String {
    format!("{state}: kan ikke forlænges.")
}

pub fn date_within_placement(from: &str, to: &str) -> String {
    format!("Datoen skal ligge i forløbet ({from} – {to})")
}

pub fn begun_not_cancelled(start: &str) -> String {
    format!(
        "Forløbet begyndte {start}: et påbegyndt forløb afsluttes med et resultat, det annulleres ikke."
    )
}

pub fn at_most_activities(n: usize) -> String {
    format!("Højst {n} støtteaktiviteter pr. forløb")
}

pub fn already_placed(from: &str, to: &str) -> String {
    format!("Kandidaten har allerede et forløb {from} – {to}")
}

pub fn period_within_contract(from: &str, to: &str) -> String {
    format!("Perioden skal ligge inden for kontraktens periode ({from} – {to})")
}

pub fn offer_not_allowed(offer: &str) -> String {
    format!("Kontrakten tillader ikke {offer}")
}

pub fn seat_not_free(day: &str) -> String {
    format!("Pladsen er ikke fri den {day}")
}

pub fn other_placement_from(day: &str) -> String {
    format!("Kandidaten har et andet forløb fra {day}")
}

pub fn overbooked(day: &str) -> String {
    format!("Der er ikke plads: den {day} ville kontrakten have flere i forløb end pladser.")
}
