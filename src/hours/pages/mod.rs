//! The hours pages (Danish): the mentor's week grid, approval for the consultant, the weeks
//! waiting, and the payment export.

use crate::ids::{CandidateId, ContractId};
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::Datelike;
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::{HourActivity, IsoWeek};
use crate::hours::service::{self, GridCell, WeekView};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{csrf_field, error_summary, select, textarea};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

mod approvals;
mod payments;

pub use approvals::*;
pub use payments::*;

const PENDING_PAGE_SIZE: i64 = 25;

const DAY_NAMES: [&str; 7] = t::hours::WEEKDAYS_SHORT;

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
            e.candidate_id.as_deref().unwrap_or_default().to_string(),
            e.activity.clone(),
        );
        let d = e.work_date.weekday().num_days_from_monday() as usize;
        rows.entry(key.clone()).or_insert([0; 7])[d] += i64::from(e.minutes);
        if !e.note.is_empty() {
            notes.entry(key).or_insert_with(|| e.note.clone());
        }
    }
    let mut f = GridForm {
        contract_id: v.contract.id.clone().into(),
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

/// A week sent back by a reopening (its last decision), not by a rejection.
fn reopened(v: &WeekView) -> bool {
    v.status == crate::hours::model::WeekStatus::Rejected
        && v.history
            .iter()
            .rev()
            .find(|e| e.action != "submit")
            .is_some_and(|e| e.action == "reopened")
}

fn week_nav(v: &WeekView) -> Markup {
    let link = |w: IsoWeek| format!("/hours?contract_id={}&week={}", v.contract.id, w);
    html! {
        nav.pagination aria-label=(t::HOURS_WEEKS_NAV) {
            a rel="prev" href=(link(v.week.prev())) { "← " (format::week(v.week.prev().monday())) }
            strong {
                (v.week.label()) " · "
                @if reopened(v) { (t::hours_history_action("reopened")) } @else { (v.status.label()) }
                @if v.status == crate::hours::model::WeekStatus::Approved {
                    @if let Some(amount) = v.row.as_ref().and_then(|r| r.approved_amount_ore) { " · " (format::kroner(amount)) }
                }
            }
            a rel="next" href=(link(v.week.next())) { (format::week(v.week.next().monday())) " →" }
        }
    }
}

/// What the grid and the day cards both draw from: the activities to choose, the rows typed
/// or stored, and the stored day and week totals.
struct GridParts {
    activities: Vec<(String, String)>,
    rows: usize,
    day_totals: [i64; 7],
    week_total: i64,
}

fn grid_parts(v: &WeekView, f: &GridForm) -> GridParts {
    let mut day_totals = [0i64; 7];
    for e in &v.entries {
        day_totals[e.work_date.weekday().num_days_from_monday() as usize] += i64::from(e.minutes);
    }
    GridParts {
        activities: HourActivity::ALL
            .iter()
            .map(|a| (a.code().to_string(), a.label().to_string()))
            .collect(),
        rows: f.row_activity.len().max(f.row_candidate.len()),
        day_totals,
        week_total: day_totals.iter().sum(),
    }
}

/// A candidate of the week by id, or "" for none.
fn candidate_name(v: &WeekView, id: &str) -> String {
    v.candidates
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

/// Under the grid and the day cards alike: the week's total against its budget, and the
/// mentor's buttons ("Gem ugen" first, so Enter saves; the question before an empty week).
fn week_footer(
    v: &WeekView,
    week_total: i64,
    errors: &FieldErrors,
    editable: bool,
    with_hint: bool,
) -> Markup {
    html! {
        p {
            strong { (t::HOURS_WEEK_TOTAL) ": " span data-week-total { (format::hours(week_total)) } }
            " · " (t::HOURS_BUDGET) ": " (format::hours(v.budget_minutes))
        }
        @if editable {
            @if errors.has(service::CONFIRM_EMPTY) {
                div.notice role="alert" {
                    p { strong { (errors.get(service::CONFIRM_EMPTY).join(" ")) } }
                    div.actions {
                        button.button.button-primary type="submit" name="action" value="submit_empty" { (t::HOURS_SUBMIT_EMPTY) }
                        button.button.button-secondary type="submit" name="action" value="save" { (t::HOURS_SAVE) }
                    }
                }
            } @else {
                div.actions {
                    button.button.button-primary type="submit" name="action" value="save" { (t::HOURS_SAVE) }
                    button.button.button-secondary type="submit" name="action" value="submit" { (t::HOURS_SUBMIT) }
                }
                @if with_hint { p.hint { (t::HOURS_SUBMIT_HINT) } }
            }
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
    let GridParts {
        activities,
        rows,
        day_totals,
        week_total,
    } = grid_parts(v, f);
    let total_rows = if editable { rows + 2 } else { rows };
    let days = v.week.days();
    let name_of = |id: &str| candidate_name(v, id);
    html! {
        (error_summary(errors))
        form.grid.week-table method="post" action="/hours/grid" {
            (csrf_field(csrf))
            input type="hidden" name="contract_id" value=(v.contract.id);
            input type="hidden" name="week" value=(v.week.to_string());
            @if editable { p.hint { (t::HOURS_HINT) } }
            table.hours tabindex="0" {
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
                            td.num.invalid[errors.has(&format!("day-{d}"))] id={ "f-day-" (d) } tabindex="-1" data-day-total=(d) {
                                (format::hours(day_totals[d]))
                            }
                        }
                    }
                }
            }
            (week_footer(v, week_total, errors, editable, true))
        }
    }
}

/// The same week on a phone (#20): one card per day instead of a table wider than the screen.
/// It is a second, complete form that the stylesheet shows below 720 px in place of the grid;
/// a hidden form sends nothing, so only the one in view is submitted. Its fields come in the
/// order the grid's do per name (row 1 before row 2 under every day), so the server reads both
/// alike. Its ids start with `m-`, so they stay unique on the page.
fn day_cards(
    v: &WeekView,
    f: &GridForm,
    errors: &FieldErrors,
    csrf: &str,
    editable: bool,
) -> Markup {
    let GridParts {
        activities,
        rows,
        day_totals,
        week_total,
    } = grid_parts(v, f);
    // One empty row to start a new one, not two: every row repeats under all seven days.
    let total_rows = if editable { rows + 1 } else { rows };
    let days = v.week.days();
    let name_of = |id: &str| candidate_name(v, id);
    // What a row is about, in words: "Række 1 · Anna Jensen · Oplæring i jobbet".
    let row_label = |r: usize| {
        let mut label = t::hours::row_heading(r + 1);
        let cand = f.row_candidate.get(r).map(String::as_str).unwrap_or("");
        if !cand.is_empty() {
            label.push_str(" · ");
            label.push_str(&name_of(cand));
        }
        if r < rows {
            if let Some(a) =
                HourActivity::parse(f.row_activity.get(r).map(String::as_str).unwrap_or(""))
            {
                label.push_str(" · ");
                label.push_str(a.label());
            }
        }
        label
    };
    html! {
        form.grid.day-cards method="post" action="/hours/grid" {
            (csrf_field(csrf))
            input type="hidden" name="contract_id" value=(v.contract.id);
            input type="hidden" name="week" value=(v.week.to_string());
            @if editable {
                p.hint { (t::hours::DAY_CARDS_HINT) }
                fieldset.rows {
                    legend { (t::hours::DAY_CARDS_ROWS) }
                    @for r in 0..total_rows {
                        div.row-card {
                            h3 { (t::hours::row_heading(r + 1)) }
                            div.form-group {
                                label.form-label for={ "m-row_candidate-" (r) } { (t::REFER_CANDIDATE) }
                                select.form-select id={ "m-row_candidate-" (r) } name="row_candidate" {
                                    option value="" { (t::HOURS_NO_CANDIDATE) }
                                    @for (id, name) in &v.candidates {
                                        option value=(id) selected[f.row_candidate.get(r) == Some(id)] { (name) }
                                    }
                                }
                            }
                            div.form-group {
                                label.form-label for={ "m-row_activity-" (r) } { (t::HOURS_ACTIVITY) }
                                select.form-select id={ "m-row_activity-" (r) } name="row_activity" {
                                    @for (code, label) in &activities {
                                        option value=(code) selected[f.row_activity.get(r).map(String::as_str).unwrap_or("training") == code] { (label) }
                                    }
                                }
                            }
                            div.form-group {
                                label.form-label for={ "m-row_note-" (r) } { (t::HOURS_NOTE) }
                                input.form-input id={ "m-row_note-" (r) } type="text" name="row_note"
                                    value=(f.row_note.get(r).cloned().unwrap_or_default());
                            }
                        }
                    }
                }
            }
            @for d in 0..7 {
                section.day-card aria-labelledby={ "m-day-" (d) } {
                    h3 id={ "m-day-" (d) } { (t::hours::WEEKDAYS_LONG[d]) " " span.muted { (format::date(days[d])) } }
                    @if editable {
                        @for r in 0..total_rows {
                            @let key = format!("cell-{r}-{d}");
                            div.form-group.form-error[errors.has(&key)] {
                                label.form-label for={ "m-" (key) } { (row_label(r)) }
                                @if errors.has(&key) { span.form-error-message { (errors.get(&key).join(" ")) } }
                                input.form-input.hour id={ "m-" (key) } type="text" inputmode="decimal" name={ "d" (d) } value=(f.cell(r, d))
                                    aria-invalid=[errors.has(&key).then_some("true")];
                            }
                        }
                    } @else {
                        ul.day-rows {
                            @for r in 0..total_rows {
                                @let cell = f.cell(r, d);
                                @if !cell.is_empty() { li { (row_label(r)) ": " strong { (cell) } } }
                            }
                        }
                    }
                    p.day-total.invalid[errors.has(&format!("day-{d}"))] {
                        (t::hours::DAY_TOTAL) ": " strong data-day-total=(d) { (format::hours(day_totals[d])) }
                    }
                }
            }
            (week_footer(v, week_total, errors, editable, false))
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
                div.actions { button.button.button-secondary type="submit" { (t::PAYMENTS_SHOW) } }
            }
        }
        (week_nav(&v))
        @if let Some(r) = v.row.as_ref().filter(|r| r.status == "rejected") {
            p.notice {
                strong { @if reopened(&v) { (t::hours_history_action("reopened")) } @else { (t::HOURS_REJECTED_BECAUSE) } ": " }
                (r.reason.as_deref().unwrap_or(""))
            }
        }
        @if !editable && is_mentor { p.muted { (t::HOURS_LOCKED) } }
        (grid(&v, form, errors, &user.csrf, editable, focus))
        (day_cards(&v, form, errors, &user.csrf, editable))
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
        @if may_decide && v.status == crate::hours::model::WeekStatus::Approved {
            div.actions-panel {
                form.action method="post" action="/hours/reopen" {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="contract_id" value=(v.contract.id);
                    input type="hidden" name="week" value=(v.week.to_string());
                    (textarea("reason", t::hours::REOPEN_REASON, "", errors))
                    p.hint { (t::hours::REOPEN_HINT) }
                    button.button.button-secondary type="submit" { (t::hours::REOPEN) }
                }
            }
        }
        @if may_decide && v.status == crate::hours::model::WeekStatus::Submitted {
            div.actions-panel {
                form.action method="post" action="/hours/approve" {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="contract_id" value=(v.contract.id);
                    input type="hidden" name="week" value=(v.week.to_string());
                    button.button.button-primary type="submit" { (t::HOURS_APPROVE) }
                }
                form.action method="post" action="/hours/reject" {
                    (csrf_field(&user.csrf))
                    input type="hidden" name="contract_id" value=(v.contract.id);
                    input type="hidden" name="week" value=(v.week.to_string());
                    (textarea("reason", t::HOURS_REASON, "", errors))
                    button.button.button-secondary type="submit" { (t::HOURS_REJECT) }
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
                r.id.to_string(),
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
            Some((id, _)) => ContractId::new(id),
            None => {
                let body = html! { h1 { (t::HOURS_TITLE) } p.empty { (t::HOURS_NO_CONTRACTS) } };
                return Ok(render(&req, Some(&user), t::HOURS_TITLE, body));
            }
        }
    } else {
        ContractId::new(q.contract_id.trim())
    };
    let v = service::week_view(&state.db, &user.actor, contract_id, week).await?;
    // Just saved: the focus goes back to the grid, not to the top of the page.
    let focus = crate::ui::flash(&req).is_some_and(|m| Some(m.text) == t::flash("hours_saved"));
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
        let Some(activity) = HourActivity::parse(&f.row_activity[r]) else {
            errors.add(&format!("row-{r}-activity"), t::INVALID_VALUE);
            continue;
        };
        let candidate = f
            .row_candidate
            .get(r)
            .filter(|c| !c.is_empty())
            .map(|c| CandidateId::new(c.as_str()));
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
    let mut merged: BTreeMap<(Option<CandidateId>, &'static str, chrono::NaiveDate), GridCell> =
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
            ContractId::new(f.contract_id.as_str()),
            week,
            cells,
            allow_empty,
        )
        .await
        .map(|_| "week_submitted")
    } else {
        service::save_grid(
            &state.db,
            &user.actor,
            ContractId::new(f.contract_id.as_str()),
            week,
            cells,
        )
        .await
        .map(|()| "hours_saved")
    };
    match result {
        Ok(ok) => Ok(redirect_with(
            &format!("/hours?contract_id={}&week={}", f.contract_id, week),
            ok,
        )),
        Err(AppError::Validation(errors)) => {
            let v = service::week_view(
                &state.db,
                &user.actor,
                ContractId::new(f.contract_id.as_str()),
                week,
            )
            .await?;
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

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(hours_page)
        .service(save_grid)
        .service(submit)
        .service(approve)
        .service(reject)
        .service(pending_page)
        .service(approve_selected)
        .service(payments_page)
        .service(payments_csv)
        .service(payments::export_month)
        .service(approvals::reopen)
        .service(contract_economy_page)
        .service(jobcenter_economy_page);
}
