//! The draft form (new contract, edit a draft or an amendment) with repeatable activities.

use crate::ids::{CompanyId, ContractId, JobcenterId};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::{
    ActivityKind, ActivityRaw, Benefit, MentorBasis, OfferType, TermsRaw,
};
use crate::contracts::service::Choices;
use crate::contracts::service::{self};
use crate::contracts::workflow::Action;
use crate::directory::store as directory;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{
    checkboxes, csrf_field, date_input, error_summary, input, select, textarea, DateParts,
};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

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
    pub start_date_day: String,
    pub start_date_month: String,
    pub start_date_year: String,
    pub end_date: String,
    pub end_date_day: String,
    pub end_date_month: String,
    pub end_date_year: String,
    pub notice_days: String,
    pub ordinary_employees: String,
    pub employee_rep_statement: String,
}

pub(super) fn nth(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

impl ContractForm {
    fn start_parts(&self) -> DateParts {
        DateParts::typed(
            &self.start_date,
            &self.start_date_day,
            &self.start_date_month,
            &self.start_date_year,
        )
    }

    fn end_parts(&self) -> DateParts {
        DateParts::typed(
            &self.end_date,
            &self.end_date_day,
            &self.end_date_month,
            &self.end_date_year,
        )
    }

    /// The dates typed in the date inputs' three fields, as the one value each the terms read.
    fn read_dates(&mut self) {
        self.start_date = self.start_parts().value();
        self.end_date = self.end_parts().value();
    }

    /// The errors of the form with a mistyped date named as typed.
    fn refine_dates(&self, mut errors: FieldErrors) -> FieldErrors {
        self.start_parts().refine("start_date", &mut errors);
        self.end_parts().refine("end_date", &mut errors);
        errors
    }

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
pub(super) fn form_errors(errors: FieldErrors) -> FieldErrors {
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

pub(super) fn activity_row(f: &ContractForm, i: usize, errors: &FieldErrors) -> Markup {
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

pub(super) fn contract_form(
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
        .map(|g| (g.to_string(), t::match_group(g)))
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
            table.activities tabindex="0" {
                thead { tr {
                    th { (t::CONTRACT_ACTIVITY_KIND) } th { (t::CONTRACT_ACTIVITY_PROVIDER) }
                    th { (t::CONTRACT_ACTIVITY_DESCRIPTION) } th { (t::CONTRACT_ACTIVITY_HOURS) }
                    th { (t::CONTRACT_ACTIVITY_COST) } th {}
                } }
                tbody { @for i in 0..rows { (activity_row(&compact, i, errors)) } }
            }
            h2 { (t::CONTRACT_PERIOD) }
            div.row {
                (date_input("start_date", t::CONTRACT_START, &f.start_parts(), errors, None))
                (date_input("end_date", t::CONTRACT_END, &f.end_parts(), errors, None))
            }
            div.row {
                (input("follow_up_weeks", t::CONTRACT_FOLLOW_UP, &f.follow_up_weeks, "text", errors, None))
                (input("notice_days", t::CONTRACT_NOTICE, &f.notice_days, "text", errors, None))
            }
            h2 { (t::CONTRACT_COMPLIANCE) }
            (input("ordinary_employees", t::CONTRACT_EMPLOYEES, &f.ordinary_employees, "text", errors, None))
            (select("employee_rep_statement", t::CONTRACT_STATEMENT, &yes_no, &f.employee_rep_statement, errors))
            div.actions {
                button.button.button-primary type="submit" { (t::CONTRACT_SAVE_DRAFT) }
                a.button.button-secondary href=(cancel) { (t::CANCEL) }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct NewQuery {
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
            .read(move |conn| Ok(directory::get_company(conn, &CompanyId::new(lookup))?))
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
                div.actions { button.button.button-primary type="submit" { (t::CONTRACT_NEXT) } a.button.button-secondary href="/companies/new" { (t::COMPANY_NEW) } }
            }
        };
        return Ok(render(&req, Some(&user), t::CONTRACT_NEW, body));
    };
    let raw = service::default_raw(&user.actor, Some(company.ordinary_employees));
    let mut f = ContractForm::from_raw(&raw);
    f.company_id = company.id.to_string();
    f.offer_types = OfferType::ALL
        .iter()
        .map(|o| o.code().to_string())
        .collect();
    let c = service::choices(
        &state.db,
        &JobcenterId::new(user.actor.jobcenter_id.clone().unwrap_or_default()),
        &CompanyId::new(company.id.clone()),
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
    let mut f = form.0;
    f.read_dates();
    let (raw, conversion) = f.to_raw();
    let result = if conversion.is_empty() {
        service::create(
            &state.db,
            &user.actor,
            CompanyId::new(f.company_id.as_str()),
            move |_| raw,
        )
        .await
    } else {
        Err(AppError::Validation(conversion))
    };
    match result {
        Ok(id) => Ok(redirect_with(
            &format!("/contracts/{id}"),
            "contract_created",
        )),
        Err(AppError::Validation(errors)) => {
            let c = service::choices(
                &state.db,
                &JobcenterId::new(user.actor.jobcenter_id.clone().unwrap_or_default()),
                &CompanyId::new(f.company_id.clone()),
            )
            .await?;
            let body = html! {
                h1 { (t::CONTRACT_NEW) }
                (contract_form("/contracts", &f, &c, &f.refine_dates(form_errors(errors)), &user.csrf, "/contracts"))
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
    id: web::Path<ContractId>,
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
    f.company_id = view.row.company_id.to_string();
    f.revision = view.row.revision.to_string();
    let c = service::choices(
        &state.db,
        &JobcenterId::new(view.row.jobcenter_id.clone()),
        &CompanyId::new(view.row.company_id.clone()),
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
    id: web::Path<ContractId>,
    form: CsrfForm<ContractForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let mut f = form.0;
    f.read_dates();
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
            let c = service::choices(
                &state.db,
                &JobcenterId::new(view.row.jobcenter_id.clone()),
                &CompanyId::new(view.row.company_id.clone()),
            )
            .await?;
            let action = format!("/contracts/{id}");
            let body = html! {
                h1 { (t::CONTRACT_EDIT) " · " (view.company_name) }
                @if let Some(n) = notice { p.alert.alert-error.error-summary role="alert" { (n) } }
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
            rerender(
                f.refine_dates(form_errors(errors)),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            )
            .await
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
