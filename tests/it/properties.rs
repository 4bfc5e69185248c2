//! Property-based tests over every parser and over the JSON bodies and page forms that reach
//! them: never a panic, never a 5xx, always an answer that names the field; and the values the
//! system writes read back as the same value.

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reqwest::StatusCode;
use serde_json::{json, Map, Value};
use virksomhedscenter::campaign::model::parse_month;
use virksomhedscenter::directory::model::{parse_count, parse_postcode, Cvr, Kommunekode, PNumber};
use virksomhedscenter::hours::model::IsoWeek;
use virksomhedscenter::seats::cpr::Cpr;
use virksomhedscenter::ui::format::{
    date, hours_input, kroner_input, parse_date, parse_hours, parse_kroner,
};

use crate::helpers::{json as body_of, TestApp, ADMIN, CONSULTANT_A, MENTOR_X, SIGNATORY_X};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

/// Any text: printable, control characters, non-ASCII, long.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[0-9 .,:/Ww+-]{0,16}",
        proptest::collection::vec(any::<char>(), 0..300).prop_map(|v| v.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(Config { cases: 400, ..Config::default() })]

    #[test]
    fn scalar_parsers_never_panic(s in any_text()) {
        let _ = Cvr::parse(&s);
        let _ = PNumber::parse(&s);
        let _ = Kommunekode::parse(&s);
        let _ = parse_postcode(&s);
        let _ = parse_count(&s);
        let _ = Cpr::parse(&s, today());
        let _ = parse_date(&s);
        let _ = parse_kroner(&s);
        let _ = parse_hours(&s);
        let _ = IsoWeek::parse(&s);
        let _ = parse_month(&s);
    }

    #[test]
    fn a_valid_cvr_is_accepted_in_any_spacing(n in 1_000_000u32..10_000_000, spaced in any::<bool>()) {
        // Complete seven digits with the check digit, when one exists.
        let digits: Vec<u32> = format!("{n}").chars().filter_map(|c| c.to_digit(10)).collect();
        let weights = [2, 7, 6, 5, 4, 3, 2];
        let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 11;
        prop_assume!(check < 10);
        let cvr = format!("{n}{check}");
        let typed = if spaced { format!("DK {} {} {} {}", &cvr[0..2], &cvr[2..4], &cvr[4..6], &cvr[6..8]) } else { cvr.clone() };
        let parsed = Cvr::parse(&typed);
        prop_assert!(parsed.is_ok(), "{typed}: {parsed:?}");
        let parsed = parsed.expect("ok");
        prop_assert_eq!(parsed.as_str(), cvr.as_str());
        // One digit changed is caught by the check digit.
        let wrong = format!("{n}{}", (check + 1) % 10);
        prop_assert!(Cvr::parse(&wrong).is_err());
    }

    #[test]
    fn a_cpr_number_of_a_real_birthday_parses_and_masks(days in 0i64..36_000, serial in 0u32..10_000) {
        let born = today() - Duration::days(days);
        // The seventh digit and the two-digit year decide the century (CPR rules).
        let yy = born.year() % 100;
        let seventh = match born.year() {
            1900..=1999 => [0u32, 1, 2, 3][(serial % 4) as usize],
            2000..=2036 => 4,
            _ => return Ok(()),
        };
        let cpr = format!("{:02}{:02}{:02}-{}{:03}", born.day(), born.month(), yy, seventh, serial % 1000);
        let parsed = Cpr::parse(&cpr, today());
        prop_assert!(parsed.is_ok(), "{cpr}: {parsed:?}");
        let parsed = parsed.expect("ok");
        prop_assert_eq!(parsed.birth_date(), born);
        prop_assert_eq!(parsed.masked(), format!("{}-XXXX", &cpr[..6]));
    }

    #[test]
    fn dates_read_back_in_both_spellings(days in -60_000i64..60_000) {
        let d = today() + Duration::days(days);
        prop_assert_eq!(parse_date(&date(d)), Some(d));
        prop_assert_eq!(parse_date(&d.to_string()), Some(d));
    }

    #[test]
    fn weeks_read_back(days in -40_000i64..40_000) {
        let d = today() + Duration::days(days);
        let w = d.iso_week();
        let text = format!("{}-W{:02}", w.year(), w.week());
        let parsed = IsoWeek::parse(&text);
        prop_assert!(parsed.is_ok(), "{text}");
        prop_assert_eq!(parsed.expect("ok").monday(), d - Duration::days(i64::from(d.weekday().num_days_from_monday())));
    }

    #[test]
    fn amounts_and_hours_read_back(ore in 0i64..100_000_000_000, quarters in 0i64..4_000) {
        prop_assert_eq!(parse_kroner(&kroner_input(ore)), Ok(ore));
        let minutes = quarters * 15;
        prop_assert_eq!(parse_hours(&hours_input(minutes)), Ok(minutes));
    }
}

/// One way to spoil a valid JSON body.
#[derive(Debug, Clone)]
enum Spoil {
    Drop(usize),
    Extra(String, Value),
    Retype(usize, Value),
    Huge(usize),
    NotAnObject(Value),
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        any_text().prop_map(Value::String),
        Just(json!([])),
        Just(json!({"a": {"b": [1, "x", null]}})),
        Just(json!(["2026-01-01", 3])),
    ]
}

fn spoil() -> impl Strategy<Value = Vec<Spoil>> {
    let one = prop_oneof![
        (0usize..20).prop_map(Spoil::Drop),
        ("[a-z_]{1,12}", json_leaf()).prop_map(|(k, v)| Spoil::Extra(k, v)),
        (0usize..20, json_leaf()).prop_map(|(i, v)| Spoil::Retype(i, v)),
        (0usize..20).prop_map(Spoil::Huge),
        json_leaf().prop_map(Spoil::NotAnObject),
    ];
    proptest::collection::vec(one, 1..4)
}

fn apply(body: &Value, spoils: &[Spoil]) -> Value {
    let mut map: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
    for s in spoils {
        let keys: Vec<String> = map.keys().cloned().collect();
        let key = |i: &usize| keys.get(i % keys.len().max(1)).cloned();
        match s {
            Spoil::Drop(i) => {
                if let Some(k) = key(i) {
                    map.remove(&k);
                }
            }
            Spoil::Extra(k, v) => {
                map.insert(k.clone(), v.clone());
            }
            Spoil::Retype(i, v) => {
                if let Some(k) = key(i) {
                    map.insert(k, v.clone());
                }
            }
            // Big, but under the body limit: the fields' own limits must answer.
            Spoil::Huge(i) => {
                if let Some(k) = key(i) {
                    map.insert(k, Value::String("ø".repeat(60_000)));
                }
            }
            Spoil::NotAnObject(v) => return v.clone(),
        }
    }
    Value::Object(map)
}

/// Samples of a strategy, drawn with a fixed seed so a failure repeats.
fn samples<S: Strategy>(strategy: S, n: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).expect("tree").current())
        .collect()
}

/// Spoiled JSON bodies on the main write routes: never a 5xx; a refusal is 400 (not JSON of
/// the right shape at all), 413, or 422 naming at least one field; and nothing spoiled is
/// accepted with a field silently lost (a 2xx only when the body still parses).
#[actix_web::test]
async fn spoiled_json_bodies_get_field_errors() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let a = app.token(CONSULTANT_A).await;
    let mentor = app.token(MENTOR_X).await;
    let x = app.token(SIGNATORY_X).await;
    let day = |o: i64| (virksomhedscenter::clock::today() + Duration::days(o)).to_string();
    let terms = json!({"company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 2,
        "offer_types": ["virksomhedspraktik"], "start_date": day(-20), "end_date": day(200),
        "mentor_minutes_per_week": 120, "mentor_rate_ore": 20000,
        "activities": [{"kind": "danish_lessons", "provider": "Sprogcenter", "description": "Dansk", "minutes_per_week": 120, "cost_ore": 100}]});
    let contract = body_of(app.post(&a, "/api/v1/contracts", &terms).await).await["id"]
        .as_str()
        .expect("contract")
        .to_string();
    app.post(
        &a,
        &format!("/api/v1/contracts/{contract}/send"),
        &json!({}),
    )
    .await;
    app.post(
        &x,
        &format!("/api/v1/contracts/{contract}/accept"),
        &json!({}),
    )
    .await;
    let candidate = body_of(
        app.post(&a, "/api/v1/candidates", &json!({"cpr": "010180-1111", "name": "Prop Test", "benefit": "kontanthjaelp", "match_group": 2}))
            .await,
    )
    .await["id"]
        .as_str()
        .expect("candidate")
        .to_string();
    let routes: Vec<(&str, String, Value)> = vec![
        (a.as_str(), "/api/v1/contracts".into(), terms.clone()),
        (
            a.as_str(),
            "/api/v1/candidates".into(),
            json!({"cpr": "020280-2222", "name": "Ny Person", "benefit": "kontanthjaelp", "match_group": 2}),
        ),
        (
            a.as_str(),
            "/api/v1/referrals".into(),
            json!({"contract_id": contract, "candidate_id": candidate, "offer_type": "virksomhedspraktik",
                "start_date": day(1), "end_date": day(30)}),
        ),
        (
            mentor.as_str(),
            "/api/v1/hours".into(),
            json!({"contract_id": contract, "date": day(-2), "minutes": 60, "activity": "training", "note": "x"}),
        ),
        (
            a.as_str(),
            "/api/v1/companies".into(),
            json!({"cvr": "29184712", "name": "Ny ApS", "sector": "private", "address": "Vej 2",
                "postcode": "5000", "city": "Odense", "ordinary_employees": "10"}),
        ),
        (
            admin.as_str(),
            "/api/v1/campaigns".into(),
            json!({"name": "Kampagne", "baseline_month": "2009-06", "end_month": "2011-06"}),
        ),
        (
            admin.as_str(),
            "/api/v1/users".into(),
            json!({"email": "ny@test.dk", "name": "Ny", "role": "consultant", "jobcenter_id": app.seed.jobcenter_a,
                "password": "en-lang-adgangskode-1"}),
        ),
    ];
    let cases = samples(spoil(), 40);
    let mut refused = 0;
    for (token, path, valid) in &routes {
        for spoils in &cases {
            let body = apply(valid, spoils);
            let res = app
                .http
                .post(app.url(path))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("request");
            let status = res.status();
            let text = res.text().await.unwrap_or_default();
            assert!(
                !status.is_server_error(),
                "{path} {spoils:?}: {status} {text}"
            );
            if status == StatusCode::UNPROCESSABLE_ENTITY {
                let v: Value = serde_json::from_str(&text).expect("error body");
                let fields = v["fields"].as_object().map(|f| f.len()).unwrap_or(0);
                assert!(fields > 0, "{path} {spoils:?}: a 422 names a field: {text}");
                refused += 1;
            } else {
                assert!(
                    status.is_success()
                        || status == StatusCode::BAD_REQUEST
                        || status == StatusCode::CONFLICT
                        || status == StatusCode::PAYLOAD_TOO_LARGE,
                    "{path} {spoils:?}: {status} {text}"
                );
            }
        }
    }
    assert!(
        refused > 100,
        "most spoiled bodies are refused with field errors: {refused}"
    );
}

/// Random text in every field of the main page forms: never a 5xx; a refusal re-shows the
/// form (422) with the typed values.
#[actix_web::test]
async fn random_text_in_page_forms_is_shown_back_with_errors() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let csrf = app.csrf(&b, "/contracts/new").await;
    // Each form with the index of a field it shows back as typed (CPR numbers are not).
    let forms: Vec<(&str, usize, Vec<&str>)> = vec![
        (
            "/contracts",
            3,
            vec![
                "company_id",
                "mentor_id",
                "seats",
                "start_date",
                "end_date",
                "mentor_minutes_per_week",
                "mentor_rate",
                "notice_days",
            ],
        ),
        (
            "/candidates",
            1,
            vec!["cpr", "name", "benefit", "match_group"],
        ),
        (
            "/companies",
            1,
            vec![
                "cvr",
                "name",
                "sector",
                "address",
                "postcode",
                "city",
                "ordinary_employees",
                "p_number",
            ],
        ),
    ];
    let texts = samples(
        proptest::collection::vec("[a-zA-Z0-9æøå ,.:/-]{0,30}", 8),
        25,
    );
    for (path, echoed, fields) in forms {
        for values in &texts {
            let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf.clone())];
            for (f, v) in fields.iter().zip(values.iter()) {
                form.push((f.to_string(), v.clone()));
            }
            let res = b
                .post(app.url(path))
                .form(&form)
                .send()
                .await
                .expect("post");
            let status = res.status();
            let html = res.text().await.unwrap_or_default();
            assert!(!status.is_server_error(), "{path} {form:?}: {status}");
            if status == StatusCode::UNPROCESSABLE_ENTITY {
                assert!(
                    html.contains("form-error-message"),
                    "{path}: the errors sit at the fields"
                );
                let v = values[echoed].trim();
                if !v.is_empty() {
                    assert!(html.contains(v), "{path}: the typed {v:?} is shown back");
                }
            } else {
                assert_eq!(status, StatusCode::SEE_OTHER, "{path} {form:?}: {html}");
            }
        }
    }
}
