//! Tests of `ncverify::ce::family` (`src/ce/family.rs`).

use ncverify::ce::family::*;
use ncverify::kernel::arith::rational::{q, qi};
use ncverify::kernel::ce::CeError;
use ncverify::kernel::{Q, QMatrix};

fn reference_model(layers: u32) -> CeUfm {
    CeUfm::new(4, layers, q(1, 1000), 1).unwrap()
}

#[test]
fn reference_numbers_reproduce_with_l_counting_weight_layers() {
    let m = reference_model(3);
    let dnc = m.minimise(Family::Dnc).unwrap();
    let paired = m.minimise(Family::Paired).unwrap();
    assert!((dnc.loss - 0.0179748483).abs() < 1e-10, "{dnc:?}");
    assert!((paired.loss - 0.0165951760).abs() < 1e-10, "{paired:?}");
    // the other reading (L = 3 factors, i.e. 2 weight layers) does not reproduce them
    let other = reference_model(2).minimise(Family::Dnc).unwrap();
    assert!((other.loss - 0.0179748483).abs() > 1e-4);
}

#[test]
fn tiny_lambda_minimum_matches_a_fine_scan() {
    // λ = 1e-9: the basin (α ≈ 22) is far below α_max ≈ 1e10
    let m = CeUfm::new(4, 3, q(1, 1_000_000_000), 1).unwrap();
    let min = m.minimise(Family::Dnc).unwrap();
    let scan = (1..=100_000)
        .map(|i| m.loss(Family::Dnc, i as f64 / 1000.0))
        .fold(f64::INFINITY, f64::min);
    assert!(
        min.loss <= scan + 1e-15 && (min.scale - 22.275).abs() < 0.01,
        "{min:?}"
    );
}

#[test]
fn extreme_lambdas_give_finite_minima_or_an_error() {
    // λ = 1e-18: C = 6e-18 is below the rounding of the fit, the basin is near α ≈ 45
    for fam in [Family::Dnc, Family::Paired] {
        let m = CeUfm::new(4, 3, Q::new(1.into(), num_traits::pow(10.into(), 18)), 1).unwrap();
        let min = m.minimise(fam).unwrap();
        let scan = (1..=200_000)
            .map(|i| m.loss(fam, i as f64 / 1000.0))
            .fold(f64::INFINITY, f64::min);
        assert!(
            min.loss.is_finite() && min.loss <= scan * (1.0 + 1e-9),
            "{fam}: {min:?}"
        );
        assert!(min.scale > 30.0 && min.scale < 60.0, "{fam}: {min:?}");
        // λ = 1e308 and 1e400: the minimum is log K at α = 0
        for e in [308usize, 400] {
            let big = CeUfm::new(4, 3, Q::from_integer(num_traits::pow(10.into(), e)), 1).unwrap();
            let min = big.minimise(fam).unwrap();
            assert_eq!(min.scale, 0.0);
            assert!((min.loss - 4f64.ln()).abs() < 1e-15, "{fam} 1e{e}: {min:?}");
        }
        // λ = 1e-400 underflows f64: an error, not a panic
        let tiny = CeUfm::new(4, 3, Q::new(1.into(), num_traits::pow(10.into(), 400)), 1).unwrap();
        assert_eq!(tiny.minimise(fam), Err(MinimiseError::ScaleBoundOverflow));
    }
}

#[test]
fn patterns_are_the_hand_matrices() {
    let p = Family::Paired.pattern(3).unwrap();
    let want = QMatrix::from_int_fn(3, 3, |i, j| [[1, -1, 0], [-1, 1, 0], [0, 0, 1]][i][j]);
    assert_eq!(p, want);
    let s = Family::Dnc.pattern(2).unwrap();
    assert_eq!(s.get(0, 1), &q(-1, 2));
}

#[test]
fn explicit_fit_encloses_reduced_fit() {
    for k in [2usize, 3, 4, 5] {
        for fam in [Family::Dnc, Family::Paired] {
            let m = CeUfm::new(k, 2, q(1, 100), 2).unwrap();
            let a = q(7, 3);
            let red = fit_bits(fam, k, &a, 64).unwrap();
            let exp = m.fit_explicit_bits(fam, &a, 64).unwrap();
            assert!(red.overlaps(&exp), "K={k} {fam}: {red} vs {exp}");
        }
    }
}

#[test]
fn grouped_regulariser_equals_sum_over_singular_values() {
    for k in [2usize, 5, 8] {
        let m = CeUfm::new(k, 3, q(1, 100), 3).unwrap();
        for fam in [Family::Dnc, Family::Paired] {
            let a = 2.5;
            let direct = fam.fit(k, a) + m.regulariser_of(&fam.singular_values(k, 3, a));
            assert!((m.loss(fam, a) - direct).abs() < 1e-14);
        }
    }
}

#[test]
fn domain_errors() {
    assert_eq!(CeUfm::new(1, 1, qi(1), 1), Err(CeError::TooFewClasses(1)));
    assert_eq!(CeUfm::new(2, 0, qi(1), 1), Err(CeError::NoLayers));
    assert_eq!(CeUfm::new(2, 1, qi(1), 0), Err(CeError::NoSamples));
    assert_eq!(CeUfm::new(2, 1, qi(0), 1), Err(CeError::NonPositiveLambda));
}

#[test]
fn a_failed_enclosure_is_an_error() {
    let m = reference_model(3);
    assert_eq!(
        m.loss_enclosure(Family::Dnc, &qi(-1), &q(1, 1000)),
        Err(CeError::NegativeScale)
    );
    assert_eq!(
        m.loss_enclosure(Family::Dnc, &qi(1), &qi(0)),
        Err(CeError::NonPositiveTolerance)
    );
}
