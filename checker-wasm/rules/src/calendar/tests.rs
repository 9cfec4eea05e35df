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

/// The hand-written calendar agrees with chrono's on every day of 1900–2100 and on every 97th
/// day of 0000–9999: which dates exist, day counts, month arithmetic and months' last days.
#[test]
fn the_calendar_agrees_with_chrono() {
    use chrono::{Datelike, Months, NaiveDate};
    let ours = |day: NaiveDate| Date::from_ymd(day.year(), day.month(), day.day());
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");
    let mut day = NaiveDate::from_ymd_opt(0, 1, 1).expect("a date");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date");
    while day <= last {
        let date = ours(day).unwrap_or_else(|| panic!("{day} exists"));
        assert_eq!(
            (date.year(), date.month(), date.day()),
            (day.year(), day.month(), day.day())
        );
        assert_eq!(
            date.days_until(Date::from_ymd(2000, 1, 1).expect("a date")),
            (epoch - day).num_days(),
            "{day}"
        );
        for months in [0, 1, 2, 11, 12, 13, 120] {
            let expected = day.checked_add_months(Months::new(months)).and_then(ours);
            assert_eq!(date.add_months(months), expected, "{day} + {months}");
        }
        let month = date.year_month();
        let next_first = NaiveDate::from_ymd_opt(
            day.year() + i32::from(day.month() == 12),
            day.month() % 12 + 1,
            1,
        );
        let expected_last = next_first
            .filter(|first| first.year() <= 9999)
            .and_then(|first| first.pred_opt())
            .and_then(ours);
        assert_eq!(month.last_day(), expected_last, "{day}");
        assert_eq!(Date::from_ymd(day.year(), day.month(), 32), None);
        let step = if (1900..=2100).contains(&day.year()) {
            1
        } else {
            97
        };
        day = match day.checked_add_days(chrono::Days::new(step)) {
            Some(next) => next,
            None => break,
        };
    }
}
