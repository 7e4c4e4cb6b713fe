//! # MSE deep unconstrained features model with ReLU
//!
//! ## Main definitions
//! The $L$-layer DUFM (Súkeník, Lampert, Mondelli 2024; the normalisation of the objective is
//! our reconstruction): features $H_1 \in \mathbb R^{d\times N}$, weights
//! $W_1,\dots,W_{L-1} \in \mathbb R^{d\times d}$, $W_L \in \mathbb R^{K\times d}$, labels
//! $Y = I_K \otimes \mathbf 1_n^\top$, $N = Kn$, and
//! $$\mathcal L = \frac{1}{2N}\big\Vert W_L\thinspace\sigma(W_{L-1}\cdots\sigma(W_1H_1)) - Y\big\Vert_F^2 +
//!   \sum_{l}\frac{\lambda_W}{2}\Vert W_l\Vert_F^2 + \frac{\lambda_H}{2}\Vert H_1\Vert_F^2,$$
//!
//! $\sigma = \mathrm{ReLU}$ after $W_1,\dots,W_{L-1}$; $\lambda_H$ is not divided by $N$.
//! - [`explicit`]: the loss of explicit parameters, exact over $\mathbb Q$ (the kernel's
//!   `dufm::mse_loss_exact`) and in `f64` with its gradient (the trainer's); the explicit
//!   factor matrices of every family (built by the kernel's `mse_family`).
//! - [`compare`]: the exact order of two constructions' optimal losses and a rational
//!   enclosure of each (decided by the kernel's `mse_compare`).
//! - [`family`]: a *family* fixes the shapes $F_0,\dots,F_L$ of the $L+1$ factors (output
//!   $Y$ at unit scales) and leaves their positive scales free. By AM–GM its optimal loss is
//!   $$\ell(C) = \min_{x\ge 0} \tfrac12(1-x)^2 + \tfrac{L+1}{2}\thinspace c\thinspace C\thinspace x^{2/(L+1)},\quad
//!   c = (n\lambda_H\lambda_W^L)^{1/(L+1)},\quad C^{L+1} = \textstyle\prod_i\Vert F_i\Vert_F^2/n.$$
//!
//! ## Main results
//! - DNC: $C_{\mathrm{DNC}} = K$; the optimal scale is $0$ iff
//!   $n\lambda_H\lambda_W^L \ge (L-1)^{L-1}/(L^{2L}K^{L+1})$ ([`family::dnc_zero_threshold`]).
//! - SRG B-chain on $T(r)$: $C_{\mathrm{SRG}}^{L+1} = K^3 r^{L-1}/2$, $K = r(r-1)/2$, and
//!   $C_{\mathrm{SRG}} < C_{\mathrm{DNC}} \iff 2^{L-3} r < (r-1)^{L-2}$.
//! - Blocks in orthogonal coordinates, each balanced separately, have additive cost
//!   constants, so one $T(4)$ block beside DNC on $K-6$ classes beats DNC for every
//!   $K\ge 6$, $L \ge 4$.
//!
//! The exact quantities these results rest on — factors, cost constants, their comparisons and
//! the zero threshold — are computed and proved in the trusted kernel
//! (`ncverify_kernel::{mse_family, mse_order, dnc_threshold}`); this module adds the
//! `f64` family losses and the search-side constructions.
//!
//! ## Example
//! At $K = 6$, $L = 4$, $\lambda_W = \lambda_H = 10^{-3}$, $n = 1$ the B-chain on $T(4)$ beats
//! DNC (optimal losses $0.0146335\ldots < 0.0149819\ldots$); at $\lambda = 1/2$ the exact
//! threshold makes the zero solution optimal, with loss $1/2$:
//! ```
//! use ncverify::kernel::arith::rational::q;
//! use ncverify::mse::MseParams;
//! use ncverify::mse::family::{Family, construction_loss, dnc_zero_threshold};
//!
//! let p = MseParams::new(6, 4, q(1, 1000), q(1, 1000), 1)?;
//! let srg = construction_loss(&p, &Family::Srg.construction(&p)?)?;
//! let dnc = construction_loss(&p, &Family::Dnc.construction(&p)?)?;
//! assert!((srg.loss - 0.0146335478).abs() < 1e-9 && (dnc.loss - 0.0149819348).abs() < 1e-9);
//!
//! let big = MseParams::new(6, 4, q(1, 2), q(1, 2), 1)?;
//! assert!(dnc_zero_threshold(&big));
//! assert_eq!(construction_loss(&big, &Family::Dnc.construction(&big)?)?.loss, 0.5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorems 4–5 and
//!   Fig. 2. The objective's normalisation ($\lambda_H$ not divided by $N$) is reconstructed.
#![cfg_attr(doc, doc = katex!())]

pub mod compare;
pub mod explicit;
pub mod family;
pub mod known;
pub mod params;

pub use compare::{Comparison, LossOrdering, compare_constructions};
pub use family::{Block, Construction, FamilyLoss};
pub use params::{MseError, MseParams};
