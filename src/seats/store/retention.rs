//! What retention reads and writes: the candidates due for anonymising, and replacing their
//! personal data (see `seats::retention`).

use chrono::{NaiveDate, NaiveTime};
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use crate::db::schema::{
    access_log, candidates, hour_entries, placement_activities, placement_events, placements,
};
use crate::db::{now, DbConnection};
use crate::seats::model::{ANONYMISED_CPR, ANONYMISED_NAME, ASSESSMENT_REMOVED};
use crate::texts::seats::ASSESSMENT_MARK;

/// Ids of candidates that are due: not yet anonymised, created before the cutoff, with no
/// placement (placed, waiting, ended or cancelled) whose period ends on or after the cutoff.
pub fn due_for_anonymising(
    conn: &mut DbConnection,
    cutoff: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let created_before = cutoff.and_time(NaiveTime::MIN);
    candidates::table
        .filter(candidates::anonymised_at.is_null())
        .filter(candidates::created_at.lt(created_before))
        .filter(not(exists(
            placements::table
                .filter(placements::candidate_id.eq(candidates::id))
                .filter(placements::end_date.ge(cutoff)),
        )))
        .select(candidates::id)
        .order(candidates::id)
        .limit(limit)
        .load(conn)
}

/// Clears the number of searches by CPR number that found nobody, made before `cutoff`.
pub fn forget_old_searches(conn: &mut DbConnection, cutoff: NaiveDate) -> QueryResult<usize> {
    diesel::update(
        access_log::table
            .filter(access_log::candidate_id.is_null())
            .filter(access_log::cpr_hmac.is_not_null())
            .filter(access_log::created_at.lt(cutoff.and_time(NaiveTime::MIN))),
    )
    .set((
        access_log::cpr_masked.eq(Some(ANONYMISED_CPR)),
        access_log::cpr_hmac.eq(None::<String>),
    ))
    .execute(conn)
}

/// Replaces the personal data of these candidates, in the caller's transaction.
pub fn anonymise(conn: &mut DbConnection, ids: &[String]) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let at = now();
    for id in ids {
        // The keyed hash is unique per jobcenter: each anonymised row gets its own marker,
        // which no real CPR hash (hex) can equal.
        diesel::update(candidates::table.find(id))
            .set((
                candidates::name.eq(ANONYMISED_NAME),
                candidates::name_norm.eq("anonymiseret"),
                candidates::sort_key.eq("anonymiseret"),
                candidates::cpr_hmac.eq(format!("anonymised:{id}")),
                candidates::cpr_cipher.eq(""),
                candidates::cpr_masked.eq(ANONYMISED_CPR),
                candidates::anonymised_at.eq(at),
                candidates::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    diesel::update(hour_entries::table.filter(hour_entries::candidate_id.eq_any(ids)))
        .set(hour_entries::note.eq(""))
        .execute(conn)?;
    // The access log keeps who read or found whom, not the number.
    diesel::update(access_log::table.filter(access_log::candidate_id.eq_any(ids)))
        .set((
            access_log::cpr_masked.eq(Some(ANONYMISED_CPR)),
            access_log::cpr_hmac.eq(None::<String>),
        ))
        .execute(conn)?;
    let placement_ids = placements::table
        .filter(placements::candidate_id.eq_any(ids))
        .select(placements::id);
    diesel::update(
        placement_activities::table
            .filter(placement_activities::placement_id.eq_any(placement_ids)),
    )
    .set(placement_activities::description.eq(""))
    .execute(conn)?;
    // An extension's concrete assessment describes the person's situation: its text goes,
    // the fact that one was recorded stays.
    {
        let placement_ids = placements::table
            .filter(placements::candidate_id.eq_any(ids))
            .select(placements::id);
        diesel::update(
            placement_events::table
                .filter(placement_events::placement_id.eq_any(placement_ids))
                .filter(placement_events::action.eq("extended"))
                .filter(placement_events::detail.like(format!("%{ASSESSMENT_MARK}%"))),
        )
        .set(placement_events::detail.eq(ASSESSMENT_REMOVED))
        .execute(conn)?;
    }
    // A visit's note says who was there and what was agreed with the person (#22): the text
    // goes, the fact that the visit was held stays.
    {
        use crate::db::schema::visits;
        let placement_ids = placements::table
            .filter(placements::candidate_id.eq_any(ids))
            .select(placements::id);
        diesel::update(
            visits::table
                .filter(visits::placement_id.eq_any(placement_ids))
                .filter(visits::note.ne("")),
        )
        .set(visits::note.eq(crate::texts::visits::NOTE_REMOVED))
        .execute(conn)?;
    }
    // Why someone was absent is health data (sick) or the person's own story (a note): the
    // days stay as present or absent, the reasons go (#22).
    {
        use crate::db::schema::attendance;
        let placement_ids = placements::table
            .filter(placements::candidate_id.eq_any(ids))
            .select(placements::id);
        diesel::update(
            attendance::table
                .filter(attendance::placement_id.eq_any(placement_ids))
                .filter(attendance::status.ne("present")),
        )
        .set((
            attendance::status.eq("absent_other"),
            attendance::note.eq(""),
        ))
        .execute(conn)?;
    }
    Ok(())
}
