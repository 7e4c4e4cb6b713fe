//! # Tensors, dtypes and read limits
//!
//! ## Main definitions
//! - [`ReadLimits`]: the caps on what a reader may allocate.
//! - [`Dtype`], [`TensorData`], [`Tensor`], [`TensorFile`]: named arrays (shape in C order)
//!   with `f32`/`f64` values widened exactly to `f64`, or integers (for labels) as `i64`.
//! - `decode`, `claimed_bytes`, `shape_usize`: the shared decoding of raw little- or
//!   big-endian data and the checked size of a claimed shape, used by every format.
//!
//! ## Main results
//! None (data types and checked arithmetic): `claimed_bytes` is $\mathrm{size}\cdot\prod_i
//! \mathrm{shape}_i$ with every product checked, and `decode` refuses non-finite floats.
//!
//! ## References
//! The NumPy dtype names (`numpy.dtype`).
#![cfg_attr(doc, doc = katex!())]

use super::error::{IoError, IoErrorKind};
use std::fmt;

/// Caps on what a reader may allocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest data size of one tensor, in bytes (as stored, before widening to `f64`).
    pub max_tensor_bytes: u64,
    /// Largest file (or, for `.npz`, sum of decompressed members) read into memory.
    pub max_total_bytes: u64,
    /// Largest `.npy` header (the Python dict text).
    pub max_header_bytes: usize,
    /// Most tensors in one file.
    pub max_tensors: usize,
}

impl Default for ReadLimits {
    /// 1 GiB per tensor and per file, 64 KiB headers, 4096 tensors.
    fn default() -> Self {
        Self {
            max_tensor_bytes: 1 << 30,
            max_total_bytes: 1 << 30,
            max_header_bytes: 1 << 16,
            max_tensors: 4096,
        }
    }
}

/// The element type stored in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dtype {
    /// IEEE binary32.
    F32,
    /// IEEE binary64.
    F64,
    /// Signed integer of the given byte width (1, 2, 4, 8).
    Int(u8),
    /// Unsigned integer of the given byte width (1, 2, 4, 8).
    Uint(u8),
    /// One-byte boolean.
    Bool,
}

impl Dtype {
    /// Bytes per element.
    pub fn size(self) -> u64 {
        match self {
            Self::F32 => 4,
            Self::F64 => 8,
            Self::Int(b) | Self::Uint(b) => u64::from(b),
            Self::Bool => 1,
        }
    }

    /// `true` for `F32` and `F64`.
    pub fn is_float(self) -> bool {
        matches!(self, Self::F32 | Self::F64)
    }
}

impl fmt::Display for Dtype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::F32 => write!(f, "float32"),
            Self::F64 => write!(f, "float64"),
            Self::Int(b) => write!(f, "int{}", 8 * u32::from(*b)),
            Self::Uint(b) => write!(f, "uint{}", 8 * u32::from(*b)),
            Self::Bool => write!(f, "bool"),
        }
    }
}

/// The values of a tensor.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TensorData {
    /// `f32` or `f64` values, widened exactly to `f64`, all finite.
    Float(Vec<f64>),
    /// Integer or boolean values.
    Int(Vec<i64>),
}

impl TensorData {
    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            Self::Float(v) => v.len(),
            Self::Int(v) => v.len(),
        }
    }

    /// `true` if there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A named array: shape in C (row-major) order, the stored dtype, the values.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// Name (`.npz` member without `.npy`, safetensors key, or `"array"` for a `.npy`).
    pub name: String,
    /// Shape, C order (the last index varies fastest).
    pub shape: Vec<usize>,
    /// The stored element type.
    pub dtype: Dtype,
    /// The values in C order.
    pub data: TensorData,
}

/// The tensors of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorFile {
    /// The file's path as given (used in error messages).
    pub file: String,
    /// The tensors in file order.
    pub tensors: Vec<Tensor>,
}

impl TensorFile {
    /// The tensor called `name`.
    pub fn get(&self, name: &str) -> Option<&Tensor> {
        self.tensors.iter().find(|t| t.name == name)
    }

    /// The tensor called `name`, or [`IoErrorKind::Missing`].
    pub fn require(&self, name: &str) -> Result<&Tensor, IoError> {
        self.get(name)
            .ok_or_else(|| IoError::new(&self.file, Some(name), IoErrorKind::Missing))
    }
}

/// `shape` product times `size`, checked, and at most `limit`.
pub(super) fn claimed_bytes(shape: &[u64], size: u64, limit: u64) -> Result<u64, IoErrorKind> {
    let bytes = shape
        .iter()
        .try_fold(size, |acc, &s| acc.checked_mul(s))
        .ok_or(IoErrorKind::TooLarge {
            claimed: None,
            limit,
        })?;
    if bytes > limit {
        return Err(IoErrorKind::TooLarge {
            claimed: Some(bytes),
            limit,
        });
    }
    Ok(bytes)
}

pub(super) fn shape_usize(shape: &[u64]) -> Result<Vec<usize>, IoErrorKind> {
    shape
        .iter()
        .map(|&s| {
            usize::try_from(s).map_err(|_| IoErrorKind::TooLarge {
                claimed: None,
                limit: usize::MAX as u64,
            })
        })
        .collect()
}

/// Decode `raw` (C order, `dtype`, little endian unless `big`) into values; floats are checked
/// finite (`first_index` is the flat index of the first element, for the error).
pub(super) fn decode(
    raw: &[u8],
    dtype: Dtype,
    big: bool,
    first_index: u64,
) -> Result<TensorData, IoErrorKind> {
    let size = dtype.size() as usize;
    let chunks = raw.chunks_exact(size);
    macro_rules! ints {
        ($t:ty, $n:expr) => {
            chunks
                .map(|c| {
                    let mut b = [0u8; $n];
                    b.copy_from_slice(c);
                    if big {
                        <$t>::from_be_bytes(b)
                    } else {
                        <$t>::from_le_bytes(b)
                    }
                })
                .map(|v| {
                    i64::try_from(v).map_err(|_| {
                        IoErrorKind::Label(format!("integer {v} does not fit in int64"))
                    })
                })
                .collect::<Result<Vec<i64>, _>>()
                .map(TensorData::Int)
        };
    }
    let floats = |v: Vec<f64>| -> Result<TensorData, IoErrorKind> {
        if let Some(i) = v.iter().position(|x| !x.is_finite()) {
            return Err(IoErrorKind::NonFinite {
                index: first_index + i as u64,
            });
        }
        Ok(TensorData::Float(v))
    };
    match dtype {
        Dtype::F32 => floats(
            chunks
                .map(|c| {
                    let b = [c[0], c[1], c[2], c[3]];
                    f64::from(if big {
                        f32::from_be_bytes(b)
                    } else {
                        f32::from_le_bytes(b)
                    })
                })
                .collect(),
        ),
        Dtype::F64 => floats(
            chunks
                .map(|c| {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(c);
                    if big {
                        f64::from_be_bytes(b)
                    } else {
                        f64::from_le_bytes(b)
                    }
                })
                .collect(),
        ),
        Dtype::Bool => chunks
            .map(|c| match c[0] {
                0 | 1 => Ok(i64::from(c[0])),
                v => Err(IoErrorKind::Format(format!(
                    "boolean byte {v} is not 0 or 1"
                ))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TensorData::Int),
        Dtype::Int(1) => ints!(i8, 1),
        Dtype::Int(2) => ints!(i16, 2),
        Dtype::Int(4) => ints!(i32, 4),
        Dtype::Int(8) => ints!(i64, 8),
        Dtype::Uint(1) => ints!(u8, 1),
        Dtype::Uint(2) => ints!(u16, 2),
        Dtype::Uint(4) => ints!(u32, 4),
        Dtype::Uint(8) => ints!(u64, 8),
        other => Err(IoErrorKind::Dtype {
            found: other.to_string(),
            expected: "float32, float64 or an integer type",
        }),
    }
}
