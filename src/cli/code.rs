//! `ncverify code --dim D --classes K [--json]`: a softmax code of K unit vectors in R^D with
//! its one-vs-rest margin ρ — the closed form where one is known, else the numerical solver.

use super::{CliError, Output, bad, require_at_least, to_json};
use crate::codes::closed::closed_form;
use crate::codes::distance::margin;
use crate::codes::solver::{SolverConfig, solve};
use serde::Serialize;

/// Arguments of `code`.
#[derive(Debug, clap::Args)]
pub struct CodeArgs {
    /// Dimension D >= 1.
    #[arg(long, allow_negative_numbers = true)]
    pub dim: u64,
    /// Number of classes K >= 2.
    #[arg(long, allow_negative_numbers = true)]
    pub classes: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// JSON output of `code`.
#[derive(Debug, Serialize)]
pub struct CodeReport {
    /// D.
    pub dim: u64,
    /// K.
    pub classes: u64,
    /// ρ(W), recomputed from the vectors.
    pub margin: f64,
    /// `etf`, `k-gon`, `cross-polytope` or `numerical`.
    pub construction: String,
    /// The K vectors, each of length D.
    pub vectors: Vec<Vec<f64>>,
}

/// The largest D and K accepted.
const MAX_SIZE: u64 = 64;

/// Run `code`.
pub fn run(a: &CodeArgs) -> Result<Output, CliError> {
    require_at_least("--dim", a.dim, 1)?;
    require_at_least("--classes", a.classes, 2)?;
    if a.dim > MAX_SIZE {
        return Err(bad("--dim", format!("{} exceeds {MAX_SIZE}", a.dim)));
    }
    if a.classes > MAX_SIZE {
        return Err(bad(
            "--classes",
            format!("{} exceeds {MAX_SIZE}", a.classes),
        ));
    }
    let (d, k) = (a.dim as usize, a.classes as usize);
    let (construction, w) = match closed_form(d, k) {
        Some((form, w, _)) => (
            serde_json::to_value(form)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            w,
        ),
        None => (
            "numerical".to_owned(),
            solve(d, k, &SolverConfig::default()).0,
        ),
    };
    let report = CodeReport {
        dim: a.dim,
        classes: a.classes,
        margin: margin(&w),
        construction,
        vectors: w
            .column_iter()
            .map(|c| c.iter().copied().collect())
            .collect(),
    };
    if a.json {
        return Ok(Output::ok(to_json(&report)?));
    }
    let mut text = format!(
        "D={}  K={}  {}  margin {:.10}\n",
        report.dim, report.classes, report.construction, report.margin
    );
    for v in &report.vectors {
        let row: Vec<String> = v.iter().map(|x| format!("{x:>10.6}")).collect();
        text.push_str(&row.join(" "));
        text.push('\n');
    }
    Ok(Output::ok(text))
}
