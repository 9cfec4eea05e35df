//! The theme: embedded default templates and files, each replaceable by a file of the same name
//! in `<guide>/theme/`, and the two minijinja environments (one for theme templates, one for
//! Markdown bodies) with the custom filters `months_cn` and `cn_num`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, Template, UndefinedBehavior, Value,
};

use checker_rules::text::duration_cn;

use crate::error::{BuildError, Location};
use crate::linemap::LineIndex;

/// The default theme, compiled into the binary so `builder build` needs nothing but the guide.
const DEFAULT_THEME: [(&str, &[u8]); 17] = [
    ("base.html", include_bytes!("../theme/base.html")),
    ("404.html", include_bytes!("../theme/404.html")),
    ("index.html", include_bytes!("../theme/index.html")),
    ("page.html", include_bytes!("../theme/page.html")),
    ("faq.html", include_bytes!("../theme/faq.html")),
    ("checker.html", include_bytes!("../theme/checker.html")),
    // This, guide.css, checker-page.js, search-page.js and site.js are minified by build.rs
    // (`theme/` holds the commented sources).
    (
        "style.css",
        include_bytes!(concat!(env!("OUT_DIR"), "/theme/style.css")),
    ),
    (
        "guide.css",
        include_bytes!(concat!(env!("OUT_DIR"), "/theme/guide.css")),
    ),
    ("favicon.svg", include_bytes!("../theme/favicon.svg")),
    (
        "checker-page.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/theme/checker-page.js")),
    ),
    ("search.html", include_bytes!("../theme/search.html")),
    (
        "search-page.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/theme/search-page.js")),
    ),
    // Offline use (`offline`): the worker, its registration, the manifest and its icons.
    ("sw.js", include_bytes!("../theme/sw.js")),
    // The `/` key (search) and the worker's registration (offline use), which every page runs.
    (
        "site.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/theme/site.js")),
    ),
    (
        "manifest.webmanifest",
        include_bytes!("../theme/manifest.webmanifest"),
    ),
    ("icon-192.png", include_bytes!("../theme/icon-192.png")),
    ("icon-512.png", include_bytes!("../theme/icon-512.png")),
];

/// One theme file: its bytes and where they came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Cow<'static, [u8]>,
    pub origin: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<&'static str, ThemeFile>,
}

impl Theme {
    /// The embedded theme alone.
    pub fn embedded() -> Theme {
        let files = DEFAULT_THEME
            .iter()
            .map(|&(name, bytes)| {
                let file = ThemeFile {
                    bytes: Cow::Borrowed(bytes),
                    origin: PathBuf::from(format!("<embedded theme>/{name}")),
                };
                (name, file)
            })
            .collect();
        Theme { files }
    }

    /// The embedded theme with `<guide>/theme/*` laid over it.
    pub fn load(guide: &Path) -> Result<Theme, BuildError> {
        let mut files = Theme::embedded().files;
        let dir = guide.join("theme");
        if !dir.exists() {
            return Ok(Theme { files });
        }
        let entries = std::fs::read_dir(&dir).map_err(|err| BuildError::io(&dir, err))?;
        for entry in entries {
            let path = entry.map_err(|err| BuildError::io(&dir, err))?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            // A misspelt override would silently do nothing: refuse it instead.
            let Some(&(known, _)) = DEFAULT_THEME.iter().find(|(known, _)| *known == name) else {
                let known: Vec<&str> = DEFAULT_THEME.iter().map(|(name, _)| *name).collect();
                return Err(BuildError::Theme {
                    at: Location::file(&path),
                    message: format!(
                        "no default theme file of this name to replace (one of: {})",
                        known.join(", ")
                    ),
                });
            };
            let bytes = crate::input::read_bytes(&path)?;
            files.insert(
                known,
                ThemeFile {
                    bytes: Cow::Owned(bytes),
                    origin: path,
                },
            );
        }
        Ok(Theme { files })
    }

    pub fn file(&self, name: &str) -> Option<&ThemeFile> {
        self.files.get(name)
    }

    /// Where a template came from, for error messages.
    pub fn origin(&self, name: &str) -> PathBuf {
        self.files
            .get(name)
            .map_or_else(|| PathBuf::from(name), |file| file.origin.clone())
    }

    /// The first place a template writes `text` (as it is or HTML-escaped): where a link of
    /// the output that no Markdown file wrote comes from.
    pub fn find_in_templates(&self, text: &str) -> Option<Location> {
        if text.is_empty() {
            return None;
        }
        let escaped = escape_html(text);
        // A whole attribute value first, so `a.html` is not found inside `a.html#x`.
        let needles = [
            format!("\"{text}\""),
            format!("\"{escaped}\""),
            text.to_string(),
            escaped,
        ];
        let templates: Vec<(&ThemeFile, String)> = self
            .files
            .iter()
            .filter(|(name, _)| name.ends_with(".html"))
            .map(|(_, file)| (file, String::from_utf8_lossy(&file.bytes).into_owned()))
            .collect();
        needles.iter().find_map(|needle| {
            templates.iter().find_map(|(file, source)| {
                let at = source.find(needle.as_str())?;
                Some(Location::line(
                    &file.origin,
                    LineIndex::new(source).line(at),
                ))
            })
        })
    }

    /// The environment the page templates render in: HTML auto-escaping (by file extension),
    /// strict undefined, and the custom filters.
    pub fn environment(&self) -> Result<Environment<'static>, BuildError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(html_formatter);
        add_filters(&mut env);
        for (&name, file) in &self.files {
            if !name.ends_with(".html") {
                continue;
            }
            let source = String::from_utf8(file.bytes.to_vec()).map_err(|_| BuildError::Theme {
                at: Location::file(&file.origin),
                message: "not valid UTF-8".into(),
            })?;
            env.add_template_owned(name, source)
                .map_err(|err| self.template_error(&err))?;
        }
        Ok(env)
    }

    /// A minijinja error raised in a theme template, located in that template's file.
    pub fn template_error(&self, err: &Error) -> BuildError {
        BuildError::Template {
            at: Location {
                file: self.origin(err.name().unwrap_or("?")),
                line: err.line(),
            },
            message: describe(err),
        }
    }

    /// A minijinja error raised rendering a theme template with `env` and `context`: as
    /// [`Theme::template_error`], and an undefined value names the variable `context` lacks.
    pub fn render_error(
        &self,
        err: &Error,
        env: &Environment<'static>,
        context: &Value,
    ) -> BuildError {
        let mut error = self.template_error(err);
        let name = err.name().unwrap_or("?");
        if let (ErrorKind::UndefinedError, Some(variable), BuildError::Template { message, .. }) = (
            err.kind(),
            self.undefined_in(env, context, name, err.line()),
            &mut error,
        ) {
            message.push_str(&format!(": unknown variable `{variable}`"));
        }
        error
    }

    /// The variable of template `name` that `context` does not define, preferably on `line`.
    fn undefined_in(
        &self,
        env: &Environment<'static>,
        context: &Value,
        name: &str,
        line: Option<usize>,
    ) -> Option<String> {
        let text = String::from_utf8_lossy(&self.files.get(name)?.bytes).into_owned();
        let template = env.template_from_named_str(name, &text).ok()?;
        let unknown = unknown_variables(env, context, &template, &text);
        let on_line = unknown.iter().position(|(at, _)| *at == line).unwrap_or(0);
        unknown.into_iter().nth(on_line).map(|(_, path)| path)
    }
}

/// The environment Markdown bodies are expanded in before they are parsed as Markdown.
///
/// Comments are `{## … ##}` rather than `{# … #}`: Markdown heading anchors are written
/// `## 标题 {#anchor}`, which the default syntax would read as an unterminated comment.
pub fn markdown_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    // Markdown is not HTML: the Markdown renderer escapes, minijinja must not.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    match SyntaxConfig::builder()
        .comment_delimiters("{##", "##}")
        .build()
    {
        Ok(syntax) => env.set_syntax(syntax),
        // The delimiters are constants; building them cannot fail at run time.
        Err(err) => unreachable!("invalid Markdown template syntax: {err}"),
    }
    add_filters(&mut env);
    env
}

/// Escapes like minijinja's default but leaves `/` and `'` alone (every attribute in the theme
/// is double-quoted), so URLs and the CSP stay readable in the output.
fn html_formatter(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(text) if state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            write_escaped(out, text).map_err(Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = write_escaped(&mut escaped, text);
    escaped
}

/// `text` escaped into `out`: the runs between special characters as they are (most text has
/// none), each special character as its reference.
fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let reference = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.write_str(text.get(plain..at).unwrap_or_default())?;
        out.write_str(reference)?;
        plain = at + 1;
    }
    out.write_str(text.get(plain..).unwrap_or_default())
}

/// The variables `template` (whose source is `text`) uses that neither `context` nor the
/// environment's globals define, each with the 1-based line of its first use; sorted.
pub fn unknown_variables(
    env: &Environment<'static>,
    context: &Value,
    template: &Template,
    text: &str,
) -> Vec<(Option<usize>, String)> {
    let mut unknown: Vec<(Option<usize>, String)> = template
        .undeclared_variables(true)
        .into_iter()
        .filter(|path| !resolves(env, context, path))
        .map(|path| (line_of_variable(text, &path), path))
        .collect();
    unknown.sort();
    unknown
}

/// Whether a dotted variable path names something in the context (or a global function).
fn resolves(env: &Environment<'static>, context: &Value, path: &str) -> bool {
    let mut segments = path.split('.');
    let first = segments.next().unwrap_or_default();
    let mut value = match context.get_attr(first) {
        Ok(value) if !value.is_undefined() => value,
        _ => return env.globals().any(|(global, _)| global == first),
    };
    for segment in segments {
        match value.get_attr(segment) {
            Ok(next) if !next.is_undefined() => value = next,
            _ => return false,
        }
    }
    true
}

/// 1-based line of the first whole-word use of `path` in a template.
fn line_of_variable(text: &str, path: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(path)
        .find(|&(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + path.len()..].chars().next();
            !before.is_some_and(|c| is_ident(c) || c == '.') && !after.is_some_and(is_ident)
        })
        .map(|(at, _)| crate::tomlfile::line_of_offset(text, at))
}

/// One line describing a minijinja error, without its source excerpt.
pub fn describe(err: &Error) -> String {
    match err.detail() {
        Some(detail) => format!("{}: {detail}", err.kind()),
        None => err.kind().to_string(),
    }
}

fn add_filters(env: &mut Environment<'static>) {
    env.add_filter("months_cn", months_cn);
    env.add_filter("cn_num", cn_num);
}

/// A duration in months in the words the checker uses too ([`duration_cn`]): 12 → 1年,
/// 36 → 3年, 18 → 18个月.
pub fn months_cn(months: i64) -> Result<String, Error> {
    u32::try_from(months).map(duration_cn).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("months_cn: {months} is not a number of months"),
        )
    })
}

/// 1–99 in Chinese numerals: 6 → 六, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九.
pub fn cn_num(n: i64) -> Result<String, Error> {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if !(1..=99).contains(&n) {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("cn_num: {n} is outside 1–99"),
        ));
    }
    // In range, so both indices are below 10.
    let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
    Ok(match tens {
        0 => DIGITS[ones].to_string(),
        1 => format!("十{}", DIGITS[ones]),
        _ => format!("{}十{}", DIGITS[tens], DIGITS[ones]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_chinese() {
        assert_eq!(months_cn(12).ok().as_deref(), Some("1年"));
        assert_eq!(months_cn(24).ok().as_deref(), Some("2年"));
        assert_eq!(months_cn(36).ok().as_deref(), Some("3年"));
        assert_eq!(months_cn(3).ok().as_deref(), Some("3个月"));
        assert_eq!(months_cn(18).ok().as_deref(), Some("18个月"));
        assert!(months_cn(-1).is_err());
        assert!(months_cn(i64::from(u32::MAX) + 1).is_err());
    }

    /// The guide's 见习 sentence and the checker's reason say the same duration.
    #[test]
    fn the_guide_and_the_checker_word_a_36_month_internship_alike() {
        let policy = checker_rules::Policy {
            internship_months: 36,
            ..checker_rules::Policy::default()
        };
        let guide = markdown_environment()
            .render_str(
                "见习{{ policy.internship_months | months_cn }}期满",
                minijinja::context! { policy => Value::from_serialize(&policy) },
            )
            .expect("renders");
        assert_eq!(guide, "见习3年期满");

        // A bachelor who started a year ago still has two years of 见习 to go.
        let answers: checker_rules::Answers = serde_json::from_str(include_str!(
            "../../checker-wasm/rules/tests/data/bachelor-answers.json"
        ))
        .expect("valid answers");
        let result = checker_rules::check_eligibility(&answers, &policy).expect("checks");
        let reason = result
            .reasons
            .iter()
            .find(|r| r.code == checker_rules::ReasonCode::InternshipIncomplete)
            .expect("the internship is not over");
        assert!(reason.message.contains(&guide), "{}", reason.message);
    }

    #[test]
    fn numbers_in_chinese() {
        let cases = [
            (1, "一"),
            (6, "六"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
        ];
        for (n, expected) in cases {
            assert_eq!(cn_num(n).ok().as_deref(), Some(expected), "{n}");
        }
        assert!(cn_num(0).is_err());
        assert!(cn_num(100).is_err());
    }

    #[test]
    fn markdown_templates_keep_heading_anchors_and_use_filters() {
        let env = markdown_environment();
        let out = env
            .render_str(
                "## 受理时间 {#intake-time}\n{{ n | cn_num }}期{## note ##}\n",
                minijinja::context! { n => 6 },
            )
            .expect("renders");
        assert_eq!(out, "## 受理时间 {#intake-time}\n六期\n");
    }

    #[test]
    fn an_undefined_value_in_a_theme_template_is_named() {
        let guide = tempfile::tempdir().expect("temp dir");
        let theme_dir = guide.path().join("theme");
        std::fs::create_dir(&theme_dir).expect("theme folder");
        let cases = [
            ("{{ nope }}", "`nope`"),
            ("x\n{{ page.nope | upper }}", "`page.nope`"),
            ("{% for x in page.nope %}{% endfor %}", "`page.nope`"),
            (
                "{% if page.title.nope.deeper %}{% endif %}",
                "`page.title.nope.deeper`",
            ),
        ];
        for (template, named) in cases {
            std::fs::write(theme_dir.join("page.html"), template).expect("write template");
            let theme = Theme::load(guide.path()).expect("theme loads");
            let env = theme.environment().expect("templates parse");
            let context = minijinja::context! { page => minijinja::context! { title => "T" } };
            let err = env
                .get_template("page.html")
                .and_then(|t| t.render(&context))
                .expect_err("undefined");
            let message = theme.render_error(&err, &env, &context).to_string();
            assert!(message.contains(named), "{template}: {message}");
        }
    }

    #[test]
    fn unknown_variables_are_errors() {
        let env = markdown_environment();
        let err = env
            .render_named_str(
                "x.md",
                "a\n{{ policy.nope }}\n",
                minijinja::context! { policy => minijinja::context!{} },
            )
            .expect_err("strict");
        assert_eq!(err.line(), Some(2));
    }
}
