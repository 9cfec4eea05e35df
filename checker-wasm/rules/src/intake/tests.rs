use super::*;
use crate::answers::{Answers, Degree, Diploma};
use crate::eligibility::check_eligibility;
use crate::text::intake_note;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
}

fn answers(application: &str, work_start: &str) -> Answers {
    Answers {
        application_date: date(application),
        works_in_suzhou: true,
        insured_in_suzhou: true,
        insurance_visible: true,
        insured_since: None,
        diploma: Diploma::Bachelor,
        degree: Degree::Bachelor,
        qualification_date: date("2024-06-30"),
        major_matches: true,
        work_start_date: date(work_start),
        licensed_series: false,
        has_license: false,
    }
}

fn window(application: &str, work_start: &str) -> IntakeWindow {
    let policy = Policy::default();
    let answers = answers(application, work_start);
    let result = check_eligibility(&answers, &policy).unwrap();
    intake_window(&result, answers.application_date, &policy).unwrap()
}

#[test]
fn inside_an_intake_month_the_days_left_count_today_and_the_last_day() {
    let w = window("2026-11-26", "2024-07-15");
    assert_eq!(w.intake.to_string(), "2026-11");
    assert_eq!(w.days_left, Some(5));
    assert!(!w.ready_inside);
    assert_eq!(w.next.to_string(), "2027-01");
    assert_eq!(
        intake_note(&w),
        "本期受理到11月底，还剩5天；错过本期，下一期是2027年1月。"
    );
    // The last day itself: one day left.
    assert_eq!(window("2026-11-30", "2024-07-15").days_left, Some(1));
}

#[test]
fn an_intake_still_to_come_gives_its_end_and_the_next() {
    let w = window("2026-10-10", "2024-07-15");
    assert_eq!(w.days_left, None);
    assert_eq!(
        intake_note(&w),
        "2026年11月整月受理，到2026年11月30日截止；错过的话，下一期是2027年1月。"
    );
}

#[test]
fn ready_late_in_an_intake_month_is_said() {
    // 见习 from 2025-07-27 ends 2026-07-27: four days of the July intake are left then.
    let w = window("2026-03-01", "2025-07-27");
    assert_eq!(w.intake.to_string(), "2026-07");
    assert!(w.ready_inside);
    assert_eq!(w.days_left, Some(5));
    let note = intake_note(&w);
    assert!(note.contains("2026年7月27日起才满足条件"), "{note}");
    assert!(note.contains("只剩5天"), "{note}");
    assert!(note.contains("下一期是2026年9月"), "{note}");
}

/// Unfolds an iCalendar text into its logical lines, checking the line rules on the way.
fn unfold(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for physical in ics.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(!physical.contains('\n') && !physical.contains('\r'));
        assert!(
            physical.len() <= 75,
            "{} octets: {physical}",
            physical.len()
        );
        match physical.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

#[test]
fn the_calendar_entry_is_rfc_5545() {
    let intake = YearMonth::new(2027, 7).unwrap();
    let summary =
        "职称初定申报受理期（2027年7月），请在本月内通过江苏人社网办大厅提交申报；仅支持谷歌浏览器";
    let ics = intake_ics(intake, date("2026-03-01"), summary, "a\\b\nc").unwrap();
    let lines = unfold(&ics);
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//suzhou-title-guide//checker//ZH",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        "UID:intake-20270701@suzhou-title-guide",
        "DTSTAMP:20260301T000000Z",
        "DTSTART;VALUE=DATE:20270701",
        "DTEND;VALUE=DATE:20270801",
        "SUMMARY:职称初定申报受理期（2027年7月）\\，请在本月内通过江苏人社网办大厅提交申报\\；仅支持谷歌浏览器",
        "DESCRIPTION:a\\\\b\\nc",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ];
    // ，and ； are full-width: only ASCII , ; need escaping.
    let expected: Vec<String> = expected
        .iter()
        .map(|l| l.replace("\\，", "，").replace("\\；", "；"))
        .collect();
    assert_eq!(lines, expected);
    // The long summary was folded, never inside a character.
    assert!(ics.contains("\r\n "));
    assert!(ics.is_char_boundary(ics.len()));
}

#[test]
fn a_december_intake_ends_on_the_first_of_january() {
    let ics = intake_ics(
        YearMonth::new(2026, 12).unwrap(),
        date("2026-11-01"),
        "x,y;z",
        "",
    )
    .unwrap();
    let lines = unfold(&ics);
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20261201".to_string()));
    assert!(lines.contains(&"DTEND;VALUE=DATE:20270101".to_string()));
    assert!(lines.contains(&"SUMMARY:x\\,y\\;z".to_string()));
}

#[test]
fn folding_keeps_every_line_within_75_octets_for_any_text() {
    let text: String = "受理期，a;b,".repeat(40);
    let ics = intake_ics(
        YearMonth::new(2027, 1).unwrap(),
        date("2026-01-01"),
        &text,
        &text,
    )
    .unwrap();
    let lines = unfold(&ics);
    assert!(lines.iter().any(|l| l.starts_with("SUMMARY:受理期")));
}
