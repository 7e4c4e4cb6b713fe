//! # Geometry of class means
//!
//! The simplex ETF's Gram matrix and margin ([`etf`]) and the exact distance of a point to the
//! convex hull of others ([`hull`]).

pub mod etf;
pub mod hull;
