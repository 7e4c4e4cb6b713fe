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

// ---------------------------------------------------------------------------------------------
// Paths of 0.1.0 before the regrouping: hidden; kept for code written against them; to be
// removed in 0.2. Each alias names the item it stands for; nothing here is new code. Items
// deleted on purpose (`power`, `interval::sin`, `interval::sin_bits`, `QMatrix::kron`,
// `QInterval::contains_interval`, `integer::triangular_poly`, `FamilyError::EmptyRange`) have
// no alias (CHANGELOG, "Removed"). Checked by `tests/it/compat_paths.rs`. Re-exports only:
// no verdict's code goes through them, so they are written without `crate::` and stay out of
// the dependency closures of `proofs/TRUST.md` (like the root's `pub mod` and `pub use`).
// ---------------------------------------------------------------------------------------------

#[doc(hidden)]
pub use arith::{dyadic, integer, interval, matrix, poly, quadratic, rational};
#[doc(hidden)]
pub use ce::{critical as ce_critical, depth as ce_depth, superior as ce_superior};
#[doc(hidden)]
pub use geom::{etf, hull};
#[doc(hidden)]
pub use mse::{
    compare as mse_compare, dufm, family as mse_family, kneser as mse_kneser, order as mse_order,
    threshold as dnc_threshold,
};
#[doc(hidden)]
pub use srg::{bose_mesner, feasibility as srg_feasibility, scheme, spectrum as srg_spectrum};

/// 0.1.0 path of [`cert::point`], with its child `limits` (now [`cert::limits`]).
#[doc(hidden)]
pub mod certificate {
    pub use super::cert::limits;
    pub use super::cert::point::*;
}

/// 0.1.0 path of [`cert::interval`]; its error was called `IntervalError`.
#[doc(hidden)]
pub mod certificate_interval {
    pub use super::cert::interval::IntervalCertificateError as IntervalError;
    pub use super::cert::interval::*;
}
