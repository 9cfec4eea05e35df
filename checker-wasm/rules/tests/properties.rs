//! Property tests: whatever the input, the checker answers without panicking and its answers
//! keep the contract's invariants.

use checker_rules::{
    check_eligibility, check_summary, parse_answers, Answers, Date, Degree, Diploma, Outcome,
    Policy,
};
use proptest::prelude::*;

/// Dates weighted towards the edges: month ends, leap days, year ends, the 2001/2022 boundaries.
fn date() -> impl Strategy<Value = Date> {
    let edge = prop_oneof![
        Just((2024, 2, 29)),
        Just((2023, 2, 28)),
        Just((2024, 1, 31)),
        Just((2023, 1, 31)),
        Just((2021, 12, 31)),
        Just((2022, 1, 1)),
        Just((2000, 12, 31)),
        Just((2001, 1, 1)),
        Just((2026, 12, 31)),
        Just((2026, 11, 30)),
        Just((0, 1, 1)),
        Just((1949, 12, 31)),
        Just((1950, 1, 1)),
        Just((9999, 12, 31)),
    ];
    let any_day = (1990i32..=2035, 1u32..=12, 1u32..=31);
    prop_oneof![1 => edge, 4 => any_day]
        // Day 31 of a short month clamps back to a real day.
        .prop_map(|(y, m, d)| {
            (0..4)
                .find_map(|back| Date::from_ymd(y, m, d - back))
                .expect("some day of the month exists")
        })
}

fn diploma() -> impl Strategy<Value = Diploma> {
    prop_oneof![
        Just(Diploma::None),
        Just(Diploma::SecondaryVocational),
        Just(Diploma::JuniorCollege),
        Just(Diploma::Bachelor),
        Just(Diploma::Master),
        Just(Diploma::Doctorate),
    ]
}

fn degree() -> impl Strategy<Value = Degree> {
    prop_oneof![
        Just(Degree::None),
        Just(Degree::Bachelor),
        Just(Degree::SecondBachelor),
        Just(Degree::Master),
        Just(Degree::Doctorate),
    ]
}

fn answers() -> impl Strategy<Value = Answers> {
    (
        (date(), any::<[bool; 3]>(), proptest::option::of(date())),
        (diploma(), degree(), date(), any::<bool>(), date()),
        any::<[bool; 2]>(),
    )
        .prop_map(
            |(
                (application_date, [works, insured, visible], insured_since),
                (diploma, degree, qualification_date, major_matches, work_start_date),
                [licensed_series, has_license],
            )| Answers {
                application_date,
                works_in_suzhou: works,
                insured_in_suzhou: insured,
                insurance_visible: visible,
                insured_since,
                diploma,
                degree,
                qualification_date,
                major_matches,
                work_start_date,
                licensed_series,
                has_license,
            },
        )
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        proptest::sample::subsequence((1u32..=12).collect::<Vec<_>>(), 1..=12),
        2000i32..=2030,
        1u32..=36,
        1u32..=12,
    )
        .prop_map(
            |(intake_months, rules_from_year, internship_months, insurance_proof_months)| Policy {
                intake_months,
                rules_from_year,
                internship_months,
                insurance_proof_months,
                ..Policy::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn eligibility_never_panics_and_keeps_its_invariants(answers in answers(), policy in policy()) {
        let result = match check_eligibility(&answers, &policy) {
            Ok(result) => result,
            Err(error) => {
                // Only three things may fail: a date out of its range, insured_since left out
                // when it is needed, and date arithmetic past year 9999.
                let out_of_range = answers.check_dates().err().as_ref() == Some(&error);
                let missing_insurance =
                    error.field == "insured_since" && !answers.insurance_visible && answers.insured_since.is_none();
                prop_assert!(out_of_range || missing_insurance || error.message.contains("9999"), "{error}");
                return Ok(());
            }
        };
        match result.outcome {
            Outcome::NotEligible | Outcome::Transition => {
                prop_assert!(result.level.is_none());
                prop_assert!(result.eligible_from.is_none());
                prop_assert!(result.intake_month.is_none());
                prop_assert!(result.decision_month.is_none());
                prop_assert!(result.materials.is_empty());
                prop_assert!(!result.reasons.is_empty());
            }
            Outcome::Eligible | Outcome::NotYet => {
                let eligible_from = result.eligible_from.unwrap();
                let intake = result.intake_month.unwrap();
                let decision = result.decision_month.unwrap();
                prop_assert!(result.level.is_some());
                prop_assert_eq!(result.materials.len(), 5);
                prop_assert!(intake >= answers.application_date.year_month());
                prop_assert!(intake >= eligible_from.year_month());
                prop_assert!(policy.is_intake_month(intake.month()));
                prop_assert_eq!(Some(decision), intake.next());
                prop_assert!(eligible_from >= answers.work_start_date);
                prop_assert!(eligible_from >= answers.qualification_date);
                if result.outcome == Outcome::Eligible {
                    prop_assert!(eligible_from <= answers.application_date);
                    prop_assert!(result.reasons.is_empty());
                } else {
                    prop_assert!(eligible_from > answers.application_date);
                    prop_assert!(!result.reasons.is_empty());
                }
            }
        }
    }

    #[test]
    fn parse_answers_never_panics_on_json_ish_input(json in json_ish()) {
        let _ = parse_answers(&json);
    }

    #[test]
    fn parse_answers_never_panics_on_arbitrary_text(text in ".{0,200}") {
        let _ = parse_answers(&mut serde_json::Deserializer::from_str(&text));
    }

    #[test]
    fn parse_answers_never_panics_on_arbitrary_dates(text in "[0-9-]{0,12}|\\PC{0,12}") {
        let mut json: serde_json::Value =
            serde_json::from_str(include_str!("data/bachelor-answers.json")).unwrap();
        json["application_date"] = serde_json::Value::from(text);
        if let Err(error) = parse_answers(&json) {
            prop_assert_eq!(error.field, "application_date");
        }
    }

    #[test]
    fn summary_never_panics_and_counts_consistently(text in any::<String>()) {
        let result = check_summary(&text, &Policy::default());
        let in_words: usize = text
            .split(|c: char| c.is_whitespace() || checker_rules::summary::is_asian(c))
            .map(|run| run.chars().count())
            .sum();
        prop_assert_eq!(result.asian_chars + in_words, result.chars_no_spaces);
        prop_assert!(result.chars_with_spaces >= result.chars_no_spaces);
        prop_assert_eq!(result.words, result.asian_chars + result.non_asian_words);
        prop_assert!(result.chars_with_spaces <= text.chars().count());
        prop_assert_eq!(result.meets_minimum, result.words >= 800);
    }

    #[test]
    fn white_space_between_asian_chars_never_changes_words(
        text in "[a-z0-9 中文字符、。，Ａ\\n]{0,40}",
        space in prop_oneof![Just(" "), Just("\u{3000}"), Just("\t"), Just("\n"), Just("\r\n")],
    ) {
        let before = check_summary(&text, &Policy::default());
        let mut spaced = String::new();
        let mut previous_asian = false;
        for c in text.chars() {
            let asian = checker_rules::summary::is_asian(c);
            if asian && previous_asian {
                spaced.push_str(space);
            }
            spaced.push(c);
            previous_asian = asian;
        }
        let after = check_summary(&spaced, &Policy::default());
        prop_assert_eq!(before.words, after.words);
        prop_assert_eq!(before.chars_no_spaces, after.chars_no_spaces);
    }

    #[test]
    fn summary_handles_arbitrary_unicode_scalars(chars in proptest::collection::vec(any::<char>(), 0..300)) {
        let text: String = chars.into_iter().collect();
        let result = check_summary(&text, &Policy::default());
        prop_assert!(result.words <= result.chars_no_spaces);
    }
}

/// JSON values shaped roughly like answers: right keys with wrong values, wrong keys, nesting.
fn json_ish() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("none"),
            Just("bachelor"),
            Just("master"),
            Just("doctorate"),
            Just("junior_college"),
            Just("second_bachelor"),
            Just("phd"),
        ]
        .prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    let key = prop_oneof![
        Just("application_date".to_owned()),
        Just("works_in_suzhou".to_owned()),
        Just("insured_in_suzhou".to_owned()),
        Just("insurance_visible".to_owned()),
        Just("insured_since".to_owned()),
        Just("diploma".to_owned()),
        Just("degree".to_owned()),
        Just("qualification_date".to_owned()),
        Just("major_matches".to_owned()),
        Just("work_start_date".to_owned()),
        Just("licensed_series".to_owned()),
        Just("has_license".to_owned()),
        "[a-z_]{1,8}",
    ];
    leaf.prop_recursive(3, 40, 14, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(key.clone(), inner, 0..14)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}
