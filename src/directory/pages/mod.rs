//! The directory's pages (Danish): jobcenters, companies and worksites.

use actix_web::{web, HttpRequest};
use serde::Deserialize;

use crate::db::Sort;
use crate::ui::components::page_number;

mod companies;
mod corrections;
mod jobcenters;
mod worksites;

pub use companies::*;
pub use corrections::*;
pub use jobcenters::*;
pub use worksites::*;

const PAGE_SIZE: i64 = 20;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

impl ListQuery {
    fn sort(&self, columns: &[&'static str], default: Sort) -> Sort {
        Sort::parse(self.sort.as_deref(), columns, default)
    }
    /// The search, to keep in the sort links.
    fn filters(&self) -> Vec<(&'static str, String)> {
        vec![("q", self.q())]
    }
    /// The search and the order, to keep in the page links.
    fn paging(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q()),
            ("sort", self.sort.clone().unwrap_or_default()),
        ]
    }
    fn q(&self) -> String {
        self.q.clone().unwrap_or_default().trim().to_string()
    }
    fn page(&self) -> i64 {
        page_number(self.page.as_deref())
    }
}

fn list_query(req: &HttpRequest) -> ListQuery {
    serde_html_form::from_str(req.query_string()).unwrap_or_default()
}

/// Registers the directory pages. Fixed paths (`/new`) come before `{id}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(jobcenters_page)
        .service(new_jobcenter_page)
        .service(create_jobcenter)
        .service(edit_jobcenter_page)
        .service(jobcenter_page)
        .service(update_jobcenter)
        .service(companies_page)
        .service(new_company_page)
        .service(create_company)
        .service(edit_company_page)
        .service(company_page)
        .service(update_company)
        .service(add_worksite)
        .service(declare_headcount)
        .service(correction_form_page)
        .service(propose_correction)
        .service(approve_correction)
        .service(reject_correction);
}
