//! Dates, months and the intake calendar.
//!
//! Dates are read and written as `YYYY-MM-DD` and months as `YYYY-MM` by hand: chrono's own
//! parsing and formatting machinery would cost more bytes in the browser than the whole rule set.
//! chrono does the calendar itself (month lengths, leap years, clamping to a month's end).
//!
//! A [`Date`] always has a four-digit year (0000–9999), so it always prints in ten characters;
//! arithmetic that would leave that range returns `None` instead of guessing.

use core::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

const LAST_YEAR: i32 = 9999;

/// A calendar date with a four-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// 1950-01-01: no answer of someone applying now lies before it (see `answers::check_date`).
    pub const EARLIEST: Self = Self::constant(1950, 1, 1);
    /// 9999-12-31, the last day with a four-digit year.
    pub const LAST: Self = Self::constant(LAST_YEAR, 12, 31);

    /// For the constants above, which exist (checked by a test); evaluated at compile time.
    const fn constant(year: i32, month: u32, day: u32) -> Self {
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(date) => Self(date),
            None => Self(NaiveDate::MIN),
        }
    }

    /// The date, if it exists and its year has four digits.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(0..=LAST_YEAR).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }

    /// Parses exactly `YYYY-MM-DD` (ten ASCII characters, zero-padded) naming a real day.
    /// `2023-2-3`, `2023-02-30`, `2023-02-03T00:00` and ` 2023-02-03` are all rejected.
    pub fn parse(text: &str) -> Option<Self> {
        let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] =
            <[u8; 10]>::try_from(text.as_bytes()).ok()?
        else {
            return None;
        };
        let year = decimal(&[y1, y2, y3, y4])?;
        let month = decimal(&[m1, m2])?;
        let day = decimal(&[d1, d2])?;
        Self::from_ymd(i32::try_from(year).ok()?, month, day)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u32 {
        self.0.month()
    }

    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// The same day `months` months later, clamped to the end of a shorter month:
    /// 2024-01-31 + 1 month = 2024-02-29, 2024-02-29 + 12 months = 2025-02-28.
    pub fn add_months(self, months: u32) -> Option<Self> {
        let later = self.0.checked_add_months(Months::new(months))?;
        Self::from_ymd(later.year(), later.month(), later.day())
    }

    /// The month this date falls in.
    pub fn year_month(self) -> YearMonth {
        YearMonth {
            year: self.year(),
            month: self.month(),
        }
    }

    /// The date as ten ASCII bytes, `YYYY-MM-DD`.
    fn to_bytes(self) -> [u8; 10] {
        let [y1, y2, y3, y4] = four_digits(self.year());
        let [m1, m2] = two_digits(self.month());
        let [d1, d2] = two_digits(self.day());
        [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]
    }

    /// The date as Chinese text for messages: `2026年7月1日`.
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year(), self.month(), self.day())
    }
}

impl From<Date> for NaiveDate {
    fn from(date: Date) -> Self {
        date.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ascii(&self.to_bytes()))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(ascii(&self.to_bytes()))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl de::Visitor<'_> for DateVisitor {
            type Value = Date;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a real calendar date written \"YYYY-MM-DD\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_str(DateVisitor)
    }
}

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    // Field order matters: the derived ordering compares the year first.
    year: i32,
    month: u32,
}

impl YearMonth {
    /// The month, if `month` is 1–12 and the year has four digits.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((0..=LAST_YEAR).contains(&year) && (1..=12).contains(&month))
            .then_some(Self { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// The following month; December rolls over into January of the next year.
    pub fn next(self) -> Option<Self> {
        if self.month == 12 {
            Self::new(self.year.checked_add(1)?, 1)
        } else {
            Self::new(self.year, self.month + 1)
        }
    }

    /// The month as Chinese text for messages: `2026年7月`.
    pub fn chinese(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    fn to_bytes(self) -> [u8; 7] {
        let [y1, y2, y3, y4] = four_digits(self.year);
        let [m1, m2] = two_digits(self.month);
        [y1, y2, y3, y4, b'-', m1, m2]
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ascii(&self.to_bytes()))
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(ascii(&self.to_bytes()))
    }
}

/// The month in which an application made on `date` (or, if it is not ready yet, first possible
/// on `date`) is taken: the first intake month on or after `date`'s month. A month that is itself
/// an intake month counts, since applications are taken all through it (单月受理).
///
/// `None` when `intake_months` names no month 1–12, or the answer lies past year 9999.
pub fn intake_month(date: Date, intake_months: &[u32]) -> Option<YearMonth> {
    let mut month = date.year_month();
    // Twelve steps visit every month of the year once.
    for _ in 0..12 {
        if intake_months.contains(&month.month) {
            return Some(month);
        }
        month = month.next()?;
    }
    None
}

/// The month the decision comes: the month after the intake month (双月办结).
pub fn decision_month(intake: YearMonth) -> Option<YearMonth> {
    intake.next()
}

/// Reads ASCII decimal digits; `None` if any byte is not a digit.
fn decimal(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// `value` (0–9999) as four ASCII digits.
fn four_digits(value: i32) -> [u8; 4] {
    let value = value.clamp(0, LAST_YEAR).unsigned_abs();
    let [a, b] = two_digits(value / 100);
    let [c, d] = two_digits(value % 100);
    [a, b, c, d]
}

/// `value` (0–99) as two ASCII digits.
fn two_digits(value: u32) -> [u8; 2] {
    let value = value % 100;
    // Both quotient and remainder are < 10, so the casts cannot truncate.
    [b'0' + (value / 10) as u8, b'0' + (value % 10) as u8]
}

/// The bytes written by `to_bytes` are ASCII digits and dashes, hence valid UTF-8.
fn ascii(bytes: &[u8]) -> &str {
    core::str::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn parses_only_strict_real_dates() {
        type Ymd = (i32, u32, u32);
        let cases: &[(&str, Option<Ymd>)] = &[
            ("2024-02-29", Some((2024, 2, 29))),
            ("2000-02-29", Some((2000, 2, 29))),
            ("0000-01-01", Some((0, 1, 1))),
            ("9999-12-31", Some((9999, 12, 31))),
            ("2023-02-29", None),
            ("1900-02-29", None),
            ("2023-02-30", None),
            ("2023-04-31", None),
            ("2023-13-01", None),
            ("2023-00-10", None),
            ("2023-01-00", None),
            ("2023-2-3", None),
            ("2023-02-3", None),
            ("23-02-03", None),
            ("2023/02/03", None),
            ("2023-02-03T00:00", None),
            (" 2023-02-03", None),
            ("2023-02-03 ", None),
            ("+202-02-03", None),
            ("2023-0a-03", None),
            ("２０２３-02-03", None),
            ("", None),
        ];
        for &(text, expected) in cases {
            let parsed = Date::parse(text).map(|d| (d.year(), d.month(), d.day()));
            assert_eq!(parsed, expected, "{text:?}");
        }
    }

    #[test]
    fn prints_iso() {
        assert_eq!(date("2024-02-09").to_string(), "2024-02-09");
        assert_eq!(date("0033-12-01").to_string(), "0033-12-01");
        assert_eq!(date("2024-02-09").year_month().to_string(), "2024-02");
        assert_eq!(date("2026-07-01").chinese(), "2026年7月1日");
        assert_eq!(Date::EARLIEST.to_string(), "1950-01-01");
        assert_eq!(Date::LAST.to_string(), "9999-12-31");
    }

    #[test]
    fn adding_months_clamps_to_the_month_end() {
        let cases = [
            // contract: 2024-01-31 + 1 month = 2024-02-29
            ("2024-01-31", 1, "2024-02-29"),
            ("2023-01-31", 1, "2023-02-28"),
            ("2024-02-29", 12, "2025-02-28"),
            ("2024-02-29", 48, "2028-02-29"),
            ("2023-08-31", 1, "2023-09-30"),
            ("2023-10-31", 3, "2024-01-31"),
            ("2023-11-30", 3, "2024-02-29"),
            // 见习1年期满: the same day a year later
            ("2024-07-15", 12, "2025-07-15"),
            ("2023-12-15", 1, "2024-01-15"),
            ("2024-03-10", 0, "2024-03-10"),
        ];
        for (start, months, expected) in cases {
            assert_eq!(
                date(start).add_months(months),
                Some(date(expected)),
                "{start} + {months}"
            );
        }
        assert_eq!(date("9999-06-01").add_months(12), None);
    }

    #[test]
    fn intake_month_is_the_first_intake_month_on_or_after() {
        let odd = Policy::default().intake_months;
        let cases: &[(&str, &[u32], &str)] = &[
            // 单月受理: an odd month is itself an intake month, all through it
            ("2026-11-26", &odd, "2026-11"),
            ("2026-11-30", &odd, "2026-11"),
            ("2026-07-01", &odd, "2026-07"),
            // an even month waits for the next odd one
            ("2026-08-05", &odd, "2026-09"),
            // December rolls over into January of the next year
            ("2026-12-01", &odd, "2027-01"),
            ("2026-12-31", &odd, "2027-01"),
            // a custom policy that takes applications in December
            ("2026-12-31", &[12], "2026-12"),
            ("2027-01-01", &[12], "2027-12"),
            ("2026-06-15", &[2, 6], "2026-06"),
            ("2026-07-15", &[2, 6], "2027-02"),
        ];
        for &(day, months, expected) in cases {
            let intake = intake_month(date(day), months).unwrap();
            assert_eq!(intake.to_string(), expected, "{day} with {months:?}");
        }
        assert_eq!(intake_month(date("2026-07-15"), &[]), None);
        assert_eq!(intake_month(date("2026-07-15"), &[13]), None);
        assert_eq!(intake_month(date("9999-12-15"), &[1]), None);
    }

    #[test]
    fn decision_month_is_the_month_after() {
        let cases = [
            // 双月办结
            ((2026, 11), "2026-12"),
            ((2026, 1), "2026-02"),
            // intake in December (custom policy) → decision in January of the next year
            ((2026, 12), "2027-01"),
        ];
        for ((year, month), expected) in cases {
            let intake = YearMonth::new(year, month).unwrap();
            assert_eq!(decision_month(intake).unwrap().to_string(), expected);
        }
        assert_eq!(decision_month(YearMonth::new(9999, 12).unwrap()), None);
    }

    #[test]
    fn months_order_by_year_then_month() {
        assert!(YearMonth::new(2026, 12) < YearMonth::new(2027, 1));
        assert!(YearMonth::new(2026, 2) < YearMonth::new(2026, 11));
        assert_eq!(YearMonth::new(2026, 13), None);
        assert_eq!(YearMonth::new(2026, 0), None);
    }

    use crate::policy::Policy;
}
