//! `proofs/TRUST.md` says exactly what a reader must trust. This test keeps it current: every
//! kernel source file is listed once with its current line counts, and every `proof` or
//! `certificate` claim of the registry is named in it (with the reductions it relies on).

use ncverify::claims::{Method, registry};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (all lines, lines before the first `#[cfg(test)]`) of a source file.
fn counts(text: &str) -> (usize, usize) {
    let all = text.lines().count();
    let code = text
        .lines()
        .position(|l| l.trim_start().starts_with("#[cfg(test)]"))
        .unwrap_or(all);
    (all, code)
}

/// Rows `| `path` | all | code | ... |` of the kernel table.
fn table_rows(trust: &str) -> BTreeMap<String, (usize, usize)> {
    let mut rows = BTreeMap::new();
    for line in trust.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 5 {
            continue;
        }
        let Some(path) = cells[1]
            .strip_prefix('`')
            .and_then(|p| p.strip_suffix('`'))
            .filter(|p| p.starts_with("crates/ncverify-kernel/"))
        else {
            continue;
        };
        let (Ok(all), Ok(code)) = (cells[2].parse(), cells[3].parse()) else {
            continue;
        };
        assert!(
            rows.insert(path.to_string(), (all, code)).is_none(),
            "{path} listed twice"
        );
    }
    rows
}

#[test]
fn trust_lists_every_kernel_file_with_current_line_counts() {
    let trust = fs::read_to_string(root().join("proofs/TRUST.md")).expect("proofs/TRUST.md");
    let rows = table_rows(&trust);
    let dir = root().join("crates/ncverify-kernel/src");
    let files = crate::common::rs_files_recursive(&dir);
    assert!(
        files
            .iter()
            .any(|p| p.components().count() > dir.components().count() + 1),
        "the kernel's subject folders are walked"
    );
    let mut total = (0, 0);
    for path in &files {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let now = counts(&fs::read_to_string(path).unwrap());
        let listed = rows
            .get(&rel)
            .unwrap_or_else(|| panic!("proofs/TRUST.md does not list {rel}"));
        assert_eq!(
            *listed, now,
            "proofs/TRUST.md: {rel} has (lines, lines outside tests) = {now:?}"
        );
        total = (total.0 + now.0, total.1 + now.1);
    }
    assert_eq!(
        rows.len(),
        files.len(),
        "TRUST.md lists a kernel file that does not exist"
    );
    let total_line = format!("| total | {} | {} |", total.0, total.1);
    assert!(
        trust.contains(&total_line),
        "proofs/TRUST.md must contain the row `{total_line}`"
    );
}

#[test]
fn trust_names_every_proof_and_certificate_claim() {
    let trust = fs::read_to_string(root().join("proofs/TRUST.md")).unwrap();
    for c in registry() {
        if matches!(c.meta.method, Method::Proof | Method::Certificate) {
            assert!(
                trust.contains(&format!("`{}`", c.meta.id)),
                "proofs/TRUST.md does not name {}",
                c.meta.id
            );
        }
    }
}

/// The kernel file (relative to `crates/ncverify-kernel/src`) that holds module `path`
/// (`a::b::c` is `a/b/c.rs`, `a/b/c/mod.rs`, or the longest prefix that is a file).
fn module_file(src: &Path, path: &[&str]) -> Option<String> {
    (1..=path.len()).rev().find_map(|n| {
        let stem = path[..n].join("/");
        [format!("{stem}.rs"), format!("{stem}/mod.rs")]
            .into_iter()
            .find(|f| src.join(f).is_file())
    })
}

/// Kernel files named by `crate::…` paths in the non-test part of `file` (including the
/// braces of `use crate::{a::b, c}`), and the root re-exports `crate::Fact`, `crate::QMatrix`, ….
fn kernel_deps(src: &Path, file: &str) -> Vec<String> {
    let text = fs::read_to_string(src.join(file)).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let reexports = [
        ("Fact", "fact.rs"),
        ("QMatrix", "arith/matrix.rs"),
        ("QPoly", "arith/poly.rs"),
        ("Quadratic", "arith/quadratic.rs"),
        ("Q", "arith/rational.rs"),
        ("Z", "arith/rational.rs"),
    ];
    let mut out = Vec::new();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let mut paths = Vec::new();
        if let Some(inner) = rest.strip_prefix('{') {
            let inner = &inner[..inner.find('}').unwrap_or(0)];
            paths.extend(inner.split(',').map(str::trim).map(str::to_string));
        } else {
            paths.push(rest[..rest.find(|c| !ident(c)).unwrap_or(rest.len())].to_string());
        }
        for p in paths {
            let parts: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
            let Some(first) = parts.first() else { continue };
            if let Some((_, f)) = reexports.iter().find(|(n, _)| n == first) {
                out.push(f.to_string());
            } else if let Some(f) = module_file(src, &parts) {
                out.push(f);
            }
        }
    }
    out
}

/// `TRUST.md`'s section "What each kind of verdict rests on" lists, for each kind, the closure
/// of its entry points under `crate::…` references: recompute it and compare, so the list
/// cannot fall behind the code.
#[test]
fn trust_lists_the_files_each_kind_of_verdict_rests_on() {
    let trust = fs::read_to_string(root().join("proofs/TRUST.md")).unwrap();
    let src = root().join("crates/ncverify-kernel/src");
    let section = trust
        .split("## What each kind of verdict rests on")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("TRUST.md has the section \"What each kind of verdict rests on\"");
    let mut kinds = 0;
    for line in section.lines().filter(|l| l.starts_with("- ")) {
        let (_, list) = line
            .rsplit_once("): ")
            .unwrap_or_else(|| panic!("a kind of verdict without its file list: {line}"));
        let listed: std::collections::BTreeSet<String> = list
            .trim_end_matches('.')
            .split(", ")
            .map(|f| f.trim_matches('`').to_string())
            .collect();
        // the entry points are the listed files that no other listed file reaches
        let mut closure = std::collections::BTreeSet::new();
        let mut stack: Vec<String> = listed.iter().cloned().collect();
        while let Some(f) = stack.pop() {
            assert!(
                src.join(&f).is_file(),
                "TRUST.md lists {f}, which does not exist"
            );
            if closure.insert(f.clone()) {
                stack.extend(kernel_deps(&src, &f));
            }
        }
        assert_eq!(
            closure, listed,
            "TRUST.md: the files reachable from this kind's list differ from the list: {line}"
        );
        for always in ["lib.rs", "fact.rs"] {
            assert!(
                listed.contains(always),
                "{always} belongs to every kind: {line}"
            );
        }
        kinds += 1;
    }
    assert!(kinds >= 7, "TRUST.md lists {kinds} kinds of verdict");
}
