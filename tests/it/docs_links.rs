//! The theory reference lives in the repository: every mention of it in sources, proof files,
//! benches, tests and the README names `docs/theory.md`, and every section (`§3.3`, `§3.2–3.3`)
//! or anchor (`#33-dnc-and-the-zero-threshold`) it cites is a heading there.

use std::fs;
use std::path::{Path, PathBuf};

/// The file name, spelt so that this test does not mention it bare itself.
const NAME: &str = concat!("theory", ".md");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Text files under the project's source, proof, bench, test and example trees, the
/// top-level documents, and `docs/`.
fn project_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    walk(&path, out);
                }
            } else if [".rs", ".md", ".toml", ".py", ".cff"]
                .iter()
                .any(|ext| name.ends_with(ext))
            {
                out.push(path);
            }
        }
    }
    let root = root();
    let mut out = Vec::new();
    for dir in [
        "src", "proofs", "benches", "crates", "tests", "examples", "docs", ".ci",
    ] {
        walk(&root.join(dir), &mut out);
    }
    for file in ["README.md", "CHANGELOG.md", "CITATION.cff", "Cargo.toml"] {
        let path = root.join(file);
        if path.is_file() {
            out.push(path);
        }
    }
    assert!(
        out.len() > 50,
        "expected the project's files, found {}",
        out.len()
    );
    out
}

/// The headings of `docs/theory.md`: (section number such as `3.3` or `3`, GitHub anchor).
fn headings() -> Vec<(String, String)> {
    let text = fs::read_to_string(root().join("docs").join(NAME)).expect("docs/theory.md exists");
    text.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let title = l.trim_start_matches('#').trim();
            let number = title
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('.')
                .to_string();
            (number, anchor(title))
        })
        .collect()
}

/// GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.
fn anchor(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A section number `N` or `N.M` at the start of `s`, and the rest.
fn section_number(s: &str) -> Option<(&str, &str)> {
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || (c == '.' && s[i + 1..].starts_with(|d: char| d.is_ascii_digit())))
        })
        .map_or(s.len(), |(i, _)| i);
    (end > 0).then(|| (&s[..end], &s[end..]))
}

/// Every cited section or anchor after each `docs/theory.md` in `text`: `(line, citation)`.
fn citations(text: &str) -> Vec<(usize, String)> {
    let needle = format!("docs/{NAME}");
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for (at, _) in line.match_indices(&needle) {
            let rest = &line[at + needle.len()..];
            if let Some(a) = rest.strip_prefix('#') {
                let a: String = a
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                    .collect();
                out.push((n + 1, format!("#{a}")));
            } else if let Some(s) = rest.trim_start().strip_prefix('§')
                && let Some((first, after)) = section_number(s)
            {
                out.push((n + 1, first.to_string()));
                // a range `§3.2–3.3`: its end must exist too
                if let Some(end) = after.strip_prefix(['–', '-'])
                    && let Some((last, _)) = section_number(end)
                {
                    out.push((n + 1, last.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_cited_section_and_anchor_is_a_heading() {
    let headings = headings();
    let mut cited = 0;
    let mut missing = Vec::new();
    for path in project_files() {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        for (line, c) in citations(&text) {
            cited += 1;
            let found = match c.strip_prefix('#') {
                Some(a) => headings.iter().any(|(_, h)| h == a),
                None => headings.iter().any(|(number, _)| *number == c),
            };
            if !found {
                missing.push(format!("{}:{line}: {c}", path.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "citations of docs/{NAME} with no such heading:\n{}",
        missing.join("\n")
    );
    assert!(
        cited >= 15,
        "expected the sources to cite sections, found {cited} citations"
    );
}

#[test]
fn no_file_outside_docs_names_the_theory_file_without_its_directory() {
    let docs = root().join("docs");
    let mut bare = Vec::new();
    for path in project_files() {
        if path.starts_with(&docs) {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for (at, _) in line.match_indices(NAME) {
                if !line[..at].ends_with("docs/") {
                    bare.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(bare.is_empty(), "write docs/{NAME}:\n{}", bare.join("\n"));
}

#[test]
fn sections_are_numbered_once_and_carry_markers() {
    let headings = headings();
    let numbers: Vec<&str> = headings
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(
        numbers.len() >= 20,
        "expected numbered sections: {numbers:?}"
    );
    for (i, a) in numbers.iter().enumerate() {
        assert!(
            !numbers[i + 1..].contains(a),
            "section {a} is numbered twice"
        );
    }
    let text = fs::read_to_string(root().join("docs").join(NAME)).unwrap();
    for marker in ["[paper]", "[reconstructed]", "[ncverify]", "[textbook]"] {
        assert!(
            text.contains(marker),
            "docs/{NAME} uses the marker {marker}"
        );
    }
    // the sources the code cites by arXiv id are all listed
    for id in [
        "2405.14468",
        "2410.23169",
        "1606.00668",
        "2008.08186",
        "2310.05351",
    ] {
        assert!(
            text.contains(&format!("arXiv:{id}")),
            "docs/{NAME} cites arXiv:{id}"
        );
    }
}

#[test]
fn the_checks_find_what_they_look_for() {
    // the scanner itself: a section, a range, an anchor, and a bare name
    let text = format!(
        "see docs/{NAME} §3.3 and docs/{NAME} §3.2–3.4; docs/{NAME}#33-dnc-and-the-zero-threshold"
    );
    let c: Vec<String> = citations(&text).into_iter().map(|(_, c)| c).collect();
    assert_eq!(c, ["3.3", "3.2", "3.4", "#33-dnc-and-the-zero-threshold"]);
    assert_eq!(
        anchor("3.3 DNC and the zero threshold"),
        "33-dnc-and-the-zero-threshold"
    );
    assert_eq!(
        anchor("7.3 Association schemes and the Bose–Mesner algebra"),
        "73-association-schemes-and-the-bosemesner-algebra"
    );
    assert_eq!(section_number("3. MSE"), Some(("3", ". MSE")));
    let headings = headings();
    assert!(
        headings
            .iter()
            .any(|(n, a)| n == "3.3" && a == "33-dnc-and-the-zero-threshold")
    );
    assert!(headings.iter().any(|(n, _)| n == "3"));
}
