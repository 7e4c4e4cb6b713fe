//! # safetensors files
//!
//! ## Main definitions
//! - [`parse_safetensors`]: a safetensors file held in memory, tensors sorted by name.
//!
//! ## Main results
//! None (a parser): offsets and sizes are validated by the `safetensors` crate against the
//! bytes, and each tensor's size is checked against [`ReadLimits`].
//!
//! ## References
//! The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON
//! header of dtypes, shapes and byte offsets, then the raw little-endian data.

use super::error::{IoError, IoErrorKind};
use super::tensor::{Dtype, ReadLimits, Tensor, TensorFile, claimed_bytes, decode};

/// Parse a safetensors file held in `bytes` (offsets and sizes are validated by the
/// `safetensors` crate against `bytes`; sizes are also checked against `limits`).
pub fn parse_safetensors(
    bytes: &[u8],
    file: &str,
    limits: &ReadLimits,
) -> Result<TensorFile, IoError> {
    use ::safetensors::Dtype as S;
    let err = |t: Option<&str>, k| IoError::new(file, t, k);
    let st = ::safetensors::SafeTensors::deserialize(bytes).map_err(|e| {
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
