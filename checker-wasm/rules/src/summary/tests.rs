use super::*;

fn count(text: &str) -> SummaryResult {
    check_summary(text, &Policy::default())
}

#[test]
fn the_contracts_worked_examples() {
    // (text, words, asian_chars, non_asian_words, chars_no_spaces)
    let cases = [
        ("我用Rust写了3个项目，效果很好。", 15, 13, 2, 18),
        ("我用 Rust 写了 3 个项目，效果很好。", 15, 13, 2, 18),
        ("Hello、World。", 4, 2, 2, 12),
        ("ＡＢＣＤＥ", 5, 5, 0, 5),
        ("東京2024オリンピック", 9, 8, 1, 12),
    ];
    for (text, words, asian, non_asian, no_spaces) in cases {
        let result = count(text);
        assert_eq!(
            (
                result.words,
                result.asian_chars,
                result.non_asian_words,
                result.chars_no_spaces
            ),
            (words, asian, non_asian, no_spaces),
            "{text}"
        );
    }
}

#[test]
fn non_asian_words_are_runs_between_spaces_and_asian_chars() {
    let cases = [
        ("3.14", 1),
        ("ABC-123", 1),
        ("https://rs.jshrss.jiangsu.gov.cn/index/", 1),
        ("a b\tc\u{3000}d", 4),
        ("e.g.，i.e.", 2),
        ("", 0),
        ("   ", 0),
        ("don't stop", 2),
        ("①②", 1),
    ];
    for (text, words) in cases {
        assert_eq!(count(text).non_asian_words, words, "{text:?}");
    }
}

#[test]
fn asian_blocks() {
    let cases = [
        ('中', true, "CJK Unified Ideographs"),
        ('㐀', true, "Extension A"),
        ('\u{20BB7}', true, "Extension B (𠮷)"),
        ('\u{2A700}', true, "Extension C"),
        ('\u{2B740}', true, "Extension D"),
        ('\u{2B820}', true, "Extension E"),
        ('\u{2CEB0}', true, "Extension F"),
        ('\u{30000}', true, "Extension G"),
        ('\u{31350}', true, "Extension H"),
        ('\u{2EBF0}', true, "Extension I"),
        ('\u{F900}', true, "CJK Compatibility Ideographs"),
        ('\u{2F800}', true, "CJK Compatibility Ideographs Supplement"),
        ('\u{2E80}', true, "CJK Radicals Supplement"),
        ('\u{2F00}', true, "Kangxi Radicals"),
        ('\u{31C0}', true, "CJK Strokes"),
        ('\u{2FF0}', true, "Ideographic Description Characters"),
        ('\u{3200}', true, "Enclosed CJK Letters and Months"),
        ('\u{3300}', true, "CJK Compatibility"),
        ('\u{FE30}', true, "CJK Compatibility Forms"),
        ('あ', true, "Hiragana"),
        ('ア', true, "Katakana"),
        ('\u{31F0}', true, "Katakana Phonetic Extensions"),
        ('ㄅ', true, "Bopomofo"),
        ('\u{31A0}', true, "Bopomofo Extended"),
        ('한', true, "Hangul Syllables"),
        ('、', true, "CJK Symbols and Punctuation"),
        ('《', true, "CJK Symbols and Punctuation"),
        ('\u{3000}', false, "ideographic space is white space"),
        ('，', true, "Fullwidth comma"),
        ('Ａ', true, "Fullwidth Latin"),
        ('１', true, "Fullwidth digit"),
        ('ｱ', true, "Halfwidth Katakana"),
        ('A', false, "Latin"),
        ('é', false, "Latin-1"),
        ('—', false, "em dash (General Punctuation)"),
        ('“', false, "curly quote (General Punctuation)"),
        ('①', false, "circled digit (Enclosed Alphanumerics)"),
        ('😀', false, "emoji"),
    ];
    for (c, asian, block) in cases {
        assert_eq!(is_asian(c), asian, "{block} U+{:04X}", u32::from(c));
    }
}

#[test]
fn an_extension_b_ideograph_counts_once() {
    let result = count("𠮷野家");
    assert_eq!(result.asian_chars, 3);
    assert_eq!(result.words, 3);
    assert_eq!(result.chars_no_spaces, 3);
    assert_eq!(result.chars_with_spaces, 3);
}

#[test]
fn spaces_line_breaks_and_paragraphs() {
    // (text, chars_no_spaces, chars_with_spaces, paragraphs)
    let cases = [
        ("", 0, 0, 0),
        ("一", 1, 1, 1),
        ("一\n二", 2, 2, 2),
        ("一\r\n二\r\n", 2, 2, 2),
        ("一\r二", 2, 2, 2),
        ("一\n\n\n二", 2, 2, 2),
        ("一\n \t\u{3000}\n二", 2, 5, 2),
        (
            "一\u{2028}二\u{2029}三\u{0085}四\u{000B}五\u{000C}六",
            6,
            6,
            6,
        ),
        ("  前后有空格  ", 5, 9, 1),
        ("\n\n", 0, 0, 0),
    ];
    for (text, no_spaces, with_spaces, paragraphs) in cases {
        let result = count(text);
        assert_eq!(
            (
                result.chars_no_spaces,
                result.chars_with_spaces,
                result.paragraphs
            ),
            (no_spaces, with_spaces, paragraphs),
            "{text:?}"
        );
    }
}

#[test]
fn a_line_break_ends_a_word() {
    assert_eq!(count("Rust\nWasm").non_asian_words, 2);
    assert_eq!(count("Rust\u{2028}Wasm").non_asian_words, 2);
}

#[test]
fn minimum_comes_from_the_policy() {
    // 关于如何撰写专业技术工作总结（不少于 800 字）
    let text = "字".repeat(800);
    let result = count(&text);
    assert_eq!(result.minimum, 800);
    assert!(result.meets_minimum);
    assert!(!count(&text[3..]).meets_minimum);
    let strict = Policy {
        summary_min_words: 1000,
        ..Policy::default()
    };
    let result = check_summary(&text, &strict);
    assert_eq!(result.minimum, 1000);
    assert!(!result.meets_minimum);
}

#[test]
fn five_part_hint() {
    use PartCode::*;
    let cases: &[(&str, &str, &[PartCode])] = &[
        (
            "一是简要介绍本人的基本情况",
            "本人基本情况如下：2019年毕业于苏州大学。",
            &[BasicInfo],
        ),
        (
            "二是…政治素质、职业道德",
            "本人政治素质过硬，恪守职业道德。",
            &[Conduct],
        ),
        (
            "三是…工作业绩和成果…论文",
            "主持课题两项，发表论文一篇。",
            &[WorkAndResults],
        ),
        (
            "四是简明罗列符合申报和评审条件所规定的条款",
            "对照申报条件，逐条说明如下。",
            &[Criteria],
        ),
        (
            "五是…存在的不足和今后努力的方向",
            "存在的不足：经验尚浅，今后将继续学习。",
            &[SelfAssessment],
        ),
        ("none of them", "今天天气很好。Hello world.", &[]),
    ];
    for &(line, text, expected) in cases {
        let result = count(text);
        let found: Vec<PartCode> = result
            .parts
            .iter()
            .filter(|p| p.found)
            .map(|p| p.code)
            .collect();
        assert_eq!(found, expected, "{line}");
    }
    let all = count("基本情况。政治素质。业绩成果。符合申报条件的条款。不足和今后努力方向。");
    assert!(all.parts.iter().all(|p| p.found));
    let codes: Vec<PartCode> = all.parts.iter().map(|p| p.code).collect();
    assert_eq!(
        codes,
        [BasicInfo, Conduct, WorkAndResults, Criteria, SelfAssessment]
    );
}

#[test]
fn serializes_to_the_contract_names() {
    let value = serde_json::to_value(count("我用Rust写了3个项目，效果很好。")).unwrap();
    for key in [
        "words",
        "asian_chars",
        "non_asian_words",
        "chars_no_spaces",
        "chars_with_spaces",
        "paragraphs",
        "minimum",
        "meets_minimum",
    ] {
        assert!(value.get(key).is_some(), "{key}");
    }
    assert_eq!(value["parts"][0]["code"], "basic_info");
    assert_eq!(value["parts"][4]["code"], "self_assessment");
    assert_eq!(value["parts"][0]["found"], false);
    assert_eq!(value.as_object().unwrap().len(), 9);
}

/// Realistic summaries, one style per row: the five parts in the guide's order (as applicants
/// write them, mostly without the guide's headings), and noise that belongs to no part.
const STYLES: [([&str; 5], &str); 3] = [
    (
        [
            "本人张明，1998年5月出生，2020年7月毕业于苏州科技大学土木工程专业，获工学学士学位。毕业后进入苏州某建设集团有限公司，从事施工技术工作至今，现任项目技术员。",
            "本人拥护党的路线方针政策，政治立场坚定，遵守法律法规和单位规章制度，团结同事，2022年被公司评为优秀员工。",
            "工作以来，我先后参与了吴中区某住宅小区、工业园区某厂房等三个项目的施工管理，负责测量放线、技术交底和质量检查，解决了大体积混凝土裂缝控制等技术问题。参与编写的施工工法获公司技术创新二等奖，在《江苏建筑》发表文章一篇。",
            "对照初定条件：本人2020年取得大学本科学历和学士学位，所学专业与从事专业相符，已在本专业技术岗位见习一年期满并考察合格，可以申报助理级职称。",
            "回顾几年的工作，我在理论深度和新技术应用方面还有欠缺。今后我将加强学习，争取在专业上更进一步。",
        ],
        "专业技术工作总结",
    ),
    (
        [
            "我叫李华，女，1999年生，2021年6月硕士研究生毕业，取得教育学硕士学位，同年8月起在苏州市某中学担任语文教师。",
            "工作中我坚持立德树人，为人师表，师德良好，认真履行岗位职责，年度考核均为合格，2023年获区“优秀班主任”称号。",
            "在教学方面，我承担两个班的语文教学，积极开展公开课和教研活动，参与区级课题《初中整本书阅读教学研究》，撰写的论文获市教育学会二等奖。",
            "本人具备硕士学位，从事本专业技术工作，已取得教师资格证，符合初定助理级职称的规定。",
            "当然，我在课堂管理和教育科研方面仍有不足，将向有经验的老教师学习，不断提高自己。",
        ],
        "个人专业技术工作总结（初定申报）\n（草稿，目前不足800字，还要补充。）",
    ),
    (
        [
            "本人王强，大专学历，2022年毕业于苏州经贸职业技术学院会计专业，在苏州某贸易公司财务部从事会计工作。",
            "本人思想端正，遵纪守法，具有良好的职业道德，工作认真负责。",
            "三年来，我主要负责公司日常账务处理、纳税申报和财务报表编制，协助完成了财务软件的升级，提高了对账效率，积累了较为扎实的专业能力。",
            "按照职称初定的规定，本人大专毕业后见习期满一年，符合申报技术员职称的要求。",
            "我的不足是对税收新政策学习不够及时，需要加强学习。",
        ],
        "工作总结",
    ),
];

/// Every part hint on every style, with all parts and with each part left out: a part is found
/// exactly when its paragraph is there (precision and recall both 1 on this table).
#[test]
fn part_hints_precision_and_recall_on_realistic_summaries() {
    let codes = PART_PHRASES.map(|(code, _)| code);
    // (true positives, false positives, false negatives) per part.
    let mut tally = [(0u32, 0u32, 0u32); 5];
    let mut failures = Vec::new();
    for (style, (parts, noise)) in STYLES.iter().enumerate() {
        for left_out in (0..=5).map(|i| (i < 5).then_some(i)) {
            let mut text = String::from(*noise);
            for (index, paragraph) in parts.iter().enumerate() {
                if Some(index) != left_out {
                    text.push('\n');
                    text.push_str(paragraph);
                }
            }
            let result = count(&text);
            for (index, part) in result.parts.iter().enumerate() {
                assert_eq!(part.code, codes[index]);
                let present = Some(index) != left_out;
                let entry = &mut tally[index];
                match (present, part.found) {
                    (true, true) => entry.0 += 1,
                    (false, true) => {
                        entry.1 += 1;
                        failures.push(format!("style {style}: {:?} found without it", part.code));
                    }
                    (true, false) => {
                        entry.2 += 1;
                        failures.push(format!(
                            "style {style}, {left_out:?} left out: {:?} missed",
                            part.code
                        ));
                    }
                    (false, false) => {}
                }
            }
        }
    }
    for (code, (tp, fp, fr)) in codes.iter().zip(tally) {
        let precision = f64::from(tp) / f64::from(tp + fp);
        let recall = f64::from(tp) / f64::from(tp + fr);
        assert!(
            precision == 1.0 && recall == 1.0,
            "{code:?}: precision {precision:.2}, recall {recall:.2}; {failures:#?}"
        );
    }
}

#[test]
fn a_title_or_a_word_count_note_is_no_part() {
    for text in [
        "专业技术工作总结",
        "不足800字",
        "（全文不足800字，待补充）",
        "工作总结",
    ] {
        let found: Vec<PartCode> = count(text)
            .parts
            .iter()
            .filter(|p| p.found)
            .map(|p| p.code)
            .collect();
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}
