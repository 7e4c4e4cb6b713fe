//! # Exact arithmetic
//!
//! The number types every verdict rests on: rationals and integers ([`rational`], [`integer`]),
//! dyadic rationals ([`dyadic`]), rational-interval enclosures of transcendental functions
//! ([`interval`]), polynomials over $\mathbb{Q}$ with Sturm root counting ([`poly`]), the
//! quadratic field $\mathbb{Q}(\sqrt m)$ ([`quadratic`]) and exact matrices ([`matrix`]).
#![cfg_attr(doc, doc = katex!())]

pub mod dyadic;
pub mod integer;
pub mod interval;
pub mod matrix;
pub mod poly;
pub mod quadratic;
pub mod rational;
