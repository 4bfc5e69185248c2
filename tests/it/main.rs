//! Integration tests: the real application on port 0 against a fresh database per test.
//! SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (see README).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly where it assumed

mod helpers;

mod access;
mod account;
mod api_errors;
mod architecture;
mod audit;
mod auth;
mod campaign;
mod cli;
mod companies;
mod contract_pages;
mod contracts;
mod crash;
mod demo;
mod design_pages;
mod directory;
mod faults;
mod hour_pages;
mod hours;
mod inputs;
mod invitations;
mod mail;
mod matrix;
mod mfa;
mod pages;
mod properties;
mod retention;
mod seat_pages;
mod seats;
mod security;
mod sorting;
mod system;
mod tasks;
