//! Hour operations shared by the pages and the API. A mentor logs and submits; a consultant of
//! the contract's jobcenter approves or rejects. Approved weeks are locked.

use crate::ids::ContractId;
use diesel::prelude::*;

use crate::auth::model::Actor;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::{Db, DbConnection};
use crate::error::AppError;
pub use crate::hours::view::{budget_versions, summary_of, Summary};
use crate::texts::hours as th;

mod approvals;
mod entries;
mod grid;
mod payments;
mod weeks;

pub use approvals::*;
pub use entries::*;
pub use grid::*;
pub use payments::*;
pub use weeks::*;

/// The first `limit` contracts the actor may see with their company's name, accepted ones
/// only: where hours can be logged.
pub async fn mentor_contracts(
    db: &Db,
    actor: &Actor,
    limit: i64,
) -> Result<Vec<(ContractRow, String)>, AppError> {
    let scope = actor.contract_scope();
    let (items, _) = db
        .read(move |conn| {
            crate::contracts::view::list(
                conn,
                &scope,
                &contract_store::ListFilter::default(),
                0,
                limit,
            )
        })
        .await?;
    Ok(items
        .into_iter()
        .filter(|(r, _, _)| r.accepted_version.is_some())
        .map(|(r, company, _)| (r, company))
        .collect())
}

fn mentor_contract(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &ContractId,
) -> Result<ContractRow, AppError> {
    let c = contract_store::get_contract(conn, contract_id)?
        .filter(|c| actor.may_view_contract(&c.parties()))
        .ok_or_else(|| AppError::field("contract_id", th::NOT_MENTOR))?;
    if !actor.may_log_hours(&c.parties()) {
        return Err(AppError::Forbidden);
    }
    if c.accepted_version.is_none() {
        return Err(AppError::field("contract_id", th::NOT_ACCEPTED_YET));
    }
    Ok(c)
}

fn visible_contract(
    conn: &mut DbConnection,
    actor: &Actor,
    contract_id: &ContractId,
) -> Result<ContractRow, AppError> {
    contract_store::get_contract(conn, contract_id)?
        .filter(|c| actor.may_view_contract(&c.parties()))
        .ok_or(AppError::NotFound)
}
