//! Campaign goals: Mål 1 and Mål 2 per jobcenter, region and country.

pub(crate) mod api;
pub(crate) mod import;
pub(crate) mod jobs;
pub mod model;
pub(crate) mod pages;
pub(crate) mod service;
pub(crate) mod store;
