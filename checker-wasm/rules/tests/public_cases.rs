//! The contract's public cases (`tests/data/`, copied from `shared/cases/`), run natively
//! through the same entry points the bindings use: `parse_answers` + `check_eligibility`, and
//! `check_summary`, with results compared as serialized JSON (the shape JavaScript sees).

use std::collections::BTreeSet;

use checker_rules::{check_eligibility, check_summary, parse_answers, Policy};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn string_set(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

#[test]
fn eligibility_public_cases() {
    let cases = load("eligibility-public.json");
    assert!(!cases.is_empty());
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let answers = parse_answers(&case["answers"]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let result = check_eligibility(&answers, &Policy::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let actual = serde_json::to_value(&result).unwrap();
        let expect = &case["expect"];
        for key in [
            "outcome",
            "level",
            "eligible_from",
            "intake_month",
            "decision_month",
        ] {
            assert_eq!(actual[key], expect[key], "{name}: {key}");
        }
        let reason_codes: BTreeSet<String> = result
            .reasons
            .iter()
            .map(|r| {
                serde_json::to_value(r.code)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            reason_codes,
            string_set(&expect["reason_codes"]),
            "{name}: reasons"
        );
        let required: BTreeSet<String> = actual["materials"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["required"] == true)
            .map(|m| m["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            required,
            string_set(&expect["required_materials"]),
            "{name}: required materials"
        );
        // Every reason carries a Chinese message and a guide section.
        for reason in actual["reasons"].as_array().unwrap() {
            assert!(!reason["message"].as_str().unwrap().is_empty(), "{name}");
            assert!(!reason["clause"].as_str().unwrap().is_empty(), "{name}");
        }
    }
}

#[test]
fn summary_public_cases() {
    let cases = load("summary-public.json");
    assert!(!cases.is_empty());
    for case in &cases {
        let text = case["text"].as_str().unwrap();
        let actual = serde_json::to_value(check_summary(text, &Policy::default())).unwrap();
        let expect = case["expect"].as_object().unwrap();
        assert!(!expect.is_empty());
        for (key, value) in expect {
            assert_eq!(&actual[key], value, "{text:?}: {key}");
        }
    }
}

/// The case files parse as the contract describes (a guard against a silently empty copy).
#[test]
fn case_files_have_the_contract_shape() {
    for case in load("eligibility-public.json") {
        for key in ["name", "answers", "expect"] {
            assert!(case.get(key).is_some(), "{key}");
        }
    }
    for case in load("summary-public.json") {
        assert!(case["text"].is_string());
    }
}
