//! # Cross-entropy deep linear unconstrained features
//!
//! ## Main definitions
//! - [`loss`]: the cross-entropy fit $g(Z) = \frac1N \sum_{\text{columns}} \log \sum_{c'}
//!   e^{z_{c'} - z_c}$ of a logit matrix, in `f64` (stable) and enclosed exactly for rational
//!   logits.
//! - [`family`]: the DNC and paired families of the deep linear CE UFM, their losses through
//!   the Schatten reduction, explicit matrices, and minimisation over the scale (`f64`; the
//!   exact enclosures are the kernel's, `ncverify_kernel::ce`).
//! - [`depth`]: unit-margin costs of NC, paired and $K$-gon codes with $m$ factors, and the
//!   least depth at which a low-rank code is cheaper than NC.
//!
//! ## Main results
//! At aligned, balanced critical points with $L$ weight layers ($L+1$ factors)
//! $\mathcal L = g(Z) + \frac{\lambda(L+1)}{2} \sum_i s_i(Z)^{2/(L+1)}$.
//!
//! ## Example
//! At $K = 4$, $L = 3$, $\lambda = 10^{-3}$, $n = 1$ the paired family's minimal loss is below
//! DNC's, and the kernel's enclosure of a loss brackets its `f64` value:
//! ```
//! use ncverify::ce::family::{CeUfm, Family};
//! use ncverify::kernel::arith::rational::q;
//! use ncverify::numeric::q_to_f64;
//!
//! let m = CeUfm::new(4, 3, q(1, 1000), 1)?;
//! assert!(m.minimise(Family::Paired)?.loss < m.minimise(Family::Dnc)?.loss);
//!
//! let enclosure = m.loss_enclosure(Family::Dnc, &q(7, 1), &q(1, 1_000_000))?;
//! let x = m.loss(Family::Dnc, 7.0);
//! assert!(q_to_f64(enclosure.lo()) <= x && x <= q_to_f64(enclosure.hi()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! - C. Garrod, J. P. Keating, *The persistence of neural collapse despite low-rank bias*,
//!   Theorem 1 (arXiv:2410.23169) (reconstructed).
//! - C. Garrod, J. P. Keating, C. Thrampoulidis (2026), unregularised CE and depth
//!   (reconstructed).
#![cfg_attr(doc, doc = katex!())]

pub mod depth;
pub mod family;
pub mod loss;
