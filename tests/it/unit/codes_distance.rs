//! Tests of `ncverify::codes::distance` (`src/codes/distance.rs`).

use nalgebra::DMatrix;
use ncverify::codes::distance::*;
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::qi;

#[test]
fn hand_fixtures() {
    // two antipodal unit vectors: distance 2
    let g = QMatrix::from_int_fn(2, 2, |i, j| if i == j { 1 } else { -1 });
    assert_eq!(distance_sq_exact(&g, 0).unwrap(), qi(4));
    // e1, e2, -e1 in R^2: distance from e2 to the segment [e1, -e1] is 1
    let w = QMatrix::from_int_fn(2, 3, |i, j| [[1, 0, -1], [0, 1, 0]][i][j]);
    let g = w.transpose().mul(&w);
    assert_eq!(distance_sq_exact(&g, 1).unwrap(), qi(1));
    // from e1 to the segment [e2, -e1]: p = (-1, 1), (-2, 0); |x|² = 2 + 2t², minimal at e2
    let d = distance_sq_exact(&g, 0).unwrap();
    assert_eq!(d, qi(2));
    let wf = DMatrix::from_row_slice(2, 3, &[1.0, 0.0, -1.0, 0.0, 1.0, 0.0]);
    assert!((distance(&wf, 0) - num_traits::ToPrimitive::to_f64(&d).unwrap().sqrt()).abs() < 1e-12);
}
