//! # Streaming the rows of a `.npy` matrix
//!
//! ## Main definitions
//! - [`NpyRows`]: a `.npy` matrix of shape $(N, d)$ read a block of rows at a time, so that
//!   features with $N d$ far beyond memory can be streamed ([`crate::metrics::stream`]).
//!
//! ## Main results
//! None (a reader): the data size the header claims is checked against the file's size when
//! opening; memory is one block of rows. A Fortran-ordered array with more than one row and
//! more than one column is refused.
//!
//! ## References
//! The NumPy `.npy` format (`numpy.lib.format`).
#![cfg_attr(doc, doc = katex!())]

use super::error::{IoError, IoErrorKind};
use super::npy::parse_npy_head;
use super::tensor::{Dtype, ReadLimits, TensorData, claimed_bytes, decode, shape_usize};
use std::io::Read;
use std::path::Path;

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
