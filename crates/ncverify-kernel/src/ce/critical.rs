//! # Critical scales of the DNC family of the deep linear CE UFM, certified
//!
//! ## Main definitions
//! For $K \ge 2$ classes, $L \ge 2$ weight layers, $\lambda > 0$ and $n \ge 1$ samples per
//! class, the reduced loss of the DNC point $Z = \alpha\thinspace S \otimes 1_n^\top$ is
//! $\mathcal R(\alpha) = \log(1+(K-1)e^{-\alpha}) + \frac{\lambda(L+1)}2(K-1)(\alpha\sqrt n)^{2/(L+1)}$.
//! - $f(\alpha) = \alpha^{p}e^{-\alpha}/(1+(K-1)e^{-\alpha})$, $p = \frac{L-1}{L+1}$, and
//!   $c = \lambda n^{1/(L+1)}$; to stay in $\mathbb Q$ the kernel works with
//!   $F = f^{L+1} = \alpha^{L-1}e^{-(L+1)\alpha}/(1+(K-1)e^{-\alpha})^{L+1}$ and the rational
//!   $c^{L+1} = \lambda^{L+1} n$.
//! - $u(\alpha) = \alpha - p - p(K-1)e^{-\alpha}$.
//! - [`dnc_critical_points`]: the certified number of critical scales $\alpha > 0$ (0 or 2)
//!   with rational brackets of the roots, as a [`Fact`].
//!
//! ## Main results
//! - $\mathcal R'(\alpha) = (K-1)\alpha^{-p}\thinspace(c - f(\alpha))$: the critical scales are the roots
//!   of $f = c$, equivalently $F = c^{L+1}$.
//! - $(\log f)' = p/\alpha - 1/(1+(K-1)e^{-\alpha})$ has the sign of $-u$, and $u$ is strictly
//!   increasing ($u' = 1 + p(K-1)e^{-\alpha} > 0$) with $u(0) < 0$: so $f$ increases up to the
//!   unique zero $\alpha^\ast$ of $u$ and decreases after it. If $u(a) < 0 < u(b)$ then
//!   $\alpha^\ast \in (a, b)$.
//! - Monotone bounds on $[a, b]$:
//!   $\frac{a^{L-1}e^{-(L+1)b}}{(1+(K-1)e^{-a})^{L+1}} \le F \le
//!   \frac{b^{L-1}e^{-(L+1)a}}{(1+(K-1)e^{-b})^{L+1}}$.
//! - Decision: if the upper bound on $[a, b] \ni \alpha^\ast$ is below $c^{L+1}$ there is no
//!   root; if the lower bound is above $c^{L+1}$ and points $x_1 < a$, $x_2 > b$ have
//!   $F(x_i) < c^{L+1}$, there is exactly one root in $(x_1, a)$ and one in $(b, x_2)$ (strict
//!   monotonicity on each side), enclosed further by bisection on certified signs.
//!
//! ## References
//! - C. Garrod, J. P. Keating, *The persistence of neural collapse despite low-rank bias*
//!   (arXiv:2410.23169), the DNC critical points of the deep linear CE UFM.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::interval::{IntervalError, QInterval, exp_bits};
use crate::arith::rational::{Q, Z, pow_u, qi};
use crate::ce::MAX_LAYERS;
use crate::fact::Fact;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;
use std::fmt;

/// Bisection steps for the bracket of $\alpha^\ast$ and of each root.
const BISECTION_STEPS: u32 = 32;

/// Why the critical scales could not be certified.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CriticalError {
    /// Fewer than two classes.
    TooFewClasses(usize),
    /// $L < 2$ (at $L = 1$, $f$ is monotone and the analysis differs).
    TooFewLayers(u32),
    /// $L$ above `ce::MAX_LAYERS`.
    TooManyLayers(u32),
    /// No samples per class.
    NoSamples,
    /// $\lambda \le 0$.
    NonPositiveLambda,
    /// $L + 1$ overflows.
    SizeOverflow,
    /// The sign of $u$ or of $F - c^{L+1}$ at a point was not decided at this precision.
    SignUndecided {
        /// The point.
        at: Q,
    },
    /// $c^{L+1}$ lies inside the enclosure of $\max F$: too close to the threshold.
    NearThreshold,
    /// No point with $F < c^{L+1}$ was found on this side of $\alpha^\ast$.
    NoSignChange {
        /// `"left"` or `"right"`.
        side: &'static str,
    },
    /// An enclosure failed (an argument or precision beyond the interval module's limits).
    Enclosure(IntervalError),
}

impl From<IntervalError> for CriticalError {
    fn from(e: IntervalError) -> Self {
        Self::Enclosure(e)
    }
}

impl fmt::Display for CriticalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewClasses(k) => write!(f, "k: K = {k}, need K >= 2"),
            Self::TooFewLayers(l) => write!(f, "layers: L = {l}, need L >= 2"),
            Self::TooManyLayers(l) => write!(f, "layers: L = {l}, need L <= {MAX_LAYERS}"),
            Self::NoSamples => write!(f, "n: n = 0, need n >= 1"),
            Self::NonPositiveLambda => write!(f, "lambda: need lambda > 0"),
            Self::SizeOverflow => write!(f, "layers: L + 1 overflows"),
            Self::SignUndecided { at } => {
                write!(f, "a sign at alpha = {at} is not decided at this precision")
            }
            Self::NearThreshold => write!(
                f,
                "lambda n^(1/(L+1)) is too close to max f to decide the count"
            ),
            Self::NoSignChange { side } => {
                write!(f, "no point with F < c^(L+1) found {side} of the maximiser")
            }
            Self::Enclosure(e) => write!(f, "enclosure failed: {e}"),
        }
    }
}

impl std::error::Error for CriticalError {}

impl CriticalError {
    /// The caller's argument the error is about, as [`dnc_critical_points`] names it (`k`,
    /// `layers`, `lambda`, `n`, `bits` for a working precision the enclosures refuse), or
    /// `None` for a verdict this precision did not reach (an undecided sign, a scale too close
    /// to the threshold, no sign change) or another enclosure failure.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::TooFewClasses(_) => Some("k"),
            Self::TooFewLayers(_) | Self::TooManyLayers(_) | Self::SizeOverflow => Some("layers"),
            Self::NoSamples => Some("n"),
            Self::NonPositiveLambda => Some("lambda"),
            Self::Enclosure(IntervalError::PrecisionTooLarge) => Some("bits"),
            Self::SignUndecided { .. }
            | Self::NearThreshold
            | Self::NoSignChange { .. }
            | Self::Enclosure(_) => None,
        }
    }
}

/// The certified critical scales of the DNC family.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticalPoints {
    roots: Vec<(Q, Q)>,
    fact: Fact,
}

impl CriticalPoints {
    /// The number of critical scales $\alpha > 0$ (0 or 2).
    pub fn count(&self) -> usize {
        self.roots.len()
    }
    /// Rational brackets $[\ell, h]$, one per root, in increasing order.
    pub fn roots(&self) -> &[(Q, Q)] {
        &self.roots
    }
    /// The established count and brackets.
    pub fn fact(&self) -> Fact {
        self.fact.clone()
    }
}

/// The validated problem.
struct Problem {
    k: usize,
    layers: u32,
    bits: u64,
}

impl Problem {
    fn km1(&self) -> Q {
        Q::from_integer(Z::from(self.k - 1))
    }

    fn p(&self) -> Q {
        Q::new(Z::from(self.layers - 1), Z::from(self.layers + 1))
    }

    fn exp_neg(&self, x: &Q) -> Result<QInterval, CriticalError> {
        Ok(exp_bits(&QInterval::point(-x.clone()), self.bits)?)
    }

    /// Enclosure of $F$ on $[a, b]$, $0 < a \le b$, from the monotone factors.
    // a^{L-1} e^{-(L+1)b} / (1+(K-1)e^{-a})^{L+1} <= F <= b^{L-1} e^{-(L+1)a} / (1+(K-1)e^{-b})^{L+1}
    fn f_power_bounds(&self, a: &Q, b: &Q) -> Result<QInterval, CriticalError> {
        let l1 = Q::from_integer(Z::from(self.layers + 1));
        let ea = self.exp_neg(&(a * &l1))?;
        let eb = self.exp_neg(&(b * &l1))?;
        let num_lo = pow_u(a, self.layers - 1) * eb.lo();
        let num_hi = pow_u(b, self.layers - 1) * ea.hi();
        let da = self.exp_neg(a)?;
        let db = self.exp_neg(b)?;
        let den_lo = pow_u(&(Q::one() + self.km1() * db.lo()), self.layers + 1);
        let den_hi = pow_u(&(Q::one() + self.km1() * da.hi()), self.layers + 1);
        let iv = QInterval::new(num_lo / den_hi, num_hi / den_lo)
            .map_err(|_| CriticalError::SignUndecided { at: a.clone() })?;
        Ok(iv.round_outward(self.bits))
    }

    /// The order of $F(x)$ against $c^{L+1}$, if decided.
    fn cmp_f(&self, x: &Q, c: &Q) -> Result<Ordering, CriticalError> {
        self.f_power_bounds(x, x)?
            .certainly_cmp(&QInterval::point(c.clone()))
            .ok_or(CriticalError::SignUndecided { at: x.clone() })
    }

    // u(x) = (x - p) - p(K-1) e^{-x}, enclosed
    /// The sign of $u(x) = x - p - p(K-1)e^{-x}$, if decided.
    fn u_sign(&self, x: &Q) -> Result<Ordering, CriticalError> {
        let p = self.p();
        let e = self.exp_neg(x)?;
        let u = &QInterval::point(x - &p) - &e.scale(&(&p * self.km1()));
        u.certainly_cmp(&QInterval::point(Q::zero()))
            .ok_or(CriticalError::SignUndecided { at: x.clone() })
    }

    // u(0) = -pK < 0 and u(pK) = p(K-1)(1 - e^{-pK}) > 0: bisect keeping u(lo) < 0 <= u(hi)
    /// $[a, b]$ with $u(a) < 0 < u(b)$, by bisection from $[0, pK]$.
    fn argmax_bracket(&self) -> Result<(Q, Q), CriticalError> {
        let (mut lo, mut hi) = (Q::zero(), self.p() * Q::from_integer(Z::from(self.k)));
        if self.u_sign(&hi)? != Ordering::Greater {
            return Err(CriticalError::SignUndecided { at: hi });
        }
        for _ in 0..BISECTION_STEPS {
            let mid = (&lo + &hi) / qi(2);
            match self.u_sign(&mid)? {
                Ordering::Less => lo = mid,
                _ => hi = mid,
            }
        }
        Ok((lo, hi))
    }

    /// Bisection keeping $F(\text{below}) < c < F(\text{above})$ (either order of the points).
    fn root_bracket(&self, c: &Q, mut below: Q, mut above: Q) -> Result<(Q, Q), CriticalError> {
        for _ in 0..BISECTION_STEPS {
            let mid = (&below + &above) / qi(2);
            match self.cmp_f(&mid, c)? {
                Ordering::Less => below = mid,
                _ => above = mid,
            }
        }
        Ok(if below < above {
            (below, above)
        } else {
            (above, below)
        })
    }
}

/// The certified critical scales $\alpha > 0$ of the DNC family's reduced loss at
/// $(K, L, \lambda, n)$, $L \ge 2$, with enclosures at working precision `bits`.
///
/// # Errors
/// [`CriticalError`] naming the argument: `k` for $K < 2$, `layers` for $L < 2$ or
/// $L >$ [`MAX_LAYERS`], `n` for $n = 0$, `lambda` for $\lambda \le 0$;
/// without a parameter, [`CriticalError::SignUndecided`], [`CriticalError::NearThreshold`] or
/// [`CriticalError::NoSignChange`] when `bits` do not decide (retry with more), and
/// [`CriticalError::Enclosure`] if an enclosure refuses.
///
/// # Cost
/// A fixed number of bisection steps, each a few enclosures of $e^{-\alpha}$ and a power of
/// exponent $L + 1$ at `bits` bits.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::ce::critical::dnc_critical_points;
/// let c = dnc_critical_points(4, 2, &q(1, 10), 1, 64)?;
/// assert_eq!(c.count(), 2); // two critical scales at K = 4, L = 2, lambda = 1/10
/// assert_eq!(dnc_critical_points(4, 1, &q(1, 10), 1, 64).unwrap_err().parameter(), Some("layers"));
///
/// # Ok::<(), ncverify_kernel::ce::critical::CriticalError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn dnc_critical_points(
    k: usize,
    layers: u32,
    lambda: &Q,
    n: u64,
    bits: u64,
) -> Result<CriticalPoints, CriticalError> {
    if k < 2 {
        return Err(CriticalError::TooFewClasses(k));
    }
    if layers < 2 {
        return Err(CriticalError::TooFewLayers(layers));
    }
    if layers > MAX_LAYERS {
        return Err(CriticalError::TooManyLayers(layers));
    }
    let l1 = layers.checked_add(1).ok_or(CriticalError::SizeOverflow)?;
    if n == 0 {
        return Err(CriticalError::NoSamples);
    }
    if !lambda.is_positive() {
        return Err(CriticalError::NonPositiveLambda);
    }
    let pb = Problem { k, layers, bits };
    let c = pow_u(lambda, l1) * Q::from_integer(Z::from(n));
    let head = format!(
        "DNC critical scales at K = {k}, L = {layers}, n = {n}, lambda = {lambda}: with \
         F = f^(L+1) and c^(L+1) = lambda^(L+1) n = {c}"
    );
    let (a, b) = pb.argmax_bracket()?;
    let at_max = pb.f_power_bounds(&a, &b)?;
    match at_max.certainly_cmp(&QInterval::point(c.clone())) {
        Some(Ordering::Less) => Ok(CriticalPoints {
            roots: Vec::new(),
            fact: Fact::new(format!(
                "{head}: u({a}) < 0 < u({b}); F <= {} < c^(L+1) on [{a}, {b}]: \
                 no critical scale",
                at_max.hi()
            )),
        }),
        Some(Ordering::Greater) => {
            // F increases on (0, a], decreases on [b, ∞): find points on both sides below c
            let mut left = a.clone();
            while pb.cmp_f(&left, &c).ok() != Some(Ordering::Less) {
                left /= qi(2);
                if left.denom().bits() > 400 {
                    return Err(CriticalError::NoSignChange { side: "left" });
                }
            }
            let mut right = &b + qi(1);
            while pb.cmp_f(&right, &c).ok() != Some(Ordering::Less) {
                right *= qi(2);
                if right > qi(1 << 20) {
                    return Err(CriticalError::NoSignChange { side: "right" });
                }
            }
            let r1 = pb.root_bracket(&c, left.clone(), a.clone())?;
            let r2 = pb.root_bracket(&c, right.clone(), b.clone())?;
            let fact = Fact::new(format!(
                "{head}: u({a}) < 0 < u({b}); F >= {} > c^(L+1) on [{a}, {b}]; \
                 F({left}) < c^(L+1) and F({right}) < c^(L+1): exactly 2 critical scales, \
                 in [{}, {}] and [{}, {}]",
                at_max.lo(),
                r1.0,
                r1.1,
                r2.0,
                r2.1
            ));
            Ok(CriticalPoints {
                roots: vec![r1, r2],
                fact,
            })
        }
        _ => Err(CriticalError::NearThreshold),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::q;

    #[test]
    fn reference_counts() {
        // K = 4, L = 3, n = 1: two roots at lambda = 1/1000, none at lambda = 1/5
        let two = dnc_critical_points(4, 3, &q(1, 1000), 1, 80).unwrap();
        assert_eq!(two.count(), 2);
        let (r1, r2) = (&two.roots()[0], &two.roots()[1]);
        assert!(r1.1 < q(1, 10_000) && r2.0 > qi(7) && r2.1 < qi(8));
        assert!(two.fact().to_string().contains("exactly 2 critical scales"));
        let none = dnc_critical_points(4, 3, &q(1, 5), 1, 80).unwrap();
        assert_eq!(none.count(), 0);
        assert!(none.fact().to_string().contains("no critical scale"));
    }

    #[test]
    fn bad_input_and_low_precision_are_errors() {
        assert_eq!(
            dnc_critical_points(4, 1, &q(1, 1000), 1, 80),
            Err(CriticalError::TooFewLayers(1))
        );
        assert_eq!(
            dnc_critical_points(1, 3, &q(1, 1000), 1, 80),
            Err(CriticalError::TooFewClasses(1))
        );
        assert_eq!(
            dnc_critical_points(4, 3, &qi(0), 1, 80),
            Err(CriticalError::NonPositiveLambda)
        );
        assert_eq!(
            dnc_critical_points(4, 3, &q(1, 1000), 0, 80),
            Err(CriticalError::NoSamples)
        );
        // with no significant bits the outward-rounded enclosures decide nothing
        assert!(dnc_critical_points(4, 3, &q(1, 1000), 1, 0).is_err());
    }
}
