//! # Closed-form softmax codes
//!
//! ## Main definitions
//! - [`etf`]: the simplex ETF in $\mathbb R^d$, $d \ge K-1$ (Helmert coordinates), with exact
//!   Gram matrix [`etf_gram`] $= \frac K{K-1}(I - J/K)$ (the kernel's, shared with
//!   [`crate::construct::etf`]; `Err` for $K < 2$).
//! - [`kgon`]: the regular $K$-gon in $\mathbb R^2$.
//! - [`cross_polytope`]: $e_1..e_d, -e_1..-e_{K-d}$ in $\mathbb R^d$ for $d+1 < K \le 2d$, with
//!   exact Gram [`cross_polytope_gram`].
//! - [`closed_form`]: the applicable closed form for $(d, K)$ and its margin.
//!
//! ## Main results
//! Margins: ETF $K/(K-1)$; $K$-gon $1-\cos(2\pi/K)$ (the nearest hull point of $w_0$ is the
//! midpoint of $w_1 w_{K-1}$); cross-polytope subset 1.
//!
//! ## References
//! - Jiang et al., ICML 2024 (arXiv:2310.05351).
#![cfg_attr(doc, doc = katex!())]

pub use crate::construct::etf::etf_gram;
use crate::kernel::{Q, QMatrix};
use nalgebra::DMatrix;
use num_traits::Zero;
use serde::Serialize;

/// Which closed form applies.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClosedForm {
    /// Simplex ETF, $d \ge K - 1$.
    Etf,
    /// Regular $K$-gon, $d = 2$.
    KGon,
    /// Subset of the cross-polytope, $d + 1 < K \le 2d$.
    CrossPolytope,
}

/// Simplex ETF columns in $\mathbb R^d$ ($d \ge K-1$, else `None`).
// w_i = sqrt(K/(K-1)) (e_i - 1/K), expressed in the Helmert basis of 1^⊥
pub fn etf(d: usize, k: usize) -> Option<DMatrix<f64>> {
    if k < 2 || d + 1 < k {
        return None;
    }
    let c = (k as f64 / (k as f64 - 1.0)).sqrt();
    Some(DMatrix::from_fn(d, k, |m, i| {
        if m + 1 >= k {
            return 0.0;
        }
        // h_m = (1, .., 1, -(m+1), 0, ..) / sqrt((m+1)(m+2)), m+1 ones
        let norm = (((m + 1) * (m + 2)) as f64).sqrt();
        let h = if i <= m {
            1.0
        } else if i == m + 1 {
            -((m + 1) as f64)
        } else {
            0.0
        };
        c * h / norm
    }))
}

/// Regular $K$-gon columns $(\cos 2\pi j/K, \sin 2\pi j/K)$.
#[cfg_attr(doc, doc = katex!())]
pub fn kgon(k: usize) -> DMatrix<f64> {
    DMatrix::from_fn(2, k, |r, j| {
        let t = 2.0 * std::f64::consts::PI * j as f64 / k as f64;
        if r == 0 { t.cos() } else { t.sin() }
    })
}

/// The integer matrix of $e_1..e_d, -e_1..-e_{K-d}$ ($d < K \le 2d$, else `None`).
fn cross_polytope_q(d: usize, k: usize) -> Option<QMatrix> {
    if k <= d || k > 2 * d {
        return None;
    }
    Some(QMatrix::from_int_fn(d, k, |i, j| {
        if j < d {
            i64::from(i == j)
        } else if i == j - d {
            -1
        } else {
            0
        }
    }))
}

/// Cross-polytope subset columns in $\mathbb R^d$.
#[cfg_attr(doc, doc = katex!())]
pub fn cross_polytope(d: usize, k: usize) -> Option<DMatrix<f64>> {
    let m = cross_polytope_q(d, k)?;
    Some(DMatrix::from_fn(d, k, |i, j| {
        if m.get(i, j).is_zero() {
            0.0
        } else if m.get(i, j) > &Q::zero() {
            1.0
        } else {
            -1.0
        }
    }))
}

/// Exact Gram matrix of the cross-polytope subset.
pub fn cross_polytope_gram(d: usize, k: usize) -> Option<QMatrix> {
    let m = cross_polytope_q(d, k)?;
    Some(m.transpose().mul(&m))
}

/// The closed form for $(d, K)$, its vectors and its margin, if one is known.
#[cfg_attr(doc, doc = katex!())]
pub fn closed_form(d: usize, k: usize) -> Option<(ClosedForm, DMatrix<f64>, f64)> {
    if k < 2 || d < 1 {
        return None;
    }
    if d + 1 >= k {
        let w = etf(d, k)?;
        return Some((ClosedForm::Etf, w, k as f64 / (k as f64 - 1.0)));
    }
    if d == 2 {
        let m = 1.0 - (2.0 * std::f64::consts::PI / k as f64).cos();
        return Some((ClosedForm::KGon, kgon(k), m));
    }
    if k <= 2 * d {
        return Some((ClosedForm::CrossPolytope, cross_polytope(d, k)?, 1.0));
    }
    None
}
