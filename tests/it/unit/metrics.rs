//! Tests of `ncverify::metrics` (`src/metrics/mod.rs`).

use nalgebra::DMatrix;
use ncverify::metrics::*;

/// Simplex ETF class means in R^K (columns of S = I − J/K) with ±ε noise per sample.
fn etf_features(k: usize, n: usize, eps: f64) -> DMatrix<f64> {
    DMatrix::from_fn(k, k * n, |r, i| {
        let c = i / n;
        let s = if r == c { 1.0 } else { 0.0 } - 1.0 / k as f64;
        let sign = if (i % n).is_multiple_of(2) { 1.0 } else { -1.0 };
        s + if r == 0 { sign * eps } else { 0.0 }
    })
}

#[test]
fn exact_etf_is_collapsed() {
    let h = etf_features(4, 2, 0.0);
    let s = DMatrix::<f64>::identity(4, 4) - DMatrix::from_element(4, 4, 0.25);
    let m = collapse_metrics(&h, Some(&s), None, 4, 2, MetricTolerances::default()).unwrap();
    assert_eq!(m.nc1, 0.0);
    assert!(m.nc2.equinorm < 1e-15 && m.nc2.equiangularity < 1e-15);
    assert!(m.nc2.etf_distance < 1e-15);
    assert!(m.nc3.unwrap() < 1e-15);
    assert_eq!(m.nc4, Some(0.0));
    assert_eq!((m.cdnv_max, m.ncc_accuracy), (0.0, 1.0));
}

/// NC1 by hand: K = 2, n = 2, d = 1, features (1+e, 1-e | -1+e, -1-e): Σ_W = e², Σ_B = 1,
/// NC1 = e²/2. CDNV: Var = e², ‖μ₀−μ₁‖² = 4: V = e²/4.
#[test]
fn hand_computed_nc1_and_cdnv() {
    let e = 0.25;
    let h = DMatrix::from_row_slice(1, 4, &[1.0 + e, 1.0 - e, -1.0 + e, -1.0 - e]);
    assert!((nc1(&h, 2, 2, 1e-12).unwrap() - e * e / 2.0).abs() < 1e-15);
    assert!((cdnv(&h, 2, 2).unwrap()[(0, 1)] - e * e / 4.0).abs() < 1e-15);
    assert_eq!(ncc_accuracy(&h, 2, 2), Ok(1.0));
    // classifier w = (−1, 1) votes class 1 for positive features: NC4 = 1
    let w = DMatrix::from_row_slice(2, 1, &[-1.0, 1.0]);
    assert_eq!(nc4(&h, &w, 2, 2), Ok(1.0));
}

#[test]
fn effective_depth_is_first_separable_layer() {
    let mixed = DMatrix::from_row_slice(1, 4, &[1.0, -1.0, 1.0, -1.0]);
    let sep = etf_features(2, 2, 0.1);
    assert_eq!(
        effective_depth(&[mixed.clone(), sep.clone()], 2, 2, 0.0),
        Ok(Some(2))
    );
    assert_eq!(effective_depth(&[mixed], 2, 2, 0.0), Ok(None));
    assert_eq!(ncc_accuracy(&sep, 2, 2), Ok(1.0));
}

#[test]
fn wrong_shapes_are_errors_naming_the_argument() {
    let h = etf_features(4, 2, 0.1); // 4 x 8
    assert_eq!(
        nc1(&h, 3, 2, 1e-10),
        Err(MetricError::Columns {
            expected: Some(6),
            found: 8
        })
    );
    assert_eq!(
        class_means(&h, 0, 2),
        Err(MetricError::ZeroSize { which: "classes" })
    );
    assert_eq!(
        cdnv(&h, 4, 0),
        Err(MetricError::ZeroSize { which: "samples" })
    );
    assert!(ncc_accuracy(&h, usize::MAX, 2).is_err());
    let w = DMatrix::<f64>::zeros(3, 4);
    let e = nc4(&h, &w, 4, 2).unwrap_err();
    assert!(e.to_string().starts_with("w: shape 3x4"), "{e}");
    assert_eq!(e.parameter(), "w");
    let means = class_means(&h, 4, 2).unwrap();
    assert!(nc3(&w, &means).is_err());
    assert!(collapse_metrics(&h, Some(&w), None, 4, 2, MetricTolerances::default()).is_err());
    assert!(effective_depth(&[h.clone(), DMatrix::zeros(4, 3)], 4, 2, 0.0).is_err());
}

#[test]
fn singular_values_of_non_finite_input_are_nan() {
    let m = DMatrix::from_row_slice(2, 2, &[1.0, f64::NAN, 0.0, 1.0]);
    assert!(singular_values(&m).iter().all(|s| s.is_nan()));
}

#[test]
fn singular_values_and_rank() {
    let m = DMatrix::from_row_slice(2, 2, &[3.0, 0.0, 0.0, 1e-5]);
    assert_eq!(singular_values(&m), vec![3.0, 1e-5]);
    assert_eq!(numerical_rank(&singular_values(&m), 1e-3), 1);
}
