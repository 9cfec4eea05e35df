//! The definition the engine is tested against, as plainly as it can be written: every
//! non-overlapping occurrence of every term in every section's folded text
//! (`str::match_indices`), on pages that hold every term.

use crate::normalize::{normalize, terms};
use crate::Page;

/// One occurrence: (page, section within the page, character position, term).
pub type Occurrence = (usize, usize, usize, String);

pub fn occurrences(pages: &[Page], query: &str) -> Vec<Occurrence> {
    let terms = terms(query);
    let mut found = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let mut on_page = Vec::new();
        for (s, section) in page.sections.iter().enumerate() {
            let folded = normalize(&section.text);
            for term in &terms {
                for (at, _) in folded.match_indices(term.as_str()) {
                    let position = folded.get(..at).map_or(0, |before| before.chars().count());
                    on_page.push((p, s, position, term.clone()));
                }
            }
        }
        let every_term = terms
            .iter()
            .all(|term| on_page.iter().any(|(_, _, _, t)| t == term));
        if every_term {
            found.extend(on_page);
        }
    }
    found
}
