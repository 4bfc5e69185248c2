//! One placement (forløb): what it shows, and every change to it (start, move, extend, end, cancel, follow up).

use crate::ids::PlacementId;
use chrono::{Duration, NaiveDate};

use crate::auth::model::Actor;
use crate::contracts::model::OfferType;
use crate::contracts::store as contract_store;
use crate::db::{Db, DbConnection};
use crate::error::{AppError, FieldErrors};
use crate::seats::book::Overbooked;
use crate::seats::store::{self, PlacementRow};
use crate::texts::seats as ts;
use crate::ui::format;

use super::*;
use crate::seats::model::{status_label, Outcome};

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
    /// How many on the waiting list the change just gave a seat (0 when only read).
    pub moved_up: usize,
}

/// Loads a placement for `actor`: consultants of the contract's jobcenter act on it; others who
/// may see the contract only read.
pub(super) fn placement_for(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &PlacementId,
) -> Result<(PlacementRow, contract_store::ContractRow), AppError> {
    let p = store::get_placement(conn, id)?.ok_or(AppError::NotFound)?;
    let c = contract_store::get_contract(conn, &p.contract_id)?.ok_or(AppError::NotFound)?;
    if !actor.may_view_contract(&c.parties()) {
        return Err(AppError::NotFound);
    }
    Ok((p, c))
}

pub async fn get_placement(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
) -> Result<PlacementView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let (p, _) = placement_for(conn, &actor, &id)?;
        let company_side = actor.is_company_side();
        if company_side && !matches!(p.status.as_str(), "placed" | "ended") {
            return Err(AppError::NotFound);
        }
        let book = load_book(conn, &p.contract_id)?;
        let name = store::get_candidate(conn, &p.candidate_id)?
            .map(|c| c.name)
            .unwrap_or_default();
        let today = crate::clock::today();
        Ok(PlacementView {
            position: book.position(&p.id),
            follow_up_from: follow_up_from(conn, p.end_date)?,
            remaining_from: book.seat_for_remaining(&p.id, today).map(|_| today),
            row: p,
            candidate_name: name,
            moved_up: 0,
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

/// Ends, cancels, extends or records the follow-up of a placement (consultants of the
/// contract's jobcenter). Seats that free up go to the waiting list in the same transaction.
pub async fn change_placement(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    change: PlacementChange,
) -> Result<PlacementView, AppError> {
    let actor = actor.clone();
    write_retry(db, move |conn| {
        let (first, contract) = placement_for(conn, &actor, &id)?;
        if !actor.may_manage_seats(&contract.parties()) {
            return Err(AppError::Forbidden);
        }
        let today = crate::clock::today();
        // The same lock order as a referral (candidate, then contract), then read the placement
        // again: every check below is on the latest committed state.
        store::lock_candidate(conn, &first.candidate_id)?;
        store::lock_contract(conn, &contract.id)?;
        let (p, contract) = placement_for(conn, &actor, &id)?;
        let before = load_book(conn, &contract.id)?;
        let mut after = before.clone();
        let state = |s: &str| ts::placement_is(status_label(s));
        match &change {
            PlacementChange::End { date, outcome } => {
                if p.status != "placed" {
                    return Err(AppError::Conflict(ts::cannot_end(&state(&p.status))));
                }
                let mut e = FieldErrors::new();
                let date = date_field(&mut e, "date", date);
                // Stored as the code, whatever spaces came with it.
                let outcome = Outcome::parse(outcome);
                if outcome.is_none() {
                    e.add("outcome", ts::PICK_OUTCOME);
                }
                if let Some(d) = date {
                    if d < p.start_date || d > p.end_date {
                        e.add(
                            "date",
                            ts::date_within_placement(
                                &format::date(p.start_date),
                                &format::date(p.end_date),
                            ),
                        );
                    }
                }
                e.into_result()?;
                let date = date.ok_or_else(|| AppError::internal("date"))?;
                let outcome = outcome.ok_or_else(|| AppError::internal("outcome"))?;
                after.end(&p.id, date);
                store::set_outcome(conn, &p.id, outcome.code())?;
                store::insert_event(
                    conn,
                    &p.id,
                    &contract.id,
                    &actor.user_id,
                    "ended",
                    &format!("{} · {}", format::date(date), outcome.label()),
                )?;
            }
            PlacementChange::Cancel => {
                if !matches!(p.status.as_str(), "placed" | "waiting") {
                    return Err(AppError::Conflict(ts::cannot_cancel(&state(&p.status))));
                }
                // A placement that has begun is ended with an outcome: cancelling it would free
                // days already spent and change what past months counted.
                if p.status == "placed" && p.start_date <= today {
                    return Err(AppError::Conflict(ts::begun_not_cancelled(&format::date(
                        p.start_date,
                    ))));
                }
                after.cancel(&p.id);
                store::insert_event(conn, &p.id, &contract.id, &actor.user_id, "cancelled", "")?;
            }
            PlacementChange::Extend {
                end_date,
                assessment,
            } => {
                if p.status != "placed" {
                    return Err(AppError::Conflict(ts::cannot_extend(&state(&p.status))));
                }
                // The follow-up belongs to the end it followed; moving the end would move it
                // into another month's Mål 2.
                if p.followed_up_at.is_some() {
                    return Err(AppError::Conflict(ts::FOLLOWED_UP_NO_EXTENSION.into()));
                }
                let mut e = FieldErrors::new();
                let new_end = date_field(&mut e, "end_date", end_date);
                if let Some(d) = new_end {
                    if d <= p.end_date {
                        e.add("end_date", ts::NEW_END_AFTER_CURRENT);
                    }
                }
                e.into_result()?;
                let new_end = new_end.ok_or_else(|| AppError::internal("date"))?;
                let offer = OfferType::from_stored(&p.offer_type)?;
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
                                        ts::extension_needs_assessment(&weeks_text(limit.days)),
                                    ));
                                }
                                if assessment.chars().count() > 2000 {
                                    return Err(rule_error("assessment", ts::ASSESSMENT_TOO_LONG));
                                }
                                assessed = Some(assessment.to_string());
                            }
                            Some(most) => {
                                return Err(rule_error(
                                    "end_date",
                                    ts::at_most_even_assessed(offer.label(), &weeks_text(most)),
                                ));
                            }
                            None => {
                                return Err(rule_error(
                                    "end_date",
                                    too_long(
                                        offer,
                                        limit,
                                        days,
                                        days > (new_end - p.start_date).num_days() + 1,
                                    ),
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
                        ts::other_placement_from(&format::date(o.start_date)),
                    ));
                }
                // The added days count at the worksite too (#18.1).
                crate::directory::store::lock_company(conn, &contract.company_id)?;
                let added = p.end_date + Duration::days(1);
                let site = crate::seats::ratio::worksite_of(
                    conn,
                    &contract.id,
                    &contract.company_id,
                    added,
                )?;
                crate::seats::ratio::check_one_more(conn, &site, added, new_end, "end_date")?;
                after.extend(&p.id, new_end).map_err(|Overbooked(day)| {
                    rule_error("end_date", ts::seat_not_free(&format::date(day)))
                })?;
                // The assessment is kept in the placement's history (and so in the audit trail).
                let detail = match &assessed {
                    Some(a) => ts::event_extended_assessed(&format::date(new_end), a),
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
                    return Err(AppError::Conflict(ts::only_begun_waiting_takes_remaining(
                        &state(&p.status),
                    )));
                }
                crate::directory::store::lock_company(conn, &contract.company_id)?;
                let site = crate::seats::ratio::worksite_of(
                    conn,
                    &contract.id,
                    &contract.company_id,
                    today,
                )?;
                crate::seats::ratio::check_one_more(conn, &site, today, p.end_date, "start_date")?;
                let Some(seat) = after.take_remaining(&p.id, today) else {
                    return Err(AppError::Conflict(ts::no_seat_for_remaining(
                        &format::date(today),
                        &format::date(p.end_date),
                    )));
                };
                store::insert_event(
                    conn,
                    &p.id,
                    &contract.id,
                    &actor.user_id,
                    "remaining",
                    &ts::event_remaining(seat, &format::date(today)),
                )?;
            }
            PlacementChange::FollowUp { self_supporting } => {
                let Some(value) = self_supporting else {
                    return Err(rule_error("self_supporting", ts::SAY_SELF_SUPPORTING));
                };
                let ended = p.status == "ended" || (p.status == "placed" && p.end_date < today);
                if !ended {
                    return Err(AppError::Conflict(ts::follow_up_after_end(&state(
                        &p.status,
                    ))));
                }
                let from = follow_up_from(conn, p.end_date)?;
                if today < from {
                    return Err(rule_error(
                        "self_supporting",
                        ts::follow_up_not_before(
                            &format::date(from),
                            (from - p.end_date).num_weeks(),
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
                        ts::SELF_SUPPORTING
                    } else {
                        ts::NOT_SELF_SUPPORTING
                    },
                )?;
            }
        }
        let moved_up = save_book(conn, &before, &after, &contract.id, &actor.user_id)?;
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
            moved_up,
        })
    })
    .await
}
