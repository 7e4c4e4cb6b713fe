//! # Dyadic rationals and intervals: the fast core of the enclosures
//!
//! ## Main definitions
//! - [`Dyadic`]: $m \cdot 2^e$ with $m \in \mathbb Z$, $e \in \mathbb Z$. Sums and products are
//!   exact and need no gcd (general rationals spend most of their time normalising).
//! - [`DyadicInterval`]: $[\ell, h]$ with dyadic end points; products and sums are exact,
//!   divisions by integers and [`DyadicInterval::round`] round *outward*, so every operation
//!   returns an interval containing the exact result set.
//!
//! ## Main results
//! - Rounding: $\lfloor m 2^e \rfloor_b = \lfloor m / 2^d \rfloor 2^{e+d}$ with
//!   $d = \mathrm{bits}(m) - b$ keeps $b$ significant bits and is $\le$ the input; the ceiling
//!   is $-\lfloor -x \rfloor_b$.
//! - Conversion to [`Q`] is exact: $m 2^e = (m / 2^t) / 2^{-e-t}$ with $t$ the common power of 2.
//!
//! ## References
//! - R. E. Moore, R. B. Kearfott, M. J. Cloud, *Introduction to Interval Analysis*, SIAM 2009.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::interval::MAX_BITS;
use crate::arith::rational::{Q, Z};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;

/// $m \cdot 2^e$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Clone, Debug)]
pub struct Dyadic {
    m: Z,
    e: i64,
}

/// $\lfloor a / 2^d \rfloor$ for an integer $a$.
// floor division by a power of two, also for negative a
fn shr_floor(a: &Z, d: u64) -> Z {
    if a.is_negative() {
        let mag = -a;
        -(((mag - Z::one()) >> d) + Z::one())
    } else {
        a >> d
    }
}

impl Dyadic {
    /// The integer $i$.
    pub fn int(i: i64) -> Self {
        Self {
            m: Z::from(i),
            e: 0,
        }
    }

    /// The integer $z$.
    pub fn from_z(z: Z) -> Self {
        Self { m: z, e: 0 }
    }

    /// $x^k$, exactly.
    pub fn powi(&self, k: u32) -> Self {
        Self {
            m: num_traits::pow(self.m.clone(), k as usize),
            e: self.e * i64::from(k),
        }
    }

    /// Exact order against a rational.
    // m 2^e vs a/b  <=>  m b 2^{max(e,0)} vs a 2^{max(-e,0)}   (b > 0)
    pub fn compare_q(&self, y: &Q) -> Ordering {
        let (l, r) = if self.e >= 0 {
            ((&self.m << (self.e as u64)) * y.denom(), y.numer().clone())
        } else {
            (&self.m * y.denom(), y.numer() << ((-self.e) as u64))
        };
        l.cmp(&r)
    }

    /// $x / 2$, exactly.
    pub fn half(&self) -> Self {
        Self {
            m: self.m.clone(),
            e: self.e - 1,
        }
    }

    /// $2^e$.
    pub fn pow2(e: i64) -> Self {
        Self { m: Z::one(), e }
    }

    /// The sign of the value.
    pub fn signum(&self) -> Ordering {
        self.m.sign().cmp(&num_bigint::Sign::NoSign)
    }

    /// Exact value as a rational.
    // m 2^e = (m / 2^t) / 2^{-e-t}, t = min(trailing zeros of m, -e)
    pub fn to_q(&self) -> Q {
        if self.m.is_zero() {
            return Q::zero();
        }
        if self.e >= 0 {
            return Q::from_integer(&self.m << (self.e as u64));
        }
        let neg = (-self.e) as u64;
        let t = self.m.trailing_zeros().unwrap_or(0).min(neg);
        Q::new_raw(&self.m >> t, Z::one() << (neg - t))
    }

    /// The largest dyadic with about `bits` significant bits that is $\le x$ (`bits` above
    /// [`MAX_BITS`] are taken as [`MAX_BITS`]: the result is still a lower bound).
    ///
    /// # Cost
    /// One integer division of numbers of about `bits` plus the bits of $x$.
    // floor(x 2^s) 2^{-s}, s = bits - (bits(num) - bits(den))
    pub fn floor_q(x: &Q, bits: u64) -> Self {
        if x.is_zero() {
            return Self::int(0);
        }
        let mag = x.numer().bits() as i64 - x.denom().bits() as i64;
        // bits <= MAX_BITS = 2^24 and |mag| is a bit length: the difference cannot overflow
        let s = bits.min(MAX_BITS) as i64 - mag;
        let m = if s >= 0 {
            (x.numer() << (s as u64)).div_floor(x.denom())
        } else {
            x.numer().div_floor(&(x.denom() << s.unsigned_abs()))
        };
        Self { m, e: -s }
    }

    /// The smallest dyadic with about `bits` significant bits that is $\ge x$.
    pub fn ceil_q(x: &Q, bits: u64) -> Self {
        Self::floor_q(&-x, bits).negated()
    }

    /// $-x$.
    pub fn negated(&self) -> Self {
        Self {
            m: -&self.m,
            e: self.e,
        }
    }

    /// $|x|$.
    pub fn abs(&self) -> Self {
        Self {
            m: self.m.abs(),
            e: self.e,
        }
    }

    /// $x y$, exactly.
    pub fn times(&self, o: &Self) -> Self {
        Self {
            m: &self.m * &o.m,
            e: self.e + o.e,
        }
    }

    /// $x + y$, exactly.
    // m 2^e + n 2^f = (m 2^{e-g} + n 2^{f-g}) 2^g, g = min(e, f)
    pub fn plus(&self, o: &Self) -> Self {
        if self.m.is_zero() {
            return o.clone();
        }
        if o.m.is_zero() {
            return self.clone();
        }
        let g = self.e.min(o.e);
        Self {
            m: (&self.m << ((self.e - g) as u64)) + (&o.m << ((o.e - g) as u64)),
            e: g,
        }
    }

    /// $x - y$, exactly.
    pub fn minus(&self, o: &Self) -> Self {
        self.plus(&o.negated())
    }

    /// Round down to `bits` significant bits.
    pub fn floor(&self, bits: u64) -> Self {
        let b = self.m.bits();
        if b <= bits {
            return self.clone();
        }
        let d = b - bits;
        Self {
            m: shr_floor(&self.m, d),
            e: self.e + d as i64,
        }
    }

    /// Round up to `bits` significant bits.
    pub fn ceil(&self, bits: u64) -> Self {
        self.negated().floor(bits).negated()
    }

    /// $\lfloor x / d \rfloor$ to about `bits` significant bits, $d \ge 1$ (`bits` above
    /// [`MAX_BITS`] are taken as [`MAX_BITS`]).
    ///
    /// # Panics
    /// If $d = 0$ (division by zero).
    pub fn div_floor_int(&self, d: u64, bits: u64) -> Self {
        // x / d >= floor(m 2^k / d) 2^{e-k}
        let wide = bits.min(MAX_BITS) + 64;
        let k = wide - self.m.bits().min(wide);
        let m = (&self.m << k).div_floor(&Z::from(d));
        Self {
            m,
            e: self.e - k as i64,
        }
        .floor(bits)
    }

    /// $\lceil x / d \rceil$ to about `bits` significant bits, $d \ge 1$.
    ///
    /// # Panics
    /// If $d = 0$ (division by zero).
    pub fn div_ceil_int(&self, d: u64, bits: u64) -> Self {
        self.negated().div_floor_int(d, bits).negated()
    }

    /// Exact comparison.
    pub fn compare(&self, o: &Self) -> Ordering {
        self.minus(o).signum()
    }

    /// The larger of two.
    pub fn max(self, o: Self) -> Self {
        if self.compare(&o) == Ordering::Less {
            o
        } else {
            self
        }
    }

    /// The smaller of two.
    pub fn min(self, o: Self) -> Self {
        if self.compare(&o) == Ordering::Greater {
            o
        } else {
            self
        }
    }
}

/// $[\ell, h]$ with dyadic end points, $\ell \le h$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Clone, Debug)]
pub struct DyadicInterval {
    /// Lower end.
    pub lo: Dyadic,
    /// Upper end.
    pub hi: Dyadic,
}

impl DyadicInterval {
    /// $[x, x]$.
    pub fn point(x: Dyadic) -> Self {
        Self {
            lo: x.clone(),
            hi: x,
        }
    }

    /// $[-r, r]$ for $r \ge 0$.
    pub fn symmetric(r: Dyadic) -> Self {
        Self {
            lo: r.negated(),
            hi: r,
        }
    }

    /// An enclosure of the rational interval $[a, b]$ with `bits` significant bits.
    pub fn enclose(a: &Q, b: &Q, bits: u64) -> Self {
        Self {
            lo: Dyadic::floor_q(a, bits),
            hi: Dyadic::ceil_q(b, bits),
        }
    }

    /// $\max(|\ell|, |h|)$.
    pub fn abs_max(&self) -> Dyadic {
        self.lo.abs().max(self.hi.abs())
    }

    /// Exact sum.
    // [a,b] + [c,d] = [a+c, b+d]
    pub fn plus(&self, o: &Self) -> Self {
        Self {
            lo: self.lo.plus(&o.lo),
            hi: self.hi.plus(&o.hi),
        }
    }

    /// Exact difference.
    // [a,b] - [c,d] = [a-d, b-c]
    pub fn minus(&self, o: &Self) -> Self {
        Self {
            lo: self.lo.minus(&o.hi),
            hi: self.hi.minus(&o.lo),
        }
    }

    /// Negation.
    pub fn negated(&self) -> Self {
        Self {
            lo: self.hi.negated(),
            hi: self.lo.negated(),
        }
    }

    /// Exact product.
    // [a,b] [c,d] = [min, max] of {ac, ad, bc, bd}
    pub fn times(&self, o: &Self) -> Self {
        let p = [
            self.lo.times(&o.lo),
            self.lo.times(&o.hi),
            self.hi.times(&o.lo),
            self.hi.times(&o.hi),
        ];
        let [p0, p1, p2, p3] = p;
        let lo = p0.clone().min(p1.clone()).min(p2.clone()).min(p3.clone());
        let hi = p0.max(p1).max(p2).max(p3);
        Self { lo, hi }
    }

    /// Outward enclosure of $X / d$ for an integer $d \ge 1$.
    pub fn div_int(&self, d: u64, bits: u64) -> Self {
        Self {
            lo: self.lo.div_floor_int(d, bits),
            hi: self.hi.div_ceil_int(d, bits),
        }
    }

    /// Outward rounding to `bits` significant bits.
    pub fn round(&self, bits: u64) -> Self {
        Self {
            lo: self.lo.floor(bits),
            hi: self.hi.ceil(bits),
        }
    }

    /// The exact end points as rationals.
    pub fn to_q(&self) -> (Q, Q) {
        (self.lo.to_q(), self.hi.to_q())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    #[test]
    fn exact_operations_agree_with_rationals() {
        let a = Dyadic::floor_q(&q(3, 4), 10);
        let b = Dyadic::floor_q(&q(-5, 8), 10);
        assert_eq!(a.to_q(), q(3, 4));
        assert_eq!(a.plus(&b).to_q(), q(1, 8));
        assert_eq!(a.times(&b).to_q(), q(-15, 32));
        assert_eq!(a.compare(&b), Ordering::Greater);
        assert_eq!(Dyadic::int(12).to_q(), qi(12));
    }

    #[test]
    fn rounding_is_directed() {
        let third = q(1, 3);
        let lo = Dyadic::floor_q(&third, 30).to_q();
        let hi = Dyadic::ceil_q(&third, 30).to_q();
        assert!(lo < third && third < hi);
        let m = Dyadic::floor_q(&q(-7, 3), 40);
        assert!(m.floor(8).to_q() <= m.to_q() && m.to_q() <= m.ceil(8).to_q());
        let d = Dyadic::int(-7);
        assert!(d.div_floor_int(3, 20).to_q() < q(-7, 3));
        assert!(d.div_ceil_int(3, 20).to_q() > q(-7, 3));
    }
}
