//! # Unit-margin costs and the depth at which low-rank codes beat NC
//!
//! ## Main definitions
//! With $m$ aligned balanced factors, gradient descent on unregularised CE converges in direction
//! to a minimiser of $m\,\|Z\|_{S_{2/m}}^{2/m}$ over logits with every margin $\ge 1$. Costs:
//! - NC ($Z = S \otimes 1_n^\top$): $m(K-1)n^{1/m}$;
//! - paired ($k = \lfloor K/2 \rfloor$ pairs, an extra class when $K$ is odd):
//!   $m\,(k(4n)^{1/m} + [K \text{ odd}]\, n^{1/m})$;
//! - rank-2 $K$-gon code: $2m\,A^{2/m} n^{1/m}$, $A = K / (2(1-\cos(2\pi/K)))$.
//!
//! ## Main results
//! - [`nc_vs_paired_depth`]: paired $<$ NC $\iff 4k^m < (2k-1)^m$ (integers, decided exactly;
//!   for odd $K$ the extra class costs the same on both sides).
//! - [`nc_vs_kgon_depth`]: $K$-gon $<$ NC $\iff A^2 < ((K-1)/2)^m$, decided with an interval
//!   enclosure of $A^2$ (refined until it separates from the rational right side).
//!
//! Both conditions are monotone in $m$ for $K \ge 4$ (the right sides grow geometrically with
//! ratio $> 1$), so the least $m$ is certified by "fails at $m-1$, holds at $m$".
//!
//! ## References
//! - C. Garrod, J. P. Keating, C. Thrampoulidis (2026), reconstructed in `theory.md` §4.

use crate::kernel::interval::{QInterval, cos_bits, pi_bits};
use crate::kernel::rational::pow_u;
use crate::kernel::{Q, Z};
use num_traits::One;
use serde::Serialize;
use std::cmp::Ordering;

/// NC cost $m(K-1)n^{1/m}$.
pub fn nc_cost(k: usize, m: u32, n: u64) -> f64 {
    f64::from(m) * (k as f64 - 1.0) * (n as f64).powf(1.0 / f64::from(m))
}

/// Paired cost $m(k(4n)^{1/m} + [K\text{ odd}]\,n^{1/m})$.
pub fn paired_cost(k: usize, m: u32, n: u64) -> f64 {
    let mf = f64::from(m);
    let extra = if k % 2 == 1 { 1.0 } else { 0.0 };
    mf * ((k / 2) as f64 * (4.0 * n as f64).powf(1.0 / mf) + extra * (n as f64).powf(1.0 / mf))
}

/// $K$-gon cost $2m\,(\sqrt n\,K / (2(1-\cos(2\pi/K))))^{2/m}$.
pub fn kgon_cost(k: usize, m: u32, n: u64) -> f64 {
    let kf = k as f64;
    let a = (n as f64).sqrt() * kf / (2.0 * (1.0 - (2.0 * std::f64::consts::PI / kf).cos()));
    2.0 * f64::from(m) * a.powf(2.0 / f64::from(m))
}

/// $4k^m < (2k-1)^m$ with $k = \lfloor K/2 \rfloor$: paired is strictly cheaper than NC.
// exact integer comparison
pub fn paired_beats_nc(k: usize, m: u32) -> bool {
    let half = Z::from(k / 2);
    let odd = Z::from(2) * &half - 1;
    Z::from(4) * num_traits::pow(half, m as usize) < num_traits::pow(odd, m as usize)
}

/// Least $m \ge 1$ with paired cheaper than NC; `None` for $K < 4$ (never cheaper).
pub fn nc_vs_paired_depth(k: usize) -> Option<u32> {
    if k < 4 {
        return None;
    }
    (1..).find(|&m| paired_beats_nc(k, m))
}

/// Enclosure of $A^2 = (K / (2(1-\cos(2\pi/K))))^2$ at precision `bits`, $K \ge 3$; `None`
/// if the enclosure of $1 - \cos(2\pi/K)$ still contains 0 at this precision.
pub fn kgon_a_squared(k: usize, bits: u64) -> Option<QInterval> {
    let theta = pi_bits(bits + 8).scale(&Q::new(Z::from(2), Z::from(k)));
    let c = cos_bits(&theta, bits + 8);
    let one_minus = &QInterval::point(Q::one()) - &c;
    let denom = one_minus.scale(&Q::from_integer(Z::from(2)));
    let a = QInterval::point(Q::from_integer(Z::from(k)))
        .div(&denom)
        .ok()?;
    Some((&a * &a).round_outward(bits))
}

/// The decided order of $A^2$ against $((K-1)/2)^m$, refining up to `max_bits`.
pub fn kgon_vs_nc(k: usize, m: u32, max_bits: u64) -> Option<Ordering> {
    let rhs = pow_u(&Q::new(Z::from(k - 1), Z::from(2)), m);
    let mut bits = 64;
    while bits <= max_bits {
        let decided =
            kgon_a_squared(k, bits).and_then(|a2| a2.certainly_cmp(&QInterval::point(rhs.clone())));
        if decided.is_some() {
            return decided;
        }
        bits *= 2;
    }
    None
}

/// A certified least depth: the condition fails at `m - 1` and holds at `m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LeastDepth {
    /// Number of classes $K$.
    pub classes: usize,
    /// Least number of factors $m$.
    pub factors: u32,
}

/// Least $m$ with the $K$-gon code strictly cheaper than NC, certified by enclosures;
/// `None` for $K < 4$ or when an enclosure could not separate within `max_bits`.
pub fn nc_vs_kgon_depth(k: usize, max_bits: u64) -> Option<u32> {
    if k < 4 {
        return None;
    }
    for m in 1.. {
        match kgon_vs_nc(k, m, max_bits)? {
            Ordering::Less => return Some(m),
            _ => continue,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_values() {
        // K = 4: A = 2, 4 < 1.5^m first at m = 4; paired: 4·2^m < 3^m first at m = 4
        assert_eq!(nc_vs_kgon_depth(4, 1 << 12), Some(4));
        assert_eq!(nc_vs_paired_depth(4), Some(4));
        // K = 6: A = 6, 36 < 2.5^m first at m = 4; paired: 4·3^m < 5^m first at m = 3
        assert_eq!(nc_vs_kgon_depth(6, 1 << 12), Some(4));
        assert_eq!(nc_vs_paired_depth(6), Some(3));
        assert_eq!(nc_vs_kgon_depth(3, 64), None);
    }

    #[test]
    fn exact_decisions_agree_with_f64_costs() {
        for k in 4..=32 {
            let m = nc_vs_kgon_depth(k, 1 << 12).unwrap();
            assert!(kgon_cost(k, m, 1) < nc_cost(k, m, 1));
            assert!(m == 1 || kgon_cost(k, m - 1, 1) >= nc_cost(k, m - 1, 1));
            let p = nc_vs_paired_depth(k).unwrap();
            assert!(paired_cost(k, p, 3) < nc_cost(k, p, 3));
            assert!(p == 1 || paired_cost(k, p - 1, 3) >= nc_cost(k, p - 1, 3));
        }
    }
}
