//! E-mail (#21) across processes: the real binary (`serve`) as child processes on one database,
//! delivering to the test SMTP server. A SIGKILL with mails queued loses none and sends none
//! twice; two instances on one database send each mail once and run the 08:00 jobs once; the
//! schedule fires at 08:00 Danish time of the server's own clock (`VC_TODAY`); and over a whole
//! journey no mail carries a CPR number, a benefit or a match group.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, NaiveDateTime, SecondsFormat, Utc};
use diesel::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use virksomhedscenter::db::schema::{mail_outbox, mail_schedule_runs, users};
use virksomhedscenter::db::{Db, PoolOptions};

use crate::helpers::{
    seed, Seed, TestApp, TestDb, CONSULTANT_A, MENTOR_X, PASSWORD, SECRET, SIGNATORY_X,
};
use crate::smtp_sink::{Received, SmtpSink};

/// What links in the mails start with (`VC_BASE_URL`).
const BASE_URL: &str = "https://vc.example.test";
/// The From of the mails (`VC_MAIL_FROM`); the Message-ID's domain is its domain.
const FROM: &str = "Virksomhedscenter <noreply@vc.example.test>";

/// Monday 1 March 2027, 07:59:45 in Denmark (CET, UTC+1): 15 s before the 08:00 jobs.
const BEFORE_EIGHT: &str = "2027-03-01T06:59:45Z";
/// 08:00 Danish time that Monday.
const EIGHT: &str = "2027-03-01T07:00:00Z";

fn instant(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("an instant")
        .with_timezone(&Utc)
}

/// One `serve` process on the test database.
struct Server {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Server {
    /// Starts `serve --no-demo` with `env` added and waits until it listens. Its log (stderr, at
    /// `info` for the mail sender) goes to `log`.
    fn start(db: &TestDb, log: &Path, env: &[(&str, String)]) -> Server {
        let port = free_port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_virksomhedscenter"));
        cmd.arg("serve")
            .arg("--no-demo")
            .env("DATABASE_URL", db.url_string())
            .env("VC_SECRET_KEY", SECRET)
            .env("VC_BIND", format!("127.0.0.1:{port}"))
            .env("VC_DB_POOL", "4")
            .env("VC_BASE_URL", BASE_URL)
            .env("VC_MAIL_FROM", FROM)
            .env("VC_MAIL_POLL_MS", "100")
            .env("VC_MAIL_RETRY_SECONDS", "1")
            .env("RUST_LOG", "warn,virksomhedscenter::mail=info")
            .env_remove("VC_TODAY")
            .env_remove("VC_SMTP_URL")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).expect("log file"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let mut printed = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            printed.push_str(&line);
            if line.contains("running on") {
                // Keep draining stdout so the server never blocks on a full pipe.
                std::thread::spawn(move || {
                    let mut rest = String::new();
                    while reader.read_line(&mut rest).unwrap_or(0) > 0 {
                        rest.clear();
                    }
                });
                return Server {
                    child,
                    base: format!("http://127.0.0.1:{port}"),
                    log: log.to_path_buf(),
                };
            }
            line.clear();
        }
        let status = child.wait().expect("wait");
        panic!(
            "the server did not start ({status}): {printed}\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
    }

    /// SIGKILL: no shutdown runs; whatever the sender was doing is cut.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// How many mails this process logged as sent.
    fn sent_count(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .matches("mail sent")
            .count()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// The API of one server process.
struct Api {
    http: Client,
    base: String,
}

impl Api {
    fn of(server: &Server) -> Api {
        Api {
            http: Client::builder()
                .timeout(StdDuration::from_secs(20))
                .pool_idle_timeout(crate::helpers::CLIENT_IDLE)
                .build()
                .expect("client"),
            base: server.base.clone(),
        }
    }

    async fn post(&self, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// POST that must answer `expected`; the body.
    async fn must(&self, token: &str, path: &str, body: &Value, expected: StatusCode) -> Value {
        let (status, answer) = self.post(token, path, body).await;
        assert_eq!(status, expected, "{path}: {answer}");
        answer
    }

    async fn login(&self, email: &str) -> String {
        self.must(
            "",
            "/api/v1/auth/login",
            &json!({"email": email, "password": PASSWORD}),
            StatusCode::OK,
        )
        .await["token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    async fn invite(&self, consultant: &str, company: &str, email: &str) {
        self.must(
            consultant,
            &format!("/api/v1/companies/{company}/invitations"),
            &json!({"name": format!("Ny {email}"), "email": email, "role": "mentor"}),
            StatusCode::CREATED,
        )
        .await;
    }
}

/// A migrated, seeded test database and a pool of the test's own to look into it.
fn database() -> (TestDb, Db, Seed) {
    let test_db = TestDb::new();
    let db = Db::connect(
        test_db.url(),
        &PoolOptions {
            max_size: 2,
            ..Default::default()
        },
    )
    .expect("connect");
    db.migrate().expect("migrate");
    let seeded = seed(&db);
    (test_db, db, seeded)
}

fn user_id(db: &Db, email: &str) -> String {
    let mut conn = db.read_conn().expect("conn");
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut conn)
        .expect("user")
}

/// A row of the outbox as the tests look at it.
#[derive(Debug, Clone)]
struct Row {
    id: String,
    recipient: String,
    kind: String,
    status: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    payload: String,
}

fn outbox(db: &Db) -> Vec<Row> {
    let mut conn = db.read_conn().expect("conn");
    let rows: Vec<(String, String, String, String, i32, NaiveDateTime, String)> =
        mail_outbox::table
            .order((mail_outbox::created_at.asc(), mail_outbox::id.asc()))
            .select((
                mail_outbox::id,
                mail_outbox::recipient,
                mail_outbox::kind,
                mail_outbox::status,
                mail_outbox::attempts,
                mail_outbox::next_attempt_at,
                mail_outbox::payload,
            ))
            .load(&mut conn)
            .expect("outbox");
    rows.into_iter()
        .map(
            |(id, recipient, kind, status, attempts, next_attempt_at, payload)| Row {
                id,
                recipient,
                kind,
                status,
                attempts,
                next_attempt_at,
                payload,
            },
        )
        .collect()
}

fn schedule_runs(db: &Db) -> Vec<(String, String)> {
    let mut conn = db.read_conn().expect("conn");
    mail_schedule_runs::table
        .order((
            mail_schedule_runs::job.asc(),
            mail_schedule_runs::period.asc(),
        ))
        .select((mail_schedule_runs::job, mail_schedule_runs::period))
        .load(&mut conn)
        .expect("runs")
}

/// Polls `check` every 20 ms until it holds; panics with `what` after `timeout`.
async fn until(timeout: StdDuration, what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        actix_web::rt::time::sleep(StdDuration::from_millis(20)).await;
    }
}

/// The row id a Message-ID names (`<row id>@<domain of the From>`).
fn row_id_of(message_id: &str) -> String {
    let (id, domain) = message_id.split_once('@').expect("id@domain");
    assert_eq!(domain, "vc.example.test", "{message_id}");
    id.to_string()
}

fn subject(m: &Received) -> String {
    m.parsed().subject.unwrap_or_default()
}

fn to(m: &Received) -> String {
    let parsed = m.parsed();
    assert_eq!(parsed.to.len(), 1, "one recipient a mail: {:?}", parsed.to);
    assert_eq!(m.rcpt_to, parsed.to, "the envelope is the header's");
    parsed.to[0].clone()
}

/// Asserts every delivered message is a distinct outbox row, each row at most once.
fn assert_each_once(messages: &[Received]) -> BTreeSet<String> {
    let ids: Vec<String> = messages
        .iter()
        .map(|m| row_id_of(&m.parsed().message_id.expect("a Message-ID")))
        .collect();
    let distinct: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "a mail arrived twice: {:?}",
        messages.iter().map(subject).collect::<Vec<_>>()
    );
    distinct
}

/// 1. Mails queued when the process is SIGKILLed (the relay refusing for the moment, 451) all
/// arrive once the relay takes mail and the process runs again: each once, each to its person.
#[actix_web::test]
async fn mails_queued_when_the_process_is_killed_arrive_after_the_restart_once() {
    const N: usize = 6;
    let started = Instant::now();
    let (test_db, db, seeded) = database();
    let logs = tempfile::tempdir().expect("tempdir");
    let sink = SmtpSink::start();
    sink.refuse(451, "4.3.0 try again later");
    let env = [("VC_SMTP_URL", sink.url())];
    let mut first = Server::start(&test_db, &logs.path().join("first.log"), &env);
    let api = Api::of(&first);
    let consultant = api.login(CONSULTANT_A).await;
    let invited: Vec<String> = (0..N).map(|i| format!("ny.{i}@firma-x.dk")).collect();
    for email in &invited {
        api.invite(&consultant, &seeded.company_x, email).await;
    }
    assert_eq!(outbox(&db).len(), N, "one invitation mail each");

    // Kill at a moment when every row has been tried, failed and waits for its retry at least
    // 300 ms ahead: no row is claimed (`sending`) at the kill, so none waits out a lease.
    until(StdDuration::from_secs(10), "every mail tried once", || {
        let rows = outbox(&db);
        let now = Utc::now().naive_utc();
        rows.iter().all(|r| {
            r.status == "queued"
                && r.attempts >= 1
                && r.next_attempt_at > now + Duration::milliseconds(300)
        })
    })
    .await;
    first.kill();
    let rows = outbox(&db);
    assert!(
        rows.iter().all(|r| r.status == "queued" && r.attempts >= 1),
        "{rows:?}"
    );
    assert!(sink.messages().is_empty(), "the relay refused everything");
    {
        let mut conn = db.read_conn().expect("conn");
        let errors: Vec<Option<String>> = mail_outbox::table
            .select(mail_outbox::last_error)
            .load(&mut conn)
            .expect("errors");
        assert!(
            errors
                .iter()
                .all(|e| e.as_deref().is_some_and(|e| e.contains("451"))),
            "the refusal is recorded: {errors:?}"
        );
    }

    sink.accept();
    let second = Server::start(&test_db, &logs.path().join("second.log"), &env);
    let messages = sink.wait_for(N, StdDuration::from_secs(15));
    // Time for a duplicate to show up, were one sent (a poll is 100 ms, a retry 1 s).
    std::thread::sleep(StdDuration::from_millis(1500));
    let messages = {
        let later = sink.messages();
        assert_eq!(later.len(), messages.len(), "nothing more arrived");
        later
    };
    assert_eq!(messages.len(), N, "{}", second.log());
    let ids = assert_each_once(&messages);
    let rows = outbox(&db);
    let by_id: HashMap<&str, &Row> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    assert_eq!(ids.len(), rows.len());
    for m in &messages {
        let id = row_id_of(&m.parsed().message_id.expect("id"));
        let row = by_id.get(id.as_str()).expect("a row of the outbox");
        assert_eq!(to(m), row.recipient, "the row's own recipient");
        assert_eq!(row.status, "sent");
        assert!(row.attempts >= 2, "tried before the kill and after");
        assert_eq!(
            row.payload, "{}",
            "the invitation link is not kept once sent"
        );
        let text = m.parsed().text.expect("a text part");
        assert!(
            text.contains(&format!("{BASE_URL}/invitation/")),
            "the link to choose a password: {text}"
        );
    }
    let recipients: BTreeSet<String> = messages.iter().map(to).collect();
    assert_eq!(recipients, invited.iter().cloned().collect::<BTreeSet<_>>());
    assert!(
        started.elapsed() < StdDuration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

/// An accepted contract with company X and mentor X over 2027, and one person placed from
/// 8 February 2027 (so over weeks 6 to 17), made through `api` (whose clock is 1 March 2027).
/// The contract's id.
async fn contract_with_someone_placed(api: &Api, seeded: &Seed, mentor_id: &str) -> String {
    let consultant = api.login(CONSULTANT_A).await;
    let company = api.login(SIGNATORY_X).await;
    let contract = api
        .must(
            &consultant,
            "/api/v1/contracts",
            &json!({
                "company_id": seeded.company_x, "mentor_id": mentor_id, "seats": 2,
                "offer_types": ["virksomhedspraktik"], "start_date": "2027-01-04",
                "end_date": "2027-12-31", "mentor_minutes_per_week": 120,
                "mentor_rate_ore": 20000,
            }),
            StatusCode::CREATED,
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    for (token, action) in [(&consultant, "send"), (&company, "accept")] {
        api.must(
            token,
            &format!("/api/v1/contracts/{contract}/{action}"),
            &json!({}),
            StatusCode::OK,
        )
        .await;
    }
    let candidate = api
        .must(
            &consultant,
            "/api/v1/candidates",
            &json!({"cpr": "070761-4285", "name": "Mette Hansen", "benefit": "kontanthjaelp", "match_group": 2}),
            StatusCode::CREATED,
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let placed = api
        .must(
            &consultant,
            "/api/v1/referrals",
            &json!({"contract_id": contract, "candidate_id": candidate,
                "offer_type": "virksomhedspraktik", "start_date": "2027-02-08", "end_date": "2027-04-30"}),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(placed["status"], "placed", "{placed}");
    contract
}

/// The `VC_TODAY` that puts a process started now at the same moment as one started at `at`
/// with `clock`: both clocks then read the same instant at the same real time.
fn same_clock(clock: DateTime<Utc>, at: Instant) -> String {
    let elapsed = Duration::from_std(at.elapsed()).expect("a short time");
    (clock + elapsed).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Sleeps until the servers' clock, started at `clock` at real time `at`, reads `target` minus
/// `margin`.
async fn sleep_until_clock(
    clock: DateTime<Utc>,
    at: Instant,
    target: DateTime<Utc>,
    margin: StdDuration,
) {
    let wait = (target - clock).to_std().expect("target ahead") - margin;
    if let Some(left) = wait.checked_sub(at.elapsed()) {
        actix_web::rt::time::sleep(left).await;
    }
}

/// 2. Two instances on one database (on PostgreSQL the real multi-instance deployment; on SQLite
/// two processes on one file): 30 invitations through both, each mailed exactly once; and the
/// Monday 08:00 reminder, due in both at the same moment, is written and sent once.
#[actix_web::test]
async fn two_instances_on_one_database_send_each_mail_once() {
    const N: usize = 30;
    let started = Instant::now();
    let (test_db, db, seeded) = database();
    let mentor_id = user_id(&db, MENTOR_X);
    let logs = tempfile::tempdir().expect("tempdir");
    let sink = SmtpSink::start();
    let clock = instant(BEFORE_EIGHT);
    let clock_start = Instant::now();
    let one = Server::start(
        &test_db,
        &logs.path().join("one.log"),
        &[
            ("VC_SMTP_URL", sink.url()),
            ("VC_TODAY", same_clock(clock, clock_start)),
        ],
    );
    let two = Server::start(
        &test_db,
        &logs.path().join("two.log"),
        &[
            ("VC_SMTP_URL", sink.url()),
            ("VC_TODAY", same_clock(clock, clock_start)),
        ],
    );
    let (api1, api2) = (Api::of(&one), Api::of(&two));
    let contract = contract_with_someone_placed(&api1, &seeded, &mentor_id).await;
    let (c1, c2) = (
        api1.login(CONSULTANT_A).await,
        api2.login(CONSULTANT_A).await,
    );
    let invites = (0..N).map(|i| {
        let (api, token) = if i % 2 == 0 {
            (&api1, &c1)
        } else {
            (&api2, &c2)
        };
        let company = seeded.company_x.clone();
        async move {
            api.invite(token, &company, &format!("ny.{i}@firma-x.dk"))
                .await
        }
    });
    futures_util::future::join_all(invites).await;
    assert!(
        (clock_start.elapsed().as_secs_f64()) < (instant(EIGHT) - clock).num_seconds() as f64 - 1.0,
        "the setup took too long to see the reminder come at 08:00: {:?}",
        clock_start.elapsed()
    );
    // Before 08:00 nothing scheduled ran.
    sleep_until_clock(
        clock,
        clock_start,
        instant(EIGHT),
        StdDuration::from_millis(300),
    )
    .await;
    assert!(schedule_runs(&db).is_empty(), "{:?}", schedule_runs(&db));
    assert!(!sink
        .messages()
        .iter()
        .any(|m| subject(m).starts_with("Husk timerne")));

    // The contract's two mails (sent, accepted), the invitations, and one reminder.
    let expected = 2 + N + 1;
    let messages = sink.wait_for(expected, StdDuration::from_secs(10));
    std::thread::sleep(StdDuration::from_millis(1500));
    let messages = {
        let later = sink.messages();
        assert_eq!(later.len(), messages.len(), "nothing more arrived");
        later
    };
    assert_eq!(messages.len(), expected);
    let ids = assert_each_once(&messages);
    let rows = outbox(&db);
    assert_eq!(rows.len(), expected, "{rows:?}");
    assert!(rows.iter().all(|r| r.status == "sent"), "{rows:?}");
    assert_eq!(
        ids,
        rows.iter().map(|r| r.id.clone()).collect::<BTreeSet<_>>()
    );
    assert_eq!(rows.iter().filter(|r| r.kind == "invitation").count(), N);
    let reminders: Vec<&Received> = messages
        .iter()
        .filter(|m| subject(m) == "Husk timerne for uge 8 · 2027")
        .collect();
    assert_eq!(reminders.len(), 1, "one reminder, not one an instance");
    assert_eq!(to(reminders[0]), MENTOR_X);
    assert!(reminders[0]
        .parsed()
        .text
        .unwrap_or_default()
        .contains(&format!(
            "{BASE_URL}/hours?contract_id={contract}&week=2027-W08"
        )));
    let runs = schedule_runs(&db);
    assert_eq!(
        runs,
        vec![
            ("daily-notices".to_string(), "2027-03-01".to_string()),
            ("digest".to_string(), "2027-03-01".to_string()),
            ("week-reminder".to_string(), "2027-W09".to_string()),
        ]
    );
    // Both instances did deliver (what each claimed, it sent), unless one took every batch.
    let (s1, s2) = (one.sent_count(), two.sent_count());
    assert_eq!(
        s1 + s2,
        expected,
        "each send logged once:\n{}\n{}",
        one.log(),
        two.log()
    );
    eprintln!("instance one sent {s1}, instance two {s2}");
    assert!(
        started.elapsed() < StdDuration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

/// 3. The Monday 08:00 jobs go by Danish time on the server's clock: at 07:59 CET nothing; from
/// 08:00 the mentor's reminder for the week not handed in (with the link to it), and the
/// consultant's handed-in week, held since 07:59, comes in the digest.
#[actix_web::test]
async fn the_monday_reminder_and_the_digest_come_at_eight_danish_time() {
    let started = Instant::now();
    let (test_db, db, seeded) = database();
    let mentor_id = user_id(&db, MENTOR_X);
    let logs = tempfile::tempdir().expect("tempdir");
    let sink = SmtpSink::start();
    let clock = instant(BEFORE_EIGHT);
    let clock_start = Instant::now();
    let server = Server::start(
        &test_db,
        &logs.path().join("server.log"),
        &[
            ("VC_SMTP_URL", sink.url()),
            ("VC_TODAY", same_clock(clock, clock_start)),
        ],
    );
    let api = Api::of(&server);
    let contract = contract_with_someone_placed(&api, &seeded, &mentor_id).await;
    // Week 7 is handed in (the consultant hears of it in the digest); week 8 is not.
    let mentor = api.login(MENTOR_X).await;
    api.must(
        &mentor,
        "/api/v1/hours",
        &json!({"contract_id": contract, "date": "2027-02-15", "minutes": 60, "activity": "training"}),
        StatusCode::CREATED,
    )
    .await;
    api.must(
        &mentor,
        &format!("/api/v1/contracts/{contract}/weeks/2027-W07/submit"),
        &json!({}),
        StatusCode::OK,
    )
    .await;
    let held: Vec<Row> = outbox(&db)
        .into_iter()
        .filter(|r| r.kind == "week_submitted")
        .collect();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].recipient.as_str(), held[0].status.as_str()),
        (CONSULTANT_A, "held")
    );
    // The contract's mails (sent to the signatory, accepted to the consultant) go at once.
    sink.wait_for(2, StdDuration::from_secs(5));
    assert!(
        clock_start.elapsed()
            < (instant(EIGHT) - clock).to_std().expect("ahead") - StdDuration::from_secs(1),
        "the setup took too long: {:?}",
        clock_start.elapsed()
    );

    sleep_until_clock(
        clock,
        clock_start,
        instant(EIGHT),
        StdDuration::from_millis(300),
    )
    .await;
    assert_eq!(sink.messages().len(), 2, "nothing more before 08:00");
    assert!(schedule_runs(&db).is_empty(), "{:?}", schedule_runs(&db));
    assert_eq!(
        outbox(&db)
            .iter()
            .find(|r| r.kind == "week_submitted")
            .map(|r| r.status.clone()),
        Some("held".to_string())
    );

    let messages = sink.wait_for(4, StdDuration::from_secs(8));
    let reminder = messages
        .iter()
        .find(|m| subject(m) == "Husk timerne for uge 8 · 2027")
        .unwrap_or_else(|| {
            panic!(
                "no reminder: {:?}\n{}",
                messages.iter().map(subject).collect::<Vec<_>>(),
                server.log()
            )
        });
    assert_eq!(to(reminder), MENTOR_X);
    let text = reminder.parsed().text.expect("text");
    assert!(
        text.contains(&format!(
            "{BASE_URL}/hours?contract_id={contract}&week=2027-W08"
        )),
        "{text}"
    );
    assert!(text.contains("Virksomhed X"), "{text}");
    let digest = messages
        .iter()
        .find(|m| subject(m) == "Daglig oversigt: 1 ny hændelse")
        .expect("the digest");
    assert_eq!(to(digest), CONSULTANT_A);
    let text = digest.parsed().text.expect("text");
    assert!(text.contains("uge 7 · 2027"), "{text}");
    assert!(
        text.contains(&format!(
            "{BASE_URL}/hours?contract_id={contract}&week=2027-W07"
        )),
        "{text}"
    );
    let rows = outbox(&db);
    let submitted = rows
        .iter()
        .find(|r| r.kind == "week_submitted")
        .expect("row");
    assert_eq!(submitted.status, "digested");
    assert_eq!(
        schedule_runs(&db)
            .iter()
            .map(|(j, p)| format!("{j} {p}"))
            .collect::<Vec<_>>(),
        [
            "daily-notices 2027-03-01",
            "digest 2027-03-01",
            "week-reminder 2027-W09"
        ]
    );
    std::thread::sleep(StdDuration::from_millis(500));
    assert_eq!(sink.messages().len(), 4, "nothing twice");
    assert_each_once(&sink.messages());
    assert!(
        started.elapsed() < StdDuration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

/// The CPR numbers of the journey's people.
const CPRS: [&str; 3] = ["070761-4285", "120385-3817", "250990-2113"];

/// Whatever of a message a person can read: the subject, the decoded text and HTML, and the raw
/// message as it went over the wire.
fn readable(m: &Received) -> String {
    let p = m.parsed();
    format!(
        "{}\n{}\n{}\n{}",
        p.subject.unwrap_or_default(),
        p.text.unwrap_or_default(),
        p.html.unwrap_or_default(),
        m.data
    )
}

/// 4. Over a journey (two people placed, a third waiting moves up when another consultant
/// cancels one, a week handed in, rejected with a CPR number typed into the reason, handed in
/// again, the contract terminated with one in the reason, an invitation), every mail delivered
/// holds no CPR number in any spelling, no benefit and no match group.
#[actix_web::test]
async fn no_mail_of_a_journey_carries_a_cpr_number_a_benefit_or_a_match_group() {
    use virksomhedscenter::mail::sender::{self, MailSettings, Route};
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    // Started before anything happens: the 08:00 jobs of today (if it is past 08:00) run on an
    // empty outbox.
    let _sender = sender::start(
        app.db.clone(),
        virksomhedscenter::state::Keys::from_secret(SECRET).expect("keys"),
        MailSettings {
            route: Route::Smtp(sink.url()),
            from: FROM.into(),
            base_url: BASE_URL.into(),
            poll: StdDuration::from_millis(100),
            retry_base: Duration::seconds(1),
        },
    )
    .expect("the sender starts");

    // A second consultant of jobcenter A acts on consultant A's contract, so A hears of it.
    {
        use virksomhedscenter::auth::model::{UserInput, UserRaw};
        let hash = virksomhedscenter::auth::password::hash(PASSWORD).expect("hash");
        let mut conn = app.db.write_conn().expect("conn");
        let input = UserInput::parse(&UserRaw {
            email: "kollega.a@test.dk".into(),
            name: "Kollega A".into(),
            role: "consultant".into(),
            jobcenter_id: app.seed.jobcenter_a.clone(),
            company_id: String::new(),
            password: PASSWORD.into(),
        })
        .expect("valid user");
        virksomhedscenter::auth::store::insert_user(&mut conn, &input, &hash).expect("user");
    }
    let consultant = app.token(CONSULTANT_A).await;
    let colleague = app.token("kollega.a@test.dk").await;
    let mentor = app.token(crate::helpers::MENTOR_X).await;
    let res = app
        .put(
            &consultant,
            "/api/v1/me/mail",
            None,
            &json!({"items": [{"topic": "week_submitted", "delivery": "immediately"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let contract = app
        .accepted_contract(&crate::helpers::Terms::days(2, -30, 200))
        .await;

    let mut placements = Vec::new();
    for (i, cpr) in CPRS.iter().enumerate() {
        let person = app
            .candidate(&colleague, cpr, &format!("Person {i}"), "kontanthjaelp")
            .await;
        let res = app.refer(&colleague, &contract, &person, 10, 60).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let body = crate::helpers::json(res).await;
        placements.push((
            body["placement_id"].as_str().expect("id").to_string(),
            body["status"].as_str().expect("status").to_string(),
        ));
    }
    assert_eq!(
        placements.iter().map(|p| p.1.as_str()).collect::<Vec<_>>(),
        ["placed", "placed", "waiting"]
    );
    let res = app
        .post(
            &colleague,
            &format!("/api/v1/placements/{}/cancel", placements[0].0),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // A week of hours: handed in, rejected (with a CPR number in the reason), handed in again.
    let today = virksomhedscenter::clock::today();
    let last_monday = today
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&today).num_days_from_monday(),
        ))
        - Duration::weeks(1);
    let week = {
        let w = chrono::Datelike::iso_week(&last_monday);
        format!("{}-W{:02}", w.year(), w.week())
    };
    let res = app
        .post(
            &mentor,
            "/api/v1/hours",
            &json!({"contract_id": contract, "date": last_monday.to_string(), "minutes": 90, "activity": "training"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let week_action = |token: String, action: &'static str, body: Value| {
        let (app, contract, week) = (&app, contract.clone(), week.clone());
        async move {
            app.post(
                &token,
                &format!("/api/v1/contracts/{contract}/weeks/{week}/{action}"),
                &body,
            )
            .await
            .status()
        }
    };
    assert_eq!(
        week_action(mentor.clone(), "submit", json!({})).await,
        StatusCode::OK
    );
    assert_eq!(
        week_action(
            colleague.clone(),
            "reject",
            json!({"reason": "Timerne for 070761-4285 og 1203853817 mangler"})
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        week_action(mentor.clone(), "submit", json!({})).await,
        StatusCode::OK
    );
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{contract}/terminate"),
            &json!({"date": crate::helpers::day(150), "reason": "Aftalt med 250990 2113"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(
            &colleague,
            &format!("/api/v1/companies/{}/invitations", app.seed.company_x),
            &json!({"name": "Nina Nyansat", "email": "nina@x.dk", "role": "mentor"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // Sent and accepted; moved up; handed in, rejected, handed in; terminated; invited.
    let expected = [
        ("contract_sent", SIGNATORY_X),
        ("contract_accepted", CONSULTANT_A),
        ("moved_up", CONSULTANT_A),
        ("week_submitted", CONSULTANT_A),
        ("week_rejected", MENTOR_X),
        ("week_submitted", CONSULTANT_A),
        ("contract_terminated", SIGNATORY_X),
        ("invitation", "nina@x.dk"),
    ];
    let rows = outbox(&app.db);
    assert_eq!(
        rows.iter()
            .map(|r| (r.kind.as_str(), r.recipient.as_str()))
            .collect::<Vec<_>>(),
        expected,
    );
    let messages = sink
        .wait_for_async(expected.len(), StdDuration::from_secs(10))
        .await;
    actix_web::rt::time::sleep(StdDuration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), expected.len(), "nothing twice");
    assert_each_once(&messages);

    let mut forms = Vec::new();
    for cpr in CPRS {
        let digits = cpr.replace('-', "");
        forms.push(cpr.to_string());
        forms.push(digits.clone());
        forms.push(cpr.replace('-', " "));
        // Quoted-printable may break a line anywhere: the digits split across "=\r\n".
        forms.push(format!("{}=\r\n{}", &digits[..6], &digits[6..]));
    }
    for m in &messages {
        let all = readable(m);
        let lower = all.to_lowercase();
        for form in &forms {
            assert!(!all.contains(form.as_str()), "{form} in:\n{all}");
        }
        for word in [
            "kontanthj",
            "starthj",
            "matchgruppe",
            "match group",
            "match_group",
        ] {
            assert!(!lower.contains(word), "{word} in:\n{all}");
        }
    }
    // The free text still arrives, with the numbers masked.
    let rejected = messages
        .iter()
        .find(|m| to(m) == MENTOR_X)
        .expect("the rejection");
    let text = rejected.parsed().text.expect("text");
    assert!(
        text.contains("Timerne for XXXXXX-XXXX og XXXXXX-XXXX mangler"),
        "{text}"
    );
    let moved = messages
        .iter()
        .find(|m| readable(m).contains("Person 2"))
        .expect("the moved-up mail names the person");
    assert_eq!(to(moved), CONSULTANT_A);
    // The outbox (shown to administrators) does not keep the number either.
    for r in &rows {
        for form in &forms {
            assert!(
                !r.payload.contains(form.as_str()),
                "{form} in {}",
                r.payload
            );
        }
    }
}
