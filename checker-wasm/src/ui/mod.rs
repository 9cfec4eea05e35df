//! The checker page's UI, in Rust through web-sys (GOV.UK smart-answer style): `routing` decides
//! which question is asked, the crate's rule modules decide what the answers mean, `view` and
//! `text` present it. Only `routing` and `text` are plain Rust; the rest exists in the browser.

pub mod routing;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod draft;
#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
mod view;
