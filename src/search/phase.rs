//! # Phase diagrams of DNC's optimality: what is known, and what a search adds
//!
//! ## Main definitions
//! - [`CellStatus`]: what settles one parameter point, strongest first — a proof that DNC *is*
//!   optimal there ($K = L = 2$; $L = 1$), a proved all-$\lambda$ construction, a committed certificate (re-verified), a certificate found and
//!   verified by this run's search, DNC's optimum is the zero solution (exact threshold), a
//!   search point below DNC that no certificate verified, or nothing better found.
//! - [`PhaseRow`], [`phase_row`]: one cell. Committed results ([`KnownIndex`]) are consulted
//!   first and reused: where one exists the cell shows it and no search runs.
//! - [`to_csv`]; `kl_map_svg` (a $(K, L)$ map at fixed $\lambda$) and
//!   `klambda_map_svg` (a $(K, \lambda)$ map at fixed $L$, $\lambda$ on a log axis, with
//!   DNC's zero threshold $\lambda_{\mathrm{zero}}(K)$ drawn, and the boundary
//!   [`boundary_steps`]: per $\lambda$, the least $K$ with DNC proved not optimal), rendered
//!   with `plotters` (both with the feature `plot`).
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
#[cfg(feature = "plot")]
use plotters::coord::Shift;
#[cfg(feature = "plot")]
use plotters::prelude::*;
#[cfg(feature = "plot")]
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;
use std::fmt;

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

    #[cfg(feature = "plot")]
    fn colour(&self) -> RGBColor {
        match self {
            Self::Optimal => RGBColor(33, 102, 172),
            Self::Proved => RGBColor(27, 120, 55),
            Self::Committed => RGBColor(90, 174, 97),
            Self::User => RGBColor(120, 198, 190),
            Self::Certified => RGBColor(166, 219, 160),
            Self::Uncertified => RGBColor(244, 165, 80),
            Self::Undecided => RGBColor(255, 255, 255),
            Self::Zero => RGBColor(190, 190, 190),
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

#[cfg(feature = "plot")]
fn plot_err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> PhaseError {
    PhaseError::Plot(e.to_string())
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
    /// `true` for a $(K, \lambda)$ map (`klambda_map_svg`, feature `plot`), `false` for a
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

#[cfg(feature = "plot")]
/// The text inside a $(K, L)$ cell.
fn cell_label(r: &PhaseRow) -> String {
    match (r.status, r.ratio) {
        (CellStatus::Uncertified, Some(x)) => format!("{}?", ratio_label(x)),
        (_, Some(x)) => ratio_label(x),
        (CellStatus::Zero, None) => "zero".into(),
        (CellStatus::Optimal, None) => "opt".into(),
        _ => "–".into(),
    }
}

#[cfg(feature = "plot")]
fn dedup<T: PartialOrd + Copy>(it: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = it.collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.dedup();
    v
}

#[cfg(feature = "plot")]
const LEGEND_WIDTH: u32 = 300;
#[cfg(feature = "plot")]
const BOUNDARY_COLOUR: RGBColor = RGBColor(110, 30, 160);
/// The legend entry of the boundary line of a $(K, \lambda)$ map ([`boundary_steps`]).
#[cfg_attr(doc, doc = katex!())]
pub const BOUNDARY_LEGEND: &str = "least K with DNC proved not optimal";
#[cfg(feature = "plot")]
const FONT: &str = "sans-serif";

#[cfg(feature = "plot")]
/// The legend: every status with its colour and cell count, then extra line entries.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[PhaseRow],
    lines: &[(&str, RGBColor)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = (FONT, 14).into_font().color(&BLACK);
    area.draw(&Text::new("cell status (count)", (10, 60), font.clone()))?;
    let mut y = 86;
    for s in CellStatus::ALL {
        let n = rows.iter().filter(|r| r.status == s).count();
        area.draw(&Rectangle::new(
            [(10, y - 1), (28, y + 15)],
            ShapeStyle::from(&s.colour()).filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(10, y - 1), (28, y + 15)],
            BLACK.stroke_width(1),
        ))?;
        area.draw(&Text::new(
            format!("{} ({n})", s.legend()),
            (34, y),
            (FONT, 12).into_font().color(&BLACK),
        ))?;
        y += 24;
    }
    for (text, colour) in lines {
        area.draw(&PathElement::new(
            vec![(10, y + 7), (28, y + 7)],
            colour.stroke_width(3),
        ))?;
        area.draw(&Text::new(
            text.to_string(),
            (34, y),
            (FONT, 12).into_font().color(&BLACK),
        ))?;
        y += 24;
    }
    Ok(())
}

#[cfg(feature = "plot")]
fn svg_string(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), PhaseError>,
) -> Result<String, PhaseError> {
    crate::plot::ensure_font(None).map_err(PhaseError::Plot)?;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        draw(&root)?;
        root.present().map_err(plot_err)?;
    }
    Ok(buf)
}

#[cfg(feature = "plot")]
/// An SVG map over $(K, L)$ at one $\lambda$: one coloured cell per row with its ratio (or
/// `zero`, `–`) inside, axis titles, a title and a legend of every status.
#[cfg_attr(doc, doc = katex!())]
pub fn kl_map_svg(rows: &[PhaseRow], title: &str) -> Result<String, PhaseError> {
    let ks = dedup(rows.iter().map(|r| r.classes));
    let ls = dedup(rows.iter().map(|r| r.layers));
    let (Some(k0), Some(k1), Some(l0), Some(l1)) = (ks.first(), ks.last(), ls.first(), ls.last())
    else {
        return Err(PhaseError::Empty);
    };
    let cell_w = 62u32;
    let cell_h = 44u32;
    // wide enough for the title whatever the grid
    let plot_w = (120 + cell_w.saturating_mul(ks.len() as u32)).max(660);
    let width = plot_w + LEGEND_WIDTH;
    let height = 150 + cell_h.saturating_mul(ls.len() as u32);
    svg_string(width, height, |root| {
        let (plot, legend) = root.split_horizontally(plot_w);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, (FONT, 16))
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(
                (*k0 as f64 - 0.5)..(*k1 as f64 + 0.5),
                (f64::from(*l0) - 0.5)..(f64::from(*l1) + 0.5),
            )
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(ks.len().min(40) + 1)
            .y_labels(ls.len() + 1)
            .x_label_formatter(&integer_label)
            .y_label_formatter(&integer_label)
            .x_desc("K (classes)")
            .y_desc("L (layers)")
            .axis_desc_style((FONT, 14))
            .label_style((FONT, 12))
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(rows.iter().map(|r| {
                let (x, y) = (r.classes as f64, f64::from(r.layers));
                Rectangle::new(
                    [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                    ShapeStyle::from(&r.status.colour()).filled(),
                )
            }))
            .map_err(plot_err)?;
        chart
            .draw_series(rows.iter().map(|r| {
                let (x, y) = (r.classes as f64, f64::from(r.layers));
                Rectangle::new(
                    [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                    RGBColor(90, 90, 90).stroke_width(1),
                )
            }))
            .map_err(plot_err)?;
        let centre = Pos::new(HPos::Center, VPos::Center);
        chart
            .draw_series(rows.iter().map(|r| {
                Text::new(
                    cell_label(r),
                    (r.classes as f64, f64::from(r.layers)),
                    (FONT, 11)
                        .into_font()
                        .color(
                            if matches!(r.status, CellStatus::Proved | CellStatus::Optimal) {
                                &WHITE
                            } else {
                                &BLACK
                            },
                        )
                        .pos(centre),
                )
            }))
            .map_err(plot_err)?;
        draw_legend(&legend, rows, &[]).map_err(plot_err)?;
        legend
            .draw(&Text::new(
                "in cells: best known loss / DNC loss",
                (10, 86 + 24 * CellStatus::ALL.len() as i32 + 4),
                (FONT, 12).into_font().color(&BLACK),
            ))
            .map_err(plot_err)?;
        legend
            .draw(&Text::new(
                "(\"?\": not certified; \"–\": none below 1)",
                (10, 86 + 24 * CellStatus::ALL.len() as i32 + 22),
                (FONT, 12).into_font().color(&BLACK),
            ))
            .map_err(plot_err)?;
        Ok(())
    })
}

#[cfg(feature = "plot")]
fn integer_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round())
    } else {
        String::new()
    }
}

/// DNC's zero threshold $\lambda_{\mathrm{zero}}(K) = \big((L-1)^{L-1}/(L^{2L}K^{L+1}n)\big)^{1/(L+1)}$
/// at $\lambda_W = \lambda_H$, in `f64` (for drawing; `None` if out of range).
fn lambda_zero_f64(classes: f64, layers: u32, samples: u64) -> Option<f64> {
    let t = q_to_f64(&zero_threshold_rhs(layers).ok()?);
    let m = f64::from(layers) + 1.0;
    let v = (t / (samples as f64)).powf(1.0 / m) / classes;
    v.is_finite().then_some(v)
}

#[cfg(feature = "plot")]
/// An SVG map over $(K, \lambda)$ at one $L$ (and $n$), $\lambda$ on a log axis: each cell a
/// band between the geometric midpoints of neighbouring grid values, DNC's zero threshold
/// drawn as a line, axis titles, a title and a legend of every status.
#[cfg_attr(doc, doc = katex!())]
pub fn klambda_map_svg(rows: &[PhaseRow], title: &str) -> Result<String, PhaseError> {
    let ks = dedup(rows.iter().map(|r| r.classes));
    let lams = dedup(rows.iter().map(|r| r.lambda_f64));
    let (Some(k0), Some(k1)) = (ks.first(), ks.last()) else {
        return Err(PhaseError::Empty);
    };
    if lams.is_empty() || lams.iter().any(|x| !(x.is_finite() && *x > 0.0)) {
        return Err(PhaseError::Empty);
    }
    // the common grid's end bands reach half a (log) step beyond its ends
    let (first, last) = (lams[0], lams[lams.len() - 1]);
    let (lo_edge, hi_edge) = if lams.len() > 1 {
        let common: Vec<f64> = lams
            .iter()
            .copied()
            .filter(|x| {
                ks.iter()
                    .all(|k| rows.iter().any(|r| r.classes == *k && r.lambda_f64 == *x))
            })
            .collect();
        let (a, b) = match common.as_slice() {
            [a, b, ..] => (*a, *b),
            _ => (lams[0], lams[1]),
        };
        let (y, z) = match common.as_slice() {
            [.., y, z] => (*y, *z),
            _ => (lams[lams.len() - 2], last),
        };
        (first * (a / b).sqrt(), last * (z / y).sqrt())
    } else {
        (first / 1.2, last * 1.2)
    };
    crate::plot::check_log_axis("λ", lo_edge, hi_edge).map_err(PhaseError::Plot)?;
    // each column's bands: between the geometric midpoints of its own λ values
    let band = |k: u64, x: f64| {
        let col = dedup(rows.iter().filter(|r| r.classes == k).map(|r| r.lambda_f64));
        let i = col.iter().position(|l| *l == x).unwrap_or(0);
        let a = if i == 0 {
            lo_edge
        } else {
            (col[i - 1] * x).sqrt()
        };
        let b = if i + 1 == col.len() {
            hi_edge
        } else {
            (col[i + 1] * x).sqrt()
        };
        (a, b)
    };
    let layers = rows[0].layers;
    let samples = rows[0].samples;
    let cell_w = (900 / ks.len() as u32).clamp(14, 62);
    let plot_w = (130 + cell_w.saturating_mul(ks.len() as u32)).max(660);
    let width = plot_w + LEGEND_WIDTH;
    let height = 620;
    svg_string(width, height, |root| {
        let (plot, legend) = root.split_horizontally(plot_w);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, (FONT, 16))
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(
                (*k0 as f64 - 0.5)..(*k1 as f64 + 0.5),
                (lo_edge..hi_edge).log_scale(),
            )
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(ks.len().min(30) + 1)
            .x_label_formatter(&integer_label)
            .y_label_formatter(&|y| format!("{y:.0e}"))
            .x_desc("K (classes)")
            .y_desc("λ = λ_W = λ_H (log scale)")
            .axis_desc_style((FONT, 14))
            .label_style((FONT, 12))
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(rows.iter().map(|r| {
                let x = r.classes as f64;
                let (a, b) = band(r.classes, r.lambda_f64);
                Rectangle::new(
                    [(x - 0.5, a), (x + 0.5, b)],
                    ShapeStyle::from(&r.status.colour()).filled(),
                )
            }))
            .map_err(plot_err)?;
        chart
            .draw_series(rows.iter().map(|r| {
                let x = r.classes as f64;
                let (a, b) = band(r.classes, r.lambda_f64);
                Rectangle::new(
                    [(x - 0.5, a), (x + 0.5, b)],
                    RGBColor(150, 150, 150).stroke_width(1),
                )
            }))
            .map_err(plot_err)?;
        let threshold: Vec<(f64, f64)> = (0..=200)
            .filter_map(|i| {
                let k = (*k0 as f64 - 0.5) + (*k1 - *k0 + 1) as f64 * f64::from(i) / 200.0;
                let v = lambda_zero_f64(k.max(1.0), layers, samples)?;
                (v >= lo_edge && v <= hi_edge).then_some((k, v))
            })
            .collect();
        if threshold.len() > 1 {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    threshold,
                    RGBColor(200, 30, 30).stroke_width(3),
                )))
                .map_err(plot_err)?;
        }
        // the boundary: per common λ band, a vertical step at the least proved K's left edge
        let steps = boundary_steps(rows);
        let edge = |i: usize, up: bool| -> f64 {
            let x = steps[i].0;
            match (up, i) {
                (false, 0) => lo_edge,
                (false, _) => (steps[i - 1].0 * x).sqrt(),
                (true, _) if i + 1 == steps.len() => hi_edge,
                (true, _) => (steps[i + 1].0 * x).sqrt(),
            }
        };
        let mut paths: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut path: Vec<(f64, f64)> = Vec::new();
        for (i, (_, least)) in steps.iter().enumerate() {
            match least {
                Some(k) => {
                    let x = *k as f64 - 0.5;
                    path.push((x, edge(i, false)));
                    path.push((x, edge(i, true)));
                }
                None => paths.push(std::mem::take(&mut path)),
            }
        }
        paths.push(path);
        chart
            .draw_series(
                paths
                    .into_iter()
                    .filter(|p| p.len() > 1)
                    .map(|p| PathElement::new(p, BOUNDARY_COLOUR.stroke_width(3))),
            )
            .map_err(plot_err)?;
        draw_legend(
            &legend,
            rows,
            &[
                ("DNC zero threshold λ_zero(K)", RGBColor(200, 30, 30)),
                (BOUNDARY_LEGEND, BOUNDARY_COLOUR),
            ],
        )
        .map_err(plot_err)?;
        Ok(())
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::arith::rational::q;

    #[cfg(feature = "plot")]
    fn row(k: u64, l: u32, lam: f64, status: CellStatus, ratio: Option<f64>) -> PhaseRow {
        PhaseRow {
            classes: k,
            layers: l,
            samples: 1,
            lambda: "1/250".into(),
            lambda_f64: lam,
            dnc_loss: 0.1,
            dnc_zero: status == CellStatus::Zero,
            status,
            source: "T(5)".into(),
            ratio,
            upper: None,
            lower: None,
            found: None,
        }
    }

    #[test]
    #[cfg(feature = "plot")]
    fn csv_has_one_line_per_cell_and_maps_one_cell_rect_each() {
        let rows = vec![
            row(10, 3, 0.004, CellStatus::Committed, Some(0.9795)),
            row(6, 3, 0.004, CellStatus::Undecided, None),
            row(6, 4, 0.004, CellStatus::Zero, None),
        ];
        let csv = to_csv(&rows);
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.lines().nth(1).unwrap().starts_with("10,3,1,1/250,"));
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .contains(",committed,T(5),0.97950000,")
        );
        let svg = kl_map_svg(&rows, "test").unwrap();
        // every status in the legend, axis titles, the ratio label
        for s in CellStatus::ALL {
            assert!(svg.contains(s.legend()), "{}", s.legend());
        }
        assert!(svg.contains("K (classes)") && svg.contains("L (layers)"));
        assert!(svg.contains("0.980"), "{svg}");
    }

    #[test]
    fn ratio_labels_never_round_up_to_one() {
        assert_eq!(ratio_label(0.9795), "0.980");
        assert_eq!(ratio_label(0.99972), "0.9997");
        assert_eq!(ratio_label(0.999_999_4), "0.999999");
        assert_eq!(ratio_label(1.0 - 1e-12), "<1");
        assert_eq!(ratio_label(1.0), "1.000");
    }

    #[test]
    fn lambda_grid_is_log_spaced_exact_and_sorted() {
        let g = lambda_grid(&q(1, 10000), &q(1, 10), 4).unwrap();
        assert_eq!(g, vec![q(1, 10000), q(1, 1000), q(1, 100), q(1, 10)]);
        assert!(lambda_grid(&q(1, 10), &q(1, 100), 4).is_none());
        let g = lambda_grid(&q(1, 10000), &q(1, 10), 25).unwrap();
        assert_eq!(g.len(), 25);
        assert!(g.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    #[cfg(feature = "plot")]
    fn klambda_map_draws_bands_and_threshold() {
        let rows: Vec<PhaseRow> = [1e-3, 1e-2]
            .iter()
            .flat_map(|&lam| [6u64, 7].map(|k| row(k, 3, lam, CellStatus::Undecided, None)))
            .collect();
        let svg = klambda_map_svg(&rows, "t").unwrap();
        assert!(svg.contains("DNC zero threshold"));
        assert!(svg.contains(BOUNDARY_LEGEND));
        assert!(svg.contains("log scale"));
        let z = drawn_lambda_zero(10, 3, 1).unwrap();
        // exact threshold at L = 3, n = 1: K^4 λ^4 = 2^2 / 3^6
        assert!((z.powi(4) * 1e4 - 4.0 / 729.0).abs() < 1e-12);
    }

    #[test]
    fn boundary_is_the_least_proved_k_per_common_lambda() {
        let mk = |k: u64, lam: f64, status: CellStatus| PhaseRow {
            classes: k,
            layers: 2,
            samples: 1,
            lambda: String::new(),
            lambda_f64: lam,
            dnc_loss: 0.1,
            dnc_zero: status == CellStatus::Zero,
            status,
            source: String::new(),
            ratio: None,
            upper: None,
            lower: None,
            found: None,
        };
        use CellStatus::*;
        let rows = vec![
            mk(6, 1e-3, Undecided),
            mk(7, 1e-3, Proved),
            mk(8, 1e-3, Committed),
            mk(6, 1e-2, Uncertified),
            mk(7, 1e-2, Undecided),
            mk(8, 1e-2, Certified),
            mk(6, 1e-1, Zero),
            mk(7, 1e-1, Zero),
            mk(8, 1e-1, Zero),
            // a λ only K = 6's column has (a committed point certificate's): left out
            mk(6, 5e-3, Committed),
        ];
        assert_eq!(
            boundary_steps(&rows),
            vec![(1e-3, Some(7)), (1e-2, Some(8)), (1e-1, None)]
        );
        assert!(boundary_steps(&[]).is_empty());
    }

    #[test]
    fn phase_grid_is_k_major_and_checks_its_lambda_range() {
        let kl = PhaseAxes::KL {
            classes: (2, 3),
            layers: (1, 2),
            lambda: q(1, 250),
        };
        let g = phase_grid(&kl, 1).unwrap();
        let kls: Vec<(u64, u32)> = g.cells.iter().map(|p| (p.classes(), p.layers())).collect();
        assert_eq!(kls, [(2, 1), (2, 2), (3, 1), (3, 2)]);
        assert!(!g.klambda && g.title.contains("1/250"));
        let bad = PhaseAxes::KLambda {
            classes: (2, 2),
            layers: 2,
            lo: q(1, 10),
            hi: q(1, 100),
            steps: 3,
        };
        assert_eq!(
            phase_grid(&bad, 1).unwrap_err(),
            PhaseGridError::LambdaRange
        );
        let ok = PhaseAxes::KLambda {
            classes: (2, 3),
            layers: 2,
            lo: q(1, 100),
            hi: q(1, 10),
            steps: 3,
        };
        let g = phase_grid(&ok, 1).unwrap();
        assert!(g.klambda && g.cells.len() >= 6);
        assert!(g.cells.iter().all(|p| p.layers() == 2));
    }
}
