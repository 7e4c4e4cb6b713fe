//! # The trusted kernel
//!
//! Everything that decides "true" lives here, and only here: exact rationals, exact matrices,
//! polynomials over $\mathbb{Q}$ with Sturm root counting, exact comparison of algebraic
//! powers, rigorous rational-interval enclosures of transcendental functions, and the exact
//! deep-UFM loss used to re-verify certificates.
//!
//! It is its own crate so that the compiler keeps it pure: it depends only on the `num-*`
//! crates and on `serde`/`toml` for the certificate parser, contains no floating point
//! (`f32`/`f64`) and no `unsafe`, and cannot see the floating-point search of `ncverify`, so a
//! bug there cannot make it accept a false statement. What it establishes it returns as
//! [`fact::Fact`] values, which only this crate can construct (see `proofs/TRUST.md`).
//! It is built with overflow checks in every profile.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bose_mesner;
pub mod ce;
pub mod ce_critical;
pub mod ce_depth;
pub mod ce_superior;
pub mod certificate;
pub mod certificate_interval;
pub mod dnc_threshold;
pub mod dufm;
pub mod dyadic;
pub mod etf;
pub mod fact;
pub mod hull;
pub mod integer;
pub mod interval;
pub mod matrix;
pub mod mse_compare;
pub mod mse_family;
pub mod mse_order;
pub mod poly;
pub mod power;
pub mod quadratic;
pub mod rational;
pub mod scheme;
pub mod srg;
pub mod srg_feasibility;
pub mod srg_spectrum;

pub use fact::Fact;
pub use matrix::QMatrix;
pub use poly::QPoly;
pub use quadratic::Quadratic;
pub use rational::{Q, Z};
