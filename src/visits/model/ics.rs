//! A calendar feed as iCalendar (RFC 5545), written with the `icalendar` crate: whole-day events
//! for starts, ends, follow-ups and visits without a time; timed visits in Europe/Copenhagen
//! (`TZID`, with the zone's `VTIMEZONE` so every client reads summer time alike). Titles carry
//! the person's first name only and never a CPR number; each event's `UID` is stable, so a
//! subscribed calendar updates an event rather than adding it again.

use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, Event, EventLike};

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
    // The parser reads the constant above; should it ever refuse it, the feed is still valid
    // without the zone (clients know Europe/Copenhagen by name).
    if let Ok(zone) = CalendarComponent::from_str(VTIMEZONE) {
        cal.push(zone);
    }
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
    cal.done().to_string()
}
