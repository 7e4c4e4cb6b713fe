//! `ncverify check [--claim ID] [--json] [--full]`: decide every registered claim.

use super::{CliError, Output, bad};
use crate::claims::{CheckConfig, Registry, Report, report};

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Decide only this claim (exact id).
    #[arg(long)]
    pub claim: Option<String>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Run the long versions of sampled and experimental claims.
    #[arg(long)]
    pub full: bool,
}

/// Run the checkers; success iff every verdict equals its expectation.
pub fn run(args: &CheckArgs) -> Result<Output, CliError> {
    let registry = Registry::builtin();
    let cfg = CheckConfig { full: args.full };
    let reports: Vec<Report> = match &args.claim {
        Some(id) => vec![registry.run(id, &cfg).map_err(|_| {
            bad(
                "--claim",
                format!("no claim with id {id:?} (see `ncverify check`)"),
            )
        })?],
        None => registry.run_all(&cfg),
    };
    let success = reports.iter().all(Report::as_expected);
    let text = if args.json {
        report::to_json(&reports).map_err(|e| CliError::Io(format!("JSON output: {e}")))?
    } else {
        report::to_markdown(&reports)
    };
    Ok(Output { text, success })
}
