//! Virksomhedscenter: contracts, seats, mentor hours and campaign goals for the company centres
//! that Danish jobcenters run with companies. See `docs/architecture.md`.

/// An enum stored and sent as a code, shown by a Danish label: generates `ALL`, `code`, `label`,
/// `parse` and `from_stored` from one table, so they never disagree. Every coded enum of the
/// crate is written with it.
///
/// `parse` is for what a user typed or a client sent (`None` for an unknown code, which the
/// caller reports as a field error). `from_stored` is for what the database holds: an unknown
/// code there is an error, never silently read as some other value.
macro_rules! coded_enum {
    (@count) => { 0usize };
    (@count $head:ident $($tail:ident)*) => { 1usize + coded_enum!(@count $($tail)*) };
    ($name:ident { $($variant:ident => $code:literal, $label:expr;)+ }) => {
        // One table gives every coded enum the same API; not every enum uses all of it.
        #[allow(dead_code)]
        impl $name {
            pub const ALL: [$name; coded_enum!(@count $($variant)+)] = [$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $name::ALL.into_iter().find(|v| v.code() == s)
            }

            /// The value of a code read from the database; an unknown code is an internal error.
            pub fn from_stored(s: &str) -> Result<$name, crate::error::AppError> {
                $name::parse(s).ok_or_else(|| {
                    crate::error::AppError::internal(format!(
                        "unknown {} code in the database: {s:?}",
                        stringify!($name)
                    ))
                })
            }
        }
    };
}

pub(crate) mod accessibility;
pub mod agreements;
pub mod attendance;
pub(crate) mod audit;
pub mod auth;
pub mod campaign;
pub mod cli;
pub mod clock;
pub(crate) mod config;
pub mod contracts;
pub mod db;
pub mod demo;
pub mod directory;
pub mod documents;
pub mod error;
pub(crate) mod extract;
pub(crate) mod health;
pub(crate) mod home;
pub mod hours;
pub(crate) mod ids;
pub mod mail;

pub mod openapi;
pub mod seats;
pub mod startup;
pub mod state;
pub(crate) mod tasks;
pub(crate) mod telemetry;
pub mod texts;
pub mod ui;
pub mod visits;
