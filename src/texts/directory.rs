//! The organisation directory: jobcenters, companies and their worksites. (Most of its words
//! are older than this module and stand in the shared texts: CVR, P-number, the form labels.)

pub const EMPLOYEES_RANGE: &str = "Et antal mellem 0 og 1.000.000";
pub const DATE_EXAMPLE: &str = "Skriv en dato, fx 01-03-2011";
