//! Streamed metrics ([`ncverify::metrics::stream`]) against the in-memory implementation, and
//! against an independent NumPy implementation (`tests/metrics_reference.py`) when `python3`
//! with NumPy is present (otherwise that test prints a notice and checks nothing else).

use crate::common;

use nalgebra::DMatrix;
use ncverify::io::npy_bytes_f64;
use ncverify::metrics::stream::{
    LabelledMetrics, StreamOptions, labelled_metrics, metrics_from_files,
};
use ncverify::metrics::{MetricTolerances, collapse_metrics};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

/// `a` and `b` agree to `rel` relative (or are equal).
fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs())
}

fn assert_agree(a: &LabelledMetrics, b: &LabelledMetrics, rel: f64) {
    let pairs = [
        ("nc1", a.nc1, b.nc1),
        ("trace_ratio", a.trace_ratio, b.trace_ratio),
        ("equinorm", a.nc2.equinorm, b.nc2.equinorm),
        ("equiangularity", a.nc2.equiangularity, b.nc2.equiangularity),
        ("etf_distance", a.nc2.etf_distance, b.nc2.etf_distance),
        ("cdnv_mean", a.cdnv_mean, b.cdnv_mean),
        ("cdnv_max", a.cdnv_max, b.cdnv_max),
        ("ncc_accuracy", a.ncc_accuracy, b.ncc_accuracy),
    ];
    for (name, x, y) in pairs {
        assert!(close(x, y, rel), "{name}: {x} vs {y}");
    }
    assert_eq!(a.class_counts, b.class_counts);
    for (name, x, y) in [("nc3", a.nc3, b.nc3), ("nc4", a.nc4, b.nc4)] {
        match (x, y) {
            (Some(x), Some(y)) => assert!(close(x, y, rel), "{name}: {x} vs {y}"),
            (x, y) => assert_eq!(x, y, "{name}"),
        }
    }
}

/// Noisy features around random class means: `d x N`, labels, classifier.
fn synthetic(
    seed: u64,
    d: usize,
    k: usize,
    counts: &[usize],
    noise: f64,
) -> (DMatrix<f64>, Vec<usize>, DMatrix<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let means = DMatrix::from_fn(d, k, |_, _| rng.random_range(-1.0..1.0));
    let labels: Vec<usize> = counts
        .iter()
        .enumerate()
        .flat_map(|(c, &n)| std::iter::repeat_n(c, n))
        .collect();
    let h = DMatrix::from_fn(d, labels.len(), |r, i| {
        means[(r, labels[i])] + noise * rng.random_range(-1.0..1.0)
    });
    let w = DMatrix::from_fn(k, d, |c, r| {
        means[(r, c)] + 0.3 * rng.random_range(-1.0..1.0)
    });
    (h, labels, w)
}

#[test]
fn labelled_metrics_agree_with_the_class_major_implementation() {
    let (k, n, d) = (4, 6, 7);
    let (h, labels, w) = synthetic(3, d, k, &[n; 4], 1.5);
    let tol = MetricTolerances::default();
    let a = labelled_metrics(&h, &labels, k, Some(&w), &tol).unwrap();
    let b = collapse_metrics(&h, Some(&w), None, k, n, tol).unwrap();
    // NC1 by the projected formula vs the explicit d x d Sigma_W Sigma_B^+
    assert!(close(a.nc1, b.nc1, 1e-10), "{} vs {}", a.nc1, b.nc1);
    assert!(a.nc1 > 1e-3, "the data is not collapsed: {}", a.nc1);
    assert!(close(a.nc2.equinorm, b.nc2.equinorm, 1e-12));
    assert!(close(a.nc2.equiangularity, b.nc2.equiangularity, 1e-12));
    assert!(close(a.nc2.etf_distance, b.nc2.etf_distance, 1e-12));
    assert!(close(a.nc3.unwrap(), b.nc3.unwrap(), 1e-12));
    assert_eq!(a.nc4, b.nc4);
    assert!(close(a.cdnv_mean, b.cdnv_mean, 1e-12) && close(a.cdnv_max, b.cdnv_max, 1e-12));
    assert_eq!(a.ncc_accuracy, b.ncc_accuracy);
    assert!(
        a.ncc_accuracy < 1.0,
        "some samples are misclassified at this noise"
    );
}

/// Write features (rows = samples, shuffled), labels and weights to a fresh directory.
fn write_files(
    dir: &Path,
    h: &DMatrix<f64>,
    labels: &[usize],
    w: &DMatrix<f64>,
    seed: u64,
) -> (PathBuf, PathBuf, PathBuf, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..labels.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let d = h.nrows();
    let rows: Vec<f64> = order
        .iter()
        .flat_map(|&i| (0..d).map(move |r| h[(r, i)]))
        .collect();
    let shuffled: Vec<usize> = order.iter().map(|&i| labels[i]).collect();
    let y: Vec<i64> = shuffled.iter().map(|&c| c as i64).collect();
    let wrows: Vec<f64> = (0..w.nrows())
        .flat_map(|c| (0..d).map(move |r| w[(c, r)]))
        .collect();
    let (f, l, wp) = (
        dir.join("features.npy"),
        dir.join("labels.npy"),
        dir.join("weights.npy"),
    );
    std::fs::write(&f, npy_bytes_f64(&[labels.len(), d], &rows)).unwrap();
    std::fs::write(&l, common::npy_i64(&y)).unwrap();
    std::fs::write(&wp, npy_bytes_f64(&[w.nrows(), d], &wrows)).unwrap();
    (f, l, wp, order)
}

#[test]
fn streamed_files_agree_with_in_memory_metrics() {
    let (k, d) = (5, 9);
    let (h, labels, w) = synthetic(5, d, k, &[7, 3, 11, 5, 4], 0.5);
    let dir = tempfile::tempdir().unwrap();
    let (f, l, wp, order) = write_files(dir.path(), &h, &labels, &w, 1);
    let opts = StreamOptions {
        chunk_rows: 4,
        ..StreamOptions::default()
    };
    let mut seen = 0u64;
    let r = metrics_from_files(
        &f,
        &l,
        Some(&wp),
        std::slice::from_ref(&f),
        &opts,
        &mut |n| seen += n,
    )
    .unwrap();
    assert_eq!(seen, 4 * labels.len() as u64);
    // in memory, on the shuffled columns
    let hs = DMatrix::from_fn(d, labels.len(), |r, j| h[(r, order[j])]);
    let ls: Vec<usize> = order.iter().map(|&i| labels[i]).collect();
    let m = labelled_metrics(&hs, &ls, k, Some(&w), &opts.tol).unwrap();
    assert_agree(&r.metrics, &m, 1e-12);
    assert_eq!(r.metrics.class_counts, vec![7, 3, 11, 5, 4]);
    assert_eq!(r.layers.len(), 1);
    assert_eq!(r.layers[0].ncc_error, m.ncc_error);
    assert_eq!(
        r.effective_depth,
        (m.ncc_error <= opts.tol.ncc_epsilon).then_some(1)
    );
}

#[test]
fn numpy_reference_agrees_to_1e_10() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("NOTICE: python3 with NumPy not found; the NumPy cross-check is skipped");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/metrics_reference.py");
    let dir = tempfile::tempdir().unwrap();
    let mut args = Vec::new();
    let mut ours = Vec::new();
    for (seed, d, counts, noise) in [
        (11u64, 8usize, vec![9usize, 12, 7, 10], 0.7),
        (12, 5, vec![20, 20, 20], 0.2),
        (13, 16, vec![5, 9, 6, 8, 7, 11], 1.5),
    ] {
        let k = counts.len();
        let (h, labels, w) = synthetic(seed, d, k, &counts, noise);
        let sub = dir.path().join(seed.to_string());
        std::fs::create_dir(&sub).unwrap();
        let (f, l, wp, _) = write_files(&sub, &h, &labels, &w, seed);
        let r = metrics_from_files(
            &f,
            &l,
            Some(&wp),
            &[],
            &StreamOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        ours.push(r.metrics);
        args.extend([f, l, wp]);
    }
    // one interpreter for all cases (importing NumPy dominates the time)
    let out = std::process::Command::new("python3")
        .arg(&script)
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let py: Vec<LabelledMetricsJson> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(py.len(), ours.len());
    for (a, b) in ours.iter().zip(py) {
        assert_agree(a, &b.into_metrics(), 1e-10);
    }
    // the cases are not degenerate: some samples are misclassified somewhere
    assert!(ours.iter().any(|m| m.ncc_accuracy < 1.0));
}

/// The reference script's JSON.
#[derive(serde::Deserialize)]
struct LabelledMetricsJson {
    classes: usize,
    samples: usize,
    dim: usize,
    class_counts: Vec<usize>,
    nc1: f64,
    trace_ratio: f64,
    nc2: Nc2Json,
    nc3: Option<f64>,
    nc4: Option<f64>,
    cdnv_mean: f64,
    cdnv_max: f64,
    ncc_accuracy: f64,
    ncc_error: f64,
}

#[derive(serde::Deserialize)]
struct Nc2Json {
    equinorm: f64,
    equiangularity: f64,
    etf_distance: f64,
}

impl LabelledMetricsJson {
    fn into_metrics(self) -> LabelledMetrics {
        LabelledMetrics {
            classes: self.classes,
            samples: self.samples,
            dim: self.dim,
            class_counts: self.class_counts,
            nc1: self.nc1,
            trace_ratio: self.trace_ratio,
            nc2: ncverify::metrics::Nc2 {
                equinorm: self.nc2.equinorm,
                equiangularity: self.nc2.equiangularity,
                etf_distance: self.nc2.etf_distance,
            },
            nc3: self.nc3,
            nc4: self.nc4,
            cdnv_mean: self.cdnv_mean,
            cdnv_max: self.cdnv_max,
            ncc_accuracy: self.ncc_accuracy,
            ncc_error: self.ncc_error,
        }
    }
}
