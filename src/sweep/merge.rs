//! # Merging shard outputs
//!
//! ## Main definitions
//! - [`merge`]: the union of shard files, written canonically.
//!
//! ## Main results
//! A run present in two files must have identical rows there (else [`SweepError::Merge`]
//! naming the run and the files); given the grid, every run must be present and no other
//! (else [`SweepError::Merge`] with the count and the first missing or foreign key). The merged
//! file is [`super::writer::canonical_text`] of the union, hence byte-identical to the output
//! of the unsharded sweep.
//!
//! ## References
//! Module [`super::runner`].

use super::grid::Grid;
use super::row::RunRow;
use super::writer::{self, OutputFormat};
use super::{SweepError, SweepRun};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What [`merge`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeSummary {
    /// Distinct runs written.
    pub runs: u64,
    /// Rows found in more than one file (identical).
    pub duplicates: u64,
}

/// Merge `shards` (each of `format`) into `out`, checking them against `grid` when given.
pub fn merge(
    out: &Path,
    shards: &[PathBuf],
    format: OutputFormat,
    grid: Option<&Grid>,
) -> Result<MergeSummary, SweepError> {
    if shards.is_empty() {
        return Err(SweepError::Merge("no shard files given".into()));
    }
    let mut rows: Vec<(RunRow, SweepRun)> = Vec::new();
    let mut index: HashMap<String, (usize, usize)> = HashMap::new();
    let mut duplicates = 0u64;
    for (fi, path) in shards.iter().enumerate() {
        let (found, partial) = writer::read_rows(path, format)?;
        if partial {
            let lines = found.len() + 1 + usize::from(format == OutputFormat::Csv);
            return Err(SweepError::Corrupt {
                file: path.display().to_string(),
                line: lines,
                reason: "incomplete last line (the shard was interrupted: resume it first)".into(),
            });
        }
        for (row, spec) in found {
            match index.get(&row.key) {
                Some(&(i, other)) => {
                    if rows[i].0 != row {
                        return Err(SweepError::Merge(format!(
                            "run {:?} differs between {} and {}",
                            row.key,
                            shards[other].display(),
                            path.display()
                        )));
                    }
                    duplicates += 1;
                }
                None => {
                    index.insert(row.key.clone(), (rows.len(), fi));
                    rows.push((row, spec));
                }
            }
        }
    }
    if let Some(g) = grid {
        let expected: HashSet<String> = g.runs()?.iter().map(SweepRun::key).collect();
        let mut foreign: Vec<&str> = index
            .keys()
            .filter(|k| !expected.contains(*k))
            .map(String::as_str)
            .collect();
        foreign.sort_unstable();
        if let Some(first) = foreign.first() {
            return Err(SweepError::Merge(format!(
                "{} run(s) not in the grid, first {first:?}",
                foreign.len()
            )));
        }
        let mut missing: Vec<&String> = expected
            .iter()
            .filter(|k| !index.contains_key(*k))
            .collect();
        missing.sort_unstable();
        if let Some(first) = missing.first() {
            return Err(SweepError::Merge(format!(
                "incomplete: {} of {} run(s) missing, first {first:?}",
                missing.len(),
                expected.len()
            )));
        }
    }
    let runs = rows.len() as u64;
    writer::write_canonical(out, &mut rows, format)?;
    Ok(MergeSummary { runs, duplicates })
}
