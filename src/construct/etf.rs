//! # The simplex equiangular tight frame
//!
//! ## Main definitions
//! - [`etf_gram`] (kernel, `ncverify_kernel::geom::etf`): $G = \frac{K}{K-1}\thinspace(I_K - \tfrac1K J)$:
//!   unit diagonal, off-diagonal $-\tfrac{1}{K-1}$; `Err` for $K < 2$. The crate's only
//!   construction of it (the softmax codes of [`crate::codes::closed`] use it too).
//! - [`check_etf_gram`] (kernel): its clauses, unit diagonal, off-diagonal $-1/(K-1)$, rank
//!   $K-1$, each failure located ([`EtfViolation`]).
//! - [`centroid_certificates`]: the proposed nearest hull points, one per vertex (untrusted).
//! - Unit vectors realising $G$ in $\mathbb R^d$, $d \ge K-1$: [`crate::codes::closed::etf`].
//!
//! ## Main results
//! - [`prove_gram_and_margin`] (kernel): the one-vs-rest distance
//!   $\rho = \min_k \operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j : j \ne k\rbrace) = K/(K-1)$.
//!   The nearest point of the hull to $w_k$ is the centroid
//!   $p = \frac{1}{K-1}\sum_{j\ne k} w_j = -\frac{w_k}{K-1}$ (because $\sum_j w_j = 0$): its
//!   weights are [`centroid_certificates`], and the kernel's hull verifier checks the
//!   first-order optimality condition from $G$ alone and returns
//!   $\Vert w_k - p\Vert^2 = (K/(K-1))^2$.
//!
//! ## References
//! - V. Papyan, X. Y. Han, D. Donoho, *Prevalence of neural collapse during the terminal phase
//!   of deep learning training*, PNAS 2020 (arXiv:2008.08186) — the simplex ETF.
//! - J. Jiang et al., *Generalized neural collapse for a large number of classes*, ICML 2024
//!   (arXiv:2310.05351) — the one-vs-rest distance (softmax code margin).
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::arith::rational::{Q, Z};
pub use crate::kernel::geom::etf::{
    EtfError, EtfViolation, check_etf_gram, etf_gram, prove_gram_and_margin,
};
use crate::kernel::geom::hull::HullCertificate;
use num_traits::{One, Zero};

/// For each vertex $v$ of the $K$-point simplex ETF, weights $\frac1{K-1}$ on every other
/// vertex (the centroid of the others): the proposed nearest hull points that
/// [`prove_gram_and_margin`] verifies.
#[cfg_attr(doc, doc = katex!())]
pub fn centroid_certificates(k: usize) -> Result<Vec<HullCertificate>, EtfError> {
    if k < 2 {
        return Err(EtfError::TooFewClasses(k));
    }
    let others = u64::try_from(k - 1).map_err(|_| EtfError::SizeOverflow(k))?;
    let w = Q::one() / Q::from_integer(Z::from(others));
    Ok((0..k)
        .map(|v| HullCertificate {
            point: v,
            weights: (0..k)
                .map(|j| if j == v { Q::zero() } else { w.clone() })
                .collect(),
        })
        .collect())
}
