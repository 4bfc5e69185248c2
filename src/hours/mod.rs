//! Mentor hours: logging by week, approval, budgets and payments.

pub(crate) mod api;
pub(crate) mod economy;
pub mod model;
pub(crate) mod pages;
pub(crate) mod service;
pub(crate) mod store;
pub(crate) mod view;
