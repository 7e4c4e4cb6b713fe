//! # Distance to the convex hull of the other points, exactly
//!
//! ## Main definitions
//! - [`HullCertificate`]: hull weights $\lambda$ on the simplex over $\lbrace j \ne k\rbrace$ for the point $k$.
//! - [`verify_hull_certificate`]: re-checks a certificate against a rational Gram matrix and returns
//!   $\operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j\rbrace_{j\ne k})^2$.
//!
//! The search that *finds* a certificate (enumerating supports and solving the KKT system) is
//! untrusted and lives outside the kernel (`ncverify::construct::hull`).
//!
//! ## Main results
//! With $p_j = w_j - w_k$ and $x = \sum_j \lambda_j p_j$, $\lambda$ on the simplex, $x$ is the
//! minimum-norm point of $\operatorname{conv}\lbrace p_j\rbrace$ iff $\langle x, p_j\rangle \ge \Vert x\Vert^2$ for every
//! $j$ (first-order optimality of a convex quadratic over the simplex). All inner products come
//! from the Gram matrix: $\langle p_i, p_j\rangle = G_{ij} - G_{ik} - G_{kj} + G_{kk}$. On an affinely
//! independent support $S$ the affine minimum-norm point solves
//! $\big(\begin{smallmatrix}P_S & 1\cr 1^\top & 0\end{smallmatrix}\big)\big(\begin{smallmatrix}\lambda\cr -\mu\end{smallmatrix}\big)
//! = \big(\begin{smallmatrix}0\cr 1\end{smallmatrix}\big)$; some optimal support is affinely independent
//! (Carathéodory), so the enumeration always finds a certificate.
//!
//! ## References
//! - P. Wolfe, *Finding the nearest point in a polytope*, Math. Programming 11 (1976).
//! - Jiang et al., ICML 2024 (arXiv:2310.05351): the one-vs-rest distance of softmax codes.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::rational::Q;
use num_traits::{One, Signed, Zero};
use std::fmt;

/// Largest number of points the exact hull search accepts (it enumerates $2^{K-1}$ supports).
#[cfg_attr(doc, doc = katex!())]
pub const MAX_HULL_POINTS: usize = 12;

/// Why a hull distance cannot be computed or a certificate is wrong.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HullError {
    /// The Gram matrix is not square.
    NotSquare,
    /// Fewer than two points.
    TooFewPoints,
    /// More points than [`MAX_HULL_POINTS`].
    TooManyPoints(usize),
    /// The point index is out of range.
    IndexOutOfRange(usize),
    /// The certificate has the wrong number of weights.
    WeightCount {
        /// Weights given.
        given: usize,
        /// Points in the Gram matrix.
        expected: usize,
    },
    /// A weight is negative, or the point's own weight is not zero.
    BadWeight(usize),
    /// The weights do not sum to 1.
    WeightSum,
    /// Optimality fails: $\langle x, p_j\rangle < \Vert x\Vert^2$ at this index.
    NotOptimal(usize),
    /// No support gave a certificate (impossible for a Gram matrix).
    NoCertificate,
}

impl fmt::Display for HullError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSquare => write!(f, "gram: not square"),
            Self::TooFewPoints => write!(f, "gram: need at least two points"),
            Self::TooManyPoints(k) => {
                write!(f, "gram: {k} points, need at most {MAX_HULL_POINTS}")
            }
            Self::IndexOutOfRange(k) => write!(f, "point: {k} is not the index of a point"),
            Self::WeightCount { given, expected } => {
                write!(f, "weights: {given} given, need one per point ({expected})")
            }
            Self::BadWeight(j) => {
                write!(f, "weights: weight {j} is negative or on the point itself")
            }
            Self::WeightSum => write!(f, "weights: need sum 1"),
            Self::NotOptimal(j) => write!(f, "weights: optimality fails at point {j}"),
            Self::NoCertificate => write!(f, "no support gave a certificate"),
        }
    }
}

impl std::error::Error for HullError {}

impl HullError {
    /// The caller's argument the error is about: `gram`, `point` (of [`check_gram`], and the
    /// field `point` of a [`HullCertificate`]), `weights` (the certificate's field), or `None`
    /// when no support gave a certificate.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::NotSquare | Self::TooFewPoints | Self::TooManyPoints(_) => Some("gram"),
            Self::IndexOutOfRange(_) => Some("point"),
            Self::WeightCount { .. }
            | Self::BadWeight(_)
            | Self::WeightSum
            | Self::NotOptimal(_) => Some("weights"),
            Self::NoCertificate => None,
        }
    }
}

/// Weights $\lambda_j$ ($\lambda_k = 0$) certifying the nearest hull point of point $k$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HullCertificate {
    /// The point $k$.
    pub point: usize,
    /// One weight per point of the Gram matrix.
    pub weights: Vec<Q>,
}

/// Check that `gram` is a square Gram matrix of at least two points and `point` indexes one;
/// returns the number of points.
///
/// # Errors
/// [`HullError::NotSquare`] or [`HullError::TooFewPoints`] (parameter `gram`),
/// [`HullError::IndexOutOfRange`] (parameter `point`).
pub fn check_gram(gram: &QMatrix, point: usize) -> Result<usize, HullError> {
    let k = point;
    let n = gram.rows();
    if gram.cols() != n {
        return Err(HullError::NotSquare);
    }
    if n < 2 {
        return Err(HullError::TooFewPoints);
    }
    if k >= n {
        return Err(HullError::IndexOutOfRange(k));
    }
    Ok(n)
}

/// $\langle p_i, p_j\rangle$ with $p_j = w_j - w_k$.
///
/// # Panics
/// If `k`, `i` or `j` is not an index of `gram` (as [`QMatrix::get`]); [`check_gram`] first.
// <w_i - w_k, w_j - w_k> = G_ij - G_ik - G_kj + G_kk
pub fn pp(gram: &QMatrix, k: usize, i: usize, j: usize) -> Q {
    gram.get(i, j) - gram.get(i, k) - gram.get(k, j) + gram.get(k, k)
}

/// Re-check a certificate; returns the squared distance $\Vert x\Vert^2$.
///
/// # Errors
/// Those of [`check_gram`] for `cert.point`; [`HullError::WeightCount`],
/// [`HullError::BadWeight`], [`HullError::WeightSum`] or [`HullError::NotOptimal`] (parameter
/// `weights`) for a certificate that fails.
///
/// # Cost
/// $O(sK)$ rational operations for $s$ non-zero weights and $K$ points.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::{q, qi};
/// use ncverify_kernel::geom::etf::etf_gram;
/// use ncverify_kernel::geom::hull::{HullCertificate, verify_hull_certificate};
/// // vertex 0 of the K = 3 simplex ETF: the nearest point of the opposite edge is its midpoint
/// let cert = HullCertificate { point: 0, weights: vec![qi(0), q(1, 2), q(1, 2)] };
/// assert_eq!(verify_hull_certificate(&etf_gram(3).unwrap(), &cert)?, q(9, 4)); // (K/(K-1))^2
///
/// # Ok::<(), ncverify_kernel::geom::hull::HullError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn verify_hull_certificate(gram: &QMatrix, cert: &HullCertificate) -> Result<Q, HullError> {
    let k = cert.point;
    let n = check_gram(gram, k)?;
    let lam = &cert.weights;
    if lam.len() != n {
        return Err(HullError::WeightCount {
            given: lam.len(),
            expected: n,
        });
    }
    if let Some(j) = (0..n).find(|&j| lam[j].is_negative() || (j == k && !lam[j].is_zero())) {
        return Err(HullError::BadWeight(j));
    }
    if lam.iter().sum::<Q>() != Q::one() {
        return Err(HullError::WeightSum);
    }
    let support: Vec<usize> = (0..n).filter(|&j| !lam[j].is_zero()).collect();
    // <x, p_j> = Σ_i λ_i <p_i, p_j>,  ||x||² = Σ_j λ_j <x, p_j>
    let ip: Vec<Q> = (0..n)
        .map(|j| support.iter().map(|&i| &lam[i] * pp(gram, k, i, j)).sum())
        .collect();
    let norm: Q = support.iter().map(|&j| &lam[j] * &ip[j]).sum();
    if let Some(j) = (0..n).find(|&j| j != k && ip[j] < norm) {
        return Err(HullError::NotOptimal(j));
    }
    Ok(norm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    fn square() -> QMatrix {
        // e1, e2, -e1, -e2
        let w = QMatrix::from_int_fn(2, 4, |i, j| [[1, 0, -1, 0], [0, 1, 0, -1]][i][j]);
        w.transpose().mul(&w)
    }

    #[test]
    fn midpoint_certificate_gives_unit_distance() {
        // nearest point of conv{e2, -e1, -e2} to e1 is 0 = (e2 + (-e2))/2
        let cert = HullCertificate {
            point: 0,
            weights: vec![qi(0), q(1, 2), qi(0), q(1, 2)],
        };
        assert_eq!(verify_hull_certificate(&square(), &cert), Ok(qi(1)));
    }

    #[test]
    fn tampered_certificates_fail_where_they_are_wrong() {
        let g = square();
        let mut t = HullCertificate {
            point: 0,
            weights: vec![qi(0), q(1, 2), q(1, 2), qi(0)],
        };
        // x = (e2 - e1)/2 + (-2 e1)/2: not the nearest point; optimality fails at e2's opposite
        assert!(matches!(
            verify_hull_certificate(&g, &t),
            Err(HullError::NotOptimal(_))
        ));
        t.weights = vec![qi(0), q(1, 2), qi(0), q(1, 3)];
        assert_eq!(verify_hull_certificate(&g, &t), Err(HullError::WeightSum));
        t.weights = vec![q(1, 2), q(1, 2), qi(0), qi(0)];
        assert_eq!(
            verify_hull_certificate(&g, &t),
            Err(HullError::BadWeight(0))
        );
        t.weights = vec![qi(0), qi(1)];
        assert!(matches!(
            verify_hull_certificate(&g, &t),
            Err(HullError::WeightCount { .. })
        ));
    }
}
