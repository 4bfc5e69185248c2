//! Making the country, in batches of whole contracts.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::auth::password;
use crate::contracts::model::{
    ActivityKind, Benefit, CanonicalContent, MentorBasis, OfferType, SharedActivity, Terms,
};
use crate::db::schema::{
    campaign_figures, campaigns, candidates, companies, contract_versions, contracts, hour_entries,
    hour_week_events, hour_weeks, jobcenters, placement_months, placements, users, worksites,
};
use crate::db::{new_id, run_blocking, Db, DbConnection};
use crate::directory::model::{JobcenterInput, JobcenterRaw};
use crate::directory::store as directory;
use crate::error::AppError;
use crate::state::Keys;
use crate::ui::format::{search_norm, sort_key};

use super::*;
use super::{cvr_with_check_digit, DEMO_PASSWORD};

/// Multi-row inserts need the concrete backend (the `MultiConnection` enum cannot batch).
/// 1.500 rows of at most 20 columns stay under both backends' limits on bound parameters
/// (SQLite 32.766, PostgreSQL 65.535).
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {{
        for chunk in $rows.chunks(1500) {
            match $conn {
                DbConnection::Sqlite(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
                DbConnection::Postgresql(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
        }
    }};
}

pub(super) fn at(d: NaiveDate, hour: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
}

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub(super) fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

pub(super) fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// A unique, well-formed CPR number for the n-th generated person (born 1955–1990).
pub(super) fn cpr_for(n: usize) -> String {
    let days = (n % 12_000) as i64;
    let born = date(1955, 1, 1) + Duration::days(days);
    let serial = 1000 + n / 12_000;
    format!(
        "{:02}{:02}{:02}{:04}",
        born.day(),
        born.month(),
        born.year() % 100,
        serial
    )
}

pub(super) struct Jobcenter {
    id: String,
    consultants: Vec<String>,
}

pub(super) struct Company {
    id: String,
    cvr: String,
    jobcenter: usize,
    employees: i32,
    signatory: String,
    mentor: String,
}

pub(super) fn progress(label: &str, done: usize, total: usize, started: Instant) {
    eprint!(
        "\r{label}: {done}/{total} ({:.0} s)          ",
        started.elapsed().as_secs_f64()
    );
    let _ = std::io::stderr().flush();
}

/// Fills the database with a country of the given scale. Refuses when contracts exist already.
pub async fn generate(db: &Db, keys: &Keys, scale: Scale) -> Result<Counts, AppError> {
    let started = Instant::now();
    let existing: i64 = db
        .read(|conn| Ok(contracts::table.count().get_result(conn)?))
        .await?;
    if existing > 0 {
        return Err(AppError::Conflict(
            "the database has contracts already: generate into a new database".into(),
        ));
    }
    // The demo logins stay usable on the national set (without the demo's story: the national
    // set makes its own contracts and campaign).
    crate::demo::load_organisations(db).await?;
    // A bulk load on SQLite: a page cache that holds the indexes being filled (256 MiB) instead
    // of the server's 2 MiB (this process's connection only), and the secondary indexes of the
    // big tables dropped now and built again at the end, from sorted data, which is several
    // times faster than keeping them up to date row by row. Unique indexes are rebuilt too, so
    // a duplicate would still fail the run; the index the seat trigger searches stays.
    let dropped: Vec<(String, String)> = db
        .write(|conn| {
            let DbConnection::Sqlite(c) = conn else {
                return Ok(Vec::new());
            };
            diesel::sql_query("PRAGMA cache_size = -262144").execute(c)?;
            #[derive(QueryableByName)]
            struct Index {
                #[diesel(sql_type = diesel::sql_types::Text)]
                name: String,
                #[diesel(sql_type = diesel::sql_types::Text)]
                sql: String,
            }
            let indexes: Vec<Index> = diesel::sql_query(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                 AND tbl_name IN ('hour_entries', 'hour_weeks', 'hour_week_events', 'placement_months', 'placements', \
                 'candidates', 'contract_versions') AND name <> 'placements_contract_status_end_idx'",
            )
            .load(c)?;
            for i in &indexes {
                diesel::sql_query(format!("DROP INDEX {}", i.name)).execute(c)?;
            }
            Ok(indexes.into_iter().map(|i| (i.name, i.sql)).collect())
        })
        .await?;
    let hash = run_blocking(|| password::hash(DEMO_PASSWORD)).await?;
    let mut counts = Counts::default();

    // Jobcenters and their consultants.
    let h = hash.clone();
    let jcs: Vec<Jobcenter> = db
        .write(move |conn| {
            for (name, region, codes) in OTHERS {
                let input = JobcenterInput::parse(&JobcenterRaw {
                    name: format!("Jobcenter {name}"),
                    region: (*region).to_string(),
                    kommunekoder: codes.iter().map(|c| format!("{c:03}")).collect(),
                })
                .map_err(AppError::Validation)?;
                directory::insert_jobcenter(conn, &input)?;
            }
            let all: Vec<(String, String)> = jobcenters::table
                .select((jobcenters::id, jobcenters::name))
                .order(jobcenters::sort_key.asc())
                .load(conn)?;
            let mut rows = Vec::new();
            let mut out = Vec::new();
            for (i, (id, name)) in all.iter().enumerate() {
                let mut consultants = Vec::new();
                for k in 1..=2 {
                    let uid = new_id();
                    let person = format!("Konsulent {k}, {name}");
                    rows.push(NewUser {
                        id: uid.clone(),
                        email: format!("konsulent{k}.jc{i}@national.example"),
                        sort_key: sort_key(&person),
                        name: person,
                        role: "consultant",
                        jobcenter_id: Some(id.clone()),
                        company_id: None,
                        password_hash: h.clone(),
                        active: true,
                        created_at: at(date(2009, 1, 2), 8),
                    });
                    consultants.push(uid);
                }
                out.push(Jobcenter {
                    id: id.clone(),
                    consultants,
                });
            }
            insert_all!(conn, users::table, rows);
            Ok(out)
        })
        .await?;
    counts.jobcenters = jcs.len();
    counts.users += jcs.len() * 2;

    // Companies, a worksite each, a signatory and a mentor.
    let mut rng = StdRng::seed_from_u64(2009);
    let n_companies = scale.of(5_000);
    let mut companies_out = Vec::with_capacity(n_companies);
    let mut company_rows = Vec::new();
    let mut site_rows = Vec::new();
    let mut user_rows = Vec::new();
    let mut prefix = 3_000_000u32;
    for i in 0..n_companies {
        let cvr = loop {
            prefix += 1;
            if let Some(c) = cvr_with_check_digit(prefix) {
                break c;
            }
        };
        let id = new_id();
        let jobcenter = i % jcs.len();
        let employees = rng.gen_range(30..400);
        let name = format!(
            "{} {} {}",
            pick(&mut rng, LAST),
            pick(&mut rng, TRADES),
            if i % 3 == 0 { "A/S" } else { "ApS" }
        );
        let name = format!("{name} ({})", i + 1);
        let ts = at(date(2008, 12, 1), 9);
        company_rows.push(NewCompany {
            id: id.clone(),
            cvr: cvr.clone(),
            name_norm: search_norm(&name),
            sort_key: sort_key(&name),
            sector: if i % 4 == 0 { "public" } else { "private" },
            address: format!("Industrivej {}", 1 + i % 200),
            postcode: format!("{}", 1000 + (i % 89) * 100),
            city: "Danmark".into(),
            ordinary_employees: employees,
            contact_name: String::new(),
            contact_email: String::new(),
            contact_phone: String::new(),
            created_at: ts,
            updated_at: ts,
            name: name.clone(),
        });
        site_rows.push(NewWorksite {
            id: new_id(),
            company_id: id.clone(),
            p_number: format!("{}", 1_000_000_000u64 + i as u64),
            name: name.clone(),
            address: format!("Industrivej {}", 1 + i % 200),
            postcode: format!("{}", 1000 + (i % 89) * 100),
            city: "Danmark".into(),
            ordinary_employees: employees,
            created_at: ts,
        });
        let signatory = new_id();
        let mentor = new_id();
        for (uid, role, who) in [
            (&signatory, "company", "underskriver"),
            (&mentor, "mentor", "mentor"),
        ] {
            let person = format!(
                "{} {} ({who}, {})",
                pick(&mut rng, FIRST),
                pick(&mut rng, LAST),
                i + 1
            );
            user_rows.push(NewUser {
                id: uid.clone(),
                email: format!("{who}.{cvr}@national.example"),
                sort_key: sort_key(&person),
                name: person,
                role,
                jobcenter_id: None,
                company_id: Some(id.clone()),
                password_hash: hash.clone(),
                active: true,
                created_at: ts,
            });
        }
        companies_out.push(Company {
            id,
            cvr,
            jobcenter,
            employees,
            signatory,
            mentor,
        });
    }
    counts.companies = n_companies;
    counts.users += user_rows.len();
    db.write_once(move |conn| {
        insert_all!(conn, companies::table, company_rows);
        insert_all!(conn, worksites::table, site_rows);
        insert_all!(conn, users::table, user_rows);
        Ok(())
    })
    .await?;
    progress("companies", n_companies, n_companies, started);
    eprintln!();

    // Contracts with everything that belongs to them, a batch per transaction. A generator of
    // their own, so the first contracts draw the same terms, placements, hours and people at
    // every scale: contract 0, company 0's first (company k % companies), is the same contract
    // in every data set, which is what the bench compares across scales.
    let mut rng = StdRng::seed_from_u64(2010);
    let n_contracts = scale.of(10_000);
    let campaign_id = new_id();
    let mut seats_by_jobcenter: HashMap<usize, i64> = HashMap::new();
    let mut person = 0usize;
    let batch = 250;
    let mut done = 0;
    while done < n_contracts {
        let upto = (done + batch).min(n_contracts);
        let mut c_rows = Vec::new();
        let mut v_rows = Vec::new();
        let mut cand_rows = Vec::new();
        let mut p_rows = Vec::new();
        let mut m_rows = Vec::new();
        let mut h_rows = Vec::new();
        let mut w_rows = Vec::new();
        let mut e_rows = Vec::new();
        for k in done..upto {
            let co = &companies_out[k % companies_out.len()];
            let jc = &jcs[co.jobcenter];
            let consultant = jc.consultants[k % 2].clone();
            let seats: i32 = *pick(&mut rng, &[2, 3, 4, 4, 5, 6]);
            let start = date(2009, 1, 5) + Duration::days(rng.gen_range(0..360));
            let end = date(2011, 6, 30) + Duration::days(rng.gen_range(0..180));
            *seats_by_jobcenter.entry(co.jobcenter).or_default() += i64::from(seats);
            counts.seats += i64::from(seats);
            let minutes_per_week = 15 * rng.gen_range(4..16);
            let id = new_id();
            let terms = Terms {
                consultant_id: consultant.clone(),
                mentor_id: co.mentor.clone(),
                worksite_p_number: None,
                goals: "Virksomhedsrettet aktivering med mentorstøtte; målet er ordinære timer eller uddannelse.".into(),
                seats,
                offer_types: vec![OfferType::Virksomhedspraktik, OfferType::Loentilskud],
                target_benefits: vec![Benefit::Kontanthjaelp, Benefit::Starthjaelp],
                target_match_group: 2,
                work_tasks: "Almindelige opgaver i virksomheden med oplæring.".into(),
                mentor_minutes_per_week: minutes_per_week,
                mentor_basis: MentorBasis::Centre,
                mentor_rate_ore: 25_000,
                mentor_fixed_grant_ore: None,
                activities: vec![SharedActivity {
                    kind: ActivityKind::DanishLessons,
                    provider: "Sprogcenter".into(),
                    description: "Danskundervisning på arbejdspladsen".into(),
                    minutes_per_week: 120,
                    cost_ore: 1_500_000,
                }],
                follow_up_weeks: 4,
                start_date: start,
                end_date: end,
                notice_days: 30,
                ordinary_employees: co.employees,
                employee_rep_statement: true,
            };
            let content = CanonicalContent {
                format: 1,
                contract_id: &id,
                version: 1,
                effective_from: start,
                jobcenter_id: &jc.id,
                company_id: &co.id,
                company_cvr: &co.cvr,
                terms: &terms,
                // The bench's versions use the first format (no company party kept).
                company: None,
            };
            let created = at(start - Duration::days(30), 9);
            let accepted = at(start - Duration::days(20), 11);
            v_rows.push(NewVersion {
                contract_id: id.clone(),
                version_no: 1,
                status: "accepted",
                round: 1,
                effective_from: start,
                terms: serde_json::to_string(&terms)
                    .map_err(|e| AppError::internal(e.to_string()))?,
                seats,
                start_date: start,
                end_date: end,
                created_by: consultant.clone(),
                created_at: created,
                updated_at: accepted,
                sent_by: Some(consultant.clone()),
                sent_at: Some(at(start - Duration::days(28), 10)),
                company_comment: None,
                accepted_by: Some(co.signatory.clone()),
                accepted_at: Some(accepted),
                accepted_content: Some(content.json()),
                content_hash: Some(content.hash()),
            });
            // Each seat filled by one person after another.
            let mut queue = 0i64;
            for seat in 1..=seats {
                let mut from = start + Duration::days(rng.gen_range(0..30));
                while from <= end {
                    let to = (from + Duration::days(rng.gen_range(84..200))).min(end);
                    queue += 1;
                    let cand = new_id();
                    let cpr = cpr_for(person);
                    person += 1;
                    let name = format!("{} {}", pick(&mut rng, FIRST), pick(&mut rng, LAST));
                    let roll: u32 = rng.gen_range(0..100);
                    let outcome = match roll {
                        0..=14 => "ordinary_job",
                        15..=19 => "education",
                        20..=22 => "self_supporting_other",
                        23..=92 => "back_on_benefit",
                        _ => "other",
                    };
                    let followed = rng.gen_range(0..10) < 9;
                    let ts = at(from - Duration::days(7), 10);
                    let benefit = if roll.is_multiple_of(5) {
                        "starthjaelp"
                    } else {
                        "kontanthjaelp"
                    };
                    cand_rows.push(NewCandidate {
                        id: cand.clone(),
                        jobcenter_id: jc.id.clone(),
                        name_norm: search_norm(&name),
                        sort_key: sort_key(&name),
                        cpr_hmac: keys.cpr_hmac(&cpr),
                        cpr_cipher: keys.encrypt_cpr(&cpr, &cand).map_err(AppError::internal)?,
                        cpr_masked: format!("{}-XXXX", &cpr[..6]),
                        benefit,
                        match_group: 2,
                        lock_seq: 0,
                        created_at: ts,
                        updated_at: ts,
                        name,
                    });
                    let pid = new_id();
                    for month in crate::clock::months_of(from, to) {
                        m_rows.push(NewPlacementMonth {
                            placement_id: pid.clone(),
                            month,
                            jobcenter_id: jc.id.clone(),
                            candidate_id: cand.clone(),
                            benefit,
                            match_group: 2,
                        });
                    }
                    p_rows.push(NewPlacement {
                        id: pid,
                        contract_id: id.clone(),
                        jobcenter_id: jc.id.clone(),
                        candidate_id: cand,
                        status: "ended",
                        seat_no: Some(seat),
                        offer_type: if roll % 5 == 1 {
                            "loentilskud"
                        } else {
                            "virksomhedspraktik"
                        },
                        start_date: from,
                        end_date: to,
                        queue_no: queue,
                        outcome: Some(outcome),
                        self_supporting: followed.then_some(matches!(
                            outcome,
                            "ordinary_job" | "education" | "self_supporting_other"
                        )),
                        followed_up_at: followed.then(|| at(to + Duration::days(28), 12)),
                        followed_up_by: followed.then(|| consultant.clone()),
                        created_by: consultant.clone(),
                        created_at: ts,
                        updated_at: at(to, 15),
                        benefit_at_referral: benefit,
                        match_group_at_referral: 2,
                    });
                    from = to + Duration::days(rng.gen_range(14..60));
                }
            }
            // Mentor hours: a session most weeks, on the Tuesday, inside the contract's period.
            let mut monday =
                start - Duration::days(i64::from(start.weekday().num_days_from_monday()));
            while monday <= end {
                let day = monday + Duration::days(1);
                if day >= start && day <= end && rng.gen_range(0..100) < 86 {
                    let week = iso_week(day);
                    h_rows.push(NewHourEntry {
                        id: new_id(),
                        contract_id: id.clone(),
                        mentor_id: co.mentor.clone(),
                        candidate_id: None,
                        work_date: day,
                        week: week.clone(),
                        minutes: minutes_per_week,
                        activity: ACTIVITIES[rng.gen_range(0..ACTIVITIES.len())],
                        note: String::new(),
                        created_at: at(day, 16),
                        updated_at: at(day, 16),
                    });
                    let (submitted, decided) = (
                        at(day + Duration::days(3), 14),
                        at(day + Duration::days(6), 9),
                    );
                    e_rows.push(NewWeekEvent {
                        id: new_id(),
                        contract_id: id.clone(),
                        week: week.clone(),
                        action: "submit",
                        actor_id: co.mentor.clone(),
                        created_at: submitted,
                    });
                    e_rows.push(NewWeekEvent {
                        id: new_id(),
                        contract_id: id.clone(),
                        week: week.clone(),
                        action: "approved",
                        actor_id: consultant.clone(),
                        created_at: decided,
                    });
                    w_rows.push(NewHourWeek {
                        contract_id: id.clone(),
                        week,
                        status: "approved",
                        submitted_by: Some(co.mentor.clone()),
                        submitted_at: Some(submitted),
                        decided_by: Some(consultant.clone()),
                        decided_at: Some(decided),
                        reason: None,
                    });
                }
                monday += Duration::days(7);
            }
            c_rows.push(NewContract {
                id,
                jobcenter_id: jc.id.clone(),
                company_id: co.id.clone(),
                consultant_id: consultant,
                mentor_id: co.mentor.clone(),
                revision: 3,
                pending_version: None,
                pending_status: None,
                accepted_version: Some(1),
                start_date: start,
                end_date: end,
                seats,
                shown_to_company: true,
                terminated_on: None,
                termination_reason: None,
                alloc_seq: queue,
                created_at: created,
                updated_at: accepted,
            });
        }
        counts.contracts += c_rows.len();
        counts.placements += p_rows.len();
        counts.hour_entries += h_rows.len();
        db.write_once(move |conn| {
            insert_all!(conn, contracts::table, c_rows);
            insert_all!(conn, contract_versions::table, v_rows);
            insert_all!(conn, candidates::table, cand_rows);
            insert_all!(conn, placements::table, p_rows);
            insert_all!(conn, placement_months::table, m_rows);
            insert_all!(conn, hour_entries::table, h_rows);
            insert_all!(conn, hour_weeks::table, w_rows);
            insert_all!(conn, hour_week_events::table, e_rows);
            Ok(())
        })
        .await?;
        done = upto;
        progress("contracts", done, n_contracts, started);
    }
    eprintln!();

    // The campaign, with a target group for every jobcenter and month sized to its seats.
    let months = crate::clock::months_between((2009, 6), (2011, 6));
    let mut f_rows = Vec::new();
    for (i, jc) in jcs.iter().enumerate() {
        let seats = seats_by_jobcenter.get(&i).copied().unwrap_or(1) as f64;
        let size = rng.gen_range(4.0..9.0);
        for m in &months {
            f_rows.push(NewFigure {
                campaign_id: campaign_id.clone(),
                jobcenter_id: jc.id.clone(),
                month: m.clone(),
                target_group: Some((seats * size * rng.gen_range(0.95..1.05)).round() as i32),
                outside_activation: Some(rng.gen_range(0..(seats as i32 / 4).max(1))),
                baseline: None,
            });
        }
    }
    counts.figures = f_rows.len();
    let cid = campaign_id.clone();
    db.write_once(move |conn| {
        diesel::insert_into(campaigns::table)
            .values((
                campaigns::id.eq(&cid),
                campaigns::name.eq("Virksomhedscentre 2009–2011"),
                campaigns::baseline_month.eq("2009-06"),
                campaigns::end_month.eq("2011-06"),
                campaigns::share_target_permille.eq(160),
                campaigns::min_increase.eq(15),
                campaigns::selfsupport_permille.eq(200),
                campaigns::national_target.eq(9000),
                campaigns::created_at.eq(at(date(2009, 6, 1), 9)),
            ))
            .execute(conn)?;
        insert_all!(conn, campaign_figures::table, f_rows);
        Ok(())
    })
    .await?;
    if !dropped.is_empty() {
        eprintln!("building {} indexes", dropped.len());
        db.write_once(move |conn| {
            if let DbConnection::Sqlite(c) = conn {
                for (_, sql) in &dropped {
                    diesel::sql_query(sql.as_str()).execute(c)?;
                }
            }
            Ok(())
        })
        .await?;
    }
    // The campaign's per-month counts, from the placement months written above.
    db.write(|conn| {
        crate::seats::store::rebuild_jobcenter_months(conn)?;
        Ok(crate::campaign::store::rebuild_target_months(conn)?)
    })
    .await?;
    // Fresh statistics so the query planners know the tables' sizes.
    db.write(|conn| {
        match conn {
            DbConnection::Sqlite(c) => {
                diesel::sql_query("ANALYZE").execute(c)?;
            }
            DbConnection::Postgresql(c) => {
                diesel::sql_query("ANALYZE").execute(c)?;
            }
        }
        Ok(())
    })
    .await?;
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_named_or_factors() {
        assert_eq!(Scale::parse("national"), Ok(Scale(1.0)));
        assert_eq!(Scale::parse("small"), Ok(Scale(0.1)));
        assert_eq!(Scale::parse("2"), Ok(Scale(2.0)));
        assert!(Scale::parse("huge").is_err());
        assert!(Scale::parse("0").is_err());
        assert_eq!(Scale(0.1).of(5_000), 500);
    }

    #[test]
    fn the_country_has_94_jobcenters() {
        let demo = 21;
        assert_eq!(OTHERS.len() + demo, 94);
        let mut codes: Vec<i32> = OTHERS
            .iter()
            .flat_map(|(_, _, c)| c.iter().copied())
            .collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "a kommunekode belongs to one jobcenter");
    }

    #[test]
    fn generated_cpr_numbers_are_unique_and_valid() {
        let today = date(2026, 1, 1);
        let mut seen = std::collections::HashSet::new();
        for n in (0..400_000).step_by(997) {
            let c = cpr_for(n);
            assert!(crate::seats::cpr::Cpr::parse(&c, today).is_ok(), "{c}");
            assert!(seen.insert(c));
        }
    }
}
