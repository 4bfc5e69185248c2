//! Checks a `Cargo.lock` against a local copy of the RustSec advisory database, as
//! `cargo audit --no-fetch --stale --db DB` does, without fetching anything.
//!
//! It is built on `rustsec`, the library `cargo-audit` is built on, with its git support left out,
//! so CI compiles it in about a minute instead of installing `cargo-audit` (about ten).
//!
//!     audit --db ../shared/advisory-db [--ignore RUSTSEC-YYYY-NNNN]... [--no-yanked] [Cargo.lock]
//!
//! Prints each vulnerability and each warning (unmaintained, unsound, notice, yanked) with its
//! advisory id, crate, version and title. Exit status: 0 when no vulnerability is found (warnings
//! do not fail, as in `cargo audit`), 1 when one is, 2 when the audit could not run.
//! Advisories to ignore come from `--ignore` and from `[advisories] ignore` in a
//! `.cargo/audit.toml` beside the lockfile, the file `cargo audit` reads.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use rustsec::advisory::{Id, Informational};
use rustsec::package::{Package, SourceId};
use rustsec::report::{Report, Settings};
use rustsec::{Database, Lockfile, Vulnerability, Warning, WarningKind};

struct Args {
    db: PathBuf,
    lockfile: PathBuf,
    ignore: Vec<String>,
    yanked: bool,
}

const USAGE: &str =
    "usage: audit --db ADVISORY_DB [--ignore RUSTSEC-ID]... [--no-yanked] [Cargo.lock]";

fn parse_args() -> Result<Args, String> {
    let mut db = None;
    let mut lockfile = None;
    let mut ignore = Vec::new();
    let mut yanked = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--db" => db = Some(PathBuf::from(args.next().ok_or("--db needs a path")?)),
            "--ignore" => ignore.push(args.next().ok_or("--ignore needs an advisory id")?),
            "--no-yanked" => yanked = false,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other => {
                if lockfile.replace(PathBuf::from(other)).is_some() {
                    return Err("only one lockfile".to_owned());
                }
            }
        }
    }
    Ok(Args {
        db: db.ok_or("--db is required: these machines fetch no advisory database")?,
        lockfile: lockfile.unwrap_or_else(|| PathBuf::from("Cargo.lock")),
        ignore,
        yanked,
    })
}

/// `[advisories] ignore = [...]` from the `.cargo/audit.toml` beside the lockfile, if there is one.
fn config_ignores(lockfile: &Path) -> Result<Vec<String>, String> {
    let dir = lockfile.parent().unwrap_or(Path::new(""));
    let path = dir.join(".cargo").join("audit.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let value: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let ids = value
        .get("advisories")
        .and_then(|a| a.get("ignore"))
        .and_then(|i| i.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    println!("    Reading {} (ignores: {ids:?})", path.display());
    Ok(ids)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Ok(true) when no vulnerability was found.
fn run() -> Result<bool, String> {
    let args = parse_args()?;

    let mut ignore_ids = args.ignore.clone();
    ignore_ids.extend(config_ignores(&args.lockfile)?);
    let ignore = ignore_ids
        .iter()
        .map(|id| id.parse::<Id>().map_err(|e| format!("--ignore {id}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;

    let db = Database::open(&args.db)
        .map_err(|e| format!("advisory database {}: {e}", args.db.display()))?;
    println!(
        "    Loaded {} security advisories (from {})",
        db.iter().count(),
        args.db.display()
    );
    let lockfile = Lockfile::load(&args.lockfile)
        .map_err(|e| format!("lockfile {}: {e}", args.lockfile.display()))?;
    println!(
        "  Scanning {} for vulnerabilities ({} crate dependencies)",
        args.lockfile.display(),
        lockfile.packages.len()
    );

    // The same settings as `cargo audit`'s defaults: every target, every severity, warnings for
    // notices, unmaintained and unsound crates.
    let settings = Settings {
        ignore,
        informational_warnings: vec![
            Informational::Notice,
            Informational::Unmaintained,
            Informational::Unsound,
        ],
        ..Settings::default()
    };
    let report = Report::generate(&db, &lockfile, &settings);

    for vuln in &report.vulnerabilities.list {
        print_vulnerability(vuln, &lockfile);
    }
    let mut warnings = 0;
    for list in report.warnings.values() {
        for warning in list {
            print_warning(warning, &lockfile);
            warnings += 1;
        }
    }
    if args.yanked {
        warnings += check_yanked(&lockfile);
    }

    let count = report.vulnerabilities.count;
    if count > 0 {
        println!("error: {count} vulnerabilities found!");
    }
    if warnings > 0 {
        println!("warning: {warnings} allowed warnings found");
    }
    if count == 0 && warnings == 0 {
        println!("  No vulnerabilities or warnings found");
    }
    Ok(count == 0)
}

fn print_vulnerability(vuln: &Vulnerability, lockfile: &Lockfile) {
    let a = &vuln.advisory;
    println!();
    println!("Crate:     {}", vuln.package.name);
    println!("Version:   {}", vuln.package.version);
    println!("Title:     {}", a.title);
    println!("Date:      {}", a.date.as_str());
    println!("ID:        {}", a.id);
    if let Some(url) = a.id.url() {
        println!("URL:       {url}");
    }
    if let Some(cvss) = &a.cvss {
        println!("Severity:  {} ({})", cvss.score(), cvss.severity());
    }
    let patched = &vuln.versions.patched();
    if patched.is_empty() {
        println!("Solution:  No fixed upgrade is available!");
    } else {
        let list: Vec<String> = patched.iter().map(ToString::to_string).collect();
        println!("Solution:  Upgrade to {}", list.join(" OR "));
    }
    print_dependents(&vuln.package, lockfile);
    println!("Status:    error (vulnerability)");
}

fn print_warning(warning: &Warning, lockfile: &Lockfile) {
    println!();
    println!("Crate:     {}", warning.package.name);
    println!("Version:   {}", warning.package.version);
    println!("Warning:   {}", warning.kind);
    if let Some(a) = &warning.advisory {
        println!("Title:     {}", a.title);
        println!("Date:      {}", a.date.as_str());
        println!("ID:        {}", a.id);
        if let Some(url) = a.id.url() {
            println!("URL:       {url}");
        }
    }
    print_dependents(&warning.package, lockfile);
}

/// Which packages of the lockfile depend on this one directly (a short stand-in for
/// `cargo audit`'s dependency tree).
fn print_dependents(package: &Package, lockfile: &Lockfile) {
    let by: BTreeSet<String> = lockfile
        .packages
        .iter()
        .filter(|p| {
            p.dependencies
                .iter()
                .any(|d| d.name == package.name && d.version == package.version)
        })
        .map(|p| format!("{} {}", p.name, p.version))
        .collect();
    if !by.is_empty() {
        let list: Vec<String> = by.into_iter().collect();
        println!("Used by:   {}", list.join(", "));
    }
}

/// Yanked crates.io versions, read from Cargo's local copy of the sparse index (the one `cargo`
/// keeps under CARGO_HOME after resolving or fetching): nothing is downloaded, as with
/// `cargo audit --no-fetch`. A crate missing from that copy is reported, not failed on.
/// Returns the number of warnings printed.
fn check_yanked(lockfile: &Lockfile) -> usize {
    let crates_io = SourceId::default();
    let packages: Vec<&Package> = lockfile
        .packages
        .iter()
        .filter(|p| p.source.as_ref() == Some(&crates_io))
        .collect();
    if packages.is_empty() {
        return 0;
    }
    let index = tame_index::IndexUrl::crates_io(None, None, None)
        .map(tame_index::IndexLocation::new)
        .and_then(tame_index::index::SparseIndex::new);
    let lock = tame_index::utils::flock::LockOptions::cargo_package_lock(None)
        .map(|o| o.shared())
        .and_then(|o| o.lock(|_| Some(Duration::from_secs(60))));
    let (index, lock) = match (index, lock) {
        (Ok(index), Ok(lock)) => (index, lock),
        (Err(e), _) | (_, Err(e)) => {
            println!();
            println!("warning: yanked crates not checked: cannot read Cargo's local crates.io index ({e})");
            return 1;
        }
    };
    let mut yanked = Vec::new();
    let mut unknown = Vec::new();
    for package in packages {
        let krate = tame_index::KrateName::crates_io(package.name.as_str())
            .map_err(|e| e.to_string())
            .and_then(|name| index.cached_krate(name, &lock).map_err(|e| e.to_string()));
        let version = package.version.to_string();
        match krate {
            Ok(Some(krate)) => match krate.versions.iter().find(|v| v.version == version) {
                Some(v) if v.is_yanked() => yanked.push(package),
                Some(_) => {}
                None => unknown.push(format!("{} {}", package.name, package.version)),
            },
            Ok(None) => unknown.push(format!("{} {}", package.name, package.version)),
            Err(e) => unknown.push(format!("{} {} ({e})", package.name, package.version)),
        }
    }
    for package in &yanked {
        println!();
        println!("Crate:     {}", package.name);
        println!("Version:   {}", package.version);
        println!("Warning:   {}", WarningKind::Yanked);
        print_dependents(package, lockfile);
    }
    if !unknown.is_empty() {
        println!();
        // Cargo fills that copy when it resolves the lockfile (`.ci/run` runs clippy first).
        let more = if unknown.len() > 5 { ", ..." } else { "" };
        println!(
            "warning: {} crates not in the local crates.io index (run cargo fetch first), \
             not checked for yanking: {}{more}",
            unknown.len(),
            unknown[..unknown.len().min(5)].join(", ")
        );
    }
    yanked.len() + usize::from(!unknown.is_empty())
}
