//! # ncverify from Python
//!
//! PyO3 bindings of the crate `ncverify`, built by maturin into the Python package `ncverify`
//! (module `ncverify._ncverify`, re-exported by `ncverify/__init__.py`).
//!
//! ## Main definitions
//! One module per area: `mse`, `cert`, `metrics`, `train`; every conversion between Python
//! and Rust values in `convert`.
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

mod cert;
mod convert;
mod metrics;
mod mse;
mod train;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
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

pub(crate) fn param_err(name: &str, msg: impl std::fmt::Display) -> PyErr {
    ParameterError::new_err(format!("{name}: {msg}"))
}

pub(crate) fn shape_err(name: &str, msg: impl std::fmt::Display) -> PyErr {
    ShapeError::new_err(format!("{name}: {msg}"))
}

/// Run `f` without the interpreter lock; a panic becomes `InternalError`.
pub(crate) fn detached<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> PyResult<T> + Send,
) -> PyResult<T> {
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

// ---------------------------------------------------------------- trainer

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
    m.add_function(wrap_pyfunction!(mse::family_loss, m)?)?;
    m.add_function(wrap_pyfunction!(mse::dnc_optimum_is_zero, m)?)?;
    m.add_function(wrap_pyfunction!(mse::compare, m)?)?;
    m.add_function(wrap_pyfunction!(cert::certify, m)?)?;
    m.add_function(wrap_pyfunction!(cert::verify, m)?)?;
    m.add_function(wrap_pyfunction!(cert::verify_file, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::metrics, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::metrics_files, m)?)?;
    m.add_function(wrap_pyfunction!(cert::certify_point, m)?)?;
    m.add_function(wrap_pyfunction!(train::dufm_loss, m)?)?;
    m.add_function(wrap_pyfunction!(train::train, m)?)?;
    Ok(())
}
