//! The task inbox: what each person has to do next, newest first, each with a link straight to
//! it. A consultant: contracts sent back with changes requested, weeks waiting for approval,
//! follow-ups due, contracts ending within 60 days, referrals on a waiting list (and those whose
//! period has begun while a seat is free for the rest of it). A company
//! signatory: contracts waiting for review. A mentor: weeks not yet submitted (and rejected
//! weeks to correct). Consultants of a contracting jobcenter and administrators: corrections of
//! a company's record to decide. Shown on the home page and at
//! `GET /api/v1/me/tasks`. Each kind is one query (the mentor's weeks two), capped.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
