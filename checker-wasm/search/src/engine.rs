//! The query engine: reads the manifest, says which shards a query needs, and answers exactly
//! from them. The same code runs natively (tests, benchmarks) and in the browser.
//!
//! A hit is one place where a term occurs in a section's folded text: occurrences of one term
//! are counted left to right without overlapping (as `str::match_indices` and Ctrl+F count
//! them), and with several terms only pages holding every term have hits. Hits are ranked by
//! section — sections whose heading holds a term first, then by number of hits, then in reading
//! order — and within a section by position.

use crate::format::decode_postings;
use crate::format::{self, FormatError, Reader, MANIFEST_TAG, POSTINGS_TAG, TEXT_TAG};
use crate::normalize::{fold, terms};

/// Characters of context shown before and after a hit.
pub const SNIPPET_BEFORE: usize = 24;
pub const SNIPPET_AFTER: usize = 48;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// Section number in the whole guide (reading order).
    pub section: u32,
    /// Character position in the section's text.
    pub position: u32,
    /// Length of the match in characters.
    pub chars: u32,
}

/// A hit as the results list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitView {
    /// `page.html#anchor`.
    pub href: String,
    /// The page title, and the section's heading when that is another one: `页面 › 小节`.
    pub label: String,
    /// Text before the match (`…` first when cut), the match as it is written, text after.
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// Why a search did not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    /// These files must be added first ([`Engine::files_for_query`]).
    Missing(Vec<String>),
    /// A loaded shard is corrupt.
    Format(FormatError),
}

impl SearchError {
    pub fn message(&self) -> &'static str {
        match self {
            SearchError::Missing(_) => "search index: shards missing",
            SearchError::Format(error) => error.message(),
        }
    }
}

#[derive(Debug)]
struct LoadedSection {
    page: u32,
    anchor: String,
    title: String,
    text: String,
}

#[derive(Debug)]
struct PageInfo {
    href: String,
    title: String,
}

#[derive(Debug)]
struct PostingsShard {
    bytes: Vec<u8>,
    /// gram → byte range of its postings block, sorted by gram (as written).
    grams: Vec<(String, usize, usize)>,
}

#[derive(Debug)]
pub struct Engine {
    build: String,
    postings_shards: u32,
    /// First section of each text shard, then the number of sections.
    text_shard_starts: Vec<u32>,
    section_page: Vec<u32>,
    heading_chars: Vec<u32>,
    pages: Vec<Option<PageInfo>>,
    sections: Vec<Option<LoadedSection>>,
    text_loaded: Vec<bool>,
    postings: Vec<Option<PostingsShard>>,
    hits: Vec<Hit>,
}

impl Engine {
    /// Reads `index.bin`.
    pub fn new(manifest: &[u8]) -> Result<Self, FormatError> {
        let mut r = Reader::new(manifest, MANIFEST_TAG)?;
        let build = r.str()?.to_string();
        let postings_shards = r.u32()?;
        let text_shards = r.count()?;
        let mut text_shard_starts = Vec::with_capacity(text_shards + 1);
        let mut start = 0u32;
        for _ in 0..text_shards {
            text_shard_starts.push(start);
            start = start
                .checked_add(r.u32()?)
                .ok_or(FormatError("too many sections"))?;
        }
        text_shard_starts.push(start);
        let page_count = r.count()?;
        let mut section_page = Vec::new();
        for page in 0..page_count {
            let sections = r.count()?;
            section_page.extend(std::iter::repeat_n(page as u32, sections));
        }
        if section_page.len() != start as usize {
            return Err(FormatError("pages and text shards disagree"));
        }
        let mut heading_chars = Vec::with_capacity(section_page.len());
        for _ in 0..section_page.len() {
            heading_chars.push(r.u32()?);
        }
        if !r.is_empty() {
            return Err(FormatError("trailing bytes in the manifest"));
        }
        Ok(Self {
            build,
            postings_shards,
            pages: (0..page_count).map(|_| None).collect(),
            sections: (0..section_page.len()).map(|_| None).collect(),
            text_loaded: vec![false; text_shards],
            postings: (0..postings_shards).map(|_| None).collect(),
            text_shard_starts,
            section_page,
            heading_chars,
            hits: Vec::new(),
        })
    }

    /// Whether queries use postings (a large guide) or scan the whole text (a small one).
    pub fn uses_postings(&self) -> bool {
        self.postings_shards > 0
    }

    pub fn text_shard_count(&self) -> usize {
        self.text_loaded.len()
    }

    pub fn section_count(&self) -> usize {
        self.section_page.len()
    }

    /// The shard files `query` needs that are not loaded yet (names relative to the index).
    pub fn files_for_query(&self, query: &str) -> Vec<String> {
        let terms = terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        if !self.uses_postings() {
            return self.missing_text_shards();
        }
        let mut wanted = vec![false; self.postings.len()];
        for gram in terms.iter().flat_map(|term| cover(term)) {
            let shard = format::shard_of(&gram, self.postings_shards) as usize;
            if let (Some(want), Some(None)) = (wanted.get_mut(shard), self.postings.get(shard)) {
                *want = true;
            }
        }
        names_of(&wanted, |shard| format::postings_file(shard, &self.build))
    }

    /// The text shards needed to show hits `start..end` of the last search.
    pub fn files_for_hits(&self, start: usize, end: usize) -> Vec<String> {
        let mut wanted = vec![false; self.text_loaded.len()];
        let range = start.min(self.hits.len())..end.min(self.hits.len());
        for hit in self.hits.get(range).unwrap_or_default() {
            let shard = self.text_shard_of(hit.section);
            if let (Some(want), Some(false)) = (wanted.get_mut(shard), self.text_loaded.get(shard))
            {
                *want = true;
            }
        }
        names_of(&wanted, |shard| format::text_file(shard, &self.build))
    }

    fn missing_text_shards(&self) -> Vec<String> {
        let wanted: Vec<bool> = self.text_loaded.iter().map(|loaded| !loaded).collect();
        names_of(&wanted, |shard| format::text_file(shard, &self.build))
    }

    fn text_shard_of(&self, section: u32) -> usize {
        self.text_shard_starts
            .partition_point(|&start| start <= section)
            .saturating_sub(1)
    }

    /// Adds a shard file fetched for this manifest.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), FormatError> {
        let Some((kind, index, build)) = format::parse_shard_file(name) else {
            return Err(FormatError("not a shard file name"));
        };
        if build != self.build {
            return Err(FormatError("a shard of another build"));
        }
        match kind {
            't' => self.add_text_shard(index as usize, &bytes),
            'p' => self.add_postings_shard(index as usize, bytes),
            _ => Err(FormatError("not a shard file name")),
        }
    }

    fn add_text_shard(&mut self, index: usize, bytes: &[u8]) -> Result<(), FormatError> {
        let (Some(&start), Some(&end)) = (
            self.text_shard_starts.get(index),
            self.text_shard_starts.get(index + 1),
        ) else {
            return Err(FormatError("no such text shard"));
        };
        let mut r = Reader::new(bytes, TEXT_TAG)?;
        if r.u32()? != start {
            return Err(FormatError("text shard starts elsewhere"));
        }
        let mut previous_page = None;
        for section in start..end {
            let page = r.u32()?;
            if self.section_page.get(section as usize) != Some(&page) {
                return Err(FormatError(
                    "section on another page than the manifest says",
                ));
            }
            if previous_page != Some(page) {
                let href = r.str()?.to_string();
                let title = r.str()?.to_string();
                if let Some(slot) = self.pages.get_mut(page as usize) {
                    *slot = Some(PageInfo { href, title });
                }
                previous_page = Some(page);
            }
            let anchor = r.str()?.to_string();
            let title = r.str()?.to_string();
            let text = r.str()?.to_string();
            if let Some(slot) = self.sections.get_mut(section as usize) {
                *slot = Some(LoadedSection {
                    page,
                    anchor,
                    title,
                    text,
                });
            }
        }
        if !r.is_empty() {
            return Err(FormatError("trailing bytes in a text shard"));
        }
        if let Some(loaded) = self.text_loaded.get_mut(index) {
            *loaded = true;
        }
        Ok(())
    }

    fn add_postings_shard(&mut self, index: usize, bytes: Vec<u8>) -> Result<(), FormatError> {
        if index >= self.postings.len() {
            return Err(FormatError("no such postings shard"));
        }
        let mut grams = Vec::new();
        {
            let mut r = Reader::new(&bytes, POSTINGS_TAG)?;
            let count = r.count()?;
            for _ in 0..count {
                let gram = r.str()?.to_string();
                let len = r.count()?;
                let start = bytes.len() - r.remaining();
                r.bytes(len)?;
                grams.push((gram, start, start + len));
            }
            if !r.is_empty() {
                return Err(FormatError("trailing bytes in a postings shard"));
            }
        }
        if !grams.is_sorted_by(|a, b| a.0 < b.0) {
            return Err(FormatError("postings shard not sorted"));
        }
        if let Some(slot) = self.postings.get_mut(index) {
            *slot = Some(PostingsShard { bytes, grams });
        }
        Ok(())
    }

    /// Runs `query`; returns the number of hits (see [`Engine::hit`]).
    pub fn search(&mut self, query: &str) -> Result<usize, SearchError> {
        self.hits.clear();
        let missing = self.files_for_query(query);
        if !missing.is_empty() {
            return Err(SearchError::Missing(missing));
        }
        let terms = terms(query);
        let mut per_term: Vec<Vec<(u32, u32)>> = Vec::with_capacity(terms.len());
        for term in &terms {
            let found = if self.uses_postings() {
                self.occurrences_from_postings(term)
            } else {
                self.occurrences_by_scan(term)
            };
            per_term.push(found.map_err(SearchError::Format)?);
        }
        self.hits = self.rank(&terms, &per_term);
        Ok(self.hits.len())
    }

    /// Hits of the last search, best first.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    fn occurrences_by_scan(&self, term: &str) -> Result<Vec<(u32, u32)>, FormatError> {
        let term: Vec<char> = term.chars().collect();
        let mut found = Vec::new();
        let mut folded: Vec<char> = Vec::new();
        for (id, section) in self.sections.iter().enumerate() {
            let section = section.as_ref().ok_or(FormatError("text not loaded"))?;
            folded.clear();
            folded.extend(section.text.chars().map(fold));
            // Leftmost, non-overlapping. A plain scan: a small guide's text is a few thousand
            // characters, and `str::match_indices` would cost the wasm 3 KB.
            let mut at = 0;
            while let Some(window) = folded.get(at..at + term.len()) {
                if window == term.as_slice() {
                    found.push((id as u32, at as u32));
                    at += term.len().max(1);
                } else {
                    at += 1;
                }
            }
        }
        Ok(found)
    }

    fn gram_postings(&self, gram: &str) -> Result<Vec<(u32, u32)>, FormatError> {
        let shard = format::shard_of(gram, self.postings_shards) as usize;
        let shard = self
            .postings
            .get(shard)
            .and_then(Option::as_ref)
            .ok_or(FormatError("postings not loaded"))?;
        match shard
            .grams
            .binary_search_by(|(g, _, _)| g.as_str().cmp(gram))
        {
            Ok(at) => {
                let (_, start, end) = shard.grams.get(at).cloned().unwrap_or_default();
                decode_postings(shard.bytes.get(start..end).unwrap_or_default())
            }
            Err(_) => Ok(Vec::new()),
        }
    }

    /// Every start of `term`, found by intersecting the positions of grams that cover it, then
    /// thinned to non-overlapping occurrences.
    fn occurrences_from_postings(&self, term: &str) -> Result<Vec<(u32, u32)>, FormatError> {
        let chars: Vec<char> = term.chars().collect();
        let grams = cover_offsets(&chars);
        let mut lists = Vec::with_capacity(grams.len());
        for (offset, gram) in grams {
            lists.push((offset as u32, self.gram_postings(&gram)?));
        }
        let Some(shortest) =
            (0..lists.len()).min_by_key(|&i| lists.get(i).map_or(0, |l| l.1.len()))
        else {
            return Ok(Vec::new());
        };
        let Some((base, candidates)) = lists.get(shortest) else {
            return Ok(Vec::new());
        };
        let mut starts = Vec::new();
        for &(section, position) in candidates {
            let Some(start) = position.checked_sub(*base) else {
                continue;
            };
            let everywhere = lists
                .iter()
                .all(|(offset, list)| list.binary_search(&(section, start + offset)).is_ok());
            if everywhere {
                starts.push((section, start));
            }
        }
        Ok(non_overlapping(&starts, chars.len() as u32))
    }

    fn rank(&self, terms: &[String], per_term: &[Vec<(u32, u32)>]) -> Vec<Hit> {
        // Pages holding every term.
        let mut terms_on_page = vec![0usize; self.pages.len()];
        for found in per_term {
            let mut pages: Vec<u32> = found
                .iter()
                .filter_map(|&(section, _)| self.section_page.get(section as usize).copied())
                .collect();
            pages.dedup();
            for page in pages {
                if let Some(count) = terms_on_page.get_mut(page as usize) {
                    *count += 1;
                }
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        for (term, found) in terms.iter().zip(per_term) {
            let chars = term.chars().count() as u32;
            for &(section, position) in found {
                let page = self.section_page.get(section as usize).copied();
                let on_all = page
                    .and_then(|page| terms_on_page.get(page as usize))
                    .is_some_and(|&count| count == terms.len());
                if on_all {
                    hits.push(Hit {
                        section,
                        position,
                        chars,
                    });
                }
            }
        }
        // Per section: whether a hit is in its heading, and how many hits it has.
        let mut title = vec![false; self.section_page.len()];
        let mut count = vec![0u32; self.section_page.len()];
        for hit in &hits {
            let section = hit.section as usize;
            let heading = self.heading_chars.get(section).copied().unwrap_or(0);
            if let (Some(title), Some(count)) = (title.get_mut(section), count.get_mut(section)) {
                *title |= hit.position < heading;
                *count += 1;
            }
        }
        // Sections with hits, best first: title match, more hits, reading order.
        let mut sections: Vec<u128> = (0..count.len() as u32)
            .filter(|&s| count.get(s as usize).is_some_and(|&n| n > 0))
            .map(|s| {
                let no_title = !title.get(s as usize).copied().unwrap_or(false);
                let fewer = u32::MAX - count.get(s as usize).copied().unwrap_or(0);
                (u128::from(no_title) << 64) | (u128::from(fewer) << 32) | u128::from(s)
            })
            .collect();
        heap_sort(&mut sections);
        let mut rank = vec![0u32; count.len()];
        for (i, key) in sections.iter().enumerate() {
            if let Some(slot) = rank.get_mut(*key as u32 as usize) {
                *slot = i as u32;
            }
        }
        // Hits by their section's rank, then position (then the order of the terms).
        let mut order: Vec<u128> = hits
            .iter()
            .enumerate()
            .map(|(i, hit)| {
                let rank = rank.get(hit.section as usize).copied().unwrap_or(u32::MAX);
                (u128::from(rank) << 96) | (u128::from(hit.position) << 64) | i as u128
            })
            .collect();
        heap_sort(&mut order);
        order
            .into_iter()
            .filter_map(|key| hits.get(key as u64 as usize).copied())
            .collect()
    }

    /// Hit `i` of the last search, or `None` when its text shard is not loaded
    /// ([`Engine::files_for_hits`] names it).
    pub fn hit(&self, i: usize) -> Option<HitView> {
        let hit = self.hits.get(i)?;
        let section = self.sections.get(hit.section as usize)?.as_ref()?;
        let page = self.pages.get(section.page as usize)?.as_ref()?;
        let mut href = page.href.clone();
        if !section.anchor.is_empty() {
            href.push('#');
            href.push_str(&section.anchor);
        }
        let mut label = page.title.clone();
        if !section.title.is_empty() && section.title != page.title {
            label.push_str(" › ");
            label.push_str(&section.title);
        }
        let start = hit.position as usize;
        let end = start + hit.chars as usize;
        let from = start.saturating_sub(SNIPPET_BEFORE);
        let mut before = String::new();
        let mut matched = String::new();
        let mut after = String::new();
        if from > 0 {
            before.push('…');
        }
        let mut last = 0;
        for (at, c) in section.text.chars().enumerate().skip(from) {
            let c = if c == '\n' { ' ' } else { c };
            if at < start {
                before.push(c);
            } else if at < end {
                matched.push(c);
            } else if at < end + SNIPPET_AFTER {
                after.push(c);
            } else {
                last = at;
                break;
            }
        }
        if last > 0 {
            after.push('…');
        }
        Some(HitView {
            href,
            label,
            before,
            matched,
            after,
        })
    }
}

/// An in-place heap sort: the only sort the engine needs, in a few hundred bytes of wasm
/// (the standard library's sorts cost kilobytes per instantiation).
fn heap_sort(keys: &mut [u128]) {
    fn sift_down(keys: &mut [u128], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && keys.get(child + 1) > keys.get(child) {
                child += 1;
            }
            if keys.get(root) >= keys.get(child) {
                return;
            }
            keys.swap(root, child);
            root = child;
        }
    }
    let len = keys.len();
    for root in (0..len / 2).rev() {
        sift_down(keys, root, len);
    }
    for end in (1..len).rev() {
        keys.swap(0, end);
        sift_down(keys, 0, end);
    }
}

/// The names of the wanted shards, in shard order.
fn names_of(wanted: &[bool], name: impl Fn(u32) -> String) -> Vec<String> {
    (0..wanted.len() as u32)
        .filter(|&i| wanted.get(i as usize) == Some(&true))
        .map(name)
        .collect()
}

/// The grams whose positions decide where `term` occurs: the term itself when it is one
/// character, else pairs at offsets 0, 2, 4, … and one ending at the last character.
pub fn cover(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    cover_offsets(&chars)
        .into_iter()
        .map(|(_, gram)| gram)
        .collect()
}

fn cover_offsets(chars: &[char]) -> Vec<(usize, String)> {
    if chars.len() == 1 {
        return chars
            .first()
            .map(|c| (0, c.to_string()))
            .into_iter()
            .collect();
    }
    let mut offsets: Vec<usize> = (0..chars.len().saturating_sub(1)).step_by(2).collect();
    if chars.len() >= 2 && chars.len() % 2 == 1 {
        offsets.push(chars.len() - 2);
    }
    offsets
        .into_iter()
        .filter_map(|at| Some((at, chars.get(at..at + 2)?.iter().collect())))
        .collect()
}

/// Leftmost non-overlapping occurrences, from all starts sorted by (section, position).
fn non_overlapping(starts: &[(u32, u32)], len: u32) -> Vec<(u32, u32)> {
    let mut kept: Vec<(u32, u32)> = Vec::with_capacity(starts.len());
    for &(section, position) in starts {
        match kept.last() {
            Some(&(last_section, last)) if last_section == section && position < last + len => {}
            _ => kept.push((section, position)),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_every_character() {
        assert_eq!(cover("证"), ["证"]);
        assert_eq!(cover("学信"), ["学信"]);
        assert_eq!(cover("学信网"), ["学信", "信网"]);
        assert_eq!(cover("社保缴费证明"), ["社保", "缴费", "证明"]);
        assert_eq!(cover("谷歌浏览器"), ["谷歌", "浏览", "览器"]);
    }

    #[test]
    fn heap_sort_sorts() {
        let mut keys: Vec<u128> = (0..500u128).map(|i| (i * 7919) % 503).collect();
        let mut expected = keys.clone();
        expected.sort_unstable();
        heap_sort(&mut keys);
        assert_eq!(keys, expected);
        heap_sort(&mut []);
    }

    #[test]
    fn overlapping_starts_are_thinned_left_to_right() {
        let starts = [(0, 0), (0, 1), (0, 2), (0, 3), (1, 1), (1, 2)];
        assert_eq!(non_overlapping(&starts, 2), [(0, 0), (0, 2), (1, 1)]);
    }
}
