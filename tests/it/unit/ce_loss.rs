//! Tests of `ncverify::ce::loss` (`src/ce/loss.rs`).

use nalgebra::DMatrix;
use ncverify::ce::loss::*;
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::q;
use num_traits::ToPrimitive;

#[test]
fn hand_fixtures() {
    // two equal logits: log 2
    let z = DMatrix::from_row_slice(2, 1, &[0.0, 0.0]);
    assert!((cross_entropy(&z, &[0]).unwrap() - 2f64.ln()).abs() < 1e-15);
    // K = 3, logits (1, 0, 0), label 0: log(1 + 2/e)
    let z = DMatrix::from_row_slice(3, 1, &[1.0, 0.0, 0.0]);
    let want = (1.0 + 2.0 * (-1f64).exp()).ln();
    assert!((cross_entropy(&z, &[0]).unwrap() - want).abs() < 1e-15);
}

#[test]
fn huge_gaps_stay_finite_and_accurate() {
    // gap 1e6: the wrong label costs the gap, the right one e^{-1e6} (underflows to 0)
    let z = DMatrix::from_row_slice(2, 2, &[0.0, 1e6, 1e6, 0.0]);
    let wrong = cross_entropy(&DMatrix::from_row_slice(2, 1, &[0.0, 1e6]), &[0]).unwrap();
    assert_eq!(wrong, 1e6);
    let right = cross_entropy(&DMatrix::from_row_slice(2, 1, &[1e6, 0.0]), &[0]).unwrap();
    assert_eq!(right, 0.0);
    assert_eq!(cross_entropy(&z, &[0, 0]).unwrap(), 5e5);
    // gap 40: loss log(1 + e^{-40}) ≈ e^{-40}, relative accuracy kept by log1p
    let small = cross_entropy(&DMatrix::from_row_slice(2, 1, &[40.0, 0.0]), &[0]).unwrap();
    assert!((small / (-40f64).exp() - 1.0).abs() < 1e-15);
}

#[test]
fn f64_agrees_with_enclosure_for_large_gaps() {
    let tol = q(1, 1_000_000_000_000);
    for gap in [1i64, 40, 700, 1_000_000, 1_000_000_000_000] {
        let z = QMatrix::from_int_fn(3, 2, |i, j| if i == j { gap } else { 0 });
        let labels = [0usize, 0];
        let iv = cross_entropy_enclosure(&z, &labels, &tol).unwrap();
        let zf = DMatrix::from_fn(3, 2, |i, j| if i == j { gap as f64 } else { 0.0 });
        let f = cross_entropy(&zf, &labels).unwrap();
        let lo = iv.lo().to_f64().unwrap();
        let hi = iv.hi().to_f64().unwrap();
        let scale = f.abs().max(1e-300);
        assert!(
            lo - 4.0 * f64::EPSILON * scale <= f && f <= hi + 4.0 * f64::EPSILON * scale,
            "gap {gap}: f64 {f} outside [{lo}, {hi}]"
        );
    }
}

#[test]
fn bad_input_is_an_error() {
    let z = DMatrix::from_row_slice(2, 1, &[0.0, f64::NAN]);
    assert_eq!(
        cross_entropy(&z, &[0]),
        Err(CeLossError::NonFinite { row: 1, column: 0 })
    );
    assert!(matches!(
        cross_entropy(&z, &[2]),
        Err(CeLossError::LabelOutOfRange { .. })
    ));
    assert!(matches!(
        cross_entropy(&z, &[]),
        Err(CeLossError::LabelCount { .. })
    ));
}
