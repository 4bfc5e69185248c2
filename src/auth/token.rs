//! Session, API and invitation tokens: how they are made, what is stored of them and how long they live.
//! Shared by the extractors (`auth::session`) and the operations that create and renew
//! sessions (`auth::service`), so neither imports the other for them.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A browser session lasts a working day at most.
pub const WEB_SESSION_HOURS: i64 = 12;
/// A browser session ends after this long without a request.
pub const WEB_IDLE_MINUTES: i64 = 30;
/// An API token lasts 30 days at most unless revoked.
pub const API_TOKEN_DAYS: i64 = 30;
/// An API token ends after this long unused.
pub const API_IDLE_DAYS: i64 = 7;
/// An invitation's link works this long after it was made or renewed, once.
pub const INVITATION_DAYS: i64 = 14;

/// A new random token (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored for a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
