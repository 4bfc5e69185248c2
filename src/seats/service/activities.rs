//! Supporting activities attached to one person, and suggested candidates for a contract.

use crate::ids::{CandidateId, ContractId, PlacementId};
use chrono::NaiveDate;

use crate::auth::model::Actor;
use crate::contracts::model::{Benefit, OfferType, MAX_ACTIVITY_COST_ORE, MAX_MINUTES_PER_WEEK};
use crate::contracts::store as contract_store;
use crate::db::Db;
use crate::error::{AppError, FieldErrors};
use crate::seats::store::{self};
use crate::texts::seats as ts;
use crate::ui::format;

use super::*;

/// Adds an individual supporting activity to a placement (jobcenter only).
pub async fn add_activity(
    db: &Db,
    actor: &Actor,
    placement_id: PlacementId,
    raw: crate::contracts::model::ActivityRaw,
    start: String,
    end: String,
) -> Result<String, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let (p, contract) = placement_for(conn, &actor, &placement_id)?;
        if !actor.may_manage_seats(&contract.parties()) {
            return Err(AppError::Forbidden);
        }
        let mut e = FieldErrors::new();
        let kind = crate::contracts::model::ActivityKind::parse(&raw.kind);
        if kind.is_none() {
            e.add("kind", ts::PICK_ACTIVITY_KIND);
        }
        let provider = raw.provider.trim().to_string();
        if provider.is_empty() {
            e.add("provider", crate::texts::REQUIRED);
        } else if provider.chars().count() > 200 {
            e.add("provider", crate::texts::TOO_LONG);
        }
        if raw.description.trim().chars().count() > 2000 {
            e.add("description", crate::texts::TOO_LONG);
        }
        // A person's supporting activities are few; the cap keeps a page and its queries small.
        if store::activities_for(conn, &[p.id.to_string()])?.len() >= MAX_PERSON_ACTIVITIES {
            e.add("kind", ts::at_most_activities(MAX_PERSON_ACTIVITIES));
        }
        let minutes = match raw.minutes_per_week.trim().parse::<i32>() {
            Ok(m) if (0..=MAX_MINUTES_PER_WEEK).contains(&i64::from(m)) => Some(m),
            _ => {
                e.add("minutes_per_week", ts::MINUTES_PER_WEEK);
                None
            }
        };
        let cost = match raw.cost_ore.trim().parse::<i64>() {
            Ok(c) if (0..=MAX_ACTIVITY_COST_ORE).contains(&c) => Some(c),
            _ => {
                e.add("cost_ore", ts::COST_ORE);
                None
            }
        };
        let start = date_field(&mut e, "start_date", &start);
        let end = date_field(&mut e, "end_date", &end);
        if let (Some(s), Some(en)) = (start, end) {
            if en < s {
                e.add("end_date", ts::END_BEFORE_START);
            }
        }
        e.into_result()?;
        let (Some(kind), Some(minutes), Some(cost), Some(start), Some(end)) =
            (kind, minutes, cost, start, end)
        else {
            return Err(AppError::internal("validated input missing"));
        };
        let id = store::insert_activity(
            conn,
            &store::NewActivity {
                placement_id: &p.id,
                kind: kind.code(),
                provider: &provider,
                description: raw.description.trim(),
                minutes_per_week: minutes,
                cost_ore: cost,
                start_date: start,
                end_date: end,
                created_by: &actor.user_id,
            },
        )?;
        Ok(id)
    })
    .await
}

/// A contract that could take the candidate for the whole period.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub contract_id: ContractId,
    pub company_name: String,
    pub seat_no: i32,
    pub matched_activities: usize,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The offer types the contract allows whose duration limit the period keeps.
    pub offer_types: Vec<OfferType>,
    /// How many more persons the worksite may take on every day of the period under the
    /// rimelighedskrav (the least room of its months).
    pub ratio_headroom: i32,
    /// Where the company is: postcode and town.
    pub place: String,
}

/// The jobcenter's accepted contracts with a seat free for the whole period and the candidate
/// in their target group, best fit first (most wanted supporting activities offered, then the
/// fewest seats left, so larger centres keep room).
pub async fn suggest(
    db: &Db,
    actor: &Actor,
    candidate_id: CandidateId,
    start: NaiveDate,
    end: NaiveDate,
    offer: Option<OfferType>,
    wanted: Vec<crate::contracts::model::ActivityKind>,
) -> Result<Vec<Suggestion>, AppError> {
    let jobcenter_id = consultant_jobcenter(actor)?;
    db.read(move |conn| {
        let candidate = store::get_candidate(conn, &candidate_id)?
            .filter(|x| x.jobcenter_id == jobcenter_id)
            .ok_or_else(|| rule_error("candidate_id", ts::CANDIDATE_NOT_IN_JOBCENTER))?;
        let benefit = Benefit::parse(&candidate.benefit);
        if let Some(o) =
            store::overlapping_for_candidate(conn, &candidate.id, start, end, None)?.first()
        {
            return Err(rule_error(
                "candidate_id",
                ts::already_placed(&format::date(o.start_date), &format::date(o.end_date)),
            ));
        }
        let rows = store::contracts_spanning(conn, &jobcenter_id, start, end)?;
        let mut out = Vec::new();
        for (contract_id, company_name, company_id, sector) in rows {
            let Some(terms) = contract_store::terms_on(conn, &contract_id, start)? else {
                continue;
            };
            // The offer types that are allowed and whose duration limit the period keeps.
            let mut fits = false;
            let mut offer_types = Vec::new();
            for o in terms
                .offer_types
                .iter()
                .filter(|o| offer.is_none_or(|w| w == **o))
            {
                let limit = stay_limit(
                    conn,
                    *o,
                    &candidate.benefit,
                    candidate.match_group,
                    &sector,
                    start,
                )?;
                let stay = stay_days(conn, &candidate.id, &company_id, *o, (start, end), None)?;
                if limit.is_none_or(|l| stay <= l.days) {
                    fits = true;
                    offer_types.push(*o);
                }
            }
            if !fits {
                continue;
            }
            if offer.is_some_and(|o| !terms.offer_types.contains(&o))
                || benefit.is_none_or(|b| !terms.target_benefits.contains(&b))
                || candidate.match_group != terms.target_match_group
            {
                continue;
            }
            let book = load_book(conn, &contract_id)?;
            let Some(seat_no) = book.free_seat(start, end) else {
                continue;
            };
            let site = crate::seats::ratio::worksite_of(conn, &contract_id, &company_id, start)?;
            let ratio_headroom = crate::seats::ratio::headroom(conn, &site, start, end)?
                .iter()
                .map(|h| h.free())
                .min()
                .unwrap_or(0);
            // A worksite at the rimelighedskrav's limit would refuse the referral.
            if ratio_headroom <= 0 {
                continue;
            }
            let place = store::company_place(conn, &company_id)?;
            let matched = wanted
                .iter()
                .filter(|k| terms.activities.iter().any(|a| a.kind == **k))
                .count();
            out.push((
                Suggestion {
                    contract_id,
                    company_name,
                    seat_no,
                    matched_activities: matched,
                    start_date: start,
                    end_date: end,
                    offer_types,
                    ratio_headroom,
                    place,
                },
                book.capacity.min_over(start, end),
            ));
        }
        out.sort_by(|(a, ca), (b, cb)| {
            b.matched_activities
                .cmp(&a.matched_activities)
                .then(ca.cmp(cb))
                .then_with(|| {
                    crate::ui::format::sort_key(&a.company_name)
                        .cmp(&crate::ui::format::sort_key(&b.company_name))
                })
        });
        Ok(out.into_iter().map(|(s, _)| s).collect())
    })
    .await
}
