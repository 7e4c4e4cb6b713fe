//! # Parameters of the MSE deep UFM
//!
//! ## Main definitions
//! - [`MseParams`]: $K \ge 2$ classes, $L \ge 1$ layers, $\lambda_W, \lambda_H > 0$ (exact
//!   rationals), $n \ge 1$ samples per class, validated on construction.
//! - [`MseParams::reg_product`]: $n\lambda_H\lambda_W^L$, the quantity whose $(L+1)$-th root
//!   is the family constant $c$.
//!
//! `MseParams` adds the crate's size limits to the kernel's [`DufmParams`] (the validated
//! parameters every exact family computation takes) and the `f64` helpers of the search.
//!
//! ## References
//! - Súkeník, Lampert, Mondelli, arXiv:2405.14468, eq. (1); the normalisation is reconstructed
//!   (module [`crate::mse`]).
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::arith::rational::Q;
use crate::kernel::mse::family::FamilyError;
pub use crate::kernel::mse::threshold::DufmParams;
use crate::kernel::mse::threshold::ParamError;
use crate::numeric::ln_q;
use num_traits::Signed;
use std::fmt;

/// Invalid MSE-DUFM parameters or family requests; each names the bad argument.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MseError {
    /// $K < 2$.
    TooFewClasses(u64),
    /// $L < 1$.
    TooFewLayers(u32),
    /// A regularisation strength is not positive.
    NonPositiveLambda {
        /// `lambda_w` or `lambda_h`.
        which: &'static str,
    },
    /// $n < 1$.
    NoSamples,
    /// A parameter exceeds what the crate evaluates exactly in reasonable time.
    TooLarge {
        /// The argument.
        which: &'static str,
        /// The supported maximum, in words.
        max: &'static str,
    },
    /// The SRG family needs $K = r(r-1)/2$ with $r \ge 3$.
    NotTriangular(u64),
    /// A family needs more layers (the B-chain needs $L \ge 2$).
    FamilyNeedsLayers {
        /// Family name.
        family: &'static str,
        /// Least $L$.
        min: u32,
    },
    /// A family needs more classes.
    FamilyNeedsClasses {
        /// Family name.
        family: &'static str,
        /// Least $K$.
        min: u64,
    },
    /// A block is invalid, invalid at this depth, or too large (the kernel's error).
    Block(FamilyError),
    /// A construction without blocks.
    NoBlocks,
    /// The blocks of a construction cover another number of classes than the parameters' $K$.
    Coverage {
        /// Classes covered by the blocks.
        covered: u64,
        /// $K$.
        classes: u64,
    },
    /// A real argument that must be a number $\ge 0$ is negative or `NaN`.
    NotNonNegative {
        /// The argument.
        which: &'static str,
        /// Its value, as printed.
        value: String,
    },
    /// Per-block scales of the wrong shape: one vector of $L + 1$ scales per block is needed.
    Scales {
        /// Number of blocks.
        blocks: usize,
        /// $L$.
        layers: u32,
    },
    /// A list of factors without the $L + 1 \ge 2$ a model needs.
    TooFewFactors(usize),
}

impl From<FamilyError> for MseError {
    fn from(e: FamilyError) -> Self {
        Self::Block(e)
    }
}

impl MseError {
    /// The parameter the error is about, as the library and the Python package name it:
    /// `classes`, `layers`, `lambda_w`, `lambda_h`, `samples`; `blocks` (a construction),
    /// `scales`, `factors`; or the argument a [`MseError::TooLarge`] or
    /// [`MseError::NotNonNegative`] names (such as `a` of a family loss).
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::TooFewClasses(_) | Self::NotTriangular(_) | Self::FamilyNeedsClasses { .. } => {
                "classes"
            }
            Self::TooFewLayers(_) | Self::FamilyNeedsLayers { .. } => "layers",
            Self::NonPositiveLambda { which }
            | Self::TooLarge { which, .. }
            | Self::NotNonNegative { which, .. } => which,
            Self::NoSamples => "samples",
            Self::Block(_) | Self::NoBlocks | Self::Coverage { .. } => "blocks",
            Self::Scales { .. } => "scales",
            Self::TooFewFactors(_) => "factors",
        }
    }
}

impl fmt::Display for MseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewClasses(k) => write!(f, "classes: K = {k}, need K >= 2"),
            Self::TooFewLayers(l) => write!(f, "layers: L = {l}, need L >= 1"),
            Self::NonPositiveLambda { which } => write!(f, "{which}: need {which} > 0"),
            Self::NoSamples => write!(f, "samples: n = 0, need n >= 1"),
            Self::TooLarge { which, max } if which.starts_with("lambda") => write!(
                f,
                "{which}: too many digits for exact evaluation (a very small, very large or \
                 very precise value; supported: {max})"
            ),
            Self::TooLarge { which, max } => write!(f, "{which}: too large, need {max}"),
            Self::NotTriangular(k) => {
                write!(
                    f,
                    "classes: K = {k}, need K = r(r-1)/2 for an integer r >= 3 (family srg)"
                )
            }
            Self::FamilyNeedsLayers { family, min } => {
                write!(f, "layers: family {family} needs L >= {min}")
            }
            Self::FamilyNeedsClasses { family, min } => {
                write!(f, "classes: family {family} needs K >= {min}")
            }
            Self::Block(e) => write!(f, "blocks: {e}"),
            Self::NoBlocks => write!(f, "blocks: a construction needs at least one block"),
            Self::Coverage { covered, classes } => write!(
                f,
                "blocks: the construction covers {covered} classes, need exactly K = {classes}"
            ),
            Self::NotNonNegative { which, value } => {
                write!(f, "{which}: {which} = {value}, need a number >= 0")
            }
            Self::Scales { blocks, layers } => write!(
                f,
                "scales: need {blocks} vectors (one per block) of L + 1 = {} scales",
                u64::from(*layers) + 1
            ),
            Self::TooFewFactors(n) => write!(f, "factors: {n} given, need L + 1 >= 2"),
        }
    }
}

impl std::error::Error for MseError {}

/// Largest $K$ (and $n$) accepted.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_CLASSES: u64 = 1_000_000_000;
/// Largest $L$ accepted.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_LAYERS: u32 = 1000;
/// Largest size in bits (numerator plus denominator) of one λ.
pub const MAX_LAMBDA_BITS: u64 = 4096;
/// Largest size in bits of $n\lambda_H\lambda_W^L$ before reduction.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_REG_BITS: u64 = 1 << 18;

/// Validated parameters of the MSE deep UFM.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MseParams {
    exact: DufmParams,
}

impl MseParams {
    /// Validate and build.
    pub fn new(
        classes: u64,
        layers: u32,
        lambda_w: Q,
        lambda_h: Q,
        samples: u64,
    ) -> Result<Self, MseError> {
        if classes < 2 {
            return Err(MseError::TooFewClasses(classes));
        }
        if layers < 1 {
            return Err(MseError::TooFewLayers(layers));
        }
        if !lambda_w.is_positive() {
            return Err(MseError::NonPositiveLambda { which: "lambda_w" });
        }
        if !lambda_h.is_positive() {
            return Err(MseError::NonPositiveLambda { which: "lambda_h" });
        }
        if samples < 1 {
            return Err(MseError::NoSamples);
        }
        if classes > MAX_CLASSES {
            return Err(MseError::TooLarge {
                which: "classes",
                max: "K <= 10^9",
            });
        }
        if layers > MAX_LAYERS {
            return Err(MseError::TooLarge {
                which: "layers",
                max: "L <= 1000",
            });
        }
        if samples > MAX_CLASSES {
            return Err(MseError::TooLarge {
                which: "samples",
                max: "n <= 10^9",
            });
        }
        // Exact work manipulates n λ_H λ_W^L: bound its size in bits.
        let size = |x: &Q| x.numer().bits() + x.denom().bits();
        let bits = size(&lambda_w) * u64::from(layers) + size(&lambda_h);
        if size(&lambda_w) > MAX_LAMBDA_BITS
            || size(&lambda_h) > MAX_LAMBDA_BITS
            || bits > MAX_REG_BITS
        {
            let which = if size(&lambda_h) > MAX_LAMBDA_BITS {
                "lambda_h"
            } else {
                "lambda_w"
            };
            return Err(MseError::TooLarge {
                which,
                max: "n λ_H λ_W^L of at most 2^18 bits, each λ at most 4096 bits",
            });
        }
        // the checks above imply the kernel's (K, n >= 1, 1 <= L <= 1000, lambdas > 0)
        let exact =
            DufmParams::new(classes, layers, lambda_w, lambda_h, samples).map_err(|e| match e {
                ParamError::NoClasses => MseError::TooFewClasses(classes),
                ParamError::NoSamples => MseError::NoSamples,
                ParamError::NonPositiveLambda { which } => MseError::NonPositiveLambda { which },
                ParamError::TooLarge { which } => MseError::TooLarge {
                    which,
                    max: "K^(L+1) n λ_H λ_W^L of at most 2^19 bits",
                },
                _ => MseError::TooFewLayers(layers),
            })?;
        Ok(Self { exact })
    }

    /// The kernel's validated parameters.
    pub fn exact(&self) -> &DufmParams {
        &self.exact
    }
    /// $K$.
    pub fn classes(&self) -> u64 {
        self.exact.classes()
    }
    /// $L$.
    pub fn layers(&self) -> u32 {
        self.exact.layers()
    }
    /// $\lambda_W$.
    pub fn lambda_w(&self) -> &Q {
        self.exact.lambda_w()
    }
    /// $\lambda_H$.
    pub fn lambda_h(&self) -> &Q {
        self.exact.lambda_h()
    }
    /// $n$.
    pub fn samples(&self) -> u64 {
        self.exact.samples()
    }

    /// $n\lambda_H\lambda_W^L$ (exact).
    pub fn reg_product(&self) -> Q {
        self.exact.reg_product()
    }

    /// $\ln c = \frac{1}{L+1}\ln(n\lambda_H\lambda_W^L)$, from the exact logarithms of the
    /// rationals (no underflow or overflow for any representable input).
    pub fn ln_c(&self) -> f64 {
        let l = f64::from(self.layers());
        ((self.samples() as f64).ln() + ln_q(self.lambda_h()) + l * ln_q(self.lambda_w()))
            / (l + 1.0)
    }

    /// $c = (n\lambda_H\lambda_W^L)^{1/(L+1)}$ in `f64` (may underflow to 0 or overflow to
    /// ∞ for extreme λ; use [`Self::ln_c`] where that matters).
    pub fn c_f64(&self) -> f64 {
        self.ln_c().exp()
    }
}
