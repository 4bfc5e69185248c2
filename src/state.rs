//! What every request can reach: the database, the keys and the configuration.

use actix_web::cookie::Key;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::Db;

/// Keys derived from `VC_SECRET_KEY`. All instances of a deployment must share the secret.
#[derive(Clone)]
pub struct Keys {
    /// Signs cookies.
    pub cookie: Key,
    /// Derives CSRF tokens from session tokens.
    csrf: [u8; 32],
}

impl Keys {
    /// At least 32 bytes of secret are required.
    pub fn from_secret(secret: &str) -> Result<Keys, String> {
        if secret.len() < 32 {
            return Err("VC_SECRET_KEY must be at least 32 characters long".into());
        }
        let cookie = Key::derive_from(secret.as_bytes());
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
            .map_err(|e| format!("invalid secret: {e}"))?;
        mac.update(b"virksomhedscenter csrf key v1");
        let csrf: [u8; 32] = mac.finalize().into_bytes().into();
        Ok(Keys { cookie, csrf })
    }

    /// HMAC-SHA256 under the CSRF key, as hex.
    pub fn csrf_mac(&self, message: &str) -> String {
        // new_from_slice accepts any key length for HMAC, so this cannot fail.
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(&self.csrf) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(message.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Settings that requests need at run time.
#[derive(Clone, Debug)]
pub struct RuntimeSettings {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub cookie_secure: bool,
}

/// Shared application state, cloned into every worker.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    pub settings: RuntimeSettings,
}
