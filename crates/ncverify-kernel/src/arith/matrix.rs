//! # Exact rational matrices
//!
//! ## Main definitions
//! - [`QMatrix`]: a dense row-major matrix over $\mathbb{Q}$ with the products, Kronecker
//!   products, transposes and entrywise maps that the constructions need.
//!
//! ## Main results
//! - [`QMatrix::rank`] and [`QMatrix::det`]: fraction-free Gaussian elimination
//!   (Bareiss 1968) on the integer matrix obtained by clearing denominators row by row;
//!   every intermediate is an integer and every division is exact.
//!
//! ## References
//! - E. H. Bareiss, *Sylvester's identity and multistep integer-preserving Gaussian
//!   elimination*, Math. Comp. 22 (1968).
#![cfg_attr(doc, doc = katex!())]

use crate::arith::rational::{Q, Z};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::fmt;

/// Shapes that do not fit the requested operation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShapeError {
    /// Data length does not equal rows × cols.
    DataLength {
        /// Rows requested.
        rows: usize,
        /// Columns requested.
        cols: usize,
        /// Entries given.
        len: usize,
    },
    /// Rows of unequal length.
    RaggedRow {
        /// Index of the offending row.
        row: usize,
        /// Its length.
        len: usize,
        /// The first row's length.
        expected: usize,
    },
    /// Inner dimensions of a product disagree.
    Product {
        /// Shape of the left factor.
        left: (usize, usize),
        /// Shape of the right factor.
        right: (usize, usize),
    },
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DataLength { rows, cols, len } => {
                write!(f, "{len} entries given for a {rows}x{cols} matrix")
            }
            Self::RaggedRow { row, len, expected } => {
                write!(f, "row {row} has {len} entries, expected {expected}")
            }
            Self::Product { left, right } => write!(
                f,
                "cannot multiply {}x{} by {}x{}",
                left.0, left.1, right.0, right.1
            ),
        }
    }
}

impl std::error::Error for ShapeError {}

impl ShapeError {
    /// The caller's argument the error is about: `data` of [`QMatrix::new`], `rows` of
    /// [`QMatrix::from_rows`], `rhs` of [`QMatrix::checked_mul`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::DataLength { .. } => "data",
            Self::RaggedRow { .. } => "rows",
            Self::Product { .. } => "rhs",
        }
    }
}

/// Dense row-major matrix over the rationals.
#[cfg_attr(doc, doc = katex!())]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct QMatrix {
    rows: usize,
    cols: usize,
    data: Vec<Q>,
}

impl QMatrix {
    /// Matrix from row-major data.
    ///
    /// # Errors
    /// [`ShapeError::DataLength`] (parameter `data`) unless `data` has `rows * cols` entries.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::QMatrix;
    /// use ncverify_kernel::arith::rational::qi;
    /// let m = QMatrix::new(2, 2, vec![qi(1), qi(2), qi(3), qi(4)])?;
    /// assert_eq!(m.det(), Some(qi(-2)));
    /// assert_eq!(QMatrix::new(2, 2, vec![qi(1)]).unwrap_err().parameter(), "data");
    ///
    /// # Ok::<(), ncverify_kernel::arith::matrix::ShapeError>(())
    /// ```
    pub fn new(rows: usize, cols: usize, data: Vec<Q>) -> Result<Self, ShapeError> {
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(ShapeError::DataLength {
                rows,
                cols,
                len: data.len(),
            });
        }
        Ok(Self { rows, cols, data })
    }

    /// Matrix from a list of rows of equal length.
    ///
    /// # Errors
    /// [`ShapeError::RaggedRow`] (parameter `rows`) for rows of unequal length.
    pub fn from_rows(rows: &[Vec<Q>]) -> Result<Self, ShapeError> {
        let cols = rows.first().map_or(0, Vec::len);
        // No capacity hint: rows.len() * cols may promise far more entries than are present.
        let mut data = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if r.len() != cols {
                return Err(ShapeError::RaggedRow {
                    row: i,
                    len: r.len(),
                    expected: cols,
                });
            }
            data.extend(r.iter().cloned());
        }
        Ok(Self {
            rows: rows.len(),
            cols,
            data,
        })
    }

    /// Matrix with entries `f(i, j)`.
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> Q) -> Self {
        let mut data = Vec::with_capacity(rows * cols);
        for i in 0..rows {
            for j in 0..cols {
                data.push(f(i, j));
            }
        }
        Self { rows, cols, data }
    }

    /// Integer matrix from `f(i, j)`.
    pub fn from_int_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> i64) -> Self {
        Self::from_fn(rows, cols, |i, j| Q::from_integer(Z::from(f(i, j))))
    }

    /// The zero matrix.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Self::from_fn(rows, cols, |_, _| Q::zero())
    }

    /// The identity $I_n$.
    pub fn identity(n: usize) -> Self {
        Self::from_fn(n, n, |i, j| if i == j { Q::one() } else { Q::zero() })
    }

    /// The all-ones matrix $J$ of the given shape.
    pub fn ones(rows: usize, cols: usize) -> Self {
        Self::from_fn(rows, cols, |_, _| Q::one())
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// `true` iff square.
    pub fn is_square(&self) -> bool {
        self.rows == self.cols
    }

    /// Entry `(i, j)`. Panics out of range (a programming error).
    ///
    /// # Panics
    /// If $(i, j)$ is out of range, as slice indexing does.
    pub fn get(&self, i: usize, j: usize) -> &Q {
        assert!(
            i < self.rows && j < self.cols,
            "index ({i},{j}) out of range"
        );
        &self.data[i * self.cols + j]
    }

    /// Set entry `(i, j)`.
    ///
    /// # Panics
    /// If $(i, j)$ is out of range, as slice indexing does.
    pub fn set(&mut self, i: usize, j: usize, v: Q) {
        assert!(
            i < self.rows && j < self.cols,
            "index ({i},{j}) out of range"
        );
        self.data[i * self.cols + j] = v;
    }

    /// Row-major entries.
    pub fn data(&self) -> &[Q] {
        &self.data
    }

    /// The transpose.
    pub fn transpose(&self) -> Self {
        Self::from_fn(self.cols, self.rows, |i, j| self.get(j, i).clone())
    }

    /// The product `self * rhs`, or a shape error.
    ///
    /// # Errors
    /// [`ShapeError::Product`] (parameter `rhs`) unless `self.cols() == rhs.rows()`.
    ///
    /// # Cost
    /// $O(mnp)$ exact multiplications for $m \times n$ by $n \times p$.
    pub fn checked_mul(&self, rhs: &Self) -> Result<Self, ShapeError> {
        if self.cols != rhs.rows {
            return Err(ShapeError::Product {
                left: (self.rows, self.cols),
                right: (rhs.rows, rhs.cols),
            });
        }
        let mut out = Self::zeros(self.rows, rhs.cols);
        for i in 0..self.rows {
            for k in 0..self.cols {
                let a = &self.data[i * self.cols + k];
                if a.is_zero() {
                    continue;
                }
                for j in 0..rhs.cols {
                    let b = &rhs.data[k * rhs.cols + j];
                    if !b.is_zero() {
                        out.data[i * rhs.cols + j] += a * b;
                    }
                }
            }
        }
        Ok(out)
    }

    /// The product `self * rhs`; panics on a shape mismatch (use [`Self::checked_mul`] for
    /// shapes that come from input).
    ///
    /// # Panics
    /// If the inner dimensions differ; [`QMatrix::checked_mul`] returns an error instead.
    ///
    /// # Cost
    /// As [`QMatrix::checked_mul`].
    pub fn mul(&self, rhs: &Self) -> Self {
        self.checked_mul(rhs).expect("matrix product shapes")
    }

    /// Entrywise sum; panics on a shape mismatch.
    ///
    /// # Panics
    /// If the shapes differ.
    pub fn add(&self, rhs: &Self) -> Self {
        assert_eq!(
            (self.rows, self.cols),
            (rhs.rows, rhs.cols),
            "matrix sum shapes"
        );
        let data = self
            .data
            .iter()
            .zip(&rhs.data)
            .map(|(a, b)| a + b)
            .collect();
        Self {
            rows: self.rows,
            cols: self.cols,
            data,
        }
    }

    /// Entrywise difference; panics on a shape mismatch.
    ///
    /// # Panics
    /// If the shapes differ.
    pub fn sub(&self, rhs: &Self) -> Self {
        assert_eq!(
            (self.rows, self.cols),
            (rhs.rows, rhs.cols),
            "matrix difference shapes"
        );
        let data = self
            .data
            .iter()
            .zip(&rhs.data)
            .map(|(a, b)| a - b)
            .collect();
        Self {
            rows: self.rows,
            cols: self.cols,
            data,
        }
    }

    /// `c * self`.
    pub fn scale(&self, c: &Q) -> Self {
        self.map(|x| x * c)
    }

    /// Entrywise map.
    pub fn map(&self, mut f: impl FnMut(&Q) -> Q) -> Self {
        Self {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(&mut f).collect(),
        }
    }

    /// Entrywise ReLU, $\max(x, 0)$.
    pub fn relu(&self) -> Self {
        self.map(|x| {
            if x.is_negative() {
                Q::zero()
            } else {
                x.clone()
            }
        })
    }

    /// $\Vert A\Vert_F^2 = \sum_{ij} a_{ij}^2$.
    pub fn frobenius_sq(&self) -> Q {
        self.data.iter().fold(Q::zero(), |acc, x| acc + x * x)
    }

    /// Trace of a square matrix; panics if not square.
    ///
    /// # Panics
    /// If the matrix is not square.
    pub fn trace(&self) -> Q {
        assert!(self.is_square(), "trace of a non-square matrix");
        (0..self.rows).fold(Q::zero(), |acc, i| acc + self.get(i, i))
    }

    /// `true` iff equal to its transpose.
    pub fn is_symmetric(&self) -> bool {
        self.is_square() && (0..self.rows).all(|i| (0..i).all(|j| self.get(i, j) == self.get(j, i)))
    }

    /// Rows scaled to integers (each row times the lcm of its denominators). Same rank;
    /// the determinant is multiplied by the product of the row scales.
    fn integer_rows(&self) -> (Vec<Vec<Z>>, Z) {
        let mut scale_prod = Z::one();
        let rows = (0..self.rows)
            .map(|i| {
                let row = &self.data[i * self.cols..(i + 1) * self.cols];
                let l = row.iter().fold(Z::one(), |l, x| l.lcm(x.denom()));
                scale_prod *= &l;
                row.iter()
                    .map(|x| (x * Q::from_integer(l.clone())).to_integer())
                    .collect()
            })
            .collect();
        (rows, scale_prod)
    }

    /// Rank, by fraction-free (Bareiss) elimination over the integers.
    ///
    /// # Cost
    /// Fraction-free (Bareiss) elimination: $O(n^3)$ operations on integers of $O(n)$ times the
    /// entries' bits.
    pub fn rank(&self) -> usize {
        let (mut a, _) = self.integer_rows();
        bareiss(&mut a, self.cols).0
    }

    /// Determinant of a square matrix (exact), or `None` if not square.
    ///
    /// # Cost
    /// As [`QMatrix::rank`].
    pub fn det(&self) -> Option<Q> {
        if !self.is_square() {
            return None;
        }
        if self.rows == 0 {
            return Some(Q::one());
        }
        let (mut a, scale) = self.integer_rows();
        let (rank, sign) = bareiss(&mut a, self.cols);
        if rank < self.rows {
            return Some(Q::zero());
        }
        let n = self.rows;
        // Bareiss: the last pivot is det of the row-permuted integer matrix.
        let d = Q::from_integer(a[n - 1][n - 1].clone() * Z::from(sign));
        Some(d / Q::from_integer(scale))
    }
}

/// In-place Bareiss elimination on `a` (rows × `cols`); returns (rank, permutation sign).
/// Invariant: after step k, every entry below/right of the pivots is the (k+1)-minor of the
/// original matrix formed with the pivot rows/cols — so each division by the previous pivot
/// is exact (Sylvester's identity).
fn bareiss(a: &mut [Vec<Z>], cols: usize) -> (usize, i64) {
    let rows = a.len();
    let mut sign = 1i64;
    let mut prev = Z::one();
    let mut r = 0usize;
    for c in 0..cols {
        if r == rows {
            break;
        }
        let Some(p) = (r..rows).find(|&i| !a[i][c].is_zero()) else {
            continue;
        };
        if p != r {
            a.swap(p, r);
            sign = -sign;
        }
        for i in r + 1..rows {
            for j in c + 1..cols {
                let v = &a[r][c] * &a[i][j] - &a[i][c] * &a[r][j];
                debug_assert!((&v % &prev).is_zero(), "Bareiss division must be exact");
                a[i][j] = v / &prev;
            }
            a[i][c] = Z::zero();
        }
        prev = a[r][c].clone();
        r += 1;
    }
    (r, sign)
}

impl fmt::Display for QMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in 0..self.rows {
            let row: Vec<String> = (0..self.cols).map(|j| self.get(i, j).to_string()).collect();
            writeln!(f, "[{}]", row.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    #[test]
    fn det_and_rank_hand_computed() {
        let m = QMatrix::from_rows(&[vec![qi(2), qi(1)], vec![qi(1), qi(3)]]).unwrap();
        assert_eq!(m.det(), Some(qi(5)));
        assert_eq!(m.rank(), 2);
        let s = QMatrix::from_rows(&[vec![q(1, 2), q(1, 3)], vec![qi(3), qi(2)]]).unwrap();
        assert_eq!(s.det(), Some(qi(0)));
        assert_eq!(s.rank(), 1);
        // a permutation needs a row swap: det = -1
        let p = QMatrix::from_rows(&[vec![qi(0), qi(1)], vec![qi(1), qi(0)]]).unwrap();
        assert_eq!(p.det(), Some(qi(-1)));
        // 3x3 with fractions: det(diag(1/2, 2/3, 3)) = 1
        let d = QMatrix::from_fn(3, 3, |i, j| {
            if i == j {
                [q(1, 2), q(2, 3), qi(3)][i].clone()
            } else {
                qi(0)
            }
        });
        assert_eq!(d.det(), Some(qi(1)));
    }

    #[test]
    fn centering_matrix_has_rank_k_minus_one() {
        for k in 2..7 {
            let s = QMatrix::identity(k).sub(&QMatrix::ones(k, k).scale(&q(1, k as i64)));
            assert_eq!(s.rank(), k - 1);
            assert_eq!(s.det(), Some(qi(0)));
        }
    }

    #[test]
    fn shape_errors_are_reported() {
        assert!(matches!(
            QMatrix::new(2, 2, vec![qi(1)]),
            Err(ShapeError::DataLength { .. })
        ));
        let a = QMatrix::zeros(2, 3);
        assert!(matches!(a.checked_mul(&a), Err(ShapeError::Product { .. })));
    }
}
