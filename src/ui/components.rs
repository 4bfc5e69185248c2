//! Small page components in the markup of Det Fælles Designsystem (DFDS, static/dkfds): form
//! fields with their errors, the error summary, the date input, badges, the confirmation step
//! before a destructive action, the step indicator, search and paging.

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
            div.alert.alert-error.error-summary role="alert" tabindex="-1" {
                div.alert-body {
                    p.alert-heading { (t::FORM_HAS_ERRORS) }
                    ul.alert-text.nobullet-list {
                        @for (field, label, messages) in summary_order(errors) {
                            @for m in messages {
                                li { a.function-link href={ "#f-" (field) } {
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
            span.form-error-message id={ "e-" (name) } {
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
        div.form-group.form-error[invalid] {
            label.form-label for={ "f-" (name) } { (label) }
            @if let Some(h) = hint { span.form-hint id={ "h-" (name) } { (h) } }
            (field_errors(name, errors))
            input.form-input id={ "f-" (name) } name=(name) type=(kind) value=(value)
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
        div.form-group.form-error[invalid] {
            label.form-label for={ "f-" (name) } { (label) }
            (field_errors(name, errors))
            select.form-select id={ "f-" (name) } name=(name)
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
            label.sr-only for="q" { (t::SEARCH) }
            input.form-input id="q" type="search" name="q" value=(q) placeholder=(placeholder);
            button.button.button-secondary type="submit" { (t::SEARCH) }
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
        div.form-group.form-error[invalid] {
            label.form-label for={ "f-" (name) } { (label) }
            (field_errors(name, errors))
            textarea.form-input id={ "f-" (name) } name=(name) rows="3"
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
        fieldset.form-group.form-error[invalid] id={ "f-" (name) } {
            legend.form-label { (legend) }
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

/// The colour of a badge (DFDS `badge-success` and so on). The badge's word carries the meaning;
/// the colour is a second cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    Info,
    Success,
    Warning,
    Error,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "badge",
            Tone::Info => "badge badge-info",
            Tone::Success => "badge badge-success",
            Tone::Warning => "badge badge-warning",
            Tone::Error => "badge badge-error",
        }
    }
}

/// The colour of a status's badge, by the status's code: contract and version statuses, week
/// statuses and task kinds. Waiting on someone is a warning, sent back or refused an error, done
/// a success, something to know information; an unknown code is neutral.
pub fn tone_of(code: &str) -> Tone {
    match code {
        "accepted" | "active" | "approved" => Tone::Success,
        "sent" | "submitted" | "week_to_approve" | "contract_to_review" | "week_to_submit"
        | "company_correction" => Tone::Warning,
        "changes_requested" | "rejected" | "week_rejected" | "visit_overdue" => Tone::Error,
        "follow_up_due" | "contract_ending" | "waiting" | "seat_for_remaining" | "moved_up"
        | "visit_due" => Tone::Info,
        _ => Tone::Neutral,
    }
}

/// A worded badge; `extra` is a class of the page's own (such as `s-sent`), or "".
pub fn badge(tone: Tone, extra: &str, text: &str) -> Markup {
    let class = if extra.is_empty() {
        tone.class().to_string()
    } else {
        format!("{} {extra}", tone.class())
    };
    html! { span class=(class) { (text) } }
}

/// A date as typed in DFDS's date input: day, month and year in three fields named
/// `NAME_day`, `NAME_month`, `NAME_year`. A form that still sends the whole date in `NAME`
/// ("31-03-2011", as older clients and the tests do) is read as before.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    /// The parts as typed; when none was typed, the whole date split into its parts (so a
    /// stored date or one sent in one field is shown in the three fields).
    pub fn typed(whole: &str, day: &str, month: &str, year: &str) -> DateParts {
        let parts = DateParts {
            day: day.trim().to_string(),
            month: month.trim().to_string(),
            year: year.trim().to_string(),
        };
        if !parts.is_empty() {
            return parts;
        }
        match crate::ui::format::parse_date(whole) {
            Some(d) => {
                use chrono::Datelike;
                DateParts {
                    day: format!("{:02}", d.day()),
                    month: format!("{:02}", d.month()),
                    year: d.year().to_string(),
                }
            }
            // Whatever was typed in one field is kept as it was, shown in the first field.
            None => DateParts {
                day: whole.trim().to_string(),
                ..DateParts::default()
            },
        }
    }

    pub fn is_empty(&self) -> bool {
        self.day.is_empty() && self.month.is_empty() && self.year.is_empty()
    }

    /// The date as the services read it, "dd-mm-åååå" (one-digit days and months padded), or
    /// "" when nothing was typed.
    pub fn value(&self) -> String {
        if self.month.is_empty() && self.year.is_empty() {
            // Nothing, or a whole date typed in one field: as typed.
            return self.day.clone();
        }
        let pad = |s: &str| {
            if s.len() == 1 {
                format!("0{s}")
            } else {
                s.to_string()
            }
        };
        format!("{}-{}-{}", pad(&self.day), pad(&self.month), self.year)
    }

    /// Why what was typed is not a date, naming it; None when it is one or nothing was typed
    /// (whether a date is required is the service's rule).
    pub fn problem(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        if self.month.is_empty() && self.year.is_empty() && self.day.chars().count() > 2 {
            // A whole date typed in one field.
            return crate::ui::format::parse_date(&self.day)
                .is_none()
                .then(|| t::design::no_such_date(&self.day));
        }
        if self.day.is_empty() || self.month.is_empty() || self.year.is_empty() {
            return Some(t::design::DATE_PARTS_MISSING.to_string());
        }
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if crate::ui::format::parse_date(&self.value()).is_none()
            || !digits(&self.day)
            || !digits(&self.month)
            || self.year.len() != 4
        {
            return Some(t::design::no_such_date(&self.value()));
        }
        None
    }

    /// Puts the message naming a mistyped date in place of the service's general one.
    pub fn refine(&self, name: &str, errors: &mut FieldErrors) {
        if let Some(p) = self.problem() {
            errors.0.insert(name.to_string(), vec![p]);
        }
    }
}

/// DFDS's date input: a fieldset with the label as its legend and three number fields. The day
/// field has the id `f-NAME`, so the error summary's link leads to it; errors are `e-NAME`.
pub fn date_input(
    name: &str,
    label: &str,
    parts: &DateParts,
    errors: &FieldErrors,
    hint: Option<&str>,
) -> Markup {
    let invalid = errors.has(name);
    let described = match (invalid, hint.is_some()) {
        (true, true) => format!("e-{name} h-{name}"),
        (true, false) => format!("e-{name}"),
        (false, true) => format!("h-{name}"),
        (false, false) => String::new(),
    };
    let describedby = (!described.is_empty()).then_some(described.as_str());
    let aria_invalid = invalid.then_some("true");
    html! {
        div.form-group.form-error[invalid] {
            fieldset {
                legend.form-label { (label) }
                @if let Some(h) = hint { span.form-hint id={ "h-" (name) } { (h) } }
                (field_errors(name, errors))
                div.date-group {
                    div.form-group.form-group-day {
                        label.form-label for={ "f-" (name) } { (t::design::DAY) }
                        input.form-input id={ "f-" (name) } name={ (name) "_day" } type="text"
                            inputmode="numeric" autocomplete="off" value=(parts.day)
                            aria-invalid=[aria_invalid] aria-describedby=[describedby];
                    }
                    div.form-group.form-group-month {
                        label.form-label for={ "f-" (name) "-month" } { (t::design::MONTH) }
                        input.form-input id={ "f-" (name) "-month" } name={ (name) "_month" } type="text"
                            inputmode="numeric" autocomplete="off" value=(parts.month)
                            aria-invalid=[aria_invalid] aria-describedby=[describedby];
                    }
                    div.form-group.form-group-year {
                        label.form-label for={ "f-" (name) "-year" } { (t::design::YEAR) }
                        input.form-input id={ "f-" (name) "-year" } name={ (name) "_year" } type="text"
                            inputmode="numeric" autocomplete="off" value=(parts.year)
                            aria-invalid=[aria_invalid] aria-describedby=[describedby];
                    }
                }
            }
        }
    }
}

/// The step before a destructive action (Opsig, Annuller, Træk tilbage), as a page that works
/// without JavaScript: what will happen, its consequences, a warning button that posts the same
/// form again with `confirm=yes` (and the typed values in `fields`), and a way back.
pub struct Confirmation<'a> {
    pub title: &'a str,
    pub what: &'a str,
    pub consequences: &'a str,
    /// What was typed, shown as (label, value) so the user sees what is sent.
    pub shown: &'a [(&'a str, &'a str)],
    pub action: &'a str,
    pub csrf: &'a str,
    /// Hidden fields posted again: (name, value).
    pub fields: &'a [(&'a str, &'a str)],
    pub button: &'a str,
    pub back: &'a str,
}

/// Whether a posted form carries the answer of the confirmation step.
pub fn confirmed(value: &str) -> bool {
    value == "yes"
}

pub fn confirmation(c: &Confirmation) -> Markup {
    html! {
        h1 { (c.title) }
        div.alert.alert-warning.confirmation {
            div.alert-body {
                p.alert-heading { (t::design::CONFIRM_LEAD) }
                p.alert-text { (c.what) " " (c.consequences) }
            }
        }
        @if !c.shown.is_empty() {
            dl.facts {
                @for (label, value) in c.shown { dt { (label) } dd { (value) } }
            }
        }
        form method="post" action=(c.action) {
            (csrf_field(c.csrf))
            @for (name, value) in c.fields { input type="hidden" name=(name) value=(value); }
            input type="hidden" name="confirm" value="yes";
            div.actions {
                button.button.button-warning type="submit" { (c.button) }
                a.button.button-secondary href=(c.back) { (t::design::UNDO) }
            }
        }
    }
}

/// DFDS's step indicator for an action in several steps (`current` counts from 0): steps before
/// it are done, it is marked `aria-current="step"`, later ones are not reached yet. The steps
/// are not links: each is reached by the form of the one before.
pub fn step_indicator(steps: &[&str], current: usize) -> Markup {
    let n = steps.len();
    html! {
        nav.step-indicator-nav aria-label=(t::design::STEPS) {
            ol.step-indicator {
                @for (i, name) in steps.iter().enumerate() {
                    @let state = if i < current { "completed" } else if i == current { "current" } else { "disabled" };
                    li class=(state) aria-current=[(i == current).then_some("step")] {
                        div.step {
                            span.step-number aria-hidden="true" { span { (i + 1) } }
                            div {
                                span.step-title {
                                    span.sr-only { (t::design::step_of(i + 1, n)) ": " }
                                    (name)
                                    @if i < current { span.sr-only { " (" (t::design::STEP_DONE) ")" } }
                                    @if i == current { span.sr-only { " (" (t::design::STEP_CURRENT) ")" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_read_from_its_three_fields_or_from_one() {
        let typed = DateParts::typed("", "5", "3", "2026");
        assert_eq!(typed.value(), "05-03-2026");
        assert_eq!(typed.problem(), None);
        // A stored date is shown in its parts; one typed whole is read as before.
        let whole = DateParts::typed("2026-03-05", "", "", "");
        assert_eq!((whole.day.as_str(), whole.month.as_str()), ("05", "03"));
        assert_eq!(whole.value(), "05-03-2026");
        assert_eq!(
            DateParts::typed("05-03-2026", "", "", "").value(),
            "05-03-2026"
        );
        // What does not exist is named as typed; a missing part is said.
        let feb = DateParts::typed("", "31", "02", "2026");
        assert_eq!(feb.problem(), Some(t::design::no_such_date("31-02-2026")));
        let part = DateParts::typed("", "31", "", "2026");
        assert_eq!(
            part.problem().as_deref(),
            Some(t::design::DATE_PARTS_MISSING)
        );
        let text = DateParts::typed("i morgen", "", "", "");
        assert_eq!(text.value(), "i morgen");
        assert_eq!(text.problem(), Some(t::design::no_such_date("i morgen")));
        assert_eq!(DateParts::typed("", "", "", "").value(), "");
        assert_eq!(DateParts::typed("", "", "", "").problem(), None);
        let mut e = FieldErrors::new();
        e.add("start_date", "Ugyldig dato");
        feb.refine("start_date", &mut e);
        assert_eq!(e.get("start_date"), [t::design::no_such_date("31-02-2026")]);
    }

    #[test]
    fn the_step_indicator_marks_done_current_and_later_steps() {
        let html =
            step_indicator(&["Kontrakten", "Tjek og accepter", "Kvittering"], 1).into_string();
        assert!(html.contains("<ol class=\"step-indicator\">"), "{html}");
        let done = html.find("class=\"completed\"").expect("done");
        let current = html
            .find("class=\"current\" aria-current=\"step\"")
            .expect("current");
        let later = html.find("class=\"disabled\"").expect("later");
        assert!(done < current && current < later);
        assert!(html.contains(&t::design::step_of(2, 3)));
    }

    #[test]
    fn badges_carry_their_word_and_a_tone() {
        let html = badge(
            tone_of("changes_requested"),
            "s-changes_requested",
            "Ændringer ønsket",
        )
        .into_string();
        assert_eq!(
            html,
            "<span class=\"badge badge-error s-changes_requested\">Ændringer ønsket</span>"
        );
        assert_eq!(tone_of("approved"), Tone::Success);
        assert_eq!(tone_of("draft"), Tone::Neutral);
    }

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
