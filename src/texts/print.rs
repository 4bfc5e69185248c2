//! The printable contract's sentences.

pub const TITLE: &str = "Skriftlig kontrakt om virksomhedscenter";
pub const P_NUMBER: &str = "P-nr.";
pub const STANDARD_TERMS_HEADING: &str = "Standardvilkår";
pub const SIGNATURES: &str = "Underskrifter";
pub const FOR_JOBCENTER: &str = "For jobcentret";
pub const FOR_COMPANY: &str = "For virksomheden";
pub const SIGN_DATE: &str = "Dato";
pub const SIGN_SIGNATURE: &str = "Underskrift";
pub const SIGN_NAME: &str = "Navn med blokbogstaver";

/// The contract's number on paper: the first eight characters of its id, which the system
/// finds it by (`/contracts/…` starts with them).
pub fn contract_number(short: &str) -> String {
    format!("Kontrakt nr. {short}")
}

/// The standard terms printed with every contract unless the deployment gives its own
/// (`VC_STANDARD_TERMS_FILE`): paragraphs separated by a blank line, each beginning with its
/// subject.
pub const STANDARD_TERMS: &str = "Lovgrundlag. Kontrakten er indgået efter reglerne om virksomhedspraktik og ansættelse med løntilskud i lov om en aktiv beskæftigelsesindsats. Den enkelte persons forløb aftales særskilt mellem jobcentret, personen og virksomheden.

Betaling. Jobcentret betaler mentorfunktionen og støtteaktiviteterne efter kontraktens satser for de timer og aktiviteter, jobcentret har godkendt. Der betales månedsvis bagud.

Forsikring. Virksomheden sørger for, at personer i virksomhedspraktik og ansatte med løntilskud er dækket af virksomhedens lovpligtige arbejdsskadeforsikring.

Personoplysninger. Parterne behandler oplysninger om de personer, der er i forløb, efter databeskyttelsesforordningen og databeskyttelsesloven. Virksomheden får kun de oplysninger, der er nødvendige for forløbet, og videregiver dem ikke.";

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} og {last}", rest.join(", ")),
    }
}

pub fn parties(company: &str, jobcenter: &str) -> String {
    format!("{company} og {jobcenter}")
}

pub fn kommunekoder(codes: &str) -> String {
    format!("(kommunekode {codes})")
}

/// The seats sentence in three parts; the middle one is emphasised.
pub fn seats(
    company: &str,
    seats: i32,
    offers: &[String],
    benefits: &[String],
    group: i32,
) -> (String, String, String) {
    (
        format!("{company} stiller "),
        format!("{seats} faste pladser"),
        format!(
            " til rådighed til {} for borgere på {} i matchgruppe {group}.",
            and_list(offers),
            and_list(benefits)
        ),
    )
}

pub fn mentor(hours: &str, basis: &str, rate: &str, grant: Option<&str>) -> String {
    match grant {
        Some(g) => format!(
            "Mentoren bruger {hours} pr. uge {basis}. Jobcenteret betaler {rate} pr. mentortime eller et fast tilskud på {g} pr. måned."
        ),
        None => format!(
            "Mentoren bruger {hours} pr. uge {basis}. Jobcenteret betaler {rate} pr. mentortime."
        ),
    }
}

pub fn period_heading(period: &str) -> String {
    format!("{period} og opfølgning")
}

pub fn period(from: &str, to: &str, follow_up_weeks: i32, notice_days: i32) -> String {
    format!(
        "Kontrakten gælder fra {from} til {to}. Jobcenteret følger op hver {follow_up_weeks}. uge. Opsigelsesvarsel: {notice_days} dage."
    )
}

pub fn compliance(employees: &str, statement: bool) -> String {
    let said = if statement {
        "Medarbejderrepræsentanten har udtalt sig."
    } else {
        "Medarbejderrepræsentantens udtalelse foreligger ikke."
    };
    format!("Arbejdsstedet har {employees} ordinært ansatte. {said}")
}

pub fn accepted_for(person: &str, company: &str) -> String {
    format!("{person} for {company}")
}

/// The print's title: "Kontrakt · Lillebælt Rengøring ApS · version 2".
pub fn title(company: &str, version: i32) -> String {
    format!("{} · {company} · version {version}", super::CONTRACT)
}
