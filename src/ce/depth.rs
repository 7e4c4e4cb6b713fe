//! # Unit-margin costs and the depth at which low-rank codes beat NC
//!
//! ## Main definitions
//! With $m$ aligned balanced factors, gradient descent on unregularised CE converges in direction
//! to a minimiser of $m\thinspace\Vert Z\Vert_{S_{2/m}}^{2/m}$ over logits with every margin $\ge 1$. Costs
//! (in `f64`, for illustration and cross-checks):
//! - NC ($Z = S \otimes 1_n^\top$): $m(K-1)n^{1/m}$;
//! - paired ($k = \lfloor K/2 \rfloor$ pairs, an extra class when $K$ is odd):
//!   $m\thinspace(k(4n)^{1/m} + [K \text{ odd}]\thinspace n^{1/m})$;
//! - rank-2 $K$-gon code: $2m\thinspace A^{2/m} n^{1/m}$, $A = K / (2(1-\cos(2\pi/K)))$.
//!
//! ## Main results
//! The least depths are decided by the kernel (`ncverify_kernel::ce::depth`), which returns
//! them with a fact:
//! - [`nc_vs_paired_depth`]: paired $<$ NC $\iff 4k^m < (2k-1)^m$ (integers, exact);
//! - [`nc_vs_kgon_depth`]: $K$-gon $<$ NC $\iff A^2 < ((K-1)/2)^m$, with an enclosure of
//!   $A^2$ refined until it separates from the rational right side.
//!
//! Both conditions are monotone in $m$ for $K \ge 4$ (the kernel checks the ratios exactly),
//! and every smaller $m$ is checked, so the answer is the least $m$.
//!
//! ## References
//! - C. Garrod, J. P. Keating, C. Thrampoulidis (2026), unregularised CE and depth
//!   (reconstructed).
#![cfg_attr(doc, doc = katex!())]

pub use crate::kernel::ce::depth::{
    DepthError, LeastDepth, kgon_a_squared, kgon_least_depth, paired_beats_nc, paired_least_depth,
};

/// NC cost $m(K-1)n^{1/m}$.
#[cfg_attr(doc, doc = katex!())]
pub fn nc_cost(k: usize, m: u32, n: u64) -> f64 {
    f64::from(m) * (k as f64 - 1.0) * (n as f64).powf(1.0 / f64::from(m))
}

/// Paired cost $m(k(4n)^{1/m} + [K\text{ odd}]\thinspace n^{1/m})$.
#[cfg_attr(doc, doc = katex!())]
pub fn paired_cost(k: usize, m: u32, n: u64) -> f64 {
    let mf = f64::from(m);
    let extra = if k % 2 == 1 { 1.0 } else { 0.0 };
    mf * ((k / 2) as f64 * (4.0 * n as f64).powf(1.0 / mf) + extra * (n as f64).powf(1.0 / mf))
}

/// $K$-gon cost $2m\thinspace(\sqrt n\thinspace K / (2(1-\cos(2\pi/K))))^{2/m}$.
#[cfg_attr(doc, doc = katex!())]
pub fn kgon_cost(k: usize, m: u32, n: u64) -> f64 {
    let kf = k as f64;
    let a = (n as f64).sqrt() * kf / (2.0 * (1.0 - (2.0 * std::f64::consts::PI / kf).cos()));
    2.0 * f64::from(m) * a.powf(2.0 / f64::from(m))
}

/// Least $m \ge 1$ with paired strictly cheaper than NC (kernel-certified); `None` for
/// $K < 4$ (never cheaper).
#[cfg_attr(doc, doc = katex!())]
pub fn nc_vs_paired_depth(k: usize) -> Option<u32> {
    paired_least_depth(k).ok().map(|d| d.factors())
}

/// Least $m$ with the $K$-gon code strictly cheaper than NC, certified by the kernel with
/// enclosures of at most `max_bits` bits; `None` for $K < 4$ or when an enclosure could not
/// separate within `max_bits` (the kernel's [`DepthError`] says which:
/// `ncverify_kernel::ce::depth::kgon_least_depth`).
#[cfg_attr(doc, doc = katex!())]
pub fn nc_vs_kgon_depth(k: usize, max_bits: u64) -> Option<u32> {
    kgon_least_depth(k, max_bits).ok().map(|d| d.factors())
}
