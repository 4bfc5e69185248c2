//! The seats' pages (Danish): candidates, referral forms, the seat timeline with the waiting
//! list, placements with their actions, due follow-ups and a company's seat commitments.

use actix_web::web;

use crate::contracts::model::{Benefit, OfferType};

mod candidates;
mod follow_ups;
mod placements;
mod timeline;
mod visitation;

pub use candidates::*;
pub use follow_ups::*;
pub use placements::*;
pub use timeline::*;
pub use visitation::*;

const PAGE_SIZE: i64 = 20;

fn benefit_options() -> Vec<(String, String)> {
    Benefit::ALL
        .iter()
        .map(|b| (b.code().to_string(), b.label().to_string()))
        .collect()
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(candidates_page)
        .service(search_candidates)
        .service(new_candidate_page)
        .service(create_candidate)
        .service(candidate_page)
        .service(refer)
        .service(seats_page)
        .service(placement_page)
        .service(end)
        .service(cancel)
        .service(take_remaining)
        .service(extend)
        .service(follow_up)
        .service(follow_ups_page)
        .service(commitments_page)
        .service(visitation_page)
        .service(visitation_search);
}
