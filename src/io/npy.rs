//! # NumPy `.npy` arrays
//!
//! ## Main definitions
//! - [`parse_npy`]: a whole `.npy` file held in memory.
//! - `parse_npy_head`: the header (magic, version, the Python dict), its length checked
//!   against [`ReadLimits`] before the dictionary is parsed by the strict parser of
//!   `npy_header` (checked arithmetic throughout); `read_npy_stream`: one array from a stream (a `.npz` member as it is decompressed).
//! - [`npy_header`], [`npy_bytes_f64`]: write a version 1.0 `.npy` (tests, examples, the
//!   benchmark generator).
//!
//! Either byte order; Fortran-ordered arrays are reordered to C order.
//!
//! ## Main results
//! None (a parser): the data size a header claims is checked against the bytes present and
//! against [`ReadLimits`] before anything is allocated.
//!
//! ## References
//! The NumPy `.npy` format, version 1.0–3.0 (`numpy.lib.format`).

use super::error::{IoError, IoErrorKind};
use super::npy_header::{HeaderError, parse_header, split_descr};
use super::tensor::{Dtype, ReadLimits, Tensor, TensorData, claimed_bytes, decode, shape_usize};
use std::io::Read;

/// Reorder the values of a Fortran-ordered array (first index fastest) into C order;
/// `v.len()` is the product of `shape` (checked by the caller).
fn fortran_to_c<T: Copy>(v: &[T], shape: &[usize]) -> Vec<T> {
    let nd = shape.len();
    let mut strides = vec![1usize; nd];
    for k in 1..nd {
        strides[k] = strides[k - 1] * shape[k - 1];
    }
    let mut idx = vec![0usize; nd];
    let mut out = Vec::with_capacity(v.len());
    for _ in 0..v.len() {
        let off: usize = idx.iter().zip(&strides).map(|(i, s)| i * s).sum();
        out.push(v[off]);
        for k in (0..nd).rev() {
            idx[k] += 1;
            if idx[k] < shape[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    out
}

/// The parsed front of a `.npy`: shape, dtype, byte order, order, and where the data starts.
#[derive(Debug, Clone)]
pub(super) struct NpyHead {
    pub(super) shape: Vec<u64>,
    pub(super) dtype: Dtype,
    pub(super) big: bool,
    pub(super) fortran: bool,
    pub(super) data_offset: usize,
}

/// Parse the `.npy` header at the start of `bytes` (which need only hold the header):
/// the header length is checked against `limits.max_header_bytes` and the bytes present
/// before the header text is parsed ([`parse_header`], strict and linear in the length), and
/// a shape whose product overflows is refused.
pub(super) fn parse_npy_head(bytes: &[u8], limits: &ReadLimits) -> Result<NpyHead, IoErrorKind> {
    let fmt_err = |s: &str| IoErrorKind::Format(s.to_string());
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(fmt_err("not a .npy file (magic \\x93NUMPY missing)"));
    }
    let (len_bytes, text_start) = match bytes[6] {
        1 => (2usize, 10usize),
        2 | 3 => (4, 12),
        v => return Err(IoErrorKind::Format(format!("unknown .npy version {v}"))),
    };
    if bytes.len() < text_start {
        return Err(fmt_err("truncated .npy header"));
    }
    let mut len = 0usize;
    for i in (0..len_bytes).rev() {
        len = (len << 8) | usize::from(bytes[8 + i]);
    }
    if len > limits.max_header_bytes {
        return Err(IoErrorKind::TooLarge {
            claimed: Some(len as u64),
            limit: limits.max_header_bytes as u64,
        });
    }
    let data_offset = text_start
        .checked_add(len)
        .ok_or_else(|| fmt_err("header length overflows"))?;
    if bytes.len() < data_offset {
        return Err(IoErrorKind::Truncated {
            expected: data_offset as u64,
            found: bytes.len() as u64,
        });
    }
    let text = std::str::from_utf8(&bytes[text_start..data_offset])
        .map_err(|_| fmt_err("header is not UTF-8"))?;
    let header = parse_header(text).map_err(|e| match e {
        HeaderError::Structured => IoErrorKind::Dtype {
            found: "a structured dtype".into(),
            expected: "a plain numeric dtype",
        },
        e => IoErrorKind::Format(e.to_string()),
    })?;
    // a shape whose product overflows u64 is refused here; the caller checks the bytes
    claimed_bytes(&header.shape, 1, u64::MAX)?;
    let dtype = match split_descr(&header.descr) {
        Some((big, 'f', 4)) => (big, Dtype::F32),
        Some((big, 'f', 8)) => (big, Dtype::F64),
        Some((big, 'i', size @ (1 | 2 | 4 | 8))) => (big, Dtype::Int(size as u8)),
        Some((big, 'u', size @ (1 | 2 | 4 | 8))) => (big, Dtype::Uint(size as u8)),
        Some((big, 'b', 1)) => (big, Dtype::Bool),
        _ => {
            return Err(IoErrorKind::Dtype {
                found: format!("{:?}", header.descr.chars().take(40).collect::<String>()),
                expected: "float32, float64 or an integer type",
            });
        }
    };
    Ok(NpyHead {
        shape: header.shape,
        dtype: dtype.1,
        big: dtype.0,
        fortran: header.fortran,
        data_offset,
    })
}

/// Parse a whole `.npy` file held in `bytes`; `file` and `tensor` name it in errors.
pub fn parse_npy(
    bytes: &[u8],
    file: &str,
    tensor: &str,
    limits: &ReadLimits,
) -> Result<Tensor, IoError> {
    let err = |k| IoError::new(file, Some(tensor), k);
    let head = parse_npy_head(bytes, limits).map_err(err)?;
    let claimed =
        claimed_bytes(&head.shape, head.dtype.size(), limits.max_tensor_bytes).map_err(err)?;
    let found = (bytes.len() - head.data_offset) as u64;
    if found != claimed {
        return Err(err(IoErrorKind::Truncated {
            expected: claimed,
            found,
        }));
    }
    let shape = shape_usize(&head.shape).map_err(err)?;
    let mut data = decode(&bytes[head.data_offset..], head.dtype, head.big, 0).map_err(err)?;
    if head.fortran {
        data = match data {
            TensorData::Float(v) => TensorData::Float(fortran_to_c(&v, &shape)),
            TensorData::Int(v) => TensorData::Int(fortran_to_c(&v, &shape)),
        };
    }
    Ok(Tensor {
        name: tensor.to_string(),
        shape,
        dtype: head.dtype,
        data,
    })
}

/// Read one `.npy` array from a stream (a `.npz` member as it is decompressed), holding only
/// its header, one chunk of at most 1 MiB and the decoded values: the header is read and
/// checked first (shape against `limits.max_tensor_bytes` and `total_left`), then the data
/// chunk by chunk. Returns the tensor and the bytes consumed; an error if the stream is
/// shorter or longer than the header claims.
pub(super) fn read_npy_stream<R: Read>(
    r: &mut R,
    file: &str,
    tensor: &str,
    limits: &ReadLimits,
    total_left: u64,
) -> Result<(Tensor, u64), IoError> {
    let err = |k| IoError::new(file, Some(tensor), k);
    let io = |e: std::io::Error| err(IoErrorKind::Format(format!("decompressing: {e}")));
    // magic, version, header length (2 or 4 bytes), then the header text
    let mut head = vec![0u8; 10];
    let got = read_full(r, &mut head).map_err(io)?;
    head.truncate(got);
    if got == 10 && head[6] >= 2 {
        let mut more = [0u8; 2];
        let got = read_full(r, &mut more).map_err(io)?;
        head.extend_from_slice(&more[..got]);
    }
    if head.len() >= 10 && &head[..6] == b"\x93NUMPY" {
        let (len_bytes, text_start) = if head[6] >= 2 { (4, 12) } else { (2, 10) };
        let mut len = 0usize;
        for i in (0..len_bytes).rev() {
            len = (len << 8) | usize::from(*head.get(8 + i).unwrap_or(&0));
        }
        if len <= limits.max_header_bytes {
            let mut text = vec![0u8; len];
            let got = read_full(r, &mut text).map_err(io)?;
            head.extend_from_slice(&text[..got]);
            head.truncate(text_start + got);
        }
    }
    let h = parse_npy_head(&head, limits).map_err(err)?;
    let cap = limits.max_tensor_bytes.min(total_left);
    let claimed = claimed_bytes(&h.shape, h.dtype.size(), cap).map_err(err)?;
    let shape = shape_usize(&h.shape).map_err(err)?;
    let size = h.dtype.size() as usize;
    const CHUNK: usize = 1 << 20;
    let mut chunk = vec![0u8; CHUNK.min(claimed as usize).max(size)];
    let (mut floats, mut ints) = (Vec::new(), Vec::new());
    let mut read = 0u64;
    while read < claimed {
        let want = (claimed - read).min(chunk.len() as u64) as usize;
        let got = read_full(r, &mut chunk[..want]).map_err(io)?;
        if got < want {
            return Err(err(IoErrorKind::Truncated {
                expected: claimed,
                found: read + got as u64,
            }));
        }
        match decode(&chunk[..got], h.dtype, h.big, read / size as u64).map_err(err)? {
            TensorData::Float(v) => floats.extend_from_slice(&v),
            TensorData::Int(v) => ints.extend_from_slice(&v),
        }
        read += got as u64;
    }
    let mut extra = [0u8; 1];
    if read_full(r, &mut extra).map_err(io)? > 0 {
        return Err(err(IoErrorKind::Truncated {
            expected: claimed,
            found: claimed + 1,
        }));
    }
    let mut data = match h.dtype {
        Dtype::F32 | Dtype::F64 => TensorData::Float(floats),
        _ => TensorData::Int(ints),
    };
    if h.fortran {
        data = match data {
            TensorData::Float(v) => TensorData::Float(fortran_to_c(&v, &shape)),
            TensorData::Int(v) => TensorData::Int(fortran_to_c(&v, &shape)),
        };
    }
    let used = h.data_offset as u64 + claimed;
    Ok((
        Tensor {
            name: tensor.to_string(),
            shape,
            dtype: h.dtype,
            data,
        },
        used,
    ))
}

/// Fill `buf` from `r` as far as the stream goes; the bytes read.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Write a C-order `f64` array as a `.npy` (version 1.0) — for tests, examples and the
/// benchmark generator.
pub fn npy_bytes_f64(shape: &[usize], data: &[f64]) -> Vec<u8> {
    let mut out = npy_header("<f8", shape);
    for v in data {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// The `.npy` (version 1.0) header for `descr` and `shape`, padded to a multiple of 64.
pub fn npy_header(descr: &str, shape: &[usize]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(ToString::to_string).collect();
    let tuple = match dims.len() {
        1 => format!("({},)", dims[0]),
        _ => format!("({})", dims.join(", ")),
    };
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {tuple}, }}");
    let unpadded = 10 + dict.len() + 1;
    dict.push_str(&" ".repeat((64 - unpadded % 64) % 64));
    dict.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out
}
