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
