//! Accounts in the JSON API: login, logout, the current user and user administration.

use crate::ids::{CompanyId, InvitationId, UserId};
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::model::{Actor, Role, UserRaw};
use crate::auth::policy::require;
use crate::auth::service;
use crate::auth::session::{AdminJson, ApiUser};
use crate::auth::store::{self, SessionKind, UserRow};
use crate::clock::utc;
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiJson, ListParams};
use crate::state::AppState;

/// A user as the API shows it. The password is never returned.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub jobcenter_id: Option<String>,
    pub company_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The jobcenter's data-protection officer: reads its CPR access log.
    pub dpo: bool,
    /// Logs in with a second factor (TOTP).
    pub mfa: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
}

impl From<&Actor> for UserOut {
    fn from(a: &Actor) -> Self {
        UserOut {
            id: a.user_id.clone().into(),
            email: a.email.clone(),
            name: a.name.clone(),
            role: a.role,
            jobcenter_id: a.jobcenter_id.clone().map(Into::into),
            company_id: a.company_id.clone().map(Into::into),
            active: None,
            dpo: a.dpo,
            mfa: a.totp_enabled,
            created_at: None,
        }
    }
}

impl TryFrom<UserRow> for UserOut {
    type Error = AppError;

    /// An unknown role code in the row is an error, not some other role.
    fn try_from(u: UserRow) -> Result<Self, AppError> {
        Ok(UserOut {
            role: u.role()?,
            id: u.id.into(),
            email: u.email,
            name: u.name,
            jobcenter_id: u.jobcenter_id.map(Into::into),
            company_id: u.company_id.map(Into::into),
            active: Some(u.active),
            dpo: u.dpo,
            mfa: u.totp_cipher.is_some(),
            created_at: Some(utc(u.created_at)),
        })
    }
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "konsulent@middelfart.dk")]
    pub email: String,
    pub password: String,
    /// For an account with a second factor: the authenticator app's current six-digit code, or
    /// one of the recovery codes. Without it such an account answers 401 `otp_required`.
    #[serde(default)]
    pub otp: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`. Ends after 7 days unused, after 30 days in any case, or at logout.
    pub token: String,
    pub user: UserOut,
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse),
        (status = 401, description = "Wrong e-mail or password (`unauthorized`), or the account needs its second factor's code in `otp` (`otp_required`)", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let address = state.settings.client_address(&req);
    let (actor, token) = service::login(
        &state.db,
        &state.keys,
        &body.0.email,
        &body.0.password,
        body.0.otp.as_deref(),
        address.as_deref(),
        SessionKind::Api,
    )
    .await?;
    tracing::info!(user_id = %actor.user_id, "api login");
    Ok(HttpResponse::Ok().json(LoginResponse {
        token,
        user: UserOut::from(&actor),
    }))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "The token is revoked"), (status = 401, body = ErrorBody)))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, user: ApiUser) -> Result<HttpResponse, AppError> {
    service::end_session(&state.db, user.token_hash).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/api/v1/auth/logout-all", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Every session and token of the user is revoked"), (status = 401, body = ErrorBody)))]
#[post("/auth/logout-all")]
pub async fn logout_all(
    state: web::Data<AppState>,
    user: ApiUser,
) -> Result<HttpResponse, AppError> {
    let n = service::end_all_sessions(&state.db, user.actor.user_id.clone()).await?;
    tracing::info!(user_id = %user.actor.user_id, sessions = n, "logged out everywhere");
    Ok(HttpResponse::NoContent().finish())
}

/// A change of the caller's own password.
#[derive(Deserialize, ToSchema)]
pub struct PasswordChangeRequest {
    pub current_password: String,
    /// At least 12 characters, not a common password, not the current one.
    pub new_password: String,
}

/// Changes the caller's own password. The current password is checked as a login is (a wrong
/// one counts towards the login limit: 429 past it). Every other session and token of the
/// caller ends; the token that made the change goes on.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordChangeRequest,
    security(("bearer" = [])),
    responses((status = 204, description = "The password is changed; the caller's other sessions and tokens are revoked"),
        (status = 401, body = ErrorBody),
        (status = 409, description = "The password or the account changed while this change was checked; log in again", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/auth/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<PasswordChangeRequest>,
) -> Result<HttpResponse, AppError> {
    let address = state.settings.client_address(&req);
    let body = body.0;
    let change = service::PasswordChange {
        current: body.current_password,
        new: body.new_password,
        repeat: None,
    };
    service::change_own_password(
        &state.db,
        &user.actor,
        user.token_hash,
        change,
        address.as_deref(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UserOut), (status = 401, body = ErrorBody)))]
#[get("/me")]
pub async fn me(user: ApiUser) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(UserOut::from(&user.actor)))
}

/// A second factor being set up: add it to an authenticator app, then confirm a code.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpEnrolment {
    /// The secret in base 32, to type into the app by hand.
    pub secret: String,
    /// The `otpauth://` URL (the QR code on "Min konto" holds it).
    pub otpauth_url: String,
}

#[utoipa::path(post, path = "/api/v1/me/totp", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TotpEnrolment), (status = 401, body = ErrorBody),
        (status = 409, description = "A second factor is already set up", body = ErrorBody)))]
#[post("/me/totp")]
pub async fn start_totp(
    state: web::Data<AppState>,
    user: ApiUser,
) -> Result<HttpResponse, AppError> {
    let e = service::start_totp(&state.db, &state.keys, &user.actor).await?;
    Ok(HttpResponse::Ok().json(TotpEnrolment {
        secret: e.secret,
        otpauth_url: e.otpauth_url,
    }))
}

/// The first code from the app, confirming it was added.
#[derive(Deserialize, ToSchema)]
pub struct TotpConfirm {
    #[schema(example = "123456")]
    pub code: String,
}

/// The second factor is on; the recovery codes are shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpConfirmed {
    /// One-time codes for logging in without the phone. Keep them safe: they are not shown
    /// again.
    pub recovery_codes: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "auth", request_body = TotpConfirm,
    security(("bearer" = [])),
    responses((status = 200, body = TotpConfirmed), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/me/totp/confirm")]
pub async fn confirm_totp(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<TotpConfirm>,
) -> Result<HttpResponse, AppError> {
    let codes = service::confirm_totp(&state.db, &state.keys, &user.actor, &body.0.code).await?;
    Ok(HttpResponse::Ok().json(TotpConfirmed {
        recovery_codes: codes,
    }))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/totp/reset", tag = "auth", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204, description = "The second factor is removed and the user's sessions end"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[post("/users/{id}/totp/reset")]
pub async fn reset_totp(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    service::reset_totp(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    pub items: Vec<UserOut>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "auth", params(ListParams), security(("bearer" = [])),
    responses((status = 200, body = UserList), (status = 403, body = ErrorBody)))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    user: ApiUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    require(user.actor.may_manage_users())?;
    let q = params.q().map(str::to_string);
    let sort = params.sort(store::USER_SORTS, store::USER_DEFAULT_SORT)?;
    let (offset, limit) = (params.offset(), params.per_page());
    let (items, total) = state
        .db
        .read(move |conn| store::list_users(conn, q.as_deref(), None, None, sort, offset, limit))
        .await?;
    Ok(HttpResponse::Ok().json(UserList {
        items: items
            .into_iter()
            .map(|i| UserOut::try_from(i.user))
            .collect::<Result<_, _>>()?,
        page: params.page(),
        per_page: params.per_page(),
        total,
    }))
}

/// A new user. `jobcenter_id` for consultants, `company_id` for company signatories and mentors.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct UserCreate {
    pub email: String,
    pub name: String,
    /// "admin", "consultant", "company" or "mentor".
    pub role: String,
    pub jobcenter_id: Option<String>,
    pub company_id: Option<String>,
    /// At least 12 characters. Only ever written.
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "auth", request_body = UserCreate, security(("bearer" = [])),
    responses((status = 201, body = UserOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    AdminJson(user, body): AdminJson<UserCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body;
    let raw = UserRaw {
        email: b.email,
        name: b.name,
        role: b.role,
        jobcenter_id: b.jobcenter_id.unwrap_or_default(),
        company_id: b.company_id.unwrap_or_default(),
        password: b.password,
    };
    let created = service::create_user(&state.db, &user.actor, raw).await?;
    Ok(HttpResponse::Created().json(UserOut::try_from(created)?))
}

/// Changes to a user; absent fields stay. A new password or `"active": false` ends the user's
/// sessions and tokens.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct UserPatch {
    pub name: Option<String>,
    pub active: Option<bool>,
    /// Consultants only: the jobcenter's data-protection officer.
    pub dpo: Option<bool>,
    pub password: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "auth", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = UserOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    let u = service::get_user(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(UserOut::try_from(u)?))
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "auth", params(("id" = String, Path)),
    request_body = UserPatch, security(("bearer" = [])),
    responses((status = 200, body = UserOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/users/{id}")]
pub async fn patch_user(
    state: web::Data<AppState>,
    id: web::Path<UserId>,
    AdminJson(user, body): AdminJson<UserPatch>,
) -> Result<HttpResponse, AppError> {
    let b = body;
    let u = service::update_user(
        &state.db,
        &user.actor,
        id.into_inner(),
        service::UserChange {
            name: b.name,
            active: b.active,
            dpo: b.dpo,
            password: b.password,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(UserOut::try_from(u)?))
}

/// A person to invite to a company: a signatory (`company`) or a mentor (`mentor`).
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct InvitationCreate {
    pub name: String,
    #[schema(example = "mentor@firma.dk")]
    pub email: String,
    /// "company" (a signatory) or "mentor".
    pub role: String,
}

/// A new or renewed invitation: the link to pass on to the person, shown this once (only the
/// hash of its token is stored).
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationIssued {
    pub id: String,
    /// Works once, until `expires_at`.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// An invitation that is neither accepted nor cancelled.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationOut {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The name of the person who invited them.
    pub invited_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The link has expired: renew it to send a new one.
    pub expired: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationList {
    pub items: Vec<InvitationOut>,
}

fn issued_out(
    req: &HttpRequest,
    state: &AppState,
    i: service::IssuedInvitation,
) -> InvitationIssued {
    InvitationIssued {
        id: i.id.into(),
        url: format!(
            "{}{}",
            state.settings.public_origin(req),
            service::invitation_path(&i.token)
        ),
        expires_at: utc(i.expires_at),
    }
}

/// Invites a company's signatory or mentor: creates the user without a usable password and an
/// invitation whose link (valid 14 days, once) lets them choose one. For administrators and the
/// consultants who may keep the company's record.
#[utoipa::path(post, path = "/api/v1/companies/{id}/invitations", tag = "auth", params(("id" = String, Path)),
    request_body = InvitationCreate, security(("bearer" = [])),
    responses((status = 201, body = InvitationIssued), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "A field is missing or wrong, or the e-mail already has a user (`email`)", body = ErrorBody)))]
#[post("/companies/{id}/invitations")]
pub async fn create_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
    body: ApiJson<InvitationCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let raw = crate::auth::model::InvitationRaw {
        name: b.name,
        email: b.email,
        role: b.role,
    };
    let issued = service::invite(&state.db, &user.actor, id.into_inner(), raw).await?;
    Ok(HttpResponse::Created().json(issued_out(&req, &state, issued)))
}

#[utoipa::path(get, path = "/api/v1/companies/{id}/invitations", tag = "auth", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = InvitationList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/companies/{id}/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
) -> Result<HttpResponse, AppError> {
    let items = service::list_invitations(&state.db, &user.actor, id.into_inner()).await?;
    let at = crate::db::now();
    let items = items
        .into_iter()
        .map(|v| {
            Ok(InvitationOut {
                expired: !v.invitation.is_usable(at),
                role: Role::from_stored(&v.role)?,
                id: v.invitation.id.into(),
                user_id: v.invitation.user_id.into(),
                name: v.name,
                email: v.email,
                invited_by: v.invited_by_name,
                created_at: utc(v.invitation.created_at),
                expires_at: utc(v.invitation.expires_at),
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(HttpResponse::Ok().json(InvitationList { items }))
}

/// A new link for an invitation (expired or not); the old link stops working.
#[utoipa::path(post, path = "/api/v1/invitations/{id}/renew", tag = "auth", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = InvitationIssued), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The invitation was accepted or cancelled", body = ErrorBody)))]
#[post("/invitations/{id}/renew")]
pub async fn renew_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<InvitationId>,
) -> Result<HttpResponse, AppError> {
    let issued = service::renew_invitation(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(issued_out(&req, &state, issued)))
}

/// Cancels an invitation: its link stops working and the invited user is deactivated.
#[utoipa::path(post, path = "/api/v1/invitations/{id}/cancel", tag = "auth", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204, description = "Cancelled"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The invitation was accepted or cancelled", body = ErrorBody)))]
#[post("/invitations/{id}/cancel")]
pub async fn cancel_invitation(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<InvitationId>,
) -> Result<HttpResponse, AppError> {
    service::cancel_invitation(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(logout)
        .service(logout_all)
        .service(change_password)
        .service(me)
        .service(start_totp)
        .service(confirm_totp)
        .service(list_users)
        .service(create_user)
        .service(get_user)
        .service(patch_user)
        .service(reset_totp)
        .service(create_invitation)
        .service(list_invitations)
        .service(renew_invitation)
        .service(cancel_invitation);
}
