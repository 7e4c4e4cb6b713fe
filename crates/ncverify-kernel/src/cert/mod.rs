//! # Certificates
//!
//! Files that a stranger may hand to `ncverify verify`: point certificates ([`point`]), which
//! prove that DNC is not optimal at one parameter point, interval certificates ([`interval`]),
//! which prove it over an interval of $\lambda$, and the resource limits that bound the time
//! and memory of every check ([`limits`]).

pub mod interval;
pub mod limits;
pub mod point;
