//! The inbox on the home page.

use crate::tasks::model::{Task, TaskKind};
use crate::texts::tasks as t;
use crate::ui::format;

/// The inbox on the home page: a list of links with a worded badge each, or what to do when
/// there is nothing.
pub fn inbox(tasks: &[Task]) -> maud::Markup {
    maud::html! {
        section.inbox aria-labelledby="inbox-title" {
            h2 id="inbox-title" { (t::TITLE) " " span.count { "(" (tasks.len()) ")" } }
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

/// The Danish day a task arose.
fn since(task: &Task) -> chrono::NaiveDate {
    crate::clock::danish_date(task.since)
}

/// The badge's class: the kind's code with dashes.
fn badge_class(kind: TaskKind) -> String {
    kind.code().replace('_', "-")
}
