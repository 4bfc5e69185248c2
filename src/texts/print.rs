//! The printable contract's sentences.

pub const TITLE: &str = "Skriftlig kontrakt om virksomhedscenter";
pub const P_NUMBER: &str = "P-nr.";

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
