//! `cargo bench -p checker-rules`: the live counter runs on every keystroke, so check_summary on a
//! long summary must stay far below a frame (target: under 1 ms for 20,000 characters).

use checker_rules::{check_eligibility, check_summary, parse_answers, Answers, Policy};

fn main() {
    divan::main();
}

/// 20,000 characters of a realistic mix: Chinese prose, Latin words, numbers, punctuation,
/// line breaks.
fn mixed_text() -> String {
    const PIECES: [&str; 6] = [
        "本人于2019年毕业于苏州大学，主持完成了3个Rust项目，",
        "发表论文2篇（ISSN 1234-5678），获得 ABC-123 专利一项。",
        "政治素质过硬，恪守职业道德；v2.0 版本性能提升 37.5%。\n",
        "今后将继续努力，弥补不足。see https://example.org/a?b=c ",
        "工作业绩：完成 PLC 改造，节约成本 120 万元。\r\n",
        "ＡＢＣ１２３、「東京」オリンピック、한국어 𠮷野家。",
    ];
    let mut text = String::new();
    for piece in PIECES.iter().cycle() {
        if text.chars().count() >= 20_000 {
            break;
        }
        text.push_str(piece);
    }
    text.chars().take(20_000).collect()
}

#[divan::bench]
fn summary_20000_chars(bencher: divan::Bencher) {
    let text = mixed_text();
    let policy = Policy::default();
    bencher.bench(|| check_summary(divan::black_box(&text), &policy));
}

fn public_answers() -> Vec<Answers> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/eligibility-public.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
    cases
        .iter()
        .filter_map(|case| parse_answers(&case["answers"]).ok())
        .collect()
}

/// All public cases, one after the other (divan reports the time for the whole set).
#[divan::bench]
fn eligibility_public_cases(bencher: divan::Bencher) {
    let answers = public_answers();
    assert!(!answers.is_empty(), "tests/data/eligibility-public.json");
    let policy = Policy::default();
    bencher.counter(answers.len()).bench(|| {
        for answers in &answers {
            let _ = divan::black_box(check_eligibility(divan::black_box(answers), &policy));
        }
    });
}

/// Parsing included, as the bindings do it (JSON here, a JS object in the browser).
#[divan::bench]
fn parse_and_check_one_case(bencher: divan::Bencher) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/eligibility-public.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
    let first = serde_json::to_string(&cases[0]["answers"]).unwrap_or_default();
    let policy = Policy::default();
    bencher.bench(|| {
        let answers = parse_answers(&mut serde_json::Deserializer::from_str(divan::black_box(
            &first,
        )));
        answers.map(|answers| check_eligibility(&answers, &policy))
    });
}
