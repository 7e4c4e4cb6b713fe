//! Property tests of the interval kernel: widths obey the requested tolerance and the
//! enclosures satisfy the identities of the functions they enclose.

use ncverify::kernel::Q;
use ncverify::kernel::arith::interval::{QInterval, cos, exp, exp_bits, ln, ln_bits, pow_rational};
use ncverify::kernel::arith::rational::{q, qi};
use proptest::prelude::*;

prop_compose! {
    /// A tolerance $10^{-k}$, $1 \le k \le 40$.
    fn tolerance()(k in 1u32..40) -> Q {
        Q::new(1.into(), num_traits::pow(num_bigint::BigInt::from(10), k as usize))
    }
}

prop_compose! {
    /// A rational $a/1000 + 1/b$ in $[-30, 31]$ with a non-dyadic denominator in general.
    fn moderate()(num in -30_000i64..30_000, den in 1i64..998) -> Q {
        q(num, 1000) + q(1, den)
    }
}

prop_compose! {
    /// A positive rational $a/b$ with $1 \le a, b \le 10^6$.
    fn positive()(a in 1i64..1_000_000, b in 1i64..1_000_000) -> Q {
        q(a, b)
    }
}

prop_compose! {
    /// An interval [a, a + w] with a point inside, all with small integer parts over 7.
    fn interval_with_point()(a in -20i64..20, w in 0i64..20)(t in 0..=w, a in Just(a), w in Just(w))
        -> (QInterval, Q) {
        (QInterval::new(q(a, 7), q(a + w, 7)).unwrap(), q(a + t, 7))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arithmetic_encloses_pointwise_results((x, a) in interval_with_point(), (y, b) in interval_with_point()) {
        // inclusion: a ∈ X, b ∈ Y implies a∘b ∈ X∘Y, for every sign pattern
        prop_assert!((&x * &y).contains(&(&a * &b)));
        prop_assert!((&x + &y).contains(&(&a + &b)));
        prop_assert!((&x - &y).contains(&(&a - &b)));
        prop_assert!(x.pow_u(2).contains(&(&a * &a)));
        if let Ok(d) = x.div(&y) {
            prop_assert!(d.contains(&(&a / &b)));
        }
    }

    #[test]
    fn exp_width_below_tolerance_and_additive(a in moderate(), b in moderate(), tol in tolerance()) {
        let ea = exp(&a, &tol).unwrap();
        prop_assert!(ea.width() <= tol);
        let eb = exp(&b, &tol).unwrap();
        let eab = exp(&(&a + &b), &tol).unwrap();
        // e^a e^b = e^{a+b}
        prop_assert!((&ea * &eb).overlaps(&eab));
    }

    #[test]
    fn ln_inverts_exp(x in moderate(), tol in tolerance()) {
        let e = exp(&x, &tol).unwrap();
        let back = ln_bits(&e, 120).unwrap();
        prop_assert!(back.contains(&x), "ln(exp({})) = {}", x, back);
    }

    #[test]
    fn ln_width_and_product_rule(a in positive(), b in positive(), tol in tolerance()) {
        let la = ln(&a, &tol).unwrap();
        prop_assert!(la.width() <= tol);
        let lb = ln(&b, &tol).unwrap();
        let lab = ln(&(&a * &b), &tol).unwrap();
        prop_assert!((&la + &lb).overlaps(&lab));
    }

    #[test]
    fn double_angle_for_cos(x in moderate(), tol in tolerance()) {
        let c = cos(&x, &tol).unwrap();
        let c2 = cos(&(&x * qi(2)), &tol).unwrap();
        prop_assert!(c.width() <= tol && c2.width() <= tol);
        // cos 2x = 2 cos^2 x - 1
        let rhs = &c.pow_u(2).scale(&qi(2)) - &QInterval::point(qi(1));
        prop_assert!(rhs.overlaps(&c2), "2 cos^2 x - 1 = {} against cos 2x = {}", rhs, c2);
    }

    #[test]
    fn rational_power_brackets_the_root(x in positive(), p in -4i64..5, r in 1u32..6, tol in tolerance()) {
        let iv = pow_rational(&x, p, r, &tol).unwrap();
        prop_assert!(iv.width() <= tol);
        // lo^q <= x^p <= hi^q
        let xp = num_traits::pow(if p >= 0 { x.clone() } else { x.recip() }, p.unsigned_abs() as usize);
        let lo_q = num_traits::pow(iv.lo().clone(), r as usize);
        let hi_q = num_traits::pow(iv.hi().clone(), r as usize);
        prop_assert!(lo_q <= xp && xp <= hi_q);
    }

    #[test]
    fn exp_is_monotone_on_intervals(a in moderate(), d in 1i64..10_000) {
        let b = &a + q(d, 1000);
        let iv = QInterval::new(a.clone(), b.clone()).unwrap();
        let e = exp_bits(&iv, 80).unwrap();
        let tol = q(1, 1_000_000_000);
        prop_assert!(e.overlaps(&exp(&a, &tol).unwrap()));
        prop_assert!(e.overlaps(&exp(&b, &tol).unwrap()));
        prop_assert!(e.lo() < e.hi());
    }
}

#[test]
fn large_arguments_stay_rigorous() {
    // e^{-1000} e^{1000} = 1
    let tol = q(1, 1_000_000);
    let small = exp_bits(&QInterval::point(qi(-1000)), 64).unwrap();
    let big = exp_bits(&QInterval::point(qi(1000)), 64).unwrap();
    assert!(small.is_positive());
    assert!((&small * &big).contains(&qi(1)));
    // ln(e^{1000}) contains 1000, to within the requested width
    let l = ln_bits(&big, 64).unwrap();
    assert!(l.contains(&qi(1000)));
    assert!(exp(&qi(50), &tol).unwrap().width() <= tol);
}
