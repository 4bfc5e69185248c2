//! The audit trail and the CPR access log.

pub const NAV_AUDIT: &str = "Revisionsspor";
pub const NAV_ACCESS_LOG: &str = "CPR-adgangslog";
pub const AUDIT_TITLE: &str = "Revisionsspor";
pub const AUDIT_INTRO: &str =
    "Hvem har gjort hvad ved hvilke kontrakter, forløb, timeuger, kandidater, brugere og virksomheder (oprettelser, ændringer, logins, adgangskoder). Nyeste først.";
pub const ACCESS_TITLE: &str = "CPR-adgangslog";
pub const ACCESS_INTRO: &str = "Hver gang en jobkonsulent åbner en kandidats fulde oplysninger (med CPR-nummer) eller søger på et CPR-nummer, skrives det her, også når søgningen ikke fandt nogen. Nyeste først.";
pub const ACCESS_INTRO_DPO: &str =
    "Du ser loggen for dit eget jobcenter som databeskyttelsesrådgiver.";
pub const EMPTY: &str =
    "Ingen linjer passer til filtrene. Fjern et filter, eller vælg en længere periode.";
pub const FILTER: &str = "Filtrér";
pub const CLEAR: &str = "Nulstil";
pub const USER: &str = "Bruger (navn eller e-mail)";
pub const OBJECT_TYPE: &str = "Slags";
pub const OBJECT_ALL: &str = "Alle";
pub const OBJECT_ID: &str = "Id";
pub const ACTION: &str = "Handling";
pub const FROM: &str = "Fra dato";
pub const TO: &str = "Til dato";
pub const CPR: &str = "CPR-nummer";
pub const WHEN: &str = "Tidspunkt";
pub const WHO: &str = "Bruger";
pub const WHAT: &str = "Handling";
pub const OBJECT: &str = "Objekt";
pub const DETAIL: &str = "Detaljer";
pub const CANDIDATE: &str = "Kandidat";
pub const OBJECT_CONTRACT: &str = "Kontrakt";
pub const OBJECT_PLACEMENT: &str = "Forløb";
pub const OBJECT_HOUR_WEEK: &str = "Timeuge";
pub const OBJECT_CANDIDATE: &str = "Kandidat";
pub const OBJECT_USER: &str = "Bruger";
pub const OBJECT_COMPANY: &str = "Virksomhed";
pub const OBJECT_DOCUMENT: &str = "Dokument";
pub const AUDIT_OBJECT_UNKNOWN: &str =
    "Vælg kontrakt, forløb, timeuge, kandidat, bruger, virksomhed eller dokument";
pub const DATE_FORMAT: &str = "Skriv datoen som dd-mm-åååå";
pub const DATE_ORDER: &str = "Til-datoen skal ligge efter fra-datoen";
pub const SORT_UNKNOWN: &str = "Sorter efter \"when\" eller \"-when\"";
pub const NUMBER_RANGE: &str = "Skriv et helt tal i det tilladte interval";
pub const CPR_FORMAT: &str = "Skriv et gyldigt CPR-nummer (ddmmåå-xxxx)";
pub const READ_FULL: &str = "Åbnede de fulde oplysninger";
pub const SEARCHED_HIT: &str = "Søgte på CPR-nummer (fundet)";
pub const SEARCHED: &str = "Søgte på CPR-nummer";
pub const SEARCH_REFUSED: &str = "Søgning på CPR-nummer afvist (for mange søgninger)";
pub const NOBODY_FOUND: &str = "Ingen fundet";
pub const CPR_FIRST_PAGE: &str =
    "Der er flere linjer for CPR-nummeret end her: afgræns med datoer for at se dem.";

/// The Danish words for an action of the CPR access log.
pub fn access_action_label(code: &str) -> &str {
    match code {
        "open" => READ_FULL,
        "search" => SEARCHED,
        "search_refused" => SEARCH_REFUSED,
        other => other,
    }
}

/// The actions of the audit trail (their codes, as the API gives them) with their Danish
/// words, in the order the page's filter offers them.
pub const ACTIONS: &[(&str, &str)] = &[
    ("create", "Oprettede udkast"),
    ("edit", "Rettede udkast"),
    ("send", "Sendte til virksomheden"),
    ("withdraw", "Trak tilbage"),
    ("request_changes", "Bad om ændringer"),
    ("accept", "Accepterede"),
    ("amend", "Startede tillæg"),
    ("terminate", "Opsagde"),
    ("referred", "Visiterede"),
    ("promoted", "Fik plads fra ventelisten"),
    ("remaining", "Fik plads for resten af perioden"),
    ("cancelled", "Annullerede"),
    ("extended", "Forlængede"),
    ("ended", "Afsluttede"),
    ("follow_up", "Registrerede opfølgning"),
    ("visit_moved", "Flyttede et opfølgningsbesøg"),
    ("visit_recorded", "Registrerede et opfølgningsbesøg"),
    ("cpr_open", READ_FULL),
    ("cpr_search", SEARCHED_HIT),
    ("submit", "Sendte ugen til godkendelse"),
    ("approved", "Godkendte ugen"),
    ("rejected", "Sendte ugen tilbage"),
    ("user_created", "Oprettede brugeren"),
    ("user_updated", "Ændrede brugeren"),
    ("login", "Loggede ind"),
    ("login_failed", "Forkert adgangskode ved login"),
    ("password_changed", "Skiftede sin adgangskode"),
    (
        "password_change_failed",
        "Forkert nuværende adgangskode ved skift",
    ),
    ("logout_everywhere", "Loggede ud på alle enheder"),
    ("mfa_enabled", "Slog to-trins-login til"),
    ("mfa_reset", "Nulstillede to-trins-login"),
    ("otp_failed", "Forkert kode ved to-trins-login"),
    ("invited", "Inviterede personen"),
    ("invitation_renewed", "Sendte nyt invitationslink"),
    ("invitation_cancelled", "Annullerede invitationen"),
    (
        "invitation_accepted",
        "Tog imod invitationen og valgte adgangskode",
    ),
    ("company_created", "Oprettede virksomheden"),
    ("company_updated", "Ændrede virksomheden"),
    ("worksite_added", "Tilføjede et arbejdssted"),
    ("headcount_declared", "Angav antal ansatte"),
    (
        "correction_proposed",
        "Foreslog en rettelse af virksomheden",
    ),
    (
        "correction_approved",
        "Godkendte en rettelse af virksomheden",
    ),
    ("correction_rejected", "Afviste en rettelse af virksomheden"),
    ("document_added", "Tilføjede dokumentet"),
    ("document_removed", "Fjernede dokumentet"),
];

/// The Danish words for an action of the audit trail; an unknown code as it is.
pub fn action_label(code: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}

/// The Danish word for an object kind of the audit trail.
pub fn object_label(kind: &str) -> &'static str {
    match kind {
        "contract" => OBJECT_CONTRACT,
        "placement" => OBJECT_PLACEMENT,
        "hour_week" => OBJECT_HOUR_WEEK,
        "user" => OBJECT_USER,
        "company" => OBJECT_COMPANY,
        "document" => OBJECT_DOCUMENT,
        _ => OBJECT_CANDIDATE,
    }
}
