//! The mail choices of the person asking, the signed unsubscribe link, and the administrators'
//! outbox.

use std::collections::HashMap;

use crate::auth::model::{Actor, Role};
use crate::auth::policy::require;
use crate::db::Db;
use crate::error::{AppError, FieldErrors};
use crate::ids::{MailId, UserId};
use crate::mail::model::{Delivery, Status, Topic};
use crate::mail::store::{self, Listed};
use crate::state::Keys;
use crate::texts::mail as tm;

/// One topic of a person's choices: what they may choose and what holds now.
#[derive(Debug, Clone)]
pub struct Choice {
    pub topic: Topic,
    pub choices: &'static [Delivery],
    pub delivery: Delivery,
}

/// The actor's choices, a line per topic their role receives.
pub async fn my_choices(db: &Db, actor: &Actor) -> Result<Vec<Choice>, AppError> {
    let user = actor.user_id.clone();
    let role = actor.role;
    let stored = db.read(move |conn| store::preferences(conn, &user)).await?;
    Ok(choices_of(role, &stored))
}

fn choices_of(role: Role, stored: &[(Topic, Delivery)]) -> Vec<Choice> {
    Topic::for_role(role)
        .iter()
        .map(|&topic| Choice {
            topic,
            choices: topic.choices(role),
            delivery: topic.effective(
                role,
                stored.iter().find(|(t, _)| *t == topic).map(|(_, d)| *d),
            ),
        })
        .collect()
}

/// Stores the actor's choices, given as topic code → delivery code. A topic the role does not
/// receive, or a choice it does not have, is a field error naming the topic; nothing is stored
/// then. Topics left out keep what they were.
pub async fn set_my_choices(
    db: &Db,
    actor: &Actor,
    given: &[(String, String)],
) -> Result<Vec<Choice>, AppError> {
    let role = actor.role;
    let mut errors = FieldErrors::new();
    let mut parsed: HashMap<Topic, Delivery> = HashMap::new();
    for (t, d) in given {
        let Some(topic) = Topic::parse(t).filter(|t| Topic::for_role(role).contains(t)) else {
            errors.add(t, tm::UNKNOWN_TOPIC);
            continue;
        };
        match Delivery::parse(d).filter(|d| topic.choices(role).contains(d)) {
            Some(d) => {
                parsed.insert(topic, d);
            }
            None => errors.add(topic.code(), tm::CHOICE_NOT_OFFERED),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let user = actor.user_id.clone();
    db.write(move |conn| {
        let now = crate::db::now();
        for (topic, delivery) in &parsed {
            store::set_preference(conn, &user, *topic, *delivery, now)?;
        }
        let stored = store::preferences(conn, &user)?;
        Ok(choices_of(role, &stored))
    })
    .await
}

/// What an unsubscribe link asks: the topic, when the link is genuine and the topic may be
/// switched off for the person's role.
pub enum Unsubscribe {
    Valid(Topic),
    /// A signatory's contract review: it cannot be switched off.
    Mandatory,
    Invalid,
}

/// Checks an unsubscribe link's person, topic and signature.
pub async fn check_unsubscribe(
    db: &Db,
    keys: &Keys,
    user_id: &UserId,
    topic: &str,
    signature: &str,
) -> Result<Unsubscribe, AppError> {
    let Some(t) = Topic::parse(topic) else {
        return Ok(Unsubscribe::Invalid);
    };
    if !keys.unsubscribe_signature_ok(user_id, t.code(), signature) {
        return Ok(Unsubscribe::Invalid);
    }
    let user = user_id.clone();
    let Some((_, role)) = db
        .read(move |conn| Ok(store::recipient(conn, &user)?))
        .await?
    else {
        return Ok(Unsubscribe::Invalid);
    };
    let Some(role) = Role::parse(&role) else {
        return Ok(Unsubscribe::Invalid);
    };
    if !t.choices(role).contains(&Delivery::Off) {
        return Ok(Unsubscribe::Mandatory);
    }
    Ok(Unsubscribe::Valid(t))
}

/// Switches the topic off for the person of a genuine link (checked again here).
pub async fn unsubscribe(
    db: &Db,
    keys: &Keys,
    user_id: &UserId,
    topic: &str,
    signature: &str,
) -> Result<Unsubscribe, AppError> {
    let checked = check_unsubscribe(db, keys, user_id, topic, signature).await?;
    if let Unsubscribe::Valid(t) = checked {
        let user = user_id.clone();
        db.write(move |conn| {
            Ok(store::set_preference(
                conn,
                &user,
                t,
                Delivery::Off,
                crate::db::now(),
            )?)
        })
        .await?;
    }
    Ok(checked)
}

/// A page of the outbox, newest first: administrators only.
pub async fn outbox(
    db: &Db,
    actor: &Actor,
    status: Option<Status>,
    page: i64,
    per_page: i64,
) -> Result<(Vec<Listed>, i64), AppError> {
    require(actor.may_read_outbox())?;
    let offset = (page.max(1) - 1) * per_page;
    db.read(move |conn| Ok(store::list(conn, status, offset, per_page)?))
        .await
}

/// Queues a copy of a sent or failed mail to go again now: administrators only. Returns the
/// copy's id.
pub async fn resend(db: &Db, actor: &Actor, id: MailId) -> Result<MailId, AppError> {
    require(actor.may_read_outbox())?;
    db.write(move |conn| {
        let row = store::find(conn, &id)?.ok_or(AppError::NotFound)?;
        let status = Status::from_stored(&row.status)?;
        if !matches!(status, Status::Sent | Status::Failed) {
            return Err(AppError::Conflict(tm::NOT_RESENDABLE.into()));
        }
        if row.kind == crate::mail::model::Kind::Invitation.code() && status == Status::Sent {
            // The link is not kept once sent: a new one is made by renewing the invitation.
            return Err(AppError::Conflict(tm::NOT_RESENDABLE.into()));
        }
        Ok(store::requeue_copy(conn, &row, crate::db::now())?)
    })
    .await
}
