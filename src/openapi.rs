//! The OpenAPI 3 document of the JSON API, served at `/api/v1/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{
    agreements, attendance, audit, auth, campaign, contracts, directory, documents, health, hours,
    mail, seats, tasks, visits,
};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The error answers every operation can give besides the ones its handler documents: a
/// malformed query or body (400), a missing or expired token (401), a role without access (403),
/// an unknown object in the path (404), a body over the limit (413), a JSON body not declared
/// as JSON (415), a field error (422), the login limit (429) and an overloaded database (503). All have the `ErrorBody` shape. Added here
/// once so that the document stays true for every route (the fuzz run checks every status).
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::HttpMethod;
        use utoipa::openapi::{Ref, ResponseBuilder};
        let error = |text: &str| {
            ResponseBuilder::new()
                .description(text)
                .content(
                    "application/json",
                    utoipa::openapi::ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = path == "/health" || path == "/api/v1/auth/login";
            let has_path_params = path.contains('{');
            for (kind, op) in [
                (HttpMethod::Get, item.get.as_mut()),
                (HttpMethod::Post, item.post.as_mut()),
                (HttpMethod::Put, item.put.as_mut()),
                (HttpMethod::Patch, item.patch.as_mut()),
                (HttpMethod::Delete, item.delete.as_mut()),
            ] {
                let Some(op) = op else { continue };
                let responses = &mut op.responses.responses;
                let mut add = |code: &str, text: &str| {
                    responses
                        .entry(code.to_string())
                        .or_insert_with(|| error(text).into());
                };
                add("400", "The query or body could not be read");
                add("422", "Field errors, by field name");
                add("503", "The database is busy; try again");
                if !public {
                    add("401", "Not logged in, or the session has ended");
                    add("403", "The role may not do this");
                }
                if has_path_params {
                    add("404", "No such object, or not visible to this user");
                }
                if !matches!(kind, HttpMethod::Get | HttpMethod::Delete) {
                    add("413", "The body is larger than the limit");
                    // Only an operation that takes a JSON body can refuse one that is not
                    // declared JSON; the CSV import refuses what is not `text/csv` itself.
                    let json_body = op
                        .request_body
                        .as_ref()
                        .is_some_and(|b| b.content.contains_key("application/json"));
                    if json_body {
                        add(
                            "415",
                            "The body is not declared as JSON (Content-Type: application/json)",
                        );
                    }
                }
                if path == "/api/v1/auth/login" || path == "/api/v1/auth/password" {
                    add(
                        "429",
                        "Too many failed logins; wait for Retry-After seconds",
                    );
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Virksomhedscenter API",
        version = "1",
        description = "Contracts, seats, mentor hours and campaign goals of virksomhedscentre. \
            Authenticate with POST /api/v1/auth/login and send the token as `Authorization: Bearer`. \
            Errors are `{\"error\", \"message\", \"fields\"}`."
    ),
    paths(
        health::health,
        auth::api::login,
        auth::api::logout,
        auth::api::logout_all,
        auth::api::change_password,
        auth::api::me,
        auth::api::start_totp,
        auth::api::confirm_totp,
        auth::api::reset_totp,
        tasks::api::my_tasks,
        auth::api::list_users,
        auth::api::create_user,
        auth::api::get_user,
        auth::api::patch_user,
        auth::api::create_invitation,
        auth::api::list_invitations,
        auth::api::renew_invitation,
        auth::api::cancel_invitation,
        directory::api::list_jobcenters,
        directory::api::create_jobcenter,
        directory::api::get_jobcenter,
        directory::api::patch_jobcenter,
        directory::api::list_companies,
        directory::api::create_company,
        directory::api::get_company,
        directory::api::patch_company,
        directory::api::list_worksites,
        directory::api::create_worksite,
        directory::api::declare_headcount,
        directory::api::list_corrections,
        directory::api::propose_correction,
        directory::api::approve_correction,
        directory::api::reject_correction,
        contracts::api::list,
        contracts::api::create,
        contracts::api::get_one,
        contracts::api::update,
        contracts::api::send,
        contracts::api::withdraw,
        contracts::api::accept,
        contracts::api::request_changes,
        contracts::api::amend,
        contracts::api::terminate,
        contracts::api::versions,
        contracts::api::version,
        contracts::api::diff,
        seats::api::create_candidate,
        seats::api::list_candidates,
        seats::api::get_candidate,
        seats::api::refer,
        seats::api::get_placement,
        seats::api::end_placement,
        seats::api::cancel_placement,
        seats::api::extend_placement,
        seats::api::follow_up,
        seats::api::take_remaining,
        seats::api::add_activity,
        seats::api::seats,
        seats::api::follow_ups_due,
        seats::api::suggest,
        hours::api::create,
        hours::api::list,
        hours::api::update,
        hours::api::remove,
        hours::api::submit,
        hours::api::approve,
        hours::api::reject,
        hours::api::reopen,
        hours::api::export_payments,
        hours::api::summary,
        hours::api::payments,
        hours::api::pending,
        hours::api::contract_economy,
        hours::api::jobcenter_economy,
        campaign::api::list,
        campaign::api::create,
        campaign::api::update,
        campaign::api::figures_csv,
        campaign::api::goals,
        campaign::api::rollups,
        campaign::api::figures,
        audit::api::audit,
        audit::api::access_log,
        mail::api::outbox,
        mail::api::resend,
        mail::api::my_mail,
        mail::api::set_my_mail,
        agreements::api::get_agreement,
        agreements::api::put_agreement,
        agreements::api::send_agreement,
        agreements::api::accept_agreement,
        agreements::api::request_agreement_changes,
        agreements::api::versions,
        agreements::api::version,
        attendance::api::record_day,
        attendance::api::list,
        documents::api::add_to_contract,
        documents::api::list_of_contract,
        documents::api::add_to_placement,
        documents::api::list_of_placement,
        documents::api::download,
        documents::api::remove,
        visits::api::list_visits,
        visits::api::change_visit,
        visits::api::my_calendar,
        visits::api::renew_calendar,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&BearerAuth, &CommonErrors),
    tags(
        (name = "auth", description = "Login, tokens and users"),
        (name = "directory", description = "Jobcenters, companies and worksites"),
        (name = "contracts", description = "Written contracts, their versions and their review"),
        (name = "seats", description = "Candidates, referrals, placements, waiting lists and follow-up"),
        (name = "hours", description = "Mentor hours, weekly approval, budgets and payments"),
        (name = "campaign", description = "Campaign goals per jobcenter and month"),
        (name = "audit", description = "The audit trail and the CPR access log"),
        (name = "mail", description = "The outbox of e-mail notifications and one's own mail choices"),
        (name = "agreements", description = "A placement's own agreement: terms, step-up plan, versions and acceptance"),
        (name = "attendance", description = "A placement's attendance day by day, and planned against attended hours"),
        (name = "documents", description = "Files attached to contracts and placements: PDF, PNG and JPEG up to 10 MiB"),
        (name = "visits", description = "Follow-up visits of placements and one's calendar feed"),
        (name = "system", description = "Health")
    )
)]
pub struct ApiDoc;

/// The document as JSON text.
pub fn json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_string())
}
