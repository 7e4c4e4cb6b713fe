//! # Constructions
//!
//! Explicit geometric and combinatorial objects (simplex ETF, strongly regular graphs) whose
//! losses and margins the
//! crate compares, built exactly (as [`QMatrix`]) and in floating point (as
//! `nalgebra::DMatrix<f64>`) from one index map each, with exact verifiers for their defining
//! properties.
//!
//! ## Main definitions
//! - [`etf`]: the simplex equiangular tight frame, its Gram matrix and margin certificate.
//! - [`srg`]: strongly regular graphs — triangular graphs $T(r)$, Paley graphs $P(q)$, the
//!   parameter feasibility conditions, exact spectra in $\mathbb{Q}(\sqrt{\Delta})$ and the
//!   Bose–Mesner algebra $\operatorname{span}\lbrace I, A, J\rbrace$.
//! - [`scheme`]: a kernel-checked association scheme with a coefficient basis, and the deep
//!   UFM restricted to its algebra (the model the scheme searches and trainer use).
//! - [`chain_extend`]: exact-output chains extended in depth and in classes (checked by the
//!   kernel).
//! - [`hull`]: the exact one-vs-rest hull distance of a Gram matrix with the certificate the
//!   kernel re-checks (used by the ETF and softmax-code margins).
//!
//! ## Main results
//! - See each module.
//!
//! ## Example
//! The triangular graph $T(5)$ is strongly regular with parameters $(10, 6, 3, 4)$, checked
//! clause by clause by the kernel:
//! ```
//! use ncverify::construct::srg::{triangular_adjacency, triangular_params, verify_srg};
//!
//! let a = triangular_adjacency(5)?;
//! let p = triangular_params(5)?;
//! let fact = verify_srg(&a, &p)?;
//! assert_eq!((a.rows(), a.cols()), (10, 10));
//! assert!(!fact.statements().is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
//!
//! [`QMatrix`]: crate::kernel::QMatrix
#![cfg_attr(doc, doc = katex!())]

pub mod chain_extend;
pub mod etf;
pub mod hull;
pub mod scheme;
pub mod srg;
