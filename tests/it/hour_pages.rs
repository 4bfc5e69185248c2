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

fn iso(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The state of a week through the API.
async fn week_status(app: &TestApp, token: &str, contract: &str, week: &str) -> String {
    let v = json(
        app.get(
            token,
            &format!("/api/v1/hours?contract_id={contract}&week={week}"),
        )
        .await,
    )
    .await;
    v["status"].as_str().expect("status").to_string()
}

/// The values of the week checkboxes on the approvals page.
fn chosen_tokens(html: &str) -> Vec<String> {
    html.split("type=\"checkbox\" name=\"week\" value=\"")
        .skip(1)
        .map(|s| s[..s.find('"').expect("quote")].to_string())
        .collect()
}

#[actix_web::test]
async fn the_consultant_approves_several_weeks_at_once_and_goes_on_to_the_next() {
    use virksomhedscenter::texts::hours as th;
    let app = TestApp::spawn().await;
    let consultant_token = app.token(CONSULTANT_A).await;
    // 2 hours a week for the centre, at 200 kr. an hour.
    let id = app
        .accepted_contract(&Terms {
            start_date: monday(8).to_string(),
            ..Terms::days(4, 0, 100)
        })
        .await;
    let mentor = app.token(MENTOR_X).await;
    // Four, three and two weeks back submitted (the last over its budget), last week open.
    for (back, minutes, submit) in [(4, 60, true), (3, 90, true), (2, 180, true), (1, 60, false)] {
        let res = app
            .post(
                &mentor,
                "/api/v1/hours",
                &serde_json::json!({"contract_id": id,
                "date": monday(back).to_string(), "minutes": minutes, "activity": "training"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        if submit {
            let res = app
                .post(
                    &mentor,
                    &format!("/api/v1/contracts/{id}/weeks/{}/submit", iso(monday(back))),
                    &serde_json::json!({}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
    }
    let (w4, w3, w2, w1) = (
        iso(monday(4)),
        iso(monday(3)),
        iso(monday(2)),
        iso(monday(1)),
    );

    let consultant = app.browser_logged_in(CONSULTANT_A).await;
    let html = app.html(&consultant, "/hours/pending").await;
    assert!(html.contains(th::APPROVALS_TITLE));
    let (submitted, open) = html.split_at(html.find(th::APPROVALS_OPEN).expect("open weeks"));
    let tokens = chosen_tokens(submitted);
    assert_eq!(
        tokens,
        vec![
            format!("{id}|{w4}|60"),
            format!("{id}|{w3}|90"),
            format!("{id}|{w2}|180")
        ],
        "the submitted weeks, oldest first, each with its minutes"
    );
    for expected in [
        "mentor.x",
        "1,5 t",
        "300,00 kr.",
        "2 t",
        "400,00 kr.",
        "600,00 kr.",
        th::APPROVALS_OVER,
    ] {
        assert!(
            submitted.contains(expected),
            "{expected} among the submitted weeks"
        );
    }
    assert_eq!(
        submitted.matches(th::APPROVALS_OVER).count(),
        1,
        "only the 3-hour week is over"
    );
    assert!(
        chosen_tokens(open).is_empty(),
        "open weeks cannot be approved"
    );
    assert!(open.contains(&format!("uge {}", monday(1).iso_week().week())));
    assert!(open.contains("1 t") && open.contains("åben"));
    let csrf = csrf_of(&html);

    // One week approved on its page: on to the next submitted week (the oldest).
    let res = consultant
        .post(app.url("/hours/approve"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", id.as_str()),
            ("week", w2.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let next = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert_eq!(
        next,
        format!("/hours?contract_id={id}&week={w4}&ok=week_approved_next")
    );
    let page = app.html(&consultant, &next).await;
    assert!(page.contains(virksomhedscenter::texts::flash("week_approved_next").expect("flash")));

    // Week three is sent back, changed and submitted again: its old minutes are stale.
    let res = app
        .post(
            &consultant_token,
            &format!("/api/v1/contracts/{id}/weeks/{w3}/reject"),
            &serde_json::json!({"reason": "Mangler tirsdag"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = app.html(&consultant, "/hours/pending").await;
    let open = &html[html.find(th::APPROVALS_OPEN).expect("open")..];
    assert!(
        open.contains("afvist") && open.contains("Mangler tirsdag"),
        "the reason is kept"
    );
    let res = app
        .post(&mentor, "/api/v1/hours", &serde_json::json!({"contract_id": id,
            "date": (monday(3) + Duration::days(1)).to_string(), "minutes": 30, "activity": "training"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post(
            &mentor,
            &format!("/api/v1/contracts/{id}/weeks/{w3}/submit"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // A choice with a week that is not the consultant's approves nothing.
    let outsider = app.browser_logged_in(crate::helpers::CONSULTANT_B).await;
    let outsider_csrf = app.csrf(&outsider, "/hours/pending").await;
    let res = outsider
        .post(app.url("/hours/approve-selected"))
        .form(&[
            ("csrf", outsider_csrf.as_str()),
            ("week", tokens[0].as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let forged = format!("{}|{w4}|60", "00000000-0000-0000-0000-000000000000");
    let res = consultant
        .post(app.url("/hours/approve-selected"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("week", tokens[0].as_str()),
            ("week", forged.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        week_status(&app, &consultant_token, &id, &w4).await,
        "submitted"
    );
    let mentor_browser = app.browser_logged_in(MENTOR_X).await;
    let mentor_csrf = app.csrf(&mentor_browser, "/").await;
    let res = mentor_browser
        .post(app.url("/hours/approve-selected"))
        .form(&[("csrf", mentor_csrf.as_str()), ("week", tokens[0].as_str())])
        .send()
        .await
        .expect("post");
    assert!(
        matches!(res.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        res.status()
    );
    assert_eq!(
        week_status(&app, &consultant_token, &id, &w4).await,
        "submitted"
    );
    // Nothing chosen: the list again with the error.
    let res = consultant
        .post(app.url("/hours/approve-selected"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("html").contains(th::CHOOSE_WEEKS));

    // The three weeks as the list first showed them: the unchanged one is approved, the
    // changed one and the one approved meanwhile are reported and left as they are.
    let res = consultant
        .post(app.url("/hours/approve-selected"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("week", tokens[0].as_str()),
            ("week", tokens[1].as_str()),
            ("week", tokens[2].as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    let report = res.text().await.expect("html");
    assert!(report.contains(&th::weeks_approved(1)), "{report}");
    assert!(report.contains(th::APPROVALS_LEFT) && report.contains(th::WEEK_CHANGED));
    let meanwhile = th::week_is(
        &virksomhedscenter::ui::format::week_with_year(monday(2)),
        th::WEEK_APPROVED,
    );
    assert!(
        report.contains(&meanwhile),
        "the week approved meanwhile: {report}"
    );
    assert_eq!(
        week_status(&app, &consultant_token, &id, &w4).await,
        "approved"
    );
    assert_eq!(
        week_status(&app, &consultant_token, &id, &w3).await,
        "submitted"
    );
    assert_eq!(
        week_status(&app, &consultant_token, &id, &w2).await,
        "approved"
    );
    assert_eq!(week_status(&app, &consultant_token, &id, &w1).await, "open");
    // The changed week now shows its new minutes; approving it leaves nothing waiting.
    let html = app.html(&consultant, "/hours/pending").await;
    assert_eq!(chosen_tokens(&html), vec![format!("{id}|{w3}|120")]);
    let res = consultant
        .post(app.url("/hours/approve"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", id.as_str()),
            ("week", w3.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.headers()["location"].to_str().expect("location"),
        "/hours/pending?ok=week_approved_last"
    );
}
