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
#![cfg_attr(doc, doc = katex!())]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The KaTeX loader (`katex.html` of this crate) that renders the `$…$` formulas of a documentation page
/// wherever the docs are built (docs.rs, a dependent's `cargo doc`): appended, under
/// `cfg(doc)` only, to every module and item whose page shows a formula.
#[cfg(doc)]
macro_rules! katex {
    () => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/katex.html"))
    };
}

pub mod arith;
pub mod ce;
pub mod cert;
pub mod fact;
pub mod geom;
pub mod mse;
pub mod srg;

pub use arith::matrix::QMatrix;
pub use arith::poly::QPoly;
pub use arith::quadratic::Quadratic;
pub use arith::rational::{Q, Z};
pub use fact::Fact;
