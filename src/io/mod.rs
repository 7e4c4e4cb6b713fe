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

use std::fmt;
use std::io::Read;
use std::path::Path;

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

/// What went wrong (see [`IoError`] for the file and tensor).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IoErrorKind {
    /// The file could not be opened or read.
    Io(String),
    /// Not a valid file of its format.
    Format(String),
    /// The claimed size exceeds a cap (or overflows: `claimed` is `None`).
    TooLarge {
        /// Claimed bytes.
        claimed: Option<u64>,
        /// The cap.
        limit: u64,
    },
    /// The data is shorter (or longer) than the header claims.
    Truncated {
        /// Bytes the header claims.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// An unsupported or unexpected element type.
    Dtype {
        /// What was found.
        found: String,
        /// What is accepted here.
        expected: &'static str,
    },
    /// A NaN or infinite value at a flat (C-order) index.
    NonFinite {
        /// The flat index.
        index: u64,
    },
    /// The shape does not fit.
    Shape {
        /// What was expected, in words.
        expected: String,
        /// The shape found.
        found: Vec<usize>,
    },
    /// A required tensor is absent.
    Missing,
    /// A tensor that the convention does not know.
    Unexpected,
    /// A label outside `0..classes` (or classes of different sizes where they must be equal).
    Label(String),
}

/// A reading error naming the file and, where known, the tensor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoError {
    /// The file as given.
    pub file: String,
    /// The tensor, if the error concerns one.
    pub tensor: Option<String>,
    /// What went wrong.
    pub kind: IoErrorKind,
}

impl IoError {
    /// Build an error.
    pub fn new(file: &str, tensor: Option<&str>, kind: IoErrorKind) -> Self {
        Self {
            file: file.to_string(),
            tensor: tensor.map(str::to_string),
            kind,
        }
    }
}

fn shape_text(s: &[usize]) -> String {
    let parts: Vec<String> = s.iter().map(ToString::to_string).collect();
    format!("({})", parts.join(", "))
}

impl fmt::Display for IoErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot read: {e}"),
            Self::Format(e) => write!(f, "invalid file: {e}"),
            Self::TooLarge {
                claimed: Some(c),
                limit,
            } => write!(f, "claims {c} bytes, above the limit of {limit}"),
            Self::TooLarge {
                claimed: None,
                limit,
            } => write!(f, "claimed size overflows (limit {limit} bytes)"),
            Self::Truncated { expected, found } => write!(
                f,
                "data has {found} bytes but the header claims {expected} (truncated or corrupt)"
            ),
            Self::Dtype { found, expected } => {
                write!(
                    f,
                    "dtype {found} is not supported here (expected {expected})"
                )
            }
            Self::NonFinite { index } => {
                write!(f, "non-finite value (NaN or inf) at index {index}")
            }
            Self::Shape { expected, found } => {
                write!(f, "shape {} but expected {expected}", shape_text(found))
            }
            Self::Missing => write!(f, "missing"),
            Self::Unexpected => write!(f, "unexpected tensor (see the naming convention)"),
            Self::Label(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.tensor {
            Some(t) => write!(f, "{}: tensor {t}: {}", self.file, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

impl std::error::Error for IoError {}

/// `shape` product times `size`, checked, and at most `limit`.
fn claimed_bytes(shape: &[u64], size: u64, limit: u64) -> Result<u64, IoErrorKind> {
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

fn shape_usize(shape: &[u64]) -> Result<Vec<usize>, IoErrorKind> {
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
fn decode(
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
struct NpyHead {
    shape: Vec<u64>,
    dtype: Dtype,
    big: bool,
    fortran: bool,
    data_offset: usize,
}

/// Parse the `.npy` header at the start of `bytes` (which need only hold the header):
/// the header length is checked against `limits.max_header_bytes` and the bytes present
/// before the header text is handed to `npyz`, and the shape is scanned with checked
/// arithmetic first (npyz multiplies the shape without checking).
fn parse_npy_head(bytes: &[u8], limits: &ReadLimits) -> Result<NpyHead, IoErrorKind> {
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
    let scanned = scan_shape(text).ok_or_else(|| fmt_err("no 'shape' tuple in the header"))?;
    // any shape whose product overflows u64 is rejected before npyz sees it
    claimed_bytes(&scanned, 1, u64::MAX)?;
    let header = npyz::NpyHeader::from_reader(&bytes[..data_offset])
        .map_err(|e| IoErrorKind::Format(format!("header: {e}")))?;
    if header.shape() != scanned.as_slice() {
        return Err(fmt_err("ambiguous 'shape' in the header"));
    }
    let npyz::DType::Plain(ts) = header.dtype() else {
        return Err(IoErrorKind::Dtype {
            found: "a structured dtype".into(),
            expected: "a plain numeric dtype",
        });
    };
    let big = matches!(ts.endianness(), npyz::Endianness::Big);
    let size = ts.size_field();
    let dtype = match (ts.type_char(), size) {
        (npyz::TypeChar::Float, 4) => Dtype::F32,
        (npyz::TypeChar::Float, 8) => Dtype::F64,
        (npyz::TypeChar::Int, 1 | 2 | 4 | 8) => Dtype::Int(size as u8),
        (npyz::TypeChar::Uint, 1 | 2 | 4 | 8) => Dtype::Uint(size as u8),
        (npyz::TypeChar::Bool, 1) => Dtype::Bool,
        _ => {
            return Err(IoErrorKind::Dtype {
                found: ts.to_string(),
                expected: "float32, float64 or an integer type",
            });
        }
    };
    Ok(NpyHead {
        shape: header.shape().to_vec(),
        dtype,
        big,
        fortran: header.order() == npyz::Order::Fortran,
        data_offset,
    })
}

/// The integers of the `'shape': (a, b, ...)` entry of a `.npy` header, if well formed.
fn scan_shape(text: &str) -> Option<Vec<u64>> {
    let key = text.find("'shape'").or_else(|| text.find("\"shape\""))?;
    let rest = &text[key + 7..];
    let open = rest.find('(')?;
    if !rest[..open]
        .trim()
        .trim_start_matches(':')
        .trim()
        .is_empty()
    {
        return None;
    }
    let close = rest[open..].find(')')? + open;
    rest[open + 1..close]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('L').parse::<u64>().ok())
        .collect()
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

/// Parse a `.npz` archive held in `bytes`: every member `NAME.npy` becomes tensor `NAME`.
/// Each member's decompressed size is bounded by `limits.max_tensor_bytes` plus the header
/// while it is read (the size in the zip directory is not trusted), and the total by
/// `limits.max_total_bytes`.
pub fn parse_npz(bytes: &[u8], file: &str, limits: &ReadLimits) -> Result<TensorFile, IoError> {
    let err = |t: Option<&str>, k| IoError::new(file, t, k);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        err(
            None,
            IoErrorKind::Format(format!("not a .npz (zip) archive: {e}")),
        )
    })?;
    if zip.len() > limits.max_tensors {
        return Err(err(
            None,
            IoErrorKind::Format(format!(
                "{} members, above the limit of {}",
                zip.len(),
                limits.max_tensors
            )),
        ));
    }
    let member_cap = limits
        .max_tensor_bytes
        .saturating_add(limits.max_header_bytes as u64)
        .saturating_add(16);
    let mut total = 0u64;
    let mut tensors: Vec<Tensor> = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| err(None, IoErrorKind::Format(format!("member {i}: {e}"))))?;
        let member = entry
            .name()
            .map_err(|e| err(None, IoErrorKind::Format(format!("member {i}: {e}"))))?
            .to_string();
        let name = member.strip_suffix(".npy").unwrap_or(&member).to_string();
        if entry.is_dir() {
            continue;
        }
        let declared = entry.size();
        if declared > member_cap {
            return Err(err(
                Some(&name),
                IoErrorKind::TooLarge {
                    claimed: Some(declared),
                    limit: member_cap,
                },
            ));
        }
        let mut buf = Vec::new();
        (&mut entry)
            .take(member_cap.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| {
                err(
                    Some(&name),
                    IoErrorKind::Format(format!("decompressing: {e}")),
                )
            })?;
        if buf.len() as u64 > member_cap {
            return Err(err(
                Some(&name),
                IoErrorKind::TooLarge {
                    claimed: None,
                    limit: member_cap,
                },
            ));
        }
        total = total.saturating_add(buf.len() as u64);
        if total > limits.max_total_bytes {
            return Err(err(
                Some(&name),
                IoErrorKind::TooLarge {
                    claimed: Some(total),
                    limit: limits.max_total_bytes,
                },
            ));
        }
        if tensors.iter().any(|t| t.name == name) {
            return Err(err(
                Some(&name),
                IoErrorKind::Format("tensor appears twice".into()),
            ));
        }
        tensors.push(parse_npy(&buf, file, &name, limits)?);
    }
    Ok(TensorFile {
        file: file.to_string(),
        tensors,
    })
}

/// Parse a safetensors file held in `bytes` (offsets and sizes are validated by the
/// `safetensors` crate against `bytes`; sizes are also checked against `limits`).
pub fn parse_safetensors(
    bytes: &[u8],
    file: &str,
    limits: &ReadLimits,
) -> Result<TensorFile, IoError> {
    use safetensors::Dtype as S;
    let err = |t: Option<&str>, k| IoError::new(file, t, k);
    let st = safetensors::SafeTensors::deserialize(bytes).map_err(|e| {
        err(
            None,
            IoErrorKind::Format(format!("not a safetensors file: {e}")),
        )
    })?;
    let names = st.names();
    if names.len() > limits.max_tensors {
        return Err(err(
            None,
            IoErrorKind::Format(format!(
                "{} tensors, above the limit of {}",
                names.len(),
                limits.max_tensors
            )),
        ));
    }
    let mut tensors = Vec::with_capacity(names.len());
    // safetensors orders tensors by offset; sort by name for a stable order
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    for name in names {
        let view = st
            .tensor(name)
            .map_err(|e| err(Some(name), IoErrorKind::Format(e.to_string())))?;
        let dtype = match view.dtype() {
            S::F32 => Dtype::F32,
            S::F64 => Dtype::F64,
            S::I8 => Dtype::Int(1),
            S::I16 => Dtype::Int(2),
            S::I32 => Dtype::Int(4),
            S::I64 => Dtype::Int(8),
            S::U8 => Dtype::Uint(1),
            S::U16 => Dtype::Uint(2),
            S::U32 => Dtype::Uint(4),
            S::U64 => Dtype::Uint(8),
            S::BOOL => Dtype::Bool,
            other => {
                return Err(err(
                    Some(name),
                    IoErrorKind::Dtype {
                        found: format!("{other:?}"),
                        expected: "F32, F64 or an integer type",
                    },
                ));
            }
        };
        let shape64: Vec<u64> = view.shape().iter().map(|&s| s as u64).collect();
        let claimed = claimed_bytes(&shape64, dtype.size(), limits.max_tensor_bytes)
            .map_err(|k| err(Some(name), k))?;
        let found = view.data().len() as u64;
        if found != claimed {
            return Err(err(
                Some(name),
                IoErrorKind::Truncated {
                    expected: claimed,
                    found,
                },
            ));
        }
        let data = decode(view.data(), dtype, false, 0).map_err(|k| err(Some(name), k))?;
        tensors.push(Tensor {
            name: name.to_string(),
            shape: view.shape().to_vec(),
            dtype,
            data,
        });
    }
    Ok(TensorFile {
        file: file.to_string(),
        tensors,
    })
}

/// Read a whole file of at most `cap` bytes (checked before reading).
fn read_bounded(path: &Path, cap: u64) -> Result<Vec<u8>, IoError> {
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

/// A `.npy` matrix of shape $(N, d)$ (C order, `f32` or `f64`) read a block of rows at a
/// time. The data size the header claims is checked against the file's size when opening,
/// so a truncated file is an error before any row is read.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug)]
pub struct NpyRows {
    file: String,
    tensor: String,
    reader: std::io::BufReader<std::fs::File>,
    rows: usize,
    cols: usize,
    dtype: Dtype,
    big: bool,
    next_row: usize,
    buf: Vec<u8>,
}

impl NpyRows {
    /// Open `path` as an $(N, d)$ float matrix (`tensor` names it in errors); a 1-D array
    /// of length $N$ is read as $(N, 1)$.
    pub fn open(path: &Path, tensor: &str, limits: &ReadLimits) -> Result<Self, IoError> {
        let file = path.display().to_string();
        let err = |k| IoError::new(&file, Some(tensor), k);
        let f = std::fs::File::open(path).map_err(|e| err(IoErrorKind::Io(e.to_string())))?;
        let len = f
            .metadata()
            .map_err(|e| err(IoErrorKind::Io(e.to_string())))?
            .len();
        let mut reader = std::io::BufReader::with_capacity(1 << 20, f);
        let head_cap = limits.max_header_bytes.saturating_add(12);
        let mut front = Vec::new();
        (&mut reader)
            .take(head_cap as u64)
            .read_to_end(&mut front)
            .map_err(|e| err(IoErrorKind::Io(e.to_string())))?;
        let head = parse_npy_head(&front, limits).map_err(err)?;
        if !head.dtype.is_float() {
            return Err(err(IoErrorKind::Dtype {
                found: head.dtype.to_string(),
                expected: "float32 or float64",
            }));
        }
        let (rows, cols) = match head.shape.as_slice() {
            [n] => (*n, 1),
            [n, d] => (*n, *d),
            _ => {
                return Err(err(IoErrorKind::Shape {
                    expected: "(N, d)".into(),
                    found: shape_usize(&head.shape).map_err(err)?,
                }));
            }
        };
        if head.fortran && rows > 1 && cols > 1 {
            return Err(err(IoErrorKind::Format(
                "Fortran-ordered array; save it with numpy.ascontiguousarray".into(),
            )));
        }
        let claimed = claimed_bytes(&head.shape, head.dtype.size(), u64::MAX).map_err(err)?;
        let found = len.saturating_sub(head.data_offset as u64);
        if found != claimed {
            return Err(err(IoErrorKind::Truncated {
                expected: claimed,
                found,
            }));
        }
        let rows = usize::try_from(rows).map_err(|_| {
            err(IoErrorKind::TooLarge {
                claimed: Some(rows),
                limit: usize::MAX as u64,
            })
        })?;
        let cols = usize::try_from(cols).map_err(|_| {
            err(IoErrorKind::TooLarge {
                claimed: Some(cols),
                limit: usize::MAX as u64,
            })
        })?;
        // position the reader at the data: re-open and skip the header
        let f = std::fs::File::open(path).map_err(|e| err(IoErrorKind::Io(e.to_string())))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 20, f);
        std::io::copy(
            &mut (&mut reader).take(head.data_offset as u64),
            &mut std::io::sink(),
        )
        .map_err(|e| err(IoErrorKind::Io(e.to_string())))?;
        Ok(Self {
            file,
            tensor: tensor.to_string(),
            reader,
            rows,
            cols,
            dtype: head.dtype,
            big: head.big,
            next_row: 0,
            buf: Vec::new(),
        })
    }

    /// $N$, the number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// $d$, the number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The stored dtype.
    pub fn dtype(&self) -> Dtype {
        self.dtype
    }

    /// The next at most `max_rows` rows (C order, `rows * d` values) into `out`; returns the
    /// number of rows read (0 at the end). A non-finite value is an error naming its index.
    pub fn next_rows(&mut self, max_rows: usize, out: &mut Vec<f64>) -> Result<usize, IoError> {
        let take = max_rows.min(self.rows - self.next_row);
        out.clear();
        if take == 0 {
            return Ok(0);
        }
        let err = |k| IoError::new(&self.file, Some(&self.tensor), k);
        let count = take
            .checked_mul(self.cols)
            .and_then(|c| c.checked_mul(self.dtype.size() as usize))
            .ok_or_else(|| {
                err(IoErrorKind::TooLarge {
                    claimed: None,
                    limit: usize::MAX as u64,
                })
            })?;
        self.buf.resize(count, 0);
        self.reader
            .read_exact(&mut self.buf)
            .map_err(|e| err(IoErrorKind::Io(e.to_string())))?;
        let first = (self.next_row as u64).saturating_mul(self.cols as u64);
        match decode(&self.buf, self.dtype, self.big, first).map_err(err)? {
            TensorData::Float(v) => *out = v,
            TensorData::Int(_) => {
                return Err(err(IoErrorKind::Dtype {
                    found: self.dtype.to_string(),
                    expected: "float32 or float64",
                }));
            }
        }
        self.next_row += take;
        Ok(take)
    }
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
