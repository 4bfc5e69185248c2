//! Mentor hours: logging by week, approval, budgets and payments.

pub mod api;
pub mod economy;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
pub mod view;
