//! Tests of `ncverify::construct::hull` (`src/construct/hull.rs`).

use ncverify::construct::hull::*;
use ncverify::kernel::arith::matrix::QMatrix;
use ncverify::kernel::arith::rational::{q, qi};
use ncverify::kernel::geom::hull::{HullError, verify_hull_certificate};

fn square() -> QMatrix {
    // e1, e2, -e1, -e2
    let w = QMatrix::from_int_fn(2, 4, |i, j| [[1, 0, -1, 0], [0, 1, 0, -1]][i][j]);
    w.transpose().mul(&w)
}

#[test]
fn square_has_unit_distance_with_midpoint_certificate() {
    let (d, cert) = hull_distance_sq(&square(), 0).unwrap();
    assert_eq!(d, qi(1));
    // nearest point of conv{e2, -e1, -e2} to e1 is 0 = (e2 + (-e2))/2
    assert_eq!(cert.weights, vec![qi(0), q(1, 2), qi(0), q(1, 2)]);
}

#[test]
fn the_search_answer_is_what_the_kernel_verifies() {
    // tampering is the kernel's test (crates/ncverify-kernel/src/geom/hull.rs); here: the
    // search returns exactly the kernel's distance for its certificate, at every point
    let g = square();
    for k in 0..4 {
        let (d, cert) = hull_distance_sq(&g, k).unwrap();
        assert_eq!(verify_hull_certificate(&g, &cert), Ok(d));
    }
    assert_eq!(hull_distance_sq(&g, 4), Err(HullError::IndexOutOfRange(4)));
}

#[test]
fn solve_exact_rebuilds_the_right_side() {
    let a = QMatrix::from_int_fn(3, 3, |i, j| [[2, 1, 0], [1, 3, 1], [0, 1, 4]][i][j]);
    let b = vec![qi(1), qi(2), qi(3)];
    let x = solve_exact(&a, &b).unwrap();
    let col = QMatrix::from_fn(3, 1, |i, _| x[i].clone());
    assert_eq!(a.mul(&col), QMatrix::from_fn(3, 1, |i, _| b[i].clone()));
    assert!(solve_exact(&QMatrix::ones(2, 2), &[qi(1), qi(1)]).is_none());
}
