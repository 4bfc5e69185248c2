//! Danish formats: dates dd-mm-åååå, ISO weeks "uge 23", amounts "1.234,50 kr.",
//! percentages "22,8 pct.", and a sort key that puts æ, ø, å after z.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::texts as t;

/// "31-03-2011".
pub fn date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// "31. marts 2011".
pub fn date_long(d: NaiveDate) -> String {
    format!(
        "{}. {} {}",
        d.day(),
        t::MONTHS[d.month0() as usize],
        d.year()
    )
}

/// A stored (UTC) time in Danish time: "31-03-2011 14:05".
pub fn datetime(t: NaiveDateTime) -> String {
    crate::clock::danish_time(t)
        .format("%d-%m-%Y %H:%M")
        .to_string()
}

/// A stored (UTC) time in Danish time with its zone, for prints: "31-03-2011 14:05 CEST".
pub fn datetime_zoned(t: NaiveDateTime) -> String {
    crate::clock::danish_time(t)
        .format("%d-%m-%Y %H:%M %Z")
        .to_string()
}

/// Parses "31-03-2011" (also "31.03.2011", "31/03/2011") or ISO "2011-03-31", for years
/// 1800 to 2200 (farther dates are typing errors, and would overflow date arithmetic).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| sane_date(*d))
}

/// Whether a date lies in the years the system deals with (1800–2200).
pub fn sane_date(d: NaiveDate) -> bool {
    (1800..=2200).contains(&d.year())
}

/// Parses a month as the system writes it, "2011-03", into (year, month).
pub fn parse_month(s: &str) -> Result<(i32, u32), String> {
    let bad = || t::MONTH_FORMAT.to_string();
    let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) || !(1900..=2200).contains(&y) || s.trim().len() != 7 {
        return Err(bad());
    }
    Ok((y, m))
}

/// A month written out: "2011-03" is "marts 2011"; anything unreadable is shown as given.
pub fn month(key: &str) -> String {
    match parse_month(key) {
        Ok((y, m)) => format!("{} {y}", t::MONTHS[(m - 1) as usize]),
        Err(_) => key.to_string(),
    }
}

/// A month short, for a chart's axis: "2011-03" is "mar 2011".
pub fn month_short(key: &str) -> String {
    match parse_month(key) {
        Ok((y, m)) => {
            let name = t::MONTHS[(m - 1) as usize];
            format!("{} {y}", name.get(..3).unwrap_or(name))
        }
        Err(_) => key.to_string(),
    }
}

/// The month `delta` months from `key` ("2011-03", -1 is "2011-02"); `None` when `key` is not
/// a month or the result leaves the years a month may have.
pub fn shift_month(key: &str, delta: i32) -> Option<String> {
    let (y, m) = parse_month(key).ok()?;
    let index = y * 12 + (m as i32 - 1) + delta;
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let out = format!("{y}-{m:02}");
    parse_month(&out).ok().map(|_| out)
}

/// "onsdag 03-03-2027".
pub fn weekday_date(d: NaiveDate) -> String {
    format!(
        "{} {}",
        t::weekday(d.weekday().num_days_from_monday()),
        date(d)
    )
}

/// "uge 23" (ISO 8601 week, Monday first).
pub fn week(d: NaiveDate) -> String {
    t::week(d.iso_week().week())
}

/// "uge 53 · 2009": with the ISO week-year, which differs from the calendar year near new year.
pub fn week_with_year(d: NaiveDate) -> String {
    let w = d.iso_week();
    t::week_of_year(w.week(), w.year())
}

/// Groups the digits of a non-negative integer with dots: 1234567 → "1.234.567".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// An integer with Danish grouping: 9000 → "9.000", -1234 → "-1.234".
pub fn integer(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(n.unsigned_abs()))
}

/// Amount in øre as "1.234,50 kr.".
pub fn kroner(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!(
        "{sign}{},{:02} {}",
        group_thousands(abs / 100),
        abs % 100,
        t::UNIT_KRONER
    )
}

/// A number with a fixed count of decimals and a decimal comma: 22.8 → "22,8".
pub fn decimal(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let s = format!("{:.*}", decimals, value.abs());
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let int_val: u64 = int_part.parse().unwrap_or(0);
    let negative = value < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_thousands(int_val));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// A fraction as Danish percent: 0.228 → "22,8 pct." (one decimal; whole numbers without).
pub fn percent(fraction: f64) -> String {
    let pct = fraction * 100.0;
    let rounded = (pct * 10.0).round() / 10.0;
    if (rounded - rounded.round()).abs() < f64::EPSILON {
        format!("{} {}", decimal(rounded, 0), t::UNIT_PERCENT)
    } else {
        format!("{} {}", decimal(rounded, 1), t::UNIT_PERCENT)
    }
}

/// Minutes as hours with a decimal comma: 90 → "1,5 t", 75 → "1,25 t".
pub fn hours(minutes: i64) -> String {
    let h = minutes as f64 / 60.0;
    let s = decimal(h, 2);
    let s = s.trim_end_matches('0').trim_end_matches(',').to_string();
    format!("{s} {}", t::UNIT_HOURS)
}

/// Splits "1.234,56" (Danish) or "1234.56" into whole and hundredths; `None` if unreadable.
fn parse_decimal_2(input: &str) -> Option<(i64, i64)> {
    let s = input.trim().replace(' ', "");
    if s.is_empty() || s.starts_with('-') {
        return None;
    }
    // A comma is the decimal mark; dots are then thousands separators. Without a comma a single
    // dot followed by one or two digits is read as a decimal mark.
    let (whole, frac) = if let Some((w, f)) = s.split_once(',') {
        (w.replace('.', ""), f.to_string())
    } else {
        match s.rsplit_once('.') {
            Some((w, f)) if f.len() <= 2 && !w.contains('.') => (w.to_string(), f.to_string()),
            _ => (s.replace('.', ""), String::new()),
        }
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
    {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some((w, f))
}

/// Kroner as typed ("1.234,50", "200", "200.5") to øre.
pub fn parse_kroner(input: &str) -> Result<i64, String> {
    let (w, f) = parse_decimal_2(input).ok_or_else(|| t::AMOUNT_FORMAT.to_string())?;
    w.checked_mul(100)
        .and_then(|o| o.checked_add(f))
        .filter(|o| *o <= 100_000_000_000)
        .ok_or_else(|| t::AMOUNT_TOO_BIG.to_string())
}

/// Hours as typed to minutes: decimal ("2,5", "3", "1,25"), hours and minutes ("1:30") or
/// with a half ("1½", "½").
pub fn parse_hours(input: &str) -> Result<i64, String> {
    let bad = || t::HOURS_FORMAT.to_string();
    let s = input.trim();
    if let Some((h, m)) = s.split_once(':') {
        let digits =
            |x: &str| !x.is_empty() && x.len() <= 5 && x.chars().all(|c| c.is_ascii_digit());
        if !digits(h) || !digits(m) || m.len() != 2 {
            return Err(bad());
        }
        let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if m >= 60 {
            return Err(t::MINUTES_UNDER_60.into());
        }
        if h > 10_000 {
            return Err(t::TOO_LARGE_NUMBER.into());
        }
        return Ok(h * 60 + m);
    }
    if let Some(whole) = s.strip_suffix('½') {
        let whole = whole.trim();
        let w: i64 = if whole.is_empty() {
            0
        } else if whole.chars().all(|c| c.is_ascii_digit()) && whole.len() <= 5 {
            whole.parse().map_err(|_| bad())?
        } else {
            return Err(bad());
        };
        if w > 10_000 {
            return Err(t::TOO_LARGE_NUMBER.into());
        }
        return Ok(w * 60 + 30);
    }
    let (w, f) = parse_decimal_2(input).ok_or_else(bad)?;
    if w > 10_000 {
        return Err(t::TOO_LARGE_NUMBER.into());
    }
    // Rounded to the nearest minute, so every value `hours_input` writes reads back the same.
    Ok(w * 60 + (f * 60 + 50) / 100)
}

/// Øre for an input field: "1234,50" (no grouping, so it reads back the same).
pub fn kroner_input(ore: i64) -> String {
    format!("{},{:02}", ore / 100, (ore % 100).abs())
}

/// Minutes for an input field: "2,5", "3", "1,25".
pub fn hours_input(minutes: i64) -> String {
    let whole = minutes / 60;
    let rest = minutes % 60;
    if rest == 0 {
        whole.to_string()
    } else {
        let hundredths = rest * 100 / 60;
        let frac = format!("{hundredths:02}");
        format!("{whole},{}", frac.trim_end_matches('0'))
    }
}

/// A key that sorts Danish text as Danish dictionaries and Danish Sprognævn do, with a
/// byte-wise (C) collation, so the database can sort and index it on both backends:
/// - lower case;
/// - æ, ø, å after z, in that order (`{`, `|`, `}` follow `z` in ASCII);
/// - "aa" is the old spelling of å and sorts as å (Aabenraa after Ærø and Ølstykke);
/// - ä and ö sort as æ and ø, ü as y, é and è as e (Danish practice for foreign letters).
///
/// Stored keys are kept in `sort_key` columns; a change here needs a migration that rewrites
/// them (see migration 000020).
pub fn sort_key(s: &str) -> String {
    let lower = s.trim().to_lowercase().replace("aa", "å");
    let mut out = String::with_capacity(lower.len());
    for ch in lower.chars() {
        match ch {
            'æ' | 'ä' => out.push('{'),
            'ø' | 'ö' => out.push('|'),
            'å' => out.push('}'),
            'ü' => out.push('y'),
            'é' | 'è' => out.push('e'),
            c => out.push(c),
        }
    }
    out
}

/// A lower-cased form for case-insensitive search on both backends.
pub fn search_norm(s: &str) -> String {
    s.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_are_written_out_and_stepped() {
        assert_eq!(super::month("2011-03"), "marts 2011");
        assert_eq!(super::month_short("2009-06"), "jun 2009");
        assert_eq!(super::month("marts"), "marts");
        assert_eq!(
            super::shift_month("2011-01", -1).as_deref(),
            Some("2010-12")
        );
        assert_eq!(super::shift_month("2010-12", 1).as_deref(), Some("2011-01"));
        assert_eq!(super::shift_month("2011-03", 0).as_deref(), Some("2011-03"));
        assert_eq!(super::shift_month("2200-12", 1), None);
        assert_eq!(super::shift_month("x", 1), None);
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn dates_are_danish() {
        assert_eq!(date(d(2011, 3, 31)), "31-03-2011");
        assert_eq!(date_long(d(2011, 3, 31)), "31. marts 2011");
        assert_eq!(parse_date("31-03-2011"), Some(d(2011, 3, 31)));
        assert_eq!(parse_date("2011-03-31"), Some(d(2011, 3, 31)));
        assert_eq!(parse_date("31-02-2011"), None);
        assert_eq!(parse_date("+262143-12-31"), None);
        assert_eq!(parse_date("-5000-01-01"), None);
    }

    #[test]
    fn weeks_follow_iso_8601() {
        assert_eq!(week(d(2011, 6, 6)), "uge 23");
        // 3 January 2010 is in 2009's week 53.
        assert_eq!(week_with_year(d(2010, 1, 3)), "uge 53 · 2009");
    }

    #[test]
    fn amounts_and_percentages() {
        assert_eq!(kroner(123_450), "1.234,50 kr.");
        assert_eq!(kroner(5), "0,05 kr.");
        assert_eq!(kroner(-100_000_000), "-1.000.000,00 kr.");
        assert_eq!(integer(9000), "9.000");
        assert_eq!(percent(0.228), "22,8 pct.");
        assert_eq!(percent(2.34), "234 pct.");
        assert_eq!(percent(3.636_363), "363,6 pct.");
        assert_eq!(decimal(43.6, 1), "43,6");
        assert_eq!(hours(90), "1,5 t");
        assert_eq!(hours(75), "1,25 t");
        assert_eq!(hours(120), "2 t");
    }

    #[test]
    fn typed_amounts_and_hours() {
        assert_eq!(parse_kroner("1.234,50"), Ok(123_450));
        assert_eq!(parse_kroner("200"), Ok(20_000));
        assert_eq!(parse_kroner("200,5"), Ok(20_050));
        assert_eq!(parse_kroner("200.50"), Ok(20_050));
        assert_eq!(parse_kroner("1.000.000"), Ok(100_000_000));
        assert!(parse_kroner("-5").is_err());
        assert!(parse_kroner("abc").is_err());
        assert!(parse_kroner("1,234").is_err());
        assert_eq!(parse_hours("2,5"), Ok(150));
        // As people write hours (#18.17): hours and minutes, and halves.
        assert_eq!(parse_hours("1:30"), Ok(90));
        assert_eq!(parse_hours("0:45"), Ok(45));
        assert_eq!(parse_hours("1½"), Ok(90));
        assert_eq!(parse_hours("½"), Ok(30));
        assert_eq!(parse_hours(" 2 ½ "), Ok(150));
        assert!(parse_hours("1:75").is_err());
        assert!(parse_hours("1:3").is_err());
        assert!(parse_hours(":30").is_err());
        assert!(parse_hours("x½").is_err());
        assert_eq!(parse_hours("1,25"), Ok(75));
        assert_eq!(parse_hours("3"), Ok(180));
        assert_eq!(kroner_input(123_450), "1234,50");
        assert_eq!(hours_input(150), "2,5");
        assert_eq!(hours_input(75), "1,25");
        assert_eq!(hours_input(180), "3");
        for m in 0..=1440 {
            assert_eq!(parse_hours(&hours_input(m)), Ok(m), "{m}");
        }
    }

    #[test]
    fn danish_letters_sort_after_z() {
        let mut names = vec!["Århus", "Zealand", "Ølstykke", "Ærø", "Assens"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["Assens", "Zealand", "Ærø", "Ølstykke", "Århus"]);
    }

    #[test]
    fn aa_sorts_as_aa_ring() {
        let mut names = vec!["Aabenraa", "Ølstykke", "Assens", "Ærø", "Zealand", "Åbyhøj"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            vec!["Assens", "Zealand", "Ærø", "Ølstykke", "Aabenraa", "Åbyhøj"]
        );
        // Aabenraa and Åbenrå are the same word.
        assert_eq!(sort_key("Aabenraa"), sort_key("Åbenrå"));
        // Foreign letters sort with their Danish neighbours.
        assert!(
            sort_key("Müller") > sort_key("Mortensen") && sort_key("Müller") < sort_key("Møller")
        );
        assert_eq!(sort_key("Andrée"), sort_key("andree"));
    }
}
