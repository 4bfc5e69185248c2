//! The contracts' pages (Danish): list with filters, the draft form with repeatable supporting
//! activities, the contract page with review and workflow actions, and the printable contract.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::model::Actor;
use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::{
    ActivityKind, ActivityRaw, Benefit, CompanyParty, MentorBasis, OfferType, Terms, TermsRaw,
    WorksiteParty,
};
use crate::contracts::service::{self, TransitionInput};
use crate::contracts::store::{self, ListFilter};
use crate::contracts::view::ContractView;
use crate::contracts::workflow::{Action, ContractStatus};
use crate::db::schema::{users, worksites};
use crate::db::Sort;
use crate::directory::store as directory;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::ui::components::{
    checkboxes, csrf_field, error_summary, input, page_number, pagination_with, select,
    sort_header, textarea,
};
use crate::ui::format;
use crate::ui::texts as t;
use crate::ui::{redirect_with, render, render_status, PageError};

const PAGE_SIZE: i64 = 20;

// ---------- list ----------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListQuery {
    q: String,
    status: String,
    company_id: String,
    from: String,
    to: String,
    sort: String,
    page: Option<String>,
}

fn status_badge(s: ContractStatus) -> Markup {
    html! { span class={ "badge s-" (s.code()) } { (s.label()) } }
}

#[get("/contracts")]
pub async fn list_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let lq: ListQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = page_number(lq.page.as_deref());
    let sort = Sort::parse(Some(&lq.sort), store::SORTS, store::DEFAULT_SORT);
    let status = ContractStatus::parse(lq.status.trim()).map(|s| (s, crate::clock::today()));
    let filter = ListFilter {
        company_id: (!lq.company_id.trim().is_empty()).then(|| lq.company_id.trim().to_string()),
        jobcenter_id: None,
        from: format::parse_date(&lq.from),
        to: format::parse_date(&lq.to),
        status,
        q: (!lq.q.trim().is_empty()).then(|| lq.q.trim().to_string()),
        sort: Some(sort),
    };
    let (items, total) = service::list(
        &state.db,
        &user.actor,
        filter,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    // The filter offers the companies the jobcenter has contracts with (not every company in
    // the country); administrators search by name instead.
    let companies = match user.actor.consultant_jobcenter().map(str::to_string) {
        Some(j) => {
            state
                .db
                .read(move |conn| Ok(store::companies_with_contracts(conn, &j)?))
                .await?
        }
        _ => Vec::new(),
    };
    let statuses: Vec<(String, String)> = ContractStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label().to_string()))
        .collect();
    let none = FieldErrors::new();
    let filters = [
        ("q", lq.q.clone()),
        ("status", lq.status.clone()),
        ("company_id", lq.company_id.clone()),
        ("from", lq.from.clone()),
        ("to", lq.to.clone()),
    ];
    let mut with_sort = filters.to_vec();
    with_sort.push(("sort", lq.sort.clone()));
    let body = html! {
        div.page-head {
            h1 { (t::CONTRACTS_TITLE) }
            @if user.actor.may_create_contracts() {
                a.button href="/contracts/new" { (t::CONTRACT_NEW) }
            }
        }
        form.filters method="get" action="/contracts" {
            (input("q", t::SEARCH, &lq.q, "search", &none, None))
            (select("status", t::CONTRACT_STATUS, &statuses, &lq.status, &none))
            @if !companies.is_empty() {
                (select("company_id", t::CONTRACT_COMPANY, &companies, &lq.company_id, &none))
            }
            (input("from", t::CONTRACT_FROM, &lq.from, "text", &none, Some(t::CONTRACT_DATE_HINT)))
            (input("to", t::CONTRACT_TO, &lq.to, "text", &none, Some(t::CONTRACT_DATE_HINT)))
            div.actions { button type="submit" { (t::CONTRACT_FILTER) } }
        }
        @if items.is_empty() {
            p.empty {
                @if user.actor.is_company_side() { (t::CONTRACTS_EMPTY_COMPANY) }
                @else { (t::CONTRACTS_EMPTY) }
            }
        } @else {
            table {
                thead { tr {
                    (sort_header("/contracts", &filters, t::CONTRACT_COMPANY, "company", &sort, false))
                    th { (t::CONTRACT_STATUS) }
                    (sort_header("/contracts", &filters, t::CONTRACT_START, "start", &sort, false))
                    (sort_header("/contracts", &filters, t::CONTRACT_END, "end", &sort, false))
                    (sort_header("/contracts", &filters, t::CONTRACT_SEATS, "seats", &sort, true))
                } }
                tbody {
                    @for (row, company, status) in &items {
                        tr {
                            td { a href={ "/contracts/" (row.id) } { (company) } }
                            td { (status_badge(*status)) }
                            td { (format::date(row.start_date)) }
                            td { (format::date(row.end_date)) }
                            td.num { (row.seats) }
                        }
                    }
                }
            }
            (pagination_with("/contracts", &with_sort, page, PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::CONTRACTS_TITLE, body))
}

// ---------- the draft form ----------

/// The draft form as typed. Hours are typed in hours and money in kroner; supporting
/// activities are parallel repeated fields, one per row.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ContractForm {
    pub company_id: String,
    pub revision: String,
    pub consultant_id: String,
    pub mentor_id: String,
    pub worksite_p_number: String,
    pub goals: String,
    pub seats: String,
    pub offer_types: Vec<String>,
    pub target_benefits: Vec<String>,
    pub target_match_group: String,
    pub work_tasks: String,
    pub mentor_hours: String,
    pub mentor_basis: String,
    pub mentor_rate_kr: String,
    pub mentor_grant_kr: String,
    pub activity_kind: Vec<String>,
    pub activity_provider: Vec<String>,
    pub activity_description: Vec<String>,
    pub activity_hours: Vec<String>,
    pub activity_cost_kr: Vec<String>,
    pub follow_up_weeks: String,
    pub start_date: String,
    pub end_date: String,
    pub notice_days: String,
    pub ordinary_employees: String,
    pub employee_rep_statement: String,
}

fn nth(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

impl ContractForm {
    fn from_raw(raw: &TermsRaw) -> ContractForm {
        let hours = |m: &str| {
            m.parse::<i64>()
                .map(format::hours_input)
                .unwrap_or_else(|_| m.to_string())
        };
        let kr = |o: &str| {
            o.parse::<i64>()
                .map(format::kroner_input)
                .unwrap_or_else(|_| o.to_string())
        };
        let date = |d: &str| {
            format::parse_date(d)
                .map(format::date)
                .unwrap_or_else(|| d.to_string())
        };
        ContractForm {
            consultant_id: raw.consultant_id.clone(),
            mentor_id: raw.mentor_id.clone(),
            worksite_p_number: raw.worksite_p_number.clone(),
            goals: raw.goals.clone(),
            seats: raw.seats.clone(),
            offer_types: raw.offer_types.clone(),
            target_benefits: raw.target_benefits.clone(),
            target_match_group: raw.target_match_group.clone(),
            work_tasks: raw.work_tasks.clone(),
            mentor_hours: if raw.mentor_minutes_per_week.is_empty() {
                String::new()
            } else {
                hours(&raw.mentor_minutes_per_week)
            },
            mentor_basis: raw.mentor_basis.clone(),
            mentor_rate_kr: if raw.mentor_rate_ore.is_empty() {
                String::new()
            } else {
                kr(&raw.mentor_rate_ore)
            },
            mentor_grant_kr: if raw.mentor_fixed_grant_ore.is_empty() {
                String::new()
            } else {
                kr(&raw.mentor_fixed_grant_ore)
            },
            activity_kind: raw.activities.iter().map(|a| a.kind.clone()).collect(),
            activity_provider: raw.activities.iter().map(|a| a.provider.clone()).collect(),
            activity_description: raw
                .activities
                .iter()
                .map(|a| a.description.clone())
                .collect(),
            activity_hours: raw
                .activities
                .iter()
                .map(|a| hours(&a.minutes_per_week))
                .collect(),
            activity_cost_kr: raw.activities.iter().map(|a| kr(&a.cost_ore)).collect(),
            follow_up_weeks: raw.follow_up_weeks.clone(),
            start_date: if raw.start_date.is_empty() {
                String::new()
            } else {
                date(&raw.start_date)
            },
            end_date: if raw.end_date.is_empty() {
                String::new()
            } else {
                date(&raw.end_date)
            },
            notice_days: raw.notice_days.clone(),
            ordinary_employees: raw.ordinary_employees.clone(),
            employee_rep_statement: raw.employee_rep_statement.clone(),
            ..Default::default()
        }
    }

    fn activity_rows(&self) -> usize {
        [
            self.activity_kind.len(),
            self.activity_provider.len(),
            self.activity_description.len(),
            self.activity_hours.len(),
            self.activity_cost_kr.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }

    /// The raw terms, converting hours and kroner; conversion errors are named by form field.
    fn to_raw(&self) -> (TermsRaw, FieldErrors) {
        let mut e = FieldErrors::new();
        let mut minutes = |field: &str, v: &str| -> String {
            if v.trim().is_empty() {
                return String::new();
            }
            match format::parse_hours(v) {
                Ok(m) => m.to_string(),
                Err(msg) => {
                    e.add(field, msg);
                    String::new()
                }
            }
        };
        let mentor_minutes = minutes("mentor_hours", &self.mentor_hours);
        let mut activities = Vec::new();
        let mut hours_raw = Vec::new();
        for i in 0..self.activity_rows() {
            let row = [
                nth(&self.activity_kind, i),
                nth(&self.activity_provider, i),
                nth(&self.activity_description, i),
                nth(&self.activity_hours, i),
                nth(&self.activity_cost_kr, i),
            ];
            if row.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            hours_raw.push((activities.len(), row[3].clone()));
            activities.push(ActivityRaw {
                kind: row[0].clone(),
                provider: row[1].clone(),
                description: row[2].clone(),
                minutes_per_week: String::new(),
                cost_ore: row[4].clone(),
            });
        }
        for (i, h) in hours_raw {
            activities[i].minutes_per_week =
                minutes(&format!("activities[{i}].minutes_per_week"), &h);
        }
        let mut kr = |field: &str, v: &str| -> String {
            if v.trim().is_empty() {
                return String::new();
            }
            match format::parse_kroner(v) {
                Ok(o) => o.to_string(),
                Err(msg) => {
                    e.add(field, msg);
                    "x".into()
                }
            }
        };
        let rate = kr("mentor_rate_kr", &self.mentor_rate_kr);
        let grant = kr("mentor_grant_kr", &self.mentor_grant_kr);
        for (i, a) in activities.iter_mut().enumerate() {
            let typed = a.cost_ore.clone();
            a.cost_ore = kr(&format!("activities[{i}].cost_ore"), &typed);
        }
        let date = |d: &str| {
            format::parse_date(d)
                .map(|d| d.to_string())
                .unwrap_or_else(|| d.to_string())
        };
        let raw = TermsRaw {
            consultant_id: self.consultant_id.clone(),
            mentor_id: self.mentor_id.clone(),
            worksite_p_number: self.worksite_p_number.clone(),
            goals: self.goals.clone(),
            seats: self.seats.clone(),
            offer_types: self.offer_types.clone(),
            target_benefits: self.target_benefits.clone(),
            target_match_group: self.target_match_group.clone(),
            work_tasks: self.work_tasks.clone(),
            mentor_minutes_per_week: mentor_minutes,
            mentor_basis: self.mentor_basis.clone(),
            mentor_rate_ore: rate,
            mentor_fixed_grant_ore: grant,
            activities,
            follow_up_weeks: self.follow_up_weeks.clone(),
            start_date: date(&self.start_date),
            end_date: date(&self.end_date),
            notice_days: self.notice_days.clone(),
            ordinary_employees: self.ordinary_employees.clone(),
            employee_rep_statement: if self.employee_rep_statement.is_empty() {
                "false".into()
            } else {
                self.employee_rep_statement.clone()
            },
        };
        (raw, e)
    }
}

/// Errors of the raw terms, renamed to the form's fields (hours and kroner inputs, and the
/// activity rows as typed, counting only non-empty rows).
fn form_errors(errors: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, messages) in errors.0 {
        let key = match field.as_str() {
            "mentor_minutes_per_week" => "mentor_hours".to_string(),
            "mentor_rate_ore" => "mentor_rate_kr".to_string(),
            "mentor_fixed_grant_ore" => "mentor_grant_kr".to_string(),
            _ => field,
        };
        for m in messages {
            out.add(&key, m);
        }
    }
    out
}

/// What the draft form offers to choose from for one company.
struct Choices {
    consultants: Vec<(String, String)>,
    mentors: Vec<(String, String)>,
    worksites: Vec<(String, String)>,
}

async fn choices(
    state: &AppState,
    jobcenter_id: String,
    company_id: String,
) -> Result<Choices, AppError> {
    state
        .db
        .read(move |conn| {
            use diesel::prelude::*;
            let consultants = users::table
                .filter(users::jobcenter_id.eq(&jobcenter_id))
                .filter(users::role.eq("consultant"))
                .filter(users::active.eq(true))
                .select((users::id, users::name))
                .order(users::sort_key.asc())
                .load(conn)?;
            let mentors = users::table
                .filter(users::company_id.eq(&company_id))
                .filter(users::role.eq("mentor"))
                .filter(users::active.eq(true))
                .select((users::id, users::name))
                .order(users::sort_key.asc())
                .load(conn)?;
            let sites: Vec<(String, String)> = worksites::table
                .filter(worksites::company_id.eq(&company_id))
                .select((worksites::p_number, worksites::name))
                .order(worksites::p_number.asc())
                .load(conn)?;
            Ok(Choices {
                consultants,
                mentors,
                worksites: sites
                    .into_iter()
                    .map(|(p, n)| (p.clone(), format!("{p} · {n}")))
                    .collect(),
            })
        })
        .await
}

fn activity_row(f: &ContractForm, i: usize, errors: &FieldErrors) -> Markup {
    let kinds: Vec<(String, String)> = ActivityKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label().to_string()))
        .collect();
    let kind = nth(&f.activity_kind, i);
    let err = |name: &str| errors.get(&format!("activities[{i}].{name}")).join(" ");
    let row_errors = [
        "kind",
        "provider",
        "description",
        "minutes_per_week",
        "cost_ore",
    ]
    .iter()
    .map(|n| err(n))
    .filter(|m| !m.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        tr id={ "f-activities[" (i) "]" } {
            td {
                select id={ "f-activities[" (i) "].kind" } name="activity_kind" aria-label=(t::in_activity_row(t::CONTRACT_ACTIVITY_KIND, i + 1)) {
                    option value="" { (t::CHOOSE) }
                    @for (v, l) in &kinds { option value=(v) selected[*v == kind] { (l) } }
                }
            }
            td { input id={ "f-activities[" (i) "].provider" } type="text" name="activity_provider" aria-label=(t::in_activity_row(t::CONTRACT_ACTIVITY_PROVIDER, i + 1)) value=(nth(&f.activity_provider, i)); }
            td { input id={ "f-activities[" (i) "].description" } type="text" name="activity_description" aria-label=(t::in_activity_row(t::CONTRACT_ACTIVITY_DESCRIPTION, i + 1)) value=(nth(&f.activity_description, i)); }
            td { input.short id={ "f-activities[" (i) "].minutes_per_week" } type="text" name="activity_hours" aria-label=(t::in_activity_row(t::CONTRACT_ACTIVITY_HOURS, i + 1)) value=(nth(&f.activity_hours, i)); }
            td { input.short id={ "f-activities[" (i) "].cost_ore" } type="text" name="activity_cost_kr" aria-label=(t::in_activity_row(t::CONTRACT_ACTIVITY_COST, i + 1)) value=(nth(&f.activity_cost_kr, i)); }
            td.field-error { (row_errors) }
        }
    }
}

fn contract_form(
    action: &str,
    f: &ContractForm,
    c: &Choices,
    errors: &FieldErrors,
    csrf: &str,
    cancel: &str,
) -> Markup {
    let offer: Vec<(String, String)> = OfferType::ALL
        .iter()
        .map(|o| (o.code().to_string(), o.label().to_string()))
        .collect();
    let benefits: Vec<(String, String)> = Benefit::ALL
        .iter()
        .map(|b| (b.code().to_string(), b.label().to_string()))
        .collect();
    let bases = vec![
        (
            MentorBasis::Centre.code().to_string(),
            MentorBasis::Centre.label().to_string(),
        ),
        (
            MentorBasis::PerSeat.code().to_string(),
            MentorBasis::PerSeat.label().to_string(),
        ),
    ];
    let groups: Vec<(String, String)> = (1..=3)
        .map(|g| (g.to_string(), format!("Matchgruppe {g}")))
        .collect();
    let yes_no = vec![
        ("true".to_string(), t::CONTRACT_YES.to_string()),
        ("false".to_string(), t::CONTRACT_NO.to_string()),
    ];
    // Existing rows, an erroneous row's index counts only non-empty rows: render the typed rows
    // compacted, then two blank ones.
    let mut compact = f.clone();
    let keep: Vec<usize> = (0..f.activity_rows())
        .filter(|&i| {
            [
                &f.activity_kind,
                &f.activity_provider,
                &f.activity_description,
                &f.activity_hours,
                &f.activity_cost_kr,
            ]
            .iter()
            .any(|v| !nth(v, i).trim().is_empty())
        })
        .collect();
    compact.activity_kind = keep.iter().map(|&i| nth(&f.activity_kind, i)).collect();
    compact.activity_provider = keep.iter().map(|&i| nth(&f.activity_provider, i)).collect();
    compact.activity_description = keep
        .iter()
        .map(|&i| nth(&f.activity_description, i))
        .collect();
    compact.activity_hours = keep.iter().map(|&i| nth(&f.activity_hours, i)).collect();
    compact.activity_cost_kr = keep.iter().map(|&i| nth(&f.activity_cost_kr, i)).collect();
    let rows = keep.len() + 2;
    html! {
        (error_summary(errors))
        form.stack.wide method="post" action=(action) novalidate {
            (csrf_field(csrf))
            input type="hidden" name="company_id" value=(f.company_id);
            input type="hidden" name="revision" value=(f.revision);
            h2 { (t::CONTRACT_PARTIES) }
            (select("consultant_id", t::CONTRACT_CONSULTANT, &c.consultants, &f.consultant_id, errors))
            (select("mentor_id", t::CONTRACT_MENTOR, &c.mentors, &f.mentor_id, errors))
            (select("worksite_p_number", t::CONTRACT_WORKSITE, &c.worksites, &f.worksite_p_number, errors))
            h2 { (t::CONTRACT_SEATS_AND_TARGET) }
            (input("seats", t::CONTRACT_SEATS, &f.seats, "text", errors, None))
            (checkboxes("offer_types", t::CONTRACT_OFFER_TYPES, &offer, &f.offer_types, errors))
            (checkboxes("target_benefits", t::CONTRACT_BENEFITS, &benefits, &f.target_benefits, errors))
            (select("target_match_group", t::CONTRACT_MATCH_GROUP, &groups, &f.target_match_group, errors))
            (textarea("goals", t::CONTRACT_GOALS, &f.goals, errors))
            (textarea("work_tasks", t::CONTRACT_WORK_TASKS, &f.work_tasks, errors))
            h2 { (t::CONTRACT_MENTOR_FUNCTION) }
            div.row {
                (input("mentor_hours", t::CONTRACT_MENTOR_HOURS, &f.mentor_hours, "text", errors, None))
                (select("mentor_basis", t::CONTRACT_MENTOR_BASIS, &bases, &f.mentor_basis, errors))
            }
            div.row {
                (input("mentor_rate_kr", t::CONTRACT_MENTOR_RATE, &f.mentor_rate_kr, "text", errors, None))
                (input("mentor_grant_kr", t::CONTRACT_MENTOR_GRANT, &f.mentor_grant_kr, "text", errors, None))
            }
            h2 { (t::CONTRACT_ACTIVITIES) }
            p.hint { (t::CONTRACT_ACTIVITIES_HINT) }
            (crate::ui::components::error_list("activities", errors))
            table.activities {
                thead { tr {
                    th { (t::CONTRACT_ACTIVITY_KIND) } th { (t::CONTRACT_ACTIVITY_PROVIDER) }
                    th { (t::CONTRACT_ACTIVITY_DESCRIPTION) } th { (t::CONTRACT_ACTIVITY_HOURS) }
                    th { (t::CONTRACT_ACTIVITY_COST) } th {}
                } }
                tbody { @for i in 0..rows { (activity_row(&compact, i, errors)) } }
            }
            h2 { (t::CONTRACT_PERIOD) }
            div.row {
                (input("start_date", t::CONTRACT_START, &f.start_date, "text", errors, Some(t::CONTRACT_DATE_HINT)))
                (input("end_date", t::CONTRACT_END, &f.end_date, "text", errors, Some(t::CONTRACT_DATE_HINT)))
            }
            div.row {
                (input("follow_up_weeks", t::CONTRACT_FOLLOW_UP, &f.follow_up_weeks, "text", errors, None))
                (input("notice_days", t::CONTRACT_NOTICE, &f.notice_days, "text", errors, None))
            }
            h2 { (t::CONTRACT_COMPLIANCE) }
            (input("ordinary_employees", t::CONTRACT_EMPLOYEES, &f.ordinary_employees, "text", errors, None))
            (select("employee_rep_statement", t::CONTRACT_STATEMENT, &yes_no, &f.employee_rep_statement, errors))
            div.actions {
                button type="submit" { (t::CONTRACT_SAVE_DRAFT) }
                a href=(cancel) { (t::CANCEL) }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NewQuery {
    company_id: String,
}

#[get("/contracts/new")]
pub async fn new_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    if !user.actor.may_create_contracts() {
        return Err(AppError::Forbidden.into());
    }
    let nq: NewQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let company_id = nq.company_id.trim().to_string();
    let lookup = company_id.clone();
    let company = if company_id.is_empty() {
        None
    } else {
        state
            .db
            .read(move |conn| Ok(directory::get_company(conn, &lookup)?))
            .await?
    };
    let Some(company) = company else {
        let companies = state
            .db
            .read(|conn| Ok(directory::company_choices(conn)?))
            .await?;
        let body = html! {
            h1 { (t::CONTRACT_NEW) }
            form.stack method="get" action="/contracts/new" {
                (select("company_id", t::CONTRACT_CHOOSE_COMPANY, &companies, "", &FieldErrors::new()))
                div.actions { button type="submit" { (t::CONTRACT_NEXT) } a href="/companies/new" { (t::COMPANY_NEW) } }
            }
        };
        return Ok(render(&req, Some(&user), t::CONTRACT_NEW, body));
    };
    let raw = service::default_raw(&user.actor, Some(company.ordinary_employees));
    let mut f = ContractForm::from_raw(&raw);
    f.company_id = company.id.clone();
    f.offer_types = OfferType::ALL
        .iter()
        .map(|o| o.code().to_string())
        .collect();
    let c = choices(
        &state,
        user.actor.jobcenter_id.clone().unwrap_or_default(),
        company.id.clone(),
    )
    .await?;
    let body = html! {
        h1 { (t::CONTRACT_NEW) " · " (company.name) }
        (contract_form("/contracts", &f, &c, &FieldErrors::new(), &user.csrf, "/contracts"))
    };
    Ok(render(&req, Some(&user), t::CONTRACT_NEW, body))
}

#[post("/contracts")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<ContractForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let (raw, conversion) = f.to_raw();
    let result = if conversion.is_empty() {
        service::create(&state.db, &user.actor, f.company_id.clone(), move |_| raw).await
    } else {
        Err(AppError::Validation(conversion))
    };
    match result {
        Ok(id) => Ok(redirect_with(
            &format!("/contracts/{id}"),
            "contract_created",
        )),
        Err(AppError::Validation(errors)) => {
            let c = choices(
                &state,
                user.actor.jobcenter_id.clone().unwrap_or_default(),
                f.company_id.clone(),
            )
            .await?;
            let body = html! {
                h1 { (t::CONTRACT_NEW) }
                (contract_form("/contracts", &f, &c, &form_errors(errors), &user.csrf, "/contracts"))
            };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::CONTRACT_NEW,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/contracts/{id}/edit")]
pub async fn edit_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let view = service::get(&state.db, &user.actor, id.into_inner()).await?;
    if !user.actor.may_draft_contract(&view.row.parties()) {
        return Err(AppError::Forbidden.into());
    }
    view.situation()
        .allows(Action::Edit)
        .map_err(AppError::Conflict)?;
    let (_, terms) = view.pending.clone().ok_or(AppError::NotFound)?;
    let mut f = ContractForm::from_raw(&terms.to_raw());
    f.company_id = view.row.company_id.clone();
    f.revision = view.row.revision.to_string();
    let c = choices(
        &state,
        view.row.jobcenter_id.clone(),
        view.row.company_id.clone(),
    )
    .await?;
    let action = format!("/contracts/{}", view.row.id);
    let body = html! {
        h1 { (t::CONTRACT_EDIT) " · " (view.company_name) }
        (contract_form(&action, &f, &c, &FieldErrors::new(), &user.csrf, &action))
    };
    Ok(render(&req, Some(&user), t::CONTRACT_EDIT, body))
}

#[post("/contracts/{id}")]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<ContractForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = form.0;
    let revision = f.revision.trim().parse::<i32>().ok();
    let (raw, conversion) = f.to_raw();
    let result = if conversion.is_empty() {
        service::update(&state.db, &user.actor, id.clone(), revision, move |_| raw)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(conversion))
    };
    let rerender = |errors: FieldErrors, status: StatusCode, notice: Option<&'static str>| {
        let state = state.clone();
        let user = user.clone();
        let f = f.clone();
        let id = id.clone();
        let req = req.clone();
        async move {
            let view = service::get(&state.db, &user.actor, id.clone()).await?;
            let c = choices(
                &state,
                view.row.jobcenter_id.clone(),
                view.row.company_id.clone(),
            )
            .await?;
            let action = format!("/contracts/{id}");
            let body = html! {
                h1 { (t::CONTRACT_EDIT) " · " (view.company_name) }
                @if let Some(n) = notice { p.error-summary role="alert" { (n) } }
                (contract_form(&action, &f, &c, &errors, &user.csrf, &action))
            };
            Ok::<_, PageError>(render_status(
                &req,
                status,
                Some(&user),
                t::CONTRACT_EDIT,
                body,
            ))
        }
    };
    match result {
        Ok(()) => Ok(redirect_with(&format!("/contracts/{id}"), "contract_saved")),
        Err(AppError::Validation(errors)) => {
            rerender(form_errors(errors), StatusCode::UNPROCESSABLE_ENTITY, None).await
        }
        Err(AppError::Conflict(_)) if revision.is_some() => {
            rerender(
                FieldErrors::new(),
                StatusCode::CONFLICT,
                Some(t::CONTRACT_STALE),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- the contract page ----------

fn terms_facts(view: &ContractView, terms: &Terms) -> Markup {
    let offer = terms
        .offer_types
        .iter()
        .map(|o| o.label())
        .collect::<Vec<_>>()
        .join(", ");
    let benefits = terms
        .target_benefits
        .iter()
        .map(|b| b.label())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        dl.facts {
            dt { (t::CONTRACT_CONSULTANT) } dd { (view.name_of(&terms.consultant_id)) }
            dt { (t::CONTRACT_MENTOR) } dd { (view.name_of(&terms.mentor_id)) }
            dt { (t::CONTRACT_WORKSITE) } dd { (terms.worksite_p_number.as_deref().unwrap_or(t::CONTRACT_NO_WORKSITE)) }
            dt { (t::CONTRACT_PERIOD) } dd { (format::date(terms.start_date)) " – " (format::date(terms.end_date)) }
            dt { (t::CONTRACT_SEATS) } dd { (terms.seats) }
            dt { (t::CONTRACT_OFFER_TYPES) } dd { (offer) }
            dt { (t::CONTRACT_TARGET) } dd { (t::target_group(&benefits, terms.target_match_group)) }
            dt { (t::CONTRACT_GOALS) } dd { @if terms.goals.trim().is_empty() { span.muted { (t::NOT_GIVEN) } } @else { (terms.goals) } }
            dt { (t::CONTRACT_WORK_TASKS) } dd { (terms.work_tasks) }
            dt { (t::CONTRACT_MENTOR_FUNCTION) }
            dd { (t::mentor_terms(
                &format::hours(i64::from(terms.mentor_minutes_per_week)),
                terms.mentor_basis.label(),
                &format::kroner(terms.mentor_rate_ore),
                terms.mentor_fixed_grant_ore.map(format::kroner).as_deref(),
            )) }
            dt { (t::CONTRACT_FOLLOW_UP) } dd { (terms.follow_up_weeks) }
            dt { (t::CONTRACT_NOTICE) } dd { (terms.notice_days) }
            dt { (t::CONTRACT_EMPLOYEES) } dd { (format::integer(i64::from(terms.ordinary_employees))) }
            dt { (t::CONTRACT_STATEMENT) } dd { @if terms.employee_rep_statement { (t::CONTRACT_YES) } @else { (t::CONTRACT_NO) } }
        }
        (activities_table(terms, true))
    }
}

fn activities_table(terms: &Terms, heading: bool) -> Markup {
    // Each cost is at most MAX_ACTIVITY_COST_ORE and there are at most MAX_ACTIVITIES: the
    // sum fits, and is still added without wrapping.
    let total: i64 = terms
        .activities
        .iter()
        .try_fold(0_i64, |s, a| s.checked_add(a.cost_ore))
        .unwrap_or(i64::MAX);
    html! {
        @if heading { h3 { (t::CONTRACT_ACTIVITIES) } }
        @if terms.activities.is_empty() { p.empty { (t::CONTRACT_NO_ACTIVITIES) } }
        @else {
            table {
                thead { tr {
                    th { (t::CONTRACT_ACTIVITY_KIND) } th { (t::CONTRACT_ACTIVITY_PROVIDER) }
                    th { (t::CONTRACT_ACTIVITY_DESCRIPTION) } th.num { (t::CONTRACT_ACTIVITY_HOURS) } th.num { (t::CONTRACT_ACTIVITY_COST) }
                } }
                tbody {
                    @for a in &terms.activities {
                        tr {
                            td { (a.kind.label()) } td { (a.provider) } td { (a.description) }
                            td.num { (format::hours(i64::from(a.minutes_per_week))) } td.num { (format::kroner(a.cost_ore)) }
                        }
                    }
                    tr.total { td colspan="4" { (t::CONTRACT_TOTAL_COST) } td.num { (format::kroner(total)) } }
                }
            }
        }
    }
}

fn action_form(
    id: &str,
    path: &str,
    csrf: &str,
    revision: i32,
    label: &str,
    fields: Markup,
) -> Markup {
    // Withdrawing and terminating cannot be undone by the same person: the script asks first.
    let confirm = match path {
        "withdraw" => Some(t::CONFIRM_WITHDRAW),
        "terminate" => Some(t::CONFIRM_TERMINATE),
        _ => None,
    };
    html! {
        form.action method="post" action={ "/contracts/" (id) "/" (path) } data-confirm=[confirm] {
            (csrf_field(csrf))
            input type="hidden" name="revision" value=(revision);
            (fields)
            button type="submit" { (label) }
        }
    }
}

fn actions(
    view: &ContractView,
    actor: &Actor,
    csrf: &str,
    errors: &FieldErrors,
    typed: &ActionForm,
) -> Markup {
    let s = view.situation();
    let id = &view.row.id;
    let rev = view.row.revision;
    let draft = actor.may_draft_contract(&view.row.parties());
    let review = actor.may_review_contract(&view.row.parties());
    html! {
        div.actions-panel {
            @if draft && s.allows(Action::Edit).is_ok() {
                a.button href={ "/contracts/" (id) "/edit" } { (t::CONTRACT_EDIT) }
            }
            @if draft && s.allows(Action::Send).is_ok() {
                (action_form(id, "send", csrf, rev, t::CONTRACT_SEND, html! {}))
            }
            @if draft && s.allows(Action::Withdraw).is_ok() {
                (action_form(id, "withdraw", csrf, rev, t::CONTRACT_WITHDRAW, html! {}))
            }
            @if review && s.allows(Action::Accept).is_ok() {
                (action_form(id, "accept", csrf, rev, t::CONTRACT_ACCEPT, html! {}))
            }
            @if review && s.allows(Action::RequestChanges).is_ok() {
                (action_form(id, "request-changes", csrf, rev, t::CONTRACT_REQUEST_CHANGES,
                    textarea("comment", t::CONTRACT_COMMENT, &typed.comment, errors)))
            }
            @if draft && s.allows(Action::Amend).is_ok() {
                (action_form(id, "amend", csrf, rev, t::CONTRACT_AMEND,
                    input("effective_from", t::CONTRACT_EFFECTIVE_FROM, &typed.effective_from, "text", errors, Some(t::CONTRACT_DATE_HINT))))
            }
            @if draft && s.allows(Action::Terminate).is_ok() {
                (action_form(id, "terminate", csrf, rev, t::CONTRACT_TERMINATE, html! {
                    (input("date", t::CONTRACT_TERMINATE_DATE, &typed.date, "text", errors, Some(t::CONTRACT_DATE_HINT)))
                    (textarea("reason", t::CONTRACT_TERMINATE_REASON, &typed.reason, errors))
                }))
            }
            a.button.secondary href={ "/contracts/" (id) "/print" } { (t::CONTRACT_PRINT) }
            @if view.row.accepted_version.is_some() {
                a.button.secondary href={ "/contracts/" (id) "/seats" } { (t::SEATS_TITLE) }
                @if actor.is_jobcenter_side() {
                    a.button.secondary href={ "/contracts/" (id) "/economy" } { (t::economy::TITLE) }
                }
            }
        }
    }
}

async fn contract_page_with(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    view: ContractView,
    errors: &FieldErrors,
    typed: &ActionForm,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let title = format!("{} · {}", t::CONTRACT, view.company_name);
    let changes = view.diff();
    let hours = if view.row.accepted_version.is_some() {
        Some(service::hours_summary(&state.db, &user.actor, view.row.id.clone()).await?)
    } else {
        None
    };
    let is_company = user.actor.is_company_side();
    let body = html! {
        div.page-head {
            h1 { (view.company_name) " " (status_badge(view.status)) }
        }
        p.muted {
            (view.jobcenter_name) " · CVR " (view.company_cvr) " · "
            (format::date(view.row.start_date)) " – " (format::date(view.row.end_date)) " · "
            (view.row.seats) " " (t::CONTRACT_SEATS.to_lowercase())
        }
        @if let Some(d) = view.row.terminated_on {
            p.notice { (t::CONTRACT_TERMINATED) " " (format::date(d)) ": " (view.row.termination_reason.as_deref().unwrap_or("")) }
        }
        (error_summary(errors))
        (actions(&view, &user.actor, &user.csrf, errors, typed))
        @if let Some((v, terms)) = &view.pending {
            @let warnings = terms.warnings_with(view.ratio_limit);
            @if !warnings.is_empty() && !is_company {
                div.warnings role="note" { strong { (t::CONTRACT_WARNINGS) } ul { @for w in &warnings { li { (w) } } } }
            }
            @if let Some(c) = &v.company_comment {
                @if v.status == "changes_requested" {
                    div.notice { strong { (t::CONTRACT_COMPANY_COMMENT) ": " } (c) }
                }
            }
            @if let Some(since) = view.changes_since_returned() {
                section.since-returned {
                    h2 { @if is_company { (t::CONTRACT_SINCE_RETURNED_COMPANY) } @else { (t::CONTRACT_SINCE_RETURNED) } }
                    @if since.is_empty() { p.empty { (t::CONTRACT_SINCE_RETURNED_NONE) } }
                    @else { ul.diff { @for c in &since { li { strong { (c.label) ": " } (c.from) " → " (c.to) } } } }
                }
            }
            section {
                h2 { (t::CONTRACT_DIFF_TITLE) }
                @if view.latest_accepted.is_none() { p.muted { (t::CONTRACT_DIFF_FIRST) } }
                @if changes.is_empty() { p.empty { (t::CONTRACT_DIFF_NONE) } }
                @else if view.latest_accepted.is_some() {
                    ul.diff { @for c in &changes { li { strong { (c.label) ": " } (c.from) " → " (c.to) } } }
                }
            }
            section {
                h2 { (t::CONTRACT_DRAFT_TERMS) " · " (t::CONTRACT_VERSION) " " (v.version_no) " (" (crate::contracts::workflow::VersionStatus::parse(&v.status).map(|s| s.label()).unwrap_or("")) ")" }
                (terms_facts(&view, terms))
            }
        }
        @if let Some((v, terms)) = &view.in_force {
            section {
                h2 { (t::CONTRACT_IN_FORCE_TERMS) " · " (t::CONTRACT_VERSION) " " (v.version_no) }
                (terms_facts(&view, terms))
            }
        }
        @if let Some(h) = &hours {
            section {
                h2 { (t::HOURS_SUMMARY) }
                @if h.logged > h.budget && h.budget > 0 { p.warnings role="note" { (t::HOURS_OVER_BUDGET) } }
                dl.facts {
                    dt { (t::HOURS_BUDGET) } dd { (format::hours(h.budget)) }
                    dt { (t::HOURS_LOGGED) } dd { (format::hours(h.logged)) @if let Some(s) = h.share() { " (" (format::percent(s)) ")" } }
                    dt { (t::HOURS_APPROVED) } dd { (format::hours(h.approved)) }
                }
            }
        }
        section {
            h2 { (t::CONTRACT_VERSIONS) }
            table {
                thead { tr { th { (t::CONTRACT_VERSION) } th { (t::CONTRACT_STATUS) } th { (t::CONTRACT_EFFECTIVE) } th { (t::CONTRACT_ACCEPTED_BY) } th { (t::CONTRACT_HASH) } } }
                tbody {
                    @for v in &view.versions {
                        tr {
                            td { a href={ "/contracts/" (view.row.id) "/print?version=" (v.version_no) } { (v.version_no) } }
                            td { (crate::contracts::workflow::VersionStatus::parse(&v.status).map(|s| s.label()).unwrap_or("")) }
                            td { (format::date(v.effective_from)) }
                            td { @if let (Some(by), Some(at)) = (&v.accepted_by, v.accepted_at) { (view.name_of(by)) ", " (format::datetime(at)) } }
                            td.hash { (v.content_hash.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
        section {
            h2 { (t::CONTRACT_LOG) }
            table {
                thead { tr { th { (t::CONTRACT_WHEN) } th { (t::CONTRACT_WHO) } th { (t::CONTRACT_WHAT) } } }
                tbody {
                    @for (e, who) in view.events.iter().rev() {
                        tr {
                            td { (format::datetime(e.created_at)) }
                            td { (who) }
                            td {
                                (t::contract_action(&e.action)) " " (t::in_version(e.version_no))
                                @if !e.from_status.is_empty() {
                                    " · " (ContractStatus::parse(&e.from_status).map(|s| s.label()).unwrap_or(&e.from_status))
                                    " → " (ContractStatus::parse(&e.to_status).map(|s| s.label()).unwrap_or(&e.to_status))
                                }
                                @if let Some(c) = &e.comment { br; em { (c) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(render_status(req, status, Some(user), &title, body))
}

#[get("/contracts/{id}")]
pub async fn contract_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let view = service::get(&state.db, &user.actor, id.into_inner()).await?;
    contract_page_with(
        &req,
        &state,
        &user,
        view,
        &FieldErrors::new(),
        &ActionForm::default(),
        StatusCode::OK,
    )
    .await
}

/// The fields of the workflow forms (each reads what it needs).
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ActionForm {
    pub revision: String,
    pub comment: String,
    pub effective_from: String,
    pub date: String,
    pub reason: String,
}

async fn run_action(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: String,
    action: Action,
    f: ActionForm,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let result = service::transition(
        &state.db,
        &user.actor,
        id.clone(),
        action,
        f.revision.trim().parse::<i32>().ok(),
        TransitionInput {
            comment: non_empty(&f.comment),
            effective_from: non_empty(&f.effective_from),
            date: non_empty(&f.date),
            reason: non_empty(&f.reason),
        },
    )
    .await;
    match result {
        Ok(_) => Ok(redirect_with(&format!("/contracts/{id}"), ok)),
        Err(AppError::Validation(errors)) => {
            let view = service::get(&state.db, &user.actor, id).await?;
            contract_page_with(
                &req,
                &state,
                &user,
                view,
                &errors,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

macro_rules! action_route {
    ($name:ident, $path:literal, $action:expr, $ok:literal) => {
        #[post($path)]
        pub async fn $name(
            req: HttpRequest,
            state: web::Data<AppState>,
            user: PageUser,
            id: web::Path<String>,
            form: CsrfForm<ActionForm>,
        ) -> Result<HttpResponse, PageError> {
            run_action(req, state, user, id.into_inner(), $action, form.0, $ok).await
        }
    };
}

action_route!(send, "/contracts/{id}/send", Action::Send, "contract_sent");
action_route!(
    withdraw,
    "/contracts/{id}/withdraw",
    Action::Withdraw,
    "contract_withdrawn"
);
action_route!(
    accept,
    "/contracts/{id}/accept",
    Action::Accept,
    "contract_accepted"
);
action_route!(
    request_changes,
    "/contracts/{id}/request-changes",
    Action::RequestChanges,
    "contract_returned"
);
action_route!(
    amend,
    "/contracts/{id}/amend",
    Action::Amend,
    "contract_amended"
);
action_route!(
    terminate,
    "/contracts/{id}/terminate",
    Action::Terminate,
    "contract_terminated"
);

// ---------- the printable contract ----------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PrintQuery {
    version: Option<String>,
}

#[get("/contracts/{id}/print")]
pub async fn print_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let view = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let pq: PrintQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let wanted = pq
        .version
        .as_deref()
        .and_then(|v| v.trim().parse::<i32>().ok());
    let version = match wanted {
        Some(n) => view.versions.iter().find(|v| v.version_no == n),
        None => view
            .in_force
            .as_ref()
            .map(|(v, _)| v)
            .or(view.pending.as_ref().map(|(v, _)| v)),
    }
    .ok_or(AppError::NotFound)?;
    let terms = version.terms()?;
    let (company, sites, jobcenter) = {
        let cid = view.row.company_id.clone();
        let jid = view.row.jobcenter_id.clone();
        state
            .db
            .read(move |conn| {
                Ok((
                    directory::get_company(conn, &cid)?,
                    directory::list_worksites(conn, &cid)?,
                    directory::get_jobcenter(conn, &jid)?,
                ))
            })
            .await?
    };
    let company = company.ok_or(AppError::NotFound)?;
    // An accepted version prints the company (and worksite) as it was accepted; a version not
    // yet accepted, the record as it is (so does one accepted before the worksite was kept).
    let live_site = terms
        .worksite_p_number
        .as_ref()
        .and_then(|p| sites.iter().find(|s| &s.p_number == p))
        .map(|s| WorksiteParty {
            p_number: s.p_number.clone(),
            name: s.name.clone(),
            address: s.address.clone(),
            postcode: s.postcode.clone(),
            city: s.city.clone(),
        });
    let company = version.company_party().unwrap_or_else(|| CompanyParty {
        cvr: company.cvr.clone(),
        name: company.name.clone(),
        address: company.address.clone(),
        postcode: company.postcode.clone(),
        city: company.city.clone(),
        worksite: None,
    });
    let site = company.worksite.clone().or(live_site);
    let title = format!(
        "{} · {} · version {}",
        t::CONTRACT,
        company.name,
        version.version_no
    );
    let body = html! {
        article.print {
            h1 { (t::print::TITLE) }
            p.muted { (t::print::parties(&company.name, &view.jobcenter_name)) }
            h2 { "1. " (t::CONTRACT_PARTIES) }
            dl.facts {
                dt { (t::CONTRACT_JOBCENTER) } dd { (view.jobcenter_name)
                    @if let Some(j) = &jobcenter { " " (t::print::kommunekoder(&j.kommunekoder.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(", "))) } }
                dt { (t::CONTRACT_COMPANY) } dd { (company.name) ", CVR " (company.cvr) ", " (company.address) ", " (company.postcode) " " (company.city) }
                dt { (t::CONTRACT_WORKSITE) } dd {
                    @match site {
                        Some(s) => { (t::print::P_NUMBER) " " (s.p_number) ", " (s.name) ", " (s.address) ", " (s.postcode) " " (s.city) }
                        None => { (terms.worksite_p_number.as_deref().unwrap_or(t::CONTRACT_NO_WORKSITE)) }
                    }
                }
                dt { (t::CONTRACT_CONSULTANT) } dd { (view.name_of(&terms.consultant_id)) }
                dt { (t::CONTRACT_MENTOR) } dd { (view.name_of(&terms.mentor_id)) }
            }
            h2 { "2. " (t::CONTRACT_GOALS) } p { @if terms.goals.trim().is_empty() { span.muted { (t::NOT_GIVEN) } } @else { (terms.goals) } }
            h2 { "3. " (t::CONTRACT_SEATS_AND_TARGET) }
            @let (before, seats, after) = t::print::seats(
                &company.name,
                terms.seats,
                &terms.offer_types.iter().map(|o| o.label().to_lowercase()).collect::<Vec<_>>(),
                &terms.target_benefits.iter().map(|b| b.label().to_lowercase()).collect::<Vec<_>>(),
                terms.target_match_group,
            );
            p { (before) strong { (seats) } (after) }
            h2 { "4. " (t::CONTRACT_WORK_TASKS) } p { (terms.work_tasks) }
            h2 { "5. " (t::CONTRACT_MENTOR_FUNCTION) }
            p { (t::print::mentor(
                &format::hours(i64::from(terms.mentor_minutes_per_week)),
                terms.mentor_basis.label(),
                &format::kroner(terms.mentor_rate_ore),
                terms.mentor_fixed_grant_ore.map(format::kroner).as_deref(),
            )) }
            h2 { "6. " (t::CONTRACT_ACTIVITIES) }
            (activities_table(&terms, false))
            h2 { "7. " (t::print::period_heading(t::CONTRACT_PERIOD)) }
            p { (t::print::period(
                &format::date_long(terms.start_date),
                &format::date_long(terms.end_date),
                terms.follow_up_weeks,
                terms.notice_days,
            )) }
            @if let Some(d) = view.row.terminated_on {
                p { strong { (t::CONTRACT_TERMINATED) " " (format::date_long(d)) } ": " (view.row.termination_reason.as_deref().unwrap_or("")) }
            }
            h2 { "8. " (t::CONTRACT_COMPLIANCE) }
            p { (t::print::compliance(
                &format::integer(i64::from(terms.ordinary_employees)),
                terms.employee_rep_statement,
            )) }
            h2 { "9. " (t::CONTRACT_ACCEPTANCE) }
            @match (&version.accepted_by, version.accepted_at, &version.content_hash) {
                (Some(by), Some(at), Some(hash)) => {
                    dl.facts.acceptance {
                        dt { (t::CONTRACT_ACCEPTED_BY) } dd { (t::print::accepted_for(&view.name_of(by), &company.name)) }
                        dt { (t::CONTRACT_WHEN) } dd { (format::datetime_zoned(at)) }
                        dt { (t::CONTRACT_HASH) } dd.hash { (hash) }
                    }
                }
                _ => { p.notice { (t::CONTRACT_NOT_ACCEPTED) } }
            }
            footer.print-footer {
                (t::CONTRACT_VERSION) " " (version.version_no) " · " (t::CONTRACT_EFFECTIVE) " " (format::date(version.effective_from))
            }
        }
    };
    Ok(render(&req, Some(&user), &title, body))
}

/// Registers the contract pages. Fixed paths (`/new`) come before `{id}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_page)
        .service(new_page)
        .service(create)
        .service(edit_page)
        .service(print_page)
        .service(contract_page)
        .service(update)
        .service(send)
        .service(withdraw)
        .service(accept)
        .service(request_changes)
        .service(amend)
        .service(terminate);
}
