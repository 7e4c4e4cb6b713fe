//! `ncverify check [--claim ID] [--json] [--full]`: decide every registered claim.

use super::{CliError, Output, bad, to_json_rows};
use crate::claims::{CheckConfig, Report, registry, run as run_claim};

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
    let claims = registry();
    let selected: Vec<_> = match &args.claim {
        Some(id) => {
            let c: Vec<_> = claims.into_iter().filter(|c| &c.meta.id == id).collect();
            if c.is_empty() {
                return Err(bad(
                    "--claim",
                    format!("no claim with id {id:?} (see `ncverify check`)"),
                ));
            }
            c
        }
        None => claims,
    };
    let cfg = CheckConfig { full: args.full };
    let reports: Vec<Report> = selected.iter().map(|c| run_claim(c, &cfg)).collect();
    let success = reports.iter().all(Report::as_expected);
    let text = if args.json {
        to_json_rows(&reports)?
    } else {
        table(&reports)
    };
    Ok(Output { text, success })
}

/// The claim table as `check` prints it (also embedded in the README).
pub fn table(reports: &[Report]) -> String {
    let mut s =
        String::from("| id | method | expected | verdict | evidence |\n|---|---|---|---|---|\n");
    for r in reports {
        let mark = if r.as_expected() { "" } else { " (UNEXPECTED)" };
        s.push_str(&format!(
            "| {} | {} | {} | {}{} | {} |\n",
            r.id,
            r.method,
            r.expected,
            r.verdict,
            mark,
            r.evidence.replace('|', "\\|").replace('\n', " ")
        ));
    }
    let ok = reports.iter().filter(|r| r.as_expected()).count();
    s.push_str(&format!(
        "\n{ok} of {} claims decided as expected.\n",
        reports.len()
    ));
    s
}
