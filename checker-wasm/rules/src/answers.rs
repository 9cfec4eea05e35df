//! What the applicant tells the checker: the form's answers, field names exactly as in the
//! contract (they are also the names of the page's form controls).
//!
//! Reading rules:
//! - every field is required, except `insured_since`, which may be `null` or left out (it is
//!   needed only when `insurance_visible` is false, and then `check_eligibility` names it);
//! - a wrong type, an unknown enum value or a date that is not a real `YYYY-MM-DD` day is an
//!   error naming the field;
//! - a date must also lie in a sensible range ([`Answers::check_dates`], checked by
//!   `check_eligibility`): not before 1950, and not more than [`YEARS_AHEAD`] years after the
//!   application date; the error says so in Chinese, with the range;
//! - fields the contract does not know are ignored, so that a page may send its whole form
//!   (extra controls included) and a later contract may add fields without breaking older pages.

use serde::{Deserialize, Deserializer, Serialize};

use crate::calendar::Date;
use crate::error::InputError;

/// 学历: the highest diploma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Diploma {
    /// 无
    None,
    /// 中等职业学校
    SecondaryVocational,
    /// 大学专科
    JuniorCollege,
    /// 大学本科
    Bachelor,
    /// 硕士研究生
    Master,
    /// 博士研究生
    Doctorate,
}

impl Diploma {
    /// Every diploma with its name in the contract (what serde reads and writes; a test keeps
    /// the two the same). The browser's reader looks names up here.
    pub const NAMES: &'static [(&'static str, Diploma)] = &[
        ("none", Diploma::None),
        ("secondary_vocational", Diploma::SecondaryVocational),
        ("junior_college", Diploma::JuniorCollege),
        ("bachelor", Diploma::Bachelor),
        ("master", Diploma::Master),
        ("doctorate", Diploma::Doctorate),
    ];
}

/// 学位: the highest degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Degree {
    /// 无
    None,
    /// 学士
    Bachelor,
    /// 第二学士
    SecondBachelor,
    /// 硕士
    Master,
    /// 博士
    Doctorate,
}

impl Degree {
    /// Every degree with its name in the contract, as [`Diploma::NAMES`].
    pub const NAMES: &'static [(&'static str, Degree)] = &[
        ("none", Degree::None),
        ("bachelor", Degree::Bachelor),
        ("second_bachelor", Degree::SecondBachelor),
        ("master", Degree::Master),
        ("doctorate", Degree::Doctorate),
    ];
}

/// The applicant's answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// The day the applicant checks (the page passes the device's local date).
    pub application_date: Date,
    /// 在苏州市工作
    pub works_in_suzhou: bool,
    /// 在苏州市缴纳社保
    pub insured_in_suzhou: bool,
    /// 网办系统后台能查询到本人社保缴费信息
    pub insurance_visible: bool,
    /// Start of continuous insurance at the current employer; needed only when
    /// `insurance_visible` is false.
    #[serde(default)]
    pub insured_since: Option<Date>,
    /// 学历
    pub diploma: Diploma,
    /// 学位
    pub degree: Degree,
    /// When the highest 学历 or 学位 was obtained (graduation).
    pub qualification_date: Date,
    /// 所学专业与从事专业相符
    pub major_matches: bool,
    /// When professional work (见习) in this field began.
    pub work_start_date: Date,
    /// The declared series requires an industry licence (教师、兽医、新闻、播音、律师、公证 …).
    pub licensed_series: bool,
    /// Holds that licence.
    pub has_license: bool,
}

/// How far after the application date an answer may lie: a graduation or a start of work that
/// is planned may be a few years off, one ten years away is a typing slip (20255, 2225).
pub const YEARS_AHEAD: u32 = 10;

/// The latest day an answer may give for an application dated `reference` ([`YEARS_AHEAD`]
/// years later).
#[inline(never)] // called from the rules and the page: one copy of chrono's month arithmetic
pub fn latest_date(reference: Date) -> Date {
    reference.add_months(YEARS_AHEAD * 12).unwrap_or(Date::LAST)
}

/// `请填写1950年1月1日至2036年11月26日之间的日期`: what a date must be, for the applicant.
pub fn date_range(latest: Date) -> String {
    format!(
        "请填写{}至{}之间的日期",
        Date::EARLIEST.chinese(),
        latest.chinese()
    )
}

/// `date` lies from [`Date::EARLIEST`] to `latest`; otherwise an error naming `field` that says
/// the range in Chinese.
#[inline(never)] // four calls in `check_dates`, each inlined would cost the browser bytes
pub fn check_date(field: &str, date: Date, latest: Date) -> Result<(), InputError> {
    if (Date::EARLIEST..=latest).contains(&date) {
        Ok(())
    } else {
        Err(InputError::new(field, date_range(latest)))
    }
}

impl Answers {
    /// Every date in its range: the application date from 1950 on, the others from 1950 to
    /// [`YEARS_AHEAD`] years after the application date (`insured_since` only when it is used,
    /// that is when `insurance_visible` is false).
    pub fn check_dates(&self) -> Result<(), InputError> {
        check_date("application_date", self.application_date, Date::LAST)?;
        let latest = latest_date(self.application_date);
        check_date("qualification_date", self.qualification_date, latest)?;
        check_date("work_start_date", self.work_start_date, latest)?;
        match self.insured_since {
            Some(since) if !self.insurance_visible => check_date("insured_since", since, latest),
            _ => Ok(()),
        }
    }
}

/// Reads answers from any serde source (JSON natively; the browser's reader of a JS object,
/// `checker-wasm/src/input.rs`, keeps this wording); every error names the field it is about
/// (`diploma: unknown variant …`, `qualification_date: invalid value …`, `work_start_date:
/// required field is missing`).
pub fn parse_answers<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Answers, InputError> {
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        InputError::from_path("answers", "", &path, &error.inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bachelor a year into 见习: answers every test of this crate and the builder start from.
    const VALID: &str = include_str!("../tests/data/bachelor-answers.json");

    fn parse(json: &str) -> Result<Answers, InputError> {
        parse_answers(&mut serde_json::Deserializer::from_str(json))
    }

    /// VALID with one field replaced (`value` = raw JSON) or removed (`value` = None).
    fn with(field: &str, value: Option<&str>) -> String {
        let mut object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(VALID).unwrap();
        match value {
            Some(raw) => {
                object.insert(field.into(), serde_json::from_str(raw).unwrap());
            }
            None => {
                object.remove(field);
            }
        }
        serde_json::to_string(&object).unwrap()
    }

    #[test]
    fn reads_the_contract_shape() {
        let answers = parse(VALID).unwrap();
        assert_eq!(answers.diploma, Diploma::Bachelor);
        assert_eq!(answers.degree, Degree::Bachelor);
        assert_eq!(answers.application_date.to_string(), "2025-07-15");
        assert_eq!(answers.insured_since, None);
    }

    #[test]
    fn enum_names_are_the_contracts() {
        let diplomas = [
            ("none", Diploma::None),
            ("secondary_vocational", Diploma::SecondaryVocational),
            ("junior_college", Diploma::JuniorCollege),
            ("bachelor", Diploma::Bachelor),
            ("master", Diploma::Master),
            ("doctorate", Diploma::Doctorate),
        ];
        assert_eq!(Diploma::NAMES, diplomas, "the table the browser reads with");
        for (name, diploma) in diplomas {
            let answers = parse(&with("diploma", Some(&format!("\"{name}\"")))).unwrap();
            assert_eq!(answers.diploma, diploma);
            assert_eq!(serde_json::to_value(diploma).unwrap(), name);
        }
        let degrees = [
            ("none", Degree::None),
            ("bachelor", Degree::Bachelor),
            ("second_bachelor", Degree::SecondBachelor),
            ("master", Degree::Master),
            ("doctorate", Degree::Doctorate),
        ];
        assert_eq!(Degree::NAMES, degrees, "the table the browser reads with");
        for (name, degree) in degrees {
            let answers = parse(&with("degree", Some(&format!("\"{name}\"")))).unwrap();
            assert_eq!(answers.degree, degree);
            assert_eq!(serde_json::to_value(degree).unwrap(), name);
        }
    }

    #[test]
    fn errors_name_the_field() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("diploma", None, "diploma"),
            ("application_date", None, "application_date"),
            ("has_license", None, "has_license"),
            ("works_in_suzhou", Some("\"yes\""), "works_in_suzhou"),
            ("major_matches", Some("1"), "major_matches"),
            ("diploma", Some("\"phd\""), "diploma"),
            ("degree", Some("\"Bachelor\""), "degree"),
            (
                "qualification_date",
                Some("\"2023-02-30\""),
                "qualification_date",
            ),
            ("work_start_date", Some("\"2023-2-3\""), "work_start_date"),
            ("application_date", Some("20261126"), "application_date"),
            ("application_date", Some("null"), "application_date"),
            ("insured_since", Some("\"2026-1-1\""), "insured_since"),
            ("insured_since", Some("false"), "insured_since"),
        ];
        for &(field, value, named) in cases {
            let error = parse(&with(field, value)).expect_err(field);
            assert_eq!(error.field, named, "{field} = {value:?}: {error}");
            assert!(
                error.to_string().starts_with(&format!("{named}: ")),
                "{error}"
            );
        }
    }

    #[test]
    fn a_missing_field_says_so() {
        let error = parse(&with("diploma", None)).unwrap_err();
        assert_eq!(error.to_string(), "diploma: required field is missing");
    }

    #[test]
    fn an_impossible_date_says_what_is_expected() {
        let error = parse(&with("qualification_date", Some("\"2023-02-30\""))).unwrap_err();
        assert!(error.message.contains("2023-02-30"), "{error}");
        assert!(error.message.contains("YYYY-MM-DD"), "{error}");
    }

    #[test]
    fn not_an_object_names_answers() {
        for json in ["[]", "null", "42", "\"answers\""] {
            let error = parse(json).unwrap_err();
            assert_eq!(error.field, "answers", "{json}: {error}");
        }
    }

    #[test]
    fn insured_since_may_be_left_out() {
        let answers = parse(&with("insured_since", None)).unwrap();
        assert_eq!(answers.insured_since, None);
        let answers = parse(&with("insured_since", Some("\"2026-01-31\""))).unwrap();
        assert_eq!(answers.insured_since, Date::parse("2026-01-31"));
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let answers = parse(&with("nickname", Some("\"小王\""))).unwrap();
        assert_eq!(answers, parse(VALID).unwrap());
    }
}
