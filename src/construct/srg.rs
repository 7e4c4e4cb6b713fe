//! # Strongly regular graphs
//!
//! A graph on $v$ vertices is *strongly regular* with parameters $(v, k, \lambda, \mu)$ when
//! it is $k$-regular, two adjacent vertices have exactly $\lambda$ common neighbours and two
//! distinct non-adjacent vertices exactly $\mu$. Following Brouwer–Haemers §9.1 we call a
//! parameter set *non-trivial* when $0 < k < v - 1$ (no edgeless or complete graphs).
//!
//! ## Main definitions
//! - [`SrgParams`]: a parameter set; [`triangular_params`], [`paley_params`].
//! - [`triangular_adjacency`], [`triangular_incidence`]: the triangular graph $T(r)$ (the line
//!   graph of $K_r$) and its vertex–edge incidence matrix $B \in \{0,1\}^{r \times K}$,
//!   $K = \binom{r}{2}$; columns are the edges $\{i < j\}$ in lexicographic order
//!   ([`triangular_edges`]). `_f64` twins are built from the same index map.
//! - [`paley_adjacency`]: the Paley graph $P(q)$, $q$ a prime $\equiv 1 \pmod 4$: $x \sim y$
//!   iff $x - y$ is a non-zero square mod $q$.
//! - [`AdjacencyMatrix`]: a checked simple-graph adjacency matrix (square, $0/1$,
//!   symmetric, zero diagonal).
//! - [`Spectrum`]: eigenvalues and multiplicities as exact elements of
//!   $\mathbb{Q}(\sqrt{\Delta})$; [`Feasibility`]: the named feasibility conditions.
//!
//! ## Main results
//! - [`verify_srg`]: the definition, one [`SrgViolation`] per clause;
//!   [`verify_srg_identity`]: the equivalent matrix identity
//!   $A^2 = kI + \lambda A + \mu(J - I - A)$.
//! - $T(r)$ is srg$\big(\binom r2, 2(r-2), r-2, 4\big)$ for $r \ge 4$, with
//!   $BB^\top = (r-2)I + J$ and $B^\top B = 2I + A$; $P(q)$ is
//!   srg$\big(q, \tfrac{q-1}2, \tfrac{q-5}4, \tfrac{q-1}4\big)$.
//! - [`spectrum`]: eigenvalues $k$ and $r, s = \tfrac12\big((\lambda-\mu) \pm \sqrt\Delta\big)$,
//!   $\Delta = (\lambda-\mu)^2 + 4(k-\mu)$, with multiplicities $1$ and
//!   $f, g = \tfrac12\big[(v-1) \mp \tfrac{2k + (v-1)(\lambda-\mu)}{\sqrt\Delta}\big]$.
//!   When $\Delta$ is not a square, $r$ and $s$ are irrational, and $f, g$ are irrational too
//!   unless $2k + (v-1)(\lambda - \mu) = 0$ (the *conference* case, $f = g = (v-1)/2$).
//!   [`check_spectrum_against`] re-derives the spectrum from an explicit matrix by exact
//!   ranks and traces.
//! - [`feasibility`]: the counting identity $k(k-\lambda-1) = \mu(v-k-1)$; integral
//!   multiplicities; Belevitch's condition for conference parameters; the Krein conditions
//!   $(r+1)(k+r+2rs) \le (k+r)(s+1)^2$ and $(s+1)(k+s+2rs) \le (k+s)(r+1)^2$ (decided exactly
//!   in $\mathbb{Q}(\sqrt\Delta)$); for primitive parameters ($0 < \mu < k$) the absolute
//!   bound $v \le f(f+3)/2$, $v \le g(g+3)/2$.
//!   These are *necessary* conditions: a feasible parameter set need not be realised.
//! - [`check_bose_mesner_closure`]: $\operatorname{span}\{I, A, J - I - A\}$ contains
//!   $A^2, AJ, JA, J^2$, is closed under products and under entrywise ReLU. Entrywise maps
//!   preserve the span of *any* graph (the three matrices partition the positions); products
//!   stay in it exactly when the graph is strongly regular or complete/edgeless.
//!
//! ## References
//! - A. E. Brouwer, J. H. van Lint, *Strongly regular graphs and partial geometries*, in:
//!   Enumeration and Design, Academic Press 1984, pp. 85–122 (feasibility conditions, Krein
//!   conditions, absolute bound).
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9, §9.1:
//!   spectrum and multiplicities, the half (conference) case, the Krein conditions
//!   (Thm 9.1.8) and the absolute bound.
//! - V. Belevitch, *Theorem of 2n-terminal networks with application to conference
//!   telephony*, Electr. Commun. 26 (1950): a symmetric conference matrix of order
//!   $n \equiv 2 \pmod 4$ needs $n - 1$ to be a sum of two squares.
//! - theory.md §1.

mod bose_mesner;
mod feasibility;
mod graphs;
mod spectrum;
mod verify;

pub use bose_mesner::{
    BoseMesnerCoefficients, ClosureOperation, ClosureViolation, OffSpanWitness,
    bose_mesner_coefficients, bose_mesner_element, check_bose_mesner_closure, closure_samples,
};
pub use feasibility::{Feasibility, FeasibilityCondition, feasibility};
pub use graphs::{
    paley_adjacency, paley_adjacency_f64, paley_params, triangular_adjacency,
    triangular_adjacency_f64, triangular_edges, triangular_incidence, triangular_incidence_f64,
    triangular_params,
};
pub use spectrum::{
    Spectrum, SpectrumMismatch, check_spectrum_against, quadratic_to_f64, spectrum,
};
pub use verify::{AdjacencyMatrix, PairClass, SrgViolation, verify_srg, verify_srg_identity};

use crate::kernel::QMatrix;
use crate::kernel::rational::{Q, Z};
use nalgebra::DMatrix;
use std::fmt;

/// The exact rational `x`.
fn qu(x: u64) -> Q {
    Q::from_integer(Z::from(x))
}

/// The exact rational `x` for an index.
fn qs(x: usize) -> Q {
    Q::from_integer(Z::from(x))
}

/// The $0/1$ matrix with ones where `pattern(i, j)`, exactly.
fn zero_one(rows: usize, cols: usize, pattern: impl Fn(usize, usize) -> bool) -> QMatrix {
    QMatrix::from_int_fn(rows, cols, |i, j| i64::from(pattern(i, j)))
}

/// The same $0/1$ matrix in floating point.
fn zero_one_f64(rows: usize, cols: usize, pattern: impl Fn(usize, usize) -> bool) -> DMatrix<f64> {
    DMatrix::from_fn(rows, cols, |i, j| if pattern(i, j) { 1.0 } else { 0.0 })
}

/// A parameter set $(v, k, \lambda, \mu)$. The fields are free; [`SrgParams::new`] checks the
/// input domain $k < v$, $\lambda \le k$, $\mu \le k$.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SrgParams {
    /// Number of vertices $v$.
    pub v: u64,
    /// Valency $k$.
    pub k: u64,
    /// Common neighbours of two adjacent vertices, $\lambda$.
    pub lambda: u64,
    /// Common neighbours of two distinct non-adjacent vertices, $\mu$.
    pub mu: u64,
}

/// Bad parameters or an unsupported construction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrgError {
    /// $k \ge v$: a vertex cannot have $v$ or more neighbours.
    ValencyTooLarge {
        /// The valency.
        k: u64,
        /// The number of vertices.
        v: u64,
    },
    /// $\lambda > k$.
    LambdaAboveValency {
        /// $\lambda$.
        lambda: u64,
        /// The valency.
        k: u64,
    },
    /// $\mu > k$.
    MuAboveValency {
        /// $\mu$.
        mu: u64,
        /// The valency.
        k: u64,
    },
    /// The Paley construction here needs a prime $q \equiv 1 \pmod 4$.
    NotPaleyPrime {
        /// The requested order.
        q: u64,
    },
    /// $T(r)$ is a non-trivial strongly regular graph only for $r \ge 4$.
    TriangularTooSmall {
        /// The requested $r$.
        r: u64,
    },
    /// $\binom r2$ does not fit in a `u64`.
    TriangularTooLarge {
        /// The requested $r$.
        r: u64,
    },
    /// $\Delta = (\lambda-\mu)^2 + 4(k-\mu) \le 0$: the spectral formulas divide by
    /// $\sqrt{\Delta}$.
    DegenerateSpectrum {
        /// The discriminant $\Delta$.
        delta: Z,
    },
}

impl fmt::Display for SrgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ValencyTooLarge { k, v } => write!(f, "k = {k} must be less than v = {v}"),
            Self::LambdaAboveValency { lambda, k } => {
                write!(f, "lambda = {lambda} must be at most k = {k}")
            }
            Self::MuAboveValency { mu, k } => write!(f, "mu = {mu} must be at most k = {k}"),
            Self::NotPaleyPrime { q } => {
                write!(f, "q = {q} is not a prime congruent to 1 mod 4")
            }
            Self::TriangularTooSmall { r } => {
                write!(f, "T(r) is strongly regular only for r >= 4, got r = {r}")
            }
            Self::TriangularTooLarge { r } => {
                write!(f, "T(r) has too many vertices for r = {r}")
            }
            Self::DegenerateSpectrum { delta } => write!(
                f,
                "discriminant (lambda-mu)^2 + 4(k-mu) = {delta} is not positive"
            ),
        }
    }
}

impl std::error::Error for SrgError {}

impl SrgParams {
    /// A parameter set in the input domain $k < v$, $\lambda \le k$, $\mu \le k$.
    pub fn new(v: u64, k: u64, lambda: u64, mu: u64) -> Result<Self, SrgError> {
        if k >= v {
            return Err(SrgError::ValencyTooLarge { k, v });
        }
        if lambda > k {
            return Err(SrgError::LambdaAboveValency { lambda, k });
        }
        if mu > k {
            return Err(SrgError::MuAboveValency { mu, k });
        }
        Ok(Self { v, k, lambda, mu })
    }

    /// $\Delta = (\lambda - \mu)^2 + 4(k - \mu)$.
    pub fn discriminant(&self) -> Z {
        let d = Z::from(self.lambda) - Z::from(self.mu);
        &d * &d + Z::from(4) * (Z::from(self.k) - Z::from(self.mu))
    }

    /// `true` iff $0 < \mu < k$: a graph with these parameters and its complement are both
    /// connected. (Imprimitive srgs are disjoint unions of cliques, $\mu = 0$, and complete
    /// multipartite graphs, $\mu = k$.)
    pub fn is_primitive(&self) -> bool {
        0 < self.mu && self.mu < self.k
    }

    /// `true` iff the parameters are those of a conference graph,
    /// $(v, k, \lambda, \mu) = (4\mu + 1, 2\mu, \mu - 1, \mu)$ with $\mu \ge 1$.
    pub fn is_conference(&self) -> bool {
        self.mu >= 1
            && Z::from(self.v) == Z::from(4) * Z::from(self.mu) + 1
            && Z::from(self.k) == Z::from(2) * Z::from(self.mu)
            && self.lambda + 1 == self.mu
    }
}

impl fmt::Display for SrgParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "srg({}, {}, {}, {})",
            self.v, self.k, self.lambda, self.mu
        )
    }
}

/// Test fixtures shared by the submodules' tests.
#[cfg(test)]
mod fixtures {
    use super::*;

    /// Parameters known to be in the input domain.
    pub fn params(v: u64, k: u64, l: u64, m: u64) -> SrgParams {
        SrgParams::new(v, k, l, m).unwrap()
    }

    /// The cycle $C_n$.
    pub fn cycle(n: usize) -> QMatrix {
        zero_one(n, n, |i, j| (i + 1) % n == j || (j + 1) % n == i)
    }
}
