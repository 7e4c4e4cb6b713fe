//! Tests of `ncverify::metrics::exact` (`src/metrics/exact.rs`).

use ncverify::kernel::arith::rational::q;
use ncverify::kernel::arith::rational::{Q, qi};
use ncverify::metrics::MetricError;
use ncverify::metrics::exact::*;
use proptest::prelude::*;

fn v(xs: &[i64]) -> Vec<Q> {
    xs.iter().map(|&x| qi(x)).collect()
}

/// Hand-computed: class 0 = {(0,0), (2,0)}, class 1 = {(4,0), (4,2)}:
/// μ₀ = (1,0), μ₁ = (4,1), Var₀ = 1, Var₁ = 1, ‖μ₀−μ₁‖² = 10, V = 2/20 = 1/10.
#[test]
fn hand_computed_two_classes() {
    let s = vec![vec![v(&[0, 0]), v(&[2, 0])], vec![v(&[4, 0]), v(&[4, 2])]];
    assert_eq!(mean(&s[1]), Ok(vec![qi(4), qi(1)]));
    assert_eq!(variance(&s[0]), Ok(qi(1)));
    assert_eq!(cdnv(&s).unwrap()[0][1], Some(q(1, 10)));
    assert_eq!(ncc_errors(&s), Ok(vec![qi(0), qi(0)]));
    let rows = cdnv_bounds_ncc_error(&s).unwrap().unwrap();
    assert_eq!(rows[0], (qi(0), Some(q(2, 5))));
}

/// A tie counts as an error: class 0 = {(0), (2)}, class 1 = {(2), (4)}: μ = 1, 3; the sample
/// 2 of each class is equidistant. err = 1/2 each; Var = 1, ‖μ₀−μ₁‖² = 4: bound 4·1/4 = 1.
#[test]
fn ties_are_errors_and_still_bounded() {
    let s = vec![vec![v(&[0]), v(&[2])], vec![v(&[2]), v(&[4])]];
    assert_eq!(ncc_errors(&s), Ok(vec![q(1, 2), q(1, 2)]));
    let rows = cdnv_bounds_ncc_error(&s).unwrap().unwrap();
    assert_eq!(rows[1], (q(1, 2), Some(qi(1))));
}

#[test]
fn empty_classes_and_ragged_samples_are_errors() {
    let s = vec![vec![v(&[0, 0])], vec![]];
    assert_eq!(cdnv(&s), Err(MetricError::EmptyClass { class: 1 }));
    assert_eq!(mean(&[]), Err(MetricError::EmptyClass { class: 0 }));
    let ragged = vec![vec![v(&[0, 0]), v(&[1])]];
    let e = cdnv_bounds_ncc_error(&ragged).unwrap_err();
    assert_eq!(
        e.to_string(),
        "samples: class 0 sample 1 has dimension 1, expected 2"
    );
    assert!(ncc_errors(&ragged).is_err() && variance(&ragged[0]).is_err());
}

prop_compose! {
    /// K in 2..=4 classes of 1..=4 rational samples in Q^d, d in 1..=3, entries p/q small.
    fn rational_samples()(k in 2usize..=4, d in 1usize..=3)
        (classes in proptest::collection::vec(
            proptest::collection::vec(
                proptest::collection::vec((-6i64..=6, 1i64..=3).prop_map(|(a, b)| q(a, b)), d),
                1..=4),
            k)) -> Vec<Vec<Vec<Q>>> {
        classes
    }
}

prop_compose! {
    /// As [`rational_samples`] but every class has the same number n of samples.
    fn equal_size_samples()(k in 2usize..=4, d in 1usize..=3, n in 1usize..=4)
        (classes in proptest::collection::vec(
            proptest::collection::vec(
                proptest::collection::vec((-6i64..=6, 1i64..=3).prop_map(|(a, b)| q(a, b)), d),
                n),
            k)) -> Vec<Vec<Vec<Q>>> {
        classes
    }
}

proptest! {
    #[test]
    fn lemma_holds_on_rational_samples(s in rational_samples()) {
        prop_assert!(matches!(cdnv_bounds_ncc_error(&s), Ok(Ok(_))), "{:?}", cdnv_bounds_ncc_error(&s));
    }

    #[test]
    fn exact_cdnv_matches_f64(s in equal_size_samples()) {
        use num_traits::ToPrimitive;
        let (k, n, d) = (s.len(), s[0].len(), s[0][0].len());
        let h = nalgebra::DMatrix::from_fn(d, k * n, |r, i| s[i / n][i % n][r].to_f64().unwrap());
        let vf = ncverify::metrics::cdnv(&h, k, n).unwrap();
        let vq = cdnv(&s).unwrap();
        for i in 0..k {
            for j in 0..k {
                if let Some(x) = &vq[i][j] {
                    let x = x.to_f64().unwrap();
                    prop_assert!((x - vf[(i, j)]).abs() <= 1e-12 * (1.0 + x.abs()));
                }
            }
        }
    }
}
