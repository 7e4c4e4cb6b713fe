//! Property tests for the srg module and the kernel's quadratic fields.
//!
//! Generators build valid inputs directly (no filtering): simple graphs from edge bits,
//! parameter sets that satisfy the counting identity by choosing μ among the divisors of
//! k(k-λ-1), span elements from small rational coefficients.

use ncverify::construct::srg::{
    AdjacencyMatrix, BoseMesnerCoefficients, SrgParams, bose_mesner_closure,
    bose_mesner_coefficients, bose_mesner_element, feasibility, paley_adjacency, paley_params,
    spectrum, srg_scheme, triangular_adjacency, triangular_params, verify_srg, verify_srg_identity,
};
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::quadratic::Quadratic;
use ncverify::kernel::arith::rational::{Q, Z};
use ncverify::kernel::srg::scheme::CoherentConfiguration;
use num_traits::{One, ToPrimitive, Zero};
use proptest::prelude::*;
use std::cmp::Ordering;

fn rational(n: i64, d: i64) -> Q {
    Q::new(Z::from(n), Z::from(d))
}

prop_compose! {
    /// A simple graph on 1..=8 vertices from its upper-triangle edge bits.
    fn simple_graph()(n in 1usize..=8)
        (bits in proptest::collection::vec(any::<bool>(), n * (n - 1) / 2), n in Just(n))
        -> QMatrix {
        let mut a = QMatrix::zeros(n, n);
        let mut it = bits.into_iter();
        for i in 0..n {
            for j in i + 1..n {
                if it.next().unwrap() {
                    a.set(i, j, Q::one());
                    a.set(j, i, Q::one());
                }
            }
        }
        a
    }
}

prop_compose! {
    /// A simple graph with the parameters it "looks like" from vertex 0: k = deg(0), λ and μ
    /// from the first neighbour and first non-neighbour of 0. Sometimes an srg, mostly not.
    fn graph_with_local_params()(a in simple_graph()) -> (QMatrix, SrgParams) {
        let g = AdjacencyMatrix::new(a.clone()).unwrap();
        let n = g.order();
        let first = |adj: bool| (1..n).find(|&j| g.is_adjacent(0, j) == Some(adj));
        let common = |j: Option<usize>| j.map_or(0, |j| g.common_neighbours(0, j).unwrap()) as u64;
        let p = SrgParams {
            v: n as u64,
            k: g.degree(0).unwrap() as u64,
            lambda: common(first(true)),
            mu: common(first(false)),
        };
        (a, p)
    }
}

/// Known srgs: T(4..7) and P(5), P(13), P(17).
fn known_srg() -> impl Strategy<Value = (QMatrix, SrgParams)> {
    let mut v: Vec<(QMatrix, SrgParams)> = (4..=7u64)
        .map(|r| {
            (
                triangular_adjacency(r as usize).unwrap(),
                triangular_params(r).unwrap(),
            )
        })
        .collect();
    for q in [5u64, 13, 17] {
        v.push((paley_adjacency(q).unwrap(), paley_params(q).unwrap()));
    }
    proptest::sample::select(v)
}

prop_compose! {
    /// A known srg with one symmetric pair (i, j), i != j, flipped.
    fn tampered_srg()(g in known_srg())
        (i in 0..g.1.v as usize, d in 1..g.1.v as usize, g in Just(g))
        -> (QMatrix, SrgParams, (usize, usize)) {
        let (mut a, p) = g;
        let n = p.v as usize;
        let j = (i + d) % n;
        let flipped = Q::one() - a.get(i, j);
        a.set(i, j, flipped.clone());
        a.set(j, i, flipped);
        (a, p, (i, j))
    }
}

/// Parameters satisfying k(k-λ-1) = μ(v-k-1): pick k, λ < k, then μ among the divisors of
/// k(k-λ-1) that are at most k, and solve for v.
fn identity_params() -> impl Strategy<Value = SrgParams> {
    (1u64..=24)
        .prop_flat_map(|k| (Just(k), 0..k))
        .prop_flat_map(|(k, l)| {
            let t = k * (k - l - 1);
            let divisors: Vec<u64> = (1..=k).filter(|m| t % m == 0).collect();
            (Just(k), Just(l), proptest::sample::select(divisors))
        })
        .prop_map(|(k, l, mu)| SrgParams {
            v: k + 1 + k * (k - l - 1) / mu,
            k,
            lambda: l,
            mu,
        })
}

prop_compose! {
    /// A small rational n/d.
    fn small_rational()(n in -40i64..=40, d in 1i64..=12) -> Q {
        rational(n, d)
    }
}

prop_compose! {
    /// a + b√n with n in 2..200 (reduced to a squarefree radicand, possibly rational).
    fn quadratic_in(n: i64)(a in small_rational(), b in small_rational()) -> Quadratic {
        Quadratic::from_parts(a, b, &Z::from(n)).unwrap()
    }
}

prop_compose! {
    /// Two elements of the same field Q(√n).
    fn quadratic_pair()(n in 2i64..200)(x in quadratic_in(n), y in quadratic_in(n)) -> (Quadratic, Quadratic) {
        (x, y)
    }
}

prop_compose! {
    /// Bose–Mesner coefficients (x, y, z).
    fn coefficients()(x in small_rational(), y in small_rational(), z in small_rational())
        -> BoseMesnerCoefficients {
        (x, y, z)
    }
}

fn as_f64(x: &Quadratic) -> f64 {
    x.rational_part().to_f64().unwrap()
        + x.surd_coefficient().to_f64().unwrap() * x.radicand().to_f64().unwrap().sqrt()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn clause_check_and_identity_check_agree((a, p) in graph_with_local_params()) {
        prop_assert_eq!(verify_srg(&a, &p).is_ok(), verify_srg_identity(&a, &p).is_ok());
    }

    #[test]
    fn clause_check_and_scheme_counting_agree((a, p) in graph_with_local_params()) {
        // two code paths: bit counting of common neighbours, and the association-scheme
        // intersection numbers compared with the parameter formulas (needs 0 < k < v - 1,
        // i.e. non-empty cells A and J - I - A)
        let g = AdjacencyMatrix::new(a.clone()).unwrap();
        let non_trivial = 0 < p.k && p.k + 1 < p.v;
        prop_assert_eq!(
            verify_srg(&a, &p).is_ok() && non_trivial,
            srg_scheme(&g, &p).is_ok()
        );
        prop_assert_eq!(srg_scheme(&g, &p).is_ok(), bose_mesner_closure(&a, &p).is_ok());
    }

    #[test]
    fn flipping_one_pair_breaks_an_srg((a, p, ij) in tampered_srg()) {
        let clause = verify_srg(&a, &p);
        prop_assert!(clause.is_err(), "flip at {:?} accepted", ij);
        prop_assert!(verify_srg_identity(&a, &p).is_err());
        // the flip changes two degrees, so A^2 is no longer constant on the diagonal
        let g = AdjacencyMatrix::new(a.clone()).unwrap();
        prop_assert!(CoherentConfiguration::new(g.cells().clone()).is_err());
        prop_assert!(bose_mesner_closure(&a, &p).is_err());
    }

    #[test]
    fn spectrum_satisfies_the_trace_identities(p in identity_params()) {
        let fz = feasibility(&p);
        prop_assert_eq!(fz.holds(ncverify::construct::srg::FeasibilityCondition::CountingIdentity), Some(true));
        let s = spectrum(&p).unwrap();
        let int = |n: u64| Quadratic::rational(Q::from_integer(Z::from(n)));
        let (k, r, sm) = (&s.eigenvalues[0], s.r(), s.s());
        // f + g = v - 1
        prop_assert_eq!(s.f() + s.g(), int(p.v - 1));
        // tr A = k + f r + g s = 0
        prop_assert!((&(k + &(s.f() * r)) + &(s.g() * sm)).is_zero());
        // tr A^2 = v k = k^2 + f r^2 + g s^2 (needs the counting identity)
        let tr2 = &(&(k * k) + &(s.f() * &(r * r))) + &(s.g() * &(sm * sm));
        prop_assert_eq!(tr2, int(p.v * p.k));
        // r, s are integers whenever Delta is a square
        if r.is_rational() {
            prop_assert!(r.to_integer().is_some() && sm.to_integer().is_some());
        }
        prop_assert!(r.partial_cmp(sm) == Some(Ordering::Greater));
    }

    #[test]
    fn feasibility_is_invariant_under_complement(p in identity_params()) {
        // complement: (v, v-k-1, v-2-2k+mu, v-2k+lambda), when it is in the input domain
        let (v, k, l, m) = (p.v as i64, p.k as i64, p.lambda as i64, p.mu as i64);
        let (k2, l2, m2) = (v - k - 1, v - 2 - 2 * k + m, v - 2 * k + l);
        if let (Ok(k2), Ok(l2), Ok(m2)) = (u64::try_from(k2), u64::try_from(l2), u64::try_from(m2))
            && let Ok(c) = SrgParams::new(p.v, k2, l2, m2)
        {
            let (fp, fc) = (feasibility(&p), feasibility(&c));
            prop_assert_eq!(
                fc.is_feasible(),
                fp.is_feasible(),
                "{} vs complement {}: {:?} / {:?}", p, c, fp.reasons(), fc.reasons()
            );
        }
    }

    #[test]
    fn quadratic_field_laws((x, y) in quadratic_pair()) {
        // sign is multiplicative and agrees with floating point away from zero
        let sx = x.sign();
        let prod = &x * &y;
        let expected = match (sx, y.sign()) {
            (Ordering::Equal, _) | (_, Ordering::Equal) => Ordering::Equal,
            (a, b) if a == b => Ordering::Greater,
            _ => Ordering::Less,
        };
        prop_assert_eq!(prod.sign(), expected);
        let fx = as_f64(&x);
        if fx.abs() > 1e-9 {
            prop_assert_eq!(sx, fx.partial_cmp(&0.0).unwrap());
        }
        // inverse and distributivity
        if !x.is_zero() {
            prop_assert_eq!(&x * &x.inv().unwrap(), Quadratic::integer(1));
        }
        let one = Quadratic::integer(1);
        prop_assert_eq!(&x * &(&y + &one), &prod + &x);
        // order is translation invariant
        prop_assert_eq!(x.partial_cmp(&y), (&x + &one).partial_cmp(&(&y + &one)));
    }

    #[test]
    fn bose_mesner_products_follow_the_structure_constants(
        g in known_srg(), c1 in coefficients(), c2 in coefficients()
    ) {
        let (a, p) = g;
        let adj = AdjacencyMatrix::new(a).unwrap();
        let m1 = bose_mesner_element(&adj, &c1);
        prop_assert_eq!(bose_mesner_coefficients(&adj, &m1), Some(c1.clone()));
        let got = bose_mesner_coefficients(&adj, &m1.mul(&bose_mesner_element(&adj, &c2)));
        // A^2 = kI + λA + μC, AC = CA = (k-1-λ)A + (k-μ)C,
        // C^2 = (v-k-1)I + (v-2k+λ)A + (v-2k+μ-2)C, with C = J - I - A
        let q = |n: i64| Q::from_integer(Z::from(n));
        let (v, k, l, m) = (p.v as i64, p.k as i64, p.lambda as i64, p.mu as i64);
        let aa = (q(k), q(l), q(m));
        let ac = (Q::zero(), q(k - 1 - l), q(k - m));
        let cc = (q(v - k - 1), q(v - 2 * k + l), q(v - 2 * k + m - 2));
        let (x1, y1, z1) = c1;
        let (x2, y2, z2) = c2;
        let part = |s: &Q, t: &(Q, Q, Q)| (s * &t.0, s * &t.1, s * &t.2);
        let terms = [
            (x1.clone() * &x2, (q(1), q(0), q(0))),
            (x1.clone() * &y2 + &y1 * &x2, (q(0), q(1), q(0))),
            (x1.clone() * &z2 + &z1 * &x2, (q(0), q(0), q(1))),
            (y1.clone() * &y2, aa),
            (y1.clone() * &z2 + &z1 * &y2, ac),
            (z1.clone() * &z2, cc),
        ];
        let mut want = (Q::zero(), Q::zero(), Q::zero());
        for (s, t) in &terms {
            let (a0, a1, a2) = part(s, t);
            want = (want.0 + a0, want.1 + a1, want.2 + a2);
        }
        prop_assert_eq!(got, Some(want));
        // entrywise ReLU acts on the coefficients
        let relu = |x: &Q| if *x < Q::zero() { Q::zero() } else { x.clone() };
        prop_assert_eq!(
            bose_mesner_coefficients(&adj, &m1.relu()),
            Some((relu(&x1), relu(&y1), relu(&z1)))
        );
    }
}
