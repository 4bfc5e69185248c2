//! Invitations (#20): a consultant invites a company's signatory or mentor, who chooses their
//! own password through a link that works once, for [`INVITATION_DAYS`] days.

use chrono::NaiveDateTime;

use crate::auth::model::{Actor, InvitationInput, InvitationRaw, NewPassword};
use crate::auth::password;
use crate::auth::policy::{require, require_visible};
use crate::auth::store::{self, InvitationRow, InvitationView, SessionKind};
use crate::auth::token::{new_token, token_hash, INVITATION_DAYS};
use crate::db::{now, run_blocking, Db, DbConnection};
use crate::directory::store as directory;
use crate::error::{is_unique_violation, AppError, FieldErrors};
use crate::ids::{CompanyId, InvitationId};
use crate::texts as t;

use super::lifetimes;

/// A new or renewed invitation: its token is in the link and shown this once (only its hash is
/// stored).
#[derive(Debug, Clone)]
pub struct IssuedInvitation {
    pub id: InvitationId,
    pub token: String,
    pub expires_at: NaiveDateTime,
    pub company_id: CompanyId,
    pub name: String,
}

/// The path of an invitation's link; the doors put the server's origin in front.
pub fn invitation_path(token: &str) -> String {
    format!("/invitation/{token}")
}

/// Whether the actor may invite to the company: 404 if they may not see it, 403 if they may
/// see it but not invite. Read in the transaction that writes.
fn check_may_invite(
    conn: &mut DbConnection,
    actor: &Actor,
    company: &CompanyId,
) -> Result<(), AppError> {
    require_visible(actor.may_view_company(company))?;
    if directory::get_company(conn, company)?.is_none() {
        return Err(AppError::NotFound);
    }
    let parties = directory::company_parties(conn, company)?;
    require(actor.may_invite_to_company(&parties))
}

/// An invitation the actor may act on, or 404 / 403.
fn load_for(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &InvitationId,
) -> Result<InvitationRow, AppError> {
    let row = store::find_invitation(conn, id)?.ok_or(AppError::NotFound)?;
    check_may_invite(conn, actor, &row.company_id)?;
    Ok(row)
}

/// Invites a person to the company: creates them as a user of its (signatory or mentor) without
/// a usable password, and an invitation whose link lets them choose one. An e-mail that
/// already has a user is a field error.
pub async fn invite(
    db: &Db,
    actor: &Actor,
    company: CompanyId,
    raw: InvitationRaw,
) -> Result<IssuedInvitation, AppError> {
    // Who may, before what they sent is judged.
    let (a, c) = (actor.clone(), company.clone());
    db.read(move |conn| check_may_invite(conn, &a, &c)).await?;
    let input = InvitationInput::parse(&raw).map_err(AppError::Validation)?;
    let token = new_token();
    let hash = token_hash(&token);
    let expires_at = now() + chrono::Duration::days(INVITATION_DAYS);
    let link = invitation_path(&token);
    let actor = actor.clone();
    let row = db
        .write(move |conn| {
            check_may_invite(conn, &actor, &company)?;
            if store::find_user_by_email(conn, input.email.as_str())?.is_some() {
                return Err(AppError::field("email", t::EMAIL_TAKEN));
            }
            let user = store::insert_invited_user(conn, &input, &company).map_err(|e| {
                if is_unique_violation(&e) {
                    AppError::field("email", t::EMAIL_TAKEN)
                } else {
                    AppError::from(e)
                }
            })?;
            let row = store::insert_invitation(
                conn,
                &user.id,
                &company,
                &actor.user_id,
                &hash,
                expires_at,
            )?;
            store::record_event(conn, &user.id, &actor.user_id, "invited", &user.role)?;
            // The link goes to the person by mail, with this transaction (#21).
            crate::mail::store::invitation(
                conn,
                &user.id,
                &company,
                &actor.user_id,
                &link,
                expires_at,
            )?;
            Ok((row, user.name))
        })
        .await?;
    tracing::info!(invitation = %row.0.id, "invitation created");
    Ok(IssuedInvitation {
        id: row.0.id,
        token,
        expires_at: row.0.expires_at,
        company_id: row.0.company_id,
        name: row.1,
    })
}

/// The name of a company the actor may invite to (for the invitation form's heading).
pub async fn invitation_company(
    db: &Db,
    actor: &Actor,
    company: CompanyId,
) -> Result<String, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        check_may_invite(conn, &actor, &company)?;
        let c = directory::get_company(conn, &company)?.ok_or(AppError::NotFound)?;
        Ok(c.name)
    })
    .await
}

/// A company's open invitations (pending or expired), for those who may invite to it.
pub async fn list_invitations(
    db: &Db,
    actor: &Actor,
    company: CompanyId,
) -> Result<Vec<InvitationView>, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        check_may_invite(conn, &actor, &company)?;
        Ok(store::open_invitations(conn, &company)?)
    })
    .await
}

/// One invitation, for those who may invite to its company.
pub async fn get_invitation(
    db: &Db,
    actor: &Actor,
    id: InvitationId,
) -> Result<InvitationView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let row = load_for(conn, &actor, &id)?;
        Ok(store::invitation_view(conn, row)?)
    })
    .await
}

/// "Send nyt link": a new token and a new expiry for an open invitation (expired or not); the
/// old link stops working at once. An accepted or cancelled invitation answers 409.
pub async fn renew_invitation(
    db: &Db,
    actor: &Actor,
    id: InvitationId,
) -> Result<IssuedInvitation, AppError> {
    let token = new_token();
    let hash = token_hash(&token);
    let expires_at = now() + chrono::Duration::days(INVITATION_DAYS);
    let link = invitation_path(&token);
    let actor = actor.clone();
    let (row, name) = db
        .write(move |conn| {
            let row = load_for(conn, &actor, &id)?;
            if store::renew_invitation(conn, &id, &hash, expires_at)? == 0 {
                return Err(AppError::Conflict(t::invitations::NOT_OPEN.into()));
            }
            store::record_event(conn, &row.user_id, &actor.user_id, "invitation_renewed", "")?;
            crate::mail::store::invitation(
                conn,
                &row.user_id,
                &row.company_id,
                &actor.user_id,
                &link,
                expires_at,
            )?;
            let name = store::find_user(conn, &row.user_id)?.name;
            Ok((row, name))
        })
        .await?;
    Ok(IssuedInvitation {
        id: row.id,
        token,
        expires_at,
        company_id: row.company_id,
        name,
    })
}

/// "Annuller": the invitation's link stops working and the person it made is deactivated (an
/// administrator can reactivate them). An accepted or cancelled invitation answers 409.
pub async fn cancel_invitation(
    db: &Db,
    actor: &Actor,
    id: InvitationId,
) -> Result<CompanyId, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let row = load_for(conn, &actor, &id)?;
        if store::cancel_invitation(conn, &row)? == 0 {
            return Err(AppError::Conflict(t::invitations::NOT_OPEN.into()));
        }
        store::record_event(
            conn,
            &row.user_id,
            &actor.user_id,
            "invitation_cancelled",
            "",
        )?;
        Ok(row.company_id)
    })
    .await
}

/// The invitation behind a link, if the link works: open, unexpired, for an active person.
/// Unknown, spent, cancelled and expired links all give `None`: the page does not say which.
pub async fn open_invitation(db: &Db, token: &str) -> Result<Option<InvitationView>, AppError> {
    let hash = token_hash(token);
    db.read(move |conn| {
        let Some(row) = store::find_invitation_by_token(conn, &hash)? else {
            return Ok(None);
        };
        if !row.is_usable(now()) {
            return Ok(None);
        }
        let view = store::invitation_view(conn, row)?;
        let active = view.active;
        Ok(active.then_some(view))
    })
    .await
}

/// What the invited person types.
pub struct FirstPassword {
    pub password: String,
    pub repeat: String,
}

/// The invited person chooses their password (the rules of every password: zxcvbn, length, not
/// the demo's, not their name). The link is spent, the password set and a browser session
/// started in one transaction; returns the person and the session's token. A link that does
/// not work (any more) is 404.
pub async fn accept_invitation(
    db: &Db,
    token: &str,
    input: FirstPassword,
) -> Result<(Actor, String), AppError> {
    let view = open_invitation(db, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::new();
    let new = errors.check(
        "password",
        NewPassword::parse(&input.password, &[&view.email, &view.name]),
    );
    if new.is_some() && input.repeat != input.password {
        errors.add("password_repeat", t::invitations::NOT_REPEATED);
    }
    errors.into_result()?;
    let Some(new) = new else {
        return Err(AppError::field("password", t::REQUIRED));
    };
    let secret = new.expose().to_string();
    let hash = run_blocking(move || password::hash(&secret)).await?;
    let link = token_hash(token);
    let session = new_token();
    let session_hash = token_hash(&session);
    let expires = now() + lifetimes(SessionKind::Web).0;
    let user_id = view.invitation.user_id.clone();
    let actor = db
        .write(move |conn| {
            store::lock_user(conn, &user_id)?;
            // Spent in one statement: a second use of the link (or a renewal meanwhile) finds
            // nothing to spend.
            if store::spend_invitation(conn, &link)? == 0
                || store::set_first_password(conn, &user_id, &hash)? == 0
            {
                return Err(AppError::NotFound);
            }
            store::record_event(conn, &user_id, &user_id, "invitation_accepted", "")?;
            store::insert_session(conn, &session_hash, &user_id, SessionKind::Web, expires)?;
            store::find_user(conn, &user_id)?.actor()
        })
        .await?;
    tracing::info!(user_id = %actor.user_id, "invitation accepted");
    Ok((actor, session))
}
