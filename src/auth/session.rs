//! Sessions and tokens: random tokens stored only as SHA-256, browser sessions in a signed,
//! HttpOnly, SameSite cookie, API tokens as `Authorization: Bearer`, and CSRF tokens derived
//! from the session with an HMAC (so nothing extra is stored and they change at every login).

use actix_web::cookie::{Cookie, CookieJar, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::auth::model::Actor;
use crate::auth::store::{self, SessionKind};
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::PageError;

pub const SESSION_COOKIE: &str = "vc_session";
pub const PRE_SESSION_COOKIE: &str = "vc_pre";
pub use crate::auth::token::{
    new_token, token_hash, API_IDLE_DAYS, API_TOKEN_DAYS, WEB_IDLE_MINUTES, WEB_SESSION_HOURS,
};

pub fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal("application state missing"))
}

/// Reads a signed cookie's verified value.
pub fn signed_cookie(req: &HttpRequest, state: &AppState, name: &str) -> Option<String> {
    let cookie = req.cookie(name)?;
    let mut jar = CookieJar::new();
    jar.add_original(cookie);
    jar.signed(&state.keys.cookie)
        .get(name)
        .map(|c| c.value().to_string())
}

/// Makes a signed cookie with the security attributes every cookie of ours has.
pub fn make_signed_cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    max_age_hours: Option<i64>,
) -> Cookie<'static> {
    let mut cookie = Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.cookie_secure)
        .finish();
    if let Some(h) = max_age_hours {
        cookie.set_max_age(actix_web::cookie::time::Duration::hours(h));
    }
    let mut jar = CookieJar::new();
    jar.signed_mut(&state.keys.cookie).add(cookie);
    jar.get(name)
        .cloned()
        .unwrap_or_else(|| Cookie::new(name, ""))
}

/// A cookie that removes `name` from the browser.
pub fn removal_cookie(name: &'static str) -> Cookie<'static> {
    let mut c = Cookie::build(name, "").path("/").finish();
    c.make_removal();
    c
}

/// The CSRF token that belongs to a browser session token.
pub fn csrf_for_session(state: &AppState, session_token: &str) -> String {
    state.keys.csrf_mac(&format!("session:{session_token}"))
}

/// The CSRF token for an anonymous visitor (the login form), bound to the pre-session cookie.
pub fn csrf_for_pre_session(state: &AppState, pre: &str) -> String {
    state.keys.csrf_mac(&format!("pre:{pre}"))
}

/// The CSRF tokens this request may carry: the one bound to its session cookie and the one bound
/// to its pre-session cookie (the login form of a browser whose old session has expired has both).
fn expected_csrf(req: &HttpRequest, state: &AppState) -> Vec<String> {
    let mut out = Vec::with_capacity(2);
    if let Some(token) = signed_cookie(req, state, SESSION_COOKIE) {
        out.push(csrf_for_session(state, &token));
    }
    if let Some(pre) = signed_cookie(req, state, PRE_SESSION_COOKIE) {
        out.push(csrf_for_pre_session(state, &pre));
    }
    out
}

/// Constant-time comparison of the submitted CSRF token with the expected ones.
pub fn verify_csrf(req: &HttpRequest, state: &AppState, submitted: &str) -> bool {
    !submitted.is_empty()
        && expected_csrf(req, state)
            .iter()
            .any(|expected| bool::from(expected.as_bytes().ct_eq(submitted.as_bytes())))
}

/// The API caller, from `Authorization: Bearer <token>`. Fails with 401.
#[derive(Debug, Clone)]
pub struct ApiUser {
    pub actor: Actor,
    pub token_hash: String,
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let header = req.headers().get(actix_web::http::header::AUTHORIZATION)?;
    let value = header.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty() && token.len() <= 256).then(|| token.to_string())
}

impl FromRequest for ApiUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = state(req);
        let token = bearer_token(req);
        let path = req.path().to_string();
        Box::pin(async move {
            let state = state?;
            let token = token.ok_or_else(|| AppError::Unauthorized(String::new()))?;
            let hash = token_hash(&token);
            let lookup = hash.clone();
            let (actor, created, expires) = state
                .db
                .read_brief(move |conn| store::actor_for_session(conn, &lookup, SessionKind::Api))
                .await?
                .ok_or_else(|| AppError::Unauthorized(String::new()))?;
            crate::auth::service::touch_session(
                &state.db,
                &hash,
                SessionKind::Api,
                created,
                expires,
            )
            .await?;
            enrolment_gate(&state, &actor, &path)?;
            Ok(ApiUser {
                actor,
                token_hash: hash,
            })
        })
    }
}

/// An administrator's request with its JSON body: who may is decided before the body is read
/// or validated, so anyone else gets 403, not a 422 that tells them what the route wants.
/// (Separate extractors would race: the body's error could come first.)
pub struct AdminJson<T>(pub ApiUser, pub T);

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for AdminJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = ApiUser::from_request(req, payload);
        // Created now (it owns the payload), read only after the check.
        let body = crate::extract::ApiJson::<T>::from_request(req, payload);
        Box::pin(async move {
            let user = user.await?;
            crate::auth::policy::require(user.actor.is_admin())?;
            let body = body.await?;
            Ok(AdminJson(user, body.0))
        })
    }
}

/// Where someone who must set up a second factor and has not may still go: who they are, the
/// enrolment itself, their own account page and logging out.
const ENROLMENT_PATHS: &[&str] = &[
    "/api/v1/me",
    "/api/v1/me/totp",
    "/api/v1/me/totp/confirm",
    "/api/v1/auth/logout",
    "/api/v1/auth/logout-all",
    "/api/v1/auth/password",
    "/account",
    "/account/password",
    "/account/totp",
    "/account/totp/confirm",
    "/logout",
    "/logout-everywhere",
];

/// An administrator or data-protection officer (or anyone, with `VC_REQUIRE_MFA=all`) without
/// a confirmed second factor may only enrol: everything else is 403 `mfa_enrolment_required`.
fn enrolment_gate(state: &AppState, actor: &Actor, path: &str) -> Result<(), AppError> {
    if state.settings.require_mfa.applies_to(actor)
        && !actor.totp_enabled
        && !ENROLMENT_PATHS.contains(&path)
    {
        return Err(AppError::MfaEnrolmentRequired);
    }
    Ok(())
}

pub use crate::auth::model::PageUser;

async fn page_user(req: &HttpRequest) -> Result<Option<PageUser>, AppError> {
    let state = state(req)?;
    let Some(token) = signed_cookie(req, &state, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let lookup = hash.clone();
    let found = state
        .db
        .read_brief(move |conn| store::actor_for_session(conn, &lookup, SessionKind::Web))
        .await?;
    let actor = match found {
        Some((actor, created, expires)) => {
            crate::auth::service::touch_session(
                &state.db,
                &hash,
                SessionKind::Web,
                created,
                expires,
            )
            .await?;
            enrolment_gate(&state, &actor, req.path())?;
            Some(actor)
        }
        None => None,
    };
    Ok(actor.map(|actor| PageUser {
        actor,
        csrf: csrf_for_session(&state, &token),
        token_hash: hash,
    }))
}

impl FromRequest for PageUser {
    type Error = PageError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match page_user(&req).await? {
                Some(user) => Ok(user),
                None => Err(PageError::Login {
                    next: login_next(req.uri().path(), req.query_string()),
                }),
            }
        })
    }
}

/// Where the login sends the person back to: the page they asked for, without any query
/// parameter that is or may hold a CPR number (`cpr`, or ten digits with or without a dash),
/// so a number typed into an address never travels on in the login redirect.
pub fn login_next(path: &str, query: &str) -> String {
    let looks_like_cpr = |v: &str| {
        let digits: String = v.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit())
    };
    let kept: Vec<(String, String)> = serde_html_form::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| k != "cpr" && !looks_like_cpr(v))
        .collect();
    let query = serde_html_form::to_string(&kept).unwrap_or_default();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The signed-in person if there is one (for the login page and the home page).
pub struct MaybePageUser(pub Option<PageUser>);

impl FromRequest for MaybePageUser {
    type Error = PageError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybePageUser(page_user(&req).await?)) })
    }
}

/// A submitted HTML form whose CSRF token (the hidden field `csrf`) has been checked.
/// Repeated fields (checkbox groups) deserialize into `Vec`s.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = PageError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let body = body.await.map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    PageError::App(AppError::PayloadTooLarge)
                } else {
                    PageError::App(AppError::BadRequest(e.to_string()))
                }
            })?;
            if body.contains(&0) || body.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00")) {
                return Err(PageError::App(AppError::BadRequest(
                    crate::texts::NUL_CHARACTER.into(),
                )));
            }
            let state = state(&req)?;
            let field: CsrfField = serde_html_form::from_bytes(&body)
                .map_err(|e| PageError::App(AppError::BadRequest(e.to_string())))?;
            if !verify_csrf(&req, &state, &field.csrf) {
                return Err(PageError::Csrf);
            }
            let value: T = serde_html_form::from_bytes(&body)
                .map_err(|e| PageError::App(AppError::BadRequest(e.to_string())))?;
            Ok(CsrfForm(value))
        })
    }
}

#[cfg(test)]
mod login_next_tests {
    use super::login_next;

    #[test]
    fn a_cpr_number_never_rides_along_to_the_login() {
        assert_eq!(
            login_next("/access-log", "cpr=0101901234&from=01-01-2026"),
            "/access-log?from=01-01-2026"
        );
        assert_eq!(login_next("/candidates", "q=010190-1234"), "/candidates");
        assert_eq!(
            login_next("/contracts", "status=active&page=2"),
            "/contracts?status=active&page=2"
        );
        assert_eq!(login_next("/", ""), "/");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
