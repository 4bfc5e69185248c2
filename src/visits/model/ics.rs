//! A calendar feed as iCalendar (RFC 5545), written with the `icalendar` crate: whole-day events
//! for starts, ends, follow-ups and visits without a time; timed visits in Europe/Copenhagen
//! (`TZID`, with the zone's `VTIMEZONE` so every client reads summer time alike). Titles carry
//! the person's first name only and never a CPR number; each event's `UID` is stable, so a
//! subscribed calendar updates an event rather than adding it again.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};

use crate::texts::visits as tv;
use crate::visits::model::{CalEvent, EventKind, VISIT_MINUTES};

/// The zone every timed event is in.
pub const TZID: &str = "Europe/Copenhagen";

/// Europe/Copenhagen as the EU has kept it since 1996: CEST from the last Sunday of March at
/// 02:00, CET from the last Sunday of October at 03:00.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r
TZID:Europe/Copenhagen\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
";

/// The feed of `events`; `base` is the address links start with, `now` the stamp of every
/// event (when the feed was made).
pub fn render(events: &[CalEvent], base: &str, now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name(tv::FEED_NAME)
        .description(tv::FEED_DESCRIPTION)
        .timezone(TZID);
    for e in events {
        let mut ev = Event::new();
        ev.uid(&e.uid()).timestamp(now).summary(&e.title());
        match (e.kind, e.at_minute) {
            (EventKind::Visit, Some(minute)) => {
                let start = e.day.and_hms_opt(0, 0, 0).unwrap_or_default()
                    + Duration::minutes(i64::from(minute));
                let end = start + Duration::minutes(VISIT_MINUTES);
                ev.starts(CalendarDateTime::WithTimezone {
                    date_time: start,
                    tzid: TZID.to_string(),
                })
                .ends(CalendarDateTime::WithTimezone {
                    date_time: end,
                    tzid: TZID.to_string(),
                });
            }
            _ => {
                // A whole day: DTEND is the next day (exclusive).
                ev.starts(e.day).ends(e.day + Duration::days(1));
            }
        }
        let link = match e.kind {
            EventKind::Visit => format!("{base}/placements/{}/visits", e.placement_id),
            _ => format!("{base}/placements/{}", e.placement_id),
        };
        ev.url(&link);
        if e.kind == EventKind::Visit && e.done {
            ev.description(tv::STATE_DONE);
        }
        cal.push(ev.done());
    }
    // The zone goes in as written: the crate gives every component it writes a DTSTAMP and a
    // random UID, which a VTIMEZONE must not have (and a random UID would change every fetch).
    let text = cal.done().to_string();
    let at = text
        .find("BEGIN:VEVENT\r\n")
        .or_else(|| text.find("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn event(kind: EventKind, at_minute: Option<i32>) -> CalEvent {
        CalEvent {
            kind,
            placement_id: "p1".into(),
            seq: (kind == EventKind::Visit).then_some(2),
            day: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            at_minute,
            person: "Anna Marie Jensen".into(),
            company: "Lillebælt Rengøring ApS, Middelfart".into(),
            done: false,
        }
    }

    #[test]
    fn whole_days_timed_visits_and_the_zone() {
        let text = render(
            &[
                event(EventKind::Start, None),
                event(EventKind::Visit, Some(630)),
            ],
            "https://vc.example.dk",
            chrono::Utc::now(),
        );
        println!("{text}");
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n"));
        let zone =
            &text[text.find("BEGIN:VTIMEZONE").unwrap()..text.find("END:VTIMEZONE").unwrap()];
        assert!(!zone.contains("UID") && !zone.contains("DTSTAMP"), "{zone}");
        assert!(
            text.find("END:VTIMEZONE").unwrap() < text.find("BEGIN:VEVENT").unwrap(),
            "the zone before the events"
        );
        // It reads back as a calendar with the zone and both events.
        let cal: icalendar::Calendar = text.parse().unwrap();
        assert_eq!(
            cal.components
                .iter()
                .filter(|c| c.as_event().is_some())
                .count(),
            2
        );
        assert!(text.contains("DTSTART;VALUE=DATE:20260701\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20260702\r\n"));
        assert!(text.contains("DTSTART;TZID=Europe/Copenhagen:20260701T103000\r\n"));
        assert!(text.contains("DTEND;TZID=Europe/Copenhagen:20260701T113000\r\n"));
        assert!(text.contains("UID:visit-p1-2@virksomhedscenter\r\n"));
        // The first name only; a comma in a company's name is escaped.
        assert!(text.contains("Anna"));
        assert!(!text.contains("Jensen") && !text.contains("Marie"));
        assert!(text.contains("ApS\\, Middelfart"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "folded: {line:?}");
        }
    }
}
