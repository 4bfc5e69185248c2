//! Queries for users and sessions. Plain functions over `&mut DbConnection`, usable inside or
//! outside a transaction.

use crate::ids::{CompanyId, InvitationId, JobcenterId, UserEventId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::model::{Actor, InvitationInput, Role, UserInput};
use crate::db::schema::{
    app_settings, companies, invitations, jobcenters, recovery_codes, sessions, user_events, users,
};
use crate::db::{contains_pattern, new_id, now, DbConnection, Sort};
use crate::error::AppError;
use crate::ui::format::sort_key;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: String,
    pub jobcenter_id: Option<JobcenterId>,
    pub company_id: Option<CompanyId>,
    pub password_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub dpo: bool,
    /// The confirmed second-factor secret, encrypted (`Keys::encrypt_totp`).
    pub totp_cipher: Option<String>,
    /// A secret waiting for its first code.
    pub totp_pending_cipher: Option<String>,
    /// The last TOTP time step used to log in (a code works once).
    pub totp_last_step: Option<i64>,
}

impl UserRow {
    /// The user's role; an unknown code in the row is an error, not some other role.
    pub fn role(&self) -> Result<Role, AppError> {
        Role::from_stored(&self.role)
    }

    /// The role's Danish name, or the stored code if it is unknown (for lists).
    pub fn role_label(&self) -> &str {
        Role::parse(&self.role).map_or(self.role.as_str(), |r| r.label())
    }

    pub fn actor(&self) -> Result<Actor, AppError> {
        let role = self.role()?;
        Ok(Actor {
            user_id: self.id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            role,
            jobcenter_id: self.jobcenter_id.clone(),
            company_id: self.company_id.clone(),
            dpo: self.dpo && role == Role::Consultant,
            totp_enabled: self.totp_cipher.is_some(),
        })
    }
}

/// A user with the name of their organisation, for lists.
#[derive(Debug, Clone)]
pub struct UserListItem {
    pub user: UserRow,
    pub organisation: Option<String>,
}

/// Inserts a user whose password is already hashed.
pub fn insert_user(
    conn: &mut DbConnection,
    input: &UserInput,
    password_hash: &str,
) -> QueryResult<UserRow> {
    let id = UserId::new(new_id());
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::email.eq(input.email.as_str()),
            users::name.eq(&input.name),
            users::sort_key.eq(sort_key(&input.name)),
            users::role.eq(input.role.code()),
            users::jobcenter_id.eq(&input.jobcenter_id),
            users::company_id.eq(&input.company_id),
            users::password_hash.eq(password_hash),
            users::active.eq(true),
            users::created_at.eq(now()),
        ))
        .execute(conn)?;
    find_user(conn, &id)
}

pub fn find_user(conn: &mut DbConnection, id: &UserId) -> QueryResult<UserRow> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
}

pub fn find_user_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// One page of users, optionally limited to one organisation, searching name and e-mail.
/// The columns a user list may be sorted by, and its default order.
pub const USER_SORTS: &[&str] = &["name", "email"];
pub const USER_DEFAULT_SORT: Sort = Sort::asc("name");

pub fn list_users(
    conn: &mut DbConnection,
    q: Option<&str>,
    jobcenter_id: Option<&JobcenterId>,
    company_id: Option<&CompanyId>,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> Result<(Vec<UserListItem>, i64), AppError> {
    let build = || {
        let mut query = users::table.into_boxed();
        if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
            let pattern = contains_pattern(&q.to_lowercase());
            let key = contains_pattern(&sort_key(q));
            query = query.filter(
                users::email
                    .like(pattern)
                    .escape('\\')
                    .or(users::sort_key.like(key).escape('\\')),
            );
        }
        if let Some(j) = jobcenter_id {
            query = query.filter(users::jobcenter_id.eq(j.to_string()));
        }
        if let Some(c) = company_id {
            query = query.filter(users::company_id.eq(c.to_string()));
        }
        query
    };
    let total: i64 = build().count().get_result(conn)?;
    let q = build()
        .left_join(jobcenters::table.on(users::jobcenter_id.eq(jobcenters::id.nullable())))
        .left_join(companies::table.on(users::company_id.eq(companies::id.nullable())))
        .select((
            UserRow::as_select(),
            jobcenters::name.nullable(),
            companies::name.nullable(),
        ));
    let q = match (sort.key, sort.desc) {
        ("email", false) => q.order(users::email.asc()),
        ("email", true) => q.order(users::email.desc()),
        (_, true) => q.order((users::sort_key.desc(), users::id.asc())),
        _ => q.order((users::sort_key.asc(), users::id.asc())),
    };
    let rows: Vec<(UserRow, Option<String>, Option<String>)> =
        q.offset(offset).limit(limit).load(conn)?;
    let items = rows
        .into_iter()
        .map(|(user, jc, co)| UserListItem {
            user,
            organisation: jc.or(co),
        })
        .collect();
    Ok((items, total))
}

/// Changes a user's name, active flag and (when given) password hash. A deactivated user's
/// sessions and tokens end at once.
pub fn update_user(
    conn: &mut DbConnection,
    id: &UserId,
    name: &str,
    active: bool,
    dpo: bool,
    password_hash: Option<&str>,
) -> QueryResult<UserRow> {
    diesel::update(users::table.find(id))
        .set((
            users::name.eq(name),
            users::sort_key.eq(sort_key(name)),
            users::active.eq(active),
            users::dpo.eq(dpo),
        ))
        .execute(conn)?;
    if let Some(h) = password_hash {
        diesel::update(users::table.find(id))
            .set(users::password_hash.eq(h))
            .execute(conn)?;
    }
    if !active || password_hash.is_some() {
        diesel::delete(sessions::table.filter(sessions::user_id.eq(id))).execute(conn)?;
    }
    find_user(conn, id)
}

pub fn count_users(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

/// The kind of a session: a browser cookie or an API bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Web,
    Api,
}

coded_enum!(SessionKind {
    Web => "web", "browser";
    Api => "api", "API";
});

impl SessionKind {}

/// An account event for the audit trail: `action` done by `actor_id` to the account `user_id`.
pub fn record_event(
    conn: &mut DbConnection,
    user_id: &UserId,
    actor_id: &UserId,
    action: &str,
    detail: &str,
) -> QueryResult<UserEventId> {
    let id = UserEventId::new(new_id());
    diesel::insert_into(user_events::table)
        .values((
            user_events::id.eq(&id),
            user_events::user_id.eq(user_id),
            user_events::actor_id.eq(actor_id),
            user_events::action.eq(action),
            user_events::detail.eq(detail),
            user_events::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Takes back the provisional event of a login that then succeeded.
pub fn delete_event(conn: &mut DbConnection, id: &UserEventId) -> QueryResult<()> {
    diesel::delete(user_events::table.find(id)).execute(conn)?;
    Ok(())
}

/// Serialises the writes about one user: a row lock on PostgreSQL until the transaction ends
/// (SQLite has one writer anyway). Taken first by every write that must see what another such
/// write committed: a login's new session, a password change, logging out everywhere, a
/// mentor's hours.
pub fn lock_user(conn: &mut DbConnection, id: &UserId) -> QueryResult<()> {
    crate::lock_row!(conn, users, id);
    Ok(())
}

/// Whether a user is active and their password hash still `hash`.
pub fn password_still(conn: &mut DbConnection, id: &UserId, hash: &str) -> QueryResult<bool> {
    use diesel::dsl::exists;
    diesel::select(exists(
        users::table
            .find(id)
            .filter(users::password_hash.eq(hash))
            .filter(users::active.eq(true)),
    ))
    .get_result(conn)
}

pub fn insert_session(
    conn: &mut DbConnection,
    token_hash: &str,
    user_id: &UserId,
    kind: SessionKind,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::kind.eq(kind.code()),
            sessions::created_at.eq(now()),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The active user behind a live session token, if any, with the session's start and expiry.
pub fn actor_for_session(
    conn: &mut DbConnection,
    token_hash: &str,
    kind: SessionKind,
) -> Result<Option<(Actor, NaiveDateTime, NaiveDateTime)>, AppError> {
    let row: Option<(UserRow, NaiveDateTime, NaiveDateTime)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::kind.eq(kind.code()))
        .filter(sessions::expires_at.gt(now()))
        .filter(users::active.eq(true))
        .select((
            UserRow::as_select(),
            sessions::created_at,
            sessions::expires_at,
        ))
        .first(conn)
        .optional()?;
    row.map(|(u, c, e)| Ok((u.actor()?, c, e))).transpose()
}

pub fn extend_session(
    conn: &mut DbConnection,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(token_hash))
        .set(sessions::expires_at.eq(expires_at))
        .execute(conn)?;
    Ok(())
}

/// Replaces the password hash of an active user, only if it still is `expected`, and ends every
/// other session of the user than `keep`. `None` when the hash or the account changed meanwhile.
pub fn set_password(
    conn: &mut DbConnection,
    id: &UserId,
    expected: &str,
    hash: &str,
    keep: &str,
) -> QueryResult<Option<usize>> {
    let changed = diesel::update(
        users::table
            .find(id)
            .filter(users::password_hash.eq(expected))
            .filter(users::active.eq(true)),
    )
    .set(users::password_hash.eq(hash))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(id))
            .filter(sessions::token_hash.ne(keep)),
    )
    .execute(conn)
    .map(Some)
}

pub fn session_exists(conn: &mut DbConnection, token_hash: &str) -> QueryResult<bool> {
    use diesel::dsl::exists;
    diesel::select(exists(
        sessions::table.filter(sessions::token_hash.eq(token_hash)),
    ))
    .get_result(conn)
}

pub fn delete_user_sessions(conn: &mut DbConnection, user_id: &UserId) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

/// Failures for a key since a moment: how many, and the last one.
pub fn recent_failures(
    conn: &mut DbConnection,
    key: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    use crate::db::schema::login_failures as f;
    use diesel::dsl::{count_star, max};
    f::table
        .filter(f::key.eq(key))
        .filter(f::failed_at.gt(since))
        .select((count_star(), max(f::failed_at)))
        .first(conn)
}

/// Records a failed login under each key, and forgets failures older than a day. Returns the
/// new rows' ids (a successful login takes them back).
pub fn record_failures(conn: &mut DbConnection, keys: &[String]) -> QueryResult<Vec<String>> {
    use crate::db::schema::login_failures as f;
    let at = now();
    let mut ids = Vec::new();
    for key in keys {
        let id = crate::db::new_id();
        diesel::insert_into(f::table)
            .values((f::id.eq(&id), f::key.eq(key), f::failed_at.eq(at)))
            .execute(conn)?;
        ids.push(id);
    }
    diesel::delete(f::table.filter(f::failed_at.lt(at - chrono::Duration::days(1))))
        .execute(conn)?;
    Ok(ids)
}

/// Takes back the failures recorded for an attempt that succeeded.
pub fn forget_failures(conn: &mut DbConnection, ids: &[String]) -> QueryResult<()> {
    use crate::db::schema::login_failures as f;
    diesel::delete(f::table.filter(f::id.eq_any(ids))).execute(conn)?;
    Ok(())
}

/// Forgets an account's failures after a successful login.
pub fn clear_failures(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    use crate::db::schema::login_failures as f;
    diesel::delete(f::table.filter(f::key.eq(key))).execute(conn)?;
    Ok(())
}

pub fn delete_session(conn: &mut DbConnection, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)
}

pub fn delete_expired_sessions(conn: &mut DbConnection) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now()))).execute(conn)
}

// ---------- second factor ----------

/// Stores a new secret waiting for its first code (replacing one that waited).
pub fn set_totp_pending(conn: &mut DbConnection, id: &UserId, cipher: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::totp_pending_cipher.eq(Some(cipher)))
        .execute(conn)
}

/// Makes the waiting secret the user's second factor, from the time step its first code used,
/// with new recovery codes (their keyed hashes) in place of any old ones.
pub fn confirm_totp(
    conn: &mut DbConnection,
    id: &UserId,
    cipher: &str,
    step: i64,
    recovery_hashes: &[String],
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_cipher.eq(Some(cipher)),
            users::totp_pending_cipher.eq(None::<String>),
            users::totp_last_step.eq(Some(step)),
        ))
        .execute(conn)?;
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(id))).execute(conn)?;
    let at = now();
    // One row at a time: batch inserts are not available through the multi-backend connection.
    for h in recovery_hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::id.eq(new_id()),
                recovery_codes::user_id.eq(id),
                recovery_codes::code_hash.eq(h),
                recovery_codes::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records the time step a login used, so its code cannot be used again.
pub fn set_totp_step(conn: &mut DbConnection, id: &UserId, step: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::totp_last_step.eq(Some(step)))
        .execute(conn)?;
    Ok(())
}

/// Uses up an unused recovery code of the user; false when there is none with that hash.
pub fn use_recovery_code(conn: &mut DbConnection, id: &UserId, hash: &str) -> QueryResult<bool> {
    let n = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(id))
            .filter(recovery_codes::code_hash.eq(hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(now())))
    .execute(conn)?;
    Ok(n > 0)
}

/// How many unused recovery codes the user has left.
pub fn recovery_codes_left(conn: &mut DbConnection, id: &UserId) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

/// Removes the user's second factor and recovery codes (an administrator's reset).
pub fn reset_totp(conn: &mut DbConnection, id: &UserId) -> QueryResult<usize> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(id))).execute(conn)?;
    diesel::update(users::table.find(id))
        .set((
            users::totp_cipher.eq(None::<String>),
            users::totp_pending_cipher.eq(None::<String>),
            users::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)
}

/// An installation fact (`app_settings`), e.g. `demo`.
pub fn setting(conn: &mut DbConnection, key: &str) -> QueryResult<Option<String>> {
    app_settings::table
        .find(key)
        .select(app_settings::value)
        .first(conn)
        .optional()
}

/// Sets an installation fact.
pub fn set_setting(conn: &mut DbConnection, key: &str, value: &str) -> QueryResult<()> {
    diesel::delete(app_settings::table.find(key)).execute(conn)?;
    diesel::insert_into(app_settings::table)
        .values((app_settings::key.eq(key), app_settings::value.eq(value)))
        .execute(conn)?;
    Ok(())
}

/// The active consultants of a jobcenter, (id, name) in name order: who may be responsible for
/// its contracts.
pub fn active_consultants(
    conn: &mut DbConnection,
    jobcenter: &JobcenterId,
) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::jobcenter_id.eq(jobcenter.as_str()))
        .filter(users::role.eq(Role::Consultant.code()))
        .filter(users::active.eq(true))
        .select((users::id, users::name))
        .order(users::sort_key.asc())
        .load(conn)
}

/// The active mentors of a company, (id, name) in name order.
pub fn active_mentors(
    conn: &mut DbConnection,
    company: &CompanyId,
) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::company_id.eq(company.as_str()))
        .filter(users::role.eq(Role::Mentor.code()))
        .filter(users::active.eq(true))
        .select((users::id, users::name))
        .order(users::sort_key.asc())
        .load(conn)
}

// ---------- invitations ----------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub user_id: UserId,
    pub company_id: CompanyId,
    pub invited_by: UserId,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub renewed_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
}

impl InvitationRow {
    /// Neither accepted nor cancelled (it may have expired: it can be renewed).
    pub fn is_open(&self) -> bool {
        self.accepted_at.is_none() && self.cancelled_at.is_none()
    }

    /// Whether its link still works at `at`.
    pub fn is_usable(&self, at: NaiveDateTime) -> bool {
        self.is_open() && self.expires_at > at
    }
}

/// An invitation with the names a page shows: the invited person, who invited them (and from
/// which jobcenter) and the company.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub invitation: InvitationRow,
    pub name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
    pub invited_by_name: String,
    pub invited_by_jobcenter: Option<String>,
    pub company_name: String,
}

/// Inserts an invited person as a user of the company, with a password hash that matches no
/// password until they choose one.
pub fn insert_invited_user(
    conn: &mut DbConnection,
    input: &InvitationInput,
    company: &CompanyId,
) -> QueryResult<UserRow> {
    let id = UserId::new(new_id());
    let (jobcenter, company): (Option<JobcenterId>, Option<CompanyId>) =
        (None, Some(company.clone()));
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::email.eq(input.email.as_str()),
            users::name.eq(&input.name),
            users::sort_key.eq(sort_key(&input.name)),
            users::role.eq(input.role.code()),
            users::jobcenter_id.eq(&jobcenter),
            users::company_id.eq(&company),
            users::password_hash.eq(crate::auth::password::UNUSABLE_HASH),
            users::active.eq(true),
            users::created_at.eq(now()),
        ))
        .execute(conn)?;
    find_user(conn, &id)
}

pub fn insert_invitation(
    conn: &mut DbConnection,
    user: &UserId,
    company: &CompanyId,
    invited_by: &UserId,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<InvitationRow> {
    let id = InvitationId::new(new_id());
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(&id),
            invitations::user_id.eq(user),
            invitations::company_id.eq(company),
            invitations::invited_by.eq(invited_by),
            invitations::token_hash.eq(token_hash),
            invitations::created_at.eq(now()),
            invitations::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    invitations::table
        .find(&id)
        .select(InvitationRow::as_select())
        .first(conn)
}

pub fn find_invitation(
    conn: &mut DbConnection,
    id: &InvitationId,
) -> QueryResult<Option<InvitationRow>> {
    invitations::table
        .find(id)
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_invitation_by_token(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<InvitationRow>> {
    invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()
}

/// The names an invitation's page and list show.
pub fn invitation_view(
    conn: &mut DbConnection,
    invitation: InvitationRow,
) -> QueryResult<InvitationView> {
    let person = find_user(conn, &invitation.user_id)?;
    let inviter = find_user(conn, &invitation.invited_by)?;
    let invited_by_jobcenter = match &inviter.jobcenter_id {
        Some(j) => jobcenters::table
            .find(j)
            .select(jobcenters::name)
            .first::<String>(conn)
            .optional()?,
        None => None,
    };
    let company_name = companies::table
        .find(&invitation.company_id)
        .select(companies::name)
        .first::<String>(conn)?;
    Ok(InvitationView {
        invitation,
        name: person.name,
        email: person.email,
        role: person.role,
        active: person.active,
        invited_by_name: inviter.name,
        invited_by_jobcenter,
        company_name,
    })
}

/// A company's invitations that are neither accepted nor cancelled (expired ones too: they can
/// be renewed), newest first.
pub fn open_invitations(
    conn: &mut DbConnection,
    company: &CompanyId,
) -> QueryResult<Vec<InvitationView>> {
    let rows: Vec<InvitationRow> = invitations::table
        .filter(invitations::company_id.eq(company))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::cancelled_at.is_null())
        .order((invitations::created_at.desc(), invitations::id.asc()))
        .select(InvitationRow::as_select())
        .limit(200)
        .load(conn)?;
    rows.into_iter().map(|r| invitation_view(conn, r)).collect()
}

/// Gives an open invitation a new token and expiry: the old link no longer matches anything.
pub fn renew_invitation(
    conn: &mut DbConnection,
    id: &InvitationId,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        invitations::table
            .find(id)
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::cancelled_at.is_null()),
    )
    .set((
        invitations::token_hash.eq(token_hash),
        invitations::expires_at.eq(expires_at),
        invitations::renewed_at.eq(Some(now())),
    ))
    .execute(conn)
}

/// Cancels an open invitation and deactivates the person it made (who never chose a password).
pub fn cancel_invitation(
    conn: &mut DbConnection,
    invitation: &InvitationRow,
) -> QueryResult<usize> {
    let n = diesel::update(
        invitations::table
            .find(&invitation.id)
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::cancelled_at.is_null()),
    )
    .set(invitations::cancelled_at.eq(Some(now())))
    .execute(conn)?;
    if n > 0 {
        diesel::update(users::table.find(&invitation.user_id))
            .set(users::active.eq(false))
            .execute(conn)?;
        diesel::delete(sessions::table.filter(sessions::user_id.eq(&invitation.user_id)))
            .execute(conn)?;
    }
    Ok(n)
}

/// Spends the invitation whose token has `token_hash`, if it is open and unexpired: one
/// statement, so two uses of the same link cannot both succeed. Returns how many it spent.
pub fn spend_invitation(conn: &mut DbConnection, token_hash: &str) -> QueryResult<usize> {
    let at = now();
    diesel::update(
        invitations::table
            .filter(invitations::token_hash.eq(token_hash))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::cancelled_at.is_null())
            .filter(invitations::expires_at.gt(at)),
    )
    .set(invitations::accepted_at.eq(Some(at)))
    .execute(conn)
}

/// Sets the first password of an invited, active user (whose hash is still the unusable one).
pub fn set_first_password(conn: &mut DbConnection, id: &UserId, hash: &str) -> QueryResult<usize> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::password_hash.eq(crate::auth::password::UNUSABLE_HASH))
            .filter(users::active.eq(true)),
    )
    .set(users::password_hash.eq(hash))
    .execute(conn)
}
