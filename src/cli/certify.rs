//! `ncverify certify mse --classes K --layers L --lambda-w X --lambda-h Y --samples N
//! [--out FILE] [--json]`: search for a parameter point that beats every DNC point, write it
//! as a certificate, and re-verify it with the kernel.
//!
//! `ncverify certify mse --classes K --layers L --samples N --ratio RHO --lambda-range A..B
//! [--out FILE]`: cover $\lambda_H \in [A, B]$ (with $\lambda_W = \rho\lambda_H$) by interval
//! certificates (`search::interval::certify_range`), one file per covered run, and report the
//! uncovered sub-ranges.
#![cfg_attr(doc, doc = katex!())]

use super::{CliError, Output, parse_positive_q, to_json};
use crate::kernel::arith::rational::Q;
use crate::mse::MseParams;
use crate::search::certify::{SearchOptions, certify};
use crate::search::interval::{RangeOptions, RangeSpec, certify_range, interval_to_toml};
use serde::Serialize;

/// Model families that `certify` handles.
#[derive(Debug, clap::Subcommand)]
#[non_exhaustive]
pub enum CertifyModel {
    /// MSE deep UFM with ReLU: is DNC not optimal at these parameters?
    Mse(CertifyMseArgs),
}

/// Arguments of `certify`.
#[derive(Debug, clap::Args)]
pub struct CertifyArgs {
    /// The model.
    #[command(subcommand)]
    pub model: CertifyModel,
}

/// Arguments of `certify mse`.
#[derive(Debug, clap::Args)]
pub struct CertifyMseArgs {
    /// Number of classes K >= 2.
    #[arg(long, allow_negative_numbers = true)]
    pub classes: u64,
    /// Number of layers L >= 1.
    #[arg(long, allow_negative_numbers = true)]
    pub layers: u32,
    /// Weight decay λ_W > 0 (decimal or fraction such as 1/250); with --lambda-h.
    #[arg(
        long = "lambda-w",
        allow_hyphen_values = true,
        required_unless_present = "lambda_range"
    )]
    pub lambda_w: Option<String>,
    /// Feature decay λ_H > 0; with --lambda-w.
    #[arg(
        long = "lambda-h",
        allow_hyphen_values = true,
        required_unless_present = "lambda_range"
    )]
    pub lambda_h: Option<String>,
    /// Cover a range of λ_H instead of one point: `A..B` with 0 < A < B (λ_W = ratio · λ_H).
    #[arg(long = "lambda-range", allow_hyphen_values = true, conflicts_with_all = ["lambda_w", "lambda_h"])]
    pub lambda_range: Option<String>,
    /// λ_W / λ_H for --lambda-range (> 0).
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub ratio: String,
    /// Samples per class n >= 1.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub samples: u64,
    /// Random restarts per searched structure (>= 1).
    #[arg(long, default_value_t = 12, allow_negative_numbers = true)]
    pub restarts: u64,
    /// Seed of the search.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// At L = 2, also search the reduced two-layer objective (one K x K matrix Z; the
    /// explicit model is recovered from it).
    #[arg(long)]
    pub reduced: bool,
    /// Claim id recorded in the certificate.
    #[arg(long, default_value = "mse.dnc_not_optimal")]
    pub claim: String,
    /// Where to write the certificate (default: `certificate-K<K>-L<L>.toml`).
    #[arg(long)]
    pub out: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// JSON output of `certify mse`.
#[derive(Debug, Serialize)]
pub struct CertifyReport {
    /// `dnc_not_optimal` or `undecided`.
    pub verdict: &'static str,
    /// The witness's exact loss (fraction string), if certified.
    pub upper: Option<String>,
    /// The proved lower bound on DNC's loss (fraction string), if certified.
    pub lower: Option<String>,
    /// Path of the written certificate, if certified.
    pub certificate: Option<String>,
    /// Family of the best point found.
    pub family: String,
    /// Best loss found (`f64`).
    pub best_loss: f64,
    /// DNC's optimal loss (`f64`).
    pub dnc_loss: f64,
    /// best_loss / dnc_loss.
    pub ratio: f64,
}

/// Run `certify`.
pub fn run(a: &CertifyArgs) -> Result<Output, CliError> {
    match &a.model {
        CertifyModel::Mse(m) => run_mse(m),
    }
}

fn run_mse(a: &CertifyMseArgs) -> Result<Output, CliError> {
    if let Some(range) = &a.lambda_range {
        return run_range(a, range);
    }
    let (Some(lw_text), Some(lh_text)) = (&a.lambda_w, &a.lambda_h) else {
        return Err(super::bad(
            "--lambda-w",
            "give --lambda-w and --lambda-h, or --lambda-range",
        ));
    };
    let lw = parse_positive_q("--lambda-w", lw_text)?;
    let lh = parse_positive_q("--lambda-h", lh_text)?;
    check_search_args(a)?;
    let p =
        MseParams::new(a.classes, a.layers, lw, lh, a.samples).map_err(super::mse::mse_error)?;
    if a.classes > 64 {
        return Err(super::bad(
            "--classes",
            format!("{} is above the search limit 64", a.classes),
        ));
    }
    let opts = SearchOptions {
        restarts: a.restarts as usize,
        seed: a.seed,
        dense: a.classes <= 12,
        reduced: a.reduced,
        ..SearchOptions::default()
    };
    let out = certify(&p, (lw_text.trim(), lh_text.trim()), &a.claim, &opts);
    let mut report = CertifyReport {
        verdict: "undecided",
        upper: None,
        lower: None,
        certificate: None,
        family: out.family.clone(),
        best_loss: out.best_loss,
        dnc_loss: out.dnc_loss,
        ratio: out.ratio(),
    };
    if let Some((cert, v)) = &out.certificate {
        let path = a
            .out
            .clone()
            .unwrap_or_else(|| format!("certificate-K{}-L{}.toml", a.classes, a.layers));
        std::fs::write(&path, crate::search::certificate_file::to_toml(cert))
            .map_err(|e| CliError::Io(format!("cannot write {path}: {e}")))?;
        report.verdict = "dnc_not_optimal";
        report.upper = Some(v.upper().to_string());
        report.lower = Some(v.lower().to_string());
        report.certificate = Some(path);
    }
    if a.json {
        return Ok(Output::ok(to_json(&report)?));
    }
    Ok(Output::ok(match &report.certificate {
        Some(path) => format!(
            "dnc_not_optimal: {} point with loss {} < {} <= every DNC point (ratio {:.6}); certificate {path} verified by the kernel\n",
            report.family,
            report.upper.as_deref().unwrap_or(""),
            report.lower.as_deref().unwrap_or(""),
            report.ratio
        ),
        None => format!(
            "undecided: best {} loss {:.10} vs DNC {:.10} (ratio {:.6}); no certificate\n",
            report.family, report.best_loss, report.dnc_loss, report.ratio
        ),
    }))
}

/// JSON output of `certify mse --lambda-range`.
#[derive(Debug, Serialize)]
pub struct RangeReport {
    /// Covered runs: `[lambda_min, lambda_max, pieces, file]`.
    pub covered: Vec<(String, String, usize, String)>,
    /// Uncovered sub-ranges `[a, b]`.
    pub uncovered: Vec<(String, String)>,
}

/// The interval search's model and range from `--lambda-range` and the other arguments,
/// validated at both ends.
fn range_spec(a: &CertifyMseArgs, range: &str) -> Result<(RangeSpec, Q, Q), CliError> {
    let Some((lo_text, hi_text)) = range.split_once("..") else {
        return Err(super::bad(
            "--lambda-range",
            "expected A..B, e.g. 1/1000..1/100",
        ));
    };
    let lo = parse_positive_q("--lambda-range", lo_text.trim())?;
    let hi = parse_positive_q("--lambda-range", hi_text.trim())?;
    if lo >= hi {
        return Err(super::bad("--lambda-range", "need A < B"));
    }
    let ratio = parse_positive_q("--ratio", &a.ratio)?;
    check_search_args(a)?;
    // validate the parameters at both ends
    for lambda in [&lo, &hi] {
        MseParams::new(
            a.classes,
            a.layers,
            &ratio * lambda,
            lambda.clone(),
            a.samples,
        )
        .map_err(super::mse::mse_error)?;
    }
    if a.classes > 128 {
        return Err(super::bad(
            "--classes",
            format!("{} is above the search limit 128", a.classes),
        ));
    }
    let spec = RangeSpec {
        classes: a.classes,
        layers: a.layers,
        samples: a.samples,
        ratio,
    };
    Ok((spec, lo, hi))
}

/// The text form of an interval search's report.
fn range_text(report: &RangeReport) -> String {
    let mut text = String::new();
    for (x, y, n, path) in &report.covered {
        text.push_str(&format!(
            "covered: lambda_H in [{x}, {y}] ({n} pieces); interval certificate {path} verified by the kernel\n"
        ));
    }
    for (x, y) in &report.uncovered {
        text.push_str(&format!("uncovered: lambda_H in [{x}, {y}]\n"));
    }
    if report.covered.is_empty() {
        text.push_str("undecided: no interval certificate found\n");
    }
    text
}

fn run_range(a: &CertifyMseArgs, range: &str) -> Result<Output, CliError> {
    let (spec, lo, hi) = range_spec(a, range)?;
    let mut opts = RangeOptions::default();
    opts.search.restarts = a.restarts as usize;
    opts.search.seed = a.seed;
    opts.search.dense = a.classes <= 12;
    opts.search.reduced = a.reduced;
    let outcome = certify_range(&spec, &lo, &hi, &a.claim, &opts, |m| {
        if !a.json {
            eprintln!("certify: {m}");
        }
    });
    let base = a
        .out
        .clone()
        .unwrap_or_else(|| format!("certificate-K{}-L{}-range.toml", a.classes, a.layers));
    let mut report = RangeReport {
        covered: Vec::new(),
        uncovered: outcome
            .uncovered
            .iter()
            .map(|(x, y)| (x.to_string(), y.to_string()))
            .collect(),
    };
    let many = outcome.runs.len() > 1;
    for (i, (cert, v)) in outcome.runs.iter().enumerate() {
        let path = if many {
            match base.strip_suffix(".toml") {
                Some(stem) => format!("{stem}_part{}.toml", i + 1),
                None => format!("{base}_part{}", i + 1),
            }
        } else {
            base.clone()
        };
        std::fs::write(&path, interval_to_toml(cert))
            .map_err(|e| CliError::Io(format!("cannot write {path}: {e}")))?;
        let (x, y): (&Q, &Q) = v.range();
        report
            .covered
            .push((x.to_string(), y.to_string(), v.ends().len(), path));
    }
    let success = true;
    if a.json {
        return Ok(Output::ok(to_json(&report)?));
    }
    Ok(Output {
        text: range_text(&report),
        success,
    })
}

/// The limits both modes share: restarts, samples (what the kernel verifies), the output path.
fn check_search_args(a: &CertifyMseArgs) -> Result<(), CliError> {
    super::require_at_least("--restarts", a.restarts, 1)?;
    super::require_at_most("--restarts", a.restarts, 1_000, "search effort")?;
    super::require_at_most(
        "--samples",
        a.samples,
        crate::kernel::cert::limits::MAX_SAMPLES,
        "the kernel verifies certificates up to this n",
    )?;
    if let Some(out) = &a.out {
        super::require_path("--out", out)?;
    }
    Ok(())
}
