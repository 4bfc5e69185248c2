//! The command line: `serve` (the default), `migrate`, `demo` and `create-user`.

use std::io::{BufRead, IsTerminal};
use std::net::TcpListener;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::auth::model::{MfaRequirement, UserRaw};
use crate::config::{Config, ConfigInput};
use crate::db::Db;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Parser)]
#[command(
    name = "virksomhedscenter",
    version,
    about = "Virksomhedscentre for jobcentre og virksomheder"
)]
pub struct Cli {
    /// Database: a file path or sqlite:// URL (SQLite), or postgres://… (PostgreSQL).
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Secret that signs cookies (32+ characters; generated beside a SQLite database if unset).
    #[arg(long, env = "VC_SECRET_KEY", global = true, hide_env_values = true)]
    pub secret_key: Option<String>,
    /// Address and port to serve on.
    #[arg(long, env = "VC_BIND", global = true)]
    pub bind: Option<String>,
    /// Start with an empty database instead of demo data.
    #[arg(long, global = true)]
    pub no_demo: bool,
    /// Mark cookies Secure (set when served over HTTPS).
    #[arg(long, env = "VC_COOKIE_SECURE", global = true,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub cookie_secure: bool,
    /// Take the client's address from X-Forwarded-For / Forwarded (set only behind a reverse
    /// proxy that sets them; used for the per-address login limit).
    #[arg(long, env = "VC_TRUST_PROXY", global = true,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_proxy: bool,
    /// Database connections in the pool (readers for SQLite).
    #[arg(long, env = "VC_DB_POOL", global = true)]
    pub pool_size: Option<u32>,
    /// How long a request waits for a database connection before it is answered 503, in
    /// milliseconds (default 2000; a database that is down answers within it).
    #[arg(long, env = "VC_DB_TIMEOUT_MS", global = true)]
    pub db_timeout_ms: Option<u64>,
    /// Who must log in with a second factor: admins (administrators and data-protection
    /// officers; the default), all, or none (the default of a database made by the demo).
    #[arg(long, env = "VC_REQUIRE_MFA", global = true)]
    pub require_mfa: Option<String>,
    /// A UTF-8 text file with the standard terms printed with every contract (legal basis,
    /// payment, insurance, personal data; paragraphs separated by a blank line). Default: the
    /// text in the code.
    #[arg(long, env = "VC_STANDARD_TERMS_FILE", global = true)]
    pub standard_terms_file: Option<std::path::PathBuf>,
    /// The e-mail address the accessibility statement (`/tilgaengelighed`) gives for reporting
    /// accessibility problems.
    #[arg(long, env = "VC_ACCESSIBILITY_CONTACT", global = true)]
    pub accessibility_contact: Option<String>,
    /// The SMTP server mails are sent through: `smtp://relay.kommune.dk:25` (a relay on the
    /// same network, no TLS), `smtp://user:password@host:587?tls=starttls` (STARTTLS required)
    /// or `smtps://user:password@host:465` (TLS from the start). Unset: mails are written as
    /// .eml files into VC_MAIL_DIR.
    #[arg(long, env = "VC_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From of every mail, e.g. "Virksomhedscenter <noreply@middelfart.dk>".
    #[arg(long, env = "VC_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// What the links in mails start with, e.g. https://virksomhedscenter.middelfart.dk
    /// (default: http:// and VC_BIND).
    #[arg(long, env = "VC_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Where mails are written as .eml files when no SMTP server is set (default: the folder
    /// `outbox` beside a SQLite database, or ./data/outbox).
    #[arg(long, env = "VC_MAIL_DIR", global = true)]
    pub mail_dir: Option<std::path::PathBuf>,
    /// How often the outbox is looked at, in milliseconds (default 2000).
    #[arg(long, env = "VC_MAIL_POLL_MS", global = true)]
    pub mail_poll_ms: Option<u64>,
    /// Seconds before a failed mail is tried again the first time; the pause doubles up to 15
    /// minutes, and a mail is given up after a day (default 30).
    #[arg(long, env = "VC_MAIL_RETRY_SECONDS", global = true)]
    pub mail_retry_seconds: Option<u64>,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "VC_WORKERS", global = true)]
    pub workers: Option<usize>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default). Loads demo data into a new database.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo data into the configured database; with `--scale`, a whole country for
    /// benchmarks (into a database without contracts).
    Demo {
        /// `national` (94 jobcenters, 10.000 contracts, 200.000 placements, 1.000.000 hour
        /// entries), `small` (a tenth) or a factor such as `2`.
        #[arg(long)]
        scale: Option<String>,
    },
    /// Write a consistent copy of a SQLite database to a new file while the server runs
    /// (PostgreSQL: use pg_dump, see docs/operations.md).
    Backup {
        /// The file to write; it must not exist.
        file: std::path::PathBuf,
    },
    /// Anonymise the personal data of candidates whose last placement ended more than
    /// `--years` years ago (docs/operations.md: run it monthly), and purge the documents that
    /// were removed more than `--years` years ago. Placements and the campaign counts stay.
    Retention {
        /// Years a candidate's data is kept after their last placement ended.
        #[arg(long, default_value_t = 5)]
        years: u32,
        /// Count the candidates that are due without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a user. The password comes from VC_PASSWORD or standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, consultant, company or mentor
        #[arg(long)]
        role: String,
        /// The jobcenter's id (for consultants).
        #[arg(long)]
        jobcenter: Option<String>,
        /// The company's id (for company signatories and mentors).
        #[arg(long)]
        company: Option<String>,
    },
    /// Remove a user's second factor (a lost phone and lost recovery codes): they log in with
    /// the password and set it up again; their sessions end. Audited.
    ResetMfa {
        #[arg(long)]
        email: String,
    },
}

/// Parses the command line, runs it and turns the outcome into an exit code: 0 success,
/// 1 failure, 2 wrong usage or configuration.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init();
    if let Err(e) = crate::clock::init_from_env() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    // serve signs cookies; demo encrypts CPR numbers: both need the secret.
    let serving = matches!(
        cli.command,
        None | Some(Command::Serve) | Some(Command::Demo { .. })
    );
    let config = match Config::load(
        ConfigInput {
            database_url: cli.database_url.clone(),
            bind: cli.bind.clone(),
            secret_key: cli.secret_key.clone(),
            cookie_secure: cli.cookie_secure,
            trust_proxy: cli.trust_proxy,
            pool_size: cli.pool_size,
            db_timeout_ms: cli.db_timeout_ms,
            require_mfa: cli.require_mfa.clone(),
            workers: cli.workers,
            standard_terms_file: cli.standard_terms_file.clone(),
            accessibility_contact: cli.accessibility_contact.clone(),
            smtp_url: cli.smtp_url.clone(),
            mail_from: cli.mail_from.clone(),
            base_url: cli.base_url.clone(),
            mail_dir: cli.mail_dir.clone(),
            mail_poll_ms: cli.mail_poll_ms,
            mail_retry_seconds: cli.mail_retry_seconds,
        },
        serving,
    ) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let system = actix_web::rt::System::new();
    match system.block_on(run(cli, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(CliError::Failed(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

enum CliError {
    Usage(String),
    Failed(String),
}

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Validation(fields) => {
                let lines: Vec<String> = fields
                    .0
                    .iter()
                    .map(|(f, msgs)| format!("{f}: {}", msgs.join("; ")))
                    .collect();
                CliError::Usage(format!("invalid input: {}", lines.join(", ")))
            }
            other => CliError::Failed(other.to_string()),
        }
    }
}

async fn open(config: &Config) -> Result<Db, CliError> {
    let db = Db::connect(&config.database, &config.pool)?;
    db.migrate()?;
    Ok(db)
}

async fn run(cli: Cli, config: Config) -> Result<(), CliError> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, !cli.no_demo).await,
        Command::Migrate => {
            let db = Db::connect(&config.database, &config.pool)?;
            let applied = db.migrate()?;
            if applied.is_empty() {
                println!("The database is up to date.");
            } else {
                println!(
                    "Applied {} migration(s): {}",
                    applied.len(),
                    applied.join(", ")
                );
            }
            Ok(())
        }
        Command::Demo { scale: Some(scale) } => {
            let scale = crate::demo::national::Scale::parse(&scale).map_err(CliError::Usage)?;
            let keys = config
                .keys
                .clone()
                .ok_or_else(|| CliError::Usage("no secret key configured".into()))?;
            let db = open(&config).await?;
            let c = crate::demo::national::generate(&db, &keys, scale).await?;
            println!(
                "Generated {} jobcenters, {} companies, {} users, {} contracts with {} seats, \
                 {} placements, {} hour entries and {} campaign figures.",
                c.jobcenters,
                c.companies,
                c.users,
                c.contracts,
                c.seats,
                c.placements,
                c.hour_entries,
                c.figures
            );
            Ok(())
        }
        Command::Backup { file } => {
            if let crate::db::DbUrl::Postgres(_) = &config.database {
                return Err(CliError::Usage(
                    "backup copies SQLite databases; for PostgreSQL use pg_dump (docs/operations.md)".into(),
                ));
            }
            let db = open(&config).await?;
            let bytes = crate::db::backup_sqlite(&db, &file).await?;
            println!(
                "Wrote a copy of the database to {} ({bytes} bytes).",
                file.display()
            );
            Ok(())
        }
        Command::Retention { years, dry_run } => {
            let db = open(&config).await?;
            let today = crate::clock::today();
            let report = crate::seats::retention::run(&db, today, years, dry_run).await?;
            let documents = crate::documents::retention::run(&db, today, years, dry_run).await?;
            let cutoff = crate::ui::format::date(report.cutoff);
            if dry_run {
                println!(
                    "{} candidates have had no placement since before {cutoff} and would be anonymised.",
                    report.candidates
                );
                println!(
                    "{} documents were removed before {cutoff} and would be purged, and {} of anonymised people.",
                    documents.documents, documents.of_anonymised
                );
            } else {
                println!(
                    "Anonymised {} candidates with no placement since before {cutoff}.",
                    report.candidates
                );
                println!(
                    "Purged {} documents removed before {cutoff}, and {} of anonymised people.",
                    documents.documents, documents.of_anonymised
                );
            }
            Ok(())
        }
        Command::Demo { scale: None } => {
            let keys = config
                .keys
                .clone()
                .ok_or_else(|| CliError::Usage("no secret key configured".into()))?;
            let db = open(&config).await?;
            match crate::demo::load(&db, &keys).await? {
                Some(summary) => {
                    print!("{summary}");
                    Ok(())
                }
                None => {
                    println!("The demo data is already loaded.");
                    Ok(())
                }
            }
        }
        Command::CreateUser {
            email,
            name,
            role,
            jobcenter,
            company,
        } => {
            let password = read_password()?;
            let db = open(&config).await?;
            let user = crate::auth::service::create_user_unchecked(
                &db,
                UserRaw {
                    email,
                    name,
                    role,
                    jobcenter_id: jobcenter.unwrap_or_default(),
                    company_id: company.unwrap_or_default(),
                    password,
                },
            )
            .await?;
            println!("Created {} ({}) with id {}", user.email, user.role, user.id);
            Ok(())
        }
        Command::ResetMfa { email } => {
            let db = open(&config).await?;
            crate::auth::service::reset_totp_unchecked(&db, &email).await?;
            println!("The second factor of {email} is removed; their sessions have ended.");
            Ok(())
        }
    }
}

fn read_password() -> Result<String, CliError> {
    if let Ok(p) = std::env::var("VC_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        // Typed at a terminal: not echoed.
        let password = rpassword::prompt_password("Password (at least 12 characters): ")
            .map_err(|e| CliError::Failed(format!("cannot read the password: {e}")))?;
        if password.is_empty() {
            return Err(CliError::Usage("no password given".into()));
        }
        return Ok(password);
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Failed(format!("cannot read the password: {e}")))?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(CliError::Usage(
            "no password given: set VC_PASSWORD or write it on standard input".into(),
        ));
    }
    Ok(password)
}

async fn serve(config: Config, demo: bool) -> Result<(), CliError> {
    let db = open(&config).await?;
    let keys = config
        .keys
        .clone()
        .ok_or_else(|| CliError::Usage("no secret key configured".into()))?;
    if demo {
        // The demo is loaded on a runtime of its own: the blocking threads its several hundred
        // small transactions leave idling end with that runtime, not in the server's process
        // (`it::cli::waiting_requests_do_not_each_get_a_thread` counts them).
        let (demo_db, demo_keys) = (db.clone(), keys.clone());
        let loaded = std::thread::spawn(move || {
            actix_web::rt::System::new()
                .block_on(async move { crate::demo::load_if_empty(&demo_db, &demo_keys).await })
        })
        .join()
        .map_err(|_| CliError::Failed("the demo's loader stopped".into()))?;
        if let Some(summary) = loaded? {
            print!("{summary}");
        }
    }
    if std::net::ToSocketAddrs::to_socket_addrs(config.bind.as_str()).is_err() {
        return Err(CliError::Usage(format!(
            "VC_BIND '{}' is not an address and port such as 127.0.0.1:8080",
            config.bind
        )));
    }
    let listener = TcpListener::bind(&config.bind)
        .map_err(|e| CliError::Failed(format!("cannot listen on {}: {e}", config.bind)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let mut settings = config.settings.clone();
    settings.demo = db
        .read(|conn| Ok(crate::auth::store::setting(conn, "demo")?))
        .await?
        .is_some_and(|v| v == "true");
    settings.require_mfa = config.require_mfa.unwrap_or(if settings.demo {
        MfaRequirement::None
    } else {
        MfaRequirement::Admins
    });
    let mut mail = config.mail.clone();
    if settings.demo && matches!(mail.route, crate::mail::sender::Route::Smtp(_)) {
        // The demo's people have made-up addresses at real municipalities' domains.
        tracing::warn!(
            "the database was made by the demo: its mails are written as .eml files, never sent over SMTP"
        );
        mail.route =
            crate::mail::sender::Route::Files(crate::config::default_mail_dir(&config.database));
    }
    settings.mail_route = Some(std::sync::Arc::from(mail.describe()));
    // The sender runs beside the server and stops with it (its handle is dropped on return).
    let _sender =
        crate::mail::sender::start(db.clone(), keys.clone(), mail).map_err(CliError::Usage)?;
    let state = AppState::new(db, keys, settings);
    let server = crate::startup::serve(state, listener, config.workers)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    println!("Virksomhedscenter is running on http://{addr}/ (stop with Ctrl+C)");
    tracing::info!(%addr, "serving");
    server.await.map_err(|e| CliError::Failed(e.to_string()))
}
