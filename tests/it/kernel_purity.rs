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
    let files = crate::common::rs_files_recursive(&kernel_dir().join("src"));
    assert!(files.len() >= 20, "expected the kernel's source files");
    for sub in ["arith", "mse", "ce", "srg", "cert", "geom"] {
        assert!(
            files
                .iter()
                .any(|p| p.parent().and_then(|d| d.file_name()) == Some(sub.as_ref())),
            "the kernel folder {sub}/ is walked"
        );
    }
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect()
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
    // the package that runs the kernel's unit tests (its sources, unoptimised): checked too
    for profile in ["dev", "test"] {
        let checks =
            value["profile"][profile]["package"]["ncverify-kernel-unit"]["overflow-checks"]
                .as_bool();
        assert_eq!(
            checks,
            Some(true),
            "profile.{profile}: kernel unit-test overflow checks"
        );
    }
}

/// `crates/ncverify-kernel-unit` compiles the kernel's own source tree (no code of its own)
/// with exactly the kernel's dependencies, and `cargo test` runs it.
#[test]
fn kernel_unit_tests_compile_the_kernel_sources() {
    let dir = kernel_dir().with_file_name("ncverify-kernel-unit");
    let unit: toml::Value =
        toml::from_str(&fs::read_to_string(dir.join("Cargo.toml")).unwrap()).unwrap();
    let kernel: toml::Value =
        toml::from_str(&fs::read_to_string(kernel_dir().join("Cargo.toml")).unwrap()).unwrap();
    assert_eq!(
        unit["lib"]["path"].as_str(),
        Some("../ncverify-kernel/src/lib.rs")
    );
    assert_eq!(unit["dependencies"], kernel["dependencies"]);
    assert!(unit.get("dev-dependencies").is_none() && unit.get("target").is_none());
    assert_eq!(kernel["lib"]["test"].as_bool(), Some(false));
    assert!(!dir.join("src").exists(), "no code of its own");
    let root: toml::Value = toml::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap(),
    )
    .unwrap();
    let default = root["workspace"]["default-members"].as_array().unwrap();
    assert!(
        default
            .iter()
            .any(|m| m.as_str() == Some("crates/ncverify-kernel-unit"))
    );
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

/// Statements of kernel code (comments removed) that replace a failure by a default value
/// while building an interval or enclosure: `unwrap_or`, `unwrap_or_else` or
/// `unwrap_or_default` in a statement that mentions an interval or an enclosure.
fn interval_fallbacks(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    code.split([';', '{', '}'])
        .filter(|stmt| stmt.contains(".unwrap_or"))
        .filter(|stmt| {
            let lower = stmt.to_lowercase();
            ["interval", "enclos", "point(", "di::", "bracket"]
                .iter()
                .any(|w| lower.contains(w))
        })
        .map(|stmt| stmt.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn kernel_never_replaces_a_failed_enclosure_by_a_default() {
    for (path, text) in kernel_sources() {
        let found = interval_fallbacks(&text);
        assert!(
            found.is_empty(),
            "{}: an interval built with a default in place of an error: {found:?}",
            path.display()
        );
    }
}

#[test]
fn the_fallback_detector_sees_the_patterns_it_forbids() {
    // negative controls: the three shapes the kernel once had
    for bad in [
        "let iv = QInterval::new(lo.clone(), hi).unwrap_or_else(|_| QInterval::point(lo));",
        "x = QInterval::new(Q::zero(), half.clone())\n    .unwrap_or(QInterval::point(half));",
        "Ok(enclosure.intersect(&unit).unwrap_or(unit))",
    ] {
        let text = format!("fn f() {{\n    {bad}\n}}\n");
        assert_eq!(interval_fallbacks(&text).len(), 1, "{bad}");
    }
    assert!(interval_fallbacks("let q = digits.next().unwrap_or(0);").is_empty());
}
