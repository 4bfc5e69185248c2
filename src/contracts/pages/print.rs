//! The printable contract (A4, for signatures on paper).

use crate::ids::ContractId;
use actix_web::{get, web, HttpRequest, HttpResponse};
use maud::html;
use serde::Deserialize;

use crate::auth::session::PageUser;
use crate::contracts::model::{CompanyParty, WorksiteParty};
use crate::contracts::service::{self};
use crate::directory::store as directory;
use crate::error::AppError;
use crate::state::AppState;
use crate::texts as t;
use crate::ui::format;
use crate::ui::{render, PageError};

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PrintQuery {
    version: Option<String>,
}

/// The contract's number on paper: the first eight characters of its id, in capitals.
fn short_number(id: &ContractId) -> String {
    id.chars().take(8).collect::<String>().to_uppercase()
}

#[get("/contracts/{id}/print")]
pub async fn print_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
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
    let title = t::print::title(&company.name, version.version_no);
    let standard_terms = state
        .settings
        .standard_terms
        .as_deref()
        .unwrap_or(t::print::STANDARD_TERMS);
    let body = html! {
        article.print {
            p.contract-number { (t::print::contract_number(&short_number(&view.row.id))) }
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
                        dt { (t::contracts::RECEIPT_REFERENCE) } dd { (crate::contracts::model::reference_number(hash)) }
                        dt { (t::CONTRACT_HASH) } dd.hash { (hash) }
                    }
                }
                _ => { p.notice { (t::CONTRACT_NOT_ACCEPTED) } }
            }
            section.standard-terms {
                h2 { "10. " (t::print::STANDARD_TERMS_HEADING) }
                @for paragraph in standard_terms.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                    p { (paragraph) }
                }
            }
            section.signatures {
                h2 { "11. " (t::print::SIGNATURES) }
                div.signature-grid {
                    @for (party, name) in [(t::print::FOR_JOBCENTER, view.jobcenter_name.as_str()), (t::print::FOR_COMPANY, company.name.as_str())] {
                        div.signature {
                            h3 { (party) ": " (name) }
                            p.sign-line { (t::print::SIGN_DATE) }
                            p.sign-line { (t::print::SIGN_SIGNATURE) }
                            p.sign-line { (t::print::SIGN_NAME) }
                        }
                    }
                }
            }
            footer.print-footer {
                (t::print::contract_number(&short_number(&view.row.id))) " · "
                (t::CONTRACT_VERSION) " " (version.version_no) " · " (t::CONTRACT_EFFECTIVE) " " (format::date(version.effective_from))
            }
        }
    };
    Ok(render(&req, Some(&user), &title, body))
}
