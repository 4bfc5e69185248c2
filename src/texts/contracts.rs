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

// The labels of the contract's coded values
pub const OFFER_PRAKTIK: &str = "Virksomhedspraktik";
pub const OFFER_LOENTILSKUD: &str = "Løntilskud";
pub const BENEFIT_KONTANTHJAELP: &str = "Kontanthjælp";
pub const BENEFIT_STARTHJAELP: &str = "Starthjælp";
/// How the mentor hours count, after "3 t pr. uge".
pub const MENTOR_PER_SEAT: &str = "pr. plads";
pub const MENTOR_CENTRE: &str = "for centret";
pub const ACTIVITY_DANISH_LESSONS: &str = "Sprogundervisning";
pub const ACTIVITY_EXERCISE: &str = "Motion/træning";
pub const ACTIVITY_PSYCHOLOGIST: &str = "Psykologhjælp";
pub const ACTIVITY_OTHER: &str = "Andet";

pub fn unknown_offer_type(code: &str) -> String {
    format!("Ukendt tilbudstype: {code}")
}

pub fn unknown_benefit(code: &str) -> String {
    format!("Ukendt ydelse: {code}")
}

// Warnings that do not stop a contract
pub const FEWER_THAN_FOUR_SEATS: &str =
    "Under 4 pladser: et virksomhedscenter har normalt mindst 4 faste pladser.";

/// More seats than the rimelighedskrav allows for the worksite's employees.
pub fn seats_over_ratio(employees: &str, max: i32, seats: i32) -> String {
    format!(
        "Rimelighedskravet: {employees} ordinært ansatte giver højst {max} personer med løntilskud eller i praktik; kontrakten har {seats} pladser."
    )
}

// The list of changes between two versions of the terms

/// The label of a term by its field name in the list of changes; an unknown name as it is.
pub fn term_label(field: &str) -> &str {
    match field {
        "consultant_id" => "Jobkonsulent",
        "mentor_id" => "Mentor",
        "worksite_p_number" => "Arbejdssted (P-nummer)",
        "goals" => "Mål",
        "seats" => "Pladser",
        "offer_types" => "Tilbudstyper",
        "target_benefits" => "Målgruppe (ydelser)",
        "target_match_group" => "Matchgruppe",
        "work_tasks" => "Arbejdsopgaver",
        "mentor_minutes_per_week" => "Mentortimer pr. uge",
        "mentor_basis" => "Mentortimer gælder",
        "mentor_rate_ore" => "Timesats for mentor",
        "mentor_fixed_grant_ore" => "Fast tilskud pr. måned",
        "activities" => "Støtteaktiviteter",
        "follow_up_weeks" => "Opfølgning hver",
        "start_date" => "Startdato",
        "end_date" => "Slutdato",
        "notice_days" => "Opsigelse (dage)",
        "ordinary_employees" => "Ordinært ansatte på arbejdsstedet",
        "employee_rep_statement" => "Udtalelse fra medarbejderrepræsentant",
        other => other,
    }
}
pub const NO_ACTIVITIES: &str = "ingen";
pub const NO_GRANT: &str = "intet";

/// "Sprogundervisning (AOF, 2 t pr. uge, 1.200,00 kr.)": a shared activity in the changes.
pub fn activity_summary(kind: &str, provider: &str, hours: &str, cost: &str) -> String {
    format!("{kind} ({provider}, {hours} pr. uge, {cost})")
}

/// The follow-up interval: "4. uge".
pub fn every_nth_week(n: i32) -> String {
    format!("{n}. uge")
}

// The states of a contract and of its versions, as they read in a sentence
pub const STATUS_DRAFT: &str = "kladde";
pub const STATUS_SENT: &str = "sendt";
pub const STATUS_CHANGES_REQUESTED: &str = "ændringer ønsket";
pub const STATUS_ACCEPTED: &str = "accepteret";
pub const STATUS_CANCELLED: &str = "annulleret";
pub const STATUS_ACTIVE: &str = "aktiv";
pub const STATUS_ENDED: &str = "afsluttet";
pub const STATUS_TERMINATED: &str = "opsagt";

// What cannot be done to a contract in its state: "Kan ikke sende: kontrakten er opsagt."
pub const DO_EDIT: &str = "redigere";
pub const DO_SEND: &str = "sende";
pub const DO_WITHDRAW: &str = "trække tilbage";
pub const DO_ACCEPT: &str = "acceptere";
pub const DO_REQUEST_CHANGES: &str = "bede om ændringer";
pub const DO_AMEND: &str = "lave et tillæg";
pub const AMENDMENT_PENDING: &str = "tillæg afventer";
pub const DO_TERMINATE: &str = "opsige";

/// An action the contract's state does not allow, with the state of its draft if it has one.
pub fn refused(what: &str, status: &str, draft: Option<&str>) -> String {
    refused_as(SUBJECT_CONTRACT, what, status, draft)
}

/// What the workflow says of its subject: "kontrakten", "aftalen".
pub const SUBJECT_CONTRACT: &str = "kontrakten";

/// [`refused`] for another subject that follows the contract's workflow (a placement's agreement).
pub fn refused_as(subject: &str, what: &str, status: &str, draft: Option<&str>) -> String {
    match draft {
        Some(d) => format!("Kan ikke {what}: {subject} er {status} og udkastet er {d}."),
        None => format!("Kan ikke {what}: {subject} er {status}."),
    }
}

// Conflicts and dates of the workflow
pub const NO_DRAFT: &str = "Kontrakten har intet udkast.";
pub const REVISION_NOT_A_NUMBER: &str = "Revisionen skal være et helt tal";
pub const UNKNOWN_STATUS: &str = "Ukendt status";

/// Someone else changed the contract after the revision the caller saw.
pub fn changed_since_revision(expected: i32) -> String {
    format!("Kontrakten er ændret af en anden siden revision {expected}. Genindlæs og prøv igen.")
}

pub fn date_within_contract(from: &str, to: &str) -> String {
    format!("Datoen skal ligge i kontraktens periode ({from} – {to})")
}

/// When an amendment may take effect: after the version in force began, and in the period.
pub fn amendment_between(after: &str, latest: &str) -> String {
    format!("Tillægget skal træde i kraft efter {after} og senest {latest}")
}

/// An amendment may not reach back over a week of hours already approved ("uge 23 · 2011").
pub fn amendment_after_approved_week(week: &str, first_day: &str) -> String {
    format!(
        "Timerne for {week} er godkendt efter de gældende vilkår; tillægget kan tidligst træde i kraft {first_day}"
    )
}

// Accepting a contract: read it, check and accept, receipt (#20)

/// The signatory accepted what they checked, but it had changed in between.
pub const CHANGED_SINCE_CHECKED: &str = "Kontrakten er ændret, siden du tjekkede den, og intet er accepteret. Tjek den nye udgave, før du accepterer.";
/// The steps of an acceptance, for the step indicator.
pub const STEPS_LABEL: &str = "Trin i accepten";
pub const STEP_READ: &str = "Læs kontrakten";
pub const STEP_CHECK: &str = "Tjek og accepter";
pub const STEP_RECEIPT: &str = "Kvittering";
/// "Trin 2 af 3", read by screen readers beside the step's title.
pub fn step_of(n: usize, total: usize) -> String {
    format!("Trin {n} af {total}")
}
pub const STEP_DONE: &str = "udført";
pub const READ_THEN_DECIDE: &str =
    "Læs kontrakten herunder. I tager stilling nederst på siden, efter vilkårene.";
pub const GO_TO_DECISION: &str = "Gå til beslutningen";
pub const DECISION_TITLE: &str = "Jeres beslutning";
pub const DECISION_HINT: &str = "Er kontrakten, som I har aftalt, går du videre og tjekker det vigtigste, før du accepterer. Skal noget ændres, sender du den tilbage til jobcentret med en kommentar.";
pub const GO_TO_CHECK: &str = "Tjek og accepter";
pub const OR_REQUEST_CHANGES: &str = "Eller bed om ændringer";
pub const CHECK_TITLE: &str = "Tjek og accepter";
pub const CHECK_INTRO: &str =
    "Tjek, at det er det, I har aftalt. Når du accepterer, er kontrakten bindende for virksomheden.";
pub const CHECK_INTRO_AMENDMENT: &str = "Tjek tillægget. Når du accepterer, gælder de nye vilkår fra datoen herunder, og det er bindende for virksomheden.";
pub const CHECK_WHAT: &str = "Det accepterer du";
pub const CHECK_CONTRACT: &str = "Kontrakt";
pub const CHECK_VERSION: &str = "Version";
pub const CHECK_SEATS: &str = "Pladser";
pub const CHECK_PERIOD: &str = "Periode";
pub const CHECK_OFFER_TYPES: &str = "Tilbudstyper";
pub const CHECK_PRICE: &str = "Pris";
pub const CHECK_CHANGES: &str = "Det ændrer tillægget";
pub const CHECK_WHO: &str = "Hvem accepterer";
pub const CHECK_SIGNATORY: &str = "Underskriver";
pub const CHECK_COMPANY: &str = "Virksomhed";
pub const CHECK_AUTHORISED: &str = "Ved at acceptere bekræfter du, at du er tegningsberettiget for virksomheden og må forpligte den til denne kontrakt.";
pub const CHECK_REFERENCE: &str = "Referencenummer";
pub const CHECK_REFERENCE_HINT: &str =
    "Referencenummeret følger indholdet: ændres kontrakten, før du accepterer, får den et nyt.";
pub const CHECK_BACK: &str = "Tilbage til kontrakten";
pub const ACCEPT_FINAL: &str = "Accepter kontrakten";
pub const ACCEPT_FINAL_AMENDMENT: &str = "Accepter tillægget";
pub const RECEIPT_TITLE: &str = "Kvittering";
pub const RECEIPT_DONE: &str = "Kontrakten er accepteret";
pub const RECEIPT_DONE_AMENDMENT: &str = "Tillægget er accepteret";
pub const RECEIPT_WHAT: &str = "Det er accepteret";
pub const RECEIPT_BY: &str = "Accepteret af";
pub const RECEIPT_AT: &str = "Tidspunkt";
pub const RECEIPT_REFERENCE: &str = "Referencenummer";
pub const RECEIPT_KEEP: &str = "Gem kvitteringen. Referencenummeret viser præcis, hvilket indhold der er accepteret; jobcentret kan slå det op.";
pub const RECEIPT_LINK: &str = "Kvittering";
pub const VERSION_REFERENCE: &str = "Referencenummer";

/// "Version 2 · tillæg fra 01-03-2011" or "Version 1".
pub fn version_label(n: i32, amendment_from: Option<&str>) -> String {
    match amendment_from {
        Some(d) => format!("Version {n} · tillæg, gælder fra {d}"),
        None => format!("Version {n}"),
    }
}

/// "Birgit Sund på vegne af Fænøsund Gartneri ApS (CVR 12345678)".
pub fn on_behalf_of(name: &str, company: &str, cvr: &str) -> String {
    format!("{name} på vegne af {company} (CVR {cvr})")
}

/// A time in Danish time as a receipt gives it: "31-03-2011 kl. 14.05".
pub fn at_time(date: &str, time: &str) -> String {
    format!("{date} kl. {time}")
}

/// The mentor part of the price: "3 t pr. uge pr. plads à 250,00 kr. pr. time, højst 3.000,00 kr. pr. uge".
pub fn price_mentor(hours: &str, basis: &str, rate: &str, week_max: &str) -> String {
    format!("Mentortimer: {hours} pr. uge {basis} à {rate} pr. time, højst {week_max} pr. uge")
}

/// "Fast mentortilskud: 2.000,00 kr. pr. måned".
pub fn price_grant(amount: &str) -> String {
    format!("Fast mentortilskud: {amount} pr. måned")
}

/// "Fælles støtteaktiviteter: 12.000,00 kr. i alt for perioden".
pub fn price_activities(total: &str) -> String {
    format!("Fælles støtteaktiviteter: {total} i alt for perioden")
}

/// "Kontrakten har 30 dages opsigelsesvarsel: den kan tidligst opsiges til 06-01-2027."
pub fn notice_from(days: i32, earliest: &str) -> String {
    format!(
        "Kontrakten har {days} dages opsigelsesvarsel: den kan tidligst opsiges til {earliest}."
    )
}

pub fn notice_hint(days: i32, earliest: &str) -> String {
    format!("Virksomheden opsiger med {days} dages varsel: tidligst til {earliest}.")
}
