//! # ncverify — machine-checked claims of neural-collapse theory
//!
//! The crate is split into a small **trusted kernel** ([`kernel`]: exact rationals,
//! matrices, polynomials; no floats) and **untrusted** code (floating-point evaluation and
//! search) whose results the kernel re-checks. Claims are data in [`claims`].
//!
//! ## Example
//! One import brings the names a paper needs ([`prelude`]). At $K = 10$ classes, $L = 4$
//! layers, $\lambda_W = \lambda_H = 1/1000$ and $n = 1$, one $T(4)$ block beside DNC on the
//! other six classes has a lower optimal loss than deep neural collapse; the kernel decides
//! the comparison of cost constants it rests on, $C_{T(4)}^5 = 6912 < 7776 = 6^5$, exactly;
//! and a registered claim runs with its rules of evidence:
//!
//! ```
//! use ncverify::prelude::*;
//! use ncverify::kernel::fact::decide_lt;
//!
//! let p = MseParams::new(10, 4, q(1, 1000), q(1, 1000), 1)?;
//! let dnc = construction_loss(&p, &Family::Dnc.construction(&p)?)?;
//! let block = construction_loss(&p, &Family::SrgBlock.construction(&p)?)?;
//! assert!(block.loss < dnc.loss); // f64: for display
//!
//! let t4 = Block::Triangular { r: 4 }.cost_power(4)?;
//! let dnc6 = Block::Dnc { classes: 6 }.cost_power(4)?;
//! let fact: Fact = decide_lt(&t4, &dnc6).expect("6912 < 7776");
//! assert_eq!(fact.to_string(), "6912 < 7776");
//!
//! let claim = registry().into_iter().find(|c| c.meta.id == "mse.dnc_zero_threshold").unwrap();
//! let report = run(&claim, &CheckConfig::default());
//! assert_eq!(report.verdict, Verdict::Holds);
//! assert!(!report.kernel_facts.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Modules
//! - [`claims`]: the registry of claims, their checkers and the rules of evidence.
//! - [`kernel`]: the trusted kernel (the crate `ncverify-kernel`).
//! - [`mse`], [`ce`]: the MSE (ReLU) and cross-entropy (linear) deep unconstrained-features
//!   models, their families and losses; [`codes`]: softmax codes and their margins;
//!   [`schatten`]: the Schatten variational lemma; [`construct`]: simplex ETFs and strongly
//!   regular graphs; [`metrics`]: neural-collapse metrics; [`train`]: gradient descent on the
//!   deep UFM; [`search`]: untrusted search for certificates; [`numeric`]: `f64` helpers.
//! - `strategies` (feature `proptest`): proptest generators for the types above.
//!
//! The crate re-exports the versions of [`nalgebra`], [`num_bigint`], [`num_rational`] and
//! [`num_traits`] its signatures use ([`kernel::Q`] is `num_rational::BigRational`, matrices
//! are `nalgebra::DMatrix<f64>`), so a dependent on other versions can name ours.
//!
//! ## Features
//! - `io` (on by default): the module `io` (`.npy`, `.npz`, safetensors), the trained-point
//!   certificates of `search::certify_point` and the file readers of [`metrics::stream`].
//! - `plot` (on by default): the module `plot`: the SVG phase maps of [`search::phase`]'s
//!   cells, the training-trajectory SVG, and (with `cli`) the figures of `ncverify figure`.
//! - `cli` (on by default, enables `io` and `plot`): the `ncverify` binary and the module `cli`.
//! - `parallel` (on by default): rayon in the phase search, the sweeps and large training
//!   steps.
//! - `proptest` (off by default): the module `strategies`, proptest generators for parameters,
//!   small models and constructions.
//!
//! With `default-features = false` a dependent compiles what claims, certificates and losses
//! need: the kernel, nalgebra, the num crates, serde, TOML and JSON, and rand.
//!
//! ## Speed in a dependent's tests
//! Exact arithmetic and linear algebra are slow unoptimised: running the registered claims
//! from a dependent's `#[test]` in the default dev profile takes minutes, seconds with package
//! overrides. Cargo ignores a dependency's profiles, so copy the block of the README's
//! "Profiles for fast tests" into the dependent's `Cargo.toml` (the example crate
//! `examples/paper-claims` uses it verbatim).
//!
//! ## Rendering these docs
//! The formulas are TeX between `$…$` and `$$…$$`, rendered by KaTeX: every page with a formula
//! carries a small loader script in its doc comments (under `cfg(doc)`), so they render
//! wherever the docs are built, a dependent's `cargo doc` included (offline they stay TeX). See
//! `docs/README.md` for writing TeX that survives rustdoc's Markdown.
#![cfg_attr(doc, doc = katex!())]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The KaTeX loader (`docs/katex.html`) that renders the `$…$` formulas of a documentation page
/// wherever the docs are built (docs.rs, a dependent's `cargo doc`): appended, under
/// `cfg(doc)` only, to every module and item whose page shows a formula.
#[cfg(doc)]
macro_rules! katex {
    () => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/katex.html"))
    };
}

pub mod ce;
pub mod claims;
#[cfg(feature = "cli")]
pub mod cli;
pub mod codes;
pub mod construct;
#[cfg(feature = "io")]
#[cfg_attr(docsrs, doc(cfg(feature = "io")))]
pub mod io;
pub use ncverify_kernel as kernel;
pub mod metrics;
pub mod mse;
pub mod numeric;
#[cfg(feature = "plot")]
#[cfg_attr(docsrs, doc(cfg(feature = "plot")))]
pub mod plot;
pub mod prelude;
pub mod schatten;
pub mod search;
#[cfg(any(test, feature = "proptest"))]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategies;
pub mod sweep;
pub mod train;

pub use nalgebra;
pub use num_bigint;
pub use num_rational;
pub use num_traits;
/// The version of this crate (`CARGO_PKG_VERSION`), as printed in every JSON report of the
/// `ncverify` binary; cite it together with a claim id.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
