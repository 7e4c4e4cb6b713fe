//! # Untrusted search for certificates
//!
//! Floating-point optimisation that proposes witnesses; nothing here decides "true". A witness
//! becomes evidence only after exact rationalisation and re-verification by
//! [`crate::kernel::cert::point`].
//!
//! ## Main definitions
//! - [`lbfgs`]: L-BFGS with backtracking line search.
//! - [`crate::construct::scheme`] (not here: a model type): the DUFM restricted to the
//!   Bose–Mesner algebra of an association scheme, which the searches optimise.
//! - [`dense`]: the full DUFM as a flat parameter vector.
//! - [`reduced`]: the two-layer DUFM reduced to one $d\times K$ matrix $Z$ (nuclear norm plus
//!   a ridge term), with the explicit model recovered from $Z$.
//! - [`certify`]: search → rationalise → certificate → kernel verification.
//! - [`lower`]: lower-bound certificates (DNC *is* optimal, $K = L = 2$), built and verified.
//! - [`phase`]: the best family and certification status over a grid of $(K, L)$.
//!
//! ## Example
//! The searches minimise with [`lbfgs::minimize`], here on an ill-conditioned quadratic:
//! ```
//! use ncverify::search::lbfgs::{LbfgsOptions, minimize};
//!
//! let fg = |x: &[f64]| {
//!     let (a, b) = (x[0] - 1.0, x[1] + 2.0);
//!     (a * a + 100.0 * b * b, vec![2.0 * a, 200.0 * b])
//! };
//! let r = minimize(fg, vec![0.0, 0.0], &LbfgsOptions::default());
//! assert!((r.x[0] - 1.0).abs() < 1e-8 && (r.x[1] + 2.0).abs() < 1e-8);
//! ```
#![cfg_attr(doc, doc = katex!())]

//!
//! ## Main results
//! None (untrusted).
//!
//! ## References
//! - docs/theory.md §3 (MSE deep UFM) and §7.3 (association schemes); arXiv:2405.14468.

pub mod certificate_file;
pub mod certify;
#[cfg(feature = "io")]
#[cfg_attr(docsrs, doc(cfg(feature = "io")))]
pub mod certify_point;
pub mod dense;
pub mod interval;
pub mod known;
pub mod lbfgs;
pub mod lower;
pub mod phase;
pub mod reduced;

// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use crate::construct::hull;
/// 0.1.0 path of [`crate::construct::scheme`]; its error was called `SchemeError`.
#[doc(hidden)]
pub mod scheme {
    pub use crate::construct::scheme::SchemeBasisError as SchemeError;
    pub use crate::construct::scheme::*;
}
