//! The home page: what each role starts from.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use maud::html;

use crate::auth::model::Role;
use crate::auth::session::MaybePageUser;
use crate::directory::store as directory;
use crate::state::AppState;
use crate::texts as t;
use crate::ui::format;
use crate::ui::{render, PageError};

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
    let tasks = crate::tasks::service::for_actor(&state.db, &a, crate::clock::today()).await?;
    let inbox = crate::tasks::pages::inbox(&tasks);
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
                    li { a href="/jobcenters" { strong { (format::integer(jc)) } span { (t::HOME_COUNT_JOBCENTERS) } } }
                    li { a href="/companies" { strong { (format::integer(co)) } span { (t::HOME_COUNT_COMPANIES) } } }
                    li { a href="/users" { strong { (format::integer(us)) } span { (t::HOME_COUNT_USERS) } } }
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
                        li { a href={ "/jobcenters/" (j.row.id) } { strong { (j.row.name) } span { (t::NAV_MY_JOBCENTER) } } }
                    }
                    li { a href="/companies" { strong { (t::NAV_COMPANIES) } span { (t::SEARCH_PLACEHOLDER_COMPANY) } } }
                    li { a href="/contracts" { strong { (t::NAV_CONTRACTS) } span { (t::CONTRACTS_TITLE) } } }
                    li { a href="/contracts/new" { strong { (t::CONTRACT_NEW) } span { (t::CONTRACT_CHOOSE_COMPANY) } } }
                }
            }
        }
        Role::Company | Role::Mentor => {
            let co_id = a.company_id.clone().unwrap_or_default();
            let co = state
                .db
                .read(move |conn| Ok(directory::get_company(conn, &co_id)?))
                .await?;
            let intro = if a.role == Role::Company {
                t::HOME_COMPANY_INTRO
            } else {
                t::HOME_MENTOR_INTRO
            };
            html! {
                h1 { (t::HOME_WELCOME) ", " (a.name) }
                p { (intro) }
                (inbox)
                @if let Some(c) = &co {
                    ul.cards {
                        li { a href={ "/companies/" (c.id) } { strong { (c.name) } span { (t::NAV_MY_COMPANY) } } }
                        li { a href="/contracts" { strong { (t::NAV_CONTRACTS) } span { (t::CONTRACTS_TITLE) } } }
                    }
                }
            }
        }
    };
    Ok(render(&req, Some(&user), t::HOME_TITLE, body))
}
