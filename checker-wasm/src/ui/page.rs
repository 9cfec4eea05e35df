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
use super::view::{self, Clauses};
use crate::bindings::{read_answers, read_policy};
use checker_rules::answers::{check_date, latest_date};
use checker_rules::calendar::Date;
use checker_rules::eligibility::check_eligibility_on;
use checker_rules::policy::Policy;
use checker_rules::routing::{applicant_message, FormValue, RawAnswers, QUESTIONS};
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
        document,
    });

    page.restore();
    page.fill_today();
    let restored = page.read_form();
    page.route(&restored)?;
    page.count_summary()?;
    if restored.unanswered().is_empty() {
        page.check(&restored, false)?;
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
    listen(&page.result, "click", &page, |_, event| {
        let on_print = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .is_some_and(|element| element.id() == "print-result");
        if on_print {
            if let Some(window) = web_sys::window() {
                window.print()?;
            }
        }
        Ok(())
    })?;
    listen(&page.summary_text, "input", &page, |page, _| {
        page.save(&page.read_form());
        page.count_summary()
    })?;
    let clear_button: HtmlElement = by_id(&page.document, "checker-clear")?;
    listen(&clear_button, "click", &page, |page, _| page.forget())?;

    // Everything is wired: swap the "cannot run" notice for the checker.
    by_id::<HtmlElement>(&page.document, "checker-app")?.set_hidden(false);
    by_id::<HtmlElement>(&page.document, "checker-status")?.set_hidden(true);
    Ok(())
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
fn today() -> Date {
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
        match checked {
            Ok(result) => {
                // The answers were read, so `application` is set.
                let application = application.unwrap_or(today);
                view::eligibility(&self.result, &result, &self.clauses, application)?;
                if submitted {
                    self.result.focus()?;
                }
            }
            Err(error) => {
                view::no_eligibility(&self.result)?;
                let text = applicant_message(&error, application, today);
                self.missing.set_text_content(Some(&text));
            }
        }
        Ok(())
    }

    fn count_summary(&self) -> Result<(), JsValue> {
        let result = check_summary(&self.summary_text.value(), &self.policy);
        view::summary(&self.summary_result, &result, &self.clauses)
    }

    fn fill_today(&self) {
        if let Ok(input) = by_id::<HtmlInputElement>(&self.document, "application_date") {
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
            // The date of the check is always today's on the next visit.
            if field != "application_date" && !value.is_empty() {
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

    fn restore(&self) {
        let Some(saved) = draft::load() else { return };
        // A text the browser itself restored on reload is what was on screen: newer than any draft.
        if self.summary_text.value().is_empty() {
            self.summary_text.set_value(&saved.summary);
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

    fn forget(&self) -> Result<(), JsValue> {
        draft::forget();
        self.draft_status.set_hidden(true);
        self.form.reset();
        self.summary_text.set_value("");
        self.fill_today();
        clear(&self.missing);
        view::no_eligibility(&self.result)?;
        self.route(&self.read_form())?;
        self.count_summary()
    }
}
