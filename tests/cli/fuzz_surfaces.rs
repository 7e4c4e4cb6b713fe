//! Structure-aware fuzzing of the surfaces issue 18 found without a fuzz target: `metrics`
//! inputs (feature and label files, options), `certify-point` options and points, `phase`
//! options and `figure` inputs (sweep rows and traces). Each case runs the binary in a child
//! process under per-case limits: `timeout -s KILL 20` (a hang fails the case) and
//! `ulimit -v` of 3 GiB of address space (a blow-up fails the case as an abort or an
//! allocation error instead of taking the machine).
//!
//! Properties: exit 0, 1 or 2 only (never a panic, an abort, a kill); an error is one line;
//! a successful run prints no `NaN` or `inf`. The default suite runs a short campaign; the
//! long one is `#[ignore]`d
//! (`FUZZ_CASES=300 cargo test --release --features cli --test cli fuzz_surfaces:: -- --ignored`).

use crate::common;
use ncverify::io::{npy_bytes_f64, npy_header};
use proptest::prelude::*;
use std::path::Path;

/// Seconds a case may take (a debug build under a loaded machine stays far below it).
const CASE_SECONDS: u32 = 20;
/// Address space a case may use, in KiB (`ulimit -v`).
const CASE_KIB: u64 = 3 << 20;

/// Run the binary under the per-case limits: `(exit code, stdout, stderr)`; a kill by the
/// timeout is exit 137 (or 124).
fn limited(args: &[String]) -> (i32, String, String) {
    let script =
        format!("ulimit -v {CASE_KIB} && exec timeout -s KILL {CASE_SECONDS} \"$0\" \"$@\"");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_ncverify"))
        .args(args)
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The properties every case must have.
fn check(args: &[String]) -> Result<(), TestCaseError> {
    let (code, out, err) = limited(args);
    prop_assert!(
        matches!(code, 0..=2),
        "{args:?}: exit {code} (killed, panicked or aborted): {err}"
    );
    prop_assert!(!err.contains("panicked"), "{args:?}: {err}");
    if code == 2 {
        prop_assert_eq!(err.trim_end().lines().count(), 1, "{:?}: {}", args, err);
    }
    if code == 0 {
        for word in out.split(|c: char| !c.is_alphanumeric()) {
            prop_assert!(
                !word.eq_ignore_ascii_case("nan") && !word.eq_ignore_ascii_case("inf"),
                "{:?}: NaN/inf with exit 0: {}",
                args,
                out
            );
        }
    }
    Ok(())
}

/// A hostile float argument (as text).
fn float_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(&["1/100", "0.004", "1/250", "1e-3", "0.02"][..])
            .prop_map(String::from),
        1 => proptest::sample::select(
            &[
                "0", "-1", "1e-300", "1e-320", "1e-324", "1e-1000", "1e300", "1e308", "1e309",
                "1e400", "NaN", "inf", "1/0", "", "9999999999999999999999",
            ][..]
        )
        .prop_map(String::from),
    ]
}

/// A feature value: ordinary, zero, tiny, huge or non-finite.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => -3.0f64..3.0,
        1 => Just(0.0),
        1 => Just(1e-170),
        1 => Just(1e200),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
    ]
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn labels_npy(v: &[i64]) -> Vec<u8> {
    let mut out = npy_header("<i8", &[v.len()]);
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

fn run_cases(
    default: u32,
    seeded: bool,
    strategy: impl Strategy<Value = Vec<String>>,
    setup: impl Fn(&Path, &mut [String]),
) {
    let mut runner = common::fuzz_runner(common::fuzz_cases(default), seeded);
    runner
        .run(&strategy, |mut args| {
            let dir = tempfile::tempdir().unwrap();
            setup(dir.path(), &mut args);
            check(&args)
        })
        .unwrap();
}

/// `metrics`: features `(N, d)` with hostile values and shapes, labels with hostile values.
fn metrics_case() -> impl Strategy<Value = Vec<String>> {
    (
        (0usize..6, 0usize..5),
        prop::collection::vec(value(), 30),
        prop::collection::vec(
            prop_oneof![4 => 0i64..4, 1 => Just(-1i64), 1 => Just(1i64 << 61), 1 => Just(1_000_000_000)],
            6,
        ),
        prop_oneof![Just("8192".to_string()), Just("1".to_string()), Just("0".to_string()), Just("1048577".to_string())],
        prop_oneof![Just("0.01".to_string()), Just("NaN".to_string()), Just("2".to_string())],
        prop_oneof![Just("1e-10".to_string()), Just("0".to_string()), Just("inf".to_string())],
    )
        .prop_map(|((n, d), vals, labels, chunk, eps, tol)| {
            let f = npy_bytes_f64(&[n, d], &vals[..n * d]);
            let l = labels_npy(&labels[..n]);
            vec![
                "metrics".into(),
                hex(&f),
                hex(&l),
                "--chunk-rows".into(),
                chunk,
                "--epsilon".into(),
                eps,
                "--pinv-tol".into(),
                tol,
                "--quiet".into(),
            ]
        })
}

/// Bytes carried through the argument list until `setup` writes them to files.
fn hex(b: &[u8]) -> String {
    let mut s = String::from("@hex:");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

/// Replace every `@hex:` argument by a file holding its bytes.
fn materialise(dir: &Path, args: &mut [String]) {
    for (i, a) in args.iter_mut().enumerate() {
        if let Some(h) = a.strip_prefix("@hex:") {
            let bytes: Vec<u8> = (0..h.len() / 2)
                .map(|k| u8::from_str_radix(&h[2 * k..2 * k + 2], 16).unwrap())
                .collect();
            let ext = if bytes.starts_with(b"PK") {
                "npz"
            } else {
                "npy"
            };
            *a = write(dir, &format!("f{i}.{ext}"), &bytes);
        }
    }
}

/// `certify-point`: a small point at a hostile scale with hostile options.
fn certify_point_case() -> impl Strategy<Value = Vec<String>> {
    (
        prop_oneof![Just(0.5f64), Just(1e-200), Just(1e150), Just(3.0)],
        float_text(),
        float_text(),
        prop_oneof![
            Just("8,12".to_string()),
            Just("0".to_string()),
            Just("61".to_string()),
            Just("60".to_string())
        ],
        prop_oneof![
            Just("0".to_string()),
            Just("3".to_string()),
            Just("100001".to_string())
        ],
    )
        .prop_map(|(x, lw, lh, bits, polish)| {
            let m = |r: usize, c: usize, s: usize| {
                let v: Vec<f64> = (0..r * c)
                    .map(|i| x * (((i * 5 + s * 3) % 7) as f64 - 3.0) / 3.0)
                    .collect();
                npy_bytes_f64(&[r, c], &v)
            };
            let npz = common::npz_bytes(
                &[("H1", m(3, 3, 0)), ("W1", m(3, 3, 1)), ("W2", m(3, 3, 2))],
                false,
            );
            vec![
                "certify-point".into(),
                hex(&npz),
                "--lambda-w".into(),
                lw,
                "--lambda-h".into(),
                lh,
                "--bits".into(),
                bits,
                "--polish".into(),
                polish,
                "--out".into(),
                "@out".into(),
            ]
        })
}

/// `phase mse --no-search`: hostile ranges and λ.
fn phase_case() -> impl Strategy<Value = Vec<String>> {
    (
        proptest::sample::select(&["2..3", "2", "3..2", "1..4", "2..200", "0", "2..x"][..]),
        proptest::sample::select(&["1", "2", "1..3", "13", "2..1"][..]),
        prop_oneof![
            float_text().prop_map(|l| vec!["--lambda".to_string(), l]),
            (float_text(), float_text())
                .prop_map(|(a, b)| vec!["--lambda-range".to_string(), format!("{a}..{b}")]),
        ],
        proptest::sample::select(&["2", "3", "1", "201"][..]),
    )
        .prop_map(|(k, l, lam, steps)| {
            let mut v: Vec<String> = ["phase", "mse", "--classes", k, "--layers", l]
                .iter()
                .map(|s| s.to_string())
                .collect();
            v.extend(lam);
            v.extend([
                "--lambda-steps".to_string(),
                steps.to_string(),
                "--no-search".into(),
                "--out".into(),
                "@dir".into(),
            ]);
            v
        })
}

fn outputs(dir: &Path, args: &mut [String]) {
    materialise(dir, args);
    for a in args.iter_mut() {
        if a == "@out" {
            *a = dir.join("out.toml").display().to_string();
        } else if a == "@dir" {
            *a = dir.join("out").display().to_string();
        }
    }
}

/// A consistent one-row sweep file and trace, made once per process.
fn base_sweep() -> &'static (String, String) {
    static BASE: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("ncverify-fuzz-surfaces-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (csv, trace) = common::tiny_sweep(&dir);
        (
            std::fs::read_to_string(&csv).unwrap(),
            std::fs::read_to_string(&trace).unwrap(),
        )
    })
}

/// `figure`: the base row with hostile numbers (K, ratios, losses, singular values) and a
/// consistent key and seed.
fn figure_case() -> impl Strategy<Value = Vec<String>> {
    (
        proptest::sample::select(&["sukenik", "gkt-depth", "gkt-width", "gkt-trajectories"][..]),
        proptest::sample::select(&["3", "1000000", "100001", "2"][..]),
        proptest::sample::select(&["1.0", "1e308", "-1e308", "1e-320", "0.5"][..]),
        prop_oneof![
            Just(1.0f64),
            Just(1.7e308),
            Just(-1.7e308),
            Just(1e-320),
            Just(0.0)
        ],
    )
        .prop_map(|(kind, k, ratio, sv)| {
            use ncverify::sweep::key::{fnv1a, splitmix64};
            let (csv, trace) = base_sweep();
            let mut lines = csv.lines();
            let head: Vec<&str> = lines.next().unwrap().split(',').collect();
            let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
            let row: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
            let mut big = row.clone();
            big[0] = big[0].replace("K=3", &format!("K={k}"));
            big[col("classes")] = k.to_string();
            big[col("ratio_dnc")] = ratio.to_string();
            big[col("rng_seed")] = splitmix64(fnv1a(big[0].as_bytes())).to_string();
            let text = format!("{}\n{}\n{}\n", head.join(","), row.join(","), big.join(","));
            let mut t: serde_json::Value =
                serde_json::from_str(trace.lines().next().unwrap()).unwrap();
            t["singular_values"][1][0] = serde_json::json!(sv);
            vec![
                "figure".into(),
                kind.into(),
                "--input".into(),
                format!("@text:csv:{text}"),
                "--trace".into(),
                format!("@text:jsonl:{t}\n"),
                "--out".into(),
                "@dir".into(),
            ]
        })
}

fn texts(dir: &Path, args: &mut [String]) {
    for (i, a) in args.iter_mut().enumerate() {
        if let Some(rest) = a.strip_prefix("@text:") {
            let (ext, body) = rest.split_once(':').unwrap();
            *a = write(dir, &format!("t{i}.{ext}"), body.as_bytes());
        }
    }
    outputs(dir, args);
}

#[test]
fn fuzz_metrics_inputs() {
    run_cases(12, true, metrics_case(), materialise);
}

#[test]
fn fuzz_certify_point_options() {
    run_cases(12, true, certify_point_case(), outputs);
}

#[test]
fn fuzz_phase_inputs() {
    run_cases(12, true, phase_case(), outputs);
}

#[test]
fn fuzz_figure_inputs() {
    run_cases(8, true, figure_case(), texts);
}

#[test]
#[ignore = "long campaign: FUZZ_CASES=300 cargo test --release --features cli --test cli fuzz_surfaces:: -- --ignored"]
fn fuzz_surfaces_long() {
    run_cases(300, false, metrics_case(), materialise);
    run_cases(300, false, certify_point_case(), outputs);
    run_cases(300, false, phase_case(), outputs);
    run_cases(300, false, figure_case(), texts);
}
