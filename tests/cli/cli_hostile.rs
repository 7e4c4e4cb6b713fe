//! Hostile and careless input to the CLI (issue 9): every case exits 2 with one line naming
//! the argument, or gives a correct result; nothing panics, aborts or prints NaN with exit 0.

use crate::common;
use common::ncverify;

fn assert_one_line_error(args: &[&str], needle: &str) {
    let (code, out, err) = ncverify(args);
    assert_eq!(code, 2, "{args:?}: exit {code}, stdout {out}, stderr {err}");
    let first = err.lines().next().unwrap_or("");
    assert!(first.contains(needle), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
}

#[test]
fn train_refuses_what_it_cannot_hold_before_allocating() {
    assert_one_line_error(&["train", "--classes", "1"], "--classes");
    assert_one_line_error(&["train", "--classes", "-1"], "--classes");
    assert_one_line_error(
        &["train", "--steps", "1", "--classes", "100000"],
        "--classes",
    );
    assert_one_line_error(
        &[
            "train",
            "--init",
            "hadamard",
            "--classes",
            "1048576",
            "--width",
            "1",
            "--layers",
            "1",
        ],
        "--classes",
    );
    assert_one_line_error(&["train", "--steps", "1000000000"], "--steps");
    assert_one_line_error(&["train", "--steps", "-5"], "--steps");
    // the init scale overflows the parameters: blame --init-scale, not --init-from
    assert_one_line_error(
        &["train", "--init-scale", "1e308", "--steps", "1"],
        "--init-scale",
    );
}

#[test]
fn a_diverging_run_is_reported_as_diverged_with_a_nonzero_exit() {
    let (code, out, _) = ncverify(&["train", "--lr", "1e10", "--steps", "50", "--json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diverged"], true);
    let (code, out, _) = ncverify(&["train", "--lr", "1e10", "--steps", "50"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("diverged:"), "{out}");
    // a sane run is not flagged
    let (code, out, _) = ncverify(&["train", "--steps", "20", "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diverged"], false);
}

/// Found by `tests/cli/fuzz_cli.rs`: at K = 2, L = 1, λ = 1e-300 the scale grid's decade count was
/// infinite and the grid size overflowed (a panic in debug builds).
#[test]
fn fuzz_regression_ce_tiny_lambda_two_classes() {
    for family in ["dnc", "paired"] {
        let (code, out, err) = ncverify(&[
            "ce",
            "--family",
            family,
            "--classes",
            "2",
            "--layers",
            "1",
            "--lambda",
            "1e-300",
            "--json",
        ]);
        assert_eq!(code, 0, "{family}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let loss = v["loss"].as_f64().expect("a finite loss");
        assert!(loss.is_finite() && loss >= 0.0, "{family}: {out}");
    }
}

/// Found by `tests/cli/fuzz_cli.rs`: `srg` and `train` echoed a 350-digit argument whole.
#[test]
fn fuzz_regression_long_values_are_not_echoed() {
    let long = "9".repeat(350);
    assert_one_line_error(&["srg", &long, "0", "0", "0"], "V");
    assert_one_line_error(&["train", "--lambda", &format!("x{long}")], "--lambda");
    for args in [
        vec!["srg", &long, "0", "0", "0"],
        vec!["train", "--lambda", &long],
    ] {
        let (_, _, err) = ncverify(&args);
        assert!(err.len() < 200, "{args:?}: {} bytes", err.len());
    }
}

/// A tiny λ is not "too large": the message says it has too many digits, and `phase` blames
/// its own `--lambda` flag.
#[test]
fn extreme_lambdas_are_named_and_described() {
    let (code, _, err) = ncverify(&[
        "mse",
        "--family",
        "srg",
        "--classes",
        "6",
        "--layers",
        "4",
        "--lambda-w",
        "1e-5000",
        "--lambda-h",
        "1e-3",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--lambda-w") && err.contains("too many digits") && !err.contains("too large"),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("ncverify-hostile-{}", std::process::id()));
    let (code, _, err) = ncverify(&[
        "phase",
        "mse",
        "--classes",
        "6..7",
        "--layers",
        "3..3",
        "--lambda",
        "1e-5000",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: invalid --lambda:"), "{err}");
}
