//! Configuration from the environment and flags.

use std::path::{Path, PathBuf};

use crate::auth::model::MfaRequirement;
use crate::db::{DbUrl, PoolOptions};
use crate::mail::sender::{MailSettings, Route};
use crate::state::{Keys, RuntimeSettings};

pub const DEFAULT_DATABASE: &str = "./data/virksomhedscenter.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
const SECRET_FILE: &str = "secret.key";

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Config {
    pub database: DbUrl,
    pub bind: String,
    /// Present when loaded for serving (only the server signs cookies).
    pub keys: Option<Keys>,
    pub settings: RuntimeSettings,
    pub pool: PoolOptions,
    /// `VC_REQUIRE_MFA` as given; `None` leaves it to the database (see `cli::serve`).
    pub require_mfa: Option<MfaRequirement>,
    pub workers: usize,
    /// How mail is sent (`VC_SMTP_URL`, `VC_MAIL_FROM`, `VC_BASE_URL`, ...).
    pub mail: MailSettings,
}

/// Raw settings as given by flags and environment variables.
#[derive(Debug, Clone, Default)]
pub struct ConfigInput {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub secret_key: Option<String>,
    pub cookie_secure: bool,
    pub trust_proxy: bool,
    pub pool_size: Option<u32>,
    /// How long a request waits for a database connection, in milliseconds.
    pub db_timeout_ms: Option<u64>,
    /// `VC_REQUIRE_MFA`: admins, all or none (unset: admins, or none for a demo database).
    pub require_mfa: Option<String>,
    pub workers: Option<usize>,
    /// `VC_STANDARD_TERMS_FILE`: a UTF-8 text file with the standard terms printed with every
    /// contract (paragraphs separated by a blank line).
    pub standard_terms_file: Option<PathBuf>,
    /// `VC_ACCESSIBILITY_CONTACT`: where the accessibility statement tells people to report a
    /// problem (default [`DEFAULT_ACCESSIBILITY_CONTACT`]).
    pub accessibility_contact: Option<String>,
    /// `VC_SMTP_URL`: the SMTP server; unset, mails are written as .eml files.
    pub smtp_url: Option<String>,
    /// `VC_MAIL_FROM`: the From of every mail.
    pub mail_from: Option<String>,
    /// `VC_BASE_URL`: what links in mails start with.
    pub base_url: Option<String>,
    /// `VC_MAIL_DIR`: where .eml files go without an SMTP server.
    pub mail_dir: Option<PathBuf>,
    /// `VC_MAIL_POLL_MS`: how often the outbox is looked at.
    pub mail_poll_ms: Option<u64>,
    /// `VC_MAIL_RETRY_SECONDS`: the first retry's delay.
    pub mail_retry_seconds: Option<u64>,
}

/// Where `.eml` files go without `VC_MAIL_DIR`: the folder `outbox` beside a SQLite database
/// (`data/outbox`), `./data/outbox` on PostgreSQL.
pub fn default_mail_dir(database: &DbUrl) -> PathBuf {
    match database {
        DbUrl::Sqlite(path) => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
            .join("outbox"),
        DbUrl::Postgres(_) => PathBuf::from("./data/outbox"),
    }
}

/// The From of mails when `VC_MAIL_FROM` is not set.
pub const DEFAULT_MAIL_FROM: &str = "Virksomhedscenter <noreply@virksomhedscenter.dk>";

/// The mail settings from the raw input: the SMTP server (or the .eml folder), the From, the
/// base URL of links.
fn mail_settings(
    input: &ConfigInput,
    database: &DbUrl,
    bind: &str,
) -> Result<MailSettings, String> {
    let route = match input
        .smtp_url
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(url) => {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(format!(
                    "VC_SMTP_URL {} must start with smtp:// or smtps://",
                    crate::mail::sender::redact(url)
                ));
            }
            Route::Smtp(url.to_string())
        }
        None => Route::Files(
            input
                .mail_dir
                .clone()
                .unwrap_or_else(|| default_mail_dir(database)),
        ),
    };
    let given_base = input
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('/').to_string());
    if given_base.is_none() && matches!(route, Route::Smtp(_)) {
        // Mail to real people must link to where they reach the system, not the bind address.
        return Err("VC_BASE_URL must be set when VC_SMTP_URL is (the address users reach the system at, e.g. https://virksomhedscenter.middelfart.dk)".into());
    }
    let base_url = given_base.unwrap_or_else(|| format!("http://{bind}"));
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        return Err(format!(
            "VC_BASE_URL {base_url:?} must start with http:// or https://"
        ));
    }
    let settings = MailSettings {
        route,
        from: input
            .mail_from
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_MAIL_FROM)
            .to_string(),
        base_url,
        poll: std::time::Duration::from_millis(
            input.mail_poll_ms.unwrap_or(2000).clamp(50, 600_000),
        ),
        retry_base: chrono::Duration::seconds(
            input.mail_retry_seconds.unwrap_or(30).clamp(1, 3600) as i64,
        ),
    };
    crate::mail::sender::check(&settings)?;
    Ok(settings)
}

/// The accessibility statement's contact address when `VC_ACCESSIBILITY_CONTACT` is not set.
pub const DEFAULT_ACCESSIBILITY_CONTACT: &str = "tilgaengelighed@virksomhedscenter.dk";

/// The most a standard terms file may hold.
const STANDARD_TERMS_MAX: u64 = 64 * 1024;

/// Reads the standard terms file: UTF-8, not empty, at most 64 KiB.
fn read_standard_terms(path: &Path) -> Result<std::sync::Arc<str>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("VC_STANDARD_TERMS_FILE {}: {e}", path.display()))?
        .len();
    if size > STANDARD_TERMS_MAX {
        return Err(format!(
            "VC_STANDARD_TERMS_FILE {}: {size} bytes, at most {STANDARD_TERMS_MAX}",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("VC_STANDARD_TERMS_FILE {}: {e}", path.display()))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(format!(
            "VC_STANDARD_TERMS_FILE {} is empty",
            path.display()
        ));
    }
    Ok(std::sync::Arc::from(text))
}

/// The accessibility contact as configured: an e-mail address, or the default when unset.
fn accessibility_contact(given: Option<&str>) -> Result<std::sync::Arc<str>, String> {
    match given.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(std::sync::Arc::from(DEFAULT_ACCESSIBILITY_CONTACT)),
        Some(e) => crate::auth::model::Email::parse(e)
            .map(|e| std::sync::Arc::from(e.as_str()))
            .map_err(|_| format!("VC_ACCESSIBILITY_CONTACT {e:?} is not an e-mail address")),
    }
}

impl Config {
    /// Reads the configuration. The secret is only looked for (and, beside a SQLite database,
    /// generated) when `serving`: the other commands do not sign anything.
    pub fn load(input: ConfigInput, serving: bool) -> Result<Config, String> {
        let database = DbUrl::parse(input.database_url.as_deref().unwrap_or(DEFAULT_DATABASE))?;
        let bind = input
            .bind
            .clone()
            .unwrap_or_else(|| DEFAULT_BIND.to_string());
        let mail = mail_settings(&input, &database, &bind)?;
        let keys = if serving {
            let secret = match (input.secret_key.filter(|s| !s.is_empty()), &database) {
                (Some(s), _) => s,
                (None, DbUrl::Sqlite(path)) => secret_beside(path)?,
                (None, DbUrl::Postgres(_)) => {
                    return Err(
                        "VC_SECRET_KEY must be set when the database is PostgreSQL (every instance needs the same key)"
                            .into(),
                    )
                }
            };
            Some(Keys::from_secret(&secret)?)
        } else {
            None
        };
        let mut pool = PoolOptions::default();
        if let Some(n) = input.pool_size {
            pool.max_size = n.clamp(1, 256);
        }
        if let Some(ms) = input.db_timeout_ms {
            pool.connection_timeout = std::time::Duration::from_millis(ms.clamp(100, 60_000));
        }
        Ok(Config {
            database,
            bind,
            mail,
            keys,
            settings: RuntimeSettings {
                cookie_secure: input.cookie_secure,
                trust_proxy: input.trust_proxy,
                require_mfa: MfaRequirement::Admins,
                demo: false,
                standard_terms: input
                    .standard_terms_file
                    .as_deref()
                    .map(read_standard_terms)
                    .transpose()?,
                accessibility_contact: accessibility_contact(
                    input.accessibility_contact.as_deref(),
                )?,
                mail_route: None,
                base_url: input
                    .base_url
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| std::sync::Arc::from(s.trim_end_matches('/'))),
            },
            require_mfa: input
                .require_mfa
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(MfaRequirement::parse_setting)
                .transpose()?,
            pool,
            workers: input.workers.unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2)
            }),
        })
    }
}

/// For the SQLite default: a secret generated once and kept beside the database file.
fn secret_beside(db_path: &Path) -> Result<String, String> {
    let dir = db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    // The folder holds the database, its backups and this key: only the owner may enter it.
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let file = dir.join(SECRET_FILE);
    if let Ok(existing) = std::fs::read_to_string(&file) {
        let existing = existing.trim().to_string();
        if existing.len() >= 32 {
            return Ok(existing);
        }
    }
    let secret = crate::auth::session::new_token();
    write_private(&file, &secret).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(secret)
}

#[cfg(unix)]
fn write_private(file: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(file)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(file: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(file, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_secret_is_generated_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("sub").join("x.db");
        let a = secret_beside(&db).expect("secret");
        let b = secret_beside(&db).expect("secret");
        assert_eq!(a, b);
        assert!(a.len() >= 32);
    }

    #[test]
    fn a_given_base_url_is_where_handed_out_links_point() {
        let load = |input: ConfigInput| Config::load(input, false);
        let c = load(ConfigInput::default()).expect("loads");
        assert_eq!(c.settings.base_url, None, "not given: the request's origin");
        let c = load(ConfigInput {
            base_url: Some(" https://vc.middelfart.dk/ ".into()),
            ..Default::default()
        })
        .expect("loads");
        assert_eq!(
            c.settings.base_url.as_deref(),
            Some("https://vc.middelfart.dk")
        );
    }

    #[test]
    fn mail_goes_to_eml_files_beside_the_database_unless_an_smtp_server_is_set() {
        let load = |input: ConfigInput| Config::load(input, false);
        let c = load(ConfigInput {
            database_url: Some("/var/lib/vc/vc.db".into()),
            ..Default::default()
        })
        .expect("loads");
        assert_eq!(
            c.mail.route,
            Route::Files(PathBuf::from("/var/lib/vc/outbox"))
        );
        assert_eq!(c.mail.base_url, "http://127.0.0.1:8080");
        let without_base = load(ConfigInput {
            smtp_url: Some("smtp://relay.kommune.dk:25".into()),
            ..Default::default()
        });
        assert!(
            without_base
                .err()
                .unwrap_or_default()
                .contains("VC_BASE_URL"),
            "links in real mail must not point at the bind address"
        );
        let c = load(ConfigInput {
            smtp_url: Some("smtp://vc:hemmelig@relay.kommune.dk:587?tls=starttls".into()),
            base_url: Some("https://vc.kommune.dk/".into()),
            mail_from: Some("Virksomhedscenter <noreply@kommune.dk>".into()),
            ..Default::default()
        })
        .expect("loads");
        assert!(matches!(c.mail.route, Route::Smtp(_)));
        assert_eq!(
            c.mail.base_url, "https://vc.kommune.dk",
            "no trailing slash"
        );
        assert!(
            !c.mail.describe().contains("hemmelig"),
            "{}",
            c.mail.describe()
        );
        for (input, named) in [
            (
                ConfigInput {
                    smtp_url: Some("http://relay".into()),
                    base_url: Some("https://vc.kommune.dk".into()),
                    ..Default::default()
                },
                "VC_SMTP_URL",
            ),
            (
                ConfigInput {
                    mail_from: Some("not an address".into()),
                    ..Default::default()
                },
                "VC_MAIL_FROM",
            ),
            (
                ConfigInput {
                    base_url: Some("vc.kommune.dk".into()),
                    ..Default::default()
                },
                "VC_BASE_URL",
            ),
        ] {
            let err = load(input).err().unwrap_or_default();
            assert!(err.contains(named), "{named}: {err}");
        }
    }

    #[test]
    fn postgres_needs_a_secret() {
        let err = Config::load(
            ConfigInput {
                database_url: Some("postgres://localhost/x".into()),
                ..Default::default()
            },
            true,
        )
        .err()
        .expect("must fail");
        assert!(err.contains("VC_SECRET_KEY"));
        assert!(Config::load(
            ConfigInput {
                database_url: Some("postgres://localhost/x".into()),
                secret_key: Some("short".into()),
                ..Default::default()
            },
            true
        )
        .is_err());
        // Commands other than serve do not need it.
        assert!(Config::load(
            ConfigInput {
                database_url: Some("postgres://localhost/x".into()),
                ..Default::default()
            },
            false
        )
        .is_ok());
    }

    #[test]
    fn the_standard_terms_come_from_their_file_or_the_default() {
        let dir = tempfile::tempdir().expect("dir");
        let load = |file: Option<std::path::PathBuf>| {
            Config::load(
                ConfigInput {
                    standard_terms_file: file,
                    ..Default::default()
                },
                false,
            )
        };
        let none = load(None).expect("loads");
        assert!(none.settings.standard_terms.is_none(), "the default text");
        let path = dir.path().join("terms.txt");
        std::fs::write(
            &path,
            "  Lovgrundlag. Vores egne vilkår.\n\nBetaling. Hver måned.\n",
        )
        .expect("write");
        let own = load(Some(path.clone())).expect("loads");
        assert_eq!(
            own.settings.standard_terms.as_deref(),
            Some("Lovgrundlag. Vores egne vilkår.\n\nBetaling. Hver måned.")
        );
        std::fs::write(&path, "  \n").expect("write");
        let err = load(Some(path.clone())).err().expect("empty is refused");
        assert!(
            err.contains("VC_STANDARD_TERMS_FILE") && err.contains("empty"),
            "{err}"
        );
        std::fs::write(&path, "x".repeat(70_000)).expect("write");
        assert!(load(Some(path)).is_err(), "too large");
        let err = load(Some(dir.path().join("missing.txt")))
            .err()
            .expect("missing");
        assert!(err.contains("missing.txt"), "{err}");
    }
}
