//! # Reading arrays saved by NumPy and PyTorch (untrusted input)
//!
//! Readers of NumPy `.npy`/`.npz` files and safetensors files, the formats in which
//! researchers save trained parameters and features. Every file is treated as coming from a
//! stranger: the size a header claims is checked (checked arithmetic) against the bytes
//! actually present and against a configurable cap ([`ReadLimits`]) *before* anything is
//! allocated, every value is checked finite, and every error ([`IoError`]) names the file
//! and the tensor.
//!
//! ## Main definitions
//! - [`Tensor`], [`TensorFile`]: named arrays (shape in C order) with `f32`/`f64` values
//!   widened exactly to `f64`, or integers (for labels) as `i64`.
//! - [`read_tensors`]: read a `.npy`, `.npz` or `.safetensors` file (chosen by extension).
//!   [`parse_npy`], [`parse_npz`], [`parse_safetensors`]: the same on bytes in memory.
//! - [`NpyRows`]: a `.npy` matrix of shape $(N, d)$ read a block of rows at a time, so that
//!   features with $N d$ far beyond memory can be streamed ([`crate::metrics::stream`]).
//! - [`point`]: the naming convention of a deep-UFM parameter point ($H_1$, $W_1, \dots, W_L$,
//!   optional labels) and its checks.
//! - [`read_bounded`], [`read_bounded_text`]: the one bounded reader of every file option.
//!
//! The formats live in private files, re-exported here: `npy` ([`parse_npy`], [`npy_header`],
//! [`npy_bytes_f64`]), `npz` ([`parse_npz`]), `safetensors` ([`parse_safetensors`]), `rows`
//! ([`NpyRows`]), `tensor` (the types and limits) and `error` ([`IoError`], [`IoErrorKind`]);
//! this file holds the dispatch by extension ([`format_of`], [`read_tensors`]).
//!
//! Supported dtypes: `f32`, `f64` (values); `i8`..`i64`, `u8`..`u64`, `bool` (labels only; an
//! integer tensor where values are expected is a dtype error). Either byte order in `.npy`;
//! Fortran-ordered arrays (what `numpy.save` writes for a column-sliced array) are reordered
//! to C order when read whole, and rejected by the row streamer [`NpyRows`].
//!
//! ## Main results
//! None: these are parsers. Their guarantees (no panic, memory bounded by
//! [`ReadLimits`], time linear in the input) are exercised by `tests/it/fuzz_io.rs`.
//!
//! ## References
//! - The NumPy `.npy` format, version 1.0–3.0 (`numpy.lib.format`); `.npz` is a zip archive
//!   of `.npy` members (`numpy.savez`, `numpy.savez_compressed`).
//! - The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON
//!   header of dtypes, shapes and byte offsets, then the raw little-endian data.
#![cfg_attr(doc, doc = katex!())]

pub mod point;

mod error;
mod npy;
mod npy_header;
mod npz;
mod rows;
mod safetensors;
mod tensor;

pub use self::safetensors::parse_safetensors;
pub use error::{IoError, IoErrorKind};
pub use npy::{npy_bytes_f64, npy_header, parse_npy};
pub use npz::parse_npz;
pub use rows::NpyRows;
pub use tensor::{Dtype, ReadLimits, Tensor, TensorData, TensorFile};

use std::io::Read;
use std::path::Path;

/// [`read_bounded`] for UTF-8 text.
pub fn read_bounded_text(path: &Path, max_bytes: u64) -> Result<String, IoError> {
    let bytes = read_bounded(path, max_bytes)?;
    String::from_utf8(bytes).map_err(|e| {
        IoError::new(
            &path.display().to_string(),
            None,
            IoErrorKind::Format(format!("not UTF-8 text ({e})")),
        )
    })
}

/// Read a whole file of at most `cap` bytes (checked before reading, and again while
/// reading, so `/dev/zero`, a FIFO or a growing file costs at most `cap + 1` bytes): the one
/// bounded reader of every file option (`--init-from`, `--font`, certificates, tensors).
pub fn read_bounded(path: &Path, cap: u64) -> Result<Vec<u8>, IoError> {
    let file = path.display().to_string();
    let err = |k| IoError::new(&file, None, k);
    let f = std::fs::File::open(path).map_err(|e| err(IoErrorKind::Io(e.to_string())))?;
    let len = f
        .metadata()
        .map_err(|e| err(IoErrorKind::Io(e.to_string())))?
        .len();
    if len > cap {
        return Err(err(IoErrorKind::TooLarge {
            claimed: Some(len),
            limit: cap,
        }));
    }
    let mut buf = Vec::new();
    f.take(cap.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| err(IoErrorKind::Io(e.to_string())))?;
    if buf.len() as u64 > cap {
        return Err(err(IoErrorKind::TooLarge {
            claimed: None,
            limit: cap,
        }));
    }
    Ok(buf)
}

/// The format of a file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// `.npy`: one array (tensor name `array` unless the caller names it).
    Npy,
    /// `.npz`: a zip of `.npy` members.
    Npz,
    /// `.safetensors`.
    Safetensors,
}

/// The format of `path` by its extension (`.npy`, `.npz`, `.safetensors`/`.st`).
pub fn format_of(path: &Path) -> Result<Format, IoError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("npy") => Ok(Format::Npy),
        Some("npz") => Ok(Format::Npz),
        Some("safetensors" | "st") => Ok(Format::Safetensors),
        _ => Err(IoError::new(
            &path.display().to_string(),
            None,
            IoErrorKind::Format("unknown extension (expected .npy, .npz or .safetensors)".into()),
        )),
    }
}

/// Read every tensor of a `.npy` (one tensor, named after the file stem), `.npz` or
/// `.safetensors` file, within `limits`.
pub fn read_tensors(path: &Path, limits: &ReadLimits) -> Result<TensorFile, IoError> {
    let format = format_of(path)?;
    let file = path.display().to_string();
    let bytes = read_bounded(path, limits.max_total_bytes)?;
    match format {
        Format::Npy => {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("array")
                .to_string();
            let t = parse_npy(&bytes, &file, &stem, limits)?;
            Ok(TensorFile {
                file,
                tensors: vec![t],
            })
        }
        Format::Npz => parse_npz(&bytes, &file, limits),
        Format::Safetensors => parse_safetensors(&bytes, &file, limits),
    }
}
