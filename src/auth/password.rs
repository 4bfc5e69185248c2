//! Password hashing with argon2id. Callers run these on the blocking pool.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::AppError;

/// The password hash of an invited person who has not yet chosen a password: not a PHC string,
/// so [`verify`] matches no password against it.
pub const UNUSABLE_HASH: &str = "!invited";

/// Hashes a password with argon2id and a random salt (PHC string format).
pub fn hash(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("password hashing failed: {e}")))
}

/// Checks a password against a stored hash. A malformed stored hash counts as a mismatch.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the e-mail is unknown, so an unknown user costs the same time
/// as a wrong password and the answer does not tell which it was.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash("dummy password that never matches").unwrap_or_else(|_| {
            // A valid PHC string for argon2id with default parameters.
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$W+4V6q2j2Tz7N8yDMkJ7rJ2yF6gkZ0t+5XzGmQ1nN9E"
                .to_string()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_per_salt() {
        let a = hash("en lang og god sætning").expect("hash");
        let b = hash("en lang og god sætning").expect("hash");
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("en lang og god sætning", &a));
        assert!(!verify("en anden sætning her", &a));
        assert!(!verify("x", "not a hash"));
        assert!(!verify("dummy", dummy_hash()));
        assert!(!verify("", UNUSABLE_HASH) && !verify("!invited", UNUSABLE_HASH));
    }
}
