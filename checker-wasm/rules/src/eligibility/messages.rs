//! The sentence the applicant reads for each reason: plain Chinese, with their own dates filled
//! in. Kept apart from `check_eligibility` so that the rule there reads like the guide.
//!
//! The sentences with dates are `#[inline(always)]`: `check_eligibility` is their only caller,
//! and left as functions of their own they cost the shipped wasm 0.4 KB gzip.

use crate::calendar::{Date, YearMonth};
use crate::eligibility::Level;
use crate::text::duration_cn;

/// The `insured_since` error when the portal cannot see the insurance.
pub(super) const INSURED_SINCE_NEEDED: &str =
    "网办系统查询不到社保缴费信息时，需填写在现单位连续参保的起始日期";

pub(super) fn not_in_suzhou() -> String {
    "苏州市受理的是在本市工作并缴纳社保的专业技术人员。您目前不在苏州市工作，不能在苏州申报职称初定。".into()
}

pub(super) fn not_insured_in_suzhou() -> String {
    "苏州市受理的是在本市工作并缴纳社保的专业技术人员。您目前没有在苏州市缴纳社保，需在苏州参保后才能申报。".into()
}

pub(super) fn no_qualifying_education() -> String {
    "初定需具备中等职业学校或大学专科及以上学历，或学士及以上学位。按您填写的学历和学位，不符合四种初定条件中的任何一种。".into()
}

pub(super) fn license_missing() -> String {
    "有行业准入要求的系列（教师、兽医、新闻、播音、律师、公证等），应先取得相应有效的执业资格。请在取得执业资格证书后再申报。".into()
}

#[inline(always)]
pub(super) fn transition_rules(qualification_year: i32, rules_from_year: i32) -> String {
    format!(
        "您在{qualification_year}年取得学历（学位），早于{rules_from_year}年，且所学专业与从事专业相符。本指南的初定条件适用于{rules_from_year}年及以后取得学历、或此前取得学历但专业不符的人员；您的情况按江苏省有关规定做好过渡工作，请向单位人事部门或人社部门咨询。"
    )
}

/// Which answer the 见习 start comes from: the later of graduation and the first day of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StartedBy {
    Graduation,
    Work,
}

#[inline(always)]
pub(super) fn not_started_work(started_by: StartedBy, start: Date, today: Date) -> String {
    let what = match started_by {
        StartedBy::Graduation => "取得学历（学位）的日期",
        StartedBy::Work => "开始从事本专业技术工作的日期",
    };
    format!(
        "您填写的{what}是{}，晚于今天（{}）。初定需在取得学历后从事本专业技术工作（见习），才能申报。",
        start.chinese(),
        today.chinese()
    )
}

#[inline(always)]
pub(super) fn internship_incomplete(
    level: Level,
    internship_months: u32,
    start: Date,
    end: Date,
    intake: YearMonth,
) -> String {
    format!(
        "申报{}需在本专业技术岗位见习{}期满。您的见习从{}算起，到{}期满，届时起可申报（最早{}受理）。",
        level.chinese(),
        duration_cn(internship_months),
        start.chinese(),
        end.chinese(),
        intake.chinese()
    )
}

#[inline(always)]
pub(super) fn insurance_too_short(
    proof_months: u32,
    since: Date,
    end: Date,
    intake: YearMonth,
) -> String {
    let months = duration_cn(proof_months);
    format!(
        "网办系统查询不到您的社保缴费信息，需上传社保缴费证明，且在现单位连续参保至少{months}。您从{}起参保，到{}满{months}，届时起可申报（最早{}受理）。",
        since.chinese(),
        end.chinese(),
        intake.chinese()
    )
}
