//! Mentor hours: the messages of logging, submitting and deciding weeks.

pub const NO_FUTURE_HOURS: &str = "Timer kan ikke registreres i fremtiden";
pub const PICK_HOUR_ACTIVITY: &str = "Vælg introduktion, oplæring, opfølgningssamtale eller andet";
pub const NOT_MENTOR: &str = "Kontrakten findes ikke, eller du er ikke mentor på den";
pub const NOT_ACCEPTED_YET: &str = "Kontrakten er ikke accepteret endnu";
pub const INVALID_MONTH: &str = "Ugyldig måned";
pub const INVALID_DATE: &str = "Ugyldig dato";
pub const INVALID_YEAR: &str = "Ugyldigt år";
pub const PICK_FORMAT: &str = "Vælg csv eller json";
pub const WEEK_FORMAT: &str = "Ugen skrives ÅÅÅÅ-Wuu, fx 2011-W23";

pub fn no_such_week(year: i32, week: u32) -> String {
    format!("{year} har ingen uge {week}")
}

// What the mentor spent the time on
pub const ACTIVITY_INTRODUCTION: &str = "Introduktion";
pub const ACTIVITY_TRAINING: &str = "Oplæring i jobbet";
pub const ACTIVITY_FOLLOW_UP: &str = "Opfølgningssamtale";
pub const ACTIVITY_OTHER: &str = "Andet";
pub const UNKNOWN_ACTIVITY: &str = "Ukendt aktivitet";

// The states of a week, as they read in a sentence ("uge 23 · 2011 er godkendt.")
pub const WEEK_OPEN: &str = "åben";
pub const WEEK_SUBMITTED: &str = "indsendt";
pub const WEEK_APPROVED: &str = "godkendt";
pub const WEEK_REJECTED: &str = "afvist";

// The kinds of a month's payment
pub const PAYMENT_HOURS: &str = "Mentortimer";
pub const PAYMENT_GRANT: &str = "Fast månedligt tilskud";
pub const PAYMENT_CORRECTION: &str = "Rettelse";
pub const EXPORT_FUTURE: &str = "En måned kan først eksporteres, når den er slut";
pub const REOPEN_TOO_OLD: &str =
    "Ugen er mere end to år gammel og kan ikke genåbnes: en rettelse af den kommer ikke med i nogen eksport";
pub const ALREADY_EXPORTED: &str = "Måneden er allerede eksporteret; den ændres ikke mere";
pub const REOPEN_NOT_APPROVED: &str = "Kun en godkendt uge kan genåbnes";
pub const GIVE_REOPEN_REASON: &str = "Skriv, hvorfor ugen genåbnes";
pub const REOPEN: &str = "Genåbn ugen";
pub const REOPEN_REASON: &str = "Grund til genåbning";
pub const REOPEN_HINT: &str =
    "Mentoren får besked og kan rette og indsende ugen igen. Er måneden allerede eksporteret til betaling, kommer en ændret godkendelse med som en rettelse i næste eksport.";
pub const EXPORT_MONTH: &str = "Eksporter måneden til betaling";
pub const EXPORT_HINT: &str =
    "Når måneden er eksporteret, ændres dens linjer ikke mere. Senere rettelser af dens uger kommer med i næste måneds eksport.";
pub fn exported_by(who: &str, when: &str) -> String {
    format!("Eksporteret {when} af {who}. Linjerne ændres ikke mere.")
}
pub fn correction_for(month: &str) -> String {
    format!("Rettelse for {month}")
}

// Logging hours
pub const AT_LEAST_A_QUARTER: &str = "Mindst et kvarter";
pub const QUARTER_HOURS: &str = "Timer registreres i kvarterer (15, 30, 45 minutter …)";
pub const AT_MOST_A_DAY: &str = "Højst 24 timer på en dag";
pub const NOTE_TOO_LONG: &str = "Noten er for lang";

/// The day's hours with this entry over 24: what the day already has.
pub fn day_already_has(hours: &str, day: &str) -> String {
    format!("Højst 24 timer på en dag: der er allerede {hours} den {day}")
}

/// A day of the saved week over 24 hours, with its total.
pub fn day_over(hours: &str, day: &str) -> String {
    format!("Højst 24 timer på en dag: {hours} den {day}")
}

pub fn no_placement_on(day: &str) -> String {
    format!("Kandidaten har ikke et forløb i dette virksomhedscenter den {day}")
}

/// A week that cannot be changed, as a field error (no full stop).
pub fn week_locked(week: &str, status: &str) -> String {
    format!("{week} er {status} og kan ikke ændres")
}

/// A week that cannot be changed, as a sentence.
pub fn week_locked_sentence(week: &str, status: &str) -> String {
    format!("{week} er {status} og kan ikke ændres.")
}

// Submitting and deciding weeks
pub const GIVE_REASON: &str = "Skriv hvorfor ugen afvises";

pub fn submit_empty(week: &str) -> String {
    format!("{week} har ingen timer. Vil du indsende den med 0 timer?")
}

pub fn week_not_begun(week: &str) -> String {
    format!("{week} er ikke begyndt.")
}

pub fn week_is(week: &str, status: &str) -> String {
    format!("{week} er {status}.")
}

/// The days' short names over the columns of the week grid, Monday first.
pub const WEEKDAYS_SHORT: [&str; 7] = ["man", "tir", "ons", "tor", "fre", "lør", "søn"];

/// The days' full names, Monday first: the headings of the mentor's day cards on a phone.
pub const WEEKDAYS_LONG: [&str; 7] = [
    "Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag",
];

/// The legend over the rows (candidate, activity, note) on a phone.
pub const DAY_CARDS_ROWS: &str = "Hvem og hvad";
/// The heading of one row's choices on a phone.
pub fn row_heading(n: usize) -> String {
    format!("Række {n}")
}
/// A day's total on its card.
pub const DAY_TOTAL: &str = "I alt denne dag";
/// The hint over the day cards on a phone.
pub const DAY_CARDS_HINT: &str =
    "Vælg først hvem og hvad hver række gælder, og skriv så timerne under dagen. Skriv timer som 1,5, 1:30 eller 1½.";

// The consultant's approvals ("Godkend timer", #20)
pub const APPROVALS_TITLE: &str = "Godkend timer";
pub const APPROVALS_INTRO: &str = "Indsendte uger venter på din godkendelse. Vælg dem, der er i orden, og godkend dem samlet, eller åbn en uge for at se dens timer og afvise den med en begrundelse.";
pub const APPROVALS_SUBMITTED: &str = "Indsendt – venter på godkendelse";
pub const APPROVALS_SUBMITTED_EMPTY: &str = "Ingen indsendte uger venter.";
pub const APPROVALS_OPEN: &str = "Ikke indsendt endnu";
pub const APPROVALS_OPEN_HINT: &str =
    "De seneste otte uger, som mentoren endnu ikke har indsendt, eller som er sendt tilbage.";
pub const APPROVALS_OPEN_EMPTY: &str = "Alle de seneste uger er indsendt.";
pub const APPROVALS_CHOOSE: &str = "Vælg";
pub const APPROVALS_COMPANY: &str = "Virksomhed";
pub const APPROVALS_WEEK: &str = "Uge";
pub const APPROVALS_MENTOR: &str = "Mentor";
pub const APPROVALS_HOURS: &str = "Timer";
pub const APPROVALS_AMOUNT: &str = "Beløb";
pub const APPROVALS_BUDGET: &str = "Ugens budget";
pub const APPROVALS_STATUS: &str = "Status";
pub const APPROVALS_OVER: &str = "over budget";
pub const APPROVALS_APPROVE_CHOSEN: &str = "Godkend valgte";
pub const APPROVALS_DONE: &str = "Godkendt";
pub const APPROVALS_LEFT: &str = "Ikke godkendt";
pub const CHOOSE_WEEKS: &str = "Vælg mindst én uge";
pub const WEEK_CHANGED: &str =
    "Timerne er ændret, siden listen blev vist. Åbn ugen, og tjek den igen.";

pub fn too_many_weeks(n: usize) -> String {
    format!("Højst {n} uger ad gangen")
}

/// The accessible name of a week's checkbox: "Vælg uge 23 · 2011, Fænøsund Gartneri ApS".
pub fn choose_week(week: &str, company: &str) -> String {
    format!("Vælg {week}, {company}")
}

/// "3 uger er godkendt." / "1 uge er godkendt."
pub fn weeks_approved(n: usize) -> String {
    if n == 1 {
        "1 uge er godkendt.".to_string()
    } else {
        format!("{n} uger er godkendt.")
    }
}

/// "uge 23 · 2011, Fænøsund Gartneri ApS: ..."
pub fn week_left(week: &str, company: &str, why: &str) -> String {
    format!("{week}, {company}: {why}")
}
