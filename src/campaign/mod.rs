//! Campaign goals: Mål 1 and Mål 2 per jobcenter, region and country.

pub mod api;
pub mod import;
pub mod jobs;
pub mod model;
pub mod pages;
pub mod service;
