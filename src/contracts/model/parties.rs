//! The rimelighedskrav's numbers, and the company as a party to a version (its record when
//! accepted, and the canonical content whose hash the acceptance records).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::texts as t;

use super::*;

/// The ratio rule (rimelighedskrav, today's form): at most 1 subsidised person per 5 ordinary
/// employees for the first 50 (always at least 1), then 1 per 10 beyond.
pub fn ratio_rule_max(ordinary_employees: i32) -> i32 {
    RatioParams::default().max(ordinary_employees)
}

/// The ratio rule's numbers, effective-dated rule parameters (`ratio_*` in `rule_params`):
/// `max(minimum, floor(min(E, first_employees) / first_per)) + floor(max(E − first_employees, 0) / beyond_per)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatioParams {
    pub minimum: i32,
    pub first_employees: i32,
    pub first_per: i32,
    pub beyond_per: i32,
}

impl Default for RatioParams {
    /// BEK § 65 as it reads today.
    fn default() -> Self {
        RatioParams {
            minimum: 1,
            first_employees: 50,
            first_per: 5,
            beyond_per: 10,
        }
    }
}

impl RatioParams {
    /// The most persons in virksomhedspraktik and løntilskud together for `ordinary_employees`.
    pub fn max(&self, ordinary_employees: i32) -> i32 {
        let e = ordinary_employees.max(0);
        let first = (e.min(self.first_employees) / self.first_per.max(1)).max(self.minimum);
        let beyond = (e - self.first_employees).max(0) / self.beyond_per.max(1);
        first + beyond
    }
}

/// The company as a party to a contract: what an accepted version keeps of the company's record
/// (and of the worksite its terms name), so the print, the difference and the payments show
/// what was accepted, not what the record says today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyParty {
    pub cvr: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    #[serde(default)]
    pub worksite: Option<WorksiteParty>,
}

/// The worksite a contract names, as accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorksiteParty {
    pub p_number: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
}

impl CompanyParty {
    /// "Street 1, 5500 Middelfart".
    pub fn full_address(&self) -> String {
        format!("{}, {} {}", self.address, self.postcode, self.city)
    }

    /// The party fields that differ from `old` to `self`, as changes of the contract
    /// (`company.name`, `company.cvr`, `company.address`, `company.worksite`).
    pub fn changes_since(&self, old: &CompanyParty) -> Vec<Change> {
        let site = |p: &CompanyParty| {
            p.worksite
                .as_ref()
                .map(|w| {
                    format!(
                        "{} {}, {}, {} {}",
                        w.p_number, w.name, w.address, w.postcode, w.city
                    )
                })
                .unwrap_or_default()
        };
        let pairs = [
            (
                "company.name",
                t::CONTRACT_COMPANY_NAME,
                old.name.clone(),
                self.name.clone(),
            ),
            (
                "company.cvr",
                t::COMPANY_CVR,
                old.cvr.clone(),
                self.cvr.clone(),
            ),
            (
                "company.address",
                t::COMPANY_ADDRESS,
                old.full_address(),
                self.full_address(),
            ),
            (
                "company.worksite",
                t::CONTRACT_WORKSITE,
                site(old),
                site(self),
            ),
        ];
        pairs
            .into_iter()
            // A snapshot made before worksites were kept (the migration's) has none: its
            // worksite is unknown, not changed (the terms' P-number shows any change).
            .filter(|(field, _, _, _)| *field != "company.worksite" || old.worksite.is_some())
            .filter(|(_, _, from, to)| from != to)
            .map(|(field, label, from, to)| Change {
                field: field.to_string(),
                label: label.to_string(),
                from,
                to,
            })
            .collect()
    }
}

/// The current hash format: 2 adds the company party (name, CVR, address, worksite).
pub const HASH_FORMAT: u32 = 2;

/// The content that is hashed when a company accepts a version: the parties and the terms, in a
/// fixed order, as compact JSON. Format 1 (before the company party) had no `company`; its
/// stored content and hash stay as they were.
#[derive(Debug, Serialize)]
pub struct CanonicalContent<'a> {
    pub format: u32,
    pub contract_id: &'a str,
    pub version: i32,
    pub effective_from: NaiveDate,
    pub jobcenter_id: &'a str,
    pub company_id: &'a str,
    pub company_cvr: &'a str,
    pub terms: &'a Terms,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<&'a CompanyParty>,
}

impl CanonicalContent<'_> {
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// SHA-256 of the canonical JSON, as hex.
    pub fn hash(&self) -> String {
        sha256_hex(&self.json())
    }
}

/// SHA-256 of accepted content, as hex: the one hash of everything a company accepts (a
/// contract's versions here, a placement's agreement in `agreements::model`).
pub fn sha256_hex(content: &str) -> String {
    hex::encode(Sha256::digest(content.as_bytes()))
}

/// The reference number a receipt gives for an accepted content hash: its first 16 characters
/// upper-case in groups of four ("3F2A-9B01-C4D5-E6F7"). People read it aloud and compare it;
/// the full hash stays on the printed contract.
pub fn reference_number(hash: &str) -> String {
    let head: Vec<char> = hash
        .chars()
        .take(16)
        .flat_map(|c| c.to_uppercase())
        .collect();
    head.chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod reference_tests {
    use super::reference_number;

    #[test]
    fn a_reference_number_is_the_hash_head_in_groups_of_four() {
        assert_eq!(
            reference_number("3f2a9b01c4d5e6f70011223344556677"),
            "3F2A-9B01-C4D5-E6F7"
        );
        assert_eq!(reference_number("abc"), "ABC");
    }
}
