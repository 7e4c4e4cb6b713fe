//! # The MSE deep unconstrained-features model
//!
//! The exact side of the MSE DUFM with ReLU: the parameter domain and DNC's zero threshold
//! ([`threshold`]), the exact loss of an explicit model ([`dufm`]), the family cost constants
//! and their orderings ([`family`], [`order`], [`kneser`]), the scalar problem of the deep
//! linear model ([`linear`]), the exact comparison of two families' optimal losses
//! ([`compare`]), and exact nuclear-norm decisions behind the two-class lower bound
//! ([`two_class`]).

pub mod compare;
pub mod dufm;
pub mod family;
pub mod kneser;
pub mod linear;
pub mod order;
pub mod threshold;
pub mod two_class;
