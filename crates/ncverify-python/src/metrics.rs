//! # Collapse metrics from Python
//!
//! ## Main definitions
//! `metrics` (in memory), `metrics_files` (streamed from files).
//!
//! ## Main results
//! None (bindings).
//!
//! ## References
//! The crate `ncverify`.

use crate::convert::{io_err, labels_arg, matrix_arg, read_limits};
use crate::{ShapeError, detached, param_err, shape_err};
use ncverify::metrics::MetricTolerances;
use ncverify::metrics::stream::{
    LabelledMetrics, StreamError, StreamOptions, labelled_metrics, metrics_from_files,
};
use ncverify::nalgebra::DMatrix;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

pub(crate) fn labelled_dict<'py>(
    py: Python<'py>,
    m: &LabelledMetrics,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("classes", m.classes)?;
    d.set_item("samples", m.samples)?;
    d.set_item("dim", m.dim)?;
    d.set_item("class_counts", m.class_counts.clone())?;
    d.set_item("nc1", m.nc1)?;
    d.set_item("trace_ratio", m.trace_ratio)?;
    d.set_item("nc2_equinorm", m.nc2.equinorm)?;
    d.set_item("nc2_equiangularity", m.nc2.equiangularity)?;
    d.set_item("nc2_etf_distance", m.nc2.etf_distance)?;
    d.set_item("nc3", m.nc3)?;
    d.set_item("nc4", m.nc4)?;
    d.set_item("cdnv_mean", m.cdnv_mean)?;
    d.set_item("cdnv_max", m.cdnv_max)?;
    d.set_item("ncc_accuracy", m.ncc_accuracy)?;
    d.set_item("ncc_error", m.ncc_error)?;
    Ok(d)
}

pub(crate) fn tolerances(pinv_rel_tol: f64, ncc_epsilon: f64) -> PyResult<MetricTolerances> {
    if !(pinv_rel_tol.is_finite() && pinv_rel_tol >= 0.0) {
        return Err(param_err(
            "pinv_rel_tol",
            format!("{pinv_rel_tol} must be finite and >= 0"),
        ));
    }
    if !(0.0..=1.0).contains(&ncc_epsilon) {
        return Err(param_err(
            "ncc_epsilon",
            format!("{ncc_epsilon} must be in [0, 1]"),
        ));
    }
    Ok(MetricTolerances {
        pinv_rel_tol,
        ncc_epsilon,
    })
}

/// Neural-collapse metrics of features `N x d` (one row per sample) with integer labels in
/// `0..classes` (classes of any sizes, each non-empty), in memory: NC1 and the trace ratio,
/// NC2, NC3 and NC4 with the classifier `K x d`, CDNV, NCC error; NC1, NCC error and the
/// effective depth of every layer in `layers` (each `N x d_l`). The code of `ncverify metrics`.
#[pyfunction]
#[pyo3(signature = (features, labels, classes = None, classifier = None, layers = None, pinv_rel_tol = 1e-10, ncc_epsilon = 0.01))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn metrics<'py>(
    py: Python<'py>,
    features: &Bound<'py, PyAny>,
    labels: &Bound<'py, PyAny>,
    classes: Option<usize>,
    classifier: Option<&Bound<'py, PyAny>>,
    layers: Option<Vec<Bound<'py, PyAny>>>,
    pinv_rel_tol: f64,
    ncc_epsilon: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let tol = tolerances(pinv_rel_tol, ncc_epsilon)?;
    // d x N: one column per sample, as the library takes them
    let h = matrix_arg("features", features)?.transpose();
    let y = labels_arg(labels)?;
    let w = classifier
        .map(|c| matrix_arg("classifier", c))
        .transpose()?;
    let k = match (classes, &w) {
        (Some(k), _) => k,
        (None, Some(w)) => w.nrows(),
        (None, None) => y
            .iter()
            .max()
            .map(|m| m + 1)
            .ok_or_else(|| param_err("labels", "no samples"))?,
    };
    if k < 2 {
        return Err(param_err("classes", format!("{k} must be at least 2")));
    }
    if y.len() != h.ncols() {
        return Err(shape_err(
            "labels",
            format!(
                "{} entries, but features has {} rows (samples)",
                y.len(),
                h.ncols()
            ),
        ));
    }
    if let Some((i, &l)) = y.iter().enumerate().find(|(_, l)| **l >= k) {
        return Err(shape_err(
            "labels",
            format!("entry {i} = {l} is not a class in 0..{k}"),
        ));
    }
    let all = layers_arg(layers, y.len())?;
    let (m, per_layer) = detached(py, || {
        let m = labelled_metrics(&h, &y, k, w.as_ref(), &tol).map_err(|e| {
            let name = if matches!(e, ncverify::metrics::MetricError::Classifier { .. }) {
                "classifier"
            } else {
                "features"
            };
            shape_err(name, e)
        })?;
        let mut per_layer = Vec::with_capacity(all.len());
        for (i, l) in all.iter().enumerate() {
            per_layer.push(
                labelled_metrics(l, &y, k, None, &tol)
                    .map_err(|e| shape_err(&format!("layers[{i}]"), e))?,
            );
        }
        Ok((m, per_layer))
    })?;
    metrics_dict(py, &m, &per_layer, tol.ncc_epsilon)
}

/// The metrics of features stored in files, streamed in two passes (as `ncverify metrics`):
/// `features` a `.npy` `(N, d)`, `labels` a file with one integer tensor, `weights` a file
/// with the `K x d` classifier, `layers` `.npy` files `(N, d_l)`.
#[pyfunction]
#[pyo3(signature = (features, labels, weights = None, layers = Vec::new(), pinv_rel_tol = 1e-10, ncc_epsilon = 0.01, chunk_rows = 8192, max_mib = 1024))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn metrics_files<'py>(
    py: Python<'py>,
    features: std::path::PathBuf,
    labels: std::path::PathBuf,
    weights: Option<std::path::PathBuf>,
    layers: Vec<std::path::PathBuf>,
    pinv_rel_tol: f64,
    ncc_epsilon: f64,
    chunk_rows: usize,
    max_mib: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let tol = tolerances(pinv_rel_tol, ncc_epsilon)?;
    if chunk_rows == 0 {
        return Err(param_err("chunk_rows", "must be at least 1"));
    }
    let limits = read_limits(max_mib)?;
    let opts = StreamOptions {
        chunk_rows,
        tol,
        limits,
    };
    let fm = detached(py, || {
        metrics_from_files(
            &features,
            &labels,
            weights.as_deref(),
            &layers,
            &opts,
            &mut |_| {},
        )
        .map_err(|e| match e {
            StreamError::Io(e) => io_err(e),
            other => ShapeError::new_err(other.to_string()),
        })
    })?;
    let d = labelled_dict(py, &fm.metrics)?;
    d.set_item("features", &fm.features)?;
    let layer_list = PyList::empty(py);
    for l in &fm.layers {
        let ld = PyDict::new(py);
        ld.set_item("file", &l.file)?;
        ld.set_item("dim", l.dim)?;
        ld.set_item("nc1", l.nc1)?;
        ld.set_item("ncc_error", l.ncc_error)?;
        layer_list.append(ld)?;
    }
    d.set_item("layers", layer_list)?;
    d.set_item("effective_depth", fm.effective_depth)?;
    d.set_item("epsilon", fm.epsilon)?;
    Ok(d)
}

/// The `layers` argument of `metrics`: each `N x d_l`, as `d_l x N` matrices.
fn layers_arg(
    layers: Option<Vec<Bound<'_, PyAny>>>,
    samples: usize,
) -> PyResult<Vec<DMatrix<f64>>> {
    Ok(match layers {
        Some(ls) => {
            let mut out = Vec::with_capacity(ls.len());
            for (i, l) in ls.iter().enumerate() {
                let name = format!("layers[{i}]");
                let m = matrix_arg(&name, l)?.transpose();
                if m.ncols() != samples {
                    return Err(shape_err(
                        &name,
                        format!(
                            "{} rows (samples), but labels has {} entries",
                            m.ncols(),
                            samples
                        ),
                    ));
                }
                out.push(m);
            }
            out
        }
        None => Vec::new(),
    })
}

/// The dict `metrics` returns: the features' metrics, each layer's NC1 and NCC error, and the
/// effective depth at `epsilon`.
fn metrics_dict<'py>(
    py: Python<'py>,
    m: &LabelledMetrics,
    per_layer: &[LabelledMetrics],
    epsilon: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let d = labelled_dict(py, m)?;
    let layer_list = PyList::empty(py);
    for l in per_layer {
        let ld = PyDict::new(py);
        ld.set_item("dim", l.dim)?;
        ld.set_item("nc1", l.nc1)?;
        ld.set_item("ncc_error", l.ncc_error)?;
        layer_list.append(ld)?;
    }
    d.set_item("layers", layer_list)?;
    d.set_item(
        "effective_depth",
        if per_layer.is_empty() {
            None
        } else {
            per_layer
                .iter()
                .position(|l| l.ncc_accuracy >= 1.0 - epsilon)
                .map(|l| l + 1)
        },
    )?;
    d.set_item("epsilon", epsilon)?;
    Ok(d)
}
