//! E-mail: the mails' subjects and bodies, the choices on "Min konto", the unsubscribe page and
//! the administrators' outbox.

pub const KIND_CONTRACT_SENT: &str = "Kontrakt sendt til gennemsyn";
pub const KIND_AMENDMENT_SENT: &str = "Tillæg sendt til gennemsyn";
pub const KIND_CHANGES_REQUESTED: &str = "Ændringer ønsket";
pub const KIND_CONTRACT_ACCEPTED: &str = "Kontrakt accepteret";
pub const KIND_CONTRACT_ENDING: &str = "Kontrakt udløber snart";
pub const KIND_CONTRACT_TERMINATED: &str = "Kontrakt opsagt";
pub const KIND_WEEK_REJECTED: &str = "Uge afvist";
pub const KIND_WEEK_SUBMITTED: &str = "Uge afleveret";
pub const KIND_MOVED_UP: &str = "Rykket op fra ventelisten";
pub const KIND_FOLLOW_UP_DUE: &str = "Opfølgning kan registreres";
pub const KIND_REFERRAL_CANCELLED: &str = "Henvisning annulleret";
pub const KIND_WEEK_REMINDER: &str = "Påmindelse om timer";
pub const KIND_INVITATION: &str = "Invitation";
pub const KIND_DIGEST: &str = "Daglig oversigt";
pub const KIND_AGREEMENT_SENT: &str = "Aftale om forløb sendt til gennemsyn";
pub const KIND_AGREEMENT_ANSWERED: &str = "Svar på aftale om forløb";
pub const KIND_NO_SHOW: &str = "Udeblivelse";
pub const KIND_WEEK_REOPENED: &str = "Uge genåbnet";

pub const TOPIC_CONTRACT_REVIEW: &str = "Kontrakter og tillæg til gennemsyn";
pub const TOPIC_CONTRACT_ANSWERS: &str =
    "Virksomhedens svar på en kontrakt (ændringer ønsket, accepteret)";
pub const TOPIC_CONTRACT_ENDING: &str = "Kontrakter der udløber eller opsiges";
pub const TOPIC_WEEK_REJECTED: &str = "Uger med timer der afvises";
pub const TOPIC_WEEK_SUBMITTED: &str = "Uger med timer der afleveres til godkendelse";
pub const TOPIC_PLACEMENTS: &str =
    "Forløb (rykket op fra ventelisten, opfølgning, annullerede henvisninger)";
pub const TOPIC_WEEK_REMINDER: &str = "Påmindelse mandag kl. 8, når sidste uges timer mangler";

pub const DELIVERY_IMMEDIATELY: &str = "Med det samme";
pub const DELIVERY_DIGEST: &str = "I den daglige oversigt kl. 8";
pub const DELIVERY_OFF: &str = "Ikke som e-mail";

pub const STATUS_HELD: &str = "Venter på daglig oversigt";
pub const STATUS_QUEUED: &str = "I kø";
pub const STATUS_SENDING: &str = "Sendes";
pub const STATUS_SENT: &str = "Sendt";
pub const STATUS_FAILED: &str = "Opgivet";
pub const STATUS_DIGESTED: &str = "Sendt i daglig oversigt";

// The mails.

pub const SENDER_NAME: &str = "Virksomhedscenter";
pub const AUTOMATIC: &str = "Denne e-mail er sendt automatisk. Svar ikke på den.";
pub const OPEN_CONTRACT: &str = "Åbn kontrakten";
pub const REVIEW_CONTRACT: &str = "Tjek kontrakten";
pub const OPEN_WEEK: &str = "Åbn ugen";
pub const OPEN_PLACEMENT: &str = "Åbn forløbet";
pub const OPEN_AGREEMENT: &str = "Åbn aftalen";
pub const OPEN_HOURS: &str = "Registrer timer";
pub const CHOOSE_PASSWORD: &str = "Vælg adgangskode";
pub const OPEN_APP: &str = "Åbn Virksomhedscenter";
pub const REASON_LABEL: &str = "Begrundelse";
pub const COMMENT_LABEL: &str = "Kommentar";

pub fn hello(name: &str) -> String {
    format!("Hej {name}")
}

pub fn subject_contract_sent(company: &str, period: &str) -> String {
    format!("Kontrakt til gennemsyn: {company}, {period}")
}
pub fn body_contract_sent(actor: &str, company: &str, period: &str) -> String {
    format!(
        "{actor} fra jobcentret har sendt kontrakten om virksomhedspladser hos {company} \
         ({period}) til jeres gennemsyn. Tjek den, og accepter den, eller send den tilbage med \
         en kommentar."
    )
}

pub fn subject_amendment_sent(company: &str, version: i32) -> String {
    format!("Tillæg til gennemsyn: {company}, version {version}")
}
pub fn body_amendment_sent(actor: &str, company: &str, version: i32) -> String {
    format!(
        "{actor} fra jobcentret har sendt et tillæg til kontrakten med {company} (version \
         {version}) til jeres gennemsyn. Tjek det, og accepter det, eller send det tilbage med \
         en kommentar."
    )
}

pub fn subject_changes_requested(company: &str, version: i32) -> String {
    format!("Ændringer ønsket: {company}, version {version}")
}
pub fn body_changes_requested(company: &str, version: i32) -> String {
    format!("{company} har sendt version {version} af kontrakten tilbage og ønsker ændringer.")
}

pub fn subject_contract_accepted(company: &str, version: i32) -> String {
    format!("Kontrakt accepteret: {company}, version {version}")
}
pub fn body_contract_accepted(company: &str, version: i32, period: &str) -> String {
    format!("{company} har accepteret version {version} af kontrakten ({period}).")
}

pub fn subject_contract_ending(company: &str, days: i64, date: &str) -> String {
    format!("Kontrakten med {company} udløber om {days} dage ({date})")
}
pub fn body_contract_ending(company: &str, days: i64, date: &str) -> String {
    format!(
        "Kontrakten med {company} udløber {date}, om {days} dage. Skal samarbejdet fortsætte, \
         så lav et tillæg i god tid."
    )
}

pub fn subject_contract_terminated(company: &str, date: &str) -> String {
    format!("Kontrakten med {company} er opsagt pr. {date}")
}
pub fn body_contract_terminated(company: &str, date: &str) -> String {
    format!("Kontrakten med {company} er opsagt pr. {date}.")
}

pub fn subject_week_rejected(week: &str, company: &str) -> String {
    format!("Timer afvist: {week}, {company}")
}
pub fn body_week_rejected(actor: &str, week: &str, company: &str) -> String {
    format!(
        "{actor} har afvist timerne for {week} på kontrakten med {company}. Ret timerne, og \
         aflever ugen igen."
    )
}

pub fn subject_week_submitted(week: &str, company: &str) -> String {
    format!("Timer afleveret: {week}, {company}")
}
pub fn body_week_submitted(actor: &str, week: &str, company: &str) -> String {
    format!(
        "{actor} har afleveret timerne for {week} på kontrakten med {company}. De venter på \
         jobcentrets godkendelse."
    )
}

pub fn subject_moved_up(person: &str, company: &str) -> String {
    format!("Rykket op fra ventelisten: {person}, {company}")
}
pub fn body_moved_up(person: &str, seat: i32, company: &str) -> String {
    format!(
        "{person} er rykket op fra ventelisten til plads {seat} på kontrakten med {company}. \
         Giv personen og virksomheden besked om starten."
    )
}

pub fn subject_follow_up_due(person: &str, company: &str) -> String {
    format!("Opfølgning: {person}, {company}")
}
pub fn body_follow_up_due(person: &str, company: &str, date: &str) -> String {
    format!(
        "Forløbet for {person} hos {company} er slut, og opfølgningen kan registreres fra \
         {date}: er personen selvforsørgende?"
    )
}

pub fn subject_referral_cancelled(person: &str, company: &str) -> String {
    format!("Henvisning annulleret: {person}, {company}")
}
pub fn body_referral_cancelled(person: &str, company: &str) -> String {
    format!(
        "Henvisningen af {person} til kontrakten med {company} stod på ventelisten og er \
         annulleret, fordi den ikke længere passer inden for kontraktens periode."
    )
}

pub fn subject_week_reminder(week: &str) -> String {
    format!("Husk timerne for {week}")
}
pub fn body_week_reminder(week: &str) -> String {
    format!(
        "Timerne for {week} er ikke afleveret endnu. Registrer og aflever dem, så jobcentret \
         kan godkende dem:"
    )
}

pub fn subject_invitation(company: &str) -> String {
    format!("Invitation til Virksomhedscenter: {company}")
}
pub fn body_invitation(actor: &str, company: &str, until: &str) -> String {
    format!(
        "{actor} fra jobcentret har inviteret dig til Virksomhedscenter for {company}. Vælg din \
         adgangskode via linket. Linket virker til {until} og kun én gang."
    )
}

pub fn subject_digest(n: usize) -> String {
    if n == 1 {
        "Daglig oversigt: 1 ny hændelse".to_string()
    } else {
        format!("Daglig oversigt: {n} nye hændelser")
    }
}
pub const BODY_DIGEST: &str = "Det her er sket siden den sidste oversigt:";

/// "uge 23 · 2011, Strib Bageri" (a reminder's line).
pub fn reminder_line(week: &str, company: &str) -> String {
    format!("{week}, {company}")
}

pub fn why(topic: Option<&str>) -> String {
    match topic {
        Some("contract_review") => {
            "Du får denne e-mail, fordi du underskriver kontrakter for virksomheden.".into()
        }
        Some("contract_answers" | "placements") => {
            "Du får denne e-mail, fordi du er jobkonsulent på kontrakten.".into()
        }
        Some("contract_ending") => "Du får denne e-mail, fordi du er part i kontrakten.".into(),
        Some("week_rejected" | "week_reminder") => {
            "Du får denne e-mail, fordi du er mentor på kontrakten.".into()
        }
        Some("week_submitted") => {
            "Du får denne e-mail, fordi du godkender timer for jobcentret.".into()
        }
        Some("digest") => {
            "Du får denne e-mail, fordi nogle af dine e-mails samles i en daglig oversigt. \
             Det kan du ændre under Min konto."
                .into()
        }
        _ => "Du får denne e-mail, fordi en jobkonsulent har inviteret dig.".into(),
    }
}

pub fn change_here(url: &str) -> String {
    format!("Vælg selv, hvilke e-mails du får, under Min konto: {url}")
}
pub const CHANGE_LINK: &str = "Vælg selv, hvilke e-mails du får, under Min konto";
pub fn unsubscribe_here(topic: &str, url: &str) -> String {
    format!("Afmeld e-mails om \"{topic}\": {url}")
}
pub fn unsubscribe_link(topic: &str) -> String {
    format!("Afmeld e-mails om \"{topic}\"")
}

// "Min konto": the choices.

pub const PREFS_TITLE: &str = "E-mails";
pub const PREFS_INTRO: &str = "Vælg for hver slags hændelse, om du vil have en e-mail med det samme, samlet i en daglig oversigt kl. 8 (dansk tid), eller ingen e-mail. Opgaverne står altid på forsiden.";
pub const PREFS_NONE: &str = "Din rolle får ingen e-mails fra systemet.";
pub const PREFS_SAVE: &str = "Gem valg";
pub const PREFS_SAVED: &str = "Dine valg af e-mails er gemt.";
pub const PREFS_LINK: &str = "Vælg hvilke e-mails du får";
pub const PREFS_MANDATORY: &str = "Kontrakter til gennemsyn kan ikke fravælges for underskrivere: virksomheden skal vide, når en kontrakt venter på den.";
pub const CHOICE_NOT_OFFERED: &str = "Vælg en af de viste muligheder.";
pub const UNKNOWN_TOPIC: &str = "Ukendt slags e-mail.";

// The unsubscribe page (reached from a mail, without logging in).

pub const UNSUB_TITLE: &str = "Afmeld e-mails";
pub fn unsub_question(topic: &str) -> String {
    format!("Vil du afmelde e-mails om \"{topic}\"? Du kan altid vælge dem igen under Min konto.")
}
pub const UNSUB_BUTTON: &str = "Afmeld";
pub fn unsub_done(topic: &str) -> String {
    format!("Du får ikke længere e-mails om \"{topic}\".")
}
pub const UNSUB_BAD_LINK: &str =
    "Linket til at afmelde er ikke gyldigt. Log ind, og vælg dine e-mails under Min konto.";
pub const UNSUB_MANDATORY: &str = "Kontrakter til gennemsyn kan ikke afmeldes for underskrivere. Du kan vælge at få dem i den daglige oversigt under Min konto.";

// The administrators' outbox.

pub const OUTBOX_TITLE: &str = "Udgående e-mails";
pub const NAV_OUTBOX: &str = "E-mails";
pub const OUTBOX_INTRO: &str = "E-mails skrives i udbakken i samme transaktion som det, der udløser dem, og sendes derefter. Fejler en afsendelse, prøves igen med stigende pauser i et døgn.";
pub const OUTBOX_EMPTY: &str = "Ingen e-mails med den status.";
pub const OUTBOX_NONE: &str = "Udbakken er tom: der er ikke skrevet nogen e-mails endnu.";
pub const OUTBOX_SHOW: &str = "Vis";
pub const OUTBOX_ALL: &str = "Alle";
pub const COL_CREATED: &str = "Oprettet";
pub const COL_RECIPIENT: &str = "Modtager";
pub const COL_KIND: &str = "Slags";
pub const COL_STATUS: &str = "Status";
pub const COL_ATTEMPTS: &str = "Forsøg";
pub const COL_SENT: &str = "Sendt";
pub const COL_ERROR: &str = "Seneste fejl";
pub const RESEND: &str = "Send igen";
/// A row's button to a screen reader, which hears all the rows' buttons alike otherwise:
/// "Send igen: Kontrakt sendt til gennemsyn til Birgit Sund".
pub fn resend_label(kind: &str, recipient: &str) -> String {
    format!("{RESEND}: {kind} til {recipient}")
}
pub const RESENT: &str = "E-mailen er sat i kø igen.";
pub const NOT_RESENDABLE: &str = "Kun en sendt eller opgivet e-mail kan sendes igen.";
pub const TRANSPORT_SMTP: &str = "Sendes via SMTP-serveren";
pub const TRANSPORT_FILES: &str = "Ingen SMTP-server er sat op: e-mails gemmes som .eml-filer i";
pub const TRANSPORT_OFF: &str = "Denne instans sender ikke e-mails.";
pub const GAVE_UP: &str = "opgivet efter et døgn";

pub fn subject_agreement_sent(person: &str, company: &str) -> String {
    format!("Aftale om forløb til gennemsyn: {person}, {company}")
}
pub fn body_agreement_sent(actor: &str, person: &str, company: &str, version: i32) -> String {
    format!(
        "{actor} har sendt aftalen om {person}s forløb hos {company} (version {version}) til \
         gennemsyn. Læs den, og accepter den eller send den tilbage med en kommentar."
    )
}
pub fn subject_agreement_answered(person: &str, accepted: bool) -> String {
    if accepted {
        format!("Aftale accepteret: {person}")
    } else {
        format!("Aftale sendt tilbage: {person}")
    }
}
pub fn body_agreement_answered(
    actor: &str,
    person: &str,
    company: &str,
    version: i32,
    accepted: bool,
) -> String {
    if accepted {
        format!(
            "{actor} fra {company} har accepteret aftalen om {person}s forløb (version {version})."
        )
    } else {
        format!(
            "{actor} fra {company} har sendt aftalen om {person}s forløb (version {version}) \
             tilbage og beder om ændringer."
        )
    }
}
pub fn subject_no_show(person: &str, date: &str) -> String {
    format!("Udeblivelse: {person} {date}")
}
pub fn body_no_show(actor: &str, person: &str, company: &str, date: &str) -> String {
    format!("{actor} har registreret, at {person} udeblev fra forløbet hos {company} {date}.")
}
pub fn subject_week_reopened(week: &str, company: &str) -> String {
    format!("Genåbnet til rettelse: {week}, {company}")
}
pub fn body_week_reopened(actor: &str, week: &str, company: &str) -> String {
    format!(
        "{actor} har genåbnet {week} på kontrakten med {company}, som var godkendt. Ret timerne, \
         og indsend ugen igen."
    )
}
