use super::*;

/// Raw control values by field, and the value the form should hand the checker.
type Row = (
    &'static [(&'static str, &'static str)],
    Option<FormValue<'static>>,
);

fn answers(
    pairs: &'static [(&'static str, &'static str)],
) -> impl Fn(&str) -> Option<&'static str> {
    move |field| {
        pairs
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| *value)
    }
}

fn question(field: &str) -> Question {
    *QUESTIONS
        .iter()
        .find(|q| q.field == field)
        .expect("known question")
}

#[test]
fn the_licence_is_asked_only_for_a_series_with_an_entry_requirement() {
    // 基本条件 2.：有行业准入要求的,应先取得相应有效的执业资格。
    let cases: [Row; 4] = [
        (
            &[("licensed_series", "false")],
            Some(FormValue::Bool(false)),
        ),
        (&[], Some(FormValue::Bool(false))),
        (&[("licensed_series", "true")], None),
        (
            &[("licensed_series", "true"), ("has_license", "true")],
            Some(FormValue::Bool(true)),
        ),
    ];
    for (raw, expected) in cases {
        assert_eq!(
            value_for(&question("has_license"), answers(raw)),
            expected,
            "{raw:?}"
        );
    }
}

#[test]
fn the_start_of_insurance_is_asked_only_when_the_portal_cannot_see_it() {
    // 上传材料 4.：系统后台无法查询到社保缴费信息的人员提供：社保缴费证明
    let cases: [Row; 3] = [
        (&[("insurance_visible", "true")], Some(FormValue::Null)),
        (&[("insurance_visible", "false")], None),
        (
            &[
                ("insurance_visible", "false"),
                ("insured_since", "2026-01-31"),
            ],
            Some(FormValue::Text("2026-01-31")),
        ),
    ];
    for (raw, expected) in cases {
        assert_eq!(
            value_for(&question("insured_since"), answers(raw)),
            expected,
            "{raw:?}"
        );
    }
}

#[test]
fn an_empty_or_odd_control_value_is_unanswered() {
    assert_eq!(
        value_for(&question("diploma"), answers(&[("diploma", "")])),
        None
    );
    assert_eq!(
        value_for(
            &question("works_in_suzhou"),
            answers(&[("works_in_suzhou", "maybe")])
        ),
        None
    );
    assert_eq!(
        value_for(&question("diploma"), answers(&[("diploma", "master")])),
        Some(FormValue::Text("master"))
    );
}

#[test]
fn every_answer_field_of_the_contract_is_a_question_once() {
    let mut fields: Vec<_> = QUESTIONS.iter().map(|q| q.field).collect();
    fields.sort_unstable();
    fields.dedup();
    assert_eq!(fields.len(), QUESTIONS.len());
    assert_eq!(label_of("diploma"), "最高学历");
    assert_eq!(label_of("policy.x"), "policy.x");
}

/// The options of a select, each parsed as the answer enum it stands for.
fn parsed<T: serde::de::DeserializeOwned>(field: &str) -> Vec<T> {
    question(field)
        .options
        .iter()
        .map(|value| {
            serde_json::from_value(serde_json::Value::from(*value))
                .unwrap_or_else(|err| panic!("{field}: `{value}` is not a value ({err})"))
        })
        .collect()
}

#[test]
fn select_options_are_every_value_of_the_answer_enum_once() {
    use crate::answers::{Degree, Diploma};
    // The matches have no wildcard: a new variant stops this test compiling until it is
    // listed here, and then the assertions below ask for it among the page's options.
    let diplomas = [
        Diploma::Doctorate,
        Diploma::Master,
        Diploma::Bachelor,
        Diploma::JuniorCollege,
        Diploma::SecondaryVocational,
        Diploma::None,
    ];
    for diploma in diplomas {
        match diploma {
            Diploma::Doctorate
            | Diploma::Master
            | Diploma::Bachelor
            | Diploma::JuniorCollege
            | Diploma::SecondaryVocational
            | Diploma::None => {}
        }
    }
    let degrees = [
        Degree::Doctorate,
        Degree::Master,
        Degree::SecondBachelor,
        Degree::Bachelor,
        Degree::None,
    ];
    for degree in degrees {
        match degree {
            Degree::Doctorate
            | Degree::Master
            | Degree::SecondBachelor
            | Degree::Bachelor
            | Degree::None => {}
        }
    }
    assert_eq!(parsed::<Diploma>("diploma"), diplomas);
    assert_eq!(parsed::<Degree>("degree"), degrees);
    for question in QUESTIONS {
        let is_select = question.control == Control::Select;
        assert_eq!(
            !question.options.is_empty(),
            is_select,
            "{}",
            question.field
        );
    }
}

#[test]
fn every_question_has_its_own_block_and_control_id() {
    assert_eq!(question("has_license").block_id(), "has_license-question");
    assert_eq!(
        question("insured_since").block_id(),
        "insured_since-question"
    );
    let mut ids: Vec<String> = QUESTIONS
        .iter()
        .flat_map(|q| [q.block_id(), q.control_id()])
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2 * QUESTIONS.len());
}

#[test]
fn unanswered_lists_only_the_questions_the_page_asks() {
    let raw = RawAnswers::read(|field| match field {
        "works_in_suzhou" => Some("true".into()),
        "licensed_series" => Some("false".into()),
        "insurance_visible" => Some("true".into()),
        _ => None,
    });
    let fields: Vec<_> = raw.unanswered().iter().map(|q| q.field).collect();
    // has_license and insured_since are follow-ups not asked for these answers.
    assert_eq!(
        fields,
        [
            "insured_in_suzhou",
            "diploma",
            "degree",
            "qualification_date",
            "major_matches",
            "work_start_date",
            "application_date"
        ]
    );
    assert_eq!(raw.get("works_in_suzhou"), Some("true"));
    assert_eq!(raw.get("diploma"), Some(""));
    assert_eq!(
        question("works_in_suzhou").control_id(),
        "works_in_suzhou-true"
    );
    assert_eq!(question("diploma").control_id(), "diploma");
}

#[test]
fn the_page_words_every_input_error_in_chinese_naming_the_question() {
    let today = Date::parse("2026-11-26").unwrap();
    let cases = [
        // serde's English for a year of five digits; the rules' own range error.
        (
            InputError::new("qualification_date", "invalid value: string \"20255-06-30\""),
            "请检查「取得学历或学位的日期」：请填写1950年1月1日至2036年11月26日之间的日期。",
        ),
        (
            InputError::new("work_start_date", "请填写1950年1月1日至2036年11月26日之间的日期"),
            "请检查「开始从事本专业技术工作的日期」：请填写1950年1月1日至2036年11月26日之间的日期。",
        ),
        (
            InputError::new("diploma", "unknown variant `phd`"),
            "请检查「最高学历」：请重新选择。",
        ),
        (InputError::new("answers", "invalid type"), "请检查您的回答。"),
    ];
    for (error, expected) in cases {
        assert_eq!(applicant_message(&error, None, today), expected);
    }
}

#[test]
fn the_range_of_a_date_follows_the_application_date() {
    let today = Date::parse("2026-11-26").unwrap();
    let application = Date::parse("2030-01-15");
    let error = InputError::new("qualification_date", "…");
    assert!(applicant_message(&error, application, today).contains("至2040年1月15日之间"));
    // The application date itself is counted from today.
    let error = InputError::new("application_date", "…");
    assert_eq!(
        applicant_message(&error, application, today),
        "请检查「查询日期」：请填写1950年1月1日至2036年11月26日之间的日期。"
    );
}
