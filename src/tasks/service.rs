//! The actor's tasks: which kinds a person gets is decided by their role.

use chrono::NaiveDate;

use crate::auth::model::{Actor, Role};
use crate::db::Db;
use crate::error::AppError;
use crate::tasks::model::Task;
use crate::tasks::store;

/// The actor's tasks, newest first.
pub async fn for_actor(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Vec<Task>, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let mut tasks = match actor.role {
            Role::Admin => store::corrections(conn, None)?,
            Role::Consultant => match &actor.jobcenter_id {
                Some(j) => {
                    let mut all = store::consultant(conn, j, today)?;
                    all.extend(store::corrections(conn, Some(j))?);
                    all
                }
                None => Vec::new(),
            },
            Role::Company => match &actor.company_id {
                Some(c) => store::signatory(conn, c)?,
                None => Vec::new(),
            },
            Role::Mentor => store::mentor(conn, &actor.user_id, today)?,
        };
        tasks.sort_by(|a, b| b.since.cmp(&a.since).then_with(|| a.link.cmp(&b.link)));
        Ok(tasks)
    })
    .await
}
