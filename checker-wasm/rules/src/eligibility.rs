//! 初定条件: who may apply for an initial title in Suzhou, at which level, and from when.
//!
//! The steps follow the contract's "rules, in order", each resting on a sentence of the guide:
//!
//! 1. scope (受理范围): 在我市工作并缴纳社保的专业技术人员，可按规定程序和条件申报初定初、中级职称;
//! 2. level (学历和专业工作年限条件): the four paths 技术员 / 助理级 (见习) / 助理级 / 中级;
//! 3. licence (基本条件): 有行业准入要求的，应先取得相应有效的执业资格;
//! 4. which rules: 2022年及以后取得相应层级学历、2021年及以前取得相应层级学历但所学专业与从事专业
//!    不符的人员 … 按以下条件执行; everyone else 按省有关规定做好过渡工作;
//! 5. time: 见习1年期满, and 在现单位连续参保至少3个月 when the insurance is not visible online;
//! 6. intake: 单月受理，双月办结.
//!
//! Steps 1–4 collect every reason that applies; any reason of steps 1–3 makes the outcome
//! `not_eligible`, which wins over `transition` (step 4). The sentence the applicant reads for
//! each reason is worded apart, in `eligibility/messages.rs`, so that the steps read like the guide.

use serde::Serialize;

use crate::answers::{Answers, Degree, Diploma};
use crate::calendar::{decision_month, intake_month, Date, YearMonth};
use crate::error::InputError;
use crate::materials::{materials_for, Material};
use crate::policy::Policy;
use messages::StartedBy;

mod messages;

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// May apply now.
    Eligible,
    /// Will be able to apply from `eligible_from`.
    NotYet,
    /// 按省有关规定做好过渡工作: the province's transition rules decide, not these conditions.
    Transition,
    /// Cannot apply for an initial title in Suzhou as things stand.
    NotEligible,
}

/// The title level the education leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 技术员
    Technician,
    /// 助理级
    Assistant,
    /// 中级
    Intermediate,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 4] = [
        Outcome::Eligible,
        Outcome::NotYet,
        Outcome::Transition,
        Outcome::NotEligible,
    ];

    /// The code as the contract writes it (`not_yet`), also the serialised form (a test keeps
    /// the two the same): the browser build writes results without serde.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotYet => "not_yet",
            Outcome::Transition => "transition",
            Outcome::NotEligible => "not_eligible",
        }
    }
}

impl Level {
    /// Every level.
    pub const ALL: [Level; 3] = [Level::Technician, Level::Assistant, Level::Intermediate];

    /// The code as the contract writes it, also the serialised form.
    pub fn code(self) -> &'static str {
        match self {
            Level::Technician => "technician",
            Level::Assistant => "assistant",
            Level::Intermediate => "intermediate",
        }
    }

    /// The level's name as the guide writes it.
    pub fn chinese(self) -> &'static str {
        match self {
            Level::Technician => "技术员",
            Level::Assistant => "助理级",
            Level::Intermediate => "中级",
        }
    }
}

/// Why the outcome is not a plain `eligible`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    NotInSuzhou,
    NotInsuredInSuzhou,
    NoQualifyingEducation,
    LicenseMissing,
    TransitionRules,
    InternshipIncomplete,
    InsuranceTooShort,
    NotStartedWork,
}

/// A section of the guide, by its page id in the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clause {
    /// 基本条件
    BasicConditions,
    /// 学历和专业工作年限条件
    EducationAndYears,
    /// 受理范围及时间
    ScopeAndIntake,
    /// 上传材料
    Materials,
}

impl Clause {
    /// Every section a reason can cite: the guide must have a page for each.
    pub const ALL: [Clause; 4] = [
        Clause::BasicConditions,
        Clause::EducationAndYears,
        Clause::ScopeAndIntake,
        Clause::Materials,
    ];

    /// The section's id: the page `<id>.html` of the built site.
    pub fn id(self) -> &'static str {
        match self {
            Clause::BasicConditions => "basic-conditions",
            Clause::EducationAndYears => "education-and-years",
            Clause::ScopeAndIntake => "scope-and-intake",
            Clause::Materials => "materials",
        }
    }
}

impl ReasonCode {
    /// Every reason.
    pub const ALL: [ReasonCode; 8] = [
        ReasonCode::NotInSuzhou,
        ReasonCode::NotInsuredInSuzhou,
        ReasonCode::NoQualifyingEducation,
        ReasonCode::LicenseMissing,
        ReasonCode::TransitionRules,
        ReasonCode::InternshipIncomplete,
        ReasonCode::InsuranceTooShort,
        ReasonCode::NotStartedWork,
    ];

    /// The code as the contract writes it, also the serialised form.
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::NotInSuzhou => "not_in_suzhou",
            ReasonCode::NotInsuredInSuzhou => "not_insured_in_suzhou",
            ReasonCode::NoQualifyingEducation => "no_qualifying_education",
            ReasonCode::LicenseMissing => "license_missing",
            ReasonCode::TransitionRules => "transition_rules",
            ReasonCode::InternshipIncomplete => "internship_incomplete",
            ReasonCode::InsuranceTooShort => "insurance_too_short",
            ReasonCode::NotStartedWork => "not_started_work",
        }
    }

    /// The guide section each reason rests on; the one place this mapping lives.
    pub fn clause(self) -> Clause {
        match self {
            // 受理范围：在我市工作并缴纳社保的专业技术人员
            ReasonCode::NotInSuzhou | ReasonCode::NotInsuredInSuzhou => Clause::ScopeAndIntake,
            // 学历和专业工作年限条件 (the four paths, 见习1年期满, 按省有关规定做好过渡工作)
            ReasonCode::NoQualifyingEducation
            | ReasonCode::TransitionRules
            | ReasonCode::InternshipIncomplete
            | ReasonCode::NotStartedWork => Clause::EducationAndYears,
            // 基本条件：有行业准入要求的，应先取得相应有效的执业资格
            ReasonCode::LicenseMissing => Clause::BasicConditions,
            // 上传材料：社保缴费证明（申报人在现单位连续参保至少 3 个月以上）
            ReasonCode::InsuranceTooShort => Clause::Materials,
        }
    }
}

/// One reason, for the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: ReasonCode,
    /// Plain Chinese, specific to the answers (dates included).
    pub message: String,
    /// The id of the guide section the rule rests on.
    pub clause: Clause,
}

impl Reason {
    fn new(code: ReasonCode, message: String) -> Self {
        Self {
            code,
            message,
            clause: code.clause(),
        }
    }
}

/// The answer to "may I apply, at which level, when, with what?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EligibilityResult {
    pub outcome: Outcome,
    /// `null` for `not_eligible` and `transition`.
    pub level: Option<Level>,
    /// The day from which the conditions are met; `null` for `not_eligible` and `transition`.
    pub eligible_from: Option<Date>,
    /// The first intake month on or after both today and `eligible_from`.
    pub intake_month: Option<YearMonth>,
    /// The month after `intake_month`.
    pub decision_month: Option<YearMonth>,
    pub reasons: Vec<Reason>,
    /// All five materials, each marked required or not; empty for `not_eligible` and `transition`.
    pub materials: Vec<Material>,
}

/// One of the four paths of 学历和专业工作年限条件.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EducationPath {
    pub level: Level,
    /// 在本专业技术岗位见习1年期满 (paths 1 and 2) before the level can be granted.
    pub needs_internship: bool,
}

/// Step 2: the best of the guide's four paths that the education opens; `None` if none does.
pub fn education_path(diploma: Diploma, degree: Degree) -> Option<EducationPath> {
    let path = |level, needs_internship| {
        Some(EducationPath {
            level,
            needs_internship,
        })
    };
    // 4、具备博士学位，从事本专业技术工作，经考察合格，可初定中级职称。
    if degree == Degree::Doctorate {
        return path(Level::Intermediate, false);
    }
    // 3、具备硕士学历或学位，或具备第二学士学位，从事本专业技术工作，经考察合格，可初定助理级职称。
    if matches!(diploma, Diploma::Master | Diploma::Doctorate)
        || matches!(degree, Degree::Master | Degree::SecondBachelor)
    {
        return path(Level::Assistant, false);
    }
    // 2、具备大学本科学历或学士学位，在本专业技术岗位见习1年期满，经考察合格，可初定助理级职称。
    if diploma == Diploma::Bachelor || degree == Degree::Bachelor {
        return path(Level::Assistant, true);
    }
    // 1、具备大学专科、中等职业学校毕业学历，在本专业技术岗位见习1年期满，经考察合格，可初定技术员职称。
    if matches!(
        diploma,
        Diploma::JuniorCollege | Diploma::SecondaryVocational
    ) {
        return path(Level::Technician, true);
    }
    None
}

/// Checks the answers against the guide's conditions under `policy`.
///
/// Errors name the field: an invalid policy (`policy.intake_months`), a date out of its range
/// (`Answers::check_dates`), `insured_since` missing while `insurance_visible` is false, or a date
/// whose arithmetic would leave years 0000–9999.
pub fn check_eligibility(
    answers: &Answers,
    policy: &Policy,
) -> Result<EligibilityResult, InputError> {
    check_eligibility_on(answers, policy, None)
}

/// [`check_eligibility`] on the device's date `today`: a reason comparing with the application
/// date then calls it 今天 when it is today, and 查询日期 otherwise (without `today`, always
/// 查询日期). The outcome never depends on `today`.
pub fn check_eligibility_on(
    answers: &Answers,
    policy: &Policy,
    today: Option<Date>,
) -> Result<EligibilityResult, InputError> {
    policy.validate()?;
    answers.check_dates()?;
    // 系统后台无法查询到社保缴费信息的人员提供：社保缴费证明 — the proof's start date is needed.
    let insured_since = match (answers.insurance_visible, answers.insured_since) {
        (false, None) => {
            return Err(InputError::new(
                "insured_since",
                messages::INSURED_SINCE_NEEDED,
            ))
        }
        (false, Some(date)) => Some(date),
        (true, _) => None,
    };

    let mut reasons = Vec::new();

    // Step 1. 受理范围：在我市工作并缴纳社保的专业技术人员，可按规定程序和条件申报初定初、中级职称。
    if !answers.works_in_suzhou {
        reasons.push(Reason::new(
            ReasonCode::NotInSuzhou,
            messages::not_in_suzhou(),
        ));
    }
    if !answers.insured_in_suzhou {
        reasons.push(Reason::new(
            ReasonCode::NotInsuredInSuzhou,
            messages::not_insured_in_suzhou(),
        ));
    }

    // Step 2. The level the education leads to.
    let path = education_path(answers.diploma, answers.degree);
    if path.is_none() {
        reasons.push(Reason::new(
            ReasonCode::NoQualifyingEducation,
            messages::no_qualifying_education(),
        ));
    }

    // Step 3. 有行业准入要求的，应先取得相应有效的执业资格。
    if answers.licensed_series && !answers.has_license {
        reasons.push(Reason::new(
            ReasonCode::LicenseMissing,
            messages::license_missing(),
        ));
    }

    // Step 4. 2022年及以后取得相应层级学历、2021年及以前取得相应层级学历但所学专业与从事专业不符的
    // 人员，申报初定，按以下条件执行 … 如不符合上述条件的，按省有关规定做好过渡工作。
    let qualification_year = answers.qualification_date.year();
    if qualification_year < policy.rules_from_year && answers.major_matches {
        reasons.push(Reason::new(
            ReasonCode::TransitionRules,
            messages::transition_rules(qualification_year, policy.rules_from_year, path.is_some()),
        ));
    }

    let Some(path) = path.filter(|_| reasons.is_empty()) else {
        let outcome = if reasons
            .iter()
            .all(|r| r.code == ReasonCode::TransitionRules)
        {
            Outcome::Transition
        } else {
            Outcome::NotEligible
        };
        return Ok(EligibilityResult {
            outcome,
            level: None,
            eligible_from: None,
            intake_month: None,
            decision_month: None,
            reasons,
            materials: Vec::new(),
        });
    };

    // Step 5. start = the later of work start and graduation (见习 counts from graduation on).
    let start = if answers.work_start_date >= answers.qualification_date {
        Dated::new(answers.work_start_date, "work_start_date")
    } else {
        Dated::new(answers.qualification_date, "qualification_date")
    };
    // 在本专业技术岗位见习1年期满
    let internship_end = if path.needs_internship {
        Some(start.add_months(policy.internship_months)?)
    } else {
        None
    };
    // 社保缴费证明（申报人在现单位连续参保至少 3 个月以上）
    let insurance_end = match insured_since {
        Some(since) => {
            Some(Dated::new(since, "insured_since").add_months(policy.insurance_proof_months)?)
        }
        None => None,
    };
    let ready = [internship_end, insurance_end]
        .into_iter()
        .flatten()
        .fold(start, Dated::later);

    // Step 6. Ready by the application date → eligible; otherwise say what is still missing.
    let application_date = answers.application_date;
    let application = Dated::new(application_date, "application_date");
    // 受理时间：单月受理，双月办结 — from today, or from the day it becomes possible.
    let earliest = application.later(ready);
    let intake = intake_month(earliest.date, &policy.intake_months)
        .ok_or_else(|| out_of_range(earliest.field))?;
    let decision = decision_month(intake).ok_or_else(|| out_of_range(earliest.field))?;

    if start.date > application_date {
        // Work counts from graduation on, so a later graduation is what is still to come.
        let started_by = if start.field == "qualification_date" {
            StartedBy::Graduation
        } else {
            StartedBy::Work
        };
        reasons.push(Reason::new(
            ReasonCode::NotStartedWork,
            messages::not_started_work(
                started_by,
                start.date,
                application_date,
                today,
                path.needs_internship,
            ),
        ));
    }
    if let Some(end) = internship_end.filter(|end| end.date > application_date) {
        reasons.push(Reason::new(
            ReasonCode::InternshipIncomplete,
            messages::internship_incomplete(
                path.level,
                policy.internship_months,
                start.date,
                end.date,
            ),
        ));
    }
    if let (Some(end), Some(since)) = (
        insurance_end.filter(|end| end.date > application_date),
        insured_since,
    ) {
        reasons.push(Reason::new(
            ReasonCode::InsuranceTooShort,
            messages::insurance_too_short(policy.insurance_proof_months, since, end.date),
        ));
    }

    let outcome = if ready.date <= application_date {
        Outcome::Eligible
    } else {
        Outcome::NotYet
    };
    Ok(EligibilityResult {
        outcome,
        level: Some(path.level),
        eligible_from: Some(ready.date),
        intake_month: Some(intake),
        decision_month: Some(decision),
        reasons,
        materials: materials_for(answers, policy),
    })
}

/// A date together with the answer field it comes from, so that an arithmetic failure can name
/// the field that caused it.
#[derive(Debug, Clone, Copy)]
struct Dated {
    date: Date,
    field: &'static str,
}

impl Dated {
    fn new(date: Date, field: &'static str) -> Self {
        Self { date, field }
    }

    fn add_months(self, months: u32) -> Result<Self, InputError> {
        let date = self
            .date
            .add_months(months)
            .ok_or_else(|| out_of_range(self.field))?;
        Ok(Self { date, ..self })
    }

    /// The later of the two; on a tie the first.
    fn later(self, other: Self) -> Self {
        if other.date > self.date {
            other
        } else {
            self
        }
    }
}

fn out_of_range(field: &str) -> InputError {
    InputError::new(
        field,
        "date too late to compute with (years 0000–9999 only)",
    )
}

#[cfg(test)]
mod tests;
