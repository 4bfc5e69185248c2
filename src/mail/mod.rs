//! E-mail (#21): notifications and reminders through a transactional outbox.
//!
//! - `model`: what a mail is about (`Kind`), what a person chooses (`Topic`, `Delivery`), the
//!   outbox's states, the payload a mail is written from, the retry schedule.
//! - `compose`: a mail's subject, plain text and HTML from its kind and payload.
//! - `store`: the outbox, the choices and the scheduled runs; other areas write mails in their
//!   own transactions through `store::contract_event` and `store::enqueue`.
//! - `sender`: the thread that runs the 08:00 jobs and delivers over SMTP (lettre) or into
//!   `.eml` files.
//! - `service`, `pages`, `api`: the choices on "Min konto", the signed unsubscribe link, the
//!   administrators' outbox.

pub mod api;
pub mod compose;
pub mod model;
pub mod pages;
pub mod sender;
pub mod service;
pub mod store;
