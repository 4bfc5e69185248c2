//! The controls of filter forms (GET forms that choose what a page shows): a select with its
//! own id, and the month stepper. Their ids are given, so a page with a filter and a form of the
//! same field names (the campaign dashboard: `month`, `jobcenter_id`) has no duplicate ids.

use maud::{html, Markup};

use crate::error::FieldErrors;
use crate::texts as t;
use crate::ui::format;

/// A labelled select with the id `id`; `options` are (value, label) pairs.
pub fn select_with_id(
    id: &str,
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
) -> Markup {
    html! {
        div.field {
            label for=(id) { (label) }
            select id=(id) name=(name) {
                option value="" { (t::CHOOSE) }
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

/// Where the month stepper's links go: `base` with the filters `keep` (empty ones left out)
/// and `name` set to the month.
fn month_href(base: &str, keep: &[(&str, String)], name: &str, month: &str) -> String {
    let mut all: Vec<(&str, String)> = keep
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .cloned()
        .collect();
    all.push((name, month.to_string()));
    format!(
        "{base}?{}",
        serde_html_form::to_string(&all).unwrap_or_default()
    )
}

/// What the stepper chooses from.
pub enum Months<'a> {
    /// A known range (a campaign's months, "2009-06" to "2011-06"): a select of them, written
    /// out ("marts 2011"), and no step beyond its ends.
    Range(&'a [String]),
    /// Any month: an `input type="month"`, which a browser without a month picker shows as a
    /// text field for "2011-03".
    Any,
}

/// A month chosen by stepping, not typed as ÅÅÅÅ-MM: "‹ forrige måned" and "næste måned ›" are
/// links (they work without JavaScript and keep the other filters, `keep`), with a select of
/// the months or a month input between them for a jump. The value sent is always "2011-03", as
/// the query parameter always was. Goes inside the filter form, whose button submits a jump.
#[allow(clippy::too_many_arguments)]
pub fn month_stepper(
    base: &str,
    keep: &[(&str, String)],
    id: &str,
    name: &str,
    label: &str,
    current: &str,
    months: Months<'_>,
    errors: &FieldErrors,
) -> Markup {
    let inside = |m: &String| match &months {
        Months::Range(list) => list.contains(m),
        Months::Any => true,
    };
    let prev = format::shift_month(current, -1).filter(&inside);
    let next = format::shift_month(current, 1).filter(&inside);
    let invalid = errors.has(name);
    html! {
        div.month-stepper.field.invalid[invalid] {
            label for=(id) { (label) }
            @if invalid {
                span.field-error id={ "e-" (id) } { @for m in errors.get(name) { (m) " " } }
            }
            div.stepper {
                @if let Some(p) = &prev {
                    a.step rel="prev" href=(month_href(base, keep, name, p)) {
                        span aria-hidden="true" { "‹ " } (t::MONTH_PREV)
                        span.visually-hidden { ": " (format::month(p)) }
                    }
                }
                @match &months {
                    Months::Range(list) => {
                        select id=(id) name=(name) {
                            @for m in list.iter() {
                                option value=(m) selected[m.as_str() == current] { (format::month(m)) }
                            }
                        }
                    }
                    Months::Any => {
                        input id=(id) name=(name) type="month" value=(current) pattern="[0-9]{4}-[0-9]{2}"
                            aria-invalid=[invalid.then_some("true")]
                            aria-describedby=[invalid.then(|| format!("e-{id}"))];
                    }
                }
                @if let Some(n) = &next {
                    a.step rel="next" href=(month_href(base, keep, name, n)) {
                        (t::MONTH_NEXT)
                        span.visually-hidden { ": " (format::month(n)) }
                        span aria-hidden="true" { " ›" }
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
    fn the_stepper_links_the_months_around_and_keeps_the_filters() {
        let months: Vec<String> = ["2011-01", "2011-02", "2011-03"]
            .iter()
            .map(|m| m.to_string())
            .collect();
        let keep = [
            ("jobcenter_id", "jc1".to_string()),
            ("region", String::new()),
        ];
        let html = month_stepper(
            "/campaigns/c1",
            &keep,
            "q-month",
            "month",
            "M",
            "2011-02",
            Months::Range(&months),
            &FieldErrors::new(),
        )
        .into_string();
        assert!(
            html.contains(r#"href="/campaigns/c1?jobcenter_id=jc1&amp;month=2011-01""#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="/campaigns/c1?jobcenter_id=jc1&amp;month=2011-03""#),
            "{html}"
        );
        assert!(
            html.contains(r#"<option value="2011-02" selected>februar 2011</option>"#),
            "{html}"
        );
        // At the end of the range there is no step beyond it.
        let last = month_stepper(
            "/x",
            &[],
            "q-month",
            "month",
            "M",
            "2011-03",
            Months::Range(&months),
            &FieldErrors::new(),
        )
        .into_string();
        assert!(!last.contains("rel=\"next\""), "{last}");
        assert!(last.contains("rel=\"prev\""), "{last}");
        // Any month: a month input, and steps across the year.
        let any = month_stepper(
            "/payments",
            &[],
            "f-month",
            "month",
            "M",
            "2011-01",
            Months::Any,
            &FieldErrors::new(),
        )
        .into_string();
        assert!(
            any.contains(r#"type="month""#) && any.contains("month=2010-12"),
            "{any}"
        );
    }
}
