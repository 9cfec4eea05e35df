//! What a result carries beyond the verdict (the words pass): the intake window and its calendar
//! entry, the link that keeps and shares the answers, and the lines a printout needs. The
//! wording and data are `checker_rules` functions (tested natively); the words around them come
//! from the page (`#checker-words`, written from guide/checker.md).

use js_sys::Object;
use wasm_bindgen::JsValue;

use web_sys::{Document, Element, HtmlFormElement};

use super::dom::{
    add, append, append_link, attr, closest, file_url, find, text_at, write_clipboard,
};
use checker_rules::calendar::Date;
use checker_rules::eligibility::EligibilityResult;
use checker_rules::intake::{intake_ics, intake_window};
use checker_rules::policy::Policy;
use checker_rules::routing::{Control, RawAnswers, QUESTIONS};
use checker_rules::split_once_ascii;
use checker_rules::{share, text};

/// checker.md's `[result]` words, by key (`checker_rules::text::PAGE_WORDS`).
pub struct Words(pub Object);

impl Words {
    pub fn get(&self, key: &str) -> String {
        text_at(&self.0, key).unwrap_or_default()
    }
}

/// The intake window (days left, the next intake) and a calendar file for the intake month.
pub fn intake(
    area: &Element,
    result: &EligibilityResult,
    application: Date,
    today: Date,
    policy: &Policy,
    words: &Words,
) {
    let Some(window) = intake_window(result, application, policy) else {
        return;
    };
    add(area, "p", "intake-note", &text::intake_note(&window));
    let summary = format!(
        "{}（{}）",
        words.get("calendar_summary"),
        window.intake.chinese()
    );
    let Some(ics) = intake_ics(
        window.intake,
        today,
        &summary,
        &words.get("calendar_description"),
    ) else {
        return;
    };
    let href = file_url(&ics, "text/calendar;charset=utf-8");
    let line = append(area, "p", "calendar-line", "");
    let link = append_link(&line, &href, &words.get("calendar"));
    attr(&link, "id", "intake-calendar");
    let mut file = String::from("intake-");
    file.push_str(&window.intake.iso());
    file.push_str(".ics");
    attr(&link, "download", &file);
}

/// `a#eligibility-share`, the page's address with the answers as its fragment, and a copy
/// button; returns that address.
pub fn share_link(area: &Element, raw: &RawAnswers, words: &Words) -> String {
    let here = super::dom::here();
    let page = split_once_ascii(&here, b'#').map_or(here.as_str(), |(page, _)| page);
    let href = format!("{page}#{}", share::encode(raw));
    let line = append(area, "p", "share-line", &words.get("share"));
    let link = append_link(&line, &href, &href);
    attr(&link, "id", "eligibility-share");
    let copy = append(&line, "button", "", &words.get("copy"));
    attr(&copy, "type", "button");
    attr(&copy, "id", "eligibility-share-copy");
    href
}

/// Copies the share link (the copy button's click); says so when the browser did.
pub fn copy_link(document: &Document, words: &Words) -> Result<(), JsValue> {
    let Some(link) = document.get_element_by_id("eligibility-share") else {
        return Ok(());
    };
    let href = link.get_attribute("href").unwrap_or_default();
    if write_clipboard(&href).is_some() {
        if let Some(button) = document.get_element_by_id("eligibility-share-copy") {
            button.set_text_content(Some(&words.get("copied")));
        }
    }
    Ok(())
}

/// The lines a printout needs and the screen does not repeat: the 查询日期, the answers the
/// result rests on (in the form's own words), and that the result is for reference only.
pub fn print_facts(
    area: &Element,
    document: &Document,
    form: &HtmlFormElement,
    raw: &RawAnswers,
    application: Date,
    words: &Words,
) {
    let block = append(area, "div", "print-only", "");
    attr(&block, "id", "print-facts");
    add(
        &block,
        "p",
        "",
        &format!("{}：{}", words.get("print_date"), application.chinese()),
    );
    let mut answers = Vec::new();
    for question in QUESTIONS.iter() {
        if question.field == "application_date" || !raw.is_asked(question.field) {
            continue;
        }
        let value = raw.get(question.field).unwrap_or_default();
        let shown = match question.control {
            Control::Date => Date::parse(value).map(Date::chinese),
            // The label around the chosen radio.
            Control::Choice => document
                .get_element_by_id(&format!("{}-{value}", question.field))
                .and_then(|input| closest(&input, "label"))
                .and_then(|label| label.text_content()),
            // The selected option (none while nothing is selected).
            Control::Select => find(
                form,
                &format!("select[name={}] option:checked", question.field),
            )
            .and_then(|option| option.text_content()),
        };
        if let Some(shown) = shown {
            answers.push(format!("{}：{}", question.label, shown.trim()));
        }
    }
    add(
        &block,
        "p",
        "",
        &format!(
            "{}：{}",
            words.get("print_answers"),
            crate::join(&answers, "；")
        ),
    );
    add(&block, "p", "", &words.get("print_note"));
}
