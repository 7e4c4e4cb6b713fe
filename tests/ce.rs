//! Cross-checks of the CE family losses: Schatten reduction vs explicit matrices (f64 SVD),
//! f64 vs exact enclosures, and f64 cross-entropy vs its enclosure on random rational logits.

use nalgebra::DMatrix;
use ncverify::ce::family::{CeUfm, Family};
use ncverify::ce::loss::{cross_entropy, cross_entropy_enclosure};
use ncverify::kernel::rational::q;
use ncverify::kernel::{Q, QMatrix};
use num_traits::ToPrimitive;
use proptest::prelude::*;

prop_compose! {
    /// A model: K in 2..8, L in 1..6, λ = a/10^4, n in 1..4.
    fn model()(k in 2usize..8, l in 1u32..6, lam in 1i64..1000, n in 1u64..4) -> CeUfm {
        CeUfm::new(k, l, q(lam, 10_000), n).unwrap()
    }
}

prop_compose! {
    /// A scale a/100 in (0, 20].
    fn scale()(a in 1i64..=2000) -> Q {
        q(a, 100)
    }
}

prop_compose! {
    /// Integer logits with gaps up to `gap` and valid labels: (K, N, entries, labels).
    fn logits(gap: i64)(k in 2usize..5, n in 1usize..4)
        (entries in proptest::collection::vec(-gap..=gap, k * n),
         labels in proptest::collection::vec(0..k, n), k in Just(k), n in Just(n))
        -> (usize, usize, Vec<i64>, Vec<usize>) {
        (k, n, entries, labels)
    }
}

fn family() -> impl Strategy<Value = Family> {
    prop_oneof![Just(Family::Dnc), Just(Family::Paired)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn reduction_matches_explicit_matrix(m in model(), fam in family(), a in scale()) {
        let af = a.to_f64().unwrap();
        let reduced = m.loss(fam, af);
        let explicit = m.loss_explicit(fam, af, 1e-12);
        prop_assert!((reduced - explicit).abs() <= 1e-9 * (1.0 + reduced.abs()),
            "{fam} {m:?} a={af}: reduced {reduced} explicit {explicit}");
    }

    #[test]
    fn f64_loss_lies_in_enclosure(m in model(), fam in family(), a in scale()) {
        let iv = m.loss_enclosure(fam, &a, &q(1, 1_000_000_000_000));
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
