//! # The MSE deep unconstrained-features model
//!
//! The exact side of the MSE DUFM with ReLU: the parameter domain and DNC's zero threshold
//! ([`threshold`]), the exact loss of an explicit model ([`dufm`]), the family cost constants
//! and their orderings ([`family`], [`order`], [`kneser`]), the scalar problem of the deep
//! linear model ([`linear`]), and the exact comparison of two families' optimal losses
//! ([`compare`]).

pub mod compare;
pub mod dufm;
pub mod family;
pub mod kneser;
pub mod linear;
pub mod order;
pub mod threshold;
