//! The campaign pages (Danish): the list, the dashboard per jobcenter and month with its chart,
//! the regional ranking and the national total, figures entry and the CSV export.

use actix_web::web;

use crate::campaign::import::{self};
use crate::ui::format;

mod figures;
mod goals;
mod imports;
mod list;

pub use figures::*;
pub use goals::*;
pub use imports::*;
pub use list::*;

fn pct(x: Option<f64>) -> String {
    x.map(|v| format::percent((v * 100.0).round() / 100.0))
        .unwrap_or_else(|| "–".into())
}

fn pct1(x: Option<f64>) -> String {
    x.map(format::percent).unwrap_or_else(|| "–".into())
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The import's file may be as large as import::MAX_BYTES (the extractor's default is 2 MiB);
    // the field limit on `ImportUpload::file` is the same.
    cfg.app_data(
        actix_multipart::form::MultipartFormConfig::default()
            .total_limit(import::MAX_BYTES + 64 * 1024)
            .memory_limit(import::MAX_BYTES + 64 * 1024),
    );
    cfg.service(list_page)
        .service(create)
        .service(export)
        .service(save_figures)
        .service(edit_page)
        .service(edit)
        .service(import_page)
        .service(import_start)
        .service(import_status)
        .service(import_template)
        .service(dashboard);
}
