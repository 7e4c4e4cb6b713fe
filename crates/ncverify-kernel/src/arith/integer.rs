//! # Positivity at the integers
//!
//! Deciding "$p(r) > 0$ for every integer $r \ge r_0$" with the kernel's Sturm machinery.
//!
//! Sturm's theorem decides positivity on the real half-line $[r_0, \infty)$. If that fails,
//! the kernel's witness (a rational point with $p \le 0$) is turned into an integer
//! counterexample by scanning the integers up to the Cauchy root bound, beyond which $p$ has
//! the sign of its leading coefficient. The answer is therefore exact in every case, except
//! that a scan longer than [`SCAN_LIMIT`] integers is reported as undecided.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::poly::{Bound, Positivity, QPoly};
use crate::arith::rational::{Q, Z};
use num_traits::Signed;

/// Longest integer scan before giving up.
pub const SCAN_LIMIT: u64 = 100_000;

/// The outcome of deciding positivity at the integers $r \ge r_0$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntegerPositivity {
    /// $p > 0$ on the whole real half-line $[r_0, \infty)$ (Sturm).
    PositiveOnHalfLine,
    /// $p > 0$ at every integer $r \ge r_0$ although not on the whole half-line.
    PositiveOnIntegers,
    /// The least integer $r \ge r_0$ with $p(r) \le 0$.
    FailsAt(i64),
    /// The scan limit was reached.
    Undecided,
}

/// Decide positivity of `p` at the integers `r >= r0`.
///
/// # Cost
/// A Sturm count on $[r_0, \infty)$, then a scan of at most [`SCAN_LIMIT`] integers from
/// $r_0$ (up to the Cauchy bound), each an exact evaluation.
#[cfg_attr(doc, doc = katex!())]
pub fn positive_on_integers_from(p: &QPoly, r0: i64) -> IntegerPositivity {
    let lo = Bound::Finite(Q::from_integer(Z::from(r0)));
    match p.positivity_on(&lo, &Bound::PosInf) {
        Positivity::Positive => IntegerPositivity::PositiveOnHalfLine,
        _ => {
            let bound = p.cauchy_bound().ceil().to_integer();
            let end = bound.max(Z::from(r0)) + Z::from(1);
            let mut r = Z::from(r0);
            let mut steps = 0u64;
            while r <= end {
                if !p.eval(&Q::from_integer(r.clone())).is_positive() {
                    return match i64::try_from(&r) {
                        Ok(r) => IntegerPositivity::FailsAt(r),
                        Err(_) => IntegerPositivity::Undecided,
                    };
                }
                r += 1;
                steps += 1;
                if steps > SCAN_LIMIT {
                    return IntegerPositivity::Undecided;
                }
            }
            // Beyond the Cauchy bound there are no roots and p(end) > 0 fixes the sign.
            IntegerPositivity::PositiveOnIntegers
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decides_hand_examples() {
        // r^2 - 4r + 1 > 0 on [4, ∞)
        let p = QPoly::from_ints(&[1, -4, 1]);
        assert_eq!(
            positive_on_integers_from(&p, 4),
            IntegerPositivity::PositiveOnHalfLine
        );
        // from r = 0 it fails first at r = 1 (p(1) = -2), p(0) = 1 > 0
        assert_eq!(
            positive_on_integers_from(&p, 0),
            IntegerPositivity::FailsAt(1)
        );
        // (2r - 1)^2 = 4r^2 - 4r + 1 vanishes only at 1/2: positive on the integers
        let q = QPoly::from_ints(&[1, -4, 4]);
        assert_eq!(
            positive_on_integers_from(&q, 0),
            IntegerPositivity::PositiveOnIntegers
        );
        // r - 10 first fails... never positive before 11: fails at r0 = 3
        assert_eq!(
            positive_on_integers_from(&QPoly::from_ints(&[-10, 1]), 3),
            IntegerPositivity::FailsAt(3)
        );
    }
}
