//! # ncverify from Python
//!
//! PyO3 bindings of the crate `ncverify`, built by maturin into the Python package `ncverify`
//! (module `ncverify._ncverify`, re-exported by `ncverify/__init__.py`).
//!
//! ## Main definitions
//! - Exceptions: `NcverifyError` and its subclasses `ParameterError` (a bad argument),
//!   `ShapeError` (a `ParameterError`: an array of the wrong shape, dtype or with a
//!   non-finite entry), `CertificateError` (the kernel rejected a certificate; the message is
//!   the kernel's located reason), `InputError` (a file that cannot be read) and
//!   `InternalError` (a bug: a Rust panic caught before it reaches Python).
//! - MSE deep UFM: `family_loss`, `compare`, `dnc_zero_threshold`.
//! - Certificates: `certify` (search, write, kernel-verify), `certify_point` (a trained
//!   point given as NumPy arrays or a `.npz`/safetensors file, by the library's
//!   `search::certify_point`), `verify` (TOML text), `verify_file` (a path).
//! - NumPy: `metrics` (features `N x d`, labels `N`, in memory, by the library's
//!   `metrics::stream::labelled_metrics`), `metrics_files` (streamed from `.npy` files),
//!   `train` (the `f64` gradient-descent trainer), `dufm_loss` (the trainer's objective at
//!   given parameters).
//!
//! Every function validates its arguments and raises one of the exceptions above; no Rust
//! panic crosses into Python. Long computations release the interpreter lock.
//!
//! ## Main results
//! None (bindings). Exact values (losses' enclosures, certificate bounds) are returned as
//! `fractions.Fraction`; the kernel decides every comparison, floats are for display.
//!
//! ## References
//! The crate `ncverify` (`docs/theory.md` §3.1 for the objective).

use ncverify::io::point::DufmPoint;
use ncverify::io::{Dtype, IoError, IoErrorKind, ReadLimits, Tensor, TensorData, TensorFile};
use ncverify::kernel::arith::rational::{Q, parse_rational};
use ncverify::kernel::cert::limits;
use ncverify::kernel::cert::point::{Certificate, Verified};
use ncverify::metrics::MetricTolerances;
use ncverify::metrics::stream::{
    LabelledMetrics, StreamError, StreamOptions, labelled_metrics, metrics_from_files,
};
use ncverify::mse::compare::compare_constructions;
use ncverify::mse::family::{Family, construction_loss, dnc_zero_threshold, per_block_scales_loss};
use ncverify::mse::{MseError, MseParams};
use ncverify::nalgebra::DMatrix;
use ncverify::num_traits::Signed;
use ncverify::search::certify::{SearchOptions, certify as search_certify};
use ncverify::search::certify_point::{
    AttemptResult, CertifyPointError, CertifyPointOptions, certify_point as search_certify_point,
};
use ncverify::train::run::{self, Float, RunError, RunSpec, TraceSpec, Traced};
use ncverify::train::{Activation, Dufm, Loss, Params, init};
use numpy::ndarray::{Array2, ArrayView2};
use numpy::{IntoPyArray, PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArrayDyn};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use std::panic::{AssertUnwindSafe, catch_unwind};

create_exception!(
    ncverify,
    NcverifyError,
    PyException,
    "Base class of every error ncverify raises."
);
create_exception!(
    ncverify,
    ParameterError,
    NcverifyError,
    "A bad argument (out of its domain, of the wrong type, above a resource limit); the message names it."
);
create_exception!(
    ncverify,
    ShapeError,
    ParameterError,
    "An array of the wrong shape or dtype, or with a NaN or infinite entry; the message names it."
);
create_exception!(
    ncverify,
    CertificateError,
    NcverifyError,
    "The kernel rejected a certificate; the message is its located reason (first failing clause)."
);
create_exception!(
    ncverify,
    InputError,
    NcverifyError,
    "A file that cannot be read (missing, too large, not UTF-8); the message names it."
);
create_exception!(
    ncverify,
    InternalError,
    NcverifyError,
    "A bug in ncverify (a Rust panic caught at the boundary). Please report it."
);

/// Longest text accepted for one rational argument.
const MAX_RATIONAL_TEXT: usize = 200;
/// Largest `classes` of `certify` (as the CLI).
const MAX_CERTIFY_CLASSES: u64 = 64;

fn param_err(name: &str, msg: impl std::fmt::Display) -> PyErr {
    ParameterError::new_err(format!("{name}: {msg}"))
}

fn shape_err(name: &str, msg: impl std::fmt::Display) -> PyErr {
    ShapeError::new_err(format!("{name}: {msg}"))
}

/// Run `f` without the interpreter lock; a panic becomes `InternalError`.
fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> PyResult<T> + Send) -> PyResult<T> {
    py.detach(|| match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(InternalError::new_err(format!(
                "internal error (please report): {what}"
            )))
        }
    })
}

/// An exact positive rational argument: a `str` (`"1/1000"`, `"0.001"`, `"1e-3"`), an `int`
/// or a `fractions.Fraction`. Returns the value and the text recorded in certificates.
fn rational_arg(name: &str, v: &Bound<'_, PyAny>) -> PyResult<(Q, String)> {
    let fraction = v.py().import("fractions")?.getattr("Fraction")?;
    let text: String = if v.is_instance_of::<PyBool>() {
        return Err(param_err(name, "a bool is not a number"));
    } else if v.is_instance_of::<PyString>() {
        v.extract()?
    } else if v.is_instance_of::<PyInt>() || v.is_instance(&fraction)? {
        v.str()?.extract()?
    } else if v.is_instance_of::<PyFloat>() {
        return Err(param_err(
            name,
            "a float is not exact; pass a string such as \"1/1000\" or a fractions.Fraction",
        ));
    } else {
        return Err(param_err(
            name,
            format!(
                "expected str, int or fractions.Fraction, got {}",
                v.get_type().name()?
            ),
        ));
    };
    if text.len() > MAX_RATIONAL_TEXT {
        return Err(param_err(
            name,
            format!("longer than {MAX_RATIONAL_TEXT} characters"),
        ));
    }
    let q = parse_rational(&text).map_err(|e| param_err(name, format!("{text:?}: {e}")))?;
    if !q.is_positive() {
        return Err(param_err(name, format!("{text:?} must be > 0")));
    }
    Ok((q, text.trim().to_string()))
}

/// A parameter error, prefixed with the Python argument it is about.
fn mse_err(e: MseError) -> PyErr {
    let name = e.parameter();
    param_err(name, e)
}

fn mse_params(
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

fn family_arg(name: &str, s: &str) -> PyResult<Family> {
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

fn fraction<'py>(py: Python<'py>, q: &Q) -> PyResult<Bound<'py, PyAny>> {
    py.import("fractions")?
        .getattr("Fraction")?
        .call1((q.to_string(),))
}

/// A `serde_json` value as plain Python objects (dict, list, str, int, float, bool, None).
fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                let f = n
                    .as_f64()
                    .ok_or_else(|| InternalError::new_err("a JSON number without a value"))?;
                PyFloat::new(py, f).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(json_to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> PyResult<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| InternalError::new_err(format!("serialisation: {e}")))
}

/// The optimal loss of a family of the MSE deep UFM with ReLU (as `ncverify mse`).
#[pyfunction]
#[pyo3(signature = (family, classes, layers, lambda_w, lambda_h, samples = 1))]
fn family_loss<'py>(
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
fn dnc_optimum_is_zero(
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
fn compare<'py>(
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

/// `listed` iff the certificate's label is a registered claim listing its parameter point.
fn label_status(v: &Verified) -> &'static str {
    let listed = ncverify::claims::registry().iter().any(|c| {
        c.meta.id == v.claim()
            && c.meta
                .points
                .iter()
                .any(|p| ncverify::claims::cert::at_point(v, p))
    });
    if listed { "listed" } else { "unlisted" }
}

fn verified_dict<'py>(py: Python<'py>, v: &Verified) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let (k, l, n) = v.shape();
    d.set_item("valid", true)?;
    d.set_item("claim", v.claim())?;
    d.set_item("label", label_status(v))?;
    d.set_item("classes", k)?;
    d.set_item("layers", l)?;
    d.set_item("samples", n)?;
    d.set_item("lambda_w", fraction(py, &v.lambdas().0)?)?;
    d.set_item("lambda_h", fraction(py, &v.lambdas().1)?)?;
    d.set_item("upper", fraction(py, v.upper())?)?;
    d.set_item("lower", fraction(py, v.lower())?)?;
    d.set_item("fact", v.fact().to_string())?;
    Ok(d)
}

/// Search for a parameter point that beats every DNC point, write it as a certificate and
/// re-verify it with the kernel (as `ncverify certify mse`).
#[pyfunction]
#[pyo3(signature = (classes, layers, lambda_w, lambda_h, samples = 1, restarts = 12, seed = 1, claim = "mse.dnc_not_optimal"))]
#[allow(clippy::too_many_arguments)]
fn certify<'py>(
    py: Python<'py>,
    classes: u64,
    layers: u32,
    lambda_w: &Bound<'py, PyAny>,
    lambda_h: &Bound<'py, PyAny>,
    samples: u64,
    restarts: u64,
    seed: u64,
    claim: &str,
) -> PyResult<Bound<'py, PyDict>> {
    if !(1..=1_000).contains(&restarts) {
        return Err(param_err(
            "restarts",
            format!("{restarts} is not in 1..=1000"),
        ));
    }
    if samples > limits::MAX_SAMPLES {
        return Err(param_err(
            "samples",
            format!(
                "{samples} is above {} (the kernel verifies certificates up to this n)",
                limits::MAX_SAMPLES
            ),
        ));
    }
    if claim.len() > 200 {
        return Err(param_err("claim", "longer than 200 characters"));
    }
    let (p, texts) = mse_params(classes, layers, lambda_w, lambda_h, samples)?;
    // the search is float code: λ with no finite, normal f64 image is refused (ValueError)
    p.float_ready().map_err(mse_err)?;
    if classes > MAX_CERTIFY_CLASSES {
        return Err(param_err(
            "classes",
            format!("{classes} is above the search limit {MAX_CERTIFY_CLASSES}"),
        ));
    }
    let opts = SearchOptions {
        restarts: restarts as usize,
        seed,
        dense: classes <= 12,
        ..SearchOptions::default()
    };
    let claim = claim.to_string();
    let out = detached(py, || {
        Ok(search_certify(
            &p,
            (texts.0.as_str(), texts.1.as_str()),
            &claim,
            &opts,
        ))
    })?;
    let d = PyDict::new(py);
    d.set_item("family", &out.family)?;
    d.set_item("best_loss", out.best_loss)?;
    d.set_item("dnc_loss", out.dnc_loss)?;
    d.set_item("ratio", out.ratio())?;
    match &out.certificate {
        Some((cert, v)) => {
            d.set_item("verdict", "dnc_not_optimal")?;
            d.set_item(
                "certificate",
                ncverify::search::certificate_file::to_toml(cert),
            )?;
            d.set_item("upper", fraction(py, v.upper())?)?;
            d.set_item("lower", fraction(py, v.lower())?)?;
            d.set_item("fact", v.fact().to_string())?;
        }
        None => {
            d.set_item("verdict", "undecided")?;
            d.set_item("certificate", py.None())?;
            d.set_item("upper", py.None())?;
            d.set_item("lower", py.None())?;
            d.set_item("fact", py.None())?;
        }
    }
    Ok(d)
}

fn verify_text(py: Python<'_>, text: String) -> PyResult<Verified> {
    detached(py, move || {
        let cert =
            Certificate::from_toml(&text).map_err(|e| CertificateError::new_err(e.to_string()))?;
        cert.verify()
            .map_err(|e| CertificateError::new_err(e.to_string()))
    })
}

/// Verify a certificate given as TOML text with the kernel only.
#[pyfunction]
fn verify<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let text: String = text.extract().map_err(|_| {
        param_err(
            "text",
            "expected the certificate's TOML text as str (use verify_file for a path)",
        )
    })?;
    if text.len() > limits::MAX_FILE_BYTES {
        return Err(CertificateError::new_err(format!(
            "file: larger than the limit of {} bytes",
            limits::MAX_FILE_BYTES
        )));
    }
    let v = verify_text(py, text)?;
    verified_dict(py, &v)
}

/// Verify a certificate file (a `str` or `os.PathLike` path) with the kernel only.
#[pyfunction]
fn verify_file<'py>(py: Python<'py>, path: std::path::PathBuf) -> PyResult<Bound<'py, PyDict>> {
    use std::io::Read;
    let shown = path.display().to_string();
    let file = std::fs::File::open(&path)
        .map_err(|e| InputError::new_err(format!("{shown}: cannot read: {e}")))?;
    let cap = limits::MAX_FILE_BYTES as u64;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new_err(format!("{shown}: cannot read: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(InputError::new_err(format!(
            "{shown}: larger than the limit of {cap} bytes"
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| InputError::new_err(format!("{shown}: not UTF-8 text ({e})")))?;
    let v = verify_text(py, text).map_err(|e| {
        if e.is_instance_of::<CertificateError>(py) {
            CertificateError::new_err(format!("{shown}: {}", e.value(py)))
        } else {
            e
        }
    })?;
    let d = verified_dict(py, &v)?;
    d.set_item("file", shown)?;
    Ok(d)
}

// ---------------------------------------------------------------- NumPy conversions

fn view_to_matrix<T: Copy + Into<f64>>(name: &str, a: ArrayView2<'_, T>) -> PyResult<DMatrix<f64>> {
    let (r, c) = a.dim();
    if let Some(((i, j), _)) = a
        .indexed_iter()
        .find(|(_, x)| !Into::<f64>::into(**x).is_finite())
    {
        return Err(shape_err(
            name,
            format!("entry [{i}, {j}] is NaN or infinite"),
        ));
    }
    Ok(DMatrix::from_fn(r, c, |i, j| a[[i, j]].into()))
}

/// A 2-D float64 or float32 array as an `f64` matrix (same orientation), every entry finite.
fn matrix_arg(name: &str, v: &Bound<'_, PyAny>) -> PyResult<DMatrix<f64>> {
    if let Ok(a) = v.extract::<PyReadonlyArray2<'_, f64>>() {
        return view_to_matrix(name, a.as_array());
    }
    if let Ok(a) = v.extract::<PyReadonlyArray2<'_, f32>>() {
        return view_to_matrix(name, a.as_array());
    }
    Err(shape_err(
        name,
        describe_bad_array(v, "a 2-D float64 or float32 NumPy array"),
    ))
}

fn describe_bad_array(v: &Bound<'_, PyAny>, want: &str) -> String {
    let dims = v
        .getattr("shape")
        .and_then(|s| s.str())
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".into());
    let dtype = v
        .getattr("dtype")
        .and_then(|s| s.str())
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".into());
    let ty = v
        .get_type()
        .name()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".into());
    format!("expected {want}, got {ty} with shape {dims} and dtype {dtype}")
}

macro_rules! try_labels {
    ($v:expr, $($t:ty),*) => {
        $(
            if let Ok(a) = $v.extract::<PyReadonlyArray1<'_, $t>>() {
                let mut out = Vec::with_capacity(a.len()?);
                for (i, &x) in a.as_array().iter().enumerate() {
                    #[allow(irrefutable_let_patterns)]
                    let Ok(x) = usize::try_from(x) else {
                        return Err(shape_err("labels", format!("entry {i} = {x} is negative")));
                    };
                    out.push(x);
                }
                return Ok(out);
            }
        )*
    };
}

/// A 1-D integer array of class labels.
fn labels_arg(v: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    try_labels!(v, i64, i32, i16, i8, u64, u32, u16, u8);
    Err(shape_err(
        "labels",
        describe_bad_array(v, "a 1-D integer NumPy array"),
    ))
}

fn matrix_to_numpy<'py>(py: Python<'py>, m: &DMatrix<f64>) -> Bound<'py, PyAny> {
    Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| m[(i, j)])
        .into_pyarray(py)
        .into_any()
}

fn labelled_dict<'py>(py: Python<'py>, m: &LabelledMetrics) -> PyResult<Bound<'py, PyDict>> {
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

fn tolerances(pinv_rel_tol: f64, ncc_epsilon: f64) -> PyResult<MetricTolerances> {
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
fn metrics<'py>(
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
    let all = match layers {
        Some(ls) => {
            let mut out = Vec::with_capacity(ls.len());
            for (i, l) in ls.iter().enumerate() {
                let name = format!("layers[{i}]");
                let m = matrix_arg(&name, l)?.transpose();
                if m.ncols() != y.len() {
                    return Err(shape_err(
                        &name,
                        format!(
                            "{} rows (samples), but labels has {} entries",
                            m.ncols(),
                            y.len()
                        ),
                    ));
                }
                out.push(m);
            }
            out
        }
        None => Vec::new(),
    };
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
    let d = labelled_dict(py, &m)?;
    let layer_list = PyList::empty(py);
    for l in &per_layer {
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
                .position(|l| l.ncc_accuracy >= 1.0 - tol.ncc_epsilon)
                .map(|l| l + 1)
        },
    )?;
    d.set_item("epsilon", tol.ncc_epsilon)?;
    Ok(d)
}

/// The metrics of features stored in files, streamed in two passes (as `ncverify metrics`):
/// `features` a `.npy` `(N, d)`, `labels` a file with one integer tensor, `weights` a file
/// with the `K x d` classifier, `layers` `.npy` files `(N, d_l)`.
#[pyfunction]
#[pyo3(signature = (features, labels, weights = None, layers = Vec::new(), pinv_rel_tol = 1e-10, ncc_epsilon = 0.01, chunk_rows = 8192, max_mib = 1024))]
#[allow(clippy::too_many_arguments)]
fn metrics_files<'py>(
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

fn read_limits(max_mib: u64) -> PyResult<ReadLimits> {
    if !(1..=1 << 20).contains(&max_mib) {
        return Err(param_err(
            "max_mib",
            format!("{max_mib} is not in 1..=1048576"),
        ));
    }
    let bytes = max_mib << 20;
    Ok(ReadLimits {
        max_tensor_bytes: bytes,
        max_total_bytes: bytes,
        ..ReadLimits::default()
    })
}

/// A file error: `InputError` when the file cannot be opened or read, `ShapeError` when its
/// contents are invalid (both name the file and tensor).
fn io_err(e: IoError) -> PyErr {
    match e.kind {
        IoErrorKind::Io(_) => InputError::new_err(e.to_string()),
        _ => ShapeError::new_err(e.to_string()),
    }
}

// ---------------------------------------------------------------- certify_point

fn float_tensor<T: Copy + Into<f64> + numpy::Element>(
    name: &str,
    dtype: Dtype,
    a: &PyReadonlyArrayDyn<'_, T>,
) -> PyResult<Tensor> {
    let view = a.as_array();
    let mut data = Vec::with_capacity(view.len());
    for (i, &x) in view.iter().enumerate() {
        let x: f64 = x.into();
        if !x.is_finite() {
            return Err(shape_err(
                &format!("point[{name:?}]"),
                format!("entry {i} (C order) is NaN or infinite"),
            ));
        }
        data.push(x);
    }
    Ok(Tensor {
        name: name.to_string(),
        shape: view.shape().to_vec(),
        dtype,
        data: TensorData::Float(data),
    })
}

macro_rules! try_int_tensor {
    ($v:expr, $name:expr, $($t:ty => $dt:expr),*) => {
        $(
            if let Ok(a) = $v.extract::<PyReadonlyArrayDyn<'_, $t>>() {
                let view = a.as_array();
                let mut data = Vec::with_capacity(view.len());
                for (i, &x) in view.iter().enumerate() {
                    #[allow(irrefutable_let_patterns)]
                    let Ok(x) = i64::try_from(x) else {
                        return Err(shape_err(
                            &format!("point[{:?}]", $name),
                            format!("entry {i} = {x} does not fit in int64"),
                        ));
                    };
                    data.push(x);
                }
                return Ok(Tensor {
                    name: $name.to_string(),
                    shape: view.shape().to_vec(),
                    dtype: $dt,
                    data: TensorData::Int(data),
                });
            }
        )*
    };
}

/// A NumPy array as a named tensor (floats checked finite; integers for labels).
fn tensor_arg(name: &str, v: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    if let Ok(a) = v.extract::<PyReadonlyArrayDyn<'_, f64>>() {
        return float_tensor(name, Dtype::F64, &a);
    }
    if let Ok(a) = v.extract::<PyReadonlyArrayDyn<'_, f32>>() {
        return float_tensor(name, Dtype::F32, &a);
    }
    try_int_tensor!(v, name,
        i64 => Dtype::Int(8), i32 => Dtype::Int(4), i16 => Dtype::Int(2), i8 => Dtype::Int(1),
        u64 => Dtype::Uint(8), u32 => Dtype::Uint(4), u16 => Dtype::Uint(2), u8 => Dtype::Uint(1));
    Err(shape_err(
        &format!("point[{name:?}]"),
        describe_bad_array(v, "a float32/float64 (or, for labels, integer) NumPy array"),
    ))
}

/// A point given as a mapping of NumPy arrays (`H1`, `W1`..`WL`, optional `labels`) or as
/// the path of a `.npz`/safetensors file; checked by the library's naming convention.
fn point_arg(v: &Bound<'_, PyAny>, max_mib: u64) -> PyResult<DufmPoint> {
    if let Ok(d) = v.cast::<PyDict>() {
        let mut tensors = Vec::with_capacity(d.len());
        for (key, val) in d.iter() {
            let key: String = key
                .extract()
                .map_err(|_| param_err("point", "every key must be a str"))?;
            tensors.push(tensor_arg(&key, &val)?);
        }
        let f = TensorFile {
            file: "<arrays>".to_string(),
            tensors,
        };
        return DufmPoint::from_tensors(&f).map_err(io_err);
    }
    let path: std::path::PathBuf = v.extract().map_err(|_| {
        param_err(
            "point",
            "expected a dict of NumPy arrays {\"H1\": ..., \"W1\": ..., ...} or a path to a .npz/.safetensors file",
        )
    })?;
    let limits = read_limits(max_mib)?;
    detached(v.py(), || DufmPoint::read(&path, &limits).map_err(io_err))
}

/// Certify that a trained point beats every DNC point (as `ncverify certify-point`): round
/// it to dyadic rationals at increasing precision (after `polish_steps` untrusted L-BFGS
/// steps), compute its exact loss and let the kernel verify a certificate.
#[pyfunction]
#[pyo3(signature = (point, lambda_w, lambda_h, polish_steps = 0, bits = vec![8, 12, 16, 24, 32], claim = "mse.dnc_not_optimal", max_mib = 1024))]
#[allow(clippy::too_many_arguments)]
fn certify_point<'py>(
    py: Python<'py>,
    point: &Bound<'py, PyAny>,
    lambda_w: &Bound<'py, PyAny>,
    lambda_h: &Bound<'py, PyAny>,
    polish_steps: usize,
    bits: Vec<u32>,
    claim: &str,
    max_mib: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let (_, lw) = rational_arg("lambda_w", lambda_w)?;
    let (_, lh) = rational_arg("lambda_h", lambda_h)?;
    if claim.len() > 200 {
        return Err(param_err("claim", "longer than 200 characters"));
    }
    let p = point_arg(point, max_mib)?;
    let opts = CertifyPointOptions {
        bits,
        polish_steps,
        claim: claim.to_string(),
    };
    let out = detached(py, || {
        search_certify_point(&p, &lw, &lh, &opts).map_err(|e| match e {
            CertifyPointError::Point(e) => io_err(e),
            CertifyPointError::Param { which, reason } => param_err(which, reason),
            other => ParameterError::new_err(other.to_string()),
        })
    })?;
    let d = PyDict::new(py);
    let verdict = if out.certificate.is_some() {
        "dnc_not_optimal"
    } else if out.not_better_than_dnc() {
        "not_better_than_dnc"
    } else {
        "undecided"
    };
    d.set_item("verdict", verdict)?;
    d.set_item("classes", out.params.classes())?;
    d.set_item("layers", out.params.layers())?;
    d.set_item("samples", out.params.samples())?;
    d.set_item("width", out.width)?;
    d.set_item("point_loss", out.point_loss)?;
    d.set_item("polished_loss", out.polished_loss)?;
    d.set_item("dnc_loss", out.dnc_loss)?;
    d.set_item("dnc_lower", fraction(py, &out.dnc_lower)?)?;
    d.set_item("dnc_upper", fraction(py, &out.dnc_upper)?)?;
    d.set_item(
        "best_exact_loss",
        out.best_exact_loss().map(|q| fraction(py, q)).transpose()?,
    )?;
    let attempts = PyList::empty(py);
    for t in &out.attempts {
        let a = PyDict::new(py);
        a.set_item("bits", t.bits)?;
        a.set_item(
            "exact_loss",
            t.exact_loss.as_ref().map(|q| fraction(py, q)).transpose()?,
        )?;
        a.set_item("loss", t.loss_f64)?;
        a.set_item(
            "result",
            match &t.result {
                AttemptResult::Verified => "verified".to_string(),
                AttemptResult::NotBelowLower => "not_below_lower".to_string(),
                AttemptResult::Failed(e) => format!("failed: {e}"),
                other => format!("{other:?}"),
            },
        )?;
        attempts.append(a)?;
    }
    d.set_item("attempts", attempts)?;
    match &out.certificate {
        Some((cert, v)) => {
            d.set_item(
                "certificate",
                ncverify::search::certificate_file::to_toml(cert),
            )?;
            d.set_item("upper", fraction(py, v.upper())?)?;
            d.set_item("lower", fraction(py, v.lower())?)?;
            d.set_item("fact", v.fact().to_string())?;
        }
        None => {
            d.set_item("certificate", py.None())?;
            d.set_item("upper", py.None())?;
            d.set_item("lower", py.None())?;
            d.set_item("fact", py.None())?;
        }
    }
    Ok(d)
}

// ---------------------------------------------------------------- trainer

fn loss_arg(s: &str) -> PyResult<Loss> {
    match s {
        "mse" => Ok(Loss::Mse),
        "ce" => Ok(Loss::Ce),
        _ => Err(param_err("loss", format!("{s:?} is not \"mse\" or \"ce\""))),
    }
}

fn activation_arg(s: &str) -> PyResult<Activation> {
    match s {
        "relu" => Ok(Activation::Relu),
        "linear" => Ok(Activation::Linear),
        _ => Err(param_err(
            "activation",
            format!("{s:?} is not \"relu\" or \"linear\""),
        )),
    }
}

fn lambda_f64(name: &str, x: f64) -> PyResult<f64> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(param_err(name, format!("{x} must be finite and >= 0")))
    }
}

/// `{"H1": ..., "W1": ..., ..., "WL": ...}` as trainer parameters; the number of `W` keys is
/// `L`, the rows of `H1` the width.
fn params_arg(v: &Bound<'_, PyAny>) -> PyResult<Params<f64>> {
    let d = v.cast::<PyDict>().map_err(|_| {
        param_err(
            "params",
            "expected a dict {\"H1\": array, \"W1\": array, ...}",
        )
    })?;
    let mut h1 = None;
    let mut ws: Vec<Option<DMatrix<f64>>> = Vec::new();
    for (key, val) in d.iter() {
        let key: String = key
            .extract()
            .map_err(|_| param_err("params", "every key must be a str"))?;
        if key == "H1" {
            h1 = Some(matrix_arg("params[\"H1\"]", &val)?);
            continue;
        }
        let idx = key
            .strip_prefix('W')
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&i| (1..=d.len()).contains(&i) && !key[1..].starts_with('0'))
            .ok_or_else(|| {
                param_err(
                    "params",
                    format!("unexpected key {key:?}; the keys are H1, W1, ..., WL"),
                )
            })?;
        if ws.len() < idx {
            ws.resize(idx, None);
        }
        ws[idx - 1] = Some(matrix_arg(&format!("params[{key:?}]"), &val)?);
    }
    let h1 = h1.ok_or_else(|| param_err("params", "missing \"H1\""))?;
    let mut w = Vec::with_capacity(ws.len());
    for (i, m) in ws.into_iter().enumerate() {
        w.push(m.ok_or_else(|| param_err("params", format!("missing \"W{}\"", i + 1)))?);
    }
    if w.is_empty() {
        return Err(param_err("params", "missing \"W1\""));
    }
    Ok(Params { h1, w })
}

fn params_to_dict<'py>(py: Python<'py>, p: &Params<f64>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("H1", matrix_to_numpy(py, &p.h1))?;
    for (i, w) in p.w.iter().enumerate() {
        d.set_item(format!("W{}", i + 1), matrix_to_numpy(py, w))?;
    }
    Ok(d)
}

/// The model described by the dict `params` and the sizes (`classes`, `samples` from the
/// columns of `H1`).
fn model_of(
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
fn dufm_loss<'py>(
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

fn run_err(e: RunError) -> PyErr {
    param_err(e.parameter(), e)
}

/// Full-batch gradient descent on the deep UFM (`f64`), from a seeded Gaussian start or
/// from `params`. Returns the final parameters, the features `H_1..H_L` and output `Z`
/// (columns = samples, class-major), and the loss trace.
#[pyfunction]
#[pyo3(signature = (classes = 10, layers = 4, width = 30, samples = 1, lambda_w = 0.004, lambda_h = None, lr = 0.5, steps = 10_000, init_scale = 0.3, seed = 0, loss = "mse", activation = "relu", params = None, trace_every = None))]
#[allow(clippy::too_many_arguments)]
fn train<'py>(
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
    let (model, start) = match params {
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
    };
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

/// The Python module `ncverify._ncverify`.
#[pymodule]
fn _ncverify(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", ncverify::VERSION)?;
    m.add("NcverifyError", py.get_type::<NcverifyError>())?;
    m.add("ParameterError", py.get_type::<ParameterError>())?;
    m.add("ShapeError", py.get_type::<ShapeError>())?;
    m.add("CertificateError", py.get_type::<CertificateError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add_function(wrap_pyfunction!(family_loss, m)?)?;
    m.add_function(wrap_pyfunction!(dnc_optimum_is_zero, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(certify, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(verify_file, m)?)?;
    m.add_function(wrap_pyfunction!(metrics, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_files, m)?)?;
    m.add_function(wrap_pyfunction!(certify_point, m)?)?;
    m.add_function(wrap_pyfunction!(dufm_loss, m)?)?;
    m.add_function(wrap_pyfunction!(train, m)?)?;
    Ok(())
}
