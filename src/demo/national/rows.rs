//! What a run wrote, and the rows it inserts (named for what they are here, not the stores' rows).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    campaign_figures, candidates, companies, contract_versions, contracts, hour_entries,
    hour_week_events, hour_weeks, placement_months, placements, users, worksites,
};

/// What a run made.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub jobcenters: usize,
    pub companies: usize,
    pub users: usize,
    pub contracts: usize,
    pub seats: i64,
    pub placements: usize,
    pub hour_entries: usize,
    pub figures: usize,
}

#[derive(Insertable)]
#[diesel(table_name = companies)]
pub(super) struct NewCompany {
    pub(super) id: String,
    pub(super) cvr: String,
    pub(super) name: String,
    pub(super) name_norm: String,
    pub(super) sort_key: String,
    pub(super) sector: &'static str,
    pub(super) address: String,
    pub(super) postcode: String,
    pub(super) city: String,
    pub(super) ordinary_employees: i32,
    pub(super) contact_name: String,
    pub(super) contact_email: String,
    pub(super) contact_phone: String,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = worksites)]
pub(super) struct NewWorksite {
    pub(super) id: String,
    pub(super) company_id: String,
    pub(super) p_number: String,
    pub(super) name: String,
    pub(super) address: String,
    pub(super) postcode: String,
    pub(super) city: String,
    pub(super) ordinary_employees: i32,
    pub(super) created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub(super) struct NewUser {
    pub(super) id: String,
    pub(super) email: String,
    pub(super) name: String,
    pub(super) sort_key: String,
    pub(super) role: &'static str,
    pub(super) jobcenter_id: Option<String>,
    pub(super) company_id: Option<String>,
    pub(super) password_hash: String,
    pub(super) active: bool,
    pub(super) created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = contracts)]
pub(super) struct NewContract {
    pub(super) id: String,
    pub(super) jobcenter_id: String,
    pub(super) company_id: String,
    pub(super) consultant_id: String,
    pub(super) mentor_id: String,
    pub(super) revision: i32,
    pub(super) pending_version: Option<i32>,
    pub(super) pending_status: Option<&'static str>,
    pub(super) accepted_version: Option<i32>,
    pub(super) start_date: NaiveDate,
    pub(super) end_date: NaiveDate,
    pub(super) seats: i32,
    pub(super) shown_to_company: bool,
    pub(super) terminated_on: Option<NaiveDate>,
    pub(super) termination_reason: Option<String>,
    pub(super) alloc_seq: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = contract_versions)]
pub(super) struct NewVersion {
    pub(super) contract_id: String,
    pub(super) version_no: i32,
    pub(super) status: &'static str,
    pub(super) round: i32,
    pub(super) effective_from: NaiveDate,
    pub(super) terms: String,
    pub(super) seats: i32,
    pub(super) start_date: NaiveDate,
    pub(super) end_date: NaiveDate,
    pub(super) created_by: String,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
    pub(super) sent_by: Option<String>,
    pub(super) sent_at: Option<NaiveDateTime>,
    pub(super) company_comment: Option<String>,
    pub(super) accepted_by: Option<String>,
    pub(super) accepted_at: Option<NaiveDateTime>,
    pub(super) accepted_content: Option<String>,
    pub(super) content_hash: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = candidates)]
pub(super) struct NewCandidate {
    pub(super) id: String,
    pub(super) jobcenter_id: String,
    pub(super) name: String,
    pub(super) name_norm: String,
    pub(super) sort_key: String,
    pub(super) cpr_hmac: String,
    pub(super) cpr_cipher: String,
    pub(super) cpr_masked: String,
    pub(super) benefit: &'static str,
    pub(super) match_group: i32,
    pub(super) lock_seq: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = placements)]
pub(super) struct NewPlacement {
    pub(super) id: String,
    pub(super) contract_id: String,
    pub(super) jobcenter_id: String,
    pub(super) candidate_id: String,
    pub(super) status: &'static str,
    pub(super) seat_no: Option<i32>,
    pub(super) offer_type: &'static str,
    pub(super) start_date: NaiveDate,
    pub(super) end_date: NaiveDate,
    pub(super) queue_no: i64,
    pub(super) outcome: Option<&'static str>,
    pub(super) self_supporting: Option<bool>,
    pub(super) followed_up_at: Option<NaiveDateTime>,
    pub(super) followed_up_by: Option<String>,
    pub(super) created_by: String,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
    pub(super) benefit_at_referral: &'static str,
    pub(super) match_group_at_referral: i32,
}

#[derive(Insertable)]
#[diesel(table_name = placement_months)]
pub(super) struct NewPlacementMonth {
    pub(super) placement_id: String,
    pub(super) month: String,
    pub(super) jobcenter_id: String,
    pub(super) candidate_id: String,
    pub(super) benefit: &'static str,
    pub(super) match_group: i32,
}

#[derive(Insertable)]
#[diesel(table_name = hour_entries)]
pub(super) struct NewHourEntry {
    pub(super) id: String,
    pub(super) contract_id: String,
    pub(super) mentor_id: String,
    pub(super) candidate_id: Option<String>,
    pub(super) work_date: NaiveDate,
    pub(super) week: String,
    pub(super) minutes: i32,
    pub(super) activity: &'static str,
    pub(super) note: String,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = hour_weeks)]
pub(super) struct NewHourWeek {
    pub(super) contract_id: String,
    pub(super) week: String,
    pub(super) status: &'static str,
    pub(super) submitted_by: Option<String>,
    pub(super) submitted_at: Option<NaiveDateTime>,
    pub(super) decided_by: Option<String>,
    pub(super) decided_at: Option<NaiveDateTime>,
    pub(super) reason: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = hour_week_events)]
pub(super) struct NewWeekEvent {
    pub(super) id: String,
    pub(super) contract_id: String,
    pub(super) week: String,
    pub(super) action: &'static str,
    pub(super) actor_id: String,
    pub(super) created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = campaign_figures)]
pub(super) struct NewFigure {
    pub(super) campaign_id: String,
    pub(super) jobcenter_id: String,
    pub(super) month: String,
    pub(super) target_group: Option<i32>,
    pub(super) outside_activation: Option<i32>,
    pub(super) baseline: Option<i32>,
}
