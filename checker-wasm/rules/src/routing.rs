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
///
/// The builder renders the form from this list (the words come from `guide/checker.md`), so the
/// page has exactly the controls the checker reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub field: &'static str,
    pub control: Control,
    /// Short Chinese name of the question, for "还需回答" lists and error messages.
    pub label: &'static str,
    /// A select's values in page order: the contract's enum values. Empty for other controls.
    pub options: &'static [&'static str],
}

/// The values of `diploma` (`answers::Diploma`), highest first.
const DIPLOMAS: &[&str] = &[
    "doctorate",
    "master",
    "bachelor",
    "junior_college",
    "secondary_vocational",
    "none",
];

/// The values of `degree` (`answers::Degree`), highest first.
const DEGREES: &[&str] = &["doctorate", "master", "second_bachelor", "bachelor", "none"];

/// The questions in page order.
pub static QUESTIONS: [Question; 12] = [
    Question {
        field: "works_in_suzhou",
        control: Control::Choice,
        label: "是否在苏州市工作",
        options: &[],
    },
    Question {
        field: "insured_in_suzhou",
        control: Control::Choice,
        label: "是否在苏州市缴纳社保",
        options: &[],
    },
    Question {
        field: "diploma",
        control: Control::Select,
        label: "最高学历",
        options: DIPLOMAS,
    },
    Question {
        field: "degree",
        control: Control::Select,
        label: "学位",
        options: DEGREES,
    },
    Question {
        field: "qualification_date",
        control: Control::Date,
        label: "取得学历或学位的日期",
        options: &[],
    },
    Question {
        field: "major_matches",
        control: Control::Choice,
        label: "所学专业与从事专业是否相符",
        options: &[],
    },
    Question {
        field: "work_start_date",
        control: Control::Date,
        label: "开始从事本专业技术工作的日期",
        options: &[],
    },
    Question {
        field: "licensed_series",
        control: Control::Choice,
        label: "申报系列是否有行业准入要求",
        options: &[],
    },
    Question {
        field: "has_license",
        control: Control::Choice,
        label: "是否已取得执业资格",
        options: &[],
    },
    Question {
        field: "insurance_visible",
        control: Control::Choice,
        label: "网办系统能否查到社保缴费信息",
        options: &[],
    },
    Question {
        field: "insured_since",
        control: Control::Date,
        label: "在现单位连续参保的起始日期",
        options: &[],
    },
    Question {
        field: "application_date",
        control: Control::Date,
        label: "查询日期",
        options: &[],
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

    /// The id of the element holding the question (its words, control and hint), which the page
    /// hides while the question is not asked: `has_license` → `has_license-question` (named
    /// like the radios' `<field>-true`).
    pub fn block_id(&self) -> String {
        format!("{}-question", self.field)
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
mod tests;
