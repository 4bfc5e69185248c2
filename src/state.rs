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
    /// Encrypts CPR numbers (AES-256-GCM).
    cpr_enc: [u8; 32],
    /// Keys the CPR look-up hash (HMAC-SHA256).
    cpr_mac: [u8; 32],
    /// Encrypts second-factor (TOTP) secrets (AES-256-GCM).
    mfa_enc: [u8; 32],
    /// Keys the hashes of recovery codes (HMAC-SHA256).
    mfa_mac: [u8; 32],
    /// Signs the unsubscribe links of mails (HMAC-SHA256).
    mail_mac: [u8; 32],
    /// Makes the secret of a person's calendar feed address (HMAC-SHA256).
    calendar_mac: [u8; 32],
}

/// HMAC-SHA256 of `message` under `key`, as hex.
fn hmac_hex(key: &[u8; 32], message: &[u8]) -> String {
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

/// AES-256-GCM under a random nonce, bound to `aad`: hex of nonce and ciphertext.
fn seal(key: &[u8; 32], plain: &[u8], aad: &str) -> Result<String, String> {
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use rand::RngCore;
    let cipher = aes_gcm::Aes256Gcm::new_from_slice(key).map_err(|e| e.to_string())?;
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ct = cipher
        .encrypt(
            aes_gcm::Nonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| "encryption failed".to_string())?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ct);
    Ok(hex::encode(out))
}

/// Opens what [`seal`] made under the same key for the same `aad`.
fn open(key: &[u8; 32], stored: &str, aad: &str) -> Result<Vec<u8>, String> {
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    let bytes = hex::decode(stored).map_err(|_| "stored value is not hex".to_string())?;
    if bytes.len() < 13 {
        return Err("stored value is too short".into());
    }
    let (nonce, ct) = bytes.split_at(12);
    let cipher = aes_gcm::Aes256Gcm::new_from_slice(key).map_err(|e| e.to_string())?;
    cipher
        .decrypt(
            aes_gcm::Nonce::from_slice(nonce),
            Payload {
                msg: ct,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| "decryption failed (wrong key or moved ciphertext)".to_string())
}

fn derive(secret: &str, label: &[u8]) -> Result<[u8; 32], String> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .map_err(|e| format!("invalid secret: {e}"))?;
    mac.update(label);
    Ok(mac.finalize().into_bytes().into())
}

impl Keys {
    /// At least 32 bytes of secret are required.
    pub fn from_secret(secret: &str) -> Result<Keys, String> {
        if secret.len() < 32 {
            return Err("VC_SECRET_KEY must be at least 32 characters long".into());
        }
        let cookie = Key::derive_from(secret.as_bytes());
        Ok(Keys {
            cookie,
            csrf: derive(secret, b"virksomhedscenter csrf key v1")?,
            cpr_enc: derive(secret, b"virksomhedscenter cpr encryption key v1")?,
            cpr_mac: derive(secret, b"virksomhedscenter cpr lookup key v1")?,
            mfa_enc: derive(secret, b"virksomhedscenter second factor key v1")?,
            mfa_mac: derive(secret, b"virksomhedscenter recovery code key v1")?,
            mail_mac: derive(secret, b"virksomhedscenter mail unsubscribe key v1")?,
            calendar_mac: derive(secret, b"virksomhedscenter calendar feed key v1")?,
        })
    }

    /// The signature of a mail's unsubscribe link for one person and one topic: anyone holding
    /// the link may switch that topic off for that person, and nothing else.
    pub fn unsubscribe_signature(&self, user_id: &str, topic: &str) -> String {
        hmac_hex(
            &self.mail_mac,
            format!("unsubscribe\0{user_id}\0{topic}").as_bytes(),
        )
    }

    /// Whether `signature` is the unsubscribe signature for the person and topic (compared in
    /// constant time).
    pub fn unsubscribe_signature_ok(&self, user_id: &str, topic: &str, signature: &str) -> bool {
        use subtle::ConstantTimeEq;
        let expected = self.unsubscribe_signature(user_id, topic);
        expected.len() == signature.len()
            && bool::from(expected.as_bytes().ct_eq(signature.as_bytes()))
    }

    /// The secret part of a person's calendar feed address for one epoch (128 bits, hex):
    /// renewing the address moves the epoch, and the old secret matches nothing.
    pub fn calendar_signature(&self, user_id: &str, epoch: i32) -> String {
        let mut mac = hmac_hex(
            &self.calendar_mac,
            format!("calendar\0{user_id}\0{epoch}").as_bytes(),
        );
        mac.truncate(32);
        mac
    }

    /// Whether `signature` is the calendar secret of the person's epoch (constant time).
    pub fn calendar_signature_ok(&self, user_id: &str, epoch: i32, signature: &str) -> bool {
        use subtle::ConstantTimeEq;
        let expected = self.calendar_signature(user_id, epoch);
        expected.len() == signature.len()
            && bool::from(expected.as_bytes().ct_eq(signature.as_bytes()))
    }

    /// The keyed hash of CPR digits, for look-up and uniqueness without the number itself.
    pub fn cpr_hmac(&self, digits: &str) -> String {
        hmac_hex(&self.cpr_mac, digits.as_bytes())
    }

    /// Encrypts CPR digits with AES-256-GCM under a random nonce, bound to `aad` (the
    /// candidate's id) so a ciphertext cannot be moved to another row. Hex of nonce and ciphertext.
    pub fn encrypt_cpr(&self, digits: &str, aad: &str) -> Result<String, String> {
        seal(&self.cpr_enc, digits.as_bytes(), aad)
    }

    /// Decrypts what `encrypt_cpr` made for the same `aad`.
    pub fn decrypt_cpr(&self, stored: &str, aad: &str) -> Result<String, String> {
        let plain = open(&self.cpr_enc, stored, aad).map_err(|e| format!("CPR: {e}"))?;
        String::from_utf8(plain).map_err(|_| "stored CPR is not text".to_string())
    }

    /// Encrypts a second-factor secret, bound to the user's id.
    pub fn encrypt_totp(&self, secret: &[u8], user_id: &str) -> Result<String, String> {
        seal(&self.mfa_enc, secret, user_id)
    }

    /// Decrypts what `encrypt_totp` made for the same user.
    pub fn decrypt_totp(&self, stored: &str, user_id: &str) -> Result<Vec<u8>, String> {
        open(&self.mfa_enc, stored, user_id).map_err(|e| format!("TOTP secret: {e}"))
    }

    /// The keyed hash a recovery code is stored and looked up as (normalised first).
    pub fn recovery_hmac(&self, user_id: &str, code: &str) -> String {
        hmac_hex(&self.mfa_mac, format!("{user_id}:{code}").as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_encryption_round_trips_and_is_bound_to_its_row() {
        let keys = Keys::from_secret("a secret that is long enough for the tests").expect("keys");
        let a = keys.encrypt_cpr("0707614285", "id-1").expect("encrypt");
        let b = keys.encrypt_cpr("0707614285", "id-1").expect("encrypt");
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("0707614285"));
        assert_eq!(keys.decrypt_cpr(&a, "id-1").as_deref(), Ok("0707614285"));
        assert!(keys.decrypt_cpr(&a, "id-2").is_err(), "bound to the row");
        let other = Keys::from_secret("another secret that is long enough too").expect("keys");
        assert!(other.decrypt_cpr(&a, "id-1").is_err());
        assert_eq!(keys.cpr_hmac("0707614285"), keys.cpr_hmac("0707614285"));
        assert_ne!(keys.cpr_hmac("0707614285"), other.cpr_hmac("0707614285"));
    }
}

/// Settings that requests need at run time.
#[derive(Clone, Debug)]
pub struct RuntimeSettings {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub cookie_secure: bool,
    /// Read the client's address from proxy headers.
    pub trust_proxy: bool,
    /// Who must log in with a second factor.
    pub require_mfa: crate::auth::model::MfaRequirement,
    /// The database was made by the demo: the pages say so.
    pub demo: bool,
    /// The standard terms printed with every contract (`VC_STANDARD_TERMS_FILE`); `None`: the
    /// default text in `texts::print::STANDARD_TERMS`.
    pub standard_terms: Option<std::sync::Arc<str>>,
    /// The e-mail address the accessibility statement gives (`VC_ACCESSIBILITY_CONTACT`).
    pub accessibility_contact: std::sync::Arc<str>,
    /// Where this instance sends mail, as the outbox page says it (never a password); `None`:
    /// this instance runs no sender.
    pub mail_route: Option<std::sync::Arc<str>>,
    /// `VC_BASE_URL` when it was given (`scheme://host`, no trailing slash): the address users
    /// reach the system at, which a calendar feed's address starts with. `None`: the request's
    /// own origin ([`RuntimeSettings::public_origin`]).
    pub base_url: Option<std::sync::Arc<str>>,
}

impl RuntimeSettings {
    /// The origin (`scheme://host`) this server is reached at, to compare a form post's `Origin`
    /// with. Behind a trusted proxy (`VC_TRUST_PROXY`) the proxy's `Forwarded` /
    /// `X-Forwarded-Host` / `X-Forwarded-Proto` say it; otherwise only the request's own `Host`
    /// header counts, with `https` when cookies are marked secure (served over HTTPS) and `http`
    /// otherwise: a client cannot make its forged headers the expected origin.
    pub fn expected_origin(&self, req: &actix_web::dev::ServiceRequest) -> Option<String> {
        if self.trust_proxy {
            let info = req.connection_info();
            return Some(format!("{}://{}", info.scheme(), info.host()));
        }
        let host = req
            .headers()
            .get(actix_web::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .or_else(|| req.uri().authority().map(|a| a.to_string()))?;
        let scheme = if self.cookie_secure { "https" } else { "http" };
        Some(format!("{scheme}://{host}"))
    }

    /// The origin (`scheme://host`) links handed out of the application start with (an
    /// invitation's link): as [`RuntimeSettings::expected_origin`] reads it, for a request.
    pub fn public_origin(&self, req: &actix_web::HttpRequest) -> String {
        if self.trust_proxy {
            let info = req.connection_info();
            return format!("{}://{}", info.scheme(), info.host());
        }
        let host = req
            .headers()
            .get(actix_web::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .or_else(|| req.uri().authority().map(|a| a.to_string()))
            .unwrap_or_else(|| "localhost".to_string());
        let scheme = if self.cookie_secure { "https" } else { "http" };
        format!("{scheme}://{host}")
    }

    /// The origin a link that lives outside the application starts with (a calendar feed's
    /// address, subscribed to from another program): `VC_BASE_URL` when given, else as
    /// [`RuntimeSettings::public_origin`] reads the request.
    pub fn link_origin(&self, req: &actix_web::HttpRequest) -> String {
        match &self.base_url {
            Some(base) => base.to_string(),
            None => self.public_origin(req),
        }
    }

    /// The client's address, for the per-address login limit.
    pub fn client_address(&self, req: &actix_web::HttpRequest) -> Option<String> {
        let peer = || req.peer_addr().map(|a| a.ip().to_string());
        if !self.trust_proxy {
            return peer();
        }
        // The last entry is the one our proxy added; the ones before it came from the client.
        req.headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .map(|ip| ip.to_string())
            .or_else(peer)
    }
}

/// Shared application state, cloned into every worker.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    pub settings: RuntimeSettings,
}

impl AppState {
    pub fn new(db: Db, keys: Keys, settings: RuntimeSettings) -> Self {
        AppState { db, keys, settings }
    }
}

#[cfg(test)]
mod address_tests {
    use super::*;

    fn req(forwarded: &str) -> actix_web::HttpRequest {
        actix_web::test::TestRequest::default()
            .insert_header(("x-forwarded-for", forwarded))
            .peer_addr("10.0.0.5:4321".parse().expect("addr"))
            .to_http_request()
    }

    #[test]
    fn the_client_address_is_the_peer_or_the_proxy_added_entry() {
        let direct = RuntimeSettings {
            cookie_secure: false,
            trust_proxy: false,
            require_mfa: crate::auth::model::MfaRequirement::None,
            demo: false,
            standard_terms: None,
            accessibility_contact: "a11y@test.dk".into(),
            mail_route: None,
            base_url: None,
        };
        let proxied = RuntimeSettings {
            cookie_secure: false,
            trust_proxy: true,
            require_mfa: crate::auth::model::MfaRequirement::None,
            demo: false,
            standard_terms: None,
            accessibility_contact: "a11y@test.dk".into(),
            mail_route: None,
            base_url: None,
        };
        let r = req("6.6.6.6, 2001:db8::1");
        assert_eq!(direct.client_address(&r).as_deref(), Some("10.0.0.5"));
        assert_eq!(
            proxied.client_address(&r).as_deref(),
            Some("2001:db8::1"),
            "the last entry, whole (IPv6 kept)"
        );
        assert_eq!(
            proxied
                .client_address(&req("1.2.3.4, not-an-ip"))
                .as_deref(),
            Some("10.0.0.5")
        );
    }
}
