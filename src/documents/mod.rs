//! Documents (#22): files attached to a contract or a placement (the signed contract as scanned,
//! the employee representative's statement, a praktikerklæring, a CV). PDF, PNG and JPEG only,
//! recognised by their content, at most 10 MiB, stored in the database with their SHA-256 so
//! that every instance serves them; seen by whoever sees the parent, added by its parties,
//! removed (softly, with an audit line) only by who added them, and purged by the retention job
//! once removed for the retention period. Pages at `/contracts/{id}/documents` and
//! `/placements/{id}/documents`; the API under `/api/v1`.

pub mod api;
pub mod model;
pub mod pages;
pub mod retention;
pub mod service;
pub mod store;
