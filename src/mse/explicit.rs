//! # Explicit parameters of the MSE deep UFM
//!
//! ## Main definitions
//! - [`mse_loss_exact`] (kernel, `ncverify_kernel::mse::dufm`) / [`mse_loss_f64`]: the DUFM
//!   objective of explicit parameters $(H_1, W_1, \dots, W_L)$ (module [`super`]), exactly over
//!   $\mathbb Q$ and in `f64`; [`mse_loss_grad_f64`] adds the gradient. The `f64` pair is the
//!   trainer's implementation ([`crate::train::trainer::loss_and_gradient`]), the crate's
//!   only one.
//! - [`unit_factors`]: the explicit shapes $F_0, \dots, F_L$ of a [`Construction`], block
//!   diagonal over its blocks, built by the kernel
//!   ([`Block::unit_factors`](crate::mse::Block::unit_factors)). At unit scales
//!   $F_L\sigma(F_{L-1}\cdots\sigma(F_1F_0)) = Y$. DNC block on $m$ classes:
//!   $F_0 = I_m\otimes\mathbf 1_n^\top$, $F_i = I_m$. B-chain on $T(r)$ ($K_r$ classes, width
//!   $K_r$): $F_0 = \binom{B}{0}\otimes\mathbf 1_n^\top$, $F_1..F_{L-2} = \operatorname{diag}(I_r, 0)$,
//!   $F_{L-1} = [B^\top - \tfrac12 J,\ 0]$, $F_L = I$; then $F_{L-1}B = B^\top B - J$ has entries
//!   $1/0/-1$ (same / adjacent / disjoint edges) and $\sigma(B^\top B - J) = I$.
//! - [`scaled_factors`]: the same shapes with a positive scale per block and factor.
//!
//! ## Main results
//! - [`loss_at_scales`]: with scales $s_{b,i}$ and $x_b = \prod_i s_{b,i}$ the loss is
//!   $\sum_b \frac{K_b}{2K}(1-x_b)^2 + \frac{\lambda_H}{2}\sum_b s_{b,0}^2\Vert F_{b,0}\Vert^2 +
//!   \frac{\lambda_W}{2}\sum_{i\ge1}\sum_b s_{b,i}^2\Vert F_{b,i}\Vert^2$ — tested to equal
//!   [`mse_loss_exact`] of the explicit matrices exactly.
//! - [`balanced_factors_f64`]: balancing each block
//!   ($\lambda_i s_{b,i}^2\Vert F_{b,i}\Vert^2$ equal over $i$) attains the family loss
//!   $\ell(cC)$ with $C = \sum_b C_b$ — tested to $10^{-12}$ relative.
//!
//! ## References
//! - Súkeník, Lampert, Mondelli, arXiv:2405.14468, proof of Theorem 5; module [`super`].
#![cfg_attr(doc, doc = katex!())]

use super::family::Construction;
use super::params::{MseError, MseParams};
use crate::kernel::QMatrix;
use crate::kernel::arith::rational::{Q, qi};
pub use crate::kernel::mse::dufm::{forward_exact, labels_exact, mse_loss_exact};
pub use crate::kernel::mse::family::{
    Factor, FamilyError, block_diagonal, explicit_cost_power, t_subsets,
};
use crate::numeric::q_to_f64;
use crate::train::trainer::{loss_and_gradient, loss_at};
use crate::train::{Activation, Dufm, Loss, ModelError, Params};
use nalgebra::DMatrix;
use num_traits::{One, Zero};

/// A factor as a dense `f64` matrix.
pub fn factor_to_f64(f: &Factor) -> DMatrix<f64> {
    let mut m = DMatrix::zeros(f.rows, f.cols);
    for (i, j, v) in &f.entries {
        m[(*i, *j)] = q_to_f64(v);
    }
    m
}

/// The unit factors of every block of `c`.
fn per_block_factors(
    c: &Construction,
    layers: u32,
    n: usize,
) -> Result<Vec<Vec<Factor>>, MseError> {
    let n = u64::try_from(n).map_err(|_| FamilyError::SizeOverflow { parameter: "n" })?;
    Ok(c.blocks()
        .iter()
        .map(|b| b.unit_factors(layers, n))
        .collect::<Result<_, _>>()?)
}

/// An error unless `scales` has one vector of $L + 1$ scales per block of `c`.
fn check_scales(c: &Construction, layers: u32, scales: &[Vec<Q>]) -> Result<(), MseError> {
    let per_block = u64::from(layers) + 1;
    if scales.len() != c.blocks().len() || scales.iter().any(|s| s.len() as u64 != per_block) {
        return Err(MseError::Scales {
            blocks: c.blocks().len(),
            layers,
        });
    }
    Ok(())
}

/// Factors of a construction with per-block, per-factor scales `scales[b][i]`
/// (`i = 0..=L`), assembled block-diagonally in the order of the blocks (the kernel's
/// [`block_diagonal`]). An error unless there is one scale vector of length $L+1$ per block
/// and every block is valid at depth $L$.
#[cfg_attr(doc, doc = katex!())]
pub fn scaled_factors(
    c: &Construction,
    layers: u32,
    n: usize,
    scales: &[Vec<Q>],
) -> Result<Vec<Factor>, MseError> {
    check_scales(c, layers, scales)?;
    let scaled: Vec<Vec<Factor>> = per_block_factors(c, layers, n)?
        .into_iter()
        .zip(scales)
        .map(|(fs, s)| {
            fs.into_iter()
                .zip(s)
                .map(|(f, si)| Factor {
                    entries: f
                        .entries
                        .iter()
                        .map(|(r, cc, v)| (*r, *cc, v * si))
                        .collect(),
                    ..f
                })
                .collect()
        })
        .collect();
    Ok(block_diagonal(&scaled)?)
}

/// Unit-scale factors of a construction (an error if a block is invalid at depth $L$).
#[cfg_attr(doc, doc = katex!())]
pub fn unit_factors(c: &Construction, layers: u32, n: usize) -> Result<Vec<Factor>, MseError> {
    let per_block = per_block_factors(c, layers, n)?;
    Ok(block_diagonal(&per_block)?)
}

/// The closed-form loss of a construction at given per-block scales (exact). An error unless
/// the construction fits `p` ([`Construction::check`]) and the scales have the shape of
/// [`scaled_factors`].
// Σ_b K_b/(2K) (1 - x_b)^2 + Σ_b Σ_i λ_i/2 s_{b,i}^2 ||F_{b,i}||^2,  x_b = Π_i s_{b,i}
pub fn loss_at_scales(p: &MseParams, c: &Construction, scales: &[Vec<Q>]) -> Result<Q, MseError> {
    c.check(p)?;
    check_scales(c, p.layers(), scales)?;
    let k = Q::from_integer(p.classes().into());
    let n = usize::try_from(p.samples()).map_err(|_| MseError::TooLarge {
        which: "samples",
        max: "n <= usize::MAX",
    })?;
    let per_block = per_block_factors(c, p.layers(), n)?;
    let mut total = Q::zero();
    for ((block, fs), s) in c.blocks().iter().zip(&per_block).zip(scales) {
        let x = s.iter().fold(Q::one(), |acc, si| acc * si);
        let one_minus = Q::one() - x;
        let kb = Q::from_integer(block.classes()?.into());
        total += kb / (qi(2) * &k) * &one_minus * &one_minus;
        for (i, f) in fs.iter().enumerate() {
            let lam = if i == 0 { p.lambda_h() } else { p.lambda_w() };
            total += lam / qi(2) * &s[i] * &s[i] * f.frobenius_sq();
        }
    }
    Ok(total)
}

/// Split factors into `(H_1, [W_1..W_L])`; an error unless there are at least two.
pub fn split_exact(fs: &[Factor]) -> Result<(QMatrix, Vec<QMatrix>), MseError> {
    match fs {
        [h, ws @ ..] if !ws.is_empty() => {
            Ok((h.to_matrix(), ws.iter().map(Factor::to_matrix).collect()))
        }
        _ => Err(MseError::TooFewFactors(fs.len())),
    }
}

/// `f64` parameters `(H_1, [W_1..W_L])`.
pub type ParamsF64 = (DMatrix<f64>, Vec<DMatrix<f64>>);

/// Explicit `f64` factors of a construction, each block balanced, with common output scale
/// `x > 0`: $s_{b,i} = \sqrt{t_b / (\lambda_i\Vert F_{b,i}\Vert ^2)}$,
/// $t_b = (x^2\prod_i\lambda_i\Vert F_{b,i}\Vert ^2)^{1/(L+1)}$. An error unless the construction
/// fits `p` ([`Construction::check`]) and $x \ge 0$.
#[cfg_attr(doc, doc = katex!())]
pub fn balanced_factors_f64(
    p: &MseParams,
    c: &Construction,
    x: f64,
) -> Result<ParamsF64, MseError> {
    c.check(p)?;
    if x.is_nan() || x < 0.0 {
        return Err(MseError::NotNonNegative {
            which: "x",
            value: x.to_string(),
        });
    }
    let l = p.layers();
    let lam = |i: usize| q_to_f64(if i == 0 { p.lambda_h() } else { p.lambda_w() });
    let n = usize::try_from(p.samples()).map_err(|_| MseError::TooLarge {
        which: "samples",
        max: "n <= usize::MAX",
    })?;
    let per_block = per_block_factors(c, l, n)?;
    let scales: Vec<Vec<f64>> = per_block
        .iter()
        .map(|fs| {
            let w: Vec<f64> = fs
                .iter()
                .enumerate()
                .map(|(i, f)| lam(i) * q_to_f64(&f.frobenius_sq()))
                .collect();
            let log_t =
                (2.0 * x.ln() + w.iter().map(|v| v.ln()).sum::<f64>()) / (f64::from(l) + 1.0);
            w.iter().map(|wi| (log_t.exp() / wi).sqrt()).collect()
        })
        .collect();
    let mut out: Vec<DMatrix<f64>> = Vec::new();
    for i in 0..=l as usize {
        let (rows, cols) = per_block
            .iter()
            .fold((0, 0), |(r, cc), fs| (r + fs[i].rows, cc + fs[i].cols));
        let mut m = DMatrix::zeros(rows, cols);
        let (mut r0, mut c0) = (0, 0);
        for (b, fs) in per_block.iter().enumerate() {
            for (r, cc, v) in &fs[i].entries {
                m[(r0 + r, c0 + cc)] = q_to_f64(v) * scales[b][i];
            }
            r0 += fs[i].rows;
            c0 += fs[i].cols;
        }
        out.push(m);
    }
    // L + 1 >= 2 factors were pushed
    let h = out.remove(0);
    Ok((h, out))
}

/// The ReLU MSE deep UFM whose parameters are `(h, ws)`: width `h.nrows()`, $L$ = `ws.len()`.
fn relu_mse_model(
    h: &DMatrix<f64>,
    ws: &[DMatrix<f64>],
    k: usize,
    n: usize,
    lambda_w: f64,
    lambda_h: f64,
) -> Dufm {
    Dufm {
        classes: k,
        samples: n,
        width: h.nrows(),
        layers: ws.len(),
        lambda_h,
        lambda_w,
        loss: Loss::Mse,
        activation: Activation::Relu,
    }
}

/// The DUFM objective of explicit `f64` parameters. An error (naming the argument) unless
/// $H_1$ is $d\times Kn$, $W_1..W_{L-1}$ are $d\times d$ and $W_L$ is $K\times d$, $L \ge 1$,
/// $K, n, d \ge 1$, $\lambda \ge 0$.
#[cfg_attr(doc, doc = katex!())]
pub fn mse_loss_f64(
    h: &DMatrix<f64>,
    ws: &[DMatrix<f64>],
    k: usize,
    n: usize,
    lambda_w: f64,
    lambda_h: f64,
) -> Result<f64, ModelError> {
    let model = relu_mse_model(h, ws, k, n, lambda_w, lambda_h);
    let params = Params {
        h1: h.clone(),
        w: ws.to_vec(),
    };
    Ok(loss_at(model, params)?.total())
}

/// The objective and its gradient: `(loss, dH_1, [dW_1..dW_L])`.
pub type LossGradF64 = (f64, DMatrix<f64>, Vec<DMatrix<f64>>);

/// The objective and its gradient `(loss, dH, [dW_1..dW_L])`; arguments and errors as
/// [`mse_loss_f64`].
pub fn mse_loss_grad_f64(
    h: &DMatrix<f64>,
    ws: &[DMatrix<f64>],
    k: usize,
    n: usize,
    lambda_w: f64,
    lambda_h: f64,
) -> Result<LossGradF64, ModelError> {
    let model = relu_mse_model(h, ws, k, n, lambda_w, lambda_h);
    let params = Params {
        h1: h.clone(),
        w: ws.to_vec(),
    };
    let (loss, grad) = loss_and_gradient(model, params)?;
    Ok((loss.total(), grad.h1, grad.w))
}
