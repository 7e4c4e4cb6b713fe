//! The crate version is one value everywhere a reader can cite it: `ncverify::VERSION`, the
//! manifest, `CITATION.cff`, `CHANGELOG.md` and every JSON report of the binary (`version` in
//! an object, `ncverify_version` in each row of an array).

use std::fs;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn version_constant_is_the_manifest_version() {
    assert_eq!(ncverify::VERSION, env!("CARGO_PKG_VERSION"));
    let manifest: toml::Value =
        toml::from_str(&fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    assert_eq!(
        manifest["package"]["version"].as_str(),
        Some(ncverify::VERSION)
    );
}

#[test]
fn citation_and_changelog_name_this_version_and_repository() {
    let cff = fs::read_to_string(root().join("CITATION.cff")).unwrap();
    assert!(cff.starts_with("cff-version: 1.2.0\n"));
    assert!(
        cff.lines()
            .any(|l| l == format!("version: {}", ncverify::VERSION)),
        "CITATION.cff names version {}",
        ncverify::VERSION
    );
    let manifest: toml::Value =
        toml::from_str(&fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let repository = manifest["package"]["repository"].as_str().unwrap();
    assert!(
        cff.lines()
            .any(|l| l == format!("repository-code: \"{repository}\"")),
        "CITATION.cff and Cargo.toml name the same repository {repository}"
    );
    let kernel: toml::Value = toml::from_str(
        &fs::read_to_string(root().join("crates/ncverify-kernel/Cargo.toml")).unwrap(),
    )
    .unwrap();
    assert_eq!(kernel["package"]["repository"].as_str(), Some(repository));
    for m in [&manifest, &kernel] {
        assert_eq!(m["package"]["license"].as_str(), Some("MIT OR Apache-2.0"));
        assert!(m["package"]["rust-version"].as_str().is_some());
    }
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        assert!(root().join(licence).is_file(), "{licence} exists");
    }
    let changelog = fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## [Unreleased]"));
    // the version's section is dated, and CITATION.cff's release date is that date
    let heading = format!("## [{}] - ", ncverify::VERSION);
    let date = changelog
        .lines()
        .find_map(|l| l.strip_prefix(heading.as_str()))
        .unwrap_or_else(|| panic!("CHANGELOG.md has a dated section `{heading}YYYY-MM-DD`"));
    let valid = date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    assert!(valid, "CHANGELOG.md: {heading}{date} is not YYYY-MM-DD");
    assert!(
        cff.lines()
            .any(|l| l == format!("date-released: \"{date}\"")),
        "CITATION.cff has date-released: \"{date}\" (the CHANGELOG date of {})",
        ncverify::VERSION
    );
}

/// The binary's JSON reports carry the version.
#[cfg(feature = "cli")]
mod json {
    use serde_json::Value;

    fn json(args: &[&str]) -> Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ncverify"))
            .args(args)
            .arg("--json")
            .output()
            .expect("binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}); stderr: {stderr}"))
    }

    fn assert_object_has_version(args: &[&str]) {
        let v = json(args);
        let object = v
            .as_object()
            .unwrap_or_else(|| panic!("{args:?}: an object"));
        assert_eq!(
            object.get("version").and_then(Value::as_str),
            Some(ncverify::VERSION),
            "{args:?}: `version` key"
        );
        assert!(
            object.len() > 1,
            "{args:?}: the report itself is still there"
        );
    }

    fn assert_rows_have_version(args: &[&str]) {
        let v = json(args);
        let rows = v.as_array().unwrap_or_else(|| panic!("{args:?}: an array"));
        assert!(!rows.is_empty());
        for row in rows {
            assert_eq!(
                row.get("ncverify_version").and_then(Value::as_str),
                Some(ncverify::VERSION),
                "{args:?}: `ncverify_version` in {row}"
            );
            assert!(row.get("version").is_none());
        }
    }

    #[test]
    fn check_stays_an_array_with_the_version_in_each_row() {
        let v = json(&["check", "--claim", "srg.conference_21_fails_integrality"]);
        let row = &v.as_array().expect("an array")[0];
        for key in [
            "id",
            "statement",
            "source",
            "method",
            "expected",
            "verdict",
            "evidence",
        ] {
            assert!(row.get(key).is_some(), "check row keeps {key}");
        }
        assert_rows_have_version(&["check", "--claim", "srg.conference_21_fails_integrality"]);
    }

    #[test]
    fn verify_rows_carry_the_version() {
        let dir = super::root().join("proofs/certificates");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let first = files[0].to_str().unwrap().to_owned();
        assert_rows_have_version(&["verify", &first]);
    }

    #[test]
    fn every_object_report_carries_the_version() {
        assert_object_has_version(&["srg", "10", "3", "0", "1"]);
        assert_object_has_version(&["depth", "--classes", "4"]);
        assert_object_has_version(&["code", "--dim", "2", "--classes", "5"]);
        assert_object_has_version(&[
            "mse",
            "--family",
            "dnc",
            "--classes",
            "6",
            "--layers",
            "3",
            "--lambda-w",
            "1e-3",
            "--lambda-h",
            "1e-3",
            "--samples",
            "1",
        ]);
        assert_object_has_version(&[
            "ce",
            "--family",
            "paired",
            "--classes",
            "4",
            "--layers",
            "3",
            "--lambda",
            "1e-3",
            "--samples",
            "1",
        ]);
        assert_object_has_version(&["train", "--steps", "5"]);
        let out =
            std::env::temp_dir().join(format!("ncverify-version-{}.toml", std::process::id()));
        assert_object_has_version(&[
            "certify",
            "mse",
            "--classes",
            "3",
            "--layers",
            "2",
            "--lambda-w",
            "1/100",
            "--lambda-h",
            "1/100",
            "--restarts",
            "1",
            "--out",
            out.to_str().unwrap(),
        ]);
        let _ = std::fs::remove_file(out);
    }

    #[test]
    fn version_flag_prints_the_version() {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ncverify"))
            .arg("--version")
            .output()
            .expect("binary runs");
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains(ncverify::VERSION));
    }
}
