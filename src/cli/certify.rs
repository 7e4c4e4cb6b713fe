//! `ncverify certify mse --classes K --layers L --lambda-w X --lambda-h Y --samples N
//! [--out FILE] [--json]`: search for a parameter point that beats every DNC point, write it
//! as a certificate, and re-verify it with the kernel.

use super::{CliError, Output, parse_positive_q, to_json};
use crate::mse::MseParams;
use crate::search::certify::{SearchOptions, certify};
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
    /// Weight decay λ_W > 0 (decimal or fraction such as 1/250).
    #[arg(long = "lambda-w", allow_hyphen_values = true)]
    pub lambda_w: String,
    /// Feature decay λ_H > 0.
    #[arg(long = "lambda-h", allow_hyphen_values = true)]
    pub lambda_h: String,
    /// Samples per class n >= 1.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub samples: u64,
    /// Random restarts per searched structure (>= 1).
    #[arg(long, default_value_t = 12, allow_negative_numbers = true)]
    pub restarts: u64,
    /// Seed of the search.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
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
    let lw = parse_positive_q("--lambda-w", &a.lambda_w)?;
    let lh = parse_positive_q("--lambda-h", &a.lambda_h)?;
    super::require_at_least("--restarts", a.restarts, 1)?;
    super::require_at_most("--restarts", a.restarts, 1_000, "search effort")?;
    super::require_at_most(
        "--samples",
        a.samples,
        crate::kernel::certificate::limits::MAX_SAMPLES,
        "the kernel verifies certificates up to this n",
    )?;
    if let Some(out) = &a.out {
        super::require_path("--out", out)?;
    }
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
        ..SearchOptions::default()
    };
    let out = certify(&p, (a.lambda_w.trim(), a.lambda_h.trim()), &a.claim, &opts);
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
