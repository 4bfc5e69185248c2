//! The accessibility statement at `/tilgaengelighed` (#20): reachable without login and linked
//! from every page's footer. The words are in `texts::accessibility`; the contact address is
//! `VC_ACCESSIBILITY_CONTACT`.

use actix_web::{get, web, HttpRequest, HttpResponse};
use maud::html;

use crate::state::AppState;
use crate::texts::accessibility as ta;
use crate::ui::render;

#[get("/tilgaengelighed")]
pub async fn statement(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let contact = state.settings.accessibility_contact.to_string();
    let body = html! {
        article.statement {
            h1 { (ta::TITLE) }
            p { (ta::INTRO) }
            h2 { (ta::STATUS_TITLE) }
            p { (ta::STATUS) }
            h2 { (ta::TESTED_TITLE) }
            ul { @for line in ta::TESTED { li { (line) } } }
            h2 { (ta::NOT_MET_TITLE) }
            ul { @for line in ta::NOT_MET { li { (line) } } }
            h2 { (ta::CONTACT_TITLE) }
            p {
                (ta::CONTACT_BEFORE) " "
                a href={ "mailto:" (contact) } { (contact) } ". "
                (ta::CONTACT_AFTER)
            }
            p { (ta::COMPLAINT) }
            h2 { (ta::ABOUT_TITLE) }
            p { (ta::made_on(ta::DATE)) }
        }
    };
    render(&req, None, ta::TITLE, body)
}
