//! The outbox, the choices and the scheduled runs: all SQL of the mail area.
//!
//! Other areas write a mail inside their own transaction through [`contract_event`] and
//! [`enqueue`] (an area may use another area's store): the row commits or rolls back with the
//! change that caused it.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::model::Role;
use crate::db::schema::{
    candidates, companies, contracts, hour_weeks, mail_outbox, mail_preferences,
    mail_schedule_runs, placements, users,
};
use crate::db::{new_id, DbConnection};
use crate::error::AppError;
use crate::ids::{CompanyId, ContractId, MailId, PlacementId, UserId};
use crate::mail::model::{Delivery, Item, Kind, Payload, Status, Topic};
use crate::ui::format;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    pub id: MailId,
    pub user_id: UserId,
    pub recipient: String,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub dedupe_key: Option<String>,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub digest_id: Option<String>,
}

/// Who a contract's mails go to, and what every one of them names.
pub struct ContractFacts {
    pub id: ContractId,
    pub company_id: CompanyId,
    pub company: String,
    pub consultant_id: UserId,
    pub mentor_id: UserId,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl ContractFacts {
    pub fn period(&self) -> String {
        format!("{} – {}", format::date(self.start), format::date(self.end))
    }

    /// A payload naming the contract and linking to its page.
    pub fn payload(&self) -> Payload {
        Payload {
            path: format!("/contracts/{}", self.id),
            company: Some(self.company.clone()),
            period: Some(self.period()),
            ..Payload::default()
        }
    }
}

pub fn contract_facts(conn: &mut DbConnection, id: &ContractId) -> QueryResult<ContractFacts> {
    let (id, company_id, company, consultant_id, mentor_id, start, end): (
        ContractId,
        CompanyId,
        String,
        UserId,
        UserId,
        NaiveDate,
        NaiveDate,
    ) = contracts::table
        .inner_join(companies::table)
        .filter(contracts::id.eq(id))
        .select((
            contracts::id,
            contracts::company_id,
            companies::name,
            contracts::consultant_id,
            contracts::mentor_id,
            contracts::start_date,
            contracts::end_date,
        ))
        .first(conn)?;
    Ok(ContractFacts {
        id,
        company_id,
        company,
        consultant_id,
        mentor_id,
        start,
        end,
    })
}

/// Who of a contract hears of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The company's active signatories.
    Signatories,
    /// The contract's job consultant.
    Consultant,
    /// The contract's mentor.
    Mentor,
    /// The consultant and the signatories.
    Parties,
}

/// The active signatories of a company.
pub fn signatories(conn: &mut DbConnection, company_id: &CompanyId) -> QueryResult<Vec<UserId>> {
    users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::role.eq(Role::Company.code()))
        .filter(users::active.eq(true))
        .order(users::sort_key.asc())
        .select(users::id)
        .load(conn)
}

/// A person's name (who did something, in a mail to someone else).
pub fn user_name(conn: &mut DbConnection, id: &UserId) -> QueryResult<Option<String>> {
    users::table
        .find(id)
        .select(users::name)
        .first(conn)
        .optional()
}

/// Writes the mails of an event on a contract for its `audience`, in the caller's transaction.
/// `actor` (who caused it) gets no mail about their own act and is named in the others;
/// `fill` adds what this kind of mail says beyond the contract.
pub fn contract_event(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    kind: Kind,
    audience: Audience,
    actor: Option<&UserId>,
    fill: impl FnOnce(&mut Payload),
) -> Result<usize, AppError> {
    let facts = contract_facts(conn, contract_id)?;
    let mut payload = facts.payload();
    if let Some(a) = actor {
        payload.actor = user_name(conn, a)?;
    }
    fill(&mut payload);
    let to: Vec<UserId> = match audience {
        Audience::Signatories => signatories(conn, &facts.company_id)?,
        Audience::Consultant => vec![facts.consultant_id.clone()],
        Audience::Mentor => vec![facts.mentor_id.clone()],
        Audience::Parties => {
            let mut v = vec![facts.consultant_id.clone()];
            v.extend(signatories(conn, &facts.company_id)?);
            v
        }
    };
    enqueue(conn, kind, &to, &payload, None, actor)
}

/// Writes the mail of an event on a placement (moved up from the waiting list, a waiting
/// referral cancelled) to the contract's consultant, naming the person as the consultant's
/// pages do and linking to the placement.
pub fn placement_event(
    conn: &mut DbConnection,
    contract_id: &ContractId,
    placement_id: &PlacementId,
    kind: Kind,
    seat: Option<i32>,
    actor: Option<&UserId>,
) -> Result<usize, AppError> {
    let person: Option<String> = placements::table
        .inner_join(candidates::table)
        .filter(placements::id.eq(placement_id))
        .select(candidates::name)
        .first(conn)
        .optional()?;
    contract_event(conn, contract_id, kind, Audience::Consultant, actor, |p| {
        p.path = format!("/placements/{placement_id}");
        p.person = person;
        p.seat = seat;
    })
}

/// Writes an invitation's mail: the link that lets the invited person choose a password, valid
/// `until`. The link works as a password until it is spent, so the row's payload is emptied
/// once the mail is sent (`mark_sent` with `scrub`).
pub fn invitation(
    conn: &mut DbConnection,
    user_id: &UserId,
    company_id: &CompanyId,
    actor: &UserId,
    path: &str,
    until: NaiveDateTime,
) -> Result<usize, AppError> {
    let company: Option<String> = companies::table
        .find(company_id)
        .select(companies::name)
        .first(conn)
        .optional()?;
    let payload = Payload {
        path: path.to_string(),
        company,
        actor: user_name(conn, actor)?,
        date: Some(format::datetime(until)),
        ..Payload::default()
    };
    enqueue(
        conn,
        Kind::Invitation,
        std::slice::from_ref(user_id),
        &payload,
        None,
        None,
    )
}

/// The stored choice of a person for a topic, if any.
pub fn stored_delivery(
    conn: &mut DbConnection,
    user_id: &UserId,
    topic: Topic,
) -> Result<Option<Delivery>, AppError> {
    let code: Option<String> = mail_preferences::table
        .filter(mail_preferences::user_id.eq(user_id))
        .filter(mail_preferences::topic.eq(topic.code()))
        .select(mail_preferences::delivery)
        .first(conn)
        .optional()?;
    code.map(|c| Delivery::from_stored(&c)).transpose()
}

/// All stored choices of a person.
pub fn preferences(
    conn: &mut DbConnection,
    user_id: &UserId,
) -> Result<Vec<(Topic, Delivery)>, AppError> {
    let rows: Vec<(String, String)> = mail_preferences::table
        .filter(mail_preferences::user_id.eq(user_id))
        .select((mail_preferences::topic, mail_preferences::delivery))
        .load(conn)?;
    rows.iter()
        .map(|(t, d)| Ok((Topic::from_stored(t)?, Delivery::from_stored(d)?)))
        .collect()
}

/// Stores a choice (replacing an earlier one).
pub fn set_preference(
    conn: &mut DbConnection,
    user_id: &UserId,
    topic: Topic,
    delivery: Delivery,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(
        mail_preferences::table
            .filter(mail_preferences::user_id.eq(user_id))
            .filter(mail_preferences::topic.eq(topic.code())),
    )
    .set((
        mail_preferences::delivery.eq(delivery.code()),
        mail_preferences::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(mail_preferences::table)
            .values((
                mail_preferences::user_id.eq(user_id),
                mail_preferences::topic.eq(topic.code()),
                mail_preferences::delivery.eq(delivery.code()),
                mail_preferences::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Writes one mail of `kind` to each of `to` who wants it, as they chose: queued to go now,
/// held for the digest, or not at all. Inactive accounts and `except` get none. With a
/// `dedupe` key the mail is written once per person ever (`{dedupe}:{user}`), however often
/// this is called. Returns how many rows were written.
pub fn enqueue(
    conn: &mut DbConnection,
    kind: Kind,
    to: &[UserId],
    payload: &Payload,
    dedupe: Option<&str>,
    except: Option<&UserId>,
) -> Result<usize, AppError> {
    let now = crate::db::now();
    // Free text a person typed may hold a CPR number: never in a mail (nor in the outbox).
    let json = payload.without_cpr().json();
    let mut written = 0;
    let mut seen: Vec<&UserId> = Vec::new();
    for user_id in to {
        if seen.contains(&user_id) || except == Some(user_id) {
            continue;
        }
        seen.push(user_id);
        let Some((email, role, active)) = users::table
            .find(user_id)
            .select((users::email, users::role, users::active))
            .first::<(String, String, bool)>(conn)
            .optional()?
        else {
            continue;
        };
        if !active {
            continue;
        }
        let role = Role::from_stored(&role)?;
        let delivery = match kind.topic() {
            None => Delivery::Immediately,
            Some(topic) => {
                if !Topic::for_role(role).contains(&topic) {
                    continue;
                }
                topic.effective(role, stored_delivery(conn, user_id, topic)?)
            }
        };
        let status = match delivery {
            Delivery::Off => continue,
            Delivery::Digest => Status::Held,
            Delivery::Immediately => Status::Queued,
        };
        let key = dedupe.map(|d| format!("{d}:{user_id}"));
        if let Some(k) = &key {
            let exists: i64 = mail_outbox::table
                .filter(mail_outbox::dedupe_key.eq(k))
                .count()
                .get_result(conn)?;
            if exists > 0 {
                continue;
            }
        }
        diesel::insert_into(mail_outbox::table)
            .values((
                mail_outbox::id.eq(new_id()),
                mail_outbox::user_id.eq(user_id),
                mail_outbox::recipient.eq(&email),
                mail_outbox::kind.eq(kind.code()),
                mail_outbox::payload.eq(&json),
                mail_outbox::status.eq(status.code()),
                mail_outbox::dedupe_key.eq(key),
                mail_outbox::attempts.eq(0),
                mail_outbox::next_attempt_at.eq(now),
                mail_outbox::created_at.eq(now),
            ))
            .execute(conn)?;
        written += 1;
    }
    Ok(written)
}

// The sender's side.

/// Whether anything is due (a cheap read before claiming in a write transaction).
pub fn anything_due(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<bool> {
    let ids: Vec<String> = mail_outbox::table
        .filter(
            mail_outbox::status
                .eq(Status::Queued.code())
                .and(mail_outbox::next_attempt_at.le(now))
                .or(mail_outbox::status
                    .eq(Status::Sending.code())
                    .and(mail_outbox::lease_until.lt(now).assume_not_null())),
        )
        .select(mail_outbox::id)
        .limit(1)
        .load(conn)?;
    Ok(!ids.is_empty())
}

/// Claims up to `limit` due rows for `lease` (in the caller's write transaction): they are
/// marked `sending` with one more attempt. On PostgreSQL rows another instance is claiming are
/// skipped (`FOR UPDATE SKIP LOCKED`), so each row is taken by one instance.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let is_due = mail_outbox::status
        .eq(Status::Queued.code())
        .and(mail_outbox::next_attempt_at.le(now))
        .or(mail_outbox::status
            .eq(Status::Sending.code())
            .and(mail_outbox::lease_until.lt(now).assume_not_null()));
    let ids: Vec<String> = match conn {
        DbConnection::Postgresql(pg) => mail_outbox::table
            .filter(is_due)
            .order(mail_outbox::next_attempt_at.asc())
            .select(mail_outbox::id)
            .limit(limit)
            .for_update()
            .skip_locked()
            .load(pg)?,
        DbConnection::Sqlite(lite) => mail_outbox::table
            .filter(is_due)
            .order(mail_outbox::next_attempt_at.asc())
            .select(mail_outbox::id)
            .limit(limit)
            .load(lite)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids)))
        .set((
            mail_outbox::status.eq(Status::Sending.code()),
            mail_outbox::lease_until.eq(now + lease),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
        ))
        .execute(conn)?;
    mail_outbox::table
        .filter(mail_outbox::id.eq_any(&ids))
        .order(mail_outbox::next_attempt_at.asc())
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Marks a claimed row sent. `scrub`: the payload held a secret (an invitation's link) that
/// is not kept once it is out.
///
/// `attempts` is the claim's token: the row's attempt count as this sender claimed it. A sender
/// whose lease ran out while it sent finds the row claimed again (one more attempt) by another
/// and changes nothing.
pub fn mark_sent(
    conn: &mut DbConnection,
    id: &MailId,
    attempts: i32,
    now: NaiveDateTime,
    scrub: bool,
) -> QueryResult<usize> {
    let q = mail_outbox::table
        .filter(mail_outbox::id.eq(id))
        .filter(mail_outbox::status.eq(Status::Sending.code()))
        .filter(mail_outbox::attempts.eq(attempts));
    if scrub {
        diesel::update(q)
            .set((
                mail_outbox::status.eq(Status::Sent.code()),
                mail_outbox::sent_at.eq(now),
                mail_outbox::lease_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(None::<String>),
                mail_outbox::payload.eq("{}"),
            ))
            .execute(conn)
    } else {
        diesel::update(q)
            .set((
                mail_outbox::status.eq(Status::Sent.code()),
                mail_outbox::sent_at.eq(now),
                mail_outbox::lease_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)
    }
}

/// Records a failed attempt: queued again for `retry_at`, or given up (`failed`) when `None`.
/// `attempts` is the claim's token (see [`mark_sent`]). A given-up mail that held a secret
/// (`scrub`: an invitation's link) keeps no payload.
pub fn mark_attempt_failed(
    conn: &mut DbConnection,
    id: &MailId,
    attempts: i32,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    scrub: bool,
) -> QueryResult<usize> {
    let error: String = error.chars().take(500).collect();
    let q = mail_outbox::table
        .filter(mail_outbox::id.eq(id))
        .filter(mail_outbox::status.eq(Status::Sending.code()))
        .filter(mail_outbox::attempts.eq(attempts));
    match retry_at {
        Some(at) => diesel::update(q)
            .set((
                mail_outbox::status.eq(Status::Queued.code()),
                mail_outbox::next_attempt_at.eq(at),
                mail_outbox::lease_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn),
        None if scrub => diesel::update(q)
            .set((
                mail_outbox::status.eq(Status::Failed.code()),
                mail_outbox::lease_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(error),
                mail_outbox::payload.eq("{}"),
            ))
            .execute(conn),
        None => diesel::update(q)
            .set((
                mail_outbox::status.eq(Status::Failed.code()),
                mail_outbox::lease_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn),
    }
}

/// Hands a claimed row back untried (the sender stops, or the relay is down for the whole
/// batch): queued again at once, its claim's attempt not counted.
pub fn release(conn: &mut DbConnection, id: &MailId, attempts: i32) -> QueryResult<usize> {
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq(id))
            .filter(mail_outbox::status.eq(Status::Sending.code()))
            .filter(mail_outbox::attempts.eq(attempts)),
    )
    .set((
        mail_outbox::status.eq(Status::Queued.code()),
        mail_outbox::lease_until.eq(None::<NaiveDateTime>),
        mail_outbox::attempts.eq(attempts - 1),
    ))
    .execute(conn)
}

/// The recipient's name and role, to write the mail to them.
pub fn recipient(
    conn: &mut DbConnection,
    user_id: &UserId,
) -> QueryResult<Option<(String, String)>> {
    users::table
        .find(user_id)
        .select((users::name, users::role))
        .first(conn)
        .optional()
}

/// The person a mail goes to as they are now: name, role, address and whether the account is
/// active.
pub fn addressee(
    conn: &mut DbConnection,
    user_id: &UserId,
) -> QueryResult<Option<(String, String, String, bool)>> {
    users::table
        .find(user_id)
        .select((users::name, users::role, users::email, users::active))
        .first(conn)
        .optional()
}

// The scheduled jobs.

/// Records that `job` ran for `period`: `false` when it already had (on this or another
/// instance). On PostgreSQL a second instance inserting the same key at the same moment waits
/// for the first one's commit and then fails on the primary key, rolling its run back.
pub fn claim_run(
    conn: &mut DbConnection,
    job: &str,
    period: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let exists: i64 = mail_schedule_runs::table
        .filter(mail_schedule_runs::job.eq(job))
        .filter(mail_schedule_runs::period.eq(period))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(mail_schedule_runs::table)
        .values((
            mail_schedule_runs::job.eq(job),
            mail_schedule_runs::period.eq(period),
            mail_schedule_runs::ran_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn has_run(conn: &mut DbConnection, job: &str, period: &str) -> QueryResult<bool> {
    let n: i64 = mail_schedule_runs::table
        .filter(mail_schedule_runs::job.eq(job))
        .filter(mail_schedule_runs::period.eq(period))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The held mails, by person, oldest first.
pub fn held(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .filter(mail_outbox::status.eq(Status::Held.code()))
        .filter(mail_outbox::created_at.le(before))
        .order((mail_outbox::user_id.asc(), mail_outbox::created_at.asc()))
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Writes a person's digest (queued) and marks what it carries as digested.
pub fn insert_digest(
    conn: &mut DbConnection,
    user_id: &UserId,
    recipient: &str,
    payload: &Payload,
    carried: &[MailId],
    period: &str,
    now: NaiveDateTime,
) -> QueryResult<MailId> {
    let id = MailId::new(new_id());
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::id.eq(&id),
            mail_outbox::user_id.eq(user_id),
            mail_outbox::recipient.eq(recipient),
            mail_outbox::kind.eq(Kind::Digest.code()),
            mail_outbox::payload.eq(payload.json()),
            mail_outbox::status.eq(Status::Queued.code()),
            mail_outbox::dedupe_key.eq(format!("digest:{period}:{user_id}")),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
            mail_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq_any(carried))
            .filter(mail_outbox::status.eq(Status::Held.code())),
    )
    .set((
        mail_outbox::status.eq(Status::Digested.code()),
        mail_outbox::digest_id.eq(&id),
        mail_outbox::sent_at.eq(now),
    ))
    .execute(conn)?;
    Ok(id)
}

/// Accepted, running contracts that end within `days` from `today` (id, end).
pub fn contracts_ending(
    conn: &mut DbConnection,
    today: NaiveDate,
    days: i64,
) -> QueryResult<Vec<(ContractId, NaiveDate)>> {
    contracts::table
        .filter(contracts::accepted_version.is_not_null())
        .filter(contracts::terminated_on.is_null())
        .filter(contracts::end_date.ge(today))
        .filter(contracts::end_date.le(today + Duration::days(days)))
        .order(contracts::end_date.asc())
        .select((contracts::id, contracts::end_date))
        .load(conn)
}

/// Placements whose follow-up became possible between `from` and `to` (their end plus
/// `weeks_after`) and is not recorded: (placement id, contract id, person, end).
pub fn follow_ups_becoming_due(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
    weeks_after: i64,
) -> QueryResult<Vec<(PlacementId, ContractId, String, NaiveDate)>> {
    placements::table
        .inner_join(candidates::table)
        .filter(
            placements::status
                .eq("placed")
                .or(placements::status.eq("ended")),
        )
        .filter(placements::self_supporting.is_null())
        .filter(placements::end_date.ge(from - Duration::weeks(weeks_after)))
        .filter(placements::end_date.le(to - Duration::weeks(weeks_after)))
        .select((
            placements::id,
            placements::contract_id,
            candidates::name,
            placements::end_date,
        ))
        .load(conn)
}

/// Contracts with someone placed during `monday..=sunday` whose week is not handed in (no
/// row, open or rejected): (contract id, company, mentor id).
pub fn weeks_not_handed_in(
    conn: &mut DbConnection,
    monday: NaiveDate,
    sunday: NaiveDate,
    week: &str,
) -> QueryResult<Vec<(ContractId, String, UserId)>> {
    let with_people: Vec<(ContractId, String, UserId)> = contracts::table
        .inner_join(companies::table)
        .filter(contracts::accepted_version.is_not_null())
        .filter(
            contracts::id.eq_any(
                placements::table
                    .filter(
                        placements::status
                            .eq("placed")
                            .or(placements::status.eq("ended")),
                    )
                    .filter(placements::start_date.le(sunday))
                    .filter(placements::end_date.ge(monday))
                    .select(placements::contract_id),
            ),
        )
        .order(companies::name.asc())
        .select((contracts::id, companies::name, contracts::mentor_id))
        .load(conn)?;
    let handed_in: Vec<ContractId> = hour_weeks::table
        .filter(hour_weeks::week.eq(week))
        .filter(
            hour_weeks::status
                .eq("submitted")
                .or(hour_weeks::status.eq("approved")),
        )
        .select(hour_weeks::contract_id)
        .load(conn)?;
    Ok(with_people
        .into_iter()
        .filter(|(id, _, _)| !handed_in.contains(id))
        .collect())
}

/// Deletes sent, given-up and digested mails older than `before`. The digested ones go first:
/// a digest is never older than what it carries, so no row left refers to a deleted digest.
pub fn delete_old(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    let carried = diesel::delete(
        mail_outbox::table
            .filter(mail_outbox::status.eq(Status::Digested.code()))
            .filter(mail_outbox::created_at.lt(before)),
    )
    .execute(conn)?;
    let done = diesel::delete(
        mail_outbox::table
            .filter(mail_outbox::status.eq_any([Status::Sent.code(), Status::Failed.code()]))
            .filter(mail_outbox::created_at.lt(before)),
    )
    .execute(conn)?;
    Ok(carried + done)
}

// The administrators' view.

/// A row of the outbox list, with the recipient's name.
pub struct Listed {
    pub row: OutboxRow,
    pub name: String,
}

/// The outbox, newest first, optionally of one status, a page at a time; with the total.
pub fn list(
    conn: &mut DbConnection,
    status: Option<Status>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Listed>, i64)> {
    let mut count = mail_outbox::table.into_boxed();
    let mut q = mail_outbox::table.inner_join(users::table).into_boxed();
    if let Some(s) = status {
        count = count.filter(mail_outbox::status.eq(s.code()));
        q = q.filter(mail_outbox::status.eq(s.code()));
    }
    let total: i64 = count.count().get_result(conn)?;
    let rows: Vec<(OutboxRow, String)> = q
        .order((mail_outbox::created_at.desc(), mail_outbox::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((OutboxRow::as_select(), users::name))
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|(row, name)| Listed { row, name })
            .collect(),
        total,
    ))
}

pub fn find(conn: &mut DbConnection, id: &MailId) -> QueryResult<Option<OutboxRow>> {
    mail_outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()
}

/// A copy of a sent or failed mail, queued to go now (a new row, so the first one's history
/// stays as it was). Its recipient is the person's address today.
pub fn requeue_copy(
    conn: &mut DbConnection,
    original: &OutboxRow,
    now: NaiveDateTime,
) -> QueryResult<MailId> {
    let email: String = users::table
        .find(&original.user_id)
        .select(users::email)
        .first(conn)?;
    let id = MailId::new(new_id());
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::id.eq(&id),
            mail_outbox::user_id.eq(&original.user_id),
            mail_outbox::recipient.eq(email),
            mail_outbox::kind.eq(&original.kind),
            mail_outbox::payload.eq(&original.payload),
            mail_outbox::status.eq(Status::Queued.code()),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
            mail_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The digest's lines for held rows.
pub fn items_of(rows: &[OutboxRow]) -> Result<Vec<Item>, AppError> {
    rows.iter()
        .map(|r| {
            let kind = Kind::from_stored(&r.kind)?;
            let p = Payload::from_json(&r.payload);
            Ok(Item {
                text: crate::mail::compose::subject(kind, &p),
                path: p.path,
            })
        })
        .collect()
}
