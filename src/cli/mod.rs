//! # Command-line interface
//!
//! One file per subcommand. Each defines a `clap::Args` struct and a
//! `run(&Args) -> Result<Output, CliError>`; `main.rs` only dispatches and sets the exit code.
//! User input never panics: every bad argument becomes a [`CliError`] whose one-line message
//! names the argument.

use crate::kernel::arith::rational::{Q, parse_rational};
use clap::{Parser, Subcommand};

pub mod ce;
pub mod code;
pub mod depth;
pub mod figure;
use num_traits::Signed;
use std::fmt;

pub mod certify;
pub mod certify_point;
pub mod check;
pub mod metrics;
pub mod mse;
pub mod phase;
pub mod srg;
pub mod sweep;
pub mod train;
pub mod verify;

/// `ncverify`: machine-checked claims of neural-collapse theory.
#[derive(Debug, Parser)]
#[command(name = "ncverify", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[non_exhaustive]
pub enum Command {
    /// Decide every registered claim (exit 0 iff all verdicts are as expected).
    Check(check::CheckArgs),
    /// Optimal loss of an MSE deep-UFM family (dnc, srg, srg-block, srg-best).
    Mse(mse::MseArgs),
    /// Minimal loss of a deep linear CE UFM family (DNC or paired) over its scale.
    Ce(ce::CeArgs),
    /// Least depth at which low-rank softmax codes beat NC (unit margins).
    Depth(depth::DepthArgs),
    /// A softmax code of K unit vectors in R^D and its one-vs-rest margin.
    Code(code::CodeArgs),
    /// Train a deep UFM by full-batch gradient descent.
    Train(train::TrainArgs),
    /// Feasibility conditions and exact spectrum of srg(V, K, LAMBDA, MU).
    Srg(srg::SrgArgs),
    /// Search for and certify a point that beats every DNC point.
    Certify(certify::CertifyArgs),
    /// Certify that a given parameter point (.npz/.safetensors) beats every DNC point.
    CertifyPoint(certify_point::CertifyPointArgs),
    /// Neural-collapse metrics (NC1-NC4, CDNV, NCC) of features saved as .npy, streamed.
    Metrics(metrics::MetricsArgs),
    /// Re-verify certificate and chain files with the kernel (exit 0 iff all valid).
    Verify(verify::VerifyArgs),
    /// Phase diagram over a grid of (K, L): CSV and SVG heat map.
    Phase(phase::PhaseArgs),
    /// Run a grid of training runs (parallel, resumable, shardable) or merge shard outputs.
    Sweep(Box<sweep::SweepArgs>),
    /// Draw a figure (SVG and PNG) from sweep output.
    Figure(figure::FigureArgs),
}

/// What a subcommand produced: text for stdout, and whether the run succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Text for stdout (a table or JSON).
    pub text: String,
    /// Exit with status 0 iff `true`.
    pub success: bool,
}

impl Output {
    /// A successful output.
    pub fn ok(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            success: true,
        }
    }
}

/// A bad argument or a failed run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CliError {
    /// An argument is out of its domain or unparsable.
    BadArgument {
        /// The argument's name as the user typed it (e.g. `--lambda-w`).
        name: &'static str,
        /// Why it was rejected.
        reason: String,
    },
    /// Writing a file or serialising output failed.
    Io(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadArgument { name, reason } => write!(f, "invalid {name}: {reason}"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CliError {}

impl CliError {
    /// The command-line argument the error concerns (e.g. `--lambda-w`); `output` for a
    /// failed write.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::BadArgument { name, .. } => name,
            Self::Io(_) => "output",
        }
    }
}

/// Build a [`CliError::BadArgument`].
pub fn bad(name: &'static str, reason: impl Into<String>) -> CliError {
    CliError::BadArgument {
        name,
        reason: reason.into(),
    }
}

/// A [`CliError::BadArgument`] for a library error whose message starts with the library's
/// name of the argument (`k: k = 5, need k < v = 5`): that prefix is replaced by the name the
/// user typed, so the line reads `invalid K: k = 5, need k < v = 5`.
pub fn bad_param(name: &'static str, parameter: Option<&str>, message: String) -> CliError {
    let reason = match parameter.and_then(|p| message.strip_prefix(p)?.strip_prefix(": ")) {
        Some(rest) => rest.to_string(),
        None => message,
    };
    bad(name, reason)
}

/// At most 40 characters of a user-supplied value, with its length if cut, so an error line
/// never echoes a huge argument whole.
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}… ({} chars)", &s[..i], s.chars().count()),
        None => s.to_string(),
    }
}

/// Parse an exact rational argument (`1/250`, `0.004`, `4e-3`).
pub fn parse_q(name: &'static str, s: &str) -> Result<Q, CliError> {
    parse_rational(s).map_err(|e| bad(name, format!("{:?}: {e}", shorten(s))))
}

/// Parse a strictly positive exact rational argument.
pub fn parse_positive_q(name: &'static str, s: &str) -> Result<Q, CliError> {
    let v = parse_q(name, s)?;
    if !v.is_positive() {
        return Err(bad(name, format!("{:?} must be > 0", shorten(s))));
    }
    Ok(v)
}

/// Parse a strictly positive exact rational that float code will use: its `f64` image must
/// be finite and normal ([`crate::numeric::float_image`]), else exit 2 naming the option.
pub fn parse_float_q(name: &'static str, s: &str) -> Result<Q, CliError> {
    let v = parse_positive_q(name, s)?;
    crate::numeric::float_image(&v).map_err(|e| bad(name, format!("{:?} {e}", shorten(s))))?;
    Ok(v)
}

/// [`crate::mse::MseParams::float_ready`] as a command-line error naming `flag` (the option
/// that gave λ).
pub fn float_ready(p: &crate::mse::MseParams, flag: &'static str) -> Result<(), CliError> {
    p.float_ready()
        .map_err(|e| bad_param(flag, Some(e.parameter()), e.to_string()))
}

/// Require `value >= min` for an integer argument.
pub fn require_at_least(name: &'static str, value: u64, min: u64) -> Result<(), CliError> {
    if value < min {
        return Err(bad(name, format!("{value} must be at least {min}")));
    }
    Ok(())
}

/// Require `value <= max` for an integer argument (`what` says why the limit exists).
pub fn require_at_most(
    name: &'static str,
    value: u64,
    max: u64,
    what: &str,
) -> Result<(), CliError> {
    if value > max {
        return Err(bad(
            name,
            format!("{value} is above the limit {max} ({what})"),
        ));
    }
    Ok(())
}

/// Require a non-empty path argument.
pub fn require_path(name: &'static str, path: &str) -> Result<(), CliError> {
    if path.trim().is_empty() {
        return Err(bad(name, "the path is empty"));
    }
    Ok(())
}

/// A JSON object (a report struct) with the crate version appended as `version`.
#[derive(serde::Serialize)]
struct Versioned<'a, T> {
    #[serde(flatten)]
    report: &'a T,
    version: &'static str,
}

/// One row of a JSON array with the crate version appended as `ncverify_version`.
#[derive(serde::Serialize)]
struct VersionedRow<'a, T> {
    #[serde(flatten)]
    row: &'a T,
    ncverify_version: &'static str,
}

/// Serialise a report object to pretty JSON, with the crate version as its last key,
/// `"version"` ([`crate::VERSION`]). `v` must serialise as a JSON object (a struct or map).
pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    let versioned = Versioned {
        report: v,
        version: crate::VERSION,
    };
    serde_json::to_string_pretty(&versioned).map_err(|e| CliError::Io(format!("JSON output: {e}")))
}

/// Serialise rows to a pretty JSON array (kept an array for compatibility), each row an
/// object with the crate version as its last key, `"ncverify_version"` ([`crate::VERSION`]).
pub fn to_json_rows<T: serde::Serialize>(rows: &[T]) -> Result<String, CliError> {
    let versioned: Vec<VersionedRow<'_, T>> = rows
        .iter()
        .map(|row| VersionedRow {
            row,
            ncverify_version: crate::VERSION,
        })
        .collect();
    serde_json::to_string_pretty(&versioned).map_err(|e| CliError::Io(format!("JSON output: {e}")))
}

/// Run a parsed command line.
pub fn run(cli: &Cli) -> Result<Output, CliError> {
    match &cli.command {
        Command::Check(a) => check::run(a),
        Command::Mse(a) => mse::run(a),
        Command::Ce(a) => ce::run(a),
        Command::Depth(a) => depth::run(a),
        Command::Code(a) => code::run(a),
        Command::Train(a) => train::run(a),
        Command::Srg(args) => srg::run(args),
        Command::Certify(a) => certify::run(a),
        Command::CertifyPoint(a) => certify_point::run(a),
        Command::Metrics(a) => metrics::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Phase(a) => phase::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Figure(a) => figure::run(a),
    }
}
