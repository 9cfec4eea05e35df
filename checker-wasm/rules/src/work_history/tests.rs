//! Each rule of the FAQ 关于如何填写工作经历, as a table of histories and what the checker says.

use std::collections::BTreeSet;

use super::*;

fn month(text: &str) -> YearMonth {
    YearMonth::parse(text).expect("test month")
}

fn entry(start: &str, end: Option<&str>, unit: &str) -> Entry {
    Entry {
        start: month(start),
        end: end.map(month),
        unit: unit.into(),
        department: String::new(),
        post: String::new(),
    }
}

fn context(graduated: Option<&str>, applying: &str) -> Context {
    Context {
        qualification_date: graduated.map(|d| Date::parse(d).expect("test date")),
        application_date: Date::parse(applying).expect("test date"),
    }
}

/// (what the FAQ says, entries, graduated, applying, problems of the whole, months)
type Case = (
    &'static str,
    Vec<Entry>,
    Option<&'static str>,
    &'static str,
    Vec<Problem>,
    u32,
);

fn cases() -> Vec<Case> {
    use Problem::*;
    vec![
        (
            "起：从毕业后正式从事…专业技术工作开始填写 — one job since graduating, up to now",
            vec![entry("2024-07", None, "甲公司")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![],
            29,
        ),
        (
            "起：从毕业后 — a start before the graduation month",
            vec![entry("2024-05", None, "甲公司")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![BeforeGraduation],
            31,
        ),
        (
            "起：从毕业后 — starting in the graduation month itself is after graduating",
            vec![entry("2024-06", None, "甲公司")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![],
            30,
        ),
        (
            "起 — unknown graduation: nothing to compare with",
            vec![entry("2010-01", None, "甲公司")],
            None,
            "2026-11-27",
            vec![],
            203,
        ),
        (
            "止：指到申报当前为止 — the last job ended before the month of applying",
            vec![entry("2024-07", Some("2026-10"), "甲公司")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![NotUpToDate],
            28,
        ),
        (
            "止：到申报当前为止 — an end in the month of applying is up to date",
            vec![entry("2024-07", Some("2026-11"), "甲公司")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![],
            29,
        ),
        (
            "止：到申报当前为止 — a month after applying is in the future",
            vec![entry("2024-07", Some("2027-01"), "甲公司")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![Future],
            31,
        ),
        (
            "起 — a start after the month of applying",
            vec![entry("2026-12", None, "甲公司")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![Future],
            0,
        ),
        (
            "工作起止时间 — 止 before 起",
            vec![
                entry("2025-03", Some("2024-09"), "甲公司"),
                entry("2024-07", None, "乙公司"),
            ],
            Some("2024-06-30"),
            "2026-11-27",
            vec![EndBeforeStart],
            29,
        ),
        (
            "在何单位 — an entry without its unit",
            vec![entry("2024-07", None, "  ")],
            Some("2024-06-30"),
            "2026-11-27",
            vec![MissingUnit],
            29,
        ),
        (
            "one entry per unit: changing units in one month is a hand-over",
            vec![
                entry("2022-08", Some("2024-03"), "甲公司"),
                entry("2024-03", None, "乙公司"),
            ],
            Some("2022-06-30"),
            "2026-11-27",
            vec![],
            52,
        ),
        (
            "one entry per unit: a new unit before the old one ended overlaps",
            vec![
                entry("2024-03", None, "乙公司"),
                entry("2022-08", Some("2024-05"), "甲公司"),
            ],
            Some("2022-06-30"),
            "2026-11-27",
            vec![Overlap],
            52,
        ),
        (
            "a job inside another job overlaps, and the months are counted once",
            vec![
                entry("2022-08", None, "甲公司"),
                entry("2023-01", Some("2023-06"), "乙公司"),
            ],
            Some("2022-06-30"),
            "2026-11-27",
            vec![Overlap],
            52,
        ),
        (
            "a gap between two jobs is not a problem, and its months are not counted",
            vec![
                entry("2022-08", Some("2023-01"), "甲公司"),
                entry("2023-06", None, "乙公司"),
            ],
            Some("2022-06-30"),
            "2026-11-27",
            vec![],
            6 + 42,
        ),
        (
            "nothing entered yet: nothing to say",
            vec![],
            Some("2022-06-30"),
            "2026-11-27",
            vec![],
            0,
        ),
    ]
}

#[test]
fn each_rule_of_the_faq() {
    for (says, entries, graduated, applying, problems, months) in cases() {
        let result = check_work_history(&entries, &context(graduated, applying));
        assert_eq!(result.problems, problems, "{says}");
        assert_eq!(result.months, months, "{says}");
    }
}

#[test]
fn every_problem_code_has_a_case() {
    use Problem::*;
    let found: BTreeSet<Problem> = cases()
        .into_iter()
        .flat_map(|(_, _, _, _, problems, _)| problems)
        .collect();
    for code in [
        EndBeforeStart,
        Future,
        BeforeGraduation,
        Overlap,
        NotUpToDate,
        MissingUnit,
    ] {
        assert!(found.contains(&code), "no case for {code:?}");
    }
}

#[test]
fn problems_stand_at_the_entry_they_concern() {
    let result = check_work_history(
        &[
            entry("2024-03", None, ""),
            entry("2022-08", Some("2024-05"), "甲公司"),
        ],
        &context(Some("2022-06-30"), "2026-11-27"),
    );
    let [first, second] = result.entries.as_slice() else {
        panic!("two entries: {result:?}");
    };
    assert_eq!(first.entry.unit, "甲公司", "sorted by start");
    assert!(first.problems.is_empty());
    assert_eq!(second.problems, [Problem::Overlap, Problem::MissingUnit]);
    assert_eq!((first.months, second.months), (22, 33));
}

#[test]
fn gaps_name_the_first_and_last_uncovered_month() {
    let result = check_work_history(
        &[
            entry("2022-08", Some("2023-01"), "甲公司"),
            entry("2023-06", Some("2023-12"), "乙公司"),
            entry("2024-02", None, "丙公司"),
        ],
        &context(Some("2022-06-30"), "2026-11-27"),
    );
    let gaps: Vec<(String, String)> = result
        .gaps
        .iter()
        .map(|gap| (gap.from.to_string(), gap.to.to_string()))
        .collect();
    assert_eq!(
        gaps,
        [
            ("2023-02".to_string(), "2023-05".to_string()),
            ("2024-01".to_string(), "2024-01".to_string())
        ]
    );
}

#[test]
fn the_text_is_what_the_form_wants_one_entry_a_line() {
    let mut first = entry("2022-08", Some("2024-03"), "甲公司");
    first.department = "工程部".into();
    first.post = "技术员".into();
    let result = check_work_history(
        &[entry("2024-03", None, "乙公司"), first],
        &context(Some("2022-06-30"), "2026-11-27"),
    );
    assert_eq!(
        result.text,
        "2022年8月—2024年3月 甲公司 工程部 技术员\n2024年3月—至今 乙公司"
    );
    assert_eq!(
        result.first_start.map(|m| m.to_string()).as_deref(),
        Some("2022-08")
    );
}

#[test]
fn errors_name_the_entry_and_field() {
    let entries = serde_json::json!([
        { "start": "2024-07", "end": null, "unit": "甲" },
        { "start": "2024/07", "end": null, "unit": "乙" }
    ]);
    let error = parse_entries(entries).expect_err("a slash is not a month");
    assert_eq!(error.field, "entries[1].start");

    let error = parse_entries(serde_json::json!([{ "end": null }])).expect_err("no start");
    assert_eq!(error.field, "entries[0].start");

    let error = parse_entries(serde_json::json!({})).expect_err("not a list");
    assert_eq!(error.field, "entries");

    let error = parse_context(serde_json::json!({ "qualification_date": null }))
        .expect_err("no application date");
    assert_eq!(error.field, "context.application_date");
}

#[test]
fn texts_are_trimmed_and_may_be_missing_or_null() {
    let entries = parse_entries(serde_json::json!([
        { "start": "2024-07", "unit": "  甲公司 ", "department": null }
    ]))
    .expect("valid");
    assert_eq!(entries[0].unit, "甲公司");
    assert_eq!(entries[0].department, "");
    assert_eq!(entries[0].end, None);
}

#[test]
fn codes_are_the_serialised_names_in_sorted_order() {
    let mut sorted = Problem::ALL;
    sorted.sort();
    assert_eq!(sorted, Problem::ALL, "ALL is in the order problems sort");
    for problem in Problem::ALL {
        assert_eq!(
            serde_json::to_value(problem).expect("serialises"),
            serde_json::Value::from(problem.code())
        );
    }
}

#[test]
fn equal_starts_and_ends_keep_the_order_they_were_entered_in() {
    let entries = vec![
        entry("2025-01", None, "丙"),
        entry("2024-07", Some("2024-12"), "甲"),
        entry("2024-07", Some("2024-12"), "乙"),
        entry("2024-07", None, "丁"),
        entry("2024-07", Some("2024-09"), "戊"),
    ];
    let result = check_work_history(&entries, &context(None, "2026-11-27"));
    let units: Vec<&str> = result
        .entries
        .iter()
        .map(|c| c.entry.unit.as_str())
        .collect();
    assert_eq!(units, ["戊", "甲", "乙", "丁", "丙"]);
}

#[test]
fn a_checked_entry_serialises_flat() {
    let result = check_work_history(&[entry("2024-07", None, "")], &context(None, "2026-11-27"));
    let value = serde_json::to_value(&result.entries[0]).expect("serialises");
    assert_eq!(
        value,
        serde_json::json!({
            "start": "2024-07", "end": null, "unit": "", "department": "", "post": "",
            "months": 29, "problems": ["missing_unit"]
        })
    );
}
