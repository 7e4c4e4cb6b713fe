//! # The trusted kernel
//!
//! Everything that decides "true" lives here, and only here: exact rationals, exact matrices,
//! polynomials over $\mathbb{Q}$ with Sturm root counting, exact comparison of algebraic
//! powers, rigorous rational-interval enclosures of transcendental functions, and the exact
//! deep-UFM loss used to re-verify certificates. The kernel uses no floating point and depends on no other module of the crate
//! (a test enforces both), so a bug in the floating-point search cannot make it accept a
//! false statement.

pub mod certificate;
pub mod dufm;
pub mod dyadic;
pub mod hull;
pub mod integer;
pub mod interval;
pub mod matrix;
pub mod poly;
pub mod power;
pub mod quadratic;
pub mod rational;

pub use matrix::QMatrix;
pub use poly::QPoly;
pub use quadratic::Quadratic;
pub use rational::{Q, Z};
