//! # Exact arithmetic in a real quadratic field
//!
//! ## Main definitions
//! - [`Quadratic`]: a real number $a + b\sqrt{d}$ with $a, b \in \mathbb{Q}$ and $d \ge 2$ a
//!   squarefree integer, or a rational number ($b = 0$). Every element of
//!   $\mathbb{Q}(\sqrt{n})$ has exactly one such form, so equality is componentwise.
//! - [`squarefree_decomposition`]: $n = s^2 d$ with $d$ squarefree.
//!
//! ## Main results
//! - [`Quadratic::sign`]: the exact sign of $a + b\sqrt{d}$. When $a$ and $b$ have the same
//!   sign it is theirs; otherwise it is the sign of the larger of $|a|$ and $|b|\sqrt{d}$,
//!   decided by comparing the rationals $a^2$ and $b^2 d$. No rounding happens anywhere.
//! - [`Quadratic::inv`]: $(a + b\sqrt{d})^{-1} = (a - b\sqrt{d}) / (a^2 - b^2 d)$; the
//!   norm $a^2 - b^2 d$ vanishes only at $0$ because $\sqrt{d}$ is irrational.
//!
//! The eigenvalues and multiplicities of a strongly regular graph live in
//! $\mathbb{Q}(\sqrt{\Delta})$, and the Krein conditions are inequalities there; this type
//! decides them exactly.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §9.1 (eigenvalues of
//!   strongly regular graphs lie in $\mathbb{Q}(\sqrt{\Delta})$).
#![cfg_attr(doc, doc = katex!())]

use crate::arith::rational::{Q, Z};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

/// Why a square root cannot be formed.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuadraticError {
    /// $\sqrt{n}$ of a negative integer is not real.
    NegativeRadicand {
        /// The radicand.
        n: Z,
    },
}

impl fmt::Display for QuadraticError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NegativeRadicand { n } => write!(f, "n: n = {n}, need n >= 0"),
        }
    }
}

impl std::error::Error for QuadraticError {}

impl QuadraticError {
    /// The caller's argument the error is about: `n` of [`Quadratic::sqrt`] and
    /// [`Quadratic::from_parts`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::NegativeRadicand { .. } => "n",
        }
    }
}

/// $n = s^2 d$ with $d$ squarefree, for $n \ge 1$; returns $(s, d)$. For $n \le 0$ returns
/// $(0, 1)$ when $n = 0$ and is not meant for negative input (it returns $(1, n)$).
///
/// Trial division by every $p$ with $p^3 \le m$ ($m$ the cofactor still to split): what
/// remains has no prime factor $\le m^{1/3}$, so it is $1$, a prime, a product of two distinct
/// primes, or the square of a prime — and only the last is not squarefree. Cost
/// $O(n^{1/3})$ divisions.
///
/// # Cost
/// Trial division up to $|n|^{1/3}$ or so: exponential in the bits of $n$; meant for small
/// radicands (discriminants of srg parameters).
// n = s^2 d, d squarefree
pub fn squarefree_decomposition(n: &Z) -> (Z, Z) {
    if n.is_zero() {
        return (Z::zero(), Z::one());
    }
    if n.is_negative() {
        return (Z::one(), n.clone());
    }
    let mut m = n.clone();
    let mut s = Z::one();
    let mut d = Z::one();
    let mut p = Z::from(2);
    while &p * &p * &p <= m {
        if m.is_multiple_of(&p) {
            let mut e = 0u32;
            while m.is_multiple_of(&p) {
                m /= &p;
                e += 1;
            }
            s *= num_traits::pow(p.clone(), (e / 2) as usize);
            if e % 2 == 1 {
                d *= &p;
            }
        }
        p += 1;
    }
    let root = m.sqrt();
    if &root * &root == m && !m.is_one() {
        s *= root;
    } else {
        d *= m;
    }
    (s, d)
}

/// The real number $a + b\sqrt{d}$, $a, b$ rational, $d$ squarefree $\ge 2$ (or $d = 1$ and
/// $b = 0$ for a rational). The representation is canonical: two values are equal iff their
/// parts are.
///
/// Arithmetic between two irrational elements of *different* fields
/// $\mathbb{Q}(\sqrt{d_1}) \ne \mathbb{Q}(\sqrt{d_2})$ is not supported: the operators panic
/// (a programming error — every number of one spectrum shares one $\sqrt{\Delta}$), and
/// `partial_cmp` returns `None`.
#[cfg_attr(doc, doc = katex!())]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Quadratic {
    a: Q,
    b: Q,
    d: Z,
}

impl Quadratic {
    /// The rational number `a`.
    pub fn rational(a: Q) -> Self {
        Self {
            a,
            b: Q::zero(),
            d: Z::one(),
        }
    }

    /// The integer `n`.
    pub fn integer(n: i64) -> Self {
        Self::rational(Q::from_integer(Z::from(n)))
    }

    /// $\sqrt{n}$ for an integer $n \ge 0$, reduced to $s\sqrt{d}$ ($d$ squarefree), or a
    /// rational when $n$ is a perfect square. Cost $O(n^{1/3})$ (see
    /// [`squarefree_decomposition`]).
    ///
    /// # Errors
    /// [`QuadraticError::NegativeRadicand`] (parameter `n`) for $n < 0$.
    ///
    /// # Cost
    /// [`squarefree_decomposition`] of $n$.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::Quadratic;
    /// use ncverify_kernel::arith::rational::{Z, qi};
    /// let r = Quadratic::sqrt(&Z::from(12))?; // 2 sqrt 3
    /// assert_eq!((r.surd_coefficient(), r.radicand()), (&qi(2), &Z::from(3)));
    /// assert_eq!(Quadratic::sqrt(&Z::from(-1)).unwrap_err().parameter(), "n");
    ///
    /// # Ok::<(), ncverify_kernel::arith::quadratic::QuadraticError>(())
    /// ```
    pub fn sqrt(n: &Z) -> Result<Self, QuadraticError> {
        Self::from_parts(Q::zero(), Q::one(), n)
    }

    /// $a + b\sqrt{n}$ for an integer $n \ge 0$, in canonical form.
    ///
    /// # Errors
    /// [`QuadraticError::NegativeRadicand`] (parameter `n`) for $n < 0$.
    ///
    /// # Cost
    /// [`squarefree_decomposition`] of $n$.
    // a + b sqrt(s^2 d) = a + (b s) sqrt(d)
    pub fn from_parts(a: Q, b: Q, n: &Z) -> Result<Self, QuadraticError> {
        if n.is_negative() {
            return Err(QuadraticError::NegativeRadicand { n: n.clone() });
        }
        let (s, d) = squarefree_decomposition(n);
        let bs = b * Q::from_integer(s);
        Ok(Self::canonical(a, bs, d))
    }

    /// Build from parts already reduced (`d` squarefree or `d = 1`).
    fn canonical(a: Q, b: Q, d: Z) -> Self {
        if b.is_zero() || d.is_one() {
            // d = 1 means sqrt(d) = 1: fold b into a.
            let a = if d.is_one() { a + b } else { a };
            Self::rational(a)
        } else {
            Self { a, b, d }
        }
    }

    /// The rational part $a$.
    pub fn rational_part(&self) -> &Q {
        &self.a
    }

    /// The coefficient $b$ of $\sqrt{d}$ ($0$ for a rational).
    pub fn surd_coefficient(&self) -> &Q {
        &self.b
    }

    /// The squarefree radicand $d$ ($1$ for a rational).
    pub fn radicand(&self) -> &Z {
        &self.d
    }

    /// `true` iff the value is rational ($b = 0$).
    pub fn is_rational(&self) -> bool {
        self.b.is_zero()
    }

    /// The value as a rational, if it is one.
    pub fn to_rational(&self) -> Option<Q> {
        self.is_rational().then(|| self.a.clone())
    }

    /// The value as an integer, if it is one.
    pub fn to_integer(&self) -> Option<Z> {
        self.to_rational()
            .filter(|x| x.is_integer())
            .map(|x| x.to_integer())
    }

    /// `true` iff the value is zero.
    pub fn is_zero(&self) -> bool {
        self.a.is_zero() && self.b.is_zero()
    }

    /// The common field of `self` and `other`: its radicand, or `None` if both are irrational
    /// in different fields.
    fn common_radicand(&self, other: &Self) -> Option<Z> {
        match (self.is_rational(), other.is_rational()) {
            (true, _) => Some(other.d.clone()),
            (_, true) => Some(self.d.clone()),
            _ if self.d == other.d => Some(self.d.clone()),
            _ => None,
        }
    }

    fn expect_radicand(&self, other: &Self) -> Z {
        self.common_radicand(other).unwrap_or_else(|| {
            panic!(
                "arithmetic between Q(sqrt {}) and Q(sqrt {})",
                self.d, other.d
            )
        })
    }

    /// The conjugate $a - b\sqrt{d}$.
    pub fn conjugate(&self) -> Self {
        Self::canonical(self.a.clone(), -self.b.clone(), self.d.clone())
    }

    /// The field norm $a^2 - b^2 d$ (a rational; zero only at $0$).
    // N(a + b sqrt d) = (a + b sqrt d)(a - b sqrt d) = a^2 - b^2 d
    pub fn norm(&self) -> Q {
        &self.a * &self.a - &self.b * &self.b * Q::from_integer(self.d.clone())
    }

    /// The inverse, or `None` at zero.
    // (a + b sqrt d)^{-1} = (a - b sqrt d) / (a^2 - b^2 d)
    pub fn inv(&self) -> Option<Self> {
        if self.is_zero() {
            return None;
        }
        let n = self.norm();
        Some(Self::canonical(
            &self.a / &n,
            -(&self.b / &n),
            self.d.clone(),
        ))
    }

    /// `c · self` for a rational `c`.
    pub fn scale(&self, c: &Q) -> Self {
        Self::canonical(&self.a * c, &self.b * c, self.d.clone())
    }

    /// The exact sign: `Less` (negative), `Equal` (zero) or `Greater` (positive).
    // sign(a + b sqrt d): same-signed parts decide; otherwise compare a^2 with b^2 d
    pub fn sign(&self) -> Ordering {
        let sa = self.a.cmp(&Q::zero());
        let sb = self.b.cmp(&Q::zero());
        match (sa, sb) {
            (x, Ordering::Equal) => x,
            (Ordering::Equal, y) => y,
            (x, y) if x == y => x,
            (x, _) => {
                // |a| vs |b| sqrt(d): a^2 vs b^2 d; the larger one's sign wins.
                let a2 = &self.a * &self.a;
                let b2d = &self.b * &self.b * Q::from_integer(self.d.clone());
                match a2.cmp(&b2d) {
                    Ordering::Greater => x,
                    Ordering::Less => x.reverse(),
                    // a^2 = b^2 d with b != 0 would make sqrt(d) rational.
                    Ordering::Equal => unreachable!("sqrt of a squarefree d >= 2 is irrational"),
                }
            }
        }
    }

    /// `true` iff the value is $> 0$.
    pub fn is_positive(&self) -> bool {
        self.sign() == Ordering::Greater
    }

    /// `true` iff the value is $< 0$.
    pub fn is_negative(&self) -> bool {
        self.sign() == Ordering::Less
    }
}

impl PartialOrd for Quadratic {
    /// Exact order inside one field; `None` for irrationals of two different fields.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.common_radicand(other)?;
        Some((self - other).sign())
    }
}

impl From<Q> for Quadratic {
    fn from(a: Q) -> Self {
        Self::rational(a)
    }
}

impl Add for &Quadratic {
    type Output = Quadratic;
    fn add(self, rhs: &Quadratic) -> Quadratic {
        let d = self.expect_radicand(rhs);
        Quadratic::canonical(&self.a + &rhs.a, &self.b + &rhs.b, d)
    }
}

impl Sub for &Quadratic {
    type Output = Quadratic;
    fn sub(self, rhs: &Quadratic) -> Quadratic {
        let d = self.expect_radicand(rhs);
        Quadratic::canonical(&self.a - &rhs.a, &self.b - &rhs.b, d)
    }
}

impl Mul for &Quadratic {
    type Output = Quadratic;
    // (a + b sqrt d)(c + e sqrt d) = (ac + b e d) + (a e + b c) sqrt d
    fn mul(self, rhs: &Quadratic) -> Quadratic {
        let d = self.expect_radicand(rhs);
        let dq = Q::from_integer(d.clone());
        let a = &self.a * &rhs.a + &self.b * &rhs.b * dq;
        let b = &self.a * &rhs.b + &self.b * &rhs.a;
        Quadratic::canonical(a, b, d)
    }
}

impl Neg for &Quadratic {
    type Output = Quadratic;
    fn neg(self) -> Quadratic {
        Quadratic::canonical(-self.a.clone(), -self.b.clone(), self.d.clone())
    }
}

impl Add for Quadratic {
    type Output = Quadratic;
    fn add(self, rhs: Quadratic) -> Quadratic {
        &self + &rhs
    }
}

impl Sub for Quadratic {
    type Output = Quadratic;
    fn sub(self, rhs: Quadratic) -> Quadratic {
        &self - &rhs
    }
}

impl Mul for Quadratic {
    type Output = Quadratic;
    fn mul(self, rhs: Quadratic) -> Quadratic {
        &self * &rhs
    }
}

impl Neg for Quadratic {
    type Output = Quadratic;
    fn neg(self) -> Quadratic {
        -&self
    }
}

impl fmt::Display for Quadratic {
    /// `5/2`, `-1+√13`, `(-1+√13)/2`, `-3√5/2`: numerator over the least common denominator
    /// of both parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_rational() {
            return write!(f, "{}", self.a);
        }
        let den = self.a.denom().lcm(self.b.denom());
        let denq = Q::from_integer(den.clone());
        let an = (&self.a * &denq).to_integer();
        let bn = (&self.b * &denq).to_integer();
        let surd = if bn.abs().is_one() {
            format!("√{}", self.d)
        } else {
            format!("{}√{}", bn.abs(), self.d)
        };
        let num = match (an.is_zero(), bn.is_negative()) {
            (true, false) => surd,
            (true, true) => format!("-{surd}"),
            (false, false) => format!("{an}+{surd}"),
            (false, true) => format!("{an}-{surd}"),
        };
        match (den.is_one(), an.is_zero()) {
            (true, _) => write!(f, "{num}"),
            (false, true) => write!(f, "{num}/{den}"),
            (false, false) => write!(f, "({num})/{den}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    fn z(n: i64) -> Z {
        Z::from(n)
    }

    fn surd(a: Q, b: Q, n: i64) -> Quadratic {
        Quadratic::from_parts(a, b, &z(n)).unwrap()
    }

    #[test]
    fn squarefree_decomposition_hand_computed() {
        let cases = [
            (1, 1, 1),
            (2, 1, 2),
            (4, 2, 1),
            (12, 2, 3),
            (20, 2, 5),
            (72, 6, 2),
            (49, 7, 1),
            (98, 7, 2),
            (1000, 10, 10),
            (101 * 101 * 103, 101, 103),
            (7 * 11 * 13, 1, 1001),
            // 2 * 10007^2: the loop stops near 464, leaving the prime square 10007^2.
            (2 * 10007 * 10007, 10007, 2),
            // 3 * 10007 * 10009: the loop leaves a product of two distinct primes.
            (3 * 10007 * 10009, 1, 3 * 10007 * 10009),
        ];
        for (n, s, d) in cases {
            assert_eq!(squarefree_decomposition(&z(n)), (z(s), z(d)), "n = {n}");
        }
        // 97^2 alone: the loop stops at 21 (22^3 > 9409) and leaves the prime square.
        assert_eq!(squarefree_decomposition(&z(9409)), (z(97), z(1)));
        assert_eq!(squarefree_decomposition(&z(0)), (z(0), z(1)));
    }

    #[test]
    fn squarefree_decomposition_rebuilds_input() {
        for n in 1..3000i64 {
            let (s, d) = squarefree_decomposition(&z(n));
            assert_eq!(&s * &s * &d, z(n), "n = {n}");
            // d squarefree: no p^2 divides it
            let dd: i64 = d.try_into().unwrap();
            assert!((2..=dd).all(|p| dd % (p * p) != 0), "d = {dd} for n = {n}");
        }
    }

    #[test]
    fn sqrt_is_canonical() {
        assert_eq!(Quadratic::sqrt(&z(9)).unwrap(), Quadratic::integer(3));
        assert_eq!(
            Quadratic::sqrt(&z(20)).unwrap(),
            surd(qi(0), qi(2), 5),
            "sqrt 20 = 2 sqrt 5"
        );
        assert!(matches!(
            Quadratic::sqrt(&z(-3)),
            Err(QuadraticError::NegativeRadicand { .. })
        ));
        let r5 = Quadratic::sqrt(&z(5)).unwrap();
        assert_eq!(&r5 * &r5, Quadratic::integer(5));
        assert!((&r5 * &r5).is_rational());
    }

    #[test]
    fn field_arithmetic_hand_computed() {
        // (1 + sqrt 2)(3 - 2 sqrt 2) = 3 - 2 sqrt2 + 3 sqrt 2 - 4 = -1 + sqrt 2
        let x = surd(qi(1), qi(1), 2);
        let y = surd(qi(3), qi(-2), 2);
        assert_eq!(&x * &y, surd(qi(-1), qi(1), 2));
        // golden ratio phi = (1 + sqrt 5)/2 satisfies phi^2 = phi + 1
        let phi = surd(q(1, 2), q(1, 2), 5);
        assert_eq!(&phi * &phi, &phi + &Quadratic::integer(1));
        // 1/phi = phi - 1
        assert_eq!(phi.inv().unwrap(), &phi - &Quadratic::integer(1));
        assert_eq!(phi.norm(), qi(-1));
        assert!(Quadratic::integer(0).inv().is_none());
        assert_eq!(&x - &x, Quadratic::integer(0));
        assert!((&x - &x).is_rational());
        assert_eq!(-(x.conjugate()), surd(qi(-1), qi(1), 2));
    }

    #[test]
    fn sign_is_exact_near_cancellation() {
        // 577 - 408 sqrt 2: 577^2 = 332929 > 408^2 * 2 = 332928, so positive (about 8.7e-4)
        assert!(surd(qi(577), qi(-408), 2).is_positive());
        // 816 - 577 sqrt 2: 816^2 = 665856 < 577^2 * 2 = 665858, so negative (about -1.2e-3)
        assert!(surd(qi(816), qi(-577), 2).is_negative());
        // -99 + 70 sqrt 2 < 0
        assert!(surd(qi(-99), qi(70), 2).is_negative());
        // mixed signs where the surd wins
        assert!(surd(qi(2), qi(-1), 5).is_negative());
        assert!(surd(qi(-2), qi(1), 5).is_positive());
        assert_eq!(Quadratic::integer(0).sign(), Ordering::Equal);
        assert_eq!(surd(qi(0), qi(-1), 3).sign(), Ordering::Less);
        assert_eq!(surd(qi(1), qi(1), 3).sign(), Ordering::Greater);
    }

    #[test]
    fn order_within_one_field_and_none_across() {
        let a = surd(qi(1), qi(1), 2); // 2.414
        let b = Quadratic::integer(2);
        assert!(a > b);
        assert!(b < a);
        let c = surd(qi(0), qi(1), 3);
        assert_eq!(a.partial_cmp(&c), None);
        assert_eq!(b.partial_cmp(&c), Some(Ordering::Greater)); // 2 > 1.732
    }

    #[test]
    fn display_forms() {
        assert_eq!(Quadratic::rational(q(5, 2)).to_string(), "5/2");
        assert_eq!(surd(q(-1, 2), q(1, 2), 13).to_string(), "(-1+√13)/2");
        assert_eq!(surd(q(-1, 2), q(-1, 2), 13).to_string(), "(-1-√13)/2");
        assert_eq!(surd(qi(2), qi(3), 5).to_string(), "2+3√5");
        assert_eq!(surd(qi(0), q(-3, 2), 5).to_string(), "-3√5/2");
        assert_eq!(surd(qi(0), qi(1), 5).to_string(), "√5");
        assert_eq!(surd(q(1, 3), q(1, 2), 7).to_string(), "(2+3√7)/6");
    }
}
