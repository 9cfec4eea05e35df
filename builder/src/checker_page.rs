//! `guide/checker.md`: the checker page's own words — title, description, the intro (its body),
//! the text of every question of the form and of the page around it — checked against the
//! questions the checker reads (`checker_rules::routing::QUESTIONS`), which the form is rendered
//! from. The page and the checker therefore cannot disagree about which controls exist, and
//! every word on the page is content like any other page's.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{Environment, Value};
use serde::{Deserialize, Serialize};

use checker_rules::routing::{Control, Question, QUESTIONS};
use checker_rules::work_history::Problem;

use crate::content::{parse_doc, Doc, Source};
use crate::error::{BuildError, Location};
use crate::markdown::{self, Link};

/// The file, relative to the guide folder.
pub const FILE: &str = "checker.md";

/// The front matter of checker.md. Texts marked Markdown are one paragraph of inline Markdown
/// (emphasis, links); the others are plain text. All are expanded as templates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckerMeta {
    pub title: String,
    pub description: String,
    /// Markdown: shown until the checker runs, and for good where the browser cannot run it.
    pub unavailable: String,
    /// The empty first choice of a list.
    pub choose: String,
    /// The button that checks the answers.
    pub submit: String,
    /// The checker's own state while and when it does not start (plain text).
    pub status: StatusWords,
    /// Plain texts the checker page's script shows (share link, calendar entry, print lines, …),
    /// by key; the page reads them from a JSON data island, so the wasm holds none of them.
    pub result: BTreeMap<String, String>,
    /// What to do after 「可以申报」: a heading and Markdown steps.
    pub next_steps: NextStepsWords,
    /// The form's fieldsets, by a name the questions refer to.
    pub groups: BTreeMap<String, GroupWords>,
    /// Every question of the checker, by its answer field.
    pub questions: BTreeMap<String, QuestionWords>,
    pub summary: SummaryWords,
    pub work_history: WorkHistoryWords,
    pub storage: StorageWords,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusWords {
    /// On the submit button until the checker is ready.
    pub loading: String,
    /// The browser has no WebAssembly.
    pub no_wasm: String,
    /// The checker could not be downloaded or started.
    pub failed: String,
    /// The button that tries again.
    pub retry: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextStepsWords {
    pub heading: String,
    /// Markdown, one step each.
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupWords {
    pub legend: String,
    /// Markdown: the guide sections the group's questions rest on.
    #[serde(default)]
    pub basis: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionWords {
    /// The key of the group (fieldset) it is asked in.
    pub group: String,
    /// The question as the applicant reads it.
    pub text: String,
    /// Markdown: a note under the control.
    #[serde(default)]
    pub hint: Option<String>,
    /// A yes/no question's two answers (value `true`, value `false`).
    #[serde(default)]
    pub yes: Option<String>,
    #[serde(default)]
    pub no: Option<String>,
    /// A list's choices, by the value the checker reads.
    #[serde(default)]
    pub options: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryWords {
    pub heading: String,
    /// Markdown: what the count means and where the guide explains the summary.
    pub intro: String,
    /// The label of the text box.
    pub label: String,
}

/// The work-history helper (FAQ 关于如何填写工作经历): its form, result and the explanation of
/// each problem code of `checkWorkHistory`. `{months}`, `{from}`, `{to}` and `{month}` are filled
/// in by the page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkHistoryWords {
    pub heading: String,
    /// Markdown: what the helper does, citing the FAQ.
    pub intro: String,
    /// The legend of one row (one unit and department).
    pub row: String,
    pub start: String,
    pub end: String,
    /// Markdown: under 止, that empty means 至今.
    pub end_hint: String,
    pub unit: String,
    pub department: String,
    pub post: String,
    /// The buttons that add and remove a row.
    pub add: String,
    pub remove: String,
    /// `…{months}…`: the months of professional work.
    pub months: String,
    /// `…{from}…{to}…`: a gap between entries (not a problem, a note).
    pub gap: String,
    /// The label of the text to copy into the 网办 form, and the copy button.
    pub text: String,
    pub copy: String,
    pub copied: String,
    /// When the browser would not copy: the applicant selects the text instead.
    pub copy_failed: String,
    /// `…{month}…`: the button giving the first 起 as the checker's work start.
    pub use_start: String,
    /// One explanation per problem code of `checkWorkHistory`, in Chinese.
    pub problems: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageWords {
    /// Markdown: where the answers are kept.
    pub note: String,
    /// The button that forgets them.
    pub clear: String,
    /// Shown when the browser refuses to keep the draft (too large, storage disabled).
    pub not_saved: String,
    /// The question the clear button asks before anything is deleted.
    pub confirm: String,
    /// The buttons answering it: clear, or keep everything.
    pub confirm_yes: String,
    pub confirm_no: String,
    /// Said once everything is cleared, while it can still be undone.
    pub cleared: String,
    /// The button that brings back what was cleared.
    pub undo: String,
    /// Said once it is back.
    pub restored: String,
}

/// Reads `<guide>/checker.md`.
pub fn load(guide: &Path) -> Result<Doc<CheckerMeta>, BuildError> {
    let path = guide.join(FILE);
    if !path.is_file() {
        return Err(BuildError::Output {
            path,
            message: "missing: the checker page's title, description, intro and question texts live in this file (see docs/guide-format.md)".into(),
        });
    }
    let text = std::fs::read_to_string(&path).map_err(|err| BuildError::io(&path, err))?;
    parse_doc(&path, &text)
}

/// The page's words, expanded and rendered, in the shape `checker.html` loops over.
#[derive(Debug, Serialize)]
pub struct CheckerWords {
    pub title: String,
    pub description: String,
    unavailable: Value,
    choose: String,
    submit: String,
    status: StatusWords,
    result: BTreeMap<String, String>,
    next_steps: NextStepsView,
    groups: Vec<GroupView>,
    summary: SummaryView,
    work_history: WorkHistoryView,
    storage: StorageView,
    /// Internal links of the Markdown texts, for the link checker.
    #[serde(skip)]
    pub links: Vec<Link>,
}

#[derive(Debug, Serialize)]
struct GroupView {
    #[serde(skip)]
    key: String,
    legend: String,
    basis: Option<Value>,
    questions: Vec<QuestionView>,
}

/// One question as the template renders it: the checker's field and control, checker.md's words.
#[derive(Debug, Serialize)]
struct QuestionView {
    field: &'static str,
    /// `choice` (radios `true`/`false`), `select` or `date`.
    control: &'static str,
    control_id: String,
    block_id: String,
    /// Not asked while the form is empty (a follow-up): rendered hidden, so that the checker
    /// starting moves nothing on the page.
    follow_up: bool,
    text: String,
    hint: Option<Value>,
    yes: Option<String>,
    no: Option<String>,
    options: Vec<OptionView>,
}

#[derive(Debug, Serialize)]
struct OptionView {
    value: &'static str,
    text: String,
}

#[derive(Debug, Serialize)]
struct NextStepsView {
    heading: String,
    steps: Vec<Value>,
}

#[derive(Debug, Serialize)]
struct SummaryView {
    heading: String,
    intro: Value,
    label: String,
}

#[derive(Debug, Serialize)]
struct WorkHistoryView {
    heading: String,
    intro: Value,
    row: String,
    start: String,
    end: String,
    end_hint: Value,
    unit: String,
    department: String,
    post: String,
    add: String,
    remove: String,
    text: String,
    copy: String,
    /// What the page fills in itself (`work-history-words`, JSON for the wasm).
    words_json: Value,
}

/// The words the page's wasm writes: kept out of the wasm, as all of its Chinese.
///
/// A sentence with placeholders is given split at them (`"共 {months} 个月"` → `["共 ", " 个月"]`):
/// the page puts its values between the parts.
#[derive(Debug, Serialize)]
struct WorkHistoryScript {
    months: Vec<String>,
    gap: Vec<String>,
    copied: String,
    copy_failed: String,
    use_start: Vec<String>,
    problems: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
struct StorageView {
    note: Value,
    clear: String,
    not_saved: String,
    confirm: String,
    confirm_yes: String,
    confirm_no: String,
    cleared: String,
    undo: String,
    restored: String,
}

impl CheckerWords {
    /// The `[result]` words, for the page's `#checker-words` data island.
    pub fn page_words(&self) -> &BTreeMap<String, String> {
        &self.result
    }
}

/// Checks checker.md against the checker's questions and renders its texts.
pub fn words(
    doc: &Doc<CheckerMeta>,
    env: &Environment<'static>,
    context: &Value,
) -> Result<CheckerWords, BuildError> {
    let meta = &doc.meta;
    let mut texts = Texts {
        env,
        context,
        source: &doc.source,
        links: Vec::new(),
    };
    let mut groups: Vec<GroupView> = Vec::new();
    for question in QUESTIONS.iter() {
        let table = format!("questions.{}", question.field);
        // A table that is not there has no line: name the file's first line and the key.
        let words = meta.questions.get(question.field).ok_or_else(|| BuildError::FrontMatter {
            at: Location::line(&doc.source.path, 1),
            message: format!(
                "`{table}` is missing: every question the checker asks needs its words (the questions: {})",
                fields().join(", ")
            ),
        })?;
        let view = question_view(&mut texts, question, &table, words)?;
        let group = &words.group;
        match groups.last_mut() {
            Some(last) if &last.key == group => last.questions.push(view),
            _ => {
                if groups.iter().any(|g| &g.key == group) {
                    return Err(texts.error(
                        &table,
                        "group",
                        format!("`{table}.group`: the group `{group}` is interrupted by another; the questions are asked in the checker's order ({})", fields().join(", ")),
                    ));
                }
                let Some(group_words) = meta.groups.get(group) else {
                    return Err(texts.error(
                        &table,
                        "group",
                        format!("`{table}.group`: no `[groups.{group}]` in this file"),
                    ));
                };
                groups.push(group_view(&mut texts, group, group_words, view)?);
            }
        }
    }
    if let Some(field) = meta
        .questions
        .keys()
        .find(|field| !QUESTIONS.iter().any(|q| q.field == field.as_str()))
    {
        return Err(texts.error(
            &format!("questions.{field}"),
            "",
            format!(
                "`questions.{field}`: the checker asks no such question (the questions: {})",
                fields().join(", ")
            ),
        ));
    }
    if let Some(group) = meta
        .groups
        .keys()
        .find(|key| !groups.iter().any(|g| &g.key == *key))
    {
        return Err(texts.error(
            &format!("groups.{group}"),
            "",
            format!("`groups.{group}`: no question is asked in this group"),
        ));
    }

    let page_words = checker_rules::text::PAGE_WORDS;
    if let Some(key) = page_words
        .iter()
        .find(|key| !meta.result.contains_key(**key))
    {
        return Err(texts.error(
            "result",
            "",
            format!(
                "`result.{key}` is missing: the checker page shows it (the keys: {})",
                page_words.join(", ")
            ),
        ));
    }
    if let Some(key) = meta
        .result
        .keys()
        .find(|key| !page_words.contains(&key.as_str()))
    {
        return Err(texts.error(
            "result",
            key,
            format!(
                "`result.{key}`: the checker page uses no such text (the keys: {})",
                page_words.join(", ")
            ),
        ));
    }
    Ok(CheckerWords {
        title: texts.plain("", "title", &meta.title)?,
        description: texts.plain("", "description", &meta.description)?,
        unavailable: texts.markdown("", "unavailable", &meta.unavailable)?,
        choose: texts.plain("", "choose", &meta.choose)?,
        submit: texts.plain("", "submit", &meta.submit)?,
        status: StatusWords {
            loading: texts.plain("status", "loading", &meta.status.loading)?,
            no_wasm: texts.plain("status", "no_wasm", &meta.status.no_wasm)?,
            failed: texts.plain("status", "failed", &meta.status.failed)?,
            retry: texts.plain("status", "retry", &meta.status.retry)?,
        },
        result: meta
            .result
            .iter()
            .map(|(key, text)| Ok((key.clone(), texts.plain("result", key, text)?)))
            .collect::<Result<_, BuildError>>()?,
        next_steps: NextStepsView {
            heading: texts.plain("next_steps", "heading", &meta.next_steps.heading)?,
            steps: meta
                .next_steps
                .steps
                .iter()
                .map(|step| texts.markdown("next_steps", "steps", step))
                .collect::<Result<_, _>>()?,
        },
        groups,
        summary: SummaryView {
            heading: texts.plain("summary", "heading", &meta.summary.heading)?,
            intro: texts.markdown("summary", "intro", &meta.summary.intro)?,
            label: texts.plain("summary", "label", &meta.summary.label)?,
        },
        work_history: work_history_view(&mut texts, &meta.work_history)?,
        storage: StorageView {
            note: texts.markdown("storage", "note", &meta.storage.note)?,
            clear: texts.plain("storage", "clear", &meta.storage.clear)?,
            not_saved: texts.plain("storage", "not_saved", &meta.storage.not_saved)?,
            confirm: texts.plain("storage", "confirm", &meta.storage.confirm)?,
            confirm_yes: texts.plain("storage", "confirm_yes", &meta.storage.confirm_yes)?,
            confirm_no: texts.plain("storage", "confirm_no", &meta.storage.confirm_no)?,
            cleared: texts.plain("storage", "cleared", &meta.storage.cleared)?,
            undo: texts.plain("storage", "undo", &meta.storage.undo)?,
            restored: texts.plain("storage", "restored", &meta.storage.restored)?,
        },
        links: texts.links,
    })
}

/// The helper's words; every problem code needs exactly one explanation.
fn work_history_view(
    texts: &mut Texts,
    words: &WorkHistoryWords,
) -> Result<WorkHistoryView, BuildError> {
    const TABLE: &str = "work_history";
    let codes: Vec<&'static str> = Problem::ALL.iter().map(|p| p.code()).collect();
    let mut problems = BTreeMap::new();
    for code in &codes {
        let text = words.problems.get(*code).ok_or_else(|| {
            texts.error(
                &format!("{TABLE}.problems"),
                "",
                format!(
                    "`{TABLE}.problems.{code}` is missing: every problem the checker finds needs its explanation (the codes: {})",
                    codes.join(", ")
                ),
            )
        })?;
        problems.insert(
            *code,
            texts.plain(&format!("{TABLE}.problems"), code, text)?,
        );
    }
    if let Some(code) = words
        .problems
        .keys()
        .find(|code| !codes.contains(&code.as_str()))
    {
        return Err(texts.error(
            &format!("{TABLE}.problems"),
            code,
            format!(
                "`{TABLE}.problems.{code}`: the checker finds no such problem (the codes: {})",
                codes.join(", ")
            ),
        ));
    }
    // Split at each placeholder, in order; each must be there once.
    let placeholder = |key: &str, text: &str, names: &[&str]| -> Result<Vec<String>, BuildError> {
        let expanded = texts.plain(TABLE, key, text)?;
        let mut parts = Vec::new();
        let mut rest = expanded.as_str();
        for name in names {
            let Some((before, after)) = rest.split_once(name) else {
                return Err(texts.error(
                    TABLE,
                    key,
                    format!(
                        "`{TABLE}.{key}` must contain {}, in this order, once each: the page fills them in",
                        names.join(" ")
                    ),
                ));
            };
            parts.push(before.to_string());
            rest = after;
        }
        if names.iter().any(|name| rest.contains(name)) {
            return Err(texts.error(
                TABLE,
                key,
                format!(
                    "`{TABLE}.{key}`: each of {} may appear only once",
                    names.join(" ")
                ),
            ));
        }
        parts.push(rest.to_string());
        Ok(parts)
    };
    let script = WorkHistoryScript {
        months: placeholder("months", &words.months, &["{months}"])?,
        gap: placeholder("gap", &words.gap, &["{from}", "{to}"])?,
        copied: texts.plain(TABLE, "copied", &words.copied)?,
        copy_failed: texts.plain(TABLE, "copy_failed", &words.copy_failed)?,
        use_start: placeholder("use_start", &words.use_start, &["{month}"])?,
        problems,
    };
    Ok(WorkHistoryView {
        heading: texts.plain(TABLE, "heading", &words.heading)?,
        intro: texts.markdown(TABLE, "intro", &words.intro)?,
        row: texts.plain(TABLE, "row", &words.row)?,
        start: texts.plain(TABLE, "start", &words.start)?,
        end: texts.plain(TABLE, "end", &words.end)?,
        end_hint: texts.markdown(TABLE, "end_hint", &words.end_hint)?,
        unit: texts.plain(TABLE, "unit", &words.unit)?,
        department: texts.plain(TABLE, "department", &words.department)?,
        post: texts.plain(TABLE, "post", &words.post)?,
        add: texts.plain(TABLE, "add", &words.add)?,
        remove: texts.plain(TABLE, "remove", &words.remove)?,
        text: texts.plain(TABLE, "text", &words.text)?,
        copy: texts.plain(TABLE, "copy", &words.copy)?,
        words_json: Value::from_safe_string(crate::site::script_json(&script)?),
    })
}

fn fields() -> Vec<&'static str> {
    QUESTIONS.iter().map(|q| q.field).collect()
}

fn group_view(
    texts: &mut Texts,
    key: &str,
    words: &GroupWords,
    first: QuestionView,
) -> Result<GroupView, BuildError> {
    let table = format!("groups.{key}");
    Ok(GroupView {
        key: key.to_string(),
        legend: texts.plain(&table, "legend", &words.legend)?,
        basis: match &words.basis {
            Some(basis) => Some(texts.markdown(&table, "basis", basis)?),
            None => None,
        },
        questions: vec![first],
    })
}

/// The question's words, checked against its control: a yes/no question needs `yes` and `no`, a
/// list needs a text for each of its values, and neither has the other's words.
fn question_view(
    texts: &mut Texts,
    question: &Question,
    table: &str,
    words: &QuestionWords,
) -> Result<QuestionView, BuildError> {
    let unexpected = |key: &str, what: &str| {
        texts.error(table, key, format!("`{table}.{key}`: not used by {what}"))
    };
    let control = match question.control {
        Control::Choice => "choice",
        Control::Select => "select",
        Control::Date => "date",
    };
    let (mut yes, mut no, mut options) = (None, None, Vec::new());
    match question.control {
        Control::Choice => {
            if words.options.is_some() {
                return Err(unexpected("options", "a yes/no question"));
            }
            yes = Some(texts.required(table, "yes", words.yes.as_deref())?);
            no = Some(texts.required(table, "no", words.no.as_deref())?);
        }
        Control::Select => {
            if words.yes.is_some() {
                return Err(unexpected("yes", "a list"));
            }
            if words.no.is_some() {
                return Err(unexpected("no", "a list"));
            }
            let given = words.options.clone().unwrap_or_default();
            for value in question.options {
                let text = given.get(*value).ok_or_else(|| {
                    texts.error(
                        &format!("{table}.options"),
                        "",
                        format!(
                            "`{table}.options`: no text for `{value}` (the values: {})",
                            question.options.join(", ")
                        ),
                    )
                })?;
                options.push(OptionView {
                    value,
                    text: texts.plain(table, "options", text)?,
                });
            }
            if let Some(value) = given
                .keys()
                .find(|v| !question.options.contains(&v.as_str()))
            {
                return Err(texts.error(
                    &format!("{table}.options"),
                    value,
                    format!(
                        "`{table}.options.{value}`: not a value of this question (the values: {})",
                        question.options.join(", ")
                    ),
                ));
            }
        }
        Control::Date => {
            for (key, given) in [
                ("yes", words.yes.is_some()),
                ("no", words.no.is_some()),
                ("options", words.options.is_some()),
            ] {
                if given {
                    return Err(unexpected(key, "a date"));
                }
            }
        }
    }
    Ok(QuestionView {
        field: question.field,
        control,
        control_id: question.control_id(),
        block_id: question.block_id(),
        follow_up: !checker_rules::routing::is_asked(question.field, |_| None),
        text: texts.plain(table, "text", &words.text)?,
        hint: match &words.hint {
            Some(hint) => Some(texts.markdown(table, "hint", hint)?),
            None => None,
        },
        yes,
        no,
        options,
    })
}

/// Expands and renders the front matter's texts, each located by its key for errors.
struct Texts<'a> {
    env: &'a Environment<'static>,
    context: &'a Value,
    source: &'a Source,
    links: Vec<Link>,
}

impl Texts<'_> {
    fn error(&self, table: &str, key: &str, message: String) -> BuildError {
        BuildError::FrontMatter {
            at: self.source.at_table_key(table, key),
            message,
        }
    }

    /// A plain text, which must not be empty.
    fn plain(&self, table: &str, key: &str, text: &str) -> Result<String, BuildError> {
        let expanded =
            markdown::expand_table_field(self.env, self.context, self.source, table, key, text)?;
        if expanded.trim().is_empty() {
            let path = if table.is_empty() {
                key.to_string()
            } else {
                format!("{table}.{key}")
            };
            return Err(self.error(table, key, format!("`{path}` must not be empty")));
        }
        Ok(expanded)
    }

    /// A plain text that this question's control needs.
    fn required(&self, table: &str, key: &str, text: Option<&str>) -> Result<String, BuildError> {
        match text {
            Some(text) => self.plain(table, key, text),
            None => Err(self.error(
                table,
                "",
                format!("`{table}.{key}` is missing: a yes/no question needs `yes` and `no`"),
            )),
        }
    }

    /// A Markdown text, rendered inline (safe HTML for the template).
    fn markdown(&mut self, table: &str, key: &str, text: &str) -> Result<Value, BuildError> {
        let expanded = self.plain(table, key, text)?;
        let rendered = markdown::inline_html(&expanded, &self.source.at_table_key(table, key))?;
        self.links.extend(rendered.links);
        Ok(Value::from_safe_string(rendered.html))
    }
}

#[cfg(test)]
mod tests;
