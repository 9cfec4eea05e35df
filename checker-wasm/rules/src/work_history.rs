//! The work history (工作经历) as the guide's FAQ 关于如何填写工作经历 asks for it:
//!
//! > 1、工作起止时间
//! > 起：从毕业后正式从事申报职称方面的专业技术工作开始填写。
//! > 止：指到申报当前为止的时间。
//! > 2、在何单位何部门何岗位工作
//!
//! One entry per unit and department. The checker sorts the entries, counts the months of
//! professional work, finds what contradicts the FAQ (problem codes, per entry and overall) and
//! writes the entries as the applicant types them into the 网办 form.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::{Date, YearMonth};
use crate::error::InputError;

/// One row as the applicant enters it. `end: None` is 至今; the texts may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub start: YearMonth,
    #[serde(default)]
    pub end: Option<YearMonth>,
    #[serde(default, deserialize_with = "trimmed_text")]
    pub unit: String,
    #[serde(default, deserialize_with = "trimmed_text")]
    pub department: String,
    #[serde(default, deserialize_with = "trimmed_text")]
    pub post: String,
}

/// What the history is checked against: graduation (may be unknown) and the day of applying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    #[serde(default)]
    pub qualification_date: Option<Date>,
    pub application_date: Date,
}

/// What contradicts the FAQ; serialised as the contract's snake_case codes. Sorted in the order
/// declared here (`Problem::ALL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// 止 before 起.
    EndBeforeStart,
    /// A month after the month of applying.
    Future,
    /// 起 before graduating: 起 counts 从毕业后.
    BeforeGraduation,
    /// Starts before another entry has ended (the month it ended is a hand-over, not an overlap).
    Overlap,
    /// No entry reaches the month of applying or 至今: 止 is 到申报当前为止.
    NotUpToDate,
    /// 在何单位: the unit is empty.
    MissingUnit,
}

impl Problem {
    /// Every code, in their order.
    pub const ALL: [Problem; 6] = [
        Problem::EndBeforeStart,
        Problem::Future,
        Problem::BeforeGraduation,
        Problem::Overlap,
        Problem::NotUpToDate,
        Problem::MissingUnit,
    ];

    /// The code as the contract writes it (`end_before_start`), also the serialised form.
    pub fn code(self) -> &'static str {
        match self {
            Problem::EndBeforeStart => "end_before_start",
            Problem::Future => "future",
            Problem::BeforeGraduation => "before_graduation",
            Problem::Overlap => "overlap",
            Problem::NotUpToDate => "not_up_to_date",
            Problem::MissingUnit => "missing_unit",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of problems as bits: sorted and without duplicates by construction, and small in the
/// browser build (a `BTreeSet` and its node code cost kilobytes of wasm).
#[derive(Clone, Copy, Default)]
struct ProblemSet(u8);

impl ProblemSet {
    fn insert(&mut self, problem: Problem) {
        self.0 |= problem.bit();
    }

    fn extend(&mut self, problems: &[Problem]) {
        for &problem in problems {
            self.insert(problem);
        }
    }

    fn to_vec(self) -> Vec<Problem> {
        Problem::ALL
            .into_iter()
            .filter(|problem| self.0 & problem.bit() != 0)
            .collect()
    }
}

/// One entry, checked; serialised flat: the entry's fields, then `months` and `problems`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEntry {
    /// Where the entry stood in the list given (not serialised: the page marks its row by it).
    pub index: usize,
    pub entry: Entry,
    /// Months it covers, both ends included; up to the month of applying when `end` is 至今.
    pub months: u32,
    pub problems: Vec<Problem>,
}

// By hand rather than `#[serde(flatten)]`, which serialises through a map: the same object, for
// less code in the browser build.
impl Serialize for CheckedEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entry = &self.entry;
        let mut object = serializer.serialize_struct("CheckedEntry", 7)?;
        object.serialize_field("start", &entry.start)?;
        object.serialize_field("end", &entry.end)?;
        object.serialize_field("unit", &entry.unit)?;
        object.serialize_field("department", &entry.department)?;
        object.serialize_field("post", &entry.post)?;
        object.serialize_field("months", &self.months)?;
        object.serialize_field("problems", &self.problems)?;
        object.end()
    }
}

/// Months no entry covers, between the first start and the last month covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub from: YearMonth,
    pub to: YearMonth,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkHistoryResult {
    /// Sorted by start, then end (至今 last).
    pub entries: Vec<CheckedEntry>,
    /// Every problem of every entry and of the whole, sorted, once each.
    pub problems: Vec<Problem>,
    /// Months of professional work in the union of all entries (overlaps counted once).
    pub months: u32,
    pub first_start: Option<YearMonth>,
    pub gaps: Vec<Gap>,
    /// The entries as typed into the form, one a line.
    pub text: String,
}

/// Reads the entries from any serde source; errors name the field as `entries[1].start`.
pub fn parse_entries<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Entry>, InputError> {
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        InputError::from_path("entries", "entries", &path, &error.inner().to_string())
    })
}

/// Reads the context; errors name the field as `context.application_date`.
pub fn parse_context<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Context, InputError> {
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        InputError::from_path("context", "context.", &path, &error.inner().to_string())
    })
}

/// Checks the history against the FAQ.
pub fn check_work_history(entries: &[Entry], context: &Context) -> WorkHistoryResult {
    let applying = context.application_date.year_month();
    let graduated = context.qualification_date.map(Date::year_month);

    let sorted = sorted_entries(entries);

    let mut checked: Vec<CheckedEntry> = Vec::with_capacity(sorted.len());
    // The latest month reached by the entries so far (至今 reaches the month of applying).
    let mut reached_so_far: Option<YearMonth> = None;
    for (index, entry) in sorted {
        let last = last_month(&entry, applying);
        let mut problems = ProblemSet::default();
        // An entry that ends before it starts covers nothing: it is judged by that alone.
        let reversed = last < entry.start;
        if reversed && entry.end.is_some() {
            problems.insert(Problem::EndBeforeStart);
        }
        if entry.start > applying || entry.end.is_some_and(|end| end > applying) {
            problems.insert(Problem::Future);
        }
        if graduated.is_some_and(|month| entry.start < month) {
            problems.insert(Problem::BeforeGraduation);
        }
        if !reversed && reached_so_far.is_some_and(|reached| entry.start < reached) {
            problems.insert(Problem::Overlap);
        }
        if entry.unit.trim().is_empty() {
            problems.insert(Problem::MissingUnit);
        }
        if !reversed {
            reached_so_far = reached_so_far.max(Some(last));
        }
        checked.push(CheckedEntry {
            index,
            months: span(entry.start, last),
            entry,
            problems: problems.to_vec(),
        });
    }

    let mut problems = ProblemSet::default();
    for entry in &checked {
        problems.extend(&entry.problems);
    }
    let up_to_date = checked
        .iter()
        .any(|c| c.entry.end.is_none_or(|end| end >= applying));
    if !checked.is_empty() && !up_to_date {
        problems.insert(Problem::NotUpToDate);
    }

    let (months, gaps) = coverage(&checked, applying);
    let mut text = String::new();
    for (index, checked) in checked.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        push_form_line(&mut text, &checked.entry);
    }
    WorkHistoryResult {
        first_start: checked.first().map(|c| c.entry.start),
        text,
        entries: checked,
        problems: problems.to_vec(),
        months,
        gaps,
    }
}

/// The entries by start, then end (至今 after every month); equal ones keep their order. An
/// insertion sort: a history has a handful of entries, and the standard library's sorts cost
/// kilobytes of wasm for each type they sort.
/// Each with its index in `entries`.
fn sorted_entries(entries: &[Entry]) -> Vec<(usize, Entry)> {
    let key = |entry: &Entry| (entry.start, entry.end.is_none(), entry.end);
    let mut sorted: Vec<(usize, Entry)> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let at = sorted
            .iter()
            .rposition(|(_, placed)| key(placed) <= key(entry))
            .map_or(0, |position| position + 1);
        sorted.insert(at, (index, entry.clone()));
    }
    sorted
}

/// The last month an entry covers: its end, or the month of applying for 至今.
fn last_month(entry: &Entry, applying: YearMonth) -> YearMonth {
    entry.end.unwrap_or(applying)
}

/// Months from `first` to `last`, both included; 0 when `last` is before `first`.
fn span(first: YearMonth, last: YearMonth) -> u32 {
    u32::try_from(last.ordinal() - first.ordinal() + 1).unwrap_or(0)
}

/// The union of the entries' months (sorted by start), and the gaps inside it.
fn coverage(entries: &[CheckedEntry], applying: YearMonth) -> (u32, Vec<Gap>) {
    let mut months = 0;
    let mut gaps = Vec::new();
    // The run of covered months being built: (first, last).
    let mut run: Option<(YearMonth, YearMonth)> = None;
    for checked in entries {
        let (start, last) = (checked.entry.start, last_month(&checked.entry, applying));
        if last < start {
            continue;
        }
        run = match run {
            Some((first, end)) if start.ordinal() <= end.ordinal() + 1 => {
                Some((first, end.max(last)))
            }
            Some((first, end)) => {
                months += span(first, end);
                if let (Some(from), Some(to)) = (
                    YearMonth::from_ordinal(end.ordinal() + 1),
                    YearMonth::from_ordinal(start.ordinal() - 1),
                ) {
                    gaps.push(Gap { from, to });
                }
                Some((start, last))
            }
            None => Some((start, last)),
        };
    }
    if let Some((first, end)) = run {
        months += span(first, end);
    }
    (months, gaps)
}

/// `2024年7月—至今 苏州某科技有限公司 研发中心 软件工程师`, leaving out empty texts.
fn push_form_line(line: &mut String, entry: &Entry) {
    line.push_str(&entry.start.chinese());
    line.push('—');
    match entry.end {
        Some(end) => line.push_str(&end.chinese()),
        None => line.push_str("至今"),
    }
    for text in [&entry.unit, &entry.department, &entry.post] {
        if !text.is_empty() {
            line.push(' ');
            line.push_str(text);
        }
    }
}

/// A free text, trimmed; `null` reads as empty.
fn trimmed_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    Ok(text.map(|t| t.trim().to_string()).unwrap_or_default())
}

#[cfg(test)]
mod tests;
