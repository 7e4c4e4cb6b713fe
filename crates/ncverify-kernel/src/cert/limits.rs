//! # Resource limits of [`Certificate::from_toml`](crate::cert::point::Certificate::from_toml) and [`Certificate::verify`](crate::cert::point::Certificate::verify)
//!
//! Certificates come from strangers: under these limits every file is parsed and verified in
//! bounded time and memory (the worst case measured is in `proofs/TRUST.md`), while every
//! certificate the project has produced uses a small fraction of them (largest: K = 21,
//! d = 21, 86-character numbers, 23 kB).

use crate::mse::dufm::WorkBudget;

/// Largest certificate text, in bytes.
pub const MAX_FILE_BYTES: usize = 4 << 20;
/// Largest rational string (characters), anywhere in the file.
pub const MAX_NUMBER_CHARS: usize = 2_000;
/// Largest parsed rational: bits of numerator plus denominator (so `1e9999` is refused too).
pub const MAX_NUMBER_BITS: u64 = 8_192;
/// Largest $K$.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_CLASSES: u64 = 1_024;
/// Largest $L$.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_LAYERS: u32 = 32;
/// Largest $n$.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_SAMPLES: u64 = 1_024;
/// Largest width $d$ (rows of $H_1$).
#[cfg_attr(doc, doc = katex!())]
pub const MAX_WIDTH: usize = 1_024;
/// Budget of the exact forward pass.
pub const WORK: WorkBudget = WorkBudget {
    max_denominator_bits: 8_192,
    max_limb_products: 1 << 30,
    max_limbs: 1 << 24,
};
