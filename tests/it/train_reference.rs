//! The trainer against the NumPy reference: same initial parameters, same loss trajectory
//! (f64, 1000 steps, every loss within 1e-9 relative).
//!
//! `committed_fixtures_*` run everywhere (fixtures generated once by
//! `tests/fixtures/make_reference_fixture.py`); `live_dufm_reference` re-runs
//! the NumPy reference `benches/dufm_reference.py` when python3 with numpy is present.

use ncverify::train::{Activation, Dufm, Loss, Trainer, init};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const REL: f64 = 1e-9;

fn model_of(c: &Value) -> Dufm {
    let u = |k: &str| c[k].as_u64().unwrap() as usize;
    let lam = c["lam"].as_f64().unwrap();
    Dufm {
        classes: u("K"),
        samples: u("n"),
        width: u("d"),
        layers: u("L"),
        lambda_h: lam,
        lambda_w: lam,
        loss: if c["loss"] == "mse" {
            Loss::Mse
        } else {
            Loss::Ce
        },
        activation: if c["linear"].as_bool().unwrap() {
            Activation::Linear
        } else {
            Activation::Relu
        },
    }
}

/// The objective before each of `steps` steps and after the last.
fn trajectory(model: Dufm, lr: f64, init_json: &str, steps: usize) -> Vec<f64> {
    let p = init::load_json(init_json, &model).unwrap();
    let mut t = Trainer::new(model, lr, p).unwrap();
    let mut out: Vec<f64> = (0..steps).map(|_| t.step().total()).collect();
    out.push(t.loss().total());
    out
}

fn assert_close(ours: &[f64], theirs: &[f64], abs_print: f64) {
    assert_eq!(ours.len(), theirs.len());
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        let tol = REL * b.abs() + abs_print;
        assert!(
            (a - b).abs() <= tol,
            "step {i}: ours {a:.17e} reference {b:.17e} (|diff| {:e} > {tol:e})",
            (a - b).abs()
        );
    }
}

fn check_fixture(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let model = model_of(&fx["config"]);
    let steps = fx["steps"].as_u64().unwrap() as usize;
    let reference: Vec<f64> = fx["losses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(reference.len(), steps + 1);
    let ours = trajectory(
        model,
        fx["config"]["lr"].as_f64().unwrap(),
        &fx["init"].to_string(),
        steps,
    );
    assert_close(&ours, &reference, 0.0);
}

#[test]
fn committed_fixture_mse_relu_matches_numpy_1000_steps() {
    check_fixture("dufm_mse_relu.json");
}

#[test]
fn committed_fixture_ce_linear_matches_numpy_1000_steps() {
    check_fixture("dufm_ce_linear.json");
}

fn numpy_available() -> bool {
    Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn live_dufm_reference() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/dufm_reference.py");
    if !numpy_available() {
        println!("skipped: needs python3 with numpy");
        return;
    }
    let dir = std::env::temp_dir().join(format!("ncverify-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let init_path: PathBuf = dir.join("init.json");
    // relu MSE and linear CE
    let configs: [&[&str]; 2] = [
        &[
            "--K", "5", "--L", "3", "--n", "2", "--d", "8", "--lam", "0.004", "--lr", "0.5",
        ],
        &[
            "--K",
            "4",
            "--L",
            "2",
            "--n",
            "3",
            "--d",
            "6",
            "--lam",
            "0.002",
            "--lr",
            "0.3",
            "--loss",
            "ce",
            "--linear",
            "--init-scale",
            "0.5",
        ],
    ];
    for cfg in configs {
        let out = Command::new("python3")
            .arg(&script)
            .args(cfg)
            .args([
                "--steps", "1000", "--dtype", "float64", "--seed", "3", "--trace",
            ])
            .arg("--save-init")
            .arg(&init_path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // one JSON object; `losses` is the objective before every step and after the last,
        // printed at full float64 precision
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let theirs: Vec<f64> = report["losses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let get = |k: &str| cfg[cfg.iter().position(|a| *a == k).unwrap() + 1];
        let model = Dufm {
            classes: get("--K").parse().unwrap(),
            samples: get("--n").parse().unwrap(),
            width: get("--d").parse().unwrap(),
            layers: get("--L").parse().unwrap(),
            lambda_h: get("--lam").parse().unwrap(),
            lambda_w: get("--lam").parse().unwrap(),
            loss: if cfg.contains(&"ce") {
                Loss::Ce
            } else {
                Loss::Mse
            },
            activation: if cfg.contains(&"--linear") {
                Activation::Linear
            } else {
                Activation::Relu
            },
        };
        let init_json = std::fs::read_to_string(&init_path).unwrap();
        let ours = trajectory(model, get("--lr").parse().unwrap(), &init_json, 1000);
        assert_close(&ours, &theirs, 0.0);
    }
    std::fs::remove_dir_all(&dir).ok();
}
