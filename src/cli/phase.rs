//! `ncverify phase mse --classes A..B --layers C..D (--lambda X | --lambda-range A..B
//! [--lambda-steps N]) [--no-search] --out DIR`: what is known about DNC's optimality on a
//! grid, written as `DIR/phase.csv` (one row per cell, with its status) and `DIR/phase.svg`.
//! With `--lambda` the map is over $(K, L)$; with `--lambda-range` (one $L$) it is over
//! $(K, \lambda)$, $\lambda$ log-spaced, plus the $\lambda$ of every committed certificate at
//! that $L$, $n$ in range. Committed results (proved constructions, committed certificates,
//! re-verified by the kernel) settle a cell without a search; the other cells are searched in
//! parallel (rayon, feature `parallel`) with a progress bar on stderr, unless `--no-search`.
#![cfg_attr(doc, doc = katex!())]

use super::{CliError, Output, bad};
use crate::plot::phase::{kl_map_svg, klambda_map_svg};
use crate::search::certify::SearchOptions;
use crate::search::known::{KnownIndex, parse_certificate};
use crate::search::phase::{PhaseAxes, PhaseGridError, PhaseRow, phase_grid, phase_rows, to_csv};
use indicatif::{ProgressBar, ProgressStyle};

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
    /// Classes: a range `A..B` (inclusive) or one `K`, 2 <= A <= B <= 200.
    #[arg(long)]
    pub classes: String,
    /// Layers: a range `C..D` (inclusive) or one `L`, 1 <= C <= D <= 12.
    #[arg(long)]
    pub layers: String,
    /// λ_W = λ_H > 0: a (K, L) map at this λ.
    #[arg(
        long,
        allow_hyphen_values = true,
        conflicts_with = "lambda_range",
        required_unless_present = "lambda_range"
    )]
    pub lambda: Option<String>,
    /// λ range `A..B` (0 < A < B): a (K, λ) map at one L, λ on a log axis.
    #[arg(long, allow_hyphen_values = true)]
    pub lambda_range: Option<String>,
    /// Log-spaced λ values in `--lambda-range` (2..=200).
    #[arg(long, default_value_t = 25, allow_negative_numbers = true)]
    pub lambda_steps: u64,
    /// Samples per class n >= 1.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub samples: u64,
    /// Random restarts per searched structure (>= 1).
    #[arg(long, default_value_t = 6, allow_negative_numbers = true)]
    pub restarts: u64,
    /// Show only what is known (proved constructions, committed certificates, the exact zero
    /// threshold); no search.
    #[arg(long)]
    pub no_search: bool,
    /// Also use this certificate file (point or interval kind; repeatable), verified by the
    /// kernel like the committed ones.
    #[arg(long = "certificate")]
    pub certificates: Vec<String>,
    /// Also write every certificate the search found to `DIR/certificates/` (TOML, re-checkable
    /// with `ncverify verify`).
    #[arg(long)]
    pub save_certificates: bool,
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
    let (a, b) = match s.split_once("..") {
        Some(ab) => ab,
        // one value N means N..N
        None if !s.trim().is_empty() && s.trim().bytes().all(|c| c.is_ascii_digit()) => (s, s),
        None => {
            return Err(bad(
                name,
                format!("{:?} is not a range A..B or a number", super::shorten(s)),
            ));
        }
    };
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

/// The map's axes from `--classes`, `--layers`, `--lambda` / `--lambda-range`,
/// `--lambda-steps`; the flag that names a bad λ.
fn axes(a: &PhaseMseArgs) -> Result<(PhaseAxes, &'static str), CliError> {
    let (k0, k1) = parse_range("--classes", &a.classes, 2, 200)?;
    let (l0, l1) = parse_range("--layers", &a.layers, 1, 12)?;
    let (l0, l1) = (l0 as u32, l1 as u32);
    match (&a.lambda, &a.lambda_range) {
        (Some(lam), None) => {
            let lambda = super::parse_float_q("--lambda", lam)?;
            let axes = PhaseAxes::KL {
                classes: (k0, k1),
                layers: (l0, l1),
                lambda,
            };
            Ok((axes, "--lambda"))
        }
        (None, Some(range)) => {
            if l0 != l1 {
                return Err(bad("--layers", "a (K, λ) map (--lambda-range) needs one L"));
            }
            let (lo, hi) = range.split_once("..").ok_or_else(|| {
                bad(
                    "--lambda-range",
                    format!("{:?} is not a range A..B", super::shorten(range)),
                )
            })?;
            let (lo, hi) = (
                super::parse_float_q("--lambda-range", lo.trim())?,
                super::parse_float_q("--lambda-range", hi.trim())?,
            );
            if lo >= hi {
                return Err(bad("--lambda-range", "start must be below end"));
            }
            super::require_at_least("--lambda-steps", a.lambda_steps, 2)?;
            super::require_at_most("--lambda-steps", a.lambda_steps, 200, "grid size")?;
            let axes = PhaseAxes::KLambda {
                classes: (k0, k1),
                layers: l0,
                lo,
                hi,
                steps: a.lambda_steps as u32,
            };
            Ok((axes, "--lambda-range"))
        }
        _ => Err(bad("--lambda", "give --lambda or --lambda-range")),
    }
}

/// A bad cell as a CLI error naming `flag` where it names λ (phase has one λ for both decays).
fn grid_err(e: PhaseGridError, flag: &'static str) -> CliError {
    match e {
        PhaseGridError::Params(e) => {
            let mut e = super::mse::mse_error(e);
            if let CliError::BadArgument { name, .. } = &mut e
                && name.starts_with("--lambda")
            {
                *name = flag;
            }
            e
        }
        e => bad(flag, e.to_string()),
    }
}

fn run_mse(a: &PhaseMseArgs) -> Result<Output, CliError> {
    let (axes, flag) = axes(a)?;
    super::require_at_least("--samples", a.samples, 1)?;
    super::require_at_most(
        "--samples",
        a.samples,
        crate::kernel::cert::limits::MAX_SAMPLES,
        "the kernel verifies certificates up to this n",
    )?;
    super::require_at_least("--restarts", a.restarts, 1)?;
    super::require_at_most("--restarts", a.restarts, 1_000, "search effort")?;
    super::require_path("--out", &a.out)?;
    let grid = phase_grid(&axes, a.samples).map_err(|e| grid_err(e, flag))?;
    let title = if a.no_search {
        format!("{} (known results only)", grid.title)
    } else {
        grid.title.clone()
    };
    std::fs::create_dir_all(&a.out)
        .map_err(|e| CliError::Io(format!("cannot create {}: {e}", a.out)))?;
    let mut extra = Vec::new();
    for path in &a.certificates {
        let text = super::verify::read_bounded(path)
            .map_err(|e| bad("--certificate", format!("{path}: {e}")))?;
        extra
            .push(parse_certificate(path, &text).map_err(|e| bad("--certificate", e.to_string()))?);
    }
    let known = KnownIndex::for_points_with(&grid.cells, extra)
        .map_err(|e| CliError::Io(format!("{e}")))?;
    let opts = SearchOptions {
        restarts: a.restarts as usize,
        dense: false,
        max_iter: 2000,
        ..SearchOptions::default()
    };
    let search = (!a.no_search).then_some(&opts);
    let bar = if a.no_search {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(grid.cells.len() as u64)
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} cells {elapsed}") {
        bar.set_style(style);
    }
    let rows = phase_rows(&grid.cells, &known, search, &|| bar.inc(1));
    bar.finish_and_clear();
    let rows = rows.map_err(|e| CliError::Io(format!("{e}")))?;
    let svg_text = if grid.klambda {
        klambda_map_svg(&rows, &title)
    } else {
        kl_map_svg(&rows, &title)
    }
    .map_err(|e| CliError::Io(format!("{e}")))?;
    let csv = format!("{}/phase.csv", a.out);
    let svg = format!("{}/phase.svg", a.out);
    std::fs::write(&csv, to_csv(&rows))
        .map_err(|e| CliError::Io(format!("cannot write {csv}: {e}")))?;
    std::fs::write(&svg, svg_text).map_err(|e| CliError::Io(format!("cannot write {svg}: {e}")))?;
    let saved = if a.save_certificates {
        let n = save_certificates(&a.out, &rows)?;
        format!(" and {n} certificates under {}/certificates", a.out)
    } else {
        String::new()
    };
    let counts: Vec<String> = crate::search::phase::CellStatus::ALL
        .iter()
        .map(|s| format!("{} {s}", rows.iter().filter(|r| r.status == *s).count()))
        .collect();
    Ok(Output::ok(format!(
        "{} cells: {}; wrote {csv} and {svg}{saved}\n",
        rows.len(),
        counts.join(", ")
    )))
}

/// Write the certificates this run's search found under `OUT/certificates`; their number.
fn save_certificates(out: &str, rows: &[PhaseRow]) -> Result<usize, CliError> {
    let dir = format!("{out}/certificates");
    std::fs::create_dir_all(&dir).map_err(|e| CliError::Io(format!("cannot create {dir}: {e}")))?;
    let mut saved = 0;
    for r in rows {
        if let Some(cert) = &r.found {
            let path = format!(
                "{dir}/k{}_l{}_n{}_lambda{}.toml",
                r.classes,
                r.layers,
                r.samples,
                r.lambda.replace('/', "-")
            );
            std::fs::write(&path, crate::search::certificate_file::to_toml(cert))
                .map_err(|e| CliError::Io(format!("cannot write {path}: {e}")))?;
            saved += 1;
        }
    }
    Ok(saved)
}
