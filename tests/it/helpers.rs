//! Test support: an app on port 0 with a fresh database (SQLite in a temp folder, or a new
//! PostgreSQL database when TEST_DATABASE_URL is set), seeded organisations and users, and
//! clients for the API and for a browser with cookies.

use std::net::TcpListener;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use virksomhedscenter::auth::model::UserInput;
use virksomhedscenter::auth::model::UserRaw;
use virksomhedscenter::auth::{password, store as users};
use virksomhedscenter::db::{Db, DbUrl, PoolOptions};
use virksomhedscenter::directory::model::{CompanyInput, CompanyRaw, JobcenterInput, JobcenterRaw};
use virksomhedscenter::directory::store as directory;
use virksomhedscenter::state::{AppState, Keys, RuntimeSettings};

pub const PASSWORD: &str = "test-adgangskode-1";

/// Today's date moved by `offset` days, as the API writes dates.
pub fn day(offset: i64) -> String {
    (virksomhedscenter::clock::today() + chrono::Duration::days(offset)).to_string()
}

/// The terms of a contract between jobcenter A and company X with mentor X. `Terms::days`
/// sets the seats and the period in days from today; the rest can be changed field by field.
pub struct Terms {
    pub seats: i64,
    pub start_date: String,
    pub end_date: String,
    pub mentor_minutes_per_week: i64,
    pub offer_types: Vec<&'static str>,
}

impl Terms {
    pub fn days(seats: i64, start: i64, end: i64) -> Terms {
        Terms {
            seats,
            start_date: day(start),
            end_date: day(end),
            mentor_minutes_per_week: 120,
            offer_types: vec!["virksomhedspraktik"],
        }
    }

    pub fn json(&self, app: &TestApp) -> Value {
        json!({
            "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X),
            "seats": self.seats, "offer_types": self.offer_types,
            "start_date": self.start_date, "end_date": self.end_date,
            "mentor_minutes_per_week": self.mentor_minutes_per_week, "mentor_rate_ore": 20000,
        })
    }
}
/// How long the tests' HTTP clients keep an idle connection for reuse: well under actix-web's
/// keep-alive of 5 s. A connection idle for about those 5 s could be closed by the server just as
/// the client sent on it, which failed a request with `IncompleteMessage` (seen once in CI, in a
/// browser test whose API client waited while the browser worked).
pub const CLIENT_IDLE: std::time::Duration = std::time::Duration::from_secs(2);

pub const SECRET: &str = "integration-test-secret-that-is-long-enough";

/// A test's PostgreSQL URL without TLS (`sslmode=disable`) unless it names a mode: the server is
/// on loopback, and libpq over OpenSSL can crash the test process at exit while a test server's
/// pool threads still hold TLS connections (seen once in CI: SIGSEGV after every test passed).
pub fn without_tls(url: &str) -> String {
    if url.contains("sslmode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&sslmode=disable")
    } else {
        format!("{url}?sslmode=disable")
    }
}

/// A fresh database that is removed when the test ends.
pub enum TestDb {
    /// The folder is kept (and removed) with the value.
    Sqlite(#[allow(dead_code)] tempfile::TempDir, DbUrl),
    Postgres {
        admin_url: String,
        name: String,
        url: DbUrl,
    },
}

/// The name of the PostgreSQL database that holds the migrated schema the tests' databases are
/// copied from: one per content of `migrations/postgres`, so an edited migration makes a new one.
fn template_name() -> String {
    use sha2::{Digest, Sha256};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("migrations/postgres")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|f| f.path())
        .collect();
    files.sort();
    let mut hash = Sha256::new();
    for f in files {
        // The path inside migrations/postgres, so every checkout shares the template.
        hash.update(
            f.strip_prefix(&dir)
                .unwrap_or(&f)
                .to_string_lossy()
                .as_bytes(),
        );
        hash.update(std::fs::read(&f).expect("migration file"));
    }
    format!("vc_template_{}", &hex::encode(hash.finalize())[..16])
}

/// Makes sure the template database exists, built once per migration content for every test
/// process: under an advisory lock (several test binaries and threads may ask at once), migrated
/// under another name and renamed when complete, so a half-migrated template is never copied.
fn ensure_template(admin_url: &str) -> String {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let name = template_name();
            let mut admin = diesel::PgConnection::establish(admin_url)
                .expect("TEST_DATABASE_URL must name a reachable PostgreSQL server");
            admin
                .batch_execute("SELECT pg_advisory_lock(7262010)")
                .expect("template lock");
            let exists = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
                "EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"
            )))
            .get_result::<bool>(&mut admin)
            .expect("look for the template");
            if !exists {
                let building = format!("{name}_building");
                admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                    .expect("remove a template left half-built");
                admin
                    .batch_execute(&format!("CREATE DATABASE {building}"))
                    .expect("create the template");
                let base = admin_url.split('?').next().unwrap_or(admin_url);
                let prefix = &base[..base.rfind('/').expect("database URL with a path")];
                {
                    let mut conn = virksomhedscenter::db::DbConnection::Postgresql(
                        diesel::PgConnection::establish(&without_tls(&format!(
                            "{prefix}/{building}"
                        )))
                        .expect("connect to the template"),
                    );
                    virksomhedscenter::db::run_migrations(&mut conn).expect("migrate the template");
                }
                admin
                    .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .expect("name the template");
                // Nobody connects to it (a session on it would make every copy fail).
                admin
                    .batch_execute(&format!(
                        "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true"
                    ))
                    .expect("close the template");
            }
            admin
                .batch_execute("SELECT pg_advisory_unlock(7262010)")
                .expect("template unlock");
            name
        })
        .clone()
}

impl TestDb {
    /// An empty database, for the tests of migrating itself.
    #[allow(dead_code)]
    pub fn new() -> TestDb {
        Self::create(false)
    }

    /// A database with every migration applied: on PostgreSQL a copy of a migrated template
    /// (`CREATE DATABASE … TEMPLATE`: a fifth of a second where migrating took half a second), on SQLite an empty file that
    /// the app migrates.
    pub fn migrated() -> TestDb {
        Self::create(true)
    }

    fn create(migrated: bool) -> TestDb {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(admin_url) => {
                let admin_url = without_tls(&admin_url);
                let name = format!("vc_test_{}", uuid::Uuid::now_v7().simple());
                let template = migrated.then(|| ensure_template(&admin_url));
                let mut conn = diesel::PgConnection::establish(&admin_url)
                    .expect("TEST_DATABASE_URL must name a reachable PostgreSQL server");
                let create = match &template {
                    Some(t) => format!("CREATE DATABASE {name} TEMPLATE {t}"),
                    None => format!("CREATE DATABASE {name}"),
                };
                conn.batch_execute(&create).expect("create test database");
                // A test database outlives no machine crash: its commits need not wait for the
                // disk (PostgreSQL still writes everything; a crash of the app loses nothing).
                conn.batch_execute(&format!(
                    "ALTER DATABASE {name} SET synchronous_commit = off"
                ))
                .expect("test database settings");
                let base = admin_url.split('?').next().unwrap_or(&admin_url);
                let prefix = &base[..base.rfind('/').expect("database URL with a path")];
                let url = DbUrl::parse(&without_tls(&format!("{prefix}/{name}"))).expect("url");
                TestDb::Postgres {
                    admin_url,
                    name,
                    url,
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("tempdir");
                let url = DbUrl::Sqlite(dir.path().join("test.db"));
                TestDb::Sqlite(dir, url)
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, TestDb::Postgres { .. })
    }

    pub fn url(&self) -> &DbUrl {
        match self {
            TestDb::Sqlite(_, u) => u,
            TestDb::Postgres { url, .. } => url,
        }
    }

    /// The URL as text, for the command line.
    pub fn url_string(&self) -> String {
        match self.url() {
            DbUrl::Sqlite(p) => p.to_string_lossy().into_owned(),
            DbUrl::Postgres(u) => u.clone(),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres {
            admin_url, name, ..
        } = self
        {
            if let Ok(mut conn) = diesel::PgConnection::establish(admin_url) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// Ids of the seeded organisations and the e-mails of the seeded users.
pub struct Seed {
    pub jobcenter_a: String,
    pub jobcenter_b: String,
    pub company_x: String,
    pub company_y: String,
}

pub const ADMIN: &str = "admin@test.dk";
pub const CONSULTANT_A: &str = "konsulent.a@test.dk";
pub const CONSULTANT_B: &str = "konsulent.b@test.dk";
pub const SIGNATORY_X: &str = "underskriver.x@test.dk";
pub const MENTOR_X: &str = "mentor.x@test.dk";
pub const SIGNATORY_Y: &str = "underskriver.y@test.dk";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub seed: Seed,
    pub http: Client,
    /// The mail sender, when the app sends mail (`spawn_sending_mail`); stopped before the
    /// database goes. Never read: it is kept for its `Drop`.
    #[allow(dead_code)]
    pub sender: Option<virksomhedscenter::mail::sender::SenderHandle>,
    // Dropped last: the database outlives the pools that use it.
    pub test_db: TestDb,
}

pub fn seed(db: &Db) -> Seed {
    let hash = password::hash(PASSWORD).expect("hash");
    let mut conn = db.write_conn().expect("conn");
    virksomhedscenter::db::write_tx(&mut conn, |conn| {
        let jc = |conn: &mut _, name: &str, code: &str| {
            let input = JobcenterInput::parse(&JobcenterRaw {
                name: name.into(),
                region: "Syddanmark".into(),
                kommunekoder: vec![code.into()],
            })
            .expect("valid jobcenter");
            directory::insert_jobcenter(conn, &input)
                .expect("jobcenter")
                .row
                .id
        };
        let co = |conn: &mut _, name: &str, cvr: &str| {
            let input = CompanyInput::parse(&CompanyRaw {
                cvr: cvr.into(),
                name: name.into(),
                sector: "private".into(),
                address: "Vej 1".into(),
                postcode: "5500".into(),
                city: "Middelfart".into(),
                // 200 employees: room for 25 persons at once under the rimelighedskrav (#18.1).
                ordinary_employees: "200".into(),
                ..Default::default()
            })
            .expect("valid company");
            directory::insert_company(conn, &input).expect("company").id
        };
        let jobcenter_a = jc(conn, "Jobcenter A", "410");
        let jobcenter_b = jc(conn, "Jobcenter B", "461");
        let company_x = co(conn, "Virksomhed X", "13585628");
        let company_y = co(conn, "Virksomhed Y", "29184712");
        let user = |conn: &mut _, email: &str, role: &str, jc: &str, co: &str| {
            let input = UserInput::parse(&UserRaw {
                email: email.into(),
                name: email.split('@').next().unwrap_or(email).into(),
                role: role.into(),
                jobcenter_id: jc.into(),
                company_id: co.into(),
                password: PASSWORD.into(),
            })
            .expect("valid user");
            users::insert_user(conn, &input, &hash).expect("user");
        };
        user(conn, ADMIN, "admin", "", "");
        user(conn, CONSULTANT_A, "consultant", &jobcenter_a, "");
        user(conn, CONSULTANT_B, "consultant", &jobcenter_b, "");
        user(conn, SIGNATORY_X, "company", "", &company_x);
        user(conn, MENTOR_X, "mentor", "", &company_x);
        user(conn, SIGNATORY_Y, "company", "", &company_y);
        Ok::<_, diesel::result::Error>(Seed {
            jobcenter_a: jobcenter_a.into(),
            jobcenter_b: jobcenter_b.into(),
            company_x: company_x.into(),
            company_y: company_y.into(),
        })
    })
    .expect("seed")
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        // Tests of the second factor turn it on themselves (tests/it/mfa.rs).
        Self::spawn_requiring_mfa(virksomhedscenter::auth::model::MfaRequirement::None).await
    }

    /// The application with `VC_REQUIRE_MFA` set to `require_mfa`.
    pub async fn spawn_requiring_mfa(
        require_mfa: virksomhedscenter::auth::model::MfaRequirement,
    ) -> TestApp {
        Self::spawn_with(require_mfa, false, None).await
    }

    /// The application with a mail sender, as `serve` starts it, delivering over SMTP to
    /// `smtp_url` (a test's `SmtpSink`), with links to this app's own address and a 100 ms
    /// poll; the administrators' outbox names the route. (Used by the browser tests.)
    #[allow(dead_code)]
    pub async fn spawn_sending_mail(smtp_url: &str) -> TestApp {
        Self::spawn_with(
            virksomhedscenter::auth::model::MfaRequirement::None,
            false,
            Some(smtp_url),
        )
        .await
    }

    /// The application on a database holding the demo (`demo::load`) instead of the test seed;
    /// `seed` then names nothing (its ids are empty).
    pub async fn spawn_demo() -> TestApp {
        Self::spawn_with(
            virksomhedscenter::auth::model::MfaRequirement::None,
            true,
            None,
        )
        .await
    }

    async fn spawn_with(
        require_mfa: virksomhedscenter::auth::model::MfaRequirement,
        demo: bool,
        smtp_url: Option<&str>,
    ) -> TestApp {
        // Errors the server logs show up with a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn")
            .with_test_writer()
            .try_init();
        let test_db = TestDb::migrated();
        let db = Db::connect(
            test_db.url(),
            &PoolOptions {
                max_size: 4,
                ..Default::default()
            },
        )
        .expect("connect");
        db.migrate().expect("migrate");
        let keys = Keys::from_secret(SECRET).expect("keys");
        let seed = if demo {
            virksomhedscenter::demo::load(&db, &keys)
                .await
                .expect("the demo loads")
                .expect("into an empty database");
            Seed {
                jobcenter_a: String::new(),
                jobcenter_b: String::new(),
                company_x: String::new(),
                company_y: String::new(),
            }
        } else {
            seed(&db)
        };
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let base = format!("http://127.0.0.1:{port}");
        let mail = smtp_url.map(|url| virksomhedscenter::mail::sender::MailSettings {
            route: virksomhedscenter::mail::sender::Route::Smtp(url.to_string()),
            from: "Virksomhedscenter <noreply@virksomhedscenter.test>".into(),
            base_url: base.clone(),
            poll: std::time::Duration::from_millis(100),
            retry_base: chrono::Duration::seconds(1),
        });
        let sender = mail.as_ref().map(|m| {
            virksomhedscenter::mail::sender::start(db.clone(), keys.clone(), m.clone())
                .expect("the mail sender starts")
        });
        let state = AppState::new(
            db.clone(),
            keys,
            RuntimeSettings {
                cookie_secure: false,
                trust_proxy: false,
                require_mfa,
                demo: false,
                standard_terms: None,
                accessibility_contact: "a11y@test.dk".into(),
                mail_route: mail.map(|m| std::sync::Arc::from(m.describe())),
                base_url: None,
            },
        );
        let server = virksomhedscenter::startup::serve(state, listener, 2).expect("server");
        actix_web::rt::spawn(server);
        TestApp {
            base,
            db,
            seed,
            http: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(CLIENT_IDLE)
                .build()
                .expect("client"),
            sender,
            test_db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Logs in through the API and returns the bearer token.
    pub async fn token(&self, email: &str) -> String {
        let res = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), StatusCode::OK, "login of {email}");
        let body: Value = res.json().await.expect("json");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn patch(&self, token: &str, path: &str, body: &Value) -> Response {
        self.http
            .patch(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// A second app instance on the same database (its own pools), as a deployment with several
    /// instances has. Returns its base URL.
    pub fn spawn_second_instance(&self) -> String {
        let db = Db::connect(
            self.test_db.url(),
            &PoolOptions {
                max_size: 4,
                ..Default::default()
            },
        )
        .expect("connect");
        let state = AppState::new(
            db,
            Keys::from_secret(SECRET).expect("keys"),
            RuntimeSettings {
                cookie_secure: false,
                trust_proxy: false,
                require_mfa: virksomhedscenter::auth::model::MfaRequirement::None,
                demo: false,
                standard_terms: None,
                accessibility_contact: "a11y@test.dk".into(),
                mail_route: None,
                base_url: None,
            },
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = virksomhedscenter::startup::serve(state, listener, 2).expect("server");
        actix_web::rt::spawn(server);
        format!("http://127.0.0.1:{port}")
    }

    /// The id of a seeded user.
    pub fn user_id(&self, email: &str) -> String {
        let mut conn = self.db.read_conn().expect("conn");
        users::find_user_by_email(&mut conn, email)
            .expect("query")
            .expect("seeded user")
            .id
            .into()
    }

    /// PUT with an optional `If-Match` revision.
    pub async fn put(
        &self,
        token: &str,
        path: &str,
        revision: Option<i64>,
        body: &Value,
    ) -> Response {
        let mut req = self.http.put(self.url(path)).bearer_auth(token).json(body);
        if let Some(r) = revision {
            req = req.header("if-match", format!("\"{r}\""));
        }
        req.send().await.expect("request")
    }

    /// A browser: keeps cookies, does not follow redirects.
    pub fn browser(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(CLIENT_IDLE)
            .build()
            .expect("client")
    }

    /// A browser that has logged in through the login form.
    pub async fn browser_logged_in(&self, email: &str) -> Client {
        let b = self.browser();
        let res = self.login_form(&b, email, PASSWORD, "/").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "form login of {email}");
        b
    }

    /// Posts the login form from browser `b` (with the CSRF token of a fresh login page),
    /// whatever the answer.
    pub async fn login_form(
        &self,
        b: &Client,
        email: &str,
        password: &str,
        next: &str,
    ) -> Response {
        let csrf = self.csrf(b, "/login").await;
        b.post(self.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", email),
                ("password", password),
                ("next", next),
            ])
            .send()
            .await
            .expect("login")
    }

    /// `POST /api/v1/campaigns/{campaign}/figures.csv` with `body` as `text/csv`.
    pub async fn import_figures_csv(&self, token: &str, campaign: &str, body: &str) -> Response {
        self.http
            .post(self.url(&format!("/api/v1/campaigns/{campaign}/figures.csv")))
            .bearer_auth(token)
            .header("content-type", "text/csv")
            .body(body.to_string())
            .send()
            .await
            .expect("import")
    }

    /// A draft made by consultant A (`token`); its id.
    pub async fn draft_contract(&self, token: &str, terms: &Terms) -> String {
        self.draft_contract_json(token, &terms.json(self)).await
    }

    /// `POST /api/v1/contracts` with a body as given; the draft's id.
    pub async fn draft_contract_json(&self, token: &str, body: &Value) -> String {
        let res = self.post(token, "/api/v1/contracts", body).await;
        let status = res.status();
        let body = json(res).await;
        assert_eq!(status, StatusCode::CREATED, "draft: {body}");
        body["id"].as_str().expect("contract id").to_string()
    }

    /// A contract drafted and sent by consultant A and accepted by signatory X; its id.
    pub async fn accepted_contract(&self, terms: &Terms) -> String {
        let consultant = self.token(CONSULTANT_A).await;
        let id = self.draft_contract(&consultant, terms).await;
        self.send_and_accept(&consultant, &id).await;
        id
    }

    /// A campaign created by the administrator `admin`; its id.
    pub async fn campaign(&self, admin: &str, name: &str, baseline: &str, end: &str) -> String {
        let res = self
            .post(
                admin,
                "/api/v1/campaigns",
                &json!({"name": name, "baseline_month": baseline, "end_month": end}),
            )
            .await;
        let status = res.status();
        let body = json(res).await;
        assert_eq!(status, StatusCode::CREATED, "campaign: {body}");
        body["id"].as_str().expect("campaign id").to_string()
    }

    /// Sends contract `id` with `consultant` and accepts it as signatory X.
    pub async fn send_and_accept(&self, consultant: &str, id: &str) {
        let company = self.token(SIGNATORY_X).await;
        for (token, action) in [(consultant, "send"), (company.as_str(), "accept")] {
            let res = self
                .post(
                    token,
                    &format!("/api/v1/contracts/{id}/{action}"),
                    &json!({}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{action}");
        }
    }

    /// A candidate (matchgruppe 2) created with `token`; its id.
    pub async fn candidate(&self, token: &str, cpr: &str, name: &str, benefit: &str) -> String {
        let res = self
            .post(
                token,
                "/api/v1/candidates",
                &json!({"cpr": cpr, "name": name, "benefit": benefit, "match_group": 2}),
            )
            .await;
        let status = res.status();
        let body = json(res).await;
        assert_eq!(status, StatusCode::CREATED, "candidate {name}: {body}");
        body["id"].as_str().expect("candidate id").to_string()
    }

    /// `POST /api/v1/referrals` for virksomhedspraktik over [today + start, today + end].
    pub async fn refer(
        &self,
        token: &str,
        contract: &str,
        candidate: &str,
        start: i64,
        end: i64,
    ) -> Response {
        self.post(
            token,
            "/api/v1/referrals",
            &json!({"contract_id": contract, "candidate_id": candidate,
                "offer_type": "virksomhedspraktik", "start_date": day(start), "end_date": day(end)}),
        )
        .await
    }

    /// `POST /api/v1/auth/login` with these credentials.
    pub async fn api_login(&self, email: &str, password: &str) -> Response {
        self.http
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login request")
    }

    /// Dates every failed login recorded so far five minutes ahead, so the wait they impose
    /// (one second after the tenth) cannot run out while a slow machine gets to the next request.
    pub fn hold_login_failures(&self) {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::login_failures as f;
        let mut conn = self.db.write_conn().expect("conn");
        diesel::update(f::table)
            .set(f::failed_at.eq(chrono::Utc::now().naive_utc() + chrono::Duration::minutes(5)))
            .execute(&mut *conn)
            .expect("date the failures ahead");
    }

    /// The HTML of a page as a browser (`b`, with its cookies) gets it, whatever the status.
    pub async fn html(&self, b: &Client, path: &str) -> String {
        b.get(self.url(path))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html")
    }

    /// The CSRF token of a page the browser loads.
    pub async fn csrf(&self, b: &Client, path: &str) -> String {
        let html = b
            .get(self.url(path))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        csrf_of(&html)
    }
}

/// The value of the first hidden `csrf` field in a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("page has a csrf field") + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_string()
}

pub async fn json(res: Response) -> Value {
    res.json().await.expect("json body")
}

/// Asserts that the month counts the placement writes keep (`jobcenter_months`, and
/// `target_months` for every campaign target group) equal counts made afresh from
/// `placement_months` and the placements: people in activation each once per jobcenter and
/// month, and the placements that ended in the month with a follow-up (and of those the
/// self-supporting). Computed here in Rust, so it does not share the server's SQL.
pub fn assert_month_counts_fresh(db: &Db, when: &str) {
    use std::collections::{BTreeMap, BTreeSet};
    use virksomhedscenter::campaign::model::TargetGroup;
    use virksomhedscenter::db::schema::{
        campaigns, jobcenter_months as jm, placement_months as pm, placements, target_months as tm,
    };
    let mut conn = db.read_conn().expect("conn");
    type Row = (
        String,
        String,
        String,
        String,
        i32,
        chrono::NaiveDate,
        Option<bool>,
    );
    let rows: Vec<Row> = pm::table
        .inner_join(placements::table.on(placements::id.eq(pm::placement_id)))
        .select((
            pm::jobcenter_id,
            pm::month,
            pm::candidate_id,
            pm::benefit,
            pm::match_group,
            placements::end_date,
            placements::self_supporting,
        ))
        .load(&mut conn)
        .expect("placement months");
    let mut people: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut follow: BTreeMap<(String, String), (i32, i32)> = BTreeMap::new();
    for (j, m, c, _, _, end, outcome) in &rows {
        people
            .entry((j.clone(), m.clone()))
            .or_default()
            .insert(c.clone());
        let f = follow.entry((j.clone(), m.clone())).or_default();
        if let Some(yes) = outcome {
            if end.format("%Y-%m").to_string() == *m {
                f.0 += 1;
                f.1 += i32::from(*yes);
            }
        }
    }
    let fresh: BTreeMap<(String, String), (i32, i32, i32)> = people
        .iter()
        .map(|(k, p)| {
            let (f, y) = follow.get(k).copied().unwrap_or_default();
            (k.clone(), (p.len() as i32, f, y))
        })
        .collect();
    let kept: BTreeMap<(String, String), (i32, i32, i32)> = jm::table
        .select((
            jm::jobcenter_id,
            jm::month,
            jm::in_activation,
            jm::followed_up,
            jm::self_supporting,
        ))
        .load::<(String, String, i32, i32, i32)>(&mut conn)
        .expect("jobcenter months")
        .into_iter()
        .map(|(j, m, a, f, y)| ((j, m), (a, f, y)))
        .collect();
    assert_eq!(kept, fresh, "jobcenter_months {when}");
    let groups: Vec<(i32, String)> = campaigns::table
        .select((campaigns::target_match_group, campaigns::target_benefits))
        .distinct()
        .load(&mut conn)
        .expect("groups");
    for group in groups
        .iter()
        .map(|(mg, stored)| TargetGroup::from_stored(stored, *mg))
    {
        let mut people: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for (j, m, c, benefit, mg, _, _) in &rows {
            if *mg == group.match_group && group.benefits.contains(benefit) {
                people
                    .entry((j.clone(), m.clone()))
                    .or_default()
                    .insert(c.clone());
            }
        }
        let fresh: BTreeMap<(String, String), i32> = people
            .into_iter()
            .map(|(k, p)| (k, p.len() as i32))
            .collect();
        let kept: BTreeMap<(String, String), i32> = tm::table
            .filter(tm::match_group.eq(group.match_group))
            .filter(tm::benefits.eq(group.stored_benefits()))
            .select((tm::jobcenter_id, tm::month, tm::in_activation))
            .load::<(String, String, i32)>(&mut conn)
            .expect("target months")
            .into_iter()
            .map(|(j, m, n)| ((j, m), n))
            .collect();
        assert_eq!(kept, fresh, "target_months {when}");
    }
}
