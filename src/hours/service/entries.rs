//! A mentor's hour entries: logging, changing and deleting one, with the day's rules.

use crate::ids::{CandidateId, ContractId, EntryId, UserId};
use chrono::NaiveDate;

use crate::auth::model::Actor;
use crate::contracts::store::ContractRow;
use crate::db::{Db, DbConnection};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::{check_minutes, HourActivity, IsoWeek};
use crate::hours::store::{self, EntryRow};
use crate::texts::hours as th;
use crate::ui::format;

use super::*;

#[derive(Debug, Clone, Default)]
pub struct EntryInput {
    pub contract_id: String,
    pub date: String,
    pub minutes: Option<i64>,
    pub activity: String,
    pub candidate_id: Option<String>,
    pub note: String,
}

/// The rules of one day's hours that both doors check the same way (the API's entry and the
/// page's grid cell): the day lies in the contract's period and not in the future, and a
/// candidate named has a placement in this contract that covers the day. Each problem comes
/// with the entry field it belongs to (`date` or `candidate_id`).
pub(super) fn day_problems(
    conn: &mut DbConnection,
    contract: &ContractRow,
    date: NaiveDate,
    candidate_id: Option<&CandidateId>,
) -> QueryResult<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    if date < contract.start_date || date > contract.end_date {
        out.push((
            "date",
            crate::texts::contracts::date_within_contract(
                &format::date(contract.start_date),
                &format::date(contract.end_date),
            ),
        ));
    }
    if date > crate::clock::today() {
        out.push(("date", th::NO_FUTURE_HOURS.to_string()));
    }
    if let Some(cid) = candidate_id {
        // A placed or ended placement of this candidate in this contract, covering the day: an
        // unknown id, another jobcenter's candidate or a day outside the stay finds none.
        let covering = store::placements_covering(conn, &contract.id, cid, date)?;
        if covering == 0 {
            out.push(("candidate_id", th::no_placement_on(&format::date(date))));
        }
    }
    Ok(out)
}

/// The rules of one entry; `except` is the entry being changed.
pub(super) fn check_entry(
    conn: &mut DbConnection,
    contract: &ContractRow,
    mentor_id: &UserId,
    date: NaiveDate,
    minutes: i32,
    candidate_id: Option<&CandidateId>,
    except: Option<&str>,
) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    for (field, message) in day_problems(conn, contract, date, candidate_id)? {
        e.add(field, message);
    }
    let week = IsoWeek::of(date);
    let (status, total) =
        store::week_status_and_day_total(conn, &contract.id, week, mentor_id, date, except)?;
    if !status.editable() {
        e.add("date", th::week_locked(&week.label(), status.label()));
    }
    if total + i64::from(minutes) > 24 * 60 {
        e.add(
            "minutes",
            th::day_already_has(&format::hours(total), &format::date(date)),
        );
    }
    e.into_result()
}

pub async fn log_entry(db: &Db, actor: &Actor, input: EntryInput) -> Result<EntryRow, AppError> {
    let mut e = FieldErrors::new();
    let date = match format::parse_date(&input.date) {
        Some(d) => Some(d),
        None => {
            e.add(
                "date",
                if input.date.trim().is_empty() {
                    crate::texts::REQUIRED
                } else {
                    th::INVALID_DATE
                },
            );
            None
        }
    };
    let minutes = match input.minutes {
        Some(m) => e.check("minutes", check_minutes(m)),
        None => {
            e.add("minutes", crate::texts::REQUIRED);
            None
        }
    };
    let activity = HourActivity::parse(&input.activity);
    if activity.is_none() {
        e.add("activity", th::PICK_HOUR_ACTIVITY);
    }
    if input.note.chars().count() > 1000 {
        e.add("note", crate::texts::TOO_LONG);
    }
    e.into_result()?;
    let (Some(date), Some(minutes), Some(activity)) = (date, minutes, activity) else {
        return Err(AppError::internal("validated input missing"));
    };
    let actor = actor.clone();
    db.write(move |conn| {
        let contract = mentor_contract(conn, &actor, &ContractId::new(input.contract_id.as_str()))?;
        store::lock_user(conn, &actor.user_id)?;
        let candidate = input
            .candidate_id
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(CandidateId::new);
        check_entry(
            conn,
            &contract,
            &actor.user_id,
            date,
            minutes,
            candidate.as_ref(),
            None,
        )?;
        Ok(store::insert_entry_row(
            conn,
            &store::NewEntry {
                contract_id: &contract.id,
                mentor_id: &actor.user_id,
                candidate_id: candidate.as_ref(),
                work_date: date,
                minutes,
                activity: activity.code(),
                note: input.note.trim(),
            },
        )?)
    })
    .await
}

/// Changes an entry's minutes, activity, candidate or note while its week is open.
pub async fn update_entry(
    db: &Db,
    actor: &Actor,
    id: EntryId,
    minutes: Option<i64>,
    activity: Option<String>,
    note: Option<String>,
    candidate_id: Option<Option<String>>,
) -> Result<EntryRow, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let entry = store::get_entry(conn, &id)?
            .filter(|e| e.mentor_id == actor.user_id)
            .ok_or(AppError::NotFound)?;
        let contract = mentor_contract(conn, &actor, &entry.contract_id)?;
        store::lock_user(conn, &actor.user_id)?;
        let mut e = FieldErrors::new();
        let minutes = match minutes {
            Some(m) => e.check("minutes", check_minutes(m)),
            None => Some(entry.minutes),
        };
        let activity = match activity {
            Some(a) => {
                let parsed = HourActivity::parse(&a);
                if parsed.is_none() {
                    e.add("activity", th::UNKNOWN_ACTIVITY);
                }
                parsed
            }
            None => HourActivity::parse(&entry.activity),
        };
        e.into_result()?;
        let (Some(minutes), Some(activity)) = (minutes, activity) else {
            return Err(AppError::internal("validated input missing"));
        };
        let candidate = match candidate_id {
            Some(c) => c.filter(|c| !c.trim().is_empty()).map(CandidateId::new),
            None => entry.candidate_id.clone(),
        };
        check_entry(
            conn,
            &contract,
            &actor.user_id,
            entry.work_date,
            minutes,
            candidate.as_ref(),
            Some(&entry.id),
        )?;
        let note = note.unwrap_or(entry.note.clone());
        store::update_entry(
            conn,
            &entry.id,
            minutes,
            activity.code(),
            note.trim(),
            candidate.as_ref(),
        )?;
        store::get_entry(conn, &entry.id)?.ok_or(AppError::NotFound)
    })
    .await
}

pub async fn delete_entry(db: &Db, actor: &Actor, id: EntryId) -> Result<(), AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let entry = store::get_entry(conn, &id)?
            .filter(|e| e.mentor_id == actor.user_id)
            .ok_or(AppError::NotFound)?;
        mentor_contract(conn, &actor, &entry.contract_id)?;
        store::lock_user(conn, &actor.user_id)?;
        let week = IsoWeek::of(entry.work_date);
        let status = store::week_status(conn, &entry.contract_id, week)?;
        if !status.editable() {
            return Err(AppError::Conflict(th::week_locked_sentence(
                &week.label(),
                status.label(),
            )));
        }
        store::delete_entry(conn, &entry.id)?;
        Ok(())
    })
    .await
}
