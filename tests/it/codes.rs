//! Property tests of the softmax-code solver: from random starts it reproduces every closed
//! form (ETF, K-gon, cross-polytope subset) and never exceeds it; exact vs f64 distances agree.

use nalgebra::DMatrix;
use ncverify::codes::closed::closed_form;
use ncverify::codes::distance::{distance, distance_sq_exact};
use ncverify::codes::solver::{SolverConfig, solve};
use ncverify::kernel::QMatrix;
use num_traits::ToPrimitive;
use proptest::prelude::*;

prop_compose! {
    /// (d, K) with d >= K - 1: the simplex ETF.
    fn etf_case()(d in 2usize..6)(k in 2..=d + 1, d in Just(d)) -> (usize, usize) { (d, k) }
}

prop_compose! {
    /// (2, K), K >= 4: the regular K-gon.
    fn kgon_case()(k in 4usize..10) -> (usize, usize) { (2, k) }
}

prop_compose! {
    /// (d, K) with d + 1 < K <= 2d: a cross-polytope subset.
    fn cross_case()(d in 3usize..6)(k in d + 2..=2 * d, d in Just(d)) -> (usize, usize) { (d, k) }
}

prop_compose! {
    /// Small integer vectors (columns) with at least one non-zero coordinate each.
    fn integer_code()(d in 1usize..4, k in 2usize..6)
        (e in proptest::collection::vec(-3i64..=3, d * k), d in Just(d), k in Just(k))
        -> (usize, usize, Vec<i64>) {
        (d, k, e)
    }
}

fn closed_case() -> impl Strategy<Value = (usize, usize)> {
    prop_oneof![etf_case(), kgon_case(), cross_case()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn solver_reproduces_closed_forms((d, k) in closed_case(), seed in 0u64..1000) {
        let cfg = SolverConfig { seed, ..SolverConfig::default() };
        let (w, rho) = solve(d, k, &cfg);
        let (_, _, m) = closed_form(d, k).unwrap();
        prop_assert!(rho <= m + 1e-9, "d={d}, K={k}: {rho} > {m}");
        prop_assert!(rho >= m * (1.0 - 1e-3), "d={d}, K={k}: {rho} < {m}");
        for c in w.column_iter() {
            prop_assert!((c.norm() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn exact_and_f64_distances_agree((d, k, e) in integer_code()) {
        let w = QMatrix::from_int_fn(d, k, |i, j| e[i * k + j]);
        let g = w.transpose().mul(&w);
        let wf = DMatrix::from_fn(d, k, |i, j| e[i * k + j] as f64);
        for c in 0..k {
            let exact = distance_sq_exact(&g, c).unwrap().to_f64().unwrap().sqrt();
            let float = distance(&wf, c);
            prop_assert!((exact - float).abs() <= 1e-9 * (1.0 + exact), "{exact} vs {float}");
        }
    }
}

/// Shrunk proptest case: with 2 starts of 600 steps the 9-gon was missed (0.22977 < 0.23396);
/// the default configuration must reach it.
#[test]
fn nonagon_seed_42_is_reached_with_default_config() {
    let cfg = SolverConfig {
        seed: 42,
        ..SolverConfig::default()
    };
    let (_, rho) = solve(2, 9, &cfg);
    let m = 1.0 - (2.0 * std::f64::consts::PI / 9.0).cos();
    assert!(rho >= m * (1.0 - 1e-3) && rho <= m + 1e-9, "{rho} vs {m}");
}
