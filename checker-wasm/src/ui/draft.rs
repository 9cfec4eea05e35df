//! The applicant's answers and summary draft, kept in this browser's localStorage so that a
//! reload or a crashed tab loses nothing. Never sent anywhere; the page's clear button removes it.

use js_sys::{Array, Object, JSON};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Storage;

use crate::bindings::PlainObject;

const KEY: &str = "suzhou-title-guide.checker.v1";
/// The work-history helper's rows, each a list of its five inputs' values (`work_history`).
const WORK_HISTORY_KEY: &str = "suzhou-title-guide.checker.work-history.v1";

/// What is kept: control values by answer field, and the summary text.
pub struct Draft {
    pub answers: Object,
    pub summary: String,
}

fn storage() -> Option<Storage> {
    // Storage can be missing or refuse (private modes, full quota): the page then says that it
    // does not remember (`#draft-status`).
    super::dom::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<Draft> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    let value = JSON::parse(&text).ok()?;
    let answers = Some(super::dom::at(&value, "answers"))
        .filter(|v| v.is_object())
        .map(Object::from)
        .unwrap_or_default();
    let summary = super::dom::text_at(&value, "summary").unwrap_or_default();
    Some(Draft { answers, summary })
}

/// Keeps the draft; false when the browser would not (no storage, or over its quota). Then the
/// draft kept before is removed too: a reload must never bring back an older text than the one
/// the applicant was told is not kept.
pub fn save(draft: &Draft) -> bool {
    let record = PlainObject::new()
        .field("answers", draft.answers.clone().into())
        .field("summary", draft.summary.as_str().into())
        .done();
    keep(KEY, &record)
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.stringify(value)`, which cannot throw for what the page keeps: objects, arrays and
    /// strings it made itself.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify)]
    fn to_json(value: &JsValue) -> String;
}

/// Keeps `value` under `key`; false when the browser would not, and then what was kept under
/// `key` before is removed.
fn keep(key: &str, value: &JsValue) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let saved = storage.set_item(key, &to_json(value)).is_ok();
    if !saved {
        let _ = storage.remove_item(key);
    }
    saved
}

pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
        let _ = storage.remove_item(WORK_HISTORY_KEY);
    }
}

/// The kept work-history rows (none when nothing is kept or it cannot be read).
pub fn load_work_history() -> Array {
    storage()
        .and_then(|storage| storage.get_item(WORK_HISTORY_KEY).ok().flatten())
        .and_then(|text| JSON::parse(&text).ok())
        .filter(Array::is_array)
        .map(JsCast::unchecked_into)
        .unwrap_or_default()
}

/// Keeps the rows; false (and nothing older kept) when the browser would not.
pub fn save_work_history(rows: &Array) -> bool {
    keep(WORK_HISTORY_KEY, rows)
}
