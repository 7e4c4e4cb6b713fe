//! `ncverify certify-point FILE --lambda-w X --lambda-h Y [--layers L] [--samples n]
//! [--polish STEPS] [--out FILE] [--json]`: certify that a given parameter point (a `.npz` or
//! safetensors file following [`crate::io::point`]) beats every DNC point, or say why not.

use super::{CliError, Output, parse_positive_q, to_json};
use crate::io::ReadLimits;
use crate::io::point::DufmPoint;
use crate::search::certify_point::{
    AttemptResult, CertifyPointError, CertifyPointOptions, CertifyPointOutcome, certify_point,
};
use serde::Serialize;
use std::path::Path;

/// Arguments of `certify-point`.
#[derive(Debug, clap::Args)]
pub struct CertifyPointArgs {
    /// The point: `.npz` or `.safetensors` with tensors H1 (d x N), W1..WL, optional labels.
    pub file: String,
    /// Number of layers L (inferred from the file; checked if given).
    #[arg(long, allow_negative_numbers = true)]
    pub layers: Option<u32>,
    /// Weight decay λ_W > 0 (decimal or fraction such as 1/250).
    #[arg(long = "lambda-w", allow_hyphen_values = true)]
    pub lambda_w: String,
    /// Feature decay λ_H > 0.
    #[arg(long = "lambda-h", allow_hyphen_values = true)]
    pub lambda_h: String,
    /// Samples per class n (inferred as N / K; checked if given).
    #[arg(long, allow_negative_numbers = true)]
    pub samples: Option<u64>,
    /// Untrusted L-BFGS steps to polish the point before rounding (0: none).
    #[arg(long, default_value_t = 0)]
    pub polish: u64,
    /// Fractional bits tried for the dyadic rounding, in order.
    #[arg(long, value_delimiter = ',', default_values_t = [8u32, 12, 16, 24, 32])]
    pub bits: Vec<u32>,
    /// Largest file read, in MiB.
    #[arg(long = "max-mib", default_value_t = 1024)]
    pub max_mib: u64,
    /// Claim id recorded in the certificate.
    #[arg(long, default_value = "mse.dnc_not_optimal")]
    pub claim: String,
    /// Where to write the certificate (default: `certificate-point.toml`).
    #[arg(long)]
    pub out: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// One precision tried.
#[derive(Debug, Serialize)]
pub struct AttemptReport {
    /// Fractional bits.
    pub bits: u32,
    /// Exact loss of the rounded point (fraction string), if evaluated.
    pub exact_loss: Option<String>,
    /// The same in `f64`.
    pub loss: f64,
    /// `verified`, `not_below_lower` or `failed: ...`.
    pub result: String,
}

/// JSON output of `certify-point`.
#[derive(Debug, Serialize)]
pub struct CertifyPointReport {
    /// `dnc_not_optimal`, `not_better_than_dnc` or `undecided`.
    pub verdict: &'static str,
    /// K, L, n, d.
    pub classes: u64,
    /// L.
    pub layers: u32,
    /// n.
    pub samples: u64,
    /// d.
    pub width: usize,
    /// `f64` loss of the point as read.
    pub point_loss: f64,
    /// `f64` loss after polishing.
    pub polished_loss: Option<f64>,
    /// ℓ_DNC in `f64`.
    pub dnc_loss: f64,
    /// Lower end of the ℓ_DNC enclosure (fraction; proved by the kernel in a certificate).
    pub dnc_lower: String,
    /// Upper end (fraction): the exact loss of an explicit DNC point.
    pub dnc_upper: String,
    /// Every precision tried.
    pub attempts: Vec<AttemptReport>,
    /// The written certificate, if any.
    pub certificate: Option<String>,
}

fn point_error(e: CertifyPointError) -> CliError {
    match e {
        CertifyPointError::Point(e) => super::bad("FILE", e.to_string()),
        CertifyPointError::Param { which, reason } => super::bad(
            match which {
                "lambda_w" => "--lambda-w",
                "lambda_h" => "--lambda-h",
                "bits" => "--bits",
                "polish_steps" => "--polish",
                _ => "FILE",
            },
            reason,
        ),
    }
}

/// Check the arguments and read the point (`FILE`), matching `--layers` and `--samples`.
fn read_point(a: &CertifyPointArgs) -> Result<DufmPoint, CliError> {
    parse_positive_q("--lambda-w", &a.lambda_w)?;
    parse_positive_q("--lambda-h", &a.lambda_h)?;
    super::require_path("FILE", &a.file)?;
    super::require_at_most("--polish", a.polish, 100_000, "polishing effort")?;
    super::require_at_least("--max-mib", a.max_mib, 1)?;
    super::require_at_most("--max-mib", a.max_mib, 1 << 20, "1 TiB")?;
    if let Some(out) = &a.out {
        super::require_path("--out", out)?;
    }
    let bytes = a.max_mib << 20;
    let limits = ReadLimits {
        max_tensor_bytes: bytes,
        max_total_bytes: bytes,
        ..ReadLimits::default()
    };
    let point = DufmPoint::read(Path::new(&a.file), &limits)
        .map_err(|e| super::bad("FILE", e.to_string()))?;
    if let Some(l) = a.layers
        && l as usize != point.layers()
    {
        return Err(super::bad(
            "--layers",
            format!("{l}, but {} has W1..W{}", a.file, point.layers()),
        ));
    }
    let (_, n) = point
        .class_major()
        .map_err(|e| super::bad("FILE", e.to_string()))?;
    if let Some(s) = a.samples
        && s != n as u64
    {
        return Err(super::bad(
            "--samples",
            format!("{s}, but {} has {n} samples per class", a.file),
        ));
    }
    Ok(point)
}

/// The report of a search's outcome (without the certificate file).
fn report_of(out: &CertifyPointOutcome) -> CertifyPointReport {
    CertifyPointReport {
        verdict: if out.not_better_than_dnc() {
            "not_better_than_dnc"
        } else {
            "undecided"
        },
        classes: out.params.classes(),
        layers: out.params.layers(),
        samples: out.params.samples(),
        width: out.width,
        point_loss: out.point_loss,
        polished_loss: out.polished_loss,
        dnc_loss: out.dnc_loss,
        dnc_lower: out.dnc_lower.to_string(),
        dnc_upper: out.dnc_upper.to_string(),
        attempts: out
            .attempts
            .iter()
            .map(|t| AttemptReport {
                bits: t.bits,
                exact_loss: t.exact_loss.as_ref().map(ToString::to_string),
                loss: t.loss_f64,
                result: match &t.result {
                    AttemptResult::Verified => "verified".into(),
                    AttemptResult::NotBelowLower => "not_below_lower".into(),
                    AttemptResult::Failed(e) => format!("failed: {e}"),
                },
            })
            .collect(),
        certificate: None,
    }
}

/// The text form of a report.
fn text_of(report: &CertifyPointReport) -> String {
    let mut s = format!(
        "point K={} L={} n={} d={}: f64 loss {:.12}{}; DNC loss {:.12} in [{}, {}]\n",
        report.classes,
        report.layers,
        report.samples,
        report.width,
        report.point_loss,
        report
            .polished_loss
            .map_or(String::new(), |p| format!(" (polished {p:.12})")),
        report.dnc_loss,
        report.dnc_lower,
        report.dnc_upper
    );
    for t in &report.attempts {
        s.push_str(&format!(
            "  {:>2} bits: exact loss {} ({:.12}): {}\n",
            t.bits,
            t.exact_loss.as_deref().unwrap_or("-"),
            t.loss,
            t.result
        ));
    }
    s.push_str(&match (&report.certificate, report.verdict) {
        (Some(path), _) => format!(
            "dnc_not_optimal: certificate {path} verified by the kernel (check it with `ncverify verify {path}`)\n"
        ),
        (None, "not_better_than_dnc") => "not_better_than_dnc: the rounded point's exact loss is at least the exact loss of an explicit DNC point; no certificate\n".to_string(),
        _ => "undecided: no rounded point's exact loss is below the certified lower bound on the DNC loss; no certificate\n".to_string(),
    });
    s
}

/// Run `certify-point`.
pub fn run(a: &CertifyPointArgs) -> Result<Output, CliError> {
    let point = read_point(a)?;
    let opts = CertifyPointOptions {
        bits: a.bits.clone(),
        polish_steps: a.polish as usize,
        claim: a.claim.clone(),
    };
    let out = certify_point(&point, &a.lambda_w, &a.lambda_h, &opts).map_err(point_error)?;
    let mut report = report_of(&out);
    if let Some((cert, _)) = &out.certificate {
        let path = a
            .out
            .clone()
            .unwrap_or_else(|| "certificate-point.toml".to_string());
        std::fs::write(&path, crate::search::certificate_file::to_toml(cert))
            .map_err(|e| CliError::Io(format!("cannot write {path}: {e}")))?;
        report.verdict = "dnc_not_optimal";
        report.certificate = Some(path);
    }
    if a.json {
        return Ok(Output::ok(to_json(&report)?));
    }
    Ok(Output::ok(text_of(&report)))
}
