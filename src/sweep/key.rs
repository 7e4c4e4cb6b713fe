//! # Run specifications and run keys
//!
//! ## Main definitions
//! - [`SweepRun`]: every parameter of one training run.
//! - [`SweepRun::key`]: its run key, `loss=mse act=relu K=4 L=2 d=8 n=1 lw=0.004 lh=0.004
//!   init=gaussian scale=0.3 steps=1000 lr=0.5 seed=0` (floats in Rust's shortest round-trip
//!   form, so the key determines the parameters and back).
//! - [`SweepRun::rng_seed`]: the run's ChaCha8 seed, the 64-bit FNV-1a hash of the key mixed by
//!   SplitMix64.
//!
//! ## Main results
//! The seed depends on the parameters only, so the order of the schedule, the thread count
//! and the sharding never change a run's result.
//!
//! ## References
//! G. Fowler, L. C. Noll, K.-P. Vo, the FNV hash (IETF draft-eastlake-fnv); G. L. Steele,
//! D. Lea, C. H. Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014.

use crate::train::{Activation, Dufm, Loss};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use self::SweepRun as RunSpec;

/// Initialisation of a run.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InitKind {
    /// Every entry $\mathcal N(0,1)\cdot$scale ([`crate::train::init::gaussian`]).
    Gaussian,
    /// Aligned balanced factors along a random orthogonal frame, per-factor singular values
    /// $|\mathcal N(0,1)|\cdot$scale ([`crate::train::init::spectral`]).
    Spectral,
    /// As spectral along a Sylvester Hadamard frame ($K = 2^p$; [`crate::train::init::hadamard`]).
    Hadamard,
}

impl InitKind {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gaussian => "gaussian",
            Self::Spectral => "spectral",
            Self::Hadamard => "hadamard",
        }
    }

    /// Parse a lower-case name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "gaussian" | "random" => Some(Self::Gaussian),
            "spectral" => Some(Self::Spectral),
            "hadamard" => Some(Self::Hadamard),
            _ => None,
        }
    }
}

/// Lower-case name of a loss.
pub fn loss_name(l: Loss) -> &'static str {
    match l {
        Loss::Mse => "mse",
        Loss::Ce => "ce",
    }
}

/// Parse `mse` / `ce`.
pub fn parse_loss(s: &str) -> Option<Loss> {
    match s {
        "mse" => Some(Loss::Mse),
        "ce" => Some(Loss::Ce),
        _ => None,
    }
}

/// Lower-case name of an activation.
pub fn activation_name(a: Activation) -> &'static str {
    match a {
        Activation::Relu => "relu",
        Activation::Linear => "linear",
    }
}

/// Parse `relu` / `linear`.
pub fn parse_activation(s: &str) -> Option<Activation> {
    match s {
        "relu" => Some(Activation::Relu),
        "linear" => Some(Activation::Linear),
        _ => None,
    }
}

/// Every parameter of one run.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepRun {
    /// The model.
    pub model: Dufm,
    /// Initialisation.
    pub init: InitKind,
    /// Scale of the initialisation.
    pub init_scale: f64,
    /// GD steps.
    pub steps: u64,
    /// Step size.
    pub lr: f64,
    /// Replicate index (the grid's seed axis); the random seed is [`Self::rng_seed`].
    pub seed: u64,
}

impl SweepRun {
    /// The run key (see the module docs).
    pub fn key(&self) -> String {
        let m = &self.model;
        format!(
            "loss={} act={} K={} L={} d={} n={} lw={} lh={} init={} scale={} steps={} lr={} seed={}",
            loss_name(m.loss),
            activation_name(m.activation),
            m.classes,
            m.layers,
            m.width,
            m.samples,
            m.lambda_w,
            m.lambda_h,
            self.init.name(),
            self.init_scale,
            self.steps,
            self.lr,
            self.seed
        )
    }

    /// The ChaCha8 seed of the run: 64-bit FNV-1a of [`Self::key`], mixed by the SplitMix64
    /// finaliser (so keys that differ in one character give unrelated seeds).
    pub fn rng_seed(&self) -> u64 {
        splitmix64(fnv1a(self.key().as_bytes()))
    }

    /// The canonical order of runs (and of the rows of every output file): by loss,
    /// activation, $K$, $L$, $d$, $n$, $\lambda_W$, $\lambda_H$, init, scale, steps, lr, seed
    /// (floats by `total_cmp`).
    pub fn cmp_canonical(&self, other: &Self) -> Ordering {
        let (a, b) = (&self.model, &other.model);
        loss_name(a.loss)
            .cmp(loss_name(b.loss))
            .then(activation_name(a.activation).cmp(activation_name(b.activation)))
            .then(a.classes.cmp(&b.classes))
            .then(a.layers.cmp(&b.layers))
            .then(a.width.cmp(&b.width))
            .then(a.samples.cmp(&b.samples))
            .then(a.lambda_w.total_cmp(&b.lambda_w))
            .then(a.lambda_h.total_cmp(&b.lambda_h))
            .then(self.init.cmp(&other.init))
            .then(self.init_scale.total_cmp(&other.init_scale))
            .then(self.steps.cmp(&other.steps))
            .then(self.lr.total_cmp(&other.lr))
            .then(self.seed.cmp(&other.seed))
    }
}

/// The SplitMix64 finaliser (Steele, Lea, Flood 2014).
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
