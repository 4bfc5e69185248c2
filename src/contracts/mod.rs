//! Contracts: the written contract of a virksomhedscenter, its versions and its review.
//!
//! Status: the pure model (terms, validation, warnings, ratio rule, canonical hash, diff) and the
//! workflow are built and tested; storage, the API and the pages follow (see the issue tracker).

pub mod model;
pub mod workflow;
