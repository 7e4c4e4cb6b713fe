//! # Diagonally superior matrices of least rank
//!
//! ## Main definitions
//! - A $K \times K$ real matrix $M$ is *diagonally superior* if in every column the diagonal
//!   entry is strictly the largest: $M_{jj} > M_{ij}$ for all $i \ne j$
//!   ([`column_superior`], [`diagonally_superior`]). $q_K$ is the least rank of such a matrix.
//! - [`circle_points`]: $K$ distinct rational points on the unit circle,
//!   $w_t = \big(\frac{1-t^2}{1+t^2}, \frac{2t}{1+t^2}\big)$, $t = 0, \dots, K-1$.
//! - [`two_class_witness`], [`circle_gram_witness`], [`rank_one_grid`]: the exact steps of
//!   $q_2 = 1$ and $q_K = 2$ ($K \ge 3$), each as a [`Fact`].
//!
//! ## Main results
//! - $q_2 = 1$: $\big(\begin{smallmatrix}1&-1\cr-1&1\end{smallmatrix}\big)$ has rank 1 and is
//!   diagonally superior.
//! - $q_K \le 2$: the Gram matrix $G_{ij} = \langle w_i, w_j\rangle$ of distinct unit vectors in
//!   $\mathbb R^2$ has $G_{jj} = 1 > G_{ij}$ (Cauchy–Schwarz) and rank $\le 2$; checked exactly
//!   (unit norms, superiority, rank by Bareiss) by [`circle_gram_witness`].
//! - $q_K \ge 2$ for $K \ge 3$: a rank-one $uv^\top$ has at most two superior columns (one at
//!   the strict maximum of $u$ for $v_j > 0$, one at the strict minimum for $v_j < 0$);
//!   [`rank_one_grid`] checks it exhaustively on integer grids.
//!
//! ## References
//! - C. Garrod, J. P. Keating, *The persistence of neural collapse despite low-rank bias*
//!   (arXiv:2410.23169), Theorem 3 and the definition of $q_K$.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::rational::{Q, Z};
use crate::fact::Fact;
use num_traits::One;
use std::fmt;

/// The largest $K$ for the circle witness.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_WITNESS_CLASSES: usize = 1024;

/// The largest $K$ of [`rank_one_grid`].
#[cfg_attr(doc, doc = katex!())]
pub const MAX_GRID_CLASSES: usize = 16;

/// The largest number of matrices [`rank_one_grid`] enumerates.
pub const MAX_GRID_MATRICES: usize = 1 << 24;

/// Why a witness or a grid check could not be completed.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SuperiorError {
    /// $K$ outside the range the function accepts.
    Classes {
        /// $K$ as given.
        classes: usize,
        /// The least $K$ accepted.
        min: usize,
        /// The largest $K$ accepted.
        max: usize,
    },
    /// The grid has more than [`MAX_GRID_MATRICES`] matrices, or none.
    GridSize,
    /// A rank-one $uv^\top$ with more than two (not all) superior columns.
    LemmaFails {
        /// $u$.
        u: Vec<i64>,
        /// $v$.
        v: Vec<i64>,
        /// The number of superior columns.
        superior: usize,
    },
    /// A witness failed the named clause at $K$.
    WitnessFailed {
        /// $K$.
        classes: usize,
        /// The clause: `"unit norm"`, `"diagonally superior"`, `"rank"`.
        clause: &'static str,
    },
}

impl fmt::Display for SuperiorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Classes { classes, min, max } => {
                write!(f, "k: K = {classes}, need {min} <= K <= {max}")
            }
            Self::GridSize => write!(
                f,
                "vals: |vals|^(2K) matrices, need between 1 and {MAX_GRID_MATRICES}"
            ),
            Self::LemmaFails { u, v, superior } => write!(
                f,
                "u v^T with u = {u:?}, v = {v:?} has {superior} superior columns (more than 2)"
            ),
            Self::WitnessFailed { classes, clause } => {
                write!(f, "the witness at K = {classes} fails: {clause}")
            }
        }
    }
}

impl std::error::Error for SuperiorError {}

impl SuperiorError {
    /// The caller's argument the error is about (`k`, or `vals` of [`rank_one_grid`]), or
    /// `None` for a failed check of the mathematics.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::Classes { .. } => Some("k"),
            Self::GridSize => Some("vals"),
            Self::LemmaFails { .. } | Self::WitnessFailed { .. } => None,
        }
    }
}

// M_jj > M_ij for every i != j
/// Column $j$ of $M$ has its diagonal entry strictly largest.
///
/// # Panics
/// If `j` is not both a row and a column index of $M$ (as [`QMatrix::get`]).
///
/// # Cost
/// $O(\text{rows})$ comparisons.
#[cfg_attr(doc, doc = katex!())]
pub fn column_superior(m: &QMatrix, j: usize) -> bool {
    (0..m.rows()).all(|i| i == j || m.get(j, j) > m.get(i, j))
}

/// Every column of the square matrix $M$ is superior.
///
/// # Cost
/// $O(K^2)$ comparisons.
#[cfg_attr(doc, doc = katex!())]
pub fn diagonally_superior(m: &QMatrix) -> bool {
    m.is_square() && (0..m.cols()).all(|j| column_superior(m, j))
}

// (1-t^2)^2 + (2t)^2 = (1+t^2)^2, so every w_t is a unit vector
/// $w_t = ((1-t^2)/(1+t^2), 2t/(1+t^2))$ for $t = 0, \dots, K-1$.
///
/// # Cost
/// $K$ pairs of rationals (no bound on $K$: the memory is the caller's).
#[cfg_attr(doc, doc = katex!())]
pub fn circle_points(k: usize) -> Vec<(Q, Q)> {
    (0..k)
        .map(|t| {
            let t = Z::from(t);
            let d = Q::from_integer(Z::one() + &t * &t);
            (
                Q::from_integer(Z::one() - &t * &t) / &d,
                Q::from_integer(Z::from(2) * &t) / d,
            )
        })
        .collect()
}

/// $q_2 = 1$: the witness $\big(\begin{smallmatrix}1&-1\cr-1&1\end{smallmatrix}\big)$.
///
/// # Errors
/// [`SuperiorError::WitnessFailed`] if the fixed witness fails a clause (a kernel defect).
#[cfg_attr(doc, doc = katex!())]
pub fn two_class_witness() -> Result<Fact, SuperiorError> {
    let m = QMatrix::from_int_fn(2, 2, |i, j| if i == j { 1 } else { -1 });
    let rank = m.rank();
    if !diagonally_superior(&m) || rank != 1 {
        return Err(SuperiorError::WitnessFailed {
            classes: 2,
            clause: "rank-one superior 2 x 2 matrix",
        });
    }
    Ok(Fact::new(
        "[[1, -1], [-1, 1]] is diagonally superior with rank 1, so q_2 = 1",
    ))
}

// G_ij = <w_i, w_j>, G_jj = 1, rank G <= 2
/// $q_K \le 2$: the Gram matrix of [`circle_points`] is diagonally superior with rank 2.
///
/// # Errors
/// [`SuperiorError::Classes`] (parameter `k`) unless $3 \le K \le$ [`MAX_WITNESS_CLASSES`];
/// [`SuperiorError::WitnessFailed`] naming the clause if the witness fails (a kernel defect).
///
/// # Cost
/// A $K \times K$ Gram matrix and its rank: $O(K^3)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::ce::superior::circle_gram_witness;
/// assert!(circle_gram_witness(5)?.to_string().contains("q_5 <= 2"));
/// assert_eq!(circle_gram_witness(2).unwrap_err().parameter(), Some("k"));
///
/// # Ok::<(), ncverify_kernel::ce::superior::SuperiorError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn circle_gram_witness(k: usize) -> Result<Fact, SuperiorError> {
    if !(3..=MAX_WITNESS_CLASSES).contains(&k) {
        return Err(SuperiorError::Classes {
            classes: k,
            min: 3,
            max: MAX_WITNESS_CLASSES,
        });
    }
    let pts = circle_points(k);
    let failed = |clause| SuperiorError::WitnessFailed { classes: k, clause };
    if pts.iter().any(|(x, y)| x * x + y * y != Q::one()) {
        return Err(failed("unit norm"));
    }
    let g = QMatrix::from_fn(k, k, |i, j| &pts[i].0 * &pts[j].0 + &pts[i].1 * &pts[j].1);
    if !diagonally_superior(&g) {
        return Err(failed("diagonally superior"));
    }
    if g.rank() != 2 {
        return Err(failed("rank 2"));
    }
    Ok(Fact::new(format!(
        "the Gram matrix of the {k} unit vectors ((1-t^2)/(1+t^2), 2t/(1+t^2)), t = 0..{}, is \
         diagonally superior with rank 2, so q_{k} <= 2",
        k - 1
    )))
}

/// All $K$-tuples over `vals`.
fn grid_tuples(vals: &[i64], k: usize) -> Vec<Vec<i64>> {
    (0..k).fold(vec![Vec::new()], |acc, _| {
        acc.iter()
            .flat_map(|t| {
                vals.iter().map(move |&x| {
                    let mut t = t.clone();
                    t.push(x);
                    t
                })
            })
            .collect()
    })
}

/// Every $uv^\top$ with $u, v \in$ `vals`$^K$ has at most two superior columns: `Ok(Ok(_))`
/// with the number of matrices checked; `Ok(Err(fact))` states a diagonally superior matrix
/// of rank $\le 1$ (a counterexample to $q_K \ge 2$); [`SuperiorError::LemmaFails`] a matrix
/// with more than two, but not all, superior columns (the lemma of the proof fails).
///
/// # Errors
/// [`SuperiorError::Classes`] (parameter `k`) unless $2 \le K \le$ [`MAX_GRID_CLASSES`];
/// [`SuperiorError::GridSize`] (parameter `vals`) for an empty grid or more than
/// [`MAX_GRID_MATRICES`] matrices; [`SuperiorError::LemmaFails`] if the lemma fails.
///
/// # Cost
/// $|\text{vals}|^{2K}$ matrices (at most [`MAX_GRID_MATRICES`]), $O(K^2)$ each.
///
/// # Examples
/// ```
/// use ncverify_kernel::ce::superior::rank_one_grid;
/// let (checked, _fact) = rank_one_grid(3, &[-1, 0, 1])?.unwrap();
/// assert_eq!(checked, 729); // 3^3 * 3^3 matrices u v^T
///
/// # Ok::<(), ncverify_kernel::ce::superior::SuperiorError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn rank_one_grid(k: usize, vals: &[i64]) -> Result<Result<(usize, Fact), Fact>, SuperiorError> {
    if !(2..=MAX_GRID_CLASSES).contains(&k) {
        return Err(SuperiorError::Classes {
            classes: k,
            min: 2,
            max: MAX_GRID_CLASSES,
        });
    }
    let per = u32::try_from(k)
        .ok()
        .and_then(|e| vals.len().checked_pow(e))
        .ok_or(SuperiorError::GridSize)?;
    let total = per.checked_mul(per).ok_or(SuperiorError::GridSize)?;
    if total == 0 || total > MAX_GRID_MATRICES {
        return Err(SuperiorError::GridSize);
    }
    let tuples = grid_tuples(vals, k);
    for u in &tuples {
        for v in &tuples {
            // in Z: the caller's grid values may overflow i64 when multiplied
            let m = QMatrix::from_fn(k, k, |i, j| Q::from_integer(Z::from(u[i]) * Z::from(v[j])));
            let superior = (0..k).filter(|&j| column_superior(&m, j)).count();
            if superior == k && m.rank() <= 1 {
                return Ok(Err(Fact::new(format!(
                    "u v^T with u = {u:?}, v = {v:?} is diagonally superior with rank {}, so \
                     q_{k} <= 1",
                    m.rank()
                ))));
            }
            if superior > 2 {
                return Err(SuperiorError::LemmaFails {
                    u: u.clone(),
                    v: v.clone(),
                    superior,
                });
            }
        }
    }
    Ok(Ok((
        total,
        Fact::new(format!(
            "each of the {total} matrices u v^T with u, v in {vals:?}^{k} has at most 2 \
             superior columns"
        )),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_values_near_the_i64_limit_do_not_overflow() {
        // review finding: u_i v_j was formed in i64
        assert!(rank_one_grid(2, &[i64::MAX, 2]).is_ok());
    }

    #[test]
    fn rank_one_superior_columns_hand_case() {
        // u = (1, 0, -1), v = (1, 1, -1): columns 0 and 2 superior, column 1 not
        let m = QMatrix::from_int_fn(3, 3, |i, j| [1, 0, -1][i] * [1, 1, -1][j]);
        assert!(column_superior(&m, 0) && column_superior(&m, 2) && !column_superior(&m, 1));
    }

    #[test]
    fn witnesses_and_grids() {
        two_class_witness().unwrap();
        for k in 3..=12 {
            circle_gram_witness(k).unwrap();
        }
        let (n, _) = rank_one_grid(3, &[-1, 0, 1]).unwrap().unwrap();
        assert_eq!(n, 27 * 27);
        assert_eq!(rank_one_grid(3, &[]), Err(SuperiorError::GridSize));
        assert_eq!(
            circle_gram_witness(2),
            Err(SuperiorError::Classes {
                classes: 2,
                min: 3,
                max: MAX_WITNESS_CLASSES
            })
        );
    }
}
