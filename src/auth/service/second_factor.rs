//! The second factor (TOTP): enrolment, confirmation, reset and recovery codes.

use crate::ids::UserId;
use diesel::OptionalExtension;

use crate::auth::mfa;
use crate::auth::model::{Actor, Email};
use crate::auth::policy::require;
use crate::auth::store::{self};
use crate::db::Db;
use crate::error::AppError;
use crate::state::Keys;
use crate::texts as t;

use super::*;

/// What a person needs to add their account to an authenticator app.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret in base 32, to type in by hand.
    pub secret: String,
    /// The `otpauth://` URL (shown as a QR code).
    pub otpauth_url: String,
}

/// Starts setting up a second factor: a new secret waits for its first code
/// ([`confirm_totp`]). Someone who already has one is refused (an administrator resets it).
pub async fn start_totp(db: &Db, keys: &Keys, actor: &Actor) -> Result<Enrolment, AppError> {
    if actor.totp_enabled {
        return Err(AppError::Conflict(t::MFA_ALREADY.into()));
    }
    let secret = mfa::new_secret();
    let enrolment = Enrolment {
        secret: mfa::secret_base32(&secret, &actor.email)
            .ok_or_else(|| AppError::internal("totp secret"))?,
        otpauth_url: mfa::otpauth_url(&secret, &actor.email)
            .ok_or_else(|| AppError::internal("totp url"))?,
    };
    let cipher = keys
        .encrypt_totp(&secret, &actor.user_id)
        .map_err(AppError::internal)?;
    let id = actor.user_id.clone();
    db.write(move |conn| {
        store::lock_user(conn, &id)?;
        store::set_totp_pending(conn, &id, &cipher)?;
        Ok(())
    })
    .await?;
    Ok(enrolment)
}

/// The enrolment as it waits: the pending secret's base 32 and URL (for the page that shows
/// the QR code again after a wrong code).
pub async fn pending_totp(
    db: &Db,
    keys: &Keys,
    actor: &Actor,
) -> Result<Option<Enrolment>, AppError> {
    let id = actor.user_id.clone();
    let user = db
        .read(move |conn| Ok(store::find_user(conn, &id)?))
        .await?;
    let Some(cipher) = user.totp_pending_cipher else {
        return Ok(None);
    };
    let secret = keys
        .decrypt_totp(&cipher, &actor.user_id)
        .map_err(AppError::internal)?;
    Ok(Some(Enrolment {
        secret: mfa::secret_base32(&secret, &actor.email)
            .ok_or_else(|| AppError::internal("totp secret"))?,
        otpauth_url: mfa::otpauth_url(&secret, &actor.email)
            .ok_or_else(|| AppError::internal("totp url"))?,
    }))
}

/// Confirms the waiting secret with its first code: from now on logins need a code. Returns
/// the recovery codes, shown this once (only their keyed hashes are kept).
pub async fn confirm_totp(
    db: &Db,
    keys: &Keys,
    actor: &Actor,
    code: &str,
) -> Result<Vec<String>, AppError> {
    if code.trim().is_empty() {
        return Err(AppError::field("code", t::REQUIRED));
    }
    let (id, code, keys) = (actor.user_id.clone(), code.to_string(), keys.clone());
    let codes = mfa::new_recovery_codes();
    let shown = codes.clone();
    db.write(move |conn| {
        store::lock_user(conn, &id)?;
        let user = store::find_user(conn, &id)?;
        if user.totp_cipher.is_some() {
            return Err(AppError::Conflict(t::MFA_ALREADY.into()));
        }
        let Some(cipher) = user.totp_pending_cipher else {
            return Err(AppError::field("code", t::MFA_NOT_STARTED));
        };
        let secret = keys
            .decrypt_totp(&cipher, &id)
            .map_err(AppError::internal)?;
        let step = mfa::check(&secret, &code, unix_now(), None)
            .ok_or_else(|| AppError::field("code", t::MFA_CODE_WRONG))?;
        let hashes: Vec<String> = codes
            .iter()
            .filter_map(|c| mfa::normalise_recovery(c))
            .map(|c| keys.recovery_hmac(&id, &c))
            .collect();
        store::confirm_totp(conn, &id, &cipher, step, &hashes)?;
        store::record_event(conn, &id, &id, "mfa_enabled", "")?;
        Ok(())
    })
    .await?;
    Ok(shown)
}

/// An administrator removes a person's second factor (a lost phone): they log in with the
/// password alone and set up a new one (required again at once where it is required). The
/// person's sessions end. An audit line names the administrator.
pub async fn reset_totp(db: &Db, actor: &Actor, user_id: UserId) -> Result<(), AppError> {
    require(actor.may_manage_users())?;
    let admin = actor.user_id.clone();
    db.write(move |conn| {
        store::lock_user(conn, &user_id)?;
        store::find_user(conn, &user_id)
            .optional()?
            .ok_or(AppError::NotFound)?;
        store::reset_totp(conn, &user_id)?;
        store::delete_user_sessions(conn, &user_id)?;
        store::record_event(conn, &user_id, &admin, "mfa_reset", "")?;
        Ok(())
    })
    .await
}

/// The command line's reset (`virksomhedscenter reset-mfa --email`): as [`reset_totp`], the
/// audit line noted as the person's own, from the command line.
pub async fn reset_totp_unchecked(db: &Db, email: &str) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    db.write(move |conn| {
        let user = store::find_user_by_email(conn, email.as_str())?
            .ok_or_else(|| AppError::field("email", t::USER_UNKNOWN))?;
        store::lock_user(conn, &user.id)?;
        store::reset_totp(conn, &user.id)?;
        store::delete_user_sessions(conn, &user.id)?;
        store::record_event(conn, &user.id, &user.id, "mfa_reset", "command line")?;
        Ok(())
    })
    .await
}

/// How many unused recovery codes the person has.
pub async fn recovery_codes_left(db: &Db, actor: &Actor) -> Result<i64, AppError> {
    let id = actor.user_id.clone();
    db.read(move |conn| Ok(store::recovery_codes_left(conn, &id)?))
        .await
}
