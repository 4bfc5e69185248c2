//! Ids as types, so one kind of id cannot be passed where another is expected:
//! `choices(&jobcenter, &company)` does not compile with the two swapped. An id is an opaque
//! string (a UUID made by `db::new_id`, or whatever a URL carried: looking it up decides whether
//! it names anything; the empty default names nothing). Every service and store signature takes its ids as these types
//! (`tests/it/architecture.rs` fails on a bare `&str`/`String` id there); row structs still hold
//! `String`s and are wrapped where they are passed on.
//!
//! Each id binds and loads as SQL `TEXT` on every backend (the impls below delegate to `str` and
//! `String`), so a store writes `contracts::id.eq(id)` with `id: &ContractId` as before. Pages and
//! api handlers take them straight from the path (`web::Path<ContractId>`: serde transparent).

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, AsExpression, FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = Text)]
        pub struct $name(String);

        #[allow(dead_code)]
        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        /// Read as the string it is (links, messages, comparisons with a row's column); making
        /// one from a string is explicit (`new`).
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $name
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(self.0.as_str(), out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $name
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                <String as FromSql<Text, DB>>::from_sql(bytes).map($name)
            }
        }
    )+};
}

typed_id! {
    /// A contract (`contracts.id`).
    ContractId;
    /// A company (`companies.id`).
    CompanyId;
    /// A jobcenter (`jobcenters.id`).
    JobcenterId;
    /// A user (`users.id`): also an actor, a mentor, a consultant.
    UserId;
    /// A campaign (`campaigns.id`).
    CampaignId;
    /// A candidate (`candidates.id`).
    CandidateId;
    /// A placement (`placements.id`).
    PlacementId;
    /// A mentor's hour entry (`hour_entries.id`).
    EntryId;
    /// A proposed correction of a company's record (`company_corrections.id`).
    CorrectionId;
    /// An audit event of a user account (`user_events.id`).
    UserEventId;
    /// An invitation of a company's signatory or mentor (`invitations.id`).
    InvitationId;
    /// A mail of the outbox (`mail_outbox.id`; also its `Message-ID`).
    MailId;
    /// A campaign figures import job (in memory, `campaign::jobs`).
    ImportJobId;
    /// A document attached to a contract or a placement (`documents.id`).
    DocumentId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_shows_and_serialises_as_its_string() {
        let c = CompanyId::new("c-1");
        assert_eq!(c.as_str(), "c-1");
        assert_eq!(c.to_string(), "c-1");
        assert_eq!(serde_json::to_string(&c).ok().as_deref(), Some("\"c-1\""));
        let back: Result<CompanyId, _> = serde_json::from_str("\"c-1\"");
        assert_eq!(back.ok(), Some(c));
    }
}
