//! Attendance of a placement (issue #22): the mentor records each planned day; the consultant
//! follows planned hours (the agreement's step-up plan) against the days attended.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
