//! Documents (#22): policy → parse → store. A document has its parent's access rules: whoever
//! may not see the contract or placement gets 404 for it and for its documents; who may see it
//! and is a party (consultant of the jobcenter, a user of the company, the contract's mentor)
//! adds; only who added a document removes it (an audit line; the file stays until retention).

use crate::auth::model::Actor;
use crate::auth::policy::{require, require_visible};
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::db::{Db, DbConnection};
use crate::documents::model::{NewDocument, Parent, Upload};
use crate::documents::store::{self, DocumentRow};
use crate::error::AppError;
use crate::ids::DocumentId;

/// The parent as the documents page shows it.
#[derive(Debug, Clone)]
pub struct ParentView {
    pub parent: Parent,
    /// The company (a contract) or the person (a placement).
    pub name: String,
    /// The company of a placement's contract.
    pub company: Option<String>,
    /// Whether the actor may add documents.
    pub may_add: bool,
}

/// The parent's contract, when `actor` may see the parent; else 404.
fn visible_parent(
    conn: &mut DbConnection,
    actor: &Actor,
    parent: &Parent,
) -> Result<(ContractRow, Option<String>), AppError> {
    match parent {
        Parent::Contract(id) => {
            let c = contract_store::get_contract(conn, id)?.ok_or(AppError::NotFound)?;
            require_visible(actor.may_view_contract(&c.parties()))?;
            Ok((c, None))
        }
        Parent::Placement(id) => {
            let p = crate::seats::store::get_placement(conn, id)?.ok_or(AppError::NotFound)?;
            let c =
                contract_store::get_contract(conn, &p.contract_id)?.ok_or(AppError::NotFound)?;
            let placed_or_ended = matches!(p.status.as_str(), "placed" | "ended");
            require_visible(actor.may_view_placement(&c.parties(), placed_or_ended))?;
            let person = crate::seats::store::get_candidate(conn, &p.candidate_id)?
                .map(|c| c.name)
                .unwrap_or_default();
            Ok((c, Some(person)))
        }
    }
}

fn company_name(conn: &mut DbConnection, c: &ContractRow) -> Result<String, AppError> {
    Ok(crate::directory::store::get_company(conn, &c.company_id)?
        .map(|co| co.name)
        .unwrap_or_default())
}

/// The parent (404 when the actor may not see it) and whether the actor may add to it.
pub async fn parent(db: &Db, actor: &Actor, parent: Parent) -> Result<ParentView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let (c, person) = visible_parent(conn, &actor, &parent)?;
        let company = company_name(conn, &c)?;
        let may_add = actor.may_attach_documents(&c.parties());
        Ok(match person {
            Some(person) => ParentView {
                parent,
                name: person,
                company: Some(company),
                may_add,
            },
            None => ParentView {
                parent,
                name: company,
                company: None,
                may_add,
            },
        })
    })
    .await
}

/// Refuses, before the file is read: 404 for a parent the actor may not see, 403 for one they
/// may see but not add to.
pub async fn may_add(db: &Db, actor: &Actor, parent: Parent) -> Result<(), AppError> {
    let view = self::parent(db, actor, parent).await?;
    require(view.may_add)
}

/// The documents of a parent the actor may see, oldest first.
pub async fn list(db: &Db, actor: &Actor, parent: Parent) -> Result<Vec<DocumentRow>, AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        visible_parent(conn, &actor, &parent)?;
        Ok(store::list(conn, &parent)?)
    })
    .await
}

/// Attaches an upload: checked (422 naming `file` or `kind`), stored with its SHA-256 and an
/// audit line, in one transaction.
pub async fn add(
    db: &Db,
    actor: &Actor,
    parent: Parent,
    upload: Upload,
) -> Result<DocumentId, AppError> {
    may_add(db, actor, parent.clone()).await?;
    let doc = NewDocument::parse(upload).map_err(AppError::Validation)?;
    let actor = actor.clone();
    db.write(move |conn| {
        let (c, _) = visible_parent(conn, &actor, &parent)?;
        require(actor.may_attach_documents(&c.parties()))?;
        let id = store::insert(conn, &parent, &doc, &actor.user_id)?;
        store::record_event(conn, &id, &actor.user_id, "document_added", &doc.file_name)?;
        Ok(id)
    })
    .await
}

/// A document and its bytes, for whoever may see its parent; 404 for anyone else and for a
/// removed document.
pub async fn download(
    db: &Db,
    actor: &Actor,
    id: DocumentId,
) -> Result<(DocumentRow, Vec<u8>), AppError> {
    let actor = actor.clone();
    db.read(move |conn| {
        let row = store::get(conn, &id)?.ok_or(AppError::NotFound)?;
        visible_parent(conn, &actor, &row.parent())?;
        let bytes = store::content(conn, &id)?;
        Ok((row, bytes))
    })
    .await
}

/// Removes a document (soft): 404 when the actor may not see it, 403 unless they added it.
/// Writes the audit line. Returns the parent, whose page the person goes back to.
pub async fn remove(db: &Db, actor: &Actor, id: DocumentId) -> Result<Parent, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        let row = store::get(conn, &id)?.ok_or(AppError::NotFound)?;
        let parent = row.parent();
        visible_parent(conn, &actor, &parent)?;
        require(actor.may_remove_document(&row.added_by))?;
        if !store::mark_removed(conn, &id, &actor.user_id)? {
            return Err(AppError::NotFound);
        }
        store::record_event(
            conn,
            &id,
            &actor.user_id,
            "document_removed",
            &row.file_name,
        )?;
        Ok(parent)
    })
    .await
}
