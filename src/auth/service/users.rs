//! Changing one's password, and creating and changing users.

use crate::ids::UserId;
use diesel::OptionalExtension;

use crate::auth::model::{Actor, UserInput, UserRaw};
use crate::auth::password;
use crate::auth::policy::require;
use crate::auth::store::{self, UserRow};
use crate::db::{run_blocking, Db, DbConnection};
use crate::directory::store as directory;
use crate::error::{is_unique_violation, AppError, FieldErrors};
use crate::texts as t;

use super::*;

/// What a person types to change their own password. `repeat` is the page's second field; the
/// API has none.
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub repeat: Option<String>,
}

/// A person changes their own password. The current password is checked as a login is, through
/// the same failure count and wait (a stolen session cannot guess it faster than a login could),
/// and only after the new one passes its rules, so a typo in the new one costs no attempt. The
/// new hash and the end of every other session and token are one transaction; the session that
/// made the change (`keep`, its token hash) goes on. Returns how many sessions ended.
pub async fn change_own_password(
    db: &Db,
    actor: &Actor,
    keep: String,
    change: PasswordChange,
    address: Option<&str>,
) -> Result<usize, AppError> {
    use crate::texts::account as ta;
    let mut errors = FieldErrors::new();
    if change.current.is_empty() {
        errors.add("current_password", t::REQUIRED);
    }
    let new = errors.check(
        "new_password",
        crate::auth::model::NewPassword::parse(&change.new, &[&actor.email, &actor.name]),
    );
    if new.is_some() {
        if change.new == change.current {
            errors.add("new_password", ta::SAME_AS_CURRENT);
        } else if change.repeat.as_ref().is_some_and(|r| *r != change.new) {
            errors.add("new_password_repeat", ta::NOT_REPEATED);
        }
    }
    errors.into_result()?;
    let Some(new) = new else {
        return Err(AppError::field("new_password", t::REQUIRED));
    };
    let verified = match check_password(
        db,
        &actor.email,
        &change.current,
        address,
        "password_change_failed",
    )
    .await
    {
        Ok((who, verified)) if who.id == actor.user_id => verified,
        Ok(_) | Err(AppError::Unauthorized(_)) => {
            return Err(AppError::field("current_password", ta::WRONG_PASSWORD));
        }
        Err(e) => return Err(e),
    };
    let secret = new.expose().to_string();
    let hash = run_blocking(move || password::hash(&secret)).await?;
    let id = actor.user_id.clone();
    // The new hash is written only over the one the current password was checked against, for
    // an account still active, from a session that still exists: a change, a deactivation or a
    // "log out everywhere" that landed while the password was hashed wins.
    let ended = db
        .write(move |conn| {
            // The row lock first: a "log out everywhere" or deactivation committed before it is
            // seen by the checks below, one that comes later waits for this change.
            store::lock_user(conn, &id)?;
            if !store::session_exists(conn, &keep)? {
                return Err(AppError::Unauthorized(String::new()));
            }
            let Some(n) = store::set_password(conn, &id, &verified, &hash, &keep)? else {
                return Err(AppError::Conflict(ta::CHANGED_MEANWHILE.into()));
            };
            store::record_event(conn, &id, &id, "password_changed", "")?;
            Ok(n)
        })
        .await?;
    tracing::info!(user_id = %actor.user_id, sessions_ended = ended, "password changed");
    Ok(ended)
}

/// Validates a new user against the database: the organisation must exist and the e-mail be free.
pub(super) fn check_user_refs(conn: &mut DbConnection, input: &UserInput) -> Result<(), AppError> {
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
/// Used by the command line, which has no acting user (the audit trail notes the account as
/// made by itself, from the command line); an administrator's goes through [`create_user`].
pub async fn create_user_unchecked(db: &Db, raw: UserRaw) -> Result<UserRow, AppError> {
    insert_user(db, None, raw).await
}

pub(super) async fn insert_user(
    db: &Db,
    actor: Option<&Actor>,
    raw: UserRaw,
) -> Result<UserRow, AppError> {
    let actor_id = actor.map(|a| a.user_id.clone());
    let input = UserInput::parse(&raw).map_err(AppError::Validation)?;
    let secret = input.password.expose().to_string();
    let hash = run_blocking(move || password::hash(&secret)).await?;
    db.write(move |conn| {
        check_user_refs(conn, &input)?;
        let user = store::insert_user(conn, &input, &hash).map_err(|e| {
            if is_unique_violation(&e) {
                AppError::field("email", t::EMAIL_TAKEN)
            } else {
                AppError::from(e)
            }
        })?;
        // From the command line there is no acting user: the account is noted as made by
        // itself, and the detail says where it came from.
        match &actor_id {
            Some(a) => store::record_event(conn, &user.id, a, "user_created", &user.role)?,
            None => store::record_event(
                conn,
                &user.id,
                &user.id,
                "user_created",
                &format!("{}, command line", user.role),
            )?,
        };
        Ok(user)
    })
    .await
}

/// Changes to a user; absent fields stay.
#[derive(Default)]
pub struct UserChange {
    pub name: Option<String>,
    pub active: Option<bool>,
    /// The jobcenter's data-protection officer (consultants only).
    pub dpo: Option<bool>,
    pub password: Option<String>,
}

/// An administrator changes a user's name, active flag or password. A new password or a
/// deactivation ends the user's sessions. Administrators cannot deactivate themselves.
pub async fn update_user(
    db: &Db,
    actor: &Actor,
    id: UserId,
    change: UserChange,
) -> Result<UserRow, AppError> {
    require(actor.may_manage_users())?;
    let actor_id = actor.user_id.clone();
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
        Some(p) => {
            // Judged against the person's own name and e-mail (the new name, if it changes).
            let target = id.clone();
            let who = db
                .read(move |conn| Ok(store::find_user(conn, &target).optional()?))
                .await?
                .ok_or(AppError::NotFound)?;
            let name = name.clone().unwrap_or(who.name);
            errors.check(
                "password",
                crate::auth::model::NewPassword::parse(&p, &[&who.email, &name]),
            )
        }
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
        let dpo = change.dpo.unwrap_or(current.dpo);
        if dpo && current.role()? != crate::auth::model::Role::Consultant {
            let mut e = FieldErrors::new();
            e.add("dpo", t::DPO_CONSULTANT_ONLY);
            return Err(AppError::Validation(e));
        }
        let name = name.unwrap_or(current.name.clone());
        let active = change.active.unwrap_or(current.active);
        // What changed, for the audit trail: the fields, with the new flags.
        let mut changed = Vec::new();
        if name != current.name {
            changed.push("name".to_string());
        }
        if active != current.active {
            changed.push(format!("active={active}"));
        }
        if dpo != current.dpo {
            changed.push(format!("dpo={dpo}"));
        }
        if hash.is_some() {
            changed.push("password".to_string());
        }
        let row = store::update_user(conn, &id, &name, active, dpo, hash.as_deref())?;
        if !changed.is_empty() {
            store::record_event(conn, &id, &actor_id, "user_updated", &changed.join(", "))?;
        }
        Ok(row)
    })
    .await
}

pub async fn get_user(db: &Db, actor: &Actor, id: UserId) -> Result<UserRow, AppError> {
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
    insert_user(db, Some(actor), raw).await
}
