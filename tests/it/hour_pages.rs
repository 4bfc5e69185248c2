//! The mentor's week grid and the consultant's approval through the pages.

use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;

use crate::helpers::{csrf_of, json, Terms, TestApp, CONSULTANT_A, MENTOR_X};

fn monday(weeks_back: i64) -> NaiveDate {
    let t = virksomhedscenter::clock::today();
    t - Duration::days(i64::from(t.weekday().num_days_from_monday())) - Duration::weeks(weeks_back)
}

#[actix_web::test]
async fn a_week_is_logged_in_the_grid_submitted_and_approved() {
    let app = TestApp::spawn().await;
    let consultant_token = app.token(CONSULTANT_A).await;
    let id = app
        .accepted_contract(&Terms {
            start_date: monday(8).to_string(),
            mentor_minutes_per_week: 300,
            ..Terms::days(4, 0, 100)
        })
        .await;

    let mentor = app.browser_logged_in(MENTOR_X).await;
    let week_monday = monday(2);
    let w = week_monday.iso_week();
    let week = format!("{}-W{:02}", w.year(), w.week());
    let page = app.html(&mentor, &format!("/hours?week={week}")).await;
    assert!(page.contains("Gem ugen") && page.contains(&format!("uge {}", w.week())));
    let csrf = csrf_of(&page);
    let mut fields: Vec<(&str, String)> = vec![
        ("csrf", csrf.clone()),
        ("contract_id", id.clone()),
        ("week", week.clone()),
    ];
    // Row 1: training, 1,5 h Monday and 2 h Tuesday; row 2: a follow-up talk of 1,3 h (not quarter hours).
    for (cand, act, days) in [
        ("", "training", ["1,5", "2", "", "", "", "", ""]),
        ("", "follow_up", ["", "", "1,3", "", "", "", ""]),
    ] {
        fields.push(("row_candidate", cand.to_string()));
        fields.push(("row_activity", act.to_string()));
        fields.push(("row_note", format!("note {act}")));
        for (d, v) in days.iter().enumerate() {
            fields.push((["d0", "d1", "d2", "d3", "d4", "d5", "d6"][d], v.to_string()));
        }
    }
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("kvarterer"), "the cell's message");
    assert!(
        html.contains("value=\"1,3\"") && html.contains("value=\"1,5\""),
        "the typed values are kept"
    );
    let nothing = json(
        app.get(
            &consultant_token,
            &format!("/api/v1/hours?contract_id={id}&week={week}"),
        )
        .await,
    )
    .await;
    assert_eq!(nothing["logged_minutes"], 0, "nothing is half saved");

    for f in fields.iter_mut() {
        if f.1 == "1,3" {
            f.1 = "1,25".into();
        }
    }
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let logged = json(
        app.get(
            &consultant_token,
            &format!("/api/v1/hours?contract_id={id}&week={week}"),
        )
        .await,
    )
    .await;
    assert_eq!(logged["logged_minutes"], 90 + 120 + 75);
    assert!(
        logged["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .all(|e| e["note"].as_str().unwrap_or("").starts_with("note ")),
        "{logged}"
    );
    // Saving the same grid again changes nothing.
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let again = json(
        app.get(
            &consultant_token,
            &format!("/api/v1/hours?contract_id={id}&week={week}"),
        )
        .await,
    )
    .await;
    assert_eq!(again["entries"].as_array().map(Vec::len), Some(3));

    let res = mentor
        .post(app.url("/hours/submit"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", id.as_str()),
            ("week", week.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app
        .html(&mentor, &format!("/hours?contract_id={id}&week={week}"))
        .await;
    assert!(page.contains("låst") && !page.contains("Gem ugen"));

    let consultant = app.browser_logged_in(CONSULTANT_A).await;
    let pending = app.html(&consultant, "/hours/pending").await;
    assert!(pending.contains("Virksomhed X") && pending.contains("indsendt"));
    let page = app
        .html(&consultant, &format!("/hours?contract_id={id}&week={week}"))
        .await;
    assert!(page.contains("Godkend ugen"));
    let csrf = csrf_of(&page);
    let res = consultant
        .post(app.url("/hours/reject"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", id.as_str()),
            ("week", week.as_str()),
            ("reason", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = consultant
        .post(app.url("/hours/approve"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", id.as_str()),
            ("week", week.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The week shows its history: submitted, then approved, with names.
    let page = app
        .html(&consultant, &format!("/hours?contract_id={id}&week={week}"))
        .await;
    let history = page.split("Ugens forløb").nth(1).unwrap_or_default();
    let (submitted, approved) = (history.find("Indsendt"), history.find("Godkendt"));
    assert!(
        submitted.is_some() && approved.is_some() && submitted < approved,
        "{history}"
    );

    let contract_page = app.html(&consultant, &format!("/contracts/{id}")).await;
    assert!(contract_page.contains("Mentortimer") && contract_page.contains("4,75 t"));
    let month = format!("{}-{:02}", week_monday.year(), week_monday.month());
    let payments = app
        .html(&consultant, &format!("/payments?month={month}"))
        .await;
    assert!(payments.contains("Virksomhed X"));
    let csv = consultant
        .get(app.url(&format!("/payments.csv?month={month}")))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv
        .bytes()
        .await
        .expect("bytes")
        .starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(
        mentor
            .get(app.url(&format!("/payments?month={month}")))
            .send()
            .await
            .expect("page")
            .status(),
        StatusCode::FORBIDDEN
    );
}

/// #18.17: "Indsend" is in the grid's form and sends what was typed: the grid is saved and the
/// week submitted in one action; a wrong cell refuses the whole action (nothing saved, the week
/// still open); a week of no hours asks before it is submitted; hours typed as 1:30 or 1½.
#[actix_web::test]
async fn submitting_the_week_saves_what_was_typed_first() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let id = app
        .accepted_contract(&Terms {
            start_date: monday(8).to_string(),
            mentor_minutes_per_week: 300,
            ..Terms::days(4, 0, 100)
        })
        .await;
    let mentor = app.browser_logged_in(MENTOR_X).await;
    let week_of = |weeks_back: i64| {
        let w = monday(weeks_back).iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    };
    let form = |csrf: &str, week: &str, action: &str, days: [&str; 7]| {
        let mut f: Vec<(&str, String)> = vec![
            ("csrf", csrf.to_string()),
            ("contract_id", id.clone()),
            ("week", week.to_string()),
            ("row_candidate", String::new()),
            ("row_activity", "training".into()),
            ("row_note", String::new()),
            ("action", action.to_string()),
        ];
        for (d, v) in days.iter().enumerate() {
            f.push((["d0", "d1", "d2", "d3", "d4", "d5", "d6"][d], v.to_string()));
        }
        f
    };
    let week_of_api = |week: String| {
        let app = &app;
        let consultant = consultant.clone();
        let id = id.clone();
        async move {
            json(
                app.get(
                    &consultant,
                    &format!("/api/v1/hours?contract_id={id}&week={week}"),
                )
                .await,
            )
            .await
        }
    };

    let week = week_of(2);
    let page = app.html(&mentor, &format!("/hours?week={week}")).await;
    assert!(
        page.contains("name=\"action\" value=\"submit\""),
        "Indsend is a button of the grid's form"
    );
    let csrf = csrf_of(&page);
    // A wrong cell: nothing saved, nothing submitted, the typed values kept.
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&form(
            &csrf,
            &week,
            "submit",
            ["1:30", "2,3", "", "", "", "", ""],
        ))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("html").contains("value=\"1:30\""));
    let w = week_of_api(week.clone()).await;
    assert_eq!(
        (w["status"].as_str(), w["logged_minutes"].as_i64()),
        (Some("open"), Some(0))
    );

    // Typed and submitted without saving first: the hours are the week's.
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&form(
            &csrf,
            &week,
            "submit",
            ["1:30", "1½", "2", "", "", "", ""],
        ))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let w = week_of_api(week.clone()).await;
    assert_eq!(w["status"], "submitted");
    assert_eq!(w["logged_minutes"], 90 + 90 + 120);

    // An empty week asks first; confirmed, it is submitted with 0 hours.
    let empty = week_of(3);
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&form(&csrf, &empty, "submit", [""; 7]))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("0 timer") && html.contains("value=\"submit_empty\""));
    assert_eq!(week_of_api(empty.clone()).await["status"], "open");
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&form(&csrf, &empty, "submit_empty", [""; 7]))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(week_of_api(empty).await["status"], "submitted");

    // After a save the first cell of the grid has the focus.
    let saved = week_of(4);
    let res = mentor
        .post(app.url("/hours/grid"))
        .form(&form(&csrf, &saved, "save", ["1", "", "", "", "", "", ""]))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap_or("").to_string();
    let page = app.html(&mentor, &location).await;
    assert!(
        page.contains("id=\"f-cell-0-0\"") && page.contains("autofocus"),
        "{location}: {}",
        &page[page.find("f-cell-0-0").unwrap_or(0)..][..400.min(page.len())]
    );
}
