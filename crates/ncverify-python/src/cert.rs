//! # Certificates from Python
//!
//! ## Main definitions
//! `certify` (search, write, kernel-verify), `verify`, `verify_file`, `certify_point` (a trained point).
//!
//! ## Main results
//! None (bindings).
//!
//! ## References
//! The crate `ncverify`.

use crate::convert::{fraction, io_err, rational_arg, read_limits, tensor_arg};
use crate::mse::mse_params;
use crate::{CertificateError, InputError, ParameterError, detached, param_err};
use ncverify::io::TensorFile;
use ncverify::io::point::DufmPoint;
use ncverify::kernel::cert::limits;
use ncverify::kernel::cert::point::{Certificate, Verified};
use ncverify::search::certify::{SearchOptions, certify as search_certify};
use ncverify::search::certify_point::{
    AttemptResult, CertifyPointError, CertifyPointOptions, CertifyPointOutcome,
    certify_point as search_certify_point,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Largest `classes` of `certify` (as the CLI).
pub(crate) const MAX_CERTIFY_CLASSES: u64 = 64;

/// `listed` iff the certificate's label is a registered claim listing its parameter point.
pub(crate) fn label_status(v: &Verified) -> &'static str {
    let listed = ncverify::claims::registry().iter().any(|c| {
        c.meta.id == v.claim()
            && c.meta
                .points
                .iter()
                .any(|p| ncverify::claims::cert::at_point(v, p))
    });
    if listed { "listed" } else { "unlisted" }
}

pub(crate) fn verified_dict<'py>(py: Python<'py>, v: &Verified) -> PyResult<Bound<'py, PyDict>> {
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
pub(crate) fn certify<'py>(
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
    p.float_ready().map_err(crate::mse::mse_err)?;
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
    let verdict = if out.certificate.is_some() {
        "dnc_not_optimal"
    } else {
        "undecided"
    };
    d.set_item("verdict", verdict)?;
    set_certificate(py, &d, &out.certificate)?;
    Ok(d)
}

/// The keys `certificate` (TOML text), `upper`, `lower` (fractions) and `fact` of a search's
/// outcome, or `None` for each when no certificate was verified.
fn set_certificate(
    py: Python<'_>,
    d: &Bound<'_, PyDict>,
    certificate: &Option<(Certificate, Verified)>,
) -> PyResult<()> {
    match certificate {
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
            for key in ["certificate", "upper", "lower", "fact"] {
                d.set_item(key, py.None())?;
            }
        }
    }
    Ok(())
}

pub(crate) fn verify_text(py: Python<'_>, text: String) -> PyResult<Verified> {
    detached(py, move || {
        let cert =
            Certificate::from_toml(&text).map_err(|e| CertificateError::new_err(e.to_string()))?;
        cert.verify()
            .map_err(|e| CertificateError::new_err(e.to_string()))
    })
}

/// Verify a certificate given as TOML text with the kernel only.
#[pyfunction]
pub(crate) fn verify<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
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
pub(crate) fn verify_file<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
) -> PyResult<Bound<'py, PyDict>> {
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

/// A point given as a mapping of NumPy arrays (`H1`, `W1`..`WL`, optional `labels`) or as
/// the path of a `.npz`/safetensors file; checked by the library's naming convention.
pub(crate) fn point_arg(v: &Bound<'_, PyAny>, max_mib: u64) -> PyResult<DufmPoint> {
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
pub(crate) fn certify_point<'py>(
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
    point_outcome_dict(py, &out)
}

/// The dict `certify_point` returns.
fn point_outcome_dict<'py>(
    py: Python<'py>,
    out: &CertifyPointOutcome,
) -> PyResult<Bound<'py, PyDict>> {
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
    set_certificate(py, &d, &out.certificate)?;
    Ok(d)
}
