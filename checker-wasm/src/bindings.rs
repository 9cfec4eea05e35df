//! The JavaScript face of the checker: the only module that knows about wasm-bindgen.
//!
//! Results are plain objects written by [`JsOutput`], a small serde `Serializer` (`None` is
//! `null`, never `undefined`). Every error is a thrown JS
//! `Error` whose message starts with the field it is about (`diploma: unknown variant …`),
//! exactly the native `InputError`'s text.
//!
//! Arguments are read by the explicit readers of `crate::input`, whose errors go through the
//! same `InputError::from_path` as the native serde reading, so the two read them alike.

use core::fmt;

use serde::ser;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use checker_rules::error::InputError;

pub(crate) use crate::input::{read_answers, read_policy};
use crate::input::{read_context, read_entries};

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
        let entries = read_entries(&entries)?;
        let context = read_context(&context)?;
        to_js(&checker_rules::work_history::check_work_history(
            &entries, &context,
        ))
    };
    run().map_err(|error| JsError::new(&error.to_string()))
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
