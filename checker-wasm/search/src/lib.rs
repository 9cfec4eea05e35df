//! Substring search over the guide, as Ctrl+F finds text: every place a query term occurs in the
//! visible text of a page, single characters included, Latin letters case-insensitively and
//! full-width forms folded onto half-width ones ([`normalize`]).
//!
//! The builder extracts each page's text (`builder/src/search_index.rs`), cut into sections at
//! every heading with an anchor, and writes the index with [`index::write`]: a small manifest
//! and shards. The browser runs [`engine::Engine`] compiled to WebAssembly (`bindings`), which
//! says which shards a query needs, fetches nothing else, and answers exactly:
//!
//! - a small guide ships its text in one shard, and a query scans it;
//! - a large one also ships positional postings of every character and every pair of adjacent
//!   characters, split by gram into shards: a query fetches the shards of its grams, intersects
//!   the positions (exact, since the pairs cover the whole term) and later fetches the text of
//!   only the hits it shows.
//!
//! [`mod@reference`] is the brute-force definition both are tested against.
//!
//! Input never panics: malformed index files are [`format::FormatError`]s, and the workspace
//! lints keep `unwrap`, `expect`, `panic!` and panicking indexing out of the library code.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod engine;
pub mod format;
// The writer runs in the builder only (on every core); the browser reads with `format`.
#[cfg(not(target_arch = "wasm32"))]
pub mod index;
pub mod normalize;
pub mod reference;

#[cfg(target_arch = "wasm32")]
mod bindings;

/// One page of the guide as the search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative URL of the page, e.g. `materials.html`.
    pub href: String,
    /// The page's title (its `<h1>`), shown with every hit.
    pub title: String,
    pub sections: Vec<Section>,
}

/// The text from one anchored heading to the next (the text before the first heading is a
/// section too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's id (the link goes to `href#anchor`); empty for the top of the page.
    pub anchor: String,
    /// The heading's text as shown in results (without its `#` link).
    pub title: String,
    /// How many characters at the start of `text` are the heading itself: a hit there is a
    /// title match, which ranks first.
    pub heading_chars: u32,
    /// The visible text: runs of white space collapsed to one space, block boundaries as `\n`.
    pub text: String,
}
