//! Reading the API's arguments from JS values: one explicit reader per type, each asking for
//! exactly the JS type it takes.
//!
//! The messages are the ones the native serde reading gives (`parse_answers`, `parse_entries`,
//! `parse_context`, `Policy`'s derived `Deserialize`), and they go through the same
//! `InputError::from_path`, so the two read alike: serde's English (`invalid type: string "yes",
//! expected a boolean`, `unknown variant …, expected one of …`, `missing field` → `required field
//! is missing`), fields named by their path (`policy.intake_months[2]`, `entries[1].start`), keys
//! read in `Object.keys` order and the first error reported. Numbers are described without the
//! float formatter (`a number with a fraction`). Size decides: serde's derived visitors over a
//! JS `Deserializer` of our own were the largest part of the module left (measured after
//! wasm-bindgen: about 5 KB of gzipped wasm more than these readers).
//!
//! No JavaScript exception may unwind through the wasm: the wasm's stack pointer is only reset
//! when a function returns, so each unwound call would leak its stack frame, and after a couple
//! of thousand calls every call fails. Whatever can run the caller's code (getters, a Proxy's
//! traps, a revoked Proxy) is therefore read through the `catch` imports below, and a throw
//! becomes an error naming the field like any other.

use wasm_bindgen::prelude::*;

use checker_rules::answers::{Answers, Degree, Diploma};
use checker_rules::calendar::{Date, YearMonth};
use checker_rules::error::InputError;
use checker_rules::policy::Policy;
use checker_rules::work_history::{Context, Entry};

// The only calls that can run the caller's JavaScript while reading an argument. Everything else
// used here (`typeof` tests, reading a string or a number) cannot throw.
#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws on a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys`: a fresh array of the object's own enumerable string keys (runs a Proxy's
    /// `ownKeys` and `getOwnPropertyDescriptor` traps).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn own_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
}
// The third, `Reflect.get(target, key)` (runs getters and a Proxy's `get` trap), is js-sys's own
// catching `Reflect::get`, which the page uses too: one import serves both.

/// Reads answers from a JS object, every error naming the field, as `parse_answers` does natively.
pub(crate) fn read_answers(value: JsValue) -> Result<Answers, InputError> {
    answers(&value).map_err(|fail| fail.into_input_error("answers", ""))
}

/// `undefined` or `null` → the seed defaults; an object → its keys over the defaults (unknown
/// keys are errors), validated.
pub(crate) fn read_policy(value: JsValue) -> Result<Policy, InputError> {
    if is_nullish(&value) {
        return Ok(Policy::default());
    }
    let policy = policy(&value).map_err(|fail| fail.into_input_error("policy", "policy."))?;
    policy.validate()?;
    Ok(policy)
}

/// The entries of `checkWorkHistory`; errors name the field as `entries[1].start`.
pub(crate) fn read_entries(value: &JsValue) -> Result<Vec<Entry>, InputError> {
    sequence(value, entry).map_err(|fail| fail.into_input_error("entries", "entries"))
}

/// The context of `checkWorkHistory`; errors name the field as `context.application_date`.
pub(crate) fn read_context(value: &JsValue) -> Result<Context, InputError> {
    context(value).map_err(|fail| fail.into_input_error("context", "context."))
}

/// What went wrong reading a JS value, and where: `path` is written like
/// `serde_path_to_error`'s (`intake_months[2]`, empty for the value itself).
struct Fail {
    path: String,
    message: String,
}

type Read<T> = Result<T, Fail>;

impl Fail {
    fn new(message: String) -> Self {
        Self {
            path: String::new(),
            message,
        }
    }

    /// The same error, seen from the object holding the value under `key`.
    #[inline(never)]
    fn under_key(self, key: &str) -> Self {
        self.prepend(key)
    }

    /// The same error, seen from the array holding the value at `index`.
    #[inline(never)]
    fn at_index(self, index: u32) -> Self {
        self.prepend(&format!("[{index}]"))
    }

    fn prepend(mut self, segment: &str) -> Self {
        let separator = if self.path.is_empty() || self.path.starts_with("[") {
            ""
        } else {
            "."
        };
        self.path = format!("{segment}{separator}{}", self.path);
        self
    }

    #[inline(never)]
    fn into_input_error(self, root: &str, prefix: &str) -> InputError {
        InputError::from_path(root, prefix, &self.path, &self.message)
    }
}

/// A JS exception while reading a value (a getter or a Proxy trap threw, a Proxy was revoked).
#[inline(never)]
fn unreadable(_: JsValue) -> Fail {
    Fail::new("the value could not be read (a getter or Proxy threw)".to_owned())
}

/// `Reflect.get(target, key)`, a throw being an error about that value.
#[inline(never)]
fn read_property(target: &JsValue, key: &JsValue) -> Read<JsValue> {
    js_sys::Reflect::get(target, key).map_err(unreadable)
}

#[inline(never)]
fn array(value: &JsValue) -> Read<bool> {
    is_array(value).map_err(unreadable)
}

fn is_nullish(value: &JsValue) -> bool {
    value.is_null() || value.is_undefined()
}

/// The largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// "invalid type: <what the value is>, expected <expected>".
#[inline(never)]
fn invalid_type(value: &JsValue, expected: &str) -> Fail {
    let found = if is_nullish(value) {
        "null".to_owned()
    } else if let Some(flag) = value.as_bool() {
        format!("boolean `{flag}`")
    } else if let Some(number) = value.as_f64() {
        match safe_integer(number) {
            Some(integer) => format!("integer `{integer}`"),
            None => "a number with a fraction".to_owned(),
        }
    } else if let Some(text) = value.as_string() {
        format!("string \"{text}\"")
    } else if array(value).unwrap_or(false) {
        "an array".to_owned()
    } else if value.is_object() {
        "an object".to_owned()
    } else {
        "a value of another kind".to_owned()
    };
    Fail::new(format!("invalid type: {found}, expected {expected}"))
}

/// `number` as an integer when it is one and exact (within ±2^53).
fn safe_integer(number: f64) -> Option<i64> {
    // The cast is exact: `number` is integral and within ±2^53.
    (number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER).then_some(number as i64)
}

/// `` `a`, `b` or `c` `` as serde lists what it expected: `` `a` ``, `` `a` or `b` ``, or
/// `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [only] => format!("`{only}`"),
        [first, second] => format!("`{first}` or `{second}`"),
        _ => format!("one of `{}`", crate::join(names, "`, `")),
    }
}

fn boolean(value: &JsValue) -> Read<bool> {
    value
        .as_bool()
        .ok_or_else(|| invalid_type(value, "a boolean"))
}

/// An integer of the type named `expected` (`u32`, `i32`), as serde's primitive visitors read
/// one from a JS number.
fn integer<T: TryFrom<i64>>(value: &JsValue, expected: &str) -> Read<T> {
    let integer = any_integer(value, expected)?;
    T::try_from(integer).map_err(|_| out_of_range(integer, expected))
}

// The non-generic halves of `integer` and `parsed`: one copy serves every type they read.

#[inline(never)]
fn any_integer(value: &JsValue, expected: &str) -> Read<i64> {
    value
        .as_f64()
        .and_then(safe_integer)
        .ok_or_else(|| invalid_type(value, expected))
}

#[inline(never)]
fn out_of_range(integer: i64, expected: &str) -> Fail {
    Fail::new(format!(
        "invalid value: integer `{integer}`, expected {expected}"
    ))
}

/// A string `parse` accepts; `expected` says what it takes.
fn parsed<T>(value: &JsValue, expected: &str, parse: fn(&str) -> Option<T>) -> Read<T> {
    let text = string(value, expected)?;
    parse(&text).ok_or_else(|| unparsed(&text, expected))
}

#[inline(never)]
fn string(value: &JsValue, expected: &str) -> Read<String> {
    value
        .as_string()
        .ok_or_else(|| invalid_type(value, expected))
}

#[inline(never)]
fn unparsed(text: &str, expected: &str) -> Fail {
    Fail::new(format!(
        "invalid value: string \"{text}\", expected {expected}"
    ))
}

fn date(value: &JsValue) -> Read<Date> {
    parsed(
        value,
        "a real calendar date written \"YYYY-MM-DD\"",
        Date::parse,
    )
}

fn month(value: &JsValue) -> Read<YearMonth> {
    parsed(value, "a month written \"YYYY-MM\"", YearMonth::parse)
}

/// `null` or `undefined` as `None`.
fn optional<T>(value: &JsValue, read: fn(&JsValue) -> Read<T>) -> Read<Option<T>> {
    if is_nullish(value) {
        Ok(None)
    } else {
        read(value).map(Some)
    }
}

/// One of `variants`, by its name; `expected` says what the value should be (`enum Diploma`).
fn variant<T: Copy>(value: &JsValue, expected: &str, variants: &[(&str, T)]) -> Read<T> {
    let name = string(value, expected)?;
    match variants.iter().find(|(known, _)| *known == name) {
        Some(&(_, variant)) => Ok(variant),
        None => {
            let names: Vec<&str> = variants.iter().map(|&(known, _)| known).collect();
            Err(Fail::new(format!(
                "unknown variant `{name}`, expected {}",
                one_of(&names)
            )))
        }
    }
}

/// The value of a field that must be there.
fn required<T>(value: Option<T>, field: &str) -> Read<T> {
    value.ok_or_else(|| Fail::new(format!("missing field `{field}`")))
}

/// An array (or a Proxy of one), item by item; anything else is an error.
fn sequence<T>(value: &JsValue, item: fn(&JsValue) -> Read<T>) -> Read<Vec<T>> {
    if !array(value)? {
        return Err(invalid_type(value, "a sequence"));
    }
    // A Proxy of an array answers `length` and its items through its traps.
    let length = read_property(value, &"length".into())?
        .as_f64()
        .unwrap_or(0.0) as u32;
    let mut items = Vec::new();
    for index in 0..length {
        let read = read_property(value, &index.into()).and_then(|value| item(&value));
        items.push(read.map_err(|fail| fail.at_index(index))?);
    }
    Ok(items)
}

/// A plain object (not an array, not a function), its own enumerable keys in `Object.keys`
/// order, each value handed to `field`; an error names the key. `expected` says what the value
/// should be (`struct Answers`).
#[inline(never)]
fn object(
    value: &JsValue,
    expected: &str,
    field: &mut dyn FnMut(&str, &JsValue) -> Read<()>,
) -> Read<()> {
    if !value.is_object() || array(value)? {
        return Err(invalid_type(value, expected));
    }
    let keys = own_keys(value).map_err(unreadable)?;
    // `keys` is a plain array of strings made by Object.keys: reading it runs no caller code.
    for index in 0..keys.length() {
        let name = keys.get(index);
        let key = name.as_string().unwrap_or_default();
        read_property(value, &name)
            .and_then(|item| field(&key, &item))
            .map_err(|fail| fail.under_key(&key))?;
    }
    Ok(())
}

/// What an answer field holds.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Date,
    /// `insured_since`, the one field that may be `null` or left out.
    OptionalDate,
    Flag,
    Diploma,
    Degree,
}

/// The answers' fields in `Answers`' order (in which missing ones are reported).
const ANSWER_FIELDS: [(&str, Kind); 12] = [
    ("application_date", Kind::Date),
    ("works_in_suzhou", Kind::Flag),
    ("insured_in_suzhou", Kind::Flag),
    ("insurance_visible", Kind::Flag),
    ("insured_since", Kind::OptionalDate),
    ("diploma", Kind::Diploma),
    ("degree", Kind::Degree),
    ("qualification_date", Kind::Date),
    ("major_matches", Kind::Flag),
    ("work_start_date", Kind::Date),
    ("licensed_series", Kind::Flag),
    ("has_license", Kind::Flag),
];

/// An answer as read.
#[derive(Clone, Copy)]
enum Value {
    Date(Date),
    Flag(bool),
    Diploma(Diploma),
    Degree(Degree),
    /// `null` for `insured_since`.
    Nothing,
}

/// Unknown keys are ignored; missing ones are reported in the fields' order. One table instead
/// of a match per field: measured, about 0.3 KB of gzipped wasm less.
fn answers(value: &JsValue) -> Read<Answers> {
    let mut slots: [Option<Value>; 12] = [None; 12];
    object(value, "struct Answers", &mut |key, item| {
        let found = ANSWER_FIELDS.iter().zip(slots.iter_mut());
        if let Some((&(_, kind), slot)) = found.into_iter().find(|((name, _), _)| *name == key) {
            *slot = Some(match kind {
                Kind::Date => Value::Date(date(item)?),
                Kind::OptionalDate => optional(item, date)?.map_or(Value::Nothing, Value::Date),
                Kind::Flag => Value::Flag(boolean(item)?),
                Kind::Diploma => Value::Diploma(variant(item, "enum Diploma", Diploma::NAMES)?),
                Kind::Degree => Value::Degree(variant(item, "enum Degree", Degree::NAMES)?),
            });
        }
        Ok(())
    })?;
    for (&(name, kind), slot) in ANSWER_FIELDS.iter().zip(&slots) {
        if slot.is_none() && kind != Kind::OptionalDate {
            required(None::<()>, name)?;
        }
    }
    // Every slot but `insured_since` now holds a value of its field's kind: the fallbacks below
    // are never taken.
    let [application_date, works_in_suzhou, insured_in_suzhou, insurance_visible, insured_since, diploma, degree, qualification_date, major_matches, work_start_date, licensed_series, has_license] =
        slots;
    let date = |slot: Option<Value>| match slot {
        Some(Value::Date(date)) => Some(date),
        _ => None,
    };
    let flag = |slot: Option<Value>| matches!(slot, Some(Value::Flag(true)));
    Ok(Answers {
        application_date: date(application_date).unwrap_or(Date::EARLIEST),
        works_in_suzhou: flag(works_in_suzhou),
        insured_in_suzhou: flag(insured_in_suzhou),
        insurance_visible: flag(insurance_visible),
        insured_since: date(insured_since),
        diploma: match diploma {
            Some(Value::Diploma(diploma)) => diploma,
            _ => Diploma::None,
        },
        degree: match degree {
            Some(Value::Degree(degree)) => degree,
            _ => Degree::None,
        },
        qualification_date: date(qualification_date).unwrap_or(Date::EARLIEST),
        major_matches: flag(major_matches),
        work_start_date: date(work_start_date).unwrap_or(Date::EARLIEST),
        licensed_series: flag(licensed_series),
        has_license: flag(has_license),
    })
}

/// The policy's keys, in the order serde lists them in its unknown-key error.
const POLICY_KEYS: &[&str] = &[
    "intake_months",
    "rules_from_year",
    "internship_months",
    "insurance_proof_months",
    "summary_min_words",
    "xuexin_from_year",
];

/// Keys left out keep the seed's value; an unknown key is an error.
fn policy(value: &JsValue) -> Read<Policy> {
    let mut policy = Policy::default();
    object(value, "struct Policy", &mut |key, item| {
        match key {
            "intake_months" => {
                policy.intake_months = sequence(item, |month| integer(month, "u32"))?
            }
            "rules_from_year" => policy.rules_from_year = integer(item, "i32")?,
            "internship_months" => policy.internship_months = integer(item, "u32")?,
            "insurance_proof_months" => policy.insurance_proof_months = integer(item, "u32")?,
            "summary_min_words" => policy.summary_min_words = integer(item, "u32")?,
            "xuexin_from_year" => policy.xuexin_from_year = integer(item, "i32")?,
            _ => {
                return Err(Fail::new(format!(
                    "unknown field `{key}`, expected {}",
                    one_of(POLICY_KEYS)
                )))
            }
        }
        Ok(())
    })?;
    Ok(policy)
}

/// A free text, trimmed; `null` reads as empty.
fn text(value: &JsValue) -> Read<String> {
    let text = optional(value, |value| string(value, "a string"))?;
    Ok(text.map(|text| text.trim().to_owned()).unwrap_or_default())
}

fn entry(value: &JsValue) -> Read<Entry> {
    let mut start = None;
    let mut end = None;
    let mut unit = String::new();
    let mut department = String::new();
    let mut post = String::new();
    object(value, "struct Entry", &mut |key, item| {
        match key {
            "start" => start = Some(month(item)?),
            "end" => end = optional(item, month)?,
            "unit" => unit = text(item)?,
            "department" => department = text(item)?,
            "post" => post = text(item)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(Entry {
        start: required(start, "start")?,
        end,
        unit,
        department,
        post,
    })
}

fn context(value: &JsValue) -> Read<Context> {
    let mut qualification_date = None;
    let mut application_date = None;
    object(value, "struct Context", &mut |key, item| {
        match key {
            "qualification_date" => qualification_date = optional(item, date)?,
            "application_date" => application_date = Some(date(item)?),
            _ => {}
        }
        Ok(())
    })?;
    Ok(Context {
        qualification_date,
        application_date: required(application_date, "application_date")?,
    })
}
