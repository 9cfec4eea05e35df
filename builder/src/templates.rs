//! The theme: embedded default templates and files, each replaceable by a file of the same name
//! in `<guide>/theme/`, and the two minijinja environments (one for theme templates, one for
//! Markdown bodies) with the custom filters `months_cn` and `cn_num`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};

use crate::error::{BuildError, Location};

/// The default theme, compiled into the binary so `builder build` needs nothing but the guide.
const DEFAULT_THEME: [(&str, &[u8]); 11] = [
    ("base.html", include_bytes!("../theme/base.html")),
    ("index.html", include_bytes!("../theme/index.html")),
    ("page.html", include_bytes!("../theme/page.html")),
    ("faq.html", include_bytes!("../theme/faq.html")),
    ("checker.html", include_bytes!("../theme/checker.html")),
    ("style.css", include_bytes!("../theme/style.css")),
    ("favicon.svg", include_bytes!("../theme/favicon.svg")),
    (
        "checker-page.js",
        include_bytes!("../theme/checker-page.js"),
    ),
    ("search.html", include_bytes!("../theme/search.html")),
    ("search-page.js", include_bytes!("../theme/search-page.js")),
    ("search-keys.js", include_bytes!("../theme/search-keys.js")),
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
    /// The embedded theme with `<guide>/theme/*` laid over it.
    pub fn load(guide: &Path) -> Result<Theme, BuildError> {
        let mut files: BTreeMap<&'static str, ThemeFile> = DEFAULT_THEME
            .iter()
            .map(|&(name, bytes)| {
                let file = ThemeFile {
                    bytes: Cow::Borrowed(bytes),
                    origin: PathBuf::from(format!("<embedded theme>/{name}")),
                };
                (name, file)
            })
            .collect();
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
            let bytes = std::fs::read(&path).map_err(|err| BuildError::io(&path, err))?;
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
        let at = Location {
            file: self.origin(err.name().unwrap_or("?")),
            line: err.line(),
        };
        BuildError::Template {
            at,
            message: describe(err),
        }
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
            out.write_str(&escape_html(text)).map_err(Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            c => escaped.push(c),
        }
    }
    escaped
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

/// A duration in months as the guide says it: 12 → 1年, 24 → 2年, otherwise N个月.
pub fn months_cn(months: i64) -> Result<String, Error> {
    match months {
        12 => Ok("1年".into()),
        24 => Ok("2年".into()),
        n if n >= 0 => Ok(format!("{n}个月")),
        n => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("months_cn: {n} is not a number of months"),
        )),
    }
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
        assert_eq!(months_cn(3).ok().as_deref(), Some("3个月"));
        assert_eq!(months_cn(18).ok().as_deref(), Some("18个月"));
        assert!(months_cn(-1).is_err());
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
