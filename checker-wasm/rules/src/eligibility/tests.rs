use super::*;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
}

/// A bachelor who graduated in 2024 and started work right away: eligible in 2026-11.
fn base() -> Answers {
    Answers {
        application_date: date("2026-11-26"),
        works_in_suzhou: true,
        insured_in_suzhou: true,
        insurance_visible: true,
        insured_since: None,
        diploma: Diploma::Bachelor,
        degree: Degree::Bachelor,
        qualification_date: date("2024-06-30"),
        major_matches: true,
        work_start_date: date("2024-07-15"),
        licensed_series: false,
        has_license: false,
    }
}

fn codes(result: &EligibilityResult) -> Vec<ReasonCode> {
    let mut codes: Vec<ReasonCode> = result.reasons.iter().map(|r| r.code).collect();
    codes.sort();
    codes
}

fn check(answers: &Answers) -> EligibilityResult {
    check_eligibility(answers, &Policy::default()).unwrap()
}

#[test]
fn education_paths() {
    use Degree as G;
    use Diploma as D;
    use Level::*;
    let technician = Some((Technician, true));
    let assistant_after_internship = Some((Assistant, true));
    let assistant = Some((Assistant, false));
    let intermediate = Some((Intermediate, false));
    type LevelAndInternship = Option<(Level, bool)>;
    let cases: &[(&str, Diploma, Degree, LevelAndInternship)] = &[
        (
            "1、具备大学专科…毕业学历…可初定技术员",
            D::JuniorCollege,
            G::None,
            technician,
        ),
        (
            "1、具备…中等职业学校毕业学历…可初定技术员",
            D::SecondaryVocational,
            G::None,
            technician,
        ),
        (
            "2、具备大学本科学历…见习1年期满…助理级",
            D::Bachelor,
            G::None,
            assistant_after_internship,
        ),
        (
            "2、具备…学士学位…见习1年期满…助理级",
            D::Bachelor,
            G::Bachelor,
            assistant_after_internship,
        ),
        (
            "2、…或学士学位 (专科学历 + 学士学位)",
            D::JuniorCollege,
            G::Bachelor,
            assistant_after_internship,
        ),
        (
            "2、…或学士学位 (no diploma, degree only)",
            D::None,
            G::Bachelor,
            assistant_after_internship,
        ),
        ("3、具备硕士学历…助理级", D::Master, G::None, assistant),
        ("3、具备硕士…学位…助理级", D::Bachelor, G::Master, assistant),
        (
            "3、或具备第二学士学位…助理级",
            D::Bachelor,
            G::SecondBachelor,
            assistant,
        ),
        (
            "3、博士研究生学历 without the degree: 硕士学历 or better",
            D::Doctorate,
            G::None,
            assistant,
        ),
        (
            "3、博士研究生学历 with 硕士学位",
            D::Doctorate,
            G::Master,
            assistant,
        ),
        (
            "4、具备博士学位…可初定中级职称",
            D::Doctorate,
            G::Doctorate,
            intermediate,
        ),
        (
            "4、具备博士学位 (whatever the diploma)",
            D::Master,
            G::Doctorate,
            intermediate,
        ),
        (
            "如不符合上述条件的 (no diploma, no degree)",
            D::None,
            G::None,
            None,
        ),
    ];
    for &(line, diploma, degree, expected) in cases {
        let path = education_path(diploma, degree).map(|p| (p.level, p.needs_internship));
        assert_eq!(path, expected, "{line}");
    }
}

#[test]
fn every_reason_rests_on_a_guide_section() {
    use ReasonCode::*;
    let cases = [
        (NotInSuzhou, "scope-and-intake"),
        (NotInsuredInSuzhou, "scope-and-intake"),
        (NoQualifyingEducation, "education-and-years"),
        (TransitionRules, "education-and-years"),
        (InternshipIncomplete, "education-and-years"),
        (NotStartedWork, "education-and-years"),
        (LicenseMissing, "basic-conditions"),
        (InsuranceTooShort, "materials"),
    ];
    for (code, id) in cases {
        assert_eq!(code.clause().id(), id, "{code:?}");
        let serialized = serde_json::to_value(code.clause()).unwrap();
        assert_eq!(serialized, id);
    }
}

#[test]
fn scope_rules() {
    use ReasonCode::*;
    let cases: &[(&str, bool, bool, &[ReasonCode])] = &[
        ("受理范围：在我市工作并缴纳社保 (both)", true, true, &[]),
        (
            "受理范围：在我市工作 (not working in Suzhou)",
            false,
            true,
            &[NotInSuzhou],
        ),
        (
            "受理范围：…并缴纳社保 (not insured in Suzhou)",
            true,
            false,
            &[NotInsuredInSuzhou],
        ),
        (
            "受理范围 (neither)",
            false,
            false,
            &[NotInSuzhou, NotInsuredInSuzhou],
        ),
    ];
    for &(line, works, insured, expected) in cases {
        let result = check(&Answers {
            works_in_suzhou: works,
            insured_in_suzhou: insured,
            ..base()
        });
        assert_eq!(codes(&result), expected, "{line}");
        let outcome = if expected.is_empty() {
            Outcome::Eligible
        } else {
            Outcome::NotEligible
        };
        assert_eq!(result.outcome, outcome, "{line}");
    }
}

#[test]
fn licence_rule() {
    // 有行业准入要求的，应先取得相应有效的执业资格。
    let cases = [
        (
            "licensed series without the licence",
            true,
            false,
            Outcome::NotEligible,
        ),
        (
            "licensed series with the licence",
            true,
            true,
            Outcome::Eligible,
        ),
        ("no licence needed", false, false, Outcome::Eligible),
        (
            "no licence needed, holds one anyway",
            false,
            true,
            Outcome::Eligible,
        ),
    ];
    for (name, licensed_series, has_license, outcome) in cases {
        let result = check(&Answers {
            licensed_series,
            has_license,
            ..base()
        });
        assert_eq!(result.outcome, outcome, "{name}");
        let missing = result
            .reasons
            .iter()
            .any(|r| r.code == ReasonCode::LicenseMissing);
        assert_eq!(missing, outcome == Outcome::NotEligible, "{name}");
    }
}

#[test]
fn which_rules_apply_the_2022_boundary() {
    // 2022年及以后取得相应层级学历、2021年及以前取得相应层级学历但所学专业与从事专业不符的人员
    // … 按以下条件执行；如不符合上述条件的，按省有关规定做好过渡工作。
    let cases = [
        (
            "2021年及以前 + 专业相符 → 过渡",
            "2021-12-31",
            true,
            Outcome::Transition,
        ),
        (
            "2022年及以后 + 专业相符 → 按以下条件",
            "2022-01-01",
            true,
            Outcome::Eligible,
        ),
        (
            "2021年及以前 + 专业不符 → 按以下条件",
            "2021-12-31",
            false,
            Outcome::Eligible,
        ),
        (
            "2022年及以后 + 专业不符 → 按以下条件",
            "2022-01-01",
            false,
            Outcome::Eligible,
        ),
    ];
    for (line, graduated, major_matches, outcome) in cases {
        let result = check(&Answers {
            qualification_date: date(graduated),
            work_start_date: date(graduated),
            major_matches,
            diploma: Diploma::Master,
            degree: Degree::Master,
            ..base()
        });
        assert_eq!(result.outcome, outcome, "{line}");
        if outcome == Outcome::Transition {
            assert_eq!(codes(&result), [ReasonCode::TransitionRules], "{line}");
            assert_eq!(result.level, None);
            assert!(result.materials.is_empty());
        }
    }
}

#[test]
fn not_eligible_wins_over_transition_and_collects_every_reason() {
    let result = check(&Answers {
        works_in_suzhou: false,
        diploma: Diploma::None,
        degree: Degree::None,
        licensed_series: true,
        qualification_date: date("2019-06-30"),
        ..base()
    });
    assert_eq!(result.outcome, Outcome::NotEligible);
    use ReasonCode::*;
    assert_eq!(
        codes(&result),
        [
            NotInSuzhou,
            NoQualifyingEducation,
            LicenseMissing,
            TransitionRules
        ]
    );
    assert_eq!(result.eligible_from, None);
    assert_eq!(result.intake_month, None);
    assert_eq!(result.decision_month, None);
    assert!(result.materials.is_empty());
}

#[test]
fn time_rules() {
    use ReasonCode::*;
    struct Row {
        line: &'static str,
        diploma: Diploma,
        degree: Degree,
        graduated: &'static str,
        started: &'static str,
        insured_since: Option<&'static str>,
        today: &'static str,
        outcome: Outcome,
        eligible_from: &'static str,
        intake: &'static str,
        decision: &'static str,
        reasons: &'static [ReasonCode],
    }
    let rows = [
        Row {
            line: "见习1年期满: the day a year after work began",
            diploma: Diploma::Bachelor,
            degree: Degree::Bachelor,
            graduated: "2024-06-30",
            started: "2024-07-15",
            insured_since: None,
            today: "2025-07-15",
            outcome: Outcome::Eligible,
            eligible_from: "2025-07-15",
            intake: "2025-07",
            decision: "2025-08",
            reasons: &[],
        },
        Row {
            line: "见习1年期满: one day short",
            diploma: Diploma::Bachelor,
            degree: Degree::Bachelor,
            graduated: "2024-06-30",
            started: "2024-07-15",
            insured_since: None,
            today: "2025-07-14",
            outcome: Outcome::NotYet,
            eligible_from: "2025-07-15",
            intake: "2025-07",
            decision: "2025-08",
            reasons: &[InternshipIncomplete],
        },
        Row {
            line: "见习 counts from graduation when work began before it",
            diploma: Diploma::JuniorCollege,
            degree: Degree::None,
            graduated: "2024-06-30",
            started: "2024-03-01",
            insured_since: None,
            today: "2025-06-01",
            outcome: Outcome::NotYet,
            eligible_from: "2025-06-30",
            intake: "2025-07",
            decision: "2025-08",
            reasons: &[InternshipIncomplete],
        },
        Row {
            line: "见习 from a month end: 2023-01-31 + 12 months",
            diploma: Diploma::SecondaryVocational,
            degree: Degree::None,
            graduated: "2023-01-31",
            started: "2023-01-31",
            insured_since: None,
            today: "2024-01-31",
            outcome: Outcome::Eligible,
            eligible_from: "2024-01-31",
            intake: "2024-01",
            decision: "2024-02",
            reasons: &[],
        },
        Row {
            line: "见习 from a leap day: 2024-02-29 + 12 months = 2025-02-28",
            diploma: Diploma::Bachelor,
            degree: Degree::None,
            graduated: "2024-02-29",
            started: "2024-02-29",
            insured_since: None,
            today: "2025-02-28",
            outcome: Outcome::Eligible,
            eligible_from: "2025-02-28",
            intake: "2025-03",
            decision: "2025-04",
            reasons: &[],
        },
        Row {
            line: "4、具备博士学位，从事本专业技术工作: no internship, from the first day",
            diploma: Diploma::Doctorate,
            degree: Degree::Doctorate,
            graduated: "2026-06-20",
            started: "2026-07-01",
            insured_since: None,
            today: "2026-08-05",
            outcome: Outcome::Eligible,
            eligible_from: "2026-07-01",
            intake: "2026-09",
            decision: "2026-10",
            reasons: &[],
        },
        Row {
            line: "3、具备硕士学历…从事本专业技术工作: not started yet",
            diploma: Diploma::Master,
            degree: Degree::Master,
            graduated: "2026-06-20",
            started: "2026-09-01",
            insured_since: None,
            today: "2026-08-05",
            outcome: Outcome::NotYet,
            eligible_from: "2026-09-01",
            intake: "2026-09",
            decision: "2026-10",
            reasons: &[NotStartedWork],
        },
        Row {
            line: "2、…见习1年期满, work not started: both reasons",
            diploma: Diploma::Bachelor,
            degree: Degree::Bachelor,
            graduated: "2026-06-30",
            started: "2026-12-01",
            insured_since: None,
            today: "2026-11-26",
            outcome: Outcome::NotYet,
            eligible_from: "2027-12-01",
            intake: "2028-01",
            decision: "2028-02",
            reasons: &[InternshipIncomplete, NotStartedWork],
        },
        Row {
            line: "连续参保至少 3 个月以上: insured since 2026-10-10",
            diploma: Diploma::Bachelor,
            degree: Degree::Bachelor,
            graduated: "2023-06-30",
            started: "2023-07-01",
            insured_since: Some("2026-10-10"),
            today: "2026-11-26",
            outcome: Outcome::NotYet,
            eligible_from: "2027-01-10",
            intake: "2027-01",
            decision: "2027-02",
            reasons: &[InsuranceTooShort],
        },
        Row {
            line: "连续参保至少 3 个月以上: exactly three months",
            diploma: Diploma::Master,
            degree: Degree::Master,
            graduated: "2023-06-30",
            started: "2023-07-01",
            insured_since: Some("2026-08-26"),
            today: "2026-11-26",
            outcome: Outcome::Eligible,
            eligible_from: "2026-11-26",
            intake: "2026-11",
            decision: "2026-12",
            reasons: &[],
        },
        Row {
            line: "见习 and 参保 both short: both reasons, the later date wins",
            diploma: Diploma::JuniorCollege,
            degree: Degree::None,
            graduated: "2026-06-30",
            started: "2026-07-01",
            insured_since: Some("2026-11-30"),
            today: "2026-12-01",
            outcome: Outcome::NotYet,
            eligible_from: "2027-07-01",
            intake: "2027-07",
            decision: "2027-08",
            reasons: &[InternshipIncomplete, InsuranceTooShort],
        },
        Row {
            line: "单月受理: December → January of the next year",
            diploma: Diploma::Bachelor,
            degree: Degree::Bachelor,
            graduated: "2024-06-30",
            started: "2024-07-01",
            insured_since: None,
            today: "2026-12-31",
            outcome: Outcome::Eligible,
            eligible_from: "2025-07-01",
            intake: "2027-01",
            decision: "2027-02",
            reasons: &[],
        },
    ];
    for row in rows {
        let answers = Answers {
            diploma: row.diploma,
            degree: row.degree,
            qualification_date: date(row.graduated),
            work_start_date: date(row.started),
            insurance_visible: row.insured_since.is_none(),
            insured_since: row.insured_since.map(date),
            application_date: date(row.today),
            ..base()
        };
        let result = check(&answers);
        let line = row.line;
        assert_eq!(result.outcome, row.outcome, "{line}");
        let eligible_from = result.eligible_from.map(|d| d.to_string());
        assert_eq!(eligible_from.as_deref(), Some(row.eligible_from), "{line}");
        let intake = result.intake_month.map(|m| m.to_string());
        assert_eq!(intake.as_deref(), Some(row.intake), "{line}");
        let decision = result.decision_month.map(|m| m.to_string());
        assert_eq!(decision.as_deref(), Some(row.decision), "{line}");
        assert_eq!(codes(&result), row.reasons, "{line}");
    }
}

#[test]
fn messages_give_the_date_it_becomes_possible() {
    let result = check(&Answers {
        application_date: date("2026-03-10"),
        diploma: Diploma::JuniorCollege,
        degree: Degree::None,
        qualification_date: date("2025-06-30"),
        work_start_date: date("2025-07-01"),
        ..base()
    });
    let message = &result.reasons[0].message;
    assert!(message.contains("2026年7月1日"), "{message}");
    assert!(message.contains("技术员"), "{message}");
    assert!(message.contains("1年"), "{message}");
}

#[test]
fn december_intake_in_a_custom_policy_decides_in_january() {
    let policy = Policy {
        intake_months: vec![6, 12],
        ..Policy::default()
    };
    let result = check_eligibility(
        &Answers {
            application_date: date("2026-12-15"),
            ..base()
        },
        &policy,
    )
    .unwrap();
    assert_eq!(result.intake_month.unwrap().to_string(), "2026-12");
    assert_eq!(result.decision_month.unwrap().to_string(), "2027-01");
}

#[test]
fn custom_internship_length() {
    let policy = Policy {
        internship_months: 6,
        ..Policy::default()
    };
    let result = check_eligibility(
        &Answers {
            application_date: date("2025-01-01"),
            ..base()
        },
        &policy,
    )
    .unwrap();
    assert_eq!(result.eligible_from.unwrap().to_string(), "2025-01-15");
    assert_eq!(result.outcome, Outcome::NotYet);
    assert!(result.reasons[0].message.contains("6个月"));
}

#[test]
fn a_three_year_internship_is_worded_as_the_guide_words_it() {
    // The guide renders {{ policy.internship_months | months_cn }} with the same function.
    let policy = Policy {
        internship_months: 36,
        ..Policy::default()
    };
    let result = check_eligibility(
        &Answers {
            application_date: date("2025-07-15"),
            ..base()
        },
        &policy,
    )
    .unwrap();
    assert_eq!(codes(&result), [ReasonCode::InternshipIncomplete]);
    let message = &result.reasons[0].message;
    assert!(message.contains("见习3年期满"), "{message}");
    assert!(message.contains(&crate::text::duration_cn(36)), "{message}");
}

#[test]
fn insured_since_is_required_when_insurance_is_not_visible() {
    let error = check_eligibility(
        &Answers {
            insurance_visible: false,
            insured_since: None,
            ..base()
        },
        &Policy::default(),
    )
    .unwrap_err();
    assert_eq!(error.field, "insured_since");
    // …and ignored when it is visible.
    let result = check(&Answers {
        insurance_visible: true,
        insured_since: Some(date("2026-11-01")),
        ..base()
    });
    assert_eq!(result.outcome, Outcome::Eligible);
}

#[test]
fn an_invalid_policy_is_an_error_naming_the_key() {
    let policy = Policy {
        intake_months: vec![],
        ..Policy::default()
    };
    let error = check_eligibility(&base(), &policy).unwrap_err();
    assert_eq!(error.field, "policy.intake_months");
}

#[test]
fn arithmetic_past_9999_is_an_error_not_a_panic() {
    let result = check_eligibility(
        &Answers {
            qualification_date: date("9999-06-30"),
            work_start_date: date("9999-07-01"),
            application_date: date("9999-12-31"),
            major_matches: false,
            ..base()
        },
        &Policy::default(),
    );
    assert_eq!(result.unwrap_err().field, "work_start_date");
    let result = check_eligibility(
        &Answers {
            application_date: date("9999-12-31"),
            ..base()
        },
        &Policy::default(),
    );
    assert_eq!(result.unwrap_err().field, "application_date");
}

#[test]
fn serializes_to_the_contract_names() {
    let value = serde_json::to_value(check(&base())).unwrap();
    let expected = serde_json::json!({
        "outcome": "eligible",
        "level": "assistant",
        "eligible_from": "2025-07-15",
        "intake_month": "2026-11",
        "decision_month": "2026-12",
        "reasons": [],
    });
    for (key, value_expected) in expected.as_object().unwrap() {
        assert_eq!(&value[key], value_expected, "{key}");
    }
    let materials = value["materials"].as_array().unwrap();
    assert_eq!(materials.len(), 5);
    let transition = serde_json::to_value(check(&Answers {
        qualification_date: date("2020-06-30"),
        ..base()
    }))
    .unwrap();
    assert_eq!(transition["outcome"], "transition");
    for key in ["level", "eligible_from", "intake_month", "decision_month"] {
        assert!(transition[key].is_null(), "{key}");
    }
    assert_eq!(transition["reasons"][0]["code"], "transition_rules");
    assert_eq!(transition["reasons"][0]["clause"], "education-and-years");
    assert_eq!(transition["materials"], serde_json::json!([]));
}

#[test]
fn dates_before_1950_or_more_than_ten_years_ahead_are_errors_naming_the_field() {
    // base() applies on 2026-11-26: answers may lie between 1950-01-01 and 2036-11-26.
    let cases: [(&str, Answers); 6] = [
        (
            "qualification_date",
            Answers {
                qualification_date: date("0201-06-30"),
                ..base()
            },
        ),
        (
            "qualification_date",
            Answers {
                qualification_date: date("1949-12-31"),
                ..base()
            },
        ),
        (
            "work_start_date",
            Answers {
                work_start_date: date("2036-11-27"),
                ..base()
            },
        ),
        (
            "application_date",
            Answers {
                application_date: date("1949-12-31"),
                qualification_date: date("1949-06-30"),
                work_start_date: date("1949-07-01"),
                ..base()
            },
        ),
        (
            "insured_since",
            Answers {
                insurance_visible: false,
                insured_since: Some(date("9999-12-31")),
                ..base()
            },
        ),
        (
            "qualification_date",
            Answers {
                qualification_date: date("9999-12-31"),
                ..base()
            },
        ),
    ];
    for (field, answers) in cases {
        let error = check_eligibility(&answers, &Policy::default())
            .expect_err(&format!("{field} out of range"));
        assert_eq!(error.field, field, "{error}");
        // In Chinese, for the applicant, with the range.
        assert!(error.message.contains("1950年1月1日"), "{error}");
        assert!(!error.message.is_ascii(), "{error}");
    }
    assert!(error_for(&Answers {
        work_start_date: date("2036-11-27"),
        ..base()
    })
    .contains("2036年11月26日"));
}

#[test]
fn dates_at_the_edges_of_the_range_are_answers() {
    for answers in [
        Answers {
            qualification_date: date("1950-01-01"),
            work_start_date: date("1950-01-01"),
            major_matches: false,
            ..base()
        },
        Answers {
            work_start_date: date("2036-11-26"),
            ..base()
        },
        // Ignored when the portal can see the insurance, as a date there.
        Answers {
            insured_since: Some(date("1900-01-01")),
            ..base()
        },
    ] {
        assert!(
            check_eligibility(&answers, &Policy::default()).is_ok(),
            "{answers:?}"
        );
    }
}

fn error_for(answers: &Answers) -> String {
    check_eligibility(answers, &Policy::default())
        .unwrap_err()
        .to_string()
}

/// Section 2 of the wording issue: each sentence true for these answers.
mod wording {
    use super::*;
    use crate::text::next_step;

    fn messages(result: &EligibilityResult) -> Vec<&str> {
        result.reasons.iter().map(|r| r.message.as_str()).collect()
    }

    #[test]
    fn the_application_date_is_today_only_when_it_is_today() {
        let answers = Answers {
            application_date: date("2026-03-01"),
            qualification_date: date("2026-06-30"),
            work_start_date: date("2026-07-01"),
            ..base()
        };
        let on = |today| check_eligibility_on(&answers, &Policy::default(), today).unwrap();
        let today = on(Some(date("2026-03-01")));
        assert!(
            messages(&today)[0].contains("晚于今天（2026年3月1日）"),
            "{today:?}"
        );
        for other in [on(Some(date("2026-02-20"))), on(None)] {
            let message = messages(&other)[0];
            assert!(
                message.contains("晚于查询日期（2026年3月1日）"),
                "{message}"
            );
            assert!(!message.contains("今天"), "{message}");
        }
    }

    #[test]
    fn no_internship_is_mentioned_on_a_path_without_one() {
        let master = check(&Answers {
            application_date: date("2026-03-01"),
            diploma: Diploma::Master,
            degree: Degree::Master,
            qualification_date: date("2026-06-30"),
            work_start_date: date("2026-07-01"),
            ..base()
        });
        assert_eq!(codes(&master), [ReasonCode::NotStartedWork]);
        let message = messages(&master)[0];
        assert!(!message.contains("见习"), "{message}");
        assert!(message.contains("从事本专业技术工作"), "{message}");
        // The bachelor's path keeps it.
        let bachelor = check(&Answers {
            application_date: date("2026-03-01"),
            qualification_date: date("2026-06-30"),
            work_start_date: date("2026-07-01"),
            ..base()
        });
        assert!(messages(&bachelor)
            .iter()
            .any(|m| m.contains("初定需在取得学历后在本专业技术岗位见习")));
    }

    #[test]
    fn a_reason_gives_the_day_its_own_condition_is_met_and_only_the_headline_when_to_apply() {
        // Insurance complete 2026-06-05, 见习 complete 2027-07-01: apply from 2027-07.
        let result = check(&Answers {
            application_date: date("2026-03-01"),
            qualification_date: date("2026-06-30"),
            work_start_date: date("2026-07-01"),
            insurance_visible: false,
            insured_since: Some(date("2026-03-05")),
            ..base()
        });
        assert_eq!(result.outcome, Outcome::NotYet);
        let insurance = result
            .reasons
            .iter()
            .find(|r| r.code == ReasonCode::InsuranceTooShort)
            .unwrap();
        assert!(
            insurance.message.contains("到2026年6月5日满3个月"),
            "{insurance:?}"
        );
        for message in messages(&result) {
            assert!(!message.contains("受理"), "{message}");
            assert!(!message.contains("可申报"), "{message}");
        }
        let headline = next_step(&result, date("2026-03-01"));
        assert!(headline.contains("2027年7月的受理期"), "{headline}");
    }

    #[test]
    fn no_education_before_the_rules_year_is_one_story_and_says_whom_to_ask_once() {
        let result = check(&Answers {
            diploma: Diploma::None,
            degree: Degree::None,
            qualification_date: date("2021-06-30"),
            major_matches: true,
            ..base()
        });
        assert_eq!(result.outcome, Outcome::NotEligible);
        assert_eq!(
            codes(&result),
            [
                ReasonCode::NoQualifyingEducation,
                ReasonCode::TransitionRules
            ]
        );
        let all = messages(&result).join("") + &next_step(&result, date("2026-11-26"));
        assert_eq!(all.matches("咨询").count(), 1, "{all}");
        let transition = messages(&result)[1];
        assert!(transition.contains("不属于初定的四种条件"), "{transition}");
        assert!(!transition.contains("做好过渡工作"), "{transition}");
    }

    #[test]
    fn the_transition_result_says_what_to_do_once() {
        let result = check(&Answers {
            qualification_date: date("2021-06-30"),
            major_matches: true,
            ..base()
        });
        assert_eq!(result.outcome, Outcome::Transition);
        let reason = messages(&result)[0];
        assert!(!reason.contains("咨询"), "{reason}");
        let all = format!("{reason}{}", next_step(&result, date("2026-11-26")));
        assert_eq!(all.matches("咨询").count(), 1, "{all}");
    }

    #[test]
    fn the_xuexin_record_is_printed_within_the_months_before_the_intake() {
        // Ready 2027-07-01, asked on 2026-03-01: print the record from 2027-04-01 on.
        let far = check(&Answers {
            application_date: date("2026-03-01"),
            qualification_date: date("2026-06-30"),
            work_start_date: date("2026-07-01"),
            ..base()
        });
        let step = next_step(&far, date("2026-03-01"));
        assert!(!step.contains("现在可以先准备下面的材料"), "{step}");
        assert!(step.contains("2027年4月1日以后再打印"), "{step}");
        assert!(step.contains("3个月"), "{step}");
        // An intake two months away: everything can be prepared now.
        let near = check(&Answers {
            application_date: date("2026-05-10"),
            qualification_date: date("2025-06-30"),
            work_start_date: date("2025-07-01"),
            ..base()
        });
        assert_eq!(near.intake_month.unwrap().to_string(), "2026-07");
        assert!(next_step(&near, date("2026-05-10")).contains("现在可以先准备下面的材料"));
    }

    #[test]
    fn a_secondary_vocational_graduate_hears_of_the_register_form() {
        let result = check(&Answers {
            diploma: Diploma::SecondaryVocational,
            degree: Degree::None,
            ..base()
        });
        let xuexin = result
            .materials
            .iter()
            .find(|m| m.code == crate::materials::MaterialCode::XuexinRecord)
            .unwrap();
        assert!(xuexin.required);
        assert!(xuexin.note.contains("学信网查不到"), "{xuexin:?}");
        assert!(xuexin.note.contains("毕业生登记学籍表"), "{xuexin:?}");
        // A bachelor is not told so.
        let bachelor = check(&base());
        assert!(!bachelor.materials[0].note.contains("学信网查不到"));
    }
}

/// `code` gives every value's serialised name (the browser build writes results with it).
fn assert_codes_are_serialised_names<T: serde::Serialize + Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
) {
    for &value in all {
        assert_eq!(
            serde_json::to_value(value).expect("serialises"),
            serde_json::Value::from(code(value))
        );
    }
}

#[test]
fn codes_are_the_serialised_names() {
    assert_codes_are_serialised_names(&Outcome::ALL, Outcome::code);
    assert_codes_are_serialised_names(&Level::ALL, Level::code);
    assert_codes_are_serialised_names(&ReasonCode::ALL, ReasonCode::code);
    assert_codes_are_serialised_names(&Clause::ALL, Clause::id);
    assert_codes_are_serialised_names(&crate::MaterialCode::ALL, crate::MaterialCode::code);
    assert_codes_are_serialised_names(&crate::PartCode::ALL, crate::PartCode::code);
}
