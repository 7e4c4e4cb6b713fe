//! # Certificates
//!
//! Files that a stranger may hand to `ncverify verify`: point certificates ([`point`]), which
//! prove that DNC is not optimal at one parameter point, interval certificates ([`interval`]),
//! which prove it over an interval of $\lambda$, lower-bound certificates ([`lower`]), which prove
//! that DNC *is* a global minimiser (two classes, two layers), and the resource limits that bound the time
//! and memory of every check ([`limits`]).
#![cfg_attr(doc, doc = katex!())]

pub mod chain;
pub mod interval;
pub mod limits;
pub mod lower;
pub mod point;
