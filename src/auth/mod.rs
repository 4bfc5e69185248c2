//! Accounts and access: users and roles, passwords, sessions and API tokens, CSRF, and the
//! policy that says who may do what.

pub(crate) mod api;
pub mod mfa;
pub mod model;
pub(crate) mod pages;
pub mod password;
pub(crate) mod policy;
pub mod service;
pub mod session;
pub mod store;
pub(crate) mod token;
