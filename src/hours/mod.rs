//! Mentor hours: logging by week, approval, budgets and payments.

pub mod model;
