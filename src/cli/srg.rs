//! # `ncverify srg V K LAMBDA MU [--json]`
//!
//! ## Main definitions
//! - [`SrgArgs`]: the four parameters (parsed here, so that a bad one gets a one-line error
//!   naming it) and `--json`.
//!
//! ## Main results
//! - [`run`]: the feasibility report of [`crate::construct::srg::feasibility`] and the exact
//!   spectrum of [`crate::construct::srg::spectrum`]. JSON keys: `feasible` (bool), `reasons`
//!   (names of failed conditions, empty iff feasible), `eigenvalues` and `multiplicities`
//!   (exact strings such as `(-1+√13)/2`; both empty when the spectrum is undefined, i.e.
//!   when the parameters are trivial or fail the counting identity). Exit status 0 whether or
//!   not the parameters are feasible; a bad argument is an error.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §9.1.

use super::{CliError, Output, bad, to_json};
use crate::construct::srg::{Feasibility, FeasibilityCondition, SrgError, SrgParams};
use crate::construct::srg::{feasibility, spectrum};
use crate::kernel::arith::rational::parse_rational;
use num_traits::Signed;
use num_traits::ToPrimitive;
use serde::Serialize;
use std::fmt::Write as _;

/// Largest accepted `V`: keeps the exact square-root extraction ($O(\Delta^{1/3})$) and the
/// sum-of-two-squares test ($O(\sqrt v)$) instantaneous.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_V: u64 = 1_000_000_000;

/// Arguments of `ncverify srg`.
#[derive(Debug, clap::Args)]
pub struct SrgArgs {
    /// Number of vertices v (1 ..= 10^9).
    #[arg(value_name = "V", allow_hyphen_values = true)]
    pub v: String,
    /// Valency k (< v).
    #[arg(value_name = "K", allow_hyphen_values = true)]
    pub k: String,
    /// Common neighbours of adjacent vertices, lambda (<= k).
    #[arg(value_name = "LAMBDA", allow_hyphen_values = true)]
    pub lambda: String,
    /// Common neighbours of non-adjacent vertices, mu (<= k).
    #[arg(value_name = "MU", allow_hyphen_values = true)]
    pub mu: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The JSON report.
#[derive(Debug, Serialize)]
struct SrgReport {
    feasible: bool,
    reasons: Vec<&'static str>,
    eigenvalues: Vec<String>,
    multiplicities: Vec<String>,
}

/// A non-negative integer argument.
fn parse_count(name: &'static str, s: &str) -> Result<u64, CliError> {
    if let Ok(n) = s.trim().parse::<u64>() {
        return Ok(n);
    }
    // `1e9` and `10/2` are integers too
    let why = match parse_rational(s) {
        Ok(x) if x.is_integer() && !x.is_negative() => match x.to_integer().to_u64() {
            Some(n) => return Ok(n),
            None => "is too large for a 64-bit count",
        },
        Ok(_) => "must be a non-negative integer",
        Err(_) => "is not a number",
    };
    Err(bad(name, format!("{:?} {why}", super::shorten(s))))
}

/// The parameters, with each domain error attributed to its argument.
fn parse_params(args: &SrgArgs) -> Result<SrgParams, CliError> {
    let v = parse_count("V", &args.v)?;
    let k = parse_count("K", &args.k)?;
    let lambda = parse_count("LAMBDA", &args.lambda)?;
    let mu = parse_count("MU", &args.mu)?;
    if v > MAX_V {
        return Err(bad(
            "V",
            format!("{v} exceeds the supported maximum {MAX_V}"),
        ));
    }
    SrgParams::new(v, k, lambda, mu).map_err(|e| {
        let name = match e {
            SrgError::ValencyTooLarge { .. } => "K",
            SrgError::LambdaAboveValency { .. } => "LAMBDA",
            _ => "MU",
        };
        super::bad_param(name, Some(e.parameter()), e.to_string())
    })
}

/// Run `ncverify srg`.
pub fn run(args: &SrgArgs) -> Result<Output, CliError> {
    let p = parse_params(args)?;
    let fz = feasibility(&p);
    let spectrum_defined = [
        FeasibilityCondition::NonTrivial,
        FeasibilityCondition::CountingIdentity,
    ]
    .iter()
    .all(|c| fz.holds(*c) == Some(true));
    let (eigenvalues, multiplicities) = match spectrum(&p) {
        Ok(s) if spectrum_defined => (
            s.eigenvalues.iter().map(ToString::to_string).collect(),
            s.multiplicities.iter().map(ToString::to_string).collect(),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let report = SrgReport {
        feasible: fz.is_feasible(),
        reasons: fz.reasons(),
        eigenvalues,
        multiplicities,
    };
    if args.json {
        return to_json(&report).map(Output::ok);
    }
    Ok(Output::ok(table(&p, &fz, &report)))
}

/// The human-readable report.
fn table(p: &SrgParams, fz: &Feasibility, report: &SrgReport) -> String {
    let mut out = String::new();
    let verdict = if report.feasible {
        "feasible (every evaluated condition holds; existence is not implied)"
    } else {
        "infeasible"
    };
    let _ = writeln!(out, "{p}: {verdict}\n");
    let _ = writeln!(out, "{:<31} {:<34} result", "condition", "formula");
    for c in FeasibilityCondition::ALL {
        let result = match fz.holds(c) {
            Some(true) => "holds",
            Some(false) => "FAILS",
            None => "skipped",
        };
        let _ = writeln!(out, "{:<31} {:<34} {result}", c.name(), c.formula());
    }
    if report.eigenvalues.is_empty() {
        let _ = writeln!(
            out,
            "\nspectrum: undefined (trivial parameters or counting identity fails)"
        );
    } else {
        let _ = writeln!(out, "\n{:<24} multiplicity", "eigenvalue");
        for (e, m) in report.eigenvalues.iter().zip(&report.multiplicities) {
            let _ = writeln!(out, "{e:<24} {m}");
        }
    }
    out
}
