//! # Phase diagrams of DNC's optimality: what is known, and what a search adds
//!
//! ## Main definitions
//! - [`CellStatus`]: what settles one parameter point, strongest first — a proof that DNC *is*
//!   optimal there ($K = L = 2$; $L = 1$), a proved all-$\lambda$ construction, a committed certificate (re-verified), a certificate found and
//!   verified by this run's search, DNC's optimum is the zero solution (exact threshold), a
//!   search point below DNC that no certificate verified, or nothing better found.
//! - [`PhaseRow`], [`phase_row`]: one cell. Committed results ([`KnownIndex`]) are consulted
//!   first and reused: where one exists the cell shows it and no search runs.
//! - [`to_csv`]: the cells as CSV. The maps are drawn by `crate::plot::phase` (feature
//!   `plot`): `kl_map_svg` (a $(K, L)$ map at fixed $\lambda$) and `klambda_map_svg` (a
//!   $(K, \lambda)$ map at fixed $L$, $\lambda$ on a log axis, with DNC's zero threshold
//!   $\lambda_{\mathrm{zero}}(K)$ and the boundary [`boundary_steps`] drawn).
//! - [`boundary_steps`]: the boundary of a $(K, \lambda)$ map, per $\lambda$ the least $K$ at
//!   which DNC is proved not optimal (a proved, committed or certified cell).
//! - [`lambda_grid`]: log-spaced exact $\lambda$ values.
//! - [`PhaseAxes`], [`phase_grid`]: the cells of a $(K, L)$ or $(K, \lambda)$ map (the grid
//!   plus the $\lambda$ of committed certificates); [`phase_rows`]: every cell, in parallel.
//!
//! ## Main results
//! None (untrusted search and bookkeeping). Only the statuses `optimal`, `proved`, `committed`
//! and `certified` rest on the kernel (`optimal`: the claim `mse.two_class_dnc_optimal_l2` or
//! `mse.linear_dnc_global`, run and required to hold when the index is built); `zero` is the kernel's exact threshold
//! $n\lambda_H\lambda_W^L \ge (L-1)^{L-1}/(L^{2L}K^{L+1})$. Ratios are `f64` illustrations.
//!
//! ## References
//! - docs/theory.md §3 (MSE deep UFM); arXiv:2405.14468, Theorems 4–5 and Fig. 2 (phase
//!   diagrams in $(K, L)$).
#![cfg_attr(doc, doc = katex!())]

use super::certify::{SearchOptions, certify, dnc_loss};
use super::known::{KnownError, KnownIndex};
use crate::kernel::arith::rational::{Q, parse_rational};
use crate::kernel::cert::point::Certificate;
use crate::mse::MseParams;
use crate::mse::family::{dnc_zero_threshold, zero_threshold_rhs};
use crate::numeric::q_to_f64;
use serde::Serialize;
use std::fmt;

// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[cfg(feature = "plot")]
#[doc(hidden)]
pub use crate::plot::phase::{kl_map_svg, klambda_map_svg};

/// What settles a cell (see the module docs), strongest first.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CellStatus {
    /// DNC *is* a global minimiser: a proved claim covers the point (for every $\lambda$;
    /// $K = 2$, $L = 2$, docs/theory.md §3.10; $L = 1$, §3.8).
    Optimal,
    /// A proved all-$\lambda$ construction beats DNC (DNC's optimum nonzero).
    Proved,
    /// A committed certificate covers the point (re-verified by the kernel).
    Committed,
    /// A certificate the user supplied covers the point (re-verified by the kernel).
    User,
    /// This run's search found a certificate that the kernel verified.
    Certified,
    /// DNC's optimum is the zero solution (exact threshold); nothing above settles the cell.
    Zero,
    /// The search found a point below DNC (by more than [`NOISE_MARGIN`]) but no certificate
    /// verified.
    Uncertified,
    /// Nothing below DNC is known (or no search ran).
    Undecided,
}

impl CellStatus {
    /// Every status, in legend order.
    pub const ALL: [CellStatus; 8] = [
        Self::Optimal,
        Self::Proved,
        Self::Committed,
        Self::User,
        Self::Certified,
        Self::Uncertified,
        Self::Undecided,
        Self::Zero,
    ];

    /// The CSV spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Optimal => "optimal",
            Self::Proved => "proved",
            Self::Committed => "committed",
            Self::User => "user",
            Self::Certified => "certified",
            Self::Zero => "zero",
            Self::Uncertified => "uncertified",
            Self::Undecided => "undecided",
        }
    }

    /// The legend text.
    pub fn legend(&self) -> &'static str {
        match self {
            Self::Optimal => "DNC optimal (proved, every λ)",
            Self::Proved => "proved for all λ by a construction",
            Self::Committed => "committed certificate (re-verified)",
            Self::User => "certificate given by the user (re-verified)",
            Self::Certified => "certified by the search just run",
            Self::Uncertified => "search below DNC, no certificate",
            Self::Undecided => "undecided: nothing below DNC known",
            Self::Zero => "DNC optimum is zero (exact)",
        }
    }
}

impl fmt::Display for CellStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One cell of a phase diagram.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Serialize)]
pub struct PhaseRow {
    /// $K$.
    pub classes: u64,
    /// $L$.
    pub layers: u32,
    /// $n$.
    pub samples: u64,
    /// $\lambda_W = \lambda_H$, exact.
    pub lambda: String,
    /// $\lambda$ as `f64` (for plotting).
    pub lambda_f64: f64,
    /// DNC's optimal loss (`f64`).
    pub dnc_loss: f64,
    /// DNC's optimum is the zero solution (exact).
    pub dnc_zero: bool,
    /// What settles the cell.
    pub status: CellStatus,
    /// The construction's claim, the certificate file, or the searched family.
    pub source: String,
    /// Best known loss / DNC loss (`f64`), where something below DNC is known.
    pub ratio: Option<f64>,
    /// Exact `upper` of the certificate (committed or found).
    pub upper: Option<String>,
    /// Exact `lower` of the certificate (committed or found).
    pub lower: Option<String>,
    /// The certificate this run's search found and the kernel verified (status `certified`).
    #[serde(skip)]
    pub found: Option<Certificate>,
}

/// Why a phase diagram could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PhaseError {
    /// A committed result failed re-verification.
    Known(KnownError),
    /// Nothing to draw.
    Empty,
    /// The plotting library failed.
    Plot(String),
}

impl fmt::Display for PhaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Known(e) => write!(f, "{e}"),
            Self::Empty => write!(f, "no cells to draw"),
            Self::Plot(e) => write!(f, "plotting failed: {e}"),
        }
    }
}

impl std::error::Error for PhaseError {}

impl From<KnownError> for PhaseError {
    fn from(e: KnownError) -> Self {
        Self::Known(e)
    }
}

/// A search point counts as below DNC (status `uncertified`) only if its `f64` loss ratio is
/// below $1 - 10^{-6}$: closer to 1 it is optimiser noise around DNC itself.
#[cfg_attr(doc, doc = katex!())]
pub const NOISE_MARGIN: f64 = 1e-6;

/// Compute one cell at `p` ($\lambda_W = \lambda_H$ expected for the maps): the known result
/// if `known` has one; otherwise, with `search`, this run's [`certify`]; otherwise the exact
/// zero threshold decides between `zero` and `undecided`.
#[cfg_attr(doc, doc = katex!())]
pub fn phase_row(
    p: &MseParams,
    known: &KnownIndex,
    search: Option<&SearchOptions>,
) -> Result<PhaseRow, PhaseError> {
    let dnc = dnc_loss(p);
    let zero = dnc_zero_threshold(p);
    let mut row = PhaseRow {
        classes: p.classes(),
        layers: p.layers(),
        samples: p.samples(),
        lambda: p.lambda_w().to_string(),
        lambda_f64: q_to_f64(p.lambda_w()),
        dnc_loss: dnc,
        dnc_zero: zero,
        status: if zero {
            CellStatus::Zero
        } else {
            CellStatus::Undecided
        },
        source: String::new(),
        ratio: None,
        upper: None,
        lower: None,
        found: None,
    };
    if let Some(claim) = known.dnc_optimal(p) {
        row.status = CellStatus::Optimal;
        row.source = claim.to_string();
        return Ok(row);
    }
    if let Some(k) = known.lookup(p)? {
        row.status = match k.source {
            super::known::KnownSource::Construction { .. } => CellStatus::Proved,
            super::known::KnownSource::User { .. } => CellStatus::User,
            _ => CellStatus::Committed,
        };
        row.source = k.source.to_string();
        row.ratio = Some(k.ratio);
        row.upper = k.upper.map(|q| q.to_string());
        row.lower = k.lower.map(|q| q.to_string());
        return Ok(row);
    }
    let Some(opts) = search else {
        return Ok(row);
    };
    let text = p.lambda_w().to_string();
    let out = certify(p, (&text, &text), "mse.dnc_not_optimal", opts);
    if let Some((cert, v)) = &out.certificate {
        row.found = Some(cert.clone());
        row.status = CellStatus::Certified;
        row.ratio = Some(q_to_f64(v.upper()) / dnc);
        row.upper = Some(v.upper().to_string());
        row.lower = Some(v.lower().to_string());
        row.source = out.family;
    } else if out.ratio() < 1.0 - NOISE_MARGIN && !zero {
        row.status = CellStatus::Uncertified;
        row.ratio = Some(out.ratio());
        row.source = out.family;
    }
    Ok(row)
}

/// The axes of a phase diagram of the MSE deep UFM ($\lambda_W = \lambda_H = \lambda$).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(doc, doc = katex!())]
pub enum PhaseAxes {
    /// A $(K, L)$ map at one $\lambda$: every $K$ in `classes` and $L$ in `layers` (both
    /// inclusive ranges).
    KL {
        /// $K_0..=K_1$.
        classes: (u64, u64),
        /// $L_0..=L_1$.
        layers: (u32, u32),
        /// $\lambda$.
        lambda: Q,
    },
    /// A $(K, \lambda)$ map at one $L$: per $K$, the [`lambda_grid`] of `steps` values from
    /// `lo` to `hi`, plus the $\lambda$ of every committed certificate at $(K, L, n)$ in
    /// $[lo, hi]$.
    KLambda {
        /// $K_0..=K_1$.
        classes: (u64, u64),
        /// $L$.
        layers: u32,
        /// Smallest $\lambda$.
        lo: Q,
        /// Largest $\lambda$.
        hi: Q,
        /// Grid size ($\ge 2$).
        steps: u32,
    },
}

/// The cells of a phase diagram and its title.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct PhaseGrid {
    /// One parameter point per cell, $K$-major.
    pub cells: Vec<MseParams>,
    /// The title of the map (without the `(known results only)` of a run without search).
    pub title: String,
    /// `true` for a $(K, \lambda)$ map (`crate::plot::phase::klambda_map_svg`, feature `plot`), `false` for a
    /// $(K, L)$ map.
    pub klambda: bool,
}

/// Why the cells of a phase diagram could not be made.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PhaseGridError {
    /// A cell's parameters are invalid ([`MseParams::new`]).
    Params(crate::mse::MseError),
    /// The $\lambda$ endpoints are not positive, ordered and finite in `f64`, or `steps < 2`.
    LambdaRange,
}

impl fmt::Display for PhaseGridError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Params(e) => write!(f, "{e}"),
            Self::LambdaRange => write!(f, "endpoints out of the f64 range"),
        }
    }
}

impl std::error::Error for PhaseGridError {}

/// The cells of the map over `axes` at $n$ = `samples` (see [`PhaseAxes`]), $K$-major.
#[cfg_attr(doc, doc = katex!())]
pub fn phase_grid(axes: &PhaseAxes, samples: u64) -> Result<PhaseGrid, PhaseGridError> {
    let point = |k: u64, l: u32, lam: &Q| {
        MseParams::new(k, l, lam.clone(), lam.clone(), samples)
            .and_then(|p| p.float_ready().map(|()| p))
            .map_err(PhaseGridError::Params)
    };
    let mut cells = Vec::new();
    match axes {
        PhaseAxes::KL {
            classes: (k0, k1),
            layers: (l0, l1),
            lambda,
        } => {
            for k in *k0..=*k1 {
                for l in *l0..=*l1 {
                    cells.push(point(k, l, lambda)?);
                }
            }
            let title =
                format!("Is DNC optimal? MSE deep UFM, λ_W = λ_H = {lambda}, n = {samples}");
            Ok(PhaseGrid {
                cells,
                title,
                klambda: false,
            })
        }
        PhaseAxes::KLambda {
            classes: (k0, k1),
            layers,
            lo,
            hi,
            steps,
        } => {
            let grid = lambda_grid(lo, hi, *steps).ok_or(PhaseGridError::LambdaRange)?;
            // the grid, plus the λ of each committed certificate in range (in its K's column)
            let extra = KnownIndex::certificate_lambdas(*layers, samples, (*k0, *k1));
            for k in *k0..=*k1 {
                let mut column = grid.clone();
                column.extend(
                    extra
                        .iter()
                        .filter(|(kc, x)| *kc == k && x >= lo && x <= hi)
                        .map(|(_, x)| x.clone()),
                );
                column.sort();
                column.dedup();
                for lam in &column {
                    cells.push(point(k, *layers, lam)?);
                }
            }
            let title =
                format!("Is DNC optimal? MSE deep UFM, L = {layers}, n = {samples}, λ_W = λ_H");
            Ok(PhaseGrid {
                cells,
                title,
                klambda: true,
            })
        }
    }
}

/// [`phase_row`] of every cell, in order (in parallel with feature `parallel`); `done()` is
/// called after each cell.
pub fn phase_rows(
    cells: &[MseParams],
    known: &KnownIndex,
    search: Option<&SearchOptions>,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<PhaseRow>, PhaseError> {
    let cell = |p: &MseParams| {
        let r = phase_row(p, known, search);
        done();
        r
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        cells.par_iter().map(cell).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        cells.iter().map(cell).collect()
    }
}

/// CSV with a header row, one line per cell.
pub fn to_csv(rows: &[PhaseRow]) -> String {
    let mut s = String::from(
        "classes,layers,samples,lambda,lambda_f64,dnc_loss,dnc_zero,status,source,ratio,upper,lower\n",
    );
    for r in rows {
        s.push_str(&format!(
            "{},{},{},{},{:e},{:.12},{},{},{},{},{},{}\n",
            r.classes,
            r.layers,
            r.samples,
            r.lambda,
            r.lambda_f64,
            r.dnc_loss,
            r.dnc_zero,
            r.status,
            r.source.replace(',', ";"),
            r.ratio.map_or(String::new(), |x| format!("{x:.8}")),
            r.upper.as_deref().unwrap_or(""),
            r.lower.as_deref().unwrap_or("")
        ));
    }
    s
}

/// A ratio as a label that never rounds a value below 1 up to `1.000`: the fewest digits
/// (at least 3) that keep it below 1, at most 8, else `<1`.
pub fn ratio_label(r: f64) -> String {
    if r.is_nan() || r >= 1.0 {
        return format!("{r:.3}");
    }
    for d in 3..=8usize {
        let s = format!("{r:.d$}");
        if s.parse::<f64>().is_ok_and(|x| x < 1.0) {
            return s;
        }
    }
    "<1".into()
}

/// DNC's zero threshold $\lambda_{\mathrm{zero}}(K) = \big((L-1)^{L-1}/(L^{2L}K^{L+1}n)\big)^{1/(L+1)}$
/// at $\lambda_W = \lambda_H$, in `f64` (for drawing; `None` if out of range).
pub(crate) fn lambda_zero_f64(classes: f64, layers: u32, samples: u64) -> Option<f64> {
    let t = q_to_f64(&zero_threshold_rhs(layers).ok()?);
    let m = f64::from(layers) + 1.0;
    let v = (t / (samples as f64)).powf(1.0 / m) / classes;
    v.is_finite().then_some(v)
}

/// The statuses that count as "DNC proved not optimal" for the boundary of a $(K, \lambda)$
/// map: a proved construction, a committed certificate, or a certificate this run found (all
/// re-verified by the kernel).
#[cfg_attr(doc, doc = katex!())]
pub const BOUNDARY_STATUSES: [CellStatus; 3] = [
    CellStatus::Proved,
    CellStatus::Committed,
    CellStatus::Certified,
];

/// The boundary of a $(K, \lambda)$ map: for each $\lambda$ of the common grid (present in
/// every $K$ column), ascending, the least $K$ whose cell has a status in
/// [`BOUNDARY_STATUSES`] (`None` if no $K$ has). The $\lambda$ a single column adds (a
/// committed point certificate's) are left out, so every step spans a full grid band.
#[cfg_attr(doc, doc = katex!())]
pub fn boundary_steps(rows: &[PhaseRow]) -> Vec<(f64, Option<u64>)> {
    let mut ks: Vec<u64> = rows.iter().map(|r| r.classes).collect();
    ks.sort_unstable();
    ks.dedup();
    let mut lams: Vec<f64> = rows.iter().map(|r| r.lambda_f64).collect();
    lams.sort_by(f64::total_cmp);
    lams.dedup();
    lams.into_iter()
        .filter(|x| {
            ks.iter()
                .all(|k| rows.iter().any(|r| r.classes == *k && r.lambda_f64 == *x))
        })
        .map(|x| {
            let least = rows
                .iter()
                .filter(|r| r.lambda_f64 == x && BOUNDARY_STATUSES.contains(&r.status))
                .map(|r| r.classes)
                .min();
            (x, least)
        })
        .collect()
}

/// `steps` log-spaced exact values from `lo` to `hi` (both included, `lo < hi`,
/// `steps >= 2`): the inner values are $10^{\log_{10}lo + i(\log_{10}hi - \log_{10}lo)/(s-1)}$
/// rounded to three significant decimal digits, as exact rationals; sorted, without
/// duplicates. `None` if the endpoints are not positive, ordered and finite in `f64`.
#[cfg_attr(doc, doc = katex!())]
pub fn lambda_grid(lo: &Q, hi: &Q, steps: u32) -> Option<Vec<Q>> {
    let (a, b) = (q_to_f64(lo), q_to_f64(hi));
    if !(a > 0.0 && b > a && b.is_finite() && steps >= 2) {
        return None;
    }
    let mut out = vec![lo.clone(), hi.clone()];
    let (la, lb) = (a.log10(), b.log10());
    for i in 1..steps - 1 {
        let v = 10f64.powf(la + (lb - la) * f64::from(i) / f64::from(steps - 1));
        let e = v.log10().floor() as i32 - 2;
        let m = (v / 10f64.powi(e)).round() as i64;
        let text = format!("{m}e{e}");
        if let Ok(q) = parse_rational(&text)
            && &q > lo
            && &q < hi
        {
            out.push(q);
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The $\lambda_{\mathrm{zero}}(K)$ used for the drawn threshold line (exposed for tests).
#[cfg_attr(doc, doc = katex!())]
pub fn drawn_lambda_zero(classes: u64, layers: u32, samples: u64) -> Option<f64> {
    lambda_zero_f64(classes as f64, layers, samples)
}
