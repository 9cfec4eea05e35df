//! Writes the index of a guide: `index.bin` (the manifest) and its shards.
//!
//! - **Manifest**: the build's hash, the number of postings shards (0: none, the text is
//!   scanned), how many sections each text shard and each page holds, and how many characters
//!   of each section are its heading. Small: a few bytes per section.
//! - **Text shards** (`t<i>.<hash>.bin`): consecutive sections with their page, anchor, title and
//!   text, cut at [`Options::text_shard_bytes`].
//! - **Postings shards** (`p<i>.<hash>.bin`), only when the guide's text is larger than
//!   [`Options::scan_limit_bytes`]: for every character and every pair of adjacent characters of
//!   the folded text (pairs never span white space or a block boundary), the sections and
//!   character positions where it occurs; a gram's shard is its FNV-1a hash modulo the number
//!   of shards, which is chosen so that a shard holds about [`Options::postings_per_shard`]
//!   positions.
//!
//! Writing is linear in the text and runs on every core: runs of sections collect their grams
//! in hash maps, joined in section order; then each shard's grams are sorted (for
//! byte-identical builds) and encoded.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::format::{self, Writer, MANIFEST_TAG, POSTINGS_TAG, TEXT_TAG};
use crate::normalize::{fold, is_separator};
use crate::{Page, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Up to this much text (UTF-8 bytes) the index is the text alone, scanned by every query.
    pub scan_limit_bytes: usize,
    /// With postings, a text shard is cut once it holds this much text.
    pub text_shard_bytes: usize,
    /// With postings, about this many positions per postings shard.
    pub postings_per_shard: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            scan_limit_bytes: 200_000,
            text_shard_bytes: 6_000,
            postings_per_shard: 6_000,
        }
    }
}

/// One file of the index, named relative to the index folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The manifest first, then the text shards, then the postings shards.
pub fn write(pages: &[Page], options: &Options) -> Vec<IndexFile> {
    let text_bytes: usize = pages
        .iter()
        .flat_map(|page| &page.sections)
        .map(|section| section.text.len())
        .sum();
    let scan = text_bytes <= options.scan_limit_bytes;
    let shard_limit = if scan {
        options.scan_limit_bytes.max(1)
    } else {
        options.text_shard_bytes.max(1)
    };
    let text_shards = text_shards(pages, shard_limit);
    let postings_shards = if scan {
        Vec::new()
    } else {
        postings_shards(pages, options.postings_per_shard.max(1))
    };

    let mut body = Writer::default();
    body.uint(postings_shards.len() as u64);
    body.uint(text_shards.len() as u64);
    for (sections, _) in &text_shards {
        body.uint(*sections as u64);
    }
    body.uint(pages.len() as u64);
    for page in pages {
        body.uint(page.sections.len() as u64);
    }
    for section in pages.iter().flat_map(|page| &page.sections) {
        body.uint(u64::from(section.heading_chars));
    }

    // The index's version, in its files' names: every byte of it, hashed fast (the index of a
    // large guide is megabytes).
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    hash.update(&body.bytes);
    for bytes in text_shards
        .iter()
        .map(|(_, bytes)| bytes)
        .chain(&postings_shards)
    {
        hash.update(&(bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    let hash = hash.digest();
    let build = format::hex(hash);

    let mut manifest = Writer::new(MANIFEST_TAG);
    manifest.str(&build);
    manifest.raw(&body.bytes);
    let mut files = vec![IndexFile {
        name: format::MANIFEST_FILE.to_string(),
        bytes: manifest.bytes,
    }];
    for (i, (_, bytes)) in text_shards.into_iter().enumerate() {
        files.push(IndexFile {
            name: format::text_file(i as u32, &build),
            bytes,
        });
    }
    for (i, bytes) in postings_shards.into_iter().enumerate() {
        files.push(IndexFile {
            name: format::postings_file(i as u32, &build),
            bytes,
        });
    }
    files
}

/// (number of sections, bytes) of each text shard.
fn text_shards(pages: &[Page], limit: usize) -> Vec<(usize, Vec<u8>)> {
    let mut shards = Vec::new();
    let mut current: Option<(Writer, usize, usize)> = None; // writer, sections, text bytes
    let mut previous_page = None;
    let mut id = 0u64;
    for (page_id, page) in pages.iter().enumerate() {
        for section in &page.sections {
            if current.as_ref().is_some_and(|(_, _, size)| *size >= limit) {
                if let Some((writer, sections, _)) = current.take() {
                    shards.push((sections, writer.bytes));
                }
            }
            let (writer, sections, size) = current.get_or_insert_with(|| {
                let mut writer = Writer::new(TEXT_TAG);
                writer.uint(id);
                previous_page = None;
                (writer, 0, 0)
            });
            writer.uint(page_id as u64);
            if previous_page != Some(page_id) {
                writer.str(&page.href);
                writer.str(&page.title);
                previous_page = Some(page_id);
            }
            writer.str(&section.anchor);
            writer.str(&section.title);
            writer.str(&section.text);
            *sections += 1;
            *size += section.text.len();
            id += 1;
        }
    }
    if let Some((writer, sections, _)) = current {
        shards.push((sections, writer.bytes));
    }
    shards
}

/// A gram as a number: the first character, and the second plus one (0 for a single one).
fn gram_key(first: char, second: Option<char>) -> u64 {
    (u64::from(first as u32) << 21) | second.map_or(0, |c| u64::from(c as u32) + 1)
}

fn gram_text(key: u64) -> String {
    let first = char::from_u32((key >> 21) as u32).unwrap_or('\u{FFFD}');
    let second = (key & 0x1f_ffff) as u32;
    let mut text = String::from(first);
    if second > 0 {
        text.push(char::from_u32(second - 1).unwrap_or('\u{FFFD}'));
    }
    text
}

/// A gram and its occurrences.
type GramPostings = (String, Occurrences);

/// One gram's occurrences while the index is collected, already in the shard's format
/// ([`format::decode_postings`] reads it): the finished runs (a run is one section's
/// occurrences) and the open run's position deltas. A few bytes an occurrence instead of eight:
/// a large guide's text has millions of them, and their memory would be most of the build's.
#[derive(Debug, Default)]
struct Occurrences {
    /// Finished runs: section delta, count, position deltas.
    runs: Writer,
    run_count: u64,
    last_run_section: u32,
    /// The open run: its section, its position deltas so far, their count, the last position.
    open_section: u32,
    open: Writer,
    open_count: u64,
    last_position: u32,
}

impl Occurrences {
    /// Adds an occurrence after every one so far.
    fn push(&mut self, section: u32, position: u32) {
        if self.open_count > 0 && section != self.open_section {
            self.close_run();
        }
        if self.open_count == 0 {
            self.open_section = section;
            self.last_position = 0;
        }
        self.open.uint(u64::from(position - self.last_position));
        self.last_position = position;
        self.open_count += 1;
    }

    fn close_run(&mut self) {
        if self.open_count == 0 {
            return;
        }
        self.runs
            .uint(u64::from(self.open_section - self.last_run_section));
        self.runs.uint(self.open_count);
        self.runs.raw(&self.open.bytes);
        self.open.bytes.clear();
        self.open_count = 0;
        self.run_count += 1;
        self.last_run_section = self.open_section;
    }

    /// Adds the occurrences of `later`, all in sections after this one's. `later`'s first run
    /// counted its section from 0: only that delta is rewritten.
    fn append(&mut self, mut later: Occurrences) {
        self.close_run();
        later.close_run();
        let mut reader = format::Reader::from_bytes(&later.runs.bytes);
        let Ok(first_section) = reader.u32() else {
            return; // nothing in `later`
        };
        let rest = later.runs.bytes.len() - reader.remaining();
        self.runs
            .uint(u64::from(first_section - self.last_run_section));
        self.runs
            .raw(later.runs.bytes.get(rest..).unwrap_or_default());
        self.run_count += later.run_count;
        self.last_run_section = later.last_run_section;
    }

    /// The gram's block in a postings shard.
    fn encode(mut self, block: &mut Writer) {
        self.close_run();
        block.uint(self.run_count);
        block.raw(&self.runs.bytes);
    }
}

/// Gram → its occurrences in increasing order.
type Grams = FxHashMap<u64, Occurrences>;

fn postings_shards(pages: &[Page], per_shard: usize) -> Vec<Vec<u8>> {
    let sections: Vec<&Section> = pages.iter().flat_map(|page| &page.sections).collect();
    // The sections in about as many runs as there are cores, collected on every core, then
    // joined in section order (a later run's positions follow an earlier one's).
    let runs = rayon::current_num_threads().max(1);
    let run_length = sections.len().div_ceil(runs).max(1);
    let collected: Vec<(Grams, usize)> = sections
        .par_chunks(run_length)
        .enumerate()
        .map(|(run, sections)| collect_grams(sections, (run * run_length) as u32))
        .collect();
    let mut collected = collected.into_iter();
    let (mut grams, mut total) = collected.next().unwrap_or_default();
    for (more, count) in collected {
        total += count;
        for (key, occurrences) in more {
            grams.entry(key).or_default().append(occurrences);
        }
    }

    let shard_count = total.div_ceil(per_shard).max(1) as u32;
    let mut by_shard: Vec<Vec<GramPostings>> = (0..shard_count).map(|_| Vec::new()).collect();
    for (key, postings) in grams {
        let gram = gram_text(key);
        let shard = format::shard_of(&gram, shard_count) as usize;
        if let Some(list) = by_shard.get_mut(shard) {
            list.push((gram, postings));
        }
    }
    by_shard
        .into_par_iter()
        .map(|mut list| {
            list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut writer = Writer::new(POSTINGS_TAG);
            writer.uint(list.len() as u64);
            let mut block = Writer::default();
            for (gram, occurrences) in list {
                writer.str(&gram);
                block.bytes.clear();
                occurrences.encode(&mut block);
                writer.uint(block.bytes.len() as u64);
                writer.raw(&block.bytes);
            }
            writer.bytes
        })
        .collect()
}

/// The grams of `sections`, the first of which is section `first_id`, and how many positions.
fn collect_grams(sections: &[&Section], first_id: u32) -> (Grams, usize) {
    let mut grams = Grams::default();
    let mut total = 0usize;
    for (section_id, section) in (first_id..).zip(sections) {
        let mut chars = section.text.chars().map(fold).enumerate().peekable();
        while let Some((position, c)) = chars.next() {
            if is_separator(c) {
                continue;
            }
            let position = position as u32;
            grams
                .entry(gram_key(c, None))
                .or_default()
                .push(section_id, position);
            total += 1;
            if let Some(&(_, next)) = chars.peek() {
                if !is_separator(next) {
                    grams
                        .entry(gram_key(c, Some(next)))
                        .or_default()
                        .push(section_id, position);
                    total += 1;
                }
            }
        }
    }
    (grams, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The postings block of (section, position) pairs in order, as the format describes it:
    /// sections as deltas, each with its count of positions and the positions as deltas.
    fn encode_postings(postings: &[(u32, u32)], block: &mut Writer) {
        let runs = || postings.chunk_by(|a, b| a.0 == b.0);
        block.uint(runs().count() as u64);
        let mut previous_section = 0;
        for run in runs() {
            let section = run
                .first()
                .map_or(previous_section, |&(section, _)| section);
            block.uint(u64::from(section - previous_section));
            previous_section = section;
            block.uint(run.len() as u64);
            let mut previous = 0;
            for &(_, position) in run {
                block.uint(u64::from(position - previous));
                previous = position;
            }
        }
    }

    #[test]
    fn grams_round_trip() {
        for (a, b) in [
            ('学', Some('信')),
            ('p', None),
            ('\u{10FFFF}', Some('\u{10FFFF}')),
        ] {
            let key = gram_key(a, b);
            let text: String = std::iter::once(a).chain(b).collect();
            assert_eq!(gram_text(key), text);
        }
    }

    #[test]
    fn occurrences_collected_in_runs_and_appended_are_the_same_as_in_one() {
        let all = [
            (0, 3),
            (0, 9),
            (2, 0),
            (2, 1),
            (5, 7),
            (5, 2_000),
            (90_000, 123_456),
        ];
        let mut expected = Writer::default();
        encode_postings(&all, &mut expected);
        // Runs of sections are collected apart and joined; a run never spans two of them.
        for split in [0, 2, 4, 6, 7] {
            let (mut first, mut second) = (Occurrences::default(), Occurrences::default());
            all[..split].iter().for_each(|&(s, p)| first.push(s, p));
            all[split..].iter().for_each(|&(s, p)| second.push(s, p));
            first.append(second);
            let mut block = Writer::default();
            first.encode(&mut block);
            assert_eq!(block.bytes, expected.bytes, "split at {split}");
            assert_eq!(format::decode_postings(&block.bytes), Ok(all.to_vec()));
        }
    }

    #[test]
    fn postings_round_trip() {
        let postings = [(0, 3), (0, 9), (4, 0), (4, 1), (70_000, 123_456)];
        let mut block = Writer::default();
        encode_postings(&postings, &mut block);
        assert_eq!(format::decode_postings(&block.bytes), Ok(postings.to_vec()));
        assert!(format::decode_postings(&[5, 1]).is_err());
    }
}
