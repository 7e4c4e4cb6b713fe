//! # Nuclear norms under ReLU: the two-column lemma and its failure at three columns
//!
//! The two-layer reduction of the MSE deep UFM (docs/theory.md §3.10) writes the optimal loss as
//! $\min_Z s\Vert Z\Vert_\ast + \tfrac{\lambda_W}{2}\operatorname{tr}((\sigma(Z)^\top\sigma(Z) +
//! K\lambda_W I)^{-1})$ over $Z \in \mathbb R^{d\times K}$. For $K = 2$ the lemma
//! $\Vert\sigma(Z)\Vert_\ast \le \Vert Z\Vert_\ast$ makes DNC a global minimiser (docs/theory.md
//! §3.10); for $K = 3$ the lemma is false. This module decides both kinds of statement
//! exactly on explicit rational matrices. It proves nothing about all $Z$: the lemma itself
//! is argued in prose (docs/theory.md §3.10, `proofs/TRUST.md`).
//!
//! ## Main definitions
//! - [`le_plus_two_sqrt`]: decides $x + 2\sqrt p \le y + 2\sqrt q$ for rationals
//!   ($p, q \ge 0$) by exact squaring.
//! - [`two_column_relu_nuclear_le`]: decides $\Vert\sigma(Z)\Vert_\ast \le \Vert Z\Vert_\ast$ for
//!   $Z \in \mathbb Q^{d\times 2}$, from $T(M)^2 = \operatorname{tr}M + 2\sqrt{\det M}$,
//!   $T(M) = \operatorname{tr}M^{1/2}$, $\Vert Z\Vert_\ast = T(Z^\top Z)$.
//! - [`symmetric_nuclear_enclosure`]: rational bounds on $\Vert M\Vert_\ast = \sum_i|\mu_i|$ of a
//!   symmetric rational matrix with distinct eigenvalues (characteristic polynomial by
//!   Faddeev–LeVerrier, roots isolated and refined by Sturm's theorem).
//! - [`relu_raises_nuclear_symmetric`]: decides $\Vert\sigma(Z)\Vert_\ast > \Vert Z\Vert_\ast$ for
//!   a symmetric $Z$ whose $\sigma(Z)$ is symmetric too, from the two enclosures.
//!
//! ## Main results
//! - [`three_class_counterexample`] proves, at
//!   $Z$ with rows $(1, 2, 0)$, $(2, 0, 2)$, $(0, 2, -1)$,
//!   $\Vert\sigma(Z)\Vert_\ast > \Vert Z\Vert_\ast$ (ratio $\approx 1.042$): the two-column lemma
//!   does not extend to $K = 3$ (a negative control of `mse.two_class_dnc_optimal_l2`).
//!
//! ## References
//! - R. Bhatia, *Matrix Analysis*, Springer 1997, §V.1 (operator monotone square root) and
//!   §IV.2 (nuclear norm duality), used by the prose lemma.
//! - P. Súkeník, C. Lampert, M. Mondelli, *Deep neural collapse is provably optimal for the
//!   deep unconstrained features model*, NeurIPS 2023 (arXiv:2305.13165): $K = 2$ at any depth.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::poly::{Bound, QPoly};
use crate::arith::rational::{Q, Z};
use crate::fact::Fact;
use num_traits::{Signed, Zero};
use std::fmt;

/// Why a decision could not be made (naming the bad argument).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TwoClassError {
    /// `p` or `q` of [`le_plus_two_sqrt`] is negative.
    NegativeRadicand {
        /// `p` or `q`.
        parameter: &'static str,
    },
    /// The `width` of [`symmetric_nuclear_enclosure`] is not positive.
    NonPositiveWidth,
    /// The matrix does not have two columns.
    NotTwoColumns {
        /// Columns found.
        cols: usize,
    },
    /// The matrix (or its ReLU) is not symmetric.
    NotSymmetric,
    /// A repeated eigenvalue, or an eigenvalue whose sign the refinement did not separate.
    Degenerate,
    /// The matrix is larger than [`MAX_SYMMETRIC_SIZE`], or the grid of
    /// [`two_column_lemma_on_grid`] is empty or too large.
    TooLarge {
        /// The caller's argument: `z`, `rows` or `entries`.
        parameter: &'static str,
        /// Its size.
        size: usize,
    },
}

impl fmt::Display for TwoClassError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NegativeRadicand { parameter } => write!(f, "{parameter}: need {parameter} >= 0"),
            Self::NonPositiveWidth => write!(f, "width: need width > 0"),
            Self::NotTwoColumns { cols } => write!(f, "z: {cols} columns, expected 2"),
            Self::NotSymmetric => write!(f, "z: not symmetric (or its ReLU is not)"),
            Self::Degenerate => write!(f, "z: repeated or unseparated eigenvalue"),
            Self::TooLarge { parameter, size } => {
                write!(f, "{parameter}: size {size} is 0 or above the limit")
            }
        }
    }
}

impl std::error::Error for TwoClassError {}

impl TwoClassError {
    /// The caller's argument the error is about: `p` or `q` of [`le_plus_two_sqrt`], `z` of
    /// the matrix functions, `width` of [`symmetric_nuclear_enclosure`], `rows` or `entries` of [`two_column_lemma_on_grid`], or
    /// `None` for a degenerate spectrum the refinement did not separate.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::NegativeRadicand { parameter } => Some(parameter),
            Self::NonPositiveWidth => Some("width"),
            Self::NotTwoColumns { .. } | Self::NotSymmetric => Some("z"),
            Self::TooLarge { parameter, .. } => Some(parameter),
            Self::Degenerate => None,
        }
    }
}

/// Largest symmetric matrix [`symmetric_nuclear_enclosure`] accepts.
pub const MAX_SYMMETRIC_SIZE: usize = 16;

/// Decide $x + 2\sqrt p \le y + 2\sqrt q$ exactly ($p, q \ge 0$).
///
/// # Errors
/// [`TwoClassError::NegativeRadicand`] naming `p` or `q` if it is negative.
///
/// # Cost
/// At most two squarings of rationals.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::qi;
/// use ncverify_kernel::mse::two_class::le_plus_two_sqrt;
/// assert_eq!(le_plus_two_sqrt(&qi(0), &qi(4), &qi(1), &qi(2)), Ok(false)); // 4 > 1 + 2 sqrt 2
/// assert_eq!(le_plus_two_sqrt(&qi(0), &qi(-1), &qi(0), &qi(0)).unwrap_err().parameter(), Some("p"));
/// ```
// x + 2√p ≤ y + 2√q ⟺ 2√p ≤ c + 2√q, c = y - x; square while both sides are ≥ 0
pub fn le_plus_two_sqrt(x: &Q, p: &Q, y: &Q, q: &Q) -> Result<bool, TwoClassError> {
    if p.is_negative() {
        return Err(TwoClassError::NegativeRadicand { parameter: "p" });
    }
    if q.is_negative() {
        return Err(TwoClassError::NegativeRadicand { parameter: "q" });
    }
    let c = y - x;
    let four = Q::from_integer(Z::from(4));
    if !c.is_negative() {
        // 4p ≤ c² + 4q + 4c√q ⟺ r := 4p - c² - 4q ≤ 4c√q
        let r = &four * p - &c * &c - &four * q;
        if !r.is_positive() {
            return Ok(true);
        }
        Ok(&r * &r <= &four * &four * &c * &c * q)
    } else {
        // 2√p - 2√q ≤ c < 0 ⟺ 2√q ≥ |c| + 2√p ⟺ r := 4q - c² - 4p ≥ 4|c|√p
        let r = &four * q - &c * &c - &four * p;
        if r.is_negative() {
            return Ok(false);
        }
        Ok(&r * &r >= &four * &four * &c * &c * p)
    }
}

/// $(\operatorname{tr}G, \det G)$ of $G = Z^\top Z$ for $Z \in \mathbb Q^{d\times 2}$.
fn gram_trace_det(z: &QMatrix) -> (Q, Q) {
    let (mut a, mut b, mut h) = (Q::zero(), Q::zero(), Q::zero());
    for i in 0..z.rows() {
        let (x, y) = (z.get(i, 0), z.get(i, 1));
        a += x * x;
        b += y * y;
        h += x * y;
    }
    (&a + &b, &a * &b - &h * &h)
}

/// Decide $\Vert\sigma(Z)\Vert_\ast \le \Vert Z\Vert_\ast$ for $Z \in \mathbb Q^{d\times 2}$ exactly:
/// `Ok(true)` iff it holds.
///
/// # Errors
/// [`TwoClassError::NotTwoColumns`] (parameter `z`) unless $Z$ has two columns.
///
/// # Cost
/// Two $2 \times 2$ Gram matrices: $O(\text{rows})$ rational operations.
// ‖Z‖_*² = tr G + 2√det G, G = ZᵀZ (2 × 2)
pub fn two_column_relu_nuclear_le(z: &QMatrix) -> Result<bool, TwoClassError> {
    if z.cols() != 2 {
        return Err(TwoClassError::NotTwoColumns { cols: z.cols() });
    }
    let (t1, d1) = gram_trace_det(&z.relu());
    let (t0, d0) = gram_trace_det(z);
    le_plus_two_sqrt(&t1, &d1, &t0, &d0)
}

/// Largest grid of [`two_column_lemma_on_grid`]: rows and number of entry values.
pub const MAX_GRID: (usize, usize) = (4, 8);

/// Decide $\Vert\sigma(Z)\Vert_\ast \le \Vert Z\Vert_\ast$ for **every** $Z$ with `rows` rows, two
/// columns and entries in `entries` (all $|\mathrm{entries}|^{2\thinspace\mathrm{rows}}$ matrices):
/// `Ok(Ok(fact))` if it holds for all, `Ok(Err(z))` with the first $Z$ where it fails.
///
/// # Errors
/// [`TwoClassError::TooLarge`] naming `rows` (0 or above [`MAX_GRID`]`.0`) or `entries` (empty
/// or more than [`MAX_GRID`]`.1` values).
///
/// # Cost
/// $|\text{entries}|^{2\thinspace\text{rows}}$ matrices (at most $8^8 \approx 1.7\cdot10^7$), each
/// $O(\text{rows})$.
#[cfg_attr(doc, doc = katex!())]
pub fn two_column_lemma_on_grid(
    rows: usize,
    entries: &[i64],
) -> Result<Result<Fact, QMatrix>, TwoClassError> {
    if rows == 0 || rows > MAX_GRID.0 {
        return Err(TwoClassError::TooLarge {
            parameter: "rows",
            size: rows,
        });
    }
    if entries.is_empty() || entries.len() > MAX_GRID.1 {
        return Err(TwoClassError::TooLarge {
            parameter: "entries",
            size: entries.len(),
        });
    }
    let cells = 2 * rows;
    let base = entries.len();
    let mut idx = vec![0usize; cells];
    let mut count = 0u64;
    loop {
        let z = QMatrix::from_int_fn(rows, 2, |i, j| entries[idx[2 * i + j]]);
        if !two_column_relu_nuclear_le(&z)? {
            return Ok(Err(z));
        }
        count += 1;
        // next index in mixed radix
        let mut c = 0;
        loop {
            if c == cells {
                let vals: Vec<String> = entries.iter().map(ToString::to_string).collect();
                return Ok(Ok(Fact::new(format!(
                    "||relu(Z)||_* <= ||Z||_* for all {count} matrices Z of size {rows} x 2 \
                     with entries in {{{}}} (exact: ||Z||_*^2 = tr Z^T Z + 2 sqrt(det Z^T Z))",
                    vals.join(", ")
                ))));
            }
            idx[c] += 1;
            if idx[c] < base {
                break;
            }
            idx[c] = 0;
            c += 1;
        }
    }
}

/// The characteristic polynomial $\det(xI - M)$ of a square matrix, by Faddeev–LeVerrier:
/// $M_1 = M$, $c_{n-1} = -\operatorname{tr}M_1$, $M_k = M(M_{k-1} + c_{n-k+1}I)$,
/// $c_{n-k} = -\operatorname{tr}M_k/k$.
fn char_poly(m: &QMatrix) -> QPoly {
    let n = m.rows();
    let mut c = vec![Q::zero(); n + 1];
    c[n] = Q::from_integer(Z::from(1));
    let mut mk = m.clone();
    for k in 1..=n {
        let ck = -mk.trace() / Q::from_integer(Z::from(k as u64));
        c[n - k] = ck.clone();
        if k < n {
            mk = m.mul(&mk.add(&QMatrix::identity(n).scale(&ck)));
        }
    }
    QPoly::new(c)
}

/// Rational bounds `(lo, hi)` with $\mathrm{lo} \le \Vert M\Vert_\ast \le \mathrm{hi}$ and
/// $\mathrm{hi} - \mathrm{lo} \le n\cdot\mathrm{width}$, for a symmetric $M$ with $n \le$
/// [`MAX_SYMMETRIC_SIZE`] distinct eigenvalues ($\Vert M\Vert_\ast = \sum_i|\mu_i|$).
///
/// # Errors
/// [`TwoClassError::NotSymmetric`] or [`TwoClassError::TooLarge`] (parameter `z`),
/// [`TwoClassError::NonPositiveWidth`] (parameter `width`), [`TwoClassError::Degenerate`] for a
/// repeated eigenvalue or one whose sign the refinement does not separate.
///
/// # Cost
/// The characteristic polynomial ($O(n^4)$ rational operations), Sturm isolation of its $n$
/// roots and bisection to `width`: $O(n\log(1/\text{width}))$ evaluations.
#[cfg_attr(doc, doc = katex!())]
pub fn symmetric_nuclear_enclosure(z: &QMatrix, width: &Q) -> Result<(Q, Q), TwoClassError> {
    let m = z;
    if !m.is_symmetric() {
        return Err(TwoClassError::NotSymmetric);
    }
    if m.rows() > MAX_SYMMETRIC_SIZE {
        return Err(TwoClassError::TooLarge {
            parameter: "z",
            size: m.rows(),
        });
    }
    if !width.is_positive() {
        return Err(TwoClassError::NonPositiveWidth);
    }
    let p = char_poly(m);
    let roots = p.isolate_roots(&Bound::NegInf, &Bound::PosInf);
    if roots.len() != m.rows() {
        return Err(TwoClassError::Degenerate);
    }
    let (mut lo, mut hi) = (Q::zero(), Q::zero());
    for iv in roots {
        let (a, b) = p
            .refine_root(iv, width)
            .map_err(|_| TwoClassError::Degenerate)?;
        if a.is_negative() && b.is_positive() {
            return Err(TwoClassError::Degenerate);
        }
        let (x, y) = (a.abs(), b.abs());
        if x <= y {
            lo += x;
            hi += y;
        } else {
            lo += y;
            hi += x;
        }
    }
    Ok((lo, hi))
}

/// Decide $\Vert\sigma(Z)\Vert_\ast > \Vert Z\Vert_\ast$ for a symmetric rational $Z$ (with
/// $\sigma(Z)$ symmetric, which holds automatically): `Ok(Some(fact))` if the enclosures
/// (width $10^{-12}$ per eigenvalue) separate with $\sigma(Z)$ above, `Ok(None)` if they do not.
///
/// # Errors
/// Those of [`symmetric_nuclear_enclosure`] for $Z$ or $\sigma(Z)$ (parameter `z`).
///
/// # Cost
/// Two [`symmetric_nuclear_enclosure`]s at width $10^{-12}$.
#[cfg_attr(doc, doc = katex!())]
pub fn relu_raises_nuclear_symmetric(z: &QMatrix) -> Result<Option<Fact>, TwoClassError> {
    let width = Q::new(Z::from(1), Z::from(1_000_000_000_000u64));
    let (_, z_hi) = symmetric_nuclear_enclosure(z, &width)?;
    let (r_lo, _) = symmetric_nuclear_enclosure(&z.relu(), &width)?;
    if r_lo > z_hi {
        let rows: Vec<String> = (0..z.rows())
            .map(|i| {
                let r: Vec<String> = (0..z.cols()).map(|j| z.get(i, j).to_string()).collect();
                format!("[{}]", r.join(", "))
            })
            .collect();
        Ok(Some(Fact::new(format!(
            "at the {k} x {k} matrix Z = [{}], ||relu(Z)||_* >= {r_lo} > {z_hi} >= ||Z||_* \
             (eigenvalues isolated by Sturm's theorem)",
            rows.join(", "),
            k = z.rows()
        ))))
    } else {
        Ok(None)
    }
}

/// The negative control of the two-column lemma: at
/// $Z$ with rows $(1, 2, 0)$, $(2, 0, 2)$, $(0, 2, -1)$,
/// $\Vert\sigma(Z)\Vert_\ast > \Vert Z\Vert_\ast$.
///
/// # Errors
/// None in practice (the matrix is fixed); the type is that of
/// [`relu_raises_nuclear_symmetric`].
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::two_class::three_class_counterexample;
/// assert!(three_class_counterexample()?.is_some()); // ReLU raises the nuclear norm at K = 3
///
/// # Ok::<(), ncverify_kernel::mse::two_class::TwoClassError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn three_class_counterexample() -> Result<Option<Fact>, TwoClassError> {
    let z = QMatrix::from_int_fn(3, 3, |i, j| [[1, 2, 0], [2, 0, 2], [0, 2, -1]][i][j]);
    relu_raises_nuclear_symmetric(&z)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    #[test]
    fn sqrt_comparison_by_hand() {
        // 0 + 2√4 = 4 ≤ 1 + 2√(9/4) = 4: equal
        assert_eq!(le_plus_two_sqrt(&qi(0), &qi(4), &qi(1), &q(9, 4)), Ok(true));
        // 0 + 2√4 = 4 > 1 + 2√2 ≈ 3.83
        assert_eq!(le_plus_two_sqrt(&qi(0), &qi(4), &qi(1), &qi(2)), Ok(false));
        // 3 + 2√1 = 5 ≤ 1 + 2√4 = 5 (c < 0 branch, equality)
        assert_eq!(le_plus_two_sqrt(&qi(3), &qi(1), &qi(1), &qi(4)), Ok(true));
        // 3 + 2√1 = 5 > 1 + 2√(39/10) ≈ 4.95
        assert_eq!(
            le_plus_two_sqrt(&qi(3), &qi(1), &qi(1), &q(39, 10)),
            Ok(false)
        );
        assert_eq!(
            le_plus_two_sqrt(&qi(0), &qi(-1), &qi(0), &qi(0)),
            Err(TwoClassError::NegativeRadicand { parameter: "p" })
        );
    }

    #[test]
    fn two_columns_by_hand() {
        // Z = [[1, -1]]: ‖Z‖_* = √2, σ(Z) = [[1, 0]]: 1 ≤ √2
        let z = QMatrix::from_int_fn(1, 2, |_, j| [1, -1][j]);
        assert_eq!(two_column_relu_nuclear_le(&z), Ok(true));
        // equality on non-negative matrices
        let z = QMatrix::from_int_fn(2, 2, |i, j| [[1, 2], [3, 4]][i][j]);
        assert_eq!(two_column_relu_nuclear_le(&z), Ok(true));
        let z = QMatrix::from_int_fn(2, 3, |_, _| 1);
        assert_eq!(
            two_column_relu_nuclear_le(&z),
            Err(TwoClassError::NotTwoColumns { cols: 3 })
        );
    }

    #[test]
    fn the_lemma_holds_on_a_small_grid() {
        let fact = two_column_lemma_on_grid(2, &[-1, 0, 1, 2])
            .unwrap()
            .unwrap();
        assert!(fact.to_string().contains("all 256 matrices"), "{fact}");
        assert!(two_column_lemma_on_grid(5, &[0]).is_err());
    }

    #[test]
    fn symmetric_enclosure_by_hand() {
        // diag(3, -2, 1/2): ‖M‖_* = 11/2
        let mut m = QMatrix::zeros(3, 3);
        m.set(0, 0, qi(3));
        m.set(1, 1, qi(-2));
        m.set(2, 2, q(1, 2));
        let (lo, hi) = symmetric_nuclear_enclosure(&m, &q(1, 1000)).unwrap();
        assert!(lo <= q(11, 2) && q(11, 2) <= hi && &hi - &lo <= q(3, 1000));
        // [[0, 1], [1, 0]]: eigenvalues ±1, ‖M‖_* = 2
        let m = QMatrix::from_int_fn(2, 2, |i, j| i64::from(i != j));
        let (lo, hi) = symmetric_nuclear_enclosure(&m, &q(1, 1000)).unwrap();
        assert!(lo <= qi(2) && qi(2) <= hi);
        // a repeated eigenvalue is refused, not miscounted
        assert_eq!(
            symmetric_nuclear_enclosure(&QMatrix::identity(2), &q(1, 10)),
            Err(TwoClassError::Degenerate)
        );
        let m = QMatrix::from_int_fn(2, 2, |i, j| [[0, 1], [2, 0]][i][j]);
        assert_eq!(
            symmetric_nuclear_enclosure(&m, &q(1, 10)),
            Err(TwoClassError::NotSymmetric)
        );
    }

    #[test]
    fn the_lemma_fails_at_three_columns() {
        let fact = three_class_counterexample().unwrap();
        assert!(fact.is_some_and(|f| f.to_string().contains("||relu(Z)||_*")));
        // and a non-negative symmetric matrix is not a counterexample (equality)
        let z = QMatrix::from_int_fn(2, 2, |i, j| [[2, 1], [1, 0]][i][j]);
        assert_eq!(relu_raises_nuclear_symmetric(&z), Ok(None));
    }
}
