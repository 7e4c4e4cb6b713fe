//! The two-class lower bound (docs/theory.md §3.10): the two-column lemma
//! $\Vert\sigma(Z)\Vert_* \le \Vert Z\Vert_*$ on random real (`f64`) and rational (exact)
//! matrices, exact and `f64` nuclear norms against each other, its failure at $K = 3$ (exact)
//! and $K = 4$ (`f64`) — negative controls — and the two-layer reduction against the explicit
//! three-matrix loss, with DNC's loss as the reduced optimum at $K = 2$.

use nalgebra::DMatrix;
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::q;
use ncverify::kernel::mse::two_class::{
    relu_raises_nuclear_symmetric, symmetric_nuclear_enclosure, three_class_counterexample,
    two_column_relu_nuclear_le,
};
use ncverify::mse::MseParams;
use ncverify::mse::explicit::mse_loss_f64;
use ncverify::numeric::{q_to_f64, svd};
use ncverify::search::certify::dnc_loss;
use proptest::prelude::*;

fn nuclear(m: &DMatrix<f64>) -> f64 {
    svd(m).unwrap().s.sum()
}

fn relu(m: &DMatrix<f64>) -> DMatrix<f64> {
    m.map(|x| x.max(0.0))
}

fn to_f64(z: &QMatrix) -> DMatrix<f64> {
    DMatrix::from_fn(z.rows(), z.cols(), |i, j| q_to_f64(z.get(i, j)))
}

fn rational_matrix(rows: usize, cols: usize) -> impl Strategy<Value = QMatrix> {
    proptest::collection::vec((-40i64..40, 1i64..12), rows * cols).prop_map(move |v| {
        QMatrix::from_fn(rows, cols, |i, j| q(v[i * cols + j].0, v[i * cols + j].1))
    })
}

/// $\tfrac{\lambda_W}2\operatorname{tr}((S^\top S + K\lambda_WI)^{-1})$ plus
/// $\sqrt{n\lambda_W\lambda_H}\Vert Z\Vert_*$: the reduced objective of §3.10.
fn reduced(z: &DMatrix<f64>, n: f64, lw: f64, lh: f64) -> f64 {
    let k = z.ncols() as f64;
    let s = relu(z);
    let g = s.transpose() * &s + DMatrix::identity(z.ncols(), z.ncols()) * (k * lw);
    let inv = g.try_inverse().unwrap();
    (n * lw * lh).sqrt() * nuclear(z) + 0.5 * lw * inv.trace()
}

/// The explicit L = 2 model realising the reduced objective at `z` ($d \times K$, $d \ge K$):
/// $W_1H = Z$ balanced, features repeated over the $n$ samples, $W_2$ the ridge solution.
fn explicit_loss(z: &DMatrix<f64>, n: usize, lw: f64, lh: f64) -> f64 {
    let (d, k) = (z.nrows(), z.ncols());
    let dec = svd(z).unwrap();
    // t^2 = sqrt(n λ_H / λ_W) balances λ_W ‖W‖² against n λ_H ‖H‖²
    let t = (n as f64 * lh / lw).sqrt().sqrt();
    let root = DMatrix::from_diagonal(&dec.s.map(f64::sqrt));
    let mut w1 = DMatrix::zeros(d, d);
    let u = &dec.u * &root * t; // d × min(d, K)
    w1.view_mut((0, 0), (d, u.ncols())).copy_from(&u);
    let mut h = DMatrix::zeros(d, k);
    let hv = &root * &dec.v_t / t; // min(d, K) × K
    h.view_mut((0, 0), (hv.nrows(), k)).copy_from(&hv);
    let h1 = DMatrix::from_fn(d, k * n, |i, j| h[(i, j / n)]);
    let s = relu(z);
    let g = s.transpose() * &s + DMatrix::identity(k, k) * (k as f64 * lw);
    let w2 = g.try_inverse().unwrap() * s.transpose(); // K × d
    mse_loss_f64(&h1, &[w1, w2], k, n, lw, lh).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The lemma in `f64` on random real d x 2 matrices (d = 1..6), with rounding slack.
    #[test]
    fn lemma_holds_in_f64(d in 1usize..7, v in proptest::collection::vec(-3.0f64..3.0, 12)) {
        let z = DMatrix::from_fn(d, 2, |i, j| v[2 * i + j]);
        prop_assert!(nuclear(&relu(&z)) <= nuclear(&z) * (1.0 + 1e-12) + 1e-12);
    }

    /// The lemma exactly on random rational d x 2 matrices (d = 1..4); the `f64` norms agree.
    #[test]
    fn lemma_holds_exactly_and_agrees_with_f64(
        z in (1usize..5).prop_flat_map(|d| rational_matrix(d, 2)),
    ) {
        prop_assert_eq!(two_column_relu_nuclear_le(&z), Ok(true));
        let zf = to_f64(&z);
        prop_assert!(nuclear(&relu(&zf)) <= nuclear(&zf) * (1.0 + 1e-9) + 1e-12);
        // on σ(Z) itself (non-negative) the decision is equality, in both directions
        let r = z.relu();
        prop_assert_eq!(two_column_relu_nuclear_le(&r), Ok(true));
    }

    /// Exact enclosure of the nuclear norm of a random symmetric rational matrix contains the
    /// `f64` value (the two implementations agree).
    #[test]
    fn symmetric_enclosure_matches_f64(m in rational_matrix(3, 3)) {
        let sym = m.add(&m.transpose());
        if let Ok((lo, hi)) = symmetric_nuclear_enclosure(&sym, &q(1, 1_000_000)) {
            let f = nuclear(&to_f64(&sym));
            prop_assert!(q_to_f64(&lo) <= f * (1.0 + 1e-9) + 1e-9, "{} > {}", q_to_f64(&lo), f);
            prop_assert!(f <= q_to_f64(&hi) * (1.0 + 1e-9) + 1e-9, "{} > {}", f, q_to_f64(&hi));
            prop_assert!(&hi - &lo <= q(3, 1_000_000));
        }
    }

    /// The reduced objective equals the explicit three-matrix loss of the model built from Z
    /// (K = 2 and K = 3, n = 1..3, λ_W ≠ λ_H).
    #[test]
    fn reduced_objective_is_the_explicit_loss(
        k in 2usize..4, extra in 0usize..2, n in 1usize..4,
        lw in 1e-3f64..1e-1, lh in 1e-3f64..1e-1,
        v in proptest::collection::vec(-2.0f64..2.0, 20),
    ) {
        let d = k + extra;
        let z = DMatrix::from_fn(d, k, |i, j| v[i * k + j]);
        let (r, e) = (reduced(&z, n as f64, lw, lh), explicit_loss(&z, n, lw, lh));
        prop_assert!((r - e).abs() <= 1e-9 * r.abs().max(1.0), "reduced {r} vs explicit {e}");
    }
}

#[test]
fn the_lemma_fails_at_three_and_four_columns() {
    // K = 3: exact
    let fact = three_class_counterexample()
        .unwrap()
        .expect("the K = 3 counterexample separates");
    assert!(fact.to_string().contains("||relu(Z)||_* >="), "{fact}");
    let z3 = DMatrix::from_row_slice(3, 3, &[1.0, 2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 2.0, -1.0]);
    let ratio = nuclear(&relu(&z3)) / nuclear(&z3);
    assert!((1.04..1.05).contains(&ratio), "{ratio}");
    // K = 4: f64 (integer search), ratio ≈ 1.037, far above rounding
    let z4 = DMatrix::from_row_slice(
        4,
        4,
        &[
            0.0, 2.0, 1.0, 2.0, 1.0, 2.0, 0.0, 2.0, 2.0, 2.0, -1.0, 0.0, -1.0, 0.0, 2.0, 2.0,
        ],
    );
    let ratio = nuclear(&relu(&z4)) / nuclear(&z4);
    assert!(ratio > 1.03, "{ratio}");
    // a non-negative symmetric matrix is not a counterexample (σ(Z) = Z)
    let z = QMatrix::from_int_fn(2, 2, |i, j| [[2, 1], [1, 0]][i][j]);
    assert_eq!(relu_raises_nuclear_symmetric(&z), Ok(None));
}

/// At K = 2 the reduced objective's minimum over Z = aI (a DNC point) is DNC's family loss:
/// K min_a [s a + (λ_W/2)/(a² + Kλ_W)] = ℓ_DNC, for n ≠ 1 and λ_W ≠ λ_H too.
#[test]
fn reduced_objective_on_dnc_points_is_the_dnc_loss() {
    for (n, lw, lh) in [
        (1u64, q(1, 100), q(1, 100)),
        (3, q(1, 50), q(1, 200)),
        (2, q(1, 20), q(1, 30)),
    ] {
        let p = MseParams::new(2, 2, lw.clone(), lh.clone(), n).unwrap();
        let (lwf, lhf) = (q_to_f64(&lw), q_to_f64(&lh));
        let s = (n as f64 * lwf * lhf).sqrt();
        let h = |a: f64| 2.0 * (s * a + 0.5 * lwf / (a * a + 2.0 * lwf));
        // golden-section search on [0, 2] (h is unimodal there for these parameters)
        let (mut lo, mut hi) = (0.0f64, 2.0f64);
        let phi = (5f64.sqrt() - 1.0) / 2.0;
        for _ in 0..200 {
            let (m1, m2) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
            if h(m1) < h(m2) { hi = m2 } else { lo = m1 }
        }
        let best = h(0.5 * (lo + hi)).min(h(0.0));
        let dnc = dnc_loss(&p);
        assert!(
            (best - dnc).abs() <= 1e-10,
            "n = {n}: reduced {best} vs DNC {dnc}"
        );
        // and the explicit model at Z = aI has that loss
        let a = 0.5 * (lo + hi);
        let z = DMatrix::from_diagonal_element(2, 2, a);
        assert!((explicit_loss(&z, n as usize, lwf, lhf) - best).abs() <= 1e-10);
    }
}
