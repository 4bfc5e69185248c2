//! The words of attendance (fremmøde).

pub const PRESENT: &str = "Mødt";
pub const ABSENT_SICK: &str = "Syg";
pub const NO_SHOW: &str = "Udeblevet";
pub const ABSENT_OTHER: &str = "Fravær, anden grund";
pub const ABSENT: &str = "Fraværende";

pub const STATUS_UNKNOWN: &str = "Vælg mødt, syg, udeblevet eller fravær af anden grund";
pub const NOTE_REQUIRED: &str = "Skriv grunden til fraværet";
pub const NOTE_TOO_LONG: &str = "Noten er for lang (højst 1.000 tegn)";
pub const DATE_FORMAT: &str = "Skriv datoen som dd-mm-åååå";
pub const IN_FUTURE: &str = "Fremmøde kan først registreres på dagen";
pub const RANGE: &str = "Slutdatoen skal ligge efter startdatoen og højst ti år senere";
pub const RECORDED_MEANWHILE: &str =
    "Dagen blev registreret af en anden i samme øjeblik. Genindlæs siden, og prøv igen.";
pub const NOT_PLACED: &str = "Fremmøde registreres kun for et forløb med en plads";
pub fn not_planned(start: &str, end: &str) -> String {
    format!("Dagen er ikke en planlagt arbejdsdag (mandag til fredag, {start} – {end})")
}

pub fn title(person: &str) -> String {
    format!("Fremmøde · {person}")
}
pub const BACK_TO_PLACEMENT: &str = "Tilbage til forløbet";
pub const NO_AGREEMENT_PLAN: &str =
    "Der er ingen accepteret aftale endnu: dagene er forløbets hverdage, og timeplanen mangler.";
pub const WEEK_NAV: &str = "Uger";
pub const PREVIOUS_WEEK: &str = "← Forrige uge";
pub const NEXT_WEEK: &str = "Næste uge →";
pub const NO_PLANNED_DAYS: &str = "Ingen planlagte dage i denne uge.";
pub const DAY: &str = "Dag";
pub const STATUS: &str = "Fremmøde";
pub const NOTE: &str = "Note";
pub fn note_for(date: &str) -> String {
    format!("Note for {date}")
}
pub const NOT_RECORDED: &str = "Ikke registreret";
pub const NOT_YET: &str = "Endnu ikke";
pub const SAVE: &str = "Gem ugens fremmøde";
pub const WEEKS: &str = "Uge for uge";
pub const WEEK: &str = "Uge";
pub const PLANNED_HOURS: &str = "Planlagte timer";
pub const ATTENDED_HOURS: &str = "Timer mødt";
pub const PLANNED_DAYS: &str = "Planlagte dage";
pub const PRESENT_DAYS: &str = "Mødt / registreret";
pub const PERCENT: &str = "Fremmøde";

/// "Planlagt 10 t, mødt 6 t: 3 af 5 registrerede dage (60 pct.)".
pub fn week_line(
    planned: Option<&str>,
    attended: Option<&str>,
    present: u32,
    recorded: u32,
    percent: Option<&str>,
) -> String {
    let hours = match (planned, attended) {
        (Some(p), Some(a)) => format!("Planlagt {p}, mødt {a}: "),
        _ => String::new(),
    };
    match percent {
        Some(pct) => format!("{hours}{present} af {recorded} registrerede dage ({pct})"),
        None => format!("{hours}ingen dage registreret endnu"),
    }
}
