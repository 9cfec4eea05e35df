//! The checker page's UI, in Rust through web-sys (GOV.UK smart-answer style):
//! `checker_rules::routing` decides which question is asked, the rules decide what the answers
//! mean, `view` and `checker_rules::text` present it. Only what needs the browser lives here.

mod dom;
mod draft;
mod extras;
mod page;
mod view;
mod work_history;
