//! Integration tests of `ncverify srg`: exit codes, JSON keys, exact spectra, one-line errors.

use serde_json::Value;
use std::process::{Command, Output};

fn ncverify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ncverify"))
        .arg("srg")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = ncverify(&all);
    assert!(out.status.success(), "{:?}", out);
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_str().expect("a string").to_owned())
        .collect()
}

#[test]
fn json_has_exactly_the_four_keys_and_the_version() {
    let v = json(&["10", "3", "0", "1"]);
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "eigenvalues",
            "feasible",
            "multiplicities",
            "reasons",
            "version"
        ]
    );
}

#[test]
fn petersen_is_feasible_with_integer_spectrum() {
    let v = json(&["10", "3", "0", "1"]);
    assert_eq!(v["feasible"], Value::Bool(true));
    assert!(strings(&v["reasons"]).is_empty());
    assert_eq!(strings(&v["eigenvalues"]), ["3", "1", "-2"]);
    assert_eq!(strings(&v["multiplicities"]), ["1", "5", "4"]);
}

#[test]
fn paley_13_has_exact_irrational_eigenvalues() {
    let v = json(&["13", "6", "2", "3"]);
    assert_eq!(v["feasible"], Value::Bool(true));
    assert_eq!(
        strings(&v["eigenvalues"]),
        ["6", "(-1+√13)/2", "(-1-√13)/2"]
    );
    assert_eq!(strings(&v["multiplicities"]), ["1", "6", "6"]);
}

#[test]
fn infeasible_sets_exit_zero_and_name_their_reasons() {
    let v = json(&["28", "9", "0", "4"]);
    assert_eq!(v["feasible"], Value::Bool(false));
    assert_eq!(strings(&v["reasons"]), ["krein_2", "absolute_bound_g"]);
    assert_eq!(strings(&v["multiplicities"]), ["1", "21", "6"]);

    let v = json(&["6", "2", "0", "1"]);
    assert_eq!(strings(&v["reasons"]), ["counting_identity"]);
    assert!(strings(&v["eigenvalues"]).is_empty());

    let v = json(&["11", "5", "2", "2"]);
    assert_eq!(strings(&v["reasons"]), ["integral_multiplicities"]);
    assert_eq!(strings(&v["eigenvalues"]), ["5", "√3", "-√3"]);
    assert_eq!(
        strings(&v["multiplicities"]),
        ["1", "(30-5√3)/6", "(30+5√3)/6"]
    );
}

#[test]
fn text_output_is_a_table() {
    let out = ncverify(&["21", "10", "4", "5"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("srg(21, 10, 4, 5): infeasible"), "{text}");
    let row = text
        .lines()
        .find(|l| l.starts_with("conference_sum_of_two_squares"))
        .expect("a row per condition");
    assert!(row.ends_with("FAILS"), "{row}");
    assert!(text.contains("(-1+√21)/2"));
}

#[test]
fn bad_input_is_a_one_line_error_naming_the_argument() {
    for (args, name) in [
        (vec!["ten", "3", "0", "1"], "V"),
        (vec!["-10", "3", "0", "1"], "V"),
        (vec!["2000000000", "3", "0", "1"], "V"),
        (vec!["10", "3.5", "0", "1"], "K"),
        (vec!["10", "10", "0", "1"], "K"),
        (vec!["10", "12", "0", "1"], "K"),
        (vec!["10", "3", "4", "1"], "LAMBDA"),
        (vec!["10", "3", "0", "NaN"], "MU"),
        (vec!["10", "3", "0", "5"], "MU"),
        (vec!["10", "3", "0", "99999999999999999999999"], "MU"),
    ] {
        let out = ncverify(&args);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(&format!("invalid {name}:")), "{args:?}: {err}");
    }
}
