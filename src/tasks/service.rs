//! The actor's tasks: which kinds a person gets is decided by their role.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::auth::model::{Actor, Role};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::tasks::model::{Task, TaskKind, PER_KIND};
use crate::tasks::store;

/// The actor's tasks, newest first: up to `PER_KIND` of each kind (the task list and the API).
pub async fn for_actor(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Vec<Task>, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let mut tasks = read(conn, &actor, today, PER_KIND)?;
        sort(&mut tasks);
        Ok(tasks)
    })
    .await
}

/// The first `shown` tasks of each kind (in the kind's own order: the most pressing), newest
/// first, and whether any kind has more: the home page's inbox, which links to the task list
/// for the rest. Reads one more of each kind than it shows, not `PER_KIND` (#23).
pub async fn first_of_each(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
    shown: usize,
) -> Result<(Vec<Task>, bool), AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let read = read(conn, &actor, today, shown as i64 + 1)?;
        let mut counted: HashMap<TaskKind, usize> = HashMap::new();
        let mut more = false;
        let mut tasks = Vec::with_capacity(read.len());
        for task in read {
            let n = counted.entry(task.kind).or_default();
            *n += 1;
            if *n > shown {
                more = true;
            } else {
                tasks.push(task);
            }
        }
        sort(&mut tasks);
        Ok((tasks, more))
    })
    .await
}

/// Each kind's tasks in its own order, up to `per_kind` of each.
fn read(
    conn: &mut DbConnection,
    actor: &Actor,
    today: NaiveDate,
    per_kind: i64,
) -> Result<Vec<Task>, AppError> {
    Ok(match actor.role {
        Role::Admin => store::corrections(conn, None, per_kind)?,
        Role::Consultant => match &actor.jobcenter_id {
            Some(j) => {
                let mut all = store::consultant(conn, j, today, per_kind)?;
                all.extend(store::corrections(conn, Some(j), per_kind)?);
                all
            }
            None => Vec::new(),
        },
        Role::Company => match &actor.company_id {
            Some(c) => store::signatory(conn, c, per_kind)?,
            None => Vec::new(),
        },
        Role::Mentor => store::mentor(conn, &actor.user_id, today)?,
    })
}

/// Newest first; ties by link, so the order is the same on every request.
fn sort(tasks: &mut [Task]) {
    tasks.sort_by(|a, b| b.since.cmp(&a.since).then_with(|| a.link.cmp(&b.link)));
}
