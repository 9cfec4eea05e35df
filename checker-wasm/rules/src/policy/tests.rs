use super::*;

#[test]
fn defaults_are_the_seed_values_and_valid() {
    let policy = Policy::default();
    // 即1、3、5、7、9、11月受理
    assert_eq!(policy.intake_months, [1, 3, 5, 7, 9, 11]);
    // 2022年及以后取得相应层级学历
    assert_eq!(policy.rules_from_year, 2022);
    // 见习1年期满
    assert_eq!(policy.internship_months, 12);
    // 连续参保至少 3 个月以上
    assert_eq!(policy.insurance_proof_months, 3);
    // 不少于 800 字
    assert_eq!(policy.summary_min_words, 800);
    // 2001 年以后毕业的 … 学信网
    assert_eq!(policy.xuexin_from_year, 2001);
    assert_eq!(policy.validate(), Ok(()));
}

#[test]
fn keys_are_the_contracts() {
    let value = serde_json::to_value(Policy::default()).unwrap();
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "insurance_proof_months",
            "intake_months",
            "internship_months",
            "rules_from_year",
            "summary_min_words",
            "xuexin_from_year",
        ]
    );
}

#[test]
fn missing_keys_take_the_seed_value() {
    let policy: Policy = serde_json::from_str(r#"{"summary_min_words": 1000}"#).unwrap();
    assert_eq!(
        policy,
        Policy {
            summary_min_words: 1000,
            ..Policy::default()
        }
    );
    let empty: Policy = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, Policy::default());
}

#[test]
fn unknown_key_is_an_error_naming_it() {
    let error = serde_json::from_str::<Policy>(r#"{"intake_month": [1]}"#).unwrap_err();
    assert!(error.to_string().contains("intake_month"), "{error}");
}

#[test]
fn validate_rejects_impossible_values_naming_the_key() {
    let cases: &[(&str, Policy, &str)] = &[
        (
            "no intake month",
            Policy {
                intake_months: vec![],
                ..Policy::default()
            },
            "policy.intake_months: ",
        ),
        (
            "month 13",
            Policy {
                intake_months: vec![1, 13],
                ..Policy::default()
            },
            "policy.intake_months: ",
        ),
        (
            "month 0",
            Policy {
                intake_months: vec![0],
                ..Policy::default()
            },
            "policy.intake_months: ",
        ),
        (
            "month listed twice",
            Policy {
                intake_months: vec![3, 5, 3],
                ..Policy::default()
            },
            "policy.intake_months: ",
        ),
        (
            "year zero",
            Policy {
                rules_from_year: 0,
                ..Policy::default()
            },
            "policy.rules_from_year: ",
        ),
        (
            "absurd xuexin year",
            Policy {
                xuexin_from_year: 20001,
                ..Policy::default()
            },
            "policy.xuexin_from_year: ",
        ),
        (
            "zero internship",
            Policy {
                internship_months: 0,
                ..Policy::default()
            },
            "policy.internship_months: ",
        ),
        (
            "absurd insurance months",
            Policy {
                insurance_proof_months: 10_000,
                ..Policy::default()
            },
            "policy.insurance_proof_months: ",
        ),
        (
            "zero minimum",
            Policy {
                summary_min_words: 0,
                ..Policy::default()
            },
            "policy.summary_min_words: ",
        ),
    ];
    for (name, policy, prefix) in cases {
        let error = policy.validate().expect_err(name);
        assert!(error.to_string().starts_with(prefix), "{name}: {error}");
    }
}

#[test]
fn validate_accepts_a_custom_policy() {
    let policy = Policy {
        intake_months: vec![12, 6],
        summary_min_words: 1500,
        ..Policy::default()
    };
    assert_eq!(policy.validate(), Ok(()));
}

#[test]
fn problems_lists_every_impossible_value_in_the_order_validate_meets_them() {
    let policy = Policy {
        intake_months: vec![1, 13, 1],
        internship_months: 0,
        summary_min_words: 0,
        ..Policy::default()
    };
    let keys: Vec<&str> = policy.problems().iter().map(|p| p.key).collect();
    assert_eq!(
        keys,
        [
            "intake_months",
            "intake_months",
            "internship_months",
            "summary_min_words"
        ]
    );
    assert_eq!(policy.validate(), Err(policy.problems()[0].clone()));
    assert_eq!(Policy::default().problems(), []);
}
