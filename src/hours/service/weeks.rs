//! One week of a contract's hours and its decisions (submit, approve, reject).

use crate::auth::model::Actor;
use crate::contracts::store::ContractRow;
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::hours::model::{rate_on, week_budget, IsoWeek, WeekStatus};
use crate::hours::store::{self, EntryRow, WeekRow};
use crate::ids::ContractId;
use crate::mail::model::Kind;
use crate::mail::store::{contract_event, Audience};
use crate::texts::hours as th;

use super::*;

/// A contract's week: its entries, state and budget.
#[derive(Debug, Clone)]
pub struct WeekView {
    pub contract: ContractRow,
    pub company_name: String,
    pub week: IsoWeek,
    pub status: WeekStatus,
    pub row: Option<WeekRow>,
    pub entries: Vec<EntryRow>,
    pub budget_minutes: i64,
    /// (id, name) of the people placed in the centre that week, for the grid's rows.
    pub candidates: Vec<(String, String)>,
    /// Every submission and decision of the week, oldest first.
    pub history: Vec<store::WeekEvent>,
}

pub(super) fn load_week(
    conn: &mut DbConnection,
    contract: ContractRow,
    week: IsoWeek,
) -> Result<WeekView, AppError> {
    let versions = budget_versions(conn, &contract.id)?;
    let company_name = store::company_name(conn, &contract.company_id)?;
    let candidates = store::placed_in_week(conn, &contract.id, week)?;
    Ok(WeekView {
        budget_minutes: week_budget(&versions, contract.start_date, contract.end_date, week),
        status: store::week_status(conn, &contract.id, week)?,
        row: store::get_week(conn, &contract.id, week)?,
        entries: store::week_entries(conn, &contract.id, week)?,
        history: store::week_history(conn, &contract.id, week)?,
        company_name,
        contract,
        week,
        candidates,
    })
}

pub async fn week_view(
    db: &Db,
    actor: &Actor,
    contract_id: ContractId,
    week: IsoWeek,
) -> Result<WeekView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let contract = visible_contract(conn, &actor, &contract_id)?;
        load_week(conn, contract, week)
    })
    .await
}

#[derive(Debug, Clone)]
pub enum WeekAction {
    Submit,
    Approve,
    Reject(String),
    /// An approved week sent back to the mentor for a correction, with the reason (#22).
    Reopen(String),
}

/// Submits (the mentor), approves or rejects with a reason (a consultant of the jobcenter).
pub async fn decide_week(
    db: &Db,
    actor: &Actor,
    contract_id: ContractId,
    week: IsoWeek,
    action: WeekAction,
) -> Result<WeekView, AppError> {
    let reason = match &action {
        WeekAction::Reject(r) if r.trim().is_empty() => {
            return Err(AppError::field("reason", th::GIVE_REASON))
        }
        WeekAction::Reject(r) if r.chars().count() > 1000 => {
            return Err(AppError::field("reason", crate::texts::TOO_LONG))
        }
        WeekAction::Reject(r) => Some(r.trim().to_string()),
        WeekAction::Reopen(r) if r.trim().is_empty() => {
            return Err(AppError::field("reason", th::GIVE_REOPEN_REASON))
        }
        WeekAction::Reopen(r) if r.chars().count() > 1000 => {
            return Err(AppError::field("reason", crate::texts::TOO_LONG))
        }
        WeekAction::Reopen(r) => Some(r.trim().to_string()),
        _ => None,
    };
    let actor = actor.clone();
    db.write(move |conn| decide_in(conn, &actor, &contract_id, week, &action, reason.as_deref()))
        .await
}

/// A week's step (submit, approve, reject) inside the caller's transaction.
pub(super) fn decide_in(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &ContractId,
    week: IsoWeek,
    action: &WeekAction,
    reason: Option<&str>,
) -> Result<WeekView, AppError> {
    {
        let contract = visible_contract(conn, actor, contract_id)?;
        let allowed = match action {
            WeekAction::Submit => actor.may_log_hours(&contract.parties()),
            WeekAction::Approve | WeekAction::Reject(_) | WeekAction::Reopen(_) => {
                actor.may_approve_hours(&contract.parties())
            }
        };
        if !allowed {
            return Err(AppError::Forbidden);
        }
        store::lock_user(conn, &contract.mentor_id)?;
        if matches!(action, WeekAction::Approve) {
            // An amendment's acceptance holds the contract's row while it checks the last
            // approved week: an approval waits for it, and the other way round (#18.11).
            crate::seats::store::lock_contract(conn, &contract.id)?;
        }
        let status = store::week_status(conn, &contract.id, week)?;
        if let WeekAction::Reopen(_) = action {
            if status != WeekStatus::Approved {
                return Err(AppError::Conflict(th::week_is(
                    &week.label(),
                    status.label(),
                )));
            }
            // Corrections look back two years (`payments::CORRECTION_MONTHS`): an older week
            // reopened would be corrected in no export.
            if week.monday() < crate::clock::today() - chrono::Duration::days(730) {
                return Err(AppError::Conflict(th::REOPEN_TOO_OLD.into()));
            }
            // Sent back to the mentor with the reason; the history says it was reopened, and
            // the mentor is told. The amount approved before stays in any exported month; a
            // re-approval that changes it is a correction line of the next export.
            store::reopen_week(
                conn,
                &contract.id,
                week,
                &actor.user_id,
                reason.unwrap_or(""),
            )?;
            contract_event(
                conn,
                contract_id,
                Kind::WeekReopened,
                Audience::Mentor,
                Some(&actor.user_id),
                |p| {
                    p.week = Some(week.label());
                    p.path = crate::tasks::model::week_link(&contract.id, &week.to_string());
                    p.reason = reason.map(str::to_string);
                },
            )?;
            return load_week(conn, contract, week);
        }
        let next = match (action, status) {
            (WeekAction::Submit, s) if s.editable() => {
                if week.monday() > crate::clock::today() {
                    return Err(AppError::Conflict(th::week_not_begun(&week.label())));
                }
                WeekStatus::Submitted
            }
            (WeekAction::Approve, WeekStatus::Submitted) => WeekStatus::Approved,
            (WeekAction::Reject(_), WeekStatus::Submitted) => WeekStatus::Rejected,
            (_, s) => return Err(AppError::Conflict(th::week_is(&week.label(), s.label()))),
        };
        store::set_week(conn, &contract.id, week, next, &actor.user_id, reason)?;
        // The mail of the step, in its transaction (#21): a rejection to the mentor with the
        // reason, a week handed in to the contract's consultant.
        let mail = match next {
            WeekStatus::Rejected => Some((Kind::WeekRejected, Audience::Mentor)),
            WeekStatus::Submitted => Some((Kind::WeekSubmitted, Audience::Consultant)),
            _ => None,
        };
        if let Some((kind, audience)) = mail {
            contract_event(
                conn,
                contract_id,
                kind,
                audience,
                Some(&actor.user_id),
                |p| {
                    p.week = Some(week.label());
                    p.path = crate::tasks::model::week_link(&contract.id, &week.to_string());
                    p.reason = reason.map(str::to_string);
                },
            )?;
        }
        if next == WeekStatus::Approved {
            // The week keeps the rate and amount it was approved at (#18.11).
            let versions = budget_versions(conn, &contract.id)?;
            store::freeze_week(conn, &contract.id, week, |d| rate_on(&versions, d))?;
        }
        load_week(conn, contract, week)
    }
}

/// Budget, logged and approved minutes per week from the contract's start to today (or its end).
pub async fn summary(db: &Db, actor: &Actor, contract_id: ContractId) -> Result<Summary, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let contract = visible_contract(conn, &actor, &contract_id)?;
        summary_of(conn, &contract)
    })
    .await
}
