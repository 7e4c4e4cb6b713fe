//! The trusted kernel is its own crate (`crates/ncverify-kernel`), so the compiler keeps it from
//! seeing the rest of ncverify. These tests pin down what the compiler cannot: which crates it
//! may depend on, that its sources contain no floating point and no `unsafe`, and that only
//! the kernel constructs kernel facts.

use std::fs;
use std::path::{Path, PathBuf};

fn kernel_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/ncverify-kernel")
}

fn kernel_sources() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(kernel_dir().join("src")).expect("kernel sources exist") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("rs") {
            let text = fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    assert!(out.len() >= 5, "expected the kernel's source files");
    out
}

#[test]
fn kernel_depends_only_on_num_crates_and_its_parser() {
    let manifest = fs::read_to_string(kernel_dir().join("Cargo.toml")).unwrap();
    let value: toml::Value = toml::from_str(&manifest).unwrap();
    let allowed = [
        "num-bigint",
        "num-integer",
        "num-rational",
        "num-traits",
        "serde",
        "toml",
    ];
    for table in ["dependencies", "build-dependencies", "dev-dependencies"] {
        if let Some(deps) = value.get(table).and_then(toml::Value::as_table) {
            for name in deps.keys() {
                assert!(
                    allowed.contains(&name.as_str()),
                    "kernel {table} may only name {allowed:?}, found `{name}`"
                );
            }
        }
    }
    assert!(
        value.get("target").is_none(),
        "no target-specific dependencies"
    );
}

#[test]
fn kernel_sources_use_no_floats_and_no_unsafe() {
    let float_words = ["f32", "f64", "powf", "from_float", "Float", "FromPrimitive"];
    for (path, text) in kernel_sources() {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in float_words {
                assert!(
                    !code.contains(word),
                    "{}:{}: kernel code mentions `{word}`: {line}",
                    path.display(),
                    n + 1
                );
            }
            assert!(
                !code
                    .replace("#![forbid(unsafe_code)]", "")
                    .contains("unsafe"),
                "{}:{}: kernel code uses unsafe",
                path.display(),
                n + 1
            );
        }
    }
    let lib = fs::read_to_string(kernel_dir().join("src/lib.rs")).unwrap();
    assert!(lib.contains("#![forbid(unsafe_code)]"));
}

#[test]
fn kernel_is_built_with_overflow_checks_in_every_profile() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let value: toml::Value = toml::from_str(&manifest).unwrap();
    for profile in ["dev", "release"] {
        let checks =
            value["profile"][profile]["package"]["ncverify-kernel"]["overflow-checks"].as_bool();
        assert_eq!(
            checks,
            Some(true),
            "profile.{profile}: kernel overflow checks"
        );
    }
    // `test` inherits from `dev`, `bench` from `release`: neither may switch them off
    for profile in ["test", "bench"] {
        let checks = value
            .get("profile")
            .and_then(|p| p.get(profile))
            .and_then(|p| p.get("package"))
            .and_then(|p| p.get("ncverify-kernel"))
            .and_then(|p| p.get("overflow-checks"));
        assert!(checks.is_none_or(|c| c.as_bool() == Some(true)));
    }
}

#[test]
fn facts_are_made_only_in_the_kernel() {
    // `Fact::new` is `pub(crate)`; the compiler already refuses it outside the kernel. This
    // test keeps anyone from adding a public constructor under another name.
    let fact = fs::read_to_string(kernel_dir().join("src/fact.rs")).unwrap();
    assert!(fact.contains("pub(crate) fn new("));
    assert!(
        fact.contains("pub struct Fact {\n    statements: Vec<String>,\n}"),
        "Fact's field stays private"
    );
    for line in fact
        .lines()
        .filter(|l| l.contains("-> Fact") || l.contains("-> Self"))
    {
        assert!(
            !line.trim_start().starts_with("pub fn new")
                && !line.contains("pub fn from_")
                && !line.contains("impl From"),
            "public constructor of Fact: {line}"
        );
    }
}
