//! `ncverify mse --family F --classes K --layers L --lambda-w X --lambda-h Y --samples N`:
//! the optimal loss of a family of the MSE deep UFM.

use super::{CliError, Output, parse_positive_q, to_json};
use crate::mse::family::{Family, construction_loss, per_block_scales_loss};
use crate::mse::{Block, MseError, MseParams};
use serde::Serialize;

/// Family names on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FamilyArg {
    /// Deep neural collapse.
    Dnc,
    /// SRG B-chain on T(r), K = r(r-1)/2.
    Srg,
    /// One T(4) block beside DNC on K-6 classes.
    SrgBlock,
    /// Cheapest partition into T(r) blocks and a DNC remainder.
    SrgBest,
}

/// Arguments of `mse`.
#[derive(Debug, clap::Args)]
pub struct MseArgs {
    /// The family.
    #[arg(long, value_enum)]
    pub family: FamilyArg,
    /// Number of classes K >= 2.
    #[arg(long, allow_negative_numbers = true)]
    pub classes: u64,
    /// Number of layers L >= 1.
    #[arg(long, allow_negative_numbers = true)]
    pub layers: u32,
    /// Weight decay λ_W > 0 (decimal or fraction such as 1/250).
    #[arg(long = "lambda-w", allow_negative_numbers = true)]
    pub lambda_w: String,
    /// Feature decay λ_H > 0.
    #[arg(long = "lambda-h", allow_negative_numbers = true)]
    pub lambda_h: String,
    /// Samples per class n >= 1.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub samples: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// JSON output of `mse`.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Serialize)]
pub struct MseReport {
    /// Family name.
    pub family: &'static str,
    /// K.
    pub classes: u64,
    /// L.
    pub layers: u32,
    /// The family's optimal loss.
    pub loss: f64,
    /// The optimal output scale x.
    pub scale: f64,
    /// The cost constant C.
    pub cost_constant: f64,
    /// The loss when each block may choose its own output scale:
    /// $\sum_b \frac{K_b}{K}\ell(cK C_b/K_b) \le$ `loss` (equal for a single block).
    pub loss_per_block_scales: f64,
    /// The blocks of the construction.
    pub blocks: Vec<Block>,
    /// Whether DNC's optimum at these parameters is the zero solution (exact).
    pub dnc_optimum_is_zero: bool,
}

/// The CLI argument a parameter error is about.
pub fn mse_error(e: MseError) -> CliError {
    let name = match e.parameter() {
        "classes" => "--classes",
        "layers" => "--layers",
        "lambda_h" => "--lambda-h",
        "lambda_w" => "--lambda-w",
        "family" | "blocks" => "--family",
        // `samples`, and a derived quantity too large (a family loss's `a` grows with n)
        _ => "--samples",
    };
    super::bad_param(name, Some(e.parameter()), e.to_string())
}

/// Compute the family loss.
pub fn run(a: &MseArgs) -> Result<Output, CliError> {
    let lw = parse_positive_q("--lambda-w", &a.lambda_w)?;
    let lh = parse_positive_q("--lambda-h", &a.lambda_h)?;
    let p = MseParams::new(a.classes, a.layers, lw, lh, a.samples).map_err(mse_error)?;
    let family = match a.family {
        FamilyArg::Dnc => Family::Dnc,
        FamilyArg::Srg => Family::Srg,
        FamilyArg::SrgBlock => Family::SrgBlock,
        FamilyArg::SrgBest => Family::SrgBest,
    };
    let c = family.construction(&p).map_err(mse_error)?;
    let fl = construction_loss(&p, &c).map_err(mse_error)?;
    let report = MseReport {
        family: family.name(),
        classes: p.classes(),
        layers: p.layers(),
        loss: fl.loss,
        scale: fl.scale,
        cost_constant: c.cost_f64(p.layers()).map_err(mse_error)?,
        loss_per_block_scales: per_block_scales_loss(&p, &c)
            .map_err(|e| super::bad("--classes", e.to_string()))?,
        dnc_optimum_is_zero: crate::mse::family::dnc_zero_threshold(&p),
        blocks: c.into_blocks(),
    };
    if a.json {
        return Ok(Output::ok(to_json(&report)?));
    }
    Ok(Output::ok(format!(
        "family {}  K={} L={}  loss {:.10e}  scale {:.10}  cost constant {:.10}\n\
         loss with per-block scales {:.10e}  DNC optimum is zero: {}\nblocks: {}\n",
        report.family,
        report.classes,
        report.layers,
        report.loss,
        report.scale,
        report.cost_constant,
        report.loss_per_block_scales,
        report.dnc_optimum_is_zero,
        serde_json::to_string(&report.blocks).unwrap_or_default()
    )))
}
