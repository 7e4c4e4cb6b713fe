//! # Strongly regular graphs: parameters, the definition, triangular and Paley graphs
//!
//! A graph on $v$ vertices is *strongly regular* with parameters $(v, k, \lambda, \mu)$ when
//! it is $k$-regular, two adjacent vertices have exactly $\lambda$ common neighbours and two
//! distinct non-adjacent vertices exactly $\mu$. Following Brouwer–Haemers §9.1 a parameter
//! set is *non-trivial* when $0 < k < v - 1$.
//!
//! ## Main definitions
//! - [`SrgParams`]: a parameter set; [`SrgParams::new`] checks the input domain
//!   $k < v$, $\lambda \le k$, $\mu \le k$. Every routine below also accepts parameters built
//!   directly from the public fields and computes with them in $\mathbb{Z}$ (no overflow).
//! - [`AdjacencyMatrix`]: a checked simple-graph adjacency matrix (square, $0/1$, zero
//!   diagonal, symmetric), with its cells $I$, $A$, $J - I - A$ ([`PairClass`]).
//! - [`triangular_adjacency`], [`triangular_incidence`]: the triangular graph
//!   $T(r) = L(K_r)$ on the $K = \binom r2$ edges $\lbrace i < j\rbrace$ of $K_r$ in lexicographic order
//!   ([`triangular_edges`]) and its vertex–edge incidence matrix $B \in \lbrace0,1\rbrace^{r \times K}$.
//! - [`paley_adjacency`]: the Paley graph $P(q)$ on $\mathbb{Z}_q$, $q$ a prime
//!   $\equiv 1 \pmod 4$: $x \sim y$ iff $x - y$ is a non-zero square.
//!
//! ## Main results
//! - [`verify_srg`]: the definition clause by clause (simple graph, $v$ vertices,
//!   regularity, $\lambda$, $\mu$), with the first failing clause located
//!   ([`SrgViolation`]); [`verify_srg_identity`]: the equivalent identity
//!   $A^2 = kI + \lambda A + \mu(J - I - A)$, by an independent exact matrix product.
//! - $T(r)$ is srg$\big(\binom r2, 2(r-2), r-2, 4\big)$ for $r \ge 4$ ([`triangular_params`]),
//!   with $BB^\top = (r-2)I + J$ and $B^\top B = 2I + A$; $P(q)$ is
//!   srg$\big(q, \tfrac{q-1}2, \tfrac{q-5}4, \tfrac{q-1}4\big)$ ([`paley_params`]).
//!   The spectrum, feasibility and Bose–Mesner closure are in [`crate::srg::spectrum`],
//!   [`crate::srg::feasibility`] and [`crate::srg::bose_mesner`].
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9, §9.1.
//! - A. E. Brouwer, J. H. van Lint, *Strongly regular graphs and partial geometries*, in:
//!   Enumeration and Design, Academic Press 1984, pp. 85–122.
#![cfg_attr(doc, doc = katex!())]

pub mod bose_mesner;
pub mod feasibility;
pub mod scheme;
pub mod spectrum;

use crate::arith::matrix::QMatrix;
use crate::arith::rational::{Q, Z};
use crate::fact::Fact;
use crate::srg::scheme::{CellPartition, CoherentConfiguration, SchemeError};
use num_traits::{One, Zero};
use std::fmt;

/// A parameter set $(v, k, \lambda, \mu)$. The fields are free; [`SrgParams::new`] checks the
/// input domain $k < v$, $\lambda \le k$, $\mu \le k$.
#[cfg_attr(doc, doc = katex!())]
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

/// Bad parameters, a construction outside its domain, or a size too large to build.
#[cfg_attr(doc, doc = katex!())]
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
    /// $P(q)$ has too many vertices to build as a matrix.
    PaleyTooLarge {
        /// The requested order.
        q: u64,
    },
    /// $T(r)$ is a non-trivial strongly regular graph only for $r \ge 4$.
    TriangularTooSmall {
        /// The requested $r$.
        r: u64,
    },
    /// $\binom r2$ (or the matrix it needs) does not fit.
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
    /// A cell partition was rejected.
    Scheme(SchemeError),
}

impl fmt::Display for SrgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ValencyTooLarge { k, v } => write!(f, "k: k = {k}, need k < v = {v}"),
            Self::LambdaAboveValency { lambda, k } => {
                write!(f, "lambda: lambda = {lambda}, need lambda <= k = {k}")
            }
            Self::MuAboveValency { mu, k } => write!(f, "mu: mu = {mu}, need mu <= k = {k}"),
            Self::NotPaleyPrime { q } => {
                write!(f, "q: q = {q}, need a prime q = 1 (mod 4)")
            }
            Self::PaleyTooLarge { q } => write!(f, "q: q = {q}, P(q) has too many vertices"),
            Self::TriangularTooSmall { r } => write!(f, "r: r = {r}, need r >= 4"),
            Self::TriangularTooLarge { r } => {
                write!(f, "r: r = {r}, T(r) has too many vertices")
            }
            Self::DegenerateSpectrum { delta } => {
                write!(f, "p: (lambda-mu)^2 + 4(k-mu) = {delta}, need it > 0")
            }
            Self::Scheme(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SrgError {}

impl SrgError {
    /// The caller's argument the error is about, as the functions of this module name it:
    /// `k`, `lambda`, `mu` of [`SrgParams::new`], `q` of the Paley functions, `r` of the
    /// triangular ones, `p` of [`spectrum::spectrum`], and `r` for a cell partition
    /// of [`triangular_configuration`] that is rejected.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::ValencyTooLarge { .. } => "k",
            Self::LambdaAboveValency { .. } => "lambda",
            Self::MuAboveValency { .. } => "mu",
            Self::NotPaleyPrime { .. } | Self::PaleyTooLarge { .. } => "q",
            Self::TriangularTooSmall { .. } | Self::TriangularTooLarge { .. } => "r",
            Self::DegenerateSpectrum { .. } => "p",
            Self::Scheme(_) => "r",
        }
    }
}

impl From<SchemeError> for SrgError {
    fn from(e: SchemeError) -> Self {
        Self::Scheme(e)
    }
}

impl SrgParams {
    /// A parameter set in the input domain $k < v$, $\lambda \le k$, $\mu \le k$.
    ///
    /// # Errors
    /// [`SrgError`] naming the argument: `k` for $k \ge v$ ([`SrgError::ValencyTooLarge`]),
    /// `lambda` for $\lambda > k$, `mu` for $\mu > k$.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::srg::{SrgError, SrgParams};
    /// let petersen = SrgParams::new(10, 3, 0, 1)?;
    /// assert!(petersen.is_primitive());
    /// let e = SrgParams::new(5, 2, 3, 0).unwrap_err();
    /// assert_eq!((e.parameter(), e.to_string().as_str()), ("lambda", "lambda: lambda = 3, need lambda <= k = 2"));
    ///
    /// # Ok::<(), SrgError>(())
    /// ```
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

    /// $(v, k, \lambda, \mu)$ as integers.
    pub fn as_integers(&self) -> (Z, Z, Z, Z) {
        (
            Z::from(self.v),
            Z::from(self.k),
            Z::from(self.lambda),
            Z::from(self.mu),
        )
    }

    /// $\Delta = (\lambda - \mu)^2 + 4(k - \mu)$.
    pub fn discriminant(&self) -> Z {
        let (_, k, l, m) = self.as_integers();
        let d = &l - &m;
        &d * &d + Z::from(4) * (k - m)
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
        let (v, k, l, m) = self.as_integers();
        self.mu >= 1 && v == Z::from(4) * &m + 1 && k == Z::from(2) * &m && l + 1 == m
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

/// Which clause of the definition of an srg (or of a simple graph) failed, and where.
/// Vertices are 0-based row indices.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrgViolation {
    /// The matrix is not square.
    NotSquare {
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
    },
    /// The matrix has the wrong number of vertices.
    SizeMismatch {
        /// The matrix order.
        order: usize,
        /// The parameter $v$.
        v: u64,
    },
    /// $n^2$ does not fit in a `usize`.
    TooLarge {
        /// The matrix order.
        order: usize,
    },
    /// An entry is neither 0 nor 1.
    NotZeroOne {
        /// Row.
        i: usize,
        /// Column.
        j: usize,
    },
    /// A loop: $A_{ii} \ne 0$.
    NonZeroDiagonal {
        /// The vertex.
        i: usize,
    },
    /// $A_{ij} \ne A_{ji}$.
    NotSymmetric {
        /// Row.
        i: usize,
        /// Column.
        j: usize,
    },
    /// A vertex whose degree is not $k$.
    NotRegular {
        /// The vertex.
        vertex: usize,
        /// Its degree.
        degree: usize,
        /// The parameter $k$.
        expected: u64,
    },
    /// Two adjacent vertices with a number of common neighbours other than $\lambda$.
    LambdaFails {
        /// First vertex.
        i: usize,
        /// Second vertex.
        j: usize,
        /// Their common neighbours.
        common: usize,
        /// The parameter $\lambda$.
        expected: u64,
    },
    /// Two distinct non-adjacent vertices with a number of common neighbours other than $\mu$.
    MuFails {
        /// First vertex.
        i: usize,
        /// Second vertex.
        j: usize,
        /// Their common neighbours.
        common: usize,
        /// The parameter $\mu$.
        expected: u64,
    },
    /// $(A^2)\_{ij} \ne (kI + \lambda A + \mu(J - I - A))_{ij}$.
    IdentityFails {
        /// Row.
        i: usize,
        /// Column.
        j: usize,
        /// $(A^2)_{ij}$ (a count of common neighbours or a degree).
        lhs: Z,
        /// The right-hand side's entry ($k$, $\lambda$ or $\mu$).
        rhs: u64,
    },
}

impl fmt::Display for SrgViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSquare { rows, cols } => write!(f, "matrix is {rows}x{cols}, not square"),
            Self::SizeMismatch { order, v } => {
                write!(f, "matrix has {order} vertices, parameters say v = {v}")
            }
            Self::TooLarge { order } => write!(f, "a graph on {order} vertices is too large"),
            Self::NotZeroOne { i, j } => write!(f, "entry ({i},{j}) is neither 0 nor 1"),
            Self::NonZeroDiagonal { i } => write!(f, "diagonal entry ({i},{i}) is not 0"),
            Self::NotSymmetric { i, j } => write!(f, "entries ({i},{j}) and ({j},{i}) differ"),
            Self::NotRegular {
                vertex,
                degree,
                expected,
            } => write!(
                f,
                "vertex {vertex} has degree {degree}, expected k = {expected}"
            ),
            Self::LambdaFails {
                i,
                j,
                common,
                expected,
            } => write!(
                f,
                "adjacent vertices {i},{j} have {common} common neighbours, expected lambda = {expected}"
            ),
            Self::MuFails {
                i,
                j,
                common,
                expected,
            } => write!(
                f,
                "non-adjacent vertices {i},{j} have {common} common neighbours, expected mu = {expected}"
            ),
            Self::IdentityFails { i, j, lhs, rhs } => write!(
                f,
                "(A^2)_({i},{j}) = {lhs} but (kI + lambda A + mu(J-I-A))_({i},{j}) = {rhs}"
            ),
        }
    }
}

impl std::error::Error for SrgViolation {}

/// The three classes of positions $(i, j)$: the supports of $I$, $A$ and $J - I - A$ (cells
/// 0, 1, 2 of [`AdjacencyMatrix::cells`]).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PairClass {
    /// $i = j$.
    Diagonal,
    /// $i \sim j$.
    Adjacent,
    /// $i \ne j$, $i \not\sim j$.
    NonAdjacent,
}

impl PairClass {
    /// The class of cell 0, 1 or 2.
    pub fn of_cell(cell: usize) -> Option<Self> {
        match cell {
            0 => Some(Self::Diagonal),
            1 => Some(Self::Adjacent),
            2 => Some(Self::NonAdjacent),
            _ => None,
        }
    }
}

impl fmt::Display for PairClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Diagonal => "diagonal",
            Self::Adjacent => "adjacent",
            Self::NonAdjacent => "non-adjacent",
        })
    }
}

/// A checked adjacency matrix of a simple graph: square, entries in $\lbrace0, 1\rbrace$, zero
/// diagonal, symmetric. Keeps the rows as bitsets for counting common neighbours and the
/// cells $I$, $A$, $J - I - A$ as a [`CellPartition`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjacencyMatrix {
    matrix: QMatrix,
    rows: Vec<Vec<u64>>,
    cells: CellPartition,
}

impl AdjacencyMatrix {
    /// Check the four clauses (in the order square, $0/1$, zero diagonal, symmetric) and
    /// keep the matrix.
    ///
    /// # Errors
    /// The first [`SrgViolation`] of a simple graph: not square, too large, an entry not 0 or 1, a
    /// non-zero diagonal entry, an asymmetric pair.
    ///
    /// # Cost
    /// $O(v^2)$ entry checks, plus the $v^2$-entry cell partition.
    pub fn new(matrix: QMatrix) -> Result<Self, SrgViolation> {
        if !matrix.is_square() {
            return Err(SrgViolation::NotSquare {
                rows: matrix.rows(),
                cols: matrix.cols(),
            });
        }
        let n = matrix.rows();
        let words = n.div_ceil(64);
        let mut rows = vec![vec![0u64; words]; n];
        for (i, row) in rows.iter_mut().enumerate() {
            for j in 0..n {
                let x = matrix.get(i, j);
                if x.is_one() {
                    row[j / 64] |= 1 << (j % 64);
                } else if !x.is_zero() {
                    return Err(SrgViolation::NotZeroOne { i, j });
                }
            }
        }
        if let Some(i) = (0..n).find(|&i| !matrix.get(i, i).is_zero()) {
            return Err(SrgViolation::NonZeroDiagonal { i });
        }
        for i in 0..n {
            if let Some(j) = (0..i).find(|&j| matrix.get(i, j) != matrix.get(j, i)) {
                return Err(SrgViolation::NotSymmetric { i: j, j: i });
            }
        }
        let adjacent = |i: usize, j: usize| rows[i][j / 64] >> (j % 64) & 1 == 1;
        let cells = CellPartition::from_fn(n, 3, |i, j| {
            if i == j {
                0
            } else if adjacent(i, j) {
                1
            } else {
                2
            }
        })
        .map_err(|_| SrgViolation::TooLarge { order: n })?;
        Ok(Self {
            matrix,
            rows,
            cells,
        })
    }

    /// The matrix.
    pub fn matrix(&self) -> &QMatrix {
        &self.matrix
    }

    /// Number of vertices.
    pub fn order(&self) -> usize {
        self.rows.len()
    }

    /// The cells $I$ (0), $A$ (1), $J - I - A$ (2).
    pub fn cells(&self) -> &CellPartition {
        &self.cells
    }

    fn adjacent(&self, i: usize, j: usize) -> bool {
        self.rows[i][j / 64] >> (j % 64) & 1 == 1
    }

    fn deg(&self, i: usize) -> usize {
        self.rows[i].iter().map(|w| w.count_ones() as usize).sum()
    }

    fn common(&self, i: usize, j: usize) -> usize {
        self.rows[i]
            .iter()
            .zip(&self.rows[j])
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    fn in_range(&self, i: usize) -> bool {
        i < self.order()
    }

    /// `Some(true)` iff $i \sim j$; `None` if an index is out of range.
    pub fn is_adjacent(&self, i: usize, j: usize) -> Option<bool> {
        (self.in_range(i) && self.in_range(j)).then(|| self.adjacent(i, j))
    }

    /// Degree of vertex `i`, or `None` if it is out of range.
    pub fn degree(&self, i: usize) -> Option<usize> {
        self.in_range(i).then(|| self.deg(i))
    }

    /// Number of common neighbours of `i` and `j`, or `None` if an index is out of range.
    pub fn common_neighbours(&self, i: usize, j: usize) -> Option<usize> {
        (self.in_range(i) && self.in_range(j)).then(|| self.common(i, j))
    }

    /// Which of the three classes of $\lbrace I, A, J - I - A\rbrace$ the position $(i, j)$ is in, or
    /// `None` out of range.
    pub fn class(&self, i: usize, j: usize) -> Option<PairClass> {
        self.cells.cell_of(i, j).and_then(PairClass::of_cell)
    }

    /// The complement graph, $J - I - A$.
    ///
    /// # Errors
    /// As [`AdjacencyMatrix::new`] (cannot fail for the complement of a valid graph).
    ///
    /// # Cost
    /// $O(v^2)$.
    pub fn complement(&self) -> Result<Self, SrgViolation> {
        let n = self.order();
        Self::new(QMatrix::from_int_fn(n, n, |i, j| {
            i64::from(i != j && !self.adjacent(i, j))
        }))
    }
}

/// The simple-graph clauses and the vertex count.
fn checked_graph(a: &QMatrix, p: &SrgParams) -> Result<AdjacencyMatrix, SrgViolation> {
    let g = AdjacencyMatrix::new(a.clone())?;
    if Z::from(g.order()) != Z::from(p.v) {
        return Err(SrgViolation::SizeMismatch {
            order: g.order(),
            v: p.v,
        });
    }
    Ok(g)
}

/// The regularity clause: every degree is $k$.
fn check_regular(g: &AdjacencyMatrix, p: &SrgParams) -> Result<(), SrgViolation> {
    match (0..g.order()).find(|&i| Z::from(g.deg(i)) != Z::from(p.k)) {
        Some(vertex) => Err(SrgViolation::NotRegular {
            vertex,
            degree: g.deg(vertex),
            expected: p.k,
        }),
        None => Ok(()),
    }
}

/// The $\lambda$ and $\mu$ clauses: common neighbours of every pair $i < j$.
fn check_common_neighbours(g: &AdjacencyMatrix, p: &SrgParams) -> Result<(), SrgViolation> {
    let n = g.order();
    for i in 0..n {
        for j in i + 1..n {
            let common = g.common(i, j);
            let (adjacent, expected) = if g.adjacent(i, j) {
                (true, p.lambda)
            } else {
                (false, p.mu)
            };
            if Z::from(common) != Z::from(expected) {
                return Err(if adjacent {
                    SrgViolation::LambdaFails {
                        i,
                        j,
                        common,
                        expected,
                    }
                } else {
                    SrgViolation::MuFails {
                        i,
                        j,
                        common,
                        expected,
                    }
                });
            }
        }
    }
    Ok(())
}

/// `a` is an srg with parameters `p`, clause by clause: simple graph (see
/// [`AdjacencyMatrix::new`]), $v$ vertices, every degree $k$, every adjacent pair
/// $\lambda$ common neighbours, every distinct non-adjacent pair $\mu$. The first failing
/// clause is returned with its location; on success, the fact
/// "A (v = 10) satisfies srg(10, 6, 3, 4): ...".
///
/// # Errors
/// The first [`SrgViolation`] with its location: not a simple graph, $v$ differs, a vertex of
/// degree $\ne k$, a pair with the wrong number of common neighbours.
///
/// # Cost
/// $O(v^3/64)$ word operations (bit-set intersections for every pair).
///
/// # Examples
/// ```
/// use ncverify_kernel::srg::{paley_adjacency, paley_params, verify_srg};
/// let (a, p) = (paley_adjacency(13).unwrap(), paley_params(13).unwrap());
/// assert!(verify_srg(&a, &p).is_ok());
/// let mut b = a.clone();
/// b.set(0, 1, ncverify_kernel::arith::rational::qi(0)); // no longer symmetric
/// assert!(verify_srg(&b, &p).is_err());
/// ```
// deg(i) = k;  |N(i) ∩ N(j)| = lambda if i ~ j, mu if i !~ j (i != j)
pub fn verify_srg(a: &QMatrix, p: &SrgParams) -> Result<Fact, SrgViolation> {
    let g = checked_graph(a, p)?;
    check_regular(&g, p)?;
    check_common_neighbours(&g, p)?;
    Ok(Fact::new(format!(
        "A (v = {}) satisfies {p}: simple graph, regularity, lambda and mu clauses \
         (every vertex and every pair checked)",
        g.order()
    )))
}

/// The same test through the matrix identity: a simple graph on $v$ vertices is
/// srg$(v,k,\lambda,\mu)$ iff $A^2 = kI + \lambda A + \mu(J - I - A)$ (the diagonal of $A^2$
/// holds the degrees, the off-diagonal entries the common-neighbour counts). Computes $A^2$
/// in exact arithmetic, independently of [`verify_srg`]'s bit counting.
///
/// # Errors
/// As [`verify_srg`]; the failing clause is located in $A^2$.
///
/// # Cost
/// One exact $v \times v$ product: $O(v^3)$ rational operations.
// A^2 = kI + lambda A + mu (J - I - A)
pub fn verify_srg_identity(a: &QMatrix, p: &SrgParams) -> Result<Fact, SrgViolation> {
    let g = checked_graph(a, p)?;
    let n = g.order();
    let a2 = a
        .checked_mul(a)
        .map_err(|_| SrgViolation::TooLarge { order: n })?;
    let int = |x: u64| Q::from_integer(Z::from(x));
    let (k, l, m) = (int(p.k), int(p.lambda), int(p.mu));
    for i in 0..n {
        for j in 0..n {
            let (rhs, count) = if i == j {
                (&k, p.k)
            } else if g.adjacent(i, j) {
                (&l, p.lambda)
            } else {
                (&m, p.mu)
            };
            let lhs = a2.get(i, j);
            if lhs != rhs {
                return Err(SrgViolation::IdentityFails {
                    i,
                    j,
                    // an entry of A^2 for a 0/1 matrix: an integer in 0..=n
                    lhs: lhs.to_integer(),
                    rhs: count,
                });
            }
        }
    }
    Ok(Fact::new(format!(
        "A (v = {n}) satisfies A^2 = {}I + {}A + {}(J - I - A) entrywise (exact product), \
         i.e. it is {p}",
        p.k, p.lambda, p.mu
    )))
}

/// The edges $\lbrace i < j\rbrace$ of $K_r$ in lexicographic order:
/// $(0,1), (0,2), \dots, (0,r-1), (1,2), \dots, (r-2, r-1)$. Edge number $e$ is vertex $e$ of
/// $T(r)$ and column $e$ of the incidence matrix. Empty for $r \le 1$.
///
/// # Cost
/// $\binom r2$ pairs (no bound on $r$: the memory is the caller's).
#[cfg_attr(doc, doc = katex!())]
pub fn triangular_edges(r: usize) -> Vec<(usize, usize)> {
    (0..r)
        .flat_map(|i| (i + 1..r).map(move |j| (i, j)))
        .collect()
}

/// Edges `e != f` of $K_r$ share an endpoint (adjacency in $T(r)$).
fn edges_meet(e: (usize, usize), f: (usize, usize)) -> bool {
    e != f && (e.0 == f.0 || e.0 == f.1 || e.1 == f.0 || e.1 == f.1)
}

/// $K = \binom r2$ for $T(r)$, with $K^2$ (the adjacency matrix) and $rK$ fitting in `usize`.
fn triangular_order(r: usize) -> Result<usize, SrgError> {
    let too_large = SrgError::TriangularTooLarge { r: r as u64 };
    let k = r
        .checked_mul(r.saturating_sub(1))
        .ok_or(too_large.clone())?
        / 2;
    k.checked_mul(k).ok_or(too_large.clone())?;
    k.checked_mul(r).ok_or(too_large)?;
    Ok(k)
}

/// Adjacency matrix of the triangular graph $T(r) = L(K_r)$, $K = \binom r2$ vertices in the
/// order of [`triangular_edges`]. Defined for every $r$ ($T(0) = T(1)$ is the empty graph,
/// $T(2)$ a single vertex, $T(3) = K_3$); strongly regular (non-trivially) for $r \ge 4$.
///
/// # Errors
/// [`SrgError::TriangularTooLarge`] (parameter `r`) if $K^2$ or $rK$ does not fit `usize`.
///
/// # Cost
/// A dense $K \times K$ matrix, $K = \binom r2$: $O(r^4)$ entries. Only fitting `usize` is
/// checked: a caller with untrusted $r$ bounds it first.
// A_{ef} = 1 iff e != f share an endpoint
pub fn triangular_adjacency(r: usize) -> Result<QMatrix, SrgError> {
    triangular_order(r)?;
    let edges = triangular_edges(r);
    let n = edges.len();
    Ok(QMatrix::from_int_fn(n, n, |e, f| {
        i64::from(edges_meet(edges[e], edges[f]))
    }))
}

/// Vertex–edge incidence matrix $B \in \lbrace0,1\rbrace^{r \times K}$ of $K_r$: $B_{xe} = 1$ iff
/// vertex $x$ lies on edge $e$ (columns in the order of [`triangular_edges`]).
///
/// # Errors
/// As [`triangular_adjacency`].
///
/// # Cost
/// A dense $r \times K$ matrix: $O(r^3)$ entries.
// B_{xe} = 1 iff x in e
pub fn triangular_incidence(r: usize) -> Result<QMatrix, SrgError> {
    triangular_order(r)?;
    let edges = triangular_edges(r);
    Ok(QMatrix::from_int_fn(r, edges.len(), |x, e| {
        i64::from(edges[e].0 == x || edges[e].1 == x)
    }))
}

/// The parameters of $T(r)$: srg$\big(\binom r2, 2(r-2), r-2, 4\big)$, for $r \ge 4$.
/// ($T(3) = K_3$ is complete, excluded by convention; $T(4)$ is the octahedron $K_{2,2,2}$.)
///
/// # Errors
/// [`SrgError::TriangularTooSmall`] for $r < 4$, [`SrgError::TriangularTooLarge`] if
/// $\binom r2$ overflows (parameter `r`).
///
/// # Examples
/// ```
/// use ncverify_kernel::srg::{SrgParams, triangular_params};
/// assert_eq!(triangular_params(5)?, SrgParams::new(10, 6, 3, 4)?);
/// assert_eq!(triangular_params(3).unwrap_err().to_string(), "r: r = 3, need r >= 4");
///
/// # Ok::<(), ncverify_kernel::srg::SrgError>(())
/// ```
// (v, k, lambda, mu) = (r(r-1)/2, 2(r-2), r-2, 4)
pub fn triangular_params(r: u64) -> Result<SrgParams, SrgError> {
    if r < 4 {
        return Err(SrgError::TriangularTooSmall { r });
    }
    let too_large = SrgError::TriangularTooLarge { r };
    let v = r.checked_mul(r - 1).ok_or(too_large.clone())? / 2;
    let k = (r - 2).checked_mul(2).ok_or(too_large)?;
    SrgParams::new(v, k, r - 2, 4)
}

/// The cells $I$, $A$, $J - I - A$ of $T(r)$ ($r \ge 4$, vertices in the order of
/// [`triangular_edges`]) as a checked [`CoherentConfiguration`]: a commutative association
/// scheme with two classes (the Johnson scheme $J(r, 2)$).
///
/// # Errors
/// As [`triangular_params`] and [`triangular_adjacency`]; [`SrgError::Scheme`] (parameter `r`)
/// if the cells are not a coherent configuration (a kernel defect).
///
/// # Cost
/// The intersection numbers of a 3-cell partition of $K^2$ entries: $O(K^3)$ counting.
#[cfg_attr(doc, doc = katex!())]
pub fn triangular_configuration(r: u64) -> Result<CoherentConfiguration, SrgError> {
    triangular_params(r)?;
    let ru = usize::try_from(r).map_err(|_| SrgError::TriangularTooLarge { r })?;
    let edges = triangular_edges(ru);
    let partition = CellPartition::from_fn(edges.len(), 3, |e, f| {
        if e == f {
            0
        } else if edges_meet(edges[e], edges[f]) {
            1
        } else {
            2
        }
    })?;
    Ok(CoherentConfiguration::new(partition)?)
}

/// `true` iff `n` is prime (trial division).
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|p| *p <= n / p)
            .all(|p| !n.is_multiple_of(p))
}

/// `residues[x]` iff $x$ is a non-zero square mod $q$, for a prime $q \equiv 1 \pmod 4$ whose
/// Paley graph fits in memory as a matrix ($q^2$ fits in `usize`). Vertices $x, y$ of $P(q)$
/// are adjacent iff `residues[(x - y) mod q]` (symmetric because $-1$ is a square).
///
/// # Errors
/// [`SrgError::PaleyTooLarge`] if $q^2$ does not fit `usize`, [`SrgError::NotPaleyPrime`]
/// unless $q$ is a prime $\equiv 1 \pmod 4$ (parameter `q`).
///
/// # Cost
/// Trial division up to $\sqrt q$ and $q$ squarings.
#[cfg_attr(doc, doc = katex!())]
pub fn paley_residues(q: u64) -> Result<Vec<bool>, SrgError> {
    let n = usize::try_from(q).map_err(|_| SrgError::PaleyTooLarge { q })?;
    n.checked_mul(n).ok_or(SrgError::PaleyTooLarge { q })?;
    if q % 4 != 1 || !is_prime(q) {
        return Err(SrgError::NotPaleyPrime { q });
    }
    let mut residue = vec![false; n];
    for x in 1..n {
        // x^2 mod q < q = n
        let sq = (x as u128 * x as u128 % q as u128) as usize;
        residue[sq] = true;
    }
    Ok(residue)
}

/// Adjacency matrix of the Paley graph $P(q)$ on $\mathbb{Z}_q$, for a prime
/// $q \equiv 1 \pmod 4$ (prime powers are not constructed here).
///
/// # Errors
/// As [`paley_residues`].
///
/// # Cost
/// A dense $q \times q$ matrix. Only $q^2$ fitting `usize` is checked: a caller with untrusted
/// $q$ bounds it first.
// A_{xy} = 1 iff x - y is a non-zero square mod q
pub fn paley_adjacency(q: u64) -> Result<QMatrix, SrgError> {
    let residue = paley_residues(q)?;
    let n = residue.len();
    Ok(QMatrix::from_int_fn(n, n, |x, y| {
        i64::from(residue[(x + n - y) % n])
    }))
}

/// The parameters of $P(q)$: srg$\big(q, \tfrac{q-1}2, \tfrac{q-5}4, \tfrac{q-1}4\big)$ for a
/// prime $q \equiv 1 \pmod 4$.
///
/// # Errors
/// [`SrgError::NotPaleyPrime`] (parameter `q`) unless $q$ is a prime $\equiv 1 \pmod 4$.
///
/// # Cost
/// Trial division up to $\sqrt q$ (at most $2^{32}$ steps).
///
/// # Examples
/// ```
/// use ncverify_kernel::srg::{SrgParams, paley_params};
/// assert_eq!(paley_params(13)?, SrgParams::new(13, 6, 2, 3)?);
/// assert_eq!(paley_params(7).unwrap_err().parameter(), "q");
///
/// # Ok::<(), ncverify_kernel::srg::SrgError>(())
/// ```
// (v, k, lambda, mu) = (q, (q-1)/2, (q-5)/4, (q-1)/4)
pub fn paley_params(q: u64) -> Result<SrgParams, SrgError> {
    if q % 4 != 1 || !is_prime(q) {
        return Err(SrgError::NotPaleyPrime { q });
    }
    SrgParams::new(q, (q - 1) / 2, (q - 5) / 4, (q - 1) / 4)
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// Parameters known to be in the input domain.
    pub fn params(v: u64, k: u64, l: u64, m: u64) -> SrgParams {
        SrgParams::new(v, k, l, m).unwrap()
    }

    /// The cycle $C_n$.
    pub fn cycle(n: usize) -> QMatrix {
        QMatrix::from_int_fn(n, n, |i, j| i64::from((i + 1) % n == j || (j + 1) % n == i))
    }

    /// $T(r)$, which exists for every small $r$.
    pub fn triangular(r: usize) -> QMatrix {
        triangular_adjacency(r).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{cycle, params, triangular};
    use super::*;
    use crate::arith::rational::{q, qi};

    #[test]
    fn triangular_and_paley_are_srgs_both_ways() {
        for r in 4..=8u64 {
            let a = triangular(r as usize);
            let p = triangular_params(r).unwrap();
            assert!(verify_srg(&a, &p).is_ok(), "T({r})");
            assert!(verify_srg_identity(&a, &p).is_ok(), "T({r})");
        }
        for qq in [5u64, 13, 17, 29, 37] {
            let a = paley_adjacency(qq).unwrap();
            let p = paley_params(qq).unwrap();
            assert!(verify_srg(&a, &p).is_ok(), "P({qq})");
            assert!(verify_srg_identity(&a, &p).is_ok(), "P({qq})");
        }
        // Petersen = complement of T(5), srg(10, 3, 0, 1)
        let petersen = AdjacencyMatrix::new(triangular(5))
            .unwrap()
            .complement()
            .unwrap();
        assert_eq!(
            verify_srg(petersen.matrix(), &params(10, 3, 0, 1))
                .unwrap()
                .to_string(),
            "A (v = 10) satisfies srg(10, 3, 0, 1): simple graph, regularity, lambda and mu \
             clauses (every vertex and every pair checked)"
        );
        assert_eq!(
            petersen.cells(),
            AdjacencyMatrix::new(petersen.matrix().clone())
                .unwrap()
                .cells()
        );
        assert_eq!(
            verify_srg_identity(&triangular(5), &params(10, 6, 3, 4))
                .unwrap()
                .to_string(),
            "A (v = 10) satisfies A^2 = 6I + 3A + 4(J - I - A) entrywise (exact product), \
             i.e. it is srg(10, 6, 3, 4)"
        );
        assert_eq!(
            triangular_params(3),
            Err(SrgError::TriangularTooSmall { r: 3 })
        );
    }

    #[test]
    fn each_clause_reports_its_own_violation() {
        let p = triangular_params(5).unwrap();
        let a = triangular(5);
        let wide = QMatrix::zeros(3, 4);
        assert_eq!(
            verify_srg(&wide, &p),
            Err(SrgViolation::NotSquare { rows: 3, cols: 4 })
        );
        assert_eq!(
            verify_srg(&triangular(4), &p),
            Err(SrgViolation::SizeMismatch { order: 6, v: 10 })
        );
        let mut half = a.clone();
        half.set(2, 7, q(1, 2));
        assert_eq!(
            verify_srg(&half, &p),
            Err(SrgViolation::NotZeroOne { i: 2, j: 7 })
        );
        let mut looped = a.clone();
        looped.set(3, 3, qi(1));
        assert_eq!(
            verify_srg(&looped, &p),
            Err(SrgViolation::NonZeroDiagonal { i: 3 })
        );
        // one-sided edge between vertex 0 = {0,1} and vertex 9 = {3,4} (disjoint edges)
        let mut lopsided = a.clone();
        lopsided.set(0, 9, qi(1));
        assert_eq!(
            verify_srg(&lopsided, &p),
            Err(SrgViolation::NotSymmetric { i: 0, j: 9 })
        );
        let mut extra = lopsided.clone();
        extra.set(9, 0, qi(1));
        assert_eq!(
            verify_srg(&extra, &p),
            Err(SrgViolation::NotRegular {
                vertex: 0,
                degree: 7,
                expected: 6
            })
        );
        // T(5) against the wrong lambda / mu
        assert_eq!(
            verify_srg(&a, &params(10, 6, 2, 4)),
            Err(SrgViolation::LambdaFails {
                i: 0,
                j: 1,
                common: 3,
                expected: 2
            })
        );
        // vertex 0 = {0,1} and vertex 7 = {2,3} are disjoint: common neighbours {0,2},{0,3},{1,2},{1,3}
        assert_eq!(
            verify_srg(&a, &params(10, 6, 3, 3)),
            Err(SrgViolation::MuFails {
                i: 0,
                j: 7,
                common: 4,
                expected: 3
            })
        );
        assert!(matches!(
            verify_srg_identity(&a, &params(10, 6, 3, 3)),
            Err(SrgViolation::IdentityFails { i: 0, j: 7, .. })
        ));
        // parameters outside the domain are compared in Z, never overflow
        let wild = SrgParams {
            v: u64::MAX,
            k: u64::MAX,
            lambda: u64::MAX,
            mu: u64::MAX,
        };
        assert!(matches!(
            verify_srg(&a, &wild),
            Err(SrgViolation::SizeMismatch { .. })
        ));
        assert!(!wild.is_conference());
    }

    #[test]
    fn accessors_reject_out_of_range_vertices() {
        let g = AdjacencyMatrix::new(cycle(5)).unwrap();
        assert_eq!(g.is_adjacent(0, 1), Some(true));
        assert_eq!(g.is_adjacent(0, 2), Some(false));
        assert_eq!(g.is_adjacent(0, 5), None);
        assert_eq!(g.degree(4), Some(2));
        assert_eq!(g.degree(5), None);
        assert_eq!(g.common_neighbours(0, 2), Some(1));
        assert_eq!(g.common_neighbours(7, 2), None);
        assert_eq!(g.class(1, 1), Some(PairClass::Diagonal));
        assert_eq!(g.class(1, 3), Some(PairClass::NonAdjacent));
        assert_eq!(g.class(1, 9), None);
    }

    #[test]
    fn triangular_edges_are_lexicographic() {
        assert_eq!(
            triangular_edges(4),
            vec![(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
        );
        assert!(triangular_edges(1).is_empty());
        assert_eq!(triangular_edges(2), vec![(0, 1)]);
    }

    #[test]
    fn t4_is_the_octahedron_by_hand() {
        // Edge e is disjoint from exactly one other edge (its complement in K_4):
        // 01-23, 02-13, 03-12, i.e. columns (0,5), (1,4), (2,3).
        let a = triangular(4);
        let expected = QMatrix::from_int_fn(6, 6, |i, j| i64::from(i != j && i + j != 5));
        assert_eq!(a, expected);
        let b = triangular_incidence(4).unwrap();
        // vertex 0 lies on edges 01, 02, 03
        assert_eq!(
            (0..6).map(|e| b.get(0, e).clone()).collect::<Vec<_>>(),
            [1, 1, 1, 0, 0, 0].map(qi).to_vec()
        );
    }

    #[test]
    fn incidence_identities_hold_for_every_small_r() {
        for r in 0..=9usize {
            let b = triangular_incidence(r).unwrap();
            let a = triangular(r);
            let k = r * r.saturating_sub(1) / 2;
            // B B^T = (r-2) I + J
            let bbt = QMatrix::identity(r)
                .scale(&(qi(r as i64) - qi(2)))
                .add(&QMatrix::ones(r, r));
            assert_eq!(b.mul(&b.transpose()), bbt, "B B^T, r = {r}");
            // B^T B = 2 I + A
            let btb = QMatrix::identity(k).scale(&qi(2)).add(&a);
            assert_eq!(b.transpose().mul(&b), btb, "B^T B, r = {r}");
        }
        assert_eq!(
            triangular_adjacency(usize::MAX),
            Err(SrgError::TriangularTooLarge {
                r: usize::MAX as u64
            })
        );
        assert!(triangular_incidence(1 << 40).is_err());
        assert_eq!(
            triangular_params(u64::MAX),
            Err(SrgError::TriangularTooLarge { r: u64::MAX })
        );
    }

    #[test]
    fn triangular_configuration_has_the_srg_intersection_numbers() {
        // T(5) = srg(10, 6, 3, 4): A^2 = 6I + 3A + 4C
        let s = triangular_configuration(5).unwrap();
        assert_eq!(s.sizes(), &[10, 60, 30]);
        let a2: Vec<u64> = (0..3).map(|k| s.intersection(1, 1, k).unwrap()).collect();
        assert_eq!(a2, [6, 3, 4]);
        assert!(s.is_commutative() && s.is_symmetric());
        assert_eq!(
            triangular_configuration(3),
            Err(SrgError::TriangularTooSmall { r: 3 })
        );
    }

    #[test]
    fn paley_rejects_bad_orders() {
        for bad in [0u64, 1, 3, 7, 9, 21, 25, 45] {
            assert_eq!(
                paley_adjacency(bad),
                Err(SrgError::NotPaleyPrime { q: bad })
            );
            assert_eq!(paley_params(bad), Err(SrgError::NotPaleyPrime { q: bad }));
        }
        assert_eq!(
            paley_adjacency(u64::MAX),
            Err(SrgError::PaleyTooLarge { q: u64::MAX })
        );
        // P(5) is the 5-cycle
        assert_eq!(paley_adjacency(5).unwrap(), cycle(5));
    }
}
