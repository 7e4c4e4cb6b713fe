//! Tests of `ncverify::numeric` (`src/numeric.rs`).

use nalgebra::DMatrix;
use ncverify::numeric::*;

/// The rank-one 4x5 matrix (seed 606 of `schatten.variational_lemma --full`) for which
/// nalgebra 0.35's `svd(true, true)` returns a decomposition with rebuild error 2.83.
fn seed_606() -> DMatrix<f64> {
    DMatrix::from_row_slice(
        4,
        5,
        &[
            0.3948312636221465,
            0.7073333526300107,
            0.1449001498642145,
            0.24270651432687773,
            -0.6199212605949382,
            -0.5124095301958158,
            -0.9179727754786756,
            -0.18805050298215764,
            -0.3149829875192379,
            0.8045299123117162,
            -5.981240480755373,
            -10.715288458483968,
            -2.1950709629336127,
            -3.676725128393627,
            9.391095590393261,
            -0.4531754000195083,
            -0.8118558598541146,
            -0.16631201586013142,
            -0.2785712071237664,
            0.7115269005636832,
        ],
    )
}

#[test]
fn nalgebra_fails_on_the_rank_one_regression_and_svd_does_not() {
    let m = seed_606();
    let raw = m.clone().svd(true, true).recompose().unwrap();
    // the upstream bug this function guards against (if nalgebra is fixed, this line
    // fails and the fallback can be reconsidered)
    assert!((raw - &m).norm() > 1.0);
    let d = svd(&m).unwrap();
    assert!((d.rebuild() - &m).norm() <= 1e-13 * m.norm());
    // rank one: one non-zero singular value, equal to the Frobenius norm
    assert!((d.s[0] - m.norm()).abs() <= 1e-13 * m.norm());
    assert!(d.s.iter().skip(1).all(|&x| x <= 1e-13 * m.norm()));
}

#[test]
fn jacobi_rebuilds_and_orders_in_both_orientations() {
    let m = DMatrix::from_row_slice(3, 2, &[3.0, 1.0, 1.0, 3.0, 0.0, 0.0]);
    for a in [m.clone(), m.transpose()] {
        let d = jacobi_svd(&a).unwrap();
        assert!((d.rebuild() - &a).norm() < 1e-14);
        assert!((d.s[0] - 4.0).abs() < 1e-14 && (d.s[1] - 2.0).abs() < 1e-14);
        let vvt = &d.v_t * d.v_t.transpose();
        assert!((vvt - DMatrix::identity(2, 2)).norm() < 1e-14);
    }
}

#[test]
fn random_low_rank_products_rebuild() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    for _ in 0..3_000 {
        let m = rng.random_range(1..=5usize);
        let dims: Vec<usize> = (0..=m).map(|_| rng.random_range(1..=5usize)).collect();
        let x = (0..m)
            .map(|l| DMatrix::from_fn(dims[l + 1], dims[l], |_, _| rng.random_range(-2.0..2.0)))
            .reduce(|acc, w| w * acc)
            .unwrap();
        let d = svd(&x).unwrap();
        // the documented guarantee: relative rebuild error at most 64 ε max(r, c)
        let tolerance = 64.0 * f64::EPSILON * x.nrows().max(x.ncols()) as f64;
        assert!((d.rebuild() - &x).norm() <= tolerance * x.norm());
        assert!(d.s.iter().zip(d.s.iter().skip(1)).all(|(a, b)| a >= b));
    }
}

#[test]
fn non_finite_input_is_an_error_and_zero_is_fine() {
    let mut m = DMatrix::<f64>::zeros(2, 3);
    assert_eq!(svd(&m).unwrap().s.iter().copied().sum::<f64>(), 0.0);
    m[(0, 1)] = f64::NAN;
    assert_eq!(svd(&m).unwrap_err(), SvdError::NonFinite);
    assert_eq!(jacobi_svd(&m).unwrap_err(), SvdError::NonFinite);
}
