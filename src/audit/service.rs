//! The two logs' reads: who may read which, then the store. Read-only: the writes that keep the
//! logs (contract, placement, hour and user events; CPR reads) are their own areas'.

use crate::audit::model::Filter;
use crate::audit::store::{self, AccessLine, AuditLine};
use crate::auth::model::Actor;
use crate::auth::policy::require;
use crate::db::Db;
use crate::error::AppError;
use crate::seats::cpr::Cpr;
use crate::state::Keys;

/// A page of the audit trail and the number of matching lines: administrators only.
pub async fn audit_page(
    db: &Db,
    actor: &Actor,
    filter: &Filter,
) -> Result<(Vec<AuditLine>, i64), AppError> {
    require(actor.may_read_audit_trail())?;
    let f = filter.clone();
    db.read(move |conn| store::audit_page(conn, &f)).await
}

/// A page of the CPR access log within the actor's scope (every jobcenter for administrators,
/// their own for a data-protection officer), only the person with `cpr` when given.
pub async fn access_page(
    db: &Db,
    keys: &Keys,
    actor: &Actor,
    filter: &Filter,
    cpr: Option<&Cpr>,
) -> Result<(Vec<AccessLine>, i64), AppError> {
    let scope = actor
        .access_log_scope()
        .map(|s| s.map(str::to_string))
        .ok_or(AppError::Forbidden)?;
    let hmac = cpr.map(|c| keys.cpr_hmac(c.digits()));
    let f = filter.clone();
    db.read(move |conn| store::access_page(conn, scope.as_deref(), hmac.as_deref(), &f))
        .await
}
