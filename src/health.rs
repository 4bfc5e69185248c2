//! `GET /health`: whether the server and its database answer (for load balancers and
//! monitoring). Its own module, so the OpenAPI document can name it without importing startup.

use actix_web::{get, web, HttpResponse};

use crate::state::AppState;

/// The database answers: 200, else 503.
#[utoipa::path(get, path = "/health", tag = "system",
    responses((status = 200, description = "The server and its database answer"), (status = 503, description = "The database does not answer")))]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let result = state
        .db
        .read(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1")?;
            Ok(())
        })
        .await;
    match result {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ok"})),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "unavailable"}))
        }
    }
}
