//! 专业技术工作总结（不少于 800 字）: counts a work summary the way Microsoft Word's 字数统计
//! dialog does, since that is the number applicants read, and hints at which of the guide's five
//! recommended parts it seems to contain.
//!
//! Counting (one pass over the text, Unicode scalar values):
//! - an **Asian character** counts one each: Han ideographs, Hiragana, Katakana, Bopomofo, Hangul
//!   syllables, CJK punctuation and the full-width forms (see [`is_asian`] for the blocks);
//! - a **non-Asian word** is a maximal run of characters that are neither white space
//!   (`char::is_whitespace`) nor Asian: `Rust`, `2023`, `3.14`, `ABC-123`, a URL;
//! - `words` (字数) = Asian characters + non-Asian words;
//! - `chars_no_spaces` counts every character but white space, `chars_with_spaces` every
//!   character but line breaks (`\n`, `\r`, U+000B, U+000C, U+0085, U+2028, U+2029);
//! - `paragraphs` counts lines (split at line breaks, `\r\n` being one) holding a character that
//!   is not white space.
//!
//! The five-part hint is a heuristic, not a rule: a part counts as found when the text contains
//! one of a few phrases applicants usually write for it (the guide's own wording first). The
//! phrases are in [`PART_PHRASES`]; they are looked for in the same pass as the counting.

use serde::Serialize;

use crate::policy::Policy;

/// The five parts of 一般的撰写格式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartCode {
    /// 一是简要介绍本人的基本情况
    BasicInfo,
    /// 二是简明扼要地概述有关本人政治素质、职业道德、总体履职、个人获得的荣誉、表彰等情况
    Conduct,
    /// 三是分层次重点叙述本人专业技术工作能力（经历）、专业技术工作业绩和成果、专业理论水平及论文著作等情况
    WorkAndResults,
    /// 四是简明罗列符合申报和评审条件所规定的条款
    Criteria,
    /// 五是自我评价在专业技术工作上存在的不足和今后努力的方向
    SelfAssessment,
}

impl PartCode {
    /// Every part, in the guide's order.
    pub const ALL: [PartCode; 5] = [
        PartCode::BasicInfo,
        PartCode::Conduct,
        PartCode::WorkAndResults,
        PartCode::Criteria,
        PartCode::SelfAssessment,
    ];

    /// The code as the contract writes it, also the serialised form (a test keeps the two the
    /// same): the browser build writes results without serde.
    pub fn code(self) -> &'static str {
        match self {
            PartCode::BasicInfo => "basic_info",
            PartCode::Conduct => "conduct",
            PartCode::WorkAndResults => "work_and_results",
            PartCode::Criteria => "criteria",
            PartCode::SelfAssessment => "self_assessment",
        }
    }
}

/// Whether one part seems present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Part {
    pub code: PartCode,
    pub found: bool,
}

/// The counts, named as in the contract (Word's labels in the comments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryResult {
    /// 字数
    pub words: usize,
    /// 中文字符和朝鲜语单词
    pub asian_chars: usize,
    /// 非中文单词
    pub non_asian_words: usize,
    /// 字符数(不计空格)
    pub chars_no_spaces: usize,
    /// 字符数(计空格)
    pub chars_with_spaces: usize,
    /// 段落数
    pub paragraphs: usize,
    /// `summary_min_words` of the policy (不少于 800 字).
    pub minimum: u32,
    /// `words` ≥ `minimum`.
    pub meets_minimum: bool,
    /// The five parts, in the guide's order.
    pub parts: [Part; 5],
}

/// The parts in the guide's order, with the phrases that suggest each.
///
/// The guide's own headings come first; the rest are the wordings summaries commonly use. A
/// phrase is kept specific to its part's content (two characters or more; no bare 工作, 不足 or
/// 专业技术工作, which a title such as 「专业技术工作总结」 or a note such as 「不足800字」
/// holds): `summary/tests.rs` measures each part's precision and recall on realistic summaries.
pub const PART_PHRASES: [(PartCode, &[&str]); 5] = [
    (
        PartCode::BasicInfo,
        &[
            "基本情况",
            "简介",
            "个人情况",
            "出生",
            "毕业于",
            "姓名",
            "我叫",
            "本人名叫",
        ],
    ),
    (
        PartCode::Conduct,
        &[
            "政治素质",
            "职业道德",
            "思想政治",
            "政治思想",
            "政治立场",
            "师德",
            "遵纪守法",
            "遵守法律",
            "爱岗敬业",
            "履职",
            "履行岗位职责",
            "荣誉",
            "表彰",
            "称号",
            "评为",
        ],
    ),
    (
        PartCode::WorkAndResults,
        &[
            "业绩",
            "成果",
            "论文",
            "工作能力",
            "专业能力",
            "课题",
            "专利",
            "著作",
            "技术问题",
            "主要负责",
            "参与了",
            "工作经历",
        ],
    ),
    (
        PartCode::Criteria,
        &[
            "申报条件",
            "评审条件",
            "初定条件",
            "任职条件",
            "符合条件",
            "符合申报",
            "符合初定",
            "条款",
        ],
    ),
    (
        PartCode::SelfAssessment,
        &[
            // Not a bare 不足: 「不足800字」 is a count, not a self-assessment.
            "的不足",
            "有不足",
            "不足之处",
            "不足是",
            "欠缺",
            "努力方向",
            "努力的方向",
            "今后",
            "自我评价",
            "差距",
            "有待提高",
            "有待加强",
        ],
    ),
];

/// Counts `text` as Word would and looks for the five parts; `minimum` comes from the policy.
pub fn check_summary(text: &str, policy: &Policy) -> SummaryResult {
    let mut parts = PART_PHRASES.map(|(code, _)| Part { code, found: false });
    let mut parts_missing = parts.len();
    let mut first_chars = FirstChars::of_missing(&parts);
    let mut asian_chars = 0;
    let mut non_asian_words = 0;
    let mut chars_no_spaces = 0;
    let mut chars_with_spaces = 0;
    let mut paragraphs = 0;
    let mut in_word = false;
    let mut line_has_text = false;

    for (offset, c) in text.char_indices() {
        // Counters are bumped by booleans, one classification per character.
        let class = CharClass::of(c);
        let is_break = class == CharClass::LineBreak;
        let is_text = matches!(class, CharClass::Asian | CharClass::Other);
        let is_other = class == CharClass::Other;
        chars_with_spaces += usize::from(!is_break);
        chars_no_spaces += usize::from(is_text);
        non_asian_words += usize::from(is_other && !in_word);
        in_word = is_other;
        paragraphs += usize::from(is_break && line_has_text);
        line_has_text = (line_has_text && !is_break) || is_text;
        if class == CharClass::Asian {
            asian_chars += 1;
            if parts_missing > 0 && first_chars.may_start_a_phrase(c) {
                // `offset` comes from char_indices, so it is a character boundary.
                let rest = text.get(offset..).unwrap_or_default();
                let newly_found = mark_phrases_at(rest, &mut parts);
                if newly_found > 0 {
                    parts_missing -= newly_found;
                    first_chars = FirstChars::of_missing(&parts);
                }
            }
        }
    }
    paragraphs += usize::from(line_has_text);

    let words = asian_chars + non_asian_words;
    let minimum = policy.summary_min_words;
    SummaryResult {
        words,
        asian_chars,
        non_asian_words,
        chars_no_spaces,
        chars_with_spaces,
        paragraphs,
        minimum,
        // u32 → usize never truncates on the 32- and 64-bit targets this runs on.
        meets_minimum: words >= minimum as usize,
        parts,
    }
}

/// Marks every part one of whose phrases starts `rest`; returns how many were newly found.
fn mark_phrases_at(rest: &str, parts: &mut [Part; 5]) -> usize {
    let mut newly_found = 0;
    for ((_, phrases), part) in PART_PHRASES.iter().zip(parts.iter_mut()) {
        if !part.found && phrases.iter().any(|phrase| rest.starts_with(phrase)) {
            part.found = true;
            newly_found += 1;
        }
    }
    newly_found
}

/// A filter on the first characters of the phrases of the parts not found yet: one bit per code
/// point modulo 1024, so that nearly every character that cannot start such a phrase is
/// dismissed without comparing strings.
struct FirstChars([u64; 16]);

impl FirstChars {
    fn of_missing(parts: &[Part; 5]) -> Self {
        let mut filter = Self([0; 16]);
        let missing = PART_PHRASES
            .iter()
            .zip(parts)
            .filter(|(_, part)| !part.found);
        for ((_, phrases), _) in missing {
            for first in phrases.iter().filter_map(|phrase| phrase.chars().next()) {
                let (word, bit) = Self::slot(first);
                if let Some(word) = filter.0.get_mut(word) {
                    *word |= bit;
                }
            }
        }
        filter
    }

    fn may_start_a_phrase(&self, c: char) -> bool {
        let (word, bit) = Self::slot(c);
        self.0.get(word).is_some_and(|word| word & bit != 0)
    }

    fn slot(c: char) -> (usize, u64) {
        let code = u32::from(c) % 1024;
        ((code / 64) as usize, 1 << (code % 64))
    }
}

/// How a character counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// Ends a paragraph; not counted at all.
    LineBreak,
    /// White space: counted only in `chars_with_spaces`; ends a non-Asian word.
    Space,
    /// One Asian character.
    Asian,
    /// Part of a non-Asian word.
    Other,
}

impl CharClass {
    fn of(c: char) -> Self {
        if c.is_ascii() {
            // The common case, decided without the Unicode tables.
            return match c {
                '\n' | '\r' | '\u{000B}' | '\u{000C}' => Self::LineBreak,
                ' ' | '\t' => Self::Space,
                _ => Self::Other,
            };
        }
        if is_line_break(c) {
            Self::LineBreak
        } else if c.is_whitespace() {
            Self::Space
        } else if is_asian(c) {
            Self::Asian
        } else {
            Self::Other
        }
    }
}

/// Line breaks end a paragraph and are left out of `chars_with_spaces`.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether Word counts `c` as one Asian character (中文字符和朝鲜语单词).
///
/// Han ideographs in all their blocks, the scripts written without spaces next to them, CJK
/// punctuation and the full-width forms. U+3000, the ideographic space, is white space.
pub fn is_asian(c: char) -> bool {
    matches!(
        u32::from(c),
        // CJK Radicals Supplement, Kangxi Radicals, Ideographic Description Characters
        0x2E80..=0x2FFF
        // CJK Symbols and Punctuation (、。《》「」…) except U+3000, Hiragana, Katakana,
        // Bopomofo, Hangul Compatibility Jamo, Kanbun, Bopomofo Extended, CJK Strokes,
        // Katakana Phonetic Extensions, Enclosed CJK Letters and Months, CJK Compatibility
        | 0x3001..=0x33FF
        // CJK Unified Ideographs Extension A
        | 0x3400..=0x4DBF
        // CJK Unified Ideographs
        | 0x4E00..=0x9FFF
        // Hangul Syllables
        | 0xAC00..=0xD7AF
        // CJK Compatibility Ideographs
        | 0xF900..=0xFAFF
        // CJK Compatibility Forms
        | 0xFE30..=0xFE4F
        // Halfwidth and Fullwidth Forms (，；：？！（） and full-width letters and digits)
        | 0xFF00..=0xFFEF
        // Supplementary and Tertiary Ideographic Planes: Extensions B–J and the
        // Compatibility Ideographs Supplement (these planes hold nothing else)
        | 0x20000..=0x3FFFF
    )
}

#[cfg(test)]
mod tests;
