//! Harness for the end-to-end tests: the shipped guide built once, served from a sub-path on
//! 127.0.0.1, and driven in Debian's headless Chromium through chromedriver.

pub mod browser;
pub mod checker;
pub mod server;
pub mod site;
pub mod site_test;
pub mod switchable;

pub use browser::{Browser, BrowserOptions, LogEntry};
pub use server::{ServedRequest, StaticServer};
pub use site_test::SiteTest;
pub use switchable::SwitchableServer;
