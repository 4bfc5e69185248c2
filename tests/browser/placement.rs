//! Issue #22 in Chromium: one placement from its agreement (drafted and sent by the consultant,
//! accepted by the company's signatory from the inbox) to the mentor's attendance (a no-show
//! that lands in the consultant's inbox) to a week reopened by the consultant, corrected and
//! submitted by the mentor and approved again. Each page is checked with axe-core
//! (`Browser::shot`).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use fantoccini::Locator;
use serde_json::json;
use virksomhedscenter::texts as t;
use virksomhedscenter::texts::{agreements as ta, attendance as tt};

use crate::driver::{browser_available, Driver, Shots};
use crate::helpers::{json, Terms, TestApp, CONSULTANT_A, MENTOR_X, PASSWORD, SIGNATORY_X};

fn last(wd: Weekday, today: NaiveDate) -> NaiveDate {
    let mut d = today - Duration::days(7);
    while d.weekday() != wd {
        d -= Duration::days(1);
    }
    d
}

#[actix_web::test]
async fn a_placement_from_agreement_to_attendance_to_a_corrected_week() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let shots = Shots::new(backend, "placement");
    let today = virksomhedscenter::clock::today();
    // Set up through the API: a running contract, a person placed on it from 30 days ago, and a
    // week of mentor hours approved (the week before last).
    let consultant_token = app.token(CONSULTANT_A).await;
    let mentor_token = app.token(MENTOR_X).await;
    let contract = app.accepted_contract(&Terms::days(2, -40, 200)).await;
    let person = app
        .candidate(
            &consultant_token,
            "030390-1234",
            "Sara Nielsen",
            "kontanthjaelp",
        )
        .await;
    let res = app
        .refer(&consultant_token, &contract, &person, -30, 60)
        .await;
    let placement = json(res).await["placement_id"]
        .as_str()
        .expect("placement")
        .to_string();
    let monday = last(Weekday::Mon, today);
    let week = format!(
        "{}-W{:02}",
        monday.iso_week().year(),
        monday.iso_week().week()
    );
    for d in [monday, monday + Duration::days(1)] {
        let res = app
            .post(
                &mentor_token,
                "/api/v1/hours",
                &json!({"contract_id": contract, "date": d.to_string(),
                "minutes": 60, "activity": "training", "note": "Oplæring"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let weeks = format!("/api/v1/contracts/{contract}/weeks/{week}");
    assert_eq!(
        app.post(&mentor_token, &format!("{weeks}/submit"), &json!({}))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.post(&consultant_token, &format!("{weeks}/approve"), &json!({}))
            .await
            .status(),
        200
    );

    let driver = Driver::start().await;
    // ── The consultant drafts the agreement from the placement and sends it.
    let consultant = driver.browser(&app.base, &shots, "the consultant").await;
    consultant.log_in(CONSULTANT_A, PASSWORD).await;
    consultant.goto(&format!("/placements/{placement}")).await;
    consultant.follow(t::seats::PLACEMENT_AGREEMENT).await;
    consultant.sees(ta::NONE_YET).await;
    consultant
        .fill(ta::WORK_TASKS, "Lager og pakning af ordrer")
        .await;
    consultant
        .fill(ta::LEARNING_GOALS, "Faste mødetider og truckcertifikat")
        .await;
    consultant.press(ta::SAVE).await;
    // Without the employee representative's statement it cannot be sent.
    consultant
        .sees(t::flash("agreement_saved").expect("text"))
        .await;
    consultant.press(ta::SEND).await;
    consultant.sees(ta::REP_REQUIRED_TO_SEND).await;
    consultant.shot("aftale-mangler-udtalelse").await;
    consultant.fill(ta::EMPLOYEE_REP_NAME, "Hanne Lund").await;
    let start = today - Duration::days(30);
    consultant
        .fill_date(
            ta::EMPLOYEE_REP_DATE,
            &(start - Duration::days(2)).format("%d-%m-%Y").to_string(),
        )
        .await;
    consultant.press(ta::SAVE).await;
    consultant
        .sees(t::flash("agreement_saved").expect("text"))
        .await;
    consultant.press(ta::SEND).await;
    consultant
        .sees(t::flash("agreement_sent").expect("text"))
        .await;
    consultant.shot("aftale-sendt").await;

    // ── The signatory finds it in the inbox and accepts it.
    let signatory = driver.browser(&app.base, &shots, "the signatory").await;
    signatory.log_in(SIGNATORY_X, PASSWORD).await;
    signatory.follow_task(t::tasks::AGREEMENT_TO_REVIEW).await;
    signatory.sees("Lager og pakning af ordrer").await;
    signatory.sees("uge 1–2: 10 t").await;
    signatory.shot("aftale-til-accept").await;
    signatory.press(ta::ACCEPT).await;
    signatory
        .sees(t::flash("agreement_accepted").expect("text"))
        .await;
    signatory.follow(ta::PRINT).await;
    signatory.sees(ta::HASH).await;
    signatory.shot("aftale-udskrift").await;

    // ── The mentor records last week's attendance: present, and a no-show.
    let mentor = driver.browser(&app.base, &shots, "the mentor").await;
    mentor.log_in(MENTOR_X, PASSWORD).await;
    mentor
        .goto(&format!("/placements/{placement}/attendance?week={week}"))
        .await;
    let label = |d: NaiveDate| {
        format!(
            "{} {}",
            t::weekday(d.weekday().num_days_from_monday()),
            d.format("%d-%m-%Y")
        )
    };
    mentor.choose(&label(monday), tt::PRESENT).await;
    mentor
        .choose(&label(monday + Duration::days(1)), tt::NO_SHOW)
        .await;
    mentor.press(tt::SAVE).await;
    mentor
        .sees(t::flash("attendance_saved").expect("text"))
        .await;
    mentor.sees("1 af 2 registrerede dage (50 pct.)").await;
    mentor.shot("fremmoede").await;

    // ── The consultant sees the no-show in the inbox, and reopens the approved week.
    consultant.follow(t::NAV_HOME).await;
    consultant.follow_task(t::tasks::NO_SHOW).await;
    consultant.sees(tt::NO_SHOW).await;
    consultant
        .goto(&format!("/hours?contract_id={contract}&week={week}"))
        .await;
    consultant
        .fill(t::hours::REOPEN_REASON, "Tirsdag var hun udeblevet")
        .await;
    consultant.press(t::hours::REOPEN).await;
    consultant
        .sees(t::flash("week_reopened").expect("text"))
        .await;
    consultant.shot("uge-genaabnet").await;

    // ── The mentor corrects Tuesday and submits the week again.
    mentor
        .goto(&format!("/hours?contract_id={contract}&week={week}"))
        .await;
    mentor.sees("Tirsdag var hun udeblevet").await;
    let tuesday = mentor
        .client
        .find_all(Locator::Css("input[name='d1']"))
        .await
        .expect("cells")
        .into_iter()
        .next()
        .expect("Tuesday's cell");
    tuesday.clear().await.expect("clear");
    tuesday.send_keys("0:15").await.expect("type");
    mentor.press(t::HOURS_SUBMIT).await;
    mentor.sees(t::flash("week_submitted").expect("text")).await;
    mentor.shot("uge-rettet").await;

    // ── Approved again: the week's history says what happened.
    consultant
        .goto(&format!("/hours?contract_id={contract}&week={week}"))
        .await;
    consultant.press(t::HOURS_APPROVE).await;
    consultant
        .goto(&format!("/hours?contract_id={contract}&week={week}"))
        .await;
    consultant.sees(t::hours_history_action("reopened")).await;
    consultant.shot("uge-godkendt-igen").await;
    let approved = app
        .get(
            &consultant_token,
            &format!("/api/v1/hours?contract_id={contract}&week={week}"),
        )
        .await;
    let body = json(approved).await;
    assert_eq!(body["status"], "approved");
    assert_eq!(
        body["logged_minutes"], 75,
        "60 on Monday and a quarter on Tuesday: {body}"
    );
    for b in [consultant, signatory, mentor] {
        b.close().await;
    }
}
