//! The checker page: finds the contract's hooks, restores the draft, and re-checks as the
//! applicant answers. Reads the form, asks the rules, hands the result to `view`.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Object, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlFormElement, HtmlTextAreaElement};

use super::dom::{
    add_link, append, by_id, clear, clear_timeout, closest, error, find, find_all, focus, here,
    listen, once, replace_address, set_flag, set_timeout, set_value, target_element, text_at,
    unset, value, value_of, Handler, Hooks, Later,
};
use super::draft::{self, Draft};
use super::extras::{self, Words};
use super::view::{self, Clauses};
use crate::bindings::{read_answers, read_policy, PlainObject};
use checker_rules::answers::{check_date, latest_date};
use checker_rules::calendar::Date;
use checker_rules::eligibility::{check_eligibility_on, Outcome};
use checker_rules::policy::Policy;
use checker_rules::routing::{applicant_message, FormValue, RawAnswers, QUESTIONS};
use checker_rules::share::{self, ShareError};
use checker_rules::split_once_ascii;
use checker_rules::summary::check_summary;
use checker_rules::text;

/// How long what the clear button removed can be brought back (checker.md's `storage.cleared`
/// says 10 seconds).
const UNDO_MS: i32 = 10_000;
/// The pause in typing after which a live region says its one sentence.
const SETTLE_MS: i32 = 1_000;

struct Page {
    document: Document,
    form: HtmlFormElement,
    missing: Element,
    result: HtmlElement,
    summary_text: HtmlTextAreaElement,
    summary_result: Element,
    /// The notice that the browser does not keep the draft.
    draft_status: HtmlElement,
    /// Live regions of one short sentence each (the result areas themselves are not live), and
    /// the pending timer of each.
    eligibility_live: Element,
    summary_live: Element,
    eligibility_timer: Cell<i32>,
    summary_timer: Cell<i32>,
    /// The clear button, its confirmation, its status line and its undo button; what was
    /// cleared while it can still be undone, and the timer that ends the offer.
    clear_button: HtmlElement,
    clear_confirm: HtmlElement,
    clear_status: HtmlElement,
    undo: HtmlElement,
    undo_timer: Cell<i32>,
    cleared: Cell<Option<Draft>>,
    policy: Policy,
    clauses: Clauses,
    words: Words,
}

/// Starts the checker on the page that has its hooks; called once by `checker/page.js`.
#[wasm_bindgen(js_name = mountPage)]
pub fn mount_page() -> Result<(), JsValue> {
    let document = super::dom::window()
        .and_then(|window| window.document())
        .ok_or_else(|| error("mountPage: no document"))?;
    let policy = read_data_island(&document, "checker-policy")
        .and_then(|value| read_policy(value).map_err(|e| error(&e.to_string())))?;
    let clauses = Clauses(Object::from(read_data_island(
        &document,
        "checker-clauses",
    )?));
    let words = Words(Object::from(read_data_island(&document, "checker-words")?));
    let mut hooks = Hooks::new(&document);
    let page = Page {
        form: hooks.get_kind("eligibility-form", "FORM"),
        missing: hooks.get("eligibility-missing"),
        result: hooks.get("eligibility-result"),
        summary_text: hooks.get_kind("summary-text", "TEXTAREA"),
        summary_result: hooks.get("summary-result"),
        draft_status: hooks.get("draft-status"),
        eligibility_live: hooks.get("eligibility-live"),
        summary_live: hooks.get("summary-live"),
        eligibility_timer: Cell::new(0),
        summary_timer: Cell::new(0),
        clear_button: hooks.get("checker-clear"),
        clear_confirm: hooks.get("checker-clear-confirm"),
        clear_status: hooks.get("checker-clear-status"),
        undo: hooks.get("checker-clear-undo"),
        undo_timer: Cell::new(0),
        cleared: Cell::new(None),
        policy,
        clauses,
        words,
        document,
    };
    // The block of every question, which `route` shows or hides.
    for question in QUESTIONS.iter() {
        hooks.get::<Element>(&question.block_id());
    }
    hooks.done()?;
    let page = Rc::new(page);

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
    page.route(&restored);
    page.count_summary();
    if restored.unanswered().is_empty() {
        page.check(&restored, false);
    }
    if matches!(shared, Some(Ok(_))) {
        page.save(&restored);
    }

    // One handler for both: a text field reports `input`, a radio or a select `change`.
    let changed: Handler<Page> = |page, _| {
        page.answers_changed();
        Ok(())
    };
    listen(&page.form, "input", &page, changed);
    listen(&page.form, "change", &page, changed);
    listen(&page.form, "submit", &page, |page, event| {
        // The form never goes anywhere (it has no action and submitting is prevented): checking happens here.
        event.prevent_default();
        page.check(&page.read_form(), true);
        Ok(())
    });
    listen(&page.result, "click", &page, |page, event| {
        let id = target_element(event)
            .and_then(|element| element.get_attribute("id"))
            .unwrap_or_default();
        if id == "print-result" {
            super::dom::print();
        } else if id == "eligibility-share-copy" {
            extras::copy_link(&page.document, &page.words)?;
        }
        Ok(())
    });
    listen(&page.summary_text, "input", &page, |page, _| {
        page.save(&page.read_form());
        page.count_summary();
        Ok(())
    });
    // A "还需回答" link focuses its question's control (and leaves the address as it is).
    listen(&page.missing, "click", &page, |page, event| {
        let target = target_element(event)
            .and_then(|element| closest(&element, "a"))
            .and_then(|link| link.get_attribute("href"))
            .and_then(|href| {
                page.document
                    .get_element_by_id(href.strip_prefix("#").unwrap_or(&href))
            });
        if let Some(control) = target {
            event.prevent_default();
            focus(&control);
        }
        Ok(())
    });
    let storage: Element = by_id(&page.document, "checker-storage")?;
    listen(&storage, "click", &page, |page, event| {
        let id = target_element(event)
            .and_then(|element| element.get_attribute("id"))
            .unwrap_or_default();
        match id.as_str() {
            // Nothing is deleted before the applicant says so.
            "checker-clear" => {
                page.clear_confirm.set_hidden(false);
                focus(&by_id::<Element>(&page.document, "checker-clear-no")?);
            }
            "checker-clear-no" => {
                page.clear_confirm.set_hidden(true);
                focus(&page.clear_button);
            }
            "checker-clear-yes" => Page::forget(page),
            "checker-clear-undo" => page.bring_back(),
            _ => {}
        }
        Ok(())
    });
    // Anything typed after clearing is the applicant's new text: undo must not overwrite it.
    let app: Element = by_id(&page.document, "checker-app")?;
    listen(&app, "input", &page, |page, _| {
        page.end_undo("");
        Ok(())
    });

    super::work_history::mount(&page.document)?;

    // Everything is wired: checker/page.js makes the form usable.
    Ok(())
}

/// The address's fragment with its `#` (empty without one): `location.hash`, read from the
/// address the page reads anyway.
fn fragment_of(href: &str) -> &str {
    split_once_ascii(href, b'#')
        .and_then(|(page, _)| href.get(page.len()..))
        .unwrap_or_default()
}

/// The answers of a shared link (`checker.html#v1.…`), if the page was opened with one; other
/// fragments (a heading's anchor) are not answers.
fn shared_answers() -> Option<Result<RawAnswers, ShareError>> {
    let here = here();
    let fragment = fragment_of(&here).strip_prefix("#")?;
    let looks_shared = fragment
        .strip_prefix("v")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    looks_shared.then(|| share::decode(fragment))
}

/// The device's local date (the last day of year 9999 on a clock beyond it).
pub(super) fn today() -> Date {
    let now = js_sys::Date::new_0();
    i32::try_from(now.get_full_year())
        .ok()
        .and_then(|year| Date::from_ymd(year, now.get_month() + 1, now.get_date()))
        .unwrap_or(Date::LAST)
}

/// Runs `then` once after `ms`, instead of what `timer` was waiting to run.
fn after(ms: i32, timer: &Cell<i32>, then: Later) {
    clear_timeout(timer.get());
    timer.set(set_timeout(&once(then), ms));
}

/// Says `text` in a live region once the page has settled (typing paused); the same sentence
/// is not said twice in a row.
fn announce(live: &Element, text: String, timer: &Cell<i32>) {
    let live = live.clone();
    let say = move |_| {
        if live.text_content().unwrap_or_default() != text {
            live.set_text_content(Some(&text));
        }
    };
    after(SETTLE_MS, timer, Box::new(say));
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
        // Radios share a name: `named_item` gives a RadioNodeList, whose `value` is the checked one.
        let control = self.form.elements().named_item(field)?;
        value_of(&control)
    }

    fn read_form(&self) -> RawAnswers {
        RawAnswers::read(|field| self.raw(field))
    }

    /// Shows a follow-up question only when the answer before it calls for it.
    fn route(&self, raw: &RawAnswers) {
        for question in QUESTIONS.iter() {
            // Every block is there: `mount_page` checked.
            if let Some(block) = self.document.get_element_by_id(&question.block_id()) {
                block
                    .unchecked_into::<HtmlElement>()
                    .set_hidden(!raw.is_asked(question.field));
            }
        }
    }

    fn answers_changed(&self) {
        let raw = self.read_form();
        self.route(&raw);
        self.save(&raw);
        if raw.unanswered().is_empty() {
            self.check(&raw, false);
        } else {
            // Once listed, the missing answers stay listed (and marked) until they are given.
            if find(&self.missing, "ul").is_some() {
                self.show_missing(&raw, true);
            }
            self.no_result();
        }
    }

    /// No result for these answers: none shown, none announced, none in the address.
    fn no_result(&self) {
        self.show_next(false);
        announce(
            &self.eligibility_live,
            String::new(),
            &self.eligibility_timer,
        );
        self.keep_address(None);
        view::no_eligibility(&self.result);
    }

    /// Lists the unanswered questions (when `list`, as links to their controls) and marks their
    /// controls invalid; unmarks every other control.
    fn show_missing(&self, raw: &RawAnswers, list: bool) {
        clear(&self.missing);
        let unanswered = raw.unanswered();
        let items = if list && !unanswered.is_empty() {
            self.missing.set_text_content(Some("还需回答："));
            Some(append(&self.missing, "ul", "", ""))
        } else {
            None
        };
        for question in QUESTIONS.iter() {
            let invalid = items.is_some() && unanswered.contains(&question);
            let Some(block) = self.document.get_element_by_id(&question.block_id()) else {
                continue;
            };
            set_flag(&block, "data-invalid", invalid);
            for control in find_all(&block, "input, select") {
                set_flag(&control, "aria-invalid", invalid);
            }
            if let (Some(items), true) = (&items, invalid) {
                let item = append(items, "li", "", "");
                let mut href = String::from("#");
                href.push_str(&question.control_id());
                add_link(&item, &href, question.label);
            }
        }
    }

    /// Keeps the address's fragment in step with the result shown: the result's share link, or
    /// no answers at all when there is no result (another page's fragment, a heading's anchor,
    /// is left alone). `replaceState`: no navigation and no new entry in the history.
    fn keep_address(&self, href: Option<&str>) {
        let here = here();
        let target = match href {
            Some(href) => href,
            None => match fragment_of(&here) {
                hash if hash.starts_with("#v") => here.strip_suffix(hash).unwrap_or(&here),
                _ => return,
            },
        };
        if target != here {
            replace_address(target);
        }
    }

    /// Asks the rules; `submitted` says the applicant pressed the button, so unanswered
    /// questions are listed and the result gets the focus.
    fn check(&self, raw: &RawAnswers, submitted: bool) {
        self.show_missing(raw, submitted);
        if !raw.unanswered().is_empty() {
            return self.no_result();
        }
        let mut answers = PlainObject::new();
        for question in QUESTIONS.iter() {
            let value = match raw.value_for(question) {
                Some(FormValue::Bool(flag)) => JsValue::from_bool(flag),
                Some(FormValue::Text(text)) => JsValue::from_str(text),
                Some(FormValue::Null) | None => JsValue::NULL,
            };
            answers = answers.field(question.field, value);
        }
        let today = today();
        let mut application = None;
        let checked = read_answers(answers.done()).and_then(|answers| {
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
                view::eligibility(&self.result, &result, &self.clauses, application);
                extras::intake(
                    &self.result,
                    &result,
                    application,
                    today,
                    &self.policy,
                    &self.words,
                );
                let share = extras::share_link(&self.result, raw, &self.words);
                self.keep_address(Some(&share));
                extras::print_facts(
                    &self.result,
                    &self.document,
                    &self.form,
                    raw,
                    application,
                    &self.words,
                );
                self.show_next(result.outcome == Outcome::Eligible);
                announce(
                    &self.eligibility_live,
                    text::verdict(&result),
                    &self.eligibility_timer,
                );
                if submitted {
                    focus(&self.result);
                }
            }
            (Err(error), _) => {
                self.no_result();
                let text = applicant_message(&error, application, today);
                self.missing.set_text_content(Some(&text));
            }
            // The answers were read, so the application date was too.
            (Ok(_), None) => self.no_result(),
        }
    }

    /// The steps after 「可以申报」 (`#eligible-next`, checker.md's words).
    fn show_next(&self, show: bool) {
        if let Ok(next) = by_id::<HtmlElement>(&self.document, "eligible-next") {
            next.set_hidden(!show);
        }
    }

    /// Counts the summary; with no text there is nothing to count and the area stays empty (so
    /// the page does not grow when the checker starts on a fresh visit).
    fn count_summary(&self) {
        let text = value(&self.summary_text);
        if text.is_empty() {
            clear(&self.summary_result);
            announce(&self.summary_live, String::new(), &self.summary_timer);
            unset(&self.summary_result, "data-words");
            return;
        }
        let result = check_summary(&text, &self.policy);
        let headline = view::summary(&self.summary_result, &result, &self.clauses);
        announce(&self.summary_live, headline, &self.summary_timer);
    }

    /// Today's date as the 查询日期, unless one is there (kept from the draft or a link).
    fn fill_today(&self) {
        if let Ok(input) = by_id::<Element>(&self.document, "application_date") {
            if !value(&input).is_empty() {
                return;
            }
            // `YYYY-MM-DD`, as the date input takes it.
            set_value(&input, &today().iso());
        }
    }

    fn save(&self, raw: &RawAnswers) {
        let saved = draft::save(&self.draft(raw));
        self.draft_status.set_hidden(saved);
    }

    /// The answers (by field, the empty ones left out) and the summary, as they are kept.
    fn draft(&self, raw: &RawAnswers) -> Draft {
        let mut answers = PlainObject::new();
        for (field, value) in raw.iter() {
            // The 查询日期 is kept with the other answers: a reload shows the same result.
            if !value.is_empty() {
                answers = answers.field(field, value.into());
            }
        }
        Draft {
            answers: answers.done().into(),
            summary: value(&self.summary_text),
        }
    }

    /// Brings back the draft's summary, and its answers when `answers` (not when a link's answers
    /// are to be shown instead).
    fn restore(&self, answers: bool) {
        if let Some(saved) = draft::load() {
            self.put(&saved, answers);
        }
    }

    /// Puts a draft's summary into an empty summary field, and its answers (when `answers`) into
    /// the form.
    fn put(&self, saved: &Draft, answers: bool) {
        // A text the browser itself restored on reload is what was on screen: newer than any draft.
        if value(&self.summary_text).is_empty() {
            set_value(&self.summary_text, &saved.summary);
        }
        if !answers {
            return;
        }
        for question in QUESTIONS.iter() {
            let Some(value) = text_at(&saved.answers, question.field) else {
                continue;
            };
            if let Some(control) = self.form.elements().named_item(question.field) {
                set_value(&control, &value);
            }
        }
    }

    /// Puts a link's answers into the form's controls.
    fn set_answers(&self, raw: &RawAnswers) {
        for (field, value) in raw.iter() {
            if let Some(control) = self.form.elements().named_item(field) {
                set_value(&control, value);
            }
        }
    }

    /// Clears everything (the applicant confirmed), keeping it to be brought back for a while.
    fn forget(page: &Rc<Page>) {
        // A second clear while the first can be undone must not replace what the undo brings back.
        if page.undo.hidden() {
            page.cleared.set(Some(page.draft(&page.read_form())));
        }
        page.clear_confirm.set_hidden(true);
        page.clear();
        page.clear_status
            .set_text_content(page.clear_status.get_attribute("data-cleared").as_deref());
        page.undo.set_hidden(false);
        focus(&page.undo);
        let later = page.clone();
        after(
            UNDO_MS,
            &page.undo_timer,
            Box::new(move |_| later.end_undo("")),
        );
    }

    /// Puts back what the clear button removed (the work-history helper puts back its rows).
    fn bring_back(&self) {
        if let Some(saved) = self.cleared.take() {
            self.put(&saved, true);
        }
        self.answers_changed();
        self.count_summary();
        let restored = self.clear_status.get_attribute("data-restored");
        self.end_undo(&restored.unwrap_or_default());
    }

    /// Withdraws the undo offer, saying `status` on the status line; the focus goes to the clear
    /// button if it was on the undo button.
    fn end_undo(&self, status: &str) {
        if self.undo.hidden() {
            return;
        }
        clear_timeout(self.undo_timer.get());
        self.cleared.take();
        let focused = self.document.active_element().as_ref() == Some(&*self.undo);
        self.undo.set_hidden(true);
        self.clear_status.set_text_content(Some(status));
        if focused {
            focus(&self.clear_button);
        }
    }

    fn clear(&self) {
        draft::forget();
        self.draft_status.set_hidden(true);
        self.form.reset();
        set_value(&self.summary_text, "");
        self.fill_today();
        let raw = self.read_form();
        self.show_missing(&raw, false);
        self.no_result();
        self.route(&raw);
        self.count_summary();
    }
}
