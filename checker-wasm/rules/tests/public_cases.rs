//! The contract's public cases (`tests/data/`, copied from `shared/cases/`), run natively
//! through the same entry points the bindings use: `parse_answers` + `check_eligibility`, and
//! `check_summary`, with results compared as serialized JSON (the shape JavaScript sees).

use std::collections::BTreeSet;

use checker_rules::work_history::{check_work_history, parse_context, parse_entries};
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

#[test]
fn work_history_public_cases() {
    let path = format!(
        "{}/tests/data/work-history-public.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("case file")).expect("JSON");
    let cases = file["cases"].as_array().expect("cases");
    assert!(!cases.is_empty());
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let context = parse_context(&case["context"]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let entries = parse_entries(&case["entries"]);
        if let Some(field) = case["error_mentions"].as_str() {
            let error = entries.expect_err(name);
            assert!(error.to_string().contains(field), "{name}: {error}");
            continue;
        }
        let entries = entries.unwrap_or_else(|e| panic!("{name}: {e}"));
        let actual = serde_json::to_value(check_work_history(&entries, &context)).expect("JSON");
        for (key, expected) in case["expect"].as_object().expect("expect") {
            if key == "problems" {
                assert_eq!(string_set(&actual[key]), string_set(expected), "{name}");
            } else {
                assert_eq!(&actual[key], expected, "{name}: {key}");
            }
        }
        for part in case["text_has"].as_array().into_iter().flatten() {
            let part = part.as_str().expect("text");
            let text = actual["text"].as_str().expect("text");
            assert!(text.contains(part), "{name}: {part:?} not in {text:?}");
        }
    }
    for error in file["errors"].as_array().into_iter().flatten() {
        let field = error["field"].as_str().or(error["error_mentions"].as_str());
        let entries = parse_entries(&error["entries"]);
        let message = entries.expect_err("an error case").to_string();
        assert!(
            field.is_some_and(|field| message.contains(field)),
            "{message}"
        );
    }
}
