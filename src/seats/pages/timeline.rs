//! A contract's seats week by week.

use crate::ids::ContractId;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Datelike, Duration, NaiveDate};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::PageUser;
use crate::error::FieldErrors;
use crate::seats::service::{self};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::format;
use crate::ui::{render, PageError};

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct TimelineQuery {
    from: String,
}

pub(super) const WEEKS_SHOWN: i64 = 16;

pub(super) fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

pub(super) enum Cell<'a> {
    Taken(&'a crate::seats::store::PlacementRow, &'a str),
    Free,
    Closed,
}

/// One seat's weeks as cells, consecutive weeks of the same placement (or of free or closed
/// weeks) merged into one cell with its span.
pub(super) fn seat_cells<'a>(
    seat: &'a service::SeatRow,
    capacity: &crate::seats::book::Capacity,
    weeks: &[NaiveDate],
) -> Vec<(Cell<'a>, usize)> {
    let mut out: Vec<(Cell<'a>, usize, Option<&'a str>)> = Vec::new();
    for w in weeks {
        let week_end = *w + Duration::days(6);
        let who = seat
            .placements
            .iter()
            .find(|(p, _)| p.start_date <= week_end && p.end_date >= *w);
        let (cell, key) = match who {
            Some((p, name)) => (Cell::Taken(p, name.as_str()), Some(p.id.as_str())),
            None if capacity.on(*w) >= seat.seat_no || capacity.on(week_end) >= seat.seat_no => {
                (Cell::Free, Some("free"))
            }
            None => (Cell::Closed, Some("closed")),
        };
        match out.last_mut() {
            Some((_, span, last)) if *last == key => *span += 1,
            _ => out.push((cell, 1, key)),
        }
    }
    out.into_iter().map(|(c, span, _)| (c, span)).collect()
}

/// [`seat_cells`] with the first and last week each cell covers.
fn seat_spans<'a>(
    seat: &'a service::SeatRow,
    capacity: &crate::seats::book::Capacity,
    weeks: &[NaiveDate],
) -> Vec<(Cell<'a>, NaiveDate, NaiveDate)> {
    let mut at = 0;
    seat_cells(seat, capacity, weeks)
        .into_iter()
        .map(|(cell, span)| {
            let first = weeks[at];
            at += span;
            (cell, first, weeks[at - 1])
        })
        .collect()
}

/// "uge 50" or "uge 50 – uge 3".
fn week_span(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        format::week(first)
    } else {
        format!("{} – {}", format::week(first), format::week(last))
    }
}

pub(super) async fn seats_body(
    state: &AppState,
    user: &PageUser,
    contract_id: ContractId,
    from: Option<NaiveDate>,
    referral: &ReferralForm,
    errors: &FieldErrors,
) -> Result<Markup, PageError> {
    let page = service::seat_page(&state.db, &user.actor, contract_id.clone(), 50).await?;
    let o = page.overview;
    let start = monday(from.unwrap_or_else(|| {
        crate::clock::today()
            .max(o.contract.start_date)
            .min(o.contract.end_date)
    }));
    let weeks: Vec<NaiveDate> = (0..WEEKS_SHOWN)
        .map(|i| start + Duration::weeks(i))
        .collect();
    let consultant = user.actor.may_manage_seats(&o.contract.parties());
    // The newest candidates (those just registered to be referred); others are referred from
    // their own page, found by name or CPR. Only the offer types the contract allows are offered
    // (the service refuses others).
    let candidates = page
        .candidates
        .into_iter()
        .map(|(id, name, masked)| (id, format!("{name} ({masked})")))
        .collect::<Vec<_>>();
    let offers = page.offers;
    let mut referral = referral.clone();
    super::candidates::default_offer(&mut referral, &offers);
    let prev = format::date(start - Duration::weeks(WEEKS_SHOWN));
    let next = format::date(start + Duration::weeks(WEEKS_SHOWN));
    Ok(html! {
        div.page-head {
            h1 { (t::SEATS_TITLE) " · " (o.company_name) }
            a href={ "/contracts/" (o.contract.id) } { (t::CONTRACT) }
        }
        nav.pagination {
            a href={ "/contracts/" (o.contract.id) "/seats?from=" (prev) } { "← " (t::PREVIOUS) }
            span { (format::week_with_year(start)) " – " (format::week_with_year(start + Duration::weeks(WEEKS_SHOWN - 1))) }
            a href={ "/contracts/" (o.contract.id) "/seats?from=" (next) } { (t::NEXT) " →" }
        }
        div.timeline-wrap {
            table.timeline tabindex="0" {
                thead { tr {
                    th { (t::SEATS_SEAT) }
                    @for w in &weeks { th title=(format::date(*w)) { (format::week(*w)) } }
                } }
                tbody {
                    @for seat in &o.seats {
                        tr {
                            th { (seat.seat_no) }
                            @for (cell, span) in seat_cells(seat, &o.capacity, &weeks) {
                                @match cell {
                                    Cell::Taken(p, name) => {
                                        td.taken colspan=(span) title={ (name) ", " (format::date(p.start_date)) " – " (format::date(p.end_date)) } {
                                            @if consultant { a href={ "/placements/" (p.id) } { (name) } } @else { (name) }
                                        }
                                    }
                                    Cell::Free => { td.free colspan=(span) { span.visually-hidden { (t::SEATS_FREE) } } }
                                    Cell::Closed => { td.closed colspan=(span) { span.visually-hidden { (t::SEATS_CLOSED) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
        // The same weeks as a list, for a phone (#20): the stylesheet shows it in place of the
        // table below 720 px.
        ul.seat-list {
            @for seat in &o.seats {
                li {
                    strong { (t::SEATS_SEAT) " " (seat.seat_no) }
                    ul {
                        @for (cell, first, last) in seat_spans(seat, &o.capacity, &weeks) {
                            li {
                                @match cell {
                                    Cell::Taken(p, name) => {
                                        @if consultant { a href={ "/placements/" (p.id) } { (name) } } @else { (name) }
                                        ", " (format::date(p.start_date)) " – " (format::date(p.end_date))
                                    }
                                    Cell::Free => { (t::SEATS_FREE) " " (week_span(first, last)) }
                                    Cell::Closed => { (t::SEATS_CLOSED) " " (week_span(first, last)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !o.headroom.is_empty() {
            h2 { (t::SEATS_HEADROOM) }
            p.hint { (t::SEATS_HEADROOM_HINT) }
            table.table tabindex="0" {
                thead { tr { th { (t::SEATS_MONTH) } th.num { (t::SEATS_EMPLOYEES) } th.num { (t::SEATS_MAX) } th.num { (t::SEATS_MOST) } th.num { (t::SEATS_ROOM_LEFT) } } }
                tbody { @for h in &o.headroom {
                    tr {
                        td { (h.month) }
                        td.num { (format::integer(i64::from(h.ordinary_employees))) }
                        td.num { (h.max) }
                        td.num { (h.most) }
                        td.num.invalid[h.free() < 0] { (h.free()) }
                    }
                } }
            }
        }
        @if user.actor.is_jobcenter_side() {
            h2 { (t::SEATS_WAITING) }
            @if o.waiting.is_empty() { p.empty { (t::SEATS_NO_WAITING) } }
            @else {
                table.table tabindex="0" {
                    thead { tr { th { (t::SEATS_POSITION) } th { (t::REFER_CANDIDATE) } th { (t::PLACEMENT_PERIOD) } } }
                    tbody { @for (p, name, pos) in &o.waiting {
                        tr { td { (pos) } td { a href={ "/placements/" (p.id) } { (name) } } td { (format::date(p.start_date)) " – " (format::date(p.end_date)) } }
                    } }
                }
            }
        }
        @if consultant && o.contract.accepted_version.is_some() && o.contract.terminated_on.is_none() {
            h2 { (t::REFER_TITLE) }
            (referral_form(&referral, &offers, None, Some(&candidates), errors, &user.csrf))
        }
    })
}

#[get("/contracts/{id}/seats")]
pub async fn seats_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let q: TimelineQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let f = ReferralForm {
        contract_id: id.to_string(),
        offer_type: "virksomhedspraktik".into(),
        from: "contract".into(),
        ..Default::default()
    };
    let body = seats_body(
        &state,
        &user,
        id,
        format::parse_date(&q.from),
        &f,
        &FieldErrors::new(),
    )
    .await?;
    Ok(render(&req, Some(&user), t::SEATS_TITLE, body))
}
