//! # ncverify — machine-checked claims of neural-collapse theory
//!
//! The crate is split into a small **trusted kernel** ([`kernel`]: exact rationals,
//! matrices, polynomials; no floats) and **untrusted** code (floating-point evaluation and
//! search) whose results the kernel re-checks. Claims are data in [`claims`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ce;
pub mod claims;
#[cfg(feature = "cli")]
pub mod cli;
pub mod codes;
pub mod construct;
pub use ncverify_kernel as kernel;
pub mod metrics;
pub mod mse;
pub mod numeric;
pub mod schatten;
pub mod search;
pub mod train;

/// The version of this crate (`CARGO_PKG_VERSION`), as printed in every JSON report of the
/// `ncverify` binary; cite it together with a claim id.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
