//! The work-history helper (FAQ 关于如何填写工作经历): rows of 起, 止, 单位, 部门, 岗位 in
//! `#work-history-form`, checked by `checker_rules::work_history` as the applicant types. Each
//! row shows its own problems; the result gives the months of professional work, the gaps, the
//! text for the 网办 form (with a copy button) and offers the first 起 as the checker's
//! `work_start_date`. Every word comes from the page (`#work-history-words`, from checker.md).
//! The rows are kept with the draft (`draft`) and cleared by the page's clear button.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlElement, HtmlFormElement, HtmlTemplateElement, HtmlTextAreaElement,
};

use super::dom::{
    add, append, at, attr, by_id, clear, closest, copy_of, find, find_all, fire, focus, listen,
    once, set_value, target_element, text_at, unset, value as value_of, write_clipboard, Hooks,
};
use super::draft;
use checker_rules::calendar::{Date, YearMonth};
use checker_rules::work_history::{check_work_history, Context, Entry, WorkHistoryResult};

/// The inputs of a row, in the order they are kept.
const FIELDS: [&str; 5] = ["start", "end", "unit", "department", "post"];

struct History {
    document: Document,
    form: HtmlFormElement,
    template: HtmlTemplateElement,
    add: HtmlElement,
    result: Element,
    months: Element,
    notes: Element,
    output: HtmlElement,
    text: HtmlTextAreaElement,
    copy_status: Element,
    use_start: HtmlElement,
    /// checker.md's words: `months`, `gap`, `copied`, `copy_failed`, `use_start`, `problems`.
    words: Object,
    /// The rows the page's clear button removed, while its undo button can bring them back.
    cleared: Cell<Option<Array>>,
}

/// Wires the helper; called by `page::mount_page` once the page's own hooks are found.
pub fn mount(document: &Document) -> Result<(), JsValue> {
    let words_text = by_id::<Element>(document, "work-history-words")?
        .text_content()
        .unwrap_or_default();
    let words = Object::from(js_sys::JSON::parse(&words_text)?);
    let mut hooks = Hooks::new(document);
    let history = History {
        form: hooks.get_kind("work-history-form", "FORM"),
        template: hooks.get_kind("work-history-row-template", "TEMPLATE"),
        add: hooks.get("work-history-add"),
        result: hooks.get("work-history-result"),
        months: hooks.get("work-history-months"),
        notes: hooks.get("work-history-notes"),
        output: hooks.get("work-history-output"),
        text: hooks.get_kind("work-history-text", "TEXTAREA"),
        copy_status: hooks.get("work-history-copy-status"),
        use_start: hooks.get("work-history-use-start"),
        words,
        cleared: Cell::new(None),
        document: document.clone(),
    };
    hooks.done()?;
    let history = Rc::new(history);
    history.restore(&draft::load_work_history())?;
    history.update();

    listen(&history.form, "input", &history, |h, _| {
        h.changed();
        Ok(())
    });
    listen(&history.add, "click", &history, |h, _| {
        let row = h.add_row()?;
        if let Some(start) = input(&row, "start") {
            focus(&start);
        }
        h.changed();
        Ok(())
    });
    listen(&history.form, "click", &history, |h, event| {
        let row = target_element(event)
            // The button holds only its text: the click's target is the button itself.
            .filter(|t| closest(t, ".work-history-remove").is_some())
            .and_then(|t| closest(&t, ".work-history-row"));
        if let Some(row) = row {
            h.remove_row(&row);
            focus(&h.add);
            h.changed();
        }
        Ok(())
    });
    // Graduation and the date of applying are the checker's answers above.
    let eligibility: Element = by_id(document, "eligibility-form")?;
    listen(&eligibility, "change", &history, |h, _| {
        h.update();
        Ok(())
    });
    listen(
        &by_id(document, "work-history-copy")?,
        "click",
        &history,
        |h, _| {
            h.copy();
            Ok(())
        },
    );
    listen(&history.use_start, "click", &history, |h, _| h.give_start());
    // The page's clear button (once confirmed) forgets the draft, work history included: empty
    // the rows too, keeping them for its undo button (a second clear while the first can be
    // undone keeps the first one's rows).
    listen(
        &by_id(document, "checker-clear-yes")?,
        "click",
        &history,
        |h, _| {
            let undo: HtmlElement = by_id(&h.document, "checker-clear-undo")?;
            if undo.hidden() {
                h.cleared.set(Some(h.values()));
            }
            h.clear_rows();
            h.update();
            Ok(())
        },
    );
    listen(
        &by_id(document, "checker-clear-undo")?,
        "click",
        &history,
        |h, _| {
            if let Some(rows) = h.cleared.take() {
                h.restore(&rows)?;
                h.changed();
            }
            Ok(())
        },
    );
    Ok(())
}

/// The row's input named `name`.
fn input(row: &Element, name: &str) -> Option<Element> {
    let mut selector = String::from("[name=");
    selector.push_str(name);
    selector.push(']');
    find(row, &selector)
}

fn value(row: &Element, name: &str) -> String {
    input(row, name).map(|i| value_of(&i)).unwrap_or_default()
}

/// A row as an entry; `None` while its 起 is empty or not a month (a browser without month
/// inputs shows a text box: `2024-07` is what it must hold).
fn entry(row: &Element) -> Option<Entry> {
    let end = value(row, "end");
    Some(Entry {
        start: YearMonth::parse(&value(row, "start"))?,
        end: match end.as_str() {
            "" => None,
            text => Some(YearMonth::parse(text)?),
        },
        unit: value(row, "unit").trim().to_owned(),
        department: value(row, "department").trim().to_owned(),
        post: value(row, "post").trim().to_owned(),
    })
}

/// `date`'s value as a date, if it holds one.
fn date_of(document: &Document, id: &str) -> Option<Date> {
    let input: Element = by_id(document, id).ok()?;
    Date::parse(&value_of(&input))
}

impl History {
    fn rows(&self) -> Vec<Element> {
        find_all(&self.form, ".work-history-row")
    }

    fn word(&self, key: &str) -> String {
        text_at(&self.words, key).unwrap_or_default()
    }

    /// A sentence of checker.md with the page's values put in: the builder split it at its
    /// placeholders (`["共 ", " 个月"]`), so no string search is linked into the wasm.
    fn filled(&self, key: &str, values: &[&str]) -> String {
        let parts = Some(at(&self.words, key))
            .filter(Array::is_array)
            .map(JsCast::unchecked_into::<Array>)
            .unwrap_or_default();
        let mut text = String::new();
        for (index, part) in (0u32..).zip(parts.iter()) {
            if index > 0 {
                if let Some(value) = values.get(index as usize - 1) {
                    text.push_str(value);
                }
            }
            text.push_str(&part.as_string().unwrap_or_default());
        }
        text
    }

    fn problem_word(&self, code: &str) -> String {
        text_at(&at(&self.words, "problems"), code).unwrap_or_default()
    }

    fn add_row(&self) -> Result<Element, JsValue> {
        let row = copy_of(
            &self
                .template
                .content()
                .first_element_child()
                .ok_or_else(|| super::dom::error("#work-history-row-template is empty"))?,
        );
        self.form.insert_before(&row, Some(&self.add))?;
        Ok(row)
    }

    /// Removes a row; the last one is emptied instead, so there is always a row to fill.
    fn remove_row(&self, row: &Element) {
        if self.rows().len() > 1 {
            row.remove();
        } else {
            for name in FIELDS {
                if let Some(input) = input(row, name) {
                    set_value(&input, "");
                }
            }
        }
    }

    fn clear_rows(&self) {
        for row in self.rows() {
            self.remove_row(&row);
        }
        self.copy_status.set_text_content(None);
    }

    fn changed(&self) {
        self.save();
        self.update();
    }

    /// Checks the rows and shows the result.
    fn update(&self) {
        let rows = self.rows();
        let mut entries = Vec::new();
        // The row each entry was read from.
        let mut from_row = Vec::new();
        for (position, row) in rows.iter().enumerate() {
            if let Some(entry) = entry(row) {
                entries.push(entry);
                from_row.push(position);
            }
        }
        let context = Context {
            qualification_date: date_of(&self.document, "qualification_date"),
            application_date: date_of(&self.document, "application_date")
                .unwrap_or_else(super::page::today),
        };
        let result = check_work_history(&entries, &context);
        for row in &rows {
            if let Some(list) = find(row, ".row-problems") {
                clear(&list);
            }
            unset(row, "data-problems");
        }
        for checked in &result.entries {
            let Some(row) = from_row.get(checked.index).and_then(|&p| rows.get(p)) else {
                continue;
            };
            let codes: Vec<&str> = checked.problems.iter().map(|p| p.code()).collect();
            attr(row, "data-problems", &crate::join(&codes, " "));
            if let Some(list) = find(row, ".row-problems") {
                for code in codes {
                    let item = append(&list, "li", "", &self.problem_word(code));
                    attr(&item, "data-problem", code);
                }
            }
        }
        self.show(&result);
    }

    fn show(&self, result: &WorkHistoryResult) {
        let codes: Vec<&str> = result.problems.iter().map(|p| p.code()).collect();
        attr(&self.result, "data-problems", &crate::join(&codes, " "));
        clear(&self.notes);
        let any = !result.entries.is_empty();
        self.output.set_hidden(!any);
        let months = if any {
            attr(&self.result, "data-months", &result.months.to_string());
            self.filled("months", &[&result.months.to_string()])
        } else {
            unset(&self.result, "data-months");
            String::new()
        };
        // A live region: changed only when its sentence does, so it is not read out per key.
        if self.months.text_content().unwrap_or_default() != months {
            self.months.set_text_content(Some(&months));
        }
        // Problems of the whole history (no row of their own), then the gaps.
        for problem in &result.problems {
            let code = problem.code();
            let of_a_row = result.entries.iter().any(|e| e.problems.contains(problem));
            if !of_a_row {
                let item = append(&self.notes, "li", "problem", &self.problem_word(code));
                attr(&item, "data-problem", code);
            }
        }
        for gap in &result.gaps {
            let text = self.filled("gap", &[&gap.from.chinese(), &gap.to.chinese()]);
            add(&self.notes, "li", "", &text);
        }
        if value_of(&self.text) != result.text {
            set_value(&self.text, &result.text);
            self.copy_status.set_text_content(None);
        }
        match result.first_start {
            Some(first) => {
                self.use_start.set_hidden(false);
                attr(&self.use_start, "data-month", &first.iso());
                self.use_start
                    .set_text_content(Some(&self.filled("use_start", &[&first.chinese()])));
            }
            None => self.use_start.set_hidden(true),
        }
    }

    /// Copies the text for the 网办 form; where the browser will not, selects it instead.
    fn copy(&self) {
        self.text.select();
        let promise = write_clipboard(&value_of(&self.text)).filter(JsValue::is_object);
        let status = self.copy_status.clone();
        let (copied, failed) = (self.word("copied"), self.word("copy_failed"));
        let Some(promise) = promise else {
            status.set_text_content(Some(&failed));
            return;
        };
        let on_copied = once({
            let status = status.clone();
            Box::new(move |_| status.set_text_content(Some(&copied)))
        });
        let on_failed = once(Box::new(move |_| status.set_text_content(Some(&failed))));
        // `promise.then(on_copied, on_failed)`, called through catching `call2`.
        if let Ok(then) = at(&promise, "then").dyn_into::<Function>() {
            let _ = then.call2(&promise, &on_copied, &on_failed);
        }
    }

    /// Gives the first 起 to the checker above as its work start (the 1st of that month), and
    /// lets it check again.
    fn give_start(&self) -> Result<(), JsValue> {
        let Some(month) = self.use_start.get_attribute("data-month") else {
            return Ok(());
        };
        let input: Element = by_id(&self.document, "work_start_date")?;
        let mut date = month;
        date.push_str("-01");
        set_value(&input, &date);
        let eligibility: Element = by_id(&self.document, "eligibility-form")?;
        fire(&eligibility, "change");
        focus(&input);
        Ok(())
    }

    /// Every row as the list of its five inputs' values.
    fn values(&self) -> Array {
        let rows = Array::new();
        for row in self.rows() {
            let kept = Array::new();
            for name in FIELDS {
                kept.push(&JsValue::from_str(&value(&row, name)));
            }
            rows.push(&kept);
        }
        rows
    }

    fn save(&self) {
        let saved = draft::save_work_history(&self.values());
        if let Ok(status) = by_id::<HtmlElement>(&self.document, "draft-status") {
            if !saved {
                status.set_hidden(false);
            }
        }
    }

    /// Puts kept rows back (a row per kept row; the page has one to start with).
    fn restore(&self, kept: &Array) -> Result<(), JsValue> {
        for (position, values) in kept.iter().enumerate() {
            let row = match self.rows().get(position) {
                Some(row) => row.clone(),
                None => self.add_row()?,
            };
            // A kept row is a list (anything else reads as one without values).
            let values: Array = values.unchecked_into();
            for (index, name) in (0u32..).zip(FIELDS) {
                if let (Some(input), Some(text)) =
                    (input(&row, name), values.get(index).as_string())
                {
                    set_value(&input, &text);
                }
            }
        }
        Ok(())
    }
}
