//! `GET /api/v1/outbox` and `POST /api/v1/outbox/{id}/resend` (administrators);
//! `GET`/`PUT /api/v1/me/mail` (one's own choices).

use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::require;
use crate::auth::session::ApiUser;
use crate::clock::utc;
use crate::error::{AppError, ErrorBody};
use crate::extract::ApiJson;
use crate::ids::MailId;
use crate::mail::model::{Delivery, Kind, Status, Topic};
use crate::mail::service::{self, Choice};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(outbox)
        .service(resend)
        .service(my_mail)
        .service(set_my_mail);
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// Only mails in this state: held, queued, sending, sent, failed or digested.
    pub status: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page, 1 to 200 (default 50).
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMail {
    pub id: String,
    pub user_id: String,
    pub recipient_name: String,
    pub recipient: String,
    pub kind: Kind,
    pub status: Status,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due (queued mails).
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// The digest that carried it (digested mails).
    pub digest_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxList {
    pub items: Vec<OutboxMail>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[utoipa::path(get, path = "/api/v1/outbox", tag = "mail", params(OutboxParams), security(("bearer" = [])),
    responses((status = 200, body = OutboxList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/outbox")]
pub async fn outbox(
    state: web::Data<AppState>,
    user: ApiUser,
    query: web::Query<OutboxParams>,
) -> Result<HttpResponse, AppError> {
    require(user.actor.may_read_outbox())?;
    let status = match query
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            AppError::field(
                "status",
                "status is one of held, queued, sending, sent, failed, digested",
            )
        })?),
    };
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 200);
    let (rows, total) = service::outbox(&state.db, &user.actor, status, page, per_page).await?;
    let items = rows
        .into_iter()
        .map(|l| {
            Ok(OutboxMail {
                kind: Kind::from_stored(&l.row.kind)?,
                status: Status::from_stored(&l.row.status)?,
                id: l.row.id.into_inner(),
                user_id: l.row.user_id.into_inner(),
                recipient_name: l.name,
                recipient: l.row.recipient,
                attempts: l.row.attempts,
                created_at: utc(l.row.created_at),
                next_attempt_at: utc(l.row.next_attempt_at),
                sent_at: l.row.sent_at.map(utc),
                last_error: l.row.last_error,
                digest_id: l.row.digest_id,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(HttpResponse::Ok().json(OutboxList {
        items,
        page,
        per_page,
        total,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Resent {
    /// The queued copy's id.
    pub id: String,
}

#[utoipa::path(post, path = "/api/v1/outbox/{id}/resend", tag = "mail", security(("bearer" = [])),
    params(("id" = String, Path, description = "The mail's id")),
    responses((status = 201, body = Resent), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/outbox/{id}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = service::resend(&state.db, &user.actor, MailId::new(path.into_inner())).await?;
    Ok(HttpResponse::Created().json(Resent {
        id: id.into_inner(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MailChoice {
    pub topic: Topic,
    pub delivery: Delivery,
    /// What this person may choose for the topic.
    #[serde(default)]
    pub choices: Vec<Delivery>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MailChoices {
    pub items: Vec<MailChoice>,
}

fn out(choices: Vec<Choice>) -> MailChoices {
    MailChoices {
        items: choices
            .into_iter()
            .map(|c| MailChoice {
                topic: c.topic,
                delivery: c.delivery,
                choices: c.choices.to_vec(),
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/me/mail", tag = "mail", security(("bearer" = [])),
    responses((status = 200, body = MailChoices), (status = 401, body = ErrorBody)))]
#[get("/me/mail")]
pub async fn my_mail(state: web::Data<AppState>, user: ApiUser) -> Result<HttpResponse, AppError> {
    let choices = service::my_choices(&state.db, &user.actor).await?;
    Ok(HttpResponse::Ok().json(out(choices)))
}

/// Topic → delivery; topics left out keep their choice.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MailChoicesIn {
    pub items: Vec<MailChoiceIn>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MailChoiceIn {
    /// A topic of the person's role.
    pub topic: String,
    /// immediately, digest or off (as the topic allows the role).
    pub delivery: String,
}

#[utoipa::path(put, path = "/api/v1/me/mail", tag = "mail", security(("bearer" = [])), request_body = MailChoicesIn,
    responses((status = 200, body = MailChoices), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/me/mail")]
pub async fn set_my_mail(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<MailChoicesIn>,
) -> Result<HttpResponse, AppError> {
    let given: Vec<(String, String)> = body
        .0
        .items
        .into_iter()
        .map(|c| (c.topic, c.delivery))
        .collect();
    let choices = service::set_my_choices(&state.db, &user.actor, &given).await?;
    Ok(HttpResponse::Ok().json(out(choices)))
}
