//! # Floating-point helpers (untrusted side)
//!
//! Conversions between the kernel's exact rationals and `f64`. Rational → `f64` rounds (it is
//! for display and for seeding searches); `f64` → rational is exact (every finite double is a
//! dyadic rational), which is the only way a float may enter the kernel.

use crate::kernel::rational::Q;
use crate::kernel::rational::Z;
use num_traits::{Signed, ToPrimitive};

/// Nearest `f64` to an exact rational (for display and numerical search only).
pub fn q_to_f64(x: &Q) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// The exact rational value of a finite `f64`, or `None` for NaN/∞.
pub fn f64_to_q(x: f64) -> Option<Q> {
    Q::from_float(x)
}

/// Relative difference $|a-b| / \max(|a|, |b|, \text{floor})$.
pub fn rel_diff(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

/// Natural logarithm of a positive integer, accurate to about 1e-15 relative whatever its size
/// (the top 64 bits are converted, the rest contributes through the bit length).
fn ln_z(n: &Z) -> f64 {
    let bits = n.bits();
    if bits <= 64 {
        return n.to_f64().unwrap_or(f64::NAN).ln();
    }
    let shift = bits - 64;
    let top: Z = n >> shift;
    top.to_f64().unwrap_or(f64::NAN).ln() + shift as f64 * std::f64::consts::LN_2
}

/// $\ln x$ of a positive exact rational without overflow or underflow (`NaN` for $x \le 0$).
pub fn ln_q(x: &Q) -> f64 {
    if !x.is_positive() {
        return f64::NAN;
    }
    ln_z(x.numer()) - ln_z(x.denom())
}
