//! # Depth at which low-rank softmax codes beat neural collapse, decided exactly
//!
//! ## Main definitions
//! With $m$ aligned balanced factors and every margin $\ge 1$, the unit-margin cost of a logit
//! matrix is $m\thinspace\Vert Z\Vert_{S_{2/m}}^{2/m}$. For $K$ classes and $n$ samples per class:
//! - NC ($Z = S \otimes 1_n^\top$): $m(K-1)n^{1/m}$;
//! - paired ($k = \lfloor K/2 \rfloor$ pairs, an extra class when $K$ is odd):
//!   $m\thinspace(k(4n)^{1/m} + [K \text{ odd}]\thinspace n^{1/m})$;
//! - rank-2 $K$-gon code: $2m\thinspace A^{2/m} n^{1/m}$, $A = K / (2(1-\cos(2\pi/K)))$.
//! - [`paired_least_depth`], [`kgon_least_depth`]: the least $m$ from which the code is
//!   strictly cheaper than NC, as a [`LeastDepth`] carrying a [`Fact`].
//!
//! ## Main results
//! - Paired $<$ NC $\iff k\thinspace4^{1/m} < 2k - 1 \iff 4k^m < (2k-1)^m$ (integers; for odd $K$
//!   the extra class costs the same on both sides).
//! - $K$-gon $<$ NC $\iff 2A^{2/m} < K - 1 \iff A^2 < \big(\tfrac{K-1}2\big)^m$, decided with
//!   an enclosure of $A^2$ ($\pi$ by Machin, $\cos$ by Taylor) refined until it separates from
//!   the rational right side.
//! - Monotonicity, checked exactly: $2k - 1 > k$ and $\frac{K-1}2 > 1$ for $K \ge 4$, so
//!   $4k^{m+1} < k(2k-1)^m < (2k-1)^{m+1}$ and $A^2 < r^m < r^{m+1}$: once a condition holds
//!   it holds for every larger $m$. Every smaller $m$ is checked directly.
//!
//! ## References
//! - C. Garrod, J. P. Keating, C. Thrampoulidis (2026), unregularised cross-entropy and depth
//!   (unit-margin costs of NC, paired and $K$-gon codes).
#![cfg_attr(doc, doc = katex!())]

use crate::arith::interval::{IntervalError, QInterval, cos_bits, pi_bits};
use crate::arith::rational::{Q, Z, pow_u};
use crate::fact::Fact;
use num_traits::One;
use std::cmp::Ordering;
use std::fmt;

/// The largest number of factors searched.
pub const MAX_FACTORS: u32 = 256;

/// Why a least depth could not be certified.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DepthError {
    /// $K$ below the least the function accepts: $K < 4$ (no low-rank code is ever
    /// cheaper), or $K < 3$ for [`kgon_a_squared`] and [`kgon_vs_nc`].
    TooFewClasses {
        /// $K$ as given.
        classes: usize,
        /// The least $K$ accepted.
        min: usize,
    },
    /// The enclosure of $A^2$ did not separate from $((K-1)/2)^m$ within the cap.
    NotSeparated {
        /// $K$.
        classes: usize,
        /// $m$.
        factors: u32,
        /// The precision cap in bits.
        max_bits: u64,
    },
    /// No $m \le$ [`MAX_FACTORS`] makes the code cheaper.
    NoDepth,
    /// The interval kernel refused an operation.
    Interval(IntervalError),
    /// Two enclosures of $A^2$ are disjoint (impossible for rigorous enclosures).
    Inconsistent,
    /// A working precision derived from the argument does not fit a `u64`.
    SizeOverflow {
        /// The caller's argument: `bits` or `max_bits`.
        parameter: &'static str,
    },
}

impl fmt::Display for DepthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewClasses { classes, min } => {
                write!(f, "k: K = {classes}, need K >= {min}")
            }
            Self::NotSeparated {
                classes,
                factors,
                max_bits,
            } => write!(
                f,
                "K = {classes}, m = {factors}: A^2 not separated from ((K-1)/2)^m within \
                 {max_bits} bits"
            ),
            Self::NoDepth => write!(f, "no m <= {MAX_FACTORS} makes the code cheaper than NC"),
            Self::Interval(e) => write!(f, "interval enclosure: {e}"),
            Self::Inconsistent => write!(f, "two enclosures of A^2 are disjoint"),
            Self::SizeOverflow { parameter } => {
                write!(f, "{parameter}: too large, the working precision overflows")
            }
        }
    }
}

impl std::error::Error for DepthError {}

impl DepthError {
    /// The caller's argument the error is about, as the functions of this module name it (`k`,
    /// `bits`, `max_bits` for a precision cap that did not separate), or `None` when no depth
    /// exists or an enclosure failed.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::TooFewClasses { .. } => Some("k"),
            Self::NotSeparated { .. } => Some("max_bits"),
            Self::SizeOverflow { parameter } => Some(parameter),
            Self::NoDepth | Self::Interval(_) | Self::Inconsistent => None,
        }
    }
}

impl From<IntervalError> for DepthError {
    fn from(e: IntervalError) -> Self {
        Self::Interval(e)
    }
}

/// A certified least depth: the code is strictly cheaper than NC exactly for $m \ge$
/// [`LeastDepth::factors`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeastDepth {
    classes: usize,
    factors: u32,
    fact: Fact,
}

impl LeastDepth {
    /// $K$.
    pub fn classes(&self) -> usize {
        self.classes
    }
    /// The least number of factors $m$.
    pub fn factors(&self) -> u32 {
        self.factors
    }
    /// The established statement.
    pub fn fact(&self) -> Fact {
        self.fact.clone()
    }
}

/// $4k^m < (2k-1)^m$ with $k = \lfloor K/2 \rfloor$: the paired code is strictly cheaper
/// than NC with $m$ factors.
///
/// # Cost
/// Two integer powers of exponent $m$: $O(m\log K)$-bit numbers (no bound on $m$; use
/// [`paired_least_depth`] for a bounded search).
// exact integer comparison
pub fn paired_beats_nc(k: usize, m: u32) -> bool {
    let (left, right) = paired_sides(k, m);
    left < right
}

/// $(4k^m, (2k-1)^m)$, $k = \lfloor K/2 \rfloor$.
fn paired_sides(k: usize, m: u32) -> (Z, Z) {
    let half = Z::from(k / 2);
    let odd = Z::from(2) * &half - 1;
    (
        Z::from(4) * num_traits::pow(half, m as usize),
        num_traits::pow(odd, m as usize),
    )
}

// least m with 4k^m < (2k-1)^m; every j < m fails, and 2k - 1 > k makes it hold for m' >= m
/// The least $m$ with the paired code strictly cheaper than NC, $K \ge 4$.
///
/// # Errors
/// [`DepthError::TooFewClasses`] (parameter `k`) for $K < 4$; [`DepthError::NoDepth`] if no
/// $m \le$ [`MAX_FACTORS`] works.
///
/// # Cost
/// At most [`MAX_FACTORS`] pairs of integer powers.
///
/// # Examples
/// ```
/// use ncverify_kernel::ce::depth::paired_least_depth;
/// assert_eq!(paired_least_depth(4)?.factors(), 4); // 4 * 2^4 = 64 < 81 = 3^4
/// assert_eq!(paired_least_depth(3).unwrap_err().parameter(), Some("k"));
///
/// # Ok::<(), ncverify_kernel::ce::depth::DepthError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn paired_least_depth(k: usize) -> Result<LeastDepth, DepthError> {
    if k < 4 {
        return Err(DepthError::TooFewClasses { classes: k, min: 4 });
    }
    let half = Z::from(k / 2);
    let odd = Z::from(2) * &half - 1;
    if odd <= half {
        return Err(DepthError::NoDepth);
    }
    for m in 1..=MAX_FACTORS {
        let (left, right) = paired_sides(k, m);
        if left < right {
            let before = if m == 1 {
                String::new()
            } else {
                format!("4k^j >= (2k-1)^j for j = 1..{}; ", m - 1)
            };
            return Ok(LeastDepth {
                classes: k,
                factors: m,
                fact: Fact::new(format!(
                    "paired vs NC at K = {k} (k = {half} pairs): {before}4k^{m} = {left} < \
                     {right} = (2k-1)^{m} and 2k-1 = {odd} > {half} = k: the paired code has \
                     strictly lower unit-margin cost than NC exactly for m >= {m} factors"
                )),
            });
        }
    }
    Err(DepthError::NoDepth)
}

// A^2 = (K / (2(1 - cos(2π/K))))^2 with π and cos enclosed
/// Enclosure of $A^2 = (K / (2(1-\cos(2\pi/K))))^2$ at precision `bits`, $K \ge 3$.
///
/// # Errors
/// [`DepthError::TooFewClasses`] (parameter `k`) for $K < 3$; [`DepthError::SizeOverflow`]
/// (parameter `bits`); [`DepthError::Interval`] if an enclosure refuses.
///
/// # Cost
/// Enclosures of $\pi$ and a cosine at `bits` + 8 bits.
#[cfg_attr(doc, doc = katex!())]
pub fn kgon_a_squared(k: usize, bits: u64) -> Result<QInterval, DepthError> {
    if k < 3 {
        return Err(DepthError::TooFewClasses { classes: k, min: 3 });
    }
    let w = bits
        .checked_add(8)
        .ok_or(DepthError::SizeOverflow { parameter: "bits" })?;
    let theta = pi_bits(w)?.scale(&Q::new(Z::from(2), Z::from(k)));
    let c = cos_bits(&theta, w)?;
    let one_minus = &QInterval::point(Q::one()) - &c;
    let denom = one_minus.scale(&Q::from_integer(Z::from(2)));
    let a = QInterval::point(Q::from_integer(Z::from(k))).div(&denom)?;
    Ok((&a * &a).round_outward(bits))
}

/// The order of $A^2$ against $((K-1)/2)^m$ with the enclosure that decided it, refining
/// from 64 bits while the precision stays at most `max_bits`.
///
/// # Errors
/// Those of [`kgon_a_squared`]; [`DepthError::NotSeparated`] (parameter `max_bits`) if no
/// precision up to `max_bits` decides.
///
/// # Cost
/// [`kgon_a_squared`] at 64, 128, … bits up to `max_bits`, and one power of exponent $m$.
#[cfg_attr(doc, doc = katex!())]
pub fn kgon_vs_nc(k: usize, m: u32, max_bits: u64) -> Result<(Ordering, QInterval), DepthError> {
    let rhs = QInterval::point(pow_u(&Q::new(Z::from(k) - 1, Z::from(2)), m));
    let mut bits: u64 = 64;
    while bits <= max_bits {
        let a2 = kgon_a_squared(k, bits)?;
        if let Some(order) = a2.certainly_cmp(&rhs) {
            return Ok((order, a2));
        }
        bits = bits.checked_mul(2).ok_or(DepthError::SizeOverflow {
            parameter: "max_bits",
        })?;
    }
    Err(DepthError::NotSeparated {
        classes: k,
        factors: m,
        max_bits,
    })
}

// least m with A^2 < ((K-1)/2)^m; every j < m fails, and (K-1)/2 > 1 makes it hold for m' >= m
/// The least $m$ with the rank-2 $K$-gon code strictly cheaper than NC, $K \ge 4$, certified
/// by enclosures of $A^2$ with precision at most `max_bits`.
///
/// # Errors
/// [`DepthError::TooFewClasses`] (parameter `k`) for $K < 4$; those of [`kgon_vs_nc`];
/// [`DepthError::NoDepth`] if no $m \le$ [`MAX_FACTORS`] works.
///
/// # Cost
/// Up to [`MAX_FACTORS`] calls of [`kgon_vs_nc`].
///
/// # Examples
/// ```
/// use ncverify_kernel::ce::depth::kgon_least_depth;
/// assert_eq!(kgon_least_depth(8, 256)?.factors(), 5);
///
/// # Ok::<(), ncverify_kernel::ce::depth::DepthError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn kgon_least_depth(k: usize, max_bits: u64) -> Result<LeastDepth, DepthError> {
    if k < 4 {
        return Err(DepthError::TooFewClasses { classes: k, min: 4 });
    }
    let ratio = Q::new(Z::from(k) - 1, Z::from(2));
    if ratio <= Q::one() {
        return Err(DepthError::NoDepth);
    }
    let mut enclosure: Option<QInterval> = None;
    for m in 1..=MAX_FACTORS {
        let (order, iv) = kgon_vs_nc(k, m, max_bits)?;
        // every enclosure contains A^2, so their intersection does and decides every step
        let iv = match &enclosure {
            None => iv,
            Some(prev) => prev.intersect(&iv).ok_or(DepthError::Inconsistent)?,
        };
        enclosure = Some(iv.clone());
        if order == Ordering::Less {
            let before = if m == 1 {
                String::new()
            } else {
                format!("A^2 > ((K-1)/2)^j for j = 1..{}; ", m - 1)
            };
            let rhs = pow_u(&ratio, m);
            return Ok(LeastDepth {
                classes: k,
                factors: m,
                fact: Fact::new(format!(
                    "K-gon vs NC at K = {k}: A^2 = (K/(2(1 - cos(2 pi/K))))^2 lies in {iv}; \
                     {before}A^2 < ((K-1)/2)^{m} = {rhs} and (K-1)/2 = {ratio} > 1: the rank-2 \
                     K-gon code has strictly lower unit-margin cost than NC exactly for \
                     m >= {m} factors"
                )),
            });
        }
    }
    Err(DepthError::NoDepth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_values() {
        // K = 4: A = 2, 4 < 1.5^m first at m = 4; paired: 4·2^m < 3^m first at m = 4
        assert_eq!(kgon_least_depth(4, 1 << 12).unwrap().factors(), 4);
        assert_eq!(paired_least_depth(4).unwrap().factors(), 4);
        // K = 6: A = 6, 36 < 2.5^m first at m = 4; paired: 4·3^m < 5^m first at m = 3
        assert_eq!(kgon_least_depth(6, 1 << 12).unwrap().factors(), 4);
        let p = paired_least_depth(6).unwrap();
        assert_eq!(p.factors(), 3);
        assert!(
            p.fact().to_string().contains("4k^3 = 108 < 125 = (2k-1)^3"),
            "{}",
            p.fact()
        );
        assert!(paired_beats_nc(6, 3) && !paired_beats_nc(6, 2));
        assert_eq!(
            kgon_least_depth(3, 64),
            Err(DepthError::TooFewClasses { classes: 3, min: 4 })
        );
        assert_eq!(
            paired_least_depth(3),
            Err(DepthError::TooFewClasses { classes: 3, min: 4 })
        );
    }

    #[test]
    fn a_low_precision_cap_is_an_error() {
        assert_eq!(
            kgon_least_depth(7, 0),
            Err(DepthError::NotSeparated {
                classes: 7,
                factors: 1,
                max_bits: 0
            })
        );
    }

    #[test]
    fn k_gon_enclosure_contains_exact_values() {
        // K = 4: 1 - cos(pi/2) = 1, A = 2, A^2 = 4; K = 6: 1 - cos(pi/3) = 1/2, A = 6
        assert!(
            kgon_a_squared(4, 80)
                .unwrap()
                .contains(&Q::from_integer(4.into()))
        );
        assert!(
            kgon_a_squared(6, 80)
                .unwrap()
                .contains(&Q::from_integer(36.into()))
        );
    }
}
