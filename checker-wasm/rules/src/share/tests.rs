use proptest::prelude::*;

use super::*;

fn raw(pairs: &[(&str, &str)]) -> RawAnswers {
    RawAnswers::read(|field| {
        pairs
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.to_string())
    })
}

fn example() -> RawAnswers {
    raw(&[
        ("works_in_suzhou", "true"),
        ("insured_in_suzhou", "true"),
        ("diploma", "bachelor"),
        ("degree", "bachelor"),
        ("qualification_date", "2024-06-30"),
        ("major_matches", "true"),
        ("work_start_date", "2024-07-15"),
        ("licensed_series", "false"),
        ("insurance_visible", "false"),
        ("insured_since", "2026-01-05"),
        ("application_date", "2026-03-01"),
    ])
}

#[test]
fn the_format_is_compact_and_versioned() {
    let fragment = encode(&example());
    assert_eq!(fragment, "v1.1123202406301202407150-02026010520260301");
    assert_eq!(decode(&fragment), Ok(example()));
    assert_eq!(decode(&format!("#{fragment}")), Ok(example()));
    // Only characters a URL fragment takes as they are.
    assert!(fragment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
}

#[test]
fn an_empty_form_round_trips() {
    let empty = raw(&[]);
    assert_eq!(encode(&empty), "v1.------------");
    assert_eq!(decode("v1.------------"), Ok(empty));
}

#[test]
fn other_versions_and_damage_are_refused() {
    let good = encode(&example());
    assert_eq!(decode("v2.11"), Err(ShareError::OtherVersion));
    assert_eq!(decode("v0.abc"), Err(ShareError::OtherVersion));
    for bad in [
        "",
        "#",
        "v1",
        "v1.",
        "answers",
        "vx.11",
        &good[..good.len() - 1],
        &format!("{good}0"),
        // diploma 9: no such option
        "v1.1192202406301202407150-02026010520260301",
        // 2024-02-30 is no day
        "v1.1122202402301202407150-02026010520260301",
        // a radio that is neither 1 nor 0
        "v1.x122202406301202407150-02026010520260301",
        "v1.11222024０6301202407150-02026010520260301",
    ] {
        assert_eq!(decode(bad), Err(ShareError::Damaged), "{bad:?}");
    }
}

#[test]
fn values_the_form_cannot_hold_are_written_as_unanswered() {
    let odd = raw(&[
        ("works_in_suzhou", "maybe"),
        ("diploma", "phd"),
        ("qualification_date", "2024-6-30"),
    ]);
    assert_eq!(encode(&odd), "v1.------------");
}

fn choice() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("true".into()),
        Just("false".into())
    ]
}

fn option_of(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        proptest::sample::select(options).prop_map(str::to_string)
    ]
}

fn day() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (0i32..=9999, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
            Date::from_ymd(y, m, d.min(28))
                .map(|date| date.to_string())
                .unwrap_or_default()
        })
    ]
}

fn any_form() -> impl Strategy<Value = RawAnswers> {
    let values: Vec<BoxedStrategy<String>> = QUESTIONS
        .iter()
        .map(|question| match question.control {
            Control::Choice => choice().boxed(),
            Control::Select => option_of(question.options).boxed(),
            Control::Date => day().boxed(),
        })
        .collect();
    values.prop_map(|values| {
        RawAnswers::read(|field| {
            QUESTIONS
                .iter()
                .position(|q| q.field == field)
                .and_then(|i| values.get(i).cloned())
        })
    })
}

proptest! {
    #[test]
    fn every_form_round_trips(form in any_form()) {
        prop_assert_eq!(decode(&encode(&form)), Ok(form));
    }

    #[test]
    fn any_text_decodes_or_is_refused_without_panicking(text in "\\PC{0,60}") {
        let _ = decode(&text);
    }

    #[test]
    fn a_changed_character_is_refused_or_still_a_valid_form(
        form in any_form(),
        at in 0usize..60,
        with in proptest::char::any(),
    ) {
        let fragment = encode(&form);
        let mut chars: Vec<char> = fragment.chars().collect();
        let at = at % chars.len();
        chars[at] = with;
        let changed: String = chars.into_iter().collect();
        if let Ok(decoded) = decode(&changed) {
            // Whatever is accepted re-encodes to exactly what was read.
            prop_assert_eq!(encode(&decoded), changed);
        }
    }
}
