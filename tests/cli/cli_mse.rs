//! The `mse` and `check` subcommands through the binary: reference numbers, JSON keys, and
//! one-line errors for bad input.

use crate::common;
use common::ncverify;

fn mse_json(family: &str, k: &str, l: &str, lam: &str) -> serde_json::Value {
    let (code, out, err) = ncverify(&[
        "mse",
        "--family",
        family,
        "--classes",
        k,
        "--layers",
        l,
        "--lambda-w",
        lam,
        "--lambda-h",
        lam,
        "--samples",
        "1",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON output")
}

#[test]
fn reference_numbers_reproduce_through_the_cli() {
    let srg = mse_json("srg", "6", "4", "1e-3");
    let dnc = mse_json("dnc", "6", "4", "1/1000");
    for key in [
        "family",
        "classes",
        "layers",
        "loss",
        "scale",
        "cost_constant",
    ] {
        assert!(srg.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(srg["family"], "srg");
    assert!((srg["loss"].as_f64().unwrap() - 0.0146335478).abs() < 5e-11);
    assert!((dnc["loss"].as_f64().unwrap() - 0.0149819348).abs() < 5e-11);
    assert_eq!(dnc["cost_constant"].as_f64().unwrap(), 6.0);
    // srg-best at K = 6, L = 4 is the T(4) chain itself
    let best = mse_json("srg-best", "6", "4", "0.001");
    assert!((best["loss"].as_f64().unwrap() - srg["loss"].as_f64().unwrap()).abs() < 1e-15);
    // srg-block at K = 10 beats DNC at L = 4
    let block = mse_json("srg-block", "10", "4", "1e-3");
    let dnc10 = mse_json("dnc", "10", "4", "1e-3");
    assert!(block["loss"].as_f64().unwrap() < dnc10["loss"].as_f64().unwrap());
}

#[test]
fn bad_input_gives_one_line_naming_the_argument() {
    let base = |k: &str, l: &str, lw: &str, lh: &str, n: &str, fam: &str| {
        vec![
            "mse".to_string(),
            "--family".into(),
            fam.into(),
            "--classes".into(),
            k.into(),
            "--layers".into(),
            l.into(),
            "--lambda-w".into(),
            lw.into(),
            "--lambda-h".into(),
            lh.into(),
            "--samples".into(),
            n.into(),
        ]
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (base("1", "4", "1e-3", "1e-3", "1", "dnc"), "--classes"),
        (base("6", "0", "1e-3", "1e-3", "1", "dnc"), "--layers"),
        (base("6", "4", "0", "1e-3", "1", "dnc"), "--lambda-w"),
        (base("6", "4", "1e-3", "-1", "1", "dnc"), "--lambda-h"),
        (base("6", "4", "NaN", "1e-3", "1", "dnc"), "--lambda-w"),
        (base("6", "4", "1e-3", "inf", "1", "dnc"), "--lambda-h"),
        (base("6", "4", "1/0", "1e-3", "1", "dnc"), "--lambda-w"),
        (base("6", "4", "abc", "1e-3", "1", "dnc"), "--lambda-w"),
        (base("7", "4", "1e-3", "1e-3", "1", "srg"), "--classes"),
        (
            base("5", "4", "1e-3", "1e-3", "1", "srg-block"),
            "--classes",
        ),
        (base("6", "1", "1e-3", "1e-3", "1", "srg"), "--layers"),
        (base("6", "4", "1e-3", "1e-3", "0", "dnc"), "--samples"),
        (base("x", "4", "1e-3", "1e-3", "1", "dnc"), "--classes"),
        (base("-3", "4", "1e-3", "1e-3", "1", "dnc"), "--classes"),
        (
            base("6", "4", "1e-3", "1e-3", "1", "tetrahedron"),
            "--family",
        ),
    ];
    for (args, name) in cases {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = ncverify(&refs);
        assert_ne!(code, 0, "{args:?} should fail");
        assert!(out.is_empty(), "{args:?}: nothing on stdout, got {out}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line, got {err:?}"
        );
        assert!(
            err.contains(name),
            "{args:?}: error should name {name}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn extreme_lambdas_stay_accurate() {
    // λ_H = 1e-400 is below f64's range: the loss is tiny (about 1e-81), not the zero solution.
    let (code, out, err) = ncverify(&[
        "mse",
        "--family",
        "dnc",
        "--classes",
        "6",
        "--layers",
        "4",
        "--lambda-w",
        "1e-3",
        "--lambda-h",
        "1e-400",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["dnc_optimum_is_zero"], false);
    let loss = v["loss"].as_f64().unwrap();
    assert!(loss > 0.0 && loss < 1e-70, "{loss}");
    assert!(v["scale"].as_f64().unwrap() > 0.999);
    // λ = 1e400 is above f64's range: the zero solution, loss 1/2.
    let (code, out, _) = ncverify(&[
        "mse",
        "--family",
        "dnc",
        "--classes",
        "6",
        "--layers",
        "4",
        "--lambda-w",
        "1e400",
        "--lambda-h",
        "1",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["dnc_optimum_is_zero"], true);
    assert_eq!(v["loss"].as_f64().unwrap(), 0.5);
}

#[test]
fn missing_argument_is_named_on_one_line() {
    let (code, _, err) = ncverify(&[
        "mse",
        "--family",
        "dnc",
        "--layers",
        "4",
        "--lambda-w",
        "1",
        "--lambda-h",
        "1",
    ]);
    assert_ne!(code, 0);
    assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
    assert!(err.contains("--classes"), "{err}");
}

#[test]
fn check_selects_a_claim_and_prints_json() {
    let (code, out, err) = ncverify(&[
        "check",
        "--claim",
        "mse.bchain_beats_dnc_at_three_layers",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &v.as_array().unwrap()[0];
    for key in [
        "id",
        "statement",
        "source",
        "method",
        "expected",
        "verdict",
        "evidence",
    ] {
        assert!(row.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(row["verdict"], "refuted");
    assert!(row["evidence"].as_str().unwrap().contains("r = 4"));
    let (code, _, err) = ncverify(&["check", "--claim", "no.such.claim"]);
    assert_ne!(code, 0);
    assert!(err.contains("--claim"));
}
