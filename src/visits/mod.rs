//! Follow-up visits of a placement and the calendar (#22): visits planned from the contract's
//! follow-up interval and the placement's period, moved or recorded by the jobcenter's
//! consultants (a row only for a visit that was); the week calendar of visits, starts, ends
//! and follow-ups; and each person's iCalendar feed at a secret address that "Min konto" can
//! renew. model (the plan, the parse, the events; `ics` writes the feed), store (the rows, the
//! feed's epoch, the calendar's read side), service, pages, api.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
