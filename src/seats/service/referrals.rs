//! Referring a person into a contract's seat: the duration rules, the ratio rule and the seat book.

use crate::ids::{CandidateId, CompanyId, ContractId, PlacementId};
use chrono::{Duration, NaiveDate};

use crate::auth::model::Actor;
use crate::contracts::model::{Benefit, OfferType};
use crate::contracts::store as contract_store;
use crate::db::{new_id, Db, DbConnection};
use crate::error::{AppError, FieldErrors};
use crate::seats::book::{place_referral, Placed};
use crate::seats::store::{self, PlacementRow};
use crate::texts::seats as ts;
use crate::ui::format;

use super::*;

#[derive(Debug, Clone, Default)]
pub struct ReferralInput {
    pub contract_id: String,
    pub candidate_id: String,
    pub offer_type: String,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Debug, Clone)]
pub struct ReferralResult {
    pub placement_id: PlacementId,
    pub seat_no: Option<i32>,
    pub position: Option<i64>,
}

pub(super) fn date_field(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    if v.trim().is_empty() {
        e.add(field, crate::texts::REQUIRED);
        return None;
    }
    let d = format::parse_date(v);
    if d.is_none() {
        e.add(field, ts::INVALID_DATE);
    }
    d
}

/// How long a stay may be (#18.2, docs/rules.md), in days, from the rule parameters in force
/// at its start: by itself, and (virksomhedspraktik) with a recorded concrete assessment.
#[derive(Debug, Clone, Copy)]
pub(super) struct StayLimit {
    pub(super) days: i64,
    pub(super) with_assessment: Option<i64>,
}

/// The limit for an offer to a person in a situation (benefit and match group as referred) at
/// an employer of a sector. Virksomhedspraktik: 4 weeks, 13 for kontant- and starthjælp
/// recipients in match group 2 or 3, more only with a concrete assessment. Løntilskud: by the
/// employer's sector (private, public).
pub(super) fn stay_limit(
    conn: &mut DbConnection,
    offer: OfferType,
    benefit: &str,
    match_group: i32,
    sector: &str,
    start: NaiveDate,
) -> Result<Option<StayLimit>, AppError> {
    let mut days = |key: &str| -> Result<Option<i64>, AppError> {
        Ok(store::rule(conn, key, start)?.map(|w| i64::from(w) * 7))
    };
    Ok(match offer {
        OfferType::Virksomhedspraktik => {
            let situation = Benefit::parse(benefit).is_some() && (2..=3).contains(&match_group);
            let base = days(if situation {
                "praktik_max_weeks_matchgroup_2_3"
            } else {
                "praktik_max_weeks"
            })?;
            let extended = days("praktik_max_weeks_with_assessment")?;
            base.map(|d| StayLimit {
                days: d,
                with_assessment: extended.filter(|e| *e > d),
            })
        }
        OfferType::Loentilskud => days(if sector == "public" {
            "loentilskud_max_weeks_public"
        } else {
            "loentilskud_max_weeks_private"
        })?
        .map(|d| StayLimit {
            days: d,
            with_assessment: None,
        }),
    })
}

/// The days of the stay that [start, end] belongs to: the period and the person's other stays
/// of the offer at the same company that follow each other with fewer than
/// `same_stay_gap_weeks` (4) weeks between them count as one stay.
pub(super) fn stay_days(
    conn: &mut DbConnection,
    candidate_id: &CandidateId,
    company_id: &CompanyId,
    offer: OfferType,
    (start, end): (NaiveDate, NaiveDate),
    except: Option<&str>,
) -> Result<i64, AppError> {
    let gap = i64::from(store::rule(conn, "same_stay_gap_weeks", start)?.unwrap_or(4)) * 7;
    let mut others = store::stays_at_company(conn, candidate_id, company_id, offer.code(), except)?;
    others.sort();
    Ok(one_stay((start, end), &others, gap))
}

/// The days of the stay [start, end] is part of, among `others`: stays fewer than `gap` days
/// apart are chained into one. Pure.
pub(super) fn one_stay(
    period: (NaiveDate, NaiveDate),
    others: &[(NaiveDate, NaiveDate)],
    gap: i64,
) -> i64 {
    let days = |(a, b): (NaiveDate, NaiveDate)| (b - a).num_days() + 1;
    let (mut from, mut to) = period;
    let mut total = days(period);
    let mut taken = vec![false; others.len()];
    loop {
        let mut grew = false;
        for (i, o) in others.iter().enumerate() {
            if taken[i] {
                continue;
            }
            // Days strictly between the two periods (negative when they overlap).
            let between = if o.0 > to {
                (o.0 - to).num_days() - 1
            } else if o.1 < from {
                (from - o.1).num_days() - 1
            } else {
                -1
            };
            if between < gap {
                taken[i] = true;
                total += days(*o);
                from = from.min(o.0);
                to = to.max(o.1);
                grew = true;
            }
        }
        if !grew {
            return total;
        }
    }
}

/// The company's sector ("private" or "public").
pub(super) fn company_sector(
    conn: &mut DbConnection,
    company_id: &CompanyId,
) -> Result<String, AppError> {
    Ok(store::company_sector(conn, company_id)?.unwrap_or_default())
}

/// Why a period is too long, naming the limit (and the stay it joins).
pub(super) fn too_long(offer: OfferType, limit: StayLimit, days: i64, joined: bool) -> String {
    ts::too_long(
        offer.label(),
        &weeks_text(limit.days),
        joined.then_some(days),
        limit.with_assessment.is_some(),
    )
}

pub(super) fn weeks_text(days: i64) -> String {
    ts::weeks(days / 7)
}

/// The first day the self-support follow-up of a placement that ended on `end` may be recorded:
/// the end plus the rule parameter `follow_up_weeks_after_end` (4 weeks), the one value the
/// due list and Mål 2 also read.
pub fn follow_up_from(conn: &mut DbConnection, end: NaiveDate) -> Result<NaiveDate, AppError> {
    let weeks = store::rule(conn, "follow_up_weeks_after_end", end)?.unwrap_or(4);
    Ok(end + Duration::weeks(i64::from(weeks)))
}

pub(super) fn rule_error(field: &str, msg: impl Into<String>) -> AppError {
    AppError::field(field, msg)
}

/// Refers a candidate to a contract: placed on the lowest seat free for the whole period, or
/// on the waiting list. The domain's rules are checked first and a broken one is named.
pub async fn refer(
    db: &Db,
    actor: &Actor,
    input: ReferralInput,
) -> Result<ReferralResult, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    let mut e = FieldErrors::new();
    let offer = OfferType::parse(&input.offer_type);
    if offer.is_none() {
        e.add("offer_type", ts::PICK_OFFER);
    }
    let start = date_field(&mut e, "start_date", &input.start_date);
    let end = date_field(&mut e, "end_date", &input.end_date);
    if let (Some(s), Some(en)) = (start, end) {
        if en < s {
            e.add("end_date", ts::END_BEFORE_START);
        }
    }
    if input.contract_id.trim().is_empty() {
        e.add("contract_id", ts::PICK_CONTRACT);
    }
    if input.candidate_id.trim().is_empty() {
        e.add("candidate_id", ts::PICK_CANDIDATE);
    }
    e.into_result()?;
    let (Some(offer), Some(start), Some(end)) = (offer, start, end) else {
        return Err(AppError::internal("validated input missing"));
    };
    let actor = actor.clone();
    write_retry(db, move |conn| {
        let candidate = store::get_candidate(conn, &CandidateId::new(input.candidate_id.as_str()))?
            .filter(|c| c.jobcenter_id == jobcenter_id)
            .ok_or_else(|| rule_error("candidate_id", ts::CANDIDATE_NOT_IN_JOBCENTER))?;
        let contract =
            contract_store::get_contract(conn, &ContractId::new(input.contract_id.as_str()))?
                .filter(|c| actor.may_view_contract(&c.parties()))
                .ok_or_else(|| rule_error("contract_id", ts::CONTRACT_NOT_IN_JOBCENTER))?;
        // Locks first, candidate then contract, so concurrent referrals are judged one at a time.
        store::lock_candidate(conn, &candidate.id)?;
        let queue_no = store::lock_contract(conn, &contract.id)?.ok_or(AppError::NotFound)?;
        let contract =
            contract_store::get_contract(conn, &contract.id)?.ok_or(AppError::NotFound)?;
        if contract.accepted_version.is_none() || contract.terminated_on.is_some_and(|d| d < start)
        {
            return Err(rule_error("contract_id", ts::CONTRACT_NOT_IN_FORCE));
        }
        if start < contract.start_date || end > contract.end_date {
            return Err(rule_error(
                "start_date",
                ts::period_within_contract(
                    &format::date(contract.start_date),
                    &format::date(contract.end_date),
                ),
            ));
        }
        let terms = contract_store::terms_on(conn, &contract.id, start)?
            .ok_or_else(|| rule_error("contract_id", ts::CONTRACT_NOT_ACCEPTED))?;
        if !terms.offer_types.contains(&offer) {
            return Err(rule_error(
                "offer_type",
                ts::offer_not_allowed(&offer.label().to_lowercase()),
            ));
        }
        let benefit = Benefit::parse(&candidate.benefit);
        if benefit.is_none_or(|b| !terms.target_benefits.contains(&b))
            || candidate.match_group != terms.target_match_group
        {
            return Err(rule_error("candidate_id", ts::NOT_IN_TARGET_GROUP));
        }
        let sector = company_sector(conn, &contract.company_id)?;
        if let Some(limit) = stay_limit(
            conn,
            offer,
            &candidate.benefit,
            candidate.match_group,
            &sector,
            start,
        )? {
            let days = stay_days(
                conn,
                &candidate.id,
                &contract.company_id,
                offer,
                (start, end),
                None,
            )?;
            if days > limit.days {
                return Err(rule_error(
                    "end_date",
                    too_long(offer, limit, days, days > (end - start).num_days() + 1),
                ));
            }
        }
        let overlapping = store::overlapping_for_candidate(conn, &candidate.id, start, end, None)?;
        if let Some(o) = overlapping.first() {
            return Err(rule_error(
                "candidate_id",
                ts::already_placed(&format::date(o.start_date), &format::date(o.end_date)),
            ));
        }
        // Judged on the bookings at the same time and the length of the waiting list, not the
        // contract's whole history (`place_referral` gives the answer the whole book would).
        let capacity = store::capacity(conn, &contract.id)?
            .ok_or_else(|| AppError::Conflict(format!("{}.", ts::CONTRACT_NOT_ACCEPTED)))?;
        let seated = store::seated_within(conn, &contract.id, start, end)?
            .iter()
            .map(PlacementRow::booking)
            .collect::<Result<_, _>>()?;
        let waiting = store::count_waiting(conn, &contract.id)?;
        let id = PlacementId::new(new_id());
        let (booking, placed) =
            place_referral(capacity, seated, waiting, &id, start, end, queue_no);
        if matches!(placed, Placed::Seat(_)) {
            // The rimelighedskrav at the worksite, across every contract and jobcenter there
            // (#18.1): judged under the company's lock, as the seat is under the contract's.
            crate::directory::store::lock_company(conn, &contract.company_id)?;
            let site =
                crate::seats::ratio::worksite_of(conn, &contract.id, &contract.company_id, start)?;
            crate::seats::ratio::check_one_more(conn, &site, start, end, "start_date")?;
        }
        store::insert_placement(
            conn,
            &store::NewPlacement {
                id: &id,
                contract_id: &contract.id,
                jobcenter_id: &contract.jobcenter_id,
                candidate_id: &candidate.id,
                booking: &booking,
                offer_type: offer.code(),
                created_by: &actor.user_id,
                benefit: &candidate.benefit,
                match_group: candidate.match_group,
            },
        )?;
        let (seat_no, position, detail) = match placed {
            Placed::Seat(s) => (Some(s), None, ts::event_seat(s)),
            Placed::Waiting(p) => (None, Some(p), ts::event_waiting(p)),
        };
        store::insert_event(conn, &id, &contract.id, &actor.user_id, "referred", &detail)?;
        Ok(ReferralResult {
            placement_id: id,
            seat_no,
            position,
        })
    })
    .await
}

#[cfg(test)]
mod stay_tests {
    use super::one_stay;
    use chrono::NaiveDate;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 1, 1).expect("date") + chrono::Duration::days(n)
    }

    #[test]
    fn stays_fewer_than_four_weeks_apart_are_one() {
        // 10 days, then 27 days off, then 10 days: one stay of 20 days.
        assert_eq!(one_stay((d(37), d(46)), &[(d(0), d(9))], 28), 20);
        // 28 days off: two stays.
        assert_eq!(one_stay((d(38), d(47)), &[(d(0), d(9))], 28), 10);
        // Chained through a middle stay, in any order.
        assert_eq!(
            one_stay((d(0), d(9)), &[(d(60), d(69)), (d(30), d(39))], 28),
            30
        );
    }
}
