//! Builds the application: routes, middleware, state. Used by `main` and by the tests, which
//! start it on port 0 with a fresh database each.

use std::net::TcpListener;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::{from_fn, DefaultHeaders, Next};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer, ResponseError};

use crate::campaign::jobs::ImportJobs;
use crate::error::AppError;
use crate::extract::JSON_LIMIT;
use crate::state::AppState;
use crate::ui::PageError;
use crate::{
    agreements, attendance, audit, auth, campaign, contracts, directory, documents, home, hours,
    mail, openapi, seats, tasks, visits,
};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        // The link carries a hash of the content, so a new version is a new URL.
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(crate::ui::STYLESHEET)
}

async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(crate::ui::SCRIPT)
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(openapi::json())
}

async fn api_not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

async fn page_not_found() -> Result<HttpResponse, PageError> {
    Err(PageError::App(AppError::NotFound))
}

/// Host part (with port) of an Origin or Referer value.
/// The `scheme://host` part of an `Origin` or `Referer` value (lower-case scheme).
fn origin_of(value: &str) -> Option<String> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split('/').next().unwrap_or(rest);
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Refuses, before any handler runs: a NUL character anywhere in the path or query (PostgreSQL
/// cannot store it; answered 400 on every backend alike), and state-changing page requests whose
/// Origin (or Referer) names another site (403). The API is exempt from the Origin check: it
/// authenticates with bearer tokens, which a browser never sends on its own. Refusals are
/// responses, not errors, so the outer middleware still adds the headers and the log line.
async fn request_guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let raw = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("");
    let is_api = req.path().starts_with("/api/");
    if raw.to_ascii_lowercase().contains("%00") {
        let resp = if is_api {
            AppError::BadRequest(crate::texts::NUL_CHARACTER.into()).error_response()
        } else {
            PageError::App(AppError::BadRequest(crate::texts::NUL_CHARACTER.into()))
                .error_response()
        };
        return Ok(req.into_response(resp).map_into_right_body());
    }
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // A mail's one-click unsubscribe (RFC 8058) is posted by the mail program, from its own
    // origin; the link's signature is what authorises it, not the session.
    let signed_link = req.path() == crate::mail::model::UNSUBSCRIBE_PATH;
    if changes_state && !is_api && !signed_link {
        let expected = req
            .app_data::<web::Data<AppState>>()
            .and_then(|s| s.settings.expected_origin(&req))
            .map(|o| o.to_ascii_lowercase());
        let claimed = req
            .headers()
            .get(header::ORIGIN)
            .or_else(|| req.headers().get(header::REFERER))
            .map(|v| v.to_str().unwrap_or("invalid"));
        if let Some(claimed) = claimed {
            if expected.is_none() || origin_of(claimed) != expected {
                tracing::warn!(path = %loggable_path(req.path()), "cross-origin form post refused");
                let resp = PageError::Csrf.error_response();
                return Ok(req.into_response(resp).map_into_right_body());
            }
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// A request's path as the logs may hold it: an invitation's token and a calendar feed's
/// token are left out.
fn loggable_path(path: &str) -> &str {
    if path.starts_with("/invitation/") {
        "/invitation/***"
    } else if path.starts_with("/calendar/") {
        "/calendar/***"
    } else {
        path
    }
}

/// Logs one line per request: method, path (never the query, which may hold search text),
/// status and duration. An invitation's path holds its token, which works as a password until
/// it is spent: it is logged without it.
async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = std::time::Instant::now();
    let method = req.method().clone();
    let path = loggable_path(req.path()).to_string();
    let res = next.call(req).await?;
    tracing::info!(
        %method,
        %path,
        status = res.status().as_u16(),
        ms = start.elapsed().as_millis() as u64,
        "request"
    );
    Ok(res)
}

fn query_error(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::BadRequest(err.to_string()).into()
}

fn path_error(_err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::NotFound.into()
}

/// The whole application for one worker.
pub fn app(
    state: AppState,
    imports: web::Data<ImportJobs>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(state))
        .app_data(imports)
        .app_data(web::PayloadConfig::new(JSON_LIMIT))
        .app_data(web::QueryConfig::default().error_handler(query_error))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .wrap(from_fn(request_guard))
        .wrap(
            DefaultHeaders::new()
                .add((header::CONTENT_SECURITY_POLICY, CSP))
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::X_FRAME_OPTIONS, "DENY"))
                .add((header::REFERRER_POLICY, "same-origin"))
                .add((header::CACHE_CONTROL, "no-store")),
        )
        .wrap(from_fn(access_log))
        .service(crate::health::health)
        .route("/static/app.css", web::get().to(stylesheet))
        .route("/static/app.js", web::get().to(script))
        .route(
            "/static/dkfds/{path:.*}",
            web::get().to(crate::ui::assets::serve),
        )
        .service(
            web::scope("/api/v1")
                .route("/openapi.json", web::get().to(openapi_json))
                .configure(auth::api::configure)
                .configure(directory::api::configure)
                .configure(contracts::api::configure)
                .configure(seats::api::configure)
                .configure(hours::api::configure)
                .configure(campaign::api::configure)
                .configure(audit::api::configure)
                .configure(tasks::api::configure)
                .configure(mail::api::configure)
                .configure(agreements::api::configure)
                .configure(attendance::api::configure)
                .configure(documents::api::configure)
                .configure(visits::api::configure)
                .default_service(web::to(api_not_found)),
        )
        .service(home::home)
        .configure(tasks::pages::configure)
        .service(crate::accessibility::statement)
        .configure(auth::pages::configure)
        .configure(directory::pages::configure)
        .configure(seats::pages::configure)
        .configure(hours::pages::configure)
        .configure(campaign::pages::configure)
        .configure(audit::pages::configure)
        .configure(mail::pages::configure)
        .configure(agreements::pages::configure)
        .configure(attendance::pages::configure)
        .configure(documents::pages::configure)
        .configure(visits::pages::configure)
        .configure(contracts::pages::configure)
        .default_service(web::to(page_not_found))
}

/// Starts the HTTP server on an already bound listener.
///
/// Database work runs on each worker's blocking pool (`web::block`). A blocking thread beyond the
/// database's connections only waits for one, so each worker gets as many blocking threads as
/// there are connections, not actix's default of 512 shared out: under 32 concurrent clients the
/// default grew the server to 90 threads, each keeping its own malloc arena, and the peak memory
/// with them (docs/benchmarks.md). Requests beyond that wait in the pool's queue instead.
pub fn serve(state: AppState, listener: TcpListener, workers: usize) -> std::io::Result<Server> {
    let blocking = state.db.connections().max(2);
    // One list of figure imports for the whole instance, shared by its workers.
    let imports = web::Data::new(ImportJobs::default());
    let server = HttpServer::new(move || app(state.clone(), imports.clone()))
        .workers(workers.max(1))
        .worker_max_blocking_threads(blocking)
        .listen(listener)?
        .run();
    Ok(server)
}

#[cfg(test)]
mod tests {
    use super::{loggable_path, origin_of};

    #[test]
    fn an_invitation_token_stays_out_of_the_log() {
        assert_eq!(loggable_path("/invitation/abc123"), "/invitation/***");
        assert_eq!(
            loggable_path("/invitations/x/renew"),
            "/invitations/x/renew"
        );
        assert_eq!(loggable_path("/companies/x"), "/companies/x");
        assert_eq!(loggable_path("/calendar/u-0123abcd.ics"), "/calendar/***");
        assert_eq!(loggable_path("/calendar"), "/calendar");
    }

    #[test]
    fn origin_hosts() {
        assert_eq!(
            origin_of("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("HTTPS://VC.example.dk/login").as_deref(),
            Some("https://vc.example.dk")
        );
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("ftp://vc.example.dk"), None);
    }
}
