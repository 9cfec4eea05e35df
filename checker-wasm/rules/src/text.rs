//! The page's words for the checker's codes: presentation only, no rules.
//!
//! [`duration_cn`] is also the builder's `months_cn` filter, so the guide and the checker say a
//! policy duration in the same words.

use crate::calendar::{Date, YearMonth};
use crate::eligibility::{EligibilityResult, Outcome, ReasonCode};
use crate::intake::IntakeWindow;
use crate::materials::{MaterialCode, XUEXIN_VALID_MONTHS};
use crate::summary::PartCode;

/// The keys of `guide/checker.md`'s `[result]` table: words the page script shows, read from the
/// page's `#checker-words` data island (so the wasm carries none of them). The builder requires
/// exactly these.
pub const PAGE_WORDS: [&str; 11] = [
    "share",
    "copy",
    "copied",
    "share_damaged",
    "share_old",
    "calendar",
    "calendar_summary",
    "calendar_description",
    "print_date",
    "print_answers",
    "print_note",
];

/// The headline of a result, in plain words.
pub fn verdict(result: &EligibilityResult) -> String {
    match result.outcome {
        Outcome::Eligible => "可以申报".to_string(),
        Outcome::NotYet => match result.eligible_from {
            Some(date) => format!("暂不满足，{}起可申报", date.chinese()),
            None => "暂不满足".to_string(),
        },
        Outcome::Transition => "适用省过渡规定".to_string(),
        Outcome::NotEligible => {
            let out_of_scope = result.reasons.iter().any(|r| {
                matches!(
                    r.code,
                    ReasonCode::NotInSuzhou | ReasonCode::NotInsuredInSuzhou
                )
            });
            if out_of_scope {
                "不在受理范围"
            } else {
                "暂不符合申报条件"
            }
            .to_string()
        }
    }
}

/// One sentence under the headline: what to do next, for these answers on `application` (the
/// 查询日期). The reasons say when each condition is met; only this sentence gives the date to apply.
pub fn next_step(result: &EligibilityResult, application: Date) -> String {
    let level = result
        .level
        .map(|level| level.chinese())
        .unwrap_or_default();
    let intake = result
        .intake_month
        .map(|month| month.chinese())
        .unwrap_or_default();
    let decision = result
        .decision_month
        .map(|month| month.chinese())
        .unwrap_or_default();
    match result.outcome {
        Outcome::Eligible => format!("可申报初定{level}职称：请在{intake}的受理期内通过网办大厅提交申报，预计{decision}办结。"),
        Outcome::NotYet => format!(
            "届时可申报初定{level}职称：最早赶上{intake}的受理期，预计{decision}办结。{}",
            prepare_when(result, application)
        ),
        // What to do is said here once; the reason only states the condition.
        Outcome::Transition => "您的情况不按本页的条件初定，而是按江苏省有关规定做好过渡工作：具体怎么办，请向单位人事部门或当地人社部门咨询。".to_string(),
        Outcome::NotEligible => "按您的回答，目前还不能申报初定，原因如下。情况变化后可以再来测一次。".to_string(),
    }
}

/// When to get the materials ready: now, except the 学信网 record, whose validity must still run
/// when the application is made — it is printed within the months before the intake month.
fn prepare_when(result: &EligibilityResult, application: Date) -> String {
    let xuexin = result
        .materials
        .iter()
        .any(|m| m.code == MaterialCode::XuexinRecord && m.required);
    let print_from = result
        .intake_month
        .and_then(|intake| {
            YearMonth::from_ordinal(intake.ordinal() - i64::from(XUEXIN_VALID_MONTHS))
        })
        .and_then(YearMonth::first_day);
    match print_from {
        Some(from) if xuexin && from > application => format!(
            "其他材料现在就可以准备；学信网电子注册备案表有效期需在{}以上，请在受理月前{}内、即{}以后再打印。",
            duration_cn(XUEXIN_VALID_MONTHS),
            duration_cn(XUEXIN_VALID_MONTHS),
            from.chinese()
        ),
        _ => "现在可以先准备下面的材料。".to_string(),
    }
}

/// The intake month for the applicant: how long it still runs, and the next one after it.
pub fn intake_note(window: &IntakeWindow) -> String {
    let month = window.intake.month();
    let next = window.next.chinese();
    match window.days_left {
        Some(days) if window.ready_inside => format!(
            "您{}起才满足条件，那时本期受理只剩{days}天（到{month}月底）；来不及的话，下一期是{next}。",
            window.from.chinese()
        ),
        Some(days) => format!("本期受理到{month}月底，还剩{days}天；错过本期，下一期是{next}。"),
        None => format!(
            "{}整月受理，到{}截止；错过的话，下一期是{next}。",
            window.intake.chinese(),
            window.last_day.chinese()
        ),
    }
}

pub fn material_name(code: MaterialCode) -> &'static str {
    match code {
        MaterialCode::XuexinRecord => "学信网电子注册备案表",
        MaterialCode::GraduateRegisterForm => "毕业生登记学籍表",
        MaterialCode::EmployerConsent => "单位同意证明",
        MaterialCode::LicenseCertificate => "执业资格证书",
        MaterialCode::SocialInsuranceProof => "社保缴费证明",
    }
}

pub fn part_name(code: PartCode) -> &'static str {
    match code {
        PartCode::BasicInfo => "本人的基本情况（姓名、学历、何时从事本专业工作、目前岗位等）",
        PartCode::Conduct => "政治素质、职业道德、总体履职和获得的荣誉、表彰",
        PartCode::WorkAndResults => "专业技术工作能力（经历）、业绩成果和专业理论水平",
        PartCode::Criteria => "符合申报和评审条件所规定的条款",
        PartCode::SelfAssessment => "存在的不足和今后努力的方向",
    }
}

/// A number of months as the guide writes durations: whole years in years (12 → 1年,
/// 36 → 3年), anything else in months (3 → 3个月, 18 → 18个月, 0 → 0个月).
pub fn duration_cn(months: u32) -> String {
    if months > 0 && months.is_multiple_of(12) {
        format!("{}年", months / 12)
    } else {
        format!("{months}个月")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_whole_years_read_in_years_others_in_months() {
        let cases = [
            (12, "1年"),
            (24, "2年"),
            (36, "3年"),
            (3, "3个月"),
            (18, "18个月"),
            (0, "0个月"),
        ];
        for (months, expected) in cases {
            assert_eq!(duration_cn(months), expected, "{months}");
        }
    }
}
