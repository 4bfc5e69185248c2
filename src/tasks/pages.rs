//! The inbox on the home page, and the task list (`/tasks`) it links to.

use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::auth::session::PageUser;
use crate::state::AppState;
use crate::tasks::model::{Task, TaskKind};
use crate::texts::tasks as t;
use crate::ui::format;
use crate::ui::{render, PageError};

/// How many tasks of each kind the home page shows; the task list shows the rest (#23: the
/// home page read and drew up to 50 of every kind on every visit).
pub const HOME_PER_KIND: usize = 5;

/// The inbox on the home page: a list of links with a worded badge each, or what to do when
/// there is nothing. `more`: some kind has more tasks than are shown, and the inbox links to
/// the task list.
pub fn inbox(tasks: &[Task], more: bool) -> maud::Markup {
    maud::html! {
        section.inbox aria-labelledby="inbox-title" {
            h2 id="inbox-title" { (t::TITLE) " " span.count { "(" (tasks.len()) @if more { "+" } ")" } }
            @if more {
                p.hint { (t::FIRST_OF_EACH) " " a href="/tasks" { (t::SHOW_ALL) } }
            }
            @if tasks.is_empty() {
                p.empty { (t::EMPTY) }
            } @else {
                ul.tasks {
                    @for task in tasks {
                        li {
                            (crate::ui::components::badge(crate::ui::components::tone_of(task.kind.code()), &format!("task-{}", badge_class(task.kind)), task.kind.label()))
                            " "
                            a href=(task.link) { (task.title) }
                            " "
                            small.task-dates {
                                (t::SINCE) " " time datetime=(since(task).to_string()) { (format::date(since(task))) }
                                @if let Some(d) = task.due {
                                    " · " (t::DUE) " " time datetime=(d.to_string()) { (format::date(d)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Every task of the signed-in person, up to 50 of each kind, newest first.
#[get("/tasks")]
pub async fn task_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let tasks =
        crate::tasks::service::for_actor(&state.db, &user.actor, crate::clock::today()).await?;
    let body = maud::html! {
        h1 { (t::PAGE_TITLE) }
        p { (t::PAGE_INTRO) }
        (inbox(&tasks, false))
    };
    Ok(render(&req, Some(&user), t::PAGE_TITLE, body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(task_list);
}

/// The Danish day a task arose.
fn since(task: &Task) -> chrono::NaiveDate {
    crate::clock::danish_date(task.since)
}

/// The badge's class: the kind's code with dashes.
fn badge_class(kind: TaskKind) -> String {
    kind.code().replace('_', "-")
}
