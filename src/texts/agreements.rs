//! The words of a placement's agreement (praktikaftale / løntilskudsaftale).

use chrono::NaiveDate;

/// What the contract's workflow calls its subject here.
pub const SUBJECT: &str = "aftalen";

// Validation
pub const REQUIRED: &str = "Skal udfyldes";
pub const TOO_LONG: &str = "Teksten er for lang (højst 4.000 tegn)";
pub const DATE_FORMAT: &str = "Skriv datoen som dd-mm-åååå";
pub const END_BEFORE_START: &str = "Slutdatoen ligger før startdatoen";
pub const STEPS_REQUIRED: &str = "Angiv mindst ét trin i timeplanen";
pub const STEP_WEEK_REQUIRED: &str = "Angiv fra hvilken uge trinnet gælder";
pub const STEP_HOURS_REQUIRED: &str = "Angiv timer om ugen";
pub const FIRST_STEP_WEEK_ONE: &str = "Første trin skal gælde fra uge 1";
pub const STEPS_ASCENDING: &str = "Trinnene skal stå i stigende uger";
pub const REP_AFTER_START: &str =
    "Medarbejderrepræsentantens udtalelse skal foreligge senest på startdagen";
pub const REP_REQUIRED_TO_SEND: &str =
    "Medarbejderrepræsentantens udtalelse (navn og dato) skal foreligge, før aftalen sendes";
pub const MENTOR_NOT_OF_COMPANY: &str =
    "Vælg kontraktens mentor (den, der registrerer timer og fremmøde)";
pub const COMMENT_REQUIRED: &str = "Skriv, hvad der skal ændres";
pub const NOT_PLACED: &str = "Aftalen kan kun laves for et forløb, der har en plads";
pub const NO_AGREEMENT: &str = "Forløbet har ingen aftale endnu";
pub const CHANGED_SINCE_READ: &str =
    "Aftalen er ændret, siden du læste den. Læs den igen, før du accepterer.";

pub fn within_placement(start: NaiveDate, end: NaiveDate) -> String {
    format!(
        "Datoen skal ligge i forløbets periode ({} – {})",
        start.format("%d-%m-%Y"),
        end.format("%d-%m-%Y")
    )
}
pub fn step_after_end(weeks: i32) -> String {
    format!("Perioden har {weeks} uger; et trin kan ikke begynde senere")
}
pub fn too_many_steps(max: usize) -> String {
    format!("Højst {max} trin")
}
pub fn step_hours_range(max_hours: i32) -> String {
    format!("Timer om ugen skal være mellem 0 og {max_hours}")
}
pub fn changed_since_revision(expected: i32) -> String {
    format!("Aftalen er ændret af en anden siden revision {expected}. Genindlæs og prøv igen.")
}

// The plan in words
pub fn step_text(from: i32, until: i32, hours: &str) -> String {
    if until <= from {
        format!("uge {from}: {hours}")
    } else {
        format!("uge {from}–{until}: {hours}")
    }
}
pub fn weeks_span(from: i32, until: Option<i32>) -> String {
    match until {
        Some(u) if u > from => format!("Uge {from}–{u}"),
        Some(_) => format!("Uge {from}"),
        None => format!("Fra uge {from}"),
    }
}
pub fn step_row_week(n: usize) -> String {
    format!("Trin {n}: fra uge")
}
pub fn step_row_hours(n: usize) -> String {
    format!("Trin {n}: timer om ugen")
}

// The page
pub fn title(person: &str) -> String {
    format!("Aftale om forløb · {person}")
}
pub const BACK_TO_PLACEMENT: &str = "Tilbage til forløbet";
pub const STATUS: &str = "Status";
pub fn pending_version(n: i32, status: &str) -> String {
    format!("version {n} er {status}")
}
pub const NONE_YET: &str =
    "Der er ingen aftale endnu. Forslaget nedenfor bygger på kontraktens vilkår og forløbets periode.";
pub const COMPANY_COMMENT: &str = "Virksomhedens kommentar";
pub const CURRENT_TERMS: &str = "Aftalen som den gælder nu";
pub const DRAFT_HEADING: &str = "Udkast til aftale";
pub const EDIT_HEADING: &str = "Ret udkastet";
pub const NEW_VERSION_HEADING: &str = "Ændr aftalen (bliver en ny version)";
pub const COMPANY: &str = "Virksomhed";
pub const OFFER: &str = "Tilbud";
pub const PERIOD: &str = "Periode";
pub const START: &str = "Startdato";
pub const END: &str = "Slutdato";
pub const WORK_TASKS: &str = "Arbejdsopgaver";
pub const PLACE: &str = "Arbejdssted";
pub const PLACE_HINT: &str = "Adressen, hvor personen arbejder";
pub const MENTOR: &str = "Mentor";
pub const PLAN: &str = "Timeplan (optrapning)";
pub const PLAN_HINT: &str =
    "Et trin pr. linje: fra hvilken uge i forløbet (uge 1 er startugen) og hvor mange timer om ugen.";
pub const STEP_FROM_WEEK: &str = "Fra uge";
pub const STEP_HOURS: &str = "Timer om ugen";
pub const STEP_WEEKS: &str = "Uger";
pub const LEARNING_GOALS: &str = "Hvad personen skal lære";
pub const EMPLOYEE_REP: &str = "Medarbejderrepræsentantens udtalelse";
pub const EMPLOYEE_REP_NAME: &str = "Medarbejderrepræsentant";
pub const EMPLOYEE_REP_HINT: &str =
    "Loven kræver en udtalelse fra medarbejderrepræsentanten, før forløbet starter";
pub const EMPLOYEE_REP_DATE: &str = "Dato for udtalelsen";
pub const REP_MISSING: &str = "Mangler";
pub fn rep_statement(name: &str, date: &str) -> String {
    format!("Udtalelse fra {name}, {date}")
}
pub const SAVE: &str = "Gem aftalen";
pub const SEND: &str = "Send til virksomheden";
pub const ACCEPT: &str = "Accepter aftalen";
pub const ACCEPT_HINT: &str = "Ved at acceptere bekræfter du aftalen på virksomhedens vegne.";
pub const COMMENT: &str = "Kommentar til jobcentret";
pub const REQUEST_CHANGES: &str = "Send tilbage med kommentar";
pub const VERSIONS: &str = "Versioner";
pub const VERSION: &str = "Version";
pub const SENT: &str = "Sendt";
pub const ACCEPTED: &str = "Accepteret";
pub const REFERENCE: &str = "Referencenummer";
pub const PRINT: &str = "Udskriv";

// The print
pub fn print_title(person: &str, version: i32) -> String {
    format!("Aftale om forløb · {person} · version {version}")
}
pub fn print_heading(offer: &str) -> String {
    format!("Aftale om {}", offer.to_lowercase())
}
pub fn print_parties(person: &str, company: &str) -> String {
    format!("mellem {person}, {company} og jobcentret")
}
pub const PERSON_AND_PLACE: &str = "Person, virksomhed og arbejdssted";
pub const PERSON: &str = "Person";
pub const ACCEPTANCE: &str = "Accept";
pub const ACCEPTED_BY: &str = "Accepteret af";
pub const WHEN: &str = "Tidspunkt";
pub const HASH: &str = "Kontrolsum (SHA-256)";
pub const NOT_ACCEPTED: &str = "Denne version er ikke accepteret.";
