//! `ncverify ce --family dnc|paired --classes K --layers L --lambda X --samples N [--json]`:
//! the minimal loss of a family of the deep linear CE UFM over its scale.

use super::{CliError, Output, bad, parse_positive_q, require_at_least, to_json};
use crate::ce::family::{CeError, CeUfm, Family};
use serde::Serialize;

/// Family names on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FamilyArg {
    /// Deep neural collapse, Z = α S ⊗ 1ᵀ.
    Dnc,
    /// Paired low rank (extra class for odd K).
    Paired,
}

/// Arguments of `ce`.
#[derive(Debug, clap::Args)]
pub struct CeArgs {
    /// The family.
    #[arg(long, value_enum)]
    pub family: FamilyArg,
    /// Number of classes K >= 2.
    #[arg(long, allow_negative_numbers = true)]
    pub classes: u64,
    /// Number of weight layers L >= 1 (L + 1 factors including the features).
    #[arg(long, allow_negative_numbers = true)]
    pub layers: u32,
    /// Regularisation λ > 0 (decimal or fraction such as 1/1000).
    #[arg(long, allow_hyphen_values = true)]
    pub lambda: String,
    /// Samples per class n >= 1.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub samples: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// JSON output of `ce`.
#[derive(Debug, Serialize)]
pub struct CeReport {
    /// Family name.
    pub family: Family,
    /// K.
    pub classes: u64,
    /// L.
    pub layers: u32,
    /// λ as given (exact).
    pub lambda: String,
    /// n.
    pub samples: u64,
    /// Minimal loss over the scale.
    pub loss: f64,
    /// The minimising scale (α or β; 0 means Z = 0).
    pub scale: f64,
}

/// The largest K accepted (the evaluation is O(1) in K, but K enters as a float).
const MAX_CLASSES: u64 = 1 << 40;

/// Run `ce`.
pub fn run(a: &CeArgs) -> Result<Output, CliError> {
    require_at_least("--classes", a.classes, 2)?;
    if a.classes > MAX_CLASSES {
        return Err(bad(
            "--classes",
            format!("{} exceeds {MAX_CLASSES}", a.classes),
        ));
    }
    require_at_least("--layers", u64::from(a.layers), 1)?;
    require_at_least("--samples", a.samples, 1)?;
    let lambda = parse_positive_q("--lambda", &a.lambda)?;
    let model = CeUfm::new(a.classes as usize, a.layers, lambda.clone(), a.samples).map_err(
        |e| match e {
            CeError::TooFewClasses(_) => {
                super::bad_param("--classes", e.parameter(), e.to_string())
            }
            CeError::NoLayers => super::bad_param("--layers", e.parameter(), e.to_string()),
            CeError::NoSamples => super::bad_param("--samples", e.parameter(), e.to_string()),
            _ => super::bad_param("--lambda", e.parameter(), e.to_string()),
        },
    )?;
    let family = match a.family {
        FamilyArg::Dnc => Family::Dnc,
        FamilyArg::Paired => Family::Paired,
    };
    // the f64 minimiser: an error (never a panic or NaN) when λ is below what f64 resolves
    let min = model
        .minimise(family)
        .map_err(|e| bad("--lambda", format!("{}: {e}", a.lambda)))?;
    if !(min.loss.is_finite() && min.scale.is_finite()) {
        return Err(bad(
            "--lambda",
            format!(
                "{}: the f64 minimiser did not return a finite loss",
                a.lambda
            ),
        ));
    }
    let report = CeReport {
        family,
        classes: a.classes,
        layers: a.layers,
        lambda: lambda.to_string(),
        samples: a.samples,
        loss: min.loss,
        scale: min.scale,
    };
    if a.json {
        return Ok(Output::ok(to_json(&report)?));
    }
    // a loss below 1e-4 (tiny λ) in scientific notation, so it does not print as 0.0000000000
    let loss = if report.loss != 0.0 && report.loss.abs() < 1e-4 {
        format!("{:.10e}", report.loss)
    } else {
        format!("{:.10}", report.loss)
    };
    Ok(Output::ok(format!(
        "family {}  K={}  L={}  lambda={}  n={}\nloss  {loss}\nscale {:.10}\n",
        report.family, report.classes, report.layers, report.lambda, report.samples, report.scale
    )))
}
