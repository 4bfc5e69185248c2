//! Documents (#22) in Chromium: the consultant goes from the contract's page to its documents,
//! attaches a scanned contract through the file chooser, sees it listed with who added it and
//! when, and the file comes back byte for byte; a text file called `.pdf` gets the form back
//! with the message. Each page is checked with axe-core (`Browser::shot`).

use crate::driver::{browser_available, Driver, Shots};
use crate::helpers::{json, Terms, TestApp, CONSULTANT_A, PASSWORD};
use virksomhedscenter::texts as t;
use virksomhedscenter::texts::documents as td;

#[actix_web::test]
async fn a_document_is_attached_in_the_browser_and_comes_back_byte_for_byte() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let contract = app.accepted_contract(&Terms::days(2, -10, 200)).await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let shots = Shots::new(backend, "documents");
    let driver = Driver::start().await;
    // The files the person picks, on disk as a file chooser wants them.
    let dir = tempfile::tempdir().expect("dir");
    let mut scan = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    scan.extend(0..=255u8);
    scan.extend_from_slice(b"\n%%EOF\n");
    let scan_path = dir.path().join("Underskrevet kontrakt æøå.pdf");
    std::fs::write(&scan_path, &scan).expect("write");
    let note_path = dir.path().join("notat.pdf");
    std::fs::write(&note_path, "bare tekst").expect("write");

    let c = driver.browser(&app.base, &shots, "the consultant").await;
    c.goto("/login").await;
    c.fill(t::LOGIN_EMAIL, CONSULTANT_A).await;
    c.fill(t::LOGIN_PASSWORD, PASSWORD).await;
    c.press(t::LOGIN_SUBMIT).await;
    c.goto(&format!("/contracts/{contract}")).await;
    c.follow(td::LINK).await;
    c.sees(td::EMPTY).await;
    c.shot("documents-empty").await;

    // A text file called .pdf: the form comes back with the message, nothing is stored.
    c.field(td::FILE)
        .await
        .send_keys(note_path.to_str().expect("path"))
        .await
        .expect("choose the file");
    c.press(td::ADD_BUTTON).await;
    c.sees(td::WRONG_TYPE).await;
    c.sees(td::EMPTY).await;
    c.shot("documents-wrong-type").await;

    c.choose(td::KIND, td::KIND_SIGNED_CONTRACT).await;
    c.field(td::FILE)
        .await
        .send_keys(scan_path.to_str().expect("path"))
        .await
        .expect("choose the file");
    c.press(td::ADD_BUTTON).await;
    c.sees(td::ADDED).await;
    c.sees("Underskrevet kontrakt æøå.pdf").await;
    c.sees(td::KIND_SIGNED_CONTRACT).await;
    c.sees("konsulent.a").await;
    c.sees(
        &virksomhedscenter::clock::today()
            .format("%d-%m-%Y")
            .to_string(),
    )
    .await;
    c.shot("documents-listed").await;

    // What was stored is what was picked, byte for byte.
    let token = app.token(CONSULTANT_A).await;
    let list = json(
        app.get(&token, &format!("/api/v1/contracts/{contract}/documents"))
            .await,
    )
    .await;
    let id = list["items"][0]["id"].as_str().expect("id").to_string();
    let back = app
        .get(&token, &format!("/api/v1/documents/{id}"))
        .await
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(back.as_ref(), scan.as_slice());
    c.close().await;
}
