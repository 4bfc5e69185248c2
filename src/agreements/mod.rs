//! The placement's own agreement (praktikaftale / løntilskudsaftale), issue #22: drafted by the
//! jobcenter from the contract's terms, accepted by the company, versioned and hashed by the
//! contract's workflow.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
