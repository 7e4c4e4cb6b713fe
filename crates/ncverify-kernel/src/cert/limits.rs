//! # Resource limits of [`Certificate::from_toml`](crate::cert::point::Certificate::from_toml) and [`Certificate::verify`](crate::cert::point::Certificate::verify)
//!
//! Certificates come from strangers: under these limits every file is parsed and verified in
//! bounded time and memory (the worst case measured is in `proofs/TRUST.md`), while every
//! certificate the project has produced uses a small fraction of them (largest: K = 21,
//! d = 21, 86-character numbers, 23 kB).
//!
//! **One budget per file.** [`Meter`] holds [`FILE_WORK`] work units (about a nanosecond
//! each on the release build) for one `verify` call, whatever the file holds: every exact
//! forward pass (once per distinct witness, [`crate::mse::dufm::forward_cost_floor`] and the
//! estimate of [`crate::mse::dufm::mse_loss_parts_within`]) and every Sturm count
//! ([`sturm_cost`]) is charged before it runs, and the file is refused when the next one
//! would not fit.

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
/// Largest `bounds.lower` or `hints.a_lower`, in bits of numerator plus denominator (about
/// 420 decimal digits): they enter the Sturm sequence of the lower-bound polynomial, whose
/// cost grows with their size (every committed certificate uses under 300 bits).
pub const MAX_BOUND_BITS: u64 = 1_400;
/// Work units of one `verify` call (a whole file: all pieces and endpoints), about 2.1 s.
pub const FILE_WORK: u128 = 1 << 31;
/// Budget of one exact forward pass (at most the whole file's).
pub const WORK: WorkBudget = WorkBudget {
    max_denominator_bits: 8_192,
    max_limb_products: FILE_WORK,
    max_limbs: 1 << 24,
};

/// Estimated work units of the Sturm count of $P(u) = \tfrac12(1-u^{L+1})^2 + A_{\mathrm{lo}}
/// u^2 - \mathrm{lower}$ (degree $2L+2$): $\tfrac32 (L+1)^2 c^2$ with
/// $c = \tfrac3{10}(b_\ell + b_A)$ (about the decimal digits) and $b$ the bits of numerator
/// plus denominator of `lower` and `a_lower`. Calibrated on the release build (L = 32, two
/// 1000-digit numbers: 4.5 s, 4.4·10⁹ units); the time grows like $(L+1)^{1.6}$ in $L$, so
/// the estimate is conservative below $L = 32$.
#[cfg_attr(doc, doc = katex!())]
pub fn sturm_cost(layers: u32, lower_bits: u64, a_lower_bits: u64) -> u128 {
    let m = u128::from(layers) + 1;
    let c = (u128::from(lower_bits) + u128::from(a_lower_bits)) * 3 / 10;
    m.saturating_mul(m)
        .saturating_mul(c.saturating_mul(c))
        .saturating_mul(3)
        / 2
}

/// The work left in one `verify` call ([`FILE_WORK`] at the start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meter {
    left: u128,
}

impl Meter {
    /// A fresh budget of [`FILE_WORK`] units.
    pub fn file() -> Self {
        Self { left: FILE_WORK }
    }

    /// Work units left.
    pub fn left(&self) -> u128 {
        self.left
    }

    /// Take `cost` units, or say (as `Err`) how many are left if they do not fit.
    ///
    /// # Errors
    /// `Err(left)` with the units left if `cost` exceeds them (nothing is taken then).
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::cert::limits::Meter;
    /// let mut m = Meter::file();
    /// let before = m.left();
    /// assert!(m.charge(10).is_ok());
    /// assert_eq!(m.left(), before - 10);
    /// assert_eq!(m.charge(u128::MAX), Err(before - 10));
    /// ```
    pub fn charge(&mut self, cost: u128) -> Result<(), u128> {
        if cost > self.left {
            return Err(self.left);
        }
        self.left -= cost;
        Ok(())
    }

    /// The budget of one forward pass: [`WORK`] with at most the units left.
    pub fn work(&self) -> WorkBudget {
        WorkBudget {
            max_limb_products: self.left.min(WORK.max_limb_products),
            ..WORK
        }
    }
}
