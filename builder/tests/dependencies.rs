//! The builder needs only the checker's rules (for `Policy`), never the browser half of it:
//! wasm-bindgen, js-sys and web-sys stay out of its normal dependencies (they are only in the
//! build script's bindgen step and in the wasm build it runs).

use std::process::Command;

#[test]
fn the_builder_does_not_depend_on_the_browser_crates() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--package",
            "builder",
            "--edges",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        tree.lines().any(|line| line.starts_with("checker-rules ")),
        "expected the rules crate in:\n{tree}"
    );
    for browser_crate in [
        "wasm-bindgen ",
        "js-sys ",
        "web-sys ",
        "serde-wasm-bindgen ",
    ] {
        assert!(
            !tree.lines().any(|line| line.starts_with(browser_crate)),
            "{browser_crate}is a normal dependency of the builder:\n{tree}"
        );
    }
}
