//! Cross-checks of the CE family losses: Schatten reduction vs explicit matrices (f64 SVD),
//! f64 vs the kernel's enclosures, f64 cross-entropy vs its enclosure on random rational
//! logits, the kernel's certified DNC critical-point counts vs an f64 grid, and kernel
//! failures that must surface as errors.

use nalgebra::DMatrix;
use ncverify::ce::family::{CeUfm, Family};
use ncverify::ce::loss::{cross_entropy, cross_entropy_enclosure};
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::{q, qi};
use ncverify::kernel::ce::critical::dnc_critical_points;
use ncverify::kernel::ce::{CeError, CeParams, DEFAULT_MAX_BITS, compare_families};
use ncverify::strategies::{ce_family, ce_scale, ce_ufm};
use num_traits::ToPrimitive;
use proptest::prelude::*;

prop_compose! {
    /// Integer logits with gaps up to `gap` and valid labels: (K, N, entries, labels).
    fn logits(gap: i64)(k in 2usize..5, n in 1usize..4)
        (entries in proptest::collection::vec(-gap..=gap, k * n),
         labels in proptest::collection::vec(0..k, n), k in Just(k), n in Just(n))
        -> (usize, usize, Vec<i64>, Vec<usize>) {
        (k, n, entries, labels)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn reduction_matches_explicit_matrix(m in ce_ufm(), fam in ce_family(), a in ce_scale()) {
        let af = a.to_f64().unwrap();
        let reduced = m.loss(fam, af);
        let explicit = m.loss_explicit(fam, af, 1e-12).unwrap();
        prop_assert!((reduced - explicit).abs() <= 1e-9 * (1.0 + reduced.abs()),
            "{fam} {m:?} a={af}: reduced {reduced} explicit {explicit}");
    }

    #[test]
    fn f64_loss_lies_in_enclosure(m in ce_ufm(), fam in ce_family(), a in ce_scale()) {
        let iv = m.loss_enclosure(fam, &a, &q(1, 1_000_000_000_000)).unwrap();
        let f = m.loss(fam, a.to_f64().unwrap());
        let slack = 1e-13 * (1.0 + f.abs());
        prop_assert!(iv.lo().to_f64().unwrap() - slack <= f && f <= iv.hi().to_f64().unwrap() + slack);
    }

    #[test]
    fn cross_entropy_f64_lies_in_enclosure((k, n, e, labels) in logits(1_000_000)) {
        let z = QMatrix::from_int_fn(k, n, |i, j| e[i * n + j]);
        let zf = DMatrix::from_fn(k, n, |i, j| e[i * n + j] as f64);
        let f = cross_entropy(&zf, &labels).unwrap();
        let iv = cross_entropy_enclosure(&z, &labels, &q(1, 1_000_000_000)).unwrap();
        let slack = 4.0 * f64::EPSILON * (1.0 + f.abs());
        prop_assert!(f.is_finite());
        prop_assert!(iv.lo().to_f64().unwrap() - slack <= f && f <= iv.hi().to_f64().unwrap() + slack,
            "f64 {f} vs {iv}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Where f64 sees a clear gap between the families, the kernel decides the same order.
    #[test]
    fn kernel_order_agrees_with_a_clear_f64_gap(m in ce_ufm(), a in ce_scale()) {
        let af = a.to_f64().unwrap();
        let gap = m.loss(Family::Paired, af) - m.loss(Family::Dnc, af);
        prop_assume!(gap.abs() > 1e-9);
        let o = compare_families(m.params(), &a, &q(1, 1_000_000_000_000), DEFAULT_MAX_BITS).unwrap();
        prop_assert_eq!(o.order(), if gap < 0.0 { std::cmp::Ordering::Less } else { std::cmp::Ordering::Greater });
    }
}

/// Sign changes of $c - f$, $c = \lambda n^{1/(L+1)}$, on a log-spaced f64 grid of
/// $[10^{-30}, 10^2]$ (untrusted: the cross-check that used to veto the checker).
fn f64_root_count(k: usize, layers: u32, lambda: f64, n: u64) -> usize {
    let p = (f64::from(layers) - 1.0) / (f64::from(layers) + 1.0);
    let c = lambda * (n as f64).powf(1.0 / (f64::from(layers) + 1.0));
    let f = |a: f64| a.powf(p) * (-a).exp() / (1.0 + (k as f64 - 1.0) * (-a).exp());
    let grid: Vec<f64> = (0..200_000)
        .map(|i| 10f64.powf(-30.0 + 32.0 * i as f64 / 200_000.0))
        .collect();
    grid.windows(2)
        .filter(|w| (f(w[0]) - c).signum() != (f(w[1]) - c).signum())
        .count()
}

#[test]
fn certified_critical_counts_agree_with_an_f64_grid() {
    let lambdas = [q(1, 1_000_000), q(1, 1000), q(1, 50), q(1, 20), q(1, 5)];
    for (k, l, n) in ncverify::claims::ce::CRITICAL_SAMPLES {
        for lam in &lambdas {
            let certified = dnc_critical_points(k, l, lam, n, 80).unwrap();
            let numeric = f64_root_count(k, l, lam.to_f64().unwrap(), n);
            assert_eq!(
                certified.count(),
                numeric,
                "K={k}, L={l}, n={n}, lambda={lam}"
            );
            // each certified bracket holds one f64 sign change
            for (lo, hi) in certified.roots() {
                let p = (f64::from(l) - 1.0) / (f64::from(l) + 1.0);
                let c = lam.to_f64().unwrap() * (n as f64).powf(1.0 / (f64::from(l) + 1.0));
                let f = |a: f64| a.powf(p) * (-a).exp() / (1.0 + (k as f64 - 1.0) * (-a).exp()) - c;
                let (a, b) = (lo.to_f64().unwrap(), hi.to_f64().unwrap());
                assert!(
                    f(a) * f(b) <= 0.0 || (b - a) < 1e-12 * b,
                    "K={k}: [{a}, {b}]"
                );
            }
        }
    }
}

#[test]
fn kernel_failures_are_errors_never_values() {
    // a precision cap of 0 bits: the enclosure cannot reach any tolerance
    let p = CeParams::new(4, 3, q(1, 1000), 1).unwrap();
    assert_eq!(
        compare_families(&p, &qi(8), &q(1, 1_000_000_000), 0).unwrap_err(),
        CeError::PrecisionExhausted { max_bits: 0 }
    );
    let m = CeUfm::new(4, 3, q(1, 1000), 1).unwrap();
    assert_eq!(
        m.loss_enclosure(Family::Paired, &qi(-2), &q(1, 1000)),
        Err(CeError::NegativeScale)
    );
    assert!(dnc_critical_points(4, 3, &q(1, 1000), 1, 0).is_err());
}
