//! The load bench at national scale (issue #7). Run from the repository:
//!
//! ```text
//! cargo bench --bench national                      # SQLite, national scale, and at twice the size
//! cargo bench --bench national -- --database-url postgres://postgres@127.0.0.1:5432/vc_bench
//! ```
//!
//! In one run on one machine it generates (once, kept under `target/bench/`) the national data
//! set, starts the real server binary on it, measures the routes of the issue at a fixed
//! concurrency with a closed-loop HTTP load generator, measures the floors the stack allows (a
//! constant, 20 rows read with diesel and rendered with maud, a one-row insert through the same
//! single writer) in the same process, and writes the table to `docs/benchmarks.md`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly where it assumed

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};
use chrono::{Duration as Days, Utc};
use clap::Parser;
use diesel::prelude::*;
use hdrhistogram::Histogram;
use serde_json::{json, Value};
use virksomhedscenter::db::schema::companies;
use virksomhedscenter::db::{Db, DbConnection, DbUrl, PoolOptions};
use virksomhedscenter::demo::{cvr_with_check_digit, DEMO_ADMIN, DEMO_PASSWORD};

const SECRET: &str = "bench-secret-that-is-long-enough-for-the-keys-0123456789";
const BIN: &str = env!("CARGO_BIN_EXE_virksomhedscenter");

#[derive(Parser, Debug)]
struct Args {
    /// The database (default: a SQLite file under target/bench per scale).
    #[arg(long)]
    database_url: Option<String>,
    /// The data set: national, small or a factor.
    #[arg(long, default_value = "national")]
    scale: String,
    /// Also measure the read pages on a data set this many times larger (0 to skip).
    #[arg(long, default_value_t = 2.0)]
    compare_scale: f64,
    /// Seconds per route.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Measure only the routes whose name contains this text (the floors are always measured);
    /// for profiling one page. The report then goes to standard output only.
    #[arg(long)]
    only: Option<String>,
    /// Where the table goes.
    #[arg(long, default_value = "docs/benchmarks.md")]
    out: PathBuf,
    // `cargo bench` passes --bench.
    #[arg(long, hide = true)]
    bench: bool,
}

#[derive(Debug, Clone, Default)]
struct Measured {
    requests: u64,
    errors: u64,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn sqlite_url(scale: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    format!("sqlite://{}/national-{scale}.db", dir.display())
}

fn has_contracts(url: &str) -> bool {
    let Ok(u) = DbUrl::parse(url) else {
        return false;
    };
    if let DbUrl::Sqlite(p) = &u {
        if !p.exists() {
            return false;
        }
    }
    let db = Db::connect(&u, &PoolOptions::default()).expect("open the database");
    let mut conn = db.read_conn().expect("a connection");
    match virksomhedscenter::db::schema::contracts::table
        .count()
        .get_result::<i64>(&mut *conn)
    {
        Ok(n) => n > 0,
        Err(e) => {
            println!("no data set yet ({e})");
            false
        }
    }
}

/// Generates the data set unless it is there; returns the seconds the generator took.
fn ensure_data(url: &str, scale: &str) -> Option<f64> {
    if has_contracts(url) {
        println!("data set {scale}: present ({url})");
        return None;
    }
    println!("data set {scale}: generating into {url}");
    let started = Instant::now();
    let status = Command::new(BIN)
        .args(["demo", "--scale", scale])
        .env("DATABASE_URL", url)
        .env("VC_SECRET_KEY", SECRET)
        .env("RUST_LOG", "warn")
        .status()
        .expect("run the generator");
    assert!(status.success(), "the generator failed");
    Some(started.elapsed().as_secs_f64())
}

/// `CREATE DATABASE <name>_run TEMPLATE <name>` on the same server (through its `postgres`
/// database), dropping the previous run's; returns the copy's address.
fn postgres_run_copy(url: &str) -> String {
    let (server, name) = url
        .rsplit_once('/')
        .expect("a PostgreSQL address ends in /database");
    let name = name.split('?').next().unwrap_or(name);
    assert!(
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "database name {name:?}: letters, digits and _ only"
    );
    let run = format!("{name}_run");
    let mut conn = diesel::PgConnection::establish(&format!("{server}/postgres"))
        .expect("the postgres database");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {run}"))
        .execute(&mut conn)
        .expect("drop the previous run's copy");
    let started = Instant::now();
    // FILE_COPY: the files are copied as they are, much faster than WAL-logging 2 GB of blocks.
    // The template may have no other session: the bench's own look-up and `migrate` have just
    // disconnected, which the server may not have noticed yet.
    let create = format!("CREATE DATABASE {run} TEMPLATE {name} STRATEGY FILE_COPY");
    let mut tries = 0;
    while let Err(e) = diesel::sql_query(&create).execute(&mut conn) {
        tries += 1;
        assert!(
            tries < 20,
            "copy the data set: {e} (is another session connected to it?)"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    println!(
        "data set copied to {run} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    format!("{server}/{run}")
}

/// Brings the generated database up to the current migrations and gives this run a fresh copy
/// of it: every run starts from the same data, and the writes of an earlier run (referrals into
/// the same days) cannot get in the way. SQLite copies the file; PostgreSQL creates
/// `<name>_run` from the generated database as its template.
fn prepare(url: &str) -> String {
    let status = Command::new(BIN)
        .arg("migrate")
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .status()
        .expect("run migrate");
    assert!(status.success(), "migrate failed");
    let base = match DbUrl::parse(url) {
        Ok(DbUrl::Sqlite(base)) => base,
        Ok(DbUrl::Postgres(_)) => return postgres_run_copy(url),
        Err(e) => panic!("database url: {e}"),
    };
    let run = base.with_extension("run.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", run.display()));
    }
    std::fs::copy(&base, &run).expect("copy the data set");
    let wal = format!("{}-wal", base.display());
    if Path::new(&wal).exists() {
        std::fs::copy(&wal, format!("{}-wal", run.display())).expect("copy the WAL");
    }
    format!("sqlite://{}", run.display())
}

struct Server {
    child: Child,
    base: String,
    first_answer: Duration,
}

impl Server {
    fn start(url: &str) -> Server {
        let port = free_port();
        let started = Instant::now();
        let child = Command::new(BIN)
            .args(["serve", "--no-demo"])
            .env("DATABASE_URL", url)
            .env("VC_SECRET_KEY", SECRET)
            // The bench logs in as the generated administrator with the password alone.
            .env("VC_REQUIRE_MFA", "none")
            .env("VC_BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("start the server");
        let base = format!("http://127.0.0.1:{port}");
        let health = format!("{base}/health");
        loop {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                use std::io::{Read, Write};
                let _ =
                    s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                let mut buf = [0u8; 16];
                if s.read(&mut buf)
                    .map(|n| buf[..n].starts_with(b"HTTP/1.1 200"))
                    .unwrap_or(false)
                {
                    break;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{health} never answered"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        Server {
            child,
            base,
            first_answer: started.elapsed(),
        }
    }

    /// The peak resident set size of the server process, in MiB.
    fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(f64::NAN)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `make(k)` from `connections` tasks for `seconds`, after a one-second warm-up.
async fn load<F>(connections: usize, seconds: u64, make: F) -> Measured
where
    F: Fn(u64) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let counter = Arc::new(AtomicU64::new(0));
    let warm_until = Instant::now() + Duration::from_secs(1);
    let until = warm_until + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let make = make.clone();
        let counter = counter.clone();
        tasks.push(actix_rt::spawn(async move {
            let mut h = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("histogram");
            let (mut n, mut errors) = (0u64, 0u64);
            loop {
                let now = Instant::now();
                if now >= until {
                    break;
                }
                let k = counter.fetch_add(1, Ordering::Relaxed);
                let res = make(k).send().await;
                let ok = match res {
                    Ok(r) => {
                        let s = r.status();
                        let _ = r.bytes().await;
                        s.is_success() || s.is_redirection()
                    }
                    Err(_) => false,
                };
                if now >= warm_until {
                    n += 1;
                    if !ok {
                        errors += 1;
                    }
                    let _ = h.record(now.elapsed().as_micros().max(1) as u64);
                }
            }
            (h, n, errors)
        }));
    }
    let mut all = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("histogram");
    let (mut n, mut errors) = (0, 0);
    for t in tasks {
        let (h, k, e) = t.await.expect("task");
        all.add(&h).expect("merge");
        n += k;
        errors += e;
    }
    Measured {
        requests: n,
        errors,
        rps: n as f64 / seconds as f64,
        p50_ms: all.value_at_quantile(0.5) as f64 / 1000.0,
        p99_ms: all.value_at_quantile(0.99) as f64 / 1000.0,
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn token(c: &reqwest::Client, base: &str, email: &str, password: &str) -> String {
    let r: Value = c
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    r["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token for {email}: {r}"))
        .to_string()
}

/// A client with a page session (cookie) for `email`.
async fn browser(base: &str, email: &str, password: &str) -> reqwest::Client {
    let b = reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(256)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let html = b
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("html");
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("csrf") + marker.len();
    let csrf = &html[start..start + html[start..].find('"').expect("end")];
    let res = b
        .post(format!("{base}/login"))
        .header("origin", base)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf", csrf),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    assert!(
        res.status().is_redirection(),
        "page login failed for {email}"
    );
    b
}

async fn api(
    c: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> Value {
    let mut r = c.request(method, &url).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let res = r.send().await.expect("request");
    let status = res.status();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{url}: {status} {v}");
    v
}

/// What the routes need: sessions, a contract of the generated data, a fresh contract to refer
/// into and log hours on, a full one-seat contract for the waiting list, and candidates.
struct Fixture {
    consultant: reqwest::Client,
    mentor: reqwest::Client,
    consultant_token: String,
    mentor_token: String,
    contract: String,
    open_contract: String,
    open_start: chrono::NaiveDate,
    open_seats: u64,
    full_contract: String,
    full_start: chrono::NaiveDate,
    candidates: Vec<String>,
    campaign: String,
    jobcenter: String,
}

async fn fixture(base: &str, run: u32) -> Fixture {
    let c = client();
    let admin = token(&c, base, DEMO_ADMIN, DEMO_PASSWORD).await;
    let consultant_email = "konsulent1.jc0@national.example";
    let consultant_token = token(&c, base, consultant_email, DEMO_PASSWORD).await;
    let me = api(
        &c,
        reqwest::Method::GET,
        format!("{base}/api/v1/me"),
        &consultant_token,
        None,
    )
    .await;
    let jobcenter = me["jobcenter_id"].as_str().expect("jobcenter").to_string();
    // The generator's first contract, the same at every scale (its contracts have a random
    // generator of their own, src/demo/national/generate.rs), so the pages at two scales show
    // the same contract: the first company's (the first CVR number of the generator, in
    // jobcenter 0) earliest made contract (ids are UUIDv7, in the order they were made).
    let first_cvr = (3_000_001..)
        .find_map(cvr_with_check_digit)
        .expect("a CVR number");
    let companies = api(
        &c,
        reqwest::Method::GET,
        format!("{base}/api/v1/companies?q={first_cvr}"),
        &consultant_token,
        None,
    )
    .await;
    let first_company = companies["items"][0]["id"]
        .as_str()
        .expect("the generator's first company")
        .to_string();
    let list = api(
        &c,
        reqwest::Method::GET,
        format!("{base}/api/v1/contracts?company_id={first_company}&per_page=200"),
        &consultant_token,
        None,
    )
    .await;
    let contract = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_str())
        .min()
        .expect("a contract of the first company")
        .to_string();
    // A company big enough for many seats, with a mentor and a signatory.
    let stamp = Utc::now().timestamp() as u32 % 100_000 + run * 100_000;
    let cvr = (0..)
        .find_map(|i| cvr_with_check_digit(8_000_000 + (stamp * 7 + i) % 1_999_999))
        .expect("cvr");
    let company = api(
        &c,
        reqwest::Method::POST,
        format!("{base}/api/v1/companies"),
        &admin,
        Some(json!({
        "cvr": cvr, "name": format!("Benchmark Produktion {stamp} A/S"), "sector": "private",
        "address": "Målevej 1", "postcode": "8000", "city": "Aarhus", "ordinary_employees": 2000})),
    )
    .await;
    let company_id = company["id"].as_str().expect("company").to_string();
    let password = "bench-adgangskode-1";
    let mut people = BTreeMap::new();
    for role in ["mentor", "company"] {
        let email = format!("{role}.{stamp}@bench.example");
        let u = api(&c, reqwest::Method::POST, format!("{base}/api/v1/users"), &admin, Some(json!({
            "email": email, "name": format!("Bench {role}"), "role": role, "company_id": company_id, "password": password}))).await;
        people.insert(role, (email, u["id"].as_str().expect("user").to_string()));
    }
    let signatory = token(&c, base, &people["company"].0, password).await;
    let mentor_token = token(&c, base, &people["mentor"].0, password).await;
    let today = Utc::now().date_naive();
    let make_contract = |seats: u64, start: chrono::NaiveDate| {
        let c = c.clone();
        let (base, consultant_token, signatory, company_id, mentor) = (
            base.to_string(),
            consultant_token.clone(),
            signatory.clone(),
            company_id.clone(),
            people["mentor"].1.clone(),
        );
        async move {
            let k = api(
                &c,
                reqwest::Method::POST,
                format!("{base}/api/v1/contracts"),
                &consultant_token,
                Some(json!({
                "company_id": company_id, "mentor_id": mentor, "seats": seats,
                "offer_types": ["virksomhedspraktik"], "start_date": start.to_string(),
                "end_date": (start + Days::days(1000)).to_string(), "mentor_minutes_per_week": 60,
                "mentor_rate_ore": 25000})),
            )
            .await;
            let id = k["id"].as_str().expect("contract").to_string();
            api(
                &c,
                reqwest::Method::POST,
                format!("{base}/api/v1/contracts/{id}/send"),
                &consultant_token,
                Some(json!({})),
            )
            .await;
            api(
                &c,
                reqwest::Method::POST,
                format!("{base}/api/v1/contracts/{id}/accept"),
                &signatory,
                Some(json!({})),
            )
            .await;
            id
        }
    };
    // The jobcenter's candidates (their generated placements ended in 2011).
    let mut candidates = Vec::new();
    for page in 1.. {
        let l = api(
            &c,
            reqwest::Method::GET,
            format!("{base}/api/v1/candidates?per_page=200&page={page}"),
            &consultant_token,
            None,
        )
        .await;
        let items = l["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        candidates.extend(
            items
                .iter()
                .filter_map(|i| i["id"].as_str().map(str::to_string)),
        );
    }
    assert!(
        candidates.len() >= 50,
        "too few candidates: {}",
        candidates.len()
    );
    // Begun 990 days ago (of its 1.000), so the hour entries have 985 past days to spread over:
    // a mentor's day holds at most 96 entries of 15 minutes (24 hours), and a fast run of a few
    // seconds makes tens of thousands.
    let open_start = today - Days::days(990);
    // A candidate of the placed half comes back after half of them; by then the day has moved
    // on as long as there are no more seats than that.
    let open_seats = (candidates.len() as u64 / 2 - 1).min(100);
    let open_contract = make_contract(open_seats, open_start).await;
    let full_start = today + Days::days(1);
    let full_contract = make_contract(1, full_start).await;
    // The one seat of the full contract taken for 13 weeks (the longest practice) by the last
    // candidate: the waiting half asks for days inside them.
    let last = candidates.pop().expect("candidate");
    api(&c, reqwest::Method::POST, format!("{base}/api/v1/referrals"), &consultant_token, Some(json!({
        "contract_id": full_contract, "candidate_id": last, "offer_type": "virksomhedspraktik",
        "start_date": full_start.to_string(), "end_date": (full_start + Days::days(90)).to_string()}))).await;
    let campaigns = api(
        &c,
        reqwest::Method::GET,
        format!("{base}/api/v1/campaigns"),
        &admin,
        None,
    )
    .await;
    let campaign = campaigns[0]["id"].as_str().expect("campaign").to_string();
    Fixture {
        consultant: browser(base, consultant_email, DEMO_PASSWORD).await,
        mentor: browser(base, &people["mentor"].0, password).await,
        consultant_token,
        mentor_token,
        contract,
        open_contract,
        open_start,
        open_seats,
        full_contract,
        full_start,
        candidates,
        campaign,
        jobcenter,
    }
}

/// The read pages: (name, client, path).
fn read_routes(f: &Fixture, base: &str) -> Vec<(&'static str, reqwest::Client, String)> {
    let week = {
        let d = f.open_start + Days::days(14);
        let w = chrono::Datelike::iso_week(&d);
        format!("{}-W{:02}", w.year(), w.week())
    };
    vec![
        (
            "Home page (task inbox)",
            f.consultant.clone(),
            format!("{base}/"),
        ),
        (
            "Contract list page (20 rows)",
            f.consultant.clone(),
            format!("{base}/contracts"),
        ),
        (
            "Contract page",
            f.consultant.clone(),
            format!("{base}/contracts/{}", f.contract),
        ),
        (
            "Seat timeline",
            f.consultant.clone(),
            format!("{base}/contracts/{}/seats?from=2010-01-01", f.contract),
        ),
        (
            "Week grid (mentor)",
            f.mentor.clone(),
            format!("{base}/hours?contract_id={}&week={week}", f.open_contract),
        ),
        (
            "Campaign dashboard (region, month)",
            f.consultant.clone(),
            format!(
                "{base}/campaigns/{}?month=2010-06&region=midtjylland&jobcenter_id={}",
                f.campaign, f.jobcenter
            ),
        ),
    ]
}

/// The floors: a separate actix-web server in this process on the same database.
fn start_floors(url: &str) -> (String, actix_web::dev::ServerHandle) {
    let db = Db::connect(&DbUrl::parse(url).expect("url"), &PoolOptions::default()).expect("db");
    let ddl =
        "CREATE TABLE IF NOT EXISTS bench_floor (id TEXT PRIMARY KEY NOT NULL, n BIGINT NOT NULL)";
    {
        let mut conn = db.write_conn().expect("conn");
        match &mut *conn {
            DbConnection::Sqlite(c) => diesel::sql_query(ddl).execute(c),
            DbConnection::Postgresql(c) => diesel::sql_query(ddl).execute(c),
        }
        .expect("floor table");
    }
    let port = free_port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(db.clone()))
            .route("/const", web::get().to(|| async { HttpResponse::Ok().body("ok") }))
            .route("/read", web::get().to(|db: web::Data<Db>| async move {
                let rows: Vec<(String, String, String)> = db
                    .read(|conn| {
                        Ok(companies::table
                            .select((companies::id, companies::name, companies::cvr))
                            .order(companies::sort_key.asc())
                            .limit(20)
                            .load(conn)?)
                    })
                    .await
                    .unwrap_or_default();
                let page = maud::html! {
                    (maud::DOCTYPE)
                    html lang="da" { body { table {
                        @for (id, name, cvr) in &rows { tr { td { a href={ "/c/" (id) } { (name) } } td { (cvr) } } }
                    } } }
                };
                HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page.into_string())
            }))
            .route("/insert", web::post().to(|db: web::Data<Db>| async move {
                let r = db
                    .write(|conn| {
                        diesel::sql_query("INSERT INTO bench_floor (id, n) VALUES ($1, 1)")
                            .bind::<diesel::sql_types::Text, _>(virksomhedscenter::db::new_id())
                            .execute(conn)?;
                        Ok(())
                    })
                    .await;
                match r {
                    Ok(()) => HttpResponse::Created().finish(),
                    Err(_) => HttpResponse::ServiceUnavailable().finish(),
                }
            }))
    })
    .bind(("127.0.0.1", port))
    .expect("bind floors")
    .run();
    let handle = server.handle();
    actix_rt::spawn(server);
    (format!("http://127.0.0.1:{port}"), handle)
}

struct Row {
    name: &'static str,
    m: Measured,
    floor: &'static str,
    floor_m: Measured,
    target: &'static str,
    met: Option<bool>,
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    format!(
        "{cores} cores ({cpu}), {mem:.0} GiB memory, {}",
        std::env::consts::OS
    )
}

fn main() {
    let args = Args::parse();
    let _ = args.bench;
    actix_rt::System::new().block_on(run(args));
}

async fn run(args: Args) {
    let url = args
        .database_url
        .clone()
        .unwrap_or_else(|| sqlite_url(&args.scale));
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let generated = ensure_data(&url, &args.scale);
    let url = prepare(&url);
    let server = Server::start(&url);
    println!(
        "server answered {:.0} ms after start",
        server.first_answer.as_secs_f64() * 1000.0
    );
    let base = server.base.clone();
    let f = fixture(&base, 0).await;
    let (floor_base, floor_handle) = start_floors(&url);
    let (conns, secs) = (args.connections, args.seconds);

    let fb = floor_base.clone();
    let c = client();
    let const_floor = load(conns, secs, move |_| c.get(format!("{fb}/const"))).await;
    println!("floor const: {const_floor:?}");
    let fb = floor_base.clone();
    let c = client();
    let read_floor = load(conns, secs, move |_| c.get(format!("{fb}/read"))).await;
    println!("floor read: {read_floor:?}");
    let fb = floor_base.clone();
    let c = client();
    let insert_floor = load(conns, secs, move |_| c.post(format!("{fb}/insert"))).await;
    println!("floor insert: {insert_floor:?}");

    let mut rows = Vec::new();
    let mut p50s = BTreeMap::new();
    let wanted = |name: &str| args.only.as_deref().is_none_or(|o| name.contains(o));
    for (name, client, path) in read_routes(&f, &base) {
        if !wanted(name) {
            continue;
        }
        let m = load(conns, secs, move |_| client.get(&path)).await;
        println!("{name}: {m:?}");
        p50s.insert(name, m.p50_ms);
        let dashboard = name.starts_with("Campaign");
        rows.push(Row {
            name,
            m,
            floor: "read + render",
            floor_m: read_floor.clone(),
            target: if dashboard {
                "p50 ≤ 5 × contract page"
            } else {
                "≥ 60 % of floor"
            },
            met: None,
        });
    }

    let (placed, waiting) = if wanted("Referral") {
        // Referrals: even requests a free day on the 100-seat contract (placed), odd ones a day on the
        // full one-seat contract (waiting). Each half has its own candidates, and a candidate comes
        // back only on another day, so nobody is booked twice at once.
        let half = (f.candidates.len() / 2) as u64;
        let cands = Arc::new(f.candidates.clone());
        let (open, full) = (f.open_contract.clone(), f.full_contract.clone());
        let (os, fs, seats) = (f.open_start, f.full_start, f.open_seats);
        let (c, t, b) = (client(), f.consultant_token.clone(), base.clone());
        let referral = load(conns, secs, move |k| {
            let j = k / 2;
            let (contract, cand, day) = if k % 2 == 0 {
                (
                    &open,
                    &cands[(j % half) as usize],
                    os + Days::days((j / seats) as i64),
                )
            } else {
                (
                    &full,
                    &cands[(half + j % half) as usize],
                    fs + Days::days(((j / half) % 90) as i64),
                )
            };
            c.post(format!("{b}/api/v1/referrals"))
                .bearer_auth(&t)
                .json(&json!({
            "contract_id": contract, "candidate_id": cand, "offer_type": "virksomhedspraktik",
            "start_date": day.to_string(), "end_date": day.to_string()}))
        })
        .await;
        println!("referral: {referral:?}");
        let counts = {
            use virksomhedscenter::db::schema::placements;
            let db = Db::connect(&DbUrl::parse(&url).expect("url"), &PoolOptions::default())
                .expect("db");
            let mut conn = db.read_conn().expect("conn");
            let count = |conn: &mut DbConnection, status: &str| -> i64 {
                placements::table
                    .filter(placements::contract_id.eq_any([&f.open_contract, &f.full_contract]))
                    .filter(placements::status.eq(status))
                    .count()
                    .get_result(conn)
                    .expect("count")
            };
            (count(&mut conn, "placed"), count(&mut conn, "waiting"))
        };
        rows.push(Row {
            name: "Referral (POST /api/v1/referrals)",
            m: referral,
            floor: "one-row insert",
            floor_m: insert_floor.clone(),
            target: "≥ 50 % of floor",
            met: None,
        });
        counts
    } else {
        (0, 0)
    };
    if wanted("Hour entry") {
        let (c, t, b, id, start) = (
            client(),
            f.mentor_token.clone(),
            base.clone(),
            f.open_contract.clone(),
            f.open_start,
        );
        let hour = load(conns, secs, move |k| {
            c.post(format!("{b}/api/v1/hours"))
                .bearer_auth(&t)
                .json(&json!({
            "contract_id": id, "date": (start + Days::days((k % 985) as i64)).to_string(),
            "minutes": 15, "activity": "training"}))
        })
        .await;
        println!("hour entry: {hour:?}");
        rows.push(Row {
            name: "Hour entry (POST /api/v1/hours)",
            m: hour,
            floor: "one-row insert",
            floor_m: insert_floor.clone(),
            target: "≥ 50 % of floor",
            met: None,
        });
    }
    let rss = server.peak_rss_mib();
    let first = server.first_answer;
    drop(server);
    floor_handle.stop(true).await;

    let contract_p50 = p50s.get("Contract page").copied().unwrap_or(f64::NAN);
    for r in &mut rows {
        r.met = Some(
            if r.name.starts_with("Campaign") {
                r.m.p50_ms <= 5.0 * contract_p50
            } else if r.target.starts_with("≥ 60") {
                r.m.rps >= 0.6 * r.floor_m.rps
            } else {
                r.m.rps >= 0.5 * r.floor_m.rps
            } && r.m.errors == 0
                && r.m.requests > 0
                // A floor that answered nothing (or failed) measures nothing to compare with.
                && r.floor_m.requests > 0
                && r.floor_m.errors == 0,
        );
    }

    // The same read pages on a data set `compare_scale` times larger.
    let mut doubled = BTreeMap::new();
    if args.compare_scale > 0.0 && args.database_url.is_none() {
        let big = format!("{}", args.compare_scale);
        let big_url = sqlite_url(&big);
        ensure_data(&big_url, &big);
        let big_url = prepare(&big_url);
        let server = Server::start(&big_url);
        let base = server.base.clone();
        let f2 = fixture(&base, 1).await;
        for (name, client, path) in read_routes(&f2, &base) {
            let m = load(conns, secs, move |_| client.get(&path)).await;
            println!("{name} at scale {big}: {m:?}");
            doubled.insert(name, m.p50_ms);
        }
    }

    // The report.
    let mut md = String::new();
    let _ = writeln!(md, "## Backend: {backend}\n");
    let _ = writeln!(
        md,
        "Written by `cargo bench --bench national{}`; numbers from one run on one machine.\n",
        if backend == "PostgreSQL" {
            " -- --database-url postgres://…"
        } else {
            ""
        }
    );
    let _ = writeln!(md, "- Date: {}", Utc::now().format("%Y-%m-%d %H:%M UTC"));
    let _ = writeln!(md, "- Machine: {}", machine());
    let _ = writeln!(
        md,
        "- Backend: {backend}; data set `{}`{}",
        args.scale,
        generated
            .map(|s| format!(", generated in {s:.1} s"))
            .unwrap_or_default()
    );
    let _ = writeln!(md, "- Load: {conns} connections, {secs} s per route after 1 s warm-up, closed loop (each connection sends its next request when the answer is in); the load generator runs on the same machine.");
    let _ = writeln!(
        md,
        "- Server: the release binary, default settings, started as its own process.\n"
    );
    let _ = writeln!(
        md,
        "| Route | req/s | p50 ms | p99 ms | errors | floor | floor req/s | ratio | target | met |"
    );
    let total: u64 = rows.iter().map(|r| r.m.requests).sum::<u64>()
        + const_floor.requests
        + read_floor.requests
        + insert_floor.requests;
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---|---:|---:|---|---|");
    let _ = writeln!(
        md,
        "| Floor: constant handler | {:.0} | {:.2} | {:.2} | {} | | | | | |",
        const_floor.rps, const_floor.p50_ms, const_floor.p99_ms, const_floor.errors
    );
    let _ = writeln!(
        md,
        "| Floor: 20 rows read + maud | {:.0} | {:.2} | {:.2} | {} | | | | | |",
        read_floor.rps, read_floor.p50_ms, read_floor.p99_ms, read_floor.errors
    );
    let _ = writeln!(
        md,
        "| Floor: one-row insert (single writer) | {:.0} | {:.2} | {:.2} | {} | | | | | |",
        insert_floor.rps, insert_floor.p50_ms, insert_floor.p99_ms, insert_floor.errors
    );
    for r in &rows {
        let _ = writeln!(
            md,
            "| {} | {:.0} | {:.2} | {:.2} | {} | {} | {:.0} | {:.0} % | {} | {} |",
            r.name,
            r.m.rps,
            r.m.p50_ms,
            r.m.p99_ms,
            r.m.errors,
            r.floor,
            r.floor_m.rps,
            100.0 * r.m.rps / r.floor_m.rps.max(1e-9),
            r.target,
            if r.met == Some(true) { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(md, "\n{total} requests were measured in all.");
    let _ = writeln!(md, "\nReferrals: {placed} placed and {waiting} on the waiting list (the full contract's own booking included); overbooking is refused by the service and by the database (see docs/database.md).\n");
    let _ = writeln!(
        md,
        "- Peak resident memory of the server: {rss:.1} MiB (target under 100 MiB on SQLite): {}",
        if rss < 100.0 { "met" } else { "**not met**" }
    );
    let _ = writeln!(md, "- First request answered {:.0} ms after the process started on the existing database (target within 1 s): {}", first.as_secs_f64() * 1000.0, if first < Duration::from_secs(1) { "met" } else { "**not met**" });
    if !doubled.is_empty() {
        let _ = writeln!(md, "\nThe read pages at scale {} against scale {} (target: p50 changes by at most 20 %):\n", args.compare_scale, args.scale);
        let _ = writeln!(
            md,
            "| Page | p50 ms ({}) | p50 ms (×{}) | change | met |",
            args.scale, args.compare_scale
        );
        let _ = writeln!(md, "|---|---:|---:|---:|---|");
        for (name, p) in &p50s {
            if let Some(q) = doubled.get(name) {
                let change = (q - p) / p;
                let _ = writeln!(
                    md,
                    "| {name} | {p:.2} | {q:.2} | {:+.0} % | {} |",
                    change * 100.0,
                    if change.abs() <= 0.2 { "yes" } else { "**no**" }
                );
            }
        }
    }
    if args.only.is_none() {
        // The backend's own section of the report is replaced; the rest (the other backend's
        // section, the notes written by hand) is kept.
        let (start, end) = (
            format!("<!-- bench:{backend} -->"),
            format!("<!-- /bench:{backend} -->"),
        );
        let old = std::fs::read_to_string(&args.out).unwrap_or_else(|_| "# Benchmarks\n".into());
        let section = format!("{start}\n{md}{end}");
        let new = match (old.find(&start), old.find(&end)) {
            (Some(a), Some(b)) if a < b => {
                format!("{}{section}{}", &old[..a], &old[b + end.len()..])
            }
            _ => format!("{}\n{section}\n", old.trim_end()),
        };
        std::fs::write(&args.out, new).expect("write the report");
    }
    println!("\n{md}");
}
