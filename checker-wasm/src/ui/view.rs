//! Renders results into the page's result areas, and stamps the contract's data attributes
//! (`data-outcome`, `data-level`, `data-intake-month`, `data-words`) for tests and embedders.

use js_sys::Object;
use web_sys::Element;

use super::dom::{add, add_link, append, at, attr, clear, find, text_at, unset};
use checker_rules::calendar::{Date, YearMonth};
use checker_rules::eligibility::{EligibilityResult, Outcome};
use checker_rules::summary::SummaryResult;
use checker_rules::text;

/// The guide's sections as the built site names them: id → `{href, title}`
/// (the page's `#checker-clauses` data island, written by the builder).
pub struct Clauses(pub Object);

impl Clauses {
    fn get(&self, id: &str, key: &str) -> Option<String> {
        text_at(&at(&self.0, id), key)
    }

    /// `(href, title)` of a section; an unknown id still gets a working link to the home page.
    pub fn link(&self, id: &str) -> (String, String) {
        match (self.get(id, "href"), self.get(id, "title")) {
            (Some(href), Some(title)) => (href, title),
            _ => ("index.html".to_string(), "指南".to_string()),
        }
    }
}

pub fn eligibility(
    area: &Element,
    result: &EligibilityResult,
    clauses: &Clauses,
    application: Date,
) {
    no_eligibility(area);
    attr(area, "data-outcome", result.outcome.code());
    attr(
        area,
        "data-level",
        result.level.map_or("", |level| level.code()),
    );
    let intake = result.intake_month.map(YearMonth::iso).unwrap_or_default();
    attr(area, "data-intake-month", &intake);

    // `verdict-` and the outcome's code with hyphens (style.css styles each).
    let outcome_class = match result.outcome {
        Outcome::Eligible => "verdict verdict-eligible",
        Outcome::NotYet => "verdict verdict-not-yet",
        Outcome::Transition => "verdict verdict-transition",
        Outcome::NotEligible => "verdict verdict-not-eligible",
    };
    add(area, "h2", outcome_class, &text::verdict(result));
    add(area, "p", "", &text::next_step(result, application));

    if let (Some(level), Some(from), Some(intake), Some(decision)) = (
        result.level,
        result.eligible_from,
        result.intake_month,
        result.decision_month,
    ) {
        let facts = append(area, "dl", "facts", "");
        for (term, value) in [
            ("可申报级别", level.chinese().to_string()),
            ("最早可申报日期", from.chinese()),
            ("提交申报的受理月", intake.chinese()),
            ("预计办结月份", decision.chinese()),
        ] {
            add(&facts, "dt", "", term);
            add(&facts, "dd", "", &value);
        }
    }

    if !result.reasons.is_empty() {
        add(area, "h3", "", "原因");
        let list = append(area, "ul", "reasons", "");
        for reason in &result.reasons {
            let item = append(&list, "li", "", &reason.message);
            attr(&item, "data-reason", reason.code.code());
            let (href, title) = clauses.link(reason.clause.id());
            add(&item, "span", "clause", " 依据：");
            add_link(&item, &href, &title);
        }
    }

    if matches!(result.outcome, Outcome::Eligible | Outcome::NotYet) {
        let (href, title) = clauses.link("materials");
        let heading = append(area, "h3", "", "需要上传的材料（仅支持 PDF 格式）");
        attr(&heading, "id", "materials-checklist");
        let list = append(area, "ul", "checklist", "");
        let mut not_needed = Vec::new();
        for material in &result.materials {
            if !material.required {
                not_needed.push(text::material_name(material.code));
                // Kept in the page (hidden from view) so the data stays complete for embedders.
                let item = append(&list, "li", "not-needed", "");
                attr(&item, "data-material", material.code.code());
                attr(&item, "data-required", "false");
                attr(&item, "hidden", "");
                continue;
            }
            let item = append(&list, "li", "", "");
            attr(&item, "data-material", material.code.code());
            attr(&item, "data-required", "true");
            let name = text::material_name(material.code);
            add(&item, "strong", "", name);
            // The note names the material itself; under its name, that would read twice.
            let note = material
                .note
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix("："));
            add(&item, "span", "note", note.unwrap_or(&material.note));
        }
        if !not_needed.is_empty() {
            add(
                area,
                "p",
                "help",
                &format!("按您的回答通常不需要：{}。", crate::join(&not_needed, "、")),
            );
        }
        let source = append(area, "p", "clause", "依据：");
        add_link(&source, &href, &title);
        let print = append(area, "button", "print", "打印结果和材料清单");
        attr(&print, "type", "button");
        attr(&print, "id", "print-result");
    }
}

/// Removes a previous result, e.g. while the answers are incomplete, and frees its calendar
/// file (a `blob:` URL lives as long as the page unless it is revoked).
pub fn no_eligibility(area: &Element) {
    if let Some(href) = find(area, "#intake-calendar").and_then(|link| link.get_attribute("href")) {
        super::dom::revoke(&href);
    }
    clear(area);
    for attribute in ["data-outcome", "data-level", "data-intake-month"] {
        unset(area, attribute);
    }
}

/// Shows the count, its figures and the hints; returns the count's sentence (字数 and 还差).
pub fn summary(area: &Element, result: &SummaryResult, clauses: &Clauses) -> String {
    clear(area);
    attr(area, "data-words", &result.words.to_string());
    let minimum = result.minimum as usize;
    let headline = if result.meets_minimum {
        format!("字数 {}，已达到不少于{}字的要求", result.words, minimum)
    } else {
        format!(
            "字数 {}，还差 {} 字（不少于{}字）",
            result.words,
            minimum.saturating_sub(result.words),
            minimum
        )
    };
    let class = if result.meets_minimum {
        "count count-met"
    } else {
        "count"
    };
    add(area, "p", class, &headline);
    let progress = append(area, "progress", "", "");
    attr(&progress, "max", &minimum.max(1).to_string());
    attr(
        &progress,
        "value",
        &result.words.min(minimum.max(1)).to_string(),
    );
    attr(&progress, "aria-label", "字数进度");

    let stats = append(area, "dl", "word-stats", "");
    for (term, value) in [
        ("中文字符和朝鲜语单词", result.asian_chars),
        ("非中文单词", result.non_asian_words),
        ("字符数(不计空格)", result.chars_no_spaces),
        ("字符数(计空格)", result.chars_with_spaces),
        ("段落数", result.paragraphs),
    ] {
        add(&stats, "dt", "", term);
        add(&stats, "dd", "", &value.to_string());
    }

    let missing: Vec<_> = result.parts.iter().filter(|part| !part.found).collect();
    let (href, title) = clauses.link("summary-writing");
    if result.words == 0 {
        return headline;
    }
    if missing.is_empty() {
        add(area, "p", "help", "指南建议的五部分内容看起来都已涉及。");
    } else {
        let hint = append(
            area,
            "p",
            "help",
            "指南建议的撰写格式中，以下内容似乎还没有写到（仅作提示）：",
        );
        attr(&hint, "id", "summary-parts-hint");
        let list = append(area, "ul", "parts", "");
        for part in missing {
            let item = append(&list, "li", "", text::part_name(part.code));
            attr(&item, "data-part", part.code.code());
        }
    }
    let source = append(area, "p", "clause", "参考：");
    add_link(&source, &href, &title);
    headline
}
