//! The seat overview of a contract, follow-ups that are due, and what companies committed.

use crate::ids::ContractId;
use chrono::{Duration, NaiveDate};

use crate::auth::model::Actor;
use crate::contracts::store as contract_store;
use crate::db::{Db, Sort};
use crate::error::AppError;
use crate::seats::store::{self, PlacementRow};

use super::*;

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
    contract_id: ContractId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<SeatOverview, AppError> {
    let actor = actor.clone();
    db.read(move |conn| overview_in(conn, &actor, &contract_id, from, to))
        .await
}

/// The seat timeline page's data: the overview over the contract's period and, for a consultant
/// who may refer to it, the offer types its terms allow today and their jobcenter's newest
/// candidates (`candidates` of them), read in one trip to the database (#23).
pub struct SeatPage {
    pub overview: SeatOverview,
    pub offers: Vec<crate::contracts::model::OfferType>,
    /// (id, name, masked CPR number), newest first.
    pub candidates: Vec<(String, String, String)>,
}

pub async fn seat_page(
    db: &Db,
    actor: &Actor,
    contract_id: ContractId,
    candidates: i64,
) -> Result<SeatPage, AppError> {
    let actor = actor.clone();
    let today = crate::clock::today();
    db.read(move |conn| {
        let overview = overview_in(conn, &actor, &contract_id, None, None)?;
        let (offers, candidates) = match actor.consultant_jobcenter() {
            Some(j) if actor.may_manage_seats(&overview.contract.parties()) => (
                contract_store::terms_on(conn, &contract_id, today)?
                    .map(|t| t.offer_types)
                    .unwrap_or_default(),
                store::recent_candidates(conn, j, candidates)?,
            ),
            _ => (Vec::new(), Vec::new()),
        };
        Ok(SeatPage {
            overview,
            offers,
            candidates,
        })
    })
    .await
}

fn overview_in(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &ContractId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<SeatOverview, AppError> {
    // The contract's row and its company's name: the page needs neither the versions nor
    // the history that the contract's own page reads (`contracts::view::load`).
    let row =
        crate::contracts::store::get_contract(conn, contract_id)?.ok_or(AppError::NotFound)?;
    if !actor.may_view_contract(&row.parties()) {
        return Err(AppError::NotFound);
    }
    let company_name = crate::directory::store::get_company(conn, &row.company_id)?
        .ok_or(AppError::NotFound)?
        .name;
    // The placements with their candidates' names, read once for the book and the rows.
    let (book, rows) = store::load_named_book(conn, contract_id)?;
    let from = from.unwrap_or(row.start_date);
    let to = to.unwrap_or(row.end_date).max(from);
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
    let jobcenter = actor.is_jobcenter_side();
    for (r, n) in rows {
        match (r.status.as_str(), r.seat_no) {
            ("placed" | "ended", Some(s)) if r.start_date <= to && r.end_date >= from => {
                if let Some(seat) = seats.iter_mut().find(|x| x.seat_no == s) {
                    seat.placements.push((r, n));
                }
            }
            ("waiting", _) if jobcenter => {
                let pos = book.position(&r.id).unwrap_or(0);
                waiting.push((r, n, pos));
            }
            _ => {}
        }
    }
    waiting.sort_by_key(|(_, _, p)| *p);
    // Within the contract's period only: the range is the caller's to choose.
    let (h_from, h_to) = (from.max(row.start_date), to.min(row.end_date));
    let headroom = if h_from <= h_to {
        let site = crate::seats::ratio::worksite_of(conn, contract_id, &row.company_id, h_from)?;
        crate::seats::ratio::headroom(conn, &site, h_from, h_to)?
    } else {
        Vec::new()
    };
    Ok(SeatOverview {
        headroom,
        company_name,
        contract: row,
        from,
        to,
        capacity: book.capacity,
        seats,
        waiting,
    })
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
        let today = crate::clock::today();
        let weeks = store::rule(conn, "follow_up_weeks_after_end", today)?.unwrap_or(4);
        let cutoff = today - Duration::weeks(i64::from(weeks));
        let (rows, total) =
            store::follow_ups_due(conn, &jobcenter_id, cutoff, sort, offset, limit)?;
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
    let (items, _) = contracts_for(db, actor, 200).await?;
    let items: Vec<_> = items
        .into_iter()
        .filter(|(r, _, _)| r.accepted_version.is_some())
        .collect();
    let ids: Vec<String> = items.iter().map(|(r, _, _)| r.id.to_string()).collect();
    let (steps, occupied, starting) = db
        .read(move |conn| {
            let steps = store::accepted_seat_steps(conn, &ids)?;
            let occupied = store::occupied_on(conn, &ids, today)?;
            let starting = store::starting_between(conn, &ids, today, until)?;
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
                occupied_today: occupied.get(contract.id.as_str()).copied().unwrap_or(0),
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
