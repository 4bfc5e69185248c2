//! Seat operations shared by the pages and the API. Every allocation runs in one write
//! transaction that first takes the locks (candidate, then contract), then reads the contract's
//! seat book, applies the change through `SeatBook` and writes back exactly what changed.

use chrono::{Duration, NaiveDate};

use crate::auth::model::{Actor, Role};
use crate::contracts::model::{Benefit, OfferType, MAX_ACTIVITY_COST_ORE, MAX_MINUTES_PER_WEEK};
use crate::contracts::service as contracts;
use crate::contracts::store as contract_store;
use crate::db::{new_id, now, Db, DbConnection, Sort};
use crate::error::{AppError, FieldErrors};
use crate::seats::book::{place_referral, BookingState, Overbooked, Placed, SeatBook};
use crate::seats::cpr::Cpr;
use crate::seats::store::{self, CandidateRow, PlacementRow};
use crate::state::Keys;
use crate::ui::format;

/// How many times an allocation is retried after a serialization failure or a busy database.
const RETRIES: usize = 3;

/// Runs a write transaction, retrying a bounded number of times when the database asks for it.
async fn write_retry<T, F>(db: &Db, f: F) -> Result<T, AppError>
where
    F: Fn(&mut DbConnection) -> Result<T, AppError> + Clone + Send + 'static,
    T: Send + 'static,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match db.write(f.clone()).await {
            Err(AppError::Unavailable(cause)) if attempt < RETRIES => {
                tracing::warn!(%cause, attempt, "retrying an allocation");
            }
            other => return other,
        }
    }
}

// ---------- candidates ----------

/// A candidate as the jobcenter sees it (the CPR number only when the record is opened).
#[derive(Debug, Clone)]
pub struct CandidateView {
    pub row: CandidateRow,
    /// Present only for a consultant who opened the full record (logged).
    pub cpr: Option<String>,
    pub placements: Vec<PlacementRow>,
    pub activities: Vec<store::ActivityRow>,
}

#[derive(Debug, Clone, Default)]
pub struct CandidateInput {
    pub cpr: String,
    pub name: String,
    pub benefit: String,
    pub match_group: String,
}

fn consultant_jobcenter(actor: &Actor) -> Result<String, AppError> {
    match (actor.role, &actor.jobcenter_id) {
        (Role::Consultant, Some(j)) => Ok(j.clone()),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn create_candidate(
    db: &Db,
    keys: &Keys,
    actor: &Actor,
    input: CandidateInput,
) -> Result<CandidateRow, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    let mut e = FieldErrors::new();
    let cpr = e.check("cpr", Cpr::parse(&input.cpr, contracts::today()));
    let name = input.name.trim().to_string();
    if name.is_empty() {
        e.add("name", "Skal udfyldes");
    } else if name.chars().count() > 200 {
        e.add("name", "Teksten er for lang");
    }
    let benefit = Benefit::parse(&input.benefit);
    if benefit.is_none() {
        e.add("benefit", "Vælg kontanthjælp eller starthjælp");
    }
    let match_group = match input.match_group.trim().parse::<i32>() {
        Ok(g) if (1..=3).contains(&g) => Some(g),
        _ => {
            e.add("match_group", "Matchgruppe 1, 2 eller 3");
            None
        }
    };
    e.into_result()?;
    let (Some(cpr), Some(benefit), Some(match_group)) = (cpr, benefit, match_group) else {
        return Err(AppError::internal("validated input missing"));
    };
    let id = new_id();
    let hmac = keys.cpr_hmac(cpr.digits());
    let cipher = keys
        .encrypt_cpr(cpr.digits(), &id)
        .map_err(AppError::internal)?;
    let masked = cpr.masked();
    let user_id = actor.user_id.clone();
    let created = db.write(move |conn| {
        // "Already registered" tells whether the number is known: it is a lookup like a
        // search, counted towards the search limit and written to the access log.
        if let Some(wait) = cpr_lookup_allowed(conn, &user_id, &jobcenter_id, &masked, &hmac)? {
            return Ok(Err(AppError::TooManySearches(wait)));
        }
        if let Some(existing) = store::candidate_by_hmac(conn, &jobcenter_id, &hmac)? {
            store::log_cpr_search(
                conn,
                &user_id,
                &jobcenter_id,
                &masked,
                &hmac,
                Some(&existing.id),
                "search",
            )?;
            return Ok(Err(AppError::field(
                "cpr",
                "Personen er allerede oprettet i jeres jobcenter",
            )));
        }
        store::insert_candidate(
            conn,
            &store::NewCandidate {
                id: &id,
                jobcenter_id: &jobcenter_id,
                name: &name,
                cpr_hmac: &hmac,
                cpr_cipher: &cipher,
                cpr_masked: &masked,
                benefit: benefit.code(),
                match_group,
            },
        )?;
        Ok(Ok(
            store::get_candidate(conn, &id)?.ok_or(AppError::NotFound)?
        ))
    });
    // A refusal commits its log line first.
    created.await?
}

/// The most supporting activities one placement can have.
pub const MAX_PERSON_ACTIVITIES: usize = 20;

/// Opens a candidate. A consultant of the owning jobcenter gets the full record (the CPR number
/// decrypted; the read is written to the access log); company users and mentors get the name of
/// a person placed in their own centre, nothing else.
pub async fn open_candidate(
    db: &Db,
    keys: &Keys,
    actor: &Actor,
    id: String,
) -> Result<CandidateView, AppError> {
    let actor = actor.clone();
    let keys = keys.clone();
    db.write(move |conn| {
        let row = store::get_candidate(conn, &id)?.ok_or(AppError::NotFound)?;
        let placements = store::candidate_placements(conn, &id)?;
        match actor.role {
            Role::Consultant
                if actor.jobcenter_id.as_deref() == Some(row.jobcenter_id.as_str()) =>
            {
                // An anonymised candidate (retention) has no CPR number left to read.
                let cpr = if row.anonymised_at.is_some() {
                    None
                } else {
                    store::log_access(conn, &actor.user_id, &row, "open")?;
                    let cpr = keys
                        .decrypt_cpr(&row.cpr_cipher, &row.id)
                        .map_err(AppError::internal)?;
                    Some(format!(
                        "{}-{}",
                        &cpr[..6.min(cpr.len())],
                        &cpr[6.min(cpr.len())..]
                    ))
                };
                let ids: Vec<String> = placements.iter().map(|p| p.id.clone()).collect();
                let activities = store::activities_for(conn, &ids)?;
                Ok(CandidateView {
                    row,
                    cpr,
                    placements,
                    activities,
                })
            }
            Role::Company | Role::Mentor => {
                // Only someone placed in a contract of their own centre, by name.
                let mut visible = Vec::new();
                for p in placements
                    .iter()
                    .filter(|p| p.status == "placed" || p.status == "ended")
                {
                    if let Some(c) = contract_store::get_contract(conn, &p.contract_id)? {
                        if contracts::may_view(&actor, &c) {
                            visible.push(p.clone());
                        }
                    }
                }
                if visible.is_empty() {
                    return Err(AppError::NotFound);
                }
                Ok(CandidateView {
                    row,
                    cpr: None,
                    placements: visible,
                    activities: Vec::new(),
                })
            }
            _ => Err(AppError::NotFound),
        }
    })
    .await
}

/// The consultant's jobcenter's most recently created candidates: (id, name, masked CPR).
pub async fn recent_candidates(
    db: &Db,
    actor: &Actor,
    limit: i64,
) -> Result<Vec<(String, String, String)>, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    db.read(move |conn| Ok(store::recent_candidates(conn, &jobcenter_id, limit)?))
        .await
}

/// A consultant's candidates: by name, or the one with a typed CPR number (looked up by hash).
pub async fn list_candidates(
    db: &Db,
    keys: &Keys,
    actor: &Actor,
    q: Option<String>,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CandidateRow>, i64), AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    let cpr = q
        .as_deref()
        .and_then(|q| Cpr::parse(q, contracts::today()).ok());
    let Some(cpr) = cpr else {
        return db
            .read(move |conn| {
                Ok(store::list_candidates(
                    conn,
                    &jobcenter_id,
                    q.as_deref(),
                    None,
                    sort,
                    offset,
                    limit,
                )?)
            })
            .await;
    };
    // A search by a CPR number is a lookup of a person: logged (hit or not) and limited, so
    // trying the last four digits cannot find a number without a trace (issue #17).
    let hmac = keys.cpr_hmac(cpr.digits());
    let masked = cpr.masked();
    let user_id = actor.user_id.clone();
    let result = db
        .write(move |conn| {
            if let Some(wait) = cpr_lookup_allowed(conn, &user_id, &jobcenter_id, &masked, &hmac)? {
                return Ok(Err(wait));
            }
            let found = store::list_candidates(
                conn,
                &jobcenter_id,
                None,
                Some(&hmac),
                sort,
                offset,
                limit,
            )?;
            // Whom the number finds, whatever page was asked for.
            let hit = store::candidate_by_hmac(conn, &jobcenter_id, &hmac)?.map(|c| c.id);
            store::log_cpr_search(
                conn,
                &user_id,
                &jobcenter_id,
                &masked,
                &hmac,
                hit.as_deref(),
                "search",
            )?;
            Ok(Ok(found))
        })
        .await?;
    // The refusal is committed with its log line; only then is the 429 given.
    result.map_err(AppError::TooManySearches)
}

/// Whether the user may look up one more CPR number now: `None` when they may, else the
/// seconds to wait, with the refused lookup logged (`search_refused`). The user's row lock
/// orders their lookups, so parallel ones cannot all pass the limit (PostgreSQL too). In the
/// caller's transaction.
fn cpr_lookup_allowed(
    conn: &mut DbConnection,
    user_id: &str,
    jobcenter_id: &str,
    masked: &str,
    hmac: &str,
) -> Result<Option<u64>, AppError> {
    crate::auth::store::lock_user(conn, user_id)?;
    let since = now() - chrono::Duration::minutes(CPR_SEARCH_WINDOW_MINUTES);
    let recent = store::recent_cpr_searches(conn, user_id, since)?;
    match cpr_search_wait(&recent, now()) {
        Some(wait) => {
            store::log_cpr_search(
                conn,
                user_id,
                jobcenter_id,
                masked,
                hmac,
                None,
                "search_refused",
            )?;
            Ok(Some(wait))
        }
        None => Ok(None),
    }
}

/// At most this many searches by CPR number per consultant in [`CPR_SEARCH_WINDOW_MINUTES`];
/// more is refused (429) until the oldest of them leaves the window, and the refused search is
/// logged too, so the data-protection officer sees it in the access log.
pub const CPR_SEARCH_LIMIT: usize = 10;
pub const CPR_SEARCH_WINDOW_MINUTES: i64 = 10;

/// The seconds to wait before another CPR search, given the searches in the window (oldest
/// first); `None` when one is allowed now.
pub fn cpr_search_wait(
    recent: &[chrono::NaiveDateTime],
    now: chrono::NaiveDateTime,
) -> Option<u64> {
    if recent.len() < CPR_SEARCH_LIMIT {
        return None;
    }
    // The search that must leave the window before one more fits.
    let blocking = recent[recent.len() - CPR_SEARCH_LIMIT];
    let frees = blocking + chrono::Duration::minutes(CPR_SEARCH_WINDOW_MINUTES);
    Some(
        u64::try_from((frees - now).num_seconds())
            .unwrap_or(0)
            .max(1),
    )
}

// ---------- referral ----------

#[derive(Debug, Clone, Default)]
pub struct ReferralInput {
    pub contract_id: String,
    pub candidate_id: String,
    pub offer_type: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone)]
pub struct ReferralResult {
    pub placement_id: String,
    pub seat_no: Option<i32>,
    pub position: Option<i64>,
}

fn date_field(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    if v.trim().is_empty() {
        e.add(field, "Skal udfyldes");
        return None;
    }
    let d = format::parse_date(v);
    if d.is_none() {
        e.add(field, "Ugyldig dato (brug dd-mm-åååå)");
    }
    d
}

/// How long a stay may be (#18.2, docs/rules.md), in days, from the rule parameters in force
/// at its start: by itself, and (virksomhedspraktik) with a recorded concrete assessment.
#[derive(Debug, Clone, Copy)]
struct StayLimit {
    days: i64,
    with_assessment: Option<i64>,
}

/// The limit for an offer to a person in a situation (benefit and match group as referred) at
/// an employer of a sector. Virksomhedspraktik: 4 weeks, 13 for kontant- and starthjælp
/// recipients in match group 2 or 3, more only with a concrete assessment. Løntilskud: by the
/// employer's sector (private, public).
fn stay_limit(
    conn: &mut DbConnection,
    offer: OfferType,
    benefit: &str,
    match_group: i32,
    sector: &str,
    start: NaiveDate,
) -> Result<Option<StayLimit>, AppError> {
    let mut days = |key: &str| -> Result<Option<i64>, AppError> {
        Ok(store::rule(conn, key, start)?.map(|w| i64::from(w) * 7))
    };
    Ok(match offer {
        OfferType::Virksomhedspraktik => {
            let situation = Benefit::parse(benefit).is_some() && (2..=3).contains(&match_group);
            let base = days(if situation {
                "praktik_max_weeks_matchgroup_2_3"
            } else {
                "praktik_max_weeks"
            })?;
            let extended = days("praktik_max_weeks_with_assessment")?;
            base.map(|d| StayLimit {
                days: d,
                with_assessment: extended.filter(|e| *e > d),
            })
        }
        OfferType::Loentilskud => days(if sector == "public" {
            "loentilskud_max_weeks_public"
        } else {
            "loentilskud_max_weeks_private"
        })?
        .map(|d| StayLimit {
            days: d,
            with_assessment: None,
        }),
    })
}

/// The days of the stay that [start, end] belongs to: the period and the person's other stays
/// of the offer at the same company that follow each other with fewer than
/// `same_stay_gap_weeks` (4) weeks between them count as one stay.
fn stay_days(
    conn: &mut DbConnection,
    candidate_id: &str,
    company_id: &str,
    offer: OfferType,
    (start, end): (NaiveDate, NaiveDate),
    except: Option<&str>,
) -> Result<i64, AppError> {
    let gap = i64::from(store::rule(conn, "same_stay_gap_weeks", start)?.unwrap_or(4)) * 7;
    let mut others = store::stays_at_company(conn, candidate_id, company_id, offer.code(), except)?;
    others.sort();
    Ok(one_stay((start, end), &others, gap))
}

/// The days of the stay [start, end] is part of, among `others`: stays fewer than `gap` days
/// apart are chained into one. Pure.
fn one_stay(period: (NaiveDate, NaiveDate), others: &[(NaiveDate, NaiveDate)], gap: i64) -> i64 {
    let days = |(a, b): (NaiveDate, NaiveDate)| (b - a).num_days() + 1;
    let (mut from, mut to) = period;
    let mut total = days(period);
    let mut taken = vec![false; others.len()];
    loop {
        let mut grew = false;
        for (i, o) in others.iter().enumerate() {
            if taken[i] {
                continue;
            }
            // Days strictly between the two periods (negative when they overlap).
            let between = if o.0 > to {
                (o.0 - to).num_days() - 1
            } else if o.1 < from {
                (from - o.1).num_days() - 1
            } else {
                -1
            };
            if between < gap {
                taken[i] = true;
                total += days(*o);
                from = from.min(o.0);
                to = to.max(o.1);
                grew = true;
            }
        }
        if !grew {
            return total;
        }
    }
}

#[cfg(test)]
mod stay_tests {
    use super::one_stay;
    use chrono::NaiveDate;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 1, 1).expect("date") + chrono::Duration::days(n)
    }

    #[test]
    fn stays_fewer_than_four_weeks_apart_are_one() {
        // 10 days, then 27 days off, then 10 days: one stay of 20 days.
        assert_eq!(one_stay((d(37), d(46)), &[(d(0), d(9))], 28), 20);
        // 28 days off: two stays.
        assert_eq!(one_stay((d(38), d(47)), &[(d(0), d(9))], 28), 10);
        // Chained through a middle stay, in any order.
        assert_eq!(
            one_stay((d(0), d(9)), &[(d(60), d(69)), (d(30), d(39))], 28),
            30
        );
    }
}

/// What an extension's event says once retention has removed its assessment.
pub const ASSESSMENT_REMOVED: &str =
    "Forlænget · Konkret vurdering registreret (teksten er slettet efter opbevaringsperioden)";

/// The company's sector ("private" or "public").
fn company_sector(conn: &mut DbConnection, company_id: &str) -> Result<String, AppError> {
    use crate::db::schema::companies;
    use diesel::prelude::*;
    Ok(companies::table
        .find(company_id)
        .select(companies::sector)
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// Why a period is too long, naming the limit (and the stay it joins).
fn too_long(offer: OfferType, limit: StayLimit, days: i64, joined: bool) -> String {
    let mut m = format!(
        "{} må højst vare {} for denne kandidat",
        offer.label(),
        weeks_text(limit.days)
    );
    if joined {
        m.push_str(&format!(
            " (sammen med ophold på virksomheden med under 4 ugers mellemrum: {days} dage i alt)"
        ));
    }
    if limit.with_assessment.is_some() {
        m.push_str("; længere kun ved forlængelse med en konkret vurdering");
    }
    m
}

fn weeks_text(days: i64) -> String {
    let weeks = days / 7;
    format!("{weeks} uger")
}

/// The first day the self-support follow-up of a placement that ended on `end` may be recorded:
/// the end plus the rule parameter `follow_up_weeks_after_end` (4 weeks), the one value the
/// due list and Mål 2 also read.
pub fn follow_up_from(conn: &mut DbConnection, end: NaiveDate) -> Result<NaiveDate, AppError> {
    let weeks = store::rule(conn, "follow_up_weeks_after_end", end)?.unwrap_or(4);
    Ok(end + Duration::weeks(i64::from(weeks)))
}

fn rule_error(field: &str, msg: impl Into<String>) -> AppError {
    AppError::field(field, msg)
}

/// Refers a candidate to a contract: placed on the lowest seat free for the whole period, or
/// on the waiting list. The domain's rules are checked first and a broken one is named.
pub async fn refer(
    db: &Db,
    actor: &Actor,
    input: ReferralInput,
) -> Result<ReferralResult, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    let mut e = FieldErrors::new();
    let offer = OfferType::parse(&input.offer_type);
    if offer.is_none() {
        e.add("offer_type", "Vælg virksomhedspraktik eller løntilskud");
    }
    let start = date_field(&mut e, "start_date", &input.start_date);
    let end = date_field(&mut e, "end_date", &input.end_date);
    if let (Some(s), Some(en)) = (start, end) {
        if en < s {
            e.add("end_date", "Slutdatoen ligger før startdatoen");
        }
    }
    if input.contract_id.trim().is_empty() {
        e.add("contract_id", "Vælg en kontrakt");
    }
    if input.candidate_id.trim().is_empty() {
        e.add("candidate_id", "Vælg en kandidat");
    }
    e.into_result()?;
    let (Some(offer), Some(start), Some(end)) = (offer, start, end) else {
        return Err(AppError::internal("validated input missing"));
    };
    let actor = actor.clone();
    write_retry(db, move |conn| {
        let candidate = store::get_candidate(conn, &input.candidate_id)?
            .filter(|c| c.jobcenter_id == jobcenter_id)
            .ok_or_else(|| {
                rule_error("candidate_id", "Kandidaten findes ikke i jeres jobcenter")
            })?;
        let contract = contract_store::get_contract(conn, &input.contract_id)?
            .filter(|c| contracts::may_view(&actor, c))
            .ok_or_else(|| rule_error("contract_id", "Kontrakten findes ikke i jeres jobcenter"))?;
        // Locks first, candidate then contract, so concurrent referrals are judged one at a time.
        store::lock_candidate(conn, &candidate.id)?;
        let queue_no = store::lock_contract(conn, &contract.id)?.ok_or(AppError::NotFound)?;
        let contract =
            contract_store::get_contract(conn, &contract.id)?.ok_or(AppError::NotFound)?;
        if contract.accepted_version.is_none() || contract.terminated_on.is_some_and(|d| d < start)
        {
            return Err(rule_error(
                "contract_id",
                "Kontrakten er ikke accepteret og i kraft",
            ));
        }
        if start < contract.start_date || end > contract.end_date {
            return Err(rule_error(
                "start_date",
                format!(
                    "Perioden skal ligge inden for kontraktens periode ({} – {})",
                    format::date(contract.start_date),
                    format::date(contract.end_date)
                ),
            ));
        }
        let terms = contract_store::terms_on(conn, &contract.id, start)?
            .ok_or_else(|| rule_error("contract_id", "Kontrakten er ikke accepteret"))?;
        if !terms.offer_types.contains(&offer) {
            return Err(rule_error(
                "offer_type",
                format!("Kontrakten tillader ikke {}", offer.label().to_lowercase()),
            ));
        }
        let benefit = Benefit::parse(&candidate.benefit);
        if benefit.is_none_or(|b| !terms.target_benefits.contains(&b))
            || candidate.match_group != terms.target_match_group
        {
            return Err(rule_error(
                "candidate_id",
                "Kandidaten er ikke i kontraktens målgruppe (ydelse eller matchgruppe)",
            ));
        }
        let sector = company_sector(conn, &contract.company_id)?;
        if let Some(limit) = stay_limit(
            conn,
            offer,
            &candidate.benefit,
            candidate.match_group,
            &sector,
            start,
        )? {
            let days = stay_days(
                conn,
                &candidate.id,
                &contract.company_id,
                offer,
                (start, end),
                None,
            )?;
            if days > limit.days {
                return Err(rule_error(
                    "end_date",
                    too_long(offer, limit, days, days > (end - start).num_days() + 1),
                ));
            }
        }
        let overlapping = store::overlapping_for_candidate(conn, &candidate.id, start, end, None)?;
        if let Some(o) = overlapping.first() {
            return Err(rule_error(
                "candidate_id",
                format!(
                    "Kandidaten har allerede et forløb {} – {}",
                    format::date(o.start_date),
                    format::date(o.end_date)
                ),
            ));
        }
        // Judged on the bookings at the same time and the length of the waiting list, not the
        // contract's whole history (`place_referral` gives the answer the whole book would).
        let capacity = store::capacity(conn, &contract.id)?
            .ok_or_else(|| AppError::Conflict("Kontrakten er ikke accepteret.".into()))?;
        let seated = store::seated_within(conn, &contract.id, start, end)?
            .iter()
            .map(PlacementRow::booking)
            .collect();
        let waiting = store::count_waiting(conn, &contract.id)?;
        let id = new_id();
        let (booking, placed) =
            place_referral(capacity, seated, waiting, &id, start, end, queue_no);
        if matches!(placed, Placed::Seat(_)) {
            // The rimelighedskrav at the worksite, across every contract and jobcenter there
            // (#18.1): judged under the company's lock, as the seat is under the contract's.
            crate::directory::store::lock_company(conn, &contract.company_id)?;
            let site =
                crate::seats::ratio::worksite_of(conn, &contract.id, &contract.company_id, start)?;
            crate::seats::ratio::check_one_more(conn, &site, start, end, "start_date")?;
        }
        store::insert_placement(
            conn,
            &store::NewPlacement {
                id: &id,
                contract_id: &contract.id,
                candidate_id: &candidate.id,
                booking: &booking,
                offer_type: offer.code(),
                created_by: &actor.user_id,
                benefit: &candidate.benefit,
                match_group: candidate.match_group,
            },
        )?;
        let (seat_no, position, detail) = match placed {
            Placed::Seat(s) => (Some(s), None, format!("plads {s}")),
            Placed::Waiting(p) => (None, Some(p), format!("venteliste nr. {p}")),
        };
        store::insert_event(conn, &id, &contract.id, &actor.user_id, "referred", &detail)?;
        Ok(ReferralResult {
            placement_id: id,
            seat_no,
            position,
        })
    })
    .await
}

/// The contract's seat book as stored.
pub fn load_book(conn: &mut DbConnection, contract_id: &str) -> Result<SeatBook, AppError> {
    let capacity = store::capacity(conn, contract_id)?
        .ok_or_else(|| AppError::Conflict("Kontrakten er ikke accepteret.".into()))?;
    let bookings = store::contract_placements(conn, contract_id)?
        .iter()
        .map(PlacementRow::booking)
        .collect();
    Ok(SeatBook {
        capacity,
        bookings,
        today: contracts::today(),
    })
}

/// Writes back the bookings that changed and records the ones that moved up from the waiting list.
fn save_book(
    conn: &mut DbConnection,
    before: &SeatBook,
    after: &SeatBook,
    contract_id: &str,
    actor_id: &str,
) -> Result<(), AppError> {
    // Releases first (cancelled, or ending earlier), then what takes seats: so every single
    // UPDATE leaves the seats consistent, which SQLite's trigger checks row by row.
    let releases = |b: &&crate::seats::book::Booking| {
        let old = before.bookings.iter().find(|o| o.id == b.id);
        !b.state.occupies() || old.is_some_and(|o| b.end < o.end)
    };
    let ordered: Vec<&crate::seats::book::Booking> = after
        .bookings
        .iter()
        .filter(releases)
        .chain(after.bookings.iter().filter(|b| !releases(b)))
        .collect();
    for b in ordered {
        let old = before.bookings.iter().find(|o| o.id == b.id);
        if old != Some(b) {
            store::update_booking(conn, b)?;
            if old.is_some_and(|o| o.state == BookingState::Waiting)
                && b.state == BookingState::Placed
            {
                let detail = format!("fra ventelisten til plads {}", b.seat_no.unwrap_or(0));
                store::insert_event(conn, &b.id, contract_id, actor_id, "promoted", &detail)?;
            }
        }
    }
    Ok(())
}

fn overbooked(day: NaiveDate) -> AppError {
    AppError::Conflict(format!(
        "Der er ikke plads: den {} ville kontrakten have flere i forløb end pladser.",
        format::date(day)
    ))
}

/// Re-applies a contract's capacity after an accepted amendment or a termination: refused
/// (naming the day) when a placement would lose its seat; waiting referrals that can no longer
/// fit the period are cancelled and the others move up where seats were added.
pub fn apply_capacity(
    conn: &mut DbConnection,
    contract_id: &str,
    actor_id: &str,
) -> Result<(), AppError> {
    store::lock_contract(conn, contract_id)?;
    let Some(capacity) = store::capacity(conn, contract_id)? else {
        return Ok(());
    };
    let bookings = store::contract_placements(conn, contract_id)?
        .iter()
        .map(PlacementRow::booking)
        .collect();
    let before = SeatBook {
        capacity: capacity.clone(),
        bookings,
        today: contracts::today(),
    };
    let mut after = before.clone();
    for b in after.bookings.iter_mut() {
        if b.state == BookingState::Waiting && (b.start < capacity.start || b.end > capacity.end) {
            b.state = BookingState::Cancelled;
            store::insert_event(
                conn,
                &b.id,
                contract_id,
                actor_id,
                "cancelled",
                "uden for kontraktens periode",
            )?;
        }
    }
    after
        .set_capacity(capacity)
        .map_err(|Overbooked(day)| overbooked(day))?;
    save_book(conn, &before, &after, contract_id, actor_id)
}

/// Whether an amendment (from `effective_from`, with `seats` and a new end) would unseat someone:
/// checked when it is sent, so the company is not asked to accept what cannot be accepted.
pub fn check_amendment_capacity(
    conn: &mut DbConnection,
    contract_id: &str,
    effective_from: NaiveDate,
    seats: i32,
    end: NaiveDate,
) -> Result<(), AppError> {
    let Some(mut capacity) = store::capacity(conn, contract_id)? else {
        return Ok(());
    };
    capacity.steps.retain(|s| s.from < effective_from);
    capacity.steps.push(crate::seats::book::Step {
        from: effective_from,
        seats,
    });
    capacity.end = end;
    let bookings = store::contract_placements(conn, contract_id)?
        .iter()
        .map(PlacementRow::booking)
        .collect();
    let mut book = SeatBook {
        capacity: capacity.clone(),
        bookings,
        today: contracts::today(),
    };
    for b in book.bookings.iter_mut() {
        if b.state == BookingState::Waiting {
            b.state = BookingState::Cancelled;
        }
    }
    book.set_capacity(capacity)
        .map(|_| ())
        .map_err(|Overbooked(day)| overbooked(day))
}

// ---------- placements ----------

/// A placement with what its pages and the API show.
#[derive(Debug, Clone)]
pub struct PlacementView {
    pub row: PlacementRow,
    pub position: Option<i64>,
    pub candidate_name: String,
    /// The first day its self-support follow-up may be recorded.
    pub follow_up_from: NaiveDate,
    /// A waiting referral whose period has begun, with a seat free for its remaining days:
    /// the day they would start (today). The consultant may take them (#18.4).
    pub remaining_from: Option<NaiveDate>,
}

/// Loads a placement for `actor`: consultants of the contract's jobcenter act on it; others who
/// may see the contract only read.
fn placement_for(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<(PlacementRow, contract_store::ContractRow), AppError> {
    let p = store::get_placement(conn, id)?.ok_or(AppError::NotFound)?;
    let c = contract_store::get_contract(conn, &p.contract_id)?.ok_or(AppError::NotFound)?;
    if !contracts::may_view(actor, &c) {
        return Err(AppError::NotFound);
    }
    Ok((p, c))
}

pub async fn get_placement(db: &Db, actor: &Actor, id: String) -> Result<PlacementView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let (p, _) = placement_for(conn, &actor, &id)?;
        let company_side = actor.role == Role::Company || actor.role == Role::Mentor;
        if company_side && !matches!(p.status.as_str(), "placed" | "ended") {
            return Err(AppError::NotFound);
        }
        let book = load_book(conn, &p.contract_id)?;
        let name = store::get_candidate(conn, &p.candidate_id)?
            .map(|c| c.name)
            .unwrap_or_default();
        let today = contracts::today();
        Ok(PlacementView {
            position: book.position(&p.id),
            follow_up_from: follow_up_from(conn, p.end_date)?,
            remaining_from: book.seat_for_remaining(&p.id, today).map(|_| today),
            row: p,
            candidate_name: name,
        })
    })
    .await
}

/// What happens to a placement.
#[derive(Debug, Clone)]
pub enum PlacementChange {
    End {
        date: String,
        outcome: String,
    },
    Cancel,
    /// A new end; beyond the limit of the person's situation only with a concrete assessment.
    Extend {
        end_date: String,
        assessment: String,
    },
    FollowUp {
        self_supporting: Option<bool>,
    },
    /// A waiting referral whose period has begun takes a seat for its remaining days.
    TakeRemaining,
}

pub const OUTCOMES: [&str; 5] = [
    "ordinary_job",
    "education",
    "self_supporting_other",
    "back_on_benefit",
    "other",
];

pub fn outcome_label(code: &str) -> &'static str {
    match code {
        "ordinary_job" => "Ordinært job",
        "education" => "Uddannelse",
        "self_supporting_other" => "Selvforsørgende på anden måde",
        "back_on_benefit" => "Tilbage på ydelse",
        _ => "Andet",
    }
}

/// Ends, cancels, extends or records the follow-up of a placement (consultants of the
/// contract's jobcenter). Seats that free up go to the waiting list in the same transaction.
pub async fn change_placement(
    db: &Db,
    actor: &Actor,
    id: String,
    change: PlacementChange,
) -> Result<PlacementView, AppError> {
    let actor = actor.clone();
    write_retry(db, move |conn| {
        let (first, contract) = placement_for(conn, &actor, &id)?;
        if !contracts::may_draft(&actor, &contract) {
            return Err(AppError::Forbidden);
        }
        let today = contracts::today();
        // The same lock order as a referral (candidate, then contract), then read the placement
        // again: every check below is on the latest committed state.
        store::lock_candidate(conn, &first.candidate_id)?;
        store::lock_contract(conn, &contract.id)?;
        let (p, contract) = placement_for(conn, &actor, &id)?;
        let before = load_book(conn, &contract.id)?;
        let mut after = before.clone();
        let state = |s: &str| format!("Forløbet er {}", status_label(s));
        match &change {
            PlacementChange::End { date, outcome } => {
                if p.status != "placed" {
                    return Err(AppError::Conflict(format!(
                        "{}: kan ikke afsluttes.",
                        state(&p.status)
                    )));
                }
                let mut e = FieldErrors::new();
                let date = date_field(&mut e, "date", date);
                if !OUTCOMES.contains(&outcome.as_str()) {
                    e.add("outcome", "Vælg et resultat");
                }
                if let Some(d) = date {
                    if d < p.start_date || d > p.end_date {
                        e.add(
                            "date",
                            format!(
                                "Datoen skal ligge i forløbet ({} – {})",
                                format::date(p.start_date),
                                format::date(p.end_date)
                            ),
                        );
                    }
                }
                e.into_result()?;
                let date = date.ok_or_else(|| AppError::internal("date"))?;
                after.end(&p.id, date);
                store::set_outcome(conn, &p.id, outcome)?;
                store::insert_event(
                    conn,
                    &p.id,
                    &contract.id,
                    &actor.user_id,
                    "ended",
                    &format!("{} · {}", format::date(date), outcome_label(outcome)),
                )?;
            }
            PlacementChange::Cancel => {
                if !matches!(p.status.as_str(), "placed" | "waiting") {
                    return Err(AppError::Conflict(format!(
                        "{}: kan ikke annulleres.",
                        state(&p.status)
                    )));
                }
                // A placement that has begun is ended with an outcome: cancelling it would free
                // days already spent and change what past months counted.
                if p.status == "placed" && p.start_date <= today {
                    return Err(AppError::Conflict(format!(
                        "Forløbet begyndte {}: et påbegyndt forløb afsluttes med et resultat, det annulleres ikke.",
                        format::date(p.start_date)
                    )));
                }
                after.cancel(&p.id);
                store::insert_event(conn, &p.id, &contract.id, &actor.user_id, "cancelled", "")?;
            }
            PlacementChange::Extend {
                end_date,
                assessment,
            } => {
                if p.status != "placed" {
                    return Err(AppError::Conflict(format!(
                        "{}: kan ikke forlænges.",
                        state(&p.status)
                    )));
                }
                // The follow-up belongs to the end it followed; moving the end would move it
                // into another month's Mål 2.
                if p.followed_up_at.is_some() {
                    return Err(AppError::Conflict(
                        "Forløbet er fulgt op efter sin afslutning og kan ikke forlænges.".into(),
                    ));
                }
                let mut e = FieldErrors::new();
                let new_end = date_field(&mut e, "end_date", end_date);
                if let Some(d) = new_end {
                    if d <= p.end_date {
                        e.add(
                            "end_date",
                            "Den nye slutdato skal ligge efter den nuværende",
                        );
                    }
                }
                e.into_result()?;
                let new_end = new_end.ok_or_else(|| AppError::internal("date"))?;
                let offer =
                    OfferType::parse(&p.offer_type).unwrap_or(OfferType::Virksomhedspraktik);
                // Judged on the person's situation as referred, at the company's sector.
                let sector = company_sector(conn, &contract.company_id)?;
                let assessment = assessment.trim();
                let mut assessed = None;
                if let Some(limit) = stay_limit(
                    conn,
                    offer,
                    &p.benefit_at_referral,
                    p.match_group_at_referral,
                    &sector,
                    p.start_date,
                )? {
                    let days = stay_days(
                        conn,
                        &p.candidate_id,
                        &contract.company_id,
                        offer,
                        (p.start_date, new_end),
                        Some(&p.id),
                    )?;
                    if days > limit.days {
                        match limit.with_assessment {
                            Some(most) if days <= most => {
                                if assessment.is_empty() {
                                    return Err(rule_error(
                                        "assessment",
                                        format!(
                                            "Forlængelse ud over {} kræver en konkret vurdering af, hvorfor personen skal blive længere",
                                            weeks_text(limit.days)
                                        ),
                                    ));
                                }
                                if assessment.chars().count() > 2000 {
                                    return Err(rule_error("assessment", "Højst 2.000 tegn"));
                                }
                                assessed = Some(assessment.to_string());
                            }
                            Some(most) => {
                                return Err(rule_error(
                                    "end_date",
                                    format!(
                                        "{} må højst vare {} i alt, også med en konkret vurdering",
                                        offer.label(),
                                        weeks_text(most)
                                    ),
                                ));
                            }
                            None => {
                                return Err(rule_error(
                                    "end_date",
                                    too_long(offer, limit, days, days > (new_end - p.start_date).num_days() + 1),
                                ));
                            }
                        }
                    }
                }
                if let Some(o) = store::overlapping_for_candidate(
                    conn,
                    &p.candidate_id,
                    p.end_date + Duration::days(1),
                    new_end,
                    Some(&p.id),
                )?
                .first()
                {
                    return Err(rule_error(
                        "end_date",
                        format!(
                            "Kandidaten har et andet forløb fra {}",
                            format::date(o.start_date)
                        ),
                    ));
                }
                // The added days count at the worksite too (#18.1).
                crate::directory::store::lock_company(conn, &contract.company_id)?;
                let added = p.end_date + Duration::days(1);
                let site =
                    crate::seats::ratio::worksite_of(conn, &contract.id, &contract.company_id, added)?;
                crate::seats::ratio::check_one_more(conn, &site, added, new_end, "end_date")?;
                after.extend(&p.id, new_end).map_err(|Overbooked(day)| {
                    rule_error(
                        "end_date",
                        format!("Pladsen er ikke fri den {}", format::date(day)),
                    )
                })?;
                // The assessment is kept in the placement's history (and so in the audit trail).
                let detail = match &assessed {
                    Some(a) => format!("{} · Konkret vurdering: {a}", format::date(new_end)),
                    None => format::date(new_end),
                };
                store::insert_event(
                    conn,
                    &p.id,
                    &contract.id,
                    &actor.user_id,
                    "extended",
                    &detail,
                )?;
            }
            PlacementChange::TakeRemaining => {
                if p.status != "waiting" || p.start_date > today {
                    return Err(AppError::Conflict(format!(
                        "{}: kun en henvisning på venteliste, hvis periode er begyndt, kan tage resten af perioden.",
                        state(&p.status)
                    )));
                }
                crate::directory::store::lock_company(conn, &contract.company_id)?;
                let site =
                    crate::seats::ratio::worksite_of(conn, &contract.id, &contract.company_id, today)?;
                crate::seats::ratio::check_one_more(conn, &site, today, p.end_date, "start_date")?;
                let Some(seat) = after.take_remaining(&p.id, today) else {
                    return Err(AppError::Conflict(format!(
                        "Der er ingen ledig plads fra {} til {}; henvisningen bliver på ventelisten.",
                        format::date(today),
                        format::date(p.end_date)
                    )));
                };
                store::insert_event(
                    conn,
                    &p.id,
                    &contract.id,
                    &actor.user_id,
                    "remaining",
                    &format!("fra ventelisten til plads {seat} fra {}", format::date(today)),
                )?;
            }
            PlacementChange::FollowUp { self_supporting } => {
                let Some(value) = self_supporting else {
                    return Err(rule_error(
                        "self_supporting",
                        "Angiv om personen er selvforsørgende",
                    ));
                };
                let ended = p.status == "ended" || (p.status == "placed" && p.end_date < today);
                if !ended {
                    return Err(AppError::Conflict(format!(
                        "{}: opfølgningen kommer efter forløbets afslutning.",
                        state(&p.status)
                    )));
                }
                let from = follow_up_from(conn, p.end_date)?;
                if today < from {
                    return Err(rule_error(
                        "self_supporting",
                        format!(
                            "Opfølgningen registreres tidligst {} ({} uger efter forløbets afslutning)",
                            format::date(from),
                            (from - p.end_date).num_weeks()
                        ),
                    ));
                }
                store::set_follow_up(conn, &p.id, *value, &actor.user_id)?;
                store::insert_event(
                    conn,
                    &p.id,
                    &contract.id,
                    &actor.user_id,
                    "follow_up",
                    if *value {
                        "selvforsørgende"
                    } else {
                        "ikke selvforsørgende"
                    },
                )?;
            }
        }
        save_book(conn, &before, &after, &contract.id, &actor.user_id)?;
        let row = store::get_placement(conn, &id)?.ok_or(AppError::NotFound)?;
        let name = store::get_candidate(conn, &row.candidate_id)?
            .map(|c| c.name)
            .unwrap_or_default();
        Ok(PlacementView {
            position: after.position(&row.id),
            follow_up_from: follow_up_from(conn, row.end_date)?,
            remaining_from: after.seat_for_remaining(&row.id, today).map(|_| today),
            row,
            candidate_name: name,
        })
    })
    .await
}

pub fn status_label(code: &str) -> &'static str {
    match code {
        "placed" => "placeret",
        "waiting" => "på venteliste",
        "ended" => "afsluttet",
        _ => "annulleret",
    }
}

// ---------- the seat overview ----------

/// One seat's placements in a range.
#[derive(Debug, Clone)]
pub struct SeatRow {
    pub seat_no: i32,
    pub placements: Vec<(PlacementRow, String)>,
}

#[derive(Debug, Clone)]
pub struct SeatOverview {
    pub contract: contract_store::ContractRow,
    pub company_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub capacity: crate::seats::book::Capacity,
    pub seats: Vec<SeatRow>,
    pub waiting: Vec<(PlacementRow, String, i64)>,
    /// The rimelighedskrav at the contract's worksite, month by month over [from, to]: every
    /// contract and jobcenter placing people there counts (#18.1).
    pub headroom: Vec<crate::seats::ratio::MonthHeadroom>,
}

/// The seats of a contract in [from, to] and its waiting list. Companies and mentors see who
/// sits where by name; the waiting list is the jobcenter's.
pub async fn seat_overview(
    db: &Db,
    actor: &Actor,
    contract_id: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<SeatOverview, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let view = contracts::get_view(conn, &contract_id)?;
        if !contracts::may_view(&actor, &view.row) {
            return Err(AppError::NotFound);
        }
        let book = load_book(conn, &contract_id)?;
        let from = from.unwrap_or(view.row.start_date);
        let to = to.unwrap_or(view.row.end_date).max(from);
        let rows = store::contract_placements(conn, &contract_id)?;
        let ids: Vec<String> = rows.iter().map(|r| r.candidate_id.clone()).collect();
        let names = candidate_names(conn, &ids)?;
        let names: std::collections::HashMap<String, String> = names.into_iter().collect();
        let name = |id: &str| names.get(id).cloned().unwrap_or_default();
        let max_seat = book
            .capacity
            .steps
            .iter()
            .map(|s| s.seats)
            .max()
            .unwrap_or(0);
        let mut seats: Vec<SeatRow> = (1..=max_seat)
            .map(|s| SeatRow {
                seat_no: s,
                placements: Vec::new(),
            })
            .collect();
        let mut waiting = Vec::new();
        let jobcenter = actor.role == Role::Consultant || actor.role == Role::Admin;
        for r in rows {
            match (r.status.as_str(), r.seat_no) {
                ("placed" | "ended", Some(s)) if r.start_date <= to && r.end_date >= from => {
                    let n = name(&r.candidate_id);
                    if let Some(seat) = seats.iter_mut().find(|x| x.seat_no == s) {
                        seat.placements.push((r, n));
                    }
                }
                ("waiting", _) if jobcenter => {
                    let pos = book.position(&r.id).unwrap_or(0);
                    let n = name(&r.candidate_id);
                    waiting.push((r, n, pos));
                }
                _ => {}
            }
        }
        waiting.sort_by_key(|(_, _, p)| *p);
        // Within the contract's period only: the range is the caller's to choose.
        let (h_from, h_to) = (from.max(view.row.start_date), to.min(view.row.end_date));
        let headroom = if h_from <= h_to {
            let site =
                crate::seats::ratio::worksite_of(conn, &contract_id, &view.row.company_id, h_from)?;
            crate::seats::ratio::headroom(conn, &site, h_from, h_to)?
        } else {
            Vec::new()
        };
        Ok(SeatOverview {
            headroom,
            company_name: view.company_name,
            contract: view.row,
            from,
            to,
            capacity: book.capacity,
            seats,
            waiting,
        })
    })
    .await
}

fn candidate_names(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<Vec<(String, String)>, AppError> {
    use crate::db::schema::candidates;
    use diesel::prelude::*;
    Ok(candidates::table
        .filter(candidates::id.eq_any(ids))
        .select((candidates::id, candidates::name))
        .load(conn)?)
}

/// Ended placements of the consultant's jobcenter whose 4-week follow-up is due.
/// A due follow-up: the placement, the candidate's and the company's names, the due day.
pub type FollowUp = (PlacementRow, String, String, NaiveDate);

/// The columns the follow-up list may be sorted by, and its default order (oldest due first).
pub const FOLLOW_UP_SORTS: &[&str] = &["due", "candidate", "company"];
pub const FOLLOW_UP_DEFAULT_SORT: Sort = Sort::asc("due");

/// The first 500 follow-ups due, oldest first (the API's work list).
pub async fn follow_ups_due(db: &Db, actor: &Actor) -> Result<Vec<FollowUp>, AppError> {
    Ok(follow_ups_page(db, actor, FOLLOW_UP_DEFAULT_SORT, 0, 500)
        .await?
        .0)
}

/// One page of the follow-ups due in the consultant's jobcenter, and how many there are.
pub async fn follow_ups_page(
    db: &Db,
    actor: &Actor,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> Result<(Vec<FollowUp>, i64), AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    db.read(move |conn| {
        use crate::db::schema::{candidates, companies, contracts as c, placements};
        use diesel::prelude::*;
        let today = contracts::today();
        let weeks = store::rule(conn, "follow_up_weeks_after_end", today)?.unwrap_or(4);
        let cutoff = today - Duration::weeks(i64::from(weeks));
        let build = || {
            placements::table
                .inner_join(c::table.inner_join(companies::table))
                .inner_join(candidates::table)
                .filter(c::jobcenter_id.eq(jobcenter_id.clone()))
                .filter(placements::status.eq_any(["placed", "ended"]))
                .filter(placements::end_date.le(cutoff))
                .filter(placements::self_supporting.is_null())
                .into_boxed()
        };
        let total: i64 = build().count().get_result(conn)?;
        let q = build().select((PlacementRow::as_select(), candidates::name, companies::name));
        let q = match (sort.key, sort.desc) {
            ("candidate", false) => q.order((candidates::sort_key.asc(), placements::id.asc())),
            ("candidate", true) => q.order((candidates::sort_key.desc(), placements::id.asc())),
            ("company", false) => q.order((
                companies::sort_key.asc(),
                placements::end_date.asc(),
                placements::id.asc(),
            )),
            ("company", true) => q.order((
                companies::sort_key.desc(),
                placements::end_date.asc(),
                placements::id.asc(),
            )),
            (_, true) => q.order((placements::end_date.desc(), placements::id.asc())),
            _ => q.order((placements::end_date.asc(), placements::id.asc())),
        };
        let rows: Vec<(PlacementRow, String, String)> = q.offset(offset).limit(limit).load(conn)?;
        let rows = rows
            .into_iter()
            .map(|(p, cand, co)| {
                let due = p.end_date + Duration::weeks(i64::from(weeks));
                (p, cand, co, due)
            })
            .collect();
        Ok((rows, total))
    })
    .await
}

/// Adds an individual supporting activity to a placement (jobcenter only).
pub async fn add_activity(
    db: &Db,
    actor: &Actor,
    placement_id: String,
    raw: crate::contracts::model::ActivityRaw,
    start: String,
    end: String,
) -> Result<String, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let (p, contract) = placement_for(conn, &actor, &placement_id)?;
        if !contracts::may_draft(&actor, &contract) {
            return Err(AppError::Forbidden);
        }
        let mut e = FieldErrors::new();
        let kind = crate::contracts::model::ActivityKind::parse(&raw.kind);
        if kind.is_none() {
            e.add("kind", "Vælg en slags aktivitet");
        }
        let provider = raw.provider.trim().to_string();
        if provider.is_empty() {
            e.add("provider", "Skal udfyldes");
        } else if provider.chars().count() > 200 {
            e.add("provider", crate::ui::texts::TOO_LONG);
        }
        if raw.description.trim().chars().count() > 2000 {
            e.add("description", crate::ui::texts::TOO_LONG);
        }
        // A person's supporting activities are few; the cap keeps a page and its queries small.
        if store::activities_for(conn, std::slice::from_ref(&p.id))?.len() >= MAX_PERSON_ACTIVITIES
        {
            e.add(
                "kind",
                format!("Højst {MAX_PERSON_ACTIVITIES} støtteaktiviteter pr. forløb"),
            );
        }
        let minutes = match raw.minutes_per_week.trim().parse::<i32>() {
            Ok(m) if (0..=MAX_MINUTES_PER_WEEK).contains(&i64::from(m)) => Some(m),
            _ => {
                e.add("minutes_per_week", "Minutter pr. uge, 0 eller mere");
                None
            }
        };
        let cost = match raw.cost_ore.trim().parse::<i64>() {
            Ok(c) if (0..=MAX_ACTIVITY_COST_ORE).contains(&c) => Some(c),
            _ => {
                e.add("cost_ore", "Beløb i øre, fra 0 til 10 mio. kr.");
                None
            }
        };
        let start = date_field(&mut e, "start_date", &start);
        let end = date_field(&mut e, "end_date", &end);
        if let (Some(s), Some(en)) = (start, end) {
            if en < s {
                e.add("end_date", "Slutdatoen ligger før startdatoen");
            }
        }
        e.into_result()?;
        let (Some(kind), Some(minutes), Some(cost), Some(start), Some(end)) =
            (kind, minutes, cost, start, end)
        else {
            return Err(AppError::internal("validated input missing"));
        };
        let id = store::insert_activity(
            conn,
            &store::NewActivity {
                placement_id: &p.id,
                kind: kind.code(),
                provider: &provider,
                description: raw.description.trim(),
                minutes_per_week: minutes,
                cost_ore: cost,
                start_date: start,
                end_date: end,
                created_by: &actor.user_id,
            },
        )?;
        Ok(id)
    })
    .await
}

/// A contract that could take the candidate for the whole period.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub contract_id: String,
    pub company_name: String,
    pub seat_no: i32,
    pub matched_activities: usize,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// The jobcenter's accepted contracts with a seat free for the whole period and the candidate
/// in their target group, best fit first (most wanted supporting activities offered, then the
/// fewest seats left, so larger centres keep room).
pub async fn suggest(
    db: &Db,
    actor: &Actor,
    candidate_id: String,
    start: NaiveDate,
    end: NaiveDate,
    offer: Option<OfferType>,
    wanted: Vec<crate::contracts::model::ActivityKind>,
) -> Result<Vec<Suggestion>, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    db.read(move |conn| {
        use crate::db::schema::{companies, contracts as c};
        use diesel::prelude::*;
        let candidate = store::get_candidate(conn, &candidate_id)?
            .filter(|x| x.jobcenter_id == jobcenter_id)
            .ok_or_else(|| {
                rule_error("candidate_id", "Kandidaten findes ikke i jeres jobcenter")
            })?;
        let benefit = Benefit::parse(&candidate.benefit);
        if let Some(o) =
            store::overlapping_for_candidate(conn, &candidate.id, start, end, None)?.first()
        {
            return Err(rule_error(
                "candidate_id",
                format!(
                    "Kandidaten har allerede et forløb {} – {}",
                    format::date(o.start_date),
                    format::date(o.end_date)
                ),
            ));
        }
        let rows: Vec<(String, String, String, String)> = c::table
            .inner_join(companies::table)
            .filter(c::jobcenter_id.eq(&jobcenter_id))
            .filter(c::accepted_version.is_not_null())
            .filter(c::start_date.le(start))
            .filter(c::end_date.ge(end))
            .select((c::id, companies::name, companies::id, companies::sector))
            .limit(500)
            .load(conn)?;
        let mut out = Vec::new();
        for (contract_id, company_name, company_id, sector) in rows {
            let Some(terms) = contract_store::terms_on(conn, &contract_id, start)? else {
                continue;
            };
            // The offer types that are allowed and whose duration limit the period keeps.
            let mut fits = false;
            for o in terms
                .offer_types
                .iter()
                .filter(|o| offer.is_none_or(|w| w == **o))
            {
                let limit = stay_limit(
                    conn,
                    *o,
                    &candidate.benefit,
                    candidate.match_group,
                    &sector,
                    start,
                )?;
                let stay = stay_days(conn, &candidate.id, &company_id, *o, (start, end), None)?;
                if limit.is_none_or(|l| stay <= l.days) {
                    fits = true;
                }
            }
            if !fits {
                continue;
            }
            if offer.is_some_and(|o| !terms.offer_types.contains(&o))
                || benefit.is_none_or(|b| !terms.target_benefits.contains(&b))
                || candidate.match_group != terms.target_match_group
            {
                continue;
            }
            let book = load_book(conn, &contract_id)?;
            let Some(seat_no) = book.free_seat(start, end) else {
                continue;
            };
            let matched = wanted
                .iter()
                .filter(|k| terms.activities.iter().any(|a| a.kind == **k))
                .count();
            out.push((
                Suggestion {
                    contract_id,
                    company_name,
                    seat_no,
                    matched_activities: matched,
                    start_date: start,
                    end_date: end,
                },
                book.capacity.min_over(start, end),
            ));
        }
        out.sort_by(|(a, ca), (b, cb)| {
            b.matched_activities
                .cmp(&a.matched_activities)
                .then(ca.cmp(cb))
                .then_with(|| {
                    crate::ui::format::sort_key(&a.company_name)
                        .cmp(&crate::ui::format::sort_key(&b.company_name))
                })
        });
        Ok(out.into_iter().map(|(s, _)| s).collect())
    })
    .await
}

/// One contract of a company's seat commitments: its seats in force today, how many are taken
/// today, and who starts within the coming weeks (name, first day, seat).
#[derive(Debug, Clone)]
pub struct Commitment {
    pub contract: contract_store::ContractRow,
    pub company: String,
    pub status: crate::contracts::workflow::ContractStatus,
    pub seats_today: i32,
    pub occupied_today: i64,
    pub starting: Vec<(String, NaiveDate, Option<i32>)>,
}

/// The accepted contracts the actor may see (at most 200) with their seats: four queries in
/// all, whatever the number of contracts.
pub async fn commitments(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<Commitment>, AppError> {
    let (items, _) =
        contracts::list(db, actor, contract_store::ListFilter::default(), 0, 200).await?;
    let items: Vec<_> = items
        .into_iter()
        .filter(|(r, _, _)| r.accepted_version.is_some())
        .collect();
    let ids: Vec<String> = items.iter().map(|(r, _, _)| r.id.clone()).collect();
    let (steps, occupied, starting) = db
        .read(move |conn| {
            use crate::db::schema::{candidates, contract_versions, placements};
            use diesel::prelude::*;
            let steps: Vec<(String, NaiveDate, i32)> = contract_versions::table
                .filter(contract_versions::contract_id.eq_any(&ids))
                .filter(contract_versions::status.eq("accepted"))
                .select((
                    contract_versions::contract_id,
                    contract_versions::effective_from,
                    contract_versions::seats,
                ))
                .order((
                    contract_versions::contract_id.asc(),
                    contract_versions::version_no.asc(),
                ))
                .load(conn)?;
            let occupied: Vec<(String, i64)> = placements::table
                .filter(placements::contract_id.eq_any(&ids))
                .filter(placements::status.eq_any(["placed", "ended"]))
                .filter(placements::start_date.le(today))
                .filter(placements::end_date.ge(today))
                .group_by(placements::contract_id)
                .select((placements::contract_id, diesel::dsl::count_star()))
                .load(conn)?;
            let starting: Vec<(String, String, NaiveDate, Option<i32>)> = placements::table
                .inner_join(candidates::table)
                .filter(placements::contract_id.eq_any(&ids))
                .filter(placements::status.eq("placed"))
                .filter(placements::start_date.gt(today))
                .filter(placements::start_date.le(until))
                .select((
                    placements::contract_id,
                    candidates::name,
                    placements::start_date,
                    placements::seat_no,
                ))
                .order((placements::start_date.asc(), placements::seat_no.asc()))
                .load(conn)?;
            Ok((steps, occupied, starting))
        })
        .await?;
    let occupied: std::collections::HashMap<String, i64> = occupied.into_iter().collect();
    Ok(items
        .into_iter()
        .map(|(contract, company, status)| {
            let capacity = crate::seats::book::Capacity {
                start: contract.start_date,
                end: contract.end_date,
                steps: steps
                    .iter()
                    .filter(|(id, _, _)| *id == contract.id)
                    .map(|(_, from, seats)| crate::seats::book::Step {
                        from: *from,
                        seats: *seats,
                    })
                    .collect(),
            };
            Commitment {
                seats_today: capacity.on(today),
                occupied_today: occupied.get(&contract.id).copied().unwrap_or(0),
                starting: starting
                    .iter()
                    .filter(|(id, ..)| *id == contract.id)
                    .map(|(_, name, day, seat)| (name.clone(), *day, *seat))
                    .collect(),
                contract,
                company,
                status,
            }
        })
        .collect())
}
