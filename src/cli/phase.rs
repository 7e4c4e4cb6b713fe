//! `ncverify phase mse --classes A..B --layers C..D --lambda X [--samples N] --out DIR`:
//! the best family and certification status for every $(K, L)$ in a grid, written as
//! `DIR/phase.csv` and `DIR/phase.svg`; cells run in parallel (rayon, feature `parallel`;
//! one after another without it) with a progress bar on stderr.

use super::{CliError, Output, bad, parse_positive_q};
use crate::mse::MseParams;
use crate::search::certify::SearchOptions;
use crate::search::phase::{PhaseRow, phase_row, to_csv, to_svg};
use indicatif::{ProgressBar, ProgressStyle};
#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Model families that `phase` handles.
#[derive(Debug, clap::Subcommand)]
#[non_exhaustive]
pub enum PhaseModel {
    /// MSE deep UFM with ReLU.
    Mse(PhaseMseArgs),
}

/// Arguments of `phase`.
#[derive(Debug, clap::Args)]
pub struct PhaseArgs {
    /// The model.
    #[command(subcommand)]
    pub model: PhaseModel,
}

/// Arguments of `phase mse`.
#[derive(Debug, clap::Args)]
pub struct PhaseMseArgs {
    /// Range of classes `A..B` (inclusive), 2 <= A <= B <= 40.
    #[arg(long)]
    pub classes: String,
    /// Range of layers `C..D` (inclusive), 1 <= C <= D <= 12.
    #[arg(long)]
    pub layers: String,
    /// λ_W = λ_H > 0.
    #[arg(long, allow_hyphen_values = true)]
    pub lambda: String,
    /// Samples per class n >= 1.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub samples: u64,
    /// Random restarts per searched structure (>= 1).
    #[arg(long, default_value_t = 6, allow_negative_numbers = true)]
    pub restarts: u64,
    /// Output directory (created if missing).
    #[arg(long)]
    pub out: String,
}

/// Parse an inclusive range `A..B` within `[min, max]`.
pub fn parse_range(
    name: &'static str,
    s: &str,
    min: u64,
    max: u64,
) -> Result<(u64, u64), CliError> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| bad(name, format!("{:?} is not a range A..B", super::shorten(s))))?;
    let parse = |t: &str| {
        t.trim().parse::<u64>().map_err(|_| {
            bad(
                name,
                format!(
                    "{:?}: {:?} is not a non-negative integer",
                    super::shorten(s),
                    super::shorten(t)
                ),
            )
        })
    };
    let (a, b) = (parse(a)?, parse(b)?);
    if a > b {
        return Err(bad(
            name,
            format!("{:?}: start exceeds end", super::shorten(s)),
        ));
    }
    if a < min || b > max {
        return Err(bad(
            name,
            format!("{:?} must lie within {min}..{max}", super::shorten(s)),
        ));
    }
    Ok((a, b))
}

/// Run `phase`.
pub fn run(a: &PhaseArgs) -> Result<Output, CliError> {
    match &a.model {
        PhaseModel::Mse(m) => run_mse(m),
    }
}

fn run_mse(a: &PhaseMseArgs) -> Result<Output, CliError> {
    let (k0, k1) = parse_range("--classes", &a.classes, 2, 40)?;
    let (l0, l1) = parse_range("--layers", &a.layers, 1, 12)?;
    let lambda = parse_positive_q("--lambda", &a.lambda)?;
    super::require_at_least("--samples", a.samples, 1)?;
    super::require_at_most(
        "--samples",
        a.samples,
        crate::kernel::certificate::limits::MAX_SAMPLES,
        "the kernel verifies certificates up to this n",
    )?;
    super::require_at_least("--restarts", a.restarts, 1)?;
    super::require_at_most("--restarts", a.restarts, 1_000, "search effort")?;
    super::require_path("--out", &a.out)?;
    let mut cells = Vec::new();
    for k in k0..=k1 {
        for l in l0..=l1 {
            let p = MseParams::new(k, l as u32, lambda.clone(), lambda.clone(), a.samples)
                .map_err(|e| {
                    // phase has one --lambda for both decays
                    let mut e = super::mse::mse_error(e);
                    if let CliError::BadArgument { name, .. } = &mut e
                        && name.starts_with("--lambda")
                    {
                        *name = "--lambda";
                    }
                    e
                })?;
            cells.push(p);
        }
    }
    std::fs::create_dir_all(&a.out)
        .map_err(|e| CliError::Io(format!("cannot create {}: {e}", a.out)))?;
    let opts = SearchOptions {
        restarts: a.restarts as usize,
        dense: false,
        max_iter: 2000,
        ..SearchOptions::default()
    };
    let bar = ProgressBar::new(cells.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} (K, L) cells {elapsed}") {
        bar.set_style(style);
    }
    let text = a.lambda.trim().to_string();
    let cell = |p: &MseParams| {
        let r = phase_row(p, &text, &opts);
        bar.inc(1);
        r
    };
    #[cfg(feature = "parallel")]
    let rows: Vec<PhaseRow> = cells.par_iter().map(cell).collect();
    #[cfg(not(feature = "parallel"))]
    let rows: Vec<PhaseRow> = cells.iter().map(cell).collect();
    bar.finish_and_clear();
    let csv = format!("{}/phase.csv", a.out);
    let svg = format!("{}/phase.svg", a.out);
    std::fs::write(&csv, to_csv(&rows))
        .map_err(|e| CliError::Io(format!("cannot write {csv}: {e}")))?;
    std::fs::write(&svg, to_svg(&rows))
        .map_err(|e| CliError::Io(format!("cannot write {svg}: {e}")))?;
    let certified = rows.iter().filter(|r| r.certified).count();
    Ok(Output::ok(format!(
        "{} cells, {certified} certified not-DNC-optimal; wrote {csv} and {svg}\n",
        rows.len()
    )))
}
