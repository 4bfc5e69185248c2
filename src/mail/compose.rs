//! A mail's words: subject, plain text and HTML, from its kind and payload. Pure: the sender
//! gives the links.

use maud::{html, Markup, DOCTYPE};

use crate::mail::model::{Kind, Payload};
use crate::texts::mail as tm;

/// Where the mail's links go, and to whom it is written.
#[derive(Debug, Clone)]
pub struct Context {
    /// `VC_BASE_URL` without a trailing slash ("https://vc.middelfart.dk").
    pub base_url: String,
    pub recipient_name: String,
    /// The link to the choices on "Min konto".
    pub settings_url: String,
    /// The signed one-click link that switches this kind of mail off; `None` where it cannot
    /// be switched off.
    pub unsubscribe_url: Option<String>,
}

/// A written mail.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The parts every mail has: a lead, perhaps a quoted comment, perhaps lines, and one link.
struct Parts {
    subject: String,
    lead: String,
    quote: Option<(&'static str, String)>,
    lines: Vec<(String, String)>,
    button: &'static str,
    path: String,
}

fn s(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

fn parts(kind: Kind, p: &Payload) -> Parts {
    let company = s(&p.company);
    let period = s(&p.period);
    let actor = s(&p.actor);
    let week = s(&p.week);
    let person = s(&p.person);
    let date = s(&p.date);
    let version = p.version.unwrap_or(1);
    let reason = |label| p.reason.clone().map(|r| (label, r));
    let (subject, lead, quote, button) = match kind {
        Kind::ContractSent => (
            tm::subject_contract_sent(company, period),
            tm::body_contract_sent(actor, company, period),
            None,
            tm::REVIEW_CONTRACT,
        ),
        Kind::AmendmentSent => (
            tm::subject_amendment_sent(company, version),
            tm::body_amendment_sent(actor, company, version),
            None,
            tm::REVIEW_CONTRACT,
        ),
        Kind::ChangesRequested => (
            tm::subject_changes_requested(company, version),
            tm::body_changes_requested(company, version),
            reason(tm::COMMENT_LABEL),
            tm::OPEN_CONTRACT,
        ),
        Kind::ContractAccepted => (
            tm::subject_contract_accepted(company, version),
            tm::body_contract_accepted(company, version, period),
            None,
            tm::OPEN_CONTRACT,
        ),
        Kind::ContractEnding => {
            let days = p.days.unwrap_or(0);
            (
                tm::subject_contract_ending(company, days, date),
                tm::body_contract_ending(company, days, date),
                None,
                tm::OPEN_CONTRACT,
            )
        }
        Kind::ContractTerminated => (
            tm::subject_contract_terminated(company, date),
            tm::body_contract_terminated(company, date),
            reason(tm::REASON_LABEL),
            tm::OPEN_CONTRACT,
        ),
        Kind::WeekRejected => (
            tm::subject_week_rejected(week, company),
            tm::body_week_rejected(actor, week, company),
            reason(tm::REASON_LABEL),
            tm::OPEN_WEEK,
        ),
        Kind::WeekSubmitted => (
            tm::subject_week_submitted(week, company),
            tm::body_week_submitted(actor, week, company),
            None,
            tm::OPEN_WEEK,
        ),
        Kind::MovedUp => (
            tm::subject_moved_up(person, company),
            tm::body_moved_up(person, p.seat.unwrap_or(0), company),
            None,
            tm::OPEN_PLACEMENT,
        ),
        Kind::FollowUpDue => (
            tm::subject_follow_up_due(person, company),
            tm::body_follow_up_due(person, company, date),
            None,
            tm::OPEN_PLACEMENT,
        ),
        Kind::ReferralCancelled => (
            tm::subject_referral_cancelled(person, company),
            tm::body_referral_cancelled(person, company),
            None,
            tm::OPEN_PLACEMENT,
        ),
        Kind::AgreementSent => (
            tm::subject_agreement_sent(person, company),
            tm::body_agreement_sent(actor, person, company, version),
            None,
            tm::OPEN_AGREEMENT,
        ),
        Kind::AgreementAnswered => (
            tm::subject_agreement_answered(person, p.reason.is_none()),
            tm::body_agreement_answered(actor, person, company, version, p.reason.is_none()),
            reason(tm::COMMENT_LABEL),
            tm::OPEN_AGREEMENT,
        ),
        Kind::WeekReopened => (
            tm::subject_week_reopened(week, company),
            tm::body_week_reopened(actor, week, company),
            reason(tm::REASON_LABEL),
            tm::OPEN_WEEK,
        ),
        Kind::NoShow => (
            tm::subject_no_show(person, date),
            tm::body_no_show(actor, person, company, date),
            None,
            tm::OPEN_PLACEMENT,
        ),
        Kind::WeekReminder => (
            tm::subject_week_reminder(week),
            tm::body_week_reminder(week),
            None,
            tm::OPEN_HOURS,
        ),
        Kind::Invitation => (
            tm::subject_invitation(company),
            tm::body_invitation(actor, company, date),
            None,
            tm::CHOOSE_PASSWORD,
        ),
        Kind::Digest => (
            tm::subject_digest(p.items.len()),
            tm::BODY_DIGEST.to_string(),
            None,
            tm::OPEN_APP,
        ),
    };
    Parts {
        subject,
        lead,
        quote,
        lines: p
            .items
            .iter()
            .map(|i| (i.text.clone(), i.path.clone()))
            .collect(),
        button,
        path: if p.path.is_empty() {
            "/".into()
        } else {
            p.path.clone()
        },
    }
}

/// The subject line alone (a digest's line for a held mail).
pub fn subject(kind: Kind, p: &Payload) -> String {
    parts(kind, p).subject
}

/// Subject, plain text and HTML of a mail.
pub fn compose(kind: Kind, p: &Payload, ctx: &Context) -> Letter {
    let parts = parts(kind, p);
    let url = |path: &str| format!("{}{}", ctx.base_url, path);
    let link = url(&parts.path);
    let topic = kind.topic().map(|t| t.code()).or(match kind {
        Kind::Digest => Some("digest"),
        _ => None,
    });
    let why = tm::why(topic);
    let topic_label = kind.topic().map(|t| t.label()).unwrap_or("");

    let mut text = format!("{},\n\n{}\n", tm::hello(&ctx.recipient_name), parts.lead);
    if let Some((label, q)) = &parts.quote {
        text.push_str(&format!("\n{label}:\n"));
        for line in q.lines() {
            text.push_str(&format!("> {line}\n"));
        }
    }
    if !parts.lines.is_empty() {
        text.push('\n');
        for (line, path) in &parts.lines {
            text.push_str(&format!("- {line}\n  {}\n", url(path)));
        }
    }
    text.push_str(&format!("\n{}: {link}\n\n-- \n{why}\n", parts.button));
    if kind != Kind::Invitation {
        text.push_str(&tm::change_here(&ctx.settings_url));
        text.push('\n');
    }
    if let Some(u) = &ctx.unsubscribe_url {
        text.push_str(&tm::unsubscribe_here(topic_label, u));
        text.push('\n');
    }
    text.push_str(tm::AUTOMATIC);
    text.push('\n');

    let html = page(&parts, ctx, &link, &url, &why, topic_label, kind).into_string();
    Letter {
        subject: parts.subject,
        text,
        html,
    }
}

/// The HTML part: the app's colours and type, inline styles (mail programs drop style sheets),
/// no images, one button.
fn page(
    parts: &Parts,
    ctx: &Context,
    link: &str,
    url: &dyn Fn(&str) -> String,
    why: &str,
    topic_label: &str,
    kind: Kind,
) -> Markup {
    const FONT: &str = "font-family:'IBM Plex Sans',Arial,sans-serif;";
    html! {
        (DOCTYPE)
        html lang="da" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (parts.subject) }
            }
            body style=(format!("margin:0;padding:0;background:#f5f5f5;color:#1a1a1a;{FONT}")) {
                div style="max-width:600px;margin:0 auto;background:#ffffff;" {
                    div style="background:#0059b3;color:#ffffff;padding:16px 24px;font-size:18px;font-weight:600;" {
                        (tm::SENDER_NAME)
                    }
                    div style="padding:24px;font-size:16px;line-height:1.5;" {
                        p style="margin:0 0 16px;" { (tm::hello(&ctx.recipient_name)) "," }
                        p style="margin:0 0 16px;" { (parts.lead) }
                        @if let Some((label, q)) = &parts.quote {
                            p style="margin:0 0 4px;font-weight:600;" { (label) }
                            blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #0059b3;background:#f2f6fa;white-space:pre-wrap;" { (q) }
                        }
                        @if !parts.lines.is_empty() {
                            ul style="margin:0 0 16px;padding-left:20px;" {
                                @for (line, path) in &parts.lines {
                                    li style="margin:0 0 8px;" {
                                        a href=(url(path)) style="color:#0059b3;" { (line) }
                                    }
                                }
                            }
                        }
                        p style="margin:24px 0;" {
                            a href=(link) style="display:inline-block;background:#0059b3;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:4px;font-weight:600;" {
                                (parts.button)
                            }
                        }
                        p style="margin:0 0 16px;font-size:14px;color:#4d4d4d;word-break:break-all;" {
                            a href=(link) style="color:#0059b3;" { (link) }
                        }
                    }
                    div style="padding:16px 24px;border-top:1px solid #d6d6d6;font-size:13px;color:#4d4d4d;line-height:1.5;" {
                        p style="margin:0 0 8px;" { (why) }
                        @if kind != Kind::Invitation {
                            p style="margin:0 0 8px;" {
                                a href=(ctx.settings_url) style="color:#0059b3;" { (tm::CHANGE_LINK) }
                            }
                        }
                        @if let Some(u) = &ctx.unsubscribe_url {
                            p style="margin:0 0 8px;" {
                                a href=(u) style="color:#0059b3;" { (tm::unsubscribe_link(topic_label)) }
                            }
                        }
                        p style="margin:0;" { (tm::AUTOMATIC) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::model::Item;

    fn ctx() -> Context {
        Context {
            base_url: "https://vc.example.dk".into(),
            recipient_name: "Lene Madsen".into(),
            settings_url: "https://vc.example.dk/account/mail".into(),
            unsubscribe_url: Some("https://vc.example.dk/mail/unsubscribe?t=x".into()),
        }
    }

    #[test]
    fn a_rejected_week_names_the_week_the_company_and_quotes_the_reason() {
        let p = Payload {
            path: "/contracts/c1/hours?week=2027-W09".into(),
            company: Some("Strib Bageri".into()),
            week: Some("uge 9 · 2027".into()),
            actor: Some("Karin Holm".into()),
            reason: Some("Tirsdag mangler.\nSe noten.".into()),
            ..Payload::default()
        };
        let l = compose(Kind::WeekRejected, &p, &ctx());
        assert_eq!(l.subject, "Timer afvist: uge 9 · 2027, Strib Bageri");
        assert!(
            l.text.contains("> Tirsdag mangler.\n> Se noten."),
            "{}",
            l.text
        );
        assert!(l
            .text
            .contains("https://vc.example.dk/contracts/c1/hours?week=2027-W09"));
        assert!(l
            .text
            .contains("https://vc.example.dk/mail/unsubscribe?t=x"));
        assert!(l
            .html
            .contains("href=\"https://vc.example.dk/contracts/c1/hours?week=2027-W09\""));
        assert!(!l.html.contains("<img"), "no images");
        assert!(!l.html.contains("<script"));
    }

    #[test]
    fn markup_in_a_comment_is_escaped_in_the_html_part() {
        let p = Payload {
            company: Some("A & B".into()),
            reason: Some("<b>nej</b>".into()),
            ..Payload::default()
        };
        let l = compose(Kind::ChangesRequested, &p, &ctx());
        assert!(l.html.contains("&lt;b&gt;nej&lt;/b&gt;"));
        assert!(l.html.contains("A &amp; B"));
        assert!(l.text.contains("> <b>nej</b>"), "plain text is plain");
    }

    #[test]
    fn a_digest_lists_its_lines_with_their_links() {
        let p = Payload {
            items: vec![
                Item {
                    text: "Timer afleveret: uge 9 · 2027, Strib Bageri".into(),
                    path: "/contracts/c1/hours?week=2027-W09".into(),
                },
                Item {
                    text: "Timer afleveret: uge 9 · 2027, Materielgården".into(),
                    path: "/contracts/c2/hours?week=2027-W09".into(),
                },
            ],
            ..Payload::default()
        };
        let l = compose(Kind::Digest, &p, &ctx());
        assert_eq!(l.subject, "Daglig oversigt: 2 nye hændelser");
        assert!(l.text.contains("- Timer afleveret: uge 9 · 2027, Materielgården\n  https://vc.example.dk/contracts/c2/hours?week=2027-W09"));
    }
}
