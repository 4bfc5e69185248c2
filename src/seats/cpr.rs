//! CPR numbers: parsing by the date and century rule. Modulus 11 is never checked (valid numbers
//! without it exist since 2007). A `Cpr` never prints itself: `Debug` and `Display` are masked.

use chrono::NaiveDate;

use crate::texts::seats as t;

/// A validated CPR number (ten digits). Its full value is reached only through `digits()`.
#[derive(Clone, PartialEq, Eq)]
pub struct Cpr {
    digits: String,
    birth_date: NaiveDate,
}

impl std::fmt::Debug for Cpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

impl std::fmt::Display for Cpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

/// The century of a CPR number from its 7th digit and its two-digit year.
fn full_year(yy: i32, seventh: u32) -> i32 {
    match seventh {
        0..=3 => 1900 + yy,
        4 | 9 => {
            if yy <= 36 {
                2000 + yy
            } else {
                1900 + yy
            }
        }
        _ => {
            // 5–8
            if yy <= 57 {
                2000 + yy
            } else {
                1800 + yy
            }
        }
    }
}

impl Cpr {
    /// Parses "DDMMYY-SSSS" or "DDMMYYSSSS" (spaces allowed). `today` bounds the birth date.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Cpr, String> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(crate::texts::REQUIRED.into());
        }
        if compact.len() != 10 || !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(t::CPR_FORMAT.into());
        }
        let num = |a: usize, b: usize| compact[a..b].parse::<u32>().unwrap_or(0);
        let (dd, mm, yy) = (num(0, 2), num(2, 4), num(4, 6) as i32);
        let seventh = compact.as_bytes()[6] - b'0';
        let year = full_year(yy, u32::from(seventh));
        let birth_date = NaiveDate::from_ymd_opt(year, mm, dd)
            .ok_or_else(|| t::CPR_NO_SUCH_BIRTH_DATE.to_string())?;
        if birth_date > today {
            return Err(t::CPR_BORN_IN_FUTURE.into());
        }
        Ok(Cpr {
            digits: compact,
            birth_date,
        })
    }

    /// The ten digits: for encryption and the keyed hash only, never for display or logs.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// "DDMMYY-XXXX".
    pub fn masked(&self) -> String {
        format!("{}-XXXX", &self.digits[..6])
    }

    /// "DDMMYY-SSSS", for a consultant who opens the person.
    pub fn formatted(&self) -> String {
        format!("{}-{}", &self.digits[..6], &self.digits[6..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).expect("date")
    }

    fn year_of(cpr: &str) -> i32 {
        use chrono::Datelike;
        Cpr::parse(cpr, today()).expect(cpr).birth_date().year()
    }

    #[test]
    fn century_table() {
        // 7th digit 0–3: 1900s.
        assert_eq!(year_of("010180-0000"), 1980);
        assert_eq!(year_of("010120-3000"), 1920);
        // 4 and 9: 2000–2036 if YY ≤ 36, else 1900s.
        assert_eq!(year_of("010110-4000"), 2010);
        assert_eq!(year_of("010126-9000"), 2026);
        assert!(
            Cpr::parse("010136-9000", today()).is_err(),
            "2036 has not come"
        );
        assert_eq!(year_of("010137-4000"), 1937);
        assert_eq!(year_of("010199-9000"), 1999);
        // 5–8: 2000–2057 if YY ≤ 57, else 1858–1899.
        assert_eq!(year_of("010105-5000"), 2005);
        assert_eq!(year_of("010158-8000"), 1858);
        assert_eq!(year_of("010199-6000"), 1899);
    }

    #[test]
    fn dates_must_exist_and_not_lie_ahead() {
        assert!(
            Cpr::parse("290200-4000", today()).is_ok(),
            "29 February 2000"
        );
        assert!(
            Cpr::parse("290201-4000", today()).is_err(),
            "no 29 February 2001"
        );
        assert!(
            Cpr::parse("290296-1234", today()).is_ok(),
            "29 February 1996"
        );
        assert!(Cpr::parse("310411-1234", today()).is_err(), "no 31 April");
        assert!(
            Cpr::parse("010130-4000", today()).is_err(),
            "2030 is in the future"
        );
        assert!(Cpr::parse("321210-1234", today()).is_err());
    }

    #[test]
    fn modulus_11_never_rejects_and_formats_are_strict() {
        // 070761-4285 fails modulus 11 but is a valid number.
        assert!(Cpr::parse("070761-4285", today()).is_ok());
        assert!(Cpr::parse("0707614285", today()).is_ok());
        assert!(Cpr::parse("070761-428", today()).is_err());
        assert!(Cpr::parse("07076a-4285", today()).is_err());
        assert!(Cpr::parse("", today()).is_err());
    }

    #[test]
    fn a_cpr_never_prints_in_full() {
        let c = Cpr::parse("070761-4285", today()).expect("valid");
        assert_eq!(c.masked(), "070761-XXXX");
        assert_eq!(format!("{c}"), "070761-XXXX");
        assert_eq!(format!("{c:?}"), "Cpr(070761-XXXX)");
        assert!(!format!("{c:?}").contains("4285"));
        assert_eq!(c.formatted(), "070761-4285");
    }
}
