//! Account operations shared by the pages, the API and the command line.

use crate::ids::UserId;
use chrono::Duration;

use crate::auth::mfa;
use crate::auth::model::{Actor, Email};
use crate::auth::password;
use crate::auth::store::{self, SessionKind, UserRow};
use crate::auth::token::{
    new_token, token_hash, API_IDLE_DAYS, API_TOKEN_DAYS, WEB_IDLE_MINUTES, WEB_SESSION_HOURS,
};
use crate::db::{now, run_blocking, Db, DbConnection};
use crate::error::AppError;
use crate::state::Keys;
use crate::texts as t;

mod invitations;
mod second_factor;
mod users;

pub use invitations::*;
pub use second_factor::*;
pub use users::*;

/// At most this many failed logins of an account in [`FAILURE_WINDOW_MINUTES`] before each
/// further attempt on it has to wait (429).
pub const MAX_FAILURES: i64 = 10;
/// Failed logins from one address in the window before its further attempts are slowed (never
/// refused): see [`address_delay`].
pub const ADDRESS_FREE_FAILURES: i64 = 10;
/// The longest an attempt from a noisy address is held before it is checked, in milliseconds.
pub const ADDRESS_MAX_DELAY_MS: u64 = 5_000;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// The longest wait, in seconds.
const MAX_DELAY_SECONDS: i64 = 15 * 60;

/// How long the next attempt must wait after `failures` failures, the last at `last`:
/// nothing below the limit, then 1, 2, 4, ... seconds, at most 15 minutes.
pub fn login_delay(failures: i64, last: chrono::NaiveDateTime, now: chrono::NaiveDateTime) -> u64 {
    if failures < MAX_FAILURES {
        return 0;
    }
    let exp = u32::try_from(failures - MAX_FAILURES)
        .unwrap_or(u32::MAX)
        .min(20);
    let delay = (1_i64 << exp).min(MAX_DELAY_SECONDS);
    let waited = (now - last).num_seconds();
    u64::try_from(delay - waited).unwrap_or(0)
}

/// How long an attempt from an address with `failures` failed logins in the window is held
/// before its password is checked: nothing up to [`ADDRESS_FREE_FAILURES`], then 250 ms
/// doubling with each further failure, at most [`ADDRESS_MAX_DELAY_MS`]. The address is slowed,
/// not refused: the right password of an account that was not attacked still gets in (many
/// people share an address behind a municipality's proxy).
pub fn address_delay(failures: i64) -> std::time::Duration {
    if failures < ADDRESS_FREE_FAILURES {
        return std::time::Duration::ZERO;
    }
    let exp = u32::try_from(failures - ADDRESS_FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(16);
    let ms = (250_u64 << exp).min(ADDRESS_MAX_DELAY_MS);
    std::time::Duration::from_millis(ms)
}

fn failure_keys(email: &str, address: Option<&str>) -> Vec<String> {
    let account = Email::parse(email)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let mut keys = vec![format!("account:{account}")];
    if let Some(a) = address {
        keys.push(format!("address:{a}"));
    }
    keys
}

/// Logs in: checks e-mail and password and starts a session of `kind`, returning who it is and
/// the session's token (shown once; only its hash is stored). Unknown e-mails cost the same
/// argon2 work as wrong passwords and give the same answer. Failures are counted per account
/// and per address (`address`, the client's IP): past [`MAX_FAILURES`] of the account in
/// [`FAILURE_WINDOW_MINUTES`] an attempt on it must wait a time that doubles with each further
/// failure, and is answered 429 before any password check, whether the account exists or not;
/// past [`ADDRESS_FREE_FAILURES`] of the address, its attempts are held a while
/// ([`address_delay`]) and then checked as usual.
///
/// A browser session ends after [`WEB_IDLE_MINUTES`] without a request and after
/// [`WEB_SESSION_HOURS`] in any case; an API token after [`API_IDLE_DAYS`] unused and after
/// [`API_TOKEN_DAYS`] in any case.
///
/// An account with a second factor also needs `otp`: its authenticator's current code or an
/// unused recovery code. Without one the answer is [`AppError::OtpRequired`] (the password was
/// right); a wrong one counts as a failed login, so codes cannot be guessed faster than
/// passwords.
#[allow(clippy::too_many_arguments)]
pub async fn login(
    db: &Db,
    keys: &Keys,
    email: &str,
    password: &str,
    otp: Option<&str>,
    address: Option<&str>,
    kind: SessionKind,
) -> Result<(Actor, String), AppError> {
    match first_step(db, email, password, address).await? {
        FirstStep::Done(user, verified) => start_session(db, *user, verified, kind).await,
        FirstStep::NeedsCode { user_id, proof } => {
            let code = otp
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .ok_or(AppError::OtpRequired)?;
            second_step(db, keys, &user_id, &proof, code, address, kind).await
        }
    }
}

/// The password step of a login.
pub enum FirstStep {
    /// No second factor: the session can start.
    Done(Box<UserRow>, String),
    /// The account has a second factor: its code is asked for next. `proof` stands for the
    /// password hash that was checked ([`password_proof`]): the second step refuses if the
    /// password changed meanwhile.
    NeedsCode { user_id: UserId, proof: String },
}

/// Checks e-mail and password (with the login limit) and says what comes next.
pub async fn first_step(
    db: &Db,
    email: &str,
    password: &str,
    address: Option<&str>,
) -> Result<FirstStep, AppError> {
    let (user, verified) = check_password(db, email, password, address, "login_failed").await?;
    if user.totp_cipher.is_some() {
        Ok(FirstStep::NeedsCode {
            user_id: user.id,
            proof: password_proof(&verified),
        })
    } else {
        Ok(FirstStep::Done(Box::new(user), verified))
    }
}

/// What the code step carries of the checked password: the SHA-256 of its argon2 hash (the
/// page keeps it in a signed cookie between the two steps; it reveals nothing of the password).
pub fn password_proof(verified_hash: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(verified_hash.as_bytes()))
}

/// The code step of a login: `code` is the authenticator's current code (each works once) or
/// an unused recovery code. The account's login wait applies; a wrong code is a failed login.
pub async fn second_step(
    db: &Db,
    keys: &Keys,
    user_id: &UserId,
    proof: &str,
    code: &str,
    address: Option<&str>,
    kind: SessionKind,
) -> Result<(Actor, String), AppError> {
    let token = new_token();
    let hash = token_hash(&token);
    let expires = now() + lifetimes(kind).0;
    let (id, proof, code, keys) = (
        user_id.clone(),
        proof.to_string(),
        code.to_string(),
        keys.clone(),
    );
    let address = address.map(str::to_string);
    let outcome = db
        .write(move |conn| {
            store::lock_user(conn, &id)?;
            let user = store::find_user(conn, &id)?;
            let keys_of = failure_keys(&user.email, address.as_deref());
            let since = now() - Duration::minutes(FAILURE_WINDOW_MINUTES);
            let (n, last) = store::recent_failures(conn, &keys_of[0], since)?;
            let wait = last.map_or(0, |last| login_delay(n, last, now()));
            if wait > 0 {
                return Err(AppError::TooManyRequests(wait));
            }
            let Some(cipher) = user.totp_cipher.as_deref() else {
                // Reset meanwhile: log in again.
                return Err(AppError::Unauthorized(t::ERR_LOGIN_FAILED.into()));
            };
            if !user.active || password_proof(&user.password_hash) != proof {
                return Err(AppError::Unauthorized(t::ERR_LOGIN_FAILED.into()));
            }
            let secret = keys.decrypt_totp(cipher, &id).map_err(AppError::internal)?;
            let how =
                if let Some(step) = mfa::check(&secret, &code, unix_now(), user.totp_last_step) {
                    store::set_totp_step(conn, &id, step)?;
                    "totp"
                } else if let Some(r) = mfa::normalise_recovery(&code) {
                    if store::use_recovery_code(conn, &id, &keys.recovery_hmac(&id, &r))? {
                        "recovery_code"
                    } else {
                        return wrong_code(conn, &id, &keys_of);
                    }
                } else {
                    return wrong_code(conn, &id, &keys_of);
                };
            store::clear_failures(conn, &keys_of[0])?;
            store::delete_expired_sessions(conn)?;
            store::insert_session(conn, &hash, &id, kind, expires)?;
            store::record_event(conn, &id, &id, "login", &format!("{} {how}", kind.code()))?;
            Ok(Ok(user.actor()?))
        })
        .await?;
    match outcome {
        Ok(actor) => Ok((actor, token)),
        Err(()) => Err(AppError::Unauthorized(t::ERR_OTP_WRONG.into())),
    }
}

/// A wrong code: a failed login of the account (and address), written in the transaction that
/// checked it, under the user's row lock. So parallel guesses are ordered and each sees the
/// failures before it: codes cannot be tried faster than the login limit allows. The
/// transaction commits (the caller answers 401 afterwards).
fn wrong_code(
    conn: &mut DbConnection,
    user_id: &UserId,
    keys_of: &[String],
) -> Result<Result<Actor, ()>, AppError> {
    store::record_failures(conn, keys_of)?;
    store::record_event(conn, user_id, user_id, "otp_failed", "")?;
    Ok(Err(()))
}

fn unix_now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0)
}

/// Starts a session for a user whose credentials were checked against `verified`.
pub async fn start_session(
    db: &Db,
    user: UserRow,
    verified: String,
    kind: SessionKind,
) -> Result<(Actor, String), AppError> {
    let token = new_token();
    let hash = token_hash(&token);
    let user_id = user.id.clone();
    let expires = now() + lifetimes(kind).0;
    // The session is stored only while the password is still the one checked and the account
    // active: a password change or a deactivation that landed during the check ends every
    // session, and this one must not slip in after it (the user's row lock orders them).
    db.write(move |conn| {
        store::lock_user(conn, &user_id)?;
        if !store::password_still(conn, &user_id, &verified)? {
            return Err(AppError::Unauthorized(t::ERR_LOGIN_FAILED.into()));
        }
        // A second factor set up while the password was checked: its code is needed now.
        if store::find_user(conn, &user_id)?.totp_cipher.is_some() {
            return Err(AppError::OtpRequired);
        }
        store::delete_expired_sessions(conn)?;
        store::insert_session(conn, &hash, &user_id, kind, expires)?;
        store::record_event(conn, &user_id, &user_id, "login", kind.code())?;
        Ok(())
    })
    .await?;
    Ok((user.actor()?, token))
}

/// The password check behind [`login`] and [`change_own_password`]. Returns the user
/// and the hash the password was verified against. `failure_action` names the audit event
/// a failed check leaves on a known account.
async fn check_password(
    db: &Db,
    email: &str,
    password: &str,
    address: Option<&str>,
    failure_action: &'static str,
) -> Result<(UserRow, String), AppError> {
    let failed = || AppError::Unauthorized(t::ERR_LOGIN_FAILED.into());
    let keys = failure_keys(email, address);
    let normalised = Email::parse(email).ok().map(|e| e.as_str().to_string());
    // The attempt is counted as a failure before the password is checked, in the same write
    // as the check, so a burst of parallel attempts cannot all pass it; a success takes it back.
    // The audit event of a failure on a known account is written here too and taken back on
    // success, so known and unknown e-mails cost the same writes and the same time.
    let k = keys.clone();
    let (attempt, user, hold) = db
        .write(move |conn| {
            // An existing account's attempts are ordered by its row lock, so on PostgreSQL too
            // each sees the failures committed before it (SQLite's one writer does so anyway).
            let found = match &normalised {
                Some(e) => store::find_user_by_email(conn, e)?,
                None => None,
            };
            if let Some(u) = &found {
                store::lock_user(conn, &u.id)?;
            }
            let since = now() - Duration::minutes(FAILURE_WINDOW_MINUTES);
            // The account's own failures make it wait; the address's only slow it down.
            let (n, last) = store::recent_failures(conn, &k[0], since)?;
            let wait = last.map_or(0, |last| login_delay(n, last, now()));
            if wait > 0 {
                return Err(AppError::TooManyRequests(wait));
            }
            let hold = match k.get(1) {
                Some(address) => address_delay(store::recent_failures(conn, address, since)?.0),
                None => std::time::Duration::ZERO,
            };
            let attempt = store::record_failures(conn, &k)?;
            let user = match found {
                Some(u) => {
                    let event = store::record_event(conn, &u.id, &u.id, failure_action, "")?;
                    Some((u, event))
                }
                None => None,
            };
            Ok((attempt, user, hold))
        })
        .await?;
    if !hold.is_zero() {
        actix_web::rt::time::sleep(hold).await;
    }
    let password = password.to_string();
    let hash = match &user {
        Some((u, _)) => u.password_hash.clone(),
        None => password::dummy_hash().to_string(),
    };
    let verified = hash.clone();
    let ok = run_blocking(move || Ok(password::verify(&password, &hash))).await?;
    match user {
        Some((u, event)) if ok && u.active => {
            let account = keys[0].clone();
            let user_id = u.id.clone();
            // With a second factor the account's earlier failures (wrong codes) stay until a
            // code is right: else the right password alone would reset the count every time.
            let clear = u.totp_cipher.is_none();
            db.write(move |conn| {
                // One success of an account at a time: each deletes its own attempt rows and
                // then every failure of the account, so two side by side would lock each
                // other's rows in opposite order (a deadlock on PostgreSQL).
                store::lock_user(conn, &user_id)?;
                store::forget_failures(conn, &attempt)?;
                store::delete_event(conn, &event)?;
                if clear {
                    store::clear_failures(conn, &account)?;
                }
                Ok(())
            })
            .await?;
            Ok((u, verified))
        }
        _ => Err(failed()),
    }
}

/// A kind of session's idle limit, its absolute limit, and how far its expiry must move before
/// it is written (so busy use costs no write per request).
fn lifetimes(kind: SessionKind) -> (Duration, Duration, Duration) {
    match kind {
        SessionKind::Web => (
            Duration::minutes(WEB_IDLE_MINUTES),
            Duration::hours(WEB_SESSION_HOURS),
            Duration::minutes(1),
        ),
        SessionKind::Api => (
            Duration::days(API_IDLE_DAYS),
            Duration::days(API_TOKEN_DAYS),
            Duration::hours(1),
        ),
    }
}

/// Moves a session's idle expiry on, never past its absolute end. Written only when it moves by
/// a minute (browser) or an hour (API token) or more, either way.
pub async fn touch_session(
    db: &Db,
    token_hash: &str,
    kind: SessionKind,
    created_at: chrono::NaiveDateTime,
    expires_at: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    let (idle, cap, step) = lifetimes(kind);
    let next = (now() + idle).min(created_at + cap);
    // Also when the expiry is further off than the rules allow now (a token given out under
    // longer rules): it is brought in.
    if (next - expires_at).abs() < step {
        return Ok(());
    }
    let hash = token_hash.to_string();
    db.write(move |conn| Ok(store::extend_session(conn, &hash, next)?))
        .await
}

pub async fn end_session(db: &Db, token_hash: String) -> Result<(), AppError> {
    db.write(move |conn| {
        store::delete_session(conn, &token_hash)?;
        Ok(())
    })
    .await
}

/// Ends every session and API token of a user ("log out everywhere"). Returns how many.
pub async fn end_all_sessions(db: &Db, user_id: UserId) -> Result<usize, AppError> {
    db.write(move |conn| {
        // After a login or password change of the same user that is under way, not beside it.
        store::lock_user(conn, &user_id)?;
        let n = store::delete_user_sessions(conn, &user_id)?;
        store::record_event(
            conn,
            &user_id,
            &user_id,
            "logout_everywhere",
            &n.to_string(),
        )?;
        Ok(n)
    })
    .await
}
