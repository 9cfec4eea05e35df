//! The rules of the Suzhou initial-title checker: who may apply, when, with which PDFs, and how
//! long a work summary is as Word counts it — plus the page's routing (which question is asked)
//! and wording (`text`), which are plain Rust too.
//!
//! Nothing here knows about JavaScript: the builder reads [`Policy`] from this crate, and the
//! browser build (`checker-wasm/`, wasm-bindgen + web-sys) wraps it. The public interface is
//! fixed by `shared/spec/checker-contract.md` (our reading of its open points is in
//! `checker-wasm/CONTRACT-NOTES.md`).
//!
//! Input never panics: every failure is an `InputError` naming the field (the workspace lints
//! keep `unwrap`, `expect`, `panic!` and panicking indexing out of the library code).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod answers;
pub mod calendar;
pub mod eligibility;
pub mod error;
pub mod intake;
pub mod materials;
pub mod policy;
pub mod routing;
pub mod share;
pub mod summary;
pub mod text;
pub mod work_history;

pub use answers::{parse_answers, Answers, Degree, Diploma};

/// `text` split at the first `separator`, an ASCII byte (so both halves are whole text), as
/// `str::split_once` does for a char: a byte search instead of the char searcher and its
/// `memchr`, which the browser's wasm then needs nowhere (0.4 KB gzip of it).
pub fn split_once_ascii(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|byte| byte == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}
pub use calendar::{Date, YearMonth};
pub use eligibility::{
    check_eligibility, Clause, EligibilityResult, Level, Outcome, Reason, ReasonCode,
};
pub use error::InputError;
pub use materials::{Material, MaterialCode};
pub use policy::{Policy, PolicyError};
pub use summary::{check_summary, Part, PartCode, SummaryResult};
pub use work_history::{check_work_history, WorkHistoryResult};
