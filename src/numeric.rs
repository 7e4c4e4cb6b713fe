//! # Floating-point helpers (untrusted side)
//!
//! Conversions between the kernel's exact rationals and `f64`. Rational → `f64` rounds (it is
//! for display and for seeding searches); `f64` → rational is exact (every finite double is a
//! dyadic rational), which is the only way a float may enter the kernel.

use crate::kernel::rational::Q;
use num_traits::ToPrimitive;

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
