//! # The MSE deep UFM from Python
//!
//! ## Main definitions
//! `family_loss`, `dnc_optimum_is_zero`, `compare`: family losses and exact comparisons.
//!
//! ## Main results
//! None (bindings).
//!
//! ## References
//! The crate `ncverify`.

use crate::convert::{fraction, json_to_py, rational_arg, to_json};
use crate::{ParameterError, detached, param_err};
use ncverify::mse::compare::compare_constructions;
use ncverify::mse::family::{Family, construction_loss, dnc_zero_threshold, per_block_scales_loss};
use ncverify::mse::{MseError, MseParams};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A parameter error, prefixed with the Python argument it is about.
pub(crate) fn mse_err(e: MseError) -> PyErr {
    let name = e.parameter();
    param_err(name, e)
}

pub(crate) fn mse_params(
    classes: u64,
    layers: u32,
    lambda_w: &Bound<'_, PyAny>,
    lambda_h: &Bound<'_, PyAny>,
    samples: u64,
) -> PyResult<(MseParams, (String, String))> {
    let (lw, lw_text) = rational_arg("lambda_w", lambda_w)?;
    let (lh, lh_text) = rational_arg("lambda_h", lambda_h)?;
    let p = MseParams::new(classes, layers, lw, lh, samples).map_err(mse_err)?;
    Ok((p, (lw_text, lh_text)))
}

pub(crate) fn family_arg(name: &str, s: &str) -> PyResult<Family> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "dnc" => Ok(Family::Dnc),
        "srg" => Ok(Family::Srg),
        "srg-block" => Ok(Family::SrgBlock),
        "srg-best" => Ok(Family::SrgBest),
        _ => Err(param_err(
            name,
            format!("unknown family {s:?}; one of \"dnc\", \"srg\", \"srg-block\", \"srg-best\""),
        )),
    }
}

/// The optimal loss of a family of the MSE deep UFM with ReLU (as `ncverify mse`).
#[pyfunction]
#[pyo3(signature = (family, classes, layers, lambda_w, lambda_h, samples = 1))]
pub(crate) fn family_loss<'py>(
    py: Python<'py>,
    family: &str,
    classes: u64,
    layers: u32,
    lambda_w: &Bound<'py, PyAny>,
    lambda_h: &Bound<'py, PyAny>,
    samples: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let fam = family_arg("family", family)?;
    let (p, _) = mse_params(classes, layers, lambda_w, lambda_h, samples)?;
    let (c, fl, cost, per_block, zero) = detached(py, || {
        let c = fam.construction(&p).map_err(mse_err)?;
        let fl = construction_loss(&p, &c).map_err(mse_err)?;
        let cost = c.cost_f64(p.layers()).map_err(mse_err)?;
        let per_block = per_block_scales_loss(&p, &c).map_err(mse_err)?;
        Ok((c, fl, cost, per_block, dnc_zero_threshold(&p)))
    })?;
    let d = PyDict::new(py);
    d.set_item("family", fam.name())?;
    d.set_item("classes", p.classes())?;
    d.set_item("layers", p.layers())?;
    d.set_item("samples", p.samples())?;
    d.set_item("loss", fl.loss)?;
    d.set_item("scale", fl.scale)?;
    d.set_item("cost_constant", cost)?;
    d.set_item("loss_per_block_scales", per_block)?;
    d.set_item("blocks", json_to_py(py, &to_json(c.blocks())?)?)?;
    d.set_item("dnc_optimum_is_zero", zero)?;
    Ok(d)
}

/// Whether DNC's optimum is the zero solution at these parameters (decided exactly).
#[pyfunction]
#[pyo3(signature = (classes, layers, lambda_w, lambda_h, samples = 1))]
pub(crate) fn dnc_optimum_is_zero(
    classes: u64,
    layers: u32,
    lambda_w: &Bound<'_, PyAny>,
    lambda_h: &Bound<'_, PyAny>,
    samples: u64,
) -> PyResult<bool> {
    let (p, _) = mse_params(classes, layers, lambda_w, lambda_h, samples)?;
    Ok(dnc_zero_threshold(&p))
}

/// The exact order of two families' optimal losses, decided by the kernel, with a rational
/// enclosure of each.
#[pyfunction]
#[pyo3(signature = (first, second, classes, layers, lambda_w, lambda_h, samples = 1))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn compare<'py>(
    py: Python<'py>,
    first: &str,
    second: &str,
    classes: u64,
    layers: u32,
    lambda_w: &Bound<'py, PyAny>,
    lambda_h: &Bound<'py, PyAny>,
    samples: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let f1 = family_arg("first", first)?;
    let f2 = family_arg("second", second)?;
    let (p, _) = mse_params(classes, layers, lambda_w, lambda_h, samples)?;
    let cmp = detached(py, || {
        let c1 = f1.construction(&p).map_err(|e| param_err("first", e))?;
        let c2 = f2.construction(&p).map_err(|e| param_err("second", e))?;
        compare_constructions(&p, &c1, &c2).map_err(|e| ParameterError::new_err(e.to_string()))
    })?;
    let (ordering, reason) = match &cmp.ordering {
        ncverify::mse::LossOrdering::Less => ("<", None),
        ncverify::mse::LossOrdering::Equal => ("=", None),
        ncverify::mse::LossOrdering::Greater => (">", None),
        ncverify::mse::LossOrdering::Undecided { reason } => ("undecided", Some(reason.clone())),
    };
    let d = PyDict::new(py);
    d.set_item("first", f1.name())?;
    d.set_item("second", f2.name())?;
    d.set_item("ordering", ordering)?;
    d.set_item("reason", reason)?;
    d.set_item(
        "first_enclosure",
        (fraction(py, cmp.first.lo())?, fraction(py, cmp.first.hi())?),
    )?;
    d.set_item(
        "second_enclosure",
        (
            fraction(py, cmp.second.lo())?,
            fraction(py, cmp.second.hi())?,
        ),
    )?;
    d.set_item("first_f64", cmp.first_f64)?;
    d.set_item("second_f64", cmp.second_f64)?;
    d.set_item("fact", cmp.fact.to_string())?;
    Ok(d)
}
