//! # Figures from sweep output
//!
//! ## Main definitions
//! - [`Figure`]: which picture, with its data: `Sukenik` (loss ratio to $\ell_{\mathrm{DNC}}$
//!   and rank of the last features' class means against $K$, one curve per $L$, with the best
//!   SRG construction's ratio dashed), `GktDepth` (fraction of runs ending at NC against $L$,
//!   Wilson 95 % intervals), `GktTrajectories` (singular values of a layer's class means over
//!   the steps, one panel per depth), `GktWidth` (rank against width $d$).
//! - [`Figure::draw`] on any plotters backend, [`Figure::size`], and [`write_svg_and_png`].
//!
//! ## Main results
//! Every plotted number is read from the sweep rows (or the traces), except the dashed
//! comparison curves of `Sukenik`, which are the closed-form family losses
//! ([`crate::sweep::srg_best_loss`] / [`crate::sweep::dnc_loss`]).
//!
//! ## References
//! Súkeník, Lampert, Mondelli, arXiv:2405.14468, Fig. 2; Garrod, Keating, Thrampoulidis (2026).
#![cfg_attr(doc, doc = katex!())]

use crate::sweep::row::{RunRow, Trace};
use crate::train::stats::wilson_95;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A figure and the data it draws.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Figure<'a> {
    /// Súkeník–Lampert–Mondelli: loss / ℓ_DNC and rank against K, per L, with the SRG ratio.
    Sukenik(&'a [RunRow]),
    /// Garrod–Keating–Thrampoulidis: fraction of runs ending at NC against depth (Wilson 95 %).
    GktDepth(&'a [RunRow]),
    /// Singular values of the traced layer's class means over the steps.
    GktTrajectories(&'a [RunRow], &'a [Trace]),
    /// Rank of the last features' class means against width.
    GktWidth(&'a [RunRow]),
}

impl Figure<'_> {
    /// The picture's size in pixels.
    pub fn size(&self) -> (u32, u32) {
        match self {
            Self::Sukenik(_) => (1400, 560),
            Self::GktTrajectories(..) => (460 * 3, 480),
            _ => (800, 560),
        }
    }

    /// Draw on `root` (filled white first, presented at the end). The error is one line.
    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        match self {
            Self::Sukenik(rows) => draw_sukenik(root, rows),
            Self::GktDepth(rows) => draw_depth(root, rows),
            Self::GktWidth(rows) => draw_width(root, rows),
            Self::GktTrajectories(rows, traces) => draw_trajectories(root, rows, traces),
        }
    }
}

/// Draw `figure` into the SVG file `svg` and then the PNG file `png`. The error is one line.
///
/// The PNG is rasterised by plotters into an RGB buffer and encoded by the `png` crate (8-bit
/// RGB), which spares the build the `image` crate and its decoders.
pub fn write_svg_and_png(figure: &Figure<'_>, svg: &Path, png: &Path) -> Result<(), String> {
    let size = figure.size();
    figure.draw(&SVGBackend::new(svg, size).into_drawing_area())?;
    let (w, h) = size;
    let len = (w as usize)
        .checked_mul(h as usize)
        .and_then(|n| n.checked_mul(3))
        .ok_or_else(|| {
            format!(
                "{}: a {w}x{h} picture does not fit in memory",
                png.display()
            )
        })?;
    let mut rgb = vec![0u8; len];
    figure.draw(&BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area())?;
    write_rgb_png(png, w, h, &rgb)
}

/// Encode an 8-bit RGB buffer of `w` x `h` pixels (row-major) as the PNG file `path`.
fn write_rgb_png(path: &Path, w: u32, h: u32, rgb: &[u8]) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let file = std::fs::File::create(path).map_err(|e| err(&e))?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // the `image` crate's settings: per-row adaptive filters keep plots small
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut writer = encoder.write_header().map_err(|e| err(&e))?;
    writer.write_image_data(rgb).map_err(|e| err(&e))?;
    writer.finish().map_err(|e| err(&e))
}

/// A tick label: up to three significant decimals, scientific outside $[10^{-3}, 10^4)$.
fn tick(x: f64) -> String {
    let a = x.abs();
    if a != 0.0 && !(1e-3..1e4).contains(&a) {
        format!("{x:.1e}")
    } else {
        let s = format!("{x:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".into() } else { s.to_string() }
    }
}

/// The tab10 colours (distinct, readable on white).
fn colour(i: usize) -> RGBAColor {
    const C: [(u8, u8, u8); 8] = [
        (31, 119, 180),
        (214, 39, 40),
        (44, 160, 44),
        (255, 127, 14),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
    ];
    let (r, g, b) = C[i % C.len()];
    RGBColor(r, g, b).to_rgba()
}

fn pe<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Mean, min and max.
fn stats(v: &[f64]) -> Option<(f64, f64, f64)> {
    if v.is_empty() {
        return None;
    }
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((mean, lo, hi))
}

/// A dashed reference curve: colour index, label, points.
type Dashed = (usize, String, Vec<(f64, f64)>);

/// One curve: label and points (x, mean, lo, hi).
type Curve = (String, Vec<(f64, f64, f64, f64)>);

/// Curves of `y(row)` against `x(row)`, one per `series(row)` (rows where `y` is `None` are
/// left out).
fn curves(
    rows: &[RunRow],
    series: impl Fn(&RunRow) -> (usize, String),
    x: impl Fn(&RunRow) -> usize,
    y: impl Fn(&RunRow) -> Option<f64>,
) -> Vec<Curve> {
    let mut m: BTreeMap<(usize, String), BTreeMap<usize, Vec<f64>>> = BTreeMap::new();
    for r in rows {
        if let Some(v) = y(r) {
            m.entry(series(r))
                .or_default()
                .entry(x(r))
                .or_default()
                .push(v);
        }
    }
    m.into_iter()
        .map(|((_, label), pts)| {
            let p = pts
                .into_iter()
                .filter_map(|(x, v)| stats(&v).map(|(a, lo, hi)| (x as f64, a, lo, hi)))
                .collect();
            (label, p)
        })
        .collect()
}

fn bounds(curves: &[Curve], extra: &[f64]) -> (f64, f64, f64, f64) {
    let xs = curves.iter().flat_map(|c| c.1.iter().map(|p| p.0));
    let ys = curves
        .iter()
        .flat_map(|c| c.1.iter().flat_map(|p| [p.2, p.3]))
        .chain(extra.iter().copied());
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let (y0, y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    (x0, x1, y0, y1)
}

/// A panel of curves (mean with a min–max or interval bar) and dashed reference curves.
#[allow(clippy::too_many_arguments)]
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    xlabel: &str,
    ylabel: &str,
    data: &[Curve],
    dashed: &[Dashed],
    y_floor: Option<f64>,
) -> Result<(), String> {
    let extra: Vec<f64> = dashed
        .iter()
        .flat_map(|d| d.2.iter().map(|p| p.1))
        .collect();
    let (x0, x1, mut y0, mut y1) = bounds(data, &extra);
    if x0 == f64::INFINITY {
        return Err("no data to plot".into());
    }
    if let Some(f) = y_floor {
        y0 = y0.min(f);
    }
    let pad = ((y1 - y0) * 0.08).max(1e-3);
    y0 -= pad;
    y1 += pad;
    let xpad = ((x1 - x0) * 0.05).max(0.5);
    crate::plot::check_axis("x", x0 - xpad, x1 + xpad)?;
    crate::plot::check_axis("y", y0, y1)?;
    let mut chart = ChartBuilder::on(area)
        .caption(
            title,
            (
                "sans-serif",
                if title.chars().count() > 48 { 17 } else { 22 },
            ),
        )
        .margin(12)
        .x_label_area_size(48)
        .y_label_area_size(70)
        .build_cartesian_2d((x0 - xpad)..(x1 + xpad), y0..y1)
        .map_err(pe)?;
    // integer x values (K, L, d, steps) get integer tick labels
    let integral = data.iter().all(|c| c.1.iter().all(|p| p.0.fract() == 0.0));
    let xfmt = move |x: &f64| {
        if !integral {
            tick(*x)
        } else if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            String::new()
        }
    };
    let yfmt = |y: &f64| tick(*y);
    let span = x1 - x0;
    let xl = if integral && (1.0..=16.0).contains(&span) {
        span as usize * 2 + 3
    } else {
        8
    };
    chart
        .configure_mesh()
        .x_labels(xl)
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt)
        .x_desc(xlabel)
        .y_desc(ylabel)
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 17))
        .draw()
        .map_err(pe)?;
    draw_curves(&mut chart, data, dashed)
}

/// The curves of a [`panel`]: lines with their markers (up to 40 points) and error bars, then
/// the dashed reference curves, and the legend unless there are more than six curves.
fn draw_curves<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    data: &[Curve],
    dashed: &[Dashed],
) -> Result<(), String> {
    for (i, (label, pts)) in data.iter().enumerate() {
        let c = colour(i);
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|p| (p.0, p.1)),
                c.stroke_width(2),
            ))
            .map_err(pe)?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
        if pts.len() <= 40 {
            chart
                .draw_series(pts.iter().map(|p| Circle::new((p.0, p.1), 4, c.filled())))
                .map_err(pe)?;
        }
        chart
            .draw_series(
                pts.iter()
                    .filter(|p| p.3 > p.2)
                    .map(|p| ErrorBar::new_vertical(p.0, p.2, p.1, p.3, c.stroke_width(1), 8)),
            )
            .map_err(pe)?;
    }
    for (ci, label, pts) in dashed {
        let c = colour(*ci);
        chart
            .draw_series(DashedLineSeries::new(
                pts.iter().copied(),
                6,
                4,
                c.stroke_width(2),
            ))
            .map_err(pe)?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 8, y)], c.stroke_width(2)));
    }
    if data.len() + dashed.len() > 6 {
        // many curves (σ_1..σ_K): the title says what they are, a legend would hide them
        return Ok(());
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .position(SeriesLabelPosition::LowerLeft)
        .draw()
        .map_err(pe)?;
    Ok(())
}

fn group_label(r: &RunRow) -> String {
    format!("λ={} n={} d={}", r.lambda_w, r.samples, r.width)
}

/// The dashed curves of the ratio panel of `sukenik`: for each $L$ of the `ratio` curves,
/// the best SRG construction's loss / $\ell_{\mathrm{DNC}}$ at sampled $K$ in
/// `kmin..=kmax` (capped at the dynamic programme's limit), at the first run's $n$,
/// $\lambda_H$, $\lambda_W$ with that $L$.
#[cfg_attr(doc, doc = katex!())]
fn srg_reference(mse: &[RunRow], ratio: &[Curve], kmin: usize, kmax: usize) -> Vec<Dashed> {
    let mut dashed = Vec::new();
    let layers: Vec<usize> = ratio
        .iter()
        .filter_map(|c| c.0.strip_prefix("L=")?.split(' ').next()?.parse().ok())
        .collect();
    for (i, &l) in layers.iter().enumerate() {
        let Some(r0) = mse.iter().find(|r| r.layers == l) else {
            continue;
        };
        // one dynamic programme up to min(K_max, its limit), read at sampled K
        let top = kmax.min(crate::mse::family::MAX_BEST_PARTITION_CLASSES as usize);
        let Some(costs) = u32::try_from(l)
            .ok()
            .and_then(|l| crate::mse::family::best_partition_costs(top as u64, l).ok())
        else {
            continue;
        };
        let pts: Vec<(f64, f64)> = crate::plot::sample_range(kmin, top)
            .into_iter()
            .filter_map(|k| {
                let (r, h, w) = (r0.samples, r0.lambda_h, r0.lambda_w);
                let s = crate::sweep::family_loss_at(r, l, h, w, *costs.get(k)?)?;
                let d = crate::sweep::dnc_loss(k, r, l, h, w)?;
                (d > 0.0).then_some((k as f64, s / d))
            })
            .collect();
        dashed.push((i, format!("L={l} best SRG"), pts));
    }
    dashed
}

fn draw_sukenik<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[RunRow],
) -> Result<(), String> {
    root.fill(&WHITE).map_err(pe)?;
    let mse: Vec<RunRow> = rows.iter().filter(|r| r.loss == "mse").cloned().collect();
    // a run that blew up (loss above 10 ℓ_DNC, still finite) would flatten every curve: it is
    // left out of the ratio panel and counted in the title
    let blown = mse
        .iter()
        .filter(|r| r.ratio_dnc.is_some_and(|x| x > 10.0))
        .count();
    let ratio = curves(
        &mse,
        |r| (r.layers, format!("L={} GD", r.layers)),
        |r| r.classes,
        |r| r.ratio_dnc.filter(|&x| x <= 10.0),
    );
    let rank = curves(
        &mse,
        |r| (r.layers, format!("L={}", r.layers)),
        |r| r.classes,
        |r| {
            (!r.diverged)
                .then(|| r.ranks.get(r.layers - 1).map(|&x| x as f64))
                .flatten()
        },
    );
    // the best SRG construction's loss / ℓ_DNC at every K of the range, per L
    let classes = mse.iter().map(|r| r.classes);
    let kmin = classes.clone().min().unwrap_or(2);
    let kmax = classes.max().unwrap_or(2);
    let dashed = srg_reference(&mse, &ratio, kmin, kmax);
    let mut sub = mse.first().map(group_label).unwrap_or_default();
    let diverged = mse.iter().filter(|r| r.diverged).count();
    if blown + diverged > 0 {
        sub.push_str(&format!(
            "; {diverged} diverged, {blown} > 10 ℓ_DNC left out"
        ));
    }
    let (a, b) = root.split_horizontally(root.dim_in_pixel().0 / 2);
    panel(
        &a,
        &format!("final loss / ℓ_DNC ({sub})"),
        "classes K",
        "loss / ℓ_DNC",
        &ratio,
        &dashed,
        Some(1.0),
    )?;
    let kref = vec![(
        0usize,
        "rank K".to_string(),
        [kmin, kmax].iter().map(|&k| (k as f64, k as f64)).collect(),
    )];
    let dashed_rank: Vec<_> = kref.into_iter().map(|(_, l, p)| (7usize, l, p)).collect();
    panel(
        &b,
        "rank of the last features' class means",
        "classes K",
        "rank (σ > 1e-3 σ_max)",
        &rank,
        &dashed_rank,
        Some(0.0),
    )?;
    root.present().map_err(pe)
}

fn draw_depth<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[RunRow],
) -> Result<(), String> {
    root.fill(&WHITE).map_err(pe)?;
    // fraction ending at NC with its Wilson interval, per (loss, activation, K) against L
    let mut m: BTreeMap<(String, usize), BTreeMap<usize, (u64, u64)>> = BTreeMap::new();
    for r in rows {
        let label = format!("{} {} K={} {}", r.loss, r.activation, r.classes, r.init);
        let e = m
            .entry((label, r.classes))
            .or_default()
            .entry(r.layers)
            .or_default();
        e.1 += 1;
        if r.ends_at_nc {
            e.0 += 1;
        }
    }
    let data: Vec<Curve> = m
        .into_iter()
        .map(|((label, _), pts)| {
            let p = pts
                .into_iter()
                .map(|(l, (k, n))| {
                    let (lo, hi) = wilson_95(k, n);
                    (l as f64 + 1.0, k as f64 / n as f64, lo, hi)
                })
                .collect();
            (label, p)
        })
        .collect();
    let n = rows.len();
    panel(
        root,
        &format!("runs ending at NC (Wilson 95 %), {n} runs"),
        "depth m = L + 1 (factors)",
        "fraction at NC",
        &data,
        &[],
        Some(0.0),
    )?;
    root.present().map_err(pe)
}

fn draw_width<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[RunRow],
) -> Result<(), String> {
    root.fill(&WHITE).map_err(pe)?;
    let data = curves(
        rows,
        |r| {
            (
                r.layers * 1000 + r.classes,
                format!("L={} K={}", r.layers, r.classes),
            )
        },
        |r| r.width,
        |r| {
            (!r.diverged)
                .then(|| r.ranks.get(r.layers - 1).map(|&x| x as f64))
                .flatten()
        },
    );
    let sub = rows
        .first()
        .map(|r| format!("{} {} λ={}", r.loss, r.activation, r.lambda_w))
        .unwrap_or_default();
    panel(
        root,
        &format!("rank of the last features' class means ({sub})"),
        "width d",
        "rank (mean, min–max)",
        &data,
        &[],
        Some(0.0),
    )?;
    root.present().map_err(pe)
}

fn draw_trajectories<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[RunRow],
    traces: &[Trace],
) -> Result<(), String> {
    root.fill(&WHITE).map_err(pe)?;
    let by_key: BTreeMap<&str, &RunRow> = rows.iter().map(|r| (r.key.as_str(), r)).collect();
    // the first trace (canonical order) of each depth, at most four
    let mut chosen: BTreeMap<usize, (&Trace, &RunRow)> = BTreeMap::new();
    for t in traces {
        if let Some(r) = by_key.get(t.key.as_str()) {
            chosen.entry(r.layers).or_insert((t, r));
        }
    }
    let chosen: Vec<_> = chosen.into_values().take(4).collect();
    if chosen.is_empty() {
        return Err("no trace matches a run of the sweep file".into());
    }
    let areas = root.split_evenly((1, chosen.len()));
    for (area, (t, r)) in areas.iter().zip(&chosen) {
        let modes = t.singular_values.iter().map(Vec::len).max().unwrap_or(0);
        let data: Vec<Curve> = (0..modes)
            .map(|i| {
                let pts = t
                    .step
                    .iter()
                    .zip(&t.singular_values)
                    .filter_map(|(&s, sv)| sv.get(i).map(|&v| (s as f64, v, v, v)))
                    .collect();
                (format!("σ{}", i + 1), pts)
            })
            .collect();
        let what = if t.layer == r.layers + 1 {
            "Z".to_string()
        } else {
            format!("H{}", t.layer)
        };
        panel(
            area,
            &format!(
                "L={} K={} {}, {what}: σ1 blue, σ2 red, σ3 green …",
                r.layers, r.classes, r.init
            ),
            "step",
            "singular values of class means",
            &data,
            &[],
            Some(0.0),
        )?;
    }
    root.present().map_err(pe)
}
