//! Shared proptest generators (named, built by mapping, never by filtering).
#![allow(dead_code)]

use nalgebra::DMatrix;
use ncverify::kernel::QMatrix;
use ncverify::kernel::rational::{Q, q};
use proptest::prelude::*;

prop_compose! {
    /// A small rational p/q with |p| <= 12, 1 <= q <= 6.
    pub fn small_rational()(p in -12i64..=12, d in 1i64..=6) -> Q { q(p, d) }
}

prop_compose! {
    /// A positive rational scale in [1/6, 3].
    pub fn positive_scale()(p in 1i64..=18, d in 1i64..=6) -> Q { q(p, d) }
}

prop_compose! {
    /// A rational matrix of the given shape with small entries.
    pub fn rational_matrix(rows: usize, cols: usize)
        (entries in proptest::collection::vec(small_rational(), rows * cols)) -> QMatrix {
        QMatrix::new(rows, cols, entries).expect("shape matches")
    }
}

prop_compose! {
    /// A regularisation strength log-uniform in [1e-8, 1].
    pub fn lambda_f64()(e in -8.0f64..0.0) -> f64 { 10f64.powf(e) }
}

prop_compose! {
    /// A random f64 matrix with entries in [-1, 1].
    pub fn f64_matrix(rows: usize, cols: usize)
        (v in proptest::collection::vec(-1.0f64..1.0, rows * cols)) -> DMatrix<f64> {
        DMatrix::from_vec(rows, cols, v)
    }
}

/// Shape of a small DUFM: (K, n, d, L).
pub fn dufm_shape() -> impl Strategy<Value = (usize, usize, usize, usize)> {
    (2usize..=4, 1usize..=3, 0usize..=2, 1usize..=4)
        .prop_map(|(k, n, extra, l)| (k, n, k + extra, l))
}

/// f64 DUFM parameters `(K, n, H, [W_1..W_L])` with `d >= K`.
pub fn dufm_params_f64() -> impl Strategy<Value = (usize, usize, DMatrix<f64>, Vec<DMatrix<f64>>)> {
    dufm_shape().prop_flat_map(|(k, n, d, l)| {
        let h = f64_matrix(d, k * n);
        let ws: Vec<_> = (0..l)
            .map(|i| {
                if i + 1 == l {
                    f64_matrix(k, d)
                } else {
                    f64_matrix(d, d)
                }
            })
            .collect();
        (Just(k), Just(n), h, ws)
    })
}

/// Exact DUFM parameters `(K, n, H, [W_1..W_L])` with `d = K`.
pub fn dufm_params_exact() -> impl Strategy<Value = (usize, usize, QMatrix, Vec<QMatrix>)> {
    (2usize..=3, 1usize..=2, 1usize..=3).prop_flat_map(|(k, n, l)| {
        let h = rational_matrix(k, k * n);
        let ws: Vec<_> = (0..l).map(|_| rational_matrix(k, k)).collect();
        (Just(k), Just(n), h, ws)
    })
}

/// Run the `ncverify` binary: `(exit code, stdout, stderr)`.
pub fn ncverify(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ncverify"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fuzzing runner for `cases` cases: `seeded` (the default suite) is reproducible, otherwise
/// (the long `#[ignore]`d campaigns) each run draws a fresh seed. No failure persistence: a
/// finding becomes a named regression test instead.
pub fn fuzz_runner(cases: u32, seeded: bool) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    if seeded {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    } else {
        TestRunner::new(config)
    }
}

/// `FUZZ_CASES` from the environment, or `default`.
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
