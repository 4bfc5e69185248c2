//! What the pages and the API do with visits and calendars: the policy first (404 for a
//! placement the actor may not see, 403 for what they may not do), then the parse, then the
//! store, in one transaction.

use chrono::Duration;

use crate::auth::model::Actor;
use crate::auth::store as auth_store;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::hours::model::IsoWeek;
use crate::ids::{PlacementId, UserId};
use crate::seats::model::status_label;
use crate::seats::store::{self as seat_store, PlacementRow};
use crate::state::Keys;
use crate::texts::visits as tv;
use crate::ui::format;
use crate::visits::model::{self, CalEvent, Visit, VisitChangeRaw};
use crate::visits::store::{self, Kinds};

/// A placement's visits as its page and the API show them.
#[derive(Debug, Clone)]
pub struct PlacementVisits {
    pub placement: PlacementRow,
    pub candidate_name: String,
    pub company_name: String,
    pub every_weeks: i32,
    pub visits: Vec<Visit>,
    /// The actor may move and record them.
    pub may_plan: bool,
}

/// The placement and its contract when the actor may see the placement (else 404): company
/// users only see placed and ended ones, as on the placement's own page.
fn placement_for(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &PlacementId,
) -> Result<(PlacementRow, ContractRow), AppError> {
    let p = seat_store::get_placement(conn, id)?.ok_or(AppError::NotFound)?;
    let c = contract_store::get_contract(conn, &p.contract_id)?.ok_or(AppError::NotFound)?;
    if !actor.may_view_contract(&c.parties()) {
        return Err(AppError::NotFound);
    }
    if actor.is_company_side() && !store::has_visits(&p) {
        return Err(AppError::NotFound);
    }
    Ok((p, c))
}

fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &PlacementId,
) -> Result<PlacementVisits, AppError> {
    let (p, c) = placement_for(conn, actor, id)?;
    if !actor.may_view_visits(&c.parties()) {
        return Err(AppError::Forbidden);
    }
    let (visits, every_weeks) = store::placement_visits(conn, &p)?;
    let candidate_name = seat_store::get_candidate(conn, &p.candidate_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let company_name = crate::directory::store::get_company(conn, &c.company_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(PlacementVisits {
        may_plan: actor.may_plan_visits(&c.parties()),
        placement: p,
        candidate_name,
        company_name,
        every_weeks,
        visits,
    })
}

/// The visits of a placement.
pub async fn placement_visits(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
) -> Result<PlacementVisits, AppError> {
    let actor = actor.clone();
    db.read(move |conn| load(conn, &actor, &id)).await
}

/// Moves and/or records visit `seq` of a placement (a consultant of the contract's jobcenter).
/// A day outside the placement's period, a day held in the future or a record without a note
/// is a field error naming the field; a number the plan does not have is 404.
pub async fn change_visit(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    seq: i32,
    raw: VisitChangeRaw,
) -> Result<PlacementVisits, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let (p, c) = placement_for(conn, &actor, &id)?;
        if !actor.may_plan_visits(&c.parties()) {
            return Err(AppError::Forbidden);
        }
        if !store::has_visits(&p) {
            return Err(AppError::Conflict(tv::not_planned(status_label(&p.status))));
        }
        let (visits, _) = store::placement_visits(conn, &p)?;
        let visit = visits
            .iter()
            .find(|v| v.seq == seq && v.derived_on.is_some())
            .ok_or(AppError::NotFound)?;
        let today = crate::clock::today();
        let change = raw.parse(p.start_date, p.end_date, visit.planned_on, today)?;
        store::save_visit(
            conn,
            &p.id,
            seq,
            change.moved_to,
            change.record.clone(),
            &actor.user_id,
        )?;
        if let Some((day, _)) = change.moved_to {
            seat_store::insert_event(
                conn,
                &p.id,
                &c.id,
                &actor.user_id,
                "visit_moved",
                &tv::event_moved(seq, &format::date(day)),
            )?;
        }
        if let Some((day, _)) = &change.record {
            seat_store::insert_event(
                conn,
                &p.id,
                &c.id,
                &actor.user_id,
                "visit_recorded",
                &tv::event_recorded(seq, &format::date(*day)),
            )?;
        }
        load(conn, &actor, &id)
    })
    .await
}

/// What the actor's calendar holds.
fn kinds(actor: &Actor) -> Kinds {
    Kinds {
        visits: actor.calendar_has_visits(),
        follow_ups: actor.calendar_has_follow_ups(),
    }
}

/// The events of one ISO week of the actor's calendar (403 for a role without one).
pub async fn week(db: &Db, actor: &Actor, week: IsoWeek) -> Result<Vec<CalEvent>, AppError> {
    if !actor.has_calendar() {
        return Err(AppError::Forbidden);
    }
    let actor = actor.clone();
    db.read(move |conn| {
        store::events(
            conn,
            &actor.contract_scope(),
            kinds(&actor),
            week.monday(),
            week.sunday(),
        )
    })
    .await
}

/// The token of the actor's calendar feed address (403 for a role without a calendar).
pub async fn feed_token(db: &Db, keys: &Keys, actor: &Actor) -> Result<String, AppError> {
    if !actor.has_calendar() {
        return Err(AppError::Forbidden);
    }
    let user = actor.user_id.clone();
    let epoch = db
        .read(move |conn| Ok(store::feed_epoch(conn, &user)?))
        .await?;
    Ok(model::feed_token(
        &actor.user_id,
        &keys.calendar_signature(&actor.user_id, epoch),
    ))
}

/// Gives the actor's feed a new address; the old one answers 404 from now on. The new token.
pub async fn renew_feed(db: &Db, keys: &Keys, actor: &Actor) -> Result<String, AppError> {
    if !actor.has_calendar() {
        return Err(AppError::Forbidden);
    }
    let user = actor.user_id.clone();
    let epoch = db
        .write(move |conn| Ok(store::renew_feed(conn, &user)?))
        .await?;
    Ok(model::feed_token(
        &actor.user_id,
        &keys.calendar_signature(&actor.user_id, epoch),
    ))
}

/// The calendar feed (iCalendar text) behind a token, for an active person with a calendar;
/// anything else is 404 (an old, renewed or made-up token says nothing). `base` starts the
/// links of its events.
pub async fn feed(db: &Db, keys: &Keys, token: &str, base: String) -> Result<String, AppError> {
    let (user, sig) = model::split_feed_token(token).ok_or(AppError::NotFound)?;
    let (user, sig) = (UserId::new(user), sig.to_string());
    let keys = keys.clone();
    let today = crate::clock::today();
    let events = db
        .read(move |conn| {
            use diesel::OptionalExtension;
            let Some(row) = auth_store::find_user(conn, &user).optional()? else {
                return Err(AppError::NotFound);
            };
            let epoch = store::feed_epoch(conn, &user)?;
            if !row.active || !keys.calendar_signature_ok(&user, epoch, &sig) {
                return Err(AppError::NotFound);
            }
            let actor = row.actor()?;
            if !actor.has_calendar() {
                return Err(AppError::NotFound);
            }
            store::events(
                conn,
                &actor.contract_scope(),
                kinds(&actor),
                today - Duration::days(model::FEED_DAYS_BACK),
                today + Duration::days(model::FEED_DAYS_AHEAD),
            )
        })
        .await?;
    Ok(model::ics::render(&events, &base, crate::clock::now_utc()))
}
