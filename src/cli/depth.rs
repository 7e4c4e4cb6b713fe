//! `ncverify depth --classes K [--json]`: the least number of factors m at which the rank-2
//! K-gon code and the paired code have a lower unit-margin cost than NC (docs/theory.md §5.2).

use super::{CliError, Output, bad, require_at_least, to_json};
use crate::ce::depth::{nc_vs_kgon_depth, nc_vs_paired_depth};
use serde::Serialize;

/// Arguments of `depth`.
#[derive(Debug, clap::Args)]
pub struct DepthArgs {
    /// Number of classes K >= 4 (below 4 no low-rank code beats NC).
    #[arg(long, allow_negative_numbers = true)]
    pub classes: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// JSON output of `depth`.
#[derive(Debug, Serialize)]
pub struct DepthReport {
    /// K.
    pub classes: u64,
    /// Least m with the K-gon code strictly cheaper than NC (certified by enclosures).
    pub nc_vs_kgon_depth: u32,
    /// Least m with the paired code strictly cheaper than NC (exact integers).
    pub nc_vs_paired_depth: u32,
}

/// The largest K accepted.
const MAX_CLASSES: u64 = 100_000;

/// Run `depth`.
pub fn run(a: &DepthArgs) -> Result<Output, CliError> {
    require_at_least("--classes", a.classes, 4)?;
    if a.classes > MAX_CLASSES {
        return Err(bad(
            "--classes",
            format!("{} exceeds {MAX_CLASSES}", a.classes),
        ));
    }
    let k = a.classes as usize;
    let kgon = nc_vs_kgon_depth(k, 1 << 14)
        .ok_or_else(|| bad("--classes", "K-gon cost could not be separated from NC's"))?;
    let paired = nc_vs_paired_depth(k)
        .ok_or_else(|| bad("--classes", "paired code never cheaper than NC"))?;
    let report = DepthReport {
        classes: a.classes,
        nc_vs_kgon_depth: kgon,
        nc_vs_paired_depth: paired,
    };
    if a.json {
        return Ok(Output::ok(to_json(&report)?));
    }
    Ok(Output::ok(format!(
        "K={}  K-gon beats NC from m = {}  paired beats NC from m = {} factors\n",
        report.classes, report.nc_vs_kgon_depth, report.nc_vs_paired_depth
    )))
}
