//! The hours pages (Danish): the mentor's week grid, approval for the consultant, the weeks
//! waiting, and the payment export.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::Datelike;
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::db::Sort;
use crate::error::{AppError, FieldErrors};
use crate::hours::model::{HourActivity, IsoWeek};
use crate::hours::service::{self, GridCell, WeekAction, WeekView};
use crate::state::AppState;
use crate::ui::components::{
    csrf_field, error_summary, input, page_number, pagination_with, select, sort_header, textarea,
};
use crate::ui::format;
use crate::ui::texts as t;
use crate::ui::{redirect_with, render, render_status, PageError};

const PENDING_PAGE_SIZE: i64 = 25;

const DAY_NAMES: [&str; 7] = ["man", "tir", "ons", "tor", "fre", "lør", "søn"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HoursQuery {
    contract_id: String,
    week: String,
}

/// The grid as typed: one entry per row in each repeated field.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct GridForm {
    pub contract_id: String,
    pub week: String,
    pub row_candidate: Vec<String>,
    pub row_activity: Vec<String>,
    pub row_note: Vec<String>,
    pub d0: Vec<String>,
    pub d1: Vec<String>,
    pub d2: Vec<String>,
    pub d3: Vec<String>,
    pub d4: Vec<String>,
    pub d5: Vec<String>,
    pub d6: Vec<String>,
    /// Which button was pressed: `save` (also Enter), `submit`, or `submit_empty` (a week of
    /// no hours, confirmed).
    pub action: String,
}

impl GridForm {
    fn day(&self, d: usize) -> &[String] {
        match d {
            0 => &self.d0,
            1 => &self.d1,
            2 => &self.d2,
            3 => &self.d3,
            4 => &self.d4,
            5 => &self.d5,
            _ => &self.d6,
        }
    }

    fn cell(&self, row: usize, d: usize) -> String {
        self.day(d).get(row).cloned().unwrap_or_default()
    }
}

/// The grid's rows from the stored entries: (candidate, activity) with the day sums as text.
fn grid_from(v: &WeekView) -> GridForm {
    let mut rows: BTreeMap<(String, String), [i64; 7]> = BTreeMap::new();
    let mut notes: BTreeMap<(String, String), String> = BTreeMap::new();
    for e in &v.entries {
        let key = (
            e.candidate_id.clone().unwrap_or_default(),
            e.activity.clone(),
        );
        let d = e.work_date.weekday().num_days_from_monday() as usize;
        rows.entry(key.clone()).or_insert([0; 7])[d] += i64::from(e.minutes);
        if !e.note.is_empty() {
            notes.entry(key).or_insert_with(|| e.note.clone());
        }
    }
    let mut f = GridForm {
        contract_id: v.contract.id.clone(),
        week: v.week.to_string(),
        ..Default::default()
    };
    for ((cand, act), days) in rows {
        f.row_note.push(
            notes
                .get(&(cand.clone(), act.clone()))
                .cloned()
                .unwrap_or_default(),
        );
        f.row_candidate.push(cand);
        f.row_activity.push(act);
        for (d, m) in days.iter().enumerate() {
            let text = if *m == 0 {
                String::new()
            } else {
                format::hours_input(*m)
            };
            match d {
                0 => f.d0.push(text),
                1 => f.d1.push(text),
                2 => f.d2.push(text),
                3 => f.d3.push(text),
                4 => f.d4.push(text),
                5 => f.d5.push(text),
                _ => f.d6.push(text),
            }
        }
    }
    f
}

fn week_nav(v: &WeekView) -> Markup {
    let link = |w: IsoWeek| format!("/hours?contract_id={}&week={}", v.contract.id, w);
    html! {
        nav.pagination aria-label=(t::HOURS_WEEKS_NAV) {
            a rel="prev" href=(link(v.week.prev())) { "← " (format::week(v.week.prev().monday())) }
            strong {
                (v.week.label()) " · " (v.status.label())
                @if let Some(amount) = v.row.as_ref().and_then(|r| r.approved_amount_ore) { " · " (format::kroner(amount)) }
            }
            a rel="next" href=(link(v.week.next())) { (format::week(v.week.next().monday())) " →" }
        }
    }
}

/// The week grid. The mentor's two buttons are in the grid's own form, so "Indsend" sends what
/// was typed (#18.17); "Gem ugen" comes first, so Enter saves. After a save the first cell has
/// the focus (`focus`), so the mentor goes on typing where they were.
fn grid(
    v: &WeekView,
    f: &GridForm,
    errors: &FieldErrors,
    csrf: &str,
    editable: bool,
    focus: bool,
) -> Markup {
    let activities: Vec<(String, String)> = HourActivity::ALL
        .iter()
        .map(|a| (a.code().to_string(), a.label().to_string()))
        .collect();
    let rows = f.row_activity.len().max(f.row_candidate.len());
    let total_rows = if editable { rows + 2 } else { rows };
    let days = v.week.days();
    let mut day_totals = [0i64; 7];
    for e in &v.entries {
        day_totals[e.work_date.weekday().num_days_from_monday() as usize] += i64::from(e.minutes);
    }
    let week_total: i64 = day_totals.iter().sum();
    let name_of = |id: &str| {
        v.candidates
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    html! {
        (error_summary(errors))
        form.grid method="post" action="/hours/grid" {
            (csrf_field(csrf))
            input type="hidden" name="contract_id" value=(v.contract.id);
            input type="hidden" name="week" value=(v.week.to_string());
            @if editable { p.hint { (t::HOURS_HINT) } }
            table.hours {
                thead { tr {
                    th { (t::HOURS_ROW) }
                    @for (i, d) in days.iter().enumerate() { th.num { (DAY_NAMES[i]) br; span.muted { (d.format("%d-%m")) } } }
                } }
                tbody {
                    @for r in 0..total_rows {
                        tr {
                            td {
                                @if editable {
                                    select name="row_candidate" aria-label=(t::in_row(t::REFER_CANDIDATE, r + 1)) {
                                        option value="" { (t::HOURS_NO_CANDIDATE) }
                                        @for (id, name) in &v.candidates {
                                            option value=(id) selected[f.row_candidate.get(r) == Some(id)] { (name) }
                                        }
                                    }
                                    select name="row_activity" aria-label=(t::in_row(t::HOURS_ACTIVITY, r + 1)) {
                                        @for (code, label) in &activities {
                                            option value=(code) selected[f.row_activity.get(r).map(String::as_str).unwrap_or("training") == code] { (label) }
                                        }
                                    }
                                    input.note type="text" name="row_note" placeholder=(t::HOURS_NOTE) aria-label=(t::in_row(t::HOURS_NOTE, r + 1))
                                        value=(f.row_note.get(r).cloned().unwrap_or_default());
                                } @else {
                                    @let cand = f.row_candidate.get(r).cloned().unwrap_or_default();
                                    (if cand.is_empty() { t::HOURS_NO_CANDIDATE.to_string() } else { name_of(&cand) })
                                    " · " (HourActivity::parse(f.row_activity.get(r).map(String::as_str).unwrap_or("")).map(|a| a.label()).unwrap_or(""))
                                    @if let Some(n) = f.row_note.get(r).filter(|n| !n.is_empty()) { br; span.muted { (n) } }
                                }
                            }
                            @for d in 0..7 {
                                @let key = format!("cell-{r}-{d}");
                                td.num.invalid[errors.has(&key)] {
                                    @if editable {
                                        input.hour id={ "f-" (key) } type="text" inputmode="decimal" name={ "d" (d) } value=(f.cell(r, d))
                                            aria-label=(t::in_row(&format!("{} {}", DAY_NAMES[d], days[d].format("%d-%m")), r + 1))
                                            aria-invalid=[errors.has(&key).then_some("true")]
                                            autofocus[focus && r == 0 && d == 0];
                                        @if errors.has(&key) { span.field-error { (errors.get(&key).join(" ")) } }
                                    } @else {
                                        (f.cell(r, d))
                                    }
                                }
                            }
                        }
                    }
                    tr.total {
                        th { (t::HOURS_DAY_TOTAL) }
                        @for d in 0..7 {
                            td.num.invalid[errors.has(&format!("day-{d}"))] id={ "f-day-" (d) } tabindex="-1" {
                                (format::hours(day_totals[d]))
                            }
                        }
                    }
                }
            }
            p {
                strong { (t::HOURS_WEEK_TOTAL) ": " span data-week-total { (format::hours(week_total)) } }
                " · " (t::HOURS_BUDGET) ": " (format::hours(v.budget_minutes))
            }
            @if editable {
                @if errors.has(service::CONFIRM_EMPTY) {
                    div.notice role="alert" {
                        p { strong { (errors.get(service::CONFIRM_EMPTY).join(" ")) } }
                        div.actions {
                            button type="submit" name="action" value="submit_empty" { (t::HOURS_SUBMIT_EMPTY) }
                            button.secondary type="submit" name="action" value="save" { (t::HOURS_SAVE) }
                        }
                    }
                } @else {
                    div.actions {
                        button type="submit" name="action" value="save" { (t::HOURS_SAVE) }
                        button.secondary type="submit" name="action" value="submit" { (t::HOURS_SUBMIT) }
                    }
                    p.hint { (t::HOURS_SUBMIT_HINT) }
                }
            }
        }
    }
}

async fn hours_body(
    state: &AppState,
    user: &PageUser,
    v: WeekView,
    f: Option<&GridForm>,
    errors: &FieldErrors,
    focus: bool,
) -> Result<Markup, PageError> {
    let is_mentor = user.actor.may_log_hours(&v.contract.parties());
    let editable = is_mentor && v.status.editable() && v.week.monday() <= crate::clock::today();
    let may_decide = user.actor.may_approve_hours(&v.contract.parties());
    let stored = grid_from(&v);
    let form = f.unwrap_or(&stored);
    let mine = if is_mentor {
        mentor_contracts(state, user).await?
    } else {
        Vec::new()
    };
    Ok(html! {
        div.page-head { h1 { (t::HOURS_TITLE) " · " (v.company_name) } }
        @if mine.len() > 1 {
            form.filters method="get" action="/hours" {
                (select("contract_id", t::HOURS_CONTRACT, &mine, &v.contract.id, &FieldErrors::new()))
                input type="hidden" name="week" value=(v.week.to_string());
                div.actions { button type="submit" { (t::PAYMENTS_SHOW) } }
            }
        }
        (week_nav(&v))
        @if let Some(r) = v.row.as_ref().filter(|r| r.status == "rejected") {
            p.notice { strong { (t::HOURS_REJECTED_BECAUSE) ": " } (r.reason.as_deref().unwrap_or("")) }
        }
        @if !editable && is_mentor { p.muted { (t::HOURS_LOCKED) } }
        (grid(&v, form, errors, &user.csrf, editable, focus))
        @if !v.history.is_empty() {
            section.week-history aria-labelledby="week-history" {
                h2 #week-history { (t::HOURS_HISTORY) }
                ol.history {
                    @for e in &v.history {
                        li {
                            strong { (t::hours_history_action(&e.action)) }
                            " " (t::HOURS_HISTORY_BY) " " (e.by) " · "
                            time datetime=(e.at.format("%Y-%m-%dT%H:%M:%SZ").to_string()) { (format::datetime(e.at)) }
                            @if let Some(r) = e.reason.as_deref().filter(|r| !r.is_empty()) { ": " q { (r) } }
                        }
                    }
                }
            }
        }
        @if may_decide && v.status == crate::hours::model::WeekStatus::Submitted {
            div.actions-panel {
                form.action method="post" action="/hours/approve" {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="contract_id" value=(v.contract.id);
                    input type="hidden" name="week" value=(v.week.to_string());
                    button type="submit" { (t::HOURS_APPROVE) }
                }
                form.action method="post" action="/hours/reject" {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="contract_id" value=(v.contract.id);
                    input type="hidden" name="week" value=(v.week.to_string());
                    (textarea("reason", t::HOURS_REASON, "", errors))
                    button type="submit" { (t::HOURS_REJECT) }
                }
            }
        }
    })
}

/// The accepted contracts the mentor mentors, as choices.
async fn mentor_contracts(
    state: &AppState,
    user: &PageUser,
) -> Result<Vec<(String, String)>, AppError> {
    let items = service::mentor_contracts(&state.db, &user.actor, 100).await?;
    Ok(items
        .into_iter()
        .map(|(r, company)| {
            (
                r.id,
                format!(
                    "{company} ({} – {})",
                    format::date(r.start_date),
                    format::date(r.end_date)
                ),
            )
        })
        .collect())
}

#[get("/hours")]
pub async fn hours_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let q: HoursQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let week = if q.week.trim().is_empty() {
        IsoWeek::of(crate::clock::today())
    } else {
        IsoWeek::parse(&q.week).map_err(|m| AppError::field("week", m))?
    };
    let contract_id = if q.contract_id.trim().is_empty() {
        match mentor_contracts(&state, &user).await?.into_iter().next() {
            Some((id, _)) => id,
            None => {
                let body = html! { h1 { (t::HOURS_TITLE) } p.empty { (t::HOURS_NO_CONTRACTS) } };
                return Ok(render(&req, Some(&user), t::HOURS_TITLE, body));
            }
        }
    } else {
        q.contract_id.trim().to_string()
    };
    let v = service::week_view(&state.db, &user.actor, contract_id, week).await?;
    // Just saved: the focus goes back to the grid, not to the top of the page.
    let focus = crate::ui::flash(&req).is_some_and(|m| Some(m) == t::flash("hours_saved"));
    let body = hours_body(&state, &user, v, None, &FieldErrors::new(), focus).await?;
    Ok(render(&req, Some(&user), t::HOURS_TITLE, body))
}

#[post("/hours/grid")]
pub async fn save_grid(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<GridForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let week = IsoWeek::parse(&f.week).map_err(|m| AppError::field("week", m))?;
    let mut errors = FieldErrors::new();
    let mut cells = Vec::new();
    let rows = f.row_activity.len();
    for r in 0..rows {
        let activity = HourActivity::parse(&f.row_activity[r]).unwrap_or(HourActivity::Other);
        let candidate = f.row_candidate.get(r).cloned().filter(|c| !c.is_empty());
        let note = f.row_note.get(r).cloned().unwrap_or_default();
        for (d, date) in week.days().into_iter().enumerate() {
            let text = f.cell(r, d);
            let minutes = if text.trim().is_empty() {
                0
            } else {
                match format::parse_hours(&text) {
                    Ok(m) => m,
                    Err(msg) => {
                        errors.add(&format!("cell-{r}-{d}"), msg);
                        continue;
                    }
                }
            };
            cells.push(GridCell {
                row: r,
                candidate_id: candidate.clone(),
                activity,
                date,
                minutes,
                note: note.clone(),
            });
        }
    }
    // Rows that name the same candidate and activity are added together.
    let mut merged: BTreeMap<(Option<String>, &'static str, chrono::NaiveDate), GridCell> =
        BTreeMap::new();
    for c in cells {
        let key = (c.candidate_id.clone(), c.activity.code(), c.date);
        match merged.get_mut(&key) {
            Some(existing) => existing.minutes += c.minutes,
            None => {
                merged.insert(key, c);
            }
        }
    }
    let cells: Vec<GridCell> = merged.into_values().collect();
    let submitting = matches!(f.action.as_str(), "submit" | "submit_empty");
    let result = if !errors.is_empty() {
        Err(AppError::Validation(errors))
    } else if submitting {
        let allow_empty = f.action == "submit_empty";
        service::save_and_submit(
            &state.db,
            &user.actor,
            f.contract_id.clone(),
            week,
            cells,
            allow_empty,
        )
        .await
        .map(|_| "week_submitted")
    } else {
        service::save_grid(&state.db, &user.actor, f.contract_id.clone(), week, cells)
            .await
            .map(|()| "hours_saved")
    };
    match result {
        Ok(ok) => Ok(redirect_with(
            &format!("/hours?contract_id={}&week={}", f.contract_id, week),
            ok,
        )),
        Err(AppError::Validation(errors)) => {
            let v = service::week_view(&state.db, &user.actor, f.contract_id.clone(), week).await?;
            let body = hours_body(&state, &user, v, Some(&f), &errors, false).await?;
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::HOURS_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct WeekForm {
    pub contract_id: String,
    pub week: String,
    pub reason: String,
}

async fn week_action(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    f: WeekForm,
    action: WeekAction,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    let week = IsoWeek::parse(&f.week).map_err(|m| AppError::field("week", m))?;
    match service::decide_week(&state.db, &user.actor, f.contract_id.clone(), week, action).await {
        Ok(_) => Ok(redirect_with(
            &format!("/hours?contract_id={}&week={}", f.contract_id, week),
            ok,
        )),
        Err(AppError::Validation(errors)) => {
            let v = service::week_view(&state.db, &user.actor, f.contract_id.clone(), week).await?;
            let body = hours_body(&state, &user, v, None, &errors, false).await?;
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::HOURS_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/hours/submit")]
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<WeekForm>,
) -> Result<HttpResponse, PageError> {
    week_action(
        req,
        state,
        user,
        form.0,
        WeekAction::Submit,
        "week_submitted",
    )
    .await
}

#[post("/hours/approve")]
pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<WeekForm>,
) -> Result<HttpResponse, PageError> {
    week_action(
        req,
        state,
        user,
        form.0,
        WeekAction::Approve,
        "week_approved",
    )
    .await
}

#[post("/hours/reject")]
pub async fn reject(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<WeekForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let reason = f.reason.clone();
    week_action(
        req,
        state,
        user,
        f,
        WeekAction::Reject(reason),
        "week_rejected",
    )
    .await
}

#[get("/hours/pending")]
pub async fn pending_page(
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
    // Waiting for approval first, oldest week first; or by company or week.
    let sort = Sort::parse(
        lq.sort.as_deref(),
        &["status", "company", "week"],
        Sort::asc("status"),
    );
    let mut rows = service::pending_weeks(&state.db, &user.actor).await?;
    match sort.key {
        "company" => rows.sort_by(|a, b| {
            format::sort_key(&a.1)
                .cmp(&format::sort_key(&b.1))
                .then(a.2.cmp(&b.2))
        }),
        "week" => rows.sort_by_key(|r| (r.2, format::sort_key(&r.1))),
        _ => {}
    }
    if sort.desc {
        rows.reverse();
    }
    let total = rows.len() as i64;
    let shown: Vec<_> = rows
        .iter()
        .skip(((page - 1) * PENDING_PAGE_SIZE) as usize)
        .take(PENDING_PAGE_SIZE as usize)
        .collect();
    let body = html! {
        h1 { (t::HOURS_PENDING_TITLE) }
        @if rows.is_empty() { p.empty { (t::HOURS_PENDING_EMPTY) } }
        @else {
            table {
                thead { tr {
                    (sort_header("/hours/pending", &[], t::CONTRACT_COMPANY, "company", &sort, false))
                    (sort_header("/hours/pending", &[], t::HOURS_WEEK, "week", &sort, false))
                    (sort_header("/hours/pending", &[], t::CONTRACT_STATUS, "status", &sort, false))
                } }
                tbody { @for (c, company, w, s) in shown {
                    tr {
                        td { a href={ "/hours?contract_id=" (c.id) "&week=" (w) } { (company) } }
                        td { (w.label()) }
                        td { span class={ "badge w-" (s.code()) } { (s.label()) } }
                    }
                } }
            }
            (pagination_with("/hours/pending", &[("sort", sort.param())], page, PENDING_PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::HOURS_PENDING_TITLE, body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MonthQuery {
    month: String,
}

fn this_month() -> String {
    crate::clock::month_key(crate::clock::today())
}

#[get("/payments")]
pub async fn payments_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let q: MonthQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let month_text = if q.month.trim().is_empty() {
        this_month()
    } else {
        q.month.trim().to_string()
    };
    let mut errors = FieldErrors::new();
    let month = errors.check("month", crate::clock::parse_month(&month_text));
    let rows = match month {
        Some(m) => service::payments(&state.db, &user.actor, m).await?,
        None => {
            if !user.actor.may_view_payments() {
                return Err(AppError::Forbidden.into());
            }
            Vec::new()
        }
    };
    // Summed without wrapping (an overflow is refused as the amounts themselves are).
    let total =
        crate::hours::model::sum(rows.iter().map(|p| p.amount_ore)).map_err(AppError::from)?;
    let body = html! {
        h1 { (t::PAYMENTS_TITLE) }
        form.filters method="get" action="/payments" {
            (input("month", t::PAYMENTS_MONTH, &month_text, "text", &errors, None))
            div.actions { button type="submit" { (t::PAYMENTS_SHOW) } }
        }
        @if month.is_some() {
            @if rows.is_empty() { p.empty { (t::PAYMENTS_EMPTY) } }
            @else {
                table {
                    thead { tr { th { (t::CONTRACT_COMPANY) } th { "CVR" } th { (t::PAYMENTS_KIND) } th.num { (t::HOURS_APPROVED) } th.num { (t::PAYMENTS_AMOUNT) } } }
                    tbody {
                        @for p in &rows {
                            tr {
                                td { (p.company_name) } td { (p.company_cvr) } td { (p.kind.label()) }
                                td.num { @if p.kind == service::PaymentKind::Hours { (format::hours(p.minutes)) } }
                                td.num { (format::kroner(p.amount_ore)) }
                            }
                        }
                        tr.total { td colspan="4" { "I alt" } td.num { (format::kroner(total)) } }
                    }
                }
                p { a.button href={ "/payments.csv?month=" (month_text) } { (t::PAYMENTS_CSV) } }
            }
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(
        &req,
        status,
        Some(&user),
        t::PAYMENTS_TITLE,
        body,
    ))
}

#[get("/payments.csv")]
pub async fn payments_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let q: MonthQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let month = crate::clock::parse_month(&q.month).map_err(|m| AppError::field("month", m))?;
    let rows = service::payments(&state.db, &user.actor, month).await?;
    let mut resp = crate::hours::api::payment_response(q.month.trim(), rows, Some("csv"))?;
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(hours_page)
        .service(save_grid)
        .service(submit)
        .service(approve)
        .service(reject)
        .service(pending_page)
        .service(payments_page)
        .service(payments_csv)
        .service(contract_economy_page)
        .service(jobcenter_economy_page);
}

fn economy_table(months: &[crate::hours::economy::MonthEconomy]) -> Markup {
    let sum =
        |f: fn(&crate::hours::economy::MonthEconomy) -> i64| months.iter().map(f).sum::<i64>();
    html! {
        table {
            thead { tr {
                th { (t::economy::MONTH) } th.num { (t::economy::MENTOR_BUDGET) } th.num { (t::economy::MENTOR_ACTUAL) } th.num { (t::economy::SHARED) }
                th.num { (t::economy::INDIVIDUAL) } th.num { (t::economy::BUDGET_TOTAL) } th.num { (t::economy::ACTUAL_TOTAL) }
            } }
            tbody {
                @for m in months {
                    tr {
                        td { (m.month) } td.num { (format::kroner(m.mentor_budget)) } td.num { (format::kroner(m.mentor_cost)) }
                        td.num { (format::kroner(m.shared_activities)) } td.num { (format::kroner(m.individual_activities)) }
                        td.num { (format::kroner(m.budget_total)) } td.num.invalid[m.actual_total > m.budget_total] { (format::kroner(m.actual_total)) }
                    }
                }
                tr.total {
                    td { (t::economy::TOTAL) } td.num { (format::kroner(sum(|m| m.mentor_budget))) } td.num { (format::kroner(sum(|m| m.mentor_cost))) }
                    td.num { (format::kroner(sum(|m| m.shared_activities))) } td.num { (format::kroner(sum(|m| m.individual_activities))) }
                    td.num { (format::kroner(sum(|m| m.budget_total))) } td.num { (format::kroner(sum(|m| m.actual_total))) }
                }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EconomyQuery {
    year: String,
    format: String,
}

#[get("/contracts/{id}/economy")]
pub async fn contract_economy_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let q: EconomyQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let (c, months) =
        crate::hours::economy::for_contract(&state.db, &user.actor, id.into_inner()).await?;
    if q.format == "csv" {
        return Ok(crate::hours::api::economy_response(
            &c.id,
            months,
            Some("csv"),
        )?);
    }
    let body = html! {
        div.page-head { h1 { (t::economy::TITLE) } a href={ "/contracts/" (c.id) } { (t::CONTRACT) } }
        p.muted { (format::date(c.start_date)) " – " (format::date(c.end_date)) }
        (economy_table(&months))
        p { a.button href={ "/contracts/" (c.id) "/economy?format=csv" } { (t::PAYMENTS_CSV) } }
    };
    Ok(render(&req, Some(&user), t::economy::TITLE, body))
}

#[get("/jobcenters/{id}/economy")]
pub async fn jobcenter_economy_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let q: EconomyQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let year = q
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .unwrap_or_else(|| crate::clock::today().year());
    let id = id.into_inner();
    let months =
        crate::hours::economy::for_jobcenter(&state.db, &user.actor, id.clone(), year).await?;
    if q.format == "csv" {
        return Ok(crate::hours::api::economy_response(
            &year.to_string(),
            months,
            Some("csv"),
        )?);
    }
    let body = html! {
        div.page-head { h1 { (t::economy::TITLE) " " (year) } a href={ "/jobcenters/" (id) } { (t::NAV_MY_JOBCENTER) } }
        nav.pagination {
            a href={ "/jobcenters/" (id) "/economy?year=" (year - 1) } { "← " (year - 1) }
            a href={ "/jobcenters/" (id) "/economy?year=" (year + 1) } { (year + 1) " →" }
        }
        (economy_table(&months))
        p { a.button href={ "/jobcenters/" (id) "/economy?year=" (year) "&format=csv" } { (t::PAYMENTS_CSV) } }
    };
    Ok(render(&req, Some(&user), t::economy::TITLE, body))
}
