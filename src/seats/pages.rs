//! The seats' pages (Danish): candidates, referral forms, the seat timeline with the waiting
//! list, placements with their actions, due follow-ups and a company's seat commitments.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{Datelike, Duration, NaiveDate};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::{Benefit, OfferType};
use crate::db::Sort;
use crate::error::{AppError, FieldErrors};
use crate::seats::service::{self, CandidateInput, PlacementChange, ReferralInput};
use crate::seats::store;
use crate::state::AppState;
use crate::ui::components::{
    csrf_field, error_summary, input, page_number, pagination_with, select, sort_header, textarea,
};
use crate::ui::format;
use crate::ui::texts as t;
use crate::ui::{redirect_with, render, render_status, PageError};

const PAGE_SIZE: i64 = 20;

fn benefit_options() -> Vec<(String, String)> {
    Benefit::ALL
        .iter()
        .map(|b| (b.code().to_string(), b.label().to_string()))
        .collect()
}

fn offer_options() -> Vec<(String, String)> {
    OfferType::ALL
        .iter()
        .map(|o| (o.code().to_string(), o.label().to_string()))
        .collect()
}

// ---------- candidates ----------

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct CandidateForm {
    pub cpr: String,
    pub name: String,
    pub benefit: String,
    pub match_group: String,
}

fn candidate_form(f: &CandidateForm, errors: &FieldErrors, csrf: &str) -> Markup {
    let groups: Vec<(String, String)> = (1..=3)
        .map(|g| (g.to_string(), format!("Matchgruppe {g}")))
        .collect();
    html! {
        (error_summary(errors))
        form.stack method="post" action="/candidates" novalidate autocomplete="off" {
            (csrf_field(csrf))
            (input("name", t::CANDIDATE_NAME, &f.name, "text", errors, None))
            // The typed number is not shown again after an error: it is personal data.
            (input("cpr", t::CANDIDATE_CPR, "", "text", errors, Some("DDMMÅÅ-XXXX")))
            (select("benefit", t::CANDIDATE_BENEFIT, &benefit_options(), &f.benefit, errors))
            (select("match_group", t::CANDIDATE_MATCH_GROUP, &groups, &f.match_group, errors))
            div.actions { button type="submit" { (t::CREATE) } a href="/candidates" { (t::CANCEL) } }
        }
    }
}

async fn candidates_body(
    state: &AppState,
    user: &PageUser,
    q: &str,
    sort: Sort,
    page: i64,
) -> Result<Markup, PageError> {
    let (items, total) = service::list_candidates(
        &state.db,
        &state.keys,
        &user.actor,
        (!q.is_empty()).then(|| q.to_string()),
        sort,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(html! {
        div.page-head { h1 { (t::CANDIDATES_TITLE) } a.button href="/candidates/new" { (t::CANDIDATE_NEW) } }
        // Searched by POST: a CPR number typed here must not end up in URLs, history or logs.
        form.search method="post" action="/candidates/search" role="search" autocomplete="off" {
            (csrf_field(&user.csrf))
            label.visually-hidden for="q" { (t::SEARCH) }
            input id="q" type="search" name="q" value=(if q.chars().any(|c| c.is_ascii_digit()) { "" } else { q }) placeholder=(t::CANDIDATE_SEARCH);
            button type="submit" { (t::SEARCH) }
        }
        @if items.is_empty() { p.empty { (t::CANDIDATES_EMPTY) } }
        @else {
            table {
                thead { tr {
                    // A search result (posted, so no CPR lands in a URL) is not re-sorted by links.
                    @if q.is_empty() {
                        (sort_header("/candidates", &[], t::CANDIDATE_NAME, "name", &sort, false))
                    } @else { th { (t::CANDIDATE_NAME) } }
                    th { (t::CANDIDATE_CPR) } th { (t::CANDIDATE_BENEFIT) } th { (t::CANDIDATE_MATCH_GROUP) }
                    @if q.is_empty() {
                        (sort_header("/candidates", &[], t::CANDIDATE_CREATED, "created", &sort, false))
                    } @else { th { (t::CANDIDATE_CREATED) } }
                } }
                tbody {
                    @for c in &items {
                        tr {
                            td { a href={ "/candidates/" (c.id) } { (c.name) } }
                            td { (c.cpr_masked) }
                            td { (Benefit::parse(&c.benefit).map(|b| b.label()).unwrap_or("")) }
                            td { (c.match_group) }
                            td { (format::date(crate::clock::danish_time(c.created_at).date_naive())) }
                        }
                    }
                }
            }
            @if q.is_empty() { (pagination_with("/candidates", &[("sort", sort.param())], page, PAGE_SIZE, total)) }
        }
    })
}

#[get("/candidates")]
pub async fn candidates_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Q {
        sort: Option<String>,
        page: Option<String>,
    }
    let lq: Q = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = page_number(lq.page.as_deref());
    let sort = Sort::parse(
        lq.sort.as_deref(),
        store::CANDIDATE_SORTS,
        store::CANDIDATE_DEFAULT_SORT,
    );
    let body = candidates_body(&state, &user, "", sort, page).await?;
    Ok(render(&req, Some(&user), t::CANDIDATES_TITLE, body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    pub q: String,
}

#[post("/candidates/search")]
pub async fn search_candidates(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<SearchForm>,
) -> Result<HttpResponse, PageError> {
    let q = form.0.q.trim().to_string();
    let body = candidates_body(&state, &user, &q, store::CANDIDATE_DEFAULT_SORT, 1).await?;
    Ok(render(&req, Some(&user), t::CANDIDATES_TITLE, body))
}

#[get("/candidates/new")]
pub async fn new_candidate_page(
    req: HttpRequest,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    if !user.actor.may_refer() {
        return Err(AppError::Forbidden.into());
    }
    let f = CandidateForm {
        match_group: "2".into(),
        ..Default::default()
    };
    let body =
        html! { h1 { (t::CANDIDATE_NEW) } (candidate_form(&f, &FieldErrors::new(), &user.csrf)) };
    Ok(render(&req, Some(&user), t::CANDIDATE_NEW, body))
}

#[post("/candidates")]
pub async fn create_candidate(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<CandidateForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let input = CandidateInput {
        cpr: f.cpr.clone(),
        name: f.name.clone(),
        benefit: f.benefit.clone(),
        match_group: f.match_group.clone(),
    };
    match service::create_candidate(&state.db, &state.keys, &user.actor, input).await {
        Ok(c) => Ok(redirect_with(
            &format!("/candidates/{}", c.id),
            "candidate_created",
        )),
        Err(AppError::Validation(errors)) => {
            let body =
                html! { h1 { (t::CANDIDATE_NEW) } (candidate_form(&f, &errors, &user.csrf)) };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::CANDIDATE_NEW,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ReferralForm {
    pub contract_id: String,
    pub candidate_id: String,
    pub offer_type: String,
    pub start_date: String,
    pub end_date: String,
    /// Where to go back to on errors: "candidate" or "contract".
    pub from: String,
}

async fn accepted_contract_choices(
    state: &AppState,
    user: &PageUser,
) -> Result<Vec<(String, String)>, AppError> {
    let (items, _) = service::contracts_for(&state.db, &user.actor, 200).await?;
    Ok(items
        .into_iter()
        .filter(|(row, _, _)| row.accepted_version.is_some() && row.terminated_on.is_none())
        .map(|(row, company, _)| {
            (
                row.id.clone(),
                format!(
                    "{company} ({} – {}, {} pladser)",
                    format::date(row.start_date),
                    format::date(row.end_date),
                    row.seats
                ),
            )
        })
        .collect())
}

fn referral_form(
    f: &ReferralForm,
    contracts: Option<&[(String, String)]>,
    candidates: Option<&[(String, String)]>,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
    html! {
        (error_summary(errors))
        form.stack method="post" action="/referrals" novalidate {
            (csrf_field(csrf))
            input type="hidden" name="from" value=(f.from);
            @match contracts {
                Some(list) => { (select("contract_id", t::REFER_CONTRACT, list, &f.contract_id, errors)) }
                None => { input type="hidden" name="contract_id" value=(f.contract_id); }
            }
            @match candidates {
                Some(list) => { (select("candidate_id", t::REFER_CANDIDATE, list, &f.candidate_id, errors)) }
                None => { input type="hidden" name="candidate_id" value=(f.candidate_id); }
            }
            (select("offer_type", t::REFER_OFFER, &offer_options(), &f.offer_type, errors))
            div.row {
                (input("start_date", t::REFER_START, &f.start_date, "text", errors, Some(t::CONTRACT_DATE_HINT)))
                (input("end_date", t::REFER_END, &f.end_date, "text", errors, Some(t::CONTRACT_DATE_HINT)))
            }
            div.actions { button type="submit" { (t::REFER_SUBMIT) } }
        }
    }
}

async fn candidate_page_body(
    state: &AppState,
    user: &PageUser,
    id: String,
    referral: &ReferralForm,
    errors: &FieldErrors,
) -> Result<(String, Markup), PageError> {
    let v = service::open_candidate(&state.db, &state.keys, &user.actor, id).await?;
    let consultant = user.actor.may_refer();
    let choices = if consultant {
        accepted_contract_choices(state, user).await?
    } else {
        Vec::new()
    };
    let body = html! {
        h1 { (v.row.name) }
        @if let Some(cpr) = &v.cpr {
            dl.facts {
                dt { (t::CANDIDATE_CPR) } dd { (cpr) }
                dt { (t::CANDIDATE_BENEFIT) } dd { (Benefit::parse(&v.row.benefit).map(|b| b.label()).unwrap_or("")) }
                dt { (t::CANDIDATE_MATCH_GROUP) } dd { (v.row.match_group) }
            }
            p.muted { (t::CANDIDATE_ACCESS_NOTE) }
        }
        h2 { (t::CANDIDATE_PLACEMENTS) }
        @if v.placements.is_empty() { p.empty { (t::CANDIDATE_NO_PLACEMENTS) } }
        @else {
            table {
                thead { tr { th { (t::PLACEMENT_PERIOD) } th { (t::PLACEMENT_STATUS) } th { (t::PLACEMENT_SEAT) } th { (t::PLACEMENT_OUTCOME) } } }
                tbody {
                    @for p in &v.placements {
                        tr {
                            td { a href={ "/placements/" (p.id) } { (format::date(p.start_date)) " – " (format::date(p.end_date)) } }
                            td { (service::status_label(&p.status)) }
                            td { @if let Some(s) = p.seat_no { (s) } }
                            td { @if v.cpr.is_some() { @if let Some(o) = &p.outcome { (service::outcome_label(o)) } } }
                        }
                    }
                }
            }
        }
        @if consultant {
            h2 { (t::CANDIDATE_ACTIVITIES) }
            @if v.activities.is_empty() { p.empty { (t::CONTRACT_NO_ACTIVITIES) } }
            @else {
                ul { @for a in &v.activities {
                    li { (crate::contracts::model::ActivityKind::parse(&a.kind).map(|k| k.label()).unwrap_or("")) ", " (a.provider) ", "
                         (format::hours(i64::from(a.minutes_per_week))) " pr. uge, " (format::kroner(a.cost_ore)) ", "
                         (format::date(a.start_date)) " – " (format::date(a.end_date)) }
                } }
            }
            h2 { (t::REFER_TITLE) }
            (referral_form(referral, Some(&choices), None, errors, &user.csrf))
        }
    };
    Ok((v.row.name.clone(), body))
}

#[get("/candidates/{id}")]
pub async fn candidate_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = ReferralForm {
        candidate_id: id.clone(),
        offer_type: "virksomhedspraktik".into(),
        from: "candidate".into(),
        ..Default::default()
    };
    let (title, body) = candidate_page_body(&state, &user, id, &f, &FieldErrors::new()).await?;
    Ok(render(&req, Some(&user), &title, body))
}

#[post("/referrals")]
pub async fn refer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<ReferralForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let input = ReferralInput {
        contract_id: f.contract_id.clone(),
        candidate_id: f.candidate_id.clone(),
        offer_type: f.offer_type.clone(),
        start_date: f.start_date.clone(),
        end_date: f.end_date.clone(),
    };
    match service::refer(&state.db, &user.actor, input).await {
        Ok(r) => Ok(redirect_with(
            &format!("/placements/{}", r.placement_id),
            if r.seat_no.is_some() {
                "referral_placed"
            } else {
                "referral_waiting"
            },
        )),
        Err(AppError::Validation(errors)) => {
            if f.from == "contract" {
                let body =
                    seats_body(&state, &user, f.contract_id.clone(), None, &f, &errors).await?;
                Ok(render_status(
                    &req,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(&user),
                    t::SEATS_TITLE,
                    body,
                ))
            } else {
                let (title, body) =
                    candidate_page_body(&state, &user, f.candidate_id.clone(), &f, &errors).await?;
                Ok(render_status(
                    &req,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(&user),
                    &title,
                    body,
                ))
            }
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- the seat timeline ----------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TimelineQuery {
    from: String,
}

const WEEKS_SHOWN: i64 = 16;

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

enum Cell<'a> {
    Taken(&'a crate::seats::store::PlacementRow, &'a str),
    Free,
    Closed,
}

/// One seat's weeks as cells, consecutive weeks of the same placement (or of free or closed
/// weeks) merged into one cell with its span.
fn seat_cells<'a>(
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

async fn seats_body(
    state: &AppState,
    user: &PageUser,
    contract_id: String,
    from: Option<NaiveDate>,
    referral: &ReferralForm,
    errors: &FieldErrors,
) -> Result<Markup, PageError> {
    let o = service::seat_overview(&state.db, &user.actor, contract_id.clone(), None, None).await?;
    let start = monday(from.unwrap_or_else(|| {
        crate::clock::today()
            .max(o.contract.start_date)
            .min(o.contract.end_date)
    }));
    let weeks: Vec<NaiveDate> = (0..WEEKS_SHOWN)
        .map(|i| start + Duration::weeks(i))
        .collect();
    let consultant = user.actor.may_manage_seats(&o.contract.parties());
    let candidates = if consultant {
        // The newest candidates (those just registered to be referred); others are referred from
        // their own page, found by name or CPR.
        service::recent_candidates(&state.db, &user.actor, 50)
            .await?
            .into_iter()
            .map(|(id, name, masked)| (id, format!("{name} ({masked})")))
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
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
            table.timeline {
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
        @if !o.headroom.is_empty() {
            h2 { (t::SEATS_HEADROOM) }
            p.hint { (t::SEATS_HEADROOM_HINT) }
            table {
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
                table {
                    thead { tr { th { (t::SEATS_POSITION) } th { (t::REFER_CANDIDATE) } th { (t::PLACEMENT_PERIOD) } } }
                    tbody { @for (p, name, pos) in &o.waiting {
                        tr { td { (pos) } td { a href={ "/placements/" (p.id) } { (name) } } td { (format::date(p.start_date)) " – " (format::date(p.end_date)) } }
                    } }
                }
            }
        }
        @if consultant && o.contract.accepted_version.is_some() && o.contract.terminated_on.is_none() {
            h2 { (t::REFER_TITLE) }
            (referral_form(referral, None, Some(&candidates), errors, &user.csrf))
        }
    })
}

#[get("/contracts/{id}/seats")]
pub async fn seats_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let q: TimelineQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let f = ReferralForm {
        contract_id: id.clone(),
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

// ---------- placements ----------

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct PlacementForm {
    pub date: String,
    pub outcome: String,
    pub end_date: String,
    pub assessment: String,
    pub self_supporting: String,
}

async fn placement_body(
    state: &AppState,
    user: &PageUser,
    id: String,
    f: &PlacementForm,
    errors: &FieldErrors,
) -> Result<(String, Markup), PageError> {
    let v = service::get_placement(&state.db, &user.actor, id.clone()).await?;
    let contract = service::contract(&state.db, &user.actor, v.row.contract_id.clone()).await?;
    let consultant = user.actor.may_manage_seats(&contract.row.parties());
    let outcomes: Vec<(String, String)> = service::OUTCOMES
        .iter()
        .map(|o| (o.to_string(), service::outcome_label(o).to_string()))
        .collect();
    let yes_no = vec![
        ("true".to_string(), t::YES.to_string()),
        ("false".to_string(), t::NO.to_string()),
    ];
    let p = &v.row;
    let jobcenter_side = user.actor.is_jobcenter_side();
    let today = crate::clock::today();
    let follow_up_waits = p.self_supporting.is_none()
        && (p.status == "ended" || (p.status == "placed" && p.end_date < today));
    let follow_up_open = follow_up_waits && v.follow_up_from <= today;
    // Only a referral that has not begun is cancelled; a placement that has begun is ended.
    let cancellable = p.status == "waiting" || (p.status == "placed" && p.start_date > today);
    let body = html! {
        h1 { (t::PLACEMENT_TITLE) " · " (v.candidate_name) }
        dl.facts {
            dt { (t::CONTRACT_COMPANY) } dd { a href={ "/contracts/" (contract.row.id) "/seats" } { (contract.company_name) } }
            dt { (t::PLACEMENT_STATUS) } dd { (service::status_label(&p.status)) @if let Some(pos) = v.position { " (nr. " (pos) ")" } }
            dt { (t::PLACEMENT_SEAT) } dd { @if let Some(s) = p.seat_no { (s) } }
            dt { (t::REFER_OFFER) } dd { (OfferType::parse(&p.offer_type).map(|o| o.label()).unwrap_or("")) }
            dt { (t::PLACEMENT_PERIOD) } dd { (format::date(p.start_date)) " – " (format::date(p.end_date)) }
            @if jobcenter_side {
                @if let Some(o) = &p.outcome { dt { (t::PLACEMENT_OUTCOME) } dd { (service::outcome_label(o)) } }
                @if let Some(s) = p.self_supporting { dt { (t::PLACEMENT_SELF_SUPPORTING) } dd { @if s { (t::YES) } @else { (t::NO) } } }
            }
        }
        @if consultant {
            (error_summary(errors))
            div.actions-panel {
                @if p.status == "placed" {
                    form.action method="post" action={ "/placements/" (p.id) "/end" } data-confirm=(t::CONFIRM_END_PLACEMENT) {
                        (csrf_field(&user.csrf))
                        (input("date", t::PLACEMENT_END_DATE, &f.date, "text", errors, Some(t::CONTRACT_DATE_HINT)))
                        (select("outcome", t::PLACEMENT_OUTCOME, &outcomes, &f.outcome, errors))
                        button type="submit" { (t::PLACEMENT_END) }
                    }
                    form.action method="post" action={ "/placements/" (p.id) "/extend" } {
                        (csrf_field(&user.csrf))
                        (input("end_date", t::PLACEMENT_NEW_END, &f.end_date, "text", errors, Some(t::CONTRACT_DATE_HINT)))
                        (textarea("assessment", t::PLACEMENT_ASSESSMENT, &f.assessment, errors))
                        p.hint { (t::PLACEMENT_ASSESSMENT_HINT) }
                        button type="submit" { (t::PLACEMENT_EXTEND) }
                    }
                }
                @if let Some(from) = v.remaining_from {
                    form.action method="post" action={ "/placements/" (p.id) "/take-remaining" } {
                        (csrf_field(&user.csrf))
                        p.hint { (t::remaining_offer(&format::date(from), &format::date(p.end_date))) }
                        button type="submit" { (t::PLACEMENT_TAKE_REMAINING) }
                    }
                }
                @if cancellable {
                    form.action method="post" action={ "/placements/" (p.id) "/cancel" } data-confirm=(t::CONFIRM_CANCEL_PLACEMENT) {
                        (csrf_field(&user.csrf))
                        button type="submit" { (t::PLACEMENT_CANCEL) }
                    }
                }
                @if follow_up_waits && !follow_up_open {
                    p.hint { (t::follow_up_from(&format::date(v.follow_up_from), (v.follow_up_from - p.end_date).num_weeks())) }
                }
                @if follow_up_open {
                    form.action method="post" action={ "/placements/" (p.id) "/follow-up" } {
                        (csrf_field(&user.csrf))
                        (select("self_supporting", t::PLACEMENT_SELF_SUPPORTING, &yes_no, &f.self_supporting, errors))
                        button type="submit" { (t::PLACEMENT_SAVE_FOLLOW_UP) }
                    }
                }
            }
            p { a href={ "/candidates/" (p.candidate_id) } { (t::REFER_CANDIDATE) ": " (v.candidate_name) } }
        }
    };
    Ok((v.candidate_name.clone(), body))
}

#[get("/placements/{id}")]
pub async fn placement_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (title, body) = placement_body(
        &state,
        &user,
        id.into_inner(),
        &PlacementForm::default(),
        &FieldErrors::new(),
    )
    .await?;
    Ok(render(&req, Some(&user), &title, body))
}

async fn placement_action(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: String,
    f: PlacementForm,
    change: PlacementChange,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    match service::change_placement(&state.db, &user.actor, id.clone(), change).await {
        Ok(_) => Ok(redirect_with(&format!("/placements/{id}"), ok)),
        Err(AppError::Validation(errors)) => {
            let (title, body) = placement_body(&state, &user, id, &f, &errors).await?;
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                &title,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/placements/{id}/end")]
pub async fn end(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let change = PlacementChange::End {
        date: f.date.clone(),
        outcome: f.outcome.clone(),
    };
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        f,
        change,
        "placement_ended",
    )
    .await
}

#[post("/placements/{id}/cancel")]
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        form.0,
        PlacementChange::Cancel,
        "placement_cancelled",
    )
    .await
}

#[post("/placements/{id}/take-remaining")]
pub async fn take_remaining(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        form.0,
        PlacementChange::TakeRemaining,
        "placement_remaining",
    )
    .await
}

#[post("/placements/{id}/extend")]
pub async fn extend(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let change = PlacementChange::Extend {
        end_date: f.end_date.clone(),
        assessment: f.assessment.clone(),
    };
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        f,
        change,
        "placement_extended",
    )
    .await
}

#[post("/placements/{id}/follow-up")]
pub async fn follow_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<PlacementForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let value = match f.self_supporting.as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    };
    placement_action(
        req,
        state,
        user,
        id.into_inner(),
        f,
        PlacementChange::FollowUp {
            self_supporting: value,
        },
        "follow_up_saved",
    )
    .await
}

// ---------- follow-ups and a company's seats ----------

#[get("/follow-ups")]
pub async fn follow_ups_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    #[derive(Deserialize, Default)]
    struct Q {
        sort: Option<String>,
        page: Option<String>,
    }
    let lq: Q = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = page_number(lq.page.as_deref());
    let sort = Sort::parse(
        lq.sort.as_deref(),
        service::FOLLOW_UP_SORTS,
        service::FOLLOW_UP_DEFAULT_SORT,
    );
    let (rows, total) = service::follow_ups_page(
        &state.db,
        &user.actor,
        sort,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    let body = html! {
        h1 { (t::FOLLOW_UPS_TITLE) }
        @if rows.is_empty() { p.empty { (t::FOLLOW_UPS_EMPTY) } }
        @else {
            table {
                thead { tr {
                    (sort_header("/follow-ups", &[], t::REFER_CANDIDATE, "candidate", &sort, false))
                    (sort_header("/follow-ups", &[], t::CONTRACT_COMPANY, "company", &sort, false))
                    th { (t::PLACEMENT_END_DATE) }
                    (sort_header("/follow-ups", &[], t::FOLLOW_UPS_DUE, "due", &sort, false))
                } }
                tbody { @for (p, cand, co, due) in &rows {
                    tr { td { a href={ "/placements/" (p.id) } { (cand) } } td { (co) } td { (format::date(p.end_date)) } td { (format::date(*due)) } }
                } }
            }
            (pagination_with("/follow-ups", &[("sort", sort.param())], page, PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::FOLLOW_UPS_TITLE, body))
}

/// A company's seat commitments across its contracts: seats, occupied today, starts soon.
#[get("/seats")]
pub async fn commitments_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let today = crate::clock::today();
    let rows =
        service::commitments(&state.db, &user.actor, today, today + Duration::weeks(4)).await?;
    let body = html! {
        h1 { (t::SEATS_COMMITMENTS) }
        @if rows.is_empty() { p.empty { (t::CONTRACTS_EMPTY_COMPANY) } }
        @else {
            table {
                thead { tr { th { (t::CONTRACT) } th.num { (t::SEATS_COMMITTED) } th.num { (t::SEATS_OCCUPIED_TODAY) } th { (t::SEATS_STARTING) } } }
                tbody { @for c in &rows {
                    tr {
                        td { a href={ "/contracts/" (c.contract.id) "/seats" } { (c.company) } " " span class={ "badge s-" (c.status.code()) } { (c.status.label()) } }
                        td.num { (c.seats_today) }
                        td.num { (c.occupied_today) }
                        td { @for (name, d, seat) in &c.starting { (name) ", " (format::date(*d)) @if let Some(s) = seat { ", " (t::SEATS_SEAT.to_lowercase()) " " (s) } br; } }
                    }
                } }
            }
        }
    };
    Ok(render(&req, Some(&user), t::SEATS_COMMITMENTS, body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(candidates_page)
        .service(search_candidates)
        .service(new_candidate_page)
        .service(create_candidate)
        .service(candidate_page)
        .service(refer)
        .service(seats_page)
        .service(placement_page)
        .service(end)
        .service(cancel)
        .service(take_remaining)
        .service(extend)
        .service(follow_up)
        .service(follow_ups_page)
        .service(commitments_page);
}
