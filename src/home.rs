//! The home page: what each role starts from.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use crate::auth::model::Role;
use crate::auth::session::MaybePageUser;
use crate::directory::store as directory;
use crate::state::AppState;
use crate::texts as t;
use crate::ui::format;
use crate::ui::{render, PageError};

/// A card of the home page: the whole card is the link, and its text says where it leads
/// (the title, what it is, and a line on what is done there), so the link reads well alone.
fn card(href: &str, title: &str, kind: Option<&str>, description: &str) -> Markup {
    html! {
        li { a href=(href) {
            strong { (title) }
            @if let Some(k) = kind { span.card-kind { (k) } }
            span.card-desc { (description) }
        } }
    }
}

#[get("/")]
pub async fn home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: MaybePageUser,
) -> Result<HttpResponse, PageError> {
    let Some(user) = user.0 else {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/login"))
            .finish());
    };
    let a = user.actor.clone();
    let (tasks, more) = crate::tasks::service::first_of_each(
        &state.db,
        &a,
        crate::clock::today(),
        crate::tasks::pages::HOME_PER_KIND,
    )
    .await?;
    let inbox = crate::tasks::pages::inbox(&tasks, more);
    let body = match a.role {
        Role::Admin => {
            let (jc, co, us) = state
                .db
                .read(|conn| {
                    Ok((
                        directory::count_jobcenters(conn)?,
                        directory::count_companies(conn)?,
                        crate::auth::store::count_users(conn)?,
                    ))
                })
                .await?;
            html! {
                h1 { (t::HOME_WELCOME) ", " (a.name) }
                p { (t::HOME_ADMIN_INTRO) }
                (inbox)
                ul.cards {
                    (card("/jobcenters", &format::integer(jc), Some(t::HOME_COUNT_JOBCENTERS), t::HOME_CARD_JOBCENTERS))
                    (card("/companies", &format::integer(co), Some(t::HOME_COUNT_COMPANIES), t::HOME_CARD_COMPANIES))
                    (card("/users", &format::integer(us), Some(t::HOME_COUNT_USERS), t::HOME_CARD_USERS))
                }
            }
        }
        Role::Consultant => {
            let jc_id = a.jobcenter_id.clone().unwrap_or_default();
            let jc = state
                .db
                .read(move |conn| Ok(directory::get_jobcenter(conn, &jc_id)?))
                .await?;
            html! {
                h1 { (t::HOME_WELCOME) ", " (a.name) }
                p { (t::HOME_CONSULTANT_INTRO) }
                (inbox)
                ul.cards {
                    @if let Some(j) = &jc {
                        (card(&format!("/jobcenters/{}", j.row.id), &j.row.name, Some(t::NAV_MY_JOBCENTER), t::HOME_CARD_MY_JOBCENTER))
                    }
                    (card("/companies", t::NAV_COMPANIES, None, t::HOME_CARD_COMPANIES_CONSULTANT))
                    (card("/contracts", t::NAV_CONTRACTS, None, t::HOME_CARD_CONTRACTS_CONSULTANT))
                    (card("/contracts/new", t::CONTRACT_NEW, None, t::HOME_CARD_NEW_CONTRACT))
                }
            }
        }
        Role::Company | Role::Mentor => {
            let co_id = a.company_id.clone().unwrap_or_default();
            let co = state
                .db
                .read(move |conn| Ok(directory::get_company(conn, &co_id)?))
                .await?;
            let (intro, contracts_desc) = if a.role == Role::Company {
                (t::HOME_COMPANY_INTRO, t::HOME_CARD_CONTRACTS_COMPANY)
            } else {
                (t::HOME_MENTOR_INTRO, t::HOME_CARD_CONTRACTS_MENTOR)
            };
            html! {
                h1 { (t::HOME_WELCOME) ", " (a.name) }
                p { (intro) }
                (inbox)
                @if let Some(c) = &co {
                    ul.cards {
                        (card(&format!("/companies/{}", c.id), &c.name, Some(t::NAV_MY_COMPANY), t::HOME_CARD_MY_COMPANY))
                        (card("/contracts", t::NAV_CONTRACTS, None, contracts_desc))
                    }
                }
            }
        }
    };
    Ok(render(&req, Some(&user), t::HOME_TITLE, body))
}
