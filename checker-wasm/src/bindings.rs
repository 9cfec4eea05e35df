//! The JavaScript face of the checker: the only module that knows about wasm-bindgen.
//!
//! Results are plain objects written by [`JsOutput`], a small serde `Serializer` (`None` is
//! `null`, never `undefined`). Every error is a thrown JS
//! `Error` whose message starts with the field it is about (`diploma: unknown variant …`),
//! exactly the native `InputError`'s text.
//!
//! Arguments are read by [`JsInput`], a small serde `Deserializer` over a `JsValue`, into the
//! same derived `Deserialize` impls as natively (`Answers`, `Policy`), and its errors are turned
//! into `InputError`s by the same `InputError::from_path`, so the two cannot read them
//! differently. Size decides the details, since this ships to phones (measured after
//! wasm-bindgen: 48 KB gzipped with serde-wasm-bindgen's deserializer and `serde_path_to_error`,
//! 30 KB this way):
//! - serde-wasm-bindgen's deserializer is not used: it looks up only the fields a struct knows
//!   (so `deny_unknown_fields` never fires), and its error messages print numbers with the
//!   float formatter, which is most of that difference;
//! - `JsInput` tracks the path to a failing value itself instead of going through
//!   `serde_path_to_error` (as `parse_answers` does natively), whose wrappers are generic over
//!   every field type.
//!
//! No JavaScript exception may unwind through the wasm: the wasm's stack pointer is only reset
//! when a function returns, so each unwound call would leak its stack frame, and after a couple
//! of thousand calls every call fails. Whatever can run the caller's code (getters, a Proxy's
//! traps, a revoked Proxy) is therefore read through the `catch` imports below, and a throw
//! becomes an error naming the field like any other.

use core::fmt;

use serde::de::{self, IntoDeserializer};
use serde::ser;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use checker_rules::answers::Answers;
use checker_rules::error::InputError;
use checker_rules::policy::Policy;
use checker_rules::work_history::{Context, Entry};

// The only calls that can run the caller's JavaScript while reading an argument. Everything else
// JsInput uses (`typeof` tests, reading a string or a number) cannot throw.
#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws on a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys`: a fresh array of the object's own enumerable string keys (runs a Proxy's
    /// `ownKeys` and `getOwnPropertyDescriptor` traps).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn own_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    /// `Reflect.get(target, key)`: runs getters and a Proxy's `get` trap.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
}

/// `checkEligibility(answers[, policy])`: see `check_eligibility`.
#[wasm_bindgen(js_name = checkEligibility)]
pub fn check_eligibility_js(answers: JsValue, policy: JsValue) -> Result<JsValue, JsError> {
    let run = || -> Result<JsValue, InputError> {
        let answers = read_answers(answers)?;
        let policy = read_policy(policy)?;
        let result = checker_rules::eligibility::check_eligibility(&answers, &policy)?;
        to_js(&result)
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
        to_js(&checker_rules::summary::check_summary(&text, &policy))
    };
    run().map_err(|error| JsError::new(&error.to_string()))
}

/// `checkWorkHistory(entries, context)`: see `check_work_history`. `entries` is read before
/// `context`; errors name the field as `entries[1].start` or `context.application_date`.
#[wasm_bindgen(js_name = checkWorkHistory)]
pub fn check_work_history_js(entries: JsValue, context: JsValue) -> Result<JsValue, JsError> {
    let run = || -> Result<JsValue, InputError> {
        let entries: Vec<Entry> = read(entries, "entries", "entries")?;
        let context: Context = read(context, "context", "context.")?;
        to_js(&checker_rules::work_history::check_work_history(
            &entries, &context,
        ))
    };
    run().map_err(|error| JsError::new(&error.to_string()))
}

/// Reads answers from a JS object, every error naming the field, as `parse_answers` does natively.
/// For the crate's own page code too: going through serde-wasm-bindgen's deserializer instead
/// would bring back the ~18 KB (gzipped) this module avoids.
pub(crate) fn read_answers(value: JsValue) -> Result<Answers, InputError> {
    read(value, "answers", "")
}

/// `undefined` or `null` → the seed defaults; an object → its keys over the defaults (unknown
/// keys are errors), validated.
pub(crate) fn read_policy(value: JsValue) -> Result<Policy, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Policy::default());
    }
    let policy: Policy = read(value, "policy", "policy.")?;
    policy.validate()?;
    Ok(policy)
}

/// Reads a `T` from a JS value; errors name the field as `InputError::from_path` does.
fn read<T: de::DeserializeOwned>(
    value: JsValue,
    root: &str,
    prefix: &str,
) -> Result<T, InputError> {
    T::deserialize(JsInput(value))
        .map_err(|error| InputError::from_path(root, prefix, &error.path, &error.message))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, InputError> {
    value
        .serialize(JsOutput)
        .map_err(|_| InputError::new("result", "a value JavaScript cannot hold"))
}

/// A value as JavaScript sees it, through the same derived `Serialize` impls as natively (so the
/// field names are serde's, as in JSON): what serde-wasm-bindgen's JSON-compatible serializer
/// wrote, without its string cache, maps and big integers (measured: about 3 KB of gzipped
/// wasm). Structs are plain objects with their fields in order, sequences and arrays are
/// arrays, `None` and `()` are `null`, enums are their variant's name, numbers are numbers.
/// Only the shapes the results have are written; anything else (maps, data-carrying enum
/// variants, bytes) is an error, which no result reaches.
pub(crate) struct JsOutput;

/// A value [`JsOutput`] does not write (never a result's).
#[derive(Debug)]
pub(crate) struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unsupported value")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

#[wasm_bindgen]
extern "C" {
    /// `object[key] = value` on an object this module made (runs no caller code).
    #[wasm_bindgen(js_name = Object)]
    type PlainObject;
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn set(this: &PlainObject, key: &str, value: JsValue);
}

/// The array a sequence or tuple is written into.
pub(crate) struct JsArray(js_sys::Array);

/// The object a struct is written into.
pub(crate) struct JsObject(js_sys::Object);

impl ser::Serializer for JsOutput {
    type Ok = JsValue;
    type Error = Unsupported;
    type SerializeSeq = JsArray;
    type SerializeTuple = JsArray;
    type SerializeTupleStruct = ser::Impossible<JsValue, Unsupported>;
    type SerializeTupleVariant = ser::Impossible<JsValue, Unsupported>;
    type SerializeMap = ser::Impossible<JsValue, Unsupported>;
    type SerializeStruct = JsObject;
    type SerializeStructVariant = ser::Impossible<JsValue, Unsupported>;

    fn serialize_bool(self, value: bool) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_bool(value))
    }
    fn serialize_i8(self, value: i8) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value.into())
    }
    fn serialize_i16(self, value: i16) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value.into())
    }
    fn serialize_i32(self, value: i32) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value.into())
    }
    // Counts and years: far below 2^53, where a JS number is exact.
    fn serialize_i64(self, value: i64) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value as f64)
    }
    fn serialize_u8(self, value: u8) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value.into())
    }
    fn serialize_u16(self, value: u16) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value.into())
    }
    fn serialize_u32(self, value: u32) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value.into())
    }
    fn serialize_u64(self, value: u64) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value as f64)
    }
    fn serialize_f32(self, value: f32) -> Result<JsValue, Unsupported> {
        self.serialize_f64(value.into())
    }
    fn serialize_f64(self, value: f64) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(value))
    }
    fn serialize_char(self, value: char) -> Result<JsValue, Unsupported> {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_str(value))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<JsValue, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<JsValue, Unsupported> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<JsValue, Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, Unsupported> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<JsValue, Unsupported> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<JsValue, Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<JsValue, Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<JsValue, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<JsArray, Unsupported> {
        Ok(JsArray(js_sys::Array::new()))
    }
    fn serialize_tuple(self, _: usize) -> Result<JsArray, Unsupported> {
        Ok(JsArray(js_sys::Array::new()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<JsObject, Unsupported> {
        Ok(JsObject(js_sys::Object::new()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

impl ser::SerializeSeq for JsArray {
    type Ok = JsValue;
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.0.push(&value.serialize(JsOutput)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Unsupported> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for JsArray {
    type Ok = JsValue;
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<JsValue, Unsupported> {
        Ok(self.0.into())
    }
}

impl ser::SerializeStruct for JsObject {
    type Ok = JsValue;
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let value = value.serialize(JsOutput)?;
        self.0.unchecked_ref::<PlainObject>().set(key, value);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Unsupported> {
        Ok(self.0.into())
    }
}

/// A JS value read by serde: `null`/`undefined` as unit/none, booleans, numbers (integral ones as
/// integers), strings, arrays as sequences and plain objects as maps of their own enumerable keys.
struct JsInput(JsValue);

/// What went wrong reading a JS value, and where: `path` is written like
/// `serde_path_to_error`'s (`intake_months[2]`, empty for the value itself).
#[derive(Debug)]
struct JsInputError {
    path: String,
    message: String,
}

impl JsInputError {
    /// The same error, seen from the object holding the value under `key`.
    fn under_key(self, key: &str) -> Self {
        self.prepend(key)
    }

    /// The same error, seen from the array holding the value at `index`.
    #[inline(never)]
    fn at_index(self, index: u32) -> Self {
        self.prepend(&format!("[{index}]"))
    }

    #[inline(never)]
    fn prepend(mut self, segment: &str) -> Self {
        let separator = if self.path.is_empty() || self.path.starts_with('[') {
            ""
        } else {
            "."
        };
        self.path = format!("{segment}{separator}{}", self.path);
        self
    }
}

impl fmt::Display for JsInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsInputError {}

impl de::Error for JsInputError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self {
            path: String::new(),
            message: message.to_string(),
        }
    }

    // serde's own wording, but describing the value without `Unexpected`'s Display, which would
    // link the float formatter into the module for one word of an error message.
    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        let unexpected = describe(&unexpected);
        Self::custom(format_args!(
            "invalid type: {unexpected}, expected {expected}"
        ))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        let unexpected = describe(&unexpected);
        Self::custom(format_args!(
            "invalid value: {unexpected}, expected {expected}"
        ))
    }
}

fn describe(unexpected: &de::Unexpected<'_>) -> String {
    use de::Unexpected::*;
    match *unexpected {
        Bool(value) => format!("boolean `{value}`"),
        Unsigned(value) => format!("integer `{value}`"),
        Signed(value) => format!("integer `{value}`"),
        Float(_) => "a number with a fraction".into(),
        Char(value) => format!("character `{value}`"),
        Str(value) => format!("string \"{value}\""),
        Bytes(_) => "bytes".into(),
        Unit | Option => "null".into(),
        NewtypeStruct | NewtypeVariant | TupleVariant | StructVariant | UnitVariant | Enum => {
            "an enum".into()
        }
        Seq => "an array".into(),
        Map => "an object".into(),
        Other(what) => what.into(),
    }
}

/// A JS exception while reading a value (a getter or a Proxy trap threw, a Proxy was revoked).
// This and the other `#[inline(never)]` here keep one copy of each catch call and error path
// instead of one per field type: measured, a few hundred bytes of gzipped wasm.
#[inline(never)]
fn unreadable(_: JsValue) -> JsInputError {
    JsInputError {
        path: String::new(),
        message: "the value could not be read (a getter or Proxy threw)".to_owned(),
    }
}

/// `Reflect.get(target, key)`, a throw being an error about that value.
#[inline(never)]
fn read_property(target: &JsValue, key: &JsValue) -> Result<JsValue, JsInputError> {
    get(target, key).map_err(unreadable)
}

impl JsInput {
    fn is_nullish(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    #[inline(never)]
    fn is_array(&self) -> Result<bool, JsInputError> {
        is_array(&self.0).map_err(unreadable)
    }

    /// A plain object (not an array, not a function).
    fn is_object(&self) -> Result<bool, JsInputError> {
        Ok(self.0.is_object() && !self.is_array()?)
    }

    /// "invalid type: <what the value is>, expected <what the visitor takes>".
    fn mismatch(&self, expected: &dyn de::Expected) -> JsInputError {
        let value = &self.0;
        let found = if self.is_nullish() {
            "null".to_owned()
        } else if let Some(value) = value.as_bool() {
            format!("boolean `{value}`")
        } else if let Some(number) = value.as_f64() {
            if number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER {
                // Exact: integral and within ±2^53.
                format!("integer `{}`", number as i64)
            } else {
                "a number with a fraction".to_owned()
            }
        } else if let Some(text) = value.as_string() {
            format!("string \"{text}\"")
        } else if self.is_array().unwrap_or(false) {
            "an array".to_owned()
        } else if value.is_object() {
            "an object".to_owned()
        } else {
            "a value of another kind".to_owned()
        };
        de::Error::custom(format_args!("invalid type: {found}, expected {expected}"))
    }
}

/// The largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

// Each type asks for exactly the JS type it can take, rather than everything going through
// `deserialize_any`: that would instantiate every `visit_*` of every derived visitor (a struct
// read from an array, say), which costs module size for inputs that are errors anyway.
impl<'de> de::Deserializer<'de> for JsInput {
    type Error = JsInputError;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_nullish() {
            visitor.visit_unit()
        } else if self.0.as_bool().is_some() {
            self.deserialize_bool(visitor)
        } else if self.0.as_f64().is_some() {
            self.deserialize_i64(visitor)
        } else if self.0.as_string().is_some() {
            self.deserialize_string(visitor)
        } else if self.is_array()? {
            self.deserialize_seq(visitor)
        } else {
            self.deserialize_map(visitor)
        }
    }

    fn deserialize_bool<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0.as_bool() {
            Some(value) => visitor.visit_bool(value),
            None => Err(self.mismatch(&visitor)),
        }
    }

    /// Integers come from JS numbers without a fraction (within ±2^53, where they are exact).
    fn deserialize_i64<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0.as_f64() {
            Some(number) if number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER => {
                // The casts are exact: `number` is integral and within ±2^53.
                if number >= 0.0 {
                    visitor.visit_u64(number as u64)
                } else {
                    visitor.visit_i64(number as i64)
                }
            }
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_string<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0.as_string() {
            Some(text) => visitor.visit_string(text),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_seq<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_array()? {
            // A Proxy of an array answers `length` and its items through its traps.
            let length = read_property(&self.0, &"length".into())?
                .as_f64()
                .unwrap_or(0.0) as u32;
            visitor.visit_seq(JsSeq {
                array: self.0,
                length,
                next: 0,
            })
        } else {
            Err(self.mismatch(&visitor))
        }
    }

    /// Maps and structs come only from plain objects (not arrays, whose items would otherwise
    /// fill a struct's fields by position).
    fn deserialize_map<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_object()? {
            visitor.visit_map(JsMap {
                keys: own_keys(&self.0).map_err(unreadable)?,
                object: self.0,
                next: 0,
                current: None,
            })
        } else {
            Err(self.mismatch(&visitor))
        }
    }

    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_nullish() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Enums are written as their variant's name, a string.
    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0.as_string() {
            Some(name) => visitor.visit_enum(name.into_deserializer()),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        f32 f64 char bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct
    }

    fn deserialize_i8<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u16<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u32<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u64<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_str<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_string(visitor)
    }
    fn deserialize_identifier<V: de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_string(visitor)
    }
}

/// An array (or a Proxy of one), item by item.
struct JsSeq {
    array: JsValue,
    length: u32,
    next: u32,
}

impl JsSeq {
    /// The next item and its index (not generic: one copy serves every item type).
    #[inline(never)]
    fn advance(&mut self) -> Option<(u32, Result<JsValue, JsInputError>)> {
        if self.next >= self.length {
            return None;
        }
        let index = self.next;
        self.next += 1;
        Some((index, read_property(&self.array, &index.into())))
    }
}

impl<'de> de::SeqAccess<'de> for JsSeq {
    type Error = JsInputError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some((index, item)) = self.advance() else {
            return Ok(None);
        };
        item.and_then(|item| seed.deserialize(JsInput(item)))
            .map(Some)
            .map_err(|error| error.at_index(index))
    }
}

/// The object's `Object.keys()`, key by key.
struct JsMap {
    object: JsValue,
    keys: js_sys::Array,
    next: u32,
    /// The key and value of the entry whose key was just read.
    current: Option<(String, JsValue)>,
}

impl JsMap {
    /// Reads the next key and its value into `current` (not generic: one copy serves every
    /// struct). A value that cannot be read is an error naming its key.
    #[inline(never)]
    fn advance(&mut self) -> Result<Option<&str>, JsInputError> {
        // `keys` is a plain array of strings made by Object.keys: reading it runs no caller code.
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        let name = self.keys.get(self.next);
        self.next += 1;
        let key = name.as_string().unwrap_or_default();
        let value = read_property(&self.object, &name).map_err(|error| error.under_key(&key))?;
        let (key, _) = self.current.insert((key, value));
        Ok(Some(key))
    }
}

impl<'de> de::MapAccess<'de> for JsMap {
    type Error = JsInputError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some(key) = self.advance()? else {
            return Ok(None);
        };
        seed.deserialize(de::value::StrDeserializer::<JsInputError>::new(key))
            .map(Some)
            // An unknown key (`deny_unknown_fields`) is named by its own path.
            .map_err(|error| error.under_key(key))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let (key, value) = self.current.take().unwrap_or_default();
        seed.deserialize(JsInput(value))
            .map_err(|error| error.under_key(&key))
    }
}
