//! Virksomhedscenter: contracts, seats, mentor hours and campaign goals for the company centres
//! that Danish jobcenters run with companies. See `docs/architecture.md`.

pub mod auth;
pub mod campaign;
pub mod cli;
pub mod config;
pub mod contracts;
pub mod db;
pub mod demo;
pub mod directory;
pub mod error;
pub mod extract;
pub mod home;
pub mod hours;
pub mod openapi;
pub mod seats;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod ui;
