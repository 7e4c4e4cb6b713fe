//! Tests of `ncverify::codes::closed` (`src/codes/closed.rs`).

use ncverify::codes::closed::*;
use ncverify::codes::distance::{distance_sq_exact, margin};
use ncverify::construct::etf::etf_gram;
use ncverify::kernel::arith::rational::q;

#[test]
fn exact_margins_of_rational_closed_forms() {
    for k in 2..=8usize {
        let want = q(k as i64, k as i64 - 1);
        for c in 0..k {
            assert_eq!(
                distance_sq_exact(&etf_gram(k).unwrap(), c).unwrap(),
                &want * &want
            );
        }
    }
    for d in 2..=5usize {
        for k in d + 2..=2 * d {
            let g = cross_polytope_gram(d, k).unwrap();
            let rho2 = (0..k)
                .map(|c| distance_sq_exact(&g, c).unwrap())
                .min()
                .unwrap();
            assert_eq!(rho2, q(1, 1), "d={d}, K={k}");
        }
    }
}

#[test]
fn f64_margins_match_formulas_and_vectors_are_unit() {
    for d in 1..=6usize {
        for k in 2..=12usize {
            let Some((_, w, m)) = closed_form(d, k) else {
                continue;
            };
            for j in 0..k {
                assert!((w.column(j).norm() - 1.0).abs() < 1e-12);
            }
            assert!((margin(&w) - m).abs() < 1e-9, "d={d}, K={k}");
        }
    }
}
