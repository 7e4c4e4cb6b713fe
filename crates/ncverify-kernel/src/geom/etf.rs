//! # The simplex equiangular tight frame, exactly
//!
//! ## Main definitions
//! - [`etf_gram`]: $G = \frac{K}{K-1}\big(I_K - \tfrac1K J\big)$, the Gram matrix of the unit
//!   vectors $w_k = \sqrt{K/(K-1)}\thinspace(e_k - \tfrac1K\mathbf 1)$: unit diagonal, off-diagonal
//!   $-\frac1{K-1}$. This is the crate's only construction of it.
//! - [`check_etf_gram`]: the three clauses (unit diagonal, off-diagonal $-1/(K-1)$, rank $K-1$),
//!   each failure naming its clause and location ([`EtfViolation`]).
//!
//! ## Main results
//! - [`prove_gram_and_margin`]: at a given $K \ge 2$, the Gram clauses hold and every vertex is
//!   at squared distance $\big(\frac{K}{K-1}\big)^2$ from the convex hull of the others. The
//!   distances come from hull certificates (weights on the other vertices) checked by
//!   [`verify_hull_certificate`]; the proposer (for the ETF: the centroid
//!   $p = \frac1{K-1}\sum_{j\ne k}w_j = -\frac{w_k}{K-1}$) lives outside the kernel.
//!
//! ## References
//! - V. Papyan, X. Y. Han, D. Donoho, *Prevalence of neural collapse during the terminal phase
//!   of deep learning training*, PNAS 2020 (arXiv:2008.08186): the simplex ETF.
//! - J. Jiang et al., *Generalized neural collapse for a large number of classes*, ICML 2024
//!   (arXiv:2310.05351): the one-vs-rest distance (softmax code margin).
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::rational::{Q, Z, pow_u};
use crate::fact::Fact;
use crate::geom::hull::{HullCertificate, HullError, verify_hull_certificate};
use num_traits::One;
use std::fmt;

/// Why the ETF quantities cannot be computed (not a counterexample).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EtfError {
    /// $K < 2$.
    TooFewClasses(usize),
    /// $K^2$ entries do not fit in `usize`.
    SizeOverflow(usize),
    /// Not one certificate per vertex, in vertex order.
    CertificateCount {
        /// Certificates given.
        given: usize,
        /// $K$.
        expected: usize,
    },
    /// A hull certificate was rejected.
    Hull {
        /// The vertex.
        vertex: usize,
        /// Why.
        error: HullError,
    },
}

impl fmt::Display for EtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewClasses(k) => write!(f, "k: K = {k}, need K >= 2"),
            Self::SizeOverflow(k) => write!(f, "k: K = {k}, K^2 entries overflow"),
            Self::CertificateCount { given, expected } => write!(
                f,
                "certs: {given} given, need one per vertex in vertex order ({expected})"
            ),
            Self::Hull { vertex, error } => write!(f, "certs[{vertex}]: {error}"),
        }
    }
}

impl std::error::Error for EtfError {}

impl EtfError {
    /// The caller's argument the error is about: `k` of [`etf_gram`] and
    /// [`prove_gram_and_margin`], or `certs` of the latter (a rejected certificate's field is
    /// [`HullError::parameter`] of the wrapped error).
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::TooFewClasses(_) | Self::SizeOverflow(_) => "k",
            Self::CertificateCount { .. } | Self::Hull { .. } => "certs",
        }
    }
}

/// Why a matrix is not the simplex-ETF Gram matrix, naming the broken clause.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EtfViolation {
    /// The matrix is not square.
    NotSquare,
    /// Fewer than two rows.
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
}

impl fmt::Display for EtfViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSquare => write!(f, "a Gram matrix must be square"),
            Self::TooFewClasses(k) => write!(f, "an ETF needs K >= 2 classes, got {k}"),
            Self::Diagonal { index } => write!(f, "diagonal entry {index} is not 1"),
            Self::OffDiagonal { i, j } => write!(f, "entry ({i},{j}) is not -1/(K-1)"),
            Self::Rank { rank } => write!(f, "rank {rank} is not K-1"),
        }
    }
}

impl std::error::Error for EtfViolation {}

fn qk(k: usize) -> Result<Q, EtfError> {
    let k64 = u64::try_from(k).map_err(|_| EtfError::SizeOverflow(k))?;
    Ok(Q::from_integer(Z::from(k64)))
}

/// The simplex-ETF Gram matrix $\frac{K}{K-1}(I_K - J/K)$, exactly; $K \ge 2$.
///
/// # Errors
/// [`EtfError::TooFewClasses`] for $K < 2$, [`EtfError::SizeOverflow`] if $K^2$ does not fit
/// `usize` (parameter `k`).
///
/// # Cost
/// A dense $K \times K$ matrix. Only $K^2$ fitting `usize` is checked: a caller with untrusted
/// $K$ bounds it first.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::{q, qi};
/// use ncverify_kernel::geom::etf::etf_gram;
/// let g = etf_gram(3)?;
/// assert_eq!((g.get(0, 0), g.get(0, 1)), (&qi(1), &q(-1, 2)));
/// assert_eq!(etf_gram(1).unwrap_err().parameter(), "k");
///
/// # Ok::<(), ncverify_kernel::geom::etf::EtfError>(())
/// ```
// G = K/(K-1) (I - J/K): G_ii = K/(K-1) (1 - 1/K) = 1, G_ij = K/(K-1) (-1/K) = -1/(K-1)
pub fn etf_gram(k: usize) -> Result<QMatrix, EtfError> {
    if k < 2 {
        return Err(EtfError::TooFewClasses(k));
    }
    k.checked_mul(k).ok_or(EtfError::SizeOverflow(k))?;
    let kq = qk(k)?;
    let scale = &kq / (&kq - Q::one());
    let centering = QMatrix::identity(k).sub(&QMatrix::ones(k, k).scale(&(Q::one() / &kq)));
    Ok(centering.scale(&scale))
}

/// Check the three clauses of the ETF Gram matrix: unit diagonal, off-diagonal $-1/(K-1)$,
/// rank $K-1$ (fraction-free elimination).
///
/// # Errors
/// The first [`EtfViolation`]: not square, $K < 2$, a diagonal or off-diagonal entry, the rank.
///
/// # Cost
/// $O(K^2)$ comparisons and one rank: $O(K^3)$ rational operations.
#[cfg_attr(doc, doc = katex!())]
pub fn check_etf_gram(g: &QMatrix) -> Result<(), EtfViolation> {
    let k = g.rows();
    if !g.is_square() {
        return Err(EtfViolation::NotSquare);
    }
    if k < 2 {
        return Err(EtfViolation::TooFewClasses(k));
    }
    let off = match u64::try_from(k - 1) {
        Ok(m) => -(Q::one() / Q::from_integer(Z::from(m))),
        Err(_) => return Err(EtfViolation::TooFewClasses(k)),
    };
    for i in 0..k {
        if !g.get(i, i).is_one() {
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

/// At $K \ge 2$: build $G$ ([`etf_gram`]), check its clauses, and verify one hull certificate
/// per vertex (`certs[v].point == v`). `Ok(Ok(fact))`: the clauses hold and every vertex is at
/// squared distance $(K/(K-1))^2$ from the hull of the others. `Ok(Err(fact))`: a clause fails,
/// or a verified distance differs — an exact counterexample. `Err`: the inputs are unusable (a
/// rejected certificate is not a counterexample).
///
/// # Errors
/// Those of [`etf_gram`]; [`EtfError::CertificateCount`] unless `certs` has one certificate per
/// vertex in vertex order; [`EtfError::Hull`] naming the vertex whose certificate is rejected
/// (parameter `certs`).
///
/// # Cost
/// [`check_etf_gram`] and $K$ hull verifications of $O(K^2)$ each: $O(K^3)$ rational operations.
#[cfg_attr(doc, doc = katex!())]
pub fn prove_gram_and_margin(
    k: usize,
    certs: &[HullCertificate],
) -> Result<Result<Fact, Fact>, EtfError> {
    let g = etf_gram(k)?;
    if let Err(v) = check_etf_gram(&g) {
        return Ok(Err(Fact::new(format!(
            "K = {k}: the matrix K/(K-1)(I - J/K) is not the simplex-ETF Gram matrix: {v}"
        ))));
    }
    if certs.len() != k || certs.iter().enumerate().any(|(v, c)| c.point != v) {
        return Err(EtfError::CertificateCount {
            given: certs.len(),
            expected: k,
        });
    }
    let kq = qk(k)?;
    let want = pow_u(&(&kq / (&kq - Q::one())), 2);
    for (vertex, cert) in certs.iter().enumerate() {
        let d =
            verify_hull_certificate(&g, cert).map_err(|error| EtfError::Hull { vertex, error })?;
        if d != want {
            return Ok(Err(Fact::new(format!(
                "K = {k}: vertex {vertex} is at squared distance {d} != {want} = (K/(K-1))^2 from \
                 the convex hull of the others (hull certificate verified)"
            ))));
        }
    }
    Ok(Ok(Fact::new(format!(
        "K = {k}: G = K/(K-1)(I - J/K) has unit diagonal, off-diagonal {} and rank {}; every \
         vertex is at squared distance {want} = (K/(K-1))^2 from the convex hull of the others \
         (hull certificates verified)",
        g.get(0, 1),
        k - 1
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    fn centroid(k: usize, v: usize) -> HullCertificate {
        let w = q(1, k as i64 - 1);
        HullCertificate {
            point: v,
            weights: (0..k)
                .map(|j| if j == v { qi(0) } else { w.clone() })
                .collect(),
        }
    }

    #[test]
    fn k2_k3_k4_hand_computed() {
        // K = 2: antipodal, G = [[1,-1],[-1,1]], margin 2; K = 3: -1/2, margin 3/2; K = 4: rank 3
        let g2 = etf_gram(2).unwrap();
        assert_eq!(g2.get(0, 1), &qi(-1));
        assert_eq!(etf_gram(3).unwrap().get(2, 0), &q(-1, 2));
        assert_eq!(etf_gram(4).unwrap().rank(), 3);
        for (k, rho_sq) in [(2, qi(4)), (3, q(9, 4)), (4, q(16, 9))] {
            let certs: Vec<_> = (0..k).map(|v| centroid(k, v)).collect();
            let fact = prove_gram_and_margin(k, &certs).unwrap().unwrap();
            assert!(
                fact.to_string()
                    .contains(&format!("{rho_sq} = (K/(K-1))^2")),
                "{fact}"
            );
        }
    }

    #[test]
    fn bad_inputs_are_errors_not_counterexamples() {
        assert_eq!(etf_gram(1), Err(EtfError::TooFewClasses(1)));
        assert_eq!(
            etf_gram(usize::MAX),
            Err(EtfError::SizeOverflow(usize::MAX))
        );
        let mut certs: Vec<_> = (0..5).map(|v| centroid(5, v)).collect();
        assert!(matches!(
            prove_gram_and_margin(5, &certs[..4]),
            Err(EtfError::CertificateCount { .. })
        ));
        // move weight from one vertex to another: not the nearest point any more
        certs[2].weights[0] = q(1, 2);
        certs[2].weights[1] = qi(0);
        certs[2].weights[3] = q(1, 4);
        certs[2].weights[4] = q(1, 4);
        assert!(matches!(
            prove_gram_and_margin(5, &certs),
            Err(EtfError::Hull { vertex: 2, .. })
        ));
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
        assert_eq!(
            check_etf_gram(&QMatrix::identity(1)),
            Err(EtfViolation::TooFewClasses(1))
        );
        // unit diagonal and -1/(K-1) off it force rank K-1; a 2x3 block is not square
        assert_eq!(
            check_etf_gram(&QMatrix::zeros(2, 3)),
            Err(EtfViolation::NotSquare)
        );
    }
}
