//! # Exact comparison of two constructions' optimal losses
//!
//! Two constructions ([`Construction`]) at the same parameters ([`MseParams`]) have optimal
//! losses $\ell(cC_1)$ and $\ell(cC_2)$ (module [`super`]); their `f64` values underflow or tie
//! for extreme $\lambda$ (at $\lambda = 10^{-323}$ both are a few subnormals). This module asks
//! the kernel (`ncverify_kernel::mse::compare`) for the exact order and for a rational enclosure
//! of each loss; the `f64` values are for display only.
//!
//! ## Main definitions
//! - [`compare_constructions`]: the [`Comparison`] of two constructions: a [`LossOrdering`]
//!   (`Less`, `Equal`, `Greater`, or `Undecided` with the reason), both enclosures, the
//!   kernel's [`Fact`] and the `f64` losses.
//! - [`enclose_construction_loss`]: the enclosure of one construction's loss.
//!
//! ## Main results
//! The kernel's argument (module docs of `ncverify_kernel::mse::compare`): $\ell$ is
//! non-decreasing in $C$ and strictly increasing where the optimal scale is positive; the
//! optimal scale is zero iff $(cC)^{L+1} \ge T_L = (L-1)^{L-1}/L^{2L}$ (the DNC threshold
//! with $K$ replaced by $C$). So the order of the losses is that of
//! $C_i = \sum_b (C_b^{L+1})^{1/(L+1)}$, decided exactly as sums of radicals, except that two
//! constructions past the threshold tie at $\frac12$. The enclosures bracket the minimiser
//! $x = u^{L+1}$ by exact bounds on $(1-u^{L+1})u^{L-1}$.
//!
//! ```
//! use ncverify::kernel::arith::rational::q;
//! use ncverify::mse::compare::{LossOrdering, compare_constructions};
//! use ncverify::mse::{Block, Construction, MseParams};
//! let p = MseParams::new(6, 4, q(1, 1000), q(1, 1000), 1)?;
//! let dnc = Construction::new(vec![Block::Dnc { classes: 6 }])?;
//! let t4 = Construction::new(vec![Block::Triangular { r: 4 }])?;
//! let c = compare_constructions(&p, &t4, &dnc)?;
//! assert_eq!(c.ordering, LossOrdering::Less); // l(T(4)) < l(DNC(6)) at L = 4
//! assert!(c.first.hi() < c.second.lo()); // and the enclosures are disjoint
//! println!("{c}"); // l(first) in [1.46335477…e-2, …] (f64 1.46335477…e-2) < l(second) in …
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! - Súkeník, Lampert, Mondelli (arXiv:2405.14468), Theorems 4–5; module [`super`].
#![cfg_attr(doc, doc = katex!())]

use super::family::{Construction, construction_loss};
use super::params::{MseError, MseParams};
use crate::kernel::Fact;
use crate::kernel::arith::interval::QInterval;
use crate::kernel::mse::compare::{self as mse_compare, LossOrder};
pub use crate::kernel::mse::compare::{DEFAULT_BITS, LossEnclosure, MAX_BITS};
use crate::numeric::enclosure_decimal;
use std::cmp::Ordering;
use std::fmt;

// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use self::CompareConstructionsError as CompareError;

/// The order of $\ell(\text{first})$ and $\ell(\text{second})$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LossOrdering {
    /// $\ell(\text{first}) < \ell(\text{second})$.
    Less,
    /// $\ell(\text{first}) = \ell(\text{second})$.
    Equal,
    /// $\ell(\text{first}) > \ell(\text{second})$.
    Greater,
    /// Not decided by the kernel.
    Undecided {
        /// Why, in words.
        reason: String,
    },
}

impl LossOrdering {
    /// The order, if decided.
    pub fn ordering(&self) -> Option<Ordering> {
        match self {
            Self::Less => Some(Ordering::Less),
            Self::Equal => Some(Ordering::Equal),
            Self::Greater => Some(Ordering::Greater),
            Self::Undecided { .. } => None,
        }
    }
}

impl From<Ordering> for LossOrdering {
    fn from(o: Ordering) -> Self {
        match o {
            Ordering::Less => Self::Less,
            Ordering::Equal => Self::Equal,
            Ordering::Greater => Self::Greater,
        }
    }
}

impl fmt::Display for LossOrdering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Less => write!(f, "<"),
            Self::Equal => write!(f, "="),
            Self::Greater => write!(f, ">"),
            Self::Undecided { reason } => write!(f, "undecided ({reason})"),
        }
    }
}

/// Significant digits of the enclosure ends [`Comparison`] prints (rounded outward).
pub const DISPLAY_DIGITS: u32 = 17;

/// The exact comparison of two constructions' optimal losses. Its display prints each
/// enclosure with [`DISPLAY_DIGITS`] significant digits rounded outward
/// ([`crate::numeric::enclosure_decimal`]): the printed interval contains the exact one.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// $\ell(\text{first})$ against $\ell(\text{second})$.
    pub ordering: LossOrdering,
    /// A rational interval containing $\ell(\text{first})$.
    pub first: QInterval,
    /// A rational interval containing $\ell(\text{second})$.
    pub second: QInterval,
    /// What the kernel established: both enclosures and, when decided, the order.
    pub fact: Fact,
    /// $\ell(\text{first})$ in `f64` (display only).
    pub first_f64: f64,
    /// $\ell(\text{second})$ in `f64` (display only).
    pub second_f64: f64,
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // outward: the printed interval contains the exact one
        let show = |iv: &QInterval| enclosure_decimal(iv, DISPLAY_DIGITS);
        write!(
            f,
            "l(first) in {} (f64 {:e}) {} l(second) in {} (f64 {:e})",
            show(&self.first),
            self.first_f64,
            self.ordering,
            show(&self.second),
            self.second_f64
        )
    }
}

/// Why a comparison or enclosure cannot be made, naming the argument.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompareConstructionsError {
    /// A construction does not fit the parameters (invalid at depth $L$, or not covering
    /// exactly the $K$ classes).
    Construction {
        /// The caller's argument: `first`, `second` or `c`.
        which: &'static str,
        /// The reason.
        error: MseError,
    },
    /// The kernel refused its arguments.
    Kernel(mse_compare::CompareError),
}

impl fmt::Display for CompareConstructionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction { which, error } => write!(f, "{which}: {error}"),
            Self::Kernel(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CompareConstructionsError {}

impl CompareConstructionsError {
    /// The caller's argument the error is about: `first`, `second` or `c` (a construction),
    /// `bits`; `None` for a failed enclosure (never expected).
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::Construction { which, .. } => Some(which),
            Self::Kernel(e) => e.parameter().map(|p| if p == "blocks" { "c" } else { p }),
        }
    }
}

impl From<mse_compare::CompareError> for CompareConstructionsError {
    fn from(e: mse_compare::CompareError) -> Self {
        Self::Kernel(e)
    }
}

/// `f64` loss of a construction, after checking it against `p`.
fn checked_loss(
    p: &MseParams,
    c: &Construction,
    which: &'static str,
) -> Result<f64, CompareConstructionsError> {
    construction_loss(p, c)
        .map(|fl| fl.loss)
        .map_err(|error| CompareConstructionsError::Construction { which, error })
}

/// A rational enclosure of the optimal loss of `c` at `p`, relative width about
/// $2^{-\text{bits}}$ (`bits` in $1..=$ [`MAX_BITS`]; [`DEFAULT_BITS`] is enough to separate
/// any two losses the `f64` values tell apart).
#[cfg_attr(doc, doc = katex!())]
pub fn enclose_construction_loss(
    p: &MseParams,
    c: &Construction,
    bits: u64,
) -> Result<LossEnclosure, CompareConstructionsError> {
    checked_loss(p, c, "c")?;
    Ok(mse_compare::enclose_loss(p.exact(), c.blocks(), bits)?)
}

/// The exact order of the optimal losses of two constructions at the same parameters, with
/// an enclosure of each (module docs). An error unless both constructions are valid at depth
/// $L$ and cover exactly the $K$ classes.
#[cfg_attr(doc, doc = katex!())]
pub fn compare_constructions(
    p: &MseParams,
    first: &Construction,
    second: &Construction,
) -> Result<Comparison, CompareConstructionsError> {
    let first_f64 = checked_loss(p, first, "first")?;
    let second_f64 = checked_loss(p, second, "second")?;
    let e1 = mse_compare::enclose_loss(p.exact(), first.blocks(), DEFAULT_BITS)?;
    let e2 = mse_compare::enclose_loss(p.exact(), second.blocks(), DEFAULT_BITS)?;
    let enclosures = e1.fact.and(e2.fact);
    let (ordering, fact) =
        match mse_compare::compare_losses(p.exact(), first.blocks(), second.blocks())? {
            LossOrder::Decided { order, fact } => (LossOrdering::from(order), fact.and(enclosures)),
            LossOrder::Undecided { reason } => (LossOrdering::Undecided { reason }, enclosures),
        };
    Ok(Comparison {
        ordering,
        first: e1.interval,
        second: e2.interval,
        fact,
        first_f64,
        second_f64,
    })
}
