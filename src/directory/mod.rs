//! The organisation directory: jobcenters (with the municipalities they serve), companies
//! (with their worksites) and the people of each.

pub(crate) mod api;
pub mod model;
pub(crate) mod pages;
pub(crate) mod service;
pub mod store;
