//! The sender: a thread of its own that, every few seconds, runs the scheduled jobs that are due
//! (08:00 Danish time: contracts ending, follow-ups due, the daily digest; Monday 08:00: the
//! mentors' reminder) and delivers the outbox's due mails over SMTP or into `.eml` files.
//!
//! Delivery is at least once: a row is claimed with a lease before it is sent and marked sent
//! after; a process that dies in between leaves the row to be taken again when the lease runs
//! out, with the same `Message-ID` (the row's id), so the receiving side can recognise the
//! repeat. Several instances on one PostgreSQL database each claim different rows
//! (`FOR UPDATE SKIP LOCKED`), and a scheduled job's run is a row with a primary key, so it
//! runs once.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{FileTransport, Message, SmtpTransport, Transport as _};

use crate::auth::model::Role;
use crate::db::{now, write_tx, Db, DbConnection};
use crate::error::AppError;
use crate::hours::model::IsoWeek;
use crate::ids::{MailId, UserId};
use crate::mail::compose::{self, Context};
use crate::mail::model::{next_attempt, Delivery, Item, Kind, Payload, Topic};
use crate::mail::store::{self, OutboxRow};
use crate::state::Keys;
use crate::texts::mail as tm;
use crate::ui::format;

/// Where mails go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// An SMTP server: `smtp://host:port` (a relay, no TLS), `smtp://user:pass@host:587?tls=starttls`
    /// (STARTTLS required), `smtps://user:pass@host:465` (TLS from the start).
    Smtp(String),
    /// No server configured: each mail is written as an `.eml` file into this folder.
    Files(PathBuf),
}

/// How this instance sends mail.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub route: Route,
    /// `VC_MAIL_FROM`: the From of every mail ("Virksomhedscenter <noreply@kommune.dk>").
    pub from: String,
    /// `VC_BASE_URL`: what every link starts with, without a trailing slash.
    pub base_url: String,
    /// How often the outbox and the schedule are looked at.
    pub poll: StdDuration,
    /// The first retry's delay after a failed attempt (doubling after that).
    pub retry_base: Duration,
}

impl MailSettings {
    /// The route as the administrators' page and the log describe it (never the password).
    pub fn describe(&self) -> String {
        match &self.route {
            Route::Smtp(url) => format!("{} {}", tm::TRANSPORT_SMTP, redact(url)),
            Route::Files(dir) => format!("{} {}", tm::TRANSPORT_FILES, dir.display()),
        }
    }
}

/// An SMTP URL without its password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Our `tls=starttls` spelling is lettre's `tls=required`.
fn lettre_url(url: &str) -> String {
    url.replace("tls=starttls", "tls=required")
}

enum Transport {
    Smtp(SmtpTransport),
    Files(FileTransport),
}

impl Transport {
    fn open(route: &Route) -> Result<Transport, String> {
        match route {
            Route::Smtp(url) => SmtpTransport::from_url(&lettre_url(url))
                .map(|b| Transport::Smtp(b.timeout(Some(StdDuration::from_secs(30))).build()))
                .map_err(|e| format!("VC_SMTP_URL {}: {e}", redact(url))),
            Route::Files(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                Ok(Transport::Files(FileTransport::new(dir)))
            }
        }
    }

    /// Sends one message: `Err((reason, permanent))` when it failed.
    fn send(&self, m: &Message) -> Result<(), (String, bool)> {
        match self {
            Transport::Smtp(t) => t
                .send(m)
                .map(|_| ())
                .map_err(|e| (e.to_string(), e.is_permanent())),
            Transport::Files(t) => t.send(m).map(|_| ()).map_err(|e| (e.to_string(), false)),
        }
    }
}

/// Checks the settings (the From address, the SMTP URL) before the server starts.
pub fn check(settings: &MailSettings) -> Result<(), String> {
    settings
        .from
        .parse::<Mailbox>()
        .map_err(|e| format!("VC_MAIL_FROM {:?}: {e}", settings.from))?;
    if let Route::Smtp(url) = &settings.route {
        SmtpTransport::from_url(&lettre_url(url))
            .map_err(|e| format!("VC_SMTP_URL {}: {e}", redact(url)))?;
    }
    Ok(())
}

/// The running sender; stops (and waits for its thread) when stopped or dropped.
pub struct SenderHandle {
    stop: Arc<(Mutex<bool>, Condvar)>,
    running: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SenderHandle {
    pub fn stop(&mut self) {
        if let Ok(mut stopped) = self.stop.0.lock() {
            *stopped = true;
        }
        self.stop.1.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }
}

impl Drop for SenderHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the sender on a thread of its own.
pub fn start(db: Db, keys: Keys, settings: MailSettings) -> Result<SenderHandle, String> {
    check(&settings)?;
    let transport = Transport::open(&settings.route)?;
    match &settings.route {
        Route::Files(dir) => tracing::info!(
            folder = %dir.display(),
            "no SMTP server configured (VC_SMTP_URL): mails are written as .eml files"
        ),
        Route::Smtp(url) => tracing::info!(server = %redact(url), "mails are sent over SMTP"),
    }
    let stop = Arc::new((Mutex::new(false), Condvar::new()));
    let running = Arc::new(AtomicBool::new(true));
    let (stop2, running2) = (stop.clone(), running.clone());
    let thread = std::thread::Builder::new()
        .name("mail-sender".into())
        .spawn(move || {
            let sender = Sender {
                db,
                keys,
                settings,
                transport,
                stop: stop2.clone(),
            };
            loop {
                sender.tick(crate::clock::now_utc());
                let Ok(guard) = stop2.0.lock() else { break };
                if *guard {
                    break;
                }
                let Ok((guard, _)) = stop2.1.wait_timeout(guard, sender.settings.poll) else {
                    break;
                };
                if *guard {
                    break;
                }
            }
            running2.store(false, Ordering::SeqCst);
        })
        .map_err(|e| format!("cannot start the mail sender: {e}"))?;
    Ok(SenderHandle {
        stop,
        running,
        thread: Some(thread),
    })
}

struct Sender {
    db: Db,
    keys: Keys,
    settings: MailSettings,
    transport: Transport,
    stop: Arc<(Mutex<bool>, Condvar)>,
}

/// 08:00 Danish time on `day`, as an instant.
pub fn eight_oclock(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN));
    Copenhagen
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// The scheduled jobs due at `now`, with their period: the daily one (and the digest after it)
/// from 08:00 Danish time, the reminder from Monday 08:00 of the week.
pub fn due_jobs(now: DateTime<Utc>) -> Vec<(&'static str, String)> {
    let today = crate::clock::danish_date(now);
    let mut jobs = Vec::new();
    if now >= eight_oclock(today) {
        jobs.push((JOB_DAILY, today.to_string()));
        jobs.push((JOB_DIGEST, today.to_string()));
    }
    let week = IsoWeek::of(today);
    if now >= eight_oclock(week.monday()) {
        jobs.push((JOB_REMINDER, week.to_string()));
    }
    jobs
}

const JOB_DAILY: &str = "daily-notices";
const JOB_DIGEST: &str = "digest";
const JOB_REMINDER: &str = "week-reminder";

/// What a batch came to.
enum Batch {
    /// Nothing was due.
    Empty,
    /// Sent or recorded; there may be more.
    Done,
    /// The relay could not be reached: the rest was handed back for the next tick.
    RelayDown,
}

/// The longest a tick delivers before it looks at the schedule and the stop flag again.
const TICK_BUDGET: StdDuration = StdDuration::from_secs(60);
/// Why a mail to a deactivated or deleted account is given up (the outbox's last error).
const DEACTIVATED: &str = "the account is deactivated";
const NO_ACCOUNT: &str = "the account no longer exists";

/// How long a claimed mail is left to its sender before another may take it.
const LEASE_MINUTES: i64 = 10;
/// Mails claimed at a time.
const BATCH: i64 = 20;
/// Sent mails are kept this long for the administrators' page.
const KEEP_DAYS: i64 = 90;

impl Sender {
    fn tick(&self, now: DateTime<Utc>) {
        for (job, period) in due_jobs(now) {
            match self.run_job(job, &period, now) {
                Ok(true) if job == JOB_DAILY => {
                    // Old mails go in a transaction of their own: a failed clean-up never
                    // takes the day's notices with it.
                    let before = crate::db::now() - Duration::days(KEEP_DAYS);
                    if let Err(e) = self.write(move |conn| Ok(store::delete_old(conn, before)?)) {
                        tracing::warn!(error = %e, "old mails not deleted; tried tomorrow");
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(job, period, error = %e, "scheduled mail job failed; tried again")
                }
            }
        }
        // Deliver until nothing is due (a burst goes out in one tick, a batch at a time), for
        // at most a minute, so the schedule and a stop are never kept waiting for long.
        let started = std::time::Instant::now();
        while started.elapsed() < TICK_BUDGET && !self.stopping() {
            match self.deliver_batch() {
                Ok(Batch::Empty | Batch::RelayDown) => break,
                Ok(Batch::Done) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "mail delivery failed; tried again");
                    break;
                }
            }
        }
    }

    fn stopping(&self) -> bool {
        self.stop.0.lock().map(|s| *s).unwrap_or(true)
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.db.write_conn()?;
        write_tx(&mut conn, f)
    }

    /// Runs a scheduled job unless it ran for the period: `true` when this call ran it.
    fn run_job(
        &self,
        job: &'static str,
        period: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        {
            let mut conn = self.db.read_conn()?;
            if store::has_run(&mut conn, job, period)? {
                return Ok(false);
            }
        }
        let today = crate::clock::danish_date(now);
        let period = period.to_string();
        let result = self.write(move |conn| {
            if !store::claim_run(conn, job, &period, crate::db::now())? {
                return Ok(None);
            }
            match job {
                JOB_DAILY => daily_notices(conn, today),
                JOB_DIGEST => digests(conn, &period),
                _ => week_reminders(conn, today),
            }
            .map(Some)
        });
        match result {
            Ok(Some(n)) => {
                if n > 0 {
                    tracing::info!(job, mails = n, "scheduled mails written");
                }
                Ok(true)
            }
            Ok(None) => Ok(false),
            // Another instance ran it at the same moment: its run stands.
            Err(AppError::Conflict(why)) => {
                tracing::debug!(job, %why, "scheduled mail job ran on another instance");
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    fn deliver_batch(&self) -> Result<Batch, AppError> {
        let at = now();
        {
            let mut conn = self.db.read_conn()?;
            if !store::anything_due(&mut conn, at)? {
                return Ok(Batch::Empty);
            }
        }
        let rows = self.write(move |conn| {
            Ok(store::claim(
                conn,
                at,
                Duration::minutes(LEASE_MINUTES),
                BATCH,
            )?)
        })?;
        if rows.is_empty() {
            return Ok(Batch::Empty);
        }
        let mut rest = rows.iter();
        while let Some(row) = rest.next() {
            // A lease that ran out (a slow relay) belongs to whoever claims the row next; a
            // stop or a relay that cannot be reached hands the rest back untried.
            let expired = row.lease_until.is_none_or(|until| now() >= until);
            let relay_down = if expired || self.stopping() {
                false
            } else {
                self.deliver(row)?
            };
            if expired || relay_down || self.stopping() {
                let back: Vec<(MailId, i32)> = rest.map(|r| (r.id.clone(), r.attempts)).collect();
                if !back.is_empty() {
                    self.write(move |conn| {
                        for (id, attempts) in &back {
                            store::release(conn, id, *attempts)?;
                        }
                        Ok(())
                    })?;
                }
                return Ok(if relay_down {
                    Batch::RelayDown
                } else {
                    Batch::Done
                });
            }
        }
        Ok(Batch::Done)
    }

    /// Delivers one claimed row and records the outcome: `true` when the relay could not be
    /// reached or refused for now (a transient failure), so the rest of the batch waits for
    /// the next tick instead of each waiting out the same timeout.
    fn deliver(&self, row: &OutboxRow) -> Result<bool, AppError> {
        let built = self.message(row);
        let built_ok = built.is_ok();
        let outcome = built.and_then(|m| self.transport.send(&m));
        let (id, attempts) = (row.id.clone(), row.attempts);
        let scrub = row.kind == Kind::Invitation.code();
        match outcome {
            Ok(()) => {
                self.write(move |conn| Ok(store::mark_sent(conn, &id, attempts, now(), scrub)?))?;
                tracing::info!(mail = %row.id, kind = %row.kind, "mail sent");
                Ok(false)
            }
            Err((reason, permanent)) => {
                let retry = if permanent {
                    None
                } else {
                    next_attempt(
                        row.created_at,
                        row.attempts,
                        now(),
                        self.settings.retry_base,
                    )
                };
                tracing::warn!(
                    mail = %row.id, kind = %row.kind, attempt = row.attempts,
                    retry = ?retry, error = %reason, "mail not sent"
                );
                let reason = match retry {
                    Some(_) => reason,
                    None if permanent => reason,
                    None => format!("{reason} ({})", tm::GAVE_UP),
                };
                self.write(move |conn| {
                    Ok(store::mark_attempt_failed(
                        conn, &id, attempts, &reason, retry, scrub,
                    )?)
                })?;
                Ok(built_ok && !permanent && matches!(self.transport, Transport::Smtp(_)))
            }
        }
    }

    /// The message of a row: written now from its payload, to the person's address today.
    /// `Err((reason, permanent))`: a database that cannot be read now is tried again; a mail
    /// that cannot be written or addressed (a deactivated account, a bad address) is given up.
    fn message(&self, row: &OutboxRow) -> Result<Message, (String, bool)> {
        let kind = Kind::from_stored(&row.kind).map_err(|e| (e.to_string(), true))?;
        let payload = Payload::from_json(&row.payload);
        let (name, role, email, active) = {
            let mut conn = self.db.read_conn().map_err(|e| (e.to_string(), false))?;
            store::addressee(&mut conn, &row.user_id)
                .map_err(|e| (e.to_string(), false))?
                .ok_or_else(|| (NO_ACCOUNT.to_string(), true))?
        };
        if !active {
            return Err((DEACTIVATED.to_string(), true));
        }
        let role = Role::parse(&role);
        let base = &self.settings.base_url;
        let unsubscribe_url = match (kind.topic(), role) {
            (Some(topic), Some(role)) if topic.choices(role).contains(&Delivery::Off) => {
                Some(unsubscribe_url(base, &self.keys, &row.user_id, topic))
            }
            _ => None,
        };
        let ctx = Context {
            base_url: base.clone(),
            recipient_name: name.clone(),
            settings_url: format!("{base}{}", crate::mail::model::SETTINGS_PATH),
            unsubscribe_url: unsubscribe_url.clone(),
        };
        let letter = compose::compose(kind, &payload, &ctx);
        let to = Mailbox::new(
            Some(name),
            email
                .parse()
                .map_err(|e| (format!("recipient: {e}"), true))?,
        );
        let from: Mailbox = self
            .settings
            .from
            .parse()
            .map_err(|e| (format!("VC_MAIL_FROM: {e}"), true))?;
        let domain = from.email.domain().to_string();
        let mut builder = Message::builder()
            .from(from)
            .to(to)
            .subject(letter.subject)
            .message_id(Some(format!("<{}@{}>", row.id, domain)))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".into(),
            ));
        if let Some(u) = unsubscribe_url {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{u}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(letter.text, letter.html))
            .map_err(|e| (e.to_string(), true))
    }
}

/// The signed link that switches `topic` off for the person.
pub fn unsubscribe_url(base: &str, keys: &Keys, user_id: &UserId, topic: Topic) -> String {
    let signature = keys.unsubscribe_signature(user_id, topic.code());
    let query = serde_html_form::to_string([
        ("u", user_id.as_str()),
        ("t", topic.code()),
        ("s", signature.as_str()),
    ])
    .unwrap_or_default();
    format!("{base}{}?{query}", crate::mail::model::UNSUBSCRIBE_PATH)
}

/// 08:00: contracts ending in 60 and in 30 days, and follow-ups that became due in the last
/// week.
fn daily_notices(conn: &mut DbConnection, today: NaiveDate) -> Result<usize, AppError> {
    let mut n = 0;
    for (id, end) in store::contracts_ending(conn, today, 60)? {
        let days = (end - today).num_days();
        let mark = if days <= 30 { 30 } else { 60 };
        let facts = store::contract_facts(conn, &id)?;
        let mut payload = facts.payload();
        payload.date = Some(format::date(end));
        payload.days = Some(days);
        let mut to = vec![facts.consultant_id.clone()];
        to.extend(store::signatories(conn, &facts.company_id)?);
        n += store::enqueue(
            conn,
            Kind::ContractEnding,
            &to,
            &payload,
            // With the end date: an amendment that extends the contract is noticed again.
            Some(&format!("ending{mark}:{id}:{end}")),
            None,
        )?;
    }
    let weeks_after = i64::from(
        crate::seats::store::rule(conn, "follow_up_weeks_after_end", today)?.unwrap_or(4),
    );
    for (placement, contract, person, end) in
        store::follow_ups_becoming_due(conn, today - Duration::days(7), today, weeks_after)?
    {
        let facts = store::contract_facts(conn, &contract)?;
        let mut payload = facts.payload();
        payload.path = format!("/placements/{placement}");
        payload.person = Some(person);
        payload.date = Some(format::date(end + Duration::weeks(weeks_after)));
        n += store::enqueue(
            conn,
            Kind::FollowUpDue,
            std::slice::from_ref(&facts.consultant_id),
            &payload,
            Some(&format!("followup:{placement}")),
            None,
        )?;
    }
    Ok(n)
}

/// 08:00: each person's held mails in one digest.
fn digests(conn: &mut DbConnection, period: &str) -> Result<usize, AppError> {
    let at = now();
    let held = store::held(conn, at)?;
    let mut n = 0;
    let mut start = 0;
    while start < held.len() {
        let user = &held[start].user_id;
        let end = held[start..]
            .iter()
            .position(|r| &r.user_id != user)
            .map_or(held.len(), |p| start + p);
        let rows = &held[start..end];
        let payload = Payload {
            path: "/".into(),
            items: store::items_of(rows)?,
            ..Payload::default()
        };
        let carried: Vec<MailId> = rows.iter().map(|r| r.id.clone()).collect();
        let recipient = rows.last().map(|r| r.recipient.clone()).unwrap_or_default();
        store::insert_digest(conn, user, &recipient, &payload, &carried, period, at)?;
        n += 1;
        start = end;
    }
    Ok(n)
}

/// Monday 08:00: a mentor whose contracts had someone placed last week and whose week is not
/// handed in gets one reminder listing them.
fn week_reminders(conn: &mut DbConnection, today: NaiveDate) -> Result<usize, AppError> {
    let last = IsoWeek::of(today).prev();
    let key = last.to_string();
    let open = store::weeks_not_handed_in(conn, last.monday(), last.sunday(), &key)?;
    let mut by_mentor: Vec<(crate::ids::UserId, Vec<Item>)> = Vec::new();
    for (contract, company, mentor) in open {
        let item = Item {
            text: tm::reminder_line(&last.label(), &company),
            path: crate::tasks::model::week_link(&contract, &key),
        };
        match by_mentor.iter_mut().find(|(m, _)| *m == mentor) {
            Some((_, items)) => items.push(item),
            None => by_mentor.push((mentor, vec![item])),
        }
    }
    let mut n = 0;
    for (mentor, items) in by_mentor {
        let payload = Payload {
            path: items.first().map(|i| i.path.clone()).unwrap_or_default(),
            week: Some(last.label()),
            items,
            ..Payload::default()
        };
        n += store::enqueue(
            conn,
            Kind::WeekReminder,
            &[mentor],
            &payload,
            Some(&format!("reminder:{key}")),
            None,
        )?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn eight_oclock_is_danish_time_in_winter_and_in_summer() {
        let winter = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(eight_oclock(winter), utc("2027-03-01T07:00:00Z"));
        let summer = NaiveDate::from_ymd_opt(2027, 6, 7).unwrap();
        assert_eq!(eight_oclock(summer), utc("2027-06-07T06:00:00Z"));
    }

    #[test]
    fn the_monday_reminder_and_the_digest_are_due_from_eight_danish_time() {
        // Monday 1 March 2027, 07:59 in Denmark: nothing yet.
        assert!(due_jobs(utc("2027-03-01T06:59:59Z")).is_empty());
        let at_eight = due_jobs(utc("2027-03-01T07:00:00Z"));
        assert!(at_eight.contains(&(JOB_REMINDER, "2027-W09".to_string())));
        assert!(at_eight.contains(&(JOB_DIGEST, "2027-03-01".to_string())));
        // Tuesday 07:30 in Denmark: the week's reminder (already due), not Tuesday's digest.
        let tuesday = due_jobs(utc("2027-03-02T06:30:00Z"));
        assert_eq!(tuesday, vec![(JOB_REMINDER, "2027-W09".to_string())]);
        // 23:30 UTC on Sunday is already Monday 01:30 in Denmark: not yet the new week's.
        let late = due_jobs(utc("2027-03-07T23:30:00Z"));
        assert!(!late
            .iter()
            .any(|(j, p)| *j == JOB_REMINDER && p == "2027-W10"));
    }

    #[test]
    fn the_password_of_an_smtp_url_is_never_shown() {
        assert_eq!(
            redact("smtp://vc:hemmelig@relay.kommune.dk:587?tls=starttls"),
            "smtp://vc:***@relay.kommune.dk:587?tls=starttls"
        );
        assert_eq!(redact("smtp://127.0.0.1:25"), "smtp://127.0.0.1:25");
        assert_eq!(
            lettre_url("smtp://h:587?tls=starttls"),
            "smtp://h:587?tls=required"
        );
    }
}
