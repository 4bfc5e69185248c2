//! Users, roles and the person acting in a request. Pure: no actix, no diesel.

use crate::ids::{CompanyId, JobcenterId, UserId};
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::texts as t;

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

coded_enum!(Role {
    Admin => "admin", t::ROLE_ADMIN;
    Consultant => "consultant", t::ROLE_CONSULTANT;
    Company => "company", t::ROLE_COMPANY;
    Mentor => "mentor", t::ROLE_MENTOR;
});

impl Role {
    /// A role as typed in a form: required, and one of the codes.
    pub fn parse_input(s: &str) -> Result<Role, String> {
        match s.trim() {
            "" => Err(t::REQUIRED.into()),
            code => Role::parse(code).ok_or_else(|| t::ROLE_UNKNOWN.into()),
        }
    }

    pub fn belongs_to_company(self) -> bool {
        matches!(self, Role::Company | Role::Mentor)
    }
}

/// The signed-in person of a page request: the actor and the CSRF token of their session. Taken
/// from the request by `auth::session` (without a session the page redirects to the login).
#[derive(Debug, Clone)]
pub struct PageUser {
    pub actor: Actor,
    pub csrf: String,
    pub token_hash: String,
}

/// The authenticated person behind a request, with the organisation they belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub jobcenter_id: Option<JobcenterId>,
    pub company_id: Option<CompanyId>,
    /// A consultant who is their jobcenter's data-protection officer: reads its CPR access log.
    pub dpo: bool,
    /// Logs in with a second factor (a confirmed TOTP secret).
    pub totp_enabled: bool,
}

/// Who must log in with a second factor (`VC_REQUIRE_MFA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaRequirement {
    /// Administrators and data-protection officers (the default).
    Admins,
    /// Everyone.
    All,
    /// Nobody (a demo database's default); anyone may still turn it on.
    None,
}

coded_enum!(MfaRequirement {
    Admins => "admins", t::account::MFA_FOR_ADMINS;
    All => "all", t::account::MFA_FOR_ALL;
    None => "none", t::account::MFA_FOR_NONE;
});

impl MfaRequirement {
    /// `VC_REQUIRE_MFA` as given.
    pub fn parse_setting(s: &str) -> Result<MfaRequirement, String> {
        MfaRequirement::parse(s).ok_or_else(|| "VC_REQUIRE_MFA must be admins, all or none".into())
    }

    /// Whether `actor` must have a second factor: administrators and data-protection officers
    /// hold the keys to everything and to the CPR access log.
    pub fn applies_to(self, actor: &Actor) -> bool {
        match self {
            MfaRequirement::All => true,
            MfaRequirement::Admins => actor.role == Role::Admin || actor.dpo,
            MfaRequirement::None => false,
        }
    }
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

/// A new password that meets the rules: 12 to 128 characters, and hard to guess as the
/// zxcvbn estimator judges it (score 3 of 4: more than 10^8 guesses) with the person's own
/// name and e-mail and the published demo password counted as known words.
/// Cloned only so a write can run again on a fresh connection; it prints as `***`.
#[derive(Clone)]
pub struct NewPassword(String);

/// The demo's published password (`src/demo.rs`): never accepted as a real one.
pub const DEMO_PASSWORD: &str = "virksomhedscenter";

/// Words an attacker tries first here, whatever the person: the system's and the domain's.
const KNOWN_WORDS: &[&str] = &[
    DEMO_PASSWORD,
    "jobcenter",
    "virksomhed",
    "adgangskode",
    "kodeord",
    "password",
    "velkommen",
];

/// The lowest zxcvbn score accepted.
const MIN_SCORE: u8 = 3;

impl NewPassword {
    /// `user_inputs`: what the person's name and e-mail are made of, counted as known words.
    pub fn parse(input: &str, user_inputs: &[&str]) -> Result<NewPassword, String> {
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
        if lower.contains(DEMO_PASSWORD) {
            return Err(t::PASSWORD_DEMO.into());
        }
        // The person's own name and e-mail, and their parts ("karin", "holm", "middelfart").
        let mut inputs: Vec<String> = KNOWN_WORDS.iter().map(|w| w.to_string()).collect();
        for u in user_inputs {
            let u = u.trim().to_lowercase();
            if u.chars().count() >= 3 && lower.contains(&u) {
                return Err(t::PASSWORD_PERSONAL.into());
            }
            for part in u.split(|c: char| !c.is_alphanumeric()) {
                if part.chars().count() >= 3 {
                    inputs.push(part.to_string());
                }
            }
            inputs.push(u);
        }
        let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let estimate = zxcvbn::zxcvbn(input, &refs);
        if (estimate.score() as u8) < MIN_SCORE {
            use zxcvbn::feedback::Warning as W;
            let warning = estimate.feedback().and_then(|f| f.warning());
            return Err(match warning {
                Some(
                    W::StraightRowsOfKeysAreEasyToGuess | W::ShortKeyboardPatternsAreEasyToGuess,
                ) => t::PASSWORD_KEYBOARD,
                Some(
                    W::RepeatsLikeAaaAreEasyToGuess
                    | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
                ) => t::PASSWORD_REPEATS,
                Some(W::SequencesLikeAbcAreEasyToGuess) => t::PASSWORD_SEQUENCE,
                Some(
                    W::ThisIsATop10Password
                    | W::ThisIsATop100Password
                    | W::ThisIsACommonPassword
                    | W::ThisIsSimilarToACommonlyUsedPassword,
                ) => t::PASSWORD_COMMON,
                Some(W::RecentYearsAreEasyToGuess | W::DatesAreOftenEasyToGuess) => {
                    t::PASSWORD_DATES
                }
                Some(
                    W::NamesAndSurnamesByThemselvesAreEasyToGuess
                    | W::CommonNamesAndSurnamesAreEasyToGuess,
                ) => t::PASSWORD_NAMES,
                _ => t::PASSWORD_WEAK,
            }
            .into());
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
    pub jobcenter_id: Option<JobcenterId>,
    pub company_id: Option<CompanyId>,
    pub password: NewPassword,
}

fn optional_id(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl UserInput {
    pub fn parse(raw: &UserRaw) -> Result<UserInput, FieldErrors> {
        Self::parse_with(
            raw,
            NewPassword::parse(&raw.password, &[&raw.email, &raw.name]),
        )
    }

    /// A demo user: every field checked as usual but the password, which is the published
    /// demo password (`src/demo.rs`; refused everywhere else).
    pub fn parse_demo(raw: &UserRaw) -> Result<UserInput, FieldErrors> {
        Self::parse_with(raw, Ok(NewPassword(DEMO_PASSWORD.to_string())))
    }

    fn parse_with(
        raw: &UserRaw,
        password: Result<NewPassword, String>,
    ) -> Result<UserInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&raw.email));
        let name = raw.name.trim().to_string();
        if name.is_empty() {
            errors.add("name", t::REQUIRED);
        } else if name.chars().count() > 200 {
            errors.add("name", t::TOO_LONG);
        }
        let role = errors.check("role", Role::parse_input(&raw.role));
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
        let password = errors.check("password", password);
        match (email, role, password) {
            (Some(email), Some(role), Some(password)) if errors.is_empty() => Ok(UserInput {
                email,
                name,
                role,
                // Keep only the organisation the role belongs to.
                jobcenter_id: if role == Role::Consultant {
                    jobcenter_id.map(JobcenterId::new)
                } else {
                    None
                },
                company_id: if role.belongs_to_company() {
                    company_id.map(CompanyId::new)
                } else {
                    None
                },
                password,
            }),
            _ => Err(errors),
        }
    }
}

/// An invitation as typed or sent: the person's name and e-mail and their role in the company.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InvitationRaw {
    pub name: String,
    pub email: String,
    pub role: String,
}

/// A validated invitation: a signatory or a mentor of a company. Whether the e-mail is free is
/// checked against the database.
#[derive(Debug, Clone)]
pub struct InvitationInput {
    pub name: String,
    pub email: Email,
    pub role: Role,
}

impl InvitationInput {
    pub fn parse(raw: &InvitationRaw) -> Result<InvitationInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = raw.name.trim().to_string();
        if name.is_empty() {
            errors.add("name", t::REQUIRED);
        } else if name.chars().count() > 200 {
            errors.add("name", t::TOO_LONG);
        }
        let email = errors.check("email", Email::parse(&raw.email));
        let role = match raw.role.trim() {
            "" => {
                errors.add("role", t::REQUIRED);
                None
            }
            code => match Role::parse(code) {
                Some(r) if r.belongs_to_company() => Some(r),
                _ => {
                    errors.add("role", t::invitations::ROLE_CHOICE);
                    None
                }
            },
        };
        match (email, role) {
            (Some(email), Some(role)) if errors.is_empty() => {
                Ok(InvitationInput { name, email, role })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_the_rules() {
        assert!(NewPassword::parse("kort", &[]).is_err());
        assert!(
            NewPassword::parse("Password1234", &[]).is_err(),
            "common, any case"
        );
        assert!(NewPassword::parse("en lang og god sætning", &[]).is_ok());
        assert!(NewPassword::parse(&"x".repeat(129), &[]).is_err());
    }

    /// Issue #17: each of these was accepted, each is refused with a reason.
    #[test]
    fn guessable_passwords_are_refused_with_a_reason() {
        let me = ["karin.holm@middelfart.dk", "Karin Holm"];
        for (pw, why) in [
            ("            ", t::PASSWORD_REPEATS),
            ("111111111111", t::PASSWORD_REPEATS),
            ("abcdefghijkl", t::PASSWORD_SEQUENCE),
            ("virksomhedscenter", t::PASSWORD_DEMO),
            ("Virksomhedscenter2024", t::PASSWORD_DEMO),
            ("karin.holm@middelfart.dk", t::PASSWORD_PERSONAL),
            ("qwertyuiopasdf", t::PASSWORD_COMMON),
        ] {
            assert_eq!(
                NewPassword::parse(pw, &me).err().as_deref(),
                Some(why),
                "{pw:?}"
            );
        }
        // Built on a part of the name: weak, though not the whole name.
        assert!(NewPassword::parse("karinkarin12", &me).is_err());
        for ok in [
            "en lang og god sætning",
            "tre grønne heste i Strib",
            "test-adgangskode-1",
        ] {
            assert!(NewPassword::parse(ok, &me).is_ok(), "{ok}");
        }
    }

    #[test]
    fn invitations_are_for_the_company_roles() {
        let raw = InvitationRaw {
            name: " Mette Mentor ".into(),
            email: "Mette@Firma.dk".into(),
            role: "mentor".into(),
        };
        let ok = InvitationInput::parse(&raw).expect("valid");
        assert_eq!(
            (ok.name.as_str(), ok.email.as_str()),
            ("Mette Mentor", "mette@firma.dk")
        );
        let bad = InvitationInput::parse(&InvitationRaw {
            role: "admin".into(),
            name: String::new(),
            ..raw
        })
        .expect_err("not a company role");
        assert!(bad.has("role") && bad.has("name"));
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
