//! # Property-test generators for the trainer
//!
//! ## Main definitions
//! - [`small_model`]: a small [`Dufm`] with any loss, activation and sizes $K\in[1,5]$,
//!   $n\in[1,3]$, $d\in[1,7]$, $L\in[1,4]$, $\lambda \in [0, 0.05]$ (zero with positive probability).
//! - [`model_and_seed`]: a model with a Gaussian-initialisation seed and scale.
//!
//! ## Main results
//! None (test support).
//!
//! ## References
//! proptest book, `tutorial/filtering.md`: inputs built with `prop_map`, never filtered.

use super::model::{Activation, Dufm, Loss};
use proptest::prelude::*;

prop_compose! {
    /// A small model with every option.
    pub fn small_model()(
        classes in 1usize..=5,
        samples in 1usize..=3,
        width in 1usize..=7,
        layers in 1usize..=4,
        ce in any::<bool>(),
        relu in any::<bool>(),
        lambda_h in prop_oneof![Just(0.0), 0.0..0.05f64],
        lambda_w in prop_oneof![Just(0.0), 0.0..0.05f64],
    ) -> Dufm {
        Dufm {
            classes, samples, width, layers, lambda_h, lambda_w,
            loss: if ce { Loss::Ce } else { Loss::Mse },
            activation: if relu { Activation::Relu } else { Activation::Linear },
        }
    }
}

prop_compose! {
    /// A model, a seed and an initialisation scale in [0.3, 1.2].
    pub fn model_and_seed()(model in small_model(), seed in any::<u64>(), scale in 0.3..1.2f64)
        -> (Dufm, u64, f64) {
        (model, seed, scale)
    }
}
