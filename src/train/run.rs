//! # One training run
//!
//! The one training loop of the crate, shared by `ncverify train`, the sweeps
//! ([`crate::sweep::runner`]) and the Python package's `train`.
//!
//! ## Main definitions
//! - [`RunSpec`]: model, step size, number of steps, initial parameters, precision, what to
//!   trace and whether to stop at divergence.
//! - [`RunSpec::validate`]: the one validation of a run's arguments ([`MAX_STEPS`], step size,
//!   model sizes, trace interval); [`check_memory`]: the one memory limit ([`MAX_ENTRIES`]).
//! - [`run`] / [`run_with_progress`]: validate, train, and return a [`RunOutcome`] (final
//!   objective, parameters, features, output, trace, time of the loop).
//!
//! ## Main results
//! A trace row at step $s$ (every [`TraceSpec::every`] steps, and once after the last step)
//! holds the objective at the parameters *before* step $s$ and, if asked, the singular values
//! of the class means of one layer at the same parameters ([`Traced`]). The loop is
//! deterministic: the same [`RunSpec`] gives bitwise the same [`RunOutcome`] (apart from
//! [`RunOutcome::seconds`]).
//!
//! ## References
//! `benches/dufm_reference.py`, the NumPy reference (same model and output quantities).
#![cfg_attr(doc, doc = katex!())]

use super::{Dufm, ModelError, Params, Real, Trainer};
use crate::metrics;
use nalgebra::DMatrix;
use std::fmt;
use std::time::Instant;

/// Largest number of steps of one run.
pub const MAX_STEPS: u64 = 100_000_000;

/// Largest number of `f64` entries the trainer may hold at once (2 GiB).
pub const MAX_ENTRIES: u128 = 1 << 28;

/// The floating-point type the trainer computes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Float {
    /// binary64.
    #[default]
    F64,
    /// binary32 (the initial parameters are rounded to `f32`).
    F32,
}

/// Which singular values a trace row records.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Traced {
    /// None (the objective only).
    Loss,
    /// The class means of the last hidden pre-activation $G_{L-1}$ ($H_1$ when $L = 1$).
    LastPreactivation,
    /// The class means of layer $l$: $H_l$ for $1 \le l \le L$, the output $Z$ for $l = L+1$.
    Layer(usize),
}

/// What to trace.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceSpec {
    /// Record a row at every step $s$ with $s \equiv 0 \pmod{\text{every}}$ ($\ge 1$).
    pub every: u64,
    /// The singular values of each row.
    pub traced: Traced,
}

/// Every argument of one training run.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    /// The model.
    pub model: Dufm,
    /// Step size ($> 0$, finite).
    pub lr: f64,
    /// Number of GD steps (at most [`MAX_STEPS`]).
    pub steps: u64,
    /// Initial parameters (rounded to `f32` for [`Float::F32`]).
    pub start: Params<f64>,
    /// The trainer's floating-point type.
    pub float: Float,
    /// What to trace (`None`: nothing).
    pub trace: Option<TraceSpec>,
    /// Stop after the first step whose objective is not finite (the parameters are then no
    /// longer finite and further steps change nothing that is reported).
    pub stop_on_divergence: bool,
}

/// The objective and its parts, each computed in the trainer's precision and then widened
/// to `f64` (so `total` is the rounded sum of the unrounded parts, as the trainer has it).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Objective {
    /// $\text{fit} + \text{reg}$.
    pub total: f64,
    /// The fitting loss.
    pub fit: f64,
    /// The regulariser.
    pub reg: f64,
}

/// One row of a trace.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRow {
    /// The step $s$ (the parameters before step $s$; `steps` for the final row).
    pub step: u64,
    /// The objective there.
    pub loss: Objective,
    /// Singular values of the traced class means, descending ([`class_mean_sv`]); `None` for
    /// [`Traced::Loss`] and where they cannot be computed (a non-finite entry).
    pub singular_values: Option<Vec<f64>>,
}

/// The result of [`run`], in `f64` whatever the precision.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// The objective after the last step run.
    pub last: Objective,
    /// Steps run (fewer than asked only with [`RunSpec::stop_on_divergence`]).
    pub steps_run: u64,
    /// Seconds spent in the loop (for display; never part of a result).
    pub seconds: f64,
    /// The final parameters.
    pub params: Params<f64>,
    /// The final features $H_1, \dots, H_L$.
    pub features: Vec<DMatrix<f64>>,
    /// The final output $Z$.
    pub output: DMatrix<f64>,
    /// The final last hidden pre-activation $G_{L-1}$ ($H_1$ when $L = 1$).
    pub last_preactivation: DMatrix<f64>,
    /// The trace (empty without [`RunSpec::trace`]).
    pub trace: Vec<TraceRow>,
}

impl RunOutcome {
    /// `true` iff the final objective is not finite (the step size was too large).
    pub fn diverged(&self) -> bool {
        !self.last.total.is_finite()
    }
}

/// A run that cannot start.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RunError {
    /// An argument out of its domain or above a limit.
    Parameter {
        /// The argument (`classes`, `samples`, `width`, `layers`, `lr`, `steps`,
        /// `trace_every`, `trace_layer`).
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// The model or the initial parameters are invalid.
    Model(ModelError),
}

impl RunError {
    /// The argument the error names (`params` for a bad initial parameter).
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::Parameter { name, .. } => name,
            Self::Model(ModelError::ZeroSize { name } | ModelError::BadLambda { name, .. }) => name,
            Self::Model(_) => "params",
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parameter { name, reason } => write!(f, "{name}: {reason}"),
            Self::Model(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RunError {}

fn bad(name: &'static str, reason: impl Into<String>) -> RunError {
    RunError::Parameter {
        name,
        reason: reason.into(),
    }
}

/// Refuse a model whose working set exceeds [`MAX_ENTRIES`] `f64` numbers, naming the size
/// that makes it large, before anything is allocated. Counted: the parameters
/// ($dN + (L-1)d^2 + Kd$), the activations and their gradients ($3LdN$), the output, labels
/// and residual ($3KN$), and `init_entries` more (the $2K^2$ of a spectral or Hadamard frame).
#[cfg_attr(doc, doc = katex!())]
pub fn check_memory(m: &Dufm, init_entries: u128) -> Result<(), RunError> {
    let (k, d, l) = (m.classes as u128, m.width as u128, m.layers as u128);
    let n = (m.samples as u128).saturating_mul(k);
    let init = init_entries;
    let entries = d * n + l.saturating_sub(1) * d * d + k * d + 3 * l * d * n + 3 * k * n + init;
    if entries <= MAX_ENTRIES {
        return Ok(());
    }
    // blame the largest contribution
    let name = if init > d * n.max(d) && init >= 3 * k * n {
        "classes"
    } else if 3 * k * n >= 4 * l * d * n {
        if m.samples > m.classes {
            "samples"
        } else {
            "classes"
        }
    } else if d * d * l >= 4 * l * d * n {
        "width"
    } else if m.samples as u128 > k {
        "samples"
    } else {
        "width"
    };
    Err(bad(
        name,
        format!("model too large: about {entries} numbers in memory (limit {MAX_ENTRIES})"),
    ))
}

/// Check a step count against [`MAX_STEPS`].
pub fn check_steps(steps: u64) -> Result<(), RunError> {
    if steps > MAX_STEPS {
        return Err(bad(
            "steps",
            format!("{steps} is above the limit {MAX_STEPS}"),
        ));
    }
    Ok(())
}

/// Check a step size: finite and $> 0$.
#[cfg_attr(doc, doc = katex!())]
pub fn check_lr(lr: f64) -> Result<(), RunError> {
    if !(lr.is_finite() && lr > 0.0) {
        return Err(bad("lr", format!("{lr} must be finite and > 0")));
    }
    Ok(())
}

/// Check a trace interval: at least 1.
pub fn check_trace_every(every: u64) -> Result<(), RunError> {
    if every == 0 {
        return Err(bad("trace_every", "must be at least 1"));
    }
    Ok(())
}

/// Check the model's sizes and regularisation: [`Dufm::validate`], and $K \ge 2$.
#[cfg_attr(doc, doc = katex!())]
pub fn check_model(m: &Dufm) -> Result<(), RunError> {
    m.validate().map_err(RunError::Model)?;
    if m.classes < 2 {
        return Err(bad("classes", format!("{} must be at least 2", m.classes)));
    }
    Ok(())
}

impl RunSpec {
    /// The one validation of a run: the model ([`check_model`], [`check_memory`] without an
    /// initialisation frame), the step size, [`MAX_STEPS`], the trace (interval $\ge 1$, layer
    /// in $1..=L+1$) and the shapes and finiteness of the initial parameters.
    pub fn validate(&self) -> Result<(), RunError> {
        check_model(&self.model)?;
        check_memory(&self.model, 0)?;
        check_lr(self.lr)?;
        check_steps(self.steps)?;
        if let Some(t) = &self.trace {
            check_trace_every(t.every)?;
            if let Traced::Layer(l) = t.traced
                && !(1..=self.model.layers + 1).contains(&l)
            {
                return Err(bad(
                    "trace_layer",
                    format!("{l} is not in 1..={}", self.model.layers + 1),
                ));
            }
        }
        self.start
            .check_shapes(&self.model)
            .map_err(RunError::Model)
    }
}

/// Singular values of the class means of `h` (`d x Kn`, columns class-major), descending;
/// `None` if `h` has a non-finite entry or is not `K n` columns wide.
pub fn class_mean_sv(h: &DMatrix<f64>, k: usize, n: usize) -> Option<Vec<f64>> {
    if h.iter().any(|x| !x.is_finite()) {
        return None;
    }
    metrics::class_means(h, k, n)
        .ok()
        .map(|m| metrics::singular_values(&m))
}

/// [`run_with_progress`] without progress reports.
pub fn run(spec: &RunSpec) -> Result<RunOutcome, RunError> {
    run_with_progress(spec, &mut |_| {})
}

/// Validate `spec` ([`RunSpec::validate`]) and train: `progress(s)` is called before each step
/// $s$ with $s \equiv 0 \pmod{\max(1, \lfloor \text{steps}/100 \rfloor)}$. See the module docs.
#[cfg_attr(doc, doc = katex!())]
pub fn run_with_progress(
    spec: &RunSpec,
    progress: &mut dyn FnMut(u64),
) -> Result<RunOutcome, RunError> {
    spec.validate()?;
    match spec.float {
        Float::F64 => train(spec, spec.start.clone(), progress),
        Float::F32 => train(spec, spec.start.map(|x| x as f32), progress),
    }
}

fn traced_sv<T: Real>(t: &mut Trainer<T>, traced: Traced) -> Option<Option<Vec<f64>>> {
    let (k, n, layers) = (t.model().classes, t.model().samples, t.model().layers);
    let h = match traced {
        Traced::Loss => return None,
        Traced::LastPreactivation => t.last_preactivation(),
        Traced::Layer(l) if l <= layers => t.features().swap_remove(l - 1),
        Traced::Layer(_) => t.output(),
    };
    Some(class_mean_sv(&h.map(|x| x.to_f64()), k, n))
}

fn to_f64<T: Real>(l: super::LossParts<T>) -> Objective {
    Objective {
        total: l.total().to_f64(),
        fit: l.fit.to_f64(),
        reg: l.reg.to_f64(),
    }
}

/// The loop (once, for every front-end).
fn train<T: Real>(
    spec: &RunSpec,
    start: Params<T>,
    progress: &mut dyn FnMut(u64),
) -> Result<RunOutcome, RunError> {
    let mut t = Trainer::new(spec.model, spec.lr, start).map_err(RunError::Model)?;
    let mut trace = Vec::new();
    let tick = (spec.steps / 100).max(1);
    let mut steps_run = 0;
    let start = Instant::now();
    for s in 0..spec.steps {
        if s % tick == 0 {
            progress(s);
        }
        let loss = match spec.trace {
            Some(tr) if s % tr.every == 0 => {
                let singular_values = traced_sv(&mut t, tr.traced).flatten();
                let loss = to_f64(t.step());
                trace.push(TraceRow {
                    step: s,
                    loss,
                    singular_values,
                });
                loss
            }
            _ => to_f64(t.step()),
        };
        steps_run = s + 1;
        if spec.stop_on_divergence && !loss.total.is_finite() {
            break;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let last = to_f64(t.loss());
    if let Some(tr) = spec.trace {
        let singular_values = traced_sv(&mut t, tr.traced).flatten();
        trace.push(TraceRow {
            step: spec.steps,
            loss: last,
            singular_values,
        });
    }
    let features = t
        .features()
        .into_iter()
        .map(|h| h.map(|x| x.to_f64()))
        .collect();
    Ok(RunOutcome {
        last,
        steps_run,
        seconds,
        output: t.output().map(|x| x.to_f64()),
        last_preactivation: t.last_preactivation().map(|x| x.to_f64()),
        params: t.params().map(|x| x.to_f64()),
        features,
        trace,
    })
}
