//! # Property-test generators for the trainer
//!
//! The trainer's unit tests use [`crate::strategies`] (feature `proptest`), re-exported here
//! under their old paths.

pub use crate::strategies::{model_and_seed, small_model};
