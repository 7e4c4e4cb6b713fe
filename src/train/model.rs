//! # The deep unconstrained features model (DUFM)
//!
//! ## Main definitions
//! - [`Dufm`]: the model's sizes, loss, activation and regularisation strengths.
//! - [`Params`]: the free features $H_1 \in \mathbb R^{d\times N}$ and weights
//!   $W_1,\dots,W_{L-1} \in \mathbb R^{d\times d}$, $W_L \in \mathbb R^{K\times d}$, $N = Kn$.
//! - Labels $Y = I_K \otimes 1_n^\top$ (class-major columns: column $i$ has class $\lfloor i/n\rfloor$).
//!
//! ## Main results
//! The objective (exactly the NumPy reference `benches/dufm_reference.py`, with
//! $\lambda_H = \lambda_W = \lambda$ there):
//! $$\mathcal L = g(Z) + \tfrac{\lambda_W}{2}\sum_{l=1}^{L}\Vert W_l\Vert_F^2 + \tfrac{\lambda_H}{2}\Vert H_1\Vert_F^2,
//! \quad Z = W_L\thinspace\sigma(W_{L-1}\cdots\sigma(W_1 H_1)),$$
//! $g(Z) = \frac1{2N}\Vert Z-Y\Vert_F^2$ (MSE) or $g(Z) = \frac1N\sum_i -\log\operatorname{softmax}(Z_{:,i})_{y_i}$ (CE);
//! $\sigma$ = ReLU or the identity.
//!
//! ## References
//! Súkeník, Lampert, Mondelli, "Neural collapse vs. low-rank bias", NeurIPS 2024, arXiv:2405.14468, §3;
//! Garrod, Keating, "The persistence of neural collapse despite low-rank bias", arXiv:2410.23169 (CE deep linear UFM).
#![cfg_attr(doc, doc = katex!())]

use nalgebra::DMatrix;
use std::fmt;

/// The fitting term $g(Z)$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// $\frac1{2N}\Vert Z - Y\Vert_F^2$.
    Mse,
    /// Mean cross-entropy of the column softmax.
    Ce,
}

/// The activation after $W_1, \dots, W_{L-1}$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// $\sigma(x) = \max(x, 0)$.
    Relu,
    /// $\sigma(x) = x$ (deep linear UFM).
    Linear,
}

/// A deep UFM: sizes, loss, activation, weight decay.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dufm {
    /// Number of classes $K \ge 1$.
    pub classes: usize,
    /// Samples per class $n \ge 1$.
    pub samples: usize,
    /// Hidden width $d \ge 1$.
    pub width: usize,
    /// Number of weight matrices $L \ge 1$ ($L + 1$ factors with $H_1$).
    pub layers: usize,
    /// Weight decay on $H_1$.
    pub lambda_h: f64,
    /// Weight decay on every $W_l$.
    pub lambda_w: f64,
    /// The fitting term.
    pub loss: Loss,
    /// The activation.
    pub activation: Activation,
}

/// A model description that cannot be trained.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ModelError {
    /// A size is zero.
    ZeroSize {
        /// Which size (`classes`, `samples`, `width`, `layers`).
        name: &'static str,
    },
    /// A regularisation strength is negative or not finite.
    BadLambda {
        /// Which one (`lambda_h`, `lambda_w`).
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A parameter matrix has the wrong shape.
    Shape {
        /// Which parameter (`H1`, `W3`, ...).
        param: String,
        /// Expected (rows, cols).
        expected: (usize, usize),
        /// Found (rows, cols).
        found: (usize, usize),
    },
    /// The number of weight matrices differs from `layers`.
    LayerCount {
        /// Expected $L$.
        expected: usize,
        /// Found.
        found: usize,
    },
    /// A parameter entry is NaN or infinite.
    NonFinite {
        /// Which parameter.
        param: String,
    },
    /// The step size is not a finite positive number (in the trainer's float type).
    BadStepSize {
        /// Its value.
        value: f64,
    },
    /// A product of sizes (`classes * samples`, `width * classes * samples`, ...) overflows.
    TooLarge {
        /// Which product.
        name: &'static str,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroSize { name } => write!(f, "{name} must be at least 1"),
            Self::BadLambda { name, value } => {
                write!(f, "{name} = {value} must be finite and >= 0")
            }
            Self::Shape {
                param,
                expected,
                found,
            } => write!(
                f,
                "{param} has shape {}x{}, expected {}x{}",
                found.0, found.1, expected.0, expected.1
            ),
            Self::LayerCount { expected, found } => {
                write!(f, "{found} weight matrices, expected {expected}")
            }
            Self::NonFinite { param } => write!(f, "{param} has a NaN or infinite entry"),
            Self::BadStepSize { value } => {
                write!(f, "lr = {value}: the step size must be finite and > 0")
            }
            Self::TooLarge { name } => write!(f, "{name} overflows usize"),
        }
    }
}

impl std::error::Error for ModelError {}

impl ModelError {
    /// The caller's argument the error concerns: the size, strength or parameter matrix
    /// named in the variant, `w` (the weight list) for a wrong layer count, `lr` for the step.
    pub fn parameter(&self) -> &str {
        match self {
            Self::ZeroSize { name } | Self::BadLambda { name, .. } | Self::TooLarge { name } => {
                name
            }
            Self::Shape { param, .. } | Self::NonFinite { param } => param,
            Self::LayerCount { .. } => "w",
            Self::BadStepSize { .. } => "lr",
        }
    }
}

impl Dufm {
    /// Validate the sizes and strengths.
    pub fn validate(&self) -> Result<(), ModelError> {
        for (name, v) in [
            ("classes", self.classes),
            ("samples", self.samples),
            ("width", self.width),
            ("layers", self.layers),
        ] {
            if v == 0 {
                return Err(ModelError::ZeroSize { name });
            }
        }
        for (name, value) in [("lambda_h", self.lambda_h), ("lambda_w", self.lambda_w)] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(ModelError::BadLambda { name, value });
            }
        }
        // every buffer the trainer allocates must have a representable size
        let nn = self.classes.checked_mul(self.samples);
        let sizes = [
            ("classes * samples", nn),
            (
                "width * classes * samples",
                nn.and_then(|n| n.checked_mul(self.width)),
            ),
            ("width * width", self.width.checked_mul(self.width)),
            (
                "layers * width * classes * samples",
                nn.and_then(|n| n.checked_mul(self.width))
                    .and_then(|n| n.checked_mul(self.layers)),
            ),
        ];
        for (name, size) in sizes {
            if size.is_none() {
                return Err(ModelError::TooLarge { name });
            }
        }
        Ok(())
    }

    /// $N = K n$ (saturating; [`Dufm::validate`] rejects an overflowing product).
    pub fn n_total(&self) -> usize {
        self.classes.saturating_mul(self.samples)
    }

    /// The class of column `i`: $\lfloor i / n \rfloor$ (`0` for an invalid model with
    /// $n = 0$).
    pub fn label(&self, i: usize) -> usize {
        i.checked_div(self.samples).unwrap_or(0)
    }

    /// Shapes of $H_1, W_1, \dots, W_L$ in that order (of a valid model; $L = 0$ gives
    /// $H_1$ and $W_L$ only).
    pub fn shapes(&self) -> Vec<(usize, usize)> {
        let d = self.width;
        let mut s = vec![(d, self.n_total())];
        s.extend(std::iter::repeat_n((d, d), self.layers.saturating_sub(1)));
        s.push((self.classes, d));
        s
    }

    /// Name of the `i`-th parameter in [`Dufm::shapes`] order (`H1`, `W1`, ...).
    pub fn param_name(i: usize) -> String {
        if i == 0 {
            "H1".to_string()
        } else {
            format!("W{i}")
        }
    }
}

/// The parameters $H_1, W_1, \dots, W_L$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct Params<T: nalgebra::Scalar> {
    /// $H_1 \in \mathbb R^{d\times N}$.
    pub h1: DMatrix<T>,
    /// $W_1, \dots, W_L$.
    pub w: Vec<DMatrix<T>>,
}

impl<T: nalgebra::Scalar> Params<T> {
    /// All matrices in the order $H_1, W_1, \dots, W_L$.
    pub fn iter(&self) -> impl Iterator<Item = &DMatrix<T>> {
        std::iter::once(&self.h1).chain(self.w.iter())
    }

    /// Mutable access in the order $H_1, W_1, \dots, W_L$.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut DMatrix<T>> {
        std::iter::once(&mut self.h1).chain(self.w.iter_mut())
    }

    /// Check the shapes against `model`.
    pub fn check_shapes(&self, model: &Dufm) -> Result<(), ModelError> {
        if self.w.len() != model.layers {
            return Err(ModelError::LayerCount {
                expected: model.layers,
                found: self.w.len(),
            });
        }
        for (i, (m, &expected)) in self.iter().zip(model.shapes().iter()).enumerate() {
            if m.shape() != expected {
                return Err(ModelError::Shape {
                    param: Dufm::param_name(i),
                    expected,
                    found: m.shape(),
                });
            }
        }
        Ok(())
    }

    /// Convert entrywise.
    pub fn map<U: nalgebra::Scalar>(&self, f: impl Fn(T) -> U + Copy) -> Params<U> {
        Params {
            h1: self.h1.map(f),
            w: self.w.iter().map(|m| m.map(f)).collect(),
        }
    }
}
