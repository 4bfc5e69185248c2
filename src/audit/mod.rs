//! Who did what: the audit trail for administrators (contract and placement events, hour week
//! submissions and decisions, CPR reads) and the CPR access log for administrators and each
//! jobcenter's data-protection officer. Both are read-only views of rows the writes keep.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
