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
//!
//! ## Main results
//! - See each module.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
//!
//! [`QMatrix`]: crate::kernel::QMatrix

pub mod etf;
pub mod srg;
