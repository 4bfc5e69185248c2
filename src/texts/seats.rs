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
pub const DATE_YEARS: &str = super::DATE_YEARS;
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

// The states of a placement, as they read in a sentence ("Forløbet er placeret")
pub const STATUS_PLACED: &str = "placeret";
pub const STATUS_WAITING: &str = "på venteliste";
pub const STATUS_ENDED: &str = "afsluttet";
pub const STATUS_CANCELLED: &str = "annulleret";

// How a placement ended
pub const OUTCOME_ORDINARY_JOB: &str = "Ordinært job";
pub const OUTCOME_EDUCATION: &str = "Uddannelse";
pub const OUTCOME_SELF_SUPPORTING_OTHER: &str = "Selvforsørgende på anden måde";
pub const OUTCOME_BACK_ON_BENEFIT: &str = "Tilbage på ydelse";
pub const OUTCOME_OTHER: &str = "Andet";

// What retention writes in place of personal data. Written into the rows, so a change here
// does not reach rows already anonymised.
/// The name an anonymised candidate is shown with.
pub const ANONYMISED_NAME: &str = "Anonymiseret";
/// What an extension's event says once retention has removed its assessment.
pub const ASSESSMENT_REMOVED: &str =
    "Forlænget · Konkret vurdering registreret (teksten er slettet efter opbevaringsperioden)";

// The rules on how long a stay may last
pub fn weeks(n: i64) -> String {
    format!("{n} uger")
}

/// A period over the limit for the candidate ("Virksomhedspraktik må højst vare 13 uger …"),
/// with the days of the stay it joins, and whether an assessment can allow more.
pub fn too_long(offer: &str, limit: &str, joined_days: Option<i64>, assessable: bool) -> String {
    let mut m = format!("{offer} må højst vare {limit} for denne kandidat");
    if let Some(days) = joined_days {
        m.push_str(&format!(
            " (sammen med ophold på virksomheden med under 4 ugers mellemrum: {days} dage i alt)"
        ));
    }
    if assessable {
        m.push_str("; længere kun ved forlængelse med en konkret vurdering");
    }
    m
}

pub fn extension_needs_assessment(limit: &str) -> String {
    format!(
        "Forlængelse ud over {limit} kræver en konkret vurdering af, hvorfor personen skal blive længere"
    )
}

pub fn at_most_even_assessed(offer: &str, most: &str) -> String {
    format!("{offer} må højst vare {most} i alt, også med en konkret vurdering")
}

/// "Forløbet er placeret: kun en henvisning …", with the placement's state first.
pub fn only_begun_waiting_takes_remaining(state: &str) -> String {
    format!(
        "{state}: kun en henvisning på venteliste, hvis periode er begyndt, kan tage resten af perioden."
    )
}

pub fn no_seat_for_remaining(from: &str, to: &str) -> String {
    format!("Der er ingen ledig plads fra {from} til {to}; henvisningen bliver på ventelisten.")
}

pub fn follow_up_after_end(state: &str) -> String {
    format!("{state}: opfølgningen kommer efter forløbets afslutning.")
}

pub fn follow_up_not_before(date: &str, weeks: i64) -> String {
    format!("Opfølgningen registreres tidligst {date} ({weeks} uger efter forløbets afslutning)")
}

// The details of a placement's events in its history (written into the rows)
pub fn event_seat(seat: i32) -> String {
    format!("plads {seat}")
}

pub fn event_waiting(position: i64) -> String {
    format!("venteliste nr. {position}")
}

pub fn event_promoted(seat: i32) -> String {
    format!("fra ventelisten til plads {seat}")
}

pub fn event_remaining(seat: i32, from: &str) -> String {
    format!("fra ventelisten til plads {seat} fra {from}")
}

pub const EVENT_OUTSIDE_CONTRACT: &str = "uden for kontraktens periode";
/// What stands before an extension's assessment in its event: retention finds the events whose
/// assessment it must remove by it.
pub const ASSESSMENT_MARK: &str = "Konkret vurdering:";

/// An extension with its assessment: "30-06-2011 · Konkret vurdering: …".
pub fn event_extended_assessed(date: &str, assessment: &str) -> String {
    format!("{date} · {ASSESSMENT_MARK} {assessment}")
}

/// The rimelighedskrav reached on a day of the period, at the worksite.
pub fn ratio_reached(employees: &str, max: i32, day: &str, already: i32) -> String {
    format!(
        "Rimelighedskravet: arbejdsstedet har {employees} ordinært ansatte og må højst have {max} personer i virksomhedspraktik og løntilskud; den {day} er der allerede {already}"
    )
}

// CPR numbers
pub const CPR_FORMAT: &str = "CPR-nummeret skal skrives DDMMÅÅ-XXXX (10 cifre)";
pub const CPR_NO_SUCH_BIRTH_DATE: &str = "CPR-nummerets fødselsdato findes ikke";
pub const CPR_BORN_IN_FUTURE: &str = "CPR-nummerets fødselsdato ligger i fremtiden";
/// How a CPR number is typed, as the hint beside its field.
pub const CPR_HINT: &str = "DDMMÅÅ-XXXX";
pub const CANDIDATE_EXISTS: &str = "Personen er allerede oprettet i jeres jobcenter";
pub const UNKNOWN_OFFER_TYPE: &str = "Ukendt tilbudstype";
pub const UNKNOWN_ACTIVITY_KIND: &str = "Ukendt slags aktivitet";

/// A candidate's own supporting activity on the candidate page.
pub fn individual_activity(
    kind: &str,
    provider: &str,
    hours: &str,
    cost: &str,
    from: &str,
    to: &str,
) -> String {
    format!("{kind}, {provider}, {hours} pr. uge, {cost}, {from} – {to}")
}

/// A contract to refer to, in the referral form's choice.
pub fn contract_choice(company: &str, from: &str, to: &str, seats: i32) -> String {
    format!("{company} ({from} – {to}, {seats} pladser)")
}

/// A contract to refer to with the offers it allows: "… · virksomhedspraktik, løntilskud".
pub fn contract_choice_with_offers(choice: &str, offers: &[&str]) -> String {
    if offers.is_empty() {
        return choice.to_string();
    }
    format!("{choice} · {}", offers.join(", ").to_lowercase())
}

/// A waiting referral's place in the queue, after its status: " (nr. 2)".
pub fn waiting_position(position: i64) -> String {
    format!(" (nr. {position})")
}

/// The placement's own pages, linked from it.
pub const PLACEMENT_LINKS: &str = "Forløbets sider";
pub const PLACEMENT_AGREEMENT: &str = "Aftale om forløbet";
pub const PLACEMENT_ATTENDANCE: &str = "Fremmøde";

// Visitation (#22)
pub const VISITATION_TITLE: &str = "Visitation";
pub const VISITATION_LEAD: &str =
    "Find en person, vælg en periode, og se de kontrakter, der har en ledig plads i hele perioden.";
pub const VISITATION_FIND: &str = "Find personen";
pub const VISITATION_FIND_HINT: &str = "Navn eller CPR-nummer (et opslag på CPR-nummer logges)";
pub const VISITATION_SEARCH: &str = "Søg";
pub const VISITATION_NONE_FOUND: &str = "Ingen kandidater fundet.";
pub fn visitation_for(name: &str) -> String {
    format!("Ledige pladser til {name}")
}
pub const VISITATION_START: &str = "Fra";
pub const VISITATION_END: &str = "Til";
pub const VISITATION_OFFER: &str = "Tilbud";
pub const ANY_OFFER: &str = "Alle tilbud";
pub const VISITATION_SHOW: &str = "Vis ledige pladser";
pub const VISITATION_NO_SEAT: &str =
    "Ingen kontrakt har en ledig plads i hele perioden, som passer til personen.";
pub fn visitation_caption(from: &str, to: &str) -> String {
    format!("Kontrakter med en ledig plads {from} – {to}, bedst egnede først")
}
pub const VISITATION_COMPANY: &str = "Virksomhed";
pub const VISITATION_PLACE: &str = "Sted";
pub const VISITATION_OFFERS: &str = "Tilbud";
pub const VISITATION_SEAT: &str = "Plads";
pub const VISITATION_HEADROOM: &str = "Plads under rimelighedskravet";
pub const VISITATION_REFER: &str = "Henvis";
pub fn visitation_refer_to(company: &str) -> String {
    format!("Henvis til {company}")
}
