//! # Parameters of the MSE deep UFM
//!
//! ## Main definitions
//! - [`MseParams`]: $K \ge 2$ classes, $L \ge 1$ layers, $\lambda_W, \lambda_H > 0$ (exact
//!   rationals), $n \ge 1$ samples per class, validated on construction.
//! - [`MseParams::reg_product`]: $n\lambda_H\lambda_W^L$, the quantity whose $(L+1)$-th root
//!   is the family constant $c$.
//!
//! ## References
//! - theory.md §2 (objective reconstructed from arXiv:2405.14468).

use crate::kernel::rational::{Q, Z, pow_u};
use crate::numeric::q_to_f64;
use num_traits::Signed;
use std::fmt;

/// Invalid MSE-DUFM parameters or family requests; each names the bad argument.
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
}

impl fmt::Display for MseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewClasses(k) => write!(f, "K = {k}, need K >= 2"),
            Self::TooFewLayers(l) => write!(f, "L = {l}, need L >= 1"),
            Self::NonPositiveLambda { which } => write!(f, "{which} must be > 0"),
            Self::NoSamples => write!(f, "n must be at least 1"),
            Self::NotTriangular(k) => {
                write!(
                    f,
                    "K = {k} is not r(r-1)/2 for an integer r >= 3 (family srg)"
                )
            }
            Self::FamilyNeedsLayers { family, min } => {
                write!(f, "family {family} needs L >= {min}")
            }
            Self::FamilyNeedsClasses { family, min } => {
                write!(f, "family {family} needs K >= {min}")
            }
        }
    }
}

impl std::error::Error for MseError {}

/// Validated parameters of the MSE deep UFM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MseParams {
    classes: u64,
    layers: u32,
    lambda_w: Q,
    lambda_h: Q,
    samples: u64,
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
        Ok(Self {
            classes,
            layers,
            lambda_w,
            lambda_h,
            samples,
        })
    }

    /// $K$.
    pub fn classes(&self) -> u64 {
        self.classes
    }
    /// $L$.
    pub fn layers(&self) -> u32 {
        self.layers
    }
    /// $\lambda_W$.
    pub fn lambda_w(&self) -> &Q {
        &self.lambda_w
    }
    /// $\lambda_H$.
    pub fn lambda_h(&self) -> &Q {
        &self.lambda_h
    }
    /// $n$.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// $n\lambda_H\lambda_W^L$ (exact).
    pub fn reg_product(&self) -> Q {
        Q::from_integer(Z::from(self.samples)) * &self.lambda_h * pow_u(&self.lambda_w, self.layers)
    }

    /// $c = (n\lambda_H\lambda_W^L)^{1/(L+1)}$ in `f64`, computed in log space so that tiny
    /// $\lambda$ at large $L$ does not underflow.
    pub fn c_f64(&self) -> f64 {
        let l = self.layers as f64;
        let log = (self.samples as f64).ln()
            + q_to_f64(&self.lambda_h).ln()
            + l * q_to_f64(&self.lambda_w).ln();
        (log / (l + 1.0)).exp()
    }
}
