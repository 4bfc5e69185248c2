//! Account operations shared by the pages, the API and the command line.

use chrono::Duration;
use diesel::OptionalExtension;

use crate::auth::model::{Actor, Email, UserInput, UserRaw};
use crate::auth::password;
use crate::auth::policy::require;
use crate::auth::session::{new_token, token_hash, API_TOKEN_DAYS, WEB_SESSION_HOURS};
use crate::auth::store::{self, SessionKind, UserRow};
use crate::db::{now, run_blocking, Db, DbConnection};
use crate::directory::store as directory;
use crate::error::{is_unique_violation, AppError, FieldErrors};
use crate::ui::texts as t;

/// Checks e-mail and password. Unknown e-mails cost the same argon2 work as wrong passwords
/// and give the same answer.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> Result<Actor, AppError> {
    let failed = || AppError::Unauthorized(t::ERR_LOGIN_FAILED.into());
    let normalised = Email::parse(email).ok();
    let user = match normalised {
        Some(e) => {
            let e = e.as_str().to_string();
            db.read(move |conn| Ok(store::find_user_by_email(conn, &e)?))
                .await?
        }
        None => None,
    };
    let password = password.to_string();
    let (hash, user) = match user {
        Some(u) => (u.password_hash.clone(), Some(u)),
        None => (password::dummy_hash().to_string(), None),
    };
    let ok = run_blocking(move || Ok(password::verify(&password, &hash))).await?;
    match user {
        Some(u) if ok && u.active => Ok(u.actor()),
        _ => Err(failed()),
    }
}

/// Starts a session and returns its token (shown once; only its hash is stored).
pub async fn start_session(db: &Db, user_id: &str, kind: SessionKind) -> Result<String, AppError> {
    let token = new_token();
    let hash = token_hash(&token);
    let user_id = user_id.to_string();
    let expires = match kind {
        SessionKind::Web => now() + Duration::hours(WEB_SESSION_HOURS),
        SessionKind::Api => now() + Duration::days(API_TOKEN_DAYS),
    };
    db.write(move |conn| {
        store::delete_expired_sessions(conn)?;
        store::insert_session(conn, &hash, &user_id, kind, expires)?;
        Ok(())
    })
    .await?;
    Ok(token)
}

pub async fn end_session(db: &Db, token_hash: String) -> Result<(), AppError> {
    db.write(move |conn| {
        store::delete_session(conn, &token_hash)?;
        Ok(())
    })
    .await
}

/// Validates a new user against the database: the organisation must exist and the e-mail be free.
fn check_user_refs(conn: &mut DbConnection, input: &UserInput) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if let Some(j) = &input.jobcenter_id {
        if directory::get_jobcenter(conn, j)?.is_none() {
            errors.add("jobcenter_id", t::JOBCENTER_UNKNOWN);
        }
    }
    if let Some(c) = &input.company_id {
        if directory::get_company(conn, c)?.is_none() {
            errors.add("company_id", t::COMPANY_UNKNOWN);
        }
    }
    if store::find_user_by_email(conn, input.email.as_str())?.is_some() {
        errors.add("email", t::EMAIL_TAKEN);
    }
    errors.into_result()
}

/// Creates a user (the password hashed on the blocking pool, the insert in one transaction).
pub async fn create_user_unchecked(db: &Db, raw: UserRaw) -> Result<UserRow, AppError> {
    let input = UserInput::parse(&raw).map_err(AppError::Validation)?;
    let secret = input.password.expose().to_string();
    let hash = run_blocking(move || password::hash(&secret)).await?;
    db.write(move |conn| {
        check_user_refs(conn, &input)?;
        store::insert_user(conn, &input, &hash).map_err(|e| {
            if is_unique_violation(&e) {
                AppError::field("email", t::EMAIL_TAKEN)
            } else {
                e.into()
            }
        })
    })
    .await
}

/// Changes to a user; absent fields stay.
#[derive(Default)]
pub struct UserChange {
    pub name: Option<String>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

/// An administrator changes a user's name, active flag or password. A new password or a
/// deactivation ends the user's sessions. Administrators cannot deactivate themselves.
pub async fn update_user(
    db: &Db,
    actor: &Actor,
    id: String,
    change: UserChange,
) -> Result<UserRow, AppError> {
    require(actor.may_manage_users())?;
    let mut errors = FieldErrors::new();
    let name = change.name.map(|n| n.trim().to_string());
    if let Some(n) = &name {
        if n.is_empty() {
            errors.add("name", t::REQUIRED);
        } else if n.chars().count() > 200 {
            errors.add("name", t::TOO_LONG);
        }
    }
    if change.active == Some(false) && id == actor.user_id {
        errors.add("active", t::CANNOT_DEACTIVATE_SELF);
    }
    let password = match change.password.filter(|p| !p.is_empty()) {
        Some(p) => errors.check("password", crate::auth::model::NewPassword::parse(&p)),
        None => None,
    };
    errors.into_result()?;
    let hash = match password {
        Some(p) => {
            let secret = p.expose().to_string();
            Some(run_blocking(move || password::hash(&secret)).await?)
        }
        None => None,
    };
    db.write(move |conn| {
        let current = store::find_user(conn, &id)
            .optional()?
            .ok_or(AppError::NotFound)?;
        let name = name.unwrap_or(current.name);
        let active = change.active.unwrap_or(current.active);
        Ok(store::update_user(
            conn,
            &id,
            &name,
            active,
            hash.as_deref(),
        )?)
    })
    .await
}

pub async fn get_user(db: &Db, actor: &Actor, id: String) -> Result<UserRow, AppError> {
    require(actor.may_manage_users())?;
    db.read(move |conn| {
        store::find_user(conn, &id)
            .optional()?
            .ok_or(AppError::NotFound)
    })
    .await
}

/// Creates a user on behalf of an administrator.
pub async fn create_user(db: &Db, actor: &Actor, raw: UserRaw) -> Result<UserRow, AppError> {
    require(actor.may_manage_users())?;
    create_user_unchecked(db, raw).await
}
