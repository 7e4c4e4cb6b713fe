//! # `ncverify sweep`: grids of training runs
//!
//! ## Main definitions
//! - [`SweepArgs`]: `ncverify sweep [--grid FILE] [axis flags] --out FILE [--shard I/N]
//!   [--max-runs N] [--threads N] [--trace-out FILE]`, or `ncverify sweep merge OUT SHARD…
//!   [--grid FILE]`.
//! - [`run`]: parse, run [`crate::sweep::run_sweep`] (progress bar with ETA on a terminal) or
//!   [`crate::sweep::merge::merge`].
//!
//! ## Main results
//! Axis flags take comma-separated lists and override the grid file's keys. The output is
//! CSV for a `.csv` path and JSON Lines otherwise (or `--format`).
//!
//! ## References
//! Module [`crate::sweep`].

use super::{CliError, Output, bad};
use crate::sweep::grid::{Grid, GridFile, Shard};
use crate::sweep::{OutputFormat, SweepError, SweepOptions, merge, run_sweep};
use std::path::PathBuf;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Comma-separated values with a header.
    Csv,
    /// JSON Lines.
    Jsonl,
}

/// Run a grid of training runs (resumable, shardable), or merge shard outputs.
#[derive(Debug, Clone, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SweepArgs {
    /// `merge OUT SHARD…`.
    #[command(subcommand)]
    pub action: Option<SweepAction>,
    /// The grid and run options.
    #[command(flatten)]
    pub run: SweepRunArgs,
}

/// Sweep subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum SweepAction {
    /// Join shard outputs into OUT (canonical order; checks duplicates, and completeness with --grid).
    Merge(MergeArgs),
}

/// `ncverify sweep merge`.
#[derive(Debug, Clone, clap::Args)]
pub struct MergeArgs {
    /// Merged output file.
    pub out: PathBuf,
    /// Shard outputs.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// The grid file: every run of it must be present, and no other.
    #[arg(long, value_name = "FILE.toml")]
    pub grid: Option<PathBuf>,
    /// Format of the files (default: from OUT's extension).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
}

/// The grid (file and flags) and how to run it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SweepRunArgs {
    /// Grid file (TOML; keys as the flags below, with underscores, lists as arrays).
    #[arg(long, value_name = "FILE.toml")]
    pub grid: Option<PathBuf>,
    /// Output file (resumed if it exists): CSV for .csv, JSON Lines otherwise.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format (default: from --out's extension).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Run only shard I of N (0 <= I < N).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Stop after this many new runs (resume later).
    #[arg(long, allow_negative_numbers = true)]
    pub max_runs: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<u64>,
    /// Trace file (JSON Lines): loss and one layer's singular values every --trace-every steps.
    #[arg(long, value_name = "FILE.jsonl")]
    pub trace_out: Option<PathBuf>,
    /// Trace interval in steps.
    #[arg(long, allow_negative_numbers = true)]
    pub trace_every: Option<u64>,
    /// Traced layer: 1..L for H_l, L+1 for the output Z (default L).
    #[arg(long, allow_negative_numbers = true)]
    pub trace_layer: Option<u64>,
    /// Losses (mse,ce).
    #[arg(long)]
    pub loss: Option<String>,
    /// Activations (relu,linear).
    #[arg(long)]
    pub activation: Option<String>,
    /// Numbers of classes K.
    #[arg(long, allow_hyphen_values = true)]
    pub classes: Option<String>,
    /// Numbers of weight matrices L.
    #[arg(long, allow_hyphen_values = true)]
    pub layers: Option<String>,
    /// Widths d.
    #[arg(long, allow_hyphen_values = true)]
    pub width: Option<String>,
    /// Samples per class n.
    #[arg(long, allow_hyphen_values = true)]
    pub samples: Option<String>,
    /// Tied weight decays λ_W = λ_H.
    #[arg(long, allow_hyphen_values = true)]
    pub lambda: Option<String>,
    /// Weight decays λ_W (product with --lambda-h).
    #[arg(long, allow_hyphen_values = true)]
    pub lambda_w: Option<String>,
    /// Feature decays λ_H.
    #[arg(long, allow_hyphen_values = true)]
    pub lambda_h: Option<String>,
    /// Initialisations (gaussian,spectral,hadamard).
    #[arg(long)]
    pub init: Option<String>,
    /// Initialisation scales.
    #[arg(long, allow_hyphen_values = true)]
    pub init_scale: Option<String>,
    /// Numbers of GD steps.
    #[arg(long, allow_hyphen_values = true)]
    pub steps: Option<String>,
    /// Step sizes.
    #[arg(long, allow_hyphen_values = true)]
    pub lr: Option<String>,
    /// Replicates per cell (seed axis 0..SEEDS).
    #[arg(long, allow_negative_numbers = true)]
    pub seeds: Option<u64>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

fn list<T: std::str::FromStr>(
    name: &'static str,
    s: &Option<String>,
) -> Result<Option<Vec<T>>, CliError> {
    let Some(s) = s else { return Ok(None) };
    s.split(',')
        .map(|x| {
            x.trim().parse().map_err(|_| {
                bad(
                    name,
                    format!("{:?} is not a valid value", super::shorten(x)),
                )
            })
        })
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

fn strings(s: &Option<String>) -> Option<Vec<String>> {
    s.as_ref()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect())
}

fn sweep_err(e: SweepError) -> CliError {
    match e {
        SweepError::BadShard(r) => bad("--shard", r),
        SweepError::TooLarge { .. } => bad("--grid", e.to_string()),
        SweepError::BadGrid { .. } => bad("--grid", e.to_string()),
        SweepError::Corrupt { .. } => bad("--out", e.to_string()),
        SweepError::Merge(m) => bad("merge", m),
        other => CliError::Io(other.to_string()),
    }
}

fn format_of(f: Option<FormatArg>, path: &std::path::Path) -> OutputFormat {
    match f {
        Some(FormatArg::Csv) => OutputFormat::Csv,
        Some(FormatArg::Jsonl) => OutputFormat::Jsonl,
        None => OutputFormat::from_path(path),
    }
}

/// The grid from `--grid` and the axis flags.
pub fn grid_of(a: &SweepRunArgs) -> Result<Grid, CliError> {
    let file = match &a.grid {
        Some(p) => GridFile::read(p).map_err(sweep_err)?,
        None => GridFile::default(),
    };
    let trace_layer = a
        .trace_layer
        .map(|l| usize::try_from(l).map_err(|_| bad("--trace-layer", format!("{l} is too large"))))
        .transpose()?;
    let flags = GridFile {
        loss: strings(&a.loss),
        activation: strings(&a.activation),
        classes: list("--classes", &a.classes)?,
        layers: list("--layers", &a.layers)?,
        width: list("--width", &a.width)?,
        samples: list("--samples", &a.samples)?,
        lambda: list("--lambda", &a.lambda)?,
        lambda_w: list("--lambda-w", &a.lambda_w)?,
        lambda_h: list("--lambda-h", &a.lambda_h)?,
        init: strings(&a.init),
        init_scale: list("--init-scale", &a.init_scale)?,
        steps: list("--steps", &a.steps)?,
        lr: list("--lr", &a.lr)?,
        seeds: a.seeds,
        trace_every: a.trace_every,
        trace_layer,
    };
    Grid::new(&file.overridden_by(&flags)).map_err(sweep_err)
}

/// Run `ncverify sweep`.
pub fn run(a: &SweepArgs) -> Result<Output, CliError> {
    if let Some(SweepAction::Merge(m)) = &a.action {
        let grid = match &m.grid {
            Some(p) => Some(Grid::new(&GridFile::read(p).map_err(sweep_err)?).map_err(sweep_err)?),
            None => None,
        };
        let format = format_of(m.format, &m.out);
        let s = merge::merge(&m.out, &m.shards, format, grid.as_ref()).map_err(sweep_err)?;
        return Ok(Output::ok(format!(
            "merged {} file(s): {} runs ({} identical duplicates) -> {}{}",
            m.shards.len(),
            s.runs,
            s.duplicates,
            m.out.display(),
            if grid.is_some() {
                ", complete"
            } else {
                " (not checked for completeness: no --grid)"
            }
        )));
    }
    let r = &a.run;
    let out = r
        .out
        .clone()
        .ok_or_else(|| bad("--out", "an output file is required"))?;
    let shard = r
        .shard
        .as_deref()
        .map(str::parse::<Shard>)
        .transpose()
        .map_err(sweep_err)?;
    let threads = match r.threads {
        Some(0) => return Err(bad("--threads", "must be at least 1")),
        Some(t) => Some(
            usize::try_from(t)
                .ok()
                .filter(|&t| t <= 1024)
                .ok_or_else(|| bad("--threads", format!("{t} is above the limit 1024")))?,
        ),
        None => None,
    };
    let grid = grid_of(r)?;
    let opts = SweepOptions {
        format: format_of(r.format, &out),
        out,
        trace_out: r.trace_out.clone(),
        shard,
        max_runs: r.max_runs,
        threads,
    };
    let bar = indicatif::ProgressBar::new(0);
    if r.quiet {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} runs  {elapsed} elapsed, eta {eta}",
        )
        .expect("valid template"),
    );
    let s = run_sweep(&grid, &opts, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .map_err(sweep_err)?;
    bar.finish_and_clear();
    Ok(Output::ok(format!(
        "sweep{}: {} runs, {} already done, {} run now, {} remaining -> {}",
        shard
            .map(|s| format!(" shard {}/{}", s.index, s.count))
            .unwrap_or_default(),
        s.total,
        s.skipped,
        s.ran,
        s.remaining,
        opts.out.display()
    )))
}
