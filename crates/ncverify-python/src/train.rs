//! # The trainer from Python
//!
//! ## Main definitions
//! `train` (the library's `train::run`), `dufm_loss` (the objective at given parameters).
//!
//! ## Main results
//! None (bindings).
//!
//! ## References
//! The crate `ncverify`.

use crate::convert::{matrix_to_numpy, params_arg, params_to_dict};
use crate::{InternalError, detached, param_err, shape_err};
use ncverify::train::run::{self, Float, RunError, RunOutcome, RunSpec, TraceSpec, Traced};
use ncverify::train::{Activation, Dufm, Loss, Params, init};
use numpy::IntoPyArray;
use numpy::ndarray::Array2;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

pub(crate) fn loss_arg(s: &str) -> PyResult<Loss> {
    match s {
        "mse" => Ok(Loss::Mse),
        "ce" => Ok(Loss::Ce),
        _ => Err(param_err("loss", format!("{s:?} is not \"mse\" or \"ce\""))),
    }
}

pub(crate) fn activation_arg(s: &str) -> PyResult<Activation> {
    match s {
        "relu" => Ok(Activation::Relu),
        "linear" => Ok(Activation::Linear),
        _ => Err(param_err(
            "activation",
            format!("{s:?} is not \"relu\" or \"linear\""),
        )),
    }
}

pub(crate) fn lambda_f64(name: &str, x: f64) -> PyResult<f64> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(param_err(name, format!("{x} must be finite and >= 0")))
    }
}

/// The model described by the dict `params` and the sizes (`classes`, `samples` from the
/// columns of `H1`).
pub(crate) fn model_of(
    params: &Params<f64>,
    classes: usize,
    lambda_w: f64,
    lambda_h: f64,
    loss: Loss,
    activation: Activation,
) -> PyResult<Dufm> {
    let (width, cols) = params.h1.shape();
    if classes < 2 {
        return Err(param_err(
            "classes",
            format!("{classes} must be at least 2"),
        ));
    }
    if cols == 0 || cols % classes != 0 {
        return Err(shape_err(
            "params[\"H1\"]",
            format!("{cols} columns is not a positive multiple of classes = {classes}"),
        ));
    }
    let model = Dufm {
        classes,
        samples: cols / classes,
        width,
        layers: params.w.len(),
        lambda_h,
        lambda_w,
        loss,
        activation,
    };
    model.validate().map_err(|e| param_err("params", e))?;
    params
        .check_shapes(&model)
        .map_err(|e| shape_err("params", e))?;
    Ok(model)
}

/// The objective of the deep UFM at explicit parameters (`f64`, the trainer's formula:
/// `docs/theory.md` §3.1): `{"fit", "reg", "total"}`.
#[pyfunction]
#[pyo3(signature = (params, classes, lambda_w, lambda_h, loss = "mse", activation = "relu"))]
pub(crate) fn dufm_loss<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    classes: usize,
    lambda_w: f64,
    lambda_h: f64,
    loss: &str,
    activation: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let p = params_arg(params)?;
    let model = model_of(
        &p,
        classes,
        lambda_f64("lambda_w", lambda_w)?,
        lambda_f64("lambda_h", lambda_h)?,
        loss_arg(loss)?,
        activation_arg(activation)?,
    )?;
    let parts = detached(py, || {
        ncverify::train::trainer::loss_at(model, p).map_err(|e| param_err("params", e))
    })?;
    let d = PyDict::new(py);
    d.set_item("fit", parts.fit)?;
    d.set_item("reg", parts.reg)?;
    d.set_item("total", parts.total())?;
    Ok(d)
}

pub(crate) fn run_err(e: RunError) -> PyErr {
    param_err(e.parameter(), e)
}

/// Full-batch gradient descent on the deep UFM (`f64`), from a seeded Gaussian start or
/// from `params`. Returns the final parameters, the features `H_1..H_L` and output `Z`
/// (columns = samples, class-major), and the loss trace.
#[pyfunction]
#[pyo3(signature = (classes = 10, layers = 4, width = 30, samples = 1, lambda_w = 0.004, lambda_h = None, lr = 0.5, steps = 10_000, init_scale = 0.3, seed = 0, loss = "mse", activation = "relu", params = None, trace_every = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn train<'py>(
    py: Python<'py>,
    classes: usize,
    layers: usize,
    width: usize,
    samples: usize,
    lambda_w: f64,
    lambda_h: Option<f64>,
    lr: f64,
    steps: u64,
    init_scale: f64,
    seed: u64,
    loss: &str,
    activation: &str,
    params: Option<&Bound<'py, PyAny>>,
    trace_every: Option<u64>,
) -> PyResult<Bound<'py, PyDict>> {
    let lambda_w = lambda_f64("lambda_w", lambda_w)?;
    let lambda_h = lambda_f64("lambda_h", lambda_h.unwrap_or(lambda_w))?;
    let (loss, activation) = (loss_arg(loss)?, activation_arg(activation)?);
    run::check_lr(lr).map_err(run_err)?;
    if !(init_scale.is_finite() && init_scale >= 0.0) {
        return Err(param_err(
            "init_scale",
            format!("{init_scale} must be finite and >= 0"),
        ));
    }
    run::check_steps(steps).map_err(run_err)?;
    if let Some(every) = trace_every {
        run::check_trace_every(every).map_err(run_err)?;
    }
    let (model, start) = model_and_start(
        params,
        (classes, layers, width, samples),
        (lambda_w, lambda_h),
        loss,
        activation,
    )?;
    run::check_memory(&model, 0).map_err(run_err)?;
    let every = trace_every.unwrap_or((steps / 200).max(1));
    let out = detached(py, move || {
        let start = match start {
            Some(p) => p,
            None => {
                init::gaussian(&model, init_scale, seed).map_err(|e| param_err("init_scale", e))?
            }
        };
        let spec = RunSpec {
            model,
            lr,
            steps,
            start,
            float: Float::F64,
            trace: Some(TraceSpec {
                every,
                traced: Traced::Loss,
            }),
            stop_on_divergence: false,
        };
        run::run(&spec).map_err(run_err)
    })?;
    outcome_dict(py, &out, steps)
}

/// The model and, with `params`, the start of `train`: from the dict's shapes, or from
/// `(classes, layers, width, samples)` (checked by the library's `check_model`).
fn model_and_start(
    params: Option<&Bound<'_, PyAny>>,
    (classes, layers, width, samples): (usize, usize, usize, usize),
    (lambda_w, lambda_h): (f64, f64),
    loss: Loss,
    activation: Activation,
) -> PyResult<(Dufm, Option<Params<f64>>)> {
    Ok(match params {
        Some(p) => {
            let p = params_arg(p)?;
            (
                model_of(&p, classes, lambda_w, lambda_h, loss, activation)?,
                Some(p),
            )
        }
        None => {
            let model = Dufm {
                classes,
                samples,
                width,
                layers,
                lambda_h,
                lambda_w,
                loss,
                activation,
            };
            run::check_model(&model).map_err(run_err)?;
            (model, None)
        }
    })
}

/// The dict `train` returns.
fn outcome_dict<'py>(
    py: Python<'py>,
    out: &RunOutcome,
    steps: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("params", params_to_dict(py, &out.params)?)?;
    let feats = PyList::empty(py);
    for f in &out.features {
        feats.append(matrix_to_numpy(py, f))?;
    }
    d.set_item("features", feats)?;
    d.set_item("output", matrix_to_numpy(py, &out.output))?;
    let rows = out.trace.len();
    let flat: Vec<f64> = out
        .trace
        .iter()
        .flat_map(|r| [r.step as f64, r.loss.total, r.loss.fit, r.loss.reg])
        .collect();
    let arr = Array2::from_shape_vec((rows, 4), flat)
        .map_err(|e| InternalError::new_err(format!("trace shape: {e}")))?;
    d.set_item("loss_trace", arr.into_pyarray(py))?;
    d.set_item("final_loss", out.last.total)?;
    d.set_item("fit", out.last.fit)?;
    d.set_item("reg", out.last.reg)?;
    d.set_item("diverged", out.diverged())?;
    d.set_item("steps", steps)?;
    Ok(d)
}
