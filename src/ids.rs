//! Ids as types, so one kind of id cannot be passed where another is expected:
//! `choices(&jobcenter, &company)` does not compile with the two swapped. An id is an opaque
//! string (a UUID made by `db::new_id`, or whatever a URL carried: looking it up decides whether
//! it names anything). Used in service and store signatures as they are touched; most still take
//! `&str` (see docs/architecture.md).

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
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

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
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
    /// A user (`users.id`).
    UserId;
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
    }
}
