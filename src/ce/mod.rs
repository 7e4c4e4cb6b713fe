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
//! ## References
//! - C. Garrod, J. P. Keating, *The persistence of neural collapse despite low-rank bias*,
//!   Theorem 1 (arXiv:2410.23169) (reconstructed).
//! - C. Garrod, J. P. Keating, C. Thrampoulidis (2026), unregularised CE and depth
//!   (reconstructed).

pub mod depth;
pub mod family;
pub mod loss;
