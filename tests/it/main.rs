//! Integration tests: the real application on port 0 against a fresh database per test.
//! SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (see README).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly where it assumed

mod helpers;
// The test SMTP server, shared with other test binaries.
#[path = "../support/smtp_sink.rs"]
mod smtp_sink;

mod access;
mod account;
mod agreements;
mod api_errors;
mod architecture;
mod audit;
mod auth;
mod campaign;
mod cli;
mod companies;
mod contract_pages;
mod contracts;
mod corrections;
mod crash;
mod demo;
mod design_pages;
mod directory;
mod documents;
mod faults;
mod hour_pages;
mod hours;
mod inputs;
mod invitations;
mod mail;
mod mail_delivery;
mod mail_process;
mod matrix;
mod mfa;
mod pages;
mod properties;
mod retention;
mod seat_pages;
mod seats;
mod security;
// The tests of the test SMTP server (the name `smtp_sink` is the server's).
#[path = "smtp_sink.rs"]
mod smtp_sink_tests;
mod sorting;
mod system;
mod tasks;
mod visits;
