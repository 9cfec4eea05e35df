//! The numbers the rules use, as data: the `[policy]` table of `guide/guide.toml`.
//!
//! The builder deserialises that table into this very type and the built page hands the same
//! table to the checker, so the guide's text and the checker can never disagree. A key left out
//! takes the seed guide's value; an unknown key is an error (a typo must not silently fall back
//! to a default).

use serde::{Deserialize, Serialize};

/// The policy parameters, keys exactly as in the contract. Each default quotes the seed guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// 受理时间为一年六期：单月受理，双月办结（即1、3、5、7、9、11月受理）。
    pub intake_months: Vec<u32>,
    /// 2022年及以后取得相应层级学历……按以下条件执行。
    pub rules_from_year: i32,
    /// 在本专业技术岗位见习1年期满。
    pub internship_months: u32,
    /// 社保缴费证明（申报人在现单位连续参保至少 3 个月以上）。
    pub insurance_proof_months: u32,
    /// 关于如何撰写专业技术工作总结（不少于 800 字）。
    pub summary_min_words: u32,
    /// 学信网电子注册备案表（2001 年以后毕业的……）或毕业生登记学籍表（2001 年以前毕业的……）。
    pub xuexin_from_year: i32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            intake_months: vec![1, 3, 5, 7, 9, 11],
            rules_from_year: 2022,
            internship_months: 12,
            insurance_proof_months: 3,
            summary_min_words: 800,
            xuexin_from_year: 2001,
        }
    }
}

/// A policy value that makes no sense; `Display` is `policy.<key>: <why>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy.{key}: {message}")]
pub struct PolicyError {
    /// The key, as written in `[policy]`.
    pub key: &'static str,
    pub message: String,
}

/// Years outside this range are typos, not policy.
const PLAUSIBLE_YEARS: core::ops::RangeInclusive<i32> = 1949..=2100;
/// Ten years of internship or insurance is already far beyond any rule of the guide.
const PLAUSIBLE_MONTH_COUNTS: core::ops::RangeInclusive<u32> = 1..=120;
/// A summary of more than 100,000 字 is no minimum anyone can meet.
const PLAUSIBLE_MIN_WORDS: core::ops::RangeInclusive<u32> = 1..=100_000;

impl Policy {
    /// Rejects values the rules cannot work with: a month outside 1–12, a month listed twice, no
    /// intake month at all, and zero or absurd years and counts. The first problem found.
    pub fn validate(&self) -> Result<(), PolicyError> {
        self.check(&mut |problem| Err(problem))
    }

    /// Every problem [`Policy::validate`] would find, in the same order (`builder check` lists
    /// them all).
    pub fn problems(&self) -> Vec<PolicyError> {
        let mut problems = Vec::new();
        let _ = self.check(&mut |problem| {
            problems.push(problem);
            Ok(())
        });
        problems
    }

    /// Hands each problem to `found`, which stops the check by returning an error.
    fn check(
        &self,
        found: &mut impl FnMut(PolicyError) -> Result<(), PolicyError>,
    ) -> Result<(), PolicyError> {
        let mut error = |key: &'static str, message: String| found(PolicyError { key, message });
        if self.intake_months.is_empty() {
            error("intake_months", "must list at least one month".into())?;
        }
        for (position, &month) in self.intake_months.iter().enumerate() {
            if !(1..=12).contains(&month) {
                error(
                    "intake_months",
                    format!("{month} is not a month (expected 1 to 12)"),
                )?;
            }
            if self
                .intake_months
                .iter()
                .take(position)
                .any(|&earlier| earlier == month)
            {
                error("intake_months", format!("month {month} is listed twice"))?;
            }
        }
        for (key, year) in [
            ("rules_from_year", self.rules_from_year),
            ("xuexin_from_year", self.xuexin_from_year),
        ] {
            if !PLAUSIBLE_YEARS.contains(&year) {
                error(
                    key,
                    format!(
                        "{year} is not a plausible year (expected {} to {})",
                        PLAUSIBLE_YEARS.start(),
                        PLAUSIBLE_YEARS.end()
                    ),
                )?;
            }
        }
        for (key, months) in [
            ("internship_months", self.internship_months),
            ("insurance_proof_months", self.insurance_proof_months),
        ] {
            if !PLAUSIBLE_MONTH_COUNTS.contains(&months) {
                error(
                    key,
                    format!(
                        "{months} months is not plausible (expected {} to {})",
                        PLAUSIBLE_MONTH_COUNTS.start(),
                        PLAUSIBLE_MONTH_COUNTS.end()
                    ),
                )?;
            }
        }
        if !PLAUSIBLE_MIN_WORDS.contains(&self.summary_min_words) {
            error(
                "summary_min_words",
                format!(
                    "{} is not a plausible minimum (expected {} to {})",
                    self.summary_min_words,
                    PLAUSIBLE_MIN_WORDS.start(),
                    PLAUSIBLE_MIN_WORDS.end()
                ),
            )?;
        }
        Ok(())
    }

    /// Whether applications are taken in `month` (1–12).
    pub fn is_intake_month(&self, month: u32) -> bool {
        self.intake_months.contains(&month)
    }
}

#[cfg(test)]
mod tests;
