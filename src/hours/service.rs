//! Hour operations shared by the pages and the API. A mentor logs and submits; a consultant of
//! the contract's jobcenter approves or rejects. Approved weeks are locked.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use crate::auth::model::Actor;
use crate::contracts::model::CompanyParty;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::{Db, DbConnection};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::{
    add_to, check_minutes, mul_div_round, rate_on, sum, week_budget, BudgetVersion, HourActivity,
    IsoWeek, Overflow, WeekStatus,
};
use crate::hours::store::{self, EntryRow, WeekRow};
pub use crate::hours::view::{budget_versions, summary_of, Summary, WeekSummary};
use crate::ui::format;

/// The first `limit` contracts the actor may see with their company's name, accepted ones
/// only: where hours can be logged.
pub async fn mentor_contracts(
    db: &Db,
    actor: &Actor,
    limit: i64,
) -> Result<Vec<(ContractRow, String)>, AppError> {
    let scope = actor.contract_scope();
    let (items, _) = db
        .read(move |conn| {
            crate::contracts::view::list(
                conn,
                &scope,
                &contract_store::ListFilter::default(),
                0,
                limit,
            )
        })
        .await?;
    Ok(items
        .into_iter()
        .filter(|(r, _, _)| r.accepted_version.is_some())
        .map(|(r, company, _)| (r, company))
        .collect())
}

fn mentor_contract(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &str,
) -> Result<ContractRow, AppError> {
    let c = contract_store::get_contract(conn, contract_id)?
        .filter(|c| actor.may_view_contract(&c.parties()))
        .ok_or_else(|| {
            AppError::field(
                "contract_id",
                "Kontrakten findes ikke, eller du er ikke mentor på den",
            )
        })?;
    if !actor.may_log_hours(&c.parties()) {
        return Err(AppError::Forbidden);
    }
    if c.accepted_version.is_none() {
        return Err(AppError::field(
            "contract_id",
            "Kontrakten er ikke accepteret endnu",
        ));
    }
    Ok(c)
}

fn visible_contract(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &str,
) -> Result<ContractRow, AppError> {
    contract_store::get_contract(conn, contract_id)?
        .filter(|c| actor.may_view_contract(&c.parties()))
        .ok_or(AppError::NotFound)
}

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
fn day_problems(
    conn: &mut DbConnection,
    contract: &ContractRow,
    date: NaiveDate,
    candidate_id: Option<&str>,
) -> QueryResult<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    if date < contract.start_date || date > contract.end_date {
        out.push((
            "date",
            format!(
                "Datoen skal ligge i kontraktens periode ({} – {})",
                format::date(contract.start_date),
                format::date(contract.end_date)
            ),
        ));
    }
    if date > crate::clock::today() {
        out.push(("date", "Timer kan ikke registreres i fremtiden".to_string()));
    }
    if let Some(cid) = candidate_id {
        use crate::db::schema::placements;
        // A placed or ended placement of this candidate in this contract, covering the day: an
        // unknown id, another jobcenter's candidate or a day outside the stay finds none.
        let covering: i64 = placements::table
            .filter(placements::contract_id.eq(&contract.id))
            .filter(placements::candidate_id.eq(cid))
            .filter(placements::status.eq_any(["placed", "ended"]))
            .filter(placements::start_date.le(date))
            .filter(placements::end_date.ge(date))
            .count()
            .get_result(conn)?;
        if covering == 0 {
            out.push((
                "candidate_id",
                format!(
                    "Kandidaten har ikke et forløb i dette virksomhedscenter den {}",
                    format::date(date)
                ),
            ));
        }
    }
    Ok(out)
}

/// The rules of one entry; `except` is the entry being changed.
fn check_entry(
    conn: &mut DbConnection,
    contract: &ContractRow,
    mentor_id: &str,
    date: NaiveDate,
    minutes: i32,
    candidate_id: Option<&str>,
    except: Option<&str>,
) -> Result<(), AppError> {
    let mut e = FieldErrors::new();
    for (field, message) in day_problems(conn, contract, date, candidate_id)? {
        e.add(field, message);
    }
    let week = IsoWeek::of(date);
    let status = store::week_status(conn, &contract.id, week)?;
    if !status.editable() {
        e.add(
            "date",
            format!("{} er {} og kan ikke ændres", week.label(), status.label()),
        );
    }
    let total = store::day_total(conn, mentor_id, date, except)?;
    if total + i64::from(minutes) > 24 * 60 {
        e.add(
            "minutes",
            format!(
                "Højst 24 timer på en dag: der er allerede {} den {}",
                format::hours(total),
                format::date(date)
            ),
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
                    "Skal udfyldes"
                } else {
                    "Ugyldig dato"
                },
            );
            None
        }
    };
    let minutes = match input.minutes {
        Some(m) => e.check("minutes", check_minutes(m)),
        None => {
            e.add("minutes", "Skal udfyldes");
            None
        }
    };
    let activity = HourActivity::parse(&input.activity);
    if activity.is_none() {
        e.add(
            "activity",
            "Vælg introduktion, oplæring, opfølgningssamtale eller andet",
        );
    }
    if input.note.chars().count() > 1000 {
        e.add("note", "Teksten er for lang");
    }
    e.into_result()?;
    let (Some(date), Some(minutes), Some(activity)) = (date, minutes, activity) else {
        return Err(AppError::internal("validated input missing"));
    };
    let actor = actor.clone();
    db.write(move |conn| {
        let contract = mentor_contract(conn, &actor, &input.contract_id)?;
        store::lock_user(conn, &actor.user_id)?;
        let candidate = input
            .candidate_id
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        check_entry(
            conn,
            &contract,
            &actor.user_id,
            date,
            minutes,
            candidate,
            None,
        )?;
        let id = store::insert_entry(
            conn,
            &store::NewEntry {
                contract_id: &contract.id,
                mentor_id: &actor.user_id,
                candidate_id: candidate,
                work_date: date,
                minutes,
                activity: activity.code(),
                note: input.note.trim(),
            },
        )?;
        store::get_entry(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await
}

/// Changes an entry's minutes, activity, candidate or note while its week is open.
pub async fn update_entry(
    db: &Db,
    actor: &Actor,
    id: String,
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
                    e.add("activity", "Ukendt aktivitet");
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
            Some(c) => c.filter(|c| !c.trim().is_empty()),
            None => entry.candidate_id.clone(),
        };
        check_entry(
            conn,
            &contract,
            &actor.user_id,
            entry.work_date,
            minutes,
            candidate.as_deref(),
            Some(&entry.id),
        )?;
        let note = note.unwrap_or(entry.note.clone());
        store::update_entry(
            conn,
            &entry.id,
            minutes,
            activity.code(),
            note.trim(),
            candidate.as_deref(),
        )?;
        store::get_entry(conn, &entry.id)?.ok_or(AppError::NotFound)
    })
    .await
}

pub async fn delete_entry(db: &Db, actor: &Actor, id: String) -> Result<(), AppError> {
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
            return Err(AppError::Conflict(format!(
                "{} er {} og kan ikke ændres.",
                week.label(),
                status.label()
            )));
        }
        store::delete_entry(conn, &entry.id)?;
        Ok(())
    })
    .await
}

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

fn load_week(
    conn: &mut DbConnection,
    contract: ContractRow,
    week: IsoWeek,
) -> Result<WeekView, AppError> {
    use crate::db::schema::{candidates, companies, placements};
    let versions = budget_versions(conn, &contract.id)?;
    let company_name = companies::table
        .find(&contract.company_id)
        .select(companies::name)
        .first(conn)?;
    let candidates = placements::table
        .inner_join(candidates::table)
        .filter(placements::contract_id.eq(&contract.id))
        .filter(placements::status.eq_any(["placed", "ended"]))
        .filter(placements::start_date.le(week.sunday()))
        .filter(placements::end_date.ge(week.monday()))
        .select((candidates::id, candidates::name))
        .order(candidates::sort_key.asc())
        .load(conn)?;
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
    contract_id: String,
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
}

/// Submits (the mentor), approves or rejects with a reason (a consultant of the jobcenter).
pub async fn decide_week(
    db: &Db,
    actor: &Actor,
    contract_id: String,
    week: IsoWeek,
    action: WeekAction,
) -> Result<WeekView, AppError> {
    let reason = match &action {
        WeekAction::Reject(r) if r.trim().is_empty() => {
            return Err(AppError::field("reason", "Skriv hvorfor ugen afvises"))
        }
        WeekAction::Reject(r) if r.chars().count() > 1000 => {
            return Err(AppError::field("reason", "Teksten er for lang"))
        }
        WeekAction::Reject(r) => Some(r.trim().to_string()),
        _ => None,
    };
    let actor = actor.clone();
    db.write(move |conn| decide_in(conn, &actor, &contract_id, week, &action, reason.as_deref()))
        .await
}

/// A week's step (submit, approve, reject) inside the caller's transaction.
fn decide_in(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &str,
    week: IsoWeek,
    action: &WeekAction,
    reason: Option<&str>,
) -> Result<WeekView, AppError> {
    {
        let contract = visible_contract(conn, actor, contract_id)?;
        let allowed = match action {
            WeekAction::Submit => actor.may_log_hours(&contract.parties()),
            WeekAction::Approve | WeekAction::Reject(_) => {
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
        let next = match (action, status) {
            (WeekAction::Submit, s) if s.editable() => {
                if week.monday() > crate::clock::today() {
                    return Err(AppError::Conflict(format!(
                        "{} er ikke begyndt.",
                        week.label()
                    )));
                }
                WeekStatus::Submitted
            }
            (WeekAction::Approve, WeekStatus::Submitted) => WeekStatus::Approved,
            (WeekAction::Reject(_), WeekStatus::Submitted) => WeekStatus::Rejected,
            (_, s) => {
                return Err(AppError::Conflict(format!(
                    "{} er {}.",
                    week.label(),
                    s.label()
                )))
            }
        };
        store::set_week(conn, &contract.id, week, next, &actor.user_id, reason)?;
        if next == WeekStatus::Approved {
            // The week keeps the rate and amount it was approved at (#18.11).
            let versions = budget_versions(conn, &contract.id)?;
            store::freeze_week(conn, &contract.id, week, |d| rate_on(&versions, d))?;
        }
        load_week(conn, contract, week)
    }
}

/// Budget, logged and approved minutes per week from the contract's start to today (or its end).
pub async fn summary(db: &Db, actor: &Actor, contract_id: String) -> Result<Summary, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let contract = visible_contract(conn, &actor, &contract_id)?;
        summary_of(conn, &contract)
    })
    .await
}

/// What the jobcenter pays one contract for a month: approved minutes × the rate in force.
#[derive(Debug, Clone)]
pub struct Payment {
    pub contract_id: String,
    pub company_name: String,
    pub company_cvr: String,
    pub jobcenter_name: String,
    pub kind: PaymentKind,
    pub minutes: i64,
    pub amount_ore: i64,
}

/// What a payment line pays: approved mentor hours, or the fixed monthly mentor grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Hours,
    Grant,
}

coded_enum!(PaymentKind {
    Hours => "hours", "Mentortimer";
    Grant => "grant", "Fast månedligt tilskud";
});

/// One approved entry with its contract's parties: contract, day, minutes, company name and
/// CVR now, jobcenter, and the company as accepted (JSON).
type PaymentRow = (
    String,
    NaiveDate,
    i32,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
);

/// Approved hours of a month per contract of the consultant's jobcenter (all for admins).
pub async fn payments(db: &Db, actor: &Actor, month: (i32, u32)) -> Result<Vec<Payment>, AppError> {
    if !actor.may_view_payments() {
        return Err(AppError::Forbidden);
    }
    let jobcenter = actor.payment_scope().map(str::to_string);
    db.read(move |conn| {
        use crate::db::schema::{
            companies, contract_versions, contracts as c, hour_entries, hour_weeks, jobcenters,
        };
        let first = NaiveDate::from_ymd_opt(month.0, month.1, 1)
            .ok_or_else(|| AppError::field("month", "Ugyldig måned"))?;
        let next = if month.1 == 12 {
            NaiveDate::from_ymd_opt(month.0 + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(month.0, month.1 + 1, 1)
        }
        .ok_or_else(|| AppError::field("month", "Ugyldig måned"))?;
        let mut q = hour_entries::table
            .inner_join(
                hour_weeks::table.on(hour_weeks::contract_id
                    .eq(hour_entries::contract_id)
                    .and(hour_weeks::week.eq(hour_entries::week))),
            )
            .inner_join(c::table.on(c::id.eq(hour_entries::contract_id)))
            .inner_join(companies::table.on(companies::id.eq(c::company_id)))
            .inner_join(jobcenters::table.on(jobcenters::id.eq(c::jobcenter_id)))
            // The company as the latest accepted version has it (not as its record says now).
            .left_join(
                contract_versions::table.on(contract_versions::contract_id
                    .eq(c::id)
                    .and(c::accepted_version.eq(contract_versions::version_no.nullable()))),
            )
            .filter(hour_weeks::status.eq("approved"))
            .filter(hour_entries::work_date.ge(first))
            .filter(hour_entries::work_date.lt(next))
            .into_boxed();
        if let Some(j) = &jobcenter {
            q = q.filter(c::jobcenter_id.eq(j.clone()));
        }
        let rows: Vec<PaymentRow> = q
            .select((
                hour_entries::contract_id,
                hour_entries::work_date,
                hour_entries::minutes,
                hour_entries::rate_ore,
                companies::name,
                companies::cvr,
                jobcenters::name,
                contract_versions::company_snapshot.nullable(),
            ))
            .load(conn)?;
        // Minutes per contract and rate, then the amount per contract.
        let mut per: BTreeMap<String, (String, String, String, BTreeMap<i64, i64>)> =
            BTreeMap::new();
        let mut versions: BTreeMap<String, Vec<BudgetVersion>> = BTreeMap::new();
        for (cid, date, minutes, frozen, co, cvr, jc, accepted) in rows {
            // The rate stored when the week was approved; weeks approved before rates were
            // stored are read at the rate of their day (which no amendment can change since).
            let rate = match frozen {
                Some(r) => r,
                None => {
                    if !versions.contains_key(&cid) {
                        let v = budget_versions(conn, &cid)?;
                        versions.insert(cid.clone(), v);
                    }
                    versions.get(&cid).map(|v| rate_on(v, date)).unwrap_or(0)
                }
            };
            let entry = per.entry(cid).or_insert_with(|| {
                let (co, cvr) = match accepted
                    .as_deref()
                    .and_then(|a| serde_json::from_str::<CompanyParty>(a).ok())
                {
                    Some(p) => (p.name, p.cvr),
                    None => (co, cvr),
                };
                (co, cvr, jc, BTreeMap::new())
            });
            add_to(entry.3.entry(rate).or_default(), i64::from(minutes))?;
        }
        let mut out: Vec<Payment> = per
            .into_iter()
            .map(|(cid, (co, cvr, jc, rates))| {
                let minutes = sum(rates.values().copied())?;
                // Round half up to whole øre per rate; never wrapped.
                let amount = sum(rates
                    .iter()
                    .map(|(rate, m)| mul_div_round(*m, *rate, 60))
                    .collect::<Result<Vec<_>, _>>()?)?;
                Ok(Payment {
                    contract_id: cid,
                    company_name: co,
                    company_cvr: cvr,
                    jobcenter_name: jc,
                    kind: PaymentKind::Hours,
                    minutes,
                    amount_ore: amount,
                })
            })
            .collect::<Result<_, Overflow>>()?;
        // The fixed monthly grant of each contract running in the month (#18.12): one line per
        // contract, at the grant of the version in force on the month's first day (or the
        // contract's first day), whether or not hours were approved.
        let mut q = c::table
            .inner_join(companies::table.on(companies::id.eq(c::company_id)))
            .inner_join(jobcenters::table.on(jobcenters::id.eq(c::jobcenter_id)))
            .left_join(
                contract_versions::table.on(contract_versions::contract_id
                    .eq(c::id)
                    .and(c::accepted_version.eq(contract_versions::version_no.nullable()))),
            )
            .filter(c::accepted_version.is_not_null())
            .filter(c::start_date.lt(next))
            .filter(c::end_date.ge(first))
            .into_boxed();
        if let Some(j) = &jobcenter {
            q = q.filter(c::jobcenter_id.eq(j.clone()));
        }
        type GrantRow = (String, NaiveDate, String, String, String, Option<String>);
        let running: Vec<GrantRow> = q
            .select((
                c::id,
                c::start_date,
                companies::name,
                companies::cvr,
                jobcenters::name,
                contract_versions::company_snapshot.nullable(),
            ))
            .load(conn)?;
        for (cid, start, co, cvr, jc, accepted) in running {
            let grants = contract_store::accepted_grants(conn, &cid)?;
            let amount = crate::hours::model::grant_in_force(&grants, first.max(start));
            if amount <= 0 {
                continue;
            }
            let (co, cvr) = match accepted
                .as_deref()
                .and_then(|a| serde_json::from_str::<CompanyParty>(a).ok())
            {
                Some(p) => (p.name, p.cvr),
                None => (co, cvr),
            };
            out.push(Payment {
                contract_id: cid,
                company_name: co,
                company_cvr: cvr,
                jobcenter_name: jc,
                kind: PaymentKind::Grant,
                minutes: 0,
                amount_ore: amount,
            });
        }
        out.sort_by(|a, b| {
            format::sort_key(&a.company_name)
                .cmp(&format::sort_key(&b.company_name))
                .then_with(|| a.contract_id.cmp(&b.contract_id))
                .then_with(|| a.kind.code().cmp(b.kind.code()).reverse())
        });
        Ok(out)
    })
    .await
}

/// Weeks a consultant should act on: submitted weeks waiting for approval, and past weeks of
/// running contracts not yet submitted (the last eight).
pub async fn pending_weeks(
    db: &Db,
    actor: &Actor,
) -> Result<Vec<(ContractRow, String, IsoWeek, WeekStatus)>, AppError> {
    if !actor.may_list_pending_hours() {
        return Err(AppError::Forbidden);
    }
    let actor = actor.clone();
    db.read(move |conn| {
        use crate::db::schema::{companies, contracts as c};
        let today = crate::clock::today();
        let rows: Vec<(ContractRow, String)> = c::table
            .inner_join(companies::table)
            .filter(c::jobcenter_id.eq(actor.jobcenter_id.clone().unwrap_or_default()))
            .filter(c::accepted_version.is_not_null())
            .filter(c::start_date.le(today))
            .select((ContractRow::as_select(), companies::name))
            .order(c::id.asc())
            .load(conn)?;
        // The states of the last eight weeks of all these contracts, in one query.
        let this_week = IsoWeek::of(today);
        let weeks: Vec<IsoWeek> = std::iter::successors(Some(this_week.prev()), |w| Some(w.prev()))
            .take(8)
            .collect();
        let ids: Vec<&str> = rows.iter().map(|(c, _)| c.id.as_str()).collect();
        let names: Vec<String> = weeks.iter().map(|w| w.to_string()).collect();
        let mut states: std::collections::HashMap<(String, String), WeekStatus> =
            std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            use crate::db::schema::hour_weeks;
            let found: Vec<(String, String, String)> = hour_weeks::table
                .filter(hour_weeks::contract_id.eq_any(chunk))
                .filter(hour_weeks::week.eq_any(&names))
                .select((
                    hour_weeks::contract_id,
                    hour_weeks::week,
                    hour_weeks::status,
                ))
                .load(conn)?;
            for (contract_id, week, status) in found {
                states.insert((contract_id, week), WeekStatus::parse(&status));
            }
        }
        let mut out = Vec::new();
        for (contract, company) in rows {
            for w in &weeks {
                if w.sunday() < contract.start_date || w.monday() > contract.end_date {
                    continue;
                }
                let s = states
                    .get(&(contract.id.clone(), w.to_string()))
                    .copied()
                    .unwrap_or(WeekStatus::Open);
                if s != WeekStatus::Approved {
                    out.push((contract.clone(), company.clone(), *w, s));
                }
            }
        }
        // Waiting for approval first, oldest first.
        out.sort_by_key(|(_, _, w, s)| (*s != WeekStatus::Submitted, *w));
        Ok(out)
    })
    .await
}

/// One cell of the week grid: a row (candidate and activity) on a day, with the minutes wanted.
#[derive(Debug, Clone)]
pub struct GridCell {
    pub row: usize,
    pub candidate_id: Option<String>,
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
    contract_id: String,
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
    contract_id: String,
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
                format!(
                    "{} har ingen timer. Vil du indsende den med 0 timer?",
                    week.label()
                ),
            ));
        }
        decide_in(conn, &actor, &contract_id, week, &WeekAction::Submit, None)
    })
    .await
}

fn save_grid_in(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &str,
    week: IsoWeek,
    cells: &[GridCell],
) -> Result<(), AppError> {
    {
        let contract = mentor_contract(conn, actor, contract_id)?;
        store::lock_user(conn, &actor.user_id)?;
        let status = store::week_status(conn, &contract.id, week)?;
        if !status.editable() {
            return Err(AppError::Conflict(format!(
                "{} er {} og kan ikke ændres.",
                week.label(),
                status.label()
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
                errors.add(&key, "Noten er for lang");
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
                            e.candidate_id.as_deref(),
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
                    day_problems(conn, &contract, cell.date, cell.candidate_id.as_deref())?;
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
                        candidate_id: cell.candidate_id.as_deref(),
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
                        format!(
                            "Højst 24 timer på en dag: {} den {}",
                            format::hours(total),
                            format::date(day)
                        ),
                    );
                }
            }
        }
        // Any error rolls the whole transaction back.
        errors.into_result()
    }
}
