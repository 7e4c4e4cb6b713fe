//! # The deep UFM objective of explicit rational parameters
//!
//! ## Main definitions
//! - [`labels_exact`]: $Y = I_K \otimes \mathbf 1_n^\top$ (columns grouped by class).
//! - [`forward_exact`]: $W_L\,\sigma(W_{L-1}\cdots\sigma(W_1H_1))$, $\sigma = \max(\cdot, 0)$
//!   after every layer but the last.
//! - [`mse_loss_exact`]: the MSE deep-UFM objective
//!   $\frac{1}{2N}\|\text{out} - Y\|_F^2 + \frac{\lambda_W}{2}\sum_l\|W_l\|_F^2 +
//!   \frac{\lambda_H}{2}\|H_1\|_F^2$, $N = Kn$, exactly over $\mathbb Q$.
//!
//! This lives in the kernel because certificates are re-verified by recomputing a witness's
//! loss exactly; the `f64` evaluation and its gradient live in `mse::explicit`.
//!
//! ## References
//! - Súkeník, Lampert, Mondelli (arXiv:2405.14468), eq. (1); normalisation reconstructed in
//!   theory.md §2.

use super::matrix::{QMatrix, ShapeError};
use super::rational::{Q, qi};
use num_traits::Zero;

/// Labels $Y = I_K \otimes \mathbf 1_n^\top$ (exact).
pub fn labels_exact(k: usize, n: usize) -> QMatrix {
    QMatrix::from_int_fn(k, k * n, |i, j| i64::from(j / n == i))
}

/// The network output $W_L\sigma(W_{L-1}\cdots\sigma(W_1H))$ (exact).
pub fn forward_exact(h: &QMatrix, ws: &[QMatrix]) -> Result<QMatrix, ShapeError> {
    let mut a = h.clone();
    for (l, w) in ws.iter().enumerate() {
        a = w.checked_mul(&a)?;
        if l + 1 < ws.len() {
            a = a.relu();
        }
    }
    Ok(a)
}

/// The DUFM objective of explicit parameters (exact); `ws = [W_1, .., W_L]`.
// L = ||out - Y||^2 / (2N) + λ_W/2 Σ ||W_l||^2 + λ_H/2 ||H||^2
pub fn mse_loss_exact(
    h: &QMatrix,
    ws: &[QMatrix],
    k: usize,
    n: usize,
    lambda_w: &Q,
    lambda_h: &Q,
) -> Result<Q, ShapeError> {
    let out = forward_exact(h, ws)?;
    let y = labels_exact(k, n);
    if (out.rows(), out.cols()) != (y.rows(), y.cols()) {
        return Err(ShapeError::Product {
            left: (out.rows(), out.cols()),
            right: (k, k * n),
        });
    }
    let fit = out.sub(&y).frobenius_sq() / qi(2 * (k * n) as i64);
    let reg_w = ws.iter().fold(Q::zero(), |s, w| s + w.frobenius_sq()) * lambda_w / qi(2);
    Ok(fit + reg_w + h.frobenius_sq() * lambda_h / qi(2))
}
