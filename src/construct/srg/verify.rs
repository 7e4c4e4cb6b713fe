//! # Verifying the definition of a strongly regular graph
//!
//! ## Main definitions
//! - [`AdjacencyMatrix`]: a checked simple-graph adjacency matrix with bitset rows.
//! - [`PairClass`]: the supports of $I$, $A$, $J - I - A$, which partition the positions.
//! - [`SrgViolation`]: one variant per clause of the definition, with its location.
//!
//! ## Main results
//! - [`verify_srg`]: regularity, $\lambda$ and $\mu$ clauses by counting common neighbours.
//! - [`verify_srg_identity`]: the equivalent identity $A^2 = kI + \lambda A + \mu(J - I - A)$
//!   in exact arithmetic (an independent code path; tests check the two agree).
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
//! - theory.md §1.

use super::{SrgParams, qu, zero_one};
use crate::kernel::QMatrix;
use num_traits::{One, ToPrimitive, Zero};
use std::fmt;

/// Which clause of the definition of an srg (or of a simple graph) failed, and where.
/// Vertices are 0-based row indices.
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
    /// $(A^2)_{ij} \ne (kI + \lambda A + \mu(J - I - A))_{ij}$.
    IdentityFails {
        /// Row.
        i: usize,
        /// Column.
        j: usize,
        /// $(A^2)_{ij}$ (a count of common neighbours or a degree).
        lhs: usize,
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

/// The three classes of positions $(i, j)$: the supports of $I$, $A$ and $J - I - A$.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PairClass {
    /// $i = j$.
    Diagonal,
    /// $i \sim j$.
    Adjacent,
    /// $i \ne j$, $i \not\sim j$.
    NonAdjacent,
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

/// A checked adjacency matrix of a simple graph: square, entries in $\{0, 1\}$, zero
/// diagonal, symmetric. Keeps the rows as bitsets for counting common neighbours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjacencyMatrix {
    matrix: QMatrix,
    rows: Vec<Vec<u64>>,
}

impl AdjacencyMatrix {
    /// Check the four clauses (in the order square, $0/1$, zero diagonal, symmetric) and
    /// keep the matrix.
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
        Ok(Self { matrix, rows })
    }

    /// The matrix.
    pub fn matrix(&self) -> &QMatrix {
        &self.matrix
    }

    /// Number of vertices.
    pub fn order(&self) -> usize {
        self.rows.len()
    }

    /// `true` iff $i \sim j$. Panics if an index is out of range.
    pub fn is_adjacent(&self, i: usize, j: usize) -> bool {
        self.rows[i][j / 64] >> (j % 64) & 1 == 1
    }

    /// Degree of vertex `i`. Panics if `i` is out of range.
    pub fn degree(&self, i: usize) -> usize {
        self.rows[i].iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Number of common neighbours of `i` and `j`. Panics if an index is out of range.
    pub fn common_neighbours(&self, i: usize, j: usize) -> usize {
        self.rows[i]
            .iter()
            .zip(&self.rows[j])
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// The complement graph, $J - I - A$.
    pub fn complement(&self) -> Self {
        let n = self.order();
        let m = zero_one(n, n, |i, j| i != j && !self.is_adjacent(i, j));
        Self::new(m).expect("the complement of a simple graph is a simple graph")
    }

    /// Which of the three classes of $\{I, A, J - I - A\}$ the position $(i, j)$ is in.
    pub fn class(&self, i: usize, j: usize) -> PairClass {
        if i == j {
            PairClass::Diagonal
        } else if self.is_adjacent(i, j) {
            PairClass::Adjacent
        } else {
            PairClass::NonAdjacent
        }
    }
}

/// `a` is an srg with parameters `p`, clause by clause: simple graph (see
/// [`AdjacencyMatrix::new`]), $v$ vertices, every degree $k$, every adjacent pair
/// $\lambda$ common neighbours, every distinct non-adjacent pair $\mu$. The first failing
/// clause is returned with its location.
pub fn verify_srg(a: &QMatrix, p: &SrgParams) -> Result<(), SrgViolation> {
    let g = checked_graph(a, p)?;
    let n = g.order();
    if let Some(vertex) = (0..n).find(|&i| g.degree(i) as u64 != p.k) {
        return Err(SrgViolation::NotRegular {
            vertex,
            degree: g.degree(vertex),
            expected: p.k,
        });
    }
    for i in 0..n {
        for j in i + 1..n {
            let common = g.common_neighbours(i, j);
            if g.is_adjacent(i, j) && common as u64 != p.lambda {
                return Err(SrgViolation::LambdaFails {
                    i,
                    j,
                    common,
                    expected: p.lambda,
                });
            }
            if !g.is_adjacent(i, j) && common as u64 != p.mu {
                return Err(SrgViolation::MuFails {
                    i,
                    j,
                    common,
                    expected: p.mu,
                });
            }
        }
    }
    Ok(())
}

/// The simple-graph clauses and the vertex count.
fn checked_graph(a: &QMatrix, p: &SrgParams) -> Result<AdjacencyMatrix, SrgViolation> {
    let g = AdjacencyMatrix::new(a.clone())?;
    if g.order() as u64 != p.v {
        return Err(SrgViolation::SizeMismatch {
            order: g.order(),
            v: p.v,
        });
    }
    Ok(g)
}

/// The same test through the matrix identity: a simple graph on $v$ vertices is
/// srg$(v,k,\lambda,\mu)$ iff $A^2 = kI + \lambda A + \mu(J - I - A)$ (the diagonal of $A^2$
/// holds the degrees, the off-diagonal entries the common-neighbour counts). Computes $A^2$
/// in exact arithmetic, independently of [`verify_srg`]'s bit counting.
// A^2 = kI + lambda A + mu (J - I - A)
pub fn verify_srg_identity(a: &QMatrix, p: &SrgParams) -> Result<(), SrgViolation> {
    checked_graph(a, p)?;
    let n = a.rows();
    let a2 = a.mul(a);
    let (k, l, m) = (qu(p.k), qu(p.lambda), qu(p.mu));
    for i in 0..n {
        for j in 0..n {
            let (rhs, count) = if i == j {
                (&k, p.k)
            } else if a.get(i, j).is_one() {
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
                    lhs: lhs.to_integer().to_usize().unwrap_or(usize::MAX),
                    rhs: count,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::construct::srg::fixtures::params;
    use crate::construct::srg::*;
    use crate::kernel::QMatrix;
    use crate::kernel::rational::{q, qi};

    #[test]
    fn triangular_and_paley_are_srgs_both_ways() {
        for r in 4..=8u64 {
            let a = triangular_adjacency(r as usize);
            let p = triangular_params(r).unwrap();
            assert_eq!(verify_srg(&a, &p), Ok(()), "T({r})");
            assert_eq!(verify_srg_identity(&a, &p), Ok(()), "T({r})");
        }
        for qq in [5u64, 13, 17, 29, 37] {
            let a = paley_adjacency(qq).unwrap();
            let p = paley_params(qq).unwrap();
            assert_eq!(verify_srg(&a, &p), Ok(()), "P({qq})");
            assert_eq!(verify_srg_identity(&a, &p), Ok(()), "P({qq})");
        }
        // Petersen = complement of T(5), srg(10, 3, 0, 1)
        let petersen = AdjacencyMatrix::new(triangular_adjacency(5))
            .unwrap()
            .complement();
        assert_eq!(verify_srg(petersen.matrix(), &params(10, 3, 0, 1)), Ok(()));
        assert_eq!(
            triangular_params(3),
            Err(SrgError::TriangularTooSmall { r: 3 })
        );
    }

    #[test]
    fn each_clause_reports_its_own_violation() {
        let p = triangular_params(5).unwrap();
        let a = triangular_adjacency(5);
        let wide = QMatrix::zeros(3, 4);
        assert_eq!(
            verify_srg(&wide, &p),
            Err(SrgViolation::NotSquare { rows: 3, cols: 4 })
        );
        assert_eq!(
            verify_srg(&triangular_adjacency(4), &p),
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
    }
}
