//! # `ncverify figure`: figures from sweep output
//!
//! ## Main definitions
//! - [`FigureArgs`]: `ncverify figure KIND --input RUNS [--trace TRACES] --out PREFIX
//!   [--font FILE.ttf]`, writing `PREFIX.svg` and `PREFIX.png` (plotters; text through
//!   `ab_glyph` with a TrueType font, no system libraries).
//! - [`FigureKind`]: `sukenik` (loss ratio to $\ell_{\mathrm{DNC}}$ and rank of the last features'
//!   class means against $K$, one curve per $L$, with the best SRG construction's ratio
//!   dashed), `gkt-depth` (fraction of runs ending at NC against $L$, Wilson 95 % intervals),
//!   `gkt-trajectories` (singular values of a layer's class means over the steps, one panel per
//!   depth), `gkt-width` (rank against width $d$).
//!
//! The drawing is [`crate::plot::figure`]; this module parses the arguments and reads the
//! sweep and trace files.
//!
//! ## Main results
//! Every plotted number is read from the sweep file (or the trace file), except the dashed
//! comparison curves of `sukenik`, which are the closed-form family losses
//! ([`crate::sweep::srg_best_loss`] / [`crate::sweep::dnc_loss`]).
//!
//! ## References
//! Súkeník, Lampert, Mondelli, arXiv:2405.14468, Fig. 2; Garrod, Keating, Thrampoulidis (2026).
#![cfg_attr(doc, doc = katex!())]

use super::{CliError, Output, bad};
use crate::plot::figure::{Figure, write_svg_and_png};
use crate::sweep::row::RunRow;
use crate::sweep::writer::{self, Format};
use std::path::{Path, PathBuf};

/// Which figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FigureKind {
    /// Súkeník–Lampert–Mondelli: loss / ℓ_DNC and rank against K, per L, with the SRG ratio.
    Sukenik,
    /// Garrod–Keating–Thrampoulidis: fraction of runs ending at NC against depth (Wilson 95 %).
    GktDepth,
    /// Singular values of the traced layer's class means over the steps (needs --trace).
    GktTrajectories,
    /// Rank of the last features' class means against width.
    GktWidth,
}

/// Draw a figure from sweep output.
#[derive(Debug, Clone, clap::Args)]
pub struct FigureArgs {
    /// Which figure.
    #[arg(value_enum)]
    pub kind: FigureKind,
    /// Sweep output (CSV or JSON Lines, by extension).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// Trace file of the sweep (for gkt-trajectories).
    #[arg(long, value_name = "FILE.jsonl")]
    pub trace: Option<PathBuf>,
    /// Output prefix: writes PREFIX.svg and PREFIX.png.
    #[arg(long, value_name = "PREFIX")]
    pub out: PathBuf,
    /// TrueType font for the text (default: DejaVu Sans or Liberation Sans from the system).
    #[arg(long, value_name = "FILE.ttf")]
    pub font: Option<PathBuf>,
}

fn register_font(font: Option<&Path>) -> Result<(), CliError> {
    crate::plot::ensure_font(font).map_err(|e| bad("--font", e))
}

/// Run `ncverify figure`.
pub fn run(a: &FigureArgs) -> Result<Output, CliError> {
    let input_err = |e: crate::sweep::SweepError| bad("--input", e.to_string());
    let (rows, partial) =
        writer::read_rows(&a.input, Format::from_path(&a.input)).map_err(input_err)?;
    if partial {
        return Err(bad(
            "--input",
            format!(
                "{}: incomplete last line (sweep interrupted?)",
                a.input.display()
            ),
        ));
    }
    let rows: Vec<RunRow> = rows.into_iter().map(|r| r.0).collect();
    if rows.is_empty() {
        return Err(bad("--input", format!("{} has no runs", a.input.display())));
    }
    let traces = match (&a.trace, a.kind) {
        (Some(p), _) => {
            writer::read_traces(p)
                .map_err(|e| bad("--trace", e.to_string()))?
                .0
        }
        (None, FigureKind::GktTrajectories) => {
            return Err(bad(
                "--trace",
                "gkt-trajectories needs the sweep's trace file",
            ));
        }
        (None, _) => Vec::new(),
    };
    register_font(a.font.as_deref())?;
    let figure = match a.kind {
        FigureKind::Sukenik => Figure::Sukenik(&rows),
        FigureKind::GktDepth => Figure::GktDepth(&rows),
        FigureKind::GktWidth => Figure::GktWidth(&rows),
        FigureKind::GktTrajectories => Figure::GktTrajectories(&rows, &traces),
    };
    let mut svg_path = a.out.as_os_str().to_owned();
    svg_path.push(".svg");
    let mut png_path = a.out.as_os_str().to_owned();
    png_path.push(".png");
    let (svg_path, png_path) = (PathBuf::from(svg_path), PathBuf::from(png_path));
    write_svg_and_png(&figure, &svg_path, &png_path)
        .map_err(|e| CliError::Io(format!("figure {}: {e}", a.out.display())))?;
    Ok(Output::ok(format!(
        "{} runs -> {} and {}",
        rows.len(),
        svg_path.display(),
        png_path.display()
    )))
}
