//! `ncverify check` prints exactly what the library's renderers produce for the same run (the
//! README table test covers the full built-in table).

use ncverify::claims::{CheckConfig, find, report};
use std::process::Command;

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ncverify"))
        .arg("check")
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

#[test]
fn check_prints_the_library_table_and_json() {
    for id in [
        "mse.bchain_beats_dnc_at_three_layers",
        "ce.paired_dominates_dnc_k4_l2",
    ] {
        let reports = vec![find(id).expect("built-in").run(&CheckConfig::default())];
        let (code, table) = check(&["--claim", id]);
        assert_eq!(code, 0, "{id}: {table}");
        assert_eq!(table, report::to_markdown(&reports), "{id}");
        let (code, json) = check(&["--claim", id, "--json"]);
        assert_eq!(code, 0, "{id}: {json}");
        // The binary ends its output with a newline; `to_json` does not.
        assert_eq!(
            json,
            format!("{}\n", report::to_json(&reports).unwrap()),
            "{id}"
        );
    }
}

#[test]
fn check_names_an_unknown_claim() {
    let out = Command::new(env!("CARGO_BIN_EXE_ncverify"))
        .args(["check", "--claim", "no.such_claim"])
        .output()
        .expect("binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: invalid --claim: no claim with id \"no.such_claim\" (see `ncverify check`)\n"
    );
}
