//! The `ce` and `depth` subcommands through the binary: reference numbers of
//! docs/theory.md §4.2, JSON keys, and one-line errors for bad input.

use crate::common;
use common::ncverify;

fn ce_json(family: &str, k: &str, l: &str, lam: &str) -> serde_json::Value {
    let (code, out, err) = ncverify(&[
        "ce",
        "--family",
        family,
        "--classes",
        k,
        "--layers",
        l,
        "--lambda",
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
    let dnc = ce_json("dnc", "4", "3", "1e-3");
    let paired = ce_json("paired", "4", "3", "1/1000");
    for v in [&dnc, &paired] {
        for key in ["family", "classes", "layers", "loss", "scale"] {
            assert!(v.get(key).is_some(), "missing {key} in {v}");
        }
    }
    assert_eq!(dnc["family"], "dnc");
    assert_eq!(dnc["classes"], 4);
    assert_eq!(dnc["layers"], 3);
    assert!((dnc["loss"].as_f64().unwrap() - 0.0179748483).abs() < 1e-10);
    assert!((paired["loss"].as_f64().unwrap() - 0.0165951760).abs() < 1e-10);
    // odd K works and the paired optimum stays below DNC's in the domain of Theorem 1
    let dnc7 = ce_json("dnc", "7", "3", "1e-3");
    let paired7 = ce_json("paired", "7", "3", "1e-3");
    assert!(paired7["loss"].as_f64().unwrap() < dnc7["loss"].as_f64().unwrap());
}

#[test]
fn depth_reports_both_thresholds() {
    let (code, out, err) = ncverify(&["depth", "--classes", "4", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["classes"], 4);
    // docs/theory.md §5.2: K = 4 needs m >= 4 for the K-gon; paired also from m = 4 (L = 3)
    assert_eq!(v["nc_vs_kgon_depth"], 4);
    assert_eq!(v["nc_vs_paired_depth"], 4);
    let (code, out, _) = ncverify(&["depth", "--classes", "6"]);
    assert_eq!(code, 0);
    assert!(out.contains("m = 4") && out.contains("m = 3"), "{out}");
}

#[test]
fn bad_input_gives_one_line_naming_the_argument() {
    let ce = |fam: &str, k: &str, l: &str, lam: &str, n: &str| {
        vec![
            "ce".to_string(),
            "--family".into(),
            fam.into(),
            "--classes".into(),
            k.into(),
            "--layers".into(),
            l.into(),
            "--lambda".into(),
            lam.into(),
            "--samples".into(),
            n.into(),
        ]
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (ce("dnc", "1", "3", "1e-3", "1"), "--classes"),
        (ce("dnc", "-4", "3", "1e-3", "1"), "--classes"),
        (ce("dnc", "x", "3", "1e-3", "1"), "--classes"),
        (ce("dnc", "4", "0", "1e-3", "1"), "--layers"),
        (ce("dnc", "4", "3", "0", "1"), "--lambda"),
        (ce("dnc", "4", "3", "-1e-3", "1"), "--lambda"),
        (ce("dnc", "4", "3", "NaN", "1"), "--lambda"),
        (ce("dnc", "4", "3", "1/0", "1"), "--lambda"),
        (ce("dnc", "4", "3", "1e-3", "0"), "--samples"),
        (ce("etf", "4", "3", "1e-3", "1"), "--family"),
        (
            vec!["depth".into(), "--classes".into(), "3".into()],
            "--classes",
        ),
        (
            vec!["depth".into(), "--classes".into(), "abc".into()],
            "--classes",
        ),
    ];
    for (args, name) in cases {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = ncverify(&refs);
        assert_ne!(code, 0, "{args:?} should fail");
        assert!(out.is_empty(), "{args:?}: nothing on stdout, got {out}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.contains(name), "{args:?}: should name {name}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn code_prints_vectors_and_margin() {
    let (code, out, err) = ncverify(&["code", "--dim", "2", "--classes", "5", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["dim", "classes", "margin", "vectors"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    // regular pentagon: 1 - cos(2π/5)
    let want = 1.0 - (2.0 * std::f64::consts::PI / 5.0).cos();
    assert!((v["margin"].as_f64().unwrap() - want).abs() < 1e-9);
    let vectors = v["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 5);
    assert!(vectors.iter().all(|w| w.as_array().unwrap().len() == 2));
    // no closed form at D = 3, K = 8: the numerical solver answers
    let (code, out, err) = ncverify(&["code", "--dim", "3", "--classes", "8", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["construction"], "numerical");
    let m = v["margin"].as_f64().unwrap();
    assert!(m > 0.5 && m < 8.0 / 7.0, "{m}");
}

#[test]
fn code_bad_input_is_one_line() {
    for (args, name) in [
        (vec!["code", "--dim", "0", "--classes", "3"], "--dim"),
        (vec!["code", "--dim", "2", "--classes", "1"], "--classes"),
        (vec!["code", "--dim", "-2", "--classes", "3"], "--dim"),
        (vec!["code", "--dim", "2", "--classes", "1000"], "--classes"),
    ] {
        let (code, out, err) = ncverify(&args);
        assert_ne!(code, 0, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err:?}");
        assert!(err.contains(name), "{args:?}: {err}");
    }
}

/// `ce` at extreme λ: a correct finite result or exit 2 with one line naming `--lambda`,
/// never a panic or `NaN`.
#[test]
fn extreme_lambdas_give_finite_results_or_name_the_argument() {
    for family in ["dnc", "paired"] {
        // λ <= ~1e-18 used to panic (an empty scan grid); the basin is near α ≈ 45
        for lam in ["1e-18", "1e-30"] {
            let v = ce_json(family, "4", "3", lam);
            let loss = v["loss"].as_f64().unwrap();
            let scale = v["scale"].as_f64().unwrap();
            assert!(
                loss.is_finite() && loss > 0.0 && loss < 1e-12,
                "{family} {lam}: {v}"
            );
            assert!(scale > 30.0 && scale < 100.0, "{family} {lam}: {v}");
        }
        // huge λ used to print `loss NaN`: the minimum is log K at scale 0
        for lam in ["1e308", "1e400"] {
            let v = ce_json(family, "4", "3", lam);
            assert!(
                (v["loss"].as_f64().unwrap() - 4f64.ln()).abs() < 1e-12,
                "{v}"
            );
            assert_eq!(v["scale"].as_f64().unwrap(), 0.0);
            let (code, out, err) = ncverify(&[
                "ce",
                "--family",
                family,
                "--classes",
                "4",
                "--layers",
                "3",
                "--lambda",
                lam,
            ]);
            assert_eq!(code, 0, "{err}");
            assert!(
                !out.contains("NaN") && out.contains("loss  1.3862943611"),
                "{out}"
            );
        }
        // below what f64 resolves: exit 2, one line naming --lambda
        let (code, out, err) = ncverify(&[
            "ce",
            "--family",
            family,
            "--classes",
            "4",
            "--layers",
            "3",
            "--lambda",
            "1e-400",
        ]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
        assert!(
            err.contains("--lambda") && !err.contains("panicked"),
            "{err}"
        );
    }
}
