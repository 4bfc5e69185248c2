//! The week grid: saving a whole week at once, and saving and submitting it.

use crate::ids::{CandidateId, ContractId};
use chrono::{Datelike, NaiveDate};

use crate::auth::model::Actor;
use crate::db::{Db, DbConnection};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::{check_minutes, HourActivity, IsoWeek};
use crate::hours::store::{self, EntryRow};
use crate::texts::hours as th;
use crate::ui::format;

use super::*;

/// One cell of the week grid: a row (candidate and activity) on a day, with the minutes wanted.
#[derive(Debug, Clone)]
pub struct GridCell {
    pub row: usize,
    pub candidate_id: Option<CandidateId>,
    pub activity: HourActivity,
    pub date: NaiveDate,
    pub minutes: i64,
    /// The row's note, kept on the entries of the row.
    pub note: String,
}

/// Saves the whole week grid in one transaction: every cell whose total changed is replaced by
/// one entry with the new total (or removed at zero). The rules are checked on the result, and
/// a broken one is named by its cell (`cell-<row>-<day>`), so nothing is half saved.
pub async fn save_grid(
    db: &Db,
    actor: &Actor,
    contract_id: ContractId,
    week: IsoWeek,
    cells: Vec<GridCell>,
) -> Result<(), AppError> {
    let actor = actor.clone();
    db.write(move |conn| save_grid_in(conn, &actor, &contract_id, week, &cells))
        .await
}

/// The field a week of no hours is confirmed with before it is submitted.
pub const CONFIRM_EMPTY: &str = "confirm_empty";

/// Saves the mentor's grid and submits the week, in one transaction (#18.17): what was typed
/// is what is submitted. A wrong cell refuses the whole action, naming the cell; a week of no
/// hours is refused with `confirm_empty` unless `allow_empty`, so the page can ask first.
pub async fn save_and_submit(
    db: &Db,
    actor: &Actor,
    contract_id: ContractId,
    week: IsoWeek,
    cells: Vec<GridCell>,
    allow_empty: bool,
) -> Result<WeekView, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        save_grid_in(conn, &actor, &contract_id, week, &cells)?;
        if !allow_empty && store::week_entries(conn, &contract_id, week)?.is_empty() {
            return Err(AppError::field(
                CONFIRM_EMPTY,
                th::submit_empty(&week.label()),
            ));
        }
        decide_in(conn, &actor, &contract_id, week, &WeekAction::Submit, None)
    })
    .await
}

pub(super) fn save_grid_in(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &ContractId,
    week: IsoWeek,
    cells: &[GridCell],
) -> Result<(), AppError> {
    {
        let contract = mentor_contract(conn, actor, contract_id)?;
        store::lock_user(conn, &actor.user_id)?;
        let status = store::week_status(conn, &contract.id, week)?;
        if !status.editable() {
            return Err(AppError::Conflict(th::week_locked_sentence(
                &week.label(),
                status.label(),
            )));
        }
        let existing = store::week_entries(conn, &contract.id, week)?;
        let mut errors = FieldErrors::new();
        // The new minutes per day of this contract's week, to judge the 24-hour rule.
        let mut changed = false;
        for cell in cells {
            let key = format!(
                "cell-{}-{}",
                cell.row,
                cell.date.weekday().num_days_from_monday()
            );
            let current: Vec<&EntryRow> = existing
                .iter()
                .filter(|e| {
                    e.work_date == cell.date
                        && e.candidate_id == cell.candidate_id
                        && e.activity == cell.activity.code()
                })
                .collect();
            let sum: i64 = current.iter().map(|e| i64::from(e.minutes)).sum();
            let note = cell.note.trim();
            if note.chars().count() > 1000 {
                errors.add(&key, th::NOTE_TOO_LONG);
                continue;
            }
            if sum == cell.minutes {
                // Unchanged hours: only the note may have changed.
                for e in &current {
                    if e.note != note {
                        store::update_entry(
                            conn,
                            &e.id,
                            e.minutes,
                            &e.activity,
                            note,
                            e.candidate_id.as_ref(),
                        )?;
                    }
                }
                continue;
            }
            if cell.minutes != 0 {
                if let Err(m) = check_minutes(cell.minutes) {
                    errors.add(&key, m);
                    continue;
                }
                let problems =
                    day_problems(conn, &contract, cell.date, cell.candidate_id.as_ref())?;
                if !problems.is_empty() {
                    for (_, message) in problems {
                        errors.add(&key, message);
                    }
                    continue;
                }
            }
            changed = true;
            for e in current {
                store::delete_entry(conn, &e.id)?;
            }
            if cell.minutes > 0 {
                store::insert_entry(
                    conn,
                    &store::NewEntry {
                        contract_id: &contract.id,
                        mentor_id: &actor.user_id,
                        candidate_id: cell.candidate_id.as_ref(),
                        work_date: cell.date,
                        minutes: cell.minutes as i32,
                        activity: cell.activity.code(),
                        note,
                    },
                )?;
            }
        }
        if changed {
            for day in week.days() {
                let total = store::day_total(conn, &actor.user_id, day, None)?;
                if total > 24 * 60 {
                    errors.add(
                        &format!("day-{}", day.weekday().num_days_from_monday()),
                        th::day_over(&format::hours(total), &format::date(day)),
                    );
                }
            }
        }
        // Any error rolls the whole transaction back.
        errors.into_result()
    }
}
