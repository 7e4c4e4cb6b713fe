//! # Training the deep unconstrained features model
//!
//! ## Main definitions
//! - [`model::Dufm`], [`model::Params`]: the model of the NumPy reference
//!   `benches/dufm_reference.py`.
//! - [`trainer::Trainer`]: full-batch gradient descent, generic over `f32`/`f64`; large models
//!   split each step over two rayon tasks (bitwise the same result).
//! - [`run()`]: one training run from a [`RunSpec`] (the one loop used by the CLI, the sweeps
//!   and Python), with its one validation and [`MAX_STEPS`].
//! - [`run_many`]: independent runs in parallel (rayon), in input order.
//! - [`init`]: Gaussian, spectral and Hadamard initialisations, and `--save-init` JSON.
//! - [`scheme`]: GD in the coefficients of an association-scheme algebra (MSE, $n = 1$, $d = K$).
//!
//! ## Main results
//! The trainer reproduces the NumPy reference's loss trajectory from the same initial parameters
//! (f64, 1000 steps, relative error below $10^{-9}$: `tests/it/train_reference.rs`).
//!
//! ## Example
//! Gradient descent from a Gaussian initialisation lowers the objective of a small ReLU MSE
//! model:
//! ```
//! use ncverify::train::init::gaussian;
//! use ncverify::train::{Activation, Dufm, Loss, Trainer};
//!
//! let model = Dufm {
//!     classes: 3, samples: 2, width: 4, layers: 2, lambda_h: 1e-3, lambda_w: 1e-3,
//!     loss: Loss::Mse, activation: Activation::Relu,
//! };
//! let init = gaussian(&model, 0.5, 7)?;
//! let mut t = Trainer::<f64>::new(model, 0.1, init)?;
//! let start = t.loss().total();
//! t.run(200);
//! assert!(t.loss().total() < start);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! Súkeník, Lampert, Mondelli, "Neural collapse vs. low-rank bias", arXiv:2405.14468;
//! Garrod, Keating, Thrampoulidis (2026), docs/theory.md §5 (unregularised CE and depth).
#![cfg_attr(doc, doc = katex!())]

pub mod init;
pub mod model;
pub mod real;
pub mod run;
pub mod scheme;
pub mod stats;
pub mod trainer;

pub use model::{Activation, Dufm, Loss, ModelError, Params};
pub use real::Real;
pub use run::{MAX_STEPS, RunError, RunOutcome, RunSpec, run};
pub use trainer::{LossParts, Run, Trainer, run_many};
// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[cfg(feature = "plot")]
#[doc(hidden)]
pub use crate::plot::train as plot;
