//! # Exact hull search (untrusted): finding a one-vs-rest distance certificate
//!
//! [`hull_distance_sq`] enumerates supports of the nearest hull point by size and solves the
//! KKT system of each over $\mathbb Q$ ([`solve_exact`]); the first candidate that the
//! kernel's [`verify_hull_certificate`] accepts is returned with its distance. Nothing here is
//! trusted: the distance is the kernel's, recomputed from the certificate.
//!
//! ## References
//! - P. Wolfe, *Finding the nearest point in a polytope*, Math. Programming 11 (1976).
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::arith::matrix::QMatrix;
use crate::kernel::arith::rational::Q;
use crate::kernel::geom::hull::{
    HullCertificate, HullError, MAX_HULL_POINTS, check_gram, pp, verify_hull_certificate,
};
use num_traits::{One, Signed, Zero};

/// Solve $A x = b$ over $\mathbb Q$ by Gauss–Jordan elimination; `None` if $A$ is singular.
// A x = b, A square: pivot on any non-zero entry, all arithmetic exact
pub fn solve_exact(a: &QMatrix, b: &[Q]) -> Option<Vec<Q>> {
    let n = a.rows();
    let mut m: Vec<Vec<Q>> = (0..n)
        .map(|i| {
            let mut r: Vec<Q> = (0..n).map(|j| a.get(i, j).clone()).collect();
            r.push(b[i].clone());
            r
        })
        .collect();
    for c in 0..n {
        let p = (c..n).find(|&r| !m[r][c].is_zero())?;
        m.swap(c, p);
        let piv = m[c][c].clone();
        for x in m[c].iter_mut() {
            *x /= &piv;
        }
        let row_c = m[c].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != c && !row[c].is_zero() {
                let f = row[c].clone();
                for (x, y) in row.iter_mut().zip(&row_c) {
                    *x -= &f * y;
                }
            }
        }
    }
    Some(m.into_iter().map(|r| r[n].clone()).collect())
}

/// $\operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j\rbrace_{j \ne k})^2$ and its verified certificate.
#[cfg_attr(doc, doc = katex!())]
pub fn hull_distance_sq(gram: &QMatrix, k: usize) -> Result<(Q, HullCertificate), HullError> {
    let n = check_gram(gram, k)?;
    if n > MAX_HULL_POINTS {
        return Err(HullError::TooManyPoints(n));
    }
    let others: Vec<usize> = (0..n).filter(|&j| j != k).collect();
    let mut masks: Vec<u32> = (1..(1u32 << others.len())).collect();
    masks.sort_by_key(|s| s.count_ones());
    for mask in masks {
        let s: Vec<usize> = (0..others.len())
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| others[i])
            .collect();
        let t = s.len();
        let a = QMatrix::from_fn(t + 1, t + 1, |i, j| match (i < t, j < t) {
            (true, true) => pp(gram, k, s[i], s[j]),
            (false, false) => Q::zero(),
            _ => Q::one(),
        });
        let mut rhs = vec![Q::zero(); t + 1];
        rhs[t] = Q::one();
        let Some(sol) = solve_exact(&a, &rhs) else {
            continue;
        };
        if sol[..t].iter().any(|l| !l.is_positive()) {
            continue;
        }
        let mut weights = vec![Q::zero(); n];
        for (i, &j) in s.iter().enumerate() {
            weights[j] = sol[i].clone();
        }
        let cert = HullCertificate { point: k, weights };
        if let Ok(d) = verify_hull_certificate(gram, &cert) {
            return Ok((d, cert));
        }
    }
    Err(HullError::NoCertificate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::arith::rational::{q, qi};
    use crate::kernel::geom::hull::{HullError, verify_hull_certificate};

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
}
