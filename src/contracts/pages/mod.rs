//! The contracts' pages (Danish): list with filters, the draft form with repeatable supporting
//! activities, the contract page with review and workflow actions, and the printable contract.

use actix_web::web;

mod accept;
mod form;
mod list;
mod print;
mod show;

pub use accept::*;
pub use form::*;
pub use list::*;
pub use print::*;
pub use show::*;

const PAGE_SIZE: i64 = 20;

/// Registers the contract pages. Fixed paths (`/new`) come before `{id}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_page)
        .service(new_page)
        .service(create)
        .service(edit_page)
        .service(print_page)
        .service(contract_page)
        .service(update)
        .service(send)
        .service(withdraw)
        .service(accept_check_page)
        .service(accept)
        .service(receipt_page)
        .service(request_changes)
        .service(amend)
        .service(terminate);
}
