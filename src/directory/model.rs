//! The organisation directory: identifiers (CVR, P-number, kommunekode), employment regions,
//! sectors, and the validated inputs for jobcenters, companies and worksites.
//! Pure: no actix, no diesel.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::error::FieldErrors;
use crate::texts as t;

/// A CVR number: 8 digits, first not 0, weights 2,7,6,5,4,3,2,1 with the weighted sum divisible
/// by 11. Accepts "DK 13 58 56 28" and stores the digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cvr(String);

impl Cvr {
    pub fn parse(input: &str) -> Result<Cvr, String> {
        let trimmed = input.trim();
        let without_prefix = trimmed
            .strip_prefix("DK")
            .or_else(|| trimmed.strip_prefix("dk"))
            .unwrap_or(trimmed);
        let compact: String = without_prefix
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(t::REQUIRED.into());
        }
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(t::CVR_DIGITS.into());
        }
        if compact.len() != 8 {
            return Err(t::CVR_LENGTH.into());
        }
        let digits: Vec<u32> = compact.chars().filter_map(|c| c.to_digit(10)).collect();
        if digits[0] == 0 {
            return Err(t::CVR_LEADING_ZERO.into());
        }
        const WEIGHTS: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];
        let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        if !sum.is_multiple_of(11) {
            return Err(t::CVR_CHECK.into());
        }
        Ok(Cvr(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A P-number (production unit): 10 digits. There is no public check digit, so only the format
/// is validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PNumber(String);

impl PNumber {
    pub fn parse(input: &str) -> Result<PNumber, String> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(t::REQUIRED.into());
        }
        if compact.len() != 10 || !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(t::P_NUMBER_FORMAT.into());
        }
        Ok(PNumber(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A municipality code: three digits, 101 (København) to 860 (Hjørring) in practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kommunekode(i32);

impl Kommunekode {
    pub fn parse(input: &str) -> Result<Kommunekode, String> {
        let s = input.trim();
        if s.len() != 3 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(t::KOMMUNEKODE_FORMAT.into());
        }
        let n: i32 = s.parse().map_err(|_| t::KOMMUNEKODE_FORMAT.to_string())?;
        Self::from_number(i64::from(n))
    }

    pub fn from_number(n: i64) -> Result<Kommunekode, String> {
        if (100..=999).contains(&n) {
            Ok(Kommunekode(n as i32))
        } else {
            Err(t::KOMMUNEKODE_FORMAT.into())
        }
    }

    pub fn value(self) -> i32 {
        self.0
    }
}

/// The four employment regions (beskæftigelsesregioner) of 2007–2014.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Region {
    #[serde(rename = "Hovedstaden & Sjælland")]
    HovedstadenSjaelland,
    #[serde(rename = "Midtjylland")]
    Midtjylland,
    #[serde(rename = "Nordjylland")]
    Nordjylland,
    #[serde(rename = "Syddanmark")]
    Syddanmark,
}

coded_enum!(Region {
    HovedstadenSjaelland => "hovedstaden_sjaelland", "Hovedstaden & Sjælland";
    Midtjylland => "midtjylland", "Midtjylland";
    Nordjylland => "nordjylland", "Nordjylland";
    Syddanmark => "syddanmark", "Syddanmark";
});

impl Region {
    /// The name people use, which is also the API value.
    pub fn name(self) -> &'static str {
        self.label()
    }

    /// Accepts the name (any case) or the stored code.
    pub fn parse_input(input: &str) -> Result<Region, String> {
        let s = input.trim();
        if s.is_empty() {
            return Err(t::REQUIRED.into());
        }
        Region::ALL
            .into_iter()
            .find(|r| r.code() == s || r.name().to_lowercase() == s.to_lowercase())
            .ok_or_else(|| t::REGION_UNKNOWN.into())
    }
}

/// Public or private sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sector {
    Public,
    Private,
}

coded_enum!(Sector {
    Public => "public", t::SECTOR_PUBLIC;
    Private => "private", t::SECTOR_PRIVATE;
});

impl Sector {
    /// As typed: the code or the Danish word.
    pub fn parse_input(input: &str) -> Result<Sector, String> {
        match input.trim() {
            "public" | "offentlig" => Ok(Sector::Public),
            "private" | "privat" => Ok(Sector::Private),
            "" => Err(t::REQUIRED.into()),
            _ => Err(t::SECTOR_UNKNOWN.into()),
        }
    }
}

/// A Danish postcode: four digits.
pub fn parse_postcode(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(s.to_string())
    } else if s.is_empty() {
        Err(t::REQUIRED.into())
    } else {
        Err(t::POSTCODE_FORMAT.into())
    }
}

/// A whole, non-negative count typed in a form.
pub fn parse_count(input: &str) -> Result<i32, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err(t::REQUIRED.into());
    }
    match s.replace('.', "").parse::<i64>() {
        Ok(n) => count_in_range(n),
        Err(_) => Err(t::WHOLE_NUMBER.into()),
    }
}

pub fn count_in_range(n: i64) -> Result<i32, String> {
    if n < 0 {
        Err(t::NOT_NEGATIVE.into())
    } else if n > 1_000_000 {
        Err(t::TOO_LARGE_NUMBER.into())
    } else {
        Ok(n as i32)
    }
}

fn required_text(field: &str, value: &str, errors: &mut FieldErrors) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, t::REQUIRED);
    }
    v.to_string()
}

/// Raw jobcenter fields, as typed in the form or sent to the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct JobcenterRaw {
    #[validate(length(max = 200))]
    pub name: String,
    pub region: String,
    /// Municipality codes, either as numbers (API) or one comma separated text (form).
    pub kommunekoder: Vec<String>,
}

/// A validated jobcenter.
#[derive(Debug, Clone, PartialEq)]
pub struct JobcenterInput {
    pub name: String,
    pub region: Region,
    pub kommunekoder: Vec<Kommunekode>,
}

impl JobcenterInput {
    pub fn parse(raw: &JobcenterRaw) -> Result<JobcenterInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Err(e) = raw.validate() {
            errors.extend_validator(&e);
        }
        let name = required_text("name", &raw.name, &mut errors);
        let region = errors.check("region", Region::parse_input(&raw.region));
        let mut codes = Vec::new();
        for code in &raw.kommunekoder {
            match Kommunekode::parse(code) {
                Ok(k) if !codes.contains(&k) => codes.push(k),
                Ok(_) => {}
                Err(e) => errors.add("kommunekoder", format!("{code}: {e}")),
            }
        }
        if raw.kommunekoder.is_empty() {
            errors.add("kommunekoder", t::KOMMUNEKODE_AT_LEAST_ONE);
        }
        codes.sort();
        match (errors.is_empty(), region) {
            (true, Some(region)) => Ok(JobcenterInput {
                name,
                region,
                kommunekoder: codes,
            }),
            _ => Err(errors),
        }
    }
}

/// Raw company fields. `ordinary_employees` is kept as text so a form can show what was typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct CompanyRaw {
    pub cvr: String,
    #[validate(length(max = 200))]
    pub name: String,
    pub sector: String,
    #[validate(length(max = 200))]
    pub address: String,
    pub postcode: String,
    #[validate(length(max = 100))]
    pub city: String,
    pub ordinary_employees: String,
    #[validate(length(max = 200))]
    pub contact_name: String,
    #[validate(length(max = 200))]
    pub contact_email: String,
    #[validate(length(max = 50))]
    pub contact_phone: String,
}

/// A validated company.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyInput {
    pub cvr: Cvr,
    pub name: String,
    pub sector: Sector,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: i32,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

impl CompanyInput {
    pub fn parse(raw: &CompanyRaw) -> Result<CompanyInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Err(e) = raw.validate() {
            errors.extend_validator(&e);
        }
        let cvr = errors.check("cvr", Cvr::parse(&raw.cvr));
        let name = required_text("name", &raw.name, &mut errors);
        let sector = errors.check("sector", Sector::parse_input(&raw.sector));
        let address = required_text("address", &raw.address, &mut errors);
        let postcode = errors.check("postcode", parse_postcode(&raw.postcode));
        let city = required_text("city", &raw.city, &mut errors);
        let employees = errors.check("ordinary_employees", parse_count(&raw.ordinary_employees));
        let contact_email = raw.contact_email.trim().to_string();
        if !contact_email.is_empty() && !validator::ValidateEmail::validate_email(&contact_email) {
            errors.add("contact_email", t::EMAIL_FORMAT);
        }
        match (cvr, sector, postcode, employees) {
            (Some(cvr), Some(sector), Some(postcode), Some(ordinary_employees))
                if errors.is_empty() =>
            {
                Ok(CompanyInput {
                    cvr,
                    name,
                    sector,
                    address,
                    postcode,
                    city,
                    ordinary_employees,
                    contact_name: raw.contact_name.trim().to_string(),
                    contact_email,
                    contact_phone: raw.contact_phone.trim().to_string(),
                })
            }
            _ => Err(errors),
        }
    }
}

impl CompanyInput {
    /// The validated fields as they are stored, as text (the comparison and audit form).
    pub fn as_raw(&self) -> CompanyRaw {
        CompanyRaw {
            cvr: self.cvr.as_str().to_string(),
            name: self.name.clone(),
            sector: self.sector.code().to_string(),
            address: self.address.clone(),
            postcode: self.postcode.clone(),
            city: self.city.clone(),
            ordinary_employees: self.ordinary_employees.to_string(),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
            contact_phone: self.contact_phone.clone(),
        }
    }
}

impl CompanyRaw {
    /// Every field with its API name, in the order of the form.
    pub fn fields(&self) -> [(&'static str, &str); 10] {
        [
            ("cvr", &self.cvr),
            ("name", &self.name),
            ("sector", &self.sector),
            ("address", &self.address),
            ("postcode", &self.postcode),
            ("city", &self.city),
            ("ordinary_employees", &self.ordinary_employees),
            ("contact_name", &self.contact_name),
            ("contact_email", &self.contact_email),
            ("contact_phone", &self.contact_phone),
        ]
    }

    /// Sets one field by its API name; an unknown name changes nothing and answers false.
    pub fn set(&mut self, field: &str, value: String) -> bool {
        let target = match field {
            "cvr" => &mut self.cvr,
            "name" => &mut self.name,
            "sector" => &mut self.sector,
            "address" => &mut self.address,
            "postcode" => &mut self.postcode,
            "city" => &mut self.city,
            "ordinary_employees" => &mut self.ordinary_employees,
            "contact_name" => &mut self.contact_name,
            "contact_email" => &mut self.contact_email,
            "contact_phone" => &mut self.contact_phone,
            _ => return false,
        };
        *target = value;
        true
    }
}

/// One changed field: its value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FieldChange {
    pub from: String,
    pub to: String,
}

/// Changed fields by API name (the audit trail's and a correction's detail, as JSON).
pub type FieldChanges = std::collections::BTreeMap<String, FieldChange>;

/// The fields that differ from `old` to `new`.
pub fn company_changes(old: &CompanyRaw, new: &CompanyRaw) -> FieldChanges {
    old.fields()
        .iter()
        .zip(new.fields().iter())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| {
            (
                (*field).to_string(),
                FieldChange {
                    from: (*a).to_string(),
                    to: (*b).to_string(),
                },
            )
        })
        .collect()
}

/// A worksite's fields as the audit trail records them when it is added (all new).
pub fn worksite_changes(w: &WorksiteInput) -> FieldChanges {
    [
        ("p_number", w.p_number.as_str().to_string()),
        ("name", w.name.clone()),
        ("address", w.address.clone()),
        ("postcode", w.postcode.clone()),
        ("city", w.city.clone()),
        ("ordinary_employees", w.ordinary_employees.to_string()),
    ]
    .into_iter()
    .map(|(f, v)| {
        (
            f.to_string(),
            FieldChange {
                from: String::new(),
                to: v,
            },
        )
    })
    .collect()
}

/// Raw worksite fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct WorksiteRaw {
    pub p_number: String,
    #[validate(length(max = 200))]
    pub name: String,
    #[validate(length(max = 200))]
    pub address: String,
    pub postcode: String,
    #[validate(length(max = 100))]
    pub city: String,
    pub ordinary_employees: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorksiteInput {
    pub p_number: PNumber,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: i32,
}

impl WorksiteInput {
    pub fn parse(raw: &WorksiteRaw) -> Result<WorksiteInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Err(e) = raw.validate() {
            errors.extend_validator(&e);
        }
        let p_number = errors.check("p_number", PNumber::parse(&raw.p_number));
        let name = required_text("name", &raw.name, &mut errors);
        let address = required_text("address", &raw.address, &mut errors);
        let postcode = errors.check("postcode", parse_postcode(&raw.postcode));
        let city = required_text("city", &raw.city, &mut errors);
        let employees = errors.check("ordinary_employees", parse_count(&raw.ordinary_employees));
        match (p_number, postcode, employees) {
            (Some(p_number), Some(postcode), Some(ordinary_employees)) if errors.is_empty() => {
                Ok(WorksiteInput {
                    p_number,
                    name,
                    address,
                    postcode,
                    city,
                    ordinary_employees,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvr_known_answers() {
        assert_eq!(Cvr::parse("13585628").map(|c| c.0), Ok("13585628".into()));
        assert_eq!(
            Cvr::parse("DK 13 58 56 28").map(|c| c.0),
            Ok("13585628".into())
        );
        assert_eq!(Cvr::parse("13585627"), Err(t::CVR_CHECK.to_string()));
        assert_eq!(Cvr::parse("1358562"), Err(t::CVR_LENGTH.to_string()));
        assert_eq!(Cvr::parse("135856280"), Err(t::CVR_LENGTH.to_string()));
        assert_eq!(Cvr::parse("1358562A"), Err(t::CVR_DIGITS.to_string()));
        assert_eq!(Cvr::parse("abcdefgh"), Err(t::CVR_DIGITS.to_string()));
        assert_eq!(Cvr::parse(""), Err(t::REQUIRED.to_string()));
        // 00000000 has a weighted sum of 0 (divisible by 11) but a leading zero.
        assert_eq!(Cvr::parse("00000000"), Err(t::CVR_LEADING_ZERO.to_string()));
    }

    #[test]
    fn p_numbers_and_kommunekoder() {
        assert!(PNumber::parse("1003388394").is_ok());
        assert!(PNumber::parse("100338839").is_err());
        assert!(PNumber::parse("10033883x4").is_err());
        assert_eq!(Kommunekode::parse("410").map(|k| k.value()), Ok(410));
        assert!(Kommunekode::parse("41").is_err());
        assert!(Kommunekode::parse("041").is_err());
        assert!(Kommunekode::parse("4100").is_err());
    }

    #[test]
    fn regions_parse_by_name_and_code() {
        assert_eq!(Region::parse_input("Syddanmark"), Ok(Region::Syddanmark));
        assert_eq!(
            Region::parse_input("hovedstaden & sjælland"),
            Ok(Region::HovedstadenSjaelland)
        );
        assert_eq!(Region::parse_input("midtjylland"), Ok(Region::Midtjylland));
        assert!(Region::parse_input("Bornholm").is_err());
    }

    #[test]
    fn company_input_names_each_bad_field() {
        let raw = CompanyRaw {
            cvr: "13585627".into(),
            name: " ".into(),
            sector: "x".into(),
            address: "Vej 1".into(),
            postcode: "55".into(),
            city: "Middelfart".into(),
            ordinary_employees: "-3".into(),
            contact_email: "nope".into(),
            ..Default::default()
        };
        let errors = CompanyInput::parse(&raw).expect_err("invalid");
        for field in [
            "cvr",
            "name",
            "sector",
            "postcode",
            "ordinary_employees",
            "contact_email",
        ] {
            assert!(
                errors.has(field),
                "{field} should have an error: {errors:?}"
            );
        }
        assert!(!errors.has("address"));
    }

    #[test]
    fn a_text_over_its_limit_names_the_limit() {
        let raw = CompanyRaw {
            city: "x".repeat(101),
            contact_phone: "1".repeat(51),
            ..Default::default()
        };
        let errors = CompanyInput::parse(&raw).expect_err("invalid");
        assert_eq!(errors.get("city"), ["Højst 100 tegn"]);
        assert_eq!(errors.get("contact_phone"), ["Højst 50 tegn"]);
    }
}
