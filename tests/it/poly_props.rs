//! Property tests for `kernel::arith::poly`: root counting, isolation, refinement and positivity
//! against polynomials whose roots are known by construction, and the ring identities of
//! the arithmetic.

use ncverify::kernel::arith::poly::{Bound, Positivity, QPoly};
use ncverify::kernel::arith::rational::{Q, q};
use num_traits::{One, Signed, Zero};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use std::cmp::Ordering;

/// A polynomial built from its roots: `c (x^2 + b^2) prod_i (x - a_i)`, `c > 0`, `b != 0`.
#[derive(Clone, Debug)]
struct RootedPoly {
    poly: QPoly,
    /// The a_i, with repetitions.
    roots: Vec<Q>,
}

impl RootedPoly {
    /// The distinct a_i, sorted.
    fn distinct(&self) -> Vec<Q> {
        let mut d = self.roots.clone();
        d.sort();
        d.dedup();
        d
    }
}

/// `x - a`.
fn linear(a: &Q) -> QPoly {
    QPoly::new(vec![-a.clone(), Q::one()])
}

prop_compose! {
    /// A small rational n/d with |n| <= 8, 1 <= d <= 4.
    fn small_rational()(n in -8i64..=8, d in 1i64..=4) -> Q {
        q(n, d)
    }
}

prop_compose! {
    /// A positive rational n/d, 1 <= n <= 9, 1 <= d <= 5.
    fn positive_rational()(n in 1i64..=9, d in 1i64..=5) -> Q {
        q(n, d)
    }
}

prop_compose! {
    /// A non-zero rational: a positive one with a random sign.
    fn nonzero_rational()(x in positive_rational(), neg in any::<bool>()) -> Q {
        if neg { -x } else { x }
    }
}

prop_compose! {
    /// Up to six roots drawn from a pool of at most four, so that repeated roots are common.
    fn root_multiset()(pool in vec(small_rational(), 1..=4))
        (roots in vec(select(pool), 0..=6)) -> Vec<Q> {
        roots
    }
}

prop_compose! {
    /// `c (x^2 + b^2) prod (x - a_i)` with `b = n/d != 0` built directly (no filtering).
    fn rooted_poly()(roots in root_multiset(), c in positive_rational(), b in nonzero_rational())
        -> RootedPoly {
        let quad = QPoly::new(vec![&b * &b, Q::zero(), Q::one()]);
        let poly = roots
            .iter()
            .fold(quad.scale(&c), |acc, a| acc * linear(a));
        RootedPoly { poly, roots }
    }
}

/// An interval endpoint: infinite, a small rational, or one of `points` (so that endpoints
/// often sit exactly on a root).
fn bound_among(points: Vec<Q>) -> impl Strategy<Value = Bound> {
    let mut points = points;
    points.push(Q::zero());
    prop_oneof![
        1 => Just(Bound::NegInf),
        1 => Just(Bound::PosInf),
        3 => small_rational().prop_map(Bound::Finite),
        3 => select(points).prop_map(Bound::Finite),
    ]
}

prop_compose! {
    /// A rooted polynomial with two endpoints chosen near its roots.
    fn rooted_poly_and_range()(rp in rooted_poly())
        (lo in bound_among(rp.roots.clone()), hi in bound_among(rp.roots.clone()), rp in Just(rp))
        -> (RootedPoly, Bound, Bound) {
        (rp, lo, hi)
    }
}

prop_compose! {
    /// Any polynomial of degree at most `max_deg` with small rational coefficients.
    fn any_poly(max_deg: usize)(c in vec(small_rational(), 0..=max_deg + 1)) -> QPoly {
        QPoly::new(c)
    }
}

prop_compose! {
    /// A non-zero polynomial of degree at most `max_deg`: a non-zero leading coefficient is
    /// appended to arbitrary lower ones.
    fn nonzero_poly(max_deg: usize)(low in vec(small_rational(), 0..=max_deg), lead in nonzero_rational())
        -> QPoly {
        let mut c = low;
        c.push(lead);
        QPoly::new(c)
    }
}

prop_compose! {
    /// `c (x^2 - k)^2 prod (x - a_i)^2` with k not a square: non-negative everywhere, with
    /// irrational double roots +-sqrt(k) and rational double roots a_i.
    fn square_with_irrational_roots()(k in select(vec![2i64, 3, 5, 6, 7]),
        roots in vec(small_rational(), 0..=1), c in positive_rational())
        -> (QPoly, i64, Vec<Q>) {
        let quad = QPoly::from_ints(&[-k, 0, 1]);
        let base = roots.iter().fold(quad, |acc, a| acc * linear(a));
        (base.pow(2).scale(&c), k, roots)
    }
}

/// `x` lies in the half-open `(lo, hi]`.
fn in_half_open(x: &Q, lo: &Bound, hi: &Bound) -> bool {
    let b = Bound::Finite(x.clone());
    lo < &b && &b <= hi
}

/// `x` lies in the closed `[lo, hi]` (infinite ends open).
fn in_closed(x: &Q, lo: &Bound, hi: &Bound) -> bool {
    let b = Bound::Finite(x.clone());
    lo <= &b && &b <= hi
}

/// The order of `x` against `s sqrt(k)`, `s = +-1`, `k > 0` not a square.
fn cmp_signed_sqrt(x: &Q, k: i64, s: i64) -> Ordering {
    let sq = x * x;
    let k = q(k, 1);
    if s > 0 {
        if !x.is_positive() {
            Ordering::Less
        } else {
            sq.cmp(&k)
        }
    } else if !x.is_negative() {
        Ordering::Greater
    } else {
        k.cmp(&sq)
    }
}

/// `s sqrt(k)` lies in the closed `[lo, hi]`.
fn sqrt_in_closed(k: i64, s: i64, lo: &Bound, hi: &Bound) -> bool {
    let above_lo = match lo {
        Bound::NegInf => true,
        Bound::PosInf => false,
        Bound::Finite(l) => cmp_signed_sqrt(l, k, s) == Ordering::Less,
    };
    let below_hi = match hi {
        Bound::PosInf => true,
        Bound::NegInf => false,
        Bound::Finite(h) => cmp_signed_sqrt(h, k, s) == Ordering::Greater,
    };
    above_lo && below_hi
}

fn closed_nonempty(lo: &Bound, hi: &Bound) -> bool {
    match (lo, hi) {
        (Bound::Finite(a), Bound::Finite(b)) => a <= b,
        (Bound::PosInf, _) | (_, Bound::NegInf) => false,
        _ => true,
    }
}

/// A point of a non-empty closed interval.
fn sample_point(lo: &Bound, hi: &Bound) -> Q {
    match (lo, hi) {
        (Bound::Finite(a), _) => a.clone(),
        (_, Bound::Finite(b)) => b.clone(),
        _ => Q::zero(),
    }
}

proptest! {
    #[test]
    fn count_equals_distinct_roots_inside((rp, lo, hi) in rooted_poly_and_range()) {
        let expected = rp.distinct().iter().filter(|a| in_half_open(a, &lo, &hi)).count();
        prop_assert_eq!(rp.poly.count_distinct_roots(&lo, &hi), expected);
    }

    #[test]
    fn isolating_intervals_hold_exactly_the_roots_inside((rp, lo, hi) in rooted_poly_and_range()) {
        let inside: Vec<Q> = rp.distinct().into_iter().filter(|a| in_half_open(a, &lo, &hi)).collect();
        let ivs = rp.poly.isolate_roots(&lo, &hi);
        prop_assert_eq!(ivs.len(), inside.len());
        // sorted, with the k-th interval holding the k-th root and no other root, even closed
        for ((a, b), r) in ivs.iter().zip(&inside) {
            prop_assert!(a <= b);
            prop_assert!((a == b && a == r) || (a < r && r < b), "({}, {}) misses {}", a, b, r);
            let others = rp.distinct().iter().filter(|x| a <= *x && *x <= b).count();
            prop_assert_eq!(others, 1);
            prop_assert!(in_closed(a, &lo, &hi) && in_closed(b, &lo, &hi));
        }
        for w in ivs.windows(2) {
            prop_assert!(w[0].1 <= w[1].0);
        }
    }

    #[test]
    fn refinement_shrinks_and_still_brackets(rp in rooted_poly(), den in 1i64..=1000) {
        let width = q(1, den);
        let ivs = rp.poly.isolate_roots(&Bound::NegInf, &Bound::PosInf);
        for ((a, b), r) in ivs.into_iter().zip(rp.distinct()) {
            let (a2, b2) = rp.poly.refine_root((a.clone(), b.clone()), &width).unwrap();
            prop_assert!(&b2 - &a2 < width);
            prop_assert!(a <= a2 && b2 <= b);
            prop_assert!((a2 == b2 && a2 == r) || (a2 < r && r < b2));
        }
    }

    #[test]
    fn positivity_agrees_with_known_roots((rp, lo, hi) in rooted_poly_and_range()) {
        // p = c (x^2 + b^2) prod (x - a_i): p > 0 on I iff no a_i in I and p > 0 at one point
        let truly_positive = !closed_nonempty(&lo, &hi) || {
            let s = sample_point(&lo, &hi);
            let root_inside = rp.roots.iter().any(|a| in_closed(a, &lo, &hi));
            let negatives = rp.roots.iter().filter(|a| s < **a).count();
            !root_inside && negatives % 2 == 0
        };
        match rp.poly.positivity_on(&lo, &hi) {
            Positivity::Positive => prop_assert!(truly_positive),
            Positivity::NonPositiveAt(w) => {
                prop_assert!(!truly_positive);
                prop_assert!(in_closed(&w, &lo, &hi));
                prop_assert!(!rp.poly.eval(&w).is_positive());
            }
            other => prop_assert!(false, "all roots rational, yet {:?}", other),
        }
    }

    #[test]
    fn positivity_sees_irrational_double_roots((p, k, roots) in square_with_irrational_roots(),
        lo in bound_among(vec![q(3, 2), q(-3, 2)]), hi in bound_among(vec![q(3, 2), q(-3, 2)])) {
        let rational_inside = roots.iter().any(|a| in_closed(a, &lo, &hi));
        let irrational_inside = sqrt_in_closed(k, 1, &lo, &hi) || sqrt_in_closed(k, -1, &lo, &hi);
        match p.positivity_on(&lo, &hi) {
            Positivity::Positive => prop_assert!(!rational_inside && !irrational_inside),
            Positivity::NonPositiveAt(w) => {
                prop_assert!(rational_inside);
                prop_assert!(in_closed(&w, &lo, &hi) && p.eval(&w).is_zero());
            }
            Positivity::TouchesZero { lo: a, hi: b } => {
                prop_assert!(!rational_inside && irrational_inside);
                prop_assert!(a < b && in_closed(&a, &lo, &hi) && in_closed(&b, &lo, &hi));
                prop_assert!(p.eval(&a).is_positive() && p.eval(&b).is_positive());
                // (a, b) holds +sqrt(k) or -sqrt(k): a^2 - k and b^2 - k differ in sign
                let ka = &a * &a - q(k, 1);
                let kb = &b * &b - q(k, 1);
                prop_assert!(ka.signum() != kb.signum());
            }
        }
    }

    /// The root-free test used on certificates agrees with the witness-finding one on
    /// half-lines, for rational and for irrational double roots.
    #[test]
    fn positivity_by_counting_agrees_on_half_lines((rp, lo, _hi) in rooted_poly_and_range(),
        (p, _k, _roots) in square_with_irrational_roots(), a in small_rational()) {
        for (poly, start) in [(&rp.poly, Bound::Finite(a.clone())), (&p, Bound::Finite(a.clone()))] {
            let Bound::Finite(s) = &start else { unreachable!() };
            let by_witness = matches!(poly.positivity_on(&start, &Bound::PosInf), Positivity::Positive);
            prop_assert_eq!(poly.is_positive_from(s).is_ok(), by_witness);
        }
        let _ = lo;
    }

    #[test]
    fn counts_add_over_a_split(p in nonzero_poly(8), x in small_rational(), y in small_rational(), z in small_rational()) {
        let mut e = [x, y, z];
        e.sort();
        let [a, m, b] = e.map(Bound::Finite);
        let whole = p.count_distinct_roots(&a, &b);
        prop_assert_eq!(whole, p.count_distinct_roots(&a, &m) + p.count_distinct_roots(&m, &b));
        let total = p.count_distinct_roots(&Bound::NegInf, &Bound::PosInf);
        prop_assert!(total <= p.degree().unwrap());
        prop_assert_eq!(total, p.count_distinct_roots(&Bound::NegInf, &a) + whole + p.count_distinct_roots(&b, &Bound::PosInf));
    }

    #[test]
    fn div_rem_rebuilds_dividend(p in any_poly(8), d in nonzero_poly(4)) {
        // p = q d + r, deg r < deg d
        let (quot, rem) = p.div_rem(&d).unwrap();
        prop_assert_eq!(&(&quot * &d) + &rem, p);
        prop_assert!(rem.is_zero() || rem.degree() < d.degree());
    }

    #[test]
    fn gcd_divides_both_and_keeps_common_factor(f in nonzero_poly(3), g1 in any_poly(3), g2 in any_poly(3)) {
        let a = &f * &g1;
        let b = &f * &g2;
        let g = a.gcd(&b);
        if g.is_zero() {
            prop_assert!(a.is_zero() && b.is_zero());
        } else {
            prop_assert!(g.leading().unwrap().is_one());
            prop_assert!(a.div_rem(&g).unwrap().1.is_zero());
            prop_assert!(b.div_rem(&g).unwrap().1.is_zero());
            prop_assert!(g.div_rem(&f).unwrap().1.is_zero(), "common factor {} does not divide gcd {}", f, g);
        }
    }

    #[test]
    fn eval_is_a_ring_homomorphism(p in any_poly(6), r in any_poly(6), x in small_rational()) {
        prop_assert_eq!((&p * &r).eval(&x), p.eval(&x) * r.eval(&x));
        prop_assert_eq!((&p + &r).eval(&x), p.eval(&x) + r.eval(&x));
        prop_assert_eq!((&p - &r).eval(&x), p.eval(&x) - r.eval(&x));
        prop_assert_eq!(p.sign_at(&x), p.eval(&x).cmp(&Q::zero()));
    }

    #[test]
    fn compose_agrees_with_nested_eval(p in any_poly(4), r in any_poly(3), x in small_rational()) {
        prop_assert_eq!(p.compose(&r).eval(&x), p.eval(&r.eval(&x)));
    }

    #[test]
    fn squarefree_part_keeps_roots_and_drops_multiplicity(rp in rooted_poly()) {
        let s = rp.poly.squarefree_part();
        // x^2 + b^2 survives once; each distinct a_i once
        prop_assert_eq!(s.degree(), Some(2 + rp.distinct().len()));
        for a in rp.distinct() {
            prop_assert!(s.eval(&a).is_zero());
        }
        prop_assert_eq!(s.gcd(&s.derivative()), QPoly::one());
    }
}
