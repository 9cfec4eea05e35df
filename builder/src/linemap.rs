//! Byte offsets to line numbers in time independent of the text's size: each text's line starts
//! are found once, then every lookup is a binary search. A page with 20,000 links is looked up
//! 20,000 times, so a scan per lookup would make the build quadratic.

use std::collections::{BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// Up to this many needles are each searched for on their own (SIMD `memmem`); more are found
/// in one pass by an aho-corasick automaton, which costs more to build than a few searches of
/// one page's text (most pages have a handful of links and anchors).
const DIRECT_SEARCH_MAX: usize = 16;

/// The start offset of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
        LineIndex {
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    /// 1-based line of a byte offset (offsets past the end are on the last line).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// Maps positions in the expanded Markdown back to lines of the unexpanded body.
///
/// Template expressions rarely span lines, so the expanded line is usually right; when a
/// distinctive needle (a link target, an anchor) occurs in the source, its nearest occurrence
/// wins, which also survives multi-line `{% if %}` blocks. A few needles are searched for one
/// by one, many in one pass over the source.
#[derive(Debug)]
pub struct LineMap {
    expanded: LineIndex,
    /// Each needle's source lines, ascending.
    occurrences: HashMap<String, Vec<usize>>,
}

impl LineMap {
    pub fn new(expanded: &str, source: &str, needles: impl IntoIterator<Item = String>) -> Self {
        let needles: Vec<String> = needles
            .into_iter()
            .filter(|needle| !needle.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut occurrences: HashMap<String, Vec<usize>> = HashMap::new();
        let source_lines = LineIndex::new(source);
        let mut found_at = |needle: &String, at: usize| {
            occurrences
                .entry(needle.clone())
                .or_default()
                .push(source_lines.line(at));
        };
        if needles.len() <= DIRECT_SEARCH_MAX {
            for needle in &needles {
                let finder = memchr::memmem::Finder::new(needle.as_bytes());
                let mut from = 0;
                while let Some(at) = source
                    .as_bytes()
                    .get(from..)
                    .and_then(|rest| finder.find(rest))
                {
                    found_at(needle, from + at);
                    // Overlapping occurrences too, as the automaton below finds them. (A match
                    // of a UTF-8 needle starts on a character boundary.)
                    from += at + 1;
                }
            }
        } else {
            // A contiguous NFA, not the DFA `AhoCorasick::new` picks for up to a hundred
            // needles: a DFA for every such page took a sixth of a large build. Building fails
            // only past aho-corasick's size limits; the expanded lines remain.
            let automaton = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&needles);
            if let Ok(automaton) = automaton {
                for found in automaton.find_overlapping_iter(source) {
                    found_at(&needles[found.pattern().as_usize()], found.start());
                }
            }
        }
        LineMap {
            expanded: LineIndex::new(expanded),
            occurrences,
        }
    }

    /// 1-based body line of the expanded `offset`, placed by `needle` where it is in the source.
    pub fn source_line(&self, offset: usize, needle: &str) -> usize {
        let expanded_line = self.expanded.line(offset);
        match self.occurrences.get(needle) {
            Some(lines) => nearest(lines, expanded_line).unwrap_or(expanded_line),
            None => expanded_line,
        }
    }
}

/// The element of ascending `lines` nearest to `line`; the lower one on a tie.
fn nearest(lines: &[usize], line: usize) -> Option<usize> {
    let after = lines.partition_point(|&l| l < line);
    let above = after.checked_sub(1).and_then(|i| lines.get(i));
    match (above, lines.get(after)) {
        (Some(&above), Some(&below)) if line - above <= below - line => Some(above),
        (_, Some(&below)) => Some(below),
        (above, None) => above.copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines() {
        let index = LineIndex::new("ab\ncd\n\ne");
        let lines: Vec<usize> = (0..9).map(|offset| index.line(offset)).collect();
        assert_eq!(lines, [1, 1, 1, 2, 2, 2, 3, 4, 4]);
    }

    #[test]
    fn the_nearest_occurrence_wins_and_ties_go_up() {
        assert_eq!(nearest(&[2, 10, 20], 1), Some(2));
        assert_eq!(nearest(&[2, 10, 20], 6), Some(2));
        assert_eq!(nearest(&[2, 10, 20], 7), Some(10));
        assert_eq!(nearest(&[2, 10, 20], 15), Some(10));
        assert_eq!(nearest(&[2, 10, 20], 99), Some(20));
        assert_eq!(nearest(&[], 5), None);
    }

    #[test]
    fn needles_move_lines_shifted_by_templates() {
        // The template block spans three source lines and expands to one.
        let source = "{% if x %}\nyes\n{% endif %}\n[a](a.html)\n[b](b.html)\n";
        let expanded = "yes\n[a](a.html)\n[b](b.html)\n";
        let map = LineMap::new(expanded, source, ["a.html".into(), "b.html".into()]);
        let offset_of = |needle: &str| expanded.find(needle).expect("in the expanded text");
        assert_eq!(map.source_line(offset_of("a.html"), "a.html"), 4);
        assert_eq!(map.source_line(offset_of("b.html"), "b.html"), 5);
        assert_eq!(map.source_line(offset_of("yes"), ""), 1);
    }

    /// A few needles searched one by one and many through the automaton find the same lines,
    /// overlapping and repeated occurrences included.
    #[test]
    fn both_searches_find_the_same_occurrences() {
        let source = "aaa\n[x](a.html)\n材料 a.html#b\na.html\nbbb\n";
        let few: Vec<String> = ["aa", "a.html", "a.html#b", "材料", "b"]
            .map(String::from)
            .to_vec();
        let padding = (0..DIRECT_SEARCH_MAX).map(|n| format!("absent-{n}"));
        let many: Vec<String> = few.iter().cloned().chain(padding).collect();
        let few_map = LineMap::new(source, source, few.clone());
        let many_map = LineMap::new(source, source, many);
        for needle in &few {
            assert_eq!(
                few_map.occurrences.get(needle),
                many_map.occurrences.get(needle),
                "{needle}"
            );
        }
        assert_eq!(few_map.occurrences.get("aa"), Some(&vec![1, 1]));
        assert_eq!(few_map.occurrences.get("a.html"), Some(&vec![2, 3, 4]));
    }
}
