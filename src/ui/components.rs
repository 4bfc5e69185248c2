//! Small page components: form fields with their errors, the error summary, search and paging.

use maud::{html, Markup};

use crate::error::FieldErrors;
use crate::texts as t;

/// The hidden CSRF field every state-changing form carries.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A summary of the errors at the top of a form, linking to each field.
pub fn error_summary(errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" tabindex="-1" {
                p { strong { (t::FORM_HAS_ERRORS) } }
                ul {
                    @for (field, label, messages) in summary_order(errors) {
                        @for m in messages {
                            li { a href={ "#f-" (field) } {
                                @if let Some(l) = &label { (l) ": " }
                                (m)
                            } }
                        }
                    }
                }
            }
        }
    }
}

/// The errors in the order of the fields on the page, each with the field's name in words.
fn summary_order(errors: &FieldErrors) -> Vec<(&String, Option<String>, &Vec<String>)> {
    let mut rows: Vec<_> = errors
        .0
        .iter()
        .map(|(field, messages)| {
            let (place, label) = t::field_label(field);
            (place, field, label, messages)
        })
        .collect();
    rows.sort_by_key(|(place, ..)| *place);
    rows.into_iter()
        .map(|(_, field, label, messages)| (field, label, messages))
        .collect()
}

fn field_errors(name: &str, errors: &FieldErrors) -> Markup {
    html! {
        @if errors.has(name) {
            span.field-error id={ "e-" (name) } {
                @for m in errors.get(name) { (m) " " }
            }
        }
    }
}

/// A labelled input that shows what was typed and its errors next to it.
pub fn input(
    name: &str,
    label: &str,
    value: &str,
    kind: &str,
    errors: &FieldErrors,
    hint: Option<&str>,
) -> Markup {
    input_with(name, label, value, kind, errors, hint, None)
}

/// [`input`] with an `autocomplete` token, so password managers fill the right field
/// (`username`, `current-password`, `new-password`).
pub fn input_with(
    name: &str,
    label: &str,
    value: &str,
    kind: &str,
    errors: &FieldErrors,
    hint: Option<&str>,
    autocomplete: Option<&str>,
) -> Markup {
    let invalid = errors.has(name);
    let described = match (invalid, hint.is_some()) {
        (true, true) => format!("e-{name} h-{name}"),
        (true, false) => format!("e-{name}"),
        (false, true) => format!("h-{name}"),
        (false, false) => String::new(),
    };
    html! {
        div.field.invalid[invalid] {
            label for={ "f-" (name) } { (label) }
            @if let Some(h) = hint { span.hint id={ "h-" (name) } { (h) } }
            (field_errors(name, errors))
            input id={ "f-" (name) } name=(name) type=(kind) value=(value)
                autocomplete=[autocomplete]
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[(!described.is_empty()).then_some(described.as_str())];
        }
    }
}

/// A labelled select; `options` are (value, label) pairs.
pub fn select(
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    let invalid = errors.has(name);
    html! {
        div.field.invalid[invalid] {
            label for={ "f-" (name) } { (label) }
            (field_errors(name, errors))
            select id={ "f-" (name) } name=(name)
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[invalid.then(|| format!("e-{name}"))] {
                option value="" { (t::CHOOSE) }
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

/// A search box that keeps the query.
pub fn search_form(action: &str, q: &str, placeholder: &str) -> Markup {
    html! {
        form.search method="get" action=(action) role="search" {
            label.visually-hidden for="q" { (t::SEARCH) }
            input id="q" type="search" name="q" value=(q) placeholder=(placeholder);
            button type="submit" { (t::SEARCH) }
        }
    }
}

/// Page number from a query parameter; anything unreadable is the first page.
pub fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1 && *p <= 1_000_000)
        .unwrap_or(1)
}

/// Previous/next links that keep every filter of a list (empty ones are left out).
pub fn pagination_with(
    base: &str,
    params: &[(&str, String)],
    page: i64,
    per_page: i64,
    total: i64,
) -> Markup {
    let pages = ((total + per_page - 1) / per_page).max(1);
    let link = |p: i64| {
        let mut all: Vec<(&str, String)> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        all.push(("page", p.to_string()));
        format!(
            "{base}?{}",
            serde_html_form::to_string(&all).unwrap_or_default()
        )
    };
    html! {
        nav.pagination aria-label=(t::PAGES_NAV) {
            @if page > 1 { a rel="prev" href=(link(page - 1)) { "← " (t::PREVIOUS) } }
            span { (t::PAGE) " " (page) " " (t::OF) " " (pages) " · " (crate::ui::format::integer(total)) }
            @if page < pages { a rel="next" href=(link(page + 1)) { (t::NEXT) " →" } }
        }
    }
}

/// A column header that sorts the list by its column (a second click turns the order), keeping
/// the list's filters (`params`, without page and sort) and starting again at page 1. The
/// current order is told to screen readers with `aria-sort` and shown with an arrow.
pub fn sort_header(
    base: &str,
    params: &[(&str, String)],
    label: &str,
    key: &'static str,
    current: &crate::db::Sort,
    numeric: bool,
) -> Markup {
    let active = current.key == key;
    let next = crate::db::Sort {
        key,
        desc: active && !current.desc,
    };
    let mut all: Vec<(&str, String)> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .cloned()
        .collect();
    all.push(("sort", next.param()));
    let href = format!(
        "{base}?{}",
        serde_html_form::to_string(&all).unwrap_or_default()
    );
    let aria = active.then_some(if current.desc {
        "descending"
    } else {
        "ascending"
    });
    html! {
        th.num[numeric] scope="col" aria-sort=[aria] {
            a.sort href=(href) title=(t::SORT_BY) {
                (label)
                @if active { " " span aria-hidden="true" { @if current.desc { "▼" } @else { "▲" } } }
            }
        }
    }
}

/// A labelled text area that shows what was typed and its errors.
pub fn textarea(name: &str, label: &str, value: &str, errors: &FieldErrors) -> Markup {
    let invalid = errors.has(name);
    html! {
        div.field.invalid[invalid] {
            label for={ "f-" (name) } { (label) }
            (field_errors(name, errors))
            textarea id={ "f-" (name) } name=(name) rows="3"
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[invalid.then(|| format!("e-{name}"))] { (value) }
        }
    }
}

/// A group of checkboxes sharing one name (a repeated form field); `options` are (value, label).
pub fn checkboxes(
    name: &str,
    legend: &str,
    options: &[(String, String)],
    checked: &[String],
    errors: &FieldErrors,
) -> Markup {
    let invalid = errors.has(name);
    html! {
        fieldset.field.invalid[invalid] id={ "f-" (name) } {
            legend { (legend) }
            (field_errors(name, errors))
            @for (value, text) in options {
                label.check {
                    input type="checkbox" name=(name) value=(value) checked[checked.contains(value)];
                    " " (text)
                }
            }
        }
    }
}

/// The messages of one field on their own (for groups without a single input).
pub fn error_list(name: &str, errors: &FieldErrors) -> Markup {
    field_errors(name, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_summary_names_each_field_in_the_order_of_the_form() {
        let mut e = FieldErrors::new();
        e.add("postcode", t::REQUIRED);
        e.add("address", t::REQUIRED);
        e.add("cvr", t::CVR_LENGTH);
        e.add("activities[1].provider", t::REQUIRED);
        e.add("cell-0-3", "Ugyldigt antal timer");
        e.add("mystery", "Noget er galt");
        let html = error_summary(&e).into_string();
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("{needle} missing in {html}"))
        };
        let cvr = at("CVR-nummer: CVR-nummeret skal have 8 cifre");
        let address = at("Adresse: Skal udfyldes");
        let postcode = at("Postnummer: Skal udfyldes");
        assert!(cvr < address && address < postcode, "{html}");
        at("href=\"#f-activities[1].provider\">Udbyder, aktivitet 2: Skal udfyldes");
        at("href=\"#f-cell-0-3\">torsdag, række 1: Ugyldigt antal timer");
        // A field without a known name still shows its message, last.
        assert!(at(">Noget er galt") > postcode);
    }
}
