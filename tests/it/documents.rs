//! Documents (#22): files attached to a contract or a placement round-trip byte for byte, are
//! recognised by their content, have a size limit, follow their parent's access rules, are
//! removed only by who added them (an audit line; purged by retention later), and work from the
//! pages through a multipart form with its CSRF token.

use std::io::{Read, Write};

use reqwest::multipart::{Form, Part};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X, SIGNATORY_Y,
};
use virksomhedscenter::texts::documents as t;

/// Every byte value once, so a file that is mangled anywhere (text encoding, a NUL cut) differs.
fn every_byte() -> Vec<u8> {
    (0..=255u8).collect()
}

fn pdf() -> Vec<u8> {
    let mut b = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    b.extend(every_byte());
    b.extend_from_slice(b"\n%%EOF\n");
    b
}

fn png() -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    b.extend_from_slice(&[0, 0, 0, 0x0d, b'I', b'H', b'D', b'R']);
    b.extend(every_byte());
    b
}

fn jpeg() -> Vec<u8> {
    let mut b = vec![
        0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    b.extend(every_byte());
    b.extend_from_slice(&[0xff, 0xd9]);
    b
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `POST path` as multipart with the file in `file` (declared as octet-stream: the content
/// decides) and, when given, the part `kind`.
async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    name: &str,
    bytes: Vec<u8>,
    kind: Option<&str>,
) -> Response {
    let part = Part::bytes(bytes)
        .file_name(name.to_string())
        .mime_str("application/octet-stream")
        .expect("mime");
    let mut form = Form::new().part("file", part);
    if let Some(k) = kind {
        form = form.text("kind", k.to_string());
    }
    app.http
        .post(app.url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// Uploads and expects 201; the new document's id.
async fn added(app: &TestApp, token: &str, path: &str, name: &str, bytes: Vec<u8>) -> String {
    let res = upload(app, token, path, name, bytes, None).await;
    let status = res.status();
    let body = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{path}: {body}");
    body["id"].as_str().expect("id").to_string()
}

async fn delete(app: &TestApp, token: &str, path: &str) -> Response {
    app.http
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("delete")
}

/// An accepted contract of consultant A with company X (mentor X), and a placement on it.
async fn contract_and_placement(app: &TestApp) -> (String, String) {
    let contract = app.accepted_contract(&Terms::days(2, -10, 200)).await;
    let a = app.token(CONSULTANT_A).await;
    let candidate = app
        .candidate(&a, "010180-4321", "Dorte Dokument", "kontanthjaelp")
        .await;
    let res = app.refer(&a, &contract, &candidate, 1, 60).await;
    let status = res.status();
    let body = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "referral: {body}");
    let placement = body["placement_id"]
        .as_str()
        .expect("placement")
        .to_string();
    (contract, placement)
}

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

#[actix_web::test]
async fn documents_round_trip_byte_for_byte() {
    let app = TestApp::spawn().await;
    let (contract, placement) = contract_and_placement(&app).await;
    let a = app.token(CONSULTANT_A).await;
    let cases = [
        (
            "contracts",
            &contract,
            "Underskrevet kontrakt æøå.pdf",
            pdf(),
            "application/pdf",
        ),
        ("placements", &placement, "cv.png", png(), "image/png"),
        ("placements", &placement, "foto.jpg", jpeg(), "image/jpeg"),
    ];
    for (kind, parent, name, bytes, content_type) in cases {
        let path = format!("/api/v1/{kind}/{parent}/documents");
        let res = upload(&app, &a, &path, name, bytes.clone(), Some("other")).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let location = res
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let id = json(res).await["id"].as_str().expect("id").to_string();
        assert_eq!(location, format!("/api/v1/documents/{id}"));

        let list = json(app.get(&a, &path).await).await;
        let listed = items(&list)
            .into_iter()
            .find(|d| d["id"] == id.as_str())
            .expect("listed");
        assert_eq!(listed["sha256"], sha256(&bytes).as_str());
        assert_eq!(listed["size"], bytes.len() as i64);
        assert_eq!(listed["content_type"], content_type);
        assert_eq!(listed["file_name"], name);
        assert_eq!(listed["kind"], "other");
        assert_eq!(listed["added_by"], "konsulent.a");
        assert!(listed["added_at"].as_str().is_some());

        let res = app.get(&a, &format!("/api/v1/documents/{id}")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers().clone();
        assert_eq!(h["content-type"], content_type);
        assert_eq!(h["x-content-type-options"], "nosniff");
        let disposition = h["content-disposition"].to_str().expect("ascii header");
        assert!(disposition.starts_with("attachment"), "{disposition}");
        let back = res.bytes().await.expect("bytes");
        assert_eq!(back.as_ref(), bytes.as_slice(), "{name}: byte for byte");
        assert_eq!(sha256(&back), sha256(&bytes));
        if name.contains('æ') {
            // RFC 6266: an ASCII fallback and the exact name in UTF-8, percent-encoded.
            assert!(
                disposition.contains("filename=\"Underskrevet kontrakt ___.pdf\""),
                "{disposition}"
            );
            assert!(
                disposition
                    .contains("filename*=UTF-8''Underskrevet%20kontrakt%20%C3%A6%C3%B8%C3%A5.pdf"),
                "{disposition}"
            );
        }
    }
    // The company and the contract's mentor see and download them too.
    for who in [SIGNATORY_X, MENTOR_X, ADMIN] {
        let token = app.token(who).await;
        let list = json(
            app.get(&token, &format!("/api/v1/placements/{placement}/documents"))
                .await,
        )
        .await;
        assert_eq!(items(&list).len(), 2, "{who}: {list}");
    }
}

#[actix_web::test]
async fn a_text_file_named_pdf_is_refused_naming_file() {
    let app = TestApp::spawn().await;
    let (contract, _) = contract_and_placement(&app).await;
    let a = app.token(CONSULTANT_A).await;
    let path = format!("/api/v1/contracts/{contract}/documents");
    let res = upload(
        &app,
        &a,
        &path,
        "x.pdf",
        b"Hej, jeg er tekst.".to_vec(),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await;
    assert_eq!(body["fields"]["file"][0], t::WRONG_TYPE, "{body}");
    // A GIF is an image, but not one of the three.
    let res = upload(&app, &a, &path, "x.png", b"GIF89a\x01\x00".to_vec(), None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // An empty file, no file at all, an unknown kind.
    let res = upload(&app, &a, &path, "x.pdf", Vec::new(), None).await;
    assert_eq!(json(res).await["fields"]["file"][0], t::NO_FILE);
    let res = app
        .http
        .post(app.url(&path))
        .bearer_auth(&a)
        .multipart(Form::new().text("kind", "cv"))
        .send()
        .await
        .expect("no file");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(res).await["fields"]["file"][0], t::NO_FILE);
    let res = upload(&app, &a, &path, "x.pdf", pdf(), Some("passport")).await;
    assert_eq!(json(res).await["fields"]["kind"][0], t::KIND_UNKNOWN);
    // JSON is not an upload.
    let res = app.post(&a, &path, &json!({"file": "x"})).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let list = json(app.get(&a, &path).await).await;
    assert!(items(&list).is_empty(), "nothing was stored: {list}");
}

#[actix_web::test]
async fn a_file_over_10_mib_is_refused() {
    let app = TestApp::spawn().await;
    let (contract, _) = contract_and_placement(&app).await;
    let a = app.token(CONSULTANT_A).await;
    let path = format!("/api/v1/contracts/{contract}/documents");
    // Exactly 10 MiB is taken.
    let mut limit = pdf();
    limit.resize(10 * 1024 * 1024, b' ');
    let id = added(&app, &a, &path, "stor.pdf", limit.clone()).await;
    let back = app.get(&a, &format!("/api/v1/documents/{id}")).await;
    assert_eq!(back.bytes().await.expect("bytes").len(), limit.len());
    // One byte more: 422 naming `file` (the server read on and threw the rest away).
    let mut over = limit;
    over.push(b' ');
    let res = upload(&app, &a, &path, "for-stor.pdf", over, None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await;
    assert_eq!(body["fields"]["file"][0], t::TOO_LARGE, "{body}");
    assert_eq!(items(&json(app.get(&a, &path).await).await).len(), 1);
    // A body declared far over the limit is refused with 413 before any of it is read.
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut s = std::net::TcpStream::connect(&addr).expect("connect");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {a}\r\n\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 500000000\r\n\r\n--x\r\n"
    )
    .expect("write");
    let mut head = [0u8; 12];
    s.read_exact(&mut head).expect("status line");
    assert_eq!(&head, b"HTTP/1.1 413", "{}", String::from_utf8_lossy(&head));
}

#[actix_web::test]
async fn a_company_of_another_company_gets_404() {
    let app = TestApp::spawn().await;
    let (contract, placement) = contract_and_placement(&app).await;
    let a = app.token(CONSULTANT_A).await;
    let on_contract = added(
        &app,
        &a,
        &format!("/api/v1/contracts/{contract}/documents"),
        "k.pdf",
        pdf(),
    )
    .await;
    let on_placement = added(
        &app,
        &a,
        &format!("/api/v1/placements/{placement}/documents"),
        "p.png",
        png(),
    )
    .await;
    for who in [SIGNATORY_Y, CONSULTANT_B] {
        let token = app.token(who).await;
        for path in [
            format!("/api/v1/contracts/{contract}/documents"),
            format!("/api/v1/placements/{placement}/documents"),
        ] {
            assert_eq!(
                app.get(&token, &path).await.status(),
                StatusCode::NOT_FOUND,
                "{who} {path}"
            );
            let res = upload(&app, &token, &path, "x.pdf", pdf(), None).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{who} POST {path}");
        }
        for id in [&on_contract, &on_placement] {
            let path = format!("/api/v1/documents/{id}");
            assert_eq!(app.get(&token, &path).await.status(), StatusCode::NOT_FOUND);
            assert_eq!(
                delete(&app, &token, &path).await.status(),
                StatusCode::NOT_FOUND
            );
        }
    }
}

#[actix_web::test]
async fn a_mentor_of_another_contract_gets_404() {
    let app = TestApp::spawn().await;
    let (contract, placement) = contract_and_placement(&app).await;
    let admin = app.token(ADMIN).await;
    // Another mentor of the same company, not named in this contract.
    let res = app
        .post(&admin, "/api/v1/users", &json!({"email": "mentor.x2@test.dk", "name": "Mentor To",
            "role": "mentor", "company_id": app.seed.company_x, "password": crate::helpers::PASSWORD}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let a = app.token(CONSULTANT_A).await;
    let id = added(
        &app,
        &a,
        &format!("/api/v1/placements/{placement}/documents"),
        "p.pdf",
        pdf(),
    )
    .await;
    let other = app.token("mentor.x2@test.dk").await;
    for path in [
        format!("/api/v1/contracts/{contract}/documents"),
        format!("/api/v1/placements/{placement}/documents"),
    ] {
        assert_eq!(app.get(&other, &path).await.status(), StatusCode::NOT_FOUND);
        let res = upload(&app, &other, &path, "x.pdf", pdf(), None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let path = format!("/api/v1/documents/{id}");
    assert_eq!(app.get(&other, &path).await.status(), StatusCode::NOT_FOUND);
    // The contract's own mentor adds to its placement; the company's side does not see a
    // referral that is only waiting.
    let mentor = app.token(MENTOR_X).await;
    added(
        &app,
        &mentor,
        &format!("/api/v1/placements/{placement}/documents"),
        "m.jpg",
        jpeg(),
    )
    .await;
    let candidate = app
        .candidate(&a, "020280-1234", "Ventende Vera", "kontanthjaelp")
        .await;
    let busy = app.accepted_contract(&Terms::days(1, -10, 200)).await;
    app.refer(&a, &busy, &candidate, 1, 60).await;
    let second = app
        .candidate(&a, "030380-2345", "Anden Anna", "kontanthjaelp")
        .await;
    let res = app.refer(&a, &busy, &second, 1, 60).await;
    let waiting = json(res).await["placement_id"]
        .as_str()
        .expect("id")
        .to_string();
    let path = format!("/api/v1/placements/{waiting}/documents");
    assert_eq!(app.get(&a, &path).await.status(), StatusCode::OK);
    for who in [SIGNATORY_X, MENTOR_X] {
        let token = app.token(who).await;
        assert_eq!(
            app.get(&token, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
}

#[actix_web::test]
async fn only_who_added_a_document_removes_it_and_the_removal_is_audited() {
    let app = TestApp::spawn().await;
    let (contract, _) = contract_and_placement(&app).await;
    let a = app.token(CONSULTANT_A).await;
    let x = app.token(SIGNATORY_X).await;
    let admin = app.token(ADMIN).await;
    let list_path = format!("/api/v1/contracts/{contract}/documents");
    let id = added(&app, &x, &list_path, "underskrevet.pdf", pdf()).await;
    let path = format!("/api/v1/documents/{id}");
    // Administrators read and add nothing; nobody but the one who added it removes it.
    let res = upload(&app, &admin, &list_path, "x.pdf", pdf(), None).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for who in [&a, &admin, &app.token(MENTOR_X).await] {
        assert_eq!(
            delete(&app, who, &path).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(app.get(&a, &path).await.status(), StatusCode::OK);
    let res = delete(&app, &x, &path).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Gone from the list and the download, for everyone; removing again is 404.
    for who in [&a, &x, &admin] {
        assert!(items(&json(app.get(who, &list_path).await).await).is_empty());
        assert_eq!(app.get(who, &path).await.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(
        delete(&app, &x, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    // The audit trail has both lines, with the file's name.
    let audit = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=document&object_id={id}"),
        )
        .await,
    )
    .await;
    let audit_items = items(&audit);
    let actions: Vec<&str> = audit_items
        .iter()
        .map(|i| i["action"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(actions, ["document_removed", "document_added"], "{audit}");
    assert_eq!(audit_items[0]["actor_email"], SIGNATORY_X);
    assert_eq!(audit_items[0]["detail"], "underskrevet.pdf");
    // The file is kept (recoverable) until the retention period has passed; then purged.
    let stored = || {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::documents;
        let mut conn = app.db.read_conn().expect("conn");
        documents::table
            .filter(documents::id.eq(&id))
            .select(documents::sha256)
            .first::<String>(&mut conn)
            .optional()
            .expect("query")
    };
    assert_eq!(stored(), Some(sha256(&pdf())));
    let today = virksomhedscenter::clock::today();
    let retention = virksomhedscenter::documents::retention::run;
    let kept = retention(&app.db, today, 5, false).await.expect("run");
    assert_eq!(kept.documents, 0);
    assert!(stored().is_some(), "kept within the retention period");
    let later = today + chrono::Duration::days(5 * 366 + 2);
    let dry = retention(&app.db, later, 5, true).await.expect("dry run");
    assert_eq!(dry.documents, 1);
    assert!(stored().is_some(), "a dry run only counts");
    let purged = retention(&app.db, later, 5, false).await.expect("run");
    assert_eq!(purged.documents, 1);
    assert!(stored().is_none(), "purged after the retention period");
    let audit = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=document&object_id={id}"),
        )
        .await,
    )
    .await;
    assert_eq!(items(&audit).len(), 2, "the audit lines stay");
}

#[actix_web::test]
async fn documents_are_added_and_removed_on_the_pages() {
    let app = TestApp::spawn().await;
    let (contract, placement) = contract_and_placement(&app).await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    // The parent pages link to their documents.
    let page = app.html(&b, &format!("/contracts/{contract}")).await;
    assert!(page.contains(&format!("/contracts/{contract}/documents")));
    let page = app.html(&b, &format!("/placements/{placement}")).await;
    assert!(page.contains(&format!("/placements/{placement}/documents")));

    let path = format!("/placements/{placement}/documents");
    let csrf = app.csrf(&b, &path).await;
    let form = |csrf: &str, name: &str, bytes: Vec<u8>| {
        Form::new()
            .text("csrf", csrf.to_string())
            .text("kind", "internship_statement")
            .part(
                "file",
                Part::bytes(bytes)
                    .file_name(name.to_string())
                    .mime_str("application/pdf")
                    .expect("mime"),
            )
    };
    // A text file called .pdf: the form comes back with the message and the chosen kind.
    let res = b
        .post(app.url(&path))
        .multipart(form(&csrf, "tekst.pdf", b"ikke en pdf".to_vec()))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains(t::WRONG_TYPE), "{html}");
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(
        html.contains("value=\"internship_statement\" selected"),
        "the kind is kept"
    );
    // Without the CSRF token nothing is stored.
    let res = b
        .post(app.url(&path))
        .multipart(form("forkert", "erklaering.pdf", pdf()))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A real PDF is added: back to the list with the confirmation.
    let res = b
        .post(app.url(&path))
        .multipart(form(&csrf, "Praktikerklæring.pdf", pdf()))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert_eq!(location, format!("{path}?ok=document_added"));
    let html = app.html(&b, &location).await;
    assert!(html.contains(t::ADDED));
    assert!(html.contains("Praktikerklæring.pdf"), "{html}");
    assert!(html.contains(t::KIND_INTERNSHIP_STATEMENT));
    assert!(html.contains("konsulent.a"), "who added it");
    let today = virksomhedscenter::clock::today()
        .format("%d-%m-%Y")
        .to_string();
    assert!(html.contains(&today), "when, dd-mm-åååå HH:MM");
    let a = app.token(CONSULTANT_A).await;
    let list = json(
        app.get(&a, &format!("/api/v1/placements/{placement}/documents"))
            .await,
    )
    .await;
    let id = items(&list)[0]["id"].as_str().expect("id").to_string();
    // The browser downloads it with its session.
    let res = b
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), pdf().as_slice());
    // The signatory sees it but has no button to remove it; the consultant removes it.
    let x = app.browser_logged_in(SIGNATORY_X).await;
    let theirs = app.html(&x, &path).await;
    assert!(theirs.contains("Praktikerklæring.pdf"));
    assert!(!theirs.contains(&format!("/documents/{id}/remove")));
    let x_csrf = app.csrf(&x, &path).await;
    let res = x
        .post(app.url(&format!("/documents/{id}/remove")))
        .form(&[("csrf", x_csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(html.contains(&format!("/documents/{id}/remove")));
    let res = b
        .post(app.url(&format!("/documents/{id}/remove")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.html(&b, &format!("{path}?ok=document_removed")).await;
    assert!(html.contains(t::REMOVED));
    assert!(html.contains(t::EMPTY));
    let res = b
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Someone who may not see the contract gets 404 for its documents page.
    let other = app.browser_logged_in(SIGNATORY_Y).await;
    let res = other
        .get(app.url(&format!("/contracts/{contract}/documents")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// A stored document: id, contract, content type, SHA-256, bytes.
type Stored = (String, Option<String>, String, String, Vec<u8>);

#[actix_web::test]
async fn the_demo_shows_documents() {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::documents;
    let app = TestApp::spawn_demo().await;
    let stored: Vec<Stored> = {
        let mut conn = app.db.read_conn().expect("conn");
        documents::table
            .select((
                documents::id,
                documents::contract_id,
                documents::content_type,
                documents::sha256,
                documents::content,
            ))
            .load(&mut conn)
            .expect("documents")
    };
    assert_eq!(stored.len(), 4, "the demo attaches four documents");
    for (_, _, content_type, sha, bytes) in &stored {
        assert_eq!(sha, &sha256(bytes));
        let sniffed =
            virksomhedscenter::documents::model::FileType::sniff(bytes).expect("a real PDF or PNG");
        assert_eq!(sniffed.content_type(), content_type);
    }
    assert!(stored.iter().any(|d| d.2 == "image/png"));
    // Lene (the company's signatory) sees the scanned contract on its documents page.
    let (_, contract, ..) = stored
        .iter()
        .find(|d| d.1.is_some())
        .expect("one on a contract");
    let lene = app.browser();
    let res = app
        .login_form(
            &lene,
            "lene@lillebaelt-rengoering.dk",
            virksomhedscenter::demo::DEMO_PASSWORD,
            "/",
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let contract = contract.clone().expect("contract id");
    let html = app
        .html(&lene, &format!("/contracts/{contract}/documents"))
        .await;
    assert!(html.contains("Rammekontrakt underskrevet.pdf"), "{html}");
    assert!(html.contains(t::KIND_SIGNED_CONTRACT));
}

#[actix_web::test]
async fn retention_purges_the_documents_of_an_anonymised_person() {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::{candidates, documents, placements};
    let app = TestApp::spawn().await;
    let (contract, placement) = contract_and_placement(&app).await;
    let a = app.token(CONSULTANT_A).await;
    let cv = added(
        &app,
        &a,
        &format!("/api/v1/placements/{placement}/documents"),
        "cv.pdf",
        pdf(),
    )
    .await;
    let on_contract = added(
        &app,
        &a,
        &format!("/api/v1/contracts/{contract}/documents"),
        "kontrakt.pdf",
        pdf(),
    )
    .await;
    let retention = virksomhedscenter::documents::retention::run;
    let today = virksomhedscenter::clock::today();
    let report = retention(&app.db, today, 5, false).await.expect("run");
    assert_eq!((report.documents, report.of_anonymised), (0, 0));
    // Retention anonymises the person (as `seats::retention` does, by its marker).
    {
        let mut conn = app.db.write_conn().expect("conn");
        let candidate: String = placements::table
            .find(&placement)
            .select(placements::candidate_id)
            .first(&mut conn)
            .expect("placement");
        diesel::update(candidates::table.find(&candidate))
            .set(candidates::anonymised_at.eq(Some(chrono::Utc::now().naive_utc())))
            .execute(&mut conn)
            .expect("anonymise");
    }
    let dry = retention(&app.db, today, 5, true).await.expect("dry run");
    assert_eq!(dry.of_anonymised, 1);
    let report = retention(&app.db, today, 5, false).await.expect("run");
    assert_eq!((report.documents, report.of_anonymised), (0, 1));
    let left: Vec<String> = {
        let mut conn = app.db.read_conn().expect("conn");
        documents::table
            .select(documents::id)
            .load(&mut conn)
            .expect("documents")
    };
    assert_eq!(
        left,
        [on_contract],
        "the CV went, the contract's scan stays: {cv}"
    );
}
