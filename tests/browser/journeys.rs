//! The five journeys of issue #9, one after the other on one application, as the people of a
//! jobcenter and a company live them: each in their own browser window, by label, button and link,
//! never by posting forms behind the pages' back. A screenshot is taken at every step.

use chrono::{Datelike, Duration, NaiveDate};
use fantoccini::Locator;
use serde_json::json;
use virksomhedscenter::contracts::model::{ActivityKind, Benefit, MentorBasis};
use virksomhedscenter::texts as t;

use crate::driver::{browser_available, Browser, Driver, Shots};
use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, PASSWORD};

fn dk(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

fn month(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

async fn log_in(b: &Browser, email: &str, password: &str) {
    b.log_in(email, password).await;
}

/// The text of the `<dd>` after the `<dt>` with this text.
async fn fact(b: &Browser, term: &str) -> String {
    b.client
        .find(Locator::XPath(&format!(
            "//dt[normalize-space(.)='{term}']/following-sibling::dd[1]"
        )))
        .await
        .unwrap_or_else(|_| panic!("no fact {term:?}"))
        .text()
        .await
        .expect("text")
}

#[actix_web::test]
async fn the_five_journeys_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let shots = Shots::new(backend, "");
    let driver = Driver::start().await;
    let today = virksomhedscenter::clock::today();
    let start = today - Duration::days(21);
    let end = today + Duration::days(180);

    // The administrators keep the campaign figures; a campaign runs from last month.
    let admin_token = app.token(ADMIN).await;
    let baseline = (today.with_day(1).expect("first") - Duration::days(1))
        .with_day(1)
        .expect("first");
    let res = app
        .post(
            &admin_token,
            "/api/v1/campaigns",
            &json!({"name": "Virksomhedscentre 2026", "baseline_month": month(baseline),
                    "end_month": month(today + Duration::days(365))}),
        )
        .await;
    assert_eq!(res.status(), 201, "campaign");
    let campaign_id = json(res).await["id"]
        .as_str()
        .expect("campaign id")
        .to_string();

    // ── Journey 1: a consultant creates a company, drafts a contract with two activities, sends it.
    let consultant = driver.browser(&app.base, &shots, "the consultant").await;
    log_in(&consultant, CONSULTANT_A, PASSWORD).await;
    consultant.shot("konsulent-forside").await;

    consultant.follow(t::NAV_COMPANIES).await;
    consultant.follow(t::COMPANY_NEW).await;
    consultant.fill(t::COMPANY_CVR, "1234567").await;
    consultant
        .fill(t::COMPANY_NAME, "Fænøsund Gartneri ApS")
        .await;
    consultant.press(t::CREATE).await;
    consultant.sees(t::FORM_HAS_ERRORS).await;
    consultant.sees(t::CVR_LENGTH).await;
    consultant.shot("virksomhed-fejl").await;
    // The summary names each field, has the focus, and its links lead to the fields.
    assert!(
        consultant
            .focused_attr("class")
            .await
            .contains("error-summary"),
        "the error summary has the focus"
    );
    let summary_item = format!("{}: {}", t::COMPANY_CVR, t::CVR_LENGTH);
    consultant.sees(&summary_item).await;
    consultant
        .client
        .find(Locator::LinkText(&summary_item))
        .await
        .expect("a link to the field")
        .click()
        .await
        .expect("click");
    assert_eq!(consultant.focused_attr("id").await, "f-cvr");
    // The typed name is kept; the error summary links to the field.
    let name = consultant.field(t::COMPANY_NAME).await;
    assert_eq!(
        name.prop("value").await.expect("value").as_deref(),
        Some("Fænøsund Gartneri ApS")
    );
    consultant.fill(t::COMPANY_CVR, "25313763").await;
    consultant
        .choose(t::COMPANY_SECTOR, t::SECTOR_PRIVATE)
        .await;
    consultant.fill(t::COMPANY_ADDRESS, "Strandvejen 12").await;
    consultant.fill(t::COMPANY_POSTCODE, "5500").await;
    consultant.fill(t::COMPANY_CITY, "Middelfart").await;
    consultant.fill(t::COMPANY_EMPLOYEES, "24").await;
    consultant
        .fill(t::COMPANY_CONTACT_NAME, "Birgit Sund")
        .await;
    consultant
        .fill(t::COMPANY_CONTACT_EMAIL, "birgit@faenoesund.dk")
        .await;
    consultant.press(t::CREATE).await;
    consultant
        .sees(t::flash("company_created").expect("text"))
        .await;
    consultant.shot("virksomhed-oprettet").await;
    let company_path = consultant.path().await;
    let company_id = company_path
        .trim_start_matches("/companies/")
        .split('?')
        .next()
        .expect("id")
        .to_string();

    // The company's signatory and mentor get their logins from the administrator.
    let admin = driver.browser(&app.base, &shots, "the administrator").await;
    log_in(&admin, ADMIN, PASSWORD).await;
    for (name, email, role) in [
        ("Birgit Sund", "birgit@faenoesund.dk", t::ROLE_COMPANY),
        ("Morten Mentor", "morten@faenoesund.dk", t::ROLE_MENTOR),
    ] {
        admin.goto("/users/new").await;
        admin.fill(t::USER_NAME, name).await;
        admin.fill(t::USER_EMAIL, email).await;
        admin.choose(t::USER_ROLE, role).await;
        admin.choose(t::USER_COMPANY, "Fænøsund Gartneri ApS").await;
        admin.fill(t::USER_PASSWORD, PASSWORD).await;
        admin.press(t::CREATE).await;
        admin.sees(t::flash("user_created").expect("text")).await;
    }
    admin.shot("admin-brugere-oprettet").await;

    consultant.follow(t::NAV_CONTRACTS).await;
    consultant.follow(t::CONTRACT_NEW).await;
    consultant
        .choose(t::CONTRACT_CHOOSE_COMPANY, "Fænøsund Gartneri ApS")
        .await;
    consultant.press(t::CONTRACT_NEXT).await;
    consultant.sees("Fænøsund Gartneri ApS").await;
    consultant.choose(t::CONTRACT_MENTOR, "Morten Mentor").await;
    consultant.fill(t::CONTRACT_SEATS, "3").await;
    consultant
        .tick(t::CONTRACT_BENEFITS, Benefit::Kontanthjaelp.label())
        .await;
    consultant
        .choose(t::CONTRACT_MATCH_GROUP, "Matchgruppe 2")
        .await;
    consultant
        .fill(
            t::CONTRACT_GOALS,
            "Tre borgere i praktik ad gangen; mindst én videre i løntilskud inden et år.",
        )
        .await;
    consultant
        .fill(
            t::CONTRACT_WORK_TASKS,
            "Plantepasning, pakning og salg i gårdbutikken",
        )
        .await;
    consultant.fill(t::CONTRACT_MENTOR_HOURS, "3").await;
    consultant
        .choose(t::CONTRACT_MENTOR_BASIS, MentorBasis::Centre.label())
        .await;
    consultant.fill(t::CONTRACT_MENTOR_RATE, "250,00").await;
    // Two shared supporting activities, in the first two rows of the table.
    // Every control of an activity row has its own accessible name ("Udbyder, aktivitet 2").
    for (row, kind, provider, hours, cost) in [
        (
            1,
            ActivityKind::DanishLessons.label(),
            "Sprogcenter Fyn",
            "4",
            "12.000",
        ),
        (
            2,
            ActivityKind::Exercise.label(),
            "Middelfart Fitness",
            "1,5",
            "3.000",
        ),
    ] {
        let named = |label: &str| t::in_activity_row(label, row);
        consultant.labelled(&named(t::CONTRACT_ACTIVITY_KIND)).await[0]
            .select_by_label(kind)
            .await
            .expect("kind");
        for (label, value) in [
            (t::CONTRACT_ACTIVITY_PROVIDER, provider),
            (t::CONTRACT_ACTIVITY_HOURS, hours),
            (t::CONTRACT_ACTIVITY_COST, cost),
        ] {
            consultant.labelled(&named(label)).await[0]
                .send_keys(value)
                .await
                .expect("type");
        }
    }
    consultant.fill_date(t::CONTRACT_START, &dk(start)).await;
    consultant.fill_date(t::CONTRACT_END, &dk(end)).await;
    consultant.fill(t::CONTRACT_FOLLOW_UP, "4").await;
    consultant.fill(t::CONTRACT_NOTICE, "30").await;
    consultant
        .choose(t::CONTRACT_STATEMENT, t::CONTRACT_YES)
        .await;
    consultant.shot("kontrakt-udkast-udfyldt").await;
    consultant.press(t::CONTRACT_SAVE_DRAFT).await;
    consultant
        .sees(t::flash("contract_created").expect("text"))
        .await;
    consultant.sees("Sprogcenter Fyn").await;
    consultant.sees("Middelfart Fitness").await;
    consultant.sees("15.000,00 kr.").await;
    let contract_path = consultant
        .path()
        .await
        .split('?')
        .next()
        .expect("path")
        .to_string();
    consultant.shot("kontrakt-udkast").await;
    consultant.tablet_shot("kontrakt-udkast-tablet").await;
    consultant.press(t::CONTRACT_SEND).await;
    consultant
        .sees(t::flash("contract_sent").expect("text"))
        .await;
    consultant.shot("kontrakt-sendt").await;
    // Withdrawing asks first, on a page of its own; "Fortryd" leaves the contract with the
    // company.
    consultant.press(t::CONTRACT_WITHDRAW).await;
    consultant.sees(t::design::WITHDRAW_CONSEQUENCE).await;
    consultant.shot("kontrakt-traek-tilbage-bekraeft").await;
    consultant.follow(t::design::UNDO).await;
    consultant
        .does_not_see(t::flash("contract_withdrawn").expect("text"))
        .await;
    consultant.sees(t::CONTRACT_WITHDRAW).await;

    // ── Journey 2: the signatory reviews, asks for a change; the consultant changes and resends;
    // the company accepts; the printable contract shows the acceptance.
    let signatory = driver.browser(&app.base, &shots, "the signatory").await;
    log_in(&signatory, "birgit@faenoesund.dk", PASSWORD).await;
    signatory.sees(t::tasks::CONTRACT_TO_REVIEW).await;
    signatory.shot("virksomhed-indbakke").await;
    signatory.follow_task(t::tasks::CONTRACT_TO_REVIEW).await;
    signatory.sees(t::CONTRACT_DIFF_TITLE).await;
    signatory.sees("Sprogcenter Fyn").await;
    signatory.does_not_see(t::CONTRACT_WARNINGS).await;
    signatory.shot("virksomhed-gennemser").await;
    signatory
        .fill(t::CONTRACT_COMMENT, "Vi kan kun tage 2 personer ad gangen.")
        .await;
    signatory.press(t::CONTRACT_REQUEST_CHANGES).await;
    signatory
        .sees(t::flash("contract_returned").expect("text"))
        .await;
    signatory.shot("virksomhed-beder-om-aendringer").await;

    consultant.follow(t::NAV_HOME).await;
    consultant.sees(t::tasks::CHANGES_REQUESTED).await;
    consultant.shot("konsulent-indbakke-aendringer").await;
    consultant.follow_task(t::tasks::CHANGES_REQUESTED).await;
    consultant
        .sees("Vi kan kun tage 2 personer ad gangen.")
        .await;
    consultant.follow(t::CONTRACT_EDIT).await;
    consultant.fill(t::CONTRACT_SEATS, "2").await;
    consultant.press(t::CONTRACT_SAVE_DRAFT).await;
    consultant
        .sees(t::flash("contract_saved").expect("text"))
        .await;
    consultant.press(t::CONTRACT_SEND).await;
    consultant
        .sees(t::flash("contract_sent").expect("text"))
        .await;

    signatory.goto(&contract_path).await;
    // The company reviews only what changed since it sent the contract back.
    signatory.sees(t::CONTRACT_SINCE_RETURNED_COMPANY).await;
    let since = signatory
        .client
        .find(Locator::Css("section.since-returned"))
        .await
        .expect("the changes since the return")
        .text()
        .await
        .expect("text");
    assert!(since.contains("Pladser: 3 → 2"), "{since}");
    assert!(!since.contains("Sprogcenter"), "only what changed: {since}");
    signatory.shot("virksomhed-ser-aendringen").await;
    // The decision comes after the text: on to the check step, then the receipt.
    signatory.follow(t::contracts::GO_TO_CHECK).await;
    signatory.sees(t::contracts::CHECK_AUTHORISED).await;
    signatory.sees("Birgit Sund").await;
    signatory.shot("virksomhed-tjekker-og-accepterer").await;
    signatory.press(t::contracts::ACCEPT_FINAL).await;
    signatory
        .sees(t::flash("contract_accepted").expect("text"))
        .await;
    signatory.sees(t::contracts::RECEIPT_REFERENCE).await;
    signatory.does_not_see("SHA-256").await;
    signatory.shot("virksomhed-accepterer").await;
    signatory.follow(t::CONTRACT_PRINT).await;
    signatory.sees(t::CONTRACT_ACCEPTANCE).await;
    signatory.sees("Birgit Sund").await;
    signatory.does_not_see(t::CONTRACT_NOT_ACCEPTED).await;
    signatory.shot("kontrakt-udskrift").await;
    // Printed through the print stylesheet (A4), kept beside the screenshots.
    let pdf = signatory
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .expect("print to PDF");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    std::fs::write(shots.dir().join("kontrakt.pdf"), &pdf).expect("write PDF");

    // ── Journey 5, before: the campaign dashboard of the consultant's jobcenter this month.
    consultant.follow(t::NAV_CAMPAIGNS).await;
    consultant.follow("Virksomhedscentre 2026").await;
    consultant.fill(t::campaign::TARGET_GROUP_FIELD, "40").await;
    consultant.press(t::campaign::SAVE_FIGURES).await;
    consultant
        .sees(t::flash("figures_saved").expect("text"))
        .await;
    let before = fact(&consultant, t::campaign::A).await;
    assert!(
        before.starts_with("0 "),
        "no one in activation yet: {before}"
    );
    consultant.shot("maal-foer").await;

    // ── Journey 3: three candidates into the two-seat contract; the third waits.
    for (cpr, name) in [
        ("010180-1011", "Anna Jensen"),
        ("020281-1022", "Bilal Hassan"),
        ("030382-1033", "Camilla Nielsen"),
    ] {
        consultant.follow(t::NAV_CANDIDATES).await;
        consultant.follow(t::CANDIDATE_NEW).await;
        consultant.fill(t::CANDIDATE_CPR, cpr).await;
        consultant.fill(t::CANDIDATE_NAME, name).await;
        consultant
            .choose(t::CANDIDATE_BENEFIT, Benefit::Kontanthjaelp.label())
            .await;
        consultant
            .choose(t::CANDIDATE_MATCH_GROUP, "Matchgruppe 2")
            .await;
        consultant.press(t::CREATE).await;
        consultant
            .sees(t::flash("candidate_created").expect("text"))
            .await;
        consultant.goto(&format!("{contract_path}/seats")).await;
        let option = consultant.choose_starting(t::REFER_CANDIDATE, name).await;
        assert!(
            !option.contains(&cpr[7..]),
            "the CPR number is never shown in full in a list: {option}"
        );
        consultant.fill_date(t::REFER_START, &dk(start)).await;
        consultant
            .fill_date(t::REFER_END, &dk(start + Duration::days(90)))
            .await;
        consultant.press(t::REFER_SUBMIT).await;
        if name == "Camilla Nielsen" {
            consultant
                .sees(t::flash("referral_waiting").expect("text"))
                .await;
        } else {
            consultant
                .sees(t::flash("referral_placed").expect("text"))
                .await;
        }
    }
    consultant.goto(&format!("{contract_path}/seats")).await;
    consultant.sees(t::SEATS_WAITING).await;
    consultant.sees("Camilla Nielsen").await;
    consultant.shot("pladser-og-venteliste").await;
    let waiting = consultant
        .client
        .find(Locator::XPath(&format!(
            "//h2[normalize-space(.)='{}']/following-sibling::table[1]",
            t::SEATS_WAITING
        )))
        .await
        .expect("the waiting list")
        .text()
        .await
        .expect("text");
    assert!(waiting.contains("Camilla Nielsen"), "{waiting}");
    assert!(!waiting.contains("Anna Jensen"), "{waiting}");

    // ── Journey 4: the mentor logs last week with the keyboard and submits it; the consultant
    // approves it.
    let mentor = driver.browser(&app.base, &shots, "the mentor").await;
    log_in(&mentor, "morten@faenoesund.dk", PASSWORD).await;
    // First the mentor replaces the password the administrator gave them.
    let own = "morten passer planterne om mandagen";
    mentor.follow(t::account::LINK).await;
    mentor.fill(t::account::CURRENT_PASSWORD, PASSWORD).await;
    mentor.fill(t::account::NEW_PASSWORD, own).await;
    mentor
        .fill(t::account::NEW_PASSWORD_REPEAT, "morten passer planterne")
        .await;
    mentor.press(t::account::SUBMIT).await;
    mentor.sees(t::account::NOT_REPEATED).await;
    mentor.shot("mentor-konto-fejl").await;
    mentor.fill(t::account::CURRENT_PASSWORD, PASSWORD).await;
    mentor.fill(t::account::NEW_PASSWORD, own).await;
    mentor.fill(t::account::NEW_PASSWORD_REPEAT, own).await;
    mentor.press(t::account::SUBMIT).await;
    mentor
        .sees(t::flash("password_changed").expect("text"))
        .await;
    mentor.shot("mentor-konto-skiftet").await;
    mentor.follow(t::NAV_HOURS).await;
    mentor.follow_containing("←").await;
    mentor.sees(t::HOURS_HINT).await;
    mentor.shot("mentor-uge-tom").await;
    // Focus the first row's candidate, then only the keyboard.
    let first = &mentor.labelled(&t::in_row(t::REFER_CANDIDATE, 1)).await[0];
    mentor.focus(first).await;
    mentor.keys("Anna").await;
    mentor.tab().await;
    assert_eq!(mentor.focused_attr("name").await, "row_activity");
    mentor.tab().await;
    assert_eq!(mentor.focused_attr("name").await, "row_note");
    mentor.keys("Oplæring i gårdbutikken").await;
    for (day, hours) in ["1", "1", "0,5", "0,5", "1"].iter().enumerate() {
        mentor.tab().await;
        assert_eq!(mentor.focused_attr("name").await, format!("d{day}"));
        mentor.keys(hours).await;
    }
    // The totals follow the typing before anything is saved (the script).
    mentor.sees(&format!("{}: 4 t", t::HOURS_WEEK_TOTAL)).await;
    mentor.shot("mentor-uge-udfyldt").await;
    mentor.tablet_shot("mentor-uge-tablet").await;
    mentor.enter().await;
    mentor.sees(t::flash("hours_saved").expect("text")).await;
    mentor.sees(&format!("{}: 4 t", t::HOURS_WEEK_TOTAL)).await;
    // After saving, the focus is back in the grid, not at the top of the page (#18.17).
    assert_eq!(mentor.focused_attr("name").await, "d0");
    mentor.press(t::HOURS_SUBMIT).await;
    mentor.sees(t::flash("week_submitted").expect("text")).await;
    mentor.shot("mentor-uge-indsendt").await;

    // The week before: typed as people write hours and submitted without saving first. The
    // typed hours are what is submitted (#18.17: they used to be thrown away).
    mentor.follow_containing("←").await;
    mentor.sees(t::HOURS_HINT).await;
    let first = &mentor.labelled(&t::in_row(t::REFER_CANDIDATE, 1)).await[0];
    mentor.focus(first).await;
    mentor.tab().await;
    mentor.tab().await;
    for hours in ["1:30", "1½"] {
        mentor.tab().await;
        mentor.keys(hours).await;
    }
    mentor.press(t::HOURS_SUBMIT).await;
    mentor.sees(t::flash("week_submitted").expect("text")).await;
    mentor.sees(&format!("{}: 3 t", t::HOURS_WEEK_TOTAL)).await;
    mentor.sees(t::HOURS_LOCKED).await;
    mentor.shot("mentor-uge-indsendt-uden-gem").await;

    consultant.follow(t::NAV_HOME).await;
    consultant.sees(t::tasks::WEEK_TO_APPROVE).await;
    consultant.follow(t::NAV_APPROVALS).await;
    consultant.sees("Fænøsund Gartneri ApS").await;
    consultant.shot("konsulent-timer-venter").await;
    // Two weeks wait; the latest first, which is Anna's.
    consultant.goto("/hours/pending?sort=-week").await;
    consultant.follow_containing("Fænøsund Gartneri ApS").await;
    consultant.sees("Anna Jensen").await;
    consultant.press(t::HOURS_APPROVE).await;
    // On to the other week waiting.
    consultant
        .sees(t::flash("week_approved_next").expect("text"))
        .await;
    consultant.shot("konsulent-uge-godkendt").await;

    // ── Journey 5, after: two more people in company activation.
    consultant.follow(t::NAV_CAMPAIGNS).await;
    consultant.follow("Virksomhedscentre 2026").await;
    let after = fact(&consultant, t::campaign::A).await;
    assert!(
        after.starts_with("2 ") && after.contains("(5 pct. "),
        "two of 40 in activation: {after}"
    );
    consultant.shot("maal-efter").await;
    // The dashboard on a phone: chart, table and ranking within the screen's width.
    consultant.phone_shot("maal-telefon").await;

    let _ = company_id;
    let _ = campaign_id;
    for b in [consultant, signatory, admin, mentor] {
        b.close().await;
    }
    eprintln!("screenshots in {}", shots.dir().display());
}
