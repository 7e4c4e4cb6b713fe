//! The `verify`, `certify` and `phase` subcommands through the binary: exit codes, JSON keys,
//! one-line errors naming the bad argument.

use crate::common;
use common::ncverify;

fn cert_path(name: &str) -> String {
    format!(
        "{}/proofs/certificates/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ncverify-cli-cert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn assert_one_line_error(args: &[&str], needle: &str) {
    let (code, _, err) = ncverify(args);
    assert_ne!(code, 0, "{args:?} should fail");
    assert_eq!(err.trim().lines().count(), 1, "one line expected: {err}");
    assert!(
        err.contains(needle),
        "{args:?}: {err:?} should name {needle}"
    );
}

#[test]
fn verify_accepts_committed_certificates_with_json() {
    let a = cert_path("k10_l3_n1_lw1-250_lh1-250");
    let b = cert_path("k15_l3_n1_lw1-250_lh1-250");
    let (code, out, err) = ncverify(&["verify", &a, &b, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        assert_eq!(r["valid"], true);
        assert!(r["upper"].as_str().unwrap().contains('/'));
        assert!(r["lower"].as_str().unwrap().contains('/'));
    }
}

#[test]
fn verify_rejects_a_tampered_file_and_says_why() {
    // n = 5: a committed point certificate
    let text = std::fs::read_to_string(cert_path("k10_l3_n5_lw1-250_lh1-250")).unwrap();
    let bad = text.replacen("lambda_w = \"1/250\"", "lambda_w = \"1/251\"", 1);
    assert_ne!(bad, text);
    let path = tmp("tampered.toml");
    std::fs::write(&path, bad).unwrap();
    let good = cert_path("k10_l3_n1_lw1-250_lh1-250");
    let (code, out, _) = ncverify(&["verify", &good, path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("INVALID") && out.contains("bounds.upper"),
        "{out}"
    );
    let (code, out, _) = ncverify(&["verify", "/nonexistent/x.toml"]);
    assert_eq!(code, 1);
    assert!(out.contains("cannot read"));
}

#[test]
fn certify_bad_input_names_the_argument() {
    let base = [
        "certify",
        "mse",
        "--classes",
        "10",
        "--layers",
        "3",
        "--lambda-w",
        "1/250",
        "--lambda-h",
        "1/250",
    ];
    let with = |i: usize, v: &'static str| {
        let mut a: Vec<&str> = base.to_vec();
        a[i] = v;
        a
    };
    assert_one_line_error(&with(3, "1"), "--classes");
    assert_one_line_error(&with(5, "0"), "--layers");
    assert_one_line_error(&with(7, "-1/250"), "--lambda-w");
    assert_one_line_error(&with(9, "abc"), "--lambda-h");
    let mut a = base.to_vec();
    a.extend(["--samples", "0"]);
    assert_one_line_error(&a, "--samples");
    let mut a = base.to_vec();
    a.extend(["--restarts", "0"]);
    assert_one_line_error(&a, "--restarts");
    // issue 9: a billion samples aborted on an 800 GB allocation
    let mut a = base.to_vec();
    a.extend(["--samples", "1000000000"]);
    assert_one_line_error(&a, "--samples");
    let mut a = base.to_vec();
    a.extend(["--restarts", "18446744073709551615"]);
    assert_one_line_error(&a, "--restarts");
    let mut a = base.to_vec();
    a.extend(["--out", ""]);
    assert_one_line_error(&a, "--out");
    // a huge value is not echoed whole
    let long = format!("1/{}", "x".repeat(100_000));
    let (code, _, err) = ncverify(&with(7, Box::leak(long.into_boxed_str())));
    assert_eq!(code, 2);
    assert!(
        err.len() < 300 && err.contains("--lambda-w"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert_one_line_error(&["verify"], "FILE");
}

#[test]
fn certify_small_case_reports_json_keys() {
    // K = 3, L = 2: tiny and fast; whatever the verdict, the keys are there.
    let out_file = tmp("k3.toml");
    let (code, out, err) = ncverify(&[
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
        out_file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let verdict = v["verdict"].as_str().unwrap();
    assert!(verdict == "dnc_not_optimal" || verdict == "undecided");
    for key in ["upper", "lower", "certificate", "ratio"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    if verdict == "undecided" {
        assert!(v["certificate"].is_null());
    }
}

/// `--reduced` adds the reduced two-layer search (`search::reduced`); at K = 3, L = 2 its best
/// point is an explicit model at DNC's loss (issue 20: nothing below DNC there).
#[test]
fn certify_reduced_search_reaches_dnc_at_three_classes() {
    let out_file = tmp("k3-reduced.toml");
    let (code, out, err) = ncverify(&[
        "certify",
        "mse",
        "--classes",
        "3",
        "--layers",
        "2",
        "--lambda-w",
        "1/1000",
        "--lambda-h",
        "1/1000",
        "--restarts",
        "2",
        "--reduced",
        "--out",
        out_file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ratio = v["ratio"].as_f64().unwrap();
    assert!((ratio - 1.0).abs() < 1e-9, "best/DNC = {ratio}");
}

#[test]
fn phase_bad_input_names_the_argument() {
    let dir = tmp("phase");
    let d = dir.to_str().unwrap();
    let run = |k: &'static str, l: &'static str, lam: &'static str| {
        vec![
            "phase",
            "mse",
            "--classes",
            k,
            "--layers",
            l,
            "--lambda",
            lam,
            "--out",
            d,
        ]
    };
    assert_one_line_error(&run("5..", "3..3", "1/100"), "--classes");
    assert_one_line_error(&run("x", "3..3", "1/100"), "--classes");
    assert_one_line_error(&run("9..5", "3..3", "1/100"), "--classes");
    assert_one_line_error(&run("1..3", "3..3", "1/100"), "--classes");
    assert_one_line_error(&run("3..4", "0..2", "1/100"), "--layers");
    assert_one_line_error(&run("3..4", "2..3", "0"), "--lambda");
    // issue 9: a billion samples aborted on a 288 GB allocation; an empty --out wrote to /
    let mut a = run("3..4", "2..3", "1/100");
    a.extend(["--samples", "1000000000"]);
    assert_one_line_error(&a, "--samples");
    let mut a = run("3..4", "2..3", "1/100");
    a[9] = "";
    assert_one_line_error(&a, "--out");
}

#[test]
fn phase_writes_csv_and_svg_on_a_tiny_grid() {
    let dir = tmp("phase-ok");
    let (code, _, err) = ncverify(&[
        "phase",
        "mse",
        "--classes",
        "2..3",
        "--layers",
        "1..2",
        "--lambda",
        "1/100",
        "--restarts",
        "1",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(dir.join("phase.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(csv.starts_with("classes,layers,samples,lambda,"), "{csv}");
    let svg = std::fs::read_to_string(dir.join("phase.svg")).unwrap();
    for text in [
        "K (classes)",
        "L (layers)",
        "λ_W = λ_H = 1/100",
        "DNC optimum is zero",
    ] {
        assert!(svg.contains(text), "{text} missing");
    }
}

/// `phase` with `--lambda`: the CSV rows of a run, as (K, L, status, source, ratio, upper).
fn phase_rows(args: &[&str], name: &str) -> Vec<Vec<String>> {
    let dir = tmp(name);
    let mut all = vec!["phase", "mse"];
    all.extend(args);
    all.extend(["--out", dir.to_str().unwrap()]);
    let (code, out, err) = ncverify(&all);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(" cells: "), "{out}");
    let csv = std::fs::read_to_string(dir.join("phase.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "classes",
            "layers",
            "samples",
            "lambda",
            "lambda_f64",
            "dnc_loss",
            "dnc_zero",
            "status",
            "source",
            "ratio",
            "upper",
            "lower"
        ]
    );
    lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn toml_value(text: &str, key: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap();
    line.split('"').nth(1).unwrap().to_string()
}

/// Issue 11: a committed certificate is reused, not contradicted by a fresh search: with a
/// search (one restart) or without, the K = 15, L = 2, λ = 1/50 cell shows the committed
/// certificate's exact bounds and its ratio; the neighbour K = 16 does not borrow it. (At
/// L = 3 every K >= 10 is proved by the Kneser chain, which outranks certificates.)
#[test]
fn phase_reuses_the_committed_certificate() {
    // a committed point certificate at L = 2, where no construction is known
    let text = std::fs::read_to_string(cert_path("k15_l2_n1_lw1-50_lh1-50")).unwrap();
    let (upper, lower) = (toml_value(&text, "upper"), toml_value(&text, "lower"));
    let ratio = |q: &str| {
        let (a, b) = q.split_once('/').unwrap();
        a.parse::<f64>().unwrap() / b.parse::<f64>().unwrap()
    };
    for (extra, name) in [
        (&["--no-search"][..], "phase-known"),
        (&["--restarts", "1"][..], "phase-known-search"),
    ] {
        let mut args = vec!["--classes", "15..16", "--layers", "2", "--lambda", "1/50"];
        args.extend(extra);
        let rows = phase_rows(&args, name);
        assert_eq!(rows.len(), 2);
        let r = &rows[0];
        assert_eq!((&r[0][..], &r[1][..], &r[3][..]), ("15", "2", "1/50"));
        assert_eq!(r[7], "committed", "{r:?}");
        assert_eq!(r[8], "proofs/certificates/k15_l2_n1_lw1-50_lh1-50.toml");
        assert_eq!((&r[10], &r[11]), (&upper, &lower));
        // the ratio is the certificate's witness loss over DNC's loss (f64 illustration)
        let shown: f64 = r[9].parse().unwrap();
        let dnc: f64 = r[5].parse().unwrap();
        assert!((shown - ratio(&upper) / dnc).abs() < 1e-7, "{shown}");
        assert!(shown < ratio(&lower) / dnc);
        assert_ne!(rows[1][8], r[8]);
    }
}

/// Issue 11: above DNC's exact zero threshold a cell is `zero` (at L = 3, n = 1 the threshold is
/// K^4 λ^4 = 4/729: λ_zero(6) ≈ 0.0454); proved constructions settle K ≥ 84, L = 3
/// (the J(9,3) chain) and K ≥ 6, L ≥ 4 (the T(4) block) outside the optimality map, the map's
/// chains settle K = 9, L = 3, and nothing is claimed above the threshold.
#[test]
fn phase_marks_zero_and_proved_cells() {
    let rows = phase_rows(
        &[
            "--classes",
            "6..6",
            "--layers",
            "3..4",
            "--lambda",
            "1/10",
            "--no-search",
        ],
        "phase-zero",
    );
    assert!(
        rows.iter().all(|r| r[6] == "true" && r[7] == "zero"),
        "{rows:?}"
    );
    let rows = phase_rows(
        &[
            "--classes",
            "84..84",
            "--layers",
            "3..4",
            "--lambda",
            "1/1000",
            "--no-search",
        ],
        "phase-proved",
    );
    assert_eq!(rows[0][7], "proved");
    assert!(
        rows[0][8].contains("mse.kneser_chain_beats_dnc_at_three_layers")
            || rows[0][8].contains("mse.johnson_chain_beats_dnc_at_three_layers"),
        "{:?}",
        rows[0]
    );
    assert_eq!(rows[1][7], "proved");
    assert!(
        rows[1][8].contains("mse.low_rank_beats_dnc"),
        "{:?}",
        rows[1]
    );
    for r in &rows {
        assert!(r[9].parse::<f64>().unwrap() < 1.0);
    }
    let rows = phase_rows(
        &[
            "--classes",
            "9..9",
            "--layers",
            "3",
            "--lambda",
            "1/1000",
            "--no-search",
        ],
        "phase-9",
    );
    // K = 9, L = 3: the committed explicit chain, through the optimality map
    assert_eq!(rows[0][7], "proved", "{:?}", rows[0]);
    assert!(
        rows[0][8].contains("mse.dnc_optimality_map"),
        "{:?}",
        rows[0]
    );
}

/// The (K, λ) map: log-spaced λ plus the committed certificates' λ in their own K's column.
#[test]
fn phase_klambda_map_adds_certificate_lambdas() {
    let dir = tmp("phase-klambda");
    let (code, _, err) = ncverify(&[
        "phase",
        "mse",
        "--classes",
        "9..10",
        "--layers",
        "3",
        "--lambda-range",
        "1/1000..1/100",
        "--lambda-steps",
        "3",
        "--no-search",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(dir.join("phase.csv")).unwrap();
    // K = 9: the grid only (no point certificate at K = 9, L = 3); every cell is proved by
    // the committed explicit chain, through the optimality map
    let k9: Vec<&str> = csv.lines().filter(|l| l.starts_with("9,")).collect();
    assert_eq!(k9.len(), 3, "{csv}");
    assert!(
        k9.iter()
            .all(|l| l.contains(",proved,") && l.contains("mse.dnc_optimality_map")),
        "{csv}"
    );
    let at = |lam: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("10,3,1,{lam},")))
            .unwrap_or_else(|| panic!("no K = 10 row at {lam}: {csv}"))
            .to_string()
    };
    // K = 10 at L = 3: proved for every λ below the zero threshold (the optimality map's chain
    // at exactly K = 10, L = 3; the source shown is the best proved ratio, the Kneser
    // chain's), which outranks the committed certificates at 1/250 and 1/125 (their λ are
    // still added)
    for lam in ["1/1000", "1/250", "1/125", "1/100"] {
        assert!(
            at(lam).contains(",proved,") && at(lam).contains("kneser"),
            "{}",
            at(lam)
        );
    }
    let svg = std::fs::read_to_string(dir.join("phase.svg")).unwrap();
    for text in ["log scale", "DNC zero threshold", "K (classes)", "L = 3"] {
        assert!(svg.contains(text), "{text} missing");
    }
    // one λ map needs one L
    assert_one_line_error(
        &[
            "phase",
            "mse",
            "--classes",
            "10..11",
            "--layers",
            "3..4",
            "--lambda-range",
            "1/1000..1/100",
            "--out",
            dir.to_str().unwrap(),
        ],
        "--layers",
    );
}

/// The forged certificates of issue 8 (`tests/fixtures/forged/`): K n wraps modulo 2^64, so a
/// verifier multiplying in unchecked `usize` would divide the fit by a wrong N. Each must be
/// rejected with a located error (`.ci/run` repeats this against the release binary).
#[test]
fn verify_rejects_forged_certificates_with_wrapping_sizes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forged");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let (code, out, err) = ncverify(&["verify", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{}: {out}{err}", path.display());
        assert!(
            out.contains("INVALID: params.samples: N = K n overflows"),
            "{}: {out}",
            path.display()
        );
        assert!(!out.contains("valid ("), "{out}");
        seen += 1;
    }
    assert_eq!(seen, 3);
}

/// `verify` does not vouch for a certificate's label: a valid K = 10, L = 3 certificate
/// relabelled as another claim is reported valid only at its own parameters.
#[test]
fn verify_reports_whether_the_label_lists_the_point() {
    let good = cert_path("k10_l3_n1_lw1-250_lh1-250");
    let text = std::fs::read_to_string(&good).unwrap();
    let relabelled = text.replacen(
        "claim = \"mse.dnc_not_optimal_k10_l3\"",
        "claim = \"etf.gram_and_margin\"",
        1,
    );
    assert_ne!(relabelled, text);
    let path = tmp("relabelled.toml");
    std::fs::write(&path, relabelled).unwrap();
    let (code, out, _) = ncverify(&["verify", &good, path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{out}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["label"], "listed");
    assert_eq!(rows[1]["label"], "unlisted");
    let (_, out, _) = ncverify(&["verify", path.to_str().unwrap()]);
    assert!(
        out.contains("valid at its own parameters")
            && out.contains("\"etf.gram_and_margin\" is not a registered claim listing this point"),
        "{out}"
    );
}

#[test]
fn verify_accepts_interval_certificates_and_says_what_they_cover() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/proofs/certificates/interval/k10_l3_n1_r1.toml"
    );
    let (code, out, _) = ncverify(&["verify", file]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("valid interval certificate")
            && out.contains("every lambda_H in [1/1000000, ")
            && out.contains("K = 10, L = 3, n = 1")
            && out.contains("(mse.dnc_not_optimal_coverage)"),
        "{out}"
    );
    let (code, out, _) = ncverify(&["verify", "--json", file]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"kind\": \"interval\"") && out.contains("\"lambda_min\": \"1/1000000\""),
        "{out}"
    );
    // a tampered interval file is INVALID with a located reason
    let text = std::fs::read_to_string(file).unwrap();
    let bad = text.replacen("lambda_min = \"1/1000000\"", "lambda_min = \"1/999999\"", 1);
    let dir = std::env::temp_dir().join(format!("ncverify-interval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(&path, bad).unwrap();
    let (code, out, _) = ncverify(&["verify", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("INVALID: pieces[0].lambda_a"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn certify_lambda_range_bad_input_names_the_argument() {
    let base = [
        "certify",
        "mse",
        "--classes",
        "10",
        "--layers",
        "3",
        "--lambda-range",
        "1/1000..1/40",
    ];
    let with = |i: usize, v: &'static str| {
        let mut a: Vec<&str> = base.to_vec();
        a[i] = v;
        a
    };
    assert_one_line_error(&with(7, "1/40..1/1000"), "--lambda-range");
    assert_one_line_error(&with(7, "0..1/40"), "--lambda-range");
    assert_one_line_error(&with(7, "1/40"), "--lambda-range");
    let mut a = base.to_vec();
    a.extend(["--ratio", "-1"]);
    assert_one_line_error(&a, "--ratio");
}

#[test]
fn verify_accepts_lower_bound_certificates_and_refuses_tampered_ones() {
    let point = cert_path("lower/k2_l2_n1_lw1-100_lh1-100");
    let range = cert_path("lower/k2_l2_n1_r1_1-1000_1-10");
    let zero = cert_path("lower/k2_l2_n1_r1_1-4_1");
    let (code, out, _) = ncverify(&["verify", &point, &range, &zero]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "valid lower-bound certificate: DNC is a global minimiser for lambda_H = 1/100"
        ) && out.contains("every lambda_H in [1/1000, 1/10] at K = 2, L = 2, n = 1")
            && out.contains("optimum the zero solution")
            && out.contains("(mse.dnc_optimal_k2_l2_certified)"),
        "{out}"
    );
    let (code, out, _) = ncverify(&["verify", "--json", &range]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"kind\": \"lower\"")
            && out.contains("\"regime\": \"collapse\"")
            && out.contains("\"label\": \"listed\""),
        "{out}"
    );
    // one changed number: INVALID, naming the field
    let text = std::fs::read_to_string(&range).unwrap();
    for (from, to, field) in [
        ("classes = 2", "classes = 3", "params.classes"),
        (
            "regime = \"collapse\"",
            "regime = \"zero\"",
            "params.regime",
        ),
        (
            "lambda_max = \"1/10\"",
            "lambda_max = \"1/9\"",
            "at_max.a_upper",
        ),
    ] {
        let path = tmp(&format!("lower-{}.toml", field.replace('.', "-")));
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let (code, out, _) = ncverify(&["verify", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains(&format!("INVALID: {field}:")),
            "{field}: {out}"
        );
    }
}

#[test]
fn phase_marks_two_class_cells_optimal() {
    let rows = phase_rows(
        &[
            "--classes",
            "2..3",
            "--layers",
            "2",
            "--lambda",
            "1/100",
            "--no-search",
        ],
        "phase-optimal",
    );
    assert_eq!(rows[0][7], "optimal", "{:?}", rows[0]);
    assert!(rows[0][8].contains("mse.two_class_dnc_optimal_l2"));
    assert_eq!(rows[1][7], "undecided", "{:?}", rows[1]);
}

/// The committed chain files verify (`kind = "chain"`: output I_K exactly and a cost below
/// DNC's), a changed entry is INVALID, and the JSON of the other kinds has no `chain` key.
#[test]
fn verify_accepts_chain_files_and_refuses_a_changed_entry() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("proofs/certificates/chain");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "{files:?}");
    let mut args = vec!["verify"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, _) = ncverify(&args);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches(": valid chain: at K = ").count(), 6, "{out}");
    assert!(
        out.contains("at K = 7, L = 3 the factors output I_K exactly")
            && out.contains("< K^(L+1) = 2401;")
            && out.contains("not checked by the kernel"),
        "{out}"
    );
    let (code, out, _) = ncverify(&["verify", "--json", &files[0]]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"kind\": \"chain\"") && out.contains("\"dnc_cost_power\": \"243\""),
        "{out}"
    );
    let (_, out, _) = ncverify(&["verify", "--json", &cert_path("lower/k2_l2_n1_r1_1-4_1")]);
    assert!(!out.contains("\"chain\""), "{out}");
    // one changed entry of H: INVALID, exit 1
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let bad = text.replacen("\"22695/68416\"", "\"22696/68416\"", 1);
    assert_ne!(bad, text);
    let tmp = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(tmp.path(), bad).unwrap();
    let (code, out, _) = ncverify(&["verify", tmp.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("INVALID: chain file: the factors do not output I_3 exactly"),
        "{out}"
    );
}
