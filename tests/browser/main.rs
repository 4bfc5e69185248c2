//! Browser tests: the journeys of the three kinds of users in headless Chromium against the real
//! server (see `journeys.rs`). They need Debian's `chromium` and `chromium-driver`; without them
//! they say so and do nothing, unless `VC_BROWSER_TESTS=required` (as in `.ci/run`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly where it assumed

#[path = "../it/helpers.rs"]
#[allow(dead_code)]
mod helpers;
#[path = "../support/smtp_sink.rs"]
mod smtp_sink;

mod calendar;
mod cleanup;
mod documents;
mod driver;
mod invitations;
mod journeys;
mod mail;
mod no_script;
mod phone;
mod placement;
