//! `GET /api/v1/me/tasks`.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::session::ApiUser;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use crate::tasks::model::Task;
use crate::tasks::service::for_actor;

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskList {
    pub items: Vec<Task>,
}

#[utoipa::path(get, path = "/api/v1/me/tasks", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TaskList), (status = 401, body = ErrorBody)))]
#[get("/me/tasks")]
pub async fn my_tasks(state: web::Data<AppState>, user: ApiUser) -> Result<HttpResponse, AppError> {
    let items = for_actor(&state.db, &user.actor, crate::clock::today()).await?;
    Ok(HttpResponse::Ok().json(TaskList { items }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(my_tasks);
}
