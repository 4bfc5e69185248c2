//! Browser tests: the journeys of the three kinds of users in headless Chromium against the real
//! server (see `journeys.rs`). They need Debian's `chromium` and `chromium-driver`; without them
//! they say so and do nothing, unless `VC_BROWSER_TESTS=required` (as in `.ci/run`).

#[path = "../it/helpers.rs"]
#[allow(dead_code)]
mod helpers;

mod cleanup;
mod driver;
mod journeys;
mod no_script;
