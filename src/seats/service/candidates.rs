//! People who may be referred: registering, opening (a CPR look-up is logged) and searching.

use crate::auth::model::Actor;
use crate::contracts::model::Benefit;
use crate::contracts::store as contract_store;
use crate::db::{new_id, now, Db, DbConnection, Sort};
use crate::error::{AppError, FieldErrors};
use crate::ids::{CandidateId, JobcenterId, UserId};
use crate::seats::cpr::Cpr;
use crate::seats::store::{self, CandidateRow, PlacementRow};
use crate::state::Keys;
use crate::texts::seats as ts;

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

pub(super) fn consultant_jobcenter(actor: &Actor) -> Result<JobcenterId, AppError> {
    actor
        .consultant_jobcenter()
        .cloned()
        .ok_or(AppError::Forbidden)
}

pub async fn create_candidate(
    db: &Db,
    keys: &Keys,
    actor: &Actor,
    input: CandidateInput,
) -> Result<CandidateRow, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    let mut e = FieldErrors::new();
    let cpr = e.check("cpr", Cpr::parse(&input.cpr, crate::clock::today()));
    let name = input.name.trim().to_string();
    if name.is_empty() {
        e.add("name", crate::texts::REQUIRED);
    } else if name.chars().count() > 200 {
        e.add("name", crate::texts::TOO_LONG);
    }
    let benefit = Benefit::parse(&input.benefit);
    if benefit.is_none() {
        e.add("benefit", ts::PICK_BENEFIT);
    }
    let match_group = match input.match_group.trim().parse::<i32>() {
        Ok(g) if (1..=3).contains(&g) => Some(g),
        _ => {
            e.add("match_group", ts::MATCH_GROUP);
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
            return Ok(Err(AppError::field("cpr", ts::CANDIDATE_EXISTS)));
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
            store::get_candidate(conn, &CandidateId::new(id))?.ok_or(AppError::NotFound)?
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
    id: CandidateId,
) -> Result<CandidateView, AppError> {
    let actor = actor.clone();
    let keys = keys.clone();
    db.write(move |conn| {
        let row = store::get_candidate(conn, &id)?.ok_or(AppError::NotFound)?;
        let placements = store::candidate_placements(conn, &id)?;
        match () {
            _ if actor.may_open_candidate(&row.jobcenter_id) => {
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
                let ids: Vec<String> = placements.iter().map(|p| p.id.to_string()).collect();
                let activities = store::activities_for(conn, &ids)?;
                Ok(CandidateView {
                    row,
                    cpr,
                    placements,
                    activities,
                })
            }
            _ if actor.is_company_side() => {
                // Only someone placed in a contract of their own centre, by name.
                let mut visible = Vec::new();
                for p in placements
                    .iter()
                    .filter(|p| p.status == "placed" || p.status == "ended")
                {
                    if let Some(c) = contract_store::get_contract(conn, &p.contract_id)? {
                        if actor.may_view_contract(&c.parties()) {
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
        .and_then(|q| Cpr::parse(q, crate::clock::today()).ok());
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
pub(super) fn cpr_lookup_allowed(
    conn: &mut DbConnection,
    user_id: &UserId,
    jobcenter_id: &JobcenterId,
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

/// A candidate's name for a consultant of their jobcenter (the visitation page names whom it
/// finds a seat for; no CPR number is read, so nothing is logged). 404 for anyone else's.
pub async fn open_candidate_name(
    db: &Db,
    actor: &Actor,
    id: CandidateId,
) -> Result<String, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    db.read(move |conn| {
        store::get_candidate(conn, &id)?
            .filter(|c| c.jobcenter_id == jobcenter_id && c.anonymised_at.is_none())
            .map(|c| c.name)
            .ok_or(AppError::NotFound)
    })
    .await
}
