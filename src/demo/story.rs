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
//! - The mentor's weeks of hours since the contract began: approved, then one rejected with a
//!   reason, one submitted waiting for the consultant, and the current week open with entries.
//! - Virksomhedscenterkampagnen (baseline June 2009) with figures for every Syddanmark
//!   jobcenter, so Middelfart's March 2011 reads as the campaign published it: B = 22, A = 102,
//!   N = 272 (T = 43,52, shown as 44), 234 pct., +364 pct. Four of March's 102 are people placed
//!   in the ended contract (counted from the placements); the rest are entered as activation
//!   outside virksomhedscentre, the way the campaign's figures were imported.

use chrono::{Duration, NaiveDate};

use crate::auth::model::Actor;
use crate::campaign::service::{self as campaign, CampaignInput, FigureInput};
use crate::contracts::model::{ActivityRaw, TermsRaw};
use crate::contracts::service::{self as contracts, TransitionInput};
use crate::contracts::workflow::Action;
use crate::db::Db;
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
}

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
}

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
        offer_types: vec!["virksomhedspraktik".into(), "loentilskud".into()],
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
    refer(db, k, &active, &now[0], loentilskud, (day(-100), day(60))).await?;
    refer(db, k, &active, &now[2], loentilskud, (day(-60), day(120))).await?;
    refer(db, k, &active, &now[1], praktik, (day(-30), day(50))).await?;
    refer(db, k, &active, &now[5], loentilskud, (day(-10), day(100))).await?;
    // The four seats are full until day 50: this one waits.
    let waiting = refer(db, k, &active, &now[6], praktik, (day(7), day(70))).await?;
    if waiting.position.is_none() {
        return Err(AppError::internal(
            "demo story: the waiting referral got a seat",
        ));
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
    let rows = figures(orgs, PEOPLE_2011.len() as i64)?;
    step(
        "the figures",
        campaign::save_figures(db, &cast.admin, c.id, rows).await,
    )?;
    Ok(format!(
        "Demo story: 6 contracts, {} candidates, {} weeks of hours, the campaign {CAMPAIGN}.",
        PEOPLE_NOW.len() + PEOPLE_2011.len(),
        weeks.len()
    ))
}

/// The campaign's figures for every Syddanmark jobcenter and month, June 2009 to June 2011:
/// N, and the activation outside virksomhedscentre. Middelfart's add up, with the `placed_2011`
/// people counted from the placements in January–March 2011, to its published A.
fn figures(orgs: &Organisations, placed_2011: i64) -> Result<Vec<FigureInput>, AppError> {
    let months: Vec<String> = (0..25)
        .map(|i| {
            let m = 5 + i; // June 2009 is month index 5 of 2009 (0-based)
            format!("{}-{:02}", 2009 + m / 12, m % 12 + 1)
        })
        .collect();
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
                let placed = if ("2011-01".."2011-04").contains(&month.as_str()) {
                    placed_2011
                } else {
                    0
                };
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
