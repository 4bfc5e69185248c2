//! The second factor: TOTP codes (RFC 6238, through `totp-rs`) and one-time recovery codes.
//! Pure: no actix, no diesel. Storage is `auth::store`, the flow `auth::service`.

use rand::Rng;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

/// The issuer an authenticator app shows beside the account.
pub const ISSUER: &str = "Virksomhedscenter";
/// Seconds per code.
pub const STEP: u64 = 30;
/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code: lower-case letters and digits without look-alikes.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_LEN: usize = 10;

/// A new random secret: 160 bits, as RFC 4226 recommends for SHA-1.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    rand::rngs::OsRng.fill(&mut secret[..]);
    secret
}

fn totp(secret: &[u8], account: &str) -> Option<TOTP> {
    // SHA-1, 6 digits, 30 s: what every authenticator app reads (others fall back silently).
    // Our own check below allows one step either side; `skew` here is not used.
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        STEP,
        secret.to_vec(),
        Some(ISSUER.to_string()),
        account.replace(':', ""),
    )
    .ok()
}

/// The `otpauth://` URL an authenticator app scans (as a QR code) to add the account.
pub fn otpauth_url(secret: &[u8], account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The secret in base 32, for typing into an app by hand.
pub fn secret_base32(secret: &[u8], account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_secret_base32())
}

/// The code for `unix_time` (the tests' authenticator).
pub fn code_at(secret: &[u8], unix_time: u64) -> Option<String> {
    totp(secret, "x").map(|t| t.generate(unix_time))
}

/// Whether `code` is six digits (spaces allowed), i.e. a TOTP code and not a recovery code.
pub fn normalise_totp(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Checks a TOTP code at `unix_time`, allowing one step of clock drift either side, and never
/// a step at or before `last_step` (a code works once). The step it matched, if any.
pub fn check(secret: &[u8], code: &str, unix_time: u64, last_step: Option<i64>) -> Option<i64> {
    let code = normalise_totp(code)?;
    let t = totp(secret, "x")?;
    let now = i64::try_from(unix_time / STEP).ok()?;
    let mut found = None;
    // Every candidate is compared (in constant time), so the time taken tells nothing.
    for step in [now - 1, now, now + 1] {
        let Ok(at) = u64::try_from(step) else {
            continue;
        };
        let expected = t.generate(at * STEP);
        let same: bool = expected.as_bytes().ct_eq(code.as_bytes()).into();
        if same && last_step.is_none_or(|last| step > last) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// New recovery codes, shown to the person once: "abcde-fghjk".
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let s: String = (0..RECOVERY_LEN)
                .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &s[..5], &s[5..])
        })
        .collect()
}

/// A recovery code as typed ("ABCDE FGHJK", "abcde-fghjk") in the form it is hashed in; `None`
/// when it cannot be one.
pub fn normalise_recovery(code: &str) -> Option<String> {
    let s: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (s.len() == RECOVERY_LEN && s.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))).then_some(s)
}

/// The QR code of `text` as a square of modules (true = dark), for the enrolment page.
pub fn qr_modules(text: &str) -> Option<Vec<Vec<bool>>> {
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    Some(
        (0..n)
            .map(|y| (0..n).map(|x| qr.get_module(x, y)).collect())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to six digits.
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = b"12345678901234567890".to_vec();
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(&secret, 1_111_111_109).as_deref(), Some("081804"));
        assert_eq!(code_at(&secret, 2_000_000_000).as_deref(), Some("279037"));
    }

    #[test]
    fn a_code_works_in_its_window_and_once() {
        let secret = new_secret();
        let now = 1_700_000_000;
        let code = code_at(&secret, now).expect("code");
        let step = check(&secret, &code, now, None).expect("valid now");
        assert_eq!(
            check(&secret, &code, now + STEP, None),
            Some(step),
            "a step late"
        );
        assert_eq!(
            check(&secret, &code, now + 3 * STEP, None),
            None,
            "too late"
        );
        assert_eq!(check(&secret, &code, now, Some(step)), None, "used");
        assert_eq!(check(&secret, "12345", now, None), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(check(&secret, &spaced, now, None).is_some());
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalised() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let c = &codes[0];
        assert_eq!(normalise_recovery(&c.to_uppercase()), normalise_recovery(c));
        assert!(normalise_recovery(c).is_some());
        assert_eq!(normalise_recovery("123456"), None);
    }

    #[test]
    fn the_url_names_the_issuer_and_account() {
        let url = otpauth_url(&new_secret(), "karin@middelfart.dk").expect("url");
        assert!(url.starts_with("otpauth://totp/Virksomhedscenter:karin%40middelfart.dk?secret="));
        assert!(url.contains("issuer=Virksomhedscenter"));
        let qr = qr_modules(&url).expect("qr");
        assert!(qr.len() >= 21 && qr.iter().all(|row| row.len() == qr.len()));
    }
}
