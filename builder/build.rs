//! Compiles the checker (`checker-wasm/`) and the search engine (`checker-wasm/search/`) to
//! WebAssembly and runs the wasm-bindgen step on each, so the builder binary carries
//! `checker.js` + `checker_bg.wasm` and `search.js` + `search_bg.wasm` and writes them into
//! every site it builds. Why a build script rather than an xtask: the binary stays self-contained (it works
//! from any folder), one command builds everything, and cargo's change tracking below means the
//! embedded checker is never older than its source. wasm-bindgen and its bindgen step
//! (`wasm-bindgen-cli-support`, a build-dependency) are matched through Cargo.lock.
//!
//! `SKIP_WASM_BUILD=1` (as substrate's wasm-builder has it) skips the wasm for `cargo check`,
//! clippy and rust-analyzer: the binary then carries no checker and refuses to build a site.
//! Release builds ignore it, so a shipped builder always embeds the real checker.
//!
//! The build script installs nothing: `rust-toolchain.toml` declares the wasm target for rustup.

use std::path::{Path, PathBuf};
use std::process::{exit, Command};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// One crate compiled for the browser.
struct WasmCrate {
    package: &'static str,
    /// The lib name: cargo names the `.wasm` after it.
    lib: &'static str,
    /// wasm-bindgen's output name (`<name>.js`, `<name>_bg.wasm`), also the folder in OUT_DIR.
    name: &'static str,
}

const WASM_CRATES: [WasmCrate; 2] = [
    WasmCrate {
        package: "checker-wasm",
        lib: "checker",
        name: "checker",
    },
    WasmCrate {
        package: "guide-search",
        lib: "guide_search",
        name: "search",
    },
];
/// The workspace profile tuned for a small wasm (see the root Cargo.toml).
const WASM_PROFILE: &str = "wasm";
const SKIP_SWITCH: &str = "SKIP_WASM_BUILD";

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
    let workspace = manifest_dir
        .parent()
        .ok_or("builder/ has no parent folder")?
        .to_path_buf();
    let out_dir = env_path("OUT_DIR")?;
    for watched in [
        "checker-wasm/src",
        "checker-wasm/Cargo.toml",
        "checker-wasm/rules/src",
        "checker-wasm/rules/Cargo.toml",
        "checker-wasm/search/src",
        "checker-wasm/search/Cargo.toml",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        println!(
            "cargo:rerun-if-changed={}",
            workspace.join(watched).display()
        );
    }
    println!("cargo:rerun-if-env-changed={SKIP_SWITCH}");
    minify_theme(&manifest_dir, &out_dir)?;
    println!("cargo::rustc-check-cfg=cfg(checker_skipped)");

    for krate in &WASM_CRATES {
        let bindgen_out = out_dir.join(krate.name);
        std::fs::create_dir_all(&bindgen_out)
            .map_err(|e| format!("{}: {e}", bindgen_out.display()))?;
    }
    if skip_requested() {
        println!(
            "cargo:warning={SKIP_SWITCH} is set: this builder carries no checker and will not build a site"
        );
        println!("cargo:rustc-cfg=checker_skipped");
        for krate in &WASM_CRATES {
            for file in [
                format!("{}.js", krate.name),
                format!("{}_bg.wasm", krate.name),
            ] {
                let path = out_dir.join(krate.name).join(file);
                std::fs::write(&path, b"").map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        return write_all_gzip_sizes(&out_dir);
    }

    ensure_wasm_target()?;

    // A target folder of its own: the outer cargo holds the lock on ours. Beside it, so that
    // debug and release builds of the builder share one checker build.
    let target_dir = out_dir
        .ancestors()
        .nth(4)
        .ok_or("unexpected OUT_DIR layout")?
        .join("checker-wasm");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(&workspace).arg("build");
    // One cargo run for all crates: they share the standard library build and the lock.
    for krate in &WASM_CRATES {
        command.args(["--package", krate.package]);
    }
    let status = command
        .args(["--lib", "--target", WASM_TARGET])
        .args(["--profile", WASM_PROFILE, "--target-dir"])
        .arg(&target_dir)
        // What the outer build set for itself (clippy's wrapper, host flags) is not for the wasm.
        .env_remove("RUSTFLAGS")
        .env("CARGO_ENCODED_RUSTFLAGS", short_source_paths())
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .status()
        .map_err(|e| format!("cannot run cargo to build the wasm crates: {e}"))?;
    if !status.success() {
        return Err("building the wasm crates for the browser failed (see above)".into());
    }
    for krate in &WASM_CRATES {
        let wasm = target_dir
            .join(WASM_TARGET)
            .join(WASM_PROFILE)
            .join(format!("{}.wasm", krate.lib));
        bindgen(&wasm, krate.name, &out_dir.join(krate.name))?;
    }
    write_all_gzip_sizes(&out_dir)
}

/// `--remap-path-prefix` flags (as CARGO_ENCODED_RUSTFLAGS: separated by 0x1f) that shorten the
/// dependencies' source paths compiled into the wasm as panic locations:
/// `<CARGO_HOME>/registry/src/index.crates.io-<hash>/js-sys-0.3.107/src/futures/jspi.rs` becomes
/// `js-sys-0.3.107/src/futures/jspi.rs` (measured on the checker: 59 bytes of wasm, 0.05 KB
/// gzip). The workspace's own paths are relative already; the standard library's
/// (`/rustc/<commit hash>/library/…`) come remapped in its precompiled rlibs, and a remap of
/// that prefix does not reach them (tried).
fn short_source_paths() -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(Ok(entries)) = cargo_home.map(|home| std::fs::read_dir(home.join("registry/src")))
    else {
        return String::new();
    };
    entries
        .flatten()
        .map(|entry| format!("--remap-path-prefix={}/=", entry.path().display()))
        .collect::<Vec<_>>()
        .join("\x1f")
}

fn write_all_gzip_sizes(out_dir: &Path) -> Result<(), String> {
    WASM_CRATES
        .iter()
        .try_for_each(|krate| write_gzip_sizes(&out_dir.join(krate.name), krate.name))
}

/// The default theme's files that are embedded minified (`src/templates.rs`), each written to
/// `OUT_DIR/theme/` under its own name: comments and white space cost the checker page about
/// 1.7 KB gzip, and every page 0.7 KB more in `site.js` (then two files, `offline.js` and
/// `search/keys.js`: 1.1 + 0.4 KB gzip as written, 0.5 + 0.3 minified). The CSS goes through
/// `minifier` (rustdoc's own minifier), the scripts through [`minify_js`].
fn minify_theme(manifest_dir: &Path, out_dir: &Path) -> Result<(), String> {
    let theme_out = out_dir.join("theme");
    std::fs::create_dir_all(&theme_out).map_err(|e| format!("{}: {e}", theme_out.display()))?;
    for name in [
        "style.css",
        "guide.css",
        "checker-page.js",
        "search-page.js",
        "site.js",
    ] {
        let source = manifest_dir.join("theme").join(name);
        println!("cargo:rerun-if-changed={}", source.display());
        let text =
            std::fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        let minified = if name.ends_with(".css") {
            minifier::css::minify(&text)
                .map(|css| css.to_string())
                .map_err(|e| e.to_string())
        } else {
            minify_js(&text)
        }
        .map_err(|e| format!("minifying {}: {e}", source.display()))?;
        let target = theme_out.join(name);
        std::fs::write(&target, minified.trim_start())
            .map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// wasm-bindgen's `web` output for one compiled crate, into `out`.
fn bindgen(wasm: &Path, name: &str, out: &Path) -> Result<(), String> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        // Keeps `init()` without arguments working: it finds the wasm next to its glue.
        .omit_default_module_path(false)
        .typescript(false)
        // `TextEncoder.encodeInto` without the test and the fallback for browsers that lack it:
        // every browser that runs the wasm (it needs reference types: Safari 15, Chrome 96,
        // Firefox 79) and Node 12.11+ has it (measured: 0.05 KB of gzipped glue).
        .encode_into(wasm_bindgen_cli_support::EncodeInto::Always)
        .remove_name_section(true)
        .remove_producers_section(true)
        .out_name(name);
    let mut output = bindgen
        .generate_output()
        .map_err(|e| format!("wasm-bindgen on {}: {e:#}", wasm.display()))?;
    drop_unused_closure_shims(output.wasm_mut());
    // The features the compiler enabled (`+bulk-memory`, `+reference-types`, …), for linkers;
    // browsers ignore the section (measured on the checker: 0.15 KB of wasm, 0.12 KB gzip).
    output.wasm_mut().customs.remove_raw("target_features");
    let names = shorten_names(output.wasm_mut());
    let import_module = format!("./{name}_bg.js");
    shorten_import_module(output.wasm_mut(), &import_module);
    output
        .emit(out)
        .map_err(|e| format!("wasm-bindgen on {}: {e:#}", wasm.display()))?;
    let js_path = out.join(format!("{name}.js"));
    let js =
        std::fs::read_to_string(&js_path).map_err(|e| format!("{}: {e}", js_path.display()))?;
    let js = rename_in_js(&js, &names);
    // The import object's one module, as `shorten_import_module` renamed it in the wasm.
    let module = format!("\"{import_module}\"");
    if js.matches(&module).count() != 1 {
        return Err(format!(
            "{}: expected {module} once in wasm-bindgen's glue, as the name of the import object's module",
            js_path.display()
        ));
    }
    let js = js.replace(&module, SHORT_IMPORT_MODULE);
    // Minified, the JSDoc wasm-bindgen copies from the Rust docs among the comments dropped (the
    // contract is the documentation): measured on the checker's glue, 4.4 -> 3.7 KB gzip
    // without comments and white space, 2.7 with local names shortened as well.
    let minified = minify_js(&without_console_warnings(&js))
        .map_err(|e| format!("minifying {}: {e}", js_path.display()))?;
    std::fs::write(&js_path, minified).map_err(|e| format!("{}: {e}", js_path.display()))
}

/// The browsers the scripts are minified for: those that run JavaScript modules (every script
/// of the site is one). Oxc then writes no syntax they lack (`??=`, `?.`, …) where the source
/// had none; the glue's own syntax (it needs a browser with wasm reference types anyway) is
/// kept as it is.
const SCRIPT_TARGETS: &str = "chrome61,edge79,firefox60,safari11";

/// `js`, an ES module, minified by Oxc: compressed, local names mangled, written without white
/// space and comments. Exported names, property names and strings stay as they are. Measured
/// against rustdoc's `minifier`, which only removes white space and comments: the checker's glue
/// 3.30 → 2.70 KB gzip, `checker/page.js` 0.66 → 0.57, `site.js` 0.70 → 0.62, the search glue
/// 2.13 → 1.61; `search/page.js`, which was not minified, 2.03 → 1.37.
fn minify_js(js: &str) -> Result<String, String> {
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, js, oxc_span::SourceType::mjs()).parse();
    if let Some(error) = parsed.diagnostics.first() {
        return Err(format!("not valid JavaScript: {error}"));
    }
    let mut program = parsed.program;
    let target = oxc_compat::EngineTargets::from_target(SCRIPT_TARGETS)?;
    let options = oxc_minifier::MinifierOptions {
        mangle: Some(oxc_minifier::MangleOptions::default()),
        mangle_properties: None,
        compress: Some(oxc_minifier::CompressOptions {
            target,
            ..oxc_minifier::CompressOptions::smallest()
        }),
    };
    let minified = oxc_minifier::Minifier::new(options).minify(&allocator, &mut program);
    let code = oxc_codegen::Codegen::new()
        .with_options(oxc_codegen::CodegenOptions {
            minify: true,
            comments: oxc_codegen::CommentOptions::disabled(),
            ..oxc_codegen::CodegenOptions::default()
        })
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    Ok(code)
}

/// `js` without its `console.warn(…);` statements. wasm-bindgen's glue has three, each a hint
/// for a developer, none changing what runs: a server that sends the wasm without the
/// `application/wasm` type (the glue then falls back to `WebAssembly.instantiate` as before),
/// and `init(module)` / `initSync(module)` called the old way (they still work). Their English
/// sentences were 0.17 KB of the checker's gzipped glue. The arguments are string literals and
/// names; a call whose end cannot be found is left as it is.
fn without_console_warnings(js: &str) -> String {
    const CALL: &str = "console.warn(";
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(start) = rest.find(CALL) {
        out.push_str(&rest[..start]);
        let after = &rest[start + CALL.len()..];
        match call_end(after) {
            Some(end) => {
                let tail = &after[end..];
                rest = tail.strip_prefix(';').unwrap_or(tail);
            }
            None => {
                out.push_str(CALL);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the call whose arguments `args` starts with ends: just after its `)`, skipping
/// parentheses inside string literals ('…', "…", `…` without `${`).
fn call_end(args: &str) -> Option<usize> {
    let mut depth = 1usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in args.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '$' && q == '`' {
                return None;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// wasm-bindgen's invoke shim of every closure type some import could take, dropped unless the
/// glue calls it. Each `#[wasm_bindgen]` import (all of js-sys, every web-sys feature) comes with
/// a describe function that takes the address of the invoke shims of the closure types in its
/// signature, so the linker puts all of them into the function table (45 for the checker, with
/// `f32`, `i64`, … arguments no page passes). wasm-bindgen runs the describe functions and
/// deletes them, but a table entry is a root for its garbage collection, so the shims stayed,
/// with what they call (measured on the checker: 4.9 KB of wasm, 1 KB gzip). No code left takes
/// those addresses: the shims of the closures the module does create are exports the glue calls
/// by name, and they are kept. The others' table entries point at one function that traps.
/// Found by the shims' names (the name section is still there before `emit`); should wasm-bindgen
/// name them otherwise, nothing is dropped.
fn drop_unused_closure_shims(module: &mut walrus::Module) {
    use std::collections::HashSet;
    use walrus::{ElementItems, ExportItem, FunctionBuilder, FunctionId};

    let exported: HashSet<FunctionId> = module
        .exports
        .iter()
        .filter_map(|export| match export.item {
            ExportItem::Function(id) => Some(id),
            _ => None,
        })
        .collect();
    let unused: HashSet<FunctionId> = module
        .funcs
        .iter()
        .filter(|func| {
            func.name
                .as_deref()
                .is_some_and(|name| name.starts_with("wasm_bindgen::convert::closures::_::invoke"))
                && !exported.contains(&func.id())
        })
        .map(|func| func.id())
        .collect();
    if unused.is_empty() {
        return;
    }
    let mut trap = FunctionBuilder::new(&mut module.types, &[], &[]);
    trap.func_body().unreachable();
    let trap = trap.finish(Vec::new(), &mut module.funcs);
    for segment in module.elements.iter_mut() {
        if let ElementItems::Functions(functions) = &mut segment.items {
            for function in functions.iter_mut().filter(|f| unused.contains(f)) {
                *function = trap;
            }
        }
    }
    walrus::passes::gc::run(module);
}

/// The names by which the glue and the wasm call each other, shortened: wasm-bindgen names
/// every import after its function plus a hash (`__wbg_getElementById_3c6b…`) and its own
/// exports `__wbindgen_malloc`, `wasm_bindgen__convert__closures_____invoke__h…`, and each
/// name is written in both files. Shortened, both are smaller (measured on the checker: 2.3 KB
/// of gzipped wasm and 1.5 KB of gzipped glue). The crate's own exports (`checkEligibility`, …)
/// and `memory` keep their names. Returns the old name → new name of each, for the glue.
fn shorten_names(module: &mut walrus::Module) -> std::collections::HashMap<String, String> {
    let mut names = std::collections::HashMap::new();
    let mut next = 0usize;
    let mut short = |old: &mut String| {
        let new = names
            .entry(old.clone())
            .or_insert_with(|| {
                next += 1;
                short_name(next - 1)
            })
            .clone();
        *old = new;
    };
    for import in module.imports.iter_mut() {
        short(&mut import.name);
    }
    for export in module.exports.iter_mut() {
        if ["__wbindgen_", "__externref_", "wasm_bindgen__"]
            .iter()
            .any(|prefix| export.name.starts_with(prefix))
        {
            short(&mut export.name);
        }
    }
    names
}

/// The module every import of the wasm names (wasm-bindgen's `./<name>_bg.js`, written once
/// per import: 90 times in the checker), renamed to one letter here and in the glue's import
/// object (measured on the checker: 1.3 KB of wasm, 0.09 KB gzip).
const SHORT_IMPORT_MODULE: &str = "a";

fn shorten_import_module(module: &mut walrus::Module, from: &str) {
    for import in module.imports.iter_mut() {
        if import.module == from {
            import.module = SHORT_IMPORT_MODULE.to_string();
        }
    }
}

/// `$a` … `$Z`, `$ba` …: a valid JavaScript identifier that no wasm-bindgen name can be.
fn short_name(mut index: usize) -> String {
    const DIGITS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(DIGITS[index % DIGITS.len()]);
        index /= DIGITS.len();
        if index == 0 {
            break;
        }
    }
    name.push(b'$');
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// `js` with every identifier that `names` renames renamed (whole identifiers only).
fn rename_in_js(js: &str, names: &std::collections::HashMap<String, String>) -> String {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(start) = rest.find(is_ident) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        out.push_str(names.get(word).map_or(word, String::as_str));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The gzip-compressed size of each file of a compiled wasm crate (`name`: `checker`, `search`),
/// as `src/budgets.rs` measures a site's files (same flate2, same level), written to
/// `gzip_sizes.rs` for `src/assets.rs` (`CHECKER_JS_GZIP`, `CHECKER_WASM_GZIP`, …): the files
/// are part of the binary, so they are measured once here rather than by every build of a site
/// (compressing the wasm was most of the CPU time of building the real guide).
fn write_gzip_sizes(bindgen_out: &Path, name: &str) -> Result<(), String> {
    use std::io::Write;
    let mut code = String::new();
    let prefix = name.to_uppercase();
    for (constant, file) in [
        (format!("{prefix}_JS_GZIP"), format!("{name}.js")),
        (format!("{prefix}_WASM_GZIP"), format!("{name}_bg.wasm")),
    ] {
        let path = bindgen_out.join(&file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let compressed = encoder
            .write_all(&bytes)
            .and_then(|()| encoder.finish())
            .map_err(|e| format!("gzip {}: {e}", path.display()))?;
        code.push_str(&format!(
            "/// gzip-compressed size of `{file}` (measured by build.rs).\npub const {constant}: u64 = {};\n",
            compressed.len()
        ));
    }
    let path = bindgen_out.join("gzip_sizes.rs");
    std::fs::write(&path, code).map_err(|e| format!("{}: {e}", path.display()))
}

/// `SKIP_WASM_BUILD` set to anything but empty or `0`, and not a release build.
fn skip_requested() -> bool {
    let requested = std::env::var(SKIP_SWITCH).is_ok_and(|value| !value.is_empty() && value != "0");
    let release = std::env::var("PROFILE").is_ok_and(|profile| profile == "release");
    if requested && release {
        println!("cargo:warning={SKIP_SWITCH} is ignored in release builds: embedding the checker");
    }
    requested && !release
}

fn env_path(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{name} is not set (run through cargo)"))
}

/// The wasm target's standard library must be installed. rustup installs it from
/// `rust-toolchain.toml`; without rustup there is nothing to do but say which target is missing.
fn ensure_wasm_target() -> Result<(), String> {
    if wasm_std_installed() {
        return Ok(());
    }
    Err(format!(
        "the {WASM_TARGET} target is not installed; run `rustup target add {WASM_TARGET}` (or `rustup toolchain install`, which reads rust-toolchain.toml)"
    ))
}

fn wasm_std_installed() -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(output) = Command::new(rustc).args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_string();
    Path::new(&sysroot)
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .join("lib")
        .is_dir()
}
