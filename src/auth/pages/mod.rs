//! Login, logout and user administration pages.

use actix_web::web;

mod account;
mod invitations;
mod sign_in;
mod users;

pub use account::*;
pub use invitations::*;
pub use sign_in::*;
pub use users::*;

/// Where to go after login: only a local path, never another site.
fn safe_next(next: &str) -> String {
    // Browsers drop tabs and newlines in URLs ("/\t/evil" becomes "//evil") and read "\\" as
    // "/": allow only visible characters, no backslash, and no second leading slash.
    let visible = next
        .chars()
        .all(|c| c.is_ascii_graphic() || (!c.is_ascii() && !c.is_control()));
    if visible && next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login_page)
        .service(account_page)
        .service(change_password)
        .service(start_totp)
        .service(confirm_totp)
        .service(login)
        .service(login_code)
        .service(logout)
        .service(logout_everywhere)
        .service(users_page)
        .service(new_user_page)
        .service(create_user)
        .service(edit_user_page)
        .service(update_user)
        .service(reset_totp)
        .service(new_invitation_page)
        .service(create_invitation)
        .service(renew_invitation)
        .service(cancel_invitation)
        .service(invitation_page)
        .service(accept_invitation);
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/companies?q=a"), "/companies?q=a");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n"), "/");
        assert_eq!(safe_next("/virksomheder/æøå"), "/virksomheder/æøå");
    }
}
