//! Seats and visitation: candidates (with encrypted CPR numbers), referrals into the seats of
//! accepted contracts, waiting lists, placements and their follow-up.

pub mod api;
pub mod book;
pub mod capacity;
pub mod cpr;
pub mod model;
pub mod pages;
pub mod ratio;
pub mod retention;
pub mod service;
pub mod store;
