//! Users, roles and the person acting in a request. Pure: no actix, no diesel.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::ui::texts as t;

/// What a user is in the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Keeps jobcenters, users and campaign figures.
    Admin,
    /// A job consultant of one jobcenter.
    Consultant,
    /// A company signatory: reviews and accepts seat commitments.
    Company,
    /// A company mentor: logs hours.
    Mentor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Consultant, Role::Company, Role::Mentor];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Consultant => "consultant",
            Role::Company => "company",
            Role::Mentor => "mentor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => t::ROLE_ADMIN,
            Role::Consultant => t::ROLE_CONSULTANT,
            Role::Company => t::ROLE_COMPANY,
            Role::Mentor => t::ROLE_MENTOR,
        }
    }

    pub fn parse(s: &str) -> Result<Role, String> {
        match s.trim() {
            "" => Err(t::REQUIRED.into()),
            code => Role::ALL
                .into_iter()
                .find(|r| r.code() == code)
                .ok_or_else(|| t::ROLE_UNKNOWN.into()),
        }
    }

    pub fn belongs_to_company(self) -> bool {
        matches!(self, Role::Company | Role::Mentor)
    }
}

/// The authenticated person behind a request, with the organisation they belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub jobcenter_id: Option<String>,
    pub company_id: Option<String>,
    /// A consultant who is their jobcenter's data-protection officer: reads its CPR access log.
    pub dpo: bool,
}

/// A normalised (lower-cased, trimmed) e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, String> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(t::REQUIRED.into());
        }
        if s.len() > 254 || !validator::ValidateEmail::validate_email(&s) {
            return Err(t::EMAIL_FORMAT.into());
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the rules: 12 to 128 characters and not a well-known one.
/// Cloned only so a write can run again on a fresh connection; it prints as `***`.
#[derive(Clone)]
pub struct NewPassword(String);

/// A short list of passwords that are long enough and still guessed first.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "password1234",
    "passwordpassword",
    "adgangskode1",
    "adgangskode12",
    "adgangskode123",
    "qwertyuiop12",
    "qwertyuiopå",
    "qwertyuiopåæø",
    "sommer2024!!",
    "velkommen123",
    "velkommen1234",
    "iloveyou1234",
    "aaaaaaaaaaaa",
];

impl NewPassword {
    pub fn parse(input: &str) -> Result<NewPassword, String> {
        let len = input.chars().count();
        if len == 0 {
            return Err(t::REQUIRED.into());
        }
        if len < 12 {
            return Err(t::PASSWORD_TOO_SHORT.into());
        }
        if len > 128 {
            return Err(t::PASSWORD_TOO_LONG.into());
        }
        let lower = input.to_lowercase();
        if COMMON_PASSWORDS.contains(&lower.as_str()) {
            return Err(t::PASSWORD_COMMON.into());
        }
        Ok(NewPassword(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Raw user fields as typed or sent. The password is only ever written, never returned.
#[derive(Clone, Default, Deserialize)]
pub struct UserRaw {
    pub email: String,
    pub name: String,
    pub role: String,
    pub jobcenter_id: String,
    pub company_id: String,
    pub password: String,
}

impl std::fmt::Debug for UserRaw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRaw")
            .field("email", &self.email)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A validated new user. Whether the organisation exists is checked against the database.
#[derive(Debug, Clone)]
pub struct UserInput {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub jobcenter_id: Option<String>,
    pub company_id: Option<String>,
    pub password: NewPassword,
}

fn optional_id(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl UserInput {
    pub fn parse(raw: &UserRaw) -> Result<UserInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&raw.email));
        let name = raw.name.trim().to_string();
        if name.is_empty() {
            errors.add("name", t::REQUIRED);
        } else if name.chars().count() > 200 {
            errors.add("name", t::TOO_LONG);
        }
        let role = errors.check("role", Role::parse(&raw.role));
        let jobcenter_id = optional_id(&raw.jobcenter_id);
        let company_id = optional_id(&raw.company_id);
        match role {
            Some(Role::Admin) if jobcenter_id.is_some() || company_id.is_some() => {
                errors.add("role", t::ROLE_NO_ORGANISATION);
            }
            Some(Role::Consultant) if jobcenter_id.is_none() => {
                errors.add("jobcenter_id", t::ROLE_NEEDS_JOBCENTER);
            }
            Some(Role::Company | Role::Mentor) if company_id.is_none() => {
                errors.add("company_id", t::ROLE_NEEDS_COMPANY);
            }
            _ => {}
        }
        let password = errors.check("password", NewPassword::parse(&raw.password));
        match (email, role, password) {
            (Some(email), Some(role), Some(password)) if errors.is_empty() => Ok(UserInput {
                email,
                name,
                role,
                // Keep only the organisation the role belongs to.
                jobcenter_id: if role == Role::Consultant {
                    jobcenter_id
                } else {
                    None
                },
                company_id: if role.belongs_to_company() {
                    company_id
                } else {
                    None
                },
                password,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_the_rules() {
        assert!(NewPassword::parse("kort").is_err());
        assert!(
            NewPassword::parse("Password1234").is_err(),
            "common, any case"
        );
        assert!(NewPassword::parse("en lang og god sætning").is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
    }

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            Email::parse(" Kurt@Middelfart.DK ").map(|e| e.0),
            Ok("kurt@middelfart.dk".into())
        );
        assert!(Email::parse("not-an-email").is_err());
    }

    #[test]
    fn roles_need_their_organisation() {
        let raw = UserRaw {
            email: "a@b.dk".into(),
            name: "A".into(),
            role: "consultant".into(),
            password: "en lang og god sætning".into(),
            ..Default::default()
        };
        let errors = UserInput::parse(&raw).expect_err("needs a jobcenter");
        assert!(errors.has("jobcenter_id"));
        let raw = UserRaw {
            role: "mentor".into(),
            company_id: "c1".into(),
            jobcenter_id: "j1".into(),
            ..raw
        };
        let user = UserInput::parse(&raw).expect("valid");
        assert_eq!(user.company_id.as_deref(), Some("c1"));
        assert_eq!(user.jobcenter_id, None);
    }
}
