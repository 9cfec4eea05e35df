//! The guide's Markdown files: front matter parsed and checked, bodies kept with the line they
//! start on (so later errors can name the source line), ids unique, sections ordered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{BuildError, Location};
use crate::{input, tomlfile};
use rayon::prelude::*;

/// Ids the builder itself uses as page names and anchors.
pub const BUILT_IN_IDS: [&str; 3] = ["index", "faq", "checker"];

/// A Markdown body and where it came from. The texts are shared, so copies of a guide (its
/// front matter expanded, say) cost no copies of the bodies.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub body: Arc<str>,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// The front matter's TOML (it starts on line 2 of the file), to locate keys in errors.
    front_matter: Arc<str>,
}

impl Source {
    /// The file line of a 1-based line within the body.
    pub fn file_line(&self, body_line: usize) -> usize {
        self.body_line + body_line.saturating_sub(1)
    }

    pub fn at_body_line(&self, body_line: usize) -> Location {
        Location::line(&self.path, self.file_line(body_line))
    }

    /// 1-based file line of a front-matter key.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        tomlfile::line_of_key(&self.front_matter, "", key).map(|line| line + 1)
    }

    /// Where a front-matter key is written (the file alone when it cannot be found).
    pub fn at_key(&self, key: &str) -> Location {
        Location {
            file: self.path.clone(),
            line: self.key_line(key),
        }
    }

    /// Where `key` of the front-matter table `[table]` is written; the table's header when the
    /// key has no line of its own, the file alone when neither can be found.
    pub fn at_table_key(&self, table: &str, key: &str) -> Location {
        let front = &self.front_matter;
        let line = tomlfile::line_of_key(front, table, key)
            .or_else(|| tomlfile::line_of_table(front, table))
            .or_else(|| {
                // `[parent]` with `name = { … }` written inline.
                let (parent, name) = table.rsplit_once('.')?;
                tomlfile::line_of_key(front, parent, name)
            });
        Location {
            file: self.path.clone(),
            line: line.map(|line| line + 1),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub id: String,
    pub title: String,
    /// The guide chapter it belongs to; groups the table of contents.
    pub chapter: String,
    pub order: i64,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqMeta {
    pub id: String,
    pub question: String,
    pub order: i64,
}

#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub meta: M,
    pub source: Source,
}

/// Everything under the guide folder, loaded and checked.
#[derive(Debug, Clone)]
pub struct Guide {
    pub home: Doc<PageMeta>,
    /// Ordered by `order`.
    pub sections: Vec<Doc<SectionMeta>>,
    pub faq: Doc<PageMeta>,
    /// Ordered by `order`.
    pub faq_entries: Vec<Doc<FaqMeta>>,
}

pub fn load(guide: &Path) -> Result<Guide, BuildError> {
    let mut loaded = load_all(guide);
    if !loaded.errors.is_empty() {
        return Err(loaded.errors.remove(0));
    }
    match (loaded.home, loaded.faq) {
        (Some(home), Some(faq)) => Ok(Guide {
            home,
            sections: loaded.sections,
            faq,
            faq_entries: loaded.faq_entries,
        }),
        // Either one missing is an error above.
        _ => Err(BuildError::GuideMissing(guide.to_path_buf())),
    }
}

/// The guide's Markdown files as far as they load: every file that does, and every mistake
/// found, each file checked on its own (one error per file) and then the ids and orders of the
/// files that loaded. The first error is the one [`load`] returns. `builder check` reports
/// them all.
#[derive(Debug, Default)]
pub struct Loaded {
    pub home: Option<Doc<PageMeta>>,
    pub faq: Option<Doc<PageMeta>>,
    /// Ordered by `order`.
    pub sections: Vec<Doc<SectionMeta>>,
    /// Ordered by `order`.
    pub faq_entries: Vec<Doc<FaqMeta>>,
    /// Files that did not load, whatever they are.
    pub failed: Vec<PathBuf>,
    pub errors: Vec<BuildError>,
}

pub fn load_all(guide: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let home_path = guide.join("index.md");
    let faq_path = guide.join("faq").join("_index.md");
    // Ranked in the order `load` has always named their mistakes: reading either file, then
    // the FAQ index's title, the home page's title, the FAQ index's description.
    let home = read_doc::<PageMeta>(&home_path)
        .map_err(|err| (0, err))
        .and_then(|home| {
            require_text(&home.source, "title", &home.meta.title).map_err(|err| (3, err))?;
            Ok(home)
        });
    let faq = read_doc::<PageMeta>(&faq_path)
        .map_err(|err| (1, err))
        .and_then(|faq| {
            require_text(&faq.source, "title", &faq.meta.title).map_err(|err| (2, err))?;
            match &faq.meta.description {
                Some(description) => {
                    require_text(&faq.source, "description", description).map_err(|err| (4, err))?
                }
                None => return Err((4, missing(&faq.source, "description"))),
            }
            Ok(faq)
        });
    let mut failures = Vec::new();
    match home {
        Ok(doc) => loaded.home = Some(doc),
        Err((rank, err)) => failures.push((rank, home_path, err)),
    }
    match faq {
        Ok(doc) => loaded.faq = Some(doc),
        Err((rank, err)) => failures.push((rank, faq_path, err)),
    }
    failures.sort_by_key(|(rank, _, _)| *rank);
    for (_, path, err) in failures {
        loaded.fail(path, err);
    }

    // Read and parsed on every core; each file's mistake is kept, in name order.
    let sections_dir = guide.join("sections");
    let section_paths = loaded.files(&sections_dir);
    let parsed: Vec<Result<Doc<SectionMeta>, BuildError>> = section_paths
        .par_iter()
        .map(|path| {
            let doc = read_doc::<SectionMeta>(path)?;
            check_id(&doc.source, &doc.meta.id)?;
            require_text(&doc.source, "title", &doc.meta.title)?;
            require_text(&doc.source, "chapter", &doc.meta.chapter)?;
            require_text(&doc.source, "description", &doc.meta.description)?;
            Ok(doc)
        })
        .collect();
    for (path, doc) in section_paths.into_iter().zip(parsed) {
        match doc {
            Ok(doc) => loaded.sections.push(doc),
            Err(err) => loaded.fail(path, err),
        }
    }
    for path in loaded.files(&guide.join("faq")) {
        if path.file_name().is_some_and(|name| name == "_index.md") {
            continue;
        }
        let doc = read_doc::<FaqMeta>(&path).and_then(|doc| {
            check_id(&doc.source, &doc.meta.id)?;
            require_text(&doc.source, "question", &doc.meta.question)?;
            Ok(doc)
        });
        match doc {
            Ok(doc) => loaded.faq_entries.push(doc),
            Err(err) => loaded.fail(path, err),
        }
    }
    if loaded.sections.is_empty() && !loaded.failed.iter().any(|f| f.starts_with(&sections_dir)) {
        loaded.errors.push(BuildError::Input {
            path: sections_dir,
            message: "the guide has no sections (expected sections/*.md)".into(),
        });
    }

    let mut seen: BTreeMap<String, String> = BUILT_IN_IDS
        .iter()
        .map(|id| (id.to_string(), format!("the built-in page {id}.html")))
        .collect();
    let ids = loaded
        .sections
        .iter()
        .map(|doc| (&doc.meta.id, &doc.source))
        .chain(
            loaded
                .faq_entries
                .iter()
                .map(|doc| (&doc.meta.id, &doc.source)),
        );
    let mut duplicates = Vec::new();
    for (id, source) in ids {
        if let Some(first) = seen.get(id) {
            duplicates.push(BuildError::DuplicateId {
                at: source.at_key("id"),
                id: id.clone(),
                first: first.clone(),
            });
            continue;
        }
        seen.insert(id.clone(), source.path.display().to_string());
    }
    loaded.errors.extend(duplicates);

    let mut orders = sort_by_order(&mut loaded.sections, |meta| meta.order);
    orders.extend(sort_by_order(&mut loaded.faq_entries, |meta| meta.order));
    loaded.errors.extend(orders);
    loaded
}

impl Loaded {
    fn fail(&mut self, path: PathBuf, err: BuildError) {
        self.failed.push(path);
        self.errors.push(err);
    }

    /// The Markdown files of a folder; a folder that cannot be listed is an error.
    fn files(&mut self, dir: &Path) -> Vec<PathBuf> {
        input::markdown_files(dir).unwrap_or_else(|err| {
            self.fail(dir.to_path_buf(), err);
            Vec::new()
        })
    }
}

/// Two pages with the same `order` would make prev/next depend on file names: an error for
/// each.
fn sort_by_order<M>(docs: &mut [Doc<M>], order: impl Fn(&M) -> i64) -> Vec<BuildError> {
    docs.sort_by_key(|doc| order(&doc.meta));
    docs.windows(2)
        .filter(|pair| order(&pair[0].meta) == order(&pair[1].meta))
        .map(|pair| BuildError::FrontMatter {
            at: pair[1].source.at_key("order"),
            message: format!(
                "order {} is also used by {}",
                order(&pair[1].meta),
                pair[0].source.path.display()
            ),
        })
        .collect()
}

fn read_doc<M: DeserializeOwned>(path: &Path) -> Result<Doc<M>, BuildError> {
    parse_doc(path, &input::read_text(path)?)
}

/// Splits `+++` TOML front matter from the body and deserialises it.
pub fn parse_doc<M: DeserializeOwned>(path: &Path, text: &str) -> Result<Doc<M>, BuildError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // CommonMark: "the Unicode character U+0000 must be replaced with U+FFFD" (also lets TOML
    // read it in front matter).
    let text = &text.replace('\0', "\u{FFFD}");
    let error = |line: usize, message: String| BuildError::FrontMatter {
        at: Location::line(path, line),
        message,
    };
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("+++") {
        return Err(error(
            1,
            "expected the file to start with a `+++` line (TOML front matter)".into(),
        ));
    }
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = front_start;
    let mut closing_line = None;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "+++" {
            closing_line = Some((index + 2, offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((closing, front_end, body_start)) = closing_line else {
        return Err(error(
            1,
            "no closing `+++` line after the front matter".into(),
        ));
    };
    let front = &text[front_start..front_end];
    let meta: M = tomlfile::parse(front).map_err(|err| {
        let key = if err.key.is_empty() {
            String::new()
        } else {
            format!("`{}`: ", err.key)
        };
        // Front matter starts on line 2 of the file.
        error(
            err.line.map_or(1, |line| line + 1),
            format!("{key}{}", err.message),
        )
    })?;
    Ok(Doc {
        meta,
        source: Source {
            path: path.to_path_buf(),
            body: Arc::from(&text[body_start..]),
            body_line: closing + 1,
            front_matter: Arc::from(front),
        },
    })
}

/// Ids are file names and URL fragments: keep them plain ASCII.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A page's id is its file name (`<id>.html`): kept well below file systems' 255-byte limit.
pub const MAX_ID_LEN: usize = 100;

fn check_id(source: &Source, id: &str) -> Result<(), BuildError> {
    let message = if !is_valid_id(id) {
        format!("`id`: `{id}` must match ^[a-z][a-z0-9-]*$")
    } else if id.len() > MAX_ID_LEN {
        format!(
            "`id`: {} characters is too long (at most {MAX_ID_LEN})",
            id.len()
        )
    } else {
        return Ok(());
    };
    Err(BuildError::FrontMatter {
        at: source.at_key("id"),
        message,
    })
}

fn require_text(source: &Source, key: &str, value: &str) -> Result<(), BuildError> {
    if value.trim().is_empty() {
        return Err(BuildError::FrontMatter {
            at: source.at_key(key),
            message: format!("`{key}` must not be empty"),
        });
    }
    Ok(())
}

fn missing(source: &Source, key: &str) -> BuildError {
    BuildError::FrontMatter {
        at: Location::line(&source.path, 1),
        message: format!("missing field `{key}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let text = "+++\nid = \"a\"\ntitle = \"T\"\nchapter = \"C\"\norder = 1\ndescription = \"D\"\n+++\n\nBody\n";
        let doc: Doc<SectionMeta> = parse_doc(Path::new("a.md"), text).expect("valid");
        assert_eq!(doc.meta.id, "a");
        assert_eq!(&*doc.source.body, "\nBody\n");
        assert_eq!(doc.source.body_line, 8);
        assert_eq!(doc.source.file_line(2), 9);
        assert_eq!(doc.source.key_line("id"), Some(2));
        assert_eq!(doc.source.key_line("order"), Some(5));
    }

    #[test]
    fn front_matter_errors_name_the_line() {
        let text = "+++\nid = \"a\"\ntitle = T\n+++\nBody\n";
        let err = parse_doc::<SectionMeta>(Path::new("a.md"), text).expect_err("invalid");
        assert!(err.to_string().starts_with("a.md:3: front matter"), "{err}");

        let err = parse_doc::<SectionMeta>(Path::new("a.md"), "no front matter").expect_err("x");
        assert!(err.to_string().starts_with("a.md:1: front matter"), "{err}");

        let text = "+++\nid = \"a\"\ntitle = \"T\"\nchapter = \"C\"\norder = \"1\"\ndescription = \"D\"\n+++\n";
        let err = parse_doc::<SectionMeta>(Path::new("a.md"), text).expect_err("wrong type");
        assert!(
            err.to_string().contains("a.md:5: front matter: `order`"),
            "{err}"
        );
    }

    #[test]
    fn ids_are_plain_ascii() {
        assert!(is_valid_id("education-and-years"));
        assert!(is_valid_id("a1"));
        assert!(!is_valid_id("1a"));
        assert!(!is_valid_id("Materials"));
        assert!(!is_valid_id("材料"));
        assert!(!is_valid_id(""));
    }
}
