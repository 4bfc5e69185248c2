//! The demo's story: a lived-in virksomhedscenter at Jobcenter Middelfart, built after the
//! organisations and logins exist, **through the services** (each checks the rules and the
//! actor's access and writes in its own transaction), the way the demo users would have done it.
//! Dates are relative to `clock::today()`, so the demo looks lived-in whenever it is loaded.
//!
//! - Contracts in every state: a draft, one sent for review, one with changes requested, an
//!   active one with a pending amendment (sent to the company), one ended (2010–2011, its period
//!   over) and one terminated.
//! - Candidates and placements on the active contract: its four seats full, a referral on the
//!   waiting list, one placement ended with an outcome and its follow-up due, one followed up.
//! - Follow-up visits (#22) on two placements: held ones with their notes, an overdue one in
//!   the consultant's inbox, and one moved to a time of day.
//! - The mentor's weeks of hours since the contract began: approved, then one rejected with a
//!   reason, one submitted waiting for the consultant, and the current week open with entries.
//! - Virksomhedscenterkampagnen (baseline June 2009) with figures for every Syddanmark
//!   jobcenter, so Middelfart's March 2011 reads as the campaign published it: B = 22, A = 102,
//!   N = 272 (T = 43,52, shown as 44), 234 pct., +364 pct. 57 of March's 102 are people placed
//!   in the 2010–2011 centres of four companies (counted from the placements); the rest are
//!   entered as activation outside virksomhedscentre, the way the campaign's figures were
//!   imported. Their placements ended in March and were followed up: Mål 2 is 13 of 57,
//!   22,8 pct., as published.
//! - The other companies have signatories, mentors and contracts: two running with people and
//!   weeks handed in, one sent for review, one draft; the terminated contract's weeks up to its
//!   end are handed in.

use chrono::{Datelike, Duration, NaiveDate};

use super::files;
use crate::auth::model::Actor;
use crate::campaign::service::{self as campaign, CampaignInput, FigureInput};
use crate::contracts::model::{ActivityRaw, TermsRaw};
use crate::contracts::service::{self as contracts, TransitionInput};
use crate::contracts::workflow::Action;
use crate::db::Db;
use crate::documents::model::{Parent, Upload};
use crate::error::AppError;
use crate::hours::model::IsoWeek;
use crate::hours::service::{self as hours, EntryInput, WeekAction};
use crate::ids::{CandidateId, CompanyId, ContractId, JobcenterId, PlacementId};
use crate::seats::service::{self as seats, CandidateInput, PlacementChange, ReferralInput};
use crate::state::Keys;

/// What the story needs from the organisations the demo made first.
pub(crate) struct Organisations {
    /// Syddanmark's jobcenters, in the order of `SYDDANMARK`.
    pub jobcenters: Vec<(&'static str, JobcenterId)>,
    /// The companies, in the order of `COMPANIES`, with their worksite's P-number.
    pub companies: Vec<(CompanyId, &'static str)>,
}

/// The campaign's name, as the dashboard shows it.
pub const CAMPAIGN: &str = "Virksomhedscenterkampagnen";

/// Jobcenter Middelfart's people in company activation per month, June 2009 to June 2011, as
/// the campaign reported them: 22 at the baseline, 84 in January 2011, 102 in March 2011.
const MIDDELFART_A: [i64; 25] = [
    22, 23, 25, 28, 31, 33, 34, 37, 40, 44, 47, 51, 54, 55, 58, 62, 66, 71, 76, 84, 93, 102, 104,
    107, 110,
];
/// Middelfart's target group N: 272 from January 2011 (T = 16 % × 272 = 43,52).
const MIDDELFART_N_2009: i64 = 248;
const MIDDELFART_N_2010: i64 = 261;
const MIDDELFART_N_2011: i64 = 272;

/// Maps a refusal to an error that says which step of the story it stopped at (a refusal here
/// is a bug in the story, not the user's fault).
fn step<T>(what: &str, r: Result<T, AppError>) -> Result<T, AppError> {
    r.map_err(|e| AppError::internal(format!("demo story, {what}: {e:?}")))
}

async fn actor(db: &Db, email: &'static str) -> Result<Actor, AppError> {
    db.read(move |conn| {
        crate::auth::store::find_user_by_email(conn, email)?
            .ok_or_else(|| AppError::internal(format!("demo user {email} is missing")))?
            .actor()
    })
    .await
}

/// The people of the story.
struct Cast {
    admin: Actor,
    karin: Actor,
    lene: Actor,
    ole: Actor,
    jens: Actor,
    mette: Actor,
    /// The other companies' (signatory, mentor), by index into `COMPANIES` (2 to 5).
    others: Vec<(usize, Actor, Actor)>,
}

/// The other companies' signatory and mentor logins (see `USERS` in mod.rs).
const OTHER_COMPANIES: [(usize, &str, &str); 4] = [
    (2, "birgit@materielgaarden.dk", "torben@materielgaarden.dk"),
    (3, "anders@strib-bageri.dk", "lise@strib-bageri.dk"),
    (4, "susanne@naa-metal.dk", "per@naa-metal.dk"),
    (
        5,
        "inge@vestfyns-plejecenter.dk",
        "ali@vestfyns-plejecenter.dk",
    ),
];

/// One contract's terms, as the consultant fills the form.
#[derive(Clone)]
struct Draft {
    company: usize,
    mentor: String,
    seats: u32,
    minutes: u32,
    start: NaiveDate,
    end: NaiveDate,
    goals: &'static str,
    tasks: &'static str,
    /// The offer types the contract allows.
    offers: &'static [&'static str],
}

/// Both offer types.
const BOTH: &[&str] = &["virksomhedspraktik", "loentilskud"];
/// Virksomhedspraktik only.
const PRAKTIK_ONLY: &[&str] = &["virksomhedspraktik"];

async fn draft(
    db: &Db,
    karin: &Actor,
    orgs: &Organisations,
    d: Draft,
) -> Result<ContractId, AppError> {
    let (company, p_number) = orgs
        .companies
        .get(d.company)
        .cloned()
        .ok_or_else(|| AppError::internal("demo company"))?;
    let fill = move |raw: TermsRaw| TermsRaw {
        mentor_id: d.mentor.clone(),
        worksite_p_number: p_number.to_string(),
        goals: d.goals.into(),
        seats: d.seats.to_string(),
        offer_types: d.offers.iter().map(|o| o.to_string()).collect(),
        work_tasks: d.tasks.into(),
        mentor_minutes_per_week: d.minutes.to_string(),
        mentor_rate_ore: "20000".into(),
        activities: vec![ActivityRaw {
            kind: "danish_lessons".into(),
            provider: "Sprogcenter Middelfart".into(),
            description: "Dansk på arbejdspladsen, to timer om ugen".into(),
            minutes_per_week: "120".into(),
            cost_ore: "150000".into(),
        }],
        start_date: d.start.to_string(),
        end_date: d.end.to_string(),
        employee_rep_statement: "true".into(),
        ..raw
    };
    step("a draft", contracts::create(db, karin, company, fill).await)
}

async fn act(
    db: &Db,
    who: &Actor,
    id: &ContractId,
    action: Action,
    input: TransitionInput,
) -> Result<(), AppError> {
    step(
        action.code(),
        contracts::transition(db, who, id.clone(), action, None, input).await,
    )
    .map(|_| ())
}

async fn candidate(
    db: &Db,
    keys: &Keys,
    karin: &Actor,
    (cpr, name, benefit): (&str, &str, &str),
) -> Result<CandidateId, AppError> {
    let input = CandidateInput {
        cpr: cpr.into(),
        name: name.into(),
        benefit: benefit.into(),
        match_group: "2".into(),
    };
    step(
        "a candidate",
        seats::create_candidate(db, keys, karin, input).await,
    )
    .map(|c| c.id)
}

async fn refer(
    db: &Db,
    karin: &Actor,
    contract: &ContractId,
    who: &CandidateId,
    offer: &str,
    (start, end): (NaiveDate, NaiveDate),
) -> Result<seats::ReferralResult, AppError> {
    let input = ReferralInput {
        contract_id: contract.to_string(),
        candidate_id: who.to_string(),
        offer_type: offer.into(),
        start_date: start.to_string(),
        end_date: end.to_string(),
    };
    step("a referral", seats::refer(db, karin, input).await)
}

async fn change(
    db: &Db,
    karin: &Actor,
    placement: &PlacementId,
    c: PlacementChange,
) -> Result<(), AppError> {
    step(
        "a placement change",
        seats::change_placement(db, karin, placement.clone(), c).await,
    )
    .map(|_| ())
}

/// Records and moves follow-up visits the way Karin would have on the visits page.
async fn demo_visits(
    db: &Db,
    karin: &Actor,
    ahmad: &PlacementId,
    signe: &PlacementId,
    today: NaiveDate,
) -> Result<(), AppError> {
    use crate::visits::model::VisitChangeRaw;
    use crate::visits::service as visits;
    const NOTES: [&str; 2] = [
        "Ahmad, mentor Ole og Karin. Godt i gang med kontorrengøringen; aftalt at øge til 25 \
         timer om ugen.",
        "Ahmad og Ole. Mødestabilitet fin; aftalt at Ahmad prøver vinduespudsning med \
         kollega.",
    ];
    let record = |day: NaiveDate, note: &str| VisitChangeRaw {
        done_on: day.to_string(),
        note: note.to_string(),
        ..Default::default()
    };
    let held = visits::placement_visits(db, karin, ahmad.clone()).await?;
    let past: Vec<_> = held
        .visits
        .iter()
        .filter(|v| v.planned_on < today)
        .collect();
    for (v, note) in past.iter().zip(NOTES) {
        visits::change_visit(db, karin, ahmad.clone(), v.seq, record(v.planned_on, note)).await?;
    }
    if let Some(next) = held.visits.iter().find(|v| v.planned_on > today) {
        let moved = next.planned_on + Duration::days(1);
        if moved <= held.placement.end_date {
            let change = VisitChangeRaw {
                date: moved.to_string(),
                time: "10:00".into(),
                ..Default::default()
            };
            visits::change_visit(db, karin, ahmad.clone(), next.seq, change).await?;
        }
    }
    let first = visits::placement_visits(db, karin, signe.clone()).await?;
    if let Some(v) = first.visits.first().filter(|v| v.planned_on <= today) {
        let note = "Signe, mentor Ole og Karin. Introduktionen er gennemført; aftalt faste \
                    mødetider kl. 7–13.";
        visits::change_visit(db, karin, signe.clone(), v.seq, record(v.planned_on, note)).await?;
    }
    Ok(())
}

/// Made-up people with valid CPR numbers (born 1958–1994, seventh digit 0–3: the 1900s). They
/// are never printed.
const PEOPLE_NOW: [(&str, &str, &str); 7] = [
    ("140372-1183", "Ahmad Rahimi", "kontanthjaelp"),
    ("020991-2274", "Signe Mikkelsen", "starthjaelp"),
    ("250880-3391", "Kim Bertelsen", "kontanthjaelp"),
    ("090665-1412", "Dorthe Hansen", "kontanthjaelp"),
    ("310794-2087", "Yasmin Ali", "starthjaelp"),
    ("170558-0936", "Bent Rasmussen", "kontanthjaelp"),
    ("061187-3125", "Maria Kowalska", "kontanthjaelp"),
];
const PEOPLE_2011: [(&str, &str, &str); 4] = [
    ("120476-1359", "Henrik Bach", "kontanthjaelp"),
    ("230383-2240", "Fatima Osman", "kontanthjaelp"),
    ("080969-1178", "Jørgen Lind", "kontanthjaelp"),
    ("150290-3062", "Camilla Friis", "starthjaelp"),
];

/// The people of the 2011 cohort placed at the other companies (made up, valid CPR numbers
/// born 1960–1994, never printed): the `i`th one's CPR number, name and benefit.
fn cohort_person(i: usize) -> (String, String, &'static str) {
    const FIRST: [&str; 16] = [
        "Anders", "Birthe", "Carsten", "Dorte", "Erik", "Frida", "Gitte", "Hassan", "Ida", "Jonas",
        "Karina", "Lars", "Mona", "Niels", "Omar", "Pia",
    ];
    const LAST: [&str; 10] = [
        "Andersen",
        "Berg",
        "Christensen",
        "Dam",
        "Eriksen",
        "Frost",
        "Gregersen",
        "Holm",
        "Iversen",
        "Juul",
    ];
    // Day, month and year differ for every i below 84; the serial's first digit (1–3) says
    // the 1900s.
    let cpr = format!(
        "{:02}{:02}{:02}-{:04}",
        1 + i % 28,
        1 + (i * 5) % 12,
        60 + (i * 7) % 35,
        1000 + (i * 37) % 2999
    );
    let name = format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / 3) % LAST.len()]);
    let benefit = if i % 4 == 3 {
        "starthjaelp"
    } else {
        "kontanthjaelp"
    };
    (cpr, name, benefit)
}

/// Mål 2 for Middelfart in March 2011 as the campaign published it: 22,8 pct., 13
/// self-supporting of 57 follow-ups of placements that ended in March (domain.md).
const MARCH_2011_FOLLOW_UPS: usize = 57;
const MARCH_2011_SELF_SUPPORTING: usize = 13;

/// The mentor logs an hour of training in each week of a contract from `from` to `to` (never
/// in the future), submits the week and the consultant approves it: the weeks handed in.
async fn hand_in_weeks(
    db: &Db,
    mentor: &Actor,
    consultant: &Actor,
    contract: &ContractId,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<usize, AppError> {
    let today = crate::clock::today();
    let last = to.min(today);
    let mut week = IsoWeek::of(from);
    let mut n = 0;
    while week.monday() <= last && week != IsoWeek::of(today) {
        // A day of the week inside the contract: its Monday, or the contract's first day.
        let day = week.monday().max(from);
        if day <= last {
            let input = EntryInput {
                contract_id: contract.to_string(),
                date: day.to_string(),
                minutes: Some(60),
                activity: "training".into(),
                candidate_id: None,
                note: "Oplæring og gennemgang af ugens opgaver".into(),
            };
            step("an hour entry", hours::log_entry(db, mentor, input).await)?;
            for (who, a) in [
                (mentor, WeekAction::Submit),
                (consultant, WeekAction::Approve),
            ] {
                step(
                    "a week",
                    hours::decide_week(db, who, contract.clone(), week, a).await,
                )?;
            }
            n += 1;
        }
        week = week.next();
    }
    Ok(n)
}

/// One placement with an accepted agreement (a step-up plan of 10, 15 and 20 hours) and two
/// weeks of attendance, one of them with a sick day and a no-show; another whose agreement
/// waits for the company's answer.
async fn placement_story(
    db: &Db,
    cast: &Cast,
    stepped: &PlacementId,
    newest: &PlacementId,
    today: NaiveDate,
) -> Result<(), AppError> {
    use crate::agreements::model::{AgreementRaw, StepRaw};
    use crate::agreements::service::{self as agreements, AgreementAction};
    use crate::attendance::service::{self as attendance, DayInput};
    let day = |n: i64| today + Duration::days(n);
    let steps = |plan: &[(i64, &str)]| {
        plan.iter()
            .map(|(w, h)| StepRaw {
                from_week: Some(*w),
                hours: (*h).into(),
                ..StepRaw::default()
            })
            .collect::<Vec<_>>()
    };
    for (placement, start, end, tasks, plan, goals) in [
        (
            stepped,
            day(-30),
            day(50),
            "Rengøring af kontorer og mødelokaler efter plan, påfyldning af forbrugsvarer",
            &[(1, "10"), (3, "15"), (5, "20")][..],
            "At møde stabilt, arbejde efter en rengøringsplan og bruge maskinerne sikkert",
        ),
        (
            newest,
            day(-10),
            day(100),
            "Vinduespolering og trappevask med et fast hold",
            &[(1, "20"), (3, "30")][..],
            "Faste arbejdstider og samarbejde i et hold",
        ),
    ] {
        let raw = AgreementRaw {
            work_tasks: tasks.into(),
            place: "Lillebæltvej 12, 5500 Middelfart".into(),
            mentor_id: cast.ole.user_id.to_string(),
            start_date: start.to_string(),
            end_date: end.to_string(),
            steps: steps(plan),
            learning_goals: goals.into(),
            employee_rep_name: "Hanne Lund, tillidsrepræsentant".into(),
            employee_rep_date: (start - Duration::days(3)).to_string(),
        };
        step(
            "an agreement",
            agreements::save(db, &cast.karin, placement.clone(), None, raw).await,
        )?;
        step(
            "an agreement sent",
            agreements::act(
                db,
                &cast.karin,
                placement.clone(),
                None,
                AgreementAction::Send,
            )
            .await,
        )?;
    }
    step(
        "an agreement accepted",
        agreements::act(
            db,
            &cast.lene,
            stepped.clone(),
            None,
            AgreementAction::Accept { content_hash: None },
        )
        .await,
    )?;
    // The last two weeks' working days, as the mentor recorded them.
    let mut days = Vec::new();
    let mut d = day(-14);
    while d < today {
        if crate::agreements::model::is_work_day(d) {
            days.push(d);
        }
        d += Duration::days(1);
    }
    let n = days.len();
    let input = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (status, note) = if i + 1 == n {
                ("no_show", "")
            } else if i + 4 == n {
                ("absent_sick", "Ringede kl. 7 og meldte sig syg")
            } else {
                ("present", "")
            };
            DayInput {
                day: d.to_string(),
                status: status.into(),
                note: note.into(),
            }
        })
        .collect();
    step(
        "attendance",
        attendance::record(db, &cast.ole, stepped.clone(), input, true).await,
    )?;
    Ok(())
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, AppError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| AppError::internal("demo date"))
}

/// Builds the story. Returns a line for the console.
pub(super) async fn build(db: &Db, keys: &Keys, orgs: &Organisations) -> Result<String, AppError> {
    let cast = Cast {
        admin: actor(db, super::DEMO_ADMIN).await?,
        karin: actor(db, "karin.holm@middelfart.dk").await?,
        lene: actor(db, "lene@lillebaelt-rengoering.dk").await?,
        ole: actor(db, "ole@lillebaelt-rengoering.dk").await?,
        jens: actor(db, "jens@fynsk-byggemarked.dk").await?,
        mette: actor(db, "mette@fynsk-byggemarked.dk").await?,
        others: {
            let mut v = Vec::new();
            for (i, signatory, mentor) in OTHER_COMPANIES {
                v.push((i, actor(db, signatory).await?, actor(db, mentor).await?));
            }
            v
        },
    };
    let today = crate::clock::today();
    let day = |n: i64| today + Duration::days(n);
    let none = TransitionInput::default;
    let k = &cast.karin;

    // ---- contracts in every state ----
    let active = draft(
        db,
        k,
        orgs,
        Draft {
            company: 0,
            mentor: cast.ole.user_id.to_string(),
            seats: 4,
            minutes: 180,
            start: day(-140),
            end: day(225),
            goals: "Fire faste pladser til ledige i matchgruppe 2, med fokus på ordinære \
                    timer efter forløbet.",
            tasks: "Rengøring af kontorer og institutioner, vinduespudsning, tøjvask.",
            offers: BOTH,
        },
    )
    .await?;
    act(db, k, &active, Action::Send, none()).await?;
    act(db, &cast.lene, &active, Action::Accept, none()).await?;

    let ended = draft(
        db,
        k,
        orgs,
        Draft {
            company: 1,
            mentor: cast.mette.user_id.to_string(),
            seats: 6,
            minutes: 240,
            start: date(2010, 9, 1)?,
            end: date(2011, 8, 31)?,
            goals: "Virksomhedscenter under kampagnen 2009–2011.",
            tasks: "Lager, varemodtagelse og kundeservice i byggemarkedet.",
            offers: BOTH,
        },
    )
    .await?;
    act(db, k, &ended, Action::Send, none()).await?;
    act(db, &cast.jens, &ended, Action::Accept, none()).await?;

    let terminated = draft(
        db,
        k,
        orgs,
        Draft {
            company: 0,
            mentor: cast.ole.user_id.to_string(),
            seats: 2,
            minutes: 90,
            start: day(-300),
            end: day(65),
            goals: "To pladser i vinduespolering.",
            tasks: "Vinduespolering hos erhvervskunder.",
            offers: BOTH,
        },
    )
    .await?;
    act(db, k, &terminated, Action::Send, none()).await?;
    act(db, &cast.lene, &terminated, Action::Accept, none()).await?;
    act(
        db,
        k,
        &terminated,
        Action::Terminate,
        TransitionInput {
            date: Some(day(-21).to_string()),
            reason: Some(
                "Virksomheden har mistet sin største kunde inden for vinduespolering.".into(),
            ),
            ..none()
        },
    )
    .await?;

    // Its mentor handed in the weeks up to the termination (the approvals list shows no week
    // of it as open; the weeks after its end are not due at all).
    step(
        "the terminated contract's weeks",
        hand_in_weeks(db, &cast.ole, k, &terminated, (day(-84), day(-21))).await,
    )?;

    let sent = draft(
        db,
        k,
        orgs,
        Draft {
            company: 0,
            mentor: cast.ole.user_id.to_string(),
            seats: 3,
            minutes: 120,
            start: day(42),
            end: day(42 + 364),
            goals: "Tre pladser i den nye afdeling for erhvervsrengøring.",
            tasks: "Erhvervsrengøring, aftenhold.",
            offers: BOTH,
        },
    )
    .await?;
    act(db, k, &sent, Action::Send, none()).await?;

    let returned = draft(
        db,
        k,
        orgs,
        Draft {
            company: 1,
            mentor: cast.mette.user_id.to_string(),
            seats: 5,
            minutes: 240,
            start: day(35),
            end: day(35 + 364),
            goals: "Fem pladser i lager og udendørsafdeling.",
            tasks: "Lager, trælast og udendørsafdeling.",
            offers: BOTH,
        },
    )
    .await?;
    act(db, k, &returned, Action::Send, none()).await?;
    act(
        db,
        &cast.jens,
        &returned,
        Action::RequestChanges,
        TransitionInput {
            comment: Some(
                "Vi kan tage tre kandidater ad gangen i opstarten. Kan pladserne sættes ned \
                 fra 5 til 3, og mentortimerne tilsvarende?"
                    .into(),
            ),
            ..none()
        },
    )
    .await?;

    draft(
        db,
        k,
        orgs,
        Draft {
            company: 1,
            mentor: cast.mette.user_id.to_string(),
            seats: 4,
            minutes: 180,
            start: day(28),
            end: day(28 + 364),
            goals: "Fire pladser i kundeservice og kasse.",
            tasks: "Kundeservice, kasse og opfyldning.",
            offers: BOTH,
        },
    )
    .await?;

    // ---- people and seats on the active contract ----
    let mut now = Vec::new();
    for p in PEOPLE_NOW {
        now.push(candidate(db, keys, k, p).await?);
    }
    let (praktik, loentilskud) = ("virksomhedspraktik", "loentilskud");
    // Followed up: ended early with an ordinary job, self-supporting four weeks later.
    let done = refer(db, k, &active, &now[4], praktik, (day(-135), day(-70))).await?;
    // Ended on its last day, back on benefit; its follow-up is due.
    let due = refer(db, k, &active, &now[3], praktik, (day(-120), day(-40))).await?;
    let ahmad = refer(db, k, &active, &now[0], loentilskud, (day(-100), day(60))).await?;
    refer(db, k, &active, &now[2], loentilskud, (day(-60), day(120))).await?;
    let stepped = refer(db, k, &active, &now[1], praktik, (day(-30), day(50))).await?;
    let newest = refer(db, k, &active, &now[5], loentilskud, (day(-10), day(100))).await?;
    // The four seats are full until day 50: this one waits.
    let waiting = refer(db, k, &active, &now[6], praktik, (day(7), day(70))).await?;
    if waiting.position.is_none() {
        return Err(AppError::internal(
            "demo story: the waiting referral got a seat",
        ));
    }
    // ---- documents (#22): the scanned contract, a statement, a CV and a praktikerklæring ----
    let active_id = active.clone();
    let documents = [
        (
            &cast.karin,
            Parent::Contract(active_id.clone()),
            "signed_contract",
            "Rammekontrakt underskrevet.pdf",
            files::pdf(
                "Rammekontrakt - underskrevet",
                &[
                    "Lillebælt Rengøring ApS og Jobcenter Middelfart",
                    "Underskrevet af begge parter og scannet.",
                ],
            ),
        ),
        (
            &cast.lene,
            Parent::Placement(ahmad.placement_id.clone()),
            "representative_statement",
            "Udtalelse fra tillidsrepræsentant.pdf",
            files::pdf(
                "Udtalelse fra medarbejderrepræsentant",
                &[
                    "Medarbejderne er hørt om ansættelsen med løntilskud.",
                    "Der er ingen indvendinger.",
                ],
            ),
        ),
        (
            &cast.karin,
            Parent::Placement(ahmad.placement_id.clone()),
            "cv",
            "CV foto.png",
            files::png(48, 32, [232, 240, 250], [42, 110, 187]),
        ),
        (
            &cast.ole,
            Parent::Placement(done.placement_id.clone()),
            "internship_statement",
            "Praktikerklæring.pdf",
            files::pdf(
                "Praktikerklæring",
                &[
                    "Praktikken er gennemført med mødestabilitet og godt samarbejde.",
                    "Opgaver: rengøring af kontorer og vinduespudsning.",
                ],
            ),
        ),
    ];
    for (who, parent, kind, name, bytes) in documents {
        let upload = Upload {
            has_file: true,
            file_name: name.into(),
            bytes,
            too_large: false,
            kind: kind.into(),
        };
        step(
            "a document",
            crate::documents::service::add(db, who, parent, upload).await,
        )?;
    }
    change(
        db,
        k,
        &done.placement_id,
        PlacementChange::End {
            date: day(-80).to_string(),
            outcome: "ordinary_job".into(),
        },
    )
    .await?;
    change(
        db,
        k,
        &done.placement_id,
        PlacementChange::FollowUp {
            self_supporting: Some(true),
        },
    )
    .await?;
    change(
        db,
        k,
        &due.placement_id,
        PlacementChange::End {
            date: day(-40).to_string(),
            outcome: "back_on_benefit".into(),
        },
    )
    .await?;

    // ---- the placements' own agreements and attendance (#22) ----
    placement_story(
        db,
        &cast,
        &stepped.placement_id,
        &newest.placement_id,
        today,
    )
    .await?;
    // ---- follow-up visits (#22) ----
    // Ahmad's first two visits were held and noted, the third is overdue (Karin's inbox), the
    // next one moved a day and given a time; Signe's first visit was held if its day has come.
    step(
        "the follow-up visits",
        demo_visits(db, k, &ahmad.placement_id, &stepped.placement_id, today).await,
    )?;

    // ---- the mentor's weeks ----
    // Every whole week since the contract began: the older ones approved, then one rejected,
    // one submitted, and this week open.
    let this_week = IsoWeek::of(today);
    let mut week = this_week;
    let mut weeks = vec![this_week];
    while week.prev().monday() > day(-140) {
        week = week.prev();
        weeks.push(week);
    }
    weeks.reverse(); // oldest first
    let followed = now[0].to_string();
    for w in &weeks {
        let monday = w.monday();
        let plan: [(i64, i64, &str, Option<&String>, &str); 3] = [
            (0, 60, "training", None, "Oplæring i maskinrengøring"),
            (
                2,
                45,
                "follow_up",
                Some(&followed),
                "Opfølgningssamtale om arbejdstider",
            ),
            (
                3,
                60,
                "training",
                None,
                "Gennemgang af arbejdsplan og sikkerhed",
            ),
        ];
        for (offset, minutes, activity, who, note) in plan {
            let d = monday + Duration::days(offset);
            if d > today {
                continue;
            }
            let input = EntryInput {
                contract_id: active.to_string(),
                date: d.to_string(),
                minutes: Some(minutes),
                activity: activity.into(),
                // Ahmad's placement began 100 days ago.
                candidate_id: who.filter(|_| d >= day(-100)).cloned(),
                note: note.into(),
            };
            step(
                "an hour entry",
                hours::log_entry(db, &cast.ole, input).await,
            )?;
        }
    }
    let decide = |who: &Actor, w: IsoWeek, a: WeekAction| {
        let (who, id) = (who.clone(), active.clone());
        async move { step("a week", hours::decide_week(db, &who, id, w, a).await).map(|_| ()) }
    };
    let past = weeks.len() - 1;
    for (i, w) in weeks.iter().take(past).enumerate() {
        decide(&cast.ole, *w, WeekAction::Submit).await?;
        match past - i {
            3.. => decide(k, *w, WeekAction::Approve).await?,
            2 => {
                decide(
                    k,
                    *w,
                    WeekAction::Reject(
                        "Onsdagens samtale står to gange; ret venligst ugen og indsend igen."
                            .into(),
                    ),
                )
                .await?
            }
            _ => {} // submitted, waiting for Karin
        }
    }
    // ---- corrections (#22): a month three months back exported to payment, then one of its
    // weeks reopened for Ole to correct (a re-approval then pays the difference as a
    // correction line of the next export, while the exported month stays as it was).
    let back = (today.with_day(1).unwrap_or(today) - Duration::days(70))
        .with_day(1)
        .unwrap_or(today);
    let month = (back.year(), back.month());
    step(
        "a month exported",
        hours::export_month(db, k, month).await.map(|_| ()),
    )?;
    if let Some(w) = weeks
        .iter()
        .find(|w| w.monday() >= back && w.sunday().month() == back.month())
    {
        decide(
            k,
            *w,
            WeekAction::Reopen(
                "Timerne torsdag hører til fredag; ret venligst ugen og indsend igen.".into(),
            ),
        )
        .await?;
    }

    // ---- the amendment: one seat more from two weeks ahead, sent to the company ----
    let effective = this_week.monday() + Duration::days(14);
    act(
        db,
        k,
        &active,
        Action::Amend,
        TransitionInput {
            effective_from: Some(effective.to_string()),
            ..none()
        },
    )
    .await?;
    step(
        "the amendment",
        contracts::update(db, k, active.clone(), None, |raw| TermsRaw {
            seats: "5".into(),
            mentor_minutes_per_week: "240".into(),
            ..raw
        })
        .await,
    )?;
    act(db, k, &active, Action::Send, none()).await?;

    // ---- 2011: people placed in the ended contract, counted by the campaign ----
    let (jan, mar) = (date(2011, 1, 3)?, date(2011, 3, 31)?);
    let outcomes = [
        ("ordinary_job", true),
        ("education", false),
        ("back_on_benefit", false),
        ("back_on_benefit", false),
    ];
    for (p, (outcome, self_supporting)) in PEOPLE_2011.into_iter().zip(outcomes) {
        let who = candidate(db, keys, k, p).await?;
        let r = refer(db, k, &ended, &who, praktik, (jan, mar)).await?;
        change(
            db,
            k,
            &r.placement_id,
            PlacementChange::End {
                date: mar.to_string(),
                outcome: outcome.into(),
            },
        )
        .await?;
        change(
            db,
            k,
            &r.placement_id,
            PlacementChange::FollowUp {
                self_supporting: Some(self_supporting),
            },
        )
        .await?;
    }

    // ---- the other companies: 2010–2011 contracts and the cohort that ended in March 2011 ----
    // Mål 2 for Middelfart in March 2011 rests on 57 follow-ups, 13 self-supporting: the four
    // above and 53 more placed at the other companies' centres, ended in March and followed up.
    let other = |i: usize| {
        cast.others
            .iter()
            .find(|(c, _, _)| *c == i)
            .cloned()
            .ok_or_else(|| AppError::internal("demo company login"))
    };
    // The centres and their seats free in January–March 2011 (the ended contract's other four
    // are taken by the people above).
    let mut centres_2011 = vec![(ended.clone(), 2_u32)];
    for (i, seats, (start, end), offers, goals, tasks) in [
        (
            2,
            8,
            (date(2010, 8, 2)?, date(2011, 7, 29)?),
            BOTH,
            "Virksomhedscenter i kommunens materielgård under kampagnen.",
            "Grønne områder, vejarbejde og værksted.",
        ),
        (
            4,
            12,
            (date(2010, 10, 1)?, date(2011, 9, 30)?),
            BOTH,
            "Virksomhedscenter i produktionen under kampagnen.",
            "Pladearbejde, montage og lager.",
        ),
        (
            5,
            10,
            (date(2010, 6, 1)?, date(2011, 5, 31)?),
            PRAKTIK_ONLY,
            "Virksomhedscenter i plejecentrets service under kampagnen.",
            "Køkken, rengøring og aktiviteter med beboerne.",
        ),
    ] {
        let (_, signatory, mentor) = other(i)?;
        let c = draft(
            db,
            k,
            orgs,
            Draft {
                company: i,
                mentor: mentor.user_id.to_string(),
                seats,
                minutes: 180,
                start,
                end,
                goals,
                tasks,
                offers,
            },
        )
        .await?;
        act(db, k, &c, Action::Send, none()).await?;
        act(db, &signatory, &c, Action::Accept, none()).await?;
        centres_2011.push((c, seats));
    }
    // Two periods a seat: January to early March, and the rest of March.
    let periods = [
        (date(2011, 1, 3)?, date(2011, 3, 4)?),
        (date(2011, 3, 7)?, date(2011, 3, 31)?),
    ];
    let cohort = MARCH_2011_FOLLOW_UPS - PEOPLE_2011.len();
    let yes_in_cohort = MARCH_2011_SELF_SUPPORTING - 1; // one of the four above was
    let mut placed = 0;
    'centres: for (c, free) in &centres_2011 {
        for period in periods {
            for _ in 0..*free {
                if placed == cohort {
                    break 'centres;
                }
                let (cpr, name, benefit) = cohort_person(placed);
                let who = candidate(db, keys, k, (&cpr, &name, benefit)).await?;
                let r = refer(db, k, c, &who, praktik, period).await?;
                if r.seat_no.is_none() {
                    return Err(AppError::internal("demo story: a 2011 centre is full"));
                }
                // Spread evenly: exactly `yes_in_cohort` of the cohort are self-supporting
                // (12 is invertible modulo 53, so i × 12 mod 53 runs through 0..53 once).
                let self_supporting = (placed * yes_in_cohort) % cohort < yes_in_cohort;
                let outcome = match (self_supporting, placed % 3) {
                    (true, 0) => "education",
                    (true, _) => "ordinary_job",
                    (false, 0) => "other",
                    (false, _) => "back_on_benefit",
                };
                change(
                    db,
                    k,
                    &r.placement_id,
                    PlacementChange::End {
                        date: period.1.to_string(),
                        outcome: outcome.into(),
                    },
                )
                .await?;
                change(
                    db,
                    k,
                    &r.placement_id,
                    PlacementChange::FollowUp {
                        self_supporting: Some(self_supporting),
                    },
                )
                .await?;
                placed += 1;
            }
        }
    }
    if placed != cohort {
        return Err(AppError::internal(
            "demo story: the 2011 centres are too small",
        ));
    }

    // ---- the other companies today: contracts running, for review and a draft ----
    let (_, anders, lise) = other(3)?;
    let bakery = draft(
        db,
        k,
        orgs,
        Draft {
            company: 3,
            mentor: lise.user_id.to_string(),
            seats: 1,
            minutes: 120,
            start: day(-63),
            end: day(120),
            goals: "En plads i bageriet med faste morgentimer.",
            tasks: "Bagning, opvask og butik.",
            offers: PRAKTIK_ONLY,
        },
    )
    .await?;
    act(db, k, &bakery, Action::Send, none()).await?;
    act(db, &anders, &bakery, Action::Accept, none()).await?;
    let (cpr, name, benefit) = cohort_person(cohort);
    let baker = candidate(db, keys, k, (&cpr, &name, benefit)).await?;
    refer(db, k, &bakery, &baker, praktik, (day(-56), day(0))).await?;
    step(
        "the bakery's weeks",
        hand_in_weeks(db, &lise, k, &bakery, (day(-63), day(-7))).await,
    )?;

    let (_, susanne, per) = other(4)?;
    let metal = draft(
        db,
        k,
        orgs,
        Draft {
            company: 4,
            mentor: per.user_id.to_string(),
            seats: 3,
            minutes: 180,
            start: day(-35),
            end: day(330),
            goals: "Tre pladser i produktionen med henblik på ordinære timer.",
            tasks: "Montage, pakning og lager.",
            offers: BOTH,
        },
    )
    .await?;
    act(db, k, &metal, Action::Send, none()).await?;
    act(db, &susanne, &metal, Action::Accept, none()).await?;
    for (n, (offer, from, to)) in [
        (loentilskud, day(-35), day(150)),
        (praktik, day(-14), day(70)),
    ]
    .into_iter()
    .enumerate()
    {
        let (cpr, name, benefit) = cohort_person(cohort + 1 + n);
        let who = candidate(db, keys, k, (&cpr, &name, benefit)).await?;
        refer(db, k, &metal, &who, offer, (from, to)).await?;
    }
    step(
        "the metal works' weeks",
        hand_in_weeks(db, &per, k, &metal, (day(-35), day(-7))).await,
    )?;

    let (_, _, torben) = other(2)?;
    let depot = draft(
        db,
        k,
        orgs,
        Draft {
            company: 2,
            mentor: torben.user_id.to_string(),
            seats: 4,
            minutes: 180,
            start: day(30),
            end: day(30 + 364),
            goals: "Fire pladser i materielgården fra foråret.",
            tasks: "Grønne områder og værksted.",
            offers: BOTH,
        },
    )
    .await?;
    act(db, k, &depot, Action::Send, none()).await?;

    let (_, _, ali) = other(5)?;
    draft(
        db,
        k,
        orgs,
        Draft {
            company: 5,
            mentor: ali.user_id.to_string(),
            seats: 2,
            minutes: 120,
            start: day(60),
            end: day(60 + 182),
            goals: "To pladser i køkkenet.",
            tasks: "Køkken og servering.",
            offers: PRAKTIK_ONLY,
        },
    )
    .await?;

    // ---- the campaign ----
    let c = step(
        "the campaign",
        campaign::create(
            db,
            &cast.admin,
            CampaignInput {
                name: CAMPAIGN.into(),
                baseline_month: "2009-06".into(),
                end_month: "2011-06".into(),
                params: None,
                target_group: None,
            },
        )
        .await,
    )?;
    // Middelfart's people counted from the placements, month by month (the campaign has no
    // figures yet, so its A is the count alone): the figures add the rest of the published A.
    let middelfart = orgs
        .jobcenters
        .iter()
        .find(|(name, _)| *name == "Jobcenter Middelfart")
        .map(|(_, id)| id.to_string())
        .ok_or_else(|| AppError::internal("demo: Jobcenter Middelfart"))?;
    let mut counted = std::collections::HashMap::new();
    for month in campaign_months() {
        let (_, rows) = step(
            "the counted months",
            campaign::goals(
                db,
                &cast.admin,
                c.id.clone(),
                month.clone(),
                Some(middelfart.clone()),
            )
            .await,
        )?;
        let a = rows.first().map(|g| g.goals.in_activation).unwrap_or(0);
        counted.insert(month, a);
    }
    let rows = figures(orgs, &counted)?;
    step(
        "the figures",
        campaign::save_figures(db, &cast.admin, c.id, rows).await,
    )?;
    Ok(format!(
        "Demo story: 13 contracts, {} candidates, {} weeks of hours, the campaign {CAMPAIGN}.",
        PEOPLE_NOW.len() + PEOPLE_2011.len() + cohort + 3,
        weeks.len()
    ))
}

/// The campaign's months, June 2009 to June 2011.
fn campaign_months() -> Vec<String> {
    (0..25)
        .map(|i| {
            let m = 5 + i; // June 2009 is month index 5 of 2009 (0-based)
            format!("{}-{:02}", 2009 + m / 12, m % 12 + 1)
        })
        .collect()
}

/// The campaign's figures for every Syddanmark jobcenter and month, June 2009 to June 2011:
/// N, and the activation outside virksomhedscentre. Middelfart's add up, with the people
/// `counted` from the placements each month, to its published A.
fn figures(
    orgs: &Organisations,
    counted: &std::collections::HashMap<String, i64>,
) -> Result<Vec<FigureInput>, AppError> {
    let months = campaign_months();
    let mut rows = Vec::new();
    for (j, (name, id)) in orgs.jobcenters.iter().enumerate() {
        let j = j as i64;
        for (i, month) in months.iter().enumerate() {
            let i = i as i64;
            let (n, a) = if *name == "Jobcenter Middelfart" {
                let year = &month[..4];
                let n = match year {
                    "2009" => MIDDELFART_N_2009,
                    "2010" => MIDDELFART_N_2010,
                    _ => MIDDELFART_N_2011,
                };
                let a = MIDDELFART_A
                    .get(i as usize)
                    .copied()
                    .ok_or_else(|| AppError::internal("demo month"))?;
                let placed = counted.get(month).copied().unwrap_or(0);
                if placed > a {
                    return Err(AppError::internal("demo: more placed than the published A"));
                }
                (n, a - placed)
            } else {
                // Made-up but steady: a baseline by size, growing about 2½ times by 2011.
                let b = 8 + (j * 7) % 40;
                let n = b * 11 + (j * 13) % 50 + i;
                (n, b + b * 3 * i / 48 + (i * j) % 3)
            };
            rows.push(FigureInput {
                jobcenter_id: id.to_string(),
                month: month.clone(),
                target_group: Some(n),
                outside_activation: Some(a),
                baseline: None,
                line: None,
            });
        }
    }
    Ok(rows)
}
