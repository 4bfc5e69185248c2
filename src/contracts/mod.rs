//! Contracts: the written contract of a virksomhedscenter, its versions and its review.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
pub mod view;
pub mod workflow;
