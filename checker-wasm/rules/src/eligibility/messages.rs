//! The sentence the applicant reads for each reason: plain Chinese, with their own dates filled
//! in. Kept apart from `check_eligibility` so that the rule there reads like the guide.
//!
//! The sentences with dates are `#[inline(always)]`: `check_eligibility` is their only caller,
//! and left as functions of their own they cost the shipped wasm 0.4 KB gzip.

use crate::calendar::Date;
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

/// `transition_rules` states the condition only: what to do next is said once, under the headline
/// (`text::next_step`). When the education opens none of the four paths as well, the two reasons
/// are one story: this sentence then says why the transition is no answer either, and whom to ask.
#[inline(always)]
pub(super) fn transition_rules(
    qualification_year: i32,
    rules_from_year: i32,
    has_path: bool,
) -> String {
    if has_path {
        format!(
            "您在{qualification_year}年取得学历（学位），早于{rules_from_year}年，且所学专业与从事专业相符：这种情况不按本页的初定条件，而是按江苏省有关规定做好过渡工作。"
        )
    } else {
        format!(
            "您在{qualification_year}年（早于{rules_from_year}年）取得学历（学位）且专业相符，但按上面所说，您的学历和学位不属于初定的四种条件；能否按省有关规定过渡，请向单位人事部门或当地人社部门咨询。"
        )
    }
}

/// Which answer the 见习 start comes from: the later of graduation and the first day of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StartedBy {
    Graduation,
    Work,
}

/// The date the reason compares with: 今天 when the applicant checks for today, else the
/// 查询日期 they chose (`today` is `None` when the caller does not know the device's date).
#[inline(always)]
fn compared_with(application: Date, today: Option<Date>) -> &'static str {
    if today == Some(application) {
        "今天"
    } else {
        "查询日期"
    }
}

#[inline(always)]
pub(super) fn not_started_work(
    started_by: StartedBy,
    start: Date,
    application: Date,
    today: Option<Date>,
    needs_internship: bool,
) -> String {
    let what = match started_by {
        StartedBy::Graduation => "取得学历（学位）的日期",
        StartedBy::Work => "开始从事本专业技术工作的日期",
    };
    // 见习 is paths 1 and 2 only: 硕士 and 博士 从事本专业技术工作 without it.
    let work = if needs_internship {
        "在本专业技术岗位见习"
    } else {
        "从事本专业技术工作"
    };
    format!(
        "您填写的{what}是{}，晚于{}（{}）。初定需在取得学历后{work}，才能申报。",
        start.chinese(),
        compared_with(application, today),
        application.chinese()
    )
}

/// The day the internship is complete: when this condition is met, not when to apply (the
/// headline gives that, as it depends on every condition).
#[inline(always)]
pub(super) fn internship_incomplete(
    level: Level,
    internship_months: u32,
    start: Date,
    end: Date,
) -> String {
    format!(
        "申报{}需在本专业技术岗位见习{}期满。您的见习从{}算起，到{}期满。",
        level.chinese(),
        duration_cn(internship_months),
        start.chinese(),
        end.chinese(),
    )
}

/// The day the insurance has lasted long enough (this condition only, as above).
#[inline(always)]
pub(super) fn insurance_too_short(proof_months: u32, since: Date, end: Date) -> String {
    let months = duration_cn(proof_months);
    format!(
        "网办系统查询不到您的社保缴费信息，需上传社保缴费证明，且在现单位连续参保至少{months}。您从{}起参保，到{}满{months}。",
        since.chinese(),
        end.chinese(),
    )
}
