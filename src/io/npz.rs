//! # NumPy `.npz` archives
//!
//! ## Main definitions
//! - [`parse_npz`]: a `.npz` archive held in memory; every member `NAME.npy` becomes the
//!   tensor `NAME`, decoded while it is decompressed.
//!
//! ## Main results
//! None (a parser): each member's decompressed size is bounded while it is read (the zip
//! directory is not trusted), the total by [`ReadLimits::max_total_bytes`]; an archive whose
//! directory lists a name twice is refused.
//!
//! ## References
//! `numpy.savez`, `numpy.savez_compressed` (a zip archive of `.npy` members); the zip
//! format's end-of-central-directory record (PKWARE APPNOTE 4.3.16, zip64 4.3.14–15).

use super::error::{IoError, IoErrorKind};
use super::npy::read_npy_stream;
use super::tensor::{ReadLimits, Tensor, TensorFile};

/// Refuse a `.npz` whose central directory lists more entries than the archive has distinct
/// names (the zip reader keeps one member per name, so a duplicate would be dropped
/// silently): the entry count of the end-of-central-directory record (or its zip64 version).
fn zip_entry_count(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const LOC64: [u8; 4] = [0x50, 0x4b, 0x06, 0x07];
    const EOCD64: [u8; 4] = [0x50, 0x4b, 0x06, 0x06];
    let from = bytes.len().saturating_sub(22 + 65_535);
    let at = (from..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&i| bytes[i..i + 4] == EOCD)?;
    let total = u16::from_le_bytes([bytes[at + 10], bytes[at + 11]]);
    if total != u16::MAX {
        return Some(u64::from(total));
    }
    // zip64: the locator (20 bytes) sits just before the record and gives its offset
    let loc = at.checked_sub(20)?;
    if bytes[loc..loc + 4] != LOC64 {
        return None;
    }
    let mut off = [0u8; 8];
    off.copy_from_slice(&bytes[loc + 8..loc + 16]);
    let rec = usize::try_from(u64::from_le_bytes(off)).ok()?;
    let end = rec.checked_add(40)?;
    if end > bytes.len() || bytes[rec..rec + 4] != EOCD64 {
        return None;
    }
    let mut n = [0u8; 8];
    n.copy_from_slice(&bytes[rec + 32..rec + 40]);
    Some(u64::from_le_bytes(n))
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
    if let Some(entries) = zip_entry_count(bytes)
        && entries != zip.len() as u64
    {
        return Err(err(
            None,
            IoErrorKind::Format(format!(
                "{entries} members but {} distinct names: a member name appears twice",
                zip.len()
            )),
        ));
    }
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
        if tensors.iter().any(|t| t.name == name) {
            return Err(err(
                Some(&name),
                IoErrorKind::Format("tensor appears twice".into()),
            ));
        }
        // decoded while it is decompressed: one copy of the data, never the raw bytes too
        let left = limits.max_total_bytes.saturating_sub(total);
        let (t, used) = read_npy_stream(&mut entry, file, &name, limits, left)?;
        total = total.saturating_add(used);
        tensors.push(t);
    }
    Ok(TensorFile {
        file: file.to_string(),
        tensors,
    })
}
