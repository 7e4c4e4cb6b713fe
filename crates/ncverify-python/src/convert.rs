//! # Conversions between Python and Rust values
//!
//! ## Main definitions
//! Exact rationals (`str`, `int`, `fractions.Fraction`), NumPy arrays to and from `nalgebra` matrices, labels, tensors, trainer parameters as dicts, JSON values, read limits and I/O errors: every argument conversion of the package, in one place.
//!
//! ## Main results
//! None (bindings).
//!
//! ## References
//! The crate `ncverify`.

use crate::{InputError, InternalError, ShapeError, param_err, shape_err};
use ncverify::io::{Dtype, IoError, IoErrorKind, ReadLimits, Tensor, TensorData};
use ncverify::kernel::arith::rational::{Q, parse_rational};
use ncverify::nalgebra::DMatrix;
use ncverify::num_traits::Signed;
use ncverify::train::Params;
use numpy::ndarray::{Array2, ArrayView2};
use numpy::{IntoPyArray, PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArrayDyn};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};

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

/// Longest text accepted for one rational argument.
pub(crate) const MAX_RATIONAL_TEXT: usize = 200;

/// An exact positive rational argument: a `str` (`"1/1000"`, `"0.001"`, `"1e-3"`), an `int`
/// or a `fractions.Fraction`. Returns the value and the text recorded in certificates.
pub(crate) fn rational_arg(name: &str, v: &Bound<'_, PyAny>) -> PyResult<(Q, String)> {
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

pub(crate) fn fraction<'py>(py: Python<'py>, q: &Q) -> PyResult<Bound<'py, PyAny>> {
    py.import("fractions")?
        .getattr("Fraction")?
        .call1((q.to_string(),))
}

/// A `serde_json` value as plain Python objects (dict, list, str, int, float, bool, None).
pub(crate) fn json_to_py<'py>(
    py: Python<'py>,
    v: &serde_json::Value,
) -> PyResult<Bound<'py, PyAny>> {
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

pub(crate) fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> PyResult<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| InternalError::new_err(format!("serialisation: {e}")))
}

pub(crate) fn view_to_matrix<T: Copy + Into<f64>>(
    name: &str,
    a: ArrayView2<'_, T>,
) -> PyResult<DMatrix<f64>> {
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
pub(crate) fn matrix_arg(name: &str, v: &Bound<'_, PyAny>) -> PyResult<DMatrix<f64>> {
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

pub(crate) fn describe_bad_array(v: &Bound<'_, PyAny>, want: &str) -> String {
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

/// A 1-D integer array of class labels.
pub(crate) fn labels_arg(v: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    try_labels!(v, i64, i32, i16, i8, u64, u32, u16, u8);
    Err(shape_err(
        "labels",
        describe_bad_array(v, "a 1-D integer NumPy array"),
    ))
}

pub(crate) fn matrix_to_numpy<'py>(py: Python<'py>, m: &DMatrix<f64>) -> Bound<'py, PyAny> {
    Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| m[(i, j)])
        .into_pyarray(py)
        .into_any()
}

pub(crate) fn read_limits(max_mib: u64) -> PyResult<ReadLimits> {
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
pub(crate) fn io_err(e: IoError) -> PyErr {
    match e.kind {
        IoErrorKind::Io(_) => InputError::new_err(e.to_string()),
        _ => ShapeError::new_err(e.to_string()),
    }
}

pub(crate) fn float_tensor<T: Copy + Into<f64> + numpy::Element>(
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

/// A NumPy array as a named tensor (floats checked finite; integers for labels).
pub(crate) fn tensor_arg(name: &str, v: &Bound<'_, PyAny>) -> PyResult<Tensor> {
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

/// `{"H1": ..., "W1": ..., ..., "WL": ...}` as trainer parameters; the number of `W` keys is
/// `L`, the rows of `H1` the width.
pub(crate) fn params_arg(v: &Bound<'_, PyAny>) -> PyResult<Params<f64>> {
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

pub(crate) fn params_to_dict<'py>(
    py: Python<'py>,
    p: &Params<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("H1", matrix_to_numpy(py, &p.h1))?;
    for (i, w) in p.w.iter().enumerate() {
        d.set_item(format!("W{}", i + 1), matrix_to_numpy(py, w))?;
    }
    Ok(d)
}
