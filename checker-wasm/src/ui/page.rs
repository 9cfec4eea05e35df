//! The checker page: finds the contract's hooks, restores the draft, and re-checks as the
//! applicant answers. Reads the form, asks the rules, hands the result to `view`.

use std::rc::Rc;

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

use super::dom::{append, append_link, by_id, clear, error};
use super::draft::{self, Draft};
use super::extras::{self, Words};
use super::view::{self, Clauses};
use crate::bindings::{read_answers, read_policy};
use checker_rules::answers::{check_date, latest_date};
use checker_rules::calendar::Date;
use checker_rules::eligibility::{check_eligibility_on, Outcome};
use checker_rules::policy::Policy;
use checker_rules::routing::{applicant_message, FormValue, RawAnswers, QUESTIONS};
use checker_rules::share::{self, ShareError};
use checker_rules::summary::check_summary;

struct Page {
    document: Document,
    form: HtmlFormElement,
    missing: Element,
    result: HtmlElement,
    summary_text: HtmlTextAreaElement,
    summary_result: Element,
    /// The notice that the browser does not keep the draft.
    draft_status: HtmlElement,
    policy: Policy,
    clauses: Clauses,
    words: Words,
}

/// Starts the checker on the page that has its hooks; called once by `checker/page.js`.
#[wasm_bindgen(js_name = mountPage)]
pub fn mount_page() -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| error("mountPage: no document"))?;
    let page = Rc::new(Page {
        form: by_id(&document, "eligibility-form")?,
        missing: by_id(&document, "eligibility-missing")?,
        result: by_id(&document, "eligibility-result")?,
        summary_text: by_id(&document, "summary-text")?,
        summary_result: by_id(&document, "summary-result")?,
        draft_status: by_id(&document, "draft-status")?,
        policy: read_data_island(&document, "checker-policy")
            .and_then(|value| read_policy(value).map_err(|e| error(&e.to_string())))?,
        clauses: Clauses(Object::from(read_data_island(
            &document,
            "checker-clauses",
        )?)),
        words: Words(Object::from(read_data_island(&document, "checker-words")?)),
        document,
    });

    // A shared link's answers win over this device's draft; a damaged one leaves the form empty.
    let shared = shared_answers();
    page.restore(shared.is_none());
    if let Some(shared) = &shared {
        match shared {
            Ok(raw) => page.set_answers(raw),
            Err(error) => {
                let key = match error {
                    ShareError::OtherVersion => "share_old",
                    ShareError::Damaged => "share_damaged",
                };
                page.missing.set_text_content(Some(&page.words.get(key)));
            }
        }
    }
    page.fill_today();
    let restored = page.read_form();
    page.route(&restored)?;
    page.count_summary()?;
    if restored.unanswered().is_empty() {
        page.check(&restored, false)?;
    }
    if matches!(shared, Some(Ok(_))) {
        page.save(&restored);
    }

    listen(&page.form, "input", &page, |page, _| page.answers_changed())?;
    listen(&page.form, "change", &page, |page, _| {
        page.answers_changed()
    })?;
    listen(&page.form, "submit", &page, |page, event| {
        // The form never goes anywhere (it has no action and submitting is prevented): checking happens here.
        event.prevent_default();
        page.check(&page.read_form(), true)
    })?;
    listen(&page.result, "click", &page, |page, event| {
        let id = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .map(|element| element.id())
            .unwrap_or_default();
        if id == "print-result" {
            if let Some(window) = web_sys::window() {
                window.print()?;
            }
        } else if id == "eligibility-share-copy" {
            extras::copy_link(&page.document, &page.words)?;
        }
        Ok(())
    })?;
    listen(&page.summary_text, "input", &page, |page, _| {
        page.save(&page.read_form());
        page.count_summary()
    })?;
    let clear_button: HtmlElement = by_id(&page.document, "checker-clear")?;
    listen(&clear_button, "click", &page, |page, _| page.forget())?;

    super::work_history::mount(&page.document)?;

    // Everything is wired: checker/page.js makes the form usable.
    Ok(())
}

/// The answers of a shared link (`checker.html#v1.…`), if the page was opened with one; other
/// fragments (a heading's anchor) are not answers.
fn shared_answers() -> Option<Result<RawAnswers, ShareError>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#')?;
    let looks_shared = fragment
        .strip_prefix('v')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    looks_shared.then(|| share::decode(fragment))
}

fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    page: &Rc<Page>,
    handler: impl Fn(&Page, &Event) -> Result<(), JsValue> + 'static,
) -> Result<(), JsValue> {
    let page = page.clone();
    let closure = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        if let Err(error) = handler(&page, &event) {
            web_sys::console::error_1(&error);
        }
    });
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // The page lives as long as the document: the listener is never removed.
    closure.forget();
    Ok(())
}

/// The device's local date (the last day of year 9999 on a clock beyond it).
pub(super) fn today() -> Date {
    let now = js_sys::Date::new_0();
    i32::try_from(now.get_full_year())
        .ok()
        .and_then(|year| Date::from_ymd(year, now.get_month() + 1, now.get_date()))
        .unwrap_or(Date::LAST)
}

fn read_data_island(document: &Document, id: &str) -> Result<JsValue, JsValue> {
    let text = by_id::<Element>(document, id)?
        .text_content()
        .unwrap_or_default();
    JSON::parse(&text)
}

impl Page {
    /// The control's current value: the checked radio's value, or the select/input value.
    fn raw(&self, field: &str) -> Option<String> {
        let control = self.form.elements().named_item(field)?;
        if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
            return Some(select.value());
        }
        if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            return Some(input.value());
        }
        // Radios share a name: `named_item` gives a RadioNodeList, whose `value` is the checked one.
        Reflect::get(&control, &JsValue::from_str("value"))
            .ok()?
            .as_string()
    }

    fn read_form(&self) -> RawAnswers {
        RawAnswers::read(|field| self.raw(field))
    }

    /// Shows a follow-up question only when the answer before it calls for it.
    fn route(&self, raw: &RawAnswers) -> Result<(), JsValue> {
        for question in QUESTIONS.iter() {
            by_id::<HtmlElement>(&self.document, &question.block_id())?
                .set_hidden(!raw.is_asked(question.field));
        }
        Ok(())
    }

    fn answers_changed(&self) -> Result<(), JsValue> {
        let raw = self.read_form();
        self.route(&raw)?;
        self.save(&raw);
        if raw.unanswered().is_empty() {
            self.check(&raw, false)
        } else {
            self.show_next(false);
            view::no_eligibility(&self.result)
        }
    }

    /// Asks the rules; `submitted` says the applicant pressed the button, so unanswered
    /// questions are listed and the result gets the focus.
    fn check(&self, raw: &RawAnswers, submitted: bool) -> Result<(), JsValue> {
        clear(&self.missing);
        let unanswered = raw.unanswered();
        if !unanswered.is_empty() {
            view::no_eligibility(&self.result)?;
            self.show_next(false);
            if submitted {
                self.missing.set_text_content(Some("还需回答："));
                for question in unanswered {
                    append_link(
                        &self.missing,
                        &format!("#{}", question.control_id()),
                        question.label,
                    )?;
                    append(&self.missing, "span", "", " ")?;
                }
            }
            return Ok(());
        }
        let answers = Object::new();
        for question in QUESTIONS.iter() {
            let value = match raw.value_for(question) {
                Some(FormValue::Bool(flag)) => JsValue::from_bool(flag),
                Some(FormValue::Text(text)) => JsValue::from_str(text),
                Some(FormValue::Null) | None => JsValue::NULL,
            };
            Reflect::set(&answers, &JsValue::from_str(question.field), &value)?;
        }
        let today = today();
        let mut application = None;
        let checked = read_answers(JsValue::from(answers)).and_then(|answers| {
            application = Some(answers.application_date);
            // The page's date of the check is the device's today unless the applicant changes it.
            check_date(
                "application_date",
                answers.application_date,
                latest_date(today),
            )?;
            check_eligibility_on(&answers, &self.policy, Some(today))
        });
        match (checked, application) {
            (Ok(result), Some(application)) => {
                view::eligibility(&self.result, &result, &self.clauses, application)?;
                extras::intake(
                    &self.result,
                    &result,
                    application,
                    today,
                    &self.policy,
                    &self.words,
                )?;
                extras::share_link(&self.result, raw, &self.words)?;
                extras::print_facts(&self.result, &self.form, raw, application, &self.words)?;
                self.show_next(result.outcome == Outcome::Eligible);
                if submitted {
                    self.result.focus()?;
                }
            }
            (Err(error), _) => {
                view::no_eligibility(&self.result)?;
                self.show_next(false);
                let text = applicant_message(&error, application, today);
                self.missing.set_text_content(Some(&text));
            }
            // The answers were read, so the application date was too.
            (Ok(_), None) => view::no_eligibility(&self.result)?,
        }
        Ok(())
    }

    /// The steps after 「可以申报」 (`#eligible-next`, checker.md's words).
    fn show_next(&self, show: bool) {
        if let Ok(next) = by_id::<HtmlElement>(&self.document, "eligible-next") {
            next.set_hidden(!show);
        }
    }

    /// Counts the summary; with no text there is nothing to count and the area stays empty (so
    /// the page does not grow when the checker starts on a fresh visit).
    fn count_summary(&self) -> Result<(), JsValue> {
        let text = self.summary_text.value();
        if text.is_empty() {
            clear(&self.summary_result);
            return self.summary_result.remove_attribute("data-words");
        }
        let result = check_summary(&text, &self.policy);
        view::summary(&self.summary_result, &result, &self.clauses)
    }

    /// Today's date as the 查询日期, unless one is there (kept from the draft or a link).
    fn fill_today(&self) {
        if let Ok(input) = by_id::<HtmlInputElement>(&self.document, "application_date") {
            if !input.value().is_empty() {
                return;
            }
            let today = today();
            // Date's Display would link a formatter of its own: the integer one is there anyway.
            let text = format!(
                "{:04}-{:02}-{:02}",
                today.year(),
                today.month(),
                today.day()
            );
            input.set_value(&text);
        }
    }

    fn save(&self, raw: &RawAnswers) {
        let answers = Object::new();
        for (field, value) in raw.iter() {
            // The 查询日期 is kept with the other answers: a reload shows the same result.
            if !value.is_empty() {
                let _ = Reflect::set(
                    &answers,
                    &JsValue::from_str(field),
                    &JsValue::from_str(value),
                );
            }
        }
        let saved = draft::save(&Draft {
            answers,
            summary: self.summary_text.value(),
        });
        self.draft_status.set_hidden(saved);
    }

    /// Brings back the draft's summary, and its answers when `answers` (not when a link's answers
    /// are to be shown instead).
    fn restore(&self, answers: bool) {
        let Some(saved) = draft::load() else { return };
        // A text the browser itself restored on reload is what was on screen: newer than any draft.
        if self.summary_text.value().is_empty() {
            self.summary_text.set_value(&saved.summary);
        }
        if !answers {
            return;
        }
        for question in QUESTIONS.iter() {
            let Some(value) = Reflect::get(&saved.answers, &JsValue::from_str(question.field))
                .ok()
                .and_then(|v| v.as_string())
            else {
                continue;
            };
            if let Some(control) = self.form.elements().named_item(question.field) {
                let _ = Reflect::set(
                    &control,
                    &JsValue::from_str("value"),
                    &JsValue::from_str(&value),
                );
            }
        }
    }

    /// Puts a link's answers into the form's controls.
    fn set_answers(&self, raw: &RawAnswers) {
        for (field, value) in raw.iter() {
            if let Some(control) = self.form.elements().named_item(field) {
                let _ = Reflect::set(
                    &control,
                    &JsValue::from_str("value"),
                    &JsValue::from_str(value),
                );
            }
        }
    }

    fn forget(&self) -> Result<(), JsValue> {
        draft::forget();
        self.draft_status.set_hidden(true);
        self.form.reset();
        self.summary_text.set_value("");
        self.fill_today();
        clear(&self.missing);
        view::no_eligibility(&self.result)?;
        self.show_next(false);
        self.route(&self.read_form())?;
        self.count_summary()
    }
}
