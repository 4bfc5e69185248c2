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
