//! # Reading errors
//!
//! ## Main definitions
//! - [`IoError`]: a reading error naming the file and, where known, the tensor;
//!   [`IoError::parameter`] is the one of the two it concerns.
//! - [`IoErrorKind`]: what went wrong (I/O, format, size caps, truncation, dtype, non-finite
//!   value, shape, missing or unexpected tensor, label).
//!
//! ## Main results
//! None (error types). Every message is one line.
//!
//! ## References
//! None.

use std::fmt;

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

    /// What the error concerns, as the caller named it: the tensor (the name given to
    /// `parse_npy`, the `.npz` member without `.npy`, the safetensors key, or the tensor of the
    /// naming convention) if the error concerns one, else the file (the path as given).
    pub fn parameter(&self) -> &str {
        self.tensor.as_deref().unwrap_or(&self.file)
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
            } => write!(
                f,
                "larger than the limit of {limit} bytes (or its size overflows)"
            ),
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
