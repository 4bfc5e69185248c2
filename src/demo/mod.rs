//! Demo data: Beskæftigelsesregion Syddanmark with its jobcenters and kommunekoder, Jobcenter
//! Middelfart with consultants, a handful of companies with valid CVR numbers and worksites, and
//! company signatories and mentors. Loaded into a new database at start, or by `demo`; then
//! the story (`story.rs`): contracts, candidates, placements, hours and the campaign, made
//! through the services.

use std::fmt::Write as _;

use crate::auth::model::{UserInput, UserRaw};
use crate::auth::{password, store as users};
use crate::db::{run_blocking, Db};
use crate::directory::model::{
    CompanyInput, CompanyRaw, JobcenterInput, JobcenterRaw, WorksiteInput, WorksiteRaw,
};
use crate::directory::store as directory;
use crate::error::AppError;
use crate::state::Keys;

mod files;
pub mod national;
mod story;

pub use story::CAMPAIGN;

/// The password of every demo login (shown on the console; change it for real use).
pub use crate::auth::model::DEMO_PASSWORD;
pub const DEMO_ADMIN: &str = "admin@virksomhedscenter.dk";

/// Region Syddanmark's jobcenters and the municipalities each serves (Svendborg serves Langeland).
const SYDDANMARK: &[(&str, &[&str])] = &[
    ("Jobcenter Assens", &["420"]),
    ("Jobcenter Billund", &["530"]),
    ("Jobcenter Esbjerg", &["561"]),
    ("Jobcenter Fanø", &["563"]),
    ("Jobcenter Fredericia", &["607"]),
    ("Jobcenter Faaborg-Midtfyn", &["430"]),
    ("Jobcenter Haderslev", &["510"]),
    ("Jobcenter Kerteminde", &["440"]),
    ("Jobcenter Kolding", &["621"]),
    ("Jobcenter Middelfart", &["410"]),
    ("Jobcenter Nordfyn", &["480"]),
    ("Jobcenter Nyborg", &["450"]),
    ("Jobcenter Odense", &["461"]),
    ("Jobcenter Svendborg", &["479", "482"]),
    ("Jobcenter Sønderborg", &["540"]),
    ("Jobcenter Tønder", &["550"]),
    ("Jobcenter Varde", &["573"]),
    ("Jobcenter Vejen", &["575"]),
    ("Jobcenter Vejle", &["630"]),
    ("Jobcenter Ærø", &["492"]),
    ("Jobcenter Aabenraa", &["580"]),
];

/// The check digit that makes a CVR number valid for the first seven digits, if there is one.
pub fn cvr_with_check_digit(first_seven: u32) -> Option<String> {
    const WEIGHTS: [u32; 7] = [2, 7, 6, 5, 4, 3, 2];
    let digits = format!("{first_seven:07}");
    if digits.len() != 7 || digits.starts_with('0') {
        return None;
    }
    let sum: u32 = digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .zip(WEIGHTS)
        .map(|(d, w)| d * w)
        .sum();
    // The last weight is 1: the check digit is what brings the sum to a multiple of 11.
    let check = (11 - sum % 11) % 11;
    (check < 10).then(|| format!("{digits}{check}"))
}

struct DemoCompany {
    cvr_prefix: u32,
    name: &'static str,
    sector: &'static str,
    address: &'static str,
    postcode: &'static str,
    city: &'static str,
    employees: i32,
    p_number: &'static str,
}

const COMPANIES: &[DemoCompany] = &[
    DemoCompany {
        cvr_prefix: 2918471,
        name: "Lillebælt Rengøring ApS",
        sector: "private",
        address: "Havnegade 12",
        postcode: "5500",
        city: "Middelfart",
        employees: 48,
        p_number: "1017734521",
    },
    DemoCompany {
        cvr_prefix: 3105228,
        name: "Fynsk Byggemarked A/S",
        sector: "private",
        address: "Industrivej 4",
        postcode: "5500",
        city: "Middelfart",
        employees: 85,
        p_number: "1019920374",
    },
    DemoCompany {
        cvr_prefix: 2918893,
        name: "Middelfart Kommune, Materielgården",
        sector: "public",
        address: "Vestre Hougvej 40",
        postcode: "5500",
        city: "Middelfart",
        employees: 62,
        p_number: "1003388394",
    },
    DemoCompany {
        cvr_prefix: 3377160,
        name: "Strib Bageri ApS",
        sector: "private",
        address: "Vestre Engvej 2",
        postcode: "5500",
        city: "Middelfart",
        employees: 9,
        p_number: "1021557310",
    },
    DemoCompany {
        cvr_prefix: 2564601,
        name: "Nørre Aaby Metal A/S",
        sector: "private",
        address: "Fabriksvej 7",
        postcode: "5580",
        city: "Nørre Aaby",
        employees: 130,
        p_number: "1008812296",
    },
    DemoCompany {
        cvr_prefix: 2904332,
        name: "Vestfyns Plejecenter",
        sector: "public",
        address: "Ålykke 3",
        postcode: "5592",
        city: "Ejby",
        employees: 74,
        p_number: "1012284471",
    },
];

/// A demo login: (email, name, role, jobcenter name, index into `COMPANIES`).
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<usize>,
);

/// The demo's company signatory (Lillebælt Rengøring ApS).
const DEMO_SIGNATORY: &str = "lene@lillebaelt-rengoering.dk";

const USERS: &[DemoUser] = &[
    (DEMO_ADMIN, "Anne Administrator", "admin", None, None),
    (
        "karin.holm@middelfart.dk",
        "Karin Holm",
        "consultant",
        Some("Jobcenter Middelfart"),
        None,
    ),
    (
        "peter.juhl@middelfart.dk",
        "Peter Juhl",
        "consultant",
        Some("Jobcenter Middelfart"),
        None,
    ),
    (
        "sofie.lund@odense.dk",
        "Sofie Lund",
        "consultant",
        Some("Jobcenter Odense"),
        None,
    ),
    (
        "lene@lillebaelt-rengoering.dk",
        "Lene Madsen",
        "company",
        None,
        Some(0),
    ),
    (
        "ole@lillebaelt-rengoering.dk",
        "Ole Nielsen",
        "mentor",
        None,
        Some(0),
    ),
    (
        "jens@fynsk-byggemarked.dk",
        "Jens Kristensen",
        "company",
        None,
        Some(1),
    ),
    (
        "mette@fynsk-byggemarked.dk",
        "Mette Sørensen",
        "mentor",
        None,
        Some(1),
    ),
    // The other companies' signatories and mentors: their contracts fill the lists (#20).
    (
        "birgit@materielgaarden.dk",
        "Birgit Thomsen",
        "company",
        None,
        Some(2),
    ),
    (
        "torben@materielgaarden.dk",
        "Torben Dahl",
        "mentor",
        None,
        Some(2),
    ),
    (
        "anders@strib-bageri.dk",
        "Anders Vinther",
        "company",
        None,
        Some(3),
    ),
    (
        "lise@strib-bageri.dk",
        "Lise Bager",
        "mentor",
        None,
        Some(3),
    ),
    (
        "susanne@naa-metal.dk",
        "Susanne Krogh",
        "company",
        None,
        Some(4),
    ),
    ("per@naa-metal.dk", "Per Overgaard", "mentor", None, Some(4)),
    (
        "inge@vestfyns-plejecenter.dk",
        "Inge Frandsen",
        "company",
        None,
        Some(5),
    ),
    (
        "ali@vestfyns-plejecenter.dk",
        "Ali Hassan",
        "mentor",
        None,
        Some(5),
    ),
];

/// Loads the demo data when the database has no users and no jobcenters yet.
pub async fn load_if_empty(db: &Db, keys: &Keys) -> Result<Option<String>, AppError> {
    let empty = db
        .read(|conn| Ok(users::count_users(conn)? == 0 && directory::count_jobcenters(conn)? == 0))
        .await?;
    if empty {
        load(db, keys).await
    } else {
        Ok(None)
    }
}

/// Loads the demo data: the organisations and logins in one transaction, then the story
/// through the services. `None` when the demo is already there.
///
/// Not all-or-nothing as a whole: the story is made by the services, each in its own
/// transaction (so it obeys every rule), after the logins have committed. If a step of the story
/// failed, the organisations and logins stay and a second `load` is a no-op (it looks for the
/// administrator); load the demo into a new database instead. On SQLite it takes well under a
/// second (docs/architecture.md).
pub async fn load(db: &Db, keys: &Keys) -> Result<Option<String>, AppError> {
    let started = std::time::Instant::now();
    let Some((mut summary, orgs)) = load_organisations(db).await? else {
        return Ok(None);
    };
    let story = story::build(db, keys, &orgs).await?;
    invite_demo_mentor(db, &orgs).await?;
    let ms = started.elapsed().as_millis();
    tracing::info!(ms, "demo loaded");
    let _ = writeln!(summary, "{story} Loaded in {ms} ms.\n");
    Ok(Some(summary))
}

/// A pending invitation (#20): Karin Holm of Jobcenter Middelfart has invited a new mentor of
/// Lillebælt Rengøring, who has not yet chosen a password. Made through the service; its link
/// is not kept (the company's page renews it).
async fn invite_demo_mentor(db: &Db, orgs: &story::Organisations) -> Result<(), AppError> {
    let Some((company, _)) = orgs.companies.first() else {
        return Ok(());
    };
    let consultant = db
        .read(|conn| {
            users::find_user_by_email(conn, "karin.holm@middelfart.dk")?
                .ok_or(AppError::NotFound)?
                .actor()
        })
        .await?;
    crate::auth::service::invite(
        db,
        &consultant,
        company.clone(),
        crate::auth::model::InvitationRaw {
            name: "Mikkel Berg".into(),
            email: "mikkel@lillebaelt-rengoering.dk".into(),
            role: "mentor".into(),
        },
    )
    .await?;
    Ok(())
}

/// The organisations and logins of the demo, in one transaction (the national data set uses
/// these alone). `None` when they are already there.
pub(crate) async fn load_organisations(
    db: &Db,
) -> Result<Option<(String, story::Organisations)>, AppError> {
    let present = db
        .read(|conn| Ok(users::find_user_by_email(conn, DEMO_ADMIN)?.is_some()))
        .await?;
    if present {
        return Ok(None);
    }
    // One hash for all demo logins: they share the published demo password anyway.
    let hash = run_blocking(|| password::hash(DEMO_PASSWORD)).await?;
    db.write(move |conn| {
        let mut jobcenter_ids = std::collections::HashMap::new();
        let mut jobcenters = Vec::new();
        for (name, codes) in SYDDANMARK {
            let input = JobcenterInput::parse(&JobcenterRaw {
                name: (*name).to_string(),
                region: "Syddanmark".into(),
                kommunekoder: codes.iter().map(|c| (*c).to_string()).collect(),
            })
            .map_err(AppError::Validation)?;
            let j = directory::insert_jobcenter(conn, &input)?;
            jobcenters.push((*name, j.row.id.clone()));
            jobcenter_ids.insert(*name, j.row.id);
        }
        let mut company_ids = Vec::new();
        let mut companies = Vec::new();
        for c in COMPANIES {
            let cvr = cvr_with_check_digit(c.cvr_prefix)
                .ok_or_else(|| AppError::internal(format!("no valid CVR for {}", c.cvr_prefix)))?;
            let input = CompanyInput::parse(&CompanyRaw {
                cvr,
                name: c.name.into(),
                sector: c.sector.into(),
                address: c.address.into(),
                postcode: c.postcode.into(),
                city: c.city.into(),
                ordinary_employees: c.employees.to_string(),
                ..Default::default()
            })
            .map_err(AppError::Validation)?;
            let row = directory::insert_company(conn, &input)?;
            let site = WorksiteInput::parse(&WorksiteRaw {
                p_number: c.p_number.into(),
                name: c.name.into(),
                address: c.address.into(),
                postcode: c.postcode.into(),
                city: c.city.into(),
                ordinary_employees: c.employees.to_string(),
            })
            .map_err(AppError::Validation)?;
            directory::insert_worksite(conn, &row.id, &site)?;
            companies.push((row.id.clone(), c.p_number));
            company_ids.push(row.id);
        }
        let mut summary =
            String::from("\nDemo data loaded. Log in at the address below with one of:\n");
        let mut signatory = None;
        for (email, name, role, jc, co) in USERS {
            let input = UserInput::parse_demo(&UserRaw {
                email: (*email).into(),
                name: (*name).into(),
                role: (*role).into(),
                jobcenter_id: jc
                    .and_then(|j| jobcenter_ids.get(j).map(ToString::to_string))
                    .unwrap_or_default(),
                company_id: co
                    .and_then(|i| company_ids.get(i).map(ToString::to_string))
                    .unwrap_or_default(),
                password: DEMO_PASSWORD.into(),
            })
            .map_err(AppError::Validation)?;
            let user = users::insert_user(conn, &input, &hash)?;
            let _ = writeln!(summary, "  {email:<34} {:<26} {name}", input.role.label());
            if *email == DEMO_SIGNATORY {
                signatory = input.company_id.clone().map(|c| (user.id, c));
            }
        }
        // The signatory has proposed a correction of the company's record, waiting for the
        // jobcenter (issue #17: company records are shared, corrections are decided).
        if let Some((signatory, company_id)) = signatory {
            let current = directory::get_company(conn, &company_id)?.ok_or(AppError::NotFound)?;
            let before = crate::directory::service::company_raw(&current);
            let mut after = before.clone();
            after.contact_name = "Lene Brandt".into();
            after.contact_phone = "64 41 22 33".into();
            let changes = crate::directory::model::company_changes(&before, &after);
            directory::insert_correction(
                conn,
                &company_id,
                &signatory,
                &changes,
                "Ny kontaktperson og telefonnummer fra 1. januar",
            )?;
            directory::record_company_event(
                conn,
                &company_id,
                &signatory,
                "correction_proposed",
                &changes,
            )?;
        }
        let _ = writeln!(summary, "Password for all: {DEMO_PASSWORD}\n");
        // The pages say it is a demo, and a second factor is not required by default.
        users::set_setting(conn, "demo", "true")?;
        Ok((
            summary,
            story::Organisations {
                jobcenters,
                companies,
            },
        ))
    })
    .await
    .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::model::Cvr;

    #[test]
    fn demo_cvr_numbers_are_valid() {
        assert_eq!(cvr_with_check_digit(1_358_562).as_deref(), Some("13585628"));
        for c in COMPANIES {
            let cvr = cvr_with_check_digit(c.cvr_prefix).expect("prefix has a check digit");
            assert!(Cvr::parse(&cvr).is_ok(), "{cvr}");
        }
    }
}
