//! The seat capacity of a contract: its seat book as stored, and re-applying the capacity after an
//! accepted amendment or a termination. Contracts call `apply_capacity` and
//! `check_amendment_capacity` inside the contract's own transaction: the one place where an area
//! calls into another area's logic (see docs/architecture.md, "The one exception").

use crate::ids::{ContractId, PlacementId, UserId};
use chrono::NaiveDate;

use crate::db::DbConnection;
use crate::error::AppError;
use crate::seats::book::{BookingState, Overbooked, SeatBook};
pub use crate::seats::store::load_book;
use crate::seats::store::{self, PlacementRow};
use crate::texts::seats as ts;
use crate::ui::format;

/// Writes back the bookings that changed and records the ones that moved up from the waiting list;
/// returns how many moved up.
pub(crate) fn save_book(
    conn: &mut DbConnection,
    before: &SeatBook,
    after: &SeatBook,
    contract_id: &ContractId,
    actor_id: &UserId,
) -> Result<usize, AppError> {
    let mut moved_up = 0;
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
                let detail = ts::event_promoted(b.seat_no.unwrap_or(0));
                store::insert_event(
                    conn,
                    &PlacementId::new(&b.id),
                    contract_id,
                    actor_id,
                    "promoted",
                    &detail,
                )?;
                crate::mail::store::placement_event(
                    conn,
                    contract_id,
                    &PlacementId::new(&b.id),
                    crate::mail::model::Kind::MovedUp,
                    b.seat_no,
                    Some(actor_id),
                )?;
                moved_up += 1;
            }
        }
    }
    Ok(moved_up)
}

pub(crate) fn overbooked(day: NaiveDate) -> AppError {
    AppError::Conflict(ts::overbooked(&format::date(day)))
}

/// Re-applies a contract's capacity after an accepted amendment or a termination: refused
/// (naming the day) when a placement would lose its seat; waiting referrals that can no longer
/// fit the period are cancelled and the others move up where seats were added.
pub fn apply_capacity(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    actor_id: &UserId,
) -> Result<(), AppError> {
    store::lock_contract(conn, contract_id)?;
    let Some(capacity) = store::capacity(conn, contract_id)? else {
        return Ok(());
    };
    let bookings = store::contract_placements(conn, contract_id)?
        .iter()
        .map(PlacementRow::booking)
        .collect::<Result<_, _>>()?;
    let before = SeatBook {
        capacity: capacity.clone(),
        bookings,
        today: crate::clock::today(),
    };
    let mut after = before.clone();
    for b in after.bookings.iter_mut() {
        if b.state == BookingState::Waiting && (b.start < capacity.start || b.end > capacity.end) {
            b.state = BookingState::Cancelled;
            store::insert_event(
                conn,
                &PlacementId::new(&b.id),
                contract_id,
                actor_id,
                "cancelled",
                ts::EVENT_OUTSIDE_CONTRACT,
            )?;
            crate::mail::store::placement_event(
                conn,
                contract_id,
                &PlacementId::new(&b.id),
                crate::mail::model::Kind::ReferralCancelled,
                None,
                Some(actor_id),
            )?;
        }
    }
    after
        .set_capacity(capacity)
        .map_err(|Overbooked(day)| overbooked(day))?;
    save_book(conn, &before, &after, contract_id, actor_id)?;
    Ok(())
}

/// Whether an amendment (from `effective_from`, with `seats` and a new end) would unseat someone:
/// checked when it is sent, so the company is not asked to accept what cannot be accepted.
pub fn check_amendment_capacity(
    conn: &mut DbConnection,
    contract_id: &ContractId,
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
        .collect::<Result<_, _>>()?;
    let mut book = SeatBook {
        capacity: capacity.clone(),
        bookings,
        today: crate::clock::today(),
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
