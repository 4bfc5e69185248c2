//! The command line: migrate and create-user, with exit codes a person understands.

use std::process::Command;

use crate::helpers::{TestDb, SECRET};

fn vc(db: &TestDb) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_virksomhedscenter"));
    c.env("DATABASE_URL", db.url_string())
        .env("VC_SECRET_KEY", SECRET)
        .env("RUST_LOG", "warn")
        .env_remove("VC_PASSWORD");
    c
}

/// `create-user` of the administrator chef@test.dk with `password`.
fn create_admin(db: &TestDb, password: &str) -> std::process::Output {
    vc(db)
        .args([
            "create-user",
            "--email",
            "chef@test.dk",
            "--name",
            "Chef",
            "--role",
            "admin",
        ])
        .env("VC_PASSWORD", password)
        .output()
        .expect("run create-user")
}

#[actix_web::test]
async fn migrate_and_create_user_from_the_command_line() {
    let db = TestDb::new();
    let out = vc(&db).arg("migrate").output().expect("run migrate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Applied"));

    let out = vc(&db)
        .args([
            "create-user",
            "--email",
            "Chef@Test.dk",
            "--name",
            "Chef",
            "--role",
            "admin",
        ])
        .env("VC_PASSWORD", "en lang og god sætning")
        .output()
        .expect("run create-user");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("chef@test.dk"));
    // The audit trail has it, though no one was logged in.
    {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::{user_events as e, users as u};
        let conn =
            virksomhedscenter::db::Db::connect(db.url(), &Default::default()).expect("connect");
        let mut conn = conn.read_conn().expect("conn");
        let events: Vec<(String, String)> = e::table
            .inner_join(u::table.on(u::id.eq(e::user_id)))
            .filter(u::email.eq("chef@test.dk"))
            .select((e::action, e::detail))
            .load(&mut *conn)
            .expect("events");
        assert_eq!(
            events,
            [(
                "user_created".to_string(),
                "admin, command line".to_string()
            )]
        );
    }

    let out = vc(&db)
        .args([
            "create-user",
            "--email",
            "x@test.dk",
            "--name",
            "X",
            "--role",
            "boss",
        ])
        .env("VC_PASSWORD", "en lang og god sætning")
        .output()
        .expect("run create-user");
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown role is a usage error"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("role"));

    let out = vc(&db)
        .args([
            "create-user",
            "--email",
            "y@test.dk",
            "--name",
            "Y",
            "--role",
            "admin",
        ])
        .env("VC_PASSWORD", "kort")
        .output()
        .expect("run create-user");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));

    // The password may come on standard input.
    let mut child = vc(&db)
        .args([
            "create-user",
            "--email",
            "z@test.dk",
            "--name",
            "Z",
            "--role",
            "admin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"en lang og god saetning\n")
            .expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bad_database_url_is_a_clear_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_virksomhedscenter"))
        .args(["migrate"])
        .env("DATABASE_URL", "mysql://nope")
        .env("VC_SECRET_KEY", SECRET)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[actix_web::test]
async fn demo_loads_once() {
    let db = TestDb::new();
    let out = vc(&db).arg("demo").output().expect("run demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("karin.holm@middelfart.dk"), "{stdout}");
    assert!(
        stdout.contains("virksomhedscenter"),
        "the password is shown"
    );
    let out = vc(&db).arg("demo").output().expect("run demo");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("already loaded"));
}

/// Starts `serve` on a free port and waits for its first line naming the address.
fn start_server(db: &TestDb, extra: &[&str]) -> (std::process::Child, String, String) {
    start_server_logging(db, extra, None)
}

fn start_server_logging(
    db: &TestDb,
    extra: &[&str],
    log: Option<std::fs::File>,
) -> (std::process::Child, String, String) {
    start_server_env(db, extra, log, &[])
}

fn start_server_env(
    db: &TestDb,
    extra: &[&str],
    log: Option<std::fs::File>,
    envs: &[(&str, &str)],
) -> (std::process::Child, String, String) {
    use std::io::{BufRead, BufReader};
    let stderr = match log {
        Some(f) => std::process::Stdio::from(f),
        None => std::process::Stdio::null(),
    };
    let mut child = vc(db)
        .envs(envs.iter().copied())
        .arg("serve")
        .args(extra)
        .env("VC_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    let mut printed = String::new();
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        printed.push_str(&line);
        if let Some(rest) = line.split("running on ").nth(1) {
            let base = rest
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string();
            return (child, base, printed);
        }
        line.clear();
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve did not start: {printed}");
}

#[actix_web::test]
async fn serve_loads_demo_data_into_a_new_database_and_answers() {
    let db = TestDb::new();
    let (mut child, base, printed) = start_server(&db, &[]);
    assert!(
        printed.contains("karin.holm@middelfart.dk"),
        "demo logins are printed: {printed}"
    );
    let http = reqwest::Client::new();
    let health = http
        .get(format!("{base}/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    let login = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "karin.holm@middelfart.dk", "password": "virksomhedscenter"}))
        .send()
        .await
        .expect("login");
    assert_eq!(
        login.status(),
        reqwest::StatusCode::OK,
        "a demo login works"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// "Today" is the date in Denmark: at 22:30 UTC on 30 June (summer time) it is already 1 July,
/// so a contract accepted to start on 1 July is running, and a mentor may log hours for that day
/// but not for the next. The clock is moved with `VC_TODAY`, which only a test build honours.
#[actix_web::test]
async fn today_is_the_danish_date() {
    let db = TestDb::new();
    let (mut child, base, _) =
        start_server_env(&db, &[], None, &[("VC_TODAY", "2026-06-30T22:30:00Z")]);
    let http = reqwest::Client::new();
    let login = |email: &'static str| {
        let http = http.clone();
        let base = base.clone();
        async move {
            let res = http
                .post(format!("{base}/api/v1/auth/login"))
                .json(&serde_json::json!({"email": email, "password": "virksomhedscenter"}))
                .send()
                .await
                .expect("login");
            assert_eq!(res.status(), reqwest::StatusCode::OK, "login {email}");
            let body: serde_json::Value = res.json().await.expect("json");
            let token = body["token"].as_str().expect("token").to_string();
            let me: serde_json::Value = http
                .get(format!("{base}/api/v1/me"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("me")
                .json()
                .await
                .expect("json");
            (token, me)
        }
    };
    let (consultant, _) = login("karin.holm@middelfart.dk").await;
    let (signatory, _) = login("lene@lillebaelt-rengoering.dk").await;
    let (mentor, me) = login("ole@lillebaelt-rengoering.dk").await;
    let company: serde_json::Value = http
        .get(format!(
            "{base}/api/v1/companies/{}",
            me["company_id"].as_str().unwrap()
        ))
        .bearer_auth(&consultant)
        .send()
        .await
        .expect("company")
        .json()
        .await
        .expect("json");
    let mut draft = serde_json::json!({
        "company_id": me["company_id"], "mentor_id": me["id"], "seats": 2,
        "offer_types": ["virksomhedspraktik"], "start_date": "2026-07-01", "end_date": "2026-12-31",
        "mentor_minutes_per_week": 120, "mentor_rate_ore": 20000,
    });
    if let Some(site) = company["worksites"].as_array().and_then(|w| w.first()) {
        draft["worksite_p_number"] = site["p_number"].clone();
    }
    let res = http
        .post(format!("{base}/api/v1/contracts"))
        .bearer_auth(&consultant)
        .json(&draft)
        .send()
        .await
        .expect("draft");
    assert_eq!(
        res.status(),
        reqwest::StatusCode::CREATED,
        "1 July is not in the past"
    );
    let id = res.json::<serde_json::Value>().await.expect("json")["id"]
        .as_str()
        .expect("id")
        .to_string();
    for (token, action) in [(&consultant, "send"), (&signatory, "accept")] {
        let res = http
            .post(format!("{base}/api/v1/contracts/{id}/{action}"))
            .bearer_auth(token)
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect(action);
        assert_eq!(res.status(), reqwest::StatusCode::OK, "{action}");
    }
    let contract: serde_json::Value = http
        .get(format!("{base}/api/v1/contracts/{id}"))
        .bearer_auth(&consultant)
        .send()
        .await
        .expect("contract")
        .json()
        .await
        .expect("json");
    assert_eq!(
        contract["status"], "active",
        "on 1 July in Denmark the contract runs: {contract}"
    );
    let hours = |date: &'static str| {
        http.post(format!("{base}/api/v1/hours"))
            .bearer_auth(&mentor)
            .json(&serde_json::json!({"contract_id": id, "date": date, "minutes": 60, "activity": "training"}))
            .send()
    };
    let today = hours("2026-07-01").await.expect("hours today");
    assert!(
        today.status().is_success(),
        "hours for today (Danish) are taken: {}",
        today.text().await.unwrap_or_default()
    );
    let tomorrow = hours("2026-07-02").await.expect("hours tomorrow");
    assert_eq!(
        tomorrow.status(),
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "tomorrow is still the future"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// Requests that wait for a database connection queue for one of the worker's blocking threads;
/// they do not each get a thread of their own (actix's default allows 512), whose malloc arenas
/// were most of the server's peak memory (docs/benchmarks.md).
#[actix_web::test]
async fn waiting_requests_do_not_each_get_a_thread() {
    let db = TestDb::new();
    let (mut child, base, _) = start_server(&db, &["--workers", "2", "--pool-size", "2"]);
    let threads = || -> usize {
        std::fs::read_to_string(format!("/proc/{}/status", child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Threads:"))
                    .and_then(|n| n.trim().parse().ok())
            })
            .unwrap_or(0)
    };
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "karin.holm@middelfart.dk", "password": "virksomhedscenter"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = login["token"].as_str().expect("token").to_string();
    let mut most = 0;
    for _ in 0..5 {
        let burst: Vec<_> = (0..64)
            .map(|_| {
                actix_web::rt::spawn(
                    http.get(format!("{base}/api/v1/contracts"))
                        .bearer_auth(&token)
                        .send(),
                )
            })
            .collect();
        for task in burst {
            let res = task.await.expect("task").expect("answer");
            assert_eq!(res.status(), reqwest::StatusCode::OK);
        }
        most = most.max(threads());
    }
    let _ = child.kill();
    let _ = child.wait();
    // Two workers with three blocking threads each (two readers and the writer), the main
    // thread and the runtime's own, and a few short-lived helper threads (a loaded machine saw
    // up to 23 at once): far below one thread per waiting request, which would be 64 and more.
    assert!(most > 0, "the server's threads were read");
    assert!(most <= 32, "{most} threads after bursts of 64 requests");
}

#[actix_web::test]
async fn serve_with_no_demo_starts_empty() {
    let db = TestDb::new();
    let (mut child, base, printed) = start_server(&db, &["--no-demo"]);
    assert!(!printed.contains("Demo data"), "{printed}");
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "karin.holm@middelfart.dk", "password": "virksomhedscenter"}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), reqwest::StatusCode::UNAUTHORIZED);
    let _ = child.kill();
    let _ = child.wait();
}

#[actix_web::test]
async fn cpr_numbers_never_reach_the_log() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().expect("dir");
    let log_path = dir.path().join("server.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let (mut child, base, _) = start_server_logging(&db, &[], Some(log));
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "karin.holm@middelfart.dk", "password": "virksomhedscenter"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = login["token"].as_str().expect("token").to_string();
    let created: serde_json::Value = http
        .post(format!("{base}/api/v1/candidates"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"cpr": "070761-4285", "name": "Logtest", "benefit": "kontanthjaelp", "match_group": 2}))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let id = created["id"].as_str().expect("id").to_string();
    for path in [
        format!("/api/v1/candidates/{id}"),
        "/api/v1/candidates?q=070761-4285".to_string(),
        "/api/v1/candidates?q=0707614285".to_string(),
    ] {
        let res = http
            .get(format!("{base}{path}"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), reqwest::StatusCode::OK);
    }
    let bad = http
        .post(format!("{base}/api/v1/candidates"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"cpr": "310261-4285", "name": "Ugyldig", "benefit": "kontanthjaelp", "match_group": 2}))
        .send()
        .await
        .expect("create");
    assert_eq!(bad.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let _ = child.kill();
    let _ = child.wait();
    let log = std::fs::read_to_string(&log_path).expect("read log");
    assert!(
        log.contains("/api/v1/candidates"),
        "the requests were logged: {log}"
    );
    // The birth-date parts and the whole numbers (the last four digits alone also occur by chance
    // in timestamps and ids, so they are not a reliable needle).
    for needle in ["070761-4285", "0707614285", "070761", "310261"] {
        assert!(!log.contains(needle), "the log holds {needle}");
    }
}

fn counts(db: &virksomhedscenter::db::Db) -> (i64, i64, i64) {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::{companies, jobcenters, users};
    let mut conn = db.read_conn().expect("conn");
    (
        users::table.count().get_result(&mut *conn).expect("users"),
        jobcenters::table
            .count()
            .get_result(&mut *conn)
            .expect("jobcenters"),
        companies::table
            .count()
            .get_result(&mut *conn)
            .expect("companies"),
    )
}

/// A backup taken while the server runs, restored, holds what the server had (SQLite: the
/// `backup` command; PostgreSQL: pg_dump and pg_restore as docs/operations.md says).
#[actix_web::test]
async fn a_backup_taken_while_serving_restores() {
    use virksomhedscenter::db::{Db, DbUrl, PoolOptions};
    let app = crate::helpers::TestApp::spawn().await;
    let admin = app.token(crate::helpers::ADMIN).await;
    let res = app
        .post(
            &admin,
            "/api/v1/jobcenters",
            &serde_json::json!({"name": "Jobcenter Backup", "region": "Midtjylland", "kommunekoder": [751]}),
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    let before = counts(&app.db);
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("kopi.db");
    if app.test_db.is_postgres() {
        let dump = dir.path().join("dump.pgc");
        let out = Command::new("pg_dump")
            .args(["-Fc", "-f"])
            .arg(&dump)
            .arg(app.test_db.url_string())
            .output()
            .expect("pg_dump is installed with the PostgreSQL client");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let target = TestDb::new();
        let out = Command::new("pg_restore")
            .args(["--no-owner", "-d", &target.url_string()])
            .arg(&dump)
            .output()
            .expect("pg_restore");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let url = target.url().clone();
        let db = Db::connect(&url, &PoolOptions::default()).expect("open the restored database");
        db.migrate().expect("nothing to migrate");
        assert_eq!(counts(&db), before);
        drop(db);
        drop(target);
        return;
    }
    let restored_url = {
        let mut c = Command::new(env!("CARGO_BIN_EXE_virksomhedscenter"));
        c.env("DATABASE_URL", app.test_db.url_string())
            .env("RUST_LOG", "warn")
            .arg("backup")
            .arg(&copy);
        let out = c.output().expect("run backup");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote a copy"));
        // Never over an existing file.
        let out = Command::new(env!("CARGO_BIN_EXE_virksomhedscenter"))
            .env("DATABASE_URL", app.test_db.url_string())
            .arg("backup")
            .arg(&copy)
            .output()
            .expect("run backup");
        assert!(!out.status.success());
        DbUrl::Sqlite(copy)
    };
    // Restoring is putting the copy in place and starting on it.
    let db = Db::connect(&restored_url, &PoolOptions::default()).expect("open the copy");
    db.migrate().expect("nothing to migrate");
    assert_eq!(counts(&db), before);
}

/// The benchmark generator at a hundredth of the country: whole contracts, no seat booked twice
/// (the database's guard would refuse it), and the campaign counts equal to a rebuild.
#[actix_web::test]
async fn the_generator_fills_a_consistent_country() {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::{contracts, jobcenter_months, jobcenters, placements};
    let db = TestDb::new();
    let out = vc(&db)
        .args(["demo", "--scale", "0.01"])
        .output()
        .expect("run the generator");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Generated 94 jobcenters, 50 companies"));
    let out = vc(&db)
        .args(["demo", "--scale", "0.01"])
        .output()
        .expect("run again");
    assert!(
        !out.status.success(),
        "a second run into the same database is refused"
    );
    let d = virksomhedscenter::db::Db::connect(db.url(), &Default::default()).expect("open");
    let mut conn = d.write_conn().expect("conn");
    let n: i64 = jobcenters::table
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(n, 94);
    let n: i64 = contracts::table
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(n, 100);
    let n: i64 = placements::table
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert!(n > 1000, "{n} placements");
    // People in activation in June 2010, counted from the placements themselves, are what the
    // campaign reads.
    use virksomhedscenter::db::schema::candidates;
    let first = chrono::NaiveDate::from_ymd_opt(2010, 6, 1).expect("date");
    let last = chrono::NaiveDate::from_ymd_opt(2010, 6, 30).expect("date");
    let mut direct: Vec<(String, i64)> = placements::table
        .inner_join(candidates::table)
        .filter(placements::status.eq_any(["placed", "ended"]))
        .filter(placements::start_date.le(last))
        .filter(placements::end_date.ge(first))
        .group_by(candidates::jobcenter_id)
        .select((
            candidates::jobcenter_id,
            diesel::dsl::count(placements::candidate_id).aggregate_distinct(),
        ))
        .load(&mut *conn)
        .expect("direct");
    direct.sort();
    let mut kept: Vec<(String, i64)> = jobcenter_months::table
        .filter(jobcenter_months::month.eq("2010-06"))
        .select((
            jobcenter_months::jobcenter_id,
            jobcenter_months::in_activation,
        ))
        .load::<(String, i32)>(&mut *conn)
        .expect("kept")
        .into_iter()
        .map(|(j, n)| (j, i64::from(n)))
        .collect();
    kept.sort();
    assert!(!kept.is_empty());
    assert_eq!(kept, direct);
}

#[actix_web::test]
async fn retention_runs_from_the_command_line() {
    let db = TestDb::new();
    let out = vc(&db).arg("migrate").output().expect("migrate");
    assert!(out.status.success());
    for args in [
        &["retention", "--dry-run"][..],
        &["retention", "--years", "3"][..],
    ] {
        let out = vc(&db).args(args).output().expect("retention");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}: {text}");
        assert!(text.contains("0 candidates"), "{args:?}: {text}");
        assert!(text.contains("0 documents"), "{args:?}: {text}");
    }
    let out = vc(&db)
        .args(["retention", "--years", "x"])
        .output()
        .expect("bad");
    assert_eq!(out.status.code(), Some(2), "a bad number is a usage error");
}

/// Several instances starting at once on a new PostgreSQL database: the migrations run once,
/// under the advisory lock, and every instance starts (SQLite has one process per file).
#[actix_web::test]
async fn instances_starting_together_migrate_once() {
    let db = TestDb::new();
    if !db.is_postgres() {
        eprintln!("concurrent migrations are a PostgreSQL matter: runs with TEST_DATABASE_URL");
        return;
    }
    let together: Vec<_> = (0..4)
        .map(|_| {
            let mut c = vc(&db);
            c.arg("migrate");
            std::thread::spawn(move || c.output().expect("migrate"))
        })
        .collect();
    let mut applied = 0;
    for h in together {
        let out = h.join().expect("thread");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if !String::from_utf8_lossy(&out.stdout).contains("up to date") {
            applied += 1;
        }
    }
    assert_eq!(
        applied, 1,
        "one instance applied the migrations, the others found them done"
    );
}

/// `VC_REQUIRE_MFA` unset: a real database (made without the demo) requires a second factor of
/// its administrators; the demo database does not, and its pages say it is a demo. The demo
/// password is refused for a real account. `reset-mfa` removes a factor, audited.
#[actix_web::test]
async fn administrators_of_a_real_database_need_a_second_factor() {
    let db = TestDb::new();
    let out = create_admin(&db, "virksomhedscenter");
    assert_eq!(out.status.code(), Some(2), "the published demo password");
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));
    let out = create_admin(&db, "en lang og god sætning");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut child, base, _) = start_server(&db, &["--no-demo"]);
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "chef@test.dk", "password": "en lang og god sætning"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = login["token"].as_str().expect("token").to_string();
    let res = http
        .get(format!("{base}/api/v1/users"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("users");
    assert_eq!(res.status(), reqwest::StatusCode::FORBIDDEN);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["error"], "mfa_enrolment_required");
    let res = http
        .post(format!("{base}/api/v1/me/totp"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("enrol");
    assert_eq!(res.status(), reqwest::StatusCode::OK, "enrolment is open");
    let _ = child.kill();
    let _ = child.wait();

    let out = vc(&db)
        .args(["reset-mfa", "--email", "chef@test.dk"])
        .output()
        .expect("run reset-mfa");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = vc(&db)
        .args(["reset-mfa", "--email", "ingen@test.dk"])
        .output()
        .expect("run reset-mfa");
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown e-mail is a usage error"
    );
    {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::user_events as e;
        let conn =
            virksomhedscenter::db::Db::connect(db.url(), &Default::default()).expect("connect");
        let mut conn = conn.read_conn().expect("conn");
        let n: i64 = e::table
            .filter(e::action.eq("mfa_reset"))
            .count()
            .get_result(&mut *conn)
            .expect("count");
        assert_eq!(n, 1);
    }

    // The demo database: no second factor required, and every page says it is a demo.
    let demo_db = TestDb::new();
    let (mut child, base, _) = start_server(&demo_db, &[]);
    let login: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "admin@virksomhedscenter.dk", "password": "virksomhedscenter"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = login["token"].as_str().expect("token").to_string();
    let res = http
        .get(format!("{base}/api/v1/users"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("users");
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let page = http
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Dette er en demo"), "the demo says so");
    let _ = child.kill();
    let _ = child.wait();
}
