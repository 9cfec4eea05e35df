//! The JavaScript face of the checker: the only module that knows about wasm-bindgen.
//!
//! Results are plain objects written field by field below, as serde's derived `Serialize`
//! writes them natively (`None` is `null`, never `undefined`). Every error is a thrown JS
//! `Error` whose message starts with the field it is about (`diploma: unknown variant …`),
//! exactly the native `InputError`'s text.
//!
//! Arguments are read by the explicit readers of `crate::input`, whose errors go through the
//! same `InputError::from_path` as the native serde reading, so the two read them alike.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use checker_rules::calendar::YearMonth;
use checker_rules::eligibility::{EligibilityResult, Reason};
use checker_rules::error::InputError;
use checker_rules::materials::Material;
use checker_rules::summary::{Part, SummaryResult};
use checker_rules::work_history::{CheckedEntry, Gap, Problem, WorkHistoryResult};

pub(crate) use crate::input::{read_answers, read_policy};
use crate::input::{read_context, read_entries};

/// `checkEligibility(answers[, policy])`: see `check_eligibility`.
#[wasm_bindgen(js_name = checkEligibility)]
pub fn check_eligibility_js(answers: JsValue, policy: JsValue) -> Result<JsValue, JsError> {
    let run = || -> Result<JsValue, InputError> {
        let answers = read_answers(answers)?;
        let policy = read_policy(policy)?;
        let result = checker_rules::eligibility::check_eligibility(&answers, &policy)?;
        Ok(eligibility(&result))
    };
    run().map_err(|error| JsError::new(&error.to_string()))
}

/// `checkSummary(text[, policy])`: see `check_summary`.
#[wasm_bindgen(js_name = checkSummary)]
pub fn check_summary_js(text: JsValue, policy: JsValue) -> Result<JsValue, JsError> {
    let run = || -> Result<JsValue, InputError> {
        let text = text
            .as_string()
            .ok_or_else(|| InputError::new("text", "expected a string"))?;
        let policy = read_policy(policy)?;
        Ok(summary(&checker_rules::summary::check_summary(
            &text, &policy,
        )))
    };
    run().map_err(|error| JsError::new(&error.to_string()))
}

/// `checkWorkHistory(entries, context)`: see `check_work_history`. `entries` is read before
/// `context`; errors name the field as `entries[1].start` or `context.application_date`.
#[wasm_bindgen(js_name = checkWorkHistory)]
pub fn check_work_history_js(entries: JsValue, context: JsValue) -> Result<JsValue, JsError> {
    let run = || -> Result<JsValue, InputError> {
        let entries = read_entries(&entries)?;
        let context = read_context(&context)?;
        Ok(work_history(
            &checker_rules::work_history::check_work_history(&entries, &context),
        ))
    };
    run().map_err(|error| JsError::new(&error.to_string()))
}

#[wasm_bindgen]
extern "C" {
    /// `object[key] = value` on an object this module made (runs no caller code).
    #[wasm_bindgen(js_name = Object)]
    type Fields;
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn set(this: &Fields, key: &str, value: JsValue);
}

// The results as JavaScript sees them, field by field in the order (and with the names) of the
// rules' derived `Serialize`, which writes them natively: what serde-wasm-bindgen's
// JSON-compatible serializer wrote, and then a serde `Serializer` of our own, without the
// serde code (measured: about 1 KB of gzipped wasm less). Codes are the rules' `code()`, which
// a native test keeps equal to the serialised names.

/// A plain object, written one field at a time (the page writes its answers with it too).
pub(crate) struct PlainObject(Fields);

impl PlainObject {
    pub(crate) fn new() -> Self {
        Self(js_sys::Object::new().unchecked_into())
    }

    pub(crate) fn field(self, key: &str, value: JsValue) -> Self {
        self.0.set(key, value);
        self
    }

    pub(crate) fn done(self) -> JsValue {
        self.0.into()
    }
}

fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

fn number(value: usize) -> JsValue {
    // Counts: far below 2^53, where a JS number is exact.
    JsValue::from_f64(value as f64)
}

fn month(value: Option<YearMonth>) -> JsValue {
    value.map_or(JsValue::NULL, |month| text(&month.iso()))
}

/// An array of `items`, each written by `write`.
fn list<T>(items: &[T], write: fn(&T) -> JsValue) -> JsValue {
    let array = Array::new();
    for item in items {
        array.push(&write(item));
    }
    array.into()
}

fn eligibility(result: &EligibilityResult) -> JsValue {
    PlainObject::new()
        .field("outcome", text(result.outcome.code()))
        .field(
            "level",
            result
                .level
                .map_or(JsValue::NULL, |level| text(level.code())),
        )
        .field(
            "eligible_from",
            result
                .eligible_from
                .map_or(JsValue::NULL, |date| text(&date.iso())),
        )
        .field("intake_month", month(result.intake_month))
        .field("decision_month", month(result.decision_month))
        .field("reasons", list(&result.reasons, reason))
        .field("materials", list(&result.materials, material))
        .done()
}

fn reason(reason: &Reason) -> JsValue {
    PlainObject::new()
        .field("code", text(reason.code.code()))
        .field("message", text(&reason.message))
        .field("clause", text(reason.clause.id()))
        .done()
}

fn material(material: &Material) -> JsValue {
    PlainObject::new()
        .field("code", text(material.code.code()))
        .field("required", JsValue::from_bool(material.required))
        .field("note", text(&material.note))
        .done()
}

fn summary(result: &SummaryResult) -> JsValue {
    PlainObject::new()
        .field("words", number(result.words))
        .field("asian_chars", number(result.asian_chars))
        .field("non_asian_words", number(result.non_asian_words))
        .field("chars_no_spaces", number(result.chars_no_spaces))
        .field("chars_with_spaces", number(result.chars_with_spaces))
        .field("paragraphs", number(result.paragraphs))
        .field("minimum", number(result.minimum as usize))
        .field("meets_minimum", JsValue::from_bool(result.meets_minimum))
        .field("parts", list(&result.parts, part))
        .done()
}

fn part(part: &Part) -> JsValue {
    PlainObject::new()
        .field("code", text(part.code.code()))
        .field("found", JsValue::from_bool(part.found))
        .done()
}

fn work_history(result: &WorkHistoryResult) -> JsValue {
    PlainObject::new()
        .field("entries", list(&result.entries, checked_entry))
        .field("problems", list(&result.problems, problem))
        .field("months", number(result.months as usize))
        .field("first_start", month(result.first_start))
        .field("gaps", list(&result.gaps, gap))
        .field("text", text(&result.text))
        .done()
}

/// Flat, as `CheckedEntry`'s `Serialize` writes it: the entry's fields, `months`, `problems`.
fn checked_entry(checked: &CheckedEntry) -> JsValue {
    let entry = &checked.entry;
    PlainObject::new()
        .field("start", month(Some(entry.start)))
        .field("end", month(entry.end))
        .field("unit", text(&entry.unit))
        .field("department", text(&entry.department))
        .field("post", text(&entry.post))
        .field("months", number(checked.months as usize))
        .field("problems", list(&checked.problems, problem))
        .done()
}

fn problem(problem: &Problem) -> JsValue {
    text(problem.code())
}

fn gap(gap: &Gap) -> JsValue {
    PlainObject::new()
        .field("from", month(Some(gap.from)))
        .field("to", month(Some(gap.to)))
        .done()
}
