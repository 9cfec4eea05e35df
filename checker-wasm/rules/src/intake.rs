//! The intake month told for the applicant's dates: how long this intake still runs, the next one
//! after it, and a calendar entry (an iCalendar file, RFC 5545) for the whole intake month.
//!
//! 受理时间为一年六期：单月受理，双月办结 — applications are taken all through an intake month.

use crate::calendar::{intake_month, Date, YearMonth};
use crate::eligibility::EligibilityResult;
use crate::policy::Policy;

/// The intake month of a result, with the dates the page tells the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeWindow {
    pub intake: YearMonth,
    /// The later of the application date and `eligible_from`: the first day one could apply.
    pub from: Date,
    /// The intake's last day (受理到月底).
    pub last_day: Date,
    /// Days from the later of the application date and `eligible_from` to the month's end, both
    /// counted, when that day lies inside the intake month (the intake is under way then).
    pub days_left: Option<i64>,
    /// The conditions are met only inside the intake month, after the application date.
    pub ready_inside: bool,
    /// The intake after this one.
    pub next: YearMonth,
}

/// The window of `result`'s intake month, seen from `application` (the 查询日期); `None` when the
/// result has no intake month.
pub fn intake_window(
    result: &EligibilityResult,
    application: Date,
    policy: &Policy,
) -> Option<IntakeWindow> {
    let intake = result.intake_month?;
    let last_day = intake.last_day()?;
    let from = result
        .eligible_from
        .map_or(application, |ready| ready.max(application));
    let inside = from.year_month() == intake;
    let next = intake_month(intake.next()?.first_day()?, &policy.intake_months)?;
    Some(IntakeWindow {
        intake,
        from,
        last_day,
        days_left: inside.then(|| from.days_until(last_day) + 1),
        ready_inside: inside && from > application,
        next,
    })
}

/// An all-day event over the whole intake month, as an iCalendar file: CRLF line ends, lines
/// folded at 75 octets, `UID` stable per month (importing twice updates rather than duplicates),
/// `DTSTAMP` at midnight UTC of `stamp` (the device's date), `DTEND` the exclusive end (the first
/// day of the next month). `summary` and `description` are plain text and are escaped here.
pub fn intake_ics(
    intake: YearMonth,
    stamp: Date,
    summary: &str,
    description: &str,
) -> Option<String> {
    let start = intake.first_day()?;
    let end = intake.next()?.first_day()?;
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//suzhou-title-guide//checker//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:intake-{}@suzhou-title-guide", start.compact()),
        format!("DTSTAMP:{}T000000Z", stamp.compact()),
        format!("DTSTART;VALUE=DATE:{}", start.compact()),
        format!("DTEND;VALUE=DATE:{}", end.compact()),
        format!("SUMMARY:{}", escape(summary)),
        format!("DESCRIPTION:{}", escape(description)),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ] {
        fold(&mut out, &line);
    }
    Some(out)
}

/// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Appends `line` folded into lines of at most 75 octets (continuations start with a space),
/// never splitting a character, each ended by CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests;
