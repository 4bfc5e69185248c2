//! The documents' SQL: the files with their facts, their audit lines, and the purge of removed
//! files after the retention period.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{candidates, document_events, documents, placements, users};
use crate::db::{new_id, now, DbConnection};
use crate::documents::model::{NewDocument, Parent};
use crate::ids::{ContractId, DocumentId, PlacementId, UserId};

/// A document's facts (not its bytes), with the name of who added it.
#[derive(Debug, Clone, Queryable)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub contract_id: Option<ContractId>,
    pub placement_id: Option<PlacementId>,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub added_by: UserId,
    pub added_by_name: String,
    pub added_at: NaiveDateTime,
}

impl DocumentRow {
    /// What it is attached to.
    pub fn parent(&self) -> Parent {
        match (&self.contract_id, &self.placement_id) {
            (Some(c), _) => Parent::Contract(c.clone()),
            (None, Some(p)) => Parent::Placement(p.clone()),
            // The table's CHECK makes one of the two present.
            (None, None) => Parent::Contract(ContractId::default()),
        }
    }
}

type RowColumns = (
    documents::id,
    documents::contract_id,
    documents::placement_id,
    documents::kind,
    documents::file_name,
    documents::content_type,
    documents::size_bytes,
    documents::sha256,
    documents::added_by,
    users::name,
    documents::added_at,
);

const ROW: RowColumns = (
    documents::id,
    documents::contract_id,
    documents::placement_id,
    documents::kind,
    documents::file_name,
    documents::content_type,
    documents::size_bytes,
    documents::sha256,
    documents::added_by,
    users::name,
    documents::added_at,
);

/// Stores a checked file under its parent; its id.
pub fn insert(
    conn: &mut DbConnection,
    parent: &Parent,
    doc: &NewDocument,
    added_by: &UserId,
) -> QueryResult<DocumentId> {
    let id = DocumentId::new(new_id());
    let (contract_id, placement_id) = match parent {
        Parent::Contract(c) => (Some(c.clone()), None),
        Parent::Placement(p) => (None, Some(p.clone())),
    };
    diesel::insert_into(documents::table)
        .values((
            documents::id.eq(&id),
            documents::contract_id.eq(contract_id),
            documents::placement_id.eq(placement_id),
            documents::kind.eq(doc.kind.code()),
            documents::file_name.eq(&doc.file_name),
            documents::content_type.eq(doc.file_type.content_type()),
            documents::size_bytes.eq(doc.bytes.len() as i64),
            documents::sha256.eq(&doc.sha256),
            documents::content.eq(doc.bytes.as_slice()),
            documents::added_by.eq(added_by),
            documents::added_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The documents of a parent that are not removed, oldest first.
pub fn list(conn: &mut DbConnection, parent: &Parent) -> QueryResult<Vec<DocumentRow>> {
    let q = documents::table
        .inner_join(users::table)
        .filter(documents::removed_at.is_null())
        .select(ROW)
        .order((documents::added_at.asc(), documents::id.asc()))
        .into_boxed();
    match parent {
        Parent::Contract(c) => q.filter(documents::contract_id.eq(c)).load(conn),
        Parent::Placement(p) => q.filter(documents::placement_id.eq(p)).load(conn),
    }
}

/// A document that is not removed.
pub fn get(conn: &mut DbConnection, id: &DocumentId) -> QueryResult<Option<DocumentRow>> {
    documents::table
        .inner_join(users::table)
        .filter(documents::id.eq(id))
        .filter(documents::removed_at.is_null())
        .select(ROW)
        .first(conn)
        .optional()
}

/// A document's bytes (removed or not: the caller has checked).
pub fn content(conn: &mut DbConnection, id: &DocumentId) -> QueryResult<Vec<u8>> {
    documents::table
        .filter(documents::id.eq(id))
        .select(documents::content)
        .first(conn)
}

/// Hides a document from lists and downloads; the file stays until retention purges it.
/// `false` when it was already removed.
pub fn mark_removed(conn: &mut DbConnection, id: &DocumentId, by: &UserId) -> QueryResult<bool> {
    let n = diesel::update(
        documents::table
            .filter(documents::id.eq(id))
            .filter(documents::removed_at.is_null()),
    )
    .set((
        documents::removed_by.eq(Some(by)),
        documents::removed_at.eq(Some(now())),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// An audit line: `document_added` or `document_removed`, with the file's name.
pub fn record_event(
    conn: &mut DbConnection,
    id: &DocumentId,
    actor: &UserId,
    action: &str,
    detail: &str,
) -> QueryResult<()> {
    diesel::insert_into(document_events::table)
        .values((
            document_events::id.eq(new_id()),
            document_events::document_id.eq(id),
            document_events::actor_id.eq(actor),
            document_events::action.eq(action),
            document_events::detail.eq(detail),
            document_events::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removed documents whose removal is older than `before`: what retention purges.
pub fn count_removed_before(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<i64> {
    documents::table
        .filter(documents::removed_at.lt(before))
        .count()
        .get_result(conn)
}

/// Deletes (file and row) removed documents whose removal is older than `before`; how many.
/// Their audit lines stay.
pub fn purge_removed_before(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(documents::table.filter(documents::removed_at.lt(before))).execute(conn)
}

/// Documents (removed or not) on placements of people retention has anonymised: a CV or a
/// statement about a person is that person's data.
pub fn count_of_anonymised(conn: &mut DbConnection) -> QueryResult<i64> {
    let anonymised = placements::table
        .inner_join(candidates::table)
        .filter(candidates::anonymised_at.is_not_null())
        .select(placements::id.nullable());
    documents::table
        .filter(documents::placement_id.eq_any(anonymised))
        .count()
        .get_result(conn)
}

/// Deletes the documents on placements of anonymised people; how many.
pub fn purge_of_anonymised(conn: &mut DbConnection) -> QueryResult<usize> {
    let anonymised = placements::table
        .inner_join(candidates::table)
        .filter(candidates::anonymised_at.is_not_null())
        .select(placements::id.nullable());
    diesel::delete(documents::table.filter(documents::placement_id.eq_any(anonymised)))
        .execute(conn)
}
