//! Tests of `ncverify::sweep::key` (`src/sweep/key.rs`).

use ncverify::sweep::key::*;
use ncverify::train::{Activation, Dufm, Loss};
use std::cmp::Ordering;

fn spec(seed: u64, classes: usize) -> SweepRun {
    SweepRun {
        model: Dufm {
            classes,
            samples: 1,
            width: 8,
            layers: 2,
            lambda_h: 0.004,
            lambda_w: 0.004,
            loss: Loss::Mse,
            activation: Activation::Relu,
        },
        init: InitKind::Gaussian,
        init_scale: 0.3,
        steps: 100,
        lr: 0.5,
        seed,
    }
}

#[test]
fn key_and_seed_depend_on_parameters_only() {
    assert_eq!(
        spec(3, 4).key(),
        "loss=mse act=relu K=4 L=2 d=8 n=1 lw=0.004 lh=0.004 init=gaussian scale=0.3 steps=100 lr=0.5 seed=3"
    );
    assert_eq!(spec(3, 4).rng_seed(), spec(3, 4).rng_seed());
    assert_ne!(spec(3, 4).rng_seed(), spec(4, 4).rng_seed());
    assert_eq!(spec(1, 10).cmp_canonical(&spec(2, 4)), Ordering::Greater);
    // FNV-1a test vectors
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
}
