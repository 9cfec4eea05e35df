//! 上传材料: what to upload with the application.
//!
//! 在申报页面对应项目中需上传下列材料：（仅支持 PDF 格式）. The list always names all five
//! materials, each marked `required` for these answers or not, so the page can show the whole
//! checklist; every note says it is uploaded as a PDF.

use serde::Serialize;

use crate::answers::{Answers, Diploma};
use crate::policy::Policy;

/// 学信网电子注册备案表 … 有效期 3 个月以上: the guide's number for the record's validity (not a
/// policy key of the contract: the record's own rule, not Suzhou's).
pub const XUEXIN_VALID_MONTHS: u32 = 3;

/// The five materials of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MaterialCode {
    /// 学信网电子注册备案表
    XuexinRecord,
    /// 毕业生登记学籍表
    GraduateRegisterForm,
    /// 单位同意证明
    EmployerConsent,
    /// 执业资格证书
    LicenseCertificate,
    /// 社保缴费证明
    SocialInsuranceProof,
}

impl MaterialCode {
    /// Every material, in the checklist's order.
    pub const ALL: [MaterialCode; 5] = [
        MaterialCode::XuexinRecord,
        MaterialCode::GraduateRegisterForm,
        MaterialCode::EmployerConsent,
        MaterialCode::LicenseCertificate,
        MaterialCode::SocialInsuranceProof,
    ];

    /// The code as the contract writes it, also the serialised form (a test keeps the two the
    /// same): the browser build writes results without serde.
    pub fn code(self) -> &'static str {
        match self {
            MaterialCode::XuexinRecord => "xuexin_record",
            MaterialCode::GraduateRegisterForm => "graduate_register_form",
            MaterialCode::EmployerConsent => "employer_consent",
            MaterialCode::LicenseCertificate => "license_certificate",
            MaterialCode::SocialInsuranceProof => "social_insurance_proof",
        }
    }
}

/// One material of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Material {
    pub code: MaterialCode,
    /// Whether these answers need it.
    pub required: bool,
    /// What it is, where to get it, and that it is uploaded as a PDF.
    pub note: String,
}

/// The checklist for an applicant who may apply now or later.
pub fn materials_for(answers: &Answers, policy: &Policy) -> Vec<Material> {
    let graduated_from_year = answers.qualification_date.year() >= policy.xuexin_from_year;
    let boundary = policy.xuexin_from_year;
    vec![
        // 1、学信网电子注册备案表（2001 年以后毕业的，登录学信网，打印电子注册备案表，有效期 3 个月以上）
        Material {
            code: MaterialCode::XuexinRecord,
            required: graduated_from_year,
            note: format!(
                "学信网电子注册备案表：{boundary}年以后毕业的，登录学信网打印电子注册备案表，有效期需在{XUEXIN_VALID_MONTHS}个月以上；上传PDF格式。{}",
                if answers.diploma == Diploma::SecondaryVocational {
                    // The seed names 学信网 for every graduate from 2001 on; 中职 records are often
                    // not there, and the register form is the seed's other proof of education.
                    "中等职业学校毕业的，如学信网查不到您的学历，可能需要改交毕业生登记学籍表（个人人事档案内或学校档案中查找）。"
                } else {
                    ""
                }
            ),
        },
        // …或毕业生登记学籍表（2001 年以前毕业的，个人人事档案内或学校档案均可查找）
        Material {
            code: MaterialCode::GraduateRegisterForm,
            required: !graduated_from_year,
            note: format!(
                "毕业生登记学籍表：{boundary}年以前毕业的提供，可在个人人事档案内或学校档案中查找；扫描后上传PDF格式。"
            ),
        },
        // 2、单位同意证明（需单位公章）
        Material {
            code: MaterialCode::EmployerConsent,
            required: true,
            note: "单位同意证明：需加盖单位公章；扫描后上传PDF格式。".into(),
        },
        // 3、对已实行职业准入的教师、兽医、新闻、播音、律师、公证等系列（专业）的专业技术人才，
        //    须上传相应的执业资格证书。
        Material {
            code: MaterialCode::LicenseCertificate,
            required: answers.licensed_series,
            note: "执业资格证书：已实行职业准入的教师、兽医、新闻、播音、律师、公证等系列（专业）须上传相应的执业资格证书；上传PDF格式。".into(),
        },
        // 4、系统后台无法查询到社保缴费信息的人员提供：社保缴费证明
        //    （申报人在现单位连续参保至少 3 个月以上，纸质扫描要清晰）
        Material {
            code: MaterialCode::SocialInsuranceProof,
            required: !answers.insurance_visible,
            note: format!(
                "社保缴费证明：网办系统后台查询不到社保缴费信息的人员提供，需在现单位连续参保至少{}个月，纸质证明扫描要清晰；上传PDF格式。",
                policy.insurance_proof_months
            ),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Degree, Diploma};
    use crate::calendar::Date;

    fn answers(graduated: &str, licensed_series: bool, insurance_visible: bool) -> Answers {
        let date = |text| Date::parse(text).unwrap();
        Answers {
            application_date: date("2026-11-26"),
            works_in_suzhou: true,
            insured_in_suzhou: true,
            insurance_visible,
            insured_since: (!insurance_visible).then(|| date("2020-01-01")),
            diploma: Diploma::Bachelor,
            degree: Degree::Bachelor,
            qualification_date: date(graduated),
            major_matches: false,
            work_start_date: date(graduated),
            licensed_series,
            has_license: true,
        }
    }

    fn required(list: &[Material]) -> Vec<MaterialCode> {
        list.iter().filter(|m| m.required).map(|m| m.code).collect()
    }

    #[test]
    fn which_materials_are_required() {
        use MaterialCode::*;
        let cases: &[(&str, &str, bool, bool, &[MaterialCode])] = &[
            (
                "2001 年以后毕业的 … 学信网电子注册备案表 (2001 itself counts)",
                "2001-07-01",
                false,
                true,
                &[XuexinRecord, EmployerConsent],
            ),
            (
                "2001 年以前毕业的 … 毕业生登记学籍表",
                "2000-07-01",
                false,
                true,
                &[GraduateRegisterForm, EmployerConsent],
            ),
            (
                "2000-12-31 is still before 2001",
                "2000-12-31",
                false,
                true,
                &[GraduateRegisterForm, EmployerConsent],
            ),
            (
                "3、对已实行职业准入的…须上传相应的执业资格证书",
                "2024-06-30",
                true,
                true,
                &[XuexinRecord, EmployerConsent, LicenseCertificate],
            ),
            (
                "4、系统后台无法查询到社保缴费信息的人员提供：社保缴费证明",
                "2024-06-30",
                false,
                false,
                &[XuexinRecord, EmployerConsent, SocialInsuranceProof],
            ),
        ];
        for &(line, graduated, licensed, visible, expected) in cases {
            let list = materials_for(&answers(graduated, licensed, visible), &Policy::default());
            assert_eq!(list.len(), 5, "{line}: all five are listed");
            assert_eq!(required(&list), expected, "{line}");
        }
    }

    #[test]
    fn every_note_says_pdf() {
        // 在申报页面对应项目中需上传下列材料：（仅支持 PDF 格式）
        for material in materials_for(&answers("2024-06-30", true, false), &Policy::default()) {
            assert!(material.note.contains("PDF"), "{:?}", material.code);
        }
    }

    #[test]
    fn notes_carry_the_guides_specifics() {
        let list = materials_for(&answers("2024-06-30", true, false), &Policy::default());
        let note = |code| &list.iter().find(|m| m.code == code).unwrap().note;
        assert!(note(MaterialCode::XuexinRecord).contains("有效期需在3个月以上"));
        assert!(note(MaterialCode::GraduateRegisterForm).contains("个人人事档案内或学校档案"));
        assert!(note(MaterialCode::EmployerConsent).contains("单位公章"));
        assert!(note(MaterialCode::SocialInsuranceProof).contains("扫描要清晰"));
    }

    #[test]
    fn the_boundary_year_comes_from_the_policy() {
        let policy = Policy {
            xuexin_from_year: 2005,
            ..Policy::default()
        };
        let list = materials_for(&answers("2004-07-01", false, true), &policy);
        assert_eq!(
            required(&list),
            [
                MaterialCode::GraduateRegisterForm,
                MaterialCode::EmployerConsent
            ]
        );
        assert!(list[0].note.contains("2005年以后"));
    }
}
