//! # Constructions
//!
//! Explicit geometric and combinatorial objects whose losses and margins the crate compares:
//! the simplex equiangular tight frame (ETF) and strongly regular graphs. Each comes in exact
//! rational form (for the kernel to check) and, where useful, in `f64`.

pub mod etf;
