//! The crash test: while clients send referrals, hour entries and contract transitions, the
//! server process is killed with SIGKILL several times and started again on the same database.
//! Afterwards every request that was answered with success is in the database, nothing that was
//! answered with an error is, no seat is double-booked, every contract's versions are whole, and
//! the server starts cleanly. A request whose answer was lost in the kill may or may not have
//! been applied; it is only counted, never assumed.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::time::Duration as StdDuration;

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use virksomhedscenter::db::schema::{
    contract_events, contract_versions, contracts, hour_entries, placements,
};
use virksomhedscenter::db::{Db, PoolOptions};

use crate::helpers::{seed, TestDb, CONSULTANT_A, MENTOR_X, PASSWORD, SECRET, SIGNATORY_X};

const KILLS: usize = 4;

/// How one request ended.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// 2xx, with the answer's body.
    Success(Value),
    /// A 4xx answer: the request was refused and must have changed nothing.
    Refused(StatusCode),
    /// No answer (connection refused or cut by the kill) or a 5xx: unknown.
    Lost,
}

struct Server {
    child: Child,
}

impl Server {
    fn start(db: &TestDb, port: u16) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_virksomhedscenter"))
            .arg("serve")
            .arg("--no-demo")
            .env("DATABASE_URL", db.url_string())
            .env("VC_SECRET_KEY", SECRET)
            .env("VC_BIND", format!("127.0.0.1:{port}"))
            .env("VC_DB_POOL", "8")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let mut printed = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            printed.push_str(&line);
            if line.contains("running on") {
                // Keep draining stdout so the server never blocks on a full pipe.
                std::thread::spawn(move || {
                    let mut sink = String::new();
                    while reader.read_line(&mut sink).unwrap_or(0) > 0 {
                        sink.clear();
                    }
                });
                return Server { child };
            }
            line.clear();
        }
        let status = child.wait().expect("wait");
        panic!("the server did not start after a crash ({status}): {printed}");
    }

    /// SIGKILL: no shutdown handler runs, open transactions are cut.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn day(offset: i64) -> NaiveDate {
    virksomhedscenter::clock::today() + Duration::days(offset)
}

struct Api {
    http: Client,
    base: String,
}

impl Api {
    async fn call(&self, token: &str, path: &str, body: &Value) -> Outcome {
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await;
        match res {
            Ok(res) if res.status().is_success() => {
                Outcome::Success(res.json().await.unwrap_or(Value::Null))
            }
            Ok(res) if res.status().is_client_error() => Outcome::Refused(res.status()),
            _ => Outcome::Lost,
        }
    }

    /// Retries while the server is down (between a kill and the restart).
    async fn must(&self, token: &str, path: &str, body: &Value) -> Value {
        for _ in 0..200 {
            match self.call(token, path, body).await {
                Outcome::Success(v) => return v,
                Outcome::Refused(s) => panic!("{path} refused in setup: {s}"),
                Outcome::Lost => actix_web::rt::time::sleep(StdDuration::from_millis(50)).await,
            }
        }
        panic!("{path} never answered");
    }

    async fn login(&self, email: &str) -> String {
        self.must(
            "",
            "/api/v1/auth/login",
            &json!({"email": email, "password": PASSWORD}),
        )
        .await["token"]
            .as_str()
            .expect("token")
            .to_string()
    }
}

fn terms(company: &str, mentor: &str, seats: i64, start: i64, end: i64) -> Value {
    json!({
        "company_id": company, "mentor_id": mentor, "seats": seats,
        "offer_types": ["virksomhedspraktik"], "start_date": day(start).to_string(),
        "end_date": day(end).to_string(), "mentor_minutes_per_week": 600, "mentor_rate_ore": 20000,
    })
}

type Log = Rc<RefCell<Vec<(String, Outcome)>>>;

/// id, contract, candidate, seat, start, end, status.
type PlacementLine = (
    String,
    String,
    String,
    Option<i32>,
    NaiveDate,
    NaiveDate,
    String,
);

#[actix_web::test]
async fn killed_servers_lose_nothing_they_confirmed() {
    let test_db = TestDb::new();
    let db = Db::connect(test_db.url(), &PoolOptions::default()).expect("connect");
    db.migrate().expect("migrate");
    let seeded = seed(&db);
    let mentor_id = {
        use virksomhedscenter::db::schema::users;
        let mut conn = db.read_conn().expect("conn");
        users::table
            .filter(users::email.eq(MENTOR_X))
            .select(users::id)
            .first::<String>(&mut *conn)
            .expect("mentor")
    };

    let port = free_port();
    let api = Rc::new(Api {
        http: Client::builder()
            .timeout(StdDuration::from_secs(10))
            .pool_idle_timeout(crate::helpers::CLIENT_IDLE)
            .build()
            .expect("client"),
        base: format!("http://127.0.0.1:{port}"),
    });
    let mut server = Server::start(&test_db, port);

    // Setup, before the first kill: two small accepted contracts to refer into, one to log hours
    // on, a row of drafts to move through send and accept, and the candidates.
    let consultant = api.login(CONSULTANT_A).await;
    let company = api.login(SIGNATORY_X).await;
    let mentor = api.login(MENTOR_X).await;
    let mut accepted = Vec::new();
    for _ in 0..2 {
        let id = api
            .must(
                &consultant,
                "/api/v1/contracts",
                &terms(&seeded.company_x, &mentor_id, 2, -60, 120),
            )
            .await["id"]
            .as_str()
            .expect("id")
            .to_string();
        api.must(
            &consultant,
            &format!("/api/v1/contracts/{id}/send"),
            &json!({}),
        )
        .await;
        api.must(
            &company,
            &format!("/api/v1/contracts/{id}/accept"),
            &json!({}),
        )
        .await;
        accepted.push(id);
    }
    let mut drafts = Vec::new();
    for i in 0..16 {
        let id = api
            .must(
                &consultant,
                "/api/v1/contracts",
                &terms(&seeded.company_x, &mentor_id, 1 + i % 3, 10, 200),
            )
            .await["id"]
            .as_str()
            .expect("id")
            .to_string();
        drafts.push(id);
    }
    let mut candidates = Vec::new();
    for i in 0..60usize {
        let cpr = format!("01{:02}{:02}-{:04}", 1 + i % 12, 60 + i % 40, 2000 + i);
        let id = api
            .must(
                &consultant,
                "/api/v1/candidates",
                &json!({"cpr": cpr, "name": format!("Kandidat {i}"), "benefit": "kontanthjaelp", "match_group": 2}),
            )
            .await["id"]
            .as_str()
            .expect("id")
            .to_string();
        candidates.push(id);
    }

    // The clients. Each records every request it sent and how it ended.
    let stop = Rc::new(std::cell::Cell::new(false));
    let referrals: Log = Rc::default();
    let hours: Log = Rc::default();
    let transitions: Log = Rc::default();
    let mut tasks = Vec::new();
    for (k, chunk) in candidates.chunks(20).enumerate() {
        let (api, stop, log, token) = (
            api.clone(),
            stop.clone(),
            referrals.clone(),
            consultant.clone(),
        );
        let (chunk, accepted) = (chunk.to_vec(), accepted.clone());
        tasks.push(actix_web::rt::spawn(async move {
            for (i, candidate) in chunk.iter().enumerate() {
                if stop.get() {
                    break;
                }
                let contract = &accepted[(i + k) % accepted.len()];
                let start = -5 + ((i * 7 + k * 3) % 40) as i64;
                // Every fifth asks for an offer the contract does not make: refused.
                let offer = if i % 5 == 4 {
                    "loentilskud"
                } else {
                    "virksomhedspraktik"
                };
                let body = json!({
                    "contract_id": contract, "candidate_id": candidate,
                    "offer_type": offer,
                    "start_date": day(start).to_string(), "end_date": day(start + 30).to_string(),
                });
                let outcome = api.call(&token, "/api/v1/referrals", &body).await;
                log.borrow_mut().push((candidate.clone(), outcome));
                actix_web::rt::time::sleep(StdDuration::from_millis(40)).await;
            }
        }));
    }
    {
        let (api, stop, log, token) = (api.clone(), stop.clone(), hours.clone(), mentor.clone());
        let contract = accepted[0].clone();
        tasks.push(actix_web::rt::spawn(async move {
            let mut n = 0i64;
            while !stop.get() && n < 400 {
                let note = format!("crash-{n}");
                let body = json!({
                    "contract_id": contract, "date": day(-1 - n % 50).to_string(),
                    "minutes": 15, "activity": "training", "note": note,
                });
                let outcome = api.call(&token, "/api/v1/hours", &body).await;
                log.borrow_mut().push((note, outcome));
                n += 1;
                actix_web::rt::time::sleep(StdDuration::from_millis(15)).await;
            }
        }));
    }
    {
        let (api, stop, log) = (api.clone(), stop.clone(), transitions.clone());
        let (consultant, company) = (consultant.clone(), company.clone());
        tasks.push(actix_web::rt::spawn(async move {
            for id in &drafts {
                for (token, action) in [(&consultant, "send"), (&company, "accept")] {
                    if stop.get() {
                        return;
                    }
                    let outcome = api
                        .call(
                            token,
                            &format!("/api/v1/contracts/{id}/{action}"),
                            &json!({}),
                        )
                        .await;
                    log.borrow_mut().push((format!("{id} {action}"), outcome));
                    actix_web::rt::time::sleep(StdDuration::from_millis(60)).await;
                }
            }
        }));
    }

    // The faults: kill and restart while the clients work.
    for k in 0..KILLS {
        actix_web::rt::time::sleep(StdDuration::from_millis(500 + 150 * k as u64)).await;
        server.kill();
        actix_web::rt::time::sleep(StdDuration::from_millis(100)).await;
        server = Server::start(&test_db, port);
    }
    actix_web::rt::time::sleep(StdDuration::from_millis(400)).await;
    stop.set(true);
    for t in tasks {
        t.await.expect("client task");
    }
    server.kill();
    // The last start must also be clean, and the schema current.
    let server = Server::start(&test_db, port);
    let health = Client::new()
        .get(format!("{}/health", api.base))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), StatusCode::OK);

    let mut conn = db.read_conn().expect("conn");
    let count =
        |log: &Log, f: fn(&Outcome) -> bool| log.borrow().iter().filter(|(_, o)| f(o)).count();
    for (name, log) in [
        ("referrals", &referrals),
        ("hours", &hours),
        ("transitions", &transitions),
    ] {
        eprintln!(
            "{name}: {} answered, {} refused, {} lost",
            count(log, |o| matches!(o, Outcome::Success(_))),
            count(log, |o| matches!(o, Outcome::Refused(_))),
            count(log, |o| matches!(o, Outcome::Lost)),
        );
    }
    assert!(
        count(&referrals, |o| matches!(o, Outcome::Lost))
            + count(&hours, |o| matches!(o, Outcome::Lost))
            > 0,
        "the kills hit requests in flight (else the test proves nothing)"
    );
    assert!(count(&referrals, |o| matches!(o, Outcome::Success(_))) > 0);
    assert!(count(&hours, |o| matches!(o, Outcome::Success(_))) > 0);

    // Referrals: one per candidate. A confirmed referral is there with its id and seat; a
    // refused one left nothing.
    let rows: Vec<PlacementLine> = placements::table
        .select((
            placements::id,
            placements::contract_id,
            placements::candidate_id,
            placements::seat_no,
            placements::start_date,
            placements::end_date,
            placements::status,
        ))
        .load(&mut *conn)
        .expect("placements");
    let by_candidate: HashMap<&str, Vec<&PlacementLine>> =
        rows.iter().fold(HashMap::new(), |mut m, r| {
            m.entry(r.2.as_str()).or_default().push(r);
            m
        });
    for (candidate, outcome) in referrals.borrow().iter() {
        let found = by_candidate
            .get(candidate.as_str())
            .cloned()
            .unwrap_or_default();
        assert!(found.len() <= 1, "candidate {candidate} referred twice");
        match outcome {
            Outcome::Success(v) => {
                let row = found
                    .first()
                    .unwrap_or_else(|| panic!("confirmed referral {v} is missing"));
                assert_eq!(
                    Some(row.0.as_str()),
                    v["placement_id"].as_str(),
                    "the confirmed id"
                );
                assert_eq!(
                    row.3.map(i64::from),
                    v["seat_no"].as_i64(),
                    "the confirmed seat"
                );
            }
            Outcome::Refused(s) => {
                assert!(found.is_empty(), "a referral refused with {s} was stored")
            }
            Outcome::Lost => {}
        }
    }
    // No seat is held twice on one day.
    let mut seats: HashMap<(&str, i32), Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    for r in &rows {
        if let (Some(seat), "placed" | "ended") = (r.3, r.6.as_str()) {
            seats
                .entry((r.1.as_str(), seat))
                .or_default()
                .push((r.4, r.5));
        }
    }
    for ((contract, seat), mut spans) in seats {
        spans.sort();
        for w in spans.windows(2) {
            assert!(
                w[0].1 < w[1].0,
                "seat {seat} of {contract} double-booked: {w:?}"
            );
        }
    }

    // Hours: the confirmed entries are there, the refused ones are not.
    let notes: Vec<(String, String)> = hour_entries::table
        .select((hour_entries::id, hour_entries::note))
        .load(&mut *conn)
        .expect("hours");
    let by_note: HashMap<&str, Vec<&str>> =
        notes.iter().fold(HashMap::new(), |mut m, (id, note)| {
            m.entry(note.as_str()).or_default().push(id.as_str());
            m
        });
    for (note, outcome) in hours.borrow().iter() {
        let found = by_note.get(note.as_str()).cloned().unwrap_or_default();
        assert!(found.len() <= 1, "{note} stored twice");
        match outcome {
            Outcome::Success(v) => assert_eq!(found.first().copied(), v["id"].as_str(), "{note}"),
            Outcome::Refused(s) => assert!(found.is_empty(), "{note} refused with {s} was stored"),
            Outcome::Lost => {}
        }
    }

    // Transitions: every confirmed one is in the audit trail; a refused one is not; the audit
    // trail holds nothing beyond what was confirmed or lost.
    let events: Vec<(String, String)> = contract_events::table
        .select((contract_events::contract_id, contract_events::action))
        .load(&mut *conn)
        .expect("events");
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (contract, action) in &events {
        *seen.entry(format!("{contract} {action}")).or_default() += 1;
    }
    let mut sent: HashMap<String, (usize, usize)> = HashMap::new();
    for (key, outcome) in transitions.borrow().iter() {
        let e = sent.entry(key.clone()).or_default();
        match outcome {
            Outcome::Success(_) => e.0 += 1,
            Outcome::Lost => e.1 += 1,
            Outcome::Refused(_) => {}
        }
    }
    for (key, (confirmed, lost)) in &sent {
        let stored = seen.get(key).copied().unwrap_or(0);
        assert!(
            stored >= *confirmed && stored <= confirmed + lost,
            "{key}: {stored} events for {confirmed} confirmed and {lost} lost requests"
        );
    }

    // Every contract's versions are whole: numbered 1, 2, ... without a gap, the pending and the
    // accepted version exist, an accepted version carries its acceptance, and every event of the
    // audit trail names a version that exists.
    let heads: Vec<(String, Option<i32>, Option<i32>)> = contracts::table
        .select((
            contracts::id,
            contracts::pending_version,
            contracts::accepted_version,
        ))
        .load(&mut *conn)
        .expect("contracts");
    let versions: Vec<(String, i32, Option<String>, Option<String>)> = contract_versions::table
        .select((
            contract_versions::contract_id,
            contract_versions::version_no,
            contract_versions::accepted_by,
            contract_versions::content_hash,
        ))
        .load(&mut *conn)
        .expect("versions");
    let have: HashSet<(&str, i32)> = versions.iter().map(|v| (v.0.as_str(), v.1)).collect();
    for (id, pending, accepted_no) in &heads {
        let count = versions.iter().filter(|v| v.0 == *id).count() as i32;
        assert!(count >= 1, "{id} has no version");
        for n in 1..=count {
            assert!(
                have.contains(&(id.as_str(), n)),
                "{id}: version {n} missing of {count}"
            );
        }
        if let Some(p) = pending {
            assert!(
                have.contains(&(id.as_str(), *p)),
                "{id} lacks pending version {p}"
            );
        }
        if let Some(a) = accepted_no {
            let v = versions
                .iter()
                .find(|v| v.0 == *id && v.1 == *a)
                .unwrap_or_else(|| panic!("{id} lacks accepted version {a}"));
            assert!(
                v.2.is_some() && v.3.is_some(),
                "{id} version {a} accepted without its record"
            );
        }
    }
    let event_versions: Vec<(String, i32)> = contract_events::table
        .select((contract_events::contract_id, contract_events::version_no))
        .load(&mut *conn)
        .expect("event versions");
    for (id, n) in &event_versions {
        assert!(
            have.contains(&(id.as_str(), *n)),
            "an event of {id} names missing version {n}"
        );
    }
    drop(conn);
    server.kill();
}
