//! Seats and visitation: candidates (with encrypted CPR numbers), referrals into the seats of
//! accepted contracts, waiting lists, placements and their follow-up.

pub(crate) mod api;
pub(crate) mod book;
pub(crate) mod capacity;
pub mod cpr;
pub(crate) mod model;
pub(crate) mod pages;
pub(crate) mod ratio;
pub mod retention;
pub mod service;
pub(crate) mod store;
