//! # Cross-entropy of a logit matrix
//!
//! ## Main definitions
//! - [`cross_entropy`]: $g(Z) = \frac1N \sum_{j=1}^N \big(\log \sum_{c'} e^{z_{c'j}} - z_{y_j j}\big)$
//!   for $Z \in \mathbb R^{K \times N}$ and labels $y_j$, in `f64`.
//! - [`cross_entropy_enclosure`]: the same for rational $Z$, enclosed by the interval kernel
//!   with width at most a requested tolerance.
//!
//! ## Main results
//! Stability: with $c$ the label and $M = \max_{c'} z_{c'}$ attained at $c^\ast$,
//! $\log \sum_{c'} e^{z_{c'}} - z_c = (M - z_c) + \operatorname{log1p}\big(\sum_{c' \ne c^\ast}
//! e^{z_{c'} - M}\big)$: every exponent is $\le 0$ (no overflow) and a loss close to 0 keeps its
//! relative accuracy (no cancellation of $1 + \varepsilon$), for logit gaps up to $10^6$ and beyond.
//!
//! ## References
//! - N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §1.14.1 (log1p).
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::arith::dyadic::{Dyadic, DyadicInterval};
use crate::kernel::arith::interval::{QInterval, exp_dyadic, from_dyadic, ln_dyadic};
use crate::kernel::{Q, QMatrix, Z};
use nalgebra::DMatrix;
use num_traits::{One, Signed};
use std::fmt;

// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use self::CeLossError as CeError;

/// Inputs that do not define a cross-entropy.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CeLossError {
    /// The number of labels differs from the number of columns.
    LabelCount {
        /// Labels given.
        labels: usize,
        /// Columns of the logit matrix.
        columns: usize,
    },
    /// A label is not a row index.
    LabelOutOfRange {
        /// The column.
        column: usize,
        /// Its label.
        label: usize,
        /// Number of classes (rows).
        classes: usize,
    },
    /// No columns: the mean is undefined.
    Empty,
    /// A logit is NaN or infinite.
    NonFinite {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        column: usize,
    },
    /// The tolerance of an enclosure is not positive.
    NonPositiveTolerance,
    /// An enclosed partition sum was not certified positive (cannot happen: it contains $e^0$).
    EnclosureFailed,
}

impl fmt::Display for CeLossError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.parameter();
        match self {
            Self::LabelCount { labels, columns } => {
                write!(f, "{p}: {labels} labels for {columns} columns of z")
            }
            Self::LabelOutOfRange {
                column,
                label,
                classes,
            } => write!(
                f,
                "{p}: label {label} of column {column} is not below the number of classes {classes}"
            ),
            Self::Empty => write!(f, "{p}: the logit matrix has no columns"),
            Self::NonFinite { row, column } => {
                write!(f, "{p}: logit ({row}, {column}) is not finite")
            }
            Self::NonPositiveTolerance => write!(f, "{p}: the tolerance must be positive"),
            Self::EnclosureFailed => write!(f, "{p}: partition sum not certified positive"),
        }
    }
}

impl std::error::Error for CeLossError {}

impl CeLossError {
    /// The caller's argument the error concerns: `labels`, `z` (the logits) or `tol`.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::LabelCount { .. } | Self::LabelOutOfRange { .. } => "labels",
            Self::Empty | Self::NonFinite { .. } | Self::EnclosureFailed => "z",
            Self::NonPositiveTolerance => "tol",
        }
    }
}

fn check_labels(rows: usize, cols: usize, labels: &[usize]) -> Result<(), CeLossError> {
    if labels.len() != cols {
        return Err(CeLossError::LabelCount {
            labels: labels.len(),
            columns: cols,
        });
    }
    if cols == 0 {
        return Err(CeLossError::Empty);
    }
    if let Some((column, &label)) = labels.iter().enumerate().find(|(_, l)| **l >= rows) {
        return Err(CeLossError::LabelOutOfRange {
            column,
            label,
            classes: rows,
        });
    }
    Ok(())
}

/// $\log \sum_{c'} e^{z_{c'}} - z_c$ for one column, computed stably (see module docs).
#[cfg_attr(doc, doc = katex!())]
pub fn column_loss(z: &[f64], label: usize) -> f64 {
    let (argmax, max) =
        z.iter()
            .copied()
            .enumerate()
            .fold(
                (0, f64::NEG_INFINITY),
                |(i, m), (j, v)| {
                    if v > m { (j, v) } else { (i, m) }
                },
            );
    let rest: f64 = z
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != argmax)
        .map(|(_, v)| (v - max).exp())
        .sum();
    (max - z[label]) + rest.ln_1p()
}

/// $g(Z)$ in `f64`; `labels[j]` is the class of column $j$.
#[cfg_attr(doc, doc = katex!())]
pub fn cross_entropy(z: &DMatrix<f64>, labels: &[usize]) -> Result<f64, CeLossError> {
    check_labels(z.nrows(), z.ncols(), labels)?;
    if let Some(i) = z.iter().position(|v| !v.is_finite()) {
        return Err(CeLossError::NonFinite {
            row: i % z.nrows(),
            column: i / z.nrows(),
        });
    }
    let total: f64 = (0..z.ncols())
        .map(|j| {
            let col: Vec<f64> = z.column(j).iter().copied().collect();
            column_loss(&col, labels[j])
        })
        .sum();
    Ok(total / z.ncols() as f64)
}

/// Enclosure of $g(Z)$ for rational $Z$ at working precision `bits`; labels must be valid.
/// Every exponential has a non-positive argument (the column maximum is shifted out
/// exactly), so logit gaps of any size are enclosed. `None` only if the kernel refuses the
/// precision (above its `MAX_BITS`) or the labels are invalid.
// g(Z) = 1/N Σ_j [(m_j - z_cj) + ln(Σ_c' exp(z_c'j - m_j))], m_j = max_c' z_c'j; the shift is
// exact, each exp and ln enclosed (dyadic sums); the inner sum is >= 1 (its maximal term is e^0)
pub fn cross_entropy_bits(z: &QMatrix, labels: &[usize], bits: u64) -> Option<QInterval> {
    check_labels(z.rows(), z.cols(), labels).ok()?;
    let w = bits.checked_add(8)?;
    let mut total = DyadicInterval::point(Dyadic::int(0));
    let mut shift = Q::from_integer(Z::from(0));
    for (j, &c) in labels.iter().enumerate() {
        let m = (0..z.rows()).map(|r| z.get(r, j)).max()?.clone();
        shift += &m - z.get(c, j);
        let mut sum = DyadicInterval::point(Dyadic::int(0));
        for r in 0..z.rows() {
            let d = z.get(r, j) - &m;
            sum = sum.plus(&exp_dyadic(&d, &d, w).ok()?).round(w);
        }
        total = total.plus(&ln_dyadic(&sum, w).ok()?).round(w);
    }
    let n = Q::new(Z::one(), Z::from(labels.len()));
    Some((&from_dyadic(&total) + &QInterval::point(shift)).scale(&n))
}

/// Enclosure of $g(Z)$ for rational $Z$ with width at most `tol`.
#[cfg_attr(doc, doc = katex!())]
pub fn cross_entropy_enclosure(
    z: &QMatrix,
    labels: &[usize],
    tol: &Q,
) -> Result<QInterval, CeLossError> {
    check_labels(z.rows(), z.cols(), labels)?;
    if !tol.is_positive() {
        return Err(CeLossError::NonPositiveTolerance);
    }
    let mut bits = 48u64;
    loop {
        let iv = cross_entropy_bits(z, labels, bits).ok_or(CeLossError::EnclosureFailed)?;
        if &iv.width() <= tol {
            return Ok(iv);
        }
        bits *= 2;
    }
}
