//! Dates, months and the intake calendar.
//!
//! Dates are read and written as `YYYY-MM-DD` and months as `YYYY-MM` by hand: chrono's own
//! parsing and formatting machinery would cost more bytes in the browser than the whole rule set.
//! The calendar itself (month lengths, leap years, clamping to a month's end, day counts) is
//! the few lines below rather than chrono, whose tables and panics cost about 1 KB of gzipped
//! wasm; a property test checks it against chrono day by day (`calendar/tests.rs`).
//!
//! A [`Date`] always has a four-digit year (0000–9999), so it always prints in ten characters;
//! arithmetic that would leave that range returns `None` instead of guessing.

use core::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

const LAST_YEAR: i32 = 9999;

/// A calendar date with a four-digit year. The fields are in order of significance, so the
/// derived order is the calendar's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

/// The number of days of `month` (1–12) in `year` (proleptic Gregorian leap years); 0 for a
/// month that does not exist.
const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 0000-03-01 to `date` (Howard Hinnant's `days_from_civil`, with the year starting
/// in March so that the leap day is the year's last).
fn day_number(date: Date) -> i64 {
    let year = i64::from(date.year) - i64::from(date.month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(date.month);
    let day_of_year =
        (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(date.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era
}

impl Date {
    /// 1950-01-01: no answer of someone applying now lies before it (see `answers::check_date`).
    pub const EARLIEST: Self = Self::constant(1950, 1, 1);
    /// 9999-12-31, the last day with a four-digit year.
    pub const LAST: Self = Self::constant(LAST_YEAR, 12, 31);

    /// For the constants above, which exist (checked by a test); evaluated at compile time.
    const fn constant(year: i32, month: u32, day: u32) -> Self {
        Self { year, month, day }
    }

    /// The date, if it exists and its year has four digits.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(0..=LAST_YEAR).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day })
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
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    /// The same day `months` months later, clamped to the end of a shorter month:
    /// 2024-01-31 + 1 month = 2024-02-29, 2024-02-29 + 12 months = 2025-02-28.
    pub fn add_months(self, months: u32) -> Option<Self> {
        let month = YearMonth::from_ordinal(self.year_month().ordinal() + i64::from(months))?;
        let day = self.day.min(days_in_month(month.year, month.month));
        Self::from_ymd(month.year, month.month, day)
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

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        day_number(later) - day_number(self)
    }

    /// The date as eight ASCII digits, `YYYYMMDD` (iCalendar's DATE form).
    pub fn compact(self) -> String {
        let [y1, y2, y3, y4, _, m1, m2, _, d1, d2] = self.to_bytes();
        ascii(&[y1, y2, y3, y4, m1, m2, d1, d2])
    }

    /// `YYYY-MM-DD`, as Display writes it, without a formatter (the browser build writes
    /// dates this way).
    pub fn iso(self) -> String {
        ascii(&self.to_bytes())
    }

    /// The date as Chinese text for messages: `2026年7月1日`.
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year(), self.month(), self.day())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&ascii(&self.to_bytes()))
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

    /// `YYYY-MM`, as Display writes it, without a formatter.
    pub fn iso(self) -> String {
        ascii(&self.to_bytes())
    }

    /// The month as Chinese text for messages: `2026年7月`.
    pub fn chinese(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    /// The first day of the month.
    pub fn first_day(self) -> Option<Date> {
        Date::from_ymd(self.year, self.month, 1)
    }

    /// The last day of the month (`None` only for December 9999's successor arithmetic).
    pub fn last_day(self) -> Option<Date> {
        self.next()?.first_day()?;
        Date::from_ymd(self.year, self.month, days_in_month(self.year, self.month))
    }

    fn to_bytes(self) -> [u8; 7] {
        let [y1, y2, y3, y4] = four_digits(self.year);
        let [m1, m2] = two_digits(self.month);
        [y1, y2, y3, y4, b'-', m1, m2]
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&ascii(&self.to_bytes()))
    }
}

impl YearMonth {
    /// Parses exactly `YYYY-MM` (seven ASCII characters, zero-padded), as `<input type="month">`
    /// gives it. `2024/07`, `2024-7` and `2024-13` are rejected.
    pub fn parse(text: &str) -> Option<Self> {
        let [y1, y2, y3, y4, b'-', m1, m2] = <[u8; 7]>::try_from(text.as_bytes()).ok()? else {
            return None;
        };
        let year = decimal(&[y1, y2, y3, y4])?;
        Self::new(i32::try_from(year).ok()?, decimal(&[m1, m2])?)
    }

    /// Months since January of year 0: consecutive months have consecutive ordinals.
    pub fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The month with that ordinal, if its year has four digits.
    pub fn from_ordinal(ordinal: i64) -> Option<Self> {
        let year = i32::try_from(ordinal.div_euclid(12)).ok()?;
        let month = u32::try_from(ordinal.rem_euclid(12) + 1).ok()?;
        Self::new(year, month)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MonthVisitor;

        impl de::Visitor<'_> for MonthVisitor {
            type Value = YearMonth;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a month written \"YYYY-MM\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<YearMonth, E> {
                YearMonth::parse(text)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_str(MonthVisitor)
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

/// The bytes written by `to_bytes` (ASCII digits and dashes) as text: a char each, which needs
/// none of `str::from_utf8`'s validation (0.7 KB of the browser's wasm).
fn ascii(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| char::from(byte)).collect()
}

#[cfg(test)]
mod tests;
