//! The person's own account page ("Min konto") and its password change.

pub const TITLE: &str = "Min konto";
pub const LINK: &str = "Min konto";
pub const ORGANISATION: &str = "Organisation";
pub const PASSWORD_TITLE: &str = "Skift adgangskode";
pub const PASSWORD_HINT: &str = "En sætning er let at huske og svær at gætte. Når adgangskoden er skiftet, bliver du logget ud på dine andre enheder, også API-nøgler.";
pub const CURRENT_PASSWORD: &str = "Nuværende adgangskode";
pub const NEW_PASSWORD: &str = "Ny adgangskode";
pub const NEW_PASSWORD_HINT: &str = "Mindst 12 tegn, og ikke den nuværende";
pub const NEW_PASSWORD_REPEAT: &str = "Gentag den nye adgangskode";
pub const SUBMIT: &str = "Skift adgangskode";
pub const WRONG_PASSWORD: &str = "Adgangskoden er forkert";
pub const NOT_REPEATED: &str = "De to nye adgangskoder er ikke ens";
pub const SAME_AS_CURRENT: &str = "Vælg en anden end den nuværende";
pub const CHANGED_MEANWHILE: &str =
    "Adgangskoden eller kontoen er ændret i mellemtiden. Log ind igen, og prøv derefter igen.";
pub const MFA_TITLE: &str = "To-trins-login";
pub const MFA_ON: &str = "Slået til";
pub const MFA_OPTIONAL: &str = "Med to-trins-login skal du ud over adgangskoden skrive en kode fra en app på din telefon (fx Microsoft Authenticator eller Google Authenticator). Så kan ingen logge ind med din adgangskode alene.";
pub const MFA_REQUIRED: &str =
    "Din rolle kræver to-trins-login. Slå det til her, før du kan bruge resten af systemet.";
pub const MFA_START: &str = "Slå to-trins-login til";
pub const MFA_SETUP_TITLE: &str = "Opsæt to-trins-login";
pub const MFA_STEP_APP: &str = "Installer en godkendelses-app på din telefon, hvis du ikke har en (fx Microsoft Authenticator eller Google Authenticator).";
pub const MFA_STEP_SCAN: &str = "Scan QR-koden med appen, eller skriv nøglen nedenfor i appen.";
pub const MFA_STEP_CODE: &str = "Skriv den sekscifrede kode, appen viser, og tryk \"Bekræft\".";
pub const MFA_QR_LABEL: &str = "QR-kode til godkendelses-appen";
pub const MFA_SECRET: &str = "Nøgle til at skrive i appen:";
pub const MFA_CODE: &str = "Kode fra appen";
pub const MFA_CODE_HINT: &str = "Seks cifre";
pub const MFA_CONFIRM: &str = "Bekræft";
pub const MFA_DONE_TITLE: &str = "To-trins-login er slået til";
pub const MFA_DONE: &str = "Fra nu af skal du skrive en kode fra appen, når du logger ind.";
pub const MFA_RECOVERY_TITLE: &str = "Dine gendannelseskoder";
pub const MFA_RECOVERY_HINT: &str = "Har du ikke telefonen med, kan du logge ind med en af disse koder i stedet for koden fra appen. Hver kode virker én gang. Gem dem et sikkert sted nu: de vises ikke igen.";
pub const MFA_CONTINUE: &str = "Jeg har gemt koderne";
pub const MFA_RESET: &str = "Nulstil to-trins-login";
pub const MFA_RESET_HINT: &str = "Har brugeren mistet sin telefon og sine gendannelseskoder, kan du nulstille to-trins-login. Brugeren bliver logget ud og opsætter det igen.";
pub const MFA_RESET_CONFIRM: &str = "Nulstil brugerens to-trins-login og log brugeren ud?";

/// How many recovery codes are left.
pub fn recovery_left(n: i64) -> String {
    format!("Du har {n} ubrugte gendannelseskoder.")
}
pub const SESSIONS_TITLE: &str = "Dine enheder";
pub const SESSIONS_HINT: &str = "Har du glemt at logge ud på en anden computer, eller har en anden set din adgangskode, så log ud overalt. Du skal derefter logge ind igen her.";
/// Who must have two-factor login (the setting `VC_REQUIRE_MFA`).
pub const MFA_FOR_ADMINS: &str = "administratorer og databeskyttelsesrådgivere";
pub const MFA_FOR_ALL: &str = "alle";
pub const MFA_FOR_NONE: &str = "ingen";
