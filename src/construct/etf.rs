//! # The simplex equiangular tight frame
//!
//! ## Main definitions
//! - [`etf_gram`]: $G = \frac{K}{K-1}\,S$, $S = I_K - \tfrac1K J$: unit diagonal,
//!   off-diagonal $-\tfrac{1}{K-1}$.
//! - [`etf_vectors_f64`]: unit vectors $w_k = \sqrt{K/(K-1)}\,(e_k - \tfrac1K \mathbf 1) \in
//!   \mathbb R^K$ (they span a $(K-1)$-dimensional subspace, so $d \ge K-1$ suffices).
//!
//! ## Main results
//! - [`check_etf_gram`]: $G$ has unit diagonal, off-diagonal $-1/(K-1)$ and rank $K-1$
//!   (exact, fraction-free elimination).
//! - [`etf_margin_certificate`]: the one-vs-rest distance
//!   $\rho = \min_k \operatorname{dist}(w_k, \operatorname{conv}\{w_j : j \ne k\}) = K/(K-1)$.
//!   Exactly: the nearest point of the hull to $w_k$ is the centroid
//!   $p = \frac{1}{K-1}\sum_{j\ne k} w_j = -\frac{w_k}{K-1}$ (because $\sum_j w_j = 0$); it is
//!   optimal iff $\langle w_j - p,\, p - w_k\rangle \ge 0$ for every $j \ne k$ (first-order
//!   condition for minimising a convex quadratic over a simplex), and then
//!   $\|w_k - p\|^2 = (K/(K-1))^2$. All inner products come from $G$, so the check is exact.
//!
//! ## References
//! - V. Papyan, X. Y. Han, D. Donoho, *Prevalence of neural collapse during the terminal phase
//!   of deep learning training*, PNAS 2020 (arXiv:2008.08186) — the simplex ETF.
//! - J. Jiang et al., *Generalized neural collapse for a large number of classes*, ICML 2024
//!   (arXiv:2310.05351) — the one-vs-rest distance (softmax code margin).

use crate::kernel::QMatrix;
use crate::kernel::rational::{Q, q, qi};
use nalgebra::DMatrix;
use std::fmt;

/// Why a matrix is not the simplex-ETF Gram matrix, naming the broken clause.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EtfViolation {
    /// Fewer than two classes.
    TooFewClasses(usize),
    /// A diagonal entry is not 1.
    Diagonal {
        /// Index of the entry.
        index: usize,
    },
    /// An off-diagonal entry is not $-1/(K-1)$.
    OffDiagonal {
        /// Row.
        i: usize,
        /// Column.
        j: usize,
    },
    /// The rank is not $K-1$.
    Rank {
        /// The rank found.
        rank: usize,
    },
    /// Vertex `k`'s distance to the hull of the others differs from vertex 0's.
    Unequal {
        /// The vertex.
        k: usize,
    },
    /// The matrix is not square.
    NotSquare,
    /// The centroid of the other vertices fails the optimality condition.
    NotNearest {
        /// The vertex.
        k: usize,
        /// The vertex $j$ with $\langle w_j - p, p - w_k\rangle < 0$.
        j: usize,
    },
}

impl fmt::Display for EtfViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewClasses(k) => write!(f, "an ETF needs K >= 2 classes, got {k}"),
            Self::Unequal { k } => write!(
                f,
                "vertex {k} is at a different distance from the others' hull"
            ),
            Self::NotSquare => write!(f, "a Gram matrix must be square"),
            Self::Diagonal { index } => write!(f, "diagonal entry {index} is not 1"),
            Self::OffDiagonal { i, j } => write!(f, "entry ({i},{j}) is not -1/(K-1)"),
            Self::Rank { rank } => write!(f, "rank {rank} is not K-1"),
            Self::NotNearest { k, j } => {
                write!(
                    f,
                    "centroid is not the nearest hull point to vertex {k} (direction {j})"
                )
            }
        }
    }
}

impl std::error::Error for EtfViolation {}

/// The centering matrix $S = I_K - J/K$.
pub fn centering(k: usize) -> QMatrix {
    QMatrix::identity(k).sub(&QMatrix::ones(k, k).scale(&q(1, k as i64)))
}

/// The ETF Gram matrix $G = \frac{K}{K-1} S$ (exact). Requires $K \ge 2$.
pub fn etf_gram(k: usize) -> Result<QMatrix, EtfViolation> {
    if k < 2 {
        return Err(EtfViolation::TooFewClasses(k));
    }
    Ok(centering(k).scale(&q(k as i64, k as i64 - 1)))
}

/// Check the three clauses of the ETF Gram matrix: unit diagonal, off-diagonal
/// $-1/(K-1)$, rank $K-1$.
pub fn check_etf_gram(g: &QMatrix) -> Result<(), EtfViolation> {
    let k = g.rows();
    if !g.is_square() {
        return Err(EtfViolation::NotSquare);
    }
    if k < 2 {
        return Err(EtfViolation::TooFewClasses(k));
    }
    let off = q(-1, k as i64 - 1);
    for i in 0..k {
        if g.get(i, i) != &qi(1) {
            return Err(EtfViolation::Diagonal { index: i });
        }
        for j in 0..k {
            if i != j && g.get(i, j) != &off {
                return Err(EtfViolation::OffDiagonal { i, j });
            }
        }
    }
    let rank = g.rank();
    if rank != k - 1 {
        return Err(EtfViolation::Rank { rank });
    }
    Ok(())
}

/// Certify the one-vs-rest distance of the code with Gram matrix `g`: returns $\rho^2$, the
/// common squared distance of each vertex to the hull of the others, after verifying for
/// every vertex that the centroid of the others is its nearest hull point and that all these
/// distances are equal.
pub fn etf_margin_certificate(g: &QMatrix) -> Result<Q, EtfViolation> {
    check_etf_gram(g)?;
    let k = g.rows();
    let inv = q(1, k as i64 - 1);
    // <w_a, p> with p = (1/(K-1)) Σ_{j≠v} w_j, from the Gram matrix.
    let inner_p = |a: usize, v: usize| -> Q {
        (0..k)
            .filter(|&j| j != v)
            .fold(qi(0), |s, j| s + g.get(a, j))
            * &inv
    };
    let mut rho_sq: Option<Q> = None;
    for v in 0..k {
        let pp = (0..k)
            .filter(|&a| a != v)
            .fold(qi(0), |s, a| s + inner_p(a, v))
            * &inv;
        let pv = inner_p(v, v);
        // <w_j - p, p - w_v> = <w_j,p> - <w_j,w_v> - <p,p> + <p,w_v>  >= 0 for all j ≠ v
        for j in (0..k).filter(|&j| j != v) {
            let c = inner_p(j, v) - g.get(j, v) - &pp + &pv;
            if c < qi(0) {
                return Err(EtfViolation::NotNearest { k: v, j });
            }
        }
        // ||w_v - p||^2 = <w_v,w_v> - 2<w_v,p> + <p,p>
        let d = g.get(v, v) - qi(2) * &pv + &pp;
        match &rho_sq {
            None => rho_sq = Some(d),
            Some(r) if r == &d => {}
            Some(_) => return Err(EtfViolation::Unequal { k: v }),
        }
    }
    Ok(rho_sq.expect("K >= 2 vertices"))
}

/// Unit ETF vectors as the columns of a $K \times K$ matrix (f64).
pub fn etf_vectors_f64(k: usize) -> DMatrix<f64> {
    let s = (k as f64 / (k as f64 - 1.0)).sqrt();
    DMatrix::from_fn(k, k, |i, j| {
        s * (if i == j { 1.0 } else { 0.0 } - 1.0 / k as f64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k2_k3_k4_hand_computed() {
        // K = 2: antipodal, G = [[1,-1],[-1,1]], margin 2.
        let g2 = etf_gram(2).unwrap();
        assert_eq!(g2.get(0, 1), &qi(-1));
        assert_eq!(etf_margin_certificate(&g2).unwrap(), qi(4));
        // K = 3: off-diagonal -1/2, margin 3/2.
        let g3 = etf_gram(3).unwrap();
        assert_eq!(g3.get(2, 0), &q(-1, 2));
        assert_eq!(etf_margin_certificate(&g3).unwrap(), q(9, 4));
        // K = 4: off-diagonal -1/3, margin 4/3, rank 3.
        let g4 = etf_gram(4).unwrap();
        assert_eq!(g4.rank(), 3);
        assert_eq!(etf_margin_certificate(&g4).unwrap(), q(16, 9));
    }

    #[test]
    fn gram_of_f64_vectors_matches_exact() {
        for k in 2..12 {
            let w = etf_vectors_f64(k);
            let g = w.transpose() * &w;
            let exact = etf_gram(k).unwrap();
            for i in 0..k {
                for j in 0..k {
                    let e = crate::numeric::q_to_f64(exact.get(i, j));
                    assert!((g[(i, j)] - e).abs() < 1e-14, "K={k} ({i},{j})");
                }
            }
        }
    }

    #[test]
    fn tampered_gram_is_rejected_with_location() {
        let mut g = etf_gram(5).unwrap();
        g.set(1, 3, q(-1, 3));
        assert_eq!(
            check_etf_gram(&g),
            Err(EtfViolation::OffDiagonal { i: 1, j: 3 })
        );
        let mut g = etf_gram(5).unwrap();
        g.set(2, 2, q(9, 10));
        assert_eq!(check_etf_gram(&g), Err(EtfViolation::Diagonal { index: 2 }));
        assert_eq!(etf_gram(1), Err(EtfViolation::TooFewClasses(1)));
    }
}
