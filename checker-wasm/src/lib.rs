//! The checker in the browser: the contract's JavaScript API (`bindings`, wasm-bindgen) and the
//! checker page (`ui`, web-sys), around the plain-Rust rules of `checker-rules` (`rules/`).
//!
//! Everything here exists only on `wasm32`: natively this crate is empty, so the builder, the
//! rules' tests and rust-analyzer never compile wasm-bindgen, js-sys or web-sys. Lint it with
//! `cargo clippy -p checker-wasm --target wasm32-unknown-unknown` (`.ci/run` does).
//!
//! Input never panics: every failure is a JS `Error` naming the field.
#![cfg(target_arch = "wasm32")]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod bindings;
mod input;
mod ui;

// A free-list allocator of about 1 KB instead of std's dlmalloc: the page allocates little and
// lives as long as the tab. Single-threaded; the lock only keeps this free of `unsafe`.
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// `items` with `separator` between them, as `[T]::join` writes them: std's own join is
/// specialised for the separator's length and the item type, two copies of about 1 KB of wasm.
pub(crate) fn join<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    let mut joined = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            joined.push_str(separator);
        }
        joined.push_str(item.as_ref());
    }
    joined
}
