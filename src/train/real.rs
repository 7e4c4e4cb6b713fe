//! # Floating-point scalars for the trainer
//!
//! ## Main definitions
//! - [`Real`]: the float types the trainer is generic over (`f32`, `f64`), with exact-enough
//!   conversions to and from `f64` for configuration values and reporting.
//!
//! ## Main results
//! None: a thin adapter over `nalgebra::RealField`.
//!
//! ## References
//! nalgebra's `RealField` (simba); IEEE 754 binary32 / binary64.

use nalgebra::RealField;

/// A float type the trainer runs in.
pub trait Real: RealField + Copy + Default + std::fmt::Debug + 'static {
    /// Round an `f64` to this type (identity for `f64`).
    fn of(x: f64) -> Self;
    /// Widen to `f64` (exact for `f32` and `f64`).
    fn to_f64(self) -> f64;
    /// The name used on the command line (`f32`, `f64`).
    const NAME: &'static str;
}

impl Real for f64 {
    fn of(x: f64) -> Self {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
    const NAME: &'static str = "f64";
}

impl Real for f32 {
    fn of(x: f64) -> Self {
        x as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    const NAME: &'static str = "f32";
}
