use super::*;

use crate::templates::markdown_environment;
use checker_rules::Policy;
use minijinja::context;

/// The fixture guide's checker.md: every question with its words.
fn minimal() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/valid-minimal")
        .join(FILE);
    std::fs::read_to_string(&path).expect("the fixture's checker.md")
}

fn words_of(text: &str) -> Result<CheckerWords, BuildError> {
    let doc = parse_doc::<CheckerMeta>(Path::new("checker.md"), text)?;
    let context = context! {
        policy => Value::from_serialize(Policy::default()),
        site => context! { title => "T", portal_url => "https://portal.example.org/" },
    };
    words(&doc, &markdown_environment(), &context)
}

/// `minimal()` with `old` replaced by `new` (which must change it).
fn edited(old: &str, new: &str) -> String {
    let text = minimal();
    assert!(text.contains(old), "the fixture has no `{old}`");
    text.replacen(old, new, 1)
}

fn error_of(text: &str) -> String {
    let message = words_of(text).expect_err("should fail").to_string();
    assert!(!message.contains('\n'), "not one line: {message}");
    message
}

/// 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
        .unwrap_or_else(|| panic!("no `{needle}`"))
}

#[test]
fn the_form_follows_the_checkers_questions_with_the_files_words() {
    let words = words_of(&minimal()).expect("valid");
    let fields: Vec<&str> = words
        .groups
        .iter()
        .flat_map(|group| group.questions.iter().map(|q| q.field))
        .collect();
    let expected: Vec<&str> = QUESTIONS.iter().map(|q| q.field).collect();
    assert_eq!(fields, expected);
    let legends: Vec<&str> = words.groups.iter().map(|g| g.legend.as_str()).collect();
    assert_eq!(legends, ["受理范围", "学历", "其他"]);

    let question = |field: &str| {
        words
            .groups
            .iter()
            .flat_map(|group| &group.questions)
            .find(|q| q.field == field)
            .expect("rendered")
    };
    let major = question("major_matches");
    assert_eq!(
        (major.control, major.yes.as_deref()),
        ("choice", Some("相符"))
    );
    assert_eq!(
        major.hint.as_ref().map(|hint| hint.to_string()).as_deref(),
        Some("2021年及以前取得学历且专业相符的，按省有关规定过渡。")
    );
    let degree = question("degree");
    let options: Vec<(&str, &str)> = degree
        .options
        .iter()
        .map(|o| (o.value, o.text.as_str()))
        .collect();
    // In the checker's order, not the file's.
    assert_eq!(
        options,
        [
            ("doctorate", "博士"),
            ("master", "硕士"),
            ("second_bachelor", "第二学士"),
            ("bachelor", "学士"),
            ("none", "无学位")
        ]
    );
    let since = question("insured_since");
    assert_eq!(
        (since.control, since.block_id.as_str()),
        ("date", "insured_since-question")
    );
    assert_eq!(
        since.hint.as_ref().map(|hint| hint.to_string()).as_deref(),
        Some("需连续参保至少3个月。")
    );

    assert_eq!(
        words.summary.intro.to_string(),
        "总结不少于800字，见<a href=\"faq.html#summary\">常见问题</a>。"
    );
    let targets: Vec<&str> = words.links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "intake.html",
            "basics.html#education",
            "basics.html",
            // The next step after 「可以申报」.
            "basics.html",
            "faq.html#summary"
        ]
    );
}

#[test]
fn a_question_without_its_words_is_named_with_file_line_and_key() {
    // The whole table gone: no line to point at but the file's first.
    let full = minimal();
    let start = full.find("[questions.degree]").expect("degree");
    let end = full.find("[questions.qualification_date]").expect("next");
    let text = format!("{}{}", &full[..start], &full[end..]);
    let message = error_of(&text);
    assert!(
        message.starts_with("checker.md:1: front matter: `questions.degree` is missing"),
        "{message}"
    );

    // The table without its text: the table's line.
    let text = edited(
        "group = \"education\"\ntext = \"学位\"\n",
        "group = \"education\"\n",
    );
    let message = error_of(&text);
    let line = line_of(&text, "[questions.degree]");
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.degree`"
        )),
        "{message}"
    );
    assert!(message.contains("`text`"), "{message}");

    // An empty text.
    let text = edited("text = \"学位\"", "text = \" \"");
    let line = line_of(&text, "text = \" \"");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.degree.text` must not be empty"
        )),
        "{message}"
    );
}

#[test]
fn each_control_gets_exactly_its_own_words() {
    // A yes/no question without `no`.
    let text = edited(
        "yes = \"已取得\"\nno = \"尚未取得\"\n",
        "yes = \"已取得\"\n",
    );
    let line = line_of(&text, "[questions.has_license]");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.has_license.no` is missing"
        )),
        "{message}"
    );

    // A list without the text of one of its values, and with a value the checker does not know.
    let text = edited("bachelor = \"学士\"\n", "");
    let line = line_of(&text, "[questions.degree.options]");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.degree.options`: no text for `bachelor`"
        )),
        "{message}"
    );
    let text = edited(
        "none = \"无学位\"\n",
        "none = \"无学位\"\nassociate = \"副学士\"\n",
    );
    let line = line_of(&text, "associate");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.degree.options.associate`: not a value"
        )),
        "{message}"
    );

    // Answers on a date.
    let text = edited(
        "text = \"查询日期\"\n",
        "text = \"查询日期\"\nyes = \"是\"\n",
    );
    let line = line_of(&text, "text = \"查询日期\"") + 1;
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.application_date.yes`: not used by a date"
        )),
        "{message}"
    );
}

#[test]
fn questions_and_groups_must_match_the_checker() {
    let text = edited(
        "[summary]",
        "[questions.salary]\ngroup = \"rest\"\ntext = \"工资\"\n\n[summary]",
    );
    let line = line_of(&text, "[questions.salary]");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.salary`: the checker asks no such question"
        )),
        "{message}"
    );

    let text = edited(
        "group = \"scope\"\ntext = \"在苏州缴纳社保吗？\"",
        "group = \"scopes\"\ntext = \"在苏州缴纳社保吗？\"",
    );
    let line = line_of(&text, "\"scopes\"");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `questions.insured_in_suzhou.group`: no `[groups.scopes]`"
        )),
        "{message}"
    );

    // qualification_date back in "scope" after diploma and degree in "education".
    let text = edited(
        "group = \"education\"\ntext = \"毕业日期\"",
        "group = \"scope\"\ntext = \"毕业日期\"",
    );
    let message = error_of(&text);
    assert!(
        message.contains("`questions.qualification_date.group`: the group `scope` is interrupted"),
        "{message}"
    );

    let text = edited(
        "[summary]",
        "[groups.spare]\nlegend = \"备用\"\n\n[summary]",
    );
    let line = line_of(&text, "[groups.spare]");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: front matter: `groups.spare`: no question is asked in this group"
        )),
        "{message}"
    );
}

#[test]
fn texts_are_templates_and_markdown_texts_are_checked() {
    let text = edited(
        "{{ policy.rules_from_year - 1 }}",
        "{{ policy.rules_from }}",
    );
    let line = line_of(&text, "policy.rules_from }}");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!(
            "checker.md:{line}: template: `questions.major_matches.hint`: unknown variable `policy.rules_from`"
        )),
        "{message}"
    );

    let text = edited("答案只保存在本机。", "答案只保存在<b>本机</b>。");
    let line = line_of(&text, "<b>");
    let message = error_of(&text);
    assert!(
        message.starts_with(&format!("checker.md:{line}: raw HTML is not allowed")),
        "{message}"
    );
}

#[test]
fn the_work_history_words_explain_every_problem_code_and_keep_their_placeholders() {
    let words = words_of(&minimal()).expect("valid");
    let json: serde_json::Value =
        serde_json::from_str(&words.work_history.words_json.to_string()).expect("JSON");
    assert_eq!(json["months"], serde_json::json!(["共 ", " 个月。"]));
    assert_eq!(json["gap"], serde_json::json!(["", "至", "未填写。"]));
    assert_eq!(
        json["use_start"],
        serde_json::json!(["用", "作为开始工作日期"])
    );
    for problem in Problem::ALL {
        assert!(json["problems"][problem.code()].is_string(), "{problem:?}");
    }

    let message = error_of(&edited("missing_unit = \"没有单位。\"\n", ""));
    assert!(
        message.contains("`work_history.problems.missing_unit` is missing"),
        "{message}"
    );
    let message = error_of(&edited(
        "overlap = \"时间重叠。\"",
        "overlap = \"时间重叠。\"\nlate = \"迟\"",
    ));
    assert!(
        message.contains("`work_history.problems.late`: the checker finds no such problem"),
        "{message}"
    );
    let message = error_of(&edited("共 {months} 个月。", "共若干个月。"));
    assert!(
        message.contains("`work_history.months` must contain {months}"),
        "{message}"
    );
    let message = error_of(&edited("{from}至{to}未填写。", "{to}至{from}未填写。"));
    assert!(
        message.contains("`work_history.gap` must contain {from} {to}, in this order"),
        "{message}"
    );
    let message = error_of(&edited("用{month}作为", "用{month}{month}作为"));
    assert!(message.contains("may appear only once"), "{message}");
}
