//! `ncverify train` end to end: JSON keys, trace and plot files, `--init-from`, and one-line
//! errors naming the bad argument.

use serde_json::Value;
use std::process::Command;

fn ncverify<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ncverify"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SMALL: &[&str] = &[
    "train",
    "--classes",
    "4",
    "--layers",
    "3",
    "--width",
    "6",
    "--samples",
    "2",
    "--steps",
    "200",
    "--lr",
    "0.5",
    "--lambda",
    "0.004",
];

/// [`SMALL`] with `extra` options appended; an option given in `extra` replaces SMALL's value.
fn with(extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    let mut i = 0;
    while i < SMALL.len() {
        if SMALL[i].starts_with("--") && extra.contains(&SMALL[i]) {
            i += 2;
        } else {
            v.push(SMALL[i].to_string());
            i += 1;
        }
    }
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn expect_bad<S: AsRef<std::ffi::OsStr>>(args: &[S], name: &str) {
    let (code, out, err) = ncverify(args);
    assert_eq!(code, 2, "stdout {out} stderr {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(name), "{err} should name {name}");
}

#[test]
fn json_has_the_documented_keys() {
    let (code, out, err) = ncverify(&with(&["--json"]));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    for key in [
        "final_loss",
        "steps_per_second",
        "singular_values",
        "rank",
        "metrics",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["singular_values"].as_array().unwrap().len(), 4);
    assert!(v["metrics"]["nc1"].is_number());
    assert!(v["final_loss"].as_f64().unwrap() < 0.6);
}

#[test]
fn f32_and_ce_linear_run() {
    let (code, out, err) = ncverify(&with(&[
        "--dtype",
        "f32",
        "--loss",
        "ce",
        "--activation",
        "linear",
        "--json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["config"]["dtype"], "f32");
}

#[test]
fn a_plot_path_not_ending_in_svg_is_refused_before_training() {
    // formerly an SVG file written under the name t.png
    let png = std::env::temp_dir().join(format!("ncverify-cli-plot-{}.png", std::process::id()));
    let (code, _, err) = ncverify(&with(&["--plot", png.to_str().unwrap()]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("invalid --plot:") && err.contains(".svg"),
        "{err}"
    );
    assert!(!png.exists());
}

#[test]
fn trace_and_plot_are_written() {
    let dir = std::env::temp_dir().join(format!("ncverify-cli-train-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, svg) = (dir.join("t.csv"), dir.join("t.svg"));
    let (code, _, err) = ncverify(&with(&[
        "--trace",
        csv.to_str().unwrap(),
        "--plot",
        svg.to_str().unwrap(),
        "--trace-every",
        "50",
    ]));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "step,loss,fit,reg,sv1,sv2,sv3,sv4");
    // steps 0, 50, 100, 150 and the final 200
    assert_eq!(lines.len(), 1 + 5);
    assert!(lines[5].starts_with("200,"));
    let plot = std::fs::read_to_string(&svg).unwrap();
    assert!(plot.starts_with("<svg") && plot.contains("<polyline"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn init_from_round_trip_and_errors() {
    let dir = std::env::temp_dir().join(format!("ncverify-cli-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dufm_mse_relu.json"
    );
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let init = dir.join("init.json");
    std::fs::write(&init, fx["init"].to_string()).unwrap();
    let (code, out, err) = ncverify(&[
        "train",
        "--classes",
        "4",
        "--layers",
        "3",
        "--width",
        "6",
        "--samples",
        "2",
        "--lambda",
        "0.004",
        "--lr",
        "0.5",
        "--steps",
        "1000",
        "--json",
        "--init-from",
        init.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let reference = fx["losses"][1000].as_f64().unwrap();
    let ours = v["final_loss"].as_f64().unwrap();
    assert!(
        (ours - reference).abs() <= 1e-9 * reference,
        "{ours} vs {reference}"
    );
    // the same file with the wrong width
    expect_bad(
        &[
            "train",
            "--classes",
            "4",
            "--layers",
            "3",
            "--width",
            "7",
            "--samples",
            "2",
            "--init-from",
            init.to_str().unwrap(),
        ],
        "--init-from",
    );
    std::fs::write(&init, "{\"H1\": [[1, 2], [3]]}").unwrap();
    expect_bad(
        &with(&["--init-from", init.to_str().unwrap()]),
        "--init-from",
    );
    expect_bad(
        &with(&["--init-from", "/nonexistent/x.json"]),
        "--init-from",
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_arguments_are_one_line_errors() {
    expect_bad(&with(&["--lr", "0"]), "--lr");
    expect_bad(&with(&["--lr", "nan"]), "--lr");
    expect_bad(&with(&["--lambda", "-1"]), "--lambda");
    expect_bad(&with(&["--lambda", "abc"]), "--lambda");
    expect_bad(&with(&["--init-scale", "inf"]), "--init-scale");
    expect_bad(&with(&["--classes", "0"]), "--classes");
    expect_bad(&with(&["--layers", "0"]), "--layers");
    expect_bad(&with(&["--trace-every", "0"]), "--trace-every");
    expect_bad(&with(&["--singular-values", "1,x"]), "--singular-values");
    expect_bad(&with(&["--width", "100000000"]), "--width");
}

#[test]
fn invalid_init_combinations_are_rejected() {
    // Hadamard with K not a power of two, and with width < K
    expect_bad(
        &[
            "train",
            "--classes",
            "6",
            "--width",
            "8",
            "--init",
            "hadamard",
        ],
        "--init",
    );
    expect_bad(
        &[
            "train",
            "--classes",
            "8",
            "--width",
            "4",
            "--init",
            "hadamard",
        ],
        "--init",
    );
    expect_bad(
        &[
            "train",
            "--classes",
            "8",
            "--width",
            "12",
            "--init",
            "hadamard",
            "--hadamard-matrix",
            "paley12",
        ],
        "--hadamard-matrix",
    );
    expect_bad(
        &[
            "train",
            "--classes",
            "4",
            "--width",
            "8",
            "--init",
            "spectral",
            "--singular-values",
            "1,2,3,4,5",
        ],
        "--init",
    );
}

#[test]
fn clap_rejects_unknown_enum_values() {
    let (code, _, err) = ncverify(&with(&["--loss", "hinge"]));
    assert_eq!(code, 2);
    assert!(err.contains("--loss"));
}

/// `ncverify train` is a front-end of `train::run`: its final objective, singular values and
/// `--trace` rows are bitwise the library's for the same model, start and trace (f64 and f32).
#[test]
fn cli_and_library_give_bitwise_the_same_run() {
    use ncverify::train::run::{self, Float, RunSpec, TraceSpec, Traced};
    use ncverify::train::{Activation, Dufm, Loss, init};
    let dir = std::env::temp_dir().join(format!("ncverify-cli-lib-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = Dufm {
        classes: 4,
        samples: 2,
        width: 6,
        layers: 3,
        lambda_h: 0.004,
        lambda_w: 0.004,
        loss: Loss::Mse,
        activation: Activation::Relu,
    };
    for (dtype, float) in [("f64", Float::F64), ("f32", Float::F32)] {
        let csv = dir.join(format!("{dtype}.csv"));
        let (code, out, err) = ncverify(&with(&[
            "--dtype",
            dtype,
            "--seed",
            "3",
            "--trace-every",
            "40",
            "--trace",
            csv.to_str().unwrap(),
            "--json",
        ]));
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let spec = RunSpec {
            model,
            lr: 0.5,
            steps: 200,
            start: init::gaussian(&model, 0.3, 3).unwrap(),
            float,
            trace: Some(TraceSpec {
                every: 40,
                traced: Traced::LastPreactivation,
            }),
            stop_on_divergence: false,
        };
        let lib = run::run(&spec).unwrap();
        assert_eq!(
            v["final_loss"].as_f64().unwrap().to_bits(),
            lib.last.total.to_bits()
        );
        assert_eq!(v["fit"].as_f64().unwrap().to_bits(), lib.last.fit.to_bits());
        let g = &lib.last_preactivation;
        let sv = run::class_mean_sv(g, 4, 2).unwrap();
        let cli_sv: Vec<f64> = v["singular_values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(cli_sv, sv, "{dtype}");
        let text = std::fs::read_to_string(&csv).unwrap();
        let rows: Vec<Vec<f64>> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
            .collect();
        assert_eq!(rows.len(), lib.trace.len(), "{dtype}");
        for (row, t) in rows.iter().zip(&lib.trace) {
            let mut want = vec![t.step as f64, t.loss.total, t.loss.fit, t.loss.reg];
            want.extend(t.singular_values.clone().unwrap());
            assert_eq!(row, &want, "{dtype} step {}", t.step);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
