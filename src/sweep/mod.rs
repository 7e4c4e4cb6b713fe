//! # Sweeps: grids of training runs, resumable, sharded, canonical
//!
//! ## Main definitions
//! - [`grid::Grid`]: the axes (seeds × $K$ × $L$ × $(\lambda_W, \lambda_H)$ × width $d$ ×
//!   initialisation × loss × (steps, step size) …), from a TOML file or built in code; its
//!   [`grid::Grid::runs`] enumerate [`key::SweepRun`]s, at most [`grid::MAX_RUNS`].
//! - [`key::SweepRun`], [`key::SweepRun::key`]: one run's parameters and its run key, a
//!   canonical text of every parameter. The run's random seed is a hash of the key
//!   ([`key::SweepRun::rng_seed`]), never its position in the schedule.
//! - [`runner::run_one`]: train one run ([`crate::train::Trainer`], `f64`) and measure it
//!   ([`row::RunRow`]: final loss, fit, regulariser, ratio to $\ell_{\mathrm{DNC}}$, singular values
//!   and ranks of every layer's class means, NC metrics, diverged or not), optionally with a
//!   [`row::Trace`].
//! - [`runner::run_sweep`]: a shard of a grid into an output file, in parallel across runs
//!   (feature `parallel`), skipping runs already in the file (resume).
//! - [`writer`]: CSV / JSON Lines rows, reading an existing file back, writing canonically.
//! - [`merge::merge`]: join shard outputs, checking completeness and contradictions.
//! - [`par_map`]: an order-preserving parallel map, for the claims' `--full` checks.
//!
//! ## Main results
//! *Canonical output.* Each run is a deterministic function of its parameters (its seed is
//! derived from its key), and every file is finally written sorted by [`key::SweepRun`]'s
//! order ([`key::SweepRun::cmp_canonical`]) with one serialisation per row. Hence the output is
//! byte-identical whatever the thread count, the interruptions and resumptions, or the
//! sharding followed by [`merge::merge`] (`tests/it/sweep.rs` compares the bytes).
//!
//! The loss ratio is $\mathcal L / \ell_{\mathrm{DNC}}$ with $\ell_{\mathrm{DNC}} = \ell(cK)$, the closed-form
//! family loss of module [`crate::mse::family`] at $\ln c = \frac{\ln n + \ln\lambda_H + L\ln\lambda_W}{L+1}$
//! ([`dnc_loss`]); [`srg_best_loss`] is the same for the best SRG partition
//! ([`crate::mse::family::best_partition`]).
//!
//! ## References
//! Súkeník, Lampert, Mondelli, "Neural collapse vs. low-rank bias", arXiv:2405.14468, Fig. 2;
//! Garrod, Keating, Thrampoulidis (2026) (depth, spectral initialisation).
#![cfg_attr(doc, doc = katex!())]

pub mod grid;
pub mod key;
pub mod merge;
pub mod row;
pub mod runner;
pub mod writer;

use std::fmt;

pub use grid::Grid;
pub use key::SweepRun;
pub use row::{RunRow, Trace};
pub use runner::{SweepOptions, SweepSummary, run_one, run_sweep};
pub use writer::Format;
// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use key::SweepRun as RunSpec;

/// What can go wrong in a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SweepError {
    /// A grid axis or option is invalid (names it).
    BadGrid {
        /// The axis or option.
        name: String,
        /// Why.
        reason: String,
    },
    /// The grid has more runs than [`grid::MAX_RUNS`] (or the count overflows).
    TooLarge {
        /// The product of the axis lengths, if it fits in `u64`.
        runs: Option<u64>,
    },
    /// `--shard I/N` is malformed or out of range.
    BadShard(String),
    /// A line of an existing output or shard file does not parse.
    Corrupt {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// Why.
        reason: String,
    },
    /// Two files disagree about one run, or a merge misses runs.
    Merge(String),
    /// Reading or writing a file failed.
    Io(String),
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadGrid { name, reason } => write!(f, "invalid grid {name}: {reason}"),
            Self::TooLarge { runs: Some(n) } => {
                write!(f, "grid too large: {n} runs (limit {})", grid::MAX_RUNS)
            }
            Self::TooLarge { runs: None } => write!(
                f,
                "grid too large: the product of the axis lengths overflows (limit {})",
                grid::MAX_RUNS
            ),
            Self::BadShard(s) => write!(f, "invalid --shard: {s}"),
            Self::Corrupt { file, line, reason } => {
                write!(f, "corrupt sweep file {file}, line {line}: {reason}")
            }
            Self::Merge(s) => write!(f, "merge: {s}"),
            Self::Io(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for SweepError {}

impl SweepError {
    /// The caller's argument the error concerns: the grid axis named in the variant, `grid`
    /// (too many runs), `shard`, or the sweep `file` (corrupt, merge or I/O).
    pub fn parameter(&self) -> &str {
        match self {
            Self::BadGrid { name, .. } => name,
            Self::TooLarge { .. } => "grid",
            Self::BadShard(_) => "shard",
            Self::Corrupt { .. } | Self::Merge(_) | Self::Io(_) => "file",
        }
    }
}

pub(crate) fn bad_grid(name: &str, reason: impl Into<String>) -> SweepError {
    SweepError::BadGrid {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// `f` applied to every item, results in the items' order; in parallel across the rayon
/// pool with feature `parallel`, one after another without it. The order of the results
/// (and, for a deterministic `f`, their values) does not depend on the thread count.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// The closed-form family loss $\ell(a)$ at $\ln a = \ln c + \ln(\mathrm{cost})$ for the MSE model
/// with `classes`, `layers`, $\lambda_H$, $\lambda_W$, `samples` (module [`crate::mse::family`]):
/// `None` if a parameter is out of its domain (λ ≤ 0, L = 0).
#[cfg_attr(doc, doc = katex!())]
pub fn family_loss_at(
    samples: usize,
    layers: usize,
    lambda_h: f64,
    lambda_w: f64,
    cost: f64,
) -> Option<f64> {
    if !(lambda_h > 0.0 && lambda_w > 0.0 && cost > 0.0) || samples == 0 {
        return None;
    }
    let l = u32::try_from(layers).ok()?;
    let lf = f64::from(l);
    let ln_c = ((samples as f64).ln() + lambda_h.ln() + lf * lambda_w.ln()) / (lf + 1.0);
    crate::mse::family::family_loss_ln(ln_c + cost.ln(), l)
        .ok()
        .map(|fl| fl.loss)
}

/// $\ell_{\mathrm{DNC}}$: [`family_loss_at`] with cost $K$.
#[cfg_attr(doc, doc = katex!())]
pub fn dnc_loss(
    classes: usize,
    samples: usize,
    layers: usize,
    lambda_h: f64,
    lambda_w: f64,
) -> Option<f64> {
    family_loss_at(samples, layers, lambda_h, lambda_w, classes as f64)
}

/// The loss of the cheapest SRG partition ([`crate::mse::family::best_partition`]), shared
/// scale: [`family_loss_at`] with that construction's cost.
pub fn srg_best_loss(
    classes: usize,
    samples: usize,
    layers: usize,
    lambda_h: f64,
    lambda_w: f64,
) -> Option<f64> {
    let l = u32::try_from(layers).ok()?;
    let c = crate::mse::family::best_partition(classes as u64, l).ok()?;
    let cost = c.cost_f64(l).ok()?;
    family_loss_at(samples, layers, lambda_h, lambda_w, cost)
}

/// At most 40 characters of a user-supplied value, for error messages.
pub(crate) fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}… ({} chars)", &s[..i], s.chars().count()),
        None => s.to_string(),
    }
}
