//! # Rigorous enclosures: rational interval arithmetic
//!
//! ## Main definitions
//! - [`QInterval`]: a closed interval $[\ell, h]$ with rational end points, $\ell \le h$, with
//!   exact (inclusion-monotone) `+`, `-`, `*`, [`QInterval::div`] and outward rounding
//!   [`QInterval::round_outward`] to dyadic end points with a given number of significant bits.
//! - Enclosures of transcendental values, each in two forms: `*_bits(x, bits)` works at a
//!   working precision (relative error about $2^{-\text{bits}}$) and composes, and the
//!   tolerance form ([`exp`], [`ln`], [`cos`], [`pi`], [`pow_rational`]) refines the
//!   precision until the width is at most a requested positive rational `tol`.
//!
//! ## Main results
//! Every returned interval contains the true value (rigour never depends on the precision;
//! precision only controls the width). The remainder bounds used:
//! - $\exp$: reduce $y = x / 2^s$ with $|y| \le \tfrac12$, then
//!   $e^y = \sum_{i<N} y^i / i! + R_N$, $|R_N| \le e^{|y|}\thinspace|y|^N / N! \le 3\thinspace|y|^N/N!$
//!   (Lagrange, valid for $|y| \le 1$), and $e^x = (e^y)^{2^s}$ by $s$ interval squarings.
//! - $\ln$: $x = 2^k r$ with $r \in [\tfrac23, \tfrac43]$, $t = (r-1)/(r+1) \in [-\tfrac15, \tfrac17]$,
//!   $\ln x = k \ln 2 + 2\thinspace\mathrm{atanh}\thinspace t$, $\ln 2 = 2\thinspace\mathrm{atanh}(1/3)$, and
//!   $\mathrm{atanh}\thinspace t = \sum_{i<N} t^{2i+1}/(2i+1) + R_N$,
//!   $|R_N| \le \sum_{i \ge N} |t|^{2i+1}/(2i+1) \le |t|^{2N+1} / ((2N+1)(1-t^2))$.
//! - $\cos, \sin$: $y = x - k\pi/2$ with $k = \mathrm{round}(2x/\pi)$, then Taylor with
//!   $|R| \le |y|^{n}/n!$ ($n$ the first omitted degree; all derivatives are bounded by 1),
//!   and the quadrant identity for $k \bmod 4$. The result is intersected with $[-1, 1]$.
//! - $\pi = 16 \arctan\tfrac15 - 4 \arctan\tfrac1{239}$ (Machin); the alternating series
//!   $\arctan t = \sum_{i<N} (-1)^i t^{2i+1}/(2i+1) + R_N$ has $|R_N| \le t^{2N+1}/(2N+1)$ for
//!   $0 < t \le 1$.
//! - $x^{p/q}$, $x > 0$: $y = x^p$ exactly, then bisection on dyadic rationals keeping the
//!   invariant $\ell^q \le y \le h^q$, decided exactly; $t \mapsto t^q$ is increasing on
//!   $[0, \infty)$, so $y^{1/q} \in [\ell, h]$.
//!
//! ## References
//! - R. E. Moore, R. B. Kearfott, M. J. Cloud, *Introduction to Interval Analysis*, SIAM 2009
//!   (inclusion monotonicity, outward rounding).
//! - J. Machin (1706), $\pi/4 = 4\arctan\frac15 - \arctan\frac1{239}$.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::dyadic::{Dyadic as D, DyadicInterval as DI};
use crate::arith::rational::{Q, Z, pow_u};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

/// Why an interval operation or enclosure cannot be formed.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntervalError {
    /// The lower end point exceeds the upper one.
    Reversed,
    /// A divisor interval contains zero.
    DivisionByZero,
    /// `ln` or a rational power of an argument that is not strictly positive.
    NonPositiveArgument,
    /// A tolerance that is not strictly positive.
    NonPositiveTolerance,
    /// A root index `q = 0` in `x^(p/q)`.
    ZeroRootIndex,
    /// An argument too large to enclose: of `exp` above [`MAX_EXP_ARGUMENT`] (its value would
    /// need more than $94\thinspace000$ bits), or of `cos` so large that its reduction modulo
    /// $\pi/2$ alone needs more than half of [`MAX_BITS`].
    ArgumentTooLarge,
    /// A working precision `bits` above [`MAX_BITS`] (or above it once the bits the argument
    /// needs are added).
    PrecisionTooLarge,
    /// A tolerance `tol` so small that the working precision reaching it would exceed
    /// [`MAX_BITS`].
    ToleranceTooSmall,
    /// An exponent $p$ or root index $q$ of `x^(p/q)` above [`MAX_POW_EXPONENT`] in absolute
    /// value.
    ExponentTooLarge {
        /// `p` or `q`.
        parameter: &'static str,
    },
    /// A computed enclosure contradicts a known bound (e.g. a cosine outside $[-1, 1]$): a
    /// defect, reported instead of being replaced by the bound.
    Inconsistent,
}

/// Largest working precision (bits) of the enclosures; beyond it they return
/// [`IntervalError::PrecisionTooLarge`] instead of exhausting memory.
pub const MAX_BITS: u64 = 1 << 24;

/// Largest $|p|$ and $q$ of [`pow_rational`] and [`pow_rational_bits`] ($x^{p/q}$): the
/// exact powers they take have about $|p|$ or $q$ times the bits of their base.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_POW_EXPONENT: u32 = 1 << 16;

/// Largest argument of `exp` ($2^{16}$): $e^x$ for larger $x$ is refused with
/// [`IntervalError::ArgumentTooLarge`] (arguments far to the left are fine: they are enclosed
/// by $[0, 2^{-w}]$).
#[cfg_attr(doc, doc = katex!())]
pub const MAX_EXP_ARGUMENT: i64 = 1 << 16;

/// `Ok(bits)` if a working precision is within [`MAX_BITS`].
fn check_bits(bits: u64) -> Result<u64, IntervalError> {
    if bits > MAX_BITS {
        return Err(IntervalError::PrecisionTooLarge);
    }
    Ok(bits)
}

impl fmt::Display for IntervalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Reversed => write!(f, "lo: need lo <= hi"),
            Self::DivisionByZero => write!(f, "rhs: the divisor interval contains 0"),
            Self::NonPositiveArgument => write!(f, "x: need x > 0"),
            Self::NonPositiveTolerance => write!(f, "tol: need tol > 0"),
            Self::ZeroRootIndex => write!(f, "q: q = 0, need q >= 1"),
            Self::ArgumentTooLarge => write!(
                f,
                "x: too large (exp needs x <= {MAX_EXP_ARGUMENT}, cos |x| < 2^{})",
                MAX_BITS / 2
            ),
            Self::PrecisionTooLarge => {
                write!(f, "bits: working precision exceeds {MAX_BITS} bits")
            }
            Self::ToleranceTooSmall => write!(
                f,
                "tol: too small, reaching it needs more than {MAX_BITS} bits"
            ),
            Self::ExponentTooLarge { parameter } => {
                write!(f, "{parameter}: need |{parameter}| <= {MAX_POW_EXPONENT}")
            }
            Self::Inconsistent => write!(f, "an enclosure contradicts a known bound"),
        }
    }
}

impl std::error::Error for IntervalError {}

impl IntervalError {
    /// The caller's argument the error is about, as the functions of this module name it:
    /// `lo` ([`QInterval::new`]), `rhs` ([`QInterval::div`]), `x`, `tol`, `bits`, `p` or `q`;
    /// `None` for
    /// [`IntervalError::Inconsistent`], a defect rather than a bad argument.
    pub fn parameter(&self) -> Option<&'static str> {
        Some(match self {
            Self::Reversed => "lo",
            Self::DivisionByZero => "rhs",
            Self::NonPositiveArgument | Self::ArgumentTooLarge => "x",
            Self::NonPositiveTolerance | Self::ToleranceTooSmall => "tol",
            Self::ZeroRootIndex => "q",
            Self::PrecisionTooLarge => "bits",
            Self::ExponentTooLarge { parameter } => parameter,
            Self::Inconsistent => return None,
        })
    }
}

/// A closed interval $[\ell, h]$ of rationals with $\ell \le h$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QInterval {
    lo: Q,
    hi: Q,
}

/// $2^e$ as an integer.
fn pow2(e: u64) -> Z {
    Z::one() << e
}

/// $2^e$ as a rational, for any integer $e$.
fn pow2q(e: i64) -> Q {
    if e >= 0 {
        Q::from_integer(pow2(e as u64))
    } else {
        Q::new(Z::one(), pow2(e.unsigned_abs()))
    }
}

/// An integer $m$ with $2^{m-1} < |x| < 2^{m+1}$ (for $x \ne 0$): bit length of the numerator
/// minus bit length of the denominator.
fn magnitude(x: &Q) -> i64 {
    x.numer().bits() as i64 - x.denom().bits() as i64
}

/// The largest dyadic $d \le x$ with about `bits` significant bits (`bits` above
/// [`MAX_BITS`] are taken as [`MAX_BITS`]: the result is still a lower bound).
///
/// # Cost
/// One integer division of numbers of about `bits` plus the size of $x$ bits.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::interval::{round_down, round_up};
/// use ncverify_kernel::arith::rational::q;
/// assert_eq!(round_down(&q(1, 3), 4), q(5, 16)); // 0.0101b
/// assert_eq!(round_up(&q(1, 3), 4), q(11, 32));
/// assert!(round_down(&q(1, 4), u64::MAX) <= q(1, 4)); // no overflow, no huge shift
/// ```
// d = floor(x 2^s) / 2^s with s = bits - magnitude(x), so d <= x < d + 2^{-s}
pub fn round_down(x: &Q, bits: u64) -> Q {
    if x.is_zero() {
        return Q::zero();
    }
    // bits <= MAX_BITS = 2^24, and |magnitude| is at most the bit length of x: no overflow
    let bits = bits.min(MAX_BITS) as i64;
    let shift = bits - magnitude(x);
    if shift >= 0 {
        let n = x.numer() << (shift as u64);
        Q::new(n.div_floor(x.denom()), pow2(shift as u64))
    } else {
        let d = x.denom() << shift.unsigned_abs();
        Q::from_integer(x.numer().div_floor(&d) << shift.unsigned_abs())
    }
}

/// The smallest dyadic $u \ge x$ with about `bits` significant bits (`bits` above
/// [`MAX_BITS`] are taken as [`MAX_BITS`]).
// u = -round_down(-x)
pub fn round_up(x: &Q, bits: u64) -> Q {
    -round_down(&-x, bits)
}

impl QInterval {
    /// $[\ell, h]$.
    ///
    /// # Errors
    /// [`IntervalError::Reversed`] if $\ell > h$.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::arith::interval::{IntervalError, QInterval};
    /// use ncverify_kernel::arith::rational::q;
    /// let i = QInterval::new(q(1, 3), q(1, 2))?;
    /// assert!(i.contains(&q(2, 5)) && !i.contains(&q(3, 5)));
    /// assert_eq!(QInterval::new(q(1, 2), q(1, 3)), Err(IntervalError::Reversed));
    /// # Ok::<(), IntervalError>(())
    /// ```
    pub fn new(lo: Q, hi: Q) -> Result<Self, IntervalError> {
        if lo > hi {
            return Err(IntervalError::Reversed);
        }
        Ok(Self { lo, hi })
    }

    /// The degenerate interval $[x, x]$.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::arith::interval::QInterval;
    /// use ncverify_kernel::arith::rational::q;
    /// let p = QInterval::point(q(7, 3));
    /// assert_eq!((p.lo(), p.hi()), (&q(7, 3), &q(7, 3)));
    /// ```
    pub fn point(x: Q) -> Self {
        Self {
            lo: x.clone(),
            hi: x,
        }
    }

    /// Lower end point.
    pub fn lo(&self) -> &Q {
        &self.lo
    }

    /// Upper end point.
    pub fn hi(&self) -> &Q {
        &self.hi
    }

    /// $h - \ell$.
    pub fn width(&self) -> Q {
        &self.hi - &self.lo
    }

    /// $(\ell + h)/2$.
    pub fn midpoint(&self) -> Q {
        (&self.lo + &self.hi) / Q::from_integer(Z::from(2))
    }

    /// $\max(|\ell|, |h|)$, the largest absolute value in the interval.
    pub fn abs_max(&self) -> Q {
        self.lo.abs().max(self.hi.abs())
    }

    /// $\ell \le x \le h$.
    pub fn contains(&self, x: &Q) -> bool {
        &self.lo <= x && x <= &self.hi
    }

    /// The two intervals share a point.
    pub fn overlaps(&self, other: &Self) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// Every point is $> 0$.
    pub fn is_positive(&self) -> bool {
        self.lo.is_positive()
    }

    /// Every point is $< 0$.
    pub fn is_negative(&self) -> bool {
        self.hi.is_negative()
    }

    /// Smallest interval containing both.
    pub fn hull(&self, other: &Self) -> Self {
        Self {
            lo: self.lo.clone().min(other.lo.clone()),
            hi: self.hi.clone().max(other.hi.clone()),
        }
    }

    /// $\lbrace x \cdot y\rbrace$ for a rational `c`.
    pub fn scale(&self, c: &Q) -> Self {
        self * &Self::point(c.clone())
    }

    /// Exact quotient; an error if the divisor contains 0.
    ///
    /// # Errors
    /// [`IntervalError::DivisionByZero`] (parameter `rhs`) if `rhs` contains 0.
    // [a,b] / [c,d] = [a,b] * [1/d, 1/c] when 0 ∉ [c,d]
    pub fn div(&self, rhs: &Self) -> Result<Self, IntervalError> {
        if rhs.lo <= Q::zero() && rhs.hi >= Q::zero() {
            return Err(IntervalError::DivisionByZero);
        }
        let inv = Self {
            lo: rhs.hi.recip(),
            hi: rhs.lo.recip(),
        };
        Ok(self * &inv)
    }

    /// $\lbrace x^e : x \in [\ell, h]\rbrace$ exactly (tight, also when the interval contains 0).
    ///
    /// # Cost
    /// Powers of exponent `e` of both end points: $O(e)$ times their bits (no bound on `e`).
    pub fn pow_u(&self, e: u32) -> Self {
        let a = pow_u(&self.lo, e);
        let b = pow_u(&self.hi, e);
        if e % 2 == 1 || self.lo >= Q::zero() {
            Self { lo: a, hi: b }
        } else if self.hi <= Q::zero() {
            Self { lo: b, hi: a }
        } else {
            Self {
                lo: Q::zero(),
                hi: a.max(b),
            }
        }
    }

    /// Outward rounding of both end points to dyadics with about `bits` significant bits; the
    /// result contains `self`.
    pub fn round_outward(&self, bits: u64) -> Self {
        Self {
            lo: round_down(&self.lo, bits),
            hi: round_up(&self.hi, bits),
        }
    }

    /// Intersection with `other`, if non-empty.
    pub fn intersect(&self, other: &Self) -> Option<Self> {
        let lo = self.lo.clone().max(other.lo.clone());
        let hi = self.hi.clone().min(other.hi.clone());
        Self::new(lo, hi).ok()
    }

    /// The order of two intervals when it is decided: `Less` iff every point of `self` is
    /// below every point of `other`, `Greater` symmetrically, `None` if they overlap.
    pub fn certainly_cmp(&self, other: &Self) -> Option<Ordering> {
        if self.hi < other.lo {
            Some(Ordering::Less)
        } else if self.lo > other.hi {
            Some(Ordering::Greater)
        } else {
            None
        }
    }
}

impl fmt::Display for QInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}]", self.lo, self.hi)
    }
}

impl Add for &QInterval {
    type Output = QInterval;
    // [a,b] + [c,d] = [a+c, b+d]
    fn add(self, rhs: &QInterval) -> QInterval {
        QInterval {
            lo: &self.lo + &rhs.lo,
            hi: &self.hi + &rhs.hi,
        }
    }
}

impl Sub for &QInterval {
    type Output = QInterval;
    // [a,b] - [c,d] = [a-d, b-c]
    fn sub(self, rhs: &QInterval) -> QInterval {
        QInterval {
            lo: &self.lo - &rhs.hi,
            hi: &self.hi - &rhs.lo,
        }
    }
}

impl Mul for &QInterval {
    type Output = QInterval;
    // [a,b] [c,d] = [min, max] of {ac, ad, bc, bd}; by signs when they are known
    fn mul(self, rhs: &QInterval) -> QInterval {
        let nonneg = |x: &QInterval| !x.lo.is_negative();
        let nonpos = |x: &QInterval| !x.hi.is_positive();
        let (a, b) = (self, rhs);
        let (lo, hi) = match (nonneg(a), nonpos(a), nonneg(b), nonpos(b)) {
            (true, _, true, _) => (&a.lo * &b.lo, &a.hi * &b.hi),
            (true, _, _, true) => (&a.hi * &b.lo, &a.lo * &b.hi),
            (_, true, true, _) => (&a.lo * &b.hi, &a.hi * &b.lo),
            (_, true, _, true) => (&a.hi * &b.hi, &a.lo * &b.lo),
            _ => {
                let p = [&a.lo * &b.lo, &a.lo * &b.hi, &a.hi * &b.lo, &a.hi * &b.hi];
                let [p0, p1, p2, p3] = p;
                let lo = p0.clone().min(p1.clone()).min(p2.clone()).min(p3.clone());
                let hi = p0.max(p1).max(p2).max(p3);
                (lo, hi)
            }
        };
        QInterval { lo, hi }
    }
}

impl Neg for &QInterval {
    type Output = QInterval;
    // -[a,b] = [-b, -a]
    fn neg(self) -> QInterval {
        QInterval {
            lo: -&self.hi,
            hi: -&self.lo,
        }
    }
}

/// Run `f` at increasing precision until the enclosure is at most `tol` wide.
fn refine(
    tol: &Q,
    mut f: impl FnMut(u64) -> Result<QInterval, IntervalError>,
) -> Result<QInterval, IntervalError> {
    if !tol.is_positive() {
        return Err(IntervalError::NonPositiveTolerance);
    }
    // every precision here derives from `tol` (an argument too large to enclose is reported
    // as `ArgumentTooLarge` by `f`), so a precision beyond the cap is the tolerance's
    let too_small = |e| match e {
        IntervalError::PrecisionTooLarge => IntervalError::ToleranceTooSmall,
        e => e,
    };
    let mut bits = (32 - magnitude(tol)).max(32) as u64;
    loop {
        let iv = f(check_bits(bits).map_err(too_small)?).map_err(too_small)?;
        if &iv.width() <= tol {
            return Ok(iv);
        }
        bits = bits
            .checked_mul(2)
            .ok_or(IntervalError::ToleranceTooSmall)?;
    }
}

/// The rational interval of a dyadic one.
fn to_interval(x: &DI) -> QInterval {
    let (lo, hi) = x.to_q();
    QInterval { lo, hi }
}

/// $[x, x]$ enclosed with dyadic end points of `bits` significant bits.
fn thin(x: &Q, bits: u64) -> DI {
    DI::enclose(x, x, bits)
}

/// `a <= b` for dyadics.
fn at_most(a: &D, b: &D) -> bool {
    a.compare(b) != Ordering::Greater
}

/// Enclosure of $e^x$ for a rational $x$ at working precision `bits`.
fn exp_dy(x: &Q, bits: u64) -> Result<DI, IntervalError> {
    let bits = check_bits(bits)?;
    if x.is_zero() {
        return Ok(DI::point(D::int(1)));
    }
    if *x > Q::from_integer(Z::from(MAX_EXP_ARGUMENT)) {
        return Err(IntervalError::ArgumentTooLarge);
    }
    // Far left: 0 < e^x <= e^{-w} < 2^{-w} once x <= -w, so [0, 2^{-w}] encloses e^x without
    // squaring 2^{magnitude} times. The dyadics keep w significant bits, so e^x itself would
    // carry an exponent of about -1.44|x|: an OOM in `to_q` for |x| ~ 2^38, an exponent
    // overflow for |x| ~ 1e30. Below 2^24 the tiny value is kept (callers such as the CE
    // critical points need its relative accuracy); from there on the enclosure is [0, 2^{-w}].
    let w = bits + 16;
    if x.is_negative() && magnitude(x) >= 24 && -x >= Q::from_integer(Z::from(w)) {
        return Ok(DI {
            lo: D::int(0),
            hi: D::pow2(-(w as i64)),
        });
    }
    // |x| < 2^{m+1}, so |x| / 2^{m+2} < 1/2.
    let s = (magnitude(x) + 2).max(0) as u64;
    let w = bits + s + 16;
    let y = thin(&(x / Q::from_integer(pow2(s))), w);
    let ymax = y.abs_max();
    let eps = D::pow2(-(w as i64));
    // Σ_{i<N} y^i / i!, term_i = term_{i-1} y / i; bound_i >= |y|^i / i!
    let mut sum = DI::point(D::int(1));
    let mut term = DI::point(D::int(1));
    let mut bound = D::int(1);
    let mut i: u64 = 1;
    loop {
        bound = bound.times(&ymax).div_ceil_int(i, w);
        if at_most(&bound, &eps) {
            break;
        }
        term = term.times(&y).div_int(i, w);
        sum = sum.plus(&term).round(w);
        i += 1;
    }
    // |R_N| <= e^{|y|} |y|^N / N! <= 3 |y|^N / N!   (|y| <= 1)
    let rem = DI::symmetric(bound.times(&D::int(3)));
    let mut e = sum.plus(&rem).round(w);
    for _ in 0..s {
        e = e.times(&e).round(w);
    }
    Ok(e)
}

/// Enclosure of $\lbrace e^x : x \in X\rbrace$ at working precision `bits` ($e^x$ is increasing).
///
/// # Errors
/// [`IntervalError::ArgumentTooLarge`] above [`MAX_EXP_ARGUMENT`],
/// [`IntervalError::PrecisionTooLarge`] above [`MAX_BITS`].
///
/// # Cost
/// A Taylor series after argument reduction: about $w$ terms of $w$-bit dyadics,
/// $w = $ `bits` (at most [`MAX_BITS`]), plus $O(\log|x|)$ squarings.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::interval::{QInterval, exp_bits};
/// use ncverify_kernel::arith::rational::{q, qi};
/// let e = exp_bits(&QInterval::point(qi(1)), 64)?;
/// assert!(e.lo() > &q(2718, 1000) && e.hi() < &q(2719, 1000));
///
/// # Ok::<(), ncverify_kernel::arith::interval::IntervalError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn exp_bits(x: &QInterval, bits: u64) -> Result<QInterval, IntervalError> {
    Ok(QInterval {
        lo: exp_dy(&x.lo, bits)?.lo.to_q(),
        hi: exp_dy(&x.hi, bits)?.hi.to_q(),
    })
}

/// Enclosure of $\lbrace e^x : x \in [a, b]\rbrace$ with dyadic end points (fast to sum and multiply).
///
/// # Errors
/// As [`exp_bits`].
///
/// # Cost
/// As [`exp_bits`].
#[cfg_attr(doc, doc = katex!())]
pub fn exp_dyadic(a: &Q, b: &Q, bits: u64) -> Result<DI, IntervalError> {
    Ok(DI {
        lo: exp_dy(a, bits)?.lo,
        hi: exp_dy(b, bits)?.hi,
    })
}

/// Enclosure of $\lbrace\ln x : x \in X\rbrace$ for a dyadic interval; an error unless $X > 0$.
///
/// # Errors
/// [`IntervalError::PrecisionTooLarge`] (parameter `bits`), [`IntervalError::NonPositiveArgument`]
/// (parameter `x`).
///
/// # Cost
/// A series of about `bits` terms of `bits`-bit dyadics.
#[cfg_attr(doc, doc = katex!())]
pub fn ln_dyadic(x: &DI, bits: u64) -> Result<DI, IntervalError> {
    check_bits(bits)?;
    if x.lo.signum() != Ordering::Greater {
        return Err(IntervalError::NonPositiveArgument);
    }
    Ok(DI {
        lo: ln_dy(&x.lo.to_q(), bits).lo,
        hi: ln_dy(&x.hi.to_q(), bits).hi,
    })
}

/// The rational interval with the same end points as a dyadic one.
pub fn from_dyadic(x: &DI) -> QInterval {
    to_interval(x)
}

/// Enclosure of $e^x$ of width at most `tol`.
///
/// # Errors
/// [`IntervalError::NonPositiveTolerance`] or [`IntervalError::ToleranceTooSmall`] (parameter
/// `tol`), [`IntervalError::ArgumentTooLarge`] (parameter `x`).
///
/// # Cost
/// [`exp_bits`] at doubling precisions from about $\log_2(1/\text{tol})$ bits until the width is
/// at most `tol`.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::interval::exp;
/// use ncverify_kernel::arith::rational::{q, qi};
/// let e = exp(&qi(1), &q(1, 1_000_000))?;
/// assert!(e.width() <= q(1, 1_000_000));
/// assert!(e.lo() > &q(2_718_281, 1_000_000) && e.hi() < &q(2_718_283, 1_000_000));
/// assert_eq!(exp(&qi(1), &qi(0)).unwrap_err().parameter(), Some("tol"));
///
/// # Ok::<(), ncverify_kernel::arith::interval::IntervalError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn exp(x: &Q, tol: &Q) -> Result<QInterval, IntervalError> {
    refine(tol, |b| Ok(to_interval(&exp_dy(x, b)?)))
}

/// Enclosure of $\mathrm{atanh}(t) = \sum_i t^{2i+1}/(2i+1)$ for $t \in T$, $\max|T| < 1$.
fn atanh_series(t: &DI, w: u64) -> DI {
    let tmax = t.abs_max();
    let tmax2 = tmax.times(&tmax);
    let eps = D::pow2(-(w as i64));
    // g >= 1 / (1 - t^2)
    let g = D::ceil_q(&(Q::one() / (Q::one() - tmax2.to_q())), 64);
    let t2 = t.times(t).round(w);
    let mut power = t.round(w);
    let mut pbound = tmax.ceil(w);
    let mut sum = DI::point(D::int(0));
    let mut k: u64 = 0;
    loop {
        // R_k <= |t|^{2k+1} / ((2k+1)(1 - t^2))
        let rem = pbound.times(&g).div_ceil_int(2 * k + 1, w);
        if at_most(&rem, &eps) {
            return sum.plus(&DI::symmetric(rem)).round(w);
        }
        sum = sum.plus(&power.div_int(2 * k + 1, w)).round(w);
        power = power.times(&t2).round(w);
        pbound = pbound.times(&tmax2).ceil(w);
        k += 1;
    }
}

/// $\ln 2 = 2\thinspace\mathrm{atanh}(1/3)$ as a dyadic enclosure.
fn ln2_dy(bits: u64) -> DI {
    let w = bits + 8;
    atanh_series(&thin(&Q::new(Z::one(), Z::from(3)), w), w).times(&DI::point(D::int(2)))
}

/// Enclosure of $\ln 2 = 2\thinspace\mathrm{atanh}(1/3)$.
///
/// # Errors
/// [`IntervalError::PrecisionTooLarge`] above [`MAX_BITS`].
///
/// # Cost
/// A series of about `bits` terms.
#[cfg_attr(doc, doc = katex!())]
pub fn ln2_bits(bits: u64) -> Result<QInterval, IntervalError> {
    Ok(to_interval(&ln2_dy(check_bits(bits)?)))
}

/// Enclosure of $\ln x$ for a rational $x > 0$.
fn ln_dy(x: &Q, bits: u64) -> DI {
    let mut k = magnitude(x);
    let mut r = x / pow2q(k);
    // r ∈ (1/2, 2); move it into [2/3, 4/3]
    if r > Q::new(Z::from(4), Z::from(3)) {
        r /= Q::from_integer(Z::from(2));
        k += 1;
    } else if r < Q::new(Z::from(2), Z::from(3)) {
        r *= Q::from_integer(Z::from(2));
        k -= 1;
    }
    let extra = 64 - (k.unsigned_abs().max(1)).leading_zeros() as u64;
    let w = bits + extra + 16;
    let t = (&r - Q::one()) / (&r + Q::one());
    let at = atanh_series(&thin(&t, w), w).times(&DI::point(D::int(2)));
    if k == 0 {
        return at;
    }
    ln2_dy(w).times(&DI::point(D::int(k))).plus(&at).round(w)
}

/// Enclosure of $\lbrace\ln x : x \in X\rbrace$; an error unless every point of $X$ is positive.
///
/// # Errors
/// [`IntervalError::PrecisionTooLarge`] (parameter `bits`), [`IntervalError::NonPositiveArgument`]
/// (parameter `x`) unless $X > 0$.
///
/// # Cost
/// Argument reduction by powers of 2 and a series of about `bits` terms.
#[cfg_attr(doc, doc = katex!())]
pub fn ln_bits(x: &QInterval, bits: u64) -> Result<QInterval, IntervalError> {
    check_bits(bits)?;
    if !x.is_positive() {
        return Err(IntervalError::NonPositiveArgument);
    }
    Ok(QInterval {
        lo: ln_dy(&x.lo, bits).lo.to_q(),
        hi: ln_dy(&x.hi, bits).hi.to_q(),
    })
}

/// Enclosure of $\ln x$ of width at most `tol`; an error unless $x > 0$.
///
/// # Errors
/// [`IntervalError::NonPositiveArgument`] (parameter `x`), [`IntervalError::NonPositiveTolerance`]
/// or [`IntervalError::ToleranceTooSmall`] (parameter `tol`).
///
/// # Cost
/// [`ln_bits`] at doubling precisions until the width is at most `tol`.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::interval::ln;
/// use ncverify_kernel::arith::rational::{q, qi};
/// let l = ln(&qi(2), &q(1, 1_000_000))?;
/// assert!(l.lo() > &q(693_146, 1_000_000) && l.hi() < &q(693_148, 1_000_000));
/// assert_eq!(ln(&qi(0), &q(1, 10)).unwrap_err().parameter(), Some("x"));
///
/// # Ok::<(), ncverify_kernel::arith::interval::IntervalError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn ln(x: &Q, tol: &Q) -> Result<QInterval, IntervalError> {
    if !x.is_positive() {
        return Err(IntervalError::NonPositiveArgument);
    }
    refine(tol, |b| Ok(to_interval(&ln_dy(x, b))))
}

/// Enclosure of $\arctan(1/n)$ for an integer $n \ge 2$ (alternating series).
fn atan_inv(n: u64, w: u64) -> DI {
    let eps = D::pow2(-(w as i64));
    let mut power = thin(&Q::new(Z::one(), Z::from(n)), w);
    let mut sum = DI::point(D::int(0));
    let mut k: u64 = 0;
    loop {
        let term = power.div_int(2 * k + 1, w);
        // |R_k| <= t^{2k+1} / (2k+1): the first omitted term
        if at_most(&term.hi, &eps) {
            return sum.plus(&DI::symmetric(term.hi)).round(w);
        }
        sum = if k.is_multiple_of(2) {
            sum.plus(&term)
        } else {
            sum.minus(&term)
        }
        .round(w);
        power = power.div_int(n * n, w);
        k += 1;
    }
}

/// $\pi$ as a dyadic enclosure (Machin).
fn pi_dy(bits: u64) -> DI {
    let w = bits + 16;
    let a = atan_inv(5, w).times(&DI::point(D::int(16)));
    let b = atan_inv(239, w).times(&DI::point(D::int(4)));
    a.minus(&b).round(w)
}

/// Enclosure of $\pi = 16\arctan\frac15 - 4\arctan\frac1{239}$ at precision `bits`.
///
/// # Errors
/// [`IntervalError::PrecisionTooLarge`] above [`MAX_BITS`].
///
/// # Cost
/// Machin-type series of about `bits` terms.
#[cfg_attr(doc, doc = katex!())]
pub fn pi_bits(bits: u64) -> Result<QInterval, IntervalError> {
    Ok(to_interval(&pi_dy(check_bits(bits)?)))
}

/// Enclosure of $\pi$ of width at most `tol`.
///
/// # Errors
/// [`IntervalError::NonPositiveTolerance`] or [`IntervalError::ToleranceTooSmall`] (parameter
/// `tol`).
///
/// # Cost
/// [`pi_bits`] at doubling precisions until the width is at most `tol`.
#[cfg_attr(doc, doc = katex!())]
pub fn pi(tol: &Q) -> Result<QInterval, IntervalError> {
    refine(tol, pi_bits)
}

/// Taylor enclosure of $\cos y$ (`sine = false`) or $\sin y$ (`sine = true`) on $Y$.
fn trig_series(y: &DI, sine: bool, w: u64) -> DI {
    let ymax = y.abs_max();
    let eps = D::pow2(-(w as i64));
    let y2 = y.times(y).round(w);
    // first term: 1 (cos) or y (sin); degree d; bound >= |y|^d / d!
    let (mut term, mut d, mut bound) = if sine {
        (y.round(w), 1u64, ymax.ceil(w))
    } else {
        (DI::point(D::int(1)), 0u64, D::int(1))
    };
    let mut sum = DI::point(D::int(0));
    loop {
        if d > 1 && at_most(&bound, &eps) {
            // |R| <= |y|^d / d!  (every derivative of sin, cos is bounded by 1)
            return sum.plus(&DI::symmetric(bound)).round(w);
        }
        sum = sum.plus(&term).round(w);
        let step = (d + 1) * (d + 2);
        term = term.times(&y2).div_int(step, w).negated();
        bound = bound.times(&ymax).times(&ymax).div_ceil_int(step, w);
        d += 2;
    }
}

/// Enclosure of $\lbrace\cos x : x \in X\rbrace$ at working precision `bits`.
///
/// # Errors
/// [`IntervalError::ArgumentTooLarge`] if $|x| \ge 2^{2^{23}}$ (about), else
/// [`IntervalError::PrecisionTooLarge`] if `bits` plus the bits of $x$ exceed [`MAX_BITS`].
///
/// # Cost
/// Reduction modulo $\pi/2$ with `bits` plus the bits of $x$, then a series of about `bits`
/// terms.
#[cfg_attr(doc, doc = katex!())]
pub fn cos_bits(x: &QInterval, bits: u64) -> Result<QInterval, IntervalError> {
    let mid = x.midpoint();
    let kbits = (magnitude(&mid).max(0) as u64) + 4;
    if kbits > MAX_BITS / 2 {
        return Err(IntervalError::ArgumentTooLarge);
    }
    // the reduction modulo pi/2 needs w + kbits bits of pi
    let w = check_bits(check_bits(bits)? + kbits + 16)?;
    check_bits(w + kbits)?;
    let half_pi = pi_dy(w + kbits).times(&DI::point(D::pow2(-1)));
    // k = round(x / (pi/2)) from the midpoints; any k is correct, this one keeps |y| small
    let (hl, hh) = half_pi.to_q();
    let ratio = &mid / ((hl + hh) / Q::from_integer(Z::from(2)));
    let k = (ratio + Q::new(Z::one(), Z::from(2))).floor().to_integer();
    let xi = DI::enclose(&x.lo, &x.hi, w + kbits);
    let y = xi
        .minus(&half_pi.times(&DI::point(D::from_z(k.clone()))))
        .round(w);
    let quadrant = k.mod_floor(&Z::from(4));
    let q = quadrant.iter_u32_digits().next().unwrap_or(0);
    // cos(y + k pi/2) by k mod 4: cos y, -sin y, -cos y, sin y
    let (use_sine, negate) = match q {
        0 => (false, false),
        1 => (true, true),
        2 => (false, true),
        _ => (true, false),
    };
    let v = trig_series(&y, use_sine, w);
    let v = to_interval(&if negate { v.negated() } else { v });
    let unit = QInterval {
        lo: -Q::one(),
        hi: Q::one(),
    };
    // cos lies in [-1, 1]: intersecting only tightens a valid enclosure, and an empty
    // intersection would mean the series bound is wrong, which is reported, never hidden
    v.intersect(&unit).ok_or(IntervalError::Inconsistent)
}

/// Enclosure of $\cos x$ of width at most `tol`.
///
/// # Errors
/// [`IntervalError::NonPositiveTolerance`] or [`IntervalError::ToleranceTooSmall`] (parameter
/// `tol`), [`IntervalError::ArgumentTooLarge`] (parameter `x`).
///
/// # Cost
/// [`cos_bits`] at doubling precisions until the width is at most `tol`.
#[cfg_attr(doc, doc = katex!())]
pub fn cos(x: &Q, tol: &Q) -> Result<QInterval, IntervalError> {
    refine(tol, |b| cos_bits(&QInterval::point(x.clone()), b))
}

/// Dyadic bracket $[\ell, h]$ of $y^{1/q}$ for a rational $y > 0$, with $h - \ell \le$ `width`
/// (or relative width $2^{-\text{bits}}$ when `width` is `None`).
// invariant: l^q <= y <= h^q, decided exactly at every bisection step
fn root_bracket(y: &Q, q: u32, width: Option<&Q>, bits: u64) -> QInterval {
    let m = magnitude(y);
    let qi = i64::from(q);
    // y ∈ (2^{m-1}, 2^{m+1}) so y^{1/q} ∈ (2^{(m-1)/q}, 2^{(m+1)/q})
    let mut lo = D::pow2(Integer::div_floor(&(m - 1), &qi) - 1);
    let mut hi = D::pow2(Integer::div_ceil(&(m + 1), &qi) + 1);
    while lo.powi(q).compare_q(y) == Ordering::Greater {
        lo = lo.half();
    }
    while hi.powi(q).compare_q(y) == Ordering::Less {
        hi = hi.times(&D::int(2));
    }
    loop {
        let gap = hi.minus(&lo);
        let done = match width {
            Some(w) => gap.compare_q(w) != Ordering::Greater,
            None => at_most(&gap, &lo.times(&D::pow2(-(bits as i64)))),
        };
        if done {
            return QInterval {
                lo: lo.to_q(),
                hi: hi.to_q(),
            };
        }
        let mid = lo.plus(&hi).half();
        match mid.powi(q).compare_q(y) {
            Ordering::Less => lo = mid,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return QInterval::point(mid.to_q()),
        }
    }
}

/// $x^p$ for an integer $p$ and $x \ne 0$, exactly; $|p| \le$ [`MAX_POW_EXPONENT`].
fn pow_i(x: &Q, p: i64) -> Result<Q, IntervalError> {
    let e = u32::try_from(p.unsigned_abs())
        .ok()
        .filter(|e| *e <= MAX_POW_EXPONENT)
        .ok_or(IntervalError::ExponentTooLarge { parameter: "p" })?;
    Ok(if p >= 0 {
        pow_u(x, e)
    } else {
        pow_u(&x.recip(), e)
    })
}

/// The domain checks of $x^{p/q}$, shared by both forms.
fn check_pow(x_positive: bool, p: i64, q: u32) -> Result<(), IntervalError> {
    if q == 0 {
        return Err(IntervalError::ZeroRootIndex);
    }
    if p.unsigned_abs() > u64::from(MAX_POW_EXPONENT) {
        return Err(IntervalError::ExponentTooLarge { parameter: "p" });
    }
    if q > MAX_POW_EXPONENT {
        return Err(IntervalError::ExponentTooLarge { parameter: "q" });
    }
    if !x_positive {
        return Err(IntervalError::NonPositiveArgument);
    }
    Ok(())
}

/// Enclosure of $\lbrace x^{p/q} : x \in X\rbrace$ at precision `bits`; $X > 0$, $q \ge 1$.
///
/// # Errors
/// [`IntervalError::ZeroRootIndex`] or [`IntervalError::ExponentTooLarge`] (parameter `p` or
/// `q`, limit [`MAX_POW_EXPONENT`]), [`IntervalError::NonPositiveArgument`] (parameter `x`),
/// [`IntervalError::PrecisionTooLarge`] (parameter `bits`).
///
/// # Cost
/// Two exact powers of exponent $|p|$ and a bisection of about `bits` steps, each a dyadic power
/// of exponent $q$.
#[cfg_attr(doc, doc = katex!())]
pub fn pow_rational_bits(
    x: &QInterval,
    p: i64,
    q: u32,
    bits: u64,
) -> Result<QInterval, IntervalError> {
    check_pow(x.is_positive(), p, q)?;
    check_bits(bits)?;
    // t -> t^{p/q} is increasing for p > 0, decreasing for p < 0
    let (a, b) = if p >= 0 {
        (&x.lo, &x.hi)
    } else {
        (&x.hi, &x.lo)
    };
    let lo = root_bracket(&pow_i(a, p)?, q, None, bits).lo;
    let hi = root_bracket(&pow_i(b, p)?, q, None, bits).hi;
    Ok(QInterval { lo, hi })
}

/// Enclosure of $x^{p/q}$ of width at most `tol`; $x > 0$, $q \ge 1$.
///
/// # Errors
/// As [`pow_rational_bits`], with [`IntervalError::NonPositiveTolerance`] (parameter `tol`) in
/// place of the precision.
///
/// # Cost
/// An exact power of exponent $|p|$ and $O(\log(x/\text{tol}))$ bisection steps, each a dyadic
/// power of exponent $q$.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::interval::pow_rational;
/// use ncverify_kernel::arith::rational::{q, qi};
/// let c = pow_rational(&qi(8), 2, 3, &q(1, 1000))?; // 8^(2/3) = 4, found exactly
/// assert!(c.contains(&qi(4)) && c.width() <= q(1, 1000));
/// assert_eq!(pow_rational(&qi(8), 2, 0, &q(1, 1000)).unwrap_err().parameter(), Some("q"));
///
/// # Ok::<(), ncverify_kernel::arith::interval::IntervalError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn pow_rational(x: &Q, p: i64, q: u32, tol: &Q) -> Result<QInterval, IntervalError> {
    check_pow(x.is_positive(), p, q)?;
    if !tol.is_positive() {
        return Err(IntervalError::NonPositiveTolerance);
    }
    Ok(root_bracket(&pow_i(x, p)?, q, Some(tol), 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{parse_rational, q, qi};

    /// The bracket $[d, d + 10^{-40}]$ of a constant from its 40-digit truncation $d$.
    fn reference(digits: &str) -> QInterval {
        let d = parse_rational(digits).unwrap();
        let hi = &d + parse_rational("1e-40").unwrap();
        QInterval::new(d, hi).unwrap()
    }

    fn tol45() -> Q {
        parse_rational("1e-45").unwrap()
    }

    // 40-digit truncations (Python `decimal` at 60 digits, matching published tables).
    const E: &str = "2.7182818284590452353602874713526624977572";
    const LN2: &str = "0.6931471805599453094172321214581765680755";
    const COS1: &str = "0.5403023058681397174009366074429766037323";
    const PI: &str = "3.1415926535897932384626433832795028841971";
    const CBRT2: &str = "1.2599210498948731647672106072782283505702";

    #[test]
    fn exp_of_a_huge_negative_argument_is_enclosed_not_overflowed() {
        // review finding: e^{-1e30} overflowed the dyadic exponent
        let x = -(Q::from_integer(Z::from(10)).pow(30));
        let e = exp_bits(&QInterval::point(x), 64).unwrap();
        assert!(e.lo.is_zero() && e.hi.is_positive() && e.hi < q(1, 1 << 40));
        // still exact enough just below the switch: e^{-50} > 0 is enclosed away from 0
        let e = exp_bits(&QInterval::point(qi(-50)), 64).unwrap();
        assert!(e.lo.is_positive() && e.lo <= e.hi);
        // review finding: between the two, e^{-2^38} exhausted memory in `to_q`
        for k in [38u32, 40, 60] {
            let x = -Q::from_integer(Z::from(2).pow(k));
            let e = exp_dyadic(&x, &x, 72).unwrap();
            assert!(e.lo.to_q().is_zero() && e.hi.to_q() <= q(1, 1 << 40));
        }
    }

    #[test]
    fn exp_of_a_huge_positive_argument_or_precision_is_an_error_not_a_panic() {
        // e^{1e30} would need ~1.4e30 bits; u64::MAX bits would overflow `bits + s + 16`
        let x = Q::from_integer(Z::from(10)).pow(30);
        let big = QInterval::point(x.clone());
        assert_eq!(exp_bits(&big, 64), Err(IntervalError::ArgumentTooLarge));
        assert_eq!(
            exp_dyadic(&qi(0), &x, 64).map(|_| ()),
            Err(IntervalError::ArgumentTooLarge)
        );
        assert_eq!(exp(&x, &q(1, 2)), Err(IntervalError::ArgumentTooLarge));
        let one = QInterval::point(qi(1));
        assert_eq!(
            exp_bits(&one, u64::MAX),
            Err(IntervalError::PrecisionTooLarge)
        );
        assert_eq!(
            ln_bits(&one, u64::MAX),
            Err(IntervalError::PrecisionTooLarge)
        );
        // the largest allowed argument is still enclosed: e^{2^16} lies in (2^94000, 2^95000)
        let e = exp_bits(&QInterval::point(qi(MAX_EXP_ARGUMENT)), 32).unwrap();
        assert!(e.lo > Q::from_integer(Z::from(2).pow(94_000u32)));
        assert!(e.hi < Q::from_integer(Z::from(2).pow(95_000u32)));
    }

    #[test]
    fn enclosures_meet_reference_constants() {
        let cases = [
            (exp(&qi(1), &tol45()).unwrap(), E),
            (ln(&qi(2), &tol45()).unwrap(), LN2),
            (cos(&qi(1), &tol45()).unwrap(), COS1),
            (pi(&tol45()).unwrap(), PI),
            (pow_rational(&qi(2), 1, 3, &tol45()).unwrap(), CBRT2),
        ];
        for (iv, digits) in cases {
            assert!(iv.width() <= tol45(), "{digits}: too wide");
            assert!(iv.overlaps(&reference(digits)), "{digits}: misses {iv}");
        }
    }

    #[test]
    fn exact_values_are_contained() {
        let t = q(1, 1000);
        assert!(exp(&qi(0), &t).unwrap().contains(&qi(1)));
        assert!(ln(&qi(1), &t).unwrap().contains(&qi(0)));
        // ln 8 = 3 ln 2: both enclosures contain the same number
        assert!(
            ln(&qi(8), &t)
                .unwrap()
                .overlaps(&ln2_bits(40).unwrap().scale(&qi(3)))
        );
        assert!(cos(&qi(0), &t).unwrap().contains(&qi(1)));
        // 8^{2/3} = 4, (1/4)^{-1/2} = 2
        assert!(pow_rational(&qi(8), 2, 3, &t).unwrap().contains(&qi(4)));
        assert!(pow_rational(&q(1, 4), -1, 2, &t).unwrap().contains(&qi(2)));
    }

    #[test]
    fn errors_are_reported() {
        let one = QInterval::point(qi(1));
        let around_zero = QInterval::new(qi(-1), qi(1)).unwrap();
        assert_eq!(one.div(&around_zero), Err(IntervalError::DivisionByZero));
        assert_eq!(
            ln(&qi(0), &q(1, 10)),
            Err(IntervalError::NonPositiveArgument)
        );
        assert_eq!(ln(&qi(1), &qi(0)), Err(IntervalError::NonPositiveTolerance));
        assert_eq!(
            pow_rational(&qi(-2), 1, 3, &q(1, 10)),
            Err(IntervalError::NonPositiveArgument)
        );
        assert_eq!(
            pow_rational(&qi(2), 1, 0, &q(1, 10)),
            Err(IntervalError::ZeroRootIndex)
        );
        assert_eq!(QInterval::new(qi(1), qi(0)), Err(IntervalError::Reversed));
    }

    #[test]
    fn arithmetic_is_exact_on_points_and_hand_fixtures() {
        let a = QInterval::new(qi(-1), qi(2)).unwrap();
        let b = QInterval::new(qi(3), qi(4)).unwrap();
        assert_eq!(&a + &b, QInterval::new(qi(2), qi(6)).unwrap());
        assert_eq!(&a - &b, QInterval::new(qi(-5), qi(-1)).unwrap());
        assert_eq!(&a * &b, QInterval::new(qi(-4), qi(8)).unwrap());
        assert_eq!(
            a.div(&b).unwrap(),
            QInterval::new(q(-1, 3), q(2, 3)).unwrap()
        );
        assert_eq!(a.pow_u(2), QInterval::new(qi(0), qi(4)).unwrap());
        assert_eq!(-&a, QInterval::new(qi(-2), qi(1)).unwrap());
    }

    #[test]
    fn rounding_is_outward() {
        let third = q(1, 3);
        let d = round_down(&third, 20);
        let u = round_up(&third, 20);
        assert!(d < third && third < u);
        assert!(&u - &d <= pow2q(-20));
        assert_eq!(round_down(&q(3, 4), 20), q(3, 4));
        assert_eq!(round_up(&qi(-5), 3), qi(-5));
    }
}
