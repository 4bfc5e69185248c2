//! Queries for candidates, placements, their events and activities, the access log and the
//! rule parameters.

use crate::ids::{CandidateId, ContractId, JobcenterId, PlacementId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{candidates, placement_activities, placements};
use crate::error::AppError;
use crate::seats::book::{Booking, BookingState};

mod access;
mod bookings;
mod people;
mod reports;
mod retention;

pub use access::*;
pub use bookings::*;
pub use people::*;
pub use reports::*;
pub use retention::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = candidates)]
pub struct CandidateRow {
    pub id: CandidateId,
    pub jobcenter_id: JobcenterId,
    pub name: String,
    pub cpr_hmac: String,
    pub cpr_cipher: String,
    pub cpr_masked: String,
    pub benefit: String,
    pub match_group: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub anonymised_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = placements)]
pub struct PlacementRow {
    pub id: PlacementId,
    pub contract_id: ContractId,
    pub candidate_id: CandidateId,
    pub status: String,
    pub seat_no: Option<i32>,
    pub offer_type: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub queue_no: i64,
    pub outcome: Option<String>,
    pub self_supporting: Option<bool>,
    pub followed_up_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    /// The person's benefit and match group when referred (Mål 1 counts these, #18.8).
    pub benefit_at_referral: String,
    pub match_group_at_referral: i32,
}

impl PlacementRow {
    /// The placement as the seat book sees it; an unknown status in the row is an error.
    pub fn booking(&self) -> Result<Booking, AppError> {
        Ok(Booking {
            id: self.id.to_string(),
            state: BookingState::from_stored(&self.status)?,
            seat_no: self.seat_no,
            start: self.start_date,
            end: self.end_date,
            queue_no: self.queue_no,
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = placement_activities)]
pub struct ActivityRow {
    pub id: String,
    pub placement_id: String,
    pub kind: String,
    pub provider: String,
    pub description: String,
    pub minutes_per_week: i32,
    pub cost_ore: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}
