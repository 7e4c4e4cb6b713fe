//! # One-vs-rest distance
//!
//! ## Main definitions
//! - [`distance_sq_exact`]: $\operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j\rbrace_{j\ne k})^2$ from a
//!   rational Gram matrix $G = W^\top W$, exactly (kernel: `kernel::geom::hull`, certificate re-verified).
//! - [`distance`]: the same in `f64` from the vectors, by Wolfe's minimum-norm-point algorithm.
//! - [`margin`]: $\rho(W) = \min_k \operatorname{dist}_k$.
//!
//! ## Main results
//! With $p_j = w_j - w_k$, the distance is the norm of the minimum-norm point $x = \sum_j
//! \lambda_j p_j$ of $\operatorname{conv}\lbrace p_j\rbrace$. It depends on $W$ only through
//! $\langle p_i, p_j\rangle = G_{ij} - G_{ik} - G_{kj} + G_{kk}$. KKT: $x$ is optimal iff
//! $\langle x, p_j\rangle \ge \Vert x\Vert^2$ for every $j$. On an affinely independent support $S$ the
//! affine minimum-norm point solves $\big(\begin{smallmatrix}G_S & 1\cr 1^\top & 0\end{smallmatrix}\big)
//! \big(\begin{smallmatrix}\lambda\cr -\mu\end{smallmatrix}\big) = \big(\begin{smallmatrix}0\cr1\end{smallmatrix}\big)$,
//! $\Vert x\Vert^2 = \mu$. The exact routine enumerates supports (Carathéodory: some optimal support is
//! affinely independent), solves each system over $\mathbb Q$ and returns the first $x$ with
//! $\lambda > 0$ satisfying KKT.
//!
//! ## References
//! - P. Wolfe, *Finding the nearest point in a polytope*, Math. Programming 11 (1976).
#![cfg_attr(doc, doc = katex!())]

use crate::construct::hull::hull_distance_sq;
use crate::kernel::{Q, QMatrix};
use nalgebra::{DMatrix, DVector};

pub use crate::kernel::geom::hull::{HullError, MAX_HULL_POINTS};
// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use crate::kernel::geom::hull::{HullError as DistanceError, MAX_HULL_POINTS as MAX_EXACT};

/// $\operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j\rbrace_{j \ne k})^2$ from a rational Gram matrix,
/// exactly: the kernel finds and re-verifies a KKT certificate ([`hull_distance_sq`]).
#[cfg_attr(doc, doc = katex!())]
pub fn distance_sq_exact(gram: &QMatrix, k: usize) -> Result<Q, HullError> {
    hull_distance_sq(gram, k).map(|(d, _)| d)
}

/// Minimum-norm point of $\operatorname{conv}\lbrace p_j\rbrace$ (columns of `p`), Wolfe's algorithm.
/// Returns the weights $\lambda$ (on the simplex). `tol` is relative to $\max_j \Vert p_j\Vert^2$.
#[cfg_attr(doc, doc = katex!())]
pub fn min_norm_point(p: &DMatrix<f64>, tol: f64) -> DVector<f64> {
    let n = p.ncols();
    let scale = (0..n)
        .map(|j| p.column(j).norm_squared())
        .fold(0.0, f64::max)
        .max(1e-300);
    let first = (0..n)
        .min_by(|&a, &b| {
            p.column(a)
                .norm_squared()
                .total_cmp(&p.column(b).norm_squared())
        })
        .unwrap_or(0);
    let mut support = vec![first];
    let mut lam = vec![1.0];
    let point = |s: &[usize], l: &[f64]| {
        s.iter()
            .zip(l)
            .fold(DVector::zeros(p.nrows()), |acc, (&j, &w)| {
                acc + p.column(j) * w
            })
    };
    for _ in 0..(50 * n + 50) {
        let x = point(&support, &lam);
        let xx = x.norm_squared();
        let (j, ip) = (0..n)
            .map(|j| (j, x.dot(&p.column(j))))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((first, xx));
        if ip >= xx - tol * scale || support.contains(&j) {
            break;
        }
        support.push(j);
        lam.push(0.0);
        // minor cycle
        loop {
            let t = support.len();
            let mut a = DMatrix::zeros(t + 1, t + 1);
            for (r, &i) in support.iter().enumerate() {
                for (c, &k) in support.iter().enumerate() {
                    a[(r, c)] = p.column(i).dot(&p.column(k));
                }
                a[(r, t)] = 1.0;
                a[(t, r)] = 1.0;
            }
            let mut rhs = DVector::zeros(t + 1);
            rhs[t] = 1.0;
            let alpha = match a.clone().lu().solve(&rhs) {
                Some(s) => s,
                None => break,
            };
            if (0..t).all(|i| alpha[i] > 1e-14) {
                lam = (0..t).map(|i| alpha[i]).collect();
                break;
            }
            let theta = (0..t)
                .filter(|&i| alpha[i] <= 1e-14)
                .map(|i| lam[i] / (lam[i] - alpha[i]))
                .fold(1.0, f64::min);
            for i in 0..t {
                lam[i] += theta * (alpha[i] - lam[i]);
            }
            let keep: Vec<usize> = (0..t).filter(|&i| lam[i] > 1e-14).collect();
            support = keep.iter().map(|&i| support[i]).collect();
            lam = keep.iter().map(|&i| lam[i]).collect();
            if support.is_empty() {
                support = vec![first];
                lam = vec![1.0];
                break;
            }
        }
    }
    let mut out = DVector::zeros(n);
    let total: f64 = lam.iter().sum();
    for (&j, &w) in support.iter().zip(&lam) {
        out[j] = w / total;
    }
    out
}

/// $\operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j\rbrace_{j\ne k})$ for the columns of `w` ($d \times K$).
#[cfg_attr(doc, doc = katex!())]
pub fn distance(w: &DMatrix<f64>, k: usize) -> f64 {
    distance_with_weights(w, k).0
}

/// The distance and the hull weights $\lambda_j$ ($j \ne k$, indexed over all columns, $\lambda_k = 0$).
#[cfg_attr(doc, doc = katex!())]
pub fn distance_with_weights(w: &DMatrix<f64>, k: usize) -> (f64, DVector<f64>) {
    let others: Vec<usize> = (0..w.ncols()).filter(|&j| j != k).collect();
    let p = DMatrix::from_fn(w.nrows(), others.len(), |i, c| {
        w[(i, others[c])] - w[(i, k)]
    });
    let lam = min_norm_point(&p, 1e-15);
    let x = &p * &lam;
    let mut full = DVector::zeros(w.ncols());
    for (c, &j) in others.iter().enumerate() {
        full[j] = lam[c];
    }
    (x.norm(), full)
}

/// $\rho(W) = \min_k \operatorname{dist}_k$.
#[cfg_attr(doc, doc = katex!())]
pub fn margin(w: &DMatrix<f64>) -> f64 {
    (0..w.ncols())
        .map(|k| distance(w, k))
        .fold(f64::INFINITY, f64::min)
}
