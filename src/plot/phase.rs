//! # Drawing phase diagrams
//!
//! ## Main definitions
//! - [`kl_map_svg`]: a $(K, L)$ map at fixed $\lambda$, one coloured cell per
//!   [`PhaseRow`] with its ratio (or `zero`, `opt`, `–`) inside.
//! - [`klambda_map_svg`]: a $(K, \lambda)$ map at fixed $L$, $\lambda$ on a log axis, with
//!   DNC's zero threshold $\lambda_{\mathrm{zero}}(K)$ drawn and the boundary
//!   (`crate::search::phase::boundary_steps`: per $\lambda$ band, the least $K$ with DNC proved
//!   not optimal) as a step line.
//! - [`status_colour`]: the fill colour of a [`CellStatus`].
//!
//! Both maps are drawn by one builder (`map_svg`) from a `MapSpec` (sizes, axes, cell
//! rectangles, overlays, legend entries); the data (cells, statuses, grids) is
//! [`crate::search::phase`].
//!
//! ## Main results
//! None (presentation, `plotters`). Ratios are `f64` illustrations; the statuses come from
//! [`crate::search::phase`].
//!
//! ## References
//! - docs/theory.md §3 (MSE deep UFM); arXiv:2405.14468, Fig. 2 (phase diagrams in $(K, L)$).
#![cfg_attr(doc, doc = katex!())]

use crate::search::phase::{
    CellStatus, PhaseError, PhaseRow, boundary_steps, lambda_zero_f64, ratio_label,
};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const LEGEND_WIDTH: u32 = 300;
const FONT: &str = "sans-serif";

/// The fill colour of a cell with status `s`.
pub fn status_colour(s: CellStatus) -> RGBColor {
    match s {
        CellStatus::Optimal => RGBColor(33, 102, 172),
        CellStatus::Proved => RGBColor(27, 120, 55),
        CellStatus::Committed => RGBColor(90, 174, 97),
        CellStatus::User => RGBColor(120, 198, 190),
        CellStatus::Certified => RGBColor(166, 219, 160),
        CellStatus::Uncertified => RGBColor(244, 165, 80),
        CellStatus::Undecided => RGBColor(255, 255, 255),
        CellStatus::Zero => RGBColor(190, 190, 190),
    }
}

fn plot_err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> PhaseError {
    PhaseError::Plot(e.to_string())
}

/// The text inside a $(K, L)$ cell.
#[cfg_attr(doc, doc = katex!())]
fn cell_label(r: &PhaseRow) -> String {
    match (r.status, r.ratio) {
        (CellStatus::Uncertified, Some(x)) => format!("{}?", ratio_label(x)),
        (_, Some(x)) => ratio_label(x),
        (CellStatus::Zero, None) => "zero".into(),
        (CellStatus::Optimal, None) => "opt".into(),
        _ => "–".into(),
    }
}

fn dedup<T: PartialOrd + Copy>(it: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = it.collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.dedup();
    v
}

fn integer_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round())
    } else {
        String::new()
    }
}

fn exponent_label(y: &f64) -> String {
    format!("{y:.0e}")
}

/// The legend: every status with its colour and cell count, then extra line entries, then
/// the `notes` (one per line, below the entries).
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[PhaseRow],
    lines: &[(&str, RGBColor)],
    notes: &[&str],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = (FONT, 14).into_font().color(&BLACK);
    area.draw(&Text::new("cell status (count)", (10, 60), font.clone()))?;
    let mut y = 86;
    for s in CellStatus::ALL {
        let n = rows.iter().filter(|r| r.status == s).count();
        area.draw(&Rectangle::new(
            [(10, y - 1), (28, y + 15)],
            ShapeStyle::from(&status_colour(s)).filled(),
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
    for (i, text) in (0..).zip(notes) {
        let font = (FONT, 12).into_font().color(&BLACK);
        area.draw(&Text::new(*text, (10, y + 4 + 18 * i), font))?;
    }
    Ok(())
}

/// A curve over a phase map (drawn when it has at least two points) and its legend text.
struct MapCurve<'s> {
    /// Its pieces (polylines), each drawn when it has at least two points.
    points: Vec<Vec<(f64, f64)>>,
    text: &'s str,
    colour: RGBColor,
}

/// The height in pixels that [`draw_legend`] needs for every status, `lines` line entries and
/// `notes` notes, with a margin of 20 pixels.
fn legend_height(lines: u32, notes: u32) -> u32 {
    const STATUSES: u32 = CellStatus::ALL.len() as u32;
    86 + 24 * (STATUSES + lines) + 18 * notes + 16 + 20
}

/// What distinguishes one phase map from the other; [`map_svg`] draws either.
struct MapSpec<'s> {
    /// Width of the plot part (the legend is [`LEGEND_WIDTH`] more).
    plot_w: u32,
    /// Height of the picture (at least [`legend_height`]).
    height: u32,
    /// Width of the $y$ label area.
    y_label_area: u32,
    /// Number of $x$ and $y$ tick labels.
    labels: (usize, usize),
    /// Draw horizontal mesh lines.
    y_mesh: bool,
    /// The $y$ tick label and the $y$ axis title.
    y_label: fn(&f64) -> String,
    y_desc: &'s str,
    /// Colour of the cell borders.
    border: RGBColor,
    /// Write [`cell_label`] inside the cells.
    cell_labels: bool,
    /// Curves drawn over the cells, each with its legend entry.
    curves: Vec<MapCurve<'s>>,
    /// Text lines under the legend.
    notes: &'s [&'s str],
}

/// An SVG phase map: caption `title`, $x$ axis $K$ over `x`, $y$ axis `y`, one rectangle
/// `cell(row)` per row (filled with its status colour, then bordered), the optional labels and
/// curve of `spec`, and the legend.
#[cfg_attr(doc, doc = katex!())]
fn map_svg<Y>(
    rows: &[PhaseRow],
    title: &str,
    spec: &MapSpec<'_>,
    x: std::ops::Range<f64>,
    y: Y,
    cell: impl Fn(&PhaseRow) -> [(f64, f64); 2],
) -> Result<String, PhaseError>
where
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    crate::plot::ensure_font(None).map_err(PhaseError::Plot)?;
    let mut buf = String::new();
    {
        // one or two curves: the cast cannot truncate
        let lines = spec.curves.len().min(64) as u32;
        // a handful of fixed notes: the cast cannot truncate
        let notes = spec.notes.len().min(64) as u32;
        let height = spec.height.max(legend_height(lines, notes));
        let size = (spec.plot_w + LEGEND_WIDTH, height);
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (plot, legend) = root.split_horizontally(spec.plot_w);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, (FONT, 16))
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(spec.y_label_area)
            .build_cartesian_2d(x, y)
            .map_err(plot_err)?;
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh();
        if !spec.y_mesh {
            mesh.disable_y_mesh();
        }
        mesh.x_labels(spec.labels.0)
            .y_labels(spec.labels.1)
            .x_label_formatter(&integer_label)
            .y_label_formatter(&spec.y_label)
            .x_desc("K (classes)")
            .y_desc(spec.y_desc)
            .axis_desc_style((FONT, 14))
            .label_style((FONT, 12))
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(rows.iter().map(|r| {
                Rectangle::new(cell(r), ShapeStyle::from(&status_colour(r.status)).filled())
            }))
            .map_err(plot_err)?;
        chart
            .draw_series(
                rows.iter()
                    .map(|r| Rectangle::new(cell(r), spec.border.stroke_width(1))),
            )
            .map_err(plot_err)?;
        if spec.cell_labels {
            let centre = Pos::new(HPos::Center, VPos::Center);
            chart
                .draw_series(rows.iter().map(|r| {
                    let white = matches!(r.status, CellStatus::Proved | CellStatus::Optimal);
                    let colour = if white { &WHITE } else { &BLACK };
                    let font = (FONT, 11).into_font().color(colour).pos(centre);
                    Text::new(cell_label(r), (r.classes as f64, f64::from(r.layers)), font)
                }))
                .map_err(plot_err)?;
        }
        let mut lines = Vec::new();
        for c in &spec.curves {
            let pieces = c.points.iter().filter(|p| p.len() > 1);
            chart
                .draw_series(pieces.map(|p| PathElement::new(p.clone(), c.colour.stroke_width(3))))
                .map_err(plot_err)?;
            lines.push((c.text, c.colour));
        }
        draw_legend(&legend, rows, &lines, spec.notes).map_err(plot_err)?;
        root.present().map_err(plot_err)?;
    }
    Ok(buf)
}

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
    let spec = MapSpec {
        // wide enough for the title whatever the grid
        plot_w: (120 + cell_w.saturating_mul(ks.len() as u32)).max(660),
        height: 150 + cell_h.saturating_mul(ls.len() as u32),
        y_label_area: 60,
        labels: (ks.len().min(40) + 1, ls.len() + 1),
        y_mesh: false,
        y_label: integer_label,
        y_desc: "L (layers)",
        border: RGBColor(90, 90, 90),
        cell_labels: true,
        curves: Vec::new(),
        notes: &[
            "in cells: best known loss / DNC loss",
            "(\"?\": not certified; \"–\": none below 1)",
        ],
    };
    let x = (*k0 as f64 - 0.5)..(*k1 as f64 + 0.5);
    let y = (f64::from(*l0) - 0.5)..(f64::from(*l1) + 0.5);
    map_svg(rows, title, &spec, x, y, |r| {
        let (x, y) = (r.classes as f64, f64::from(r.layers));
        [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)]
    })
}

/// The $\lambda$ range of a $(K, \lambda)$ map: the common grid's end bands reach half a (log)
/// step beyond its ends.
#[cfg_attr(doc, doc = katex!())]
fn lambda_edges(rows: &[PhaseRow], ks: &[u64], lams: &[f64]) -> (f64, f64) {
    let (first, last) = (lams[0], lams[lams.len() - 1]);
    if lams.len() == 1 {
        return (first / 1.2, last * 1.2);
    }
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
}

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
    let (lo_edge, hi_edge) = lambda_edges(rows, &ks, &lams);
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
    let (layers, samples) = (rows[0].layers, rows[0].samples);
    let threshold: Vec<(f64, f64)> = (0..=200)
        .filter_map(|i| {
            let k = (*k0 as f64 - 0.5) + (*k1 - *k0 + 1) as f64 * f64::from(i) / 200.0;
            let v = lambda_zero_f64(k.max(1.0), layers, samples)?;
            (v >= lo_edge && v <= hi_edge).then_some((k, v))
        })
        .collect();
    let cell_w = (900 / ks.len() as u32).clamp(14, 62);
    let spec = MapSpec {
        plot_w: (130 + cell_w.saturating_mul(ks.len() as u32)).max(660),
        height: 620,
        y_label_area: 80,
        // 11: plotters' default
        labels: (ks.len().min(30) + 1, 11),
        y_mesh: true,
        y_label: exponent_label,
        y_desc: "λ = λ_W = λ_H (log scale)",
        border: RGBColor(150, 150, 150),
        cell_labels: false,
        curves: vec![
            MapCurve {
                points: vec![threshold],
                text: "DNC zero threshold λ_zero(K)",
                colour: RGBColor(200, 30, 30),
            },
            MapCurve {
                points: boundary_path(rows, lo_edge, hi_edge),
                text: BOUNDARY_LEGEND,
                colour: RGBColor(110, 30, 160),
            },
        ],
        notes: &[],
    };
    let x = (*k0 as f64 - 0.5)..(*k1 as f64 + 0.5);
    map_svg(rows, title, &spec, x, (lo_edge..hi_edge).log_scale(), |r| {
        let x = r.classes as f64;
        let (a, b) = band(r.classes, r.lambda_f64);
        [(x - 0.5, a), (x + 0.5, b)]
    })
}

/// The legend entry of the boundary line of a $(K, \lambda)$ map.
#[cfg_attr(doc, doc = katex!())]
pub const BOUNDARY_LEGEND: &str = "least K with DNC proved not optimal";

/// The boundary of [`boundary_steps`] as polylines: per common $\lambda$ band (between the
/// geometric midpoints of neighbouring grid values, `lo_edge`/`hi_edge` at the ends), a vertical
/// segment at the left edge of the least proved $K$'s column; a band with no proved $K$ breaks
/// the line.
#[cfg_attr(doc, doc = katex!())]
fn boundary_path(rows: &[PhaseRow], lo_edge: f64, hi_edge: f64) -> Vec<Vec<(f64, f64)>> {
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
    paths.retain(|p| p.len() > 1);
    paths
}
