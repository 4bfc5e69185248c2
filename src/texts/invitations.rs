//! Invitations of a company's signatories and mentors, and the page where the invited person
//! chooses a password.

pub const SECTION_TITLE: &str = "Invitationer";
pub const SECTION_INTRO: &str = "Inviter virksomhedens underskriver eller mentor. Personen får et link, hvor vedkommende selv vælger sin adgangskode. Linket virker i 14 dage og kun én gang.";
pub const INVITE: &str = "Inviter";
pub const INVITE_PERSON: &str = "Inviter en person";
pub const NONE_PENDING: &str = "Ingen ventende invitationer.";
pub const NAME: &str = "Navn";
pub const EMAIL: &str = "E-mail";
pub const ROLE: &str = "Rolle";
pub const ROLE_HINT: &str =
    "Underskriveren accepterer kontrakter på virksomhedens vegne; mentoren registrerer timer.";
pub const ROLE_SIGNATORY: &str = "Underskriver";
pub const ROLE_MENTOR: &str = "Mentor";
pub const ROLE_CHOICE: &str = "Vælg underskriver eller mentor";
pub const INVITED_BY: &str = "Inviteret af";
pub const EXPIRES: &str = "Linket udløber";
pub const EXPIRED: &str = "Udløbet";
pub const PENDING: &str = "Venter";
pub const STATUS: &str = "Status";
pub const ACTIONS: &str = "Handlinger";
pub const RENEW: &str = "Send nyt link";
pub const CANCEL: &str = "Annuller";
pub const CANCEL_CONFIRM: &str =
    "Annuller invitationen? Linket holder op med at virke, og personen kan ikke logge ind.";
pub const NOT_OPEN: &str = "Invitationen er allerede taget imod eller annulleret.";
pub const BACK_TO_COMPANY: &str = "Tilbage til virksomheden";

pub const CREATED_TITLE: &str = "Invitationen er oprettet";
pub const RENEWED_TITLE: &str = "Nyt link til invitationen";
pub const RENEWED_OLD_VOID: &str = "Det tidligere link virker ikke længere.";
pub const LINK_LABEL: &str = "Link til personen";
pub const SEND_LINK: &str = "Linket er sendt til personen";
pub const SEND_LINK_HOW: &str = "Personen får linket i en e-mail om lidt. Når e-mailen ikke kommer frem, kan du kopiere linket her og sende det selv. Linket vises kun denne ene gang. Har du mistet det, så brug \"Send nyt link\" på virksomhedens side: det sender også en ny e-mail.";

/// "Linket virker til 21-12-2026 kl. 14:05, og kun én gang."
pub fn link_valid_until(when: &str) -> String {
    format!("Linket virker til {when} og kun én gang.")
}

/// "Inviter en person til Virksomhed X"
pub fn invite_title(company: &str) -> String {
    format!("Inviter en person til {company}")
}

pub const ACCEPT_TITLE: &str = "Velkommen til Virksomhedscenter";
/// "Karin Holm fra Jobcenter Middelfart har inviteret dig til Fabrikken A/S som mentor."
pub fn accept_intro(inviter: &str, jobcenter: Option<&str>, company: &str, role: &str) -> String {
    match jobcenter {
        Some(j) => format!("{inviter} fra {j} har inviteret dig til {company} som {role}."),
        None => format!("{inviter} har inviteret dig til {company} som {role}."),
    }
}
pub const ACCEPT_ACCOUNT: &str = "Din bruger";
pub const ACCEPT_HOW: &str = "Vælg en adgangskode. Derefter er du logget ind, og du logger fremover ind med din e-mailadresse og adgangskoden.";
pub const PASSWORD: &str = "Vælg adgangskode";
pub const PASSWORD_HINT: &str =
    "Mindst 12 tegn. En sætning er let at huske og svær at gætte, fx fire tilfældige ord.";
pub const PASSWORD_REPEAT: &str = "Gentag adgangskoden";
pub const NOT_REPEATED: &str = "De to adgangskoder er ikke ens";
pub const ACCEPT_SUBMIT: &str = "Gem adgangskode og log ind";

pub const INVALID_TITLE: &str = "Linket virker ikke";
pub const INVALID_TEXT: &str = "Linket til invitationen virker ikke. Det kan være udløbet, allerede brugt eller erstattet af et nyere link.";
pub const INVALID_WHAT_NOW: &str = "Bed den jobkonsulent, der inviterede dig, om at sende et nyt link. Har du allerede valgt en adgangskode, så log ind.";
pub const TO_LOGIN: &str = "Til login";
