//! Which question the page asks next, and what an unanswered follow-up means — apart from the
//! rules (which live in `eligibility`) and from presentation (`view`). Pure, so tested natively.
//!
//! Two questions are follow-ups, as in the guide:
//! - 执业资格 only matters for a series with 行业准入要求 (基本条件 2.); not asked → `has_license: false`;
//! - the start of insurance at the current employer only matters when 网办系统后台无法查询到社保缴费信息
//!   (上传材料 4.); not asked → `insured_since: null`.

use crate::answers::{date_range, latest_date};
use crate::calendar::Date;
use crate::error::InputError;

/// How a question is answered on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Two radios with values `true` / `false`.
    Choice,
    /// A `<select>` of the contract's enum values.
    Select,
    /// An `<input type="date">` (`YYYY-MM-DD`).
    Date,
}

/// One question of the form; `field` is the answer field of the contract and the control's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub field: &'static str,
    pub control: Control,
    /// Short Chinese name of the question, for "还需回答" lists and error messages.
    pub label: &'static str,
}

/// The questions in page order.
pub const QUESTIONS: [Question; 12] = [
    Question {
        field: "works_in_suzhou",
        control: Control::Choice,
        label: "是否在苏州市工作",
    },
    Question {
        field: "insured_in_suzhou",
        control: Control::Choice,
        label: "是否在苏州市缴纳社保",
    },
    Question {
        field: "diploma",
        control: Control::Select,
        label: "最高学历",
    },
    Question {
        field: "degree",
        control: Control::Select,
        label: "学位",
    },
    Question {
        field: "qualification_date",
        control: Control::Date,
        label: "取得学历或学位的日期",
    },
    Question {
        field: "major_matches",
        control: Control::Choice,
        label: "所学专业与从事专业是否相符",
    },
    Question {
        field: "work_start_date",
        control: Control::Date,
        label: "开始从事本专业技术工作的日期",
    },
    Question {
        field: "licensed_series",
        control: Control::Choice,
        label: "申报系列是否有行业准入要求",
    },
    Question {
        field: "has_license",
        control: Control::Choice,
        label: "是否已取得执业资格",
    },
    Question {
        field: "insurance_visible",
        control: Control::Choice,
        label: "网办系统能否查到社保缴费信息",
    },
    Question {
        field: "insured_since",
        control: Control::Date,
        label: "在现单位连续参保的起始日期",
    },
    Question {
        field: "application_date",
        control: Control::Date,
        label: "查询日期",
    },
];

impl Question {
    /// The id of the control a "还需回答" link jumps to: the first radio (`<field>-true`) of a
    /// choice, the control itself otherwise (the ids the checker page template gives them).
    pub fn control_id(&self) -> String {
        match self.control {
            Control::Choice => format!("{}-true", self.field),
            Control::Select | Control::Date => self.field.to_string(),
        }
    }
}

/// The question that asks `field`, if the form has one.
pub fn question_of(field: &str) -> Option<&'static Question> {
    // `black_box` keeps this a loop: over the constant table the optimiser would unroll it into
    // twelve inlined string comparisons, half a kilobyte of the browser's download.
    core::hint::black_box(&QUESTIONS)
        .iter()
        .find(|question| question.field == field)
}

/// The label of an answer field (the field itself when it is not a question of the form).
pub fn label_of(field: &str) -> &str {
    question_of(field).map_or(field, |question| question.label)
}

/// What the page says when the answers are refused (`error` from reading them or from the rules):
/// the question and what to enter, in Chinese — never the API's message, which may be serde's
/// English. A date must lie from 1950 to `YEARS_AHEAD` years after `application` (the answers'
/// application date, when they could be read), or after `today` for the application date itself.
pub fn applicant_message(error: &InputError, application: Option<Date>, today: Date) -> String {
    // Every error the page can meet names one of its questions (the answers object is its own).
    let Some(question) = question_of(&error.field) else {
        return "请检查您的回答。".into();
    };
    let what = if question.control == Control::Date {
        let from = application
            .filter(|_| question.field != "application_date")
            .unwrap_or(today);
        date_range(latest_date(from))
    } else {
        // Only a select can hold a value the rules refuse (a radio's odd value is unanswered).
        "请重新选择".into()
    };
    format!("请检查「{}」：{what}。", question.label)
}

/// What the form hands the checker for one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormValue<'a> {
    Bool(bool),
    Text(&'a str),
    Null,
}

/// Whether the page asks `field`, given the raw answers so far (`raw(field)` is the control's
/// value, `None` or `""` when unanswered).
pub fn is_asked<'a>(field: &str, raw: impl Fn(&str) -> Option<&'a str>) -> bool {
    match field {
        "has_license" => raw("licensed_series") == Some("true"),
        "insured_since" => raw("insurance_visible") == Some("false"),
        _ => true,
    }
}

/// The value for `question`, or `None` when the page asks it and it is still unanswered.
pub fn value_for<'a>(
    question: &Question,
    raw: impl Fn(&str) -> Option<&'a str>,
) -> Option<FormValue<'a>> {
    if !is_asked(question.field, &raw) {
        return Some(match question.field {
            "has_license" => FormValue::Bool(false),
            _ => FormValue::Null,
        });
    }
    let value = raw(question.field).filter(|value| !value.is_empty())?;
    match question.control {
        Control::Choice => match value {
            "true" => Some(FormValue::Bool(true)),
            "false" => Some(FormValue::Bool(false)),
            _ => None,
        },
        Control::Select | Control::Date => Some(FormValue::Text(value)),
    }
}

/// The form's controls, read once: every question's raw value (`""` when unanswered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAnswers(Vec<(&'static str, String)>);

impl RawAnswers {
    /// Reads every question's control through `value_of(field)`.
    pub fn read(value_of: impl Fn(&str) -> Option<String>) -> Self {
        Self(
            QUESTIONS
                .iter()
                .map(|q| (q.field, value_of(q.field).unwrap_or_default()))
                .collect(),
        )
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.as_str())
    }

    /// `(field, raw value)` in page order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(field, value)| (*field, value.as_str()))
    }

    pub fn is_asked(&self, field: &str) -> bool {
        is_asked(field, |f| self.get(f))
    }

    pub fn value_for(&self, question: &Question) -> Option<FormValue<'_>> {
        value_for(question, |f| self.get(f))
    }

    /// The questions the page asks that are still unanswered, in page order.
    pub fn unanswered(&self) -> Vec<&'static Question> {
        QUESTIONS
            .iter()
            .filter(|q| self.value_for(q).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
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
}
