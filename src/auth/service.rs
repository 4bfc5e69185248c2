//! Account operations shared by the pages, the API and the command line.

use chrono::Duration;
use diesel::OptionalExtension;

use crate::auth::mfa;
use crate::auth::model::{Actor, Email, UserInput, UserRaw};
use crate::auth::password;
use crate::auth::policy::require;
use crate::auth::store::{self, SessionKind, UserRow};
use crate::auth::token::{
    new_token, token_hash, API_IDLE_DAYS, API_TOKEN_DAYS, WEB_IDLE_MINUTES, WEB_SESSION_HOURS,
};
use crate::db::{now, run_blocking, Db, DbConnection};
use crate::directory::store as directory;
use crate::error::{is_unique_violation, AppError, FieldErrors};
use crate::state::Keys;
use crate::ui::texts as t;

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
    NeedsCode { user_id: String, proof: String },
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
    user_id: &str,
    proof: &str,
    code: &str,
    address: Option<&str>,
    kind: SessionKind,
) -> Result<(Actor, String), AppError> {
    let token = new_token();
    let hash = token_hash(&token);
    let expires = now() + lifetimes(kind).0;
    let (id, proof, code, keys) = (
        user_id.to_string(),
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
            Ok(Ok(user.actor()))
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
    user_id: &str,
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
    Ok((user.actor(), token))
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
pub async fn end_all_sessions(db: &Db, user_id: String) -> Result<usize, AppError> {
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
    use crate::ui::texts::account as ta;
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
/// Used by the command line, which has no acting user (the audit trail notes the account as
/// made by itself, from the command line); an administrator's goes through [`create_user`].
pub async fn create_user_unchecked(db: &Db, raw: UserRaw) -> Result<UserRow, AppError> {
    insert_user(db, None, raw).await
}

async fn insert_user(db: &Db, actor: Option<&Actor>, raw: UserRaw) -> Result<UserRow, AppError> {
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
    id: String,
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
        if dpo && current.role() != crate::auth::model::Role::Consultant {
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
    insert_user(db, Some(actor), raw).await
}

// ---------- second factor ----------

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
pub async fn reset_totp(db: &Db, actor: &Actor, user_id: String) -> Result<(), AppError> {
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
