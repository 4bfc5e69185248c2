//! Storage: one connection type over SQLite and PostgreSQL, the pools, write transactions and
//! the embedded migrations.
//!
//! SQLite gets one writer connection (all writes are serialised through it, which on a small
//! machine is several times faster than contending writers) and a pool of readers. PostgreSQL uses
//! one r2d2 pool for both. Every call runs on actix's blocking pool, never on an async worker.

pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Key of the PostgreSQL advisory lock that serialises migrations when several instances start.
const MIGRATION_LOCK_KEY: i64 = 0x5643_4d49_4752; // "VCMIGR"

/// A connection to either backend. Queries written against `schema` work on both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// The order of a list: one of the columns it may be sorted by, and a direction. Read from a
/// `sort` parameter as `name` (ascending) or `-name` (descending); anything else is the list's
/// default, so a stale or hand-typed link never fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: &'static str,
    pub desc: bool,
}

impl Sort {
    pub const fn asc(key: &'static str) -> Sort {
        Sort { key, desc: false }
    }

    pub const fn desc(key: &'static str) -> Sort {
        Sort { key, desc: true }
    }

    /// `raw` against the allowed columns; the default when empty or unknown.
    pub fn parse(raw: Option<&str>, columns: &[&'static str], default: Sort) -> Sort {
        let raw = raw.unwrap_or("").trim();
        let (desc, key) = match raw.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, raw),
        };
        columns
            .iter()
            .find(|c| **c == key)
            .map(|c| Sort { key: c, desc })
            .unwrap_or(default)
    }

    /// The value of the `sort` parameter that asks for this order.
    pub fn param(&self) -> String {
        if self.desc {
            format!("-{}", self.key)
        } else {
            self.key.to_string()
        }
    }
}

/// Which backend a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed database location. The backend is chosen from the URL scheme here, because
/// `MultiConnection::establish` would hide the real PostgreSQL error.
#[derive(Debug, Clone)]
pub enum DbUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DbUrl {
    /// Accepts `postgres://…`/`postgresql://…`, `sqlite://path`, `sqlite:path` or a plain file path.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("the database URL is empty".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(url.to_string()));
        }
        if url.contains("://") && !url.starts_with("sqlite://") {
            return Err(format!(
                "unsupported database URL scheme in '{}': use postgres://, sqlite:// or a file path",
                url.split("://").next().unwrap_or_default()
            ));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path == ":memory:" {
            return Err(
                "an in-memory SQLite database is not supported (each pooled connection would see its own): name a file"
                    .into(),
            );
        }
        Ok(DbUrl::Sqlite(PathBuf::from(path)))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DbUrl::Sqlite(_) => Backend::Sqlite,
            DbUrl::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Queries slower than this are logged (warn) with their SQL, without the bound values:
/// 20 ms, or `VC_SLOW_QUERY_MS` (0 logs every query, to count a page's queries).
fn slow_query() -> std::time::Duration {
    static LIMIT: std::sync::OnceLock<std::time::Duration> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        let ms = std::env::var("VC_SLOW_QUERY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20);
        std::time::Duration::from_millis(ms)
    })
}

/// Every statement any connection of this process has started (one atomic add each): the
/// query budget test reads it around a page to count the page's queries (#23).
static QUERIES_STARTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many statements this process has sent to the database so far.
pub fn queries_started() -> u64 {
    QUERIES_STARTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Logs slow queries: how a page that has become slow shows which query made it so. The bound
/// values are never logged (they can be personal data). Also counts every statement.
#[derive(Default)]
struct SlowQueries {
    started: Option<std::time::Instant>,
}

impl diesel::connection::Instrumentation for SlowQueries {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        use diesel::connection::InstrumentationEvent as E;
        match event {
            E::StartQuery { .. } => {
                QUERIES_STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                self.started = Some(std::time::Instant::now());
            }
            E::FinishQuery { query, .. } => {
                if let Some(t) = self.started.take() {
                    let took = t.elapsed();
                    if took >= slow_query() {
                        let sql = query.to_string();
                        let sql = sql.split(" -- binds:").next().unwrap_or_default();
                        tracing::warn!(
                            ms = took.as_millis() as u64,
                            us = took.as_micros() as u64,
                            %sql,
                            "slow query"
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// r2d2 manager that opens the right backend and prepares SQLite connections for a server.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DbUrl,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DbUrl::Postgres(url) => {
                let mut conn =
                    diesel::PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?;
                conn.set_instrumentation(SlowQueries::default());
                Ok(DbConnection::Postgresql(conn))
            }
            DbUrl::Sqlite(path) => {
                let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.set_instrumentation(SlowQueries::default());
                // One PRAGMA per statement: some are silently ignored inside a batch.
                for pragma in [
                    "PRAGMA busy_timeout = 5000",
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA synchronous = NORMAL",
                    "PRAGMA foreign_keys = ON",
                    // Checkpoints are the checkpointer thread's work (`Checkpointer`); a commit
                    // checkpoints itself only when the log has grown this far all the same.
                    "PRAGMA wal_autocheckpoint = 10000",
                ] {
                    conn.batch_execute(pragma)
                        .map_err(r2d2::Error::QueryError)?;
                }
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        r2d2::R2D2Connection::is_broken(conn)
    }
}

pub type DbPool = Pool<Manager>;
pub type PooledConn = PooledConnection<Manager>;

/// Pool sizes and timeouts.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Readers for SQLite, or all connections for PostgreSQL.
    pub max_size: u32,
    pub connection_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_size: 8,
            connection_timeout: Duration::from_secs(2),
        }
    }
}

/// The database handle shared by every request.
#[derive(Clone)]
pub struct Db {
    backend: Backend,
    read: DbPool,
    write: DbPool,
    /// SQLite: keeps the checkpointer thread running while any clone of this handle lives.
    _checkpointer: Option<std::sync::Arc<Checkpointer>>,
}

/// How often the checkpointer copies the write-ahead log back into the SQLite database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// SQLite's checkpoints, moved out of the write lock. By default the commit that takes the
/// write-ahead log past 1.000 pages copies the log into the database file and waits for two
/// fsyncs, all while it holds the one write lock, so every writer behind it waits too (a
/// referral dirties some 30 pages, so about every 30th paid for one: 7 % of the server's CPU
/// and the fsyncs' wall time in the bench's referrals). A thread of its own, with its own
/// connection, runs a passive checkpoint every `CHECKPOINT_EVERY`: passive checkpoints take no
/// write lock, so writers go on meanwhile. A commit still checkpoints itself if the log reaches
/// 10.000 pages (`wal_autocheckpoint`), should this thread fall behind.
struct Checkpointer {
    /// Dropped to tell the thread to stop.
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    fn start(path: &Path) -> Result<std::sync::Arc<Checkpointer>, AppError> {
        let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())
            .map_err(|e| AppError::internal(format!("cannot open the database: {e}")))?;
        conn.batch_execute("PRAGMA busy_timeout = 5000")?;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                let mut failing = false;
                // Until the last `Db` clone is dropped (the sender with it).
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(CHECKPOINT_EVERY)
                {
                    match conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE)") {
                        Ok(()) => failing = false,
                        // Once per spell of failures, not ten times a second.
                        Err(e) if !failing => {
                            failing = true;
                            tracing::warn!(error = %e, "checkpoint failed; commits will do it");
                        }
                        Err(_) => {}
                    }
                }
                // The connection closes here; whichever connection to the file closes last
                // checkpoints the log and removes it, as SQLite does.
            })
            .map_err(|e| AppError::internal(format!("cannot start the checkpointer: {e}")))?;
        Ok(std::sync::Arc::new(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        }))
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Db {
    /// Opens the pools (creating the SQLite file and its folder when needed).
    pub fn connect(url: &DbUrl, options: &PoolOptions) -> Result<Db, AppError> {
        if let DbUrl::Sqlite(path) = url {
            ensure_private_file(path)?;
        }
        let manager = Manager { url: url.clone() };
        let build = |size: u32| {
            Pool::builder()
                .max_size(size)
                .min_idle(Some(0))
                // No `SELECT 1` before every use (a round trip on PostgreSQL for each request's
                // every database call): a connection found dead is dropped and the work runs
                // again on a fresh one (`Db::read`, and `Db::write` before its commit).
                .test_on_check_out(false)
                .connection_timeout(options.connection_timeout)
                .build(manager.clone())
                .map_err(|e| AppError::internal(format!("cannot open the database: {e}")))
        };
        match url.backend() {
            Backend::Sqlite => {
                // The writer is opened first so that WAL mode is set before readers attach.
                let write = build(1)?;
                let read = build(options.max_size.max(1))?;
                let DbUrl::Sqlite(path) = url else {
                    return Err(AppError::internal("an SQLite database without a path"));
                };
                // After the writer, which sets WAL mode.
                drop(write.get().map_err(AppError::from)?);
                Ok(Db {
                    backend: Backend::Sqlite,
                    read,
                    write,
                    _checkpointer: Some(Checkpointer::start(path)?),
                })
            }
            Backend::Postgres => {
                let pool = build(options.max_size.max(2))?;
                Ok(Db {
                    backend: Backend::Postgres,
                    read: pool.clone(),
                    write: pool,
                    _checkpointer: None,
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many connections the pools may open in all (SQLite: the readers and the writer).
    pub fn connections(&self) -> usize {
        let read = self.read.max_size() as usize;
        match self.backend {
            Backend::Sqlite => read + self.write.max_size() as usize,
            Backend::Postgres => read,
        }
    }

    /// A read connection, for synchronous callers (CLI, tests).
    pub fn read_conn(&self) -> Result<PooledConn, AppError> {
        self.read.get().map_err(AppError::from)
    }

    /// The writer connection, for synchronous callers (CLI, tests).
    pub fn write_conn(&self) -> Result<PooledConn, AppError> {
        self.write.get().map_err(AppError::from)
    }

    /// Runs `f` on a read connection on the blocking pool. A connection that turns out dead
    /// (the database restarted, the backend was terminated) is dropped and `f` runs once more on
    /// a fresh one.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Clone + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.read.clone();
        run_blocking(move || {
            let retry = f.clone();
            let mut conn = pool.get()?;
            match f(&mut conn) {
                Err(e) if lost(&e, &mut conn) => {
                    tracing::warn!(error = %e, "database connection lost; reading again on a new one");
                    drop(conn);
                    let mut conn = pool.get()?;
                    retry(&mut conn)
                }
                other => other,
            }
        })
        .await
    }

    /// Runs `f`, a read of a few index look-ups (a session's user), at once on the calling
    /// thread when the database is SQLite and a read connection is idle; otherwise as
    /// [`Db::read`] does. An SQLite read of a page or two in the cache takes microseconds of CPU
    /// and, in WAL mode, never waits for a writer, so sending it to the blocking pool (a task
    /// switch there and one back) cost more than the read itself: a tenth of a simple page's
    /// CPU under load (#23). PostgreSQL reads always go to the pool: they wait for the network.
    pub async fn read_brief<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Clone + Send + 'static,
        T: Send + 'static,
    {
        if self.backend == Backend::Sqlite {
            if let Some(mut conn) = self.read.try_get() {
                return f(&mut conn);
            }
        }
        self.read(f).await
    }

    /// Runs `f` inside one write transaction on the blocking pool: all or nothing. When the
    /// connection dies before the commit was sent, nothing was written: the transaction runs
    /// once more on a fresh connection. When it dies during the commit, whether it committed is
    /// unknown, so it is not repeated (503).
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Clone + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.write.clone();
        run_blocking(move || {
            let retry = f.clone();
            let mut conn = pool.get()?;
            match write_tx_step(&mut conn, f) {
                Err((e, Step::Work)) if lost(&e, &mut conn) => {
                    tracing::warn!(error = %e, "database connection lost before commit; writing again on a new one");
                    drop(conn);
                    let mut conn = pool.get()?;
                    write_tx(&mut conn, retry)
                }
                Err((e, _)) => Err(e),
                Ok(v) => Ok(v),
            }
        })
        .await
    }

    /// [`Db::write`] without the retry on a lost connection, for a closure that owns data too
    /// big to copy for a second try (the bulk load of the benchmark's data set).
    pub async fn write_once<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.write.clone();
        run_blocking(move || {
            let mut conn = pool.get()?;
            write_tx(&mut conn, f)
        })
        .await
    }

    /// Runs the embedded migrations (under an advisory lock on PostgreSQL).
    pub fn migrate(&self) -> Result<Vec<String>, AppError> {
        let mut conn = self.write_conn()?;
        run_migrations(&mut conn)
    }
}

/// Takes the row lock of `$table`'s row `$id` for the rest of the write transaction and says
/// whether the row exists. On PostgreSQL `SELECT … FOR NO KEY UPDATE`: the lock an UPDATE of
/// other than key columns takes (so another transaction's foreign-key check on the row is not
/// held up), without writing a new row version. On SQLite only the existence is read: every
/// write transaction holds the database's one write lock from its `BEGIN IMMEDIATE`. Both are
/// statements diesel caches (a no-op UPDATE, used before, is prepared anew every time).
#[macro_export]
macro_rules! lock_row {
    ($conn:expr, $table:ident, $id:expr) => {{
        use $crate::db::schema::$table;
        match &mut *$conn {
            $crate::db::DbConnection::Postgresql(c) => diesel::QueryDsl::select(
                diesel::QueryDsl::for_no_key_update(diesel::QueryDsl::find($table::table, $id)),
                diesel::Table::primary_key(&$table::table),
            )
            .first::<String>(c)
            .optional()?
            .is_some(),
            $crate::db::DbConnection::Sqlite(c) => diesel::select(diesel::dsl::exists(
                diesel::QueryDsl::find($table::table, $id),
            ))
            .get_result::<bool>(c)?,
        }
    }};
}

/// Runs blocking work on actix's blocking pool, carrying the current tracing span along.
pub async fn run_blocking<T, F>(f: F) -> Result<T, AppError>
where
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    actix_web::web::block(move || {
        let _entered = span.enter();
        f()
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
}

/// One write transaction. On SQLite it starts with `BEGIN IMMEDIATE` so the write lock is taken
/// up front: a deferred transaction that reads and then writes fails at once with
/// "database is locked" when another process holds the lock, whatever the busy timeout.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    type Tm = <DbConnection as Connection>::TransactionManager;
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
        }
        DbConnection::Postgresql(_) => Tm::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            if let Err(commit_error) = Tm::commit_transaction(conn) {
                // The transaction manager rolls back itself when a commit fails.
                return Err(commit_error.into());
            }
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback_error) = Tm::rollback_transaction(conn) {
                tracing::error!(error = %rollback_error, "rollback failed");
            }
            Err(error)
        }
    }
}

/// Where a write transaction failed: in its work (nothing committed) or at the commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Work,
    Commit,
}

/// [`write_tx`], saying where it failed.
fn write_tx_step<T, F>(conn: &mut DbConnection, f: F) -> Result<T, (AppError, Step)>
where
    F: FnOnce(&mut DbConnection) -> Result<T, AppError>,
{
    let mut at_commit = false;
    let result = write_tx(conn, |c| {
        let value = f(c);
        at_commit = value.is_ok();
        value
    });
    result.map_err(|e| (e, if at_commit { Step::Commit } else { Step::Work }))
}

/// Whether `e` came from a connection that is gone (so another one may succeed).
fn lost(e: &AppError, conn: &mut DbConnection) -> bool {
    matches!(e, AppError::Unavailable(m) if m.starts_with("database connection lost"))
        || (matches!(e, AppError::Internal(_) | AppError::Unavailable(_))
            && r2d2::R2D2Connection::is_broken(conn))
}

/// Runs pending migrations and returns the versions applied.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, AppError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|v| v.iter().map(|m| m.to_string()).collect::<Vec<_>>()),
        DbConnection::Postgresql(c) => {
            // Several instances may start at once: only one migrates, the others wait and then
            // find nothing pending.
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                .execute(c)?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.iter().map(|m| m.to_string()).collect::<Vec<_>>());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
                .execute(c)?;
            result
        }
    };
    applied.map_err(|e| AppError::internal(format!("migration failed: {e}")))
}

/// Creates the database's folder (mode 0700: it holds the database, its backups and, by
/// default, the secret key) and the database file itself (mode 0600) before SQLite opens it, so
/// neither is ever readable by other users; an existing file is narrowed to 0600. SQLite gives
/// its `-wal` and `-shm` files the database file's mode.
fn ensure_private_file(path: &Path) -> Result<(), AppError> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    let fail = |what: &Path, e: std::io::Error| {
        AppError::internal(format!("cannot prepare {}: {e}", what.display()))
    };
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() && !parent.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|e| fail(parent, e))?;
        }
    }
    if path.exists() {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| fail(path, e))?;
    } else {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            // Another process (a second command) made it meanwhile: fine.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(fail(path, e)),
        }
    }
    Ok(())
}

/// `LIKE` pattern for "contains", with the wildcard characters of the needle escaped (use with
/// `.escape('\\')`).
pub fn contains_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for ch in needle.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// A new identifier: UUID v7 (time ordered) as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now, in UTC, at microsecond precision (what PostgreSQL keeps) so both backends agree.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    crate::clock::now_utc().naive_utc().trunc_subsecs(6)
}

/// Writes a consistent copy of a SQLite database to `target` with `VACUUM INTO`: a read
/// transaction, so the server goes on reading and writing meanwhile; the copy is compacted and
/// holds every transaction committed before it began. Refuses to overwrite a file.
pub async fn backup_sqlite(db: &Db, target: &std::path::Path) -> Result<u64, AppError> {
    if target.exists() {
        return Err(AppError::Conflict(format!(
            "{} exists already: choose a new file",
            target.display()
        )));
    }
    let path = target
        .to_str()
        .ok_or_else(|| AppError::BadRequest("the file name is not UTF-8".into()))?
        .to_string();
    if db.backend() == Backend::Postgres {
        return Err(AppError::BadRequest(
            "backup copies SQLite databases; for PostgreSQL use pg_dump".into(),
        ));
    }
    // The copy holds everything the database does: made 0600 before SQLite writes into it
    // (VACUUM INTO accepts an empty file).
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(target)
            .map_err(|e| AppError::internal(format!("cannot create {}: {e}", target.display())))?;
    }
    db.read(move |conn| match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query("VACUUM INTO ?")
                .bind::<diesel::sql_types::Text, _>(&path)
                .execute(c)?;
            Ok(())
        }
        DbConnection::Postgresql(_) => Err(AppError::BadRequest(
            "backup copies SQLite databases; for PostgreSQL use pg_dump".into(),
        )),
    })
    .await
    .inspect_err(|_| {
        // Leave no empty or partial copy behind.
        let _ = std::fs::remove_file(target);
    })?;
    std::fs::metadata(target)
        .map(|m| m.len())
        .map_err(|e| AppError::internal(format!("the copy is missing: {e}")))
}

/// The `sort` parameter of an API list: a column it may be sorted by, with a leading "-" for
/// descending. Unlike the pages (which fall back to the default), an unknown column is a 422.
pub fn api_sort(
    raw: Option<&str>,
    columns: &[&'static str],
    default: Sort,
) -> Result<Sort, crate::error::AppError> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(default);
    };
    let sort = Sort::parse(Some(raw), columns, default);
    if sort.param() == raw {
        Ok(sort)
    } else {
        Err(crate::error::AppError::field(
            "sort",
            crate::texts::sort_by_one_of(&columns.join(", ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checkpointer copies committed pages into the database file by itself: a megabyte
    /// written in one commit reaches the file (not only the write-ahead log) without another
    /// commit and far below `wal_autocheckpoint`'s 10.000 pages. Without the thread the file
    /// would stay at its size until the log reached 40 MB (checked: with the thread's
    /// checkpoint taken out, this fails).
    #[test]
    fn the_checkpointer_moves_the_log_into_the_file_without_a_commit() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("c.db");
        let url = DbUrl::parse(&format!("sqlite://{}", path.display())).expect("url");
        let db = Db::connect(&url, &PoolOptions::default()).expect("db");
        let mut conn = db.write_conn().expect("conn");
        conn.batch_execute("CREATE TABLE blobs (b BLOB NOT NULL)")
            .expect("table");
        let before = std::fs::metadata(&path).expect("file").len();
        conn.batch_execute("INSERT INTO blobs (b) VALUES (zeroblob(1048576))")
            .expect("insert");
        let mut grown = false;
        for _ in 0..50 {
            if std::fs::metadata(&path).expect("file").len() >= before + 1_048_576 {
                grown = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(grown, "the megabyte never reached the database file");
        drop(conn);
        drop(db);
    }

    #[test]
    fn url_schemes_pick_the_backend() {
        assert!(matches!(
            DbUrl::parse("postgres://u@h/db"),
            Ok(DbUrl::Postgres(_))
        ));
        assert!(matches!(
            DbUrl::parse("postgresql://u@h/db"),
            Ok(DbUrl::Postgres(_))
        ));
        match DbUrl::parse("sqlite://./data/x.db") {
            Ok(DbUrl::Sqlite(p)) => assert_eq!(p, PathBuf::from("./data/x.db")),
            other => panic!("unexpected {other:?}"),
        }
        match DbUrl::parse("data/x.db") {
            Ok(DbUrl::Sqlite(p)) => assert_eq!(p, PathBuf::from("data/x.db")),
            other => panic!("unexpected {other:?}"),
        }
        assert!(DbUrl::parse("mysql://x").is_err());
        assert!(DbUrl::parse(":memory:").is_err());
        assert!(DbUrl::parse("").is_err());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("a%b_c"), "%a\\%b\\_c%");
    }
}
