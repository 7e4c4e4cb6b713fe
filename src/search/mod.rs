//! # Untrusted search for certificates
//!
//! Floating-point optimisation that proposes witnesses; nothing here decides "true". A witness
//! becomes evidence only after exact rationalisation and re-verification by
//! [`crate::kernel::certificate`].
//!
//! ## Main definitions
//! - [`lbfgs`]: L-BFGS with backtracking line search.
//! - [`scheme`]: the DUFM restricted to the Bose–Mesner algebra of an association scheme.
//! - [`dense`]: the full DUFM as a flat parameter vector.
//! - [`certify`]: search → rationalise → certificate → kernel verification.
//! - [`phase`]: the best family and certification status over a grid of $(K, L)$.

//!
//! ## Main results
//! None (untrusted).
//!
//! ## References
//! - docs/theory.md §3 (MSE deep UFM) and §7.3 (association schemes); arXiv:2405.14468.

pub mod certificate_file;
pub mod certify;
pub mod dense;
pub mod hull;
pub mod lbfgs;
pub mod phase;
pub mod scheme;
