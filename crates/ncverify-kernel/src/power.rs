//! # Exact comparison of rational powers
//!
//! ## Main definitions
//! - [`RationalPower`]: the positive real number $a^{p/q}$ for a positive rational $a$ and
//!   integers $p \ge 0$, $q \ge 1$.
//!
//! ## Main results
//! - [`RationalPower::cmp_value`]: for $a, b > 0$,
//!   $a^{p/q} \lessgtr b^{r/s} \iff a^{ps} \lessgtr b^{rq}$, because $t \mapsto t^{qs}$ is
//!   strictly increasing on $(0, \infty)$. Both sides are exact rationals, so the comparison
//!   is decided without rounding.

use super::rational::{Q, pow_u};
use num_traits::Signed;
use std::cmp::Ordering;
use std::fmt;

/// Largest numerator or denominator of an exponent, so that cross products $ps$, $rq$ fit in
/// `u32` (and the powers stay of a size the kernel can handle).
pub const MAX_EXPONENT: u32 = 65_535;

/// $a^{p/q}$ with $a > 0$, $q \ge 1$.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RationalPower {
    base: Q,
    num: u32,
    den: u32,
}

/// Invalid parts of a rational power.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PowerError {
    /// The base must be strictly positive.
    NonPositiveBase,
    /// The exponent's denominator must be at least 1.
    ZeroDenominator,
    /// Numerator or denominator of the exponent above [`MAX_EXPONENT`].
    ExponentTooLarge,
}

impl fmt::Display for PowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NonPositiveBase => write!(f, "base of a rational power must be positive"),
            Self::ZeroDenominator => write!(f, "exponent denominator must be at least 1"),
            Self::ExponentTooLarge => write!(f, "exponent parts must be at most {MAX_EXPONENT}"),
        }
    }
}

impl std::error::Error for PowerError {}

impl RationalPower {
    /// $a^{p/q}$.
    pub fn new(base: Q, num: u32, den: u32) -> Result<Self, PowerError> {
        if !base.is_positive() {
            return Err(PowerError::NonPositiveBase);
        }
        if den == 0 {
            return Err(PowerError::ZeroDenominator);
        }
        if num > MAX_EXPONENT || den > MAX_EXPONENT {
            return Err(PowerError::ExponentTooLarge);
        }
        Ok(Self { base, num, den })
    }

    /// The base $a$.
    pub fn base(&self) -> &Q {
        &self.base
    }

    /// The exponent as $(p, q)$.
    pub fn exponent(&self) -> (u32, u32) {
        (self.num, self.den)
    }

    /// Exact order of two rational powers.
    // a^{p/q} vs b^{r/s}  <=>  a^{p s} vs b^{r q}
    pub fn cmp_value(&self, other: &Self) -> Ordering {
        // Exponents are at most MAX_EXPONENT, so the products fit in u32.
        let lhs = pow_u(&self.base, self.num * other.den);
        let rhs = pow_u(&other.base, other.num * self.den);
        lhs.cmp(&rhs)
    }

    /// Exact order against a positive rational $c$ (as $c^{1/1}$); a non-positive `c` is
    /// below every rational power.
    pub fn cmp_rational(&self, c: &Q) -> Ordering {
        if !c.is_positive() {
            return Ordering::Greater;
        }
        self.cmp_value(&Self {
            base: c.clone(),
            num: 1,
            den: 1,
        })
    }
}

impl fmt::Display for RationalPower {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({})^({}/{})", self.base, self.num, self.den)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rational::{q, qi};

    #[test]
    fn compares_roots_exactly() {
        // 2^(1/2) < 3^(1/3)?  2^3 = 8 < 9 = 3^2: yes.
        let a = RationalPower::new(qi(2), 1, 2).unwrap();
        let b = RationalPower::new(qi(3), 1, 3).unwrap();
        assert_eq!(a.cmp_value(&b), Ordering::Less);
        // 4^(1/2) = 8^(1/3) = 2
        let c = RationalPower::new(qi(4), 1, 2).unwrap();
        let d = RationalPower::new(qi(8), 1, 3).unwrap();
        assert_eq!(c.cmp_value(&d), Ordering::Equal);
        assert_eq!(c.cmp_rational(&qi(2)), Ordering::Equal);
        assert_eq!(c.cmp_rational(&q(199, 100)), Ordering::Greater);
    }

    #[test]
    fn rejects_bad_parts() {
        assert_eq!(
            RationalPower::new(qi(0), 1, 2),
            Err(PowerError::NonPositiveBase)
        );
        assert_eq!(
            RationalPower::new(qi(2), 1, 0),
            Err(PowerError::ZeroDenominator)
        );
    }
}
