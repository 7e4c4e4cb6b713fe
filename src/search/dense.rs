//! # The full MSE deep UFM as a flat parameter vector
//!
//! ## Main definitions
//! - [`DenseModel`]: $H_1 \in \mathbb R^{d\times Kn}$, $W_1..W_{L-1} \in \mathbb R^{d\times d}$,
//!   $W_L \in \mathbb R^{K\times d}$ stored column-major one after the other; loss and gradient
//!   from the trainer's implementation ([`crate::train::trainer::loss_and_gradient`]).
//!
//! ## Main results
//! None (untrusted search).
//!
//! ## References
//! - Súkeník, Lampert, Mondelli, arXiv:2405.14468, eq. (1); module [`crate::mse`].
#![cfg_attr(doc, doc = katex!())]

use crate::train::trainer::loss_and_gradient;
use crate::train::{Activation, Dufm, Loss, Params};
use nalgebra::DMatrix;

/// The unrestricted DUFM with width $d$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct DenseModel {
    /// $K$.
    pub classes: usize,
    /// $L$.
    pub layers: usize,
    /// $n$.
    pub samples: usize,
    /// Width $d \ge K$.
    pub width: usize,
    /// $\lambda_W$.
    pub lambda_w: f64,
    /// $\lambda_H$.
    pub lambda_h: f64,
}

impl DenseModel {
    /// Shapes of $H_1, W_1, \dots, W_L$.
    pub fn shapes(&self) -> Vec<(usize, usize)> {
        let (k, d) = (self.classes, self.width);
        let mut s = vec![(d, k * self.samples)];
        s.extend((1..self.layers).map(|_| (d, d)));
        s.push((k, d));
        s
    }

    /// Number of parameters.
    pub fn dim(&self) -> usize {
        self.shapes().iter().map(|(r, c)| r * c).sum()
    }

    /// Unpack a flat vector into $(H_1, [W_1..W_L])$.
    pub fn matrices(&self, x: &[f64]) -> (DMatrix<f64>, Vec<DMatrix<f64>>) {
        let mut off = 0;
        let mut ms: Vec<DMatrix<f64>> = self
            .shapes()
            .into_iter()
            .map(|(r, c)| {
                let m = DMatrix::from_column_slice(r, c, &x[off..off + r * c]);
                off += r * c;
                m
            })
            .collect();
        let h = ms.remove(0);
        (h, ms)
    }

    /// The model as the trainer sees it (ReLU, MSE).
    pub fn dufm(&self) -> Dufm {
        Dufm {
            classes: self.classes,
            samples: self.samples,
            width: self.width,
            layers: self.layers,
            lambda_h: self.lambda_h,
            lambda_w: self.lambda_w,
            loss: Loss::Mse,
            activation: Activation::Relu,
        }
    }

    /// Loss and gradient, flattened like `x`. Panics if `x` is shorter than [`Self::dim`] or
    /// a size or λ of the model is invalid (zero size, negative λ).
    pub fn loss_grad(&self, x: &[f64]) -> (f64, Vec<f64>) {
        let (h1, w) = self.matrices(x);
        let (loss, grad) = loss_and_gradient(self.dufm(), Params { h1, w })
            .unwrap_or_else(|e| panic!("DenseModel::loss_grad: {e}"));
        let mut g = Vec::with_capacity(self.dim());
        for m in grad.iter() {
            g.extend_from_slice(m.as_slice());
        }
        (loss.total(), g)
    }
}
