//! What the seat pages, follow-ups, commitments and the economy read.

use crate::ids::{CompanyId, ContractId, JobcenterId};
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{candidates, contract_versions, placement_activities, placements};
use crate::db::{DbConnection, Sort};

use super::*;

/// The company's sector code ("private" or "public").
pub fn company_sector(
    conn: &mut DbConnection,
    company_id: &CompanyId,
) -> QueryResult<Option<String>> {
    use crate::db::schema::companies;
    companies::table
        .find(company_id)
        .select(companies::sector)
        .first(conn)
        .optional()
}

/// The jobcenter's accepted contracts whose period spans [start, end], with their company's
/// name, id and sector (at most 500): where a candidate could be suggested.
pub fn contracts_spanning(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    start: NaiveDate,
    end: NaiveDate,
) -> QueryResult<Vec<(ContractId, String, CompanyId, String)>> {
    use crate::db::schema::{companies, contracts as c};
    c::table
        .inner_join(companies::table)
        .filter(c::jobcenter_id.eq(jobcenter_id))
        .filter(c::accepted_version.is_not_null())
        .filter(c::start_date.le(start))
        .filter(c::end_date.ge(end))
        .select((c::id, companies::name, companies::id, companies::sector))
        .limit(500)
        .load(conn)
}

/// A placement with its candidate's and its company's names.
pub type FollowUpRow = (PlacementRow, String, String);

/// Who starts: (contract, name, first day, seat).
pub type Starting = (String, String, NaiveDate, Option<i32>);

/// A page of the jobcenter's placements that ended on or before `cutoff` without a recorded
/// follow-up, with the candidate's and the company's names, and how many there are in all.
pub fn follow_ups_due(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    cutoff: NaiveDate,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<FollowUpRow>, i64)> {
    use crate::db::schema::{companies, contracts as c};
    let build = || {
        placements::table
            .inner_join(c::table.inner_join(companies::table))
            .inner_join(candidates::table)
            .filter(placements::jobcenter_id.eq(jobcenter_id.to_string()))
            .filter(
                placements::status
                    .eq("placed")
                    .or(placements::status.eq("ended")),
            )
            .filter(placements::end_date.le(cutoff))
            .filter(placements::self_supporting.is_null())
            .into_boxed()
    };
    let total: i64 = build().count().get_result(conn)?;
    let q = build().select((PlacementRow::as_select(), candidates::name, companies::name));
    let q = match (sort.key, sort.desc) {
        ("candidate", false) => q.order((candidates::sort_key.asc(), placements::id.asc())),
        ("candidate", true) => q.order((candidates::sort_key.desc(), placements::id.asc())),
        ("company", false) => q.order((
            companies::sort_key.asc(),
            placements::end_date.asc(),
            placements::id.asc(),
        )),
        ("company", true) => q.order((
            companies::sort_key.desc(),
            placements::end_date.asc(),
            placements::id.asc(),
        )),
        (_, true) => q.order((placements::end_date.desc(), placements::id.asc())),
        _ => q.order((placements::end_date.asc(), placements::id.asc())),
    };
    let rows = q.offset(offset).limit(limit).load(conn)?;
    Ok((rows, total))
}

/// The accepted versions' seats of these contracts: (contract, effective from, seats), in
/// version order per contract.
pub fn accepted_seat_steps(
    conn: &mut DbConnection,
    contract_ids: &[String],
) -> QueryResult<Vec<(String, NaiveDate, i32)>> {
    contract_versions::table
        .filter(contract_versions::contract_id.eq_any(contract_ids))
        .filter(contract_versions::status.eq("accepted"))
        .select((
            contract_versions::contract_id,
            contract_versions::effective_from,
            contract_versions::seats,
        ))
        .order((
            contract_versions::contract_id.asc(),
            contract_versions::version_no.asc(),
        ))
        .load(conn)
}

/// How many seats of each of these contracts are taken on the day: (contract, count).
pub fn occupied_on(
    conn: &mut DbConnection,
    contract_ids: &[String],
    day: NaiveDate,
) -> QueryResult<Vec<(String, i64)>> {
    placements::table
        .filter(placements::contract_id.eq_any(contract_ids))
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .filter(placements::start_date.le(day))
        .filter(placements::end_date.ge(day))
        .group_by(placements::contract_id)
        .select((placements::contract_id, diesel::dsl::count_star()))
        .load(conn)
}

/// Who starts in these contracts after `from` up to `until`: (contract, name, first day, seat).
pub fn starting_between(
    conn: &mut DbConnection,
    contract_ids: &[String],
    from: NaiveDate,
    until: NaiveDate,
) -> QueryResult<Vec<Starting>> {
    placements::table
        .inner_join(candidates::table)
        .filter(placements::contract_id.eq_any(contract_ids))
        .filter(placements::status.eq("placed"))
        .filter(placements::start_date.gt(from))
        .filter(placements::start_date.le(until))
        .select((
            placements::contract_id,
            candidates::name,
            placements::start_date,
            placements::seat_no,
        ))
        .order((placements::start_date.asc(), placements::seat_no.asc()))
        .load(conn)
}

/// The activities attached to the contract's placements (not cancelled ones): (cost in øre,
/// first day, last day).
pub fn individual_activity_costs(
    conn: &mut DbConnection,
    contract_id: &ContractId,
) -> QueryResult<Vec<(i64, NaiveDate, NaiveDate)>> {
    placement_activities::table
        .inner_join(placements::table)
        .filter(placements::contract_id.eq(contract_id))
        .filter(placements::status.ne("cancelled"))
        .select((
            placement_activities::cost_ore,
            placement_activities::start_date,
            placement_activities::end_date,
        ))
        .load(conn)
}

/// A company's postcode and town, "5500 Middelfart".
pub fn company_place(conn: &mut DbConnection, company: &CompanyId) -> QueryResult<String> {
    use crate::db::schema::companies;
    let (postcode, city): (String, String) = companies::table
        .find(company)
        .select((companies::postcode, companies::city))
        .first(conn)?;
    Ok(format!("{postcode} {city}"))
}
