//! # SVG plot of singular-value trajectories
//!
//! ## Main definitions
//! - [`svg_trajectories`]: a self-contained SVG line chart, one polyline per singular value
//!   $s_i(t)$ against the step $t$ (linear axes, $y$ from 0 to the largest value seen).
//!
//! ## Main results
//! None (presentation). Non-finite values are skipped.
//!
//! ## References
//! W3C SVG 1.1.
#![cfg_attr(doc, doc = katex!())]

use std::fmt::Write;

const COLOURS: [&str; 10] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];

/// Render `series` (pairs of step and singular values, descending) as an SVG document.
pub fn svg_trajectories(title: &str, series: &[(u64, Vec<f64>)]) -> String {
    let (w, h, left, right, top, bottom) = (720.0, 440.0, 70.0, 20.0, 40.0, 50.0);
    let max_t = series.iter().map(|s| s.0).max().unwrap_or(1).max(1) as f64;
    let max_y = series
        .iter()
        .flat_map(|s| s.1.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let max_y = if max_y > 0.0 { max_y } else { 1.0 };
    let px = |t: f64| left + (w - left - right) * t / max_t;
    let py = |y: f64| h - bottom - (h - top - bottom) * y / max_y;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
    let esc = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let _ = writeln!(
        s,
        r#"<text x="{}" y="24" text-anchor="middle" font-size="14">{esc}</text>"#,
        w / 2.0
    );
    let (x0, y0, x1, y1) = (px(0.0), py(0.0), px(max_t), py(max_y));
    let _ = writeln!(
        s,
        r#"<path d="M{x0},{y1} L{x0},{y0} L{x1},{y0}" stroke="black" fill="none"/>"#
    );
    for i in 0..=4 {
        let (ft, fy) = (max_t * i as f64 / 4.0, max_y * i as f64 / 4.0);
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            px(ft),
            y0 + 18.0,
            ft.round()
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{:.3}</text>"#,
            x0 - 6.0,
            py(fy) + 4.0,
            fy
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">step</text>"#,
        (x0 + x1) / 2.0,
        h - 12.0
    );
    let _ = writeln!(
        s,
        r#"<text x="16" y="{}" transform="rotate(-90 16 {})" text-anchor="middle">singular value</text>"#,
        (y0 + y1) / 2.0,
        (y0 + y1) / 2.0
    );
    let modes = series.iter().map(|s| s.1.len()).max().unwrap_or(0);
    for m in 0..modes {
        let pts: Vec<String> = series
            .iter()
            .filter_map(|(t, v)| v.get(m).filter(|x| x.is_finite()).map(|&y| (*t, y)))
            .map(|(t, y)| format!("{:.2},{:.2}", px(t as f64), py(y)))
            .collect();
        if !pts.is_empty() {
            let _ = writeln!(
                s,
                r#"<polyline fill="none" stroke="{}" stroke-width="1.5" points="{}"><title>s{}</title></polyline>"#,
                COLOURS[m % COLOURS.len()],
                pts.join(" "),
                m + 1
            );
        }
    }
    s.push_str("</svg>\n");
    s
}
