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
