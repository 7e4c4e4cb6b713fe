//! Floating-point cross-checks of the exact srg code: the `f64` matrices are the exact ones,
//! and nalgebra's symmetric eigensolver finds the exact spectrum with its multiplicities.

use approx::assert_abs_diff_eq;
use nalgebra::{DMatrix, SymmetricEigen};
use ncverify::construct::srg::{
    Spectrum, paley_adjacency, paley_adjacency_f64, paley_params, quadratic_to_f64, spectrum,
    triangular_adjacency, triangular_adjacency_f64, triangular_incidence, triangular_incidence_f64,
    triangular_params,
};
use ncverify::kernel::QMatrix;
use num_traits::ToPrimitive;

/// Eigenvalue tolerance. The matrices have at most 36 rows with entries in {0, 1}, norm at
/// most 2(r-2) or (q-1)/2; a backward-stable eigensolver is accurate to about
/// n * ||A|| * 2^-52 ≈ 1e-13 here, so 1e-10 leaves a wide margin and still separates the
/// distinct eigenvalues (they differ by at least 1).
const EIGEN_TOL: f64 = 1e-10;

fn to_f64(m: &QMatrix) -> DMatrix<f64> {
    DMatrix::from_fn(m.rows(), m.cols(), |i, j| m.get(i, j).to_f64().unwrap())
}

/// The exact spectrum expanded to a sorted list of `f64`s, each eigenvalue repeated
/// by its (integral) multiplicity.
fn expanded(spec: &Spectrum) -> Vec<f64> {
    let mut out = Vec::new();
    for (t, m) in spec.eigenvalues.iter().zip(&spec.multiplicities) {
        let m = m
            .to_integer()
            .expect("integral multiplicity")
            .to_usize()
            .unwrap();
        out.extend(std::iter::repeat_n(quadratic_to_f64(t), m));
    }
    out.sort_by(f64::total_cmp);
    out
}

fn numeric_eigenvalues(a: DMatrix<f64>) -> Vec<f64> {
    let mut ev: Vec<f64> = SymmetricEigen::new(a).eigenvalues.iter().copied().collect();
    ev.sort_by(f64::total_cmp);
    ev
}

fn assert_spectra_agree(name: &str, a: DMatrix<f64>, spec: &Spectrum) {
    let exact = expanded(spec);
    let numeric = numeric_eigenvalues(a);
    assert_eq!(
        exact.len(),
        numeric.len(),
        "{name}: multiplicities sum to the order"
    );
    for (e, x) in exact.iter().zip(&numeric) {
        assert_abs_diff_eq!(*e, *x, epsilon = EIGEN_TOL);
    }
}

#[test]
fn f64_matrices_equal_the_exact_ones() {
    for r in 0..=8 {
        assert_eq!(
            triangular_adjacency_f64(r),
            to_f64(&triangular_adjacency(r).unwrap())
        );
        assert_eq!(
            triangular_incidence_f64(r),
            to_f64(&triangular_incidence(r).unwrap())
        );
    }
    for q in [5, 13, 17] {
        assert_eq!(
            paley_adjacency_f64(q).unwrap(),
            to_f64(&paley_adjacency(q).unwrap())
        );
    }
    assert!(paley_adjacency_f64(15).is_err());
}

#[test]
fn triangular_f64_eigenvalues_match_the_exact_spectrum() {
    for r in 4..=9u64 {
        let spec = spectrum(&triangular_params(r).unwrap()).unwrap();
        assert_spectra_agree(
            &format!("T({r})"),
            triangular_adjacency_f64(r as usize),
            &spec,
        );
    }
}

#[test]
fn paley_f64_eigenvalues_match_the_irrational_exact_spectrum() {
    for q in [5u64, 13, 17, 29] {
        let spec = spectrum(&paley_params(q).unwrap()).unwrap();
        assert!(!spec.r().is_rational(), "P({q}) has irrational eigenvalues");
        // (-1 ± √q)/2 in floating point, independently of quadratic_to_f64
        let root = (q as f64).sqrt();
        assert_abs_diff_eq!(
            quadratic_to_f64(spec.r()),
            (-1.0 + root) / 2.0,
            epsilon = 1e-14
        );
        assert_spectra_agree(&format!("P({q})"), paley_adjacency_f64(q).unwrap(), &spec);
    }
}

#[test]
fn f64_incidence_identities() {
    for r in 2..=8usize {
        let b = triangular_incidence_f64(r);
        let a = triangular_adjacency_f64(r);
        let k = b.ncols();
        let bbt =
            DMatrix::<f64>::identity(r, r) * (r as f64 - 2.0) + DMatrix::from_element(r, r, 1.0);
        assert_eq!(&b * b.transpose(), bbt, "r = {r}");
        assert_eq!(
            b.transpose() * &b,
            DMatrix::<f64>::identity(k, k) * 2.0 + a,
            "r = {r}"
        );
    }
}
