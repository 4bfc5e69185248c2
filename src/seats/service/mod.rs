//! Seat operations shared by the pages and the API. Every allocation runs in one write
//! transaction that first takes the locks (candidate, then contract), then reads the contract's
//! seat book, applies the change through `SeatBook` and writes back exactly what changed.

use crate::auth::model::Actor;
use crate::auth::policy::require_visible;
use crate::contracts::store::ListFilter;
use crate::contracts::view::ContractView;
use crate::db::{Db, DbConnection};
use crate::error::AppError;
use crate::ids::ContractId;

use crate::seats::capacity::{load_book, save_book};

mod activities;
mod candidates;
mod overview;
mod placements;
mod referrals;

pub use activities::*;
pub use candidates::*;
pub use overview::*;
pub use placements::*;
pub use referrals::*;

/// How many times an allocation is retried after a serialization failure or a busy database.
const RETRIES: usize = 3;

/// Runs a write transaction, retrying a bounded number of times when the database asks for it.
async fn write_retry<T, F>(db: &Db, f: F) -> Result<T, AppError>
where
    F: Fn(&mut DbConnection) -> Result<T, AppError> + Clone + Send + 'static,
    T: Send + 'static,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match db.write(f.clone()).await {
            Err(AppError::Unavailable(cause)) if attempt < RETRIES => {
                tracing::warn!(%cause, attempt, "retrying an allocation");
            }
            other => return other,
        }
    }
}

// ---------- the contracts seats are booked on ----------

/// The first `limit` contracts the actor may see, with their company's name and status.
pub async fn contracts_for(
    db: &Db,
    actor: &Actor,
    limit: i64,
) -> Result<crate::contracts::view::ContractList, AppError> {
    let scope = actor.contract_scope();
    db.read(move |conn| {
        crate::contracts::view::list(conn, &scope, &ListFilter::default(), 0, limit)
    })
    .await
}

/// The offer types each contract allows (its accepted terms in force today, or its first
/// accepted version before it starts), for the referral form to offer only those. Contracts
/// the actor may not see or without accepted terms are left out.
pub async fn allowed_offers(
    db: &Db,
    actor: &Actor,
    ids: Vec<ContractId>,
) -> Result<std::collections::HashMap<ContractId, Vec<crate::contracts::model::OfferType>>, AppError>
{
    let actor = actor.clone();
    let today = crate::clock::today();
    db.read(move |conn| {
        let mut out = std::collections::HashMap::new();
        for id in ids {
            let Some(row) = crate::contracts::store::get_contract(conn, &id)? else {
                continue;
            };
            if !actor.may_view_contract(&row.parties()) {
                continue;
            }
            if let Some(terms) = crate::contracts::store::terms_on(conn, &id, today)? {
                out.insert(id, terms.offer_types);
            }
        }
        Ok(out)
    })
    .await
}

/// A contract as its pages show it, when the actor may see it (else 404).
pub async fn contract(db: &Db, actor: &Actor, id: ContractId) -> Result<ContractView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let view = crate::contracts::view::load(conn, &id)?;
        require_visible(actor.may_view_contract(&view.row.parties()))?;
        Ok(crate::contracts::view::for_actor(view, &actor))
    })
    .await
}
