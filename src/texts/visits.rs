//! Follow-up visits, the calendar page and the calendar feed (#22).

pub const VISITS_TITLE: &str = "Opfølgningsbesøg";
pub const VISITS_LINK: &str = "Opfølgningsbesøg";
pub const VISITS_INTRO: &str = "Besøgene planlægges ud fra kontraktens opfølgningsinterval og forløbets periode, med et afsluttende besøg sidst i forløbet. Et besøg kan flyttes eller registreres som gennemført med en kort note om, hvem der deltog, og hvad der blev aftalt.";
pub const VISIT_NO: &str = "Besøg";
pub const VISIT_DATE: &str = "Dato";
pub const VISIT_TIME: &str = "Klokken";
pub const VISIT_TIME_HINT: &str =
    "Valgfrit, fx 10:00. Uden klokkeslæt står besøget som en heldagsbegivenhed i kalenderen.";
pub const VISIT_STATE: &str = "Status";
pub const VISIT_NOTE: &str = "Note";
pub const VISIT_NOTE_HINT: &str = "Hvem deltog, og hvad blev aftalt.";
pub const VISIT_DONE_ON: &str = "Gennemført den";
pub const VISIT_MOVE: &str = "Flyt besøget";
pub const VISIT_RECORD: &str = "Registrér besøget";
pub const VISIT_CLOSING: &str = "afsluttende besøg";
pub const STATE_PLANNED: &str = "Planlagt";
pub const STATE_MOVED: &str = "Flyttet";
pub const STATE_DONE: &str = "Gennemført";
pub const STATE_OVERDUE: &str = "Overskredet";
pub const STATE_OUTSIDE: &str = "Gennemført (uden for den nuværende periode)";
pub const NO_VISITS: &str =
    "Forløbet har ingen planlagte besøg (kun placerede og afsluttede forløb har besøg).";
pub const BACK_TO_PLACEMENT: &str = "Tilbage til forløbet";
pub const EVERY_WEEKS: &str = "Opfølgningsinterval";

pub fn every_weeks(weeks: i32) -> String {
    if weeks == 1 {
        "hver uge".to_string()
    } else {
        format!("hver {weeks}. uge")
    }
}

// Field errors.
pub const DATE_OR_DONE: &str =
    "Angiv en ny dato for besøget eller datoen, hvor besøget blev gennemført.";
pub const BAD_TIME: &str = "Skriv klokkeslættet som tt:mm, fx 10:00.";
pub const NOTE_REQUIRED: &str = "Skriv kort, hvem der deltog, og hvad der blev aftalt.";
pub const NOTE_TOO_LONG: &str = "Noten må højst være 2.000 tegn.";
pub const DONE_NOT_FUTURE: &str = "Et besøg kan ikke registreres som gennemført i fremtiden.";
/// A held visit's note once its person was anonymised (retention).
pub const NOTE_REMOVED: &str = "(Noten er fjernet, da personens oplysninger blev anonymiseret.)";

pub fn within_placement(from: &str, to: &str) -> String {
    format!("Datoen skal ligge i forløbets periode, {from} – {to}.")
}

pub fn not_planned(status: &str) -> String {
    format!("Forløbet er {status}: der planlægges ingen besøg.")
}

// The placement's history (audit trail).
pub fn event_moved(seq: i32, date: &str) -> String {
    format!("Besøg {seq} flyttet til {date}")
}

pub fn event_recorded(seq: i32, date: &str) -> String {
    format!("Besøg {seq} gennemført {date}")
}

// The calendar page.
pub const CALENDAR_TITLE: &str = "Kalender";
pub const CALENDAR_NAV: &str = "Kalender";
pub const CALENDAR_INTRO: &str = "Ugens opfølgningsbesøg, forløb der starter og slutter, og opfølgninger på selvforsørgelse, der skal registreres.";
pub const PREVIOUS_WEEK: &str = "Forrige uge";
pub const NEXT_WEEK: &str = "Næste uge";
pub const THIS_WEEK: &str = "Denne uge";
pub const WEEK_NAV: &str = "Skift uge";
pub const NOTHING_THIS_DAY: &str = "Intet denne dag.";
pub const KIND_VISIT: &str = "Besøg";
pub const KIND_START: &str = "Start";
pub const KIND_END: &str = "Slut";
pub const KIND_FOLLOW_UP: &str = "Opfølgning";
pub const SUBSCRIBE_HINT: &str = "Abonnér på kalenderen i Outlook eller Google Kalender:";
pub const SUBSCRIBE_LINK: &str = "din kalenderadresse under Min konto";

pub const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];

// The calendar feed's event titles: the person's first name only, never a CPR number.
pub fn event_visit(first_name: &str, company: &str) -> String {
    format!("Opfølgningsbesøg: {first_name} · {company}")
}

pub fn event_start(first_name: &str, company: &str) -> String {
    format!("Start: {first_name} · {company}")
}

pub fn event_end(first_name: &str, company: &str) -> String {
    format!("Slut: {first_name} · {company}")
}

pub fn event_follow_up(first_name: &str, company: &str) -> String {
    format!("Opfølgning på selvforsørgelse: {first_name} · {company}")
}

pub const FEED_NAME: &str = "Virksomhedscenter";
pub const FEED_DESCRIPTION: &str =
    "Opfølgningsbesøg, starter og slutninger af forløb fra Virksomhedscenter.";

// "Min konto".
pub const ACCOUNT_TITLE: &str = "Kalender-abonnement";
pub const ACCOUNT_HINT: &str = "Abonnér på din kalender fra Outlook, Google Kalender eller telefonens kalender med adressen nedenfor. Adressen er hemmelig: den, der kender den, kan se dine begivenheder (uden CPR-numre og kun med fornavne).";
pub const ACCOUNT_LINK: &str = "Se din kalenderadresse";
pub const FEED_URL: &str = "Kalenderadresse";
pub const RENEW: &str = "Lav en ny adresse";
pub const RENEW_HINT: &str = "Har andre fået adressen? Lav en ny: den gamle holder op med at virke med det samme, og du skal abonnere igen med den nye.";
pub const CONFIRM_RENEW: &str =
    "Den gamle kalenderadresse holder op med at virke. Vil du lave en ny?";
