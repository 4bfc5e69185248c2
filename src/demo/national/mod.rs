//! A national data set for benchmarks: the 4 employment regions with 94 jobcenters, companies
//! with valid CVR numbers, accepted contracts over 2009–2011 with their seats filled by
//! placements one after the other (never two on a seat at once), outcomes and follow-ups, mentor
//! hours inside the contracts' periods, and campaign figures for every jobcenter and month.
//! `virksomhedscenter demo --scale national` (or `small`, a tenth; or a factor such as `2`).
//!
//! The rows are written in batches of multi-row inserts, a transaction per batch of contracts
//! with everything that belongs to them, so an interrupted run leaves whole contracts only.
//! The random numbers come from a fixed seed: the same scale gives the same country.

use std::io::Write as _;

use super::{cvr_with_check_digit, DEMO_PASSWORD};

mod generate;
mod names;
mod rows;

pub use generate::*;
use names::*;
pub use rows::*;

/// How big a country to make: 1.0 is the national set, 0.1 the small one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale(pub f64);

impl Scale {
    pub fn parse(s: &str) -> Result<Scale, String> {
        match s.trim() {
            "national" => Ok(Scale(1.0)),
            "small" => Ok(Scale(0.1)),
            other => match other.parse::<f64>() {
                Ok(f) if f > 0.0 && f <= 10.0 => Ok(Scale(f)),
                _ => Err(format!(
                    "unknown scale '{other}': use national, small or a factor from 0.001 to 10"
                )),
            },
        }
    }

    fn of(self, n: usize) -> usize {
        ((n as f64 * self.0).round() as usize).max(1)
    }
}
