//! The organisation directory: jobcenters (with the municipalities they serve), companies
//! (with their worksites) and the people of each.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
