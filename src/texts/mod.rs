//! The Danish texts of the pages and messages, kept here so an English translation can follow
//! by swapping this module: the shared words here, an area's own in its submodule. A leaf: it
//! imports nothing of the crate: functions take their values already formatted. The words live
//! here and nowhere else (#19); the architecture test fails on a string literal with æ, ø or å
//! outside this module, test code and the demo data.

pub const APP_NAME: &str = "Virksomhedscenter";

// Validation messages
pub const REQUIRED: &str = "Skal udfyldes";
pub const INVALID_VALUE: &str = "Ugyldig værdi";
pub const WRONG_TYPE: &str = "Forkert type";
/// A value of the wrong type, with what was expected (never the value sent).
pub fn wrong_type_expected(expected: &str) -> String {
    format!("{WRONG_TYPE} (forventet: {expected})")
}
pub const UNKNOWN_FIELD: &str = "Ukendt felt";
pub const CVR_DIGITS: &str = "CVR-nummeret må kun indeholde cifre";
pub const CVR_LENGTH: &str = "CVR-nummeret skal have 8 cifre";
pub const CVR_LEADING_ZERO: &str = "CVR-nummeret kan ikke begynde med 0";
pub const CVR_CHECK: &str = "CVR-nummeret er ugyldigt (kontrolcifferet passer ikke)";
pub const CVR_TAKEN: &str = "Der findes allerede en virksomhed med dette CVR-nummer";
pub const P_NUMBER_FORMAT: &str = "P-nummeret skal have 10 cifre";
pub const P_NUMBER_TAKEN: &str = "P-nummeret er allerede registreret";
pub const KOMMUNEKODE_FORMAT: &str = "En kommunekode har 3 cifre (fx 410)";
pub const KOMMUNEKODE_AT_LEAST_ONE: &str = "Angiv mindst én kommunekode";
pub const KOMMUNEKODE_TAKEN: &str = "Kommunekoden hører allerede til et andet jobcenter";
pub const JOBCENTER_NAME_TAKEN: &str = "Der findes allerede et jobcenter med dette navn";
pub const REGION_UNKNOWN: &str = "Ukendt beskæftigelsesregion";
pub const SECTOR_UNKNOWN: &str = "Vælg offentlig eller privat";
pub const POSTCODE_FORMAT: &str = "Postnummeret skal have 4 cifre";
pub const WHOLE_NUMBER: &str = "Skal være et helt tal";
pub const NOT_NEGATIVE: &str = "Må ikke være negativ";
pub const TOO_LARGE_NUMBER: &str = "Tallet er for stort";
pub const EMAIL_FORMAT: &str = "Ugyldig e-mailadresse";
pub const EMAIL_TAKEN: &str = "Der findes allerede en bruger med denne e-mailadresse";
pub const PASSWORD_TOO_SHORT: &str = "Adgangskoden skal have mindst 12 tegn";
pub const PASSWORD_TOO_LONG: &str = "Adgangskoden må højst have 128 tegn";
pub const PASSWORD_COMMON: &str = "Adgangskoden er for almindelig: den står på listerne over de mest brugte. Brug fx fire tilfældige ord.";
pub const PASSWORD_DEMO: &str =
    "Demoens adgangskode er offentlig og kan ikke bruges her. Vælg en anden.";
pub const PASSWORD_PERSONAL: &str =
    "Adgangskoden må ikke bygge på dit navn eller din e-mailadresse.";
pub const PASSWORD_KEYBOARD: &str =
    "Adgangskoden er en række taster på tastaturet og er let at gætte.";
pub const PASSWORD_REPEATS: &str =
    "Adgangskoden gentager de samme tegn (som 111111 eller abcabc) og er let at gætte.";
pub const PASSWORD_SEQUENCE: &str =
    "Adgangskoden er en rækkefølge (som abcdef eller 123456) og er let at gætte.";
pub const PASSWORD_DATES: &str =
    "Adgangskoden bygger på en dato eller et årstal og er let at gætte.";
pub const PASSWORD_NAMES: &str = "Adgangskoden er et navn og er let at gætte.";
pub const PASSWORD_WEAK: &str =
    "Adgangskoden er for let at gætte. Brug fx fire tilfældige ord, eller en sætning.";
pub const ROLE_UNKNOWN: &str = "Ukendt rolle";
pub const ROLE_NEEDS_JOBCENTER: &str = "En jobkonsulent skal høre til et jobcenter";
pub const ROLE_NEEDS_COMPANY: &str = "Brugeren skal høre til en virksomhed";
pub const ROLE_NO_ORGANISATION: &str = "En administrator hører ikke til en organisation";
pub const JOBCENTER_UNKNOWN: &str = "Jobcenteret findes ikke";
pub const COMPANY_UNKNOWN: &str = "Virksomheden findes ikke";
pub const TOO_LONG: &str = "Teksten er for lang";
pub const CANNOT_DEACTIVATE_SELF: &str = "Du kan ikke deaktivere din egen bruger";
pub const NUL_CHARACTER: &str = "Teksten indeholder et ugyldigt tegn (NUL)";
pub const MONTH_FORMAT: &str = "Måneden skrives ÅÅÅÅ-MM, fx 2011-03";
pub const AMOUNT_FORMAT: &str = "Skriv et beløb i kroner, fx 1.234,50";
pub const AMOUNT_TOO_BIG: &str = "Beløbet er for stort";
pub const HOURS_FORMAT: &str = "Skriv timer, fx 1,5, 1:30 eller 1½";
pub const MINUTES_UNDER_60: &str = "Minutterne skal være under 60, fx 1:30";
pub const DATE_YEARS: &str = "Datoen skal ligge mellem år 1800 og 2200";
/// How a date is typed, as the hint beside a date field.
pub const DATE_HINT: &str = "dd-mm-åååå";
/// A text over its length limit, in characters.
pub fn at_most_chars(max: u64) -> String {
    format!("Højst {max} tegn")
}

// Errors
pub const ERR_BAD_REQUEST: &str = "Forespørgslen kunne ikke læses";
pub const ERR_UNAUTHORIZED: &str = "Du skal logge ind";
pub const ERR_LOGIN_FAILED: &str = "Forkert e-mail eller adgangskode";
pub const ERR_FORBIDDEN: &str = "Du har ikke adgang til dette";
pub const ERR_NOT_FOUND: &str = "Siden eller objektet findes ikke";
pub const ERR_VALIDATION: &str = "Nogle felter er ikke udfyldt korrekt";
pub const ERR_TOO_LARGE: &str = "Forespørgslen er for stor";
pub const ERR_NOT_JSON: &str = "Indholdet skal være JSON (Content-Type: application/json)";
pub const ERR_NOT_CSV: &str = "Indholdet skal være CSV (Content-Type: text/csv)";
/// After too many failed logins.
pub fn too_many_logins(seconds: u64) -> String {
    if seconds <= 90 {
        format!("For mange mislykkede forsøg. Prøv igen om {seconds} sekunder.")
    } else {
        format!(
            "For mange mislykkede forsøg. Prøv igen om {} minutter.",
            seconds.div_ceil(60)
        )
    }
}
/// A consultant searched too many CPR numbers in a short time (issue #17).
pub fn too_many_cpr_searches(seconds: u64) -> String {
    format!(
        "Du har søgt på mange CPR-numre på kort tid. Søgningerne står i CPR-adgangsloggen. Prøv igen om {} minutter, eller søg på navn.",
        seconds.div_ceil(60).max(1)
    )
}
pub const AMOUNT_TOO_LARGE: &str =
    "Beløbet er for stort til at blive regnet ud. Ret kontraktens sats, timer eller beløb.";
pub const ERR_OTP_REQUIRED: &str =
    "Skriv koden fra din godkendelses-app (eller en af dine gendannelseskoder).";
pub const ERR_OTP_WRONG: &str = "Koden er forkert eller brugt. Prøv den næste kode fra appen.";
pub const ERR_MFA_ENROLMENT: &str =
    "Du skal opsætte to-trins-login på Min konto, før du kan bruge systemet.";
pub const MFA_ALREADY: &str = "Du har allerede to-trins-login. En administrator kan nulstille det, hvis du har mistet din telefon.";
pub const MFA_NOT_STARTED: &str = "Start opsætningen af to-trins-login først.";
pub const MFA_CODE_WRONG: &str = "Koden passer ikke. Skriv den sekscifrede kode, appen viser nu.";
pub const USER_UNKNOWN: &str = "Der findes ingen bruger med den e-mail";
pub const LOGIN_CODE_TITLE: &str = "Kode fra din app";
pub const LOGIN_CODE_INTRO: &str = "Din konto er beskyttet med to-trins-login. Åbn godkendelses-appen på din telefon, og skriv den kode, den viser for Virksomhedscenter.";
pub const LOGIN_CODE: &str = "Kode";
pub const LOGIN_CODE_HINT: &str =
    "Seks cifre. Har du ikke telefonen, så skriv en af dine gendannelseskoder.";
pub const DEMO_BANNER: &str = "Dette er en demo: data er opdigtet, og alle demo-logins har den offentlige adgangskode «virksomhedscenter». Brug den ikke til rigtige personer.";
pub const LOGOUT_EVERYWHERE: &str = "Log ud på alle enheder";
pub const ERR_UNAVAILABLE: &str = "Tjenesten er midlertidigt utilgængelig. Prøv igen om lidt.";
pub const ERR_INTERNAL: &str = "Der skete en uventet fejl. Prøv igen, eller kontakt support.";
pub const ERR_DUPLICATE: &str = "Findes allerede";
pub const ERR_SEAT_TAKEN: &str = "Pladsen blev taget i samme øjeblik. Prøv igen.";
pub const ERR_CSRF: &str =
    "Formularen er udløbet eller kom fra en anden side. Genindlæs siden og prøv igen.";
pub const ERR_TITLE: &str = "Fejl";
pub const BACK_HOME: &str = "Til forsiden";

// Layout and navigation
pub const NAV_HOME: &str = "Forside";
pub const NAV_JOBCENTERS: &str = "Jobcentre";
pub const NAV_COMPANIES: &str = "Virksomheder";
pub const NAV_MY_COMPANY: &str = "Min virksomhed";
pub const NAV_MY_JOBCENTER: &str = "Mit jobcenter";
pub const NAV_USERS: &str = "Brugere";
pub const LOGOUT: &str = "Log ud";
pub const LOGGED_IN_AS: &str = "Logget ind som";
// Questions asked by the script before an action (withdrawing, terminating and cancelling ask
// on a page of their own instead: texts::design)
pub const CONFIRM_END_PLACEMENT: &str = "Afslut forløbet? Pladsen bliver ledig fra dagen efter.";
pub const CONFIRM_LOGOUT_EVERYWHERE: &str = "Log ud på alle dine enheder?";
pub const MAIN_MENU: &str = "Hovedmenu";
pub const PAGES_NAV: &str = "Sider";
pub const SKIP_TO_CONTENT: &str = "Spring til indholdet";
pub const FORM_HAS_ERRORS: &str = "Ret de markerede felter:";

/// The fields of the forms in the order they appear, with the name the error summary gives them.
/// A name used by several forms has the label that fits all of them.
const FIELD_LABELS: &[(&str, &str)] = &[
    ("email", "E-mail"),
    ("password", "Adgangskode"),
    ("current_password", account::CURRENT_PASSWORD),
    ("new_password", account::NEW_PASSWORD),
    ("new_password_repeat", account::NEW_PASSWORD_REPEAT),
    ("cvr", COMPANY_CVR),
    ("name", "Navn"),
    ("sector", COMPANY_SECTOR),
    ("region", JOBCENTER_REGION),
    ("kommunekoder", JOBCENTER_KOMMUNEKODER),
    ("address", COMPANY_ADDRESS),
    ("postcode", COMPANY_POSTCODE),
    ("city", COMPANY_CITY),
    ("p_number", WORKSITE_P_NUMBER),
    ("contact_name", COMPANY_CONTACT_NAME),
    ("contact_email", COMPANY_CONTACT_EMAIL),
    ("contact_phone", COMPANY_CONTACT_PHONE),
    ("role", USER_ROLE),
    ("jobcenter_id", "Jobcenter"),
    ("company_id", "Virksomhed"),
    ("consultant_id", CONTRACT_CONSULTANT),
    ("mentor_id", CONTRACT_MENTOR),
    ("worksite_p_number", CONTRACT_WORKSITE),
    ("contract_id", REFER_CONTRACT),
    ("candidate_id", REFER_CANDIDATE),
    ("cpr", CANDIDATE_CPR),
    ("benefit", CANDIDATE_BENEFIT),
    ("match_group", CANDIDATE_MATCH_GROUP),
    ("offer_type", REFER_OFFER),
    ("seats", CONTRACT_SEATS),
    ("offer_types", CONTRACT_OFFER_TYPES),
    ("target_benefits", CONTRACT_BENEFITS),
    ("target_match_group", CONTRACT_MATCH_GROUP),
    ("goals", CONTRACT_GOALS),
    ("work_tasks", CONTRACT_WORK_TASKS),
    ("mentor_hours", CONTRACT_MENTOR_HOURS),
    ("mentor_minutes_per_week", CONTRACT_MENTOR_HOURS),
    ("mentor_basis", CONTRACT_MENTOR_BASIS),
    ("mentor_rate_kr", CONTRACT_MENTOR_RATE),
    ("mentor_rate_ore", CONTRACT_MENTOR_RATE),
    ("mentor_grant_kr", CONTRACT_MENTOR_GRANT),
    ("mentor_grant_ore", CONTRACT_MENTOR_GRANT),
    ("activities", CONTRACT_ACTIVITIES),
    ("start_date", "Startdato"),
    ("end_date", "Slutdato"),
    ("follow_up_weeks", CONTRACT_FOLLOW_UP),
    ("notice_days", CONTRACT_NOTICE),
    ("ordinary_employees", COMPANY_EMPLOYEES),
    ("employee_rep_statement", CONTRACT_STATEMENT),
    ("comment", CONTRACT_COMMENT),
    ("effective_from", CONTRACT_EFFECTIVE_FROM),
    ("date", "Dato"),
    ("place", agreements::PLACE),
    ("steps", agreements::PLAN),
    ("learning_goals", agreements::LEARNING_GOALS),
    ("employee_rep_name", agreements::EMPLOYEE_REP_NAME),
    ("employee_rep_date", agreements::EMPLOYEE_REP_DATE),
    ("status", attendance::STATUS),
    ("note", attendance::NOTE),
    ("reason", "Begrundelse"),
    ("outcome", PLACEMENT_OUTCOME),
    ("self_supporting", PLACEMENT_SELF_SUPPORTING),
    ("week", "Uge"),
    ("month", "Måned"),
    ("baseline_month", campaign::BASELINE_MONTH),
    ("end_month", campaign::END_MONTH),
    ("share_target_permille", campaign::SHARE_TARGET),
    ("min_increase", campaign::MIN_INCREASE),
    ("selfsupport_permille", campaign::SELFSUPPORT),
    ("national_target", campaign::NATIONAL_TARGET),
    ("target_group", campaign::TARGET_GROUP_FIELD),
    ("outside_activation", campaign::OUTSIDE_FIELD),
    ("file", campaign::FILE_FIELD),
    ("user", audit::USER),
    ("object_type", audit::OBJECT_TYPE),
    ("object_id", audit::OBJECT_ID),
    ("action", audit::ACTION),
    ("from", audit::FROM),
    ("to", audit::TO),
    // The choices of e-mails (Min konto → E-mails), one group of radio buttons per topic.
    ("contract_review", mail::TOPIC_CONTRACT_REVIEW),
    ("contract_answers", mail::TOPIC_CONTRACT_ANSWERS),
    ("contract_ending", mail::TOPIC_CONTRACT_ENDING),
    ("week_rejected", mail::TOPIC_WEEK_REJECTED),
    ("week_submitted", mail::TOPIC_WEEK_SUBMITTED),
    ("placements", mail::TOPIC_PLACEMENTS),
    ("week_reminder", mail::TOPIC_WEEK_REMINDER),
];

/// The units after an amount, a percentage and hours: "1.234,50 kr.", "22,8 pct.", "1,5 t".
pub const UNIT_KRONER: &str = "kr.";
pub const UNIT_PERCENT: &str = "pct.";
pub const UNIT_HOURS: &str = "t";

/// The month stepper's links (the arrows are drawn beside them).
pub const MONTH_PREV: &str = "forrige måned";
pub const MONTH_NEXT: &str = "næste måned";

/// The months, for dates written out: "31. marts 2011".
pub const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// An ISO week: "uge 23".
pub fn week(n: u32) -> String {
    format!("uge {n}")
}

/// An ISO week with its week-year: "uge 53 · 2009".
pub fn week_of_year(n: u32, year: i32) -> String {
    format!("uge {n} · {year}")
}

/// The name of a weekday, Monday (0) first.
pub fn weekday(i: u32) -> &'static str {
    WEEKDAYS.get(i as usize).copied().unwrap_or("")
}

const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];

/// The name the error summary gives a field, and its place in the forms' order (unknown names
/// last, as they come). Rows of activities and cells of the week grid are named by their row.
pub fn field_label(name: &str) -> (usize, Option<String>) {
    let known = |n: &str| FIELD_LABELS.iter().position(|(f, _)| *f == n);
    if let Some(rest) = name.strip_prefix("activities[") {
        if let Some((i, field)) = rest.split_once("].") {
            let row = i.parse::<usize>().map(|i| i + 1).unwrap_or(0);
            let what = match field {
                "kind" => CONTRACT_ACTIVITY_KIND,
                "provider" => CONTRACT_ACTIVITY_PROVIDER,
                "description" => CONTRACT_ACTIVITY_DESCRIPTION,
                "minutes_per_week" => CONTRACT_ACTIVITY_HOURS,
                "cost_ore" => CONTRACT_ACTIVITY_COST,
                _ => "",
            };
            return (
                known("activities").unwrap_or(usize::MAX),
                Some(in_activity_row(what, row)),
            );
        }
    }
    if let Some(rest) = name.strip_prefix("cell-") {
        if let Some((r, d)) = rest.split_once('-') {
            if let (Ok(r), Ok(d)) = (r.parse::<usize>(), d.parse::<usize>()) {
                if let Some(day) = WEEKDAYS.get(d) {
                    return (r * 7 + d, Some(in_row(day, r + 1)));
                }
            }
        }
    }
    if let Some(d) = name
        .strip_prefix("day-")
        .and_then(|d| d.parse::<usize>().ok())
    {
        if let Some(day) = WEEKDAYS.get(d) {
            return (
                1000 + d,
                Some(format!("{day}, {}", HOURS_DAY_TOTAL.to_lowercase())),
            );
        }
    }
    if let Some(i) = name
        .strip_prefix("steps[")
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok())
    {
        return (
            known("steps").unwrap_or(usize::MAX),
            Some(agreements::step_row_week(i + 1).replace(": fra uge", "")),
        );
    }
    for (prefix, what) in [("status_", attendance::STATUS), ("note_", attendance::NOTE)] {
        let day = name
            .strip_prefix(prefix)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if let Some(d) = day {
            use chrono::Datelike;
            let weekday_name = weekday(d.weekday().num_days_from_monday());
            return (
                2000 + d.ordinal() as usize,
                Some(format!("{what}, {weekday_name} {}", d.format("%d-%m-%Y"))),
            );
        }
    }
    match known(name) {
        Some(i) => (i, Some(FIELD_LABELS[i].1.to_string())),
        None => (usize::MAX, None),
    }
}

// Roles
pub const ROLE_ADMIN: &str = "Administrator";
pub const ROLE_CONSULTANT: &str = "Jobkonsulent";
pub const ROLE_COMPANY: &str = "Virksomhed (underskriver)";
pub const ROLE_MENTOR: &str = "Mentor";

// Login
pub const LOGIN_TITLE: &str = "Log ind";
pub const LOGIN_EMAIL: &str = "E-mail";
pub const LOGIN_PASSWORD: &str = "Adgangskode";
pub const LOGIN_SUBMIT: &str = "Log ind";
pub const LOGIN_INTRO: &str = "Log ind for at arbejde med virksomhedscentre.";

// Home
pub const HOME_TITLE: &str = "Forside";
pub const HOME_WELCOME: &str = "Velkommen";
pub const HOME_ADMIN_INTRO: &str =
    "Som administrator vedligeholder du jobcentre, virksomheder og brugere.";
pub const HOME_CONSULTANT_INTRO: &str = "Her samles dit jobcenters arbejde med virksomhedscentre.";
pub const HOME_COMPANY_INTRO: &str = "Her ser du din virksomheds oplysninger og virksomhedscentre.";
pub const HOME_MENTOR_INTRO: &str = "Her ser du den virksomhed, du er mentor i.";
pub const HOME_COUNT_JOBCENTERS: &str = "Jobcentre";
pub const HOME_COUNT_COMPANIES: &str = "Virksomheder";
pub const HOME_COUNT_USERS: &str = "Brugere";
/// What each card of the home page leads to.
pub const HOME_CARD_JOBCENTERS: &str = "Se og ret jobcentrene og de kommuner, de betjener.";
pub const HOME_CARD_COMPANIES: &str = "Søg virksomheder, ret deres oplysninger og arbejdssteder.";
pub const HOME_CARD_USERS: &str = "Opret brugere, giv dem roller og spær adgang.";
pub const HOME_CARD_MY_JOBCENTER: &str = "Jobcentrets oplysninger, konsulenter og kommuner.";
pub const HOME_CARD_COMPANIES_CONSULTANT: &str =
    "Find en virksomhed på navn eller CVR-nummer, se dens kontrakter og start en ny.";
pub const HOME_CARD_CONTRACTS_CONSULTANT: &str =
    "Jobcentrets kontrakter efter status: kladder, til accept, aktive og afsluttede.";
pub const HOME_CARD_NEW_CONTRACT: &str =
    "Vælg virksomheden og udfyld pladser, periode, mentor og pris.";
pub const HOME_CARD_MY_COMPANY: &str = "Virksomhedens oplysninger, arbejdssteder og pladser.";
pub const HOME_CARD_CONTRACTS_COMPANY: &str =
    "Kontrakter til gennemsyn og accept, og dem der kører nu.";
pub const HOME_CARD_CONTRACTS_MENTOR: &str =
    "Kontrakterne du er mentor på, med ugerne hvor du skriver dine timer.";

// Common words
pub const SEARCH: &str = "Søg";
pub const SEARCH_PLACEHOLDER_COMPANY: &str = "Navn eller CVR-nummer";
pub const SEARCH_PLACEHOLDER_NAME: &str = "Navn";
pub const SEARCH_PLACEHOLDER_USER: &str = "Navn eller e-mail";
pub const SAVE: &str = "Gem";
pub const CREATE: &str = "Opret";
pub const CANCEL: &str = "Annuller";
pub const EDIT: &str = "Rediger";
pub const PREVIOUS: &str = "Forrige";
pub const NEXT: &str = "Næste";
pub const PAGE: &str = "Side";
pub const OF: &str = "af";
pub const NONE_FOUND: &str = "Ingen fundet.";
pub const YES: &str = "Ja";
pub const NO: &str = "Nej";
pub const SHOWING: &str = "Viser";
pub const NOT_GIVEN: &str = "Ikke angivet";
pub const SORT_BY: &str = "Sorter efter denne kolonne";
/// An unknown sort column, with the ones there are: "Sorter efter en af: name, -name".
pub fn sort_by_one_of(columns: &str) -> String {
    format!("Sorter efter en af: {columns}")
}

// Jobcenters
pub const JOBCENTERS_TITLE: &str = "Jobcentre";
pub const JOBCENTER_NEW: &str = "Nyt jobcenter";
pub const JOBCENTER_EDIT: &str = "Rediger jobcenter";
pub const JOBCENTER_NAME: &str = "Navn";
pub const JOBCENTER_REGION: &str = "Beskæftigelsesregion";
pub const JOBCENTER_KOMMUNEKODER: &str = "Kommunekoder";
pub const JOBCENTER_KOMMUNEKODER_HINT: &str = "Adskil med komma, fx 410, 461";
pub const JOBCENTER_CONSULTANTS: &str = "Jobkonsulenter";
pub const JOBCENTERS_EMPTY: &str = "Der er endnu ingen jobcentre. Opret det første.";
pub const CHOOSE: &str = "Vælg …";

// Companies
pub const COMPANIES_TITLE: &str = "Virksomheder";
pub const COMPANY_NEW: &str = "Ny virksomhed";
pub const COMPANY_EDIT: &str = "Rediger virksomhed";
pub const COMPANY_CVR: &str = "CVR-nummer";
pub const COMPANY_NAME: &str = "Navn";
pub const COMPANY_SECTOR: &str = "Sektor";
pub const SECTOR_PUBLIC: &str = "Offentlig";
pub const SECTOR_PRIVATE: &str = "Privat";
pub const COMPANY_ADDRESS: &str = "Adresse";
pub const COMPANY_POSTCODE: &str = "Postnummer";
pub const COMPANY_CITY: &str = "By";
pub const COMPANY_EMPLOYEES: &str = "Ordinært ansatte";
pub const COMPANY_CONTACT_NAME: &str = "Kontaktperson";
pub const COMPANY_CONTACT_EMAIL: &str = "Kontaktens e-mail";
pub const COMPANY_CONTACT_PHONE: &str = "Kontaktens telefon";
pub const COMPANY_CONTACT: &str = "Kontakt";
pub const COMPANY_WORKSITES: &str = "Arbejdssteder (P-numre)";
pub const COMPANY_USERS: &str = "Underskrivere og mentorer";
pub const COMPANIES_EMPTY: &str =
    "Ingen virksomheder matcher. Ret søgningen eller opret en ny virksomhed.";
pub const WORKSITE_ADD: &str = "Tilføj arbejdssted";
pub const WORKSITE_P_NUMBER: &str = "P-nummer";
pub const WORKSITE_NAME: &str = "Navn";
pub const WORKSITES_EMPTY: &str = "Ingen arbejdssteder endnu.";
pub const CVR_ADMIN_ONLY: &str =
    "Kun en administrator kan ændre CVR-nummeret. Skriv til jeres administrator, hvis det er forkert.";
pub const CORRECTION_PROPOSE: &str = "Foreslå en rettelse";
pub const CORRECTION_INTRO: &str = "Ret det, der er forkert. Jobcentret, der har kontrakt med jer, godkender rettelsen (et CVR-nummer godkendes af en administrator), og indtil da står de gamle oplysninger.";
pub const CORRECTION_COMMENT: &str = "Begrundelse (valgfri)";
pub const CORRECTION_SEND: &str = "Send rettelsen";
pub const CORRECTIONS_TITLE: &str = "Foreslåede rettelser";
pub const CORRECTION_FIELD: &str = "Felt";
pub const CORRECTION_FROM: &str = "Nu";
pub const CORRECTION_TO: &str = "Foreslået";
pub const CORRECTION_BY: &str = "foreslået af";
pub const CORRECTION_APPROVE: &str = "Godkend rettelsen";
pub const CORRECTION_REJECT: &str = "Afvis rettelsen";
pub const CORRECTION_REASON: &str = "Begrundelse for afvisning (valgfri)";
pub const CORRECTION_PENDING: &str = "Afventer";
pub const CORRECTION_APPROVED: &str = "Godkendt";
pub const CORRECTION_REJECTED: &str = "Afvist";
pub const CORRECTION_EMPTY: &str = "Rettelsen ændrer ingenting: ret mindst ét felt.";
pub const CORRECTION_DECIDED: &str = "Rettelsen er allerede afgjort.";

/// The Danish label of a company field by its API name (for corrections and the audit trail).
pub fn company_field_label(field: &str) -> &str {
    match field {
        "cvr" => COMPANY_CVR,
        "name" => COMPANY_NAME,
        "sector" => COMPANY_SECTOR,
        "address" => COMPANY_ADDRESS,
        "postcode" => COMPANY_POSTCODE,
        "city" => COMPANY_CITY,
        "ordinary_employees" => COMPANY_EMPLOYEES,
        "contact_name" => COMPANY_CONTACT_NAME,
        "contact_email" => COMPANY_CONTACT_EMAIL,
        "contact_phone" => COMPANY_CONTACT_PHONE,
        other => other,
    }
}

// Users
pub const USERS_TITLE: &str = "Brugere";
pub const USER_NEW: &str = "Ny bruger";
pub const USER_EMAIL: &str = "E-mail";
pub const USER_NAME: &str = "Navn";
pub const USER_ROLE: &str = "Rolle";
pub const USER_ORGANISATION: &str = "Organisation";
pub const USER_JOBCENTER: &str = "Jobcenter (for jobkonsulenter)";
pub const USER_COMPANY: &str = "Virksomhed (for underskrivere og mentorer)";
pub const USER_PASSWORD: &str = "Adgangskode (mindst 12 tegn)";
pub const USERS_EMPTY: &str = "Ingen brugere matcher.";
pub const USER_EDIT: &str = "Rediger bruger";
pub const USER_ACTIVE: &str = "Aktiv (kan logge ind)";
pub const USER_DPO: &str = "Databeskyttelsesrådgiver for sit jobcenter (ser CPR-adgangsloggen)";
pub const DPO_CONSULTANT_ONLY: &str =
    "Kun en jobkonsulent kan være databeskyttelsesrådgiver for sit jobcenter";
pub const USER_NEW_PASSWORD: &str = "Ny adgangskode (tom: uændret)";
pub const USER_STATUS: &str = "Status";
pub const USER_INACTIVE: &str = "Deaktiveret";

// Contracts
pub const NAV_CONTRACTS: &str = "Kontrakter";
pub const CONTRACTS_TITLE: &str = "Kontrakter";
pub const CONTRACT_NEW: &str = "Ny kontrakt";
pub const CONTRACT_EDIT: &str = "Rediger udkast";
pub const CONTRACT: &str = "Kontrakt";
pub const CONTRACTS_EMPTY: &str =
    "Ingen kontrakter matcher. Ret filtrene, eller opret en ny kontrakt.";
pub const CONTRACTS_EMPTY_COMPANY: &str =
    "Der er ingen kontrakter til jer endnu. Jobcenteret sender dem, når de er klar.";
pub const CONTRACT_CHOOSE_COMPANY: &str = "Vælg virksomheden kontrakten skal indgås med";
pub const CONTRACT_NEXT: &str = "Videre";
pub const CONTRACT_STATUS: &str = "Status";
pub const CONTRACT_ALL_STATUSES: &str = "Alle";
pub const CONTRACT_PERIOD: &str = "Periode";
pub const CONTRACT_FROM: &str = "Fra";
pub const CONTRACT_TO: &str = "Til";
pub const CONTRACT_FILTER: &str = "Filtrer";
pub const CONTRACT_PARTIES: &str = "Parter";
pub const CONTRACT_JOBCENTER: &str = "Jobcenter";
pub const CONTRACT_COMPANY: &str = "Virksomhed";
pub const CONTRACT_COMPANY_NAME: &str = "Virksomhedens navn";
pub const CONTRACT_CONSULTANT: &str = "Jobkonsulent";
pub const CONTRACT_MENTOR: &str = "Mentor";
pub const CONTRACT_WORKSITE: &str = "Arbejdssted (P-nummer)";
pub const CONTRACT_NO_WORKSITE: &str = "Hele virksomheden";
pub const CONTRACT_GOALS: &str = "Mål";
pub const CONTRACT_SEATS: &str = "Pladser";
pub const CONTRACT_SEATS_AND_TARGET: &str = "Pladser og målgruppe";
pub const CONTRACT_OFFER_TYPES: &str = "Tilbudstyper";
pub const CONTRACT_TARGET: &str = "Målgruppe";
pub const CONTRACT_BENEFITS: &str = "Ydelser i målgruppen";
pub const CONTRACT_MATCH_GROUP: &str = "Matchgruppe";
pub const CONTRACT_WORK_TASKS: &str = "Arbejdsopgaver";
pub const CONTRACT_MENTOR_FUNCTION: &str = "Mentorfunktion og økonomi";
pub const CONTRACT_MENTOR_HOURS: &str = "Mentortimer pr. uge (timer)";
pub const CONTRACT_MENTOR_BASIS: &str = "Mentortimerne gælder";
pub const CONTRACT_MENTOR_RATE: &str = "Timesats for mentor (kr. pr. time)";
pub const CONTRACT_MENTOR_GRANT: &str = "Eller fast tilskud pr. måned (kr., valgfrit)";
pub const CONTRACT_ACTIVITIES: &str = "Fælles støtteaktiviteter";
pub const CONTRACT_ACTIVITIES_HINT: &str =
    "Prisen er aktivitetens samlede pris for hele kontraktperioden, ikke pr. uge. Tomme rækker ignoreres. Gem for at få flere tomme rækker.";
pub const CONTRACT_ACTIVITY_KIND: &str = "Slags";
pub const CONTRACT_ACTIVITY_PROVIDER: &str = "Udbyder";
pub const CONTRACT_ACTIVITY_DESCRIPTION: &str = "Beskrivelse";
pub const CONTRACT_ACTIVITY_HOURS: &str = "Timer pr. uge";
pub const CONTRACT_ACTIVITY_COST: &str = "Pris for hele perioden (kr.)";
pub const CONTRACT_NO_ACTIVITIES: &str = "Ingen fælles støtteaktiviteter.";
pub const CONTRACT_FOLLOW_UP: &str = "Opfølgning hver (uger)";
pub const CONTRACT_START: &str = "Startdato";
pub const CONTRACT_END: &str = "Slutdato";
pub const CONTRACT_NOTICE: &str = "Opsigelsesvarsel (dage)";
pub const CONTRACT_COMPLIANCE: &str = "Forhold på arbejdsstedet";
pub const CONTRACT_EMPLOYEES: &str = "Ordinært ansatte på arbejdsstedet";
pub const CONTRACT_STATEMENT: &str = "Medarbejderrepræsentanten har udtalt sig";
pub const CONTRACT_DATE_HINT: &str = DATE_HINT;
pub const CONTRACT_SAVE_DRAFT: &str = "Gem udkast";
pub const CONTRACT_WARNINGS: &str = "Bemærk";
pub const CONTRACT_SEND: &str = "Send til virksomheden";
pub const CONTRACT_WITHDRAW: &str = "Træk tilbage";
pub const CONTRACT_ACCEPT: &str = "Accepter kontrakten";
pub const CONTRACT_REQUEST_CHANGES: &str = "Bed om ændringer";
pub const CONTRACT_COMMENT: &str = "Hvad skal ændres?";
pub const CONTRACT_AMEND: &str = "Lav et tillæg";
pub const CONTRACT_EFFECTIVE_FROM: &str = "Tillægget gælder fra";
pub const CONTRACT_TERMINATE: &str = "Opsig kontrakten";
pub const CONTRACT_TERMINATE_DATE: &str = "Sidste dag";
pub const CONTRACT_TERMINATE_REASON: &str = "Begrundelse";
pub const CONTRACT_PRINT: &str = "Udskriv kontrakten";
pub const CONTRACT_DIFF_TITLE: &str = "Ændringer i forhold til den gældende kontrakt";
pub const CONTRACT_DIFF_FIRST: &str = "Første udgave: alle vilkår er nye.";
pub const CONTRACT_SINCE_RETURNED_COMPANY: &str = "Ændret siden I bad om ændringer";
pub const CONTRACT_SINCE_RETURNED: &str = "Ændret siden virksomheden bad om ændringer";
pub const CONTRACT_SINCE_RETURNED_NONE: &str = "Intet er ændret endnu.";
pub const CONTRACT_DIFF_NONE: &str = "Ingen ændringer i vilkårene.";
pub const CONTRACT_COMPANY_COMMENT: &str = "Virksomhedens kommentar";
pub const CONTRACT_DRAFT_TERMS: &str = "Udkast";
pub const CONTRACT_IN_FORCE_TERMS: &str = "Gældende vilkår";
pub const CONTRACT_VERSIONS: &str = "Versioner";
pub const CONTRACT_VERSION: &str = "Version";
pub const CONTRACT_EFFECTIVE: &str = "Gælder fra";
pub const CONTRACT_ACCEPTED_BY: &str = "Accepteret af";
/// The full content hash on the printed contract, under its reference number.
pub const CONTRACT_HASH: &str = "Kontrolværdi";
pub const CONTRACT_LOG: &str = "Historik";
pub const CONTRACT_WHEN: &str = "Tidspunkt";
pub const CONTRACT_WHO: &str = "Hvem";
pub const CONTRACT_WHAT: &str = "Hvad";
pub const CONTRACT_STALE: &str = "Udkastet er ændret af en anden, siden du åbnede det. Dine ændringer er ikke gemt; genindlæs siden og prøv igen.";
pub const CONTRACT_TERMINATED: &str = "Opsagt";
pub const CONTRACT_ACCEPTANCE: &str = "Accept";
pub const CONTRACT_NOT_ACCEPTED: &str = "Denne version er endnu ikke accepteret af virksomheden.";
pub const CONTRACT_YES: &str = "Ja";
pub const CONTRACT_NO: &str = "Nej";
pub const CONTRACT_TOTAL_COST: &str = "Støtteaktiviteter i alt for hele perioden";

pub fn contract_action(code: &str) -> &'static str {
    match code {
        "create" => "oprettede udkastet",
        "edit" => "rettede udkastet",
        "send" => "sendte til virksomheden",
        "withdraw" => "trak tilbage",
        "accept" => "accepterede",
        "request_changes" => "bad om ændringer",
        "amend" => "startede et tillæg",
        "terminate" => "opsagde kontrakten",
        _ => "ændrede",
    }
}

// Seats, candidates and placements
pub const NAV_CANDIDATES: &str = "Kandidater";
pub const NAV_FOLLOW_UPS: &str = "Opfølgning";
pub const NAV_SEATS: &str = "Pladser";
pub const CANDIDATES_TITLE: &str = "Kandidater";
pub const CANDIDATES_EMPTY: &str = "Ingen kandidater matcher. Opret en ny kandidat.";
pub const CANDIDATE_NEW: &str = "Ny kandidat";
pub const CANDIDATE_CPR: &str = "CPR-nummer";
pub const CANDIDATE_NAME: &str = "Navn";
pub const CANDIDATE_BENEFIT: &str = "Ydelse";
pub const CANDIDATE_MATCH_GROUP: &str = "Matchgruppe";
pub const CANDIDATE_CREATED: &str = "Oprettet";
pub const CANDIDATE_SEARCH: &str = "Navn eller CPR-nummer";
pub const CANDIDATE_PLACEMENTS: &str = "Forløb";
pub const CANDIDATE_NO_PLACEMENTS: &str = "Ingen forløb endnu.";
pub const CANDIDATE_ACTIVITIES: &str = "Individuelle støtteaktiviteter (kun jobcenteret)";
pub const CANDIDATE_ACCESS_NOTE: &str = "Dit opslag i personens oplysninger er logget.";
pub const REFER_TITLE: &str = "Visiter til en plads";
pub const REFER_CONTRACT: &str = "Kontrakt";
pub const REFER_CANDIDATE: &str = "Kandidat";
pub const REFER_OFFER: &str = "Tilbud";
pub const REFER_START: &str = "Første dag";
pub const REFER_END: &str = "Sidste dag";
pub const REFER_SUBMIT: &str = "Visiter";
pub const SEATS_TITLE: &str = "Pladser og venteliste";
pub const SEATS_SEAT: &str = "Plads";
pub const SEATS_WAITING: &str = "Venteliste";
pub const SEATS_NO_WAITING: &str = "Ingen venter.";
pub const SEATS_FREE: &str = "ledig";
pub const SEATS_CLOSED: &str = "ingen plads";
pub const SEATS_POSITION: &str = "Nr.";
pub const SEATS_COMMITMENTS: &str = "Jeres pladser";
pub const SEATS_COMMITTED: &str = "Pladser i kontrakten";
pub const SEATS_OCCUPIED_TODAY: &str = "Besat i dag";
pub const SEATS_STARTING: &str = "Starter de næste 4 uger";
pub const PLACEMENT_TITLE: &str = "Forløb";
pub const PLACEMENT_STATUS: &str = "Status";
pub const PLACEMENT_SEAT: &str = "Plads";
pub const PLACEMENT_PERIOD: &str = "Periode";
pub const PLACEMENT_OUTCOME: &str = "Resultat";
pub const PLACEMENT_END: &str = "Afslut forløbet";
pub const PLACEMENT_END_DATE: &str = "Sidste dag";
pub const PLACEMENT_CANCEL: &str = "Annuller visitationen";
pub const PLACEMENT_EXTEND: &str = "Forlæng";
pub const PLACEMENT_NEW_END: &str = "Ny sidste dag";
pub const PLACEMENT_FOLLOW_UP: &str = "Opfølgning 4 uger efter";
pub const PLACEMENT_SELF_SUPPORTING: &str = "Er personen selvforsørgende?";
pub const PLACEMENT_SAVE_FOLLOW_UP: &str = "Gem opfølgning";
pub const PLACEMENT_TAKE_REMAINING: &str = "Placér for resten af perioden";
pub const HEADCOUNT_DECLARE: &str = "Angiv nyt antal ordinært ansatte";
pub const HEADCOUNT_FROM: &str = "Gælder fra";
pub const HEADCOUNT_FROM_HINT: &str =
    "dd-mm-åååå; tom: i dag. Rimelighedskravet bruger tallet, der gælder på forløbets første dag.";
pub const SEATS_HEADROOM: &str = "Rimelighedskravet på arbejdsstedet";
pub const SEATS_HEADROOM_HINT: &str = "Højst så mange personer i virksomhedspraktik og løntilskud på én gang efter de ordinært ansatte, som virksomheden har angivet; alle kontrakter og jobcentre på arbejdsstedet tæller med.";
pub const SEATS_MONTH: &str = "Måned";
pub const SEATS_EMPLOYEES: &str = "Ordinært ansatte";
pub const SEATS_MAX: &str = "Højst";
pub const SEATS_MOST: &str = "Flest på én dag";
pub const SEATS_ROOM_LEFT: &str = "Ledigt";
pub const PLACEMENT_ASSESSMENT: &str = "Konkret vurdering (ved forlængelse ud over grænsen)";
pub const PLACEMENT_ASSESSMENT_HINT: &str = "Virksomhedspraktik varer højst 4 uger, 13 uger for personer på kontant- eller starthjælp i matchgruppe 2 eller 3. Længere kun med en konkret vurdering af, hvorfor personen skal blive længere; den gemmes i forløbets historik.";

/// A seat is free for a waiting referral whose period has begun.
pub fn remaining_offer(from: &str, to: &str) -> String {
    format!("Perioden er begyndt, så pladsen gives ikke af sig selv. Der er en ledig plads fra {from} til {to}.")
}

/// Before the follow-up may be recorded (end + 4 weeks).
pub fn follow_up_from(date: &str, weeks: i64) -> String {
    format!(
        "Opfølgningen om selvforsørgelse registreres fra {date}, {weeks} uger efter afslutningen."
    )
}
pub const FOLLOW_UPS_TITLE: &str = "Opfølgninger der skal laves";
pub const FOLLOW_UPS_EMPTY: &str = "Ingen opfølgninger venter.";
pub const FOLLOW_UPS_DUE: &str = "Skal følges op";

// Hours
pub const NAV_HOURS: &str = "Timer";
pub const NAV_CAMPAIGNS: &str = "Mål";
pub const NAV_APPROVALS: &str = "Godkend timer";
pub const NAV_PAYMENTS: &str = "Betaling";
pub const HOURS_TITLE: &str = "Mentortimer";
pub const HOURS_CONTRACT: &str = "Virksomhedscenter";
pub const HOURS_ROW: &str = "Kandidat og aktivitet";
pub const HOURS_ACTIVITY: &str = "Aktivitet";
pub const HOURS_WEEK: &str = "Uge";
pub const HOURS_WEEKS_NAV: &str = "Uger";
pub const HOURS_NOTE: &str = "Note";

/// The accessible name of a control in row `n` of the week grid, e.g. "Mandag 23-11, række 2".
pub fn in_row(label: &str, n: usize) -> String {
    format!("{label}, række {n}")
}

/// The accessible name of a control in the `n`th activity row of a contract form.
pub fn in_activity_row(label: &str, n: usize) -> String {
    format!("{label}, aktivitet {n}")
}
pub const HOURS_NO_CANDIDATE: &str = "Ingen bestemt kandidat";
pub const HOURS_DAY_TOTAL: &str = "I alt pr. dag";
pub const HOURS_WEEK_TOTAL: &str = "Ugen i alt";
pub const HOURS_BUDGET: &str = "Budget";
pub const HOURS_SAVE: &str = "Gem ugen";
pub const HOURS_SUBMIT: &str = "Indsend ugen til godkendelse";
pub const HOURS_SUBMIT_EMPTY: &str = "Ja, indsend ugen med 0 timer";
pub const HOURS_SUBMIT_HINT: &str =
    "Indsend gemmer også det, du har skrevet. En indsendt uge kan ikke ændres, før den er afvist.";
pub const HOURS_APPROVE: &str = "Godkend ugen";
pub const HOURS_REJECT: &str = "Afvis ugen";
pub const HOURS_REASON: &str = "Begrundelse";
pub const HOURS_REJECTED_BECAUSE: &str = "Afvist";
pub const HOURS_HISTORY: &str = "Ugens forløb";
/// A step of a week's history, by its action code.
pub fn hours_history_action(action: &str) -> &'static str {
    match action {
        "submit" => "Indsendt",
        "approved" => "Godkendt",
        "rejected" => "Sendt tilbage",
        "reopened" => "Genåbnet",
        _ => "Ændret",
    }
}
pub const HOURS_HISTORY_BY: &str = "af";
pub const HOURS_HINT: &str =
    "Skriv timer som 1,5, 1:30 eller 1½ (kvarte timer). Tab flytter til næste felt, Enter gemmer.";
pub const HOURS_NO_CONTRACTS: &str = "Du er ikke mentor på et accepteret virksomhedscenter endnu.";
pub const HOURS_LOCKED: &str = "Ugen er låst.";
pub const HOURS_PENDING_TITLE: &str = "Uger der venter";
pub const HOURS_PENDING_EMPTY: &str = "Ingen uger venter på jer.";
pub const HOURS_SUMMARY: &str = "Mentortimer";
pub const HOURS_LOGGED: &str = "Registreret";
pub const HOURS_APPROVED: &str = "Godkendt";
pub const HOURS_OVER_BUDGET: &str = "Der er registreret flere timer end budgettet.";
pub const PAYMENTS_TITLE: &str = "Betaling af mentortimer";
pub const PAYMENTS_MONTH: &str = "Måned";
pub const PAYMENTS_SHOW: &str = "Vis";
pub const PAYMENTS_CSV: &str = "Hent som CSV (Excel)";
pub const PAYMENTS_EMPTY: &str = "Ingen godkendte timer eller faste tilskud i måneden.";
pub const PAYMENTS_AMOUNT: &str = "Beløb";
pub const PAYMENTS_KIND: &str = "Art";
pub const PAYMENTS_TOTAL: &str = "I alt";

/// The `ok` codes whose message is a notice, not a confirmation: the action did something other
/// than what was asked for or something the user should act on (shown in the notice style).
pub fn flash_is_notice(code: &str) -> bool {
    matches!(
        code,
        "referral_waiting" | "login_again" | "mfa_required" | "seat_moved_up"
    )
}

// Confirmation messages after an action (the `ok` query parameter names one)
pub fn flash(code: &str) -> Option<&'static str> {
    Some(match code {
        "logged_in" => "Du er logget ind.",
        "mail_saved" => mail::PREFS_SAVED,
        "mail_resent" => mail::RESENT,
        "logged_out" => "Du er logget ud.",
        "login_again" => "Log ind igen: der gik for lang tid, før koden blev skrevet.",
        "mfa_required" => "Du skal opsætte to-trins-login, før du kan bruge systemet. Det tager et par minutter med en godkendelses-app på din telefon.",
        "mfa_enabled" => "To-trins-login er slået til.",
        "mfa_reset" => "To-trins-login er nulstillet. Brugeren er logget ud og opsætter det igen ved næste login.",
        "jobcenter_created" => "Jobcenteret er oprettet.",
        "jobcenter_saved" => "Jobcenteret er gemt.",
        "company_created" => "Virksomheden er oprettet.",
        "company_saved" => "Virksomheden er gemt.",
        "worksite_added" => "Arbejdsstedet er tilføjet.",
        "headcount_declared" => "Antallet af ordinært ansatte er gemt; de tidligere tal er bevaret.",
        "correction_proposed" => "Rettelsen er sendt til jobcentret.",
        "correction_approved" => {
            "Rettelsen er godkendt, og virksomhedens oplysninger er opdateret."
        }
        "correction_rejected" => "Rettelsen er afvist.",
        "user_created" => "Brugeren er oprettet.",
        "user_saved" => "Brugeren er gemt.",
        "invitation_cancelled" => "Invitationen er annulleret. Linket virker ikke længere.",
        "contract_created" => "Udkastet er oprettet.",
        "contract_saved" => "Udkastet er gemt.",
        "contract_sent" => "Kontrakten er sendt til virksomheden.",
        "contract_withdrawn" => "Kontrakten er trukket tilbage og kan rettes igen.",
        "contract_accepted" => "Kontrakten er accepteret.",
        "contract_returned" => "Kontrakten er sendt tilbage med jeres kommentar.",
        "contract_amended" => "Et tillæg er startet som nyt udkast.",
        "contract_terminated" => "Kontrakten er opsagt.",
        "candidate_created" => "Kandidaten er oprettet.",
        "referral_placed" => "Kandidaten har fået en plads.",
        "referral_waiting" => {
            "Der var ingen ledig plads i hele perioden: kandidaten står på ventelisten."
        }
        "placement_ended" => "Forløbet er afsluttet.",
        "agreement_saved" => "Aftalen er gemt.",
        "agreement_sent" => "Aftalen er sendt til virksomheden.",
        "agreement_accepted" => "Aftalen er accepteret.",
        "agreement_returned" => "Aftalen er sendt tilbage til jobcentret.",
        "attendance_saved" => "Fremmødet er gemt.",
        "month_exported" => "Måneden er eksporteret til betaling.",
        "week_reopened" => "Ugen er genåbnet og sendt tilbage til mentoren.",
        "seat_moved_up" => {
            "Ændringen er gemt. En plads blev ledig, og en person fra ventelisten har fået den: se kontraktens pladser."
        }
        "placement_cancelled" => "Visitationen er annulleret.",
        "placement_remaining" => "Personen har fået plads for resten af perioden.",
        "placement_extended" => "Forløbet er forlænget.",
        "follow_up_saved" => "Opfølgningen er gemt.",
        "visit_moved" => "Besøget er flyttet.",
        "visit_recorded" => "Besøget er registreret som gennemført.",
        "calendar_renewed" => "Din kalender har fået en ny adresse. Den gamle virker ikke længere.",
        "hours_saved" => "Ugens timer er gemt.",
        "campaign_created" => "Kampagnen er oprettet.",
        "figures_saved" => "Tallene er gemt.",
        "campaign_updated" => "Kampagnen er rettet.",
        "logged_out_everywhere" => "Du er logget ud på alle enheder.",
        "password_changed" => "Din adgangskode er skiftet. Du er logget ud på dine andre enheder.",
        "week_submitted" => "Ugen er sendt til godkendelse.",
        "week_approved" => "Ugen er godkendt.",
        "week_approved_next" => "Ugen er godkendt. Her er den næste indsendte uge.",
        "week_approved_last" => "Ugen er godkendt. Der venter ikke flere indsendte uger.",
        "week_rejected" => "Ugen er sendt tilbage til mentoren.",
        "document_added" => documents::ADDED,
        "document_removed" => documents::REMOVED,
        _ => return None,
    })
}

pub mod csv;
pub mod design;

pub mod account;

pub mod campaign;

pub mod audit;

pub mod tasks;

pub mod contracts;
pub mod directory;
pub mod hours;
pub mod print;
pub mod seats;

pub mod economy;

pub mod accessibility;
pub mod agreements;
pub mod attendance;
pub mod documents;
pub mod invitations;
pub mod mail;
pub mod visits;

/// A match group as a choice in a form: "Matchgruppe 2".
pub fn match_group(group: i32) -> String {
    format!("Matchgruppe {group}")
}

/// "Kontanthjælp, matchgruppe 2" on the contract page.
pub fn target_group(benefits: &str, group: i32) -> String {
    format!("{benefits}, matchgruppe {group}")
}

/// "3 t pr. uge for centret à 250,00 kr." (and a fixed grant) on the contract page.
pub fn mentor_terms(hours: &str, basis: &str, rate: &str, grant: Option<&str>) -> String {
    match grant {
        Some(g) => {
            format!("{hours} pr. uge {basis} à {rate} pr. time · fast tilskud {g} pr. måned")
        }
        None => format!("{hours} pr. uge {basis} à {rate} pr. time"),
    }
}

/// "(version 2)" after an event in a contract's history.
pub fn in_version(n: i32) -> String {
    format!("(version {n})")
}
