//! # One row of sweep output
//!
//! ## Main definitions
//! - [`RunRow`]: a run's parameters ([`RunRow::spec`]) and measurements.
//! - [`Trace`]: the loss every $k$ steps and the singular values of one layer's class means.
//!
//! ## Main results
//! Non-finite numbers are stored as absent (`null` in JSON, an empty CSV field), so every row
//! serialises and parses back to the same bytes.
//!
//! ## References
//! Metrics: module [`crate::metrics`].
#![cfg_attr(doc, doc = katex!())]

use super::key::{InitKind, SweepRun, parse_activation, parse_loss};
use crate::train::Dufm;
use serde::{Deserialize, Serialize};

/// A finite value or nothing.
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// One run's parameters and results.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRow {
    /// The run key ([`SweepRun::key`]).
    pub key: String,
    /// `mse` / `ce`.
    pub loss: String,
    /// `relu` / `linear`.
    pub activation: String,
    /// $K$.
    pub classes: usize,
    /// $L$.
    pub layers: usize,
    /// $d$.
    pub width: usize,
    /// $n$.
    pub samples: usize,
    /// $\lambda_W$.
    pub lambda_w: f64,
    /// $\lambda_H$.
    pub lambda_h: f64,
    /// Initialisation.
    pub init: String,
    /// Its scale.
    pub init_scale: f64,
    /// GD steps.
    pub steps: u64,
    /// Step size.
    pub lr: f64,
    /// Replicate index.
    pub seed: u64,
    /// The ChaCha8 seed used ([`SweepRun::rng_seed`]).
    pub rng_seed: u64,
    /// Objective after the last step (absent if not finite).
    pub final_loss: Option<f64>,
    /// Its fit part.
    pub fit: Option<f64>,
    /// Its regulariser.
    pub reg: Option<f64>,
    /// $\ell_{\mathrm{DNC}}$ (MSE with $\lambda_W, \lambda_H > 0$ only).
    pub dnc_loss: Option<f64>,
    /// `final_loss / dnc_loss`.
    pub ratio_dnc: Option<f64>,
    /// The final loss is not finite.
    pub diverged: bool,
    /// Numerical rank ($\sigma > 10^{-3}\sigma_{\max}$) of the class means of $H_1, \dots, H_L$
    /// and of the output $Z$ (entry $L+1$).
    pub ranks: Vec<usize>,
    /// Their singular values, descending (empty for a layer with non-finite entries).
    pub singular_values: Vec<Vec<f64>>,
    /// NC1 of $H_L$.
    pub nc1: Option<f64>,
    /// NC2 equinorm.
    pub nc2_equinorm: Option<f64>,
    /// NC2 equiangularity.
    pub nc2_equiangularity: Option<f64>,
    /// NC2 distance to a simplex ETF.
    pub nc2_etf: Option<f64>,
    /// NC3.
    pub nc3: Option<f64>,
    /// Nearest-class-centre accuracy.
    pub ncc_accuracy: Option<f64>,
    /// $\sigma_{K-1}/\sigma_1$ of the centred output class means $\bar Z(I - J/K)$ (1 at a simplex
    /// ETF, 0 at a rank-deficient solution).
    pub nc_ratio: Option<f64>,
    /// `nc_ratio >= 0.9`: the run ended at neural collapse.
    pub ends_at_nc: bool,
}

impl RunRow {
    /// The run's parameters back from the row (`None` if a name does not parse).
    pub fn spec(&self) -> Option<SweepRun> {
        Some(SweepRun {
            model: Dufm {
                classes: self.classes,
                samples: self.samples,
                width: self.width,
                layers: self.layers,
                lambda_h: self.lambda_h,
                lambda_w: self.lambda_w,
                loss: parse_loss(&self.loss)?,
                activation: parse_activation(&self.activation)?,
            },
            init: InitKind::parse(&self.init)?,
            init_scale: self.init_scale,
            steps: self.steps,
            lr: self.lr,
            seed: self.seed,
        })
    }

    /// The row is consistent: its parameters parse, its key is their key and its seed their
    /// seed.
    pub fn check(&self) -> Result<SweepRun, String> {
        let spec = self.spec().ok_or("unknown loss, activation or init name")?;
        if spec.key() != self.key {
            return Err(format!(
                "key {:?} does not match the parameters",
                super::shorten(&self.key)
            ));
        }
        if spec.rng_seed() != self.rng_seed {
            return Err("rng_seed does not match the key".into());
        }
        Ok(spec)
    }
}

/// The trace of one run.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// The run key.
    pub key: String,
    /// The traced layer ($1..L$: $H_l$; $L+1$: $Z$).
    pub layer: usize,
    /// Steps at which the trace was taken (before the step).
    pub step: Vec<u64>,
    /// Objective there (absent if not finite).
    pub loss: Vec<Option<f64>>,
    /// Singular values of the traced layer's class means there.
    pub singular_values: Vec<Vec<f64>>,
}
