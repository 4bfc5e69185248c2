//! Contracts: the written contract of a virksomhedscenter, its versions and its review.

pub(crate) mod api;
pub mod model;
pub(crate) mod pages;
pub(crate) mod service;
pub(crate) mod store;
pub(crate) mod view;
pub(crate) mod workflow;
