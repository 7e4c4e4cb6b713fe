//! # The Schatten variational lemma
//!
//! ## Main definitions
//! - [`schatten_sum`]: $\Vert X\Vert_{S_p}^p = \sum_i s_i(X)^p$ for $0 < p$ (a quasi-norm for
//!   $p < 1$), from nalgebra's SVD.
//! - [`variational_bound`]: $\frac m2\thinspace(\prod_l\lambda_l)^{1/m}\thinspace\Vert X\Vert_{S_{2/m}}^{2/m}$.
//! - [`balanced_factorization`]: $X = U\Sigma V^\top$, $W_1 = \alpha_1\Sigma^{1/m}V^\top$,
//!   $W_l = \alpha_l\Sigma^{1/m}$, $W_m = \alpha_m U\Sigma^{1/m}$ with
//!   $\alpha_l = (\prod_j\lambda_j)^{1/(2m)}/\sqrt{\lambda_l}$ (so $\prod\alpha_l = 1$ and
//!   $\lambda_l\alpha_l^2$ is the same for every $l$).
//!
//! ## Main results
//! - For $X = W_m\cdots W_1$:
//!   $\min\sum_l\frac{\lambda_l}{2}\Vert W_l\Vert_F^2 = \frac m2(\prod_l\lambda_l)^{1/m}
//!   \Vert X\Vert_{S_{2/m}}^{2/m}$, attained by the balanced factorisation.
//! - Diagonal case, exactly: for diagonal factors $D_l = \operatorname{diag}(d_{l,i})$ the
//!   lemma is coordinatewise AM–GM,
//!   $\sum_l \lambda_l d_{l,i}^2 \ge m\thinspace(\prod_l\lambda_l d_{l,i}^2)^{1/m}$, decided by
//!   [`diagonal_am_gm_holds`] as the rational inequality
//!   $\big(\tfrac1m\sum_l t_l\big)^m \ge \prod_l t_l$, $t_l = \lambda_l d_{l,i}^2$.
//!
//! ## Example
//! The balanced factorisation of $X$ into $m = 3$ factors multiplies back to $X$ and attains the
//! variational bound:
//! ```
//! use nalgebra::DMatrix;
//! use ncverify::schatten::{balanced_factorization, product, variational_bound, weighted_norm_cost};
//!
//! let x = DMatrix::from_row_slice(2, 2, &[2.0, 1.0, 0.0, 1.0]);
//! let lambdas = [0.5, 2.0, 1.0];
//! let ws = balanced_factorization(&x, &lambdas)?;
//! assert!((product(&ws) - &x).norm() < 1e-12);
//! let bound = variational_bound(&x, &lambdas)?;
//! assert!((weighted_norm_cost(&ws, &lambdas) - bound).abs() < 1e-12 * bound);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! - F. Shang, Y. Liu, J. Cheng, *Unified scalable equivalent formulations for
//!   Schatten quasi-norms* (arXiv:1606.00668); Súkeník et al. (arXiv:2405.14468), Lemma on
//!   the low-rank bias of deep products.
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::arith::rational::{Q, pow_u, qi};
use crate::numeric::{Svd, SvdError, svd};
use nalgebra::DMatrix;
use num_traits::Zero;

/// $\sum_i s_i(X)^p$ (singular values by the checked [`crate::numeric::svd`]).
///
/// Singular values at or below the SVD's backward-error level,
/// $16\thinspace\varepsilon\max(r, c)\thinspace s_{\max}$, count as zero: they are rounding noise of exact
/// zeros (a product of factors of small rank), and for $p < 1$ the noise $\sim 10^{-16}$ raised
/// to $p = 2/5$ would add $\sim 10^{-6.4}$, far above the accuracy the sum otherwise has.
#[cfg_attr(doc, doc = katex!())]
pub fn schatten_sum(x: &DMatrix<f64>, p: f64) -> Result<f64, SvdError> {
    let s = denoised_svd(x)?.s;
    Ok(s.iter().filter(|&&v| v > 0.0).map(|v| v.powf(p)).sum())
}

/// The SVD of `x` with singular values at or below $16\thinspace\varepsilon\max(r, c)\thinspace s_{\max}$ set
/// to zero (see [`schatten_sum`]).
fn denoised_svd(x: &DMatrix<f64>) -> Result<Svd, SvdError> {
    let mut d = svd(x)?;
    let smax = d.s.iter().copied().fold(0.0, f64::max);
    let noise = 16.0 * f64::EPSILON * x.nrows().max(x.ncols()) as f64 * smax;
    d.s.iter_mut()
        .filter(|v| **v <= noise)
        .for_each(|v| *v = 0.0);
    Ok(d)
}

/// $\sum_l \frac{\lambda_l}{2}\Vert W_l\Vert_F^2$.
#[cfg_attr(doc, doc = katex!())]
pub fn weighted_norm_cost(ws: &[DMatrix<f64>], lambdas: &[f64]) -> f64 {
    ws.iter()
        .zip(lambdas)
        .map(|(w, l)| 0.5 * l * w.norm_squared())
        .sum()
}

/// The product $W_m\cdots W_1$ of `ws = [W_1, .., W_m]`.
#[cfg_attr(doc, doc = katex!())]
pub fn product(ws: &[DMatrix<f64>]) -> DMatrix<f64> {
    ws.iter().skip(1).fold(ws[0].clone(), |acc, w| w * acc)
}

/// $\frac m2(\prod\lambda_l)^{1/m}\Vert X\Vert_{S_{2/m}}^{2/m}$ with $m$ = `lambdas.len()`.
#[cfg_attr(doc, doc = katex!())]
pub fn variational_bound(x: &DMatrix<f64>, lambdas: &[f64]) -> Result<f64, SvdError> {
    let m = lambdas.len() as f64;
    let geo = (lambdas.iter().map(|l| l.ln()).sum::<f64>() / m).exp();
    Ok(0.5 * m * geo * schatten_sum(x, 2.0 / m)?)
}

/// The balanced factorisation `[W_1, .., W_m]` of `x` (thin SVD), `m = lambdas.len() >= 1`.
pub fn balanced_factorization(
    x: &DMatrix<f64>,
    lambdas: &[f64],
) -> Result<Vec<DMatrix<f64>>, SvdError> {
    let m = lambdas.len();
    let Svd { u, s, v_t: vt } = denoised_svd(x)?;
    let root = DMatrix::from_diagonal(&s.map(|s| s.powf(1.0 / m as f64)));
    let log_geo = lambdas.iter().map(|l| l.ln()).sum::<f64>() / (2.0 * m as f64);
    let alpha = |l: usize| (log_geo - 0.5 * lambdas[l].ln()).exp();
    if m == 1 {
        return Ok(vec![x.clone()]);
    }
    Ok((0..m)
        .map(|l| {
            let core = &root * alpha(l);
            if l == 0 {
                core * &vt
            } else if l == m - 1 {
                &u * core
            } else {
                core
            }
        })
        .collect())
}

/// Coordinatewise AM–GM for diagonal factors, exactly: `d[l][i]` is the $i$-th diagonal
/// entry of $D_l$. Returns the first coordinate where it fails, or `None` if it holds
/// everywhere (it always should — a `Some` is a counterexample to the lemma).
// (Σ_l t_l / m)^m >= Π_l t_l  for t_l = λ_l d_{l,i}^2 >= 0
pub fn diagonal_am_gm_holds(d: &[Vec<Q>], lambdas: &[Q]) -> Option<usize> {
    let m = d.len();
    let width = d.first().map_or(0, Vec::len);
    (0..width).find(|&i| {
        let t: Vec<Q> = (0..m).map(|l| &lambdas[l] * &d[l][i] * &d[l][i]).collect();
        let mean = t.iter().fold(Q::zero(), |s, v| s + v) / qi(m as i64);
        let prod = t.iter().fold(qi(1), |p, v| p * v);
        pow_u(&mean, m as u32) < prod
    })
}
